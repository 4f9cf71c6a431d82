"""One browser session's state, kept in ``gr.State`` (never in module globals).

The Chatbot shows messages; this record remembers what each message *is*
(which turn's answer, which product card), so a thumbs on message ``i`` is
stored against the right request id and product. It is immutable: every
handler returns a new one.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from rag.chain.trace import Trace
from rag.records import Product

GUEST = "guest"
NEW_SHOPPER = "new"


@dataclass(frozen=True, slots=True)
class MessageRef:
    """What one chat message shows: a turn's answer (``product_id`` None) or one product card."""

    request_id: str  # "" for a card no logged ranking showed ("more like this")
    product_id: str | None = None
    number: int | None = None  # the card's [n]
    anchor: str = ""  # the card's element id when it is not card_anchor(request_id, number)


@dataclass(frozen=True, slots=True)
class PendingReason:
    """A thumbs already stored, waiting for its optional reason."""

    record_id: int
    liked: bool
    target: str  # "the answer" or the product's title, for the prompt


@dataclass(frozen=True, slots=True)
class ChatSession:
    session_id: str
    user_id: str | None = None  # whom turns personalize for: the owner, a demo persona, or None (guest)
    owner: str | None = None  # the browser's identity (signed cookie): whose session and turns these are
    messages: tuple[Mapping[str, Any], ...] = ()  # what the Chatbot shows, as message dicts
    refs: Mapping[int, MessageRef] = field(default_factory=dict)
    turn_starts: tuple[int, ...] = ()  # index of each turn's user message, in order
    last_trace: Trace | None = None
    last_products: Mapping[str, Product] = field(default_factory=dict)
    pending: PendingReason | None = None

    @classmethod
    def new(cls, user_id: str | None = None, owner: str | None = None) -> ChatSession:
        """A new conversation; its id is replaced by one bound to the owner on the first turn."""
        return cls(session_id=uuid.uuid4().hex, user_id=user_id, owner=owner)

    def with_(self, **changes: Any) -> ChatSession:
        return replace(self, **changes)

    def ref(self, index: int) -> MessageRef | None:
        return self.refs.get(index)

    def before_last_turn(self) -> tuple[ChatSession, str]:
        """The session as it was before its last turn, and that turn's message (for undo and retry)."""
        if not self.turn_starts:
            raise ValueError("there is no turn to undo")
        start = self.turn_starts[-1]
        message = self.messages[start].get("content", "") if start < len(self.messages) else ""
        refs = {i: r for i, r in self.refs.items() if i < start}
        return (
            replace(self, messages=self.messages[:start], refs=refs, turn_starts=self.turn_starts[:-1], pending=None),
            message if isinstance(message, str) else "",
        )
