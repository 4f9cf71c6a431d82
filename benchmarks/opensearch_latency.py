"""Hybrid retrieval latency, embedded engine and a real OpenSearch side by side, in one run.

Run (a node from ``make opensearch`` holding the catalog, e.g. loaded by
``benchmarks/opensearch_ingest.py``)::

    .venv/bin/python benchmarks/opensearch_latency.py --url http://127.0.0.1:9200 --repeat 5

Every dev-set query is sent, in turn, to each variant: the embedded engine,
OpenSearch with client-side fusion (the default for that engine), and
OpenSearch's server-side ``hybrid`` query through each search pipeline (RRF,
normalization). The order of the variants rotates per query, so a noisy
neighbour on the machine hits all of them alike. Each timing includes the
query embedding (no embedding cache) and both legs with the app's settings
(candidates per leg, fusion). OpenSearch is queried directly, without the
fallback engine, so every number is OpenSearch's own. Also reports how many
of the embedded engine's top 10 each variant returns.
"""

from __future__ import annotations

import argparse
import os
import time
from dataclasses import replace

from common import table, write

from rag.engines.lancedb_engine import LanceDBEngine
from rag.engines.opensearch_engine import OpenSearchEngine
from rag.evaluation import load_judgments, percentile
from rag.retrieval.hybrid import HybridRetriever
from rag.retrieval.server_hybrid import ServerHybridRetriever
from rag.settings import Settings, get_settings
from rag.wiring import make_embedder
from rag.wiring.engines import opensearch_config


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:9200")
    parser.add_argument("--alias", default="shopassist-products")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--k", type=int, default=10)
    args = parser.parse_args()
    settings = get_settings()
    # No query-embedding cache: every timing embeds.
    embedder = make_embedder(settings.with_overrides(query_cache_size=0))
    base = replace(opensearch_config(settings, args.url), index=args.alias, timeout_s=30.0)
    os_client_side = OpenSearchEngine(base)
    variants: dict[str, HybridRetriever] = {
        "embedded": HybridRetriever.from_settings(
            LanceDBEngine(settings.index_dir, lexical_boosts=settings.lexical_boosts), embedder, settings),
        "opensearch (client fusion)": HybridRetriever.from_settings(os_client_side, embedder, settings),
    }
    # OpenSearch 2.19 has no weighted RRF (it refuses the weights), so the server's RRF
    # runs with equal leg weights; the normalization pipeline takes the app's weights.
    equal = Settings.model_validate({**settings.model_dump(), "leg_weights": {"bm25": 1.0, "dense": 1.0}})
    for pipeline, pipeline_settings, label in (("rrf", equal, "server rrf, equal weights"),
                                               ("normalization", settings, "server normalization")):
        engine = OpenSearchEngine(replace(base, hybrid_pipeline=pipeline))
        variants[f"opensearch ({label})"] = ServerHybridRetriever.from_settings(engine, embedder, pipeline_settings)
    for retriever in variants.values():
        getattr(retriever.engine, "warm_up", lambda: None)()
    products = os_client_side.count()
    queries = list(load_judgments(settings.judgments_path).queries)
    names = list(variants)
    timings: dict[str, list[float]] = {n: [] for n in names}
    overlap: dict[str, list[float]] = {n: [] for n in names}
    for q in queries:  # warm-up: models, caches, JIT, pipelines created
        for n in names:
            variants[n].retrieve(q, k=args.k)
    for r in range(args.repeat):
        for i, q in enumerate(queries):
            shift = (i + r) % len(names)
            top: dict[str, list[str]] = {}
            for n in names[shift:] + names[:shift]:
                t0 = time.perf_counter()
                result = variants[n].retrieve(q, k=args.k)
                timings[n].append((time.perf_counter() - t0) * 1000)
                top[n] = [h.product_id for h in result.hits]
            ref = set(top["embedded"])
            for n in names:
                overlap[n].append(len(ref & set(top[n])) / max(len(ref), 1))
    rows, payload = [], {}
    for n in names:
        stats = {p: percentile(timings[n], p) for p in (50, 95, 99)}
        share = sum(overlap[n]) / len(overlap[n])
        rows.append([n, stats[50], stats[95], stats[99], share])
        payload[n] = {"ms": stats, "top10_shared_with_embedded": share}
    mode = variants["embedded"].default_mode.value
    load = os.getloadavg()
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores (shared machine)")
    print(f"{len(queries)} queries x {args.repeat} repeats, mode {mode}, k={args.k}, "
          f"{settings.candidates_per_leg} candidates per leg, {products} products in OpenSearch, "
          f"query embedding ({embedder.model_id}) included")
    print(table(["variant", "p50 ms", "p95 ms", "p99 ms", "top-10 shared with embedded"], rows))
    path = write("opensearch_latency", {"variants": payload, "queries": len(queries), "repeat": args.repeat,
                                         "k": args.k, "mode": mode, "products": products, "url": args.url,
                                         "load_average_at_end": load})
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
