"""The rerank step of the funnel: rescore the top of a retrieval result.

One function so the CLI, the evaluation and (later) the chain apply the
reranker the same way: fetch the top ``top_n`` records, rerank, keep the
rest in first-pass order, and time the step in the result's timings.
"""

from __future__ import annotations

import time
from dataclasses import replace

from rag.engines.base import SearchEngine
from rag.rerank.base import Reranker
from rag.retrieval import RetrievalResult


def rerank_result(
    reranker: Reranker, engine: SearchEngine, query: str, result: RetrievalResult, top_n: int
) -> RetrievalResult:
    if not result.hits:
        return result
    t0 = time.perf_counter()
    products = engine.fetch([h.product_id for h in result.hits[:top_n]])
    hits = reranker.rerank(query, list(result.hits), products, top_n)
    timings = dict(result.timings_ms) | {"rerank": (time.perf_counter() - t0) * 1000}
    return replace(result, hits=tuple(hits), timings_ms=timings)
