"""Fusion of per-leg rankings into one product ranking.

Input legs must already be deduplicated to product level (several chunks of
one product must not inflate its score); every fused hit keeps each leg's
rank and raw score.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rag.fusion.linear import linear_fusion
from rag.fusion.rrf import reciprocal_rank_fusion
from rag.records import FusedHit, Hit
from rag.settings import FusionMode, Normalization


def fuse(
    legs: Mapping[str, Sequence[Hit]],
    *,
    mode: FusionMode = FusionMode.RRF,
    weights: Mapping[str, float] | None = None,
    rrf_k: float = 60.0,
    normalization: Normalization = Normalization.MINMAX,
) -> list[FusedHit]:
    """Dispatch on ``mode``; ``weights`` default to 1.0 for every leg."""
    if mode is FusionMode.RRF:
        return reciprocal_rank_fusion(legs, k=rrf_k, weights=weights)
    if mode is FusionMode.LINEAR:
        return linear_fusion(legs, normalization=normalization, weights=weights)
    raise ValueError(f"unknown fusion mode {mode!r}")


__all__ = ["fuse", "linear_fusion", "reciprocal_rank_fusion"]
