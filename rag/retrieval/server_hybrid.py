"""Server-side hybrid: OpenSearch fuses BM25 and k-NN in a search pipeline.

Chosen with ``SHOPASSIST_OPENSEARCH_HYBRID=server``; client-side fusion with
the shared fusion code stays the default because it keeps each leg's ranks
for the trace and works on any engine. This retriever sends one ``hybrid``
query for the hybrid modes and keeps :class:`HybridRetriever`'s behaviour
for the single-leg modes. When the engine cannot run it (OpenSearch down: the
fallback engine answers ``None``), it fuses the legs here instead, which the
fallback engine then serves.
"""

from __future__ import annotations

import logging
import time

import numpy as np

from rag.engines.base import EngineUnavailable, FallbackPair, SearchPipelines
from rag.engines.opensearch_engine import SearchPipelineRefused
from rag.records import NO_FILTERS, Filters, FusedHit, LegEvidence
from rag.retrieval.hybrid import HybridRetriever, RetrievalMode, RetrievalResult

log = logging.getLogger(__name__)


class ServerHybridRetriever(HybridRetriever):
    _pipeline_ready = False
    _pipeline_refused = False

    def _ensure_pipeline(self) -> bool:
        if self._pipeline_ready:
            return True
        if self._pipeline_refused:
            return False
        target = self.engine.primary if isinstance(self.engine, FallbackPair) else self.engine
        if not isinstance(target, SearchPipelines):
            raise ValueError(f"engine {self.engine.name!r} has no server-side hybrid; use opensearch_hybrid=client")
        weights = [self.fusion.weights.get("bm25", 1.0), self.fusion.weights.get("dense", 1.0)]
        try:
            target.ensure_search_pipeline(weights, self.fusion.rrf_k)
        except SearchPipelineRefused as exc:
            # It would refuse every time: asked once, then fused here for good.
            log.warning("the cluster refused the search pipeline, fusing on the client from now on: %s", exc)
            self._pipeline_refused = True
            return False
        except EngineUnavailable as exc:
            log.warning("search pipeline not created (%s): fusing on the client", exc)
            return False
        self._pipeline_ready = True
        return True

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
        if not query or mode not in (RetrievalMode.HYBRID_RRF, RetrievalMode.HYBRID_LINEAR):
            return super().retrieve(query, k=k, filters=filters, mode=mode, query_vector=query_vector)
        timings: dict[str, float] = {}
        if query_vector is None:
            t0 = time.perf_counter()
            query_vector = self.embed(query)
            timings["embed"] = (time.perf_counter() - t0) * 1000
        hits = None
        if self._ensure_pipeline():
            t0 = time.perf_counter()
            hits = self.engine.hybrid(query, query_vector, max(self.candidates, k), filters)  # type: ignore[attr-defined]
            timings["hybrid"] = (time.perf_counter() - t0) * 1000
        if hits is None:
            return super().retrieve(query, k=k, filters=filters, mode=mode, query_vector=query_vector)
        fused = tuple(FusedHit(h.product_id, h.score, {"hybrid": LegEvidence(h.rank, h.score)}) for h in hits[:k])
        return RetrievalResult(query, filters, mode, fused, {"hybrid": tuple(hits)}, timings)
