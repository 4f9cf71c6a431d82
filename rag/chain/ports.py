"""The chain's port for personalization: the interface a personalizer
implements, its result, and the pass-through used until a profile store is
configured (and for users with no history).

The chain talks to personalization only through this port, so ``rag.chain``
never imports :mod:`personalization`; ``personalization`` implements it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from rag.records import FusedHit, Product


@dataclass(frozen=True, slots=True)
class Boost:
    product_id: str
    delta: float
    reason: str  # shown to the shopper: "you bought two Logitech mice"


@dataclass(frozen=True, slots=True)
class Personalized:
    hits: tuple[FusedHit, ...]
    boosts: tuple[Boost, ...] = ()
    note: str = ""


class Personalizer(Protocol):
    def personalize(
        self,
        user_id: str | None,
        query: str,
        hits: Sequence[FusedHit],
        products: Mapping[str, Product],
    ) -> Personalized: ...


class NoPersonalization:
    """Keeps the reranked order: no user, or no profile store configured."""

    def personalize(
        self,
        user_id: str | None,
        query: str,
        hits: Sequence[FusedHit],
        products: Mapping[str, Product],
    ) -> Personalized:
        return Personalized(tuple(hits), (), "no profile" if user_id else "anonymous")
