"""User profiles: brand, category, price-band and price-tier affinities plus an
embedding centroid, weighted by interaction type with exponential recency decay.

The price *tier* is the within-type reading of price: where the product's price sat
among the products of its own category shown beside it (cheapest -1 … dearest +1,
:func:`price_position`). A student who keeps picking the cheaper mice and memory cards
and a photographer who keeps picking the dearer ones then differ inside one product
type, where every candidate shares the category and the absolute price bands barely
overlap with their history (a $600 notebook is in no band the student has touched).

A stored weight ``w`` written at ``t0`` is worth ``w * 2 ** (-(t - t0) / half_life)``
at ``t``. Because decay is multiplicative, an incremental update
(decay the stored weight to now, add the new event) gives exactly the same
value as recomputing from the whole history, so profiles are updated as
events arrive and never rebuilt.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np

from personalization.events import EVENT_WEIGHTS, VERBS, EventKind
from rag.records import Product

#: Upper edges of the price bands (log-spaced); the last band is open.
PRICE_EDGES: tuple[float, ...] = (25, 50, 100, 250, 500, 1000, 2500)
AFFINITY_KINDS = ("brand", "category", "price_band", "price_tier")
#: The price-tier keys: a product picked from the cheaper or the dearer side of what was shown.
LOWER, HIGHER = "lower-priced", "higher-priced"


def price_position(product: Product, peers: Sequence[Product]) -> float | None:
    """Where ``product``'s price sits among the ``peers`` of its own category, in [-1, 1].

    The mid-rank percentile of its price among the peers' prices (``product`` counted
    once whether or not it is among them): -1 the cheapest, +1 the dearest, 0 the middle
    (and ties share their mean rank). None when there is nothing to compare with: no
    price, no category, or no other price in that category among the peers. Rank, not
    the price's distance, so one very dear outlier does not squash the rest.
    """
    if product.price is None or product.price <= 0 or not product.category:
        return None
    category = product.category.strip().lower()
    prices = [p.price for p in peers
              if p.id != product.id and p.price is not None and p.price > 0 and (p.category or "").strip().lower() == category]
    if not prices or all(abs(x - product.price) < 1e-9 for x in prices):
        return None
    below = sum(x < product.price - 1e-9 for x in prices)
    ties = sum(abs(x - product.price) < 1e-9 for x in prices)
    rank = below + ties / 2  # the product's mid-rank among the n + 1 prices, 0-based
    return 2.0 * rank / len(prices) - 1.0


def tier_key(position: float | None) -> str | None:
    """The tier affinity a product at ``position`` feeds; the middle (0) feeds none."""
    if position is None or abs(position) < 1e-9:
        return None
    return LOWER if position < 0 else HIGHER


def price_band(price: float | None) -> str | None:
    if price is None or price <= 0:
        return None
    low = 0.0
    for edge in PRICE_EDGES:
        if price < edge:
            return f"{low:g}-{edge:g}"
        low = edge
    return f"{low:g}+"


def decay_factor(age_s: float, half_life_days: float) -> float:
    if half_life_days <= 0:
        raise ValueError(f"half_life_days must be positive, got {half_life_days}")
    return 2.0 ** (-max(age_s, 0.0) / (half_life_days * 86_400.0))


def as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def decayed(weight: float, written: datetime, now: datetime, half_life_days: float) -> float:
    return weight * decay_factor((as_utc(now) - as_utc(written)).total_seconds(), half_life_days)


def product_keys(product: Product) -> dict[str, str]:
    """The affinity keys one product contributes to (lower-cased brand and category, price band)."""
    keys: dict[str, str] = {}
    if product.brand:
        keys["brand"] = product.brand.strip().lower()
    if product.category:
        keys["category"] = product.category.strip().lower()
    band = price_band(product.price)
    if band:
        keys["price_band"] = band
    return keys


@dataclass(frozen=True, slots=True)
class Affinity:
    kind: str
    key: str
    weight: float  # decayed to the profile's ``as_of``
    counts: Mapping[str, int] = field(default_factory=dict)
    pinned: bool = False

    def reason(self, label: str | None = None) -> str:
        """'you bought 2 and looked at 3 logitech products'."""
        shown = label or self.key
        parts = []
        for kind in (EventKind.PURCHASE, EventKind.ADD_TO_CART, EventKind.THUMBS_UP, EventKind.CLICK, EventKind.THUMBS_DOWN):
            n = int(self.counts.get(kind.value, 0))
            if n:
                parts.append(f"{VERBS[kind]} {n}")
        noun = {"brand": f"{shown} products", "category": f"{shown} items", "price_band": f"items at ${shown}",
                "price_tier": f"of the {shown} options shown"}[self.kind]
        if self.pinned and not parts:
            if self.kind == "price_tier":
                return f"you told us you {'prefer' if self.weight > 0 else 'avoid'} {shown} options"
            return f"you told us you {'like' if self.weight > 0 else 'dislike'} {noun}"
        if not parts:
            return f"your history with {noun}"
        head = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
        return f"you {head} {noun}"


@dataclass(frozen=True, slots=True)
class Profile:
    user_id: str
    as_of: datetime
    affinities: tuple[Affinity, ...] = ()
    centroid: np.ndarray | None = None
    centroid_mass: float = 0.0

    @property
    def is_empty(self) -> bool:
        return not any(abs(a.weight) > 1e-9 for a in self.affinities) and self.centroid is None

    def by_kind(self, kind: str) -> dict[str, Affinity]:
        return {a.key: a for a in self.affinities if a.kind == kind}

    def price_lean(self) -> float:
        """The shopper's lean to the cheaper (< 0) or dearer (> 0) options within a type, in (-1, 1).

        ``(higher - lower) / (|higher| + |lower| + 1)``: the difference of the two tier
        affinities, shrunk by one click's weight (1), so a single click leans 0.5, not 1.
        """
        tiers = self.by_kind("price_tier")
        high = tiers[HIGHER].weight if HIGHER in tiers else 0.0
        low = tiers[LOWER].weight if LOWER in tiers else 0.0
        return (high - low) / (abs(high) + abs(low) + 1.0)

    def scale(self, kind: str) -> float:
        """The largest absolute weight of one kind: preferences are read relative to it."""
        weights = [abs(a.weight) for a in self.affinities if a.kind == kind]
        return max(weights, default=0.0)

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"user_id": self.user_id, "as_of": self.as_of.isoformat(timespec="seconds")}
        for kind in AFFINITY_KINDS:
            rows = sorted(self.by_kind(kind).values(), key=lambda a: -abs(a.weight))
            out[kind] = [
                {"key": a.key, "weight": round(a.weight, 4), "counts": dict(a.counts), "pinned": a.pinned} for a in rows
            ]
        out["centroid"] = None if self.centroid is None else {"dimension": int(self.centroid.shape[0]), "mass": round(self.centroid_mass, 4)}
        return out


def event_weight(kind: EventKind) -> float:
    return EVENT_WEIGHTS[kind]


def fold_vector(current: np.ndarray | None, mass: float, vector: np.ndarray, weight: float) -> tuple[np.ndarray, float]:
    """Add a weighted product vector to a (decayed) running sum; returns (sum, mass).

    The stored vector is the weighted sum itself (not its mean), so decay and
    addition commute; cosine similarity ignores its length.
    """
    vec = np.asarray(vector, dtype=np.float32).reshape(-1)
    norm = float(np.linalg.norm(vec))
    if norm == 0 or not math.isfinite(norm):
        return (current if current is not None else np.zeros_like(vec)), mass
    unit = vec / norm
    base = current if current is not None else np.zeros_like(unit)
    if base.shape != unit.shape:
        raise ValueError(f"vector dimension {unit.shape[0]} does not match the profile's centroid ({base.shape[0]})")
    return base + weight * unit, mass + weight
