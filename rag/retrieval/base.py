"""What every retriever offers, and what it returns.

:class:`Retriever` is the interface both :class:`~rag.retrieval.hybrid.HybridRetriever`
(one engine) and :class:`~rag.retrieval.cross_engine.CrossEngineRetriever`
(several engines) implement; query understanding, the evaluation runners and
the wiring hold a ``Retriever``, never a concrete class.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np

from rag.engines.base import SearchEngine
from rag.enums import ChoiceEnum, Normalization
from rag.records import NO_FILTERS, Filters, FusedHit, Hit
from rag.settings import Settings


class RetrievalMode(ChoiceEnum):
    """What ``shopassist search`` and ``eval`` can run."""

    BM25 = "bm25"
    DENSE = "dense"
    HYBRID_RRF = "hybrid-rrf"
    HYBRID_LINEAR = "hybrid-linear"


@dataclass(frozen=True, slots=True)
class RetrievalResult:
    query: str
    filters: Filters
    mode: RetrievalMode
    hits: tuple[FusedHit, ...]
    legs: Mapping[str, tuple[Hit, ...]]
    timings_ms: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class FusionConfig:
    rrf_k: float = 60.0
    weights: Mapping[str, float] = field(default_factory=dict)
    normalization: Normalization = Normalization.MINMAX

    @classmethod
    def from_settings(cls, settings: Settings) -> FusionConfig:
        return cls(settings.rrf_k, dict(settings.leg_weights), settings.linear_normalization)


@runtime_checkable
class Retriever(Protocol):
    """Top-k products for a query, with each leg's ranking and each step's latency."""

    engine: SearchEngine  # where records are fetched from
    candidates: int  # depth of each leg
    default_mode: RetrievalMode
    fusion: FusionConfig

    def embed(self, query: str) -> np.ndarray:
        """The query's vector (query side of the embedder)."""
        ...

    def retrieve(
        self,
        query: str,
        *,
        k: int = 10,
        filters: Filters = NO_FILTERS,
        mode: RetrievalMode | None = None,
        query_vector: np.ndarray | None = None,
    ) -> RetrievalResult:
        """Top ``k`` products for ``query``; an empty query gives an empty result."""
        ...
