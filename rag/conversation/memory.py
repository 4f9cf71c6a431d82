"""Conversation memory: what each session asked and was shown.

A turn keeps the (redacted) message, the search it ran (text and filters)
and the ids of the products shown in order, so a follow-up ("cheaper ones?",
"compare the first two") resolves against them. Turns are immutable; a
conversation grows by returning a new one. Stores are injected: in the
interaction store by default (``rag.conversation.sql_store``: kept across
restarts, shared by replicas and by ``shopassist ask --session``, which runs one
process per turn), or in memory (tests, one-process tools).
"""

from __future__ import annotations

import re
import threading
from abc import ABC, abstractmethod
from collections import OrderedDict
from dataclasses import dataclass, field, replace

from rag.records import NO_FILTERS, Filters, filters_from_dict


@dataclass(frozen=True, slots=True)
class Turn:
    message: str  # redacted
    intent: str
    query: str  # the search text this turn ran ("" when it ran none)
    filters: Filters = NO_FILTERS
    shown: tuple[str, ...] = ()  # product ids, in the order shown
    answer: str = ""
    let_go: tuple[str, ...] = ()  # brands let go of that ``query``'s words still name ("netgear" after "forget the Netgear")

    def to_dict(self) -> dict[str, object]:
        return {
            "message": self.message,
            "intent": self.intent,
            "query": self.query,
            "filters": self.filters.describe(),
            "shown": list(self.shown),
            "answer": self.answer,
            **({"let_go": list(self.let_go)} if self.let_go else {}),
        }

    @classmethod
    def from_dict(cls, data: dict) -> Turn:
        return cls(
            message=str(data.get("message", "")),
            intent=str(data.get("intent", "search")),
            query=str(data.get("query", "")),
            filters=filters_from_dict(data.get("filters") or {}),
            shown=tuple(str(x) for x in data.get("shown") or ()),
            answer=str(data.get("answer", "")),
            let_go=tuple(str(x) for x in data.get("let_go") or ()),
        )


@dataclass(frozen=True, slots=True)
class Conversation:
    session_id: str
    turns: tuple[Turn, ...] = field(default_factory=tuple)
    max_turns: int = 20

    def with_turn(self, turn: Turn) -> Conversation:
        return replace(self, turns=(*self.turns, turn)[-self.max_turns :])

    @property
    def last_search(self) -> Turn | None:
        """The latest turn that ran a search and showed products."""
        return next((t for t in reversed(self.turns) if t.query and t.shown), None)

    @property
    def last_shown(self) -> tuple[str, ...]:
        return next((t.shown for t in reversed(self.turns) if t.shown), ())


class ConversationStore(ABC):
    @abstractmethod
    def load(self, session_id: str) -> Conversation: ...

    @abstractmethod
    def save(self, conversation: Conversation) -> None: ...

    @abstractmethod
    def delete(self, session_id: str) -> None: ...


class InMemoryConversationStore(ConversationStore):
    """Bounded and thread-safe: the least recently used sessions are forgotten first."""

    def __init__(self, max_sessions: int = 10_000) -> None:
        self._items: OrderedDict[str, Conversation] = OrderedDict()
        self._max = max_sessions
        self._lock = threading.Lock()

    def load(self, session_id: str) -> Conversation:
        with self._lock:
            conv = self._items.get(session_id)
            if conv is not None:
                self._items.move_to_end(session_id)
            return conv or Conversation(session_id)

    def save(self, conversation: Conversation) -> None:
        with self._lock:
            self._items[conversation.session_id] = conversation
            self._items.move_to_end(conversation.session_id)
            while len(self._items) > self._max:
                self._items.popitem(last=False)

    def delete(self, session_id: str) -> None:
        with self._lock:
            self._items.pop(session_id, None)


_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")


def validate_session_id(session_id: str) -> str:
    if not _SAFE_ID.match(session_id) or session_id.startswith("."):
        raise ValueError(
            f"session id {session_id!r} must be 1-128 letters, digits, '.', '_' or '-' (not starting with '.')"
        )
    return session_id
