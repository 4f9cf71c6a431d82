"""What each UI event does, apart from Gradio: plain methods over the
:class:`~rag.app_services.AppServices` facade and the session's
:class:`~rag.ui.state.ChatSession`. The Blocks in :mod:`rag.ui.app` only wire
components to these methods, so they are tested without a browser.
"""

from __future__ import annotations

import html
import logging
import operator
import re
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rag.app_services import AppServices, ChatInput, FeedbackInput, NotFoundError
from rag.identity import Forbidden, analyst_key_ok
from rag.records import Filters, NumericRange, Product
from rag.ui import analytics, shelf
from rag.ui.cards import link_citations, turn_cards
from rag.ui.compare import COMPARE_MAX, COMPARE_MIN, render_compare
from rag.ui.live import Stage, stream_with_stages, typing_html
from rag.ui.panels import render_forget_report, render_how_found, render_profile, render_why_for_you
from rag.ui.state import GUEST, ChatSession, MessageRef, PendingReason

log = logging.getLogger(__name__)

#: Reasons offered after a thumbs down (free text goes in the comment).
DOWN_REASONS = ("not relevant", "wrong price", "wrong specs", "too expensive", "missing a filter", "answer unclear")
UP_REASONS = ("great pick", "good price", "helpful answer")
_SHOPPER_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
ME = "me"


@dataclass(frozen=True, slots=True)
class Persona:
    user_id: str
    label: str


def persona_choices(personas: Sequence[Persona]) -> list[tuple[str, str]]:
    """The user picker's (label, value) pairs: guest, you, and (demo mode only) each demo persona."""
    return [("Guest (nothing remembered)", GUEST), ("You (your own profile)", ME), *((p.label, p.user_id) for p in personas)]


def safe_answer(text: str) -> str:
    """A chat message (an answer or the shopper's own) shown as text: HTML escaped (a ``<form>`` is shown, not rendered) and Markdown
    images disarmed (no remote image loads from an answer); the citations' links are added after."""
    return html.escape(text, quote=False).replace("![", "!\\[")


def load_demo_personas() -> list[Persona]:
    """The demo personas of ``data/personas/personas.json`` (empty when the file is unreadable)."""
    from personalization.personas import load_personas

    try:
        return [Persona(p.user_id, f"{p.name.capitalize()} (demo persona)") for p in load_personas()]
    except ValueError as exc:
        log.warning("no demo personas: %s", exc)
        return []


def make_filters(brands: Sequence[str] | None, categories: Sequence[str] | None,
                 price_min: float | None, price_max: float | None) -> Filters:
    """The filters panel as retrieval filters; bad ranges raise ``ValueError`` with the values.

    A price of 0 (or empty) means no bound: Gradio's number fields show 0 when
    left empty, and no shopper means "at most $0".
    """
    low = float(price_min) if price_min not in (None, "") else None
    high = float(price_max) if price_max not in (None, "") else None
    for name, value in (("min price", low), ("max price", high)):
        if value is not None and value < 0:
            raise ValueError(f"{name} must not be negative, got {value:g}")
    low = low or None
    high = high or None
    if low is not None and high is not None and low > high:
        raise ValueError(f"min price {low:g} is above max price {high:g}")
    return Filters(brands=tuple(brands or ()), categories=tuple(categories or ()), price=NumericRange(low, high))


@dataclass(frozen=True, slots=True)
class TurnView:
    """What the page shows after a step of a turn."""

    session: ChatSession
    status: str = ""
    how_found: str | None = None  # None: unchanged
    why: str | None = None


