"""Hybrid retrieval: run the lexical and dense legs, then fuse.

The retriever wires an engine, an embedder and the fusion settings; it owns no
model and no index. Every call returns what the trace needs: each leg's hits,
the fused list and each step's latency.
"""

from __future__ import annotations

import contextvars
import time
from concurrent.futures import ThreadPoolExecutor
from functools import cached_property

import numpy as np

from rag.embeddings.base import Embedder
from rag.engines.base import SearchEngine
from rag.enums import FusionMode
from rag.fusion import fuse
from rag.records import NO_FILTERS, Filters, FusedHit, Hit, LegEvidence
from rag.retrieval.base import FusionConfig, RetrievalMode, RetrievalResult, Retriever
from rag.settings import Settings

__all__ = ["FusionConfig", "HybridRetriever", "RetrievalMode", "RetrievalResult"]


class HybridRetriever(Retriever):
    """The lexical and dense legs over one engine, fused per product."""

    def __init__(
        self,
        engine: SearchEngine,
        embedder: Embedder,
        *,
        candidates_per_leg: int = 100,
        fusion: FusionConfig | None = None,
        default_mode: RetrievalMode = RetrievalMode.HYBRID_RRF,
    ) -> None:
        if candidates_per_leg < 1:
            raise ValueError(f"candidates_per_leg must be >= 1, got {candidates_per_leg}")
        self.engine = engine
        self.embedder = embedder
        self.candidates = candidates_per_leg
        self.fusion = fusion or FusionConfig()
        self.default_mode = default_mode

    @classmethod
    def from_settings(cls, engine: SearchEngine, embedder: Embedder, settings: Settings) -> HybridRetriever:
        mode = RetrievalMode.HYBRID_RRF if settings.fusion_mode is FusionMode.RRF else RetrievalMode.HYBRID_LINEAR
        return cls(
            engine,
            embedder,
            candidates_per_leg=settings.candidates_per_leg,
            fusion=FusionConfig.from_settings(settings),
            default_mode=mode,
        )

    @cached_property
    def _pool(self) -> ThreadPoolExecutor:
        # The engines do their work in native code that releases the GIL, so
        # the lexical leg runs beside embedding + the vector leg.
        return ThreadPoolExecutor(max_workers=2, thread_name_prefix="retrieval-leg")

    def _timed_lexical(self, query: str, depth: int, filters: Filters) -> tuple[list[Hit], float]:
        t0 = time.perf_counter()
        hits = self.engine.lexical(query, depth, filters)
        return hits, (time.perf_counter() - t0) * 1000

    def embed(self, query: str) -> np.ndarray:
        return self.embedder.embed_query(query)

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
        mode = mode or self.default_mode
        query = " ".join(query.split())
        timings: dict[str, float] = {}
        legs: dict[str, tuple[Hit, ...]] = {}
        depth = max(self.candidates, k)
        if not query:
            return RetrievalResult(query, filters, mode, (), {}, {})
        lexical = None
        if mode is RetrievalMode.BM25:
            hits, timings["bm25"] = self._timed_lexical(query, depth, filters)
            legs["bm25"] = tuple(hits)
        elif mode is not RetrievalMode.DENSE:
            # In the caller's context, so per-request records made inside the
            # engine (e.g. ``capture_fallbacks``) see this leg too.
            lexical = self._pool.submit(contextvars.copy_context().run, self._timed_lexical, query, depth, filters)
        if mode is not RetrievalMode.BM25:
            t0 = time.perf_counter()
            vector = query_vector if query_vector is not None else self.embed(query)
            timings["embed"] = (time.perf_counter() - t0) * 1000
            t0 = time.perf_counter()
            dense = tuple(self.engine.vector(vector, depth, filters))
            timings["dense"] = (time.perf_counter() - t0) * 1000
            if lexical is not None:
                hits, timings["bm25"] = lexical.result()
                legs["bm25"] = tuple(hits)
            legs["dense"] = dense
        t0 = time.perf_counter()
        if mode in (RetrievalMode.BM25, RetrievalMode.DENSE):
            (leg_name, hits), = legs.items()
            fused = [
                FusedHit(h.product_id, h.score, {leg_name: LegEvidence(h.rank, h.score)})
                for h in hits
            ]
        else:
            fused = fuse(
                legs,
                mode=FusionMode.RRF if mode is RetrievalMode.HYBRID_RRF else FusionMode.LINEAR,
                weights=self.fusion.weights,
                rrf_k=self.fusion.rrf_k,
                normalization=self.fusion.normalization,
            )
        timings["fusion"] = (time.perf_counter() - t0) * 1000
        return RetrievalResult(query, filters, mode, tuple(fused[:k]), legs, timings)
