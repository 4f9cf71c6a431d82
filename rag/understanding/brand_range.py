"""A brand named on its own ("logitech", "got anything from kingston?", "show me msi stuff") asks
what the shop has from that brand: its range, not 30 near-identical products of whatever kind the
brand's name happens to sit closest to.

:func:`brand_only` says whether a parse is such a request; :func:`range_categories` picks the
brand's main kinds (the ones with most products, accessories and unfiled records last);
:func:`interleave` lays the best products of each kind side by side, then the rest of the
search. ``rag.understanding.relax`` runs one filtered search per kind.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from rag.catalog.categories import is_accessory, type_spans
from rag.retrieval import RetrievalResult
from rag.understanding.constraints import ParsedQuery
from rag.understanding.story import without_story

#: Words of asking what there is; none names a kind of product.
_ASKING = frozenset(
    ["what", "which", "whats", "do", "does", "you", "have", "has", "got", "sell", "sells", "carry", "carries", "stock", "offer", "any", "anything", "some", "stuff", "things", "products", "items", "range", "show", "me", "from", "by", "of", "the", "a", "an", "is", "are", "there", "please", "else", "other", "see", "all", "your", "brand", "made", "everything", "lineup", "catalog", "catalogue", "can", "i", "get", "selection",
     # a fan's way of asking ("im a canon fan, show me what u carry", "whatever you stock by them")
     "im", "i'm", "am", "fan", "big", "huge", "love", "like", "whatever", "them", "they", "u", "ya", "guys", "y'all",
     "pls", "plz", "thanks", "gear", "currently", "right", "now", "in", "at", "on", "for",
     # chat spellings of the same ("show me ur alienware stuff", "lemme see")
     "ur", "yours", "wat", "wot", "bit", "here", "loyalist", "loyal", "fanboy", "fangirl", "diehard", "lemme", "gimme", "list", "their", "his", "her", "its", "just", "browsing", "looking",
     # a brand narrowed to ("only case logic", "nothing but sony")
     "only", "nothing", "but"]
)


def brand_only(parsed: ParsedQuery) -> str | None:
    """The brand of a request that names one brand and nothing else, or None."""
    brands = [c for c in parsed.constraints if c.kind == "brand"]
    if len(brands) != 1:
        return None
    brand = brands[0]
    if any(c.kind == "category" and c.need for c in parsed.constraints):
        return None  # a need names the kind: "anything from thule? need something to lug my stuff to work"
    rest = parsed.raw.lower().replace(brand.text.lower(), " ")
    # A type read from inside the brand's own name is no type asked for ("only case logic": "case")
    if any(c.kind != "brand" for c in parsed.constraints) and \
            (type_spans(rest, weak=True) or any(c.kind != "category" for c in parsed.constraints if c is not brand)):
        return None
    # (the place it is for is no kind asked for: "what logitech stuff do u have for a desk setup")
    words = re.findall(r"[a-z0-9][a-z0-9']*", without_story(rest, lambda _: False).replace("’", "'"))
    if all(w in _ASKING for w in words):
        return str(brand.value)
    # The brand asked for in a question of its own, then the shopper's story with no type in it:
    # "anything alienware? trying to upgrade my gaming setup", "what logitech stuff do you have, kitting out my new desk"
    raw = parsed.raw.lower().replace("’", "'")
    at = raw.find(brand.text.lower())
    if at < 0:
        return None
    if _asked_after_story(raw, at, brand.text.lower()):
        # (unless the words before the brand name a kind the learned reader read: "need a machine for my laundry, samsung")
        return None if any(c.kind == "category" for c in parsed.constraints) else str(brand.value)
    end = re.search(r"[?!.;,]", raw[at:])
    if end is None or type_spans(without_story(raw[at + end.end():], lambda _: False), weak=True):
        return None
    # (the place being equipped is the story's: "show me logitech stuff for my desk, redoing my whole setup")
    head = re.findall(r"[a-z0-9][a-z0-9']*", without_story(raw[: at + end.start()], lambda _: False).replace(brand.text.lower(), " "))
    return str(brand.value) if all(w in _ASKING for w in head) else None


_CLAUSE_START = re.compile(r"[?!.;,]|\b(?:and|but|so|plus)\b")


def _asked_after_story(raw: str, at: int, name: str) -> bool:
    """The shopper's story first, with no type in it, then the brand asked for to the end: "redoing my desk
    setup and i'm a bit of a logitech fan, what have you got from them"."""
    starts = [m.end() for m in _CLAUSE_START.finditer(raw, 0, at)]
    if not starts:
        return False
    start = starts[-1]
    asked = re.findall(r"[a-z0-9][a-z0-9']*", raw[start:].replace(name, " ", 1))
    return all(w in _ASKING for w in asked) and not type_spans(without_story(raw[:start], lambda _: False), weak=True)


def range_categories(sold: Sequence[str], limit: int = 3, counts: Mapping[str, int] | None = None,
                     least: int = 3, near: Callable[[str], float] | None = None) -> tuple[str, ...]:
    """The brand's main kinds: ``sold`` (the brand's categories, most products first) without
    accessories, up to ``limit``; accessories only for a brand that sells nothing else. With ``counts``
    (products per kind), a kind of fewer than ``least`` products is left out beside kinds of more: a
    brand's one-off is often misfiled (Thule's roof-rack adapter, filed as a cable adapter). With ``near``
    (a kind's similarity to the request), the nearest kinds go first: "im a logitech fan, what have you got
    for my desk setup" shows its mice, keyboards and speakers before its joysticks."""
    if counts and any(counts.get(c, 0) >= least for c in sold):
        sold = [c for c in sold if counts.get(c, 0) >= least]
    main = [c for c in sold if not is_accessory(c)] or list(sold)
    if near is not None:
        main = sorted(main, key=near, reverse=True)  # stable: equally near kinds keep the most products first
    return tuple(main[:limit])


def interleave(result: RetrievalResult, by_kind: Mapping[str, RetrievalResult], k: int) -> RetrievalResult:
    """The first product of each kind, then the second of each, ..., then the rest of ``result``;
    ``k`` at most. A product appears once."""
    rows = [r.hits for r in by_kind.values()]
    ordered, seen = [], set()
    for i in range(max((len(r) for r in rows), default=0)):
        for hits in rows:
            if i < len(hits) and hits[i].product_id not in seen:
                seen.add(hits[i].product_id)
                ordered.append(hits[i])
    ordered += [h for h in result.hits if h.product_id not in seen]
    return RetrievalResult(result.query, result.filters, result.mode, tuple(ordered[:k]), result.legs, result.timings_ms)