class ChatController:
    def __init__(self, services: AppServices) -> None:
        self.services = services

    # -- chat --------------------------------------------------------------------------------------
    def own(self, session: ChatSession | None, owner: str | None = None) -> ChatSession:
        """``session`` with an owner (the browser's identity, else an anonymous one for this page)
        and a conversation id bound to that owner."""
        session = session or ChatSession.new(owner=owner)
        owner = owner or session.owner or f"anon-{uuid.uuid4().hex}"
        if session.owner != owner:
            session = session.with_(owner=owner, user_id=None if session.user_id != owner and not self._persona(session.user_id) else session.user_id)
        if not self.services.identities.owns("session", owner, session.session_id):
            session = session.with_(session_id=self.services.new_session_id(owner))
        return session

    def _persona(self, user_id: str | None) -> bool:
        return user_id is not None and user_id in self.services.demo_personas()

    def respond(self, message: str, session: ChatSession | None, filters: Filters,
                owner: str | None = None, sort: str | None = None) -> Iterator[TurnView]:
        """Run one turn, yielding the page after the question, while it works (a typing indicator
        naming the stage), after each streamed chunk and at the end (cards in ``sort`` order)."""
        session = self.own(session, owner)
        message = (message or "").strip()
        if not message:
            yield TurnView(session, "Type a question first, e.g. *a quiet bluetooth speaker under $50*.")
            return
        try:
            request = self.services.turn_request(ChatInput(
                message, session_id=session.session_id, user_id=session.user_id, filters=filters, owner=session.owner))
        except (ValueError, Forbidden) as exc:
            yield TurnView(session, f"**Error:** {exc}")
            return
        start = len(session.messages)
        asked = session.with_(
            messages=(*session.messages, {"role": "user", "content": safe_answer(message)}),
            turn_starts=(*session.turn_starts, start),
            pending=None,
        )
        def typing(stage: Stage) -> TurnView:  # until the first words: who is working, on what, for how long
            return TurnView(asked.with_(messages=(*asked.messages, {"role": "assistant", "content": typing_html(stage)})))

        yield typing(Stage("guard", 0.0))  # the question and the indicator in one redraw
        rid = request.request_id or ""
        expected = self.services.settings.answer_products
        text, result = "", None
        turn = self.services.stream_request
        for event in stream_with_stages(lambda config: turn(request, config), merge=operator.add):
            if isinstance(event, Stage):
                if not text:
                    yield typing(event)
                continue
            result = event.result or result
            if event.text:
                text += event.text
                if event.result is None:  # else the finished answer is drawn next, at once
                    answer = {"role": "assistant", "content": link_citations(safe_answer(text), rid, expected)}
                    yield TurnView(asked.with_(messages=(*asked.messages, answer)))
        if result is None:  # the chain always ends with a result; say so rather than hang
            yield TurnView(asked, "**Error:** The assistant did not finish this answer; please retry.")
            return
        yield self._finish(asked, result, sort)

    def _finish(self, asked: ChatSession, result, sort: str | None = None) -> TurnView:
        rid = result.trace.request_id
        answer_index = len(asked.messages)
        answer = byline(result.trace) + link_citations(safe_answer(result.answer), rid, len(result.products))
        messages = [*asked.messages, {"role": "assistant", "content": answer}]
        refs = {**asked.refs, answer_index: MessageRef(rid)}
        for n, (product, card) in enumerate(zip(result.products, turn_cards(result.products, result.citations, rid), strict=True), 1):
            refs[len(messages)] = MessageRef(rid, product.id, n)
            messages.append({"role": "assistant", "content": card})
        products = self._products_for(result)
        session = asked.with_(messages=tuple(messages), refs=refs, last_trace=result.trace, last_products=products)
        session = shelf.sort_cards(session, shelf.check_sort(sort))
        return TurnView(session, timeout_note(result.trace), render_how_found(result.trace, products),
                        render_why_for_you(result.trace, products))

    @staticmethod
    def panels(session: ChatSession | None) -> tuple[str, str]:
        """"How I found these" and "Why this for you" for the session's last answer (empty before one)."""
        if session is None or session.last_trace is None:
            return render_how_found(None, {}), ""
        products = session.last_products or {}
        return render_how_found(session.last_trace, products), render_why_for_you(session.last_trace, products)

    def _products_for(self, result) -> dict[str, Product]:
        """Records for the panel: the shown products and the top of the fused list."""
        products = {p.id: p for p in result.products}
        missing = [pid for pid, _ in result.trace.fused[:10] if pid not in products]
        if missing:
            products.update(self.services.search_services.engine.fetch(missing))
        return products

    def undo(self, session: ChatSession | None) -> tuple[ChatSession, str]:
        """Take back the last turn: its messages go, its message returns to the box, memory forgets it."""
        if session is None or not session.turn_starts:
            return session or ChatSession.new(), ""
        earlier, message = session.before_last_turn()
        self.services.rewind_conversation(session.session_id, 1)
        return earlier, html.unescape(message.replace("!\\[", "!["))  # shown escaped; back in the box as typed

    def retry(self, session: ChatSession | None, filters: Filters, owner: str | None = None) -> Iterator[TurnView]:
        """Ask the last message again (after forgetting its answer)."""
        if session is None or not session.turn_starts:
            yield TurnView(session or ChatSession.new(), "Nothing to retry yet.")
            return
        earlier, message = self.undo(session)
        yield from self.respond(message, earlier, filters, owner)

    # -- the cards on the page ------------------------------------------------------------------------
    def sort(self, session: ChatSession | None, sort: str | None) -> ChatSession:
        """The last answer's cards in ``sort`` order (``ValueError`` for an unknown sort)."""
        return shelf.sort_cards(session, shelf.check_sort(sort)) if session else ChatSession.new()

    def show_more(self, session: ChatSession | None, sort: str | None, count: int = 5) -> tuple[ChatSession, str]:
        """The next ``count`` products of the last answer's ranking, as more cards."""
        if session is None or session.last_trace is None or not session.last_trace.shown:
            return session or ChatSession.new(), "Ask for something first: then *Show more* adds results."
        ids = shelf.more_candidates(session, count)
        found = self.services.search_services.engine.fetch(ids) if ids else {}
        products = [found[pid] for pid in ids if pid in found]
        if not products:
            return session, "No more results for this search: try other words or fewer filters."
        session = shelf.sort_cards(shelf.append_turn_cards(session, products), shelf.check_sort(sort))
        return session, f"Added {len(products)} more result{'s' if len(products) > 1 else ''}."

    def more_like(self, session: ChatSession | None, anchor: str, filters: Filters, count: int = 4) -> tuple[ChatSession, str]:
        """"More like this" on the card with element id ``anchor``: its nearest products, as cards."""
        session = session or ChatSession.new()
        ref = shelf.find_card(session, anchor or "")
        if ref is None or ref.product_id is None:
            return session, "That card is no longer on the page."
        seed = session.last_products.get(ref.product_id) or self.services.search_services.engine.fetch([ref.product_id]).get(ref.product_id)
        if seed is None:
            return session, "That product is no longer in the catalog."
        try:
            similar = self.services.similar(seed.id, k=count, filters=filters)
        except (ValueError, NotFoundError) as exc:
            return session, f"**Error:** {exc}"
        group = f"like{uuid.uuid4().hex[:12]}"
        session = shelf.append_similar(session, seed, f"[{ref.number}]" if ref.number and not ref.anchor else "", similar, group)
        return session, f"{len(similar)} products like {shelf.short(seed)}."

    def compare(self, session: ChatSession | None, product_ids: Sequence[str] | None) -> tuple[ChatSession, str]:
        """2-4 products of the page side by side, as a spec table under the conversation."""
        session = session or ChatSession.new()
        ids = list(dict.fromkeys(product_ids or ()))
        if not COMPARE_MIN <= len(ids) <= COMPARE_MAX:
            return session, f"Pick {COMPARE_MIN} to {COMPARE_MAX} products to compare (picked {len(ids)})."
        missing = [pid for pid in ids if pid not in session.last_products]
        found = {**session.last_products, **(self.services.search_services.engine.fetch(missing) if missing else {})}
        products = [found[pid] for pid in ids if pid in found]
        if len(products) < COMPARE_MIN:
            return session, "Those products are no longer on the page."
        numbers = dict((pid, label.split("]")[0] + "]") for label, pid in shelf.compare_choices(session) if label.startswith("["))
        table = render_compare(products, [numbers.get(p.id, "") for p in products])
        return session.with_(messages=(*session.messages, {"role": "assistant", "content": table})), \
            f"Comparing {len(products)} products."

    # -- feedback ----------------------------------------------------------------------------------
    def like(self, session: ChatSession | None, index: int | Sequence[int], liked: bool | str | None) -> tuple[ChatSession, str, bool]:
        """A thumbs on message ``index``: stored at once; returns (session, status, ask for a reason)."""
        session = session or ChatSession.new()
        position = index[0] if isinstance(index, list | tuple) else index
        ref = session.ref(int(position))
        if ref is None:
            return session, "That message has no answer to rate.", False
        if liked is None or liked == "":
            return session, "Feedback taken back on screen (the earlier click stays in the log).", False
        if isinstance(liked, str) and liked not in ("Like", "Dislike"):
            up, reason = False, liked  # a custom option is a reason for a thumbs down
        else:
            up, reason = liked in (True, "Like"), None
        try:
            record = self.services.record_feedback(FeedbackInput(
                "thumbs_up" if up else "thumbs_down", request_id=ref.request_id or None, product_id=ref.product_id,
                user_id=session.user_id, reason=reason, owner=session.owner,
            ))
        except (ValueError, NotFoundError, Forbidden) as exc:
            return session, f"**Error:** feedback not saved: {exc}", False
        target = "the answer" if ref.product_id is None else self._title(session, ref)
        pending = PendingReason(record.id, up, target)
        verb = "Thanks" if up else "Noted"
        return session.with_(pending=pending), f"{verb}: feedback on {target} saved.", reason is None

    def _title(self, session: ChatSession, ref: MessageRef) -> str:
        product = session.last_products.get(ref.product_id or "")
        name = product.title[:60] if product is not None else ref.product_id or "the product"
        return f"[{ref.number}] {name}" if ref.number else name

    def give_reason(self, session: ChatSession | None, reason: str | None, comment: str | None) -> tuple[ChatSession, str]:
        session = session or ChatSession.new()
        if session.pending is None:
            return session, "Rate a message first."
        if not (reason or "").strip() and not (comment or "").strip():
            return session.with_(pending=None), ""
        try:
            self.services.annotate_feedback(session.pending.record_id, reason=reason or None, comment=comment or None)
        except (ValueError, NotFoundError) as exc:
            return session, f"**Error:** reason not saved: {exc}"
        return session.with_(pending=None), f"Reason saved for {session.pending.target}: {reason or comment}."

    # -- shopper and profile ---------------------------------------------------------------------------
    def switch_user(self, choice: str | None, owner: str | None = None) -> ChatSession:
        """A fresh conversation as the picked shopper: guest, yourself ("me"), or a demo persona (demo mode only).

        Any other id is refused (``Forbidden``): the picker never acts on another shopper.
        """
        if not choice or choice == GUEST:
            return ChatSession.new(None, owner)
        if choice == ME:
            if owner is None:
                raise Forbidden("no shopper identity on this page: reload it (cookies must be on)")
            return ChatSession.new(owner, owner)
        if not _SHOPPER_ID.match(choice):
            raise ValueError(f"shopper id {choice!r} must be 1-64 letters, digits, '.', '_' or '-'")
        return ChatSession.new(self.services.authorize(owner, choice), owner)

    def acting(self, session: ChatSession | None) -> str | None:
        """The shopper this page may edit: its user when that is the owner or a demo persona, else None."""
        if session is None or not session.user_id:
            return None
        try:
            return self.services.authorize(session.owner, session.user_id)
        except Forbidden:
            return None

    def profile_html(self, user_id: str | None) -> str:
        if not user_id:
            return render_profile(None, None)
        try:
            return render_profile(user_id, self.services.profile(user_id))
        except Exception as exc:  # the store is optional for chatting: say it is unavailable
            log.warning("profile of %s unavailable: %s", user_id, exc)
            return f"<div>Profile unavailable: {type(exc).__name__}</div>"

    def set_affinity(self, session: ChatSession | None, kind: str, key: str, weight: float | None) -> str:
        user_id = self.acting(session)
        if not user_id:
            return "Shop as yourself first: guests have no profile."
        if weight is None:
            return "Choose a weight."
        try:
            self.services.set_affinity(user_id, kind, key, float(weight))
        except ValueError as exc:
            return f"**Error:** {exc}"
        return f"Set {kind} **{key.strip().lower()}** to {float(weight):+g}; new events will not move it."

    def remove_affinity(self, session: ChatSession | None, kind: str, key: str) -> str:
        user_id = self.acting(session)
        if not user_id:
            return "Shop as yourself first: guests have no profile."
        try:
            self.services.remove_affinity(user_id, kind, key)
        except (ValueError, NotFoundError) as exc:
            return f"**Error:** {exc}"
        return f"Removed {kind} **{key.strip().lower()}**."

    def forget(self, session: ChatSession | None) -> tuple[ChatSession, str]:
        """Forget me: every stored row of the shopper; the page starts a clean conversation."""
        user_id = self.acting(session)
        if session is None or user_id is None:
            return session or ChatSession.new(), "Guests have nothing stored."
        report = self.services.forget(user_id)
        return ChatSession.new(user_id, session.owner), render_forget_report(report)

    # -- analytics ---------------------------------------------------------------------------------------
    def unlocked(self, key: str | None) -> bool:
        """True when ``key`` is the analyst key (the API's export key, compared in constant time)."""
        return analyst_key_ok(self.services.settings, key)

    def analytics(self, include_demo: bool, key: str | None) -> dict[str, object]:
        """The Analytics tab's numbers; ``Forbidden`` without the analyst key."""
        if not self.unlocked(key):
            raise Forbidden("enter the analyst key (SHOPASSIST_API_KEY) to see analytics")
        frame = self.services.feedback_frame(include_demo=include_demo)
        return {
            "summary": analytics.summary(frame),
            "feedback": analytics.feedback_by_day(frame),
            "queries": analytics.top_queries(frame),
            "outcomes": analytics.outcome_rates(frame),
            "latency": analytics.latency_percentiles(frame),
        }

    def export_link(self, fmt: str, include_demo: bool, key: str | None) -> str:
        """A one-time link (2 minutes) to the feedback log, made in memory when followed; nothing is
        written to disk or to Gradio's shared temp folder. ``Forbidden`` without the analyst key."""
        if not self.unlocked(key):
            raise Forbidden("enter the analyst key (SHOPASSIST_API_KEY) to export")
        if fmt not in ("csv", "parquet", "jsonl"):
            raise ValueError(f"unknown export format {fmt!r}; choose one of: csv, parquet, jsonl")
        ticket = self.services.identities.ticket("export", {"format": fmt, "demo": bool(include_demo)})
        return f"/api/export/feedback/download?ticket={ticket}"


