"""Interaction events: the kinds, their weights and the immutable record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class EventKind(StrEnum):
    VIEW = "view"
    CLICK = "click"
    ADD_TO_CART = "add_to_cart"
    PURCHASE = "purchase"
    THUMBS_UP = "thumbs_up"
    THUMBS_DOWN = "thumbs_down"

    @classmethod
    def from_str(cls, value: str) -> EventKind:
        squashed = value.strip().lower().replace("-", "_").replace(" ", "_")
        for member in cls:
            if member.value == squashed:
                return member
        raise ValueError(f"unknown interaction kind {value!r}; choose one of: {', '.join(m.value for m in cls)}")


#: How much one event moves a profile: purchase > add to cart > click > view;
#: a thumbs down counts against. Thumbs up on a product sits between cart and click.
EVENT_WEIGHTS: dict[EventKind, float] = {
    EventKind.PURCHASE: 5.0,
    EventKind.ADD_TO_CART: 3.0,
    EventKind.THUMBS_UP: 2.0,
    EventKind.CLICK: 1.0,
    EventKind.VIEW: 0.2,
    EventKind.THUMBS_DOWN: -3.0,
}

#: Kinds that say "this product was right for the query" (training positives).
POSITIVE_KINDS = frozenset({EventKind.PURCHASE, EventKind.ADD_TO_CART, EventKind.CLICK, EventKind.THUMBS_UP})

#: Past-tense verbs for the reasons a shopper reads.
VERBS: dict[EventKind, str] = {
    EventKind.PURCHASE: "bought",
    EventKind.ADD_TO_CART: "added to your cart",
    EventKind.THUMBS_UP: "liked",
    EventKind.CLICK: "looked at",
    EventKind.VIEW: "were shown",
    EventKind.THUMBS_DOWN: "disliked",
}


@dataclass(frozen=True, slots=True)
class Interaction:
    """What a shopper did. ``request_id`` points at the ranking it came from;
    ``product_id`` is empty for a thumbs on the whole answer."""

    user_id: str | None
    kind: EventKind
    request_id: str | None = None
    product_id: str | None = None
    reason: str | None = None
    comment: str | None = None
    value: float | None = None
    at: datetime | None = None  # default: now
    client_key: str | None = None  # a retry with the same key is stored once

    def __post_init__(self) -> None:
        if not isinstance(self.kind, EventKind):
            object.__setattr__(self, "kind", EventKind.from_str(str(self.kind)))
        if self.kind not in (EventKind.THUMBS_UP, EventKind.THUMBS_DOWN) and not self.product_id:
            raise ValueError(f"a {self.kind.value} event needs a product id")
        if not self.user_id and not self.request_id:
            raise ValueError(
                f"a {self.kind.value} event needs a request id or a user id: with neither it rates no answer "
                "and belongs to no shopper, so no profile, export or report could ever show it"
            )
        if self.value is not None and self.value < 0:
            raise ValueError(f"order value must not be negative, got {self.value}")
