"""Fakes shared by the follow-up tests: a learned follow-up reader that reads every follow-up as a refinement, and a
conversation after one search that showed three products of one kind."""

from __future__ import annotations

from rag.conversation import Conversation, Turn
from rag.records import Filters


class SaysRefine:
    """A second reader that reads every follow-up as a refinement."""

    def refines(self, message, shown_kinds) -> bool:
        return True

    def switches(self, message, shown_kinds) -> bool:
        return False

    def doubts(self, message, shown_kinds) -> bool:
        return False


def shown_as(tiny_products, kind: str, query: str | None = None, filters: Filters | None = None):
    """After a search for ``kind`` (its words ``query``, its ``filters``) that showed three products of that kind; and the
    lookup of the shown products."""
    from dataclasses import replace as changed

    shown = [changed(p, category=kind) for p in tiny_products[:3]]
    by_id = {p.id: p for p in shown}
    conv = Conversation("s1").with_turn(Turn(f"{kind} please", "search", query or kind, filters or Filters(), tuple(by_id)))
    return conv, (lambda ids: [by_id[i] for i in ids if i in by_id])
