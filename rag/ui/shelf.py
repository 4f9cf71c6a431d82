"""The product cards on the page, as operations on a :class:`ChatSession`: sort the last
answer's cards by price, add more cards ("show more", "more like this"), find a card by
its anchor, and list the products a shopper can compare.

Every card is a chat message with a :class:`MessageRef` (so its thumbs is stored against
the right product); these functions move or add messages and their refs together.
"""

from __future__ import annotations

from collections.abc import Sequence

from rag.records import Product
from rag.ui.cards import card_anchor, product_card
from rag.ui.state import ChatSession, MessageRef

SORTS = ("Best match", "Price: low to high", "Price: high to low")


def check_sort(sort: str | None) -> str:
    """``sort`` if it is one of :data:`SORTS` (None: the first), else ``ValueError`` naming them."""
    if sort in (None, ""):
        return SORTS[0]
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}; choose one of: {', '.join(SORTS)}")
    return sort


def sort_products(items: Sequence[tuple[MessageRef, Product]], sort: str) -> list[tuple[MessageRef, Product]]:
    """Cards in the order ``sort`` asks: by their number (best match first) or by price, a
    product without a price last either way; ties keep best-match order."""
    sort = check_sort(sort)
    by_rank = sorted(items, key=lambda item: item[0].number or 0)
    if sort == SORTS[0]:
        return by_rank
    sign = 1 if sort == SORTS[1] else -1
    return sorted(by_rank, key=lambda item: (item[1].price is None, sign * (item[1].price or 0.0)))


def card_ref(ref: MessageRef) -> str:
    """The element id of the card a ref points at (a "more like this" card carries its own)."""
    return ref.anchor or card_anchor(ref.request_id, ref.number or 0)


def turn_card_slots(session: ChatSession, request_id: str) -> list[int]:
    """Message indices of the cards of one answer (shown, then any "show more"), in page order."""
    return sorted(i for i, r in session.refs.items() if r.request_id == request_id and r.product_id and not r.anchor)


def sort_cards(session: ChatSession, sort: str) -> ChatSession:
    """The last answer's cards reordered in their own message slots (numbers stay: the
    answer's [n] still link to the right card)."""
    trace = session.last_trace
    if trace is None:
        return session
    slots = turn_card_slots(session, trace.request_id)
    items = [(session.refs[i], session.last_products.get(session.refs[i].product_id or "")) for i in slots]
    if not items or any(p is None for _, p in items):
        return session
    content = {session.refs[i].product_id: session.messages[i] for i in slots}
    ordered = sort_products(items, sort)  # type: ignore[arg-type]
    messages, refs = list(session.messages), dict(session.refs)
    for slot, (ref, _) in zip(slots, ordered, strict=True):
        messages[slot] = content[ref.product_id]
        refs[slot] = ref
    return session.with_(messages=tuple(messages), refs=refs)


def more_candidates(session: ChatSession, count: int) -> list[str]:
    """The next ``count`` product ids of the last answer's ranking that no card shows yet."""
    trace = session.last_trace
    if trace is None:
        return []
    on_page = {session.refs[i].product_id for i in turn_card_slots(session, trace.request_id)}
    return [pid for pid, _ in trace.fused if pid not in on_page][:count]


def append_turn_cards(session: ChatSession, products: Sequence[Product]) -> ChatSession:
    """More cards of the last answer ("show more"), numbered after its last card."""
    trace = session.last_trace
    if trace is None or not products:
        return session
    slots = turn_card_slots(session, trace.request_id)
    start = max((session.refs[i].number or 0 for i in slots), default=0) + 1
    messages, refs = list(session.messages), dict(session.refs)
    for n, product in enumerate(products, start=start):
        refs[len(messages)] = MessageRef(trace.request_id, product.id, n)
        messages.append({"role": "assistant", "content": product_card(product, n, trace.request_id)})
    known = {**session.last_products, **{p.id: p for p in products}}
    return session.with_(messages=tuple(messages), refs=refs, last_products=known)


def append_similar(session: ChatSession, seed: Product, seed_number: str, products: Sequence[Product], group: str) -> ChatSession:
    """A "more like this" group: a heading message, then one card per product. Their thumbs
    are stored against the product alone (no logged ranking shows them)."""
    messages, refs = list(session.messages), dict(session.refs)
    heading = f"More like {seed_number} **{short(seed)}**:" if products else (
        f"Nothing else like {seed_number} {short(seed)} in the catalog with these filters.")
    messages.append({"role": "assistant", "content": heading})
    for n, product in enumerate(products, start=1):
        anchor = card_anchor(group, n)
        refs[len(messages)] = MessageRef("", product.id, n, anchor)
        messages.append({"role": "assistant", "content": product_card(product, n, group)})
    known = {**session.last_products, seed.id: seed, **{p.id: p for p in products}}
    return session.with_(messages=tuple(messages), refs=refs, last_products=known)


def short(product: Product) -> str:
    from rag.generation.context import short_title

    return short_title(product.title, max_words=8)


def find_card(session: ChatSession, anchor: str) -> MessageRef | None:
    """The card whose element id is ``anchor``."""
    for ref in session.refs.values():
        if ref.product_id and card_ref(ref) == anchor:
            return ref
    return None


def compare_choices(session: ChatSession, limit: int = 12) -> list[tuple[str, str]]:
    """(label, product id) for the products on the page since the last question, newest
    turn's cards first in page order; each product once."""
    start = session.turn_starts[-1] if session.turn_starts else 0
    out: dict[str, str] = {}
    for i in sorted(session.refs):
        ref = session.refs[i]
        if i < start or not ref.product_id or ref.product_id in out:
            continue
        product = session.last_products.get(ref.product_id)
        if product is None:
            continue
        out[ref.product_id] = f"[{ref.number}] {short(product)} · {product.price_label}" if not ref.anchor else (
            f"{short(product)} · {product.price_label}")
    return [(label, pid) for pid, label in out.items()][:limit]
