"""Cross-engine retrieval: several engines queried in parallel, fused per product.

Each engine runs its own legs (BM25, dense) through a :class:`HybridRetriever`;
every (leg, engine) ranking then goes into the shared fusion code as its own
leg, named ``"bm25@opensearch"``, ``"dense@embedded"`` and so on, so a
product found by two engines gathers evidence from both, and the trace keeps
each engine's ranks. Leg weights come from the base leg name (``dense`` for
``dense@embedded``).

When an engine's answer was served by the same engine as another's (an
OpenSearch engine falling back to the embedded index that is also queried
directly), the duplicate ranking is dropped: one engine's opinion is never
counted twice.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cached_property

import numpy as np

from rag.embeddings.base import Embedder
from rag.engines.base import SearchEngine
from rag.fusion import fuse
from rag.records import NO_FILTERS, Filters, Hit
from rag.retrieval.base import FusionConfig, RetrievalMode, RetrievalResult, Retriever
from rag.retrieval.hybrid import HybridRetriever
from rag.settings import FusionMode, Settings


class LegWeights(Mapping[str, float]):
    """Weights by base leg: ``get("dense@opensearch")`` is the weight of ``dense``."""

    def __init__(self, base: Mapping[str, float]) -> None:
        self._base = dict(base)

    def __getitem__(self, key: str) -> float:
        return self._base[key.split("@", 1)[0]]

    def get(self, key: str, default: float | None = None) -> float | None:  # type: ignore[override]
        return self._base.get(key.split("@", 1)[0], default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._base)

    def __len__(self) -> int:
        return len(self._base)


class CrossEngineRetriever(Retriever):
    """The :class:`Retriever` interface over several engines: each engine's legs fused per product."""

    def __init__(
        self,
        engines: Sequence[SearchEngine],
        embedder: Embedder,
        *,
        candidates_per_leg: int = 100,
        fusion: FusionConfig | None = None,
        default_mode: RetrievalMode = RetrievalMode.HYBRID_RRF,
    ) -> None:
        if len(engines) < 2:
            raise ValueError(f"cross-engine retrieval needs at least two engines, got {len(engines)}")
        base = fusion or FusionConfig()
        self.engines = list(engines)
        self.engine = self.engines[0]  # records are fetched from the first engine
        self.embedder = embedder
        self.candidates = candidates_per_leg
        self.default_mode = default_mode
        self.fusion = FusionConfig(base.rrf_k, LegWeights(base.weights), base.normalization)
        self._retrievers = [
            HybridRetriever(e, embedder, candidates_per_leg=candidates_per_leg, fusion=base, default_mode=default_mode)
            for e in self.engines
        ]

    @classmethod
    def from_settings(cls, engines: Sequence[SearchEngine], embedder: Embedder, settings: Settings) -> CrossEngineRetriever:
        mode = RetrievalMode.HYBRID_RRF if settings.fusion_mode is FusionMode.RRF else RetrievalMode.HYBRID_LINEAR
        return cls(
            engines,
            embedder,
            candidates_per_leg=settings.candidates_per_leg,
            fusion=FusionConfig.from_settings(settings),
            default_mode=mode,
        )

    @cached_property
    def _pool(self) -> ThreadPoolExecutor:
        return ThreadPoolExecutor(max_workers=len(self.engines), thread_name_prefix="cross-engine")

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
        mode = mode or self.default_mode
        query = " ".join(query.split())
        if not query:
            return RetrievalResult(query, filters, mode, (), {}, {})
        timings: dict[str, float] = {}
        depth = max(self.candidates, k)
        if mode is not RetrievalMode.BM25 and query_vector is None:
            t0 = time.perf_counter()
            query_vector = self.embed(query)  # once, shared by every engine
            timings["embed"] = (time.perf_counter() - t0) * 1000
        futures = [
            self._pool.submit(
                contextvars.copy_context().run,
                r.retrieve,
                query,
                k=depth,
                filters=filters,
                mode=mode,
                query_vector=query_vector,
            )
            for r in self._retrievers
        ]
        legs: dict[str, tuple[Hit, ...]] = {}
        for engine, future in zip(self.engines, futures, strict=True):
            result = future.result()
            for leg, hits in result.legs.items():
                served_by = hits[0].engine if hits else engine.name
                key = f"{leg}@{served_by}"
                if key not in legs:
                    legs[key] = hits
            for stage, ms in result.timings_ms.items():
                if stage != "embed":
                    timings[f"{stage}@{engine.name}"] = ms
        t0 = time.perf_counter()
        fused = fuse(
            legs,
            mode=FusionMode.LINEAR if mode is RetrievalMode.HYBRID_LINEAR else FusionMode.RRF,
            weights=self.fusion.weights,
            rrf_k=self.fusion.rrf_k,
            normalization=self.fusion.normalization,
        )
        timings["fusion"] = (time.perf_counter() - t0) * 1000
        return RetrievalResult(query, filters, mode, tuple(fused[:k]), legs, timings)
