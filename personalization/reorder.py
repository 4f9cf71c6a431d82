"""Profile-weighted reordering of the reranked list, bounded, with MMR diversity.

Relevance dominates by construction:

* each hit's relevance is its first-pass/rerank score, min-max normalized
  over the list to [0, 1] (the top hit is 1);
* a profile can add at most ``weight`` (default 0.25, chosen by cross-validation
  over queries in ``benchmarks/persona_weight_cv.py`` from a grid capped a priori at
  0.25) and take away at most ``weight``, so a hit can only pass one whose relevance
  is within ``2 * weight`` (0.5) of its own: a strong match is never buried by a
  preference;
* no hit rises more than ``max_rise`` places.

The preference reads five signals, each in [-1, 1]: brand, category and price band
(the affinity over the kind's largest), price tier (the shopper's lean to the cheaper or
dearer of what is shown, times the candidate's price position among the list's products
of its category) and the centroid. Shares are equal a priori and go only to the signals
that tell this list's candidates apart (:func:`informative`), so inside one product type
(every result an HP notebook) the brand and category affinities take no share and the
price signals carry it; the shares sum to 1, so the bounds above hold unchanged. Each
boost's reason names the signals that made it (the largest two).

MMR (Carbonell & Goldstein, 1998) then picks the order greedily, trading the
personalized score against similarity to what is already picked, so a strong
brand preference does not fill the page with one brand. Similarity is
product-level (same category, same brand), cheap and explainable.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from personalization.profile import HIGHER, LOWER, Profile, price_position, product_keys
from rag.chain.ports import Boost
from rag.records import FusedHit, Product

#: Each signal's relative share of the preference: equal, a priori. Nothing here says which
#: of a shopper's signals matters more, and unit weights on comparably scaled predictors
#: predict about as well as fitted ones out of sample and better than weights fitted on
#: little data (Dawes, "The robust beauty of improper linear models", 1979); each signal here
#: reads in [-1, 1]. A list's preference divides the shares by their sum over its
#: *informative* signals (see :func:`informative`), so there they sum to 1.
KIND_WEIGHTS: Mapping[str, float] = {"brand": 0.2, "category": 0.2, "price_band": 0.2, "price_tier": 0.2}
CENTROID_WEIGHT = 0.2
CENTROID = "centroid"


@dataclass(frozen=True, slots=True)
class ReorderConfig:
    weight: float = 0.25  # the largest boost or penalty, in normalized relevance (benchmarks/persona_weight_cv.py)
    max_rise: int = 3  # places a hit may climb
    mmr_lambda: float = 0.85  # 1.0: no diversity
    min_delta: float = 1e-3  # smaller boosts are not reported

    def __post_init__(self) -> None:
        if not 0 <= self.weight <= 0.5:
            raise ValueError(f"personalization weight must be in [0, 0.5], got {self.weight}")
        if self.max_rise < 0:
            raise ValueError(f"max_rise must be >= 0, got {self.max_rise}")
        if not 0 < self.mmr_lambda <= 1:
            raise ValueError(f"mmr_lambda must be in (0, 1], got {self.mmr_lambda}")


@dataclass(frozen=True, slots=True)
class Preference:
    score: float  # in [-1, 1]
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Signal:
    """One signal's reading of one product: ``value`` in [-1, 1] and what caused it."""

    value: float
    reason: str | None


class _Tables:
    """The profile's affinities by kind, each kind's scale and the price lean, read once per reorder."""

    def __init__(self, profile: Profile) -> None:
        self.by_kind = {kind: profile.by_kind(kind) for kind in KIND_WEIGHTS}
        self.scale = {kind: profile.scale(kind) for kind in KIND_WEIGHTS}
        self.lean = profile.price_lean()


def signals(profile: Profile, product: Product, vector: np.ndarray | None = None, tables: _Tables | None = None,
            position: float | None = None) -> dict[str, Signal]:
    """Each signal the profile has about ``product``: brand, category and price band (the
    affinity over the kind's largest), price tier (the profile's lean times ``position``,
    the product's :func:`~personalization.profile.price_position` among the candidates)
    and the centroid (the cosine to what the shopper liked, centred)."""
    tables = tables or _Tables(profile)
    keys = product_keys(product)
    out: dict[str, Signal] = {}
    for kind in ("brand", "category", "price_band"):
        key = keys.get(kind)
        scale = tables.scale[kind]
        if key is None or scale <= 0:
            continue
        affinity = tables.by_kind[kind].get(key)
        if affinity is None or abs(affinity.weight) < 1e-9:
            continue
        out[kind] = Signal(affinity.weight / scale, affinity.reason(product.brand if kind == "brand" else key))
    if position is not None and abs(tables.lean) > 1e-9 and abs(position) > 1e-9:
        side = tables.by_kind["price_tier"].get(LOWER if tables.lean < 0 else HIGHER)
        if side is not None:
            out["price_tier"] = Signal(tables.lean * position, side.reason(side.key))
    if vector is not None and profile.centroid is not None and profile.centroid_mass > 0:
        norm = float(np.linalg.norm(vector))
        if norm > 0:
            cosine = float(np.dot(profile.centroid, vector) / norm)
            # MiniLM cosines between products sit mostly in [0.2, 0.8]; centre them.
            out[CENTROID] = Signal(max(-1.0, min(1.0, (cosine - 0.5) * 2)), "similar to what you liked before")
    return out


def base_share(name: str) -> float:
    return CENTROID_WEIGHT if name == CENTROID else KIND_WEIGHTS[name]


