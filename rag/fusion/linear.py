"""Normalized linear fusion: weighted sum of per-leg normalized scores.

Min-max maps each leg's scores onto [0, 1] within this result list; z-score
centres them on the leg's mean in units of its standard deviation. A product
missing from a leg gets that leg's floor (0 for min-max, the leg minimum for
z-score), i.e. it is treated like the weakest retrieved candidate, not like
an average one.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence

from rag.fusion._common import evidence, rank_fused
from rag.records import FusedHit, Hit
from rag.settings import Normalization


def _normalize(scores: list[float], how: Normalization) -> list[float]:
    if not scores:
        return []
    if how is Normalization.MINMAX:
        lo, hi = min(scores), max(scores)
        if hi == lo:
            return [1.0] * len(scores)
        return [(s - lo) / (hi - lo) for s in scores]
    mean = statistics.fmean(scores)
    sd = statistics.pstdev(scores)
    if sd == 0:
        return [0.0] * len(scores)
    return [(s - mean) / sd for s in scores]


def linear_fusion(
    legs: Mapping[str, Sequence[Hit]],
    *,
    normalization: Normalization = Normalization.MINMAX,
    weights: Mapping[str, float] | None = None,
) -> list[FusedHit]:
    weights = weights or {}
    ev = evidence(legs)
    normalized: dict[str, dict[str, float]] = {}
    floors: dict[str, float] = {}
    for leg, hits in legs.items():
        values = _normalize([h.score for h in hits], normalization)
        normalized[leg] = {h.product_id: v for h, v in zip(hits, values, strict=True)}
        floors[leg] = min(values) if values and normalization is Normalization.ZSCORE else 0.0
    scores = {
        pid: sum(
            weights.get(leg, 1.0) * normalized[leg].get(pid, floors[leg]) for leg in legs
        )
        for pid in ev
    }
    return rank_fused(scores, ev)