def byline(trace) -> str:
    """The line above an answer naming what wrote it: the model, the extractive composer (and
    why, when a model was meant to), or the fixed replies; a timeout is said to be one."""
    generator = trace.generator or "extractive"
    note = timeout_note(trace)
    if note:
        return f'<div class="sa-byline sa-timeout" role="note">{html.escape(note)}</div>\n\n'
    if generator == "rules":
        return '<div class="sa-byline">A fixed reply (no model needed)</div>\n\n'
    if generator == "extractive":
        failed = next((f.reason for f in trace.fallbacks if f.stage == "answer" and "failed" in f.reason), "")
        why = " (the model failed)" if failed else ""
        return f'<div class="sa-byline">Written by the extractive composer from the catalog records{why}</div>\n\n'
    return f'<div class="sa-byline">Written by {html.escape(generator)}</div>\n\n'


def timeout_note(trace) -> str:
    """"The model … timed out …" when the answer step gave up on the model after a timeout, else ""."""
    for fallback in trace.fallbacks:
        reason = fallback.reason
        if fallback.stage == "answer" and re.search(r"timeout|timed out|took more than", reason, re.IGNORECASE):
            seconds = re.search(r"more than ([\d.]+) ?s", reason)
            limit = f" after {seconds.group(1)} s" if seconds else ""
            named = re.match(r"answer: (\S+) failed", reason)
            model = named.group(1) if named else "the model"
            if trace.generator in ("", "extractive"):
                return f"{model} timed out{limit}: this answer was written by the extractive composer from the catalog records."
            return f"{model} timed out{limit}: this answer may be incomplete."
    return ""
