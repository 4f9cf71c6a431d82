"""Reciprocal rank fusion (Cormack, Clarke & Büttcher, SIGIR 2009).

score(d) = sum over legs of weight_leg / (k + rank_leg(d)). k = 60 is the
paper's value: it damps the head so one leg's first place cannot outvote
agreement between legs, and it needs no score calibration between BM25 and
cosine similarity, which live on unrelated scales.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rag.fusion._common import evidence, rank_fused
from rag.records import FusedHit, Hit


def reciprocal_rank_fusion(
    legs: Mapping[str, Sequence[Hit]],
    *,
    k: float = 60.0,
    weights: Mapping[str, float] | None = None,
) -> list[FusedHit]:
    if k <= 0:
        raise ValueError(f"RRF k must be > 0, got {k}")
    weights = weights or {}
    ev = evidence(legs)
    scores = {
        pid: sum(weights.get(leg, 1.0) / (k + e.rank) for leg, e in per_leg.items())
        for pid, per_leg in ev.items()
    }
    return rank_fused(scores, ev)
