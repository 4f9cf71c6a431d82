"""What each UI event does, apart from Gradio: plain methods over the
:class:`~rag.app_services.AppServices` facade and the session's
:class:`~rag.ui.state.ChatSession`. The Blocks in :mod:`rag.ui.app` only wire
components to these methods, so they are tested without a browser.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from rag.app_services import AppServices, ChatInput, FeedbackInput, NotFoundError
from rag.records import Filters, NumericRange, Product
from rag.ui import analytics
from rag.ui.cards import link_citations, turn_cards
from rag.ui.panels import render_forget_report, render_how_found, render_profile, render_why_for_you
from rag.ui.state import GUEST, NEW_SHOPPER, ChatSession, MessageRef, PendingReason

log = logging.getLogger(__name__)

#: Reasons offered after a thumbs down (free text goes in the comment).
DOWN_REASONS = ("not relevant", "wrong price", "wrong specs", "too expensive", "missing a filter", "answer unclear")
UP_REASONS = ("great pick", "good price", "helpful answer")
_SHOPPER_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


@dataclass(frozen=True, slots=True)
class Persona:
    user_id: str
    label: str


def persona_choices(personas: Sequence[Persona]) -> list[tuple[str, str]]:
    """The user picker's (label, value) pairs: guest, each persona, and a new shopper."""
    return [("Guest (nothing remembered)", GUEST), *((p.label, p.user_id) for p in personas),
            ("New shopper…", NEW_SHOPPER)]


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
        self._exports: tempfile.TemporaryDirectory[str] | None = None  # made on the first export

    # -- chat --------------------------------------------------------------------------------------
    def respond(self, message: str, session: ChatSession | None, filters: Filters) -> Iterator[TurnView]:
        """Run one turn, yielding the page after the question, after each streamed chunk and at the end."""
        session = session or ChatSession.new()
        message = (message or "").strip()
        if not message:
            yield TurnView(session, "Type a question first, e.g. *a quiet bluetooth speaker under $50*.")
            return
        try:
            request = self.services.turn_request(
                ChatInput(message, session_id=session.session_id, user_id=session.user_id, filters=filters)
            )
        except ValueError as exc:
            yield TurnView(session, f"**Error:** {exc}")
            return
        start = len(session.messages)
        asked = session.with_(
            messages=(*session.messages, {"role": "user", "content": message}),
            turn_starts=(*session.turn_starts, start),
            pending=None,
        )
        yield TurnView(asked)
        rid = request.request_id or ""
        expected = self.services.settings.answer_products
        text, result = "", None
        for chunk in self.services.stream_request(request):
            result = chunk.result or result
            if chunk.text:
                text += chunk.text
                answer = {"role": "assistant", "content": link_citations(text, rid, expected)}
                yield TurnView(asked.with_(messages=(*asked.messages, answer)))
        if result is None:  # the chain always ends with a result; say so rather than hang
            yield TurnView(asked, "**Error:** The assistant did not finish this answer; please retry.")
            return
        yield self._finish(asked, result)

    def _finish(self, asked: ChatSession, result) -> TurnView:
        rid = result.trace.request_id
        answer_index = len(asked.messages)
        messages = [*asked.messages, {"role": "assistant", "content": link_citations(result.answer, rid, len(result.products))}]
        refs = {**asked.refs, answer_index: MessageRef(rid)}
        for n, (product, card) in enumerate(zip(result.products, turn_cards(result.products, result.citations, rid), strict=True), 1):
            refs[len(messages)] = MessageRef(rid, product.id, n)
            messages.append({"role": "assistant", "content": card})
        products = self._products_for(result)
        session = asked.with_(messages=tuple(messages), refs=refs, last_trace=result.trace, last_products=products)
        return TurnView(session, "", render_how_found(result.trace, products), render_why_for_you(result.trace, products))

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
        return earlier, message

    def retry(self, session: ChatSession | None, filters: Filters) -> Iterator[TurnView]:
        """Ask the last message again (after forgetting its answer)."""
        if session is None or not session.turn_starts:
            yield TurnView(session or ChatSession.new(), "Nothing to retry yet.")
            return
        earlier, message = self.undo(session)
        yield from self.respond(message, earlier, filters)

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
                "thumbs_up" if up else "thumbs_down", request_id=ref.request_id, product_id=ref.product_id,
                user_id=session.user_id, reason=reason,
            ))
        except (ValueError, NotFoundError) as exc:
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
    def switch_user(self, choice: str | None) -> ChatSession:
        """A fresh conversation for the picked shopper ("new" makes a new shopper id)."""
        if not choice or choice == GUEST:
            return ChatSession.new(None)
        if choice == NEW_SHOPPER:
            import uuid

            return ChatSession.new(f"shopper-{uuid.uuid4().hex[:8]}")
        if not _SHOPPER_ID.match(choice):
            raise ValueError(f"shopper id {choice!r} must be 1-64 letters, digits, '.', '_' or '-'")
        return ChatSession.new(choice)

    def profile_html(self, user_id: str | None) -> str:
        if not user_id:
            return render_profile(None, None)
        try:
            return render_profile(user_id, self.services.profile(user_id))
        except Exception as exc:  # the store is optional for chatting: say it is unavailable
            log.warning("profile of %s unavailable: %s", user_id, exc)
            return f"<div>Profile unavailable: {type(exc).__name__}</div>"

    def set_affinity(self, user_id: str | None, kind: str, key: str, weight: float | None) -> str:
        if not user_id:
            return "Pick a shopper first: guests have no profile."
        if weight is None:
            return "Choose a weight."
        try:
            self.services.set_affinity(user_id, kind, key, float(weight))
        except ValueError as exc:
            return f"**Error:** {exc}"
        return f"Set {kind} **{key.strip().lower()}** to {float(weight):+g}; new events will not move it."

    def remove_affinity(self, user_id: str | None, kind: str, key: str) -> str:
        if not user_id:
            return "Pick a shopper first: guests have no profile."
        try:
            self.services.remove_affinity(user_id, kind, key)
        except (ValueError, NotFoundError) as exc:
            return f"**Error:** {exc}"
        return f"Removed {kind} **{key.strip().lower()}**."

    def forget(self, session: ChatSession | None) -> tuple[ChatSession, str]:
        """Forget me: every stored row of the shopper; the page starts a clean conversation."""
        if session is None or not session.user_id:
            return session or ChatSession.new(), "Guests have nothing stored."
        report = self.services.forget(session.user_id)
        return ChatSession.new(session.user_id), render_forget_report(report)

    # -- analytics ---------------------------------------------------------------------------------------
    def analytics(self, include_demo: bool) -> dict[str, object]:
        frame = self.services.feedback_frame(include_demo=include_demo)
        return {
            "summary": analytics.summary(frame),
            "feedback": analytics.feedback_by_day(frame),
            "queries": analytics.top_queries(frame),
            "outcomes": analytics.outcome_rates(frame),
            "latency": analytics.latency_percentiles(frame),
        }

    def export(self, fmt: str, include_demo: bool, folder: Path | None = None) -> tuple[Path, int]:
        """The feedback log as a file, written by the same code as ``shopassist export feedback``.

        Without ``folder`` it goes to this controller's one export folder (removed
        when the controller goes), one file per format and demo choice: the
        Analytics tab exports on every refresh. The file is written under a
        unique name and then renamed over the last one, so a download that reads
        it while another browser refreshes never sees half a file.
        """
        if folder is not None:
            return self.services.export_feedback(folder / f"feedback.{fmt}", fmt, include_demo=include_demo)
        if self._exports is None:
            self._exports = tempfile.TemporaryDirectory(prefix="shopassist-export-")
        final = Path(self._exports.name) / f"feedback{'' if include_demo else '-no-demo'}.{fmt}"
        partial = final.with_name(f".{uuid.uuid4().hex}.{fmt}")
        try:
            written, rows = self.services.export_feedback(partial, fmt, include_demo=include_demo)
            os.replace(written, final)
        finally:
            partial.unlink(missing_ok=True)
        return final, rows

