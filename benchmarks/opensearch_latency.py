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

Where the time goes: each variant's median per stage (query embedding, each
leg's round trip as the client sees it, fusion), and from the node's own
counters over the timed rounds the server's mean time per search (query and
fetch phases), the wait in the search thread pool's queue, and the young
garbage collections (count, total pause). The index's segment count is
printed first: every segment is its own HNSW graph and postings, so an index
loaded in many bulk calls and never merged pays per query for each one;
``--force-merge`` merges it to one segment first (what ``publish_rebuild``
does after a rebuild).
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
from rag.wiring.engines import EMBEDDED_COMBINE, opensearch_config


def _node_counters(client) -> dict[str, float]:
    """Cumulative search and GC counters summed over the cluster's nodes."""
    nodes = client.nodes.stats(metric="indices,jvm,thread_pool", index_metric="search")["nodes"].values()
    out = {"query_total": 0.0, "query_ms": 0.0, "fetch_total": 0.0, "fetch_ms": 0.0, "queue_wait_ms": 0.0,
           "young_gc": 0.0, "young_gc_ms": 0.0, "old_gc": 0.0}
    for n in nodes:
        search = n["indices"]["search"]
        out["query_total"] += search["query_total"]
        out["query_ms"] += search["query_time_in_millis"]
        out["fetch_total"] += search["fetch_total"]
        out["fetch_ms"] += search["fetch_time_in_millis"]
        out["queue_wait_ms"] += n["thread_pool"]["search"].get("total_wait_time_in_nanos", 0) / 1e6
        gc = n["jvm"]["gc"]["collectors"]
        out["young_gc"] += gc["young"]["collection_count"]
        out["young_gc_ms"] += gc["young"]["collection_time_in_millis"]
        out["old_gc"] += gc["old"]["collection_count"]
    return out


def _segments(client, alias: str) -> int:
    indices = client.indices.segments(index=alias)["indices"]
    return sum(len(copy["segments"]) for index in indices.values() for shard in index["shards"].values()
               for copy in shard if copy["routing"]["primary"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:9200")
    parser.add_argument("--alias", default="shopassist-products")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--force-merge", action="store_true", help="merge the index to one segment first")
    parser.add_argument("--name", default="opensearch_latency", help="results file name (benchmarks/results/NAME.json)")
    args = parser.parse_args()
    settings = get_settings()
    # No query-embedding cache: every timing embeds.
    embedder = make_embedder(settings.with_overrides(query_cache_size=0))
    base = replace(opensearch_config(settings, args.url), index=args.alias, timeout_s=30.0)
    os_client_side = OpenSearchEngine(base)
    variants: dict[str, HybridRetriever] = {
        "embedded": HybridRetriever.from_settings(
            LanceDBEngine(settings.index_dir, lexical_boosts=settings.lexical_boosts,
                          lexical_combine=EMBEDDED_COMBINE[settings.lexical_combine]), embedder, settings),
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
    client = os_client_side.client
    if args.force_merge:
        os_client_side.force_merge()
    segments = _segments(client, args.alias)
    print(f"{products} products in OpenSearch alias {args.alias}: {segments} segment(s) in the primary copies")
    queries = list(load_judgments(settings.judgments_path).queries)
    names = list(variants)
    timings: dict[str, list[float]] = {n: [] for n in names}
    overlap: dict[str, list[float]] = {n: [] for n in names}
    stages: dict[str, dict[str, list[float]]] = {n: {} for n in names}
    for q in queries:  # warm-up: models, caches, JIT, pipelines created
        for n in names:
            variants[n].retrieve(q, k=args.k)
    before = _node_counters(client)
    for r in range(args.repeat):
        for i, q in enumerate(queries):
            shift = (i + r) % len(names)
            top: dict[str, list[str]] = {}
            for n in names[shift:] + names[:shift]:
                t0 = time.perf_counter()
                result = variants[n].retrieve(q, k=args.k)
                timings[n].append((time.perf_counter() - t0) * 1000)
                top[n] = [h.product_id for h in result.hits]
                for stage, ms in result.timings_ms.items():
                    stages[n].setdefault(stage, []).append(ms)
            ref = set(top["embedded"])
            for n in names:
                overlap[n].append(len(ref & set(top[n])) / max(len(ref), 1))
    after = _node_counters(client)
    delta = {key: after[key] - before[key] for key in after}
    server = {
        "searches": delta["query_total"],
        "query_ms_per_search": delta["query_ms"] / max(delta["query_total"], 1),
        "fetch_ms_per_search": delta["fetch_ms"] / max(delta["fetch_total"], 1),
        "queue_wait_ms_per_search": delta["queue_wait_ms"] / max(delta["query_total"], 1),
        "young_gc": delta["young_gc"], "young_gc_ms": delta["young_gc_ms"], "old_gc": delta["old_gc"],
    }
    rows, payload, stage_rows = [], {}, []
    for n in names:
        stats = {p: percentile(timings[n], p) for p in (50, 95, 99)}
        share = sum(overlap[n]) / len(overlap[n])
        rows.append([n, stats[50], stats[95], stats[99], share])
        medians = {stage: percentile(v, 50) for stage, v in stages[n].items()}
        stage_rows.append([n, *(medians.get(stage, "-") for stage in ("embed", "bm25", "dense", "hybrid", "fusion"))])
        payload[n] = {"ms": stats, "top10_shared_with_embedded": share, "stage_p50_ms": medians}
    mode = variants["embedded"].default_mode.value
    load = os.getloadavg()
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores (shared machine)")
    print(f"{len(queries)} queries x {args.repeat} repeats, mode {mode}, k={args.k}, "
          f"{settings.candidates_per_leg} candidates per leg, {products} products in OpenSearch, "
          f"query embedding ({embedder.model_id}) included")
    print(table(["variant", "p50 ms", "p95 ms", "p99 ms", "top-10 shared with embedded"], rows))
    print("where the time goes (median ms per stage; bm25 runs beside embed + dense):")
    print(table(["variant", "embed", "bm25", "dense", "hybrid", "fusion"], stage_rows))
    print(f"OpenSearch over the timed rounds: {server['searches']:.0f} searches, server query phase "
          f"{server['query_ms_per_search']:.2f} ms + fetch {server['fetch_ms_per_search']:.2f} ms per search (mean), "
          f"search queue wait {server['queue_wait_ms_per_search']:.2f} ms per search, "
          f"{server['young_gc']:.0f} young GCs ({server['young_gc_ms']:.0f} ms in all), {server['old_gc']:.0f} old")
    path = write(args.name, {"variants": payload, "queries": len(queries), "repeat": args.repeat,
                                         "k": args.k, "mode": mode, "products": products, "url": args.url,
                                         "segments": segments, "server": server, "load_average_at_end": load})
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
