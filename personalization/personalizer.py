"""The personalization stage backed by the interaction store."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

import numpy as np
from sqlalchemy.orm import Session, sessionmaker

from personalization.profile import Profile
from personalization.reorder import ReorderConfig, reorder
from personalization.repository import DEFAULT_HALF_LIFE_DAYS, load_profile
from personalization.store import read_only
from rag.chain.ports import Personalized
from rag.records import FusedHit, Product

VectorLookup = Callable[[Sequence[str]], Mapping[str, np.ndarray]]


class StorePersonalizer:
    """Reads the shopper's profile (one short session per call) and reorders.

    Anonymous turns and shoppers with no history get the list unchanged.
    ``vectors`` (product id → embedding) lets the profile's centroid count;
    without it only the brand, category and price-band affinities do.
    """

    def __init__(
        self,
        sessions: sessionmaker[Session] | Callable[[], Session],
        config: ReorderConfig | None = None,
        *,
        half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
        vectors: VectorLookup | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.sessions = sessions
        self.config = config or ReorderConfig()
        self.half_life_days = half_life_days
        self.vectors = vectors
        self.clock = clock

    def profile(self, user_id: str) -> Profile:
        with self.sessions() as session:
            read_only(session)
            return load_profile(session, user_id, now=self.clock() if self.clock else None, half_life_days=self.half_life_days)

    def personalize(
        self,
        user_id: str | None,
        query: str,
        hits: Sequence[FusedHit],
        products: Mapping[str, Product],
    ) -> Personalized:
        if not user_id:
            return Personalized(tuple(hits), (), "anonymous")
        profile = self.profile(user_id)
        return self.apply(profile, hits, products)

    def apply(self, profile: Profile, hits: Sequence[FusedHit], products: Mapping[str, Product]) -> Personalized:
        if profile.is_empty:
            return Personalized(tuple(hits), (), "no history: unpersonalized order")
        vectors = self.vectors([h.product_id for h in hits]) if self.vectors and profile.centroid is not None else None
        out = reorder(profile, hits, products, self.config, vectors)
        moved = sum(1 for a, b in zip(hits, out.hits, strict=True) if a.product_id != b.product_id)
        return Personalized(out.hits, out.boosts, f"profile applied: {len(out.boosts)} boosts, {moved} places changed")


def personalizer_from_settings(settings, *, vectors: VectorLookup | None = None) -> StorePersonalizer | None:
    """The store-backed personalizer the settings ask for, or None when turned off.

    The store opens lazily (first turn with a user id), so building the
    assistant touches no database.
    """
    if not settings.personalization:
        return None
    from personalization.store import LazyStore

    config = ReorderConfig(
        weight=settings.personalization_weight,
        max_rise=settings.personalization_max_rise,
        mmr_lambda=settings.personalization_mmr_lambda,
    )
    return StorePersonalizer(LazyStore(settings.store_url), config, half_life_days=settings.personalization_half_life_days,
                             vectors=vectors)
