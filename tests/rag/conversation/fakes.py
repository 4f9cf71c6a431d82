"""Fakes shared by the follow-up tests: a learned follow-up reader that answers the same each time, and a conversation
after one search that showed three products of one kind."""

from __future__ import annotations

from rag.conversation import Conversation, Turn
from rag.records import Filters


class FixedFollowupReader:
    """A fake learned reader of follow-ups: answers the same each time, and keeps what it was asked."""

    def __init__(self, *, refines: bool = False, switches: bool = False, doubts: bool = False) -> None:
        self._refines, self._switches, self._doubts, self.asked = refines, switches, doubts, []

    def refines(self, message, shown_kinds) -> bool:
        self.asked.append(("refines", message, frozenset(shown_kinds)))
        return self._refines

    def switches(self, message, shown_kinds) -> bool:
        self.asked.append(("switches", message, frozenset(shown_kinds)))
        return self._switches

    def doubts(self, message, shown_kinds) -> bool:
        self.asked.append(("doubts", message, frozenset(shown_kinds)))
        return self._doubts


def says_refine() -> FixedFollowupReader:
    """A reader that reads every follow-up as a refinement."""
    return FixedFollowupReader(refines=True)


def shown_as(tiny_products, kind: str, query: str | None = None, filters: Filters | None = None):
    """After a search for ``kind`` (its words ``query``, its ``filters``) that showed three products of that kind; and the
    lookup of the shown products."""
    from dataclasses import replace as changed

    shown = [changed(p, category=kind) for p in tiny_products[:3]]
    by_id = {p.id: p for p in shown}
    conv = Conversation("s1").with_turn(Turn(f"{kind} please", "search", query or kind, filters or Filters(), tuple(by_id)))
    return conv, (lambda ids: [by_id[i] for i in ids if i in by_id])