def informative(readings: Sequence[Mapping[str, Signal]]) -> dict[str, float]:
    """The shares of the signals that tell the candidates apart, summing to 1.

    A signal that reads the same for every candidate (every result of "hp notebook" is an HP
    notebook: the brand and category affinities are one constant) cannot change the order;
    its share goes to the signals that can, in proportion to theirs. So the preference's
    full range, ``[-1, 1]`` and hence the bound ``weight``, stays reachable within one
    product type, and is never exceeded. A candidate without a reading of a signal reads 0.
    """
    names = {name for reading in readings for name in reading}
    spread = {}
    for name in names:
        values = [reading[name].value if name in reading else 0.0 for reading in readings]
        if max(values) - min(values) > 1e-9:
            spread[name] = base_share(name)
    total = sum(spread.values())
    return {name: share / total for name, share in spread.items()} if total > 0 else {}


def combine(reading: Mapping[str, Signal], shares: Mapping[str, float]) -> Preference:
    """How much the profile likes one product, in [-1, 1]: its signals weighted by ``shares``
    (from :func:`informative`), with the reasons of the parts that count, the largest first."""
    total = 0.0
    reasons: list[tuple[float, str]] = []
    for name, signal in reading.items():
        part = shares.get(name, 0.0) * signal.value
        if abs(part) < 1e-9:
            continue
        total += part
        if signal.reason and (name != CENTROID or part > 0.05):
            reasons.append((part, signal.reason))
    reasons.sort(key=lambda item: -abs(item[0]))
    return Preference(max(-1.0, min(1.0, total)), tuple(r for _, r in reasons))


def normalized_relevance(hits: Sequence[FusedHit]) -> list[float]:
    scores = [h.score for h in hits]
    if not scores:
        return []
    lo, hi = min(scores), max(scores)
    if hi - lo < 1e-12:
        # No spread to read: fall back to rank (the order the reranker chose).
        n = len(hits)
        return [1.0 - i / max(n - 1, 1) for i in range(n)]
    return [(s - lo) / (hi - lo) for s in scores]


@dataclass(frozen=True, slots=True)
class Reordered:
    hits: tuple[FusedHit, ...]
    boosts: tuple[Boost, ...]


def reorder(
    profile: Profile,
    hits: Sequence[FusedHit],
    products: Mapping[str, Product],
    config: ReorderConfig = ReorderConfig(),
    vectors: Mapping[str, np.ndarray] | None = None,
) -> Reordered:
    """Reorder ``hits`` (best first) for ``profile``; hits keep their own scores.

    An empty profile returns the order unchanged (cold start), with no MMR,
    so a shopper with no history sees exactly the unpersonalized ranking.
    """
    if profile.is_empty or not hits:
        return Reordered(tuple(hits), ())
    relevance = normalized_relevance(hits)
    tables = _Tables(profile)
    listed = [products[h.product_id] for h in hits if h.product_id in products]
    readings: list[dict[str, Signal] | None] = []
    for hit in hits:
        product = products.get(hit.product_id)
        readings.append(None if product is None else signals(
            profile, product, (vectors or {}).get(hit.product_id), tables, price_position(product, listed)))
    shares = informative([r for r in readings if r is not None])
    scored: list[float] = []
    boosts: list[Boost] = []
    for hit, rel, reading in zip(hits, relevance, readings, strict=True):
        if reading is None:
            scored.append(rel)
            continue
        pref = combine(reading, shares)
        delta = config.weight * pref.score
        scored.append(rel + delta)
        if abs(delta) >= config.min_delta and pref.reasons:
            boosts.append(Boost(hit.product_id, round(delta, 4), "; ".join(pref.reasons[:2])))

    order = _mmr(hits, scored, products, config.mmr_lambda)
    order = _cap_rise(order, config.max_rise)
    return Reordered(tuple(hits[i] for i in order), tuple(boosts))


def _mmr(hits: Sequence[FusedHit], scores: Sequence[float], products: Mapping[str, Product], lam: float) -> list[int]:
    """Greedy MMR; each candidate's redundancy (its largest similarity to a
    picked hit) is updated as hits are picked, so the cost is O(n^2)."""
    n = len(hits)
    if lam >= 1.0:
        return sorted(range(n), key=lambda i: (-scores[i], i))
    keys = []
    for h in hits:
        p = products.get(h.product_id)
        keys.append((p.category or None, p.brand.lower() or None) if p is not None else (None, None))
    redundancy = [0.0] * n
    remaining = list(range(n))
    picked: list[int] = []
    while remaining:
        best = max(remaining, key=lambda i: (lam * scores[i] - (1 - lam) * redundancy[i], -i))
        picked.append(best)
        remaining.remove(best)
        category, brand = keys[best]
        for i in remaining:
            c, b = keys[i]
            sim = 0.5 * (c is not None and c == category) + 0.5 * (b is not None and b == brand)
            if sim > redundancy[i]:
                redundancy[i] = sim
    return picked


def _cap_rise(order: list[int], max_rise: int) -> list[int]:
    """Enforce that no original index ``i`` lands above position ``i - max_rise``.

    Walks the positions top-down, placing the first hit in MMR order that is
    allowed there; a hit that climbed too far waits for a lower position.
    """
    result: list[int] = []
    pending = list(order)
    while pending:
        position = len(result)
        # Some pending index is <= position (fewer than position+1 are placed), so one always qualifies.
        choice = next(i for i in pending if i - max_rise <= position)
        result.append(choice)
        pending.remove(choice)
    return result
