"""Hybrid retrieval latency on the full catalog (warm, one client).

Run: ``.venv/bin/python benchmarks/retrieval_latency.py [--repeat 5]``
Builds the app's index first if it is missing. Each dev-set query is run
``--repeat`` times per mode after a warm-up; the query embedding is timed
separately, so "retrieval" excludes it and "end to end" includes it.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from common import table, write

from rag.evaluation import load_judgments, percentile
from rag.retrieval import RetrievalMode
from rag.settings import get_settings
from rag.wiring import build_search_services, ensure_index


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--k", type=int, default=10)
    args = parser.parse_args()
    # Uncached query embeddings: every timing includes a real embedding.
    settings = get_settings().with_overrides(query_cache_size=0)
    ensure_index(settings)
    services = build_search_services(settings)
    queries = list(load_judgments(settings.judgments_path).queries)
    retriever = services.retriever
    vectors = {}
    embed_ms = []
    for q in queries:  # warm-up + embedding timings
        retriever.retrieve(q, k=args.k)
    for _ in range(args.repeat):
        for q in queries:
            t0 = time.perf_counter()
            vectors[q] = retriever.embed(q)
            embed_ms.append((time.perf_counter() - t0) * 1000)
    rows, payload = [], {}
    for mode in RetrievalMode:
        totals, stage = [], {}
        for _ in range(args.repeat):
            for q in queries:
                vec = None if mode is RetrievalMode.BM25 else vectors[q]
                t0 = time.perf_counter()
                result = retriever.retrieve(q, k=args.k, mode=mode, query_vector=vec)
                totals.append((time.perf_counter() - t0) * 1000)
                for name, ms in result.timings_ms.items():
                    stage.setdefault(name, []).append(ms)
        stats = {p: percentile(totals, p) for p in (50, 95, 99)}
        emb = 0.0 if mode is RetrievalMode.BM25 else float(np.median(embed_ms))
        # same (repeat, query) order as embed_ms: pair each run with that query's embedding time
        with_embed = [t + (0.0 if mode is RetrievalMode.BM25 else e) for t, e in zip(totals, embed_ms, strict=True)]
        stats_e2e = {p: percentile(with_embed, p) for p in (50, 95, 99)}
        rows.append([mode.value, stats[50], stats[95], stats[99], stats_e2e[50], stats_e2e[99]])
        payload[mode.value] = {
            "retrieval_ms": stats,
            "with_query_embedding_ms": stats_e2e,
            "stages_ms": {n: {p: percentile(v, p) for p in (50, 99)} for n, v in stage.items()},
            "query_embedding_p50_ms": emb,
        }
    embed_stats = {p: percentile(embed_ms, p) for p in (50, 95, 99)}
    print(f"{len(queries)} queries x {args.repeat} repeats, k={args.k}, catalog {services.engine.health().products} products")
    print(f"query embedding ({services.embedder.model_id}): p50 {embed_stats[50]:.2f} ms, p99 {embed_stats[99]:.2f} ms")
    print(table(["mode", "p50 ms", "p95 ms", "p99 ms", "p50 ms +embed", "p99 ms +embed"], rows))
    path = write("retrieval_latency", {"modes": payload, "query_embedding_ms": embed_stats, "queries": len(queries), "repeat": args.repeat})
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
