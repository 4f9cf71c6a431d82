"""OpenSearch down: are shoppers still answered, and how fast does the fallback engage?

Run: ``.venv/bin/python benchmarks/opensearch_fallback.py [--queries 1000] [--budget-ms 250]``
(add ``--skip-ingest`` to leave out the second part).

Part 1, reads. The app's search services are built with
``SHOPASSIST_ENGINE=opensearch`` pointing at a cluster that is down in one of
three ways: a closed port (connection refused), a server answering 500, and
a server that accepts the request and never answers. ``--queries`` dev-set
queries (cycled) go through the default hybrid retrieval with the real query
embedding, warm, one client, k=10. For each request we record whether it was
answered (results, no exception), its latency, and how long it spent on
OpenSearch before the embedded engine took over ("engaged after"), from the
fallback events of that request. The embedded engine alone is the baseline.

Part 2, ingest. The app's index is read back into documents (records, text,
vectors: nothing is re-embedded) and written through the fallback engine
into a scratch embedded index and an osmem-server cluster (in-memory
OpenSearch API) behind a proxy that starts answering 500 after
``--fail-after`` bulk requests. Then the proxy recovers, the outbox drains,
and the cluster's documents are compared with the source, field by field.

Part 3 (``--skip-overhead`` leaves it out) times BM25 against a healthy
in-memory cluster, directly and through the breaker, interleaved.
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
import time
from pathlib import Path

import numpy as np
from common import table, write

from rag.engines.base import IndexDocument
from rag.engines.fallback import FallbackEngine, capture_fallbacks
from rag.evaluation import load_judgments, percentile
from rag.settings import get_settings
from rag.wiring import build_search_services, ensure_index, make_embedder
from tests.fault_injection import FaultyProxy, closed_port


def run_reads(services, queries: list[str]) -> dict[str, object]:
    latencies, engaged, answered, nonempty = [], [], 0, 0
    reasons: dict[str, int] = {}
    served_by_primary = 0
    for query in queries:
        with capture_fallbacks() as events:
            t0 = time.perf_counter()
            try:
                result = services.retriever.retrieve(query, k=10)
            except Exception as exc:  # counted as unanswered, and shown
                print(f"  unanswered {query!r}: {type(exc).__name__}: {exc}")
                result = None
            latencies.append((time.perf_counter() - t0) * 1000)
        if result is not None:
            answered += 1
            nonempty += bool(result.hits)
            if any(h.engine == "opensearch" for leg in result.legs.values() for h in leg):
                served_by_primary += 1
        for event in events:
            reasons[event.reason.value] = reasons.get(event.reason.value, 0) + 1
        if events:
            engaged.append(max(e.waited_ms for e in events))
    n = len(queries)
    stats = services.engine.stats() if isinstance(services.engine, FallbackEngine) else None
    return {
        "queries": n,
        "answered": answered,
        "answered_pct": 100.0 * answered / n,
        "with_results": nonempty,
        "served_by_opensearch": served_by_primary,
        "latency_ms": {p: percentile(latencies, p) for p in (50, 95, 99, 100)},
        "fallback_engaged_after_ms": {p: percentile(engaged, p) for p in (50, 99, 100)} if engaged else None,
        "requests_with_fallback": len(engaged),
        "events_by_reason": reasons,
        "breaker_opens": stats.breaker_opens if stats else 0,
        "primary_calls": stats.primary_calls if stats else 0,
    }


def reads(args, settings, embedder, queries) -> dict[str, object]:
    scenarios: dict[str, dict[str, object]] = {}
    base = build_search_services(settings, embedder=embedder)
    for q in queries[:20]:  # warm-up: index handles, model
        base.retriever.retrieve(q, k=10)
    print("embedded engine alone (baseline) ...")
    scenarios["embedded only (baseline)"] = run_reads(base, queries)
    servers = {
        "refused (closed port)": None,
        "HTTP 500 on every request": FaultyProxy(mode="error"),
        "hangs (never answers)": FaultyProxy(mode="hang"),
    }
    for name, server in servers.items():
        url = server.url if server else f"http://127.0.0.1:{closed_port()}"
        os_settings = type(settings)(**{
            **settings.model_dump(exclude_unset=True),
            "engine": "opensearch",
            "opensearch_url": url,
            "opensearch_max_retries": 0,
            "opensearch_timeout_s": 10.0,
            "fallback_latency_budget_ms": args.budget_ms,
        })
        services = build_search_services(os_settings, embedder=embedder)
        for q in queries[:20]:  # the same warm-up as the baseline, on the embedded engine directly
            services.engine.fallback.lexical(q, 100)
            services.engine.fallback.vector(embedder.embed_query(q), 100)
        print(f"OpenSearch {name} ...")
        scenarios[name] = run_reads(services, queries)
        services.engine.close()
        if server:
            server.close()
    return scenarios


def documents_from_index(index_dir: Path) -> list[IndexDocument]:
    """The app's index as documents (record, lexical text, vectors), without re-embedding."""
    import json

    import lancedb

    from rag.engines.base import LEXICAL_FIELDS
    from rag.records import product_from_dict

    db = lancedb.connect(str(index_dir))
    products = db.open_table("products").to_arrow().to_pylist()
    chunks = db.open_table("chunks").to_arrow().select(["chunk_id", "product_id", "vector"]).to_pylist()
    vectors: dict[str, list[tuple[int, list[float]]]] = {}
    for row in chunks:
        vectors.setdefault(row["product_id"], []).append((int(row["chunk_id"].rsplit("#", 1)[1]), row["vector"]))
    docs = []
    for row in products:
        ordered = [v for _, v in sorted(vectors[row["id"]])]
        docs.append(
            IndexDocument(
                product_from_dict(json.loads(row["record"])),
                {f: row[f"{f}_text"] or "" for f in LEXICAL_FIELDS},
                np.asarray(ordered, dtype=np.float32),
            )
        )
    return docs


def ingest_failure(args, index_dir: Path) -> dict[str, object]:
    from osmem_server import OsmemServer

    from rag.engines import LanceDBEngine
    from rag.engines.opensearch_dsl import IndexLayout
    from rag.engines.opensearch_engine import OpenSearchConfig, OpenSearchEngine
    from rag.engines.outbox import OUTBOX_FILE, Outbox

    t0 = time.perf_counter()
    docs = documents_from_index(index_dir)
    print(f"read {len(docs)} documents from {index_dir} in {time.perf_counter() - t0:.1f}s")
    with tempfile.TemporaryDirectory() as tmp, OsmemServer.start(japanese=False) as server:
        proxy = FaultyProxy(server.url, fail_after_bulk=args.fail_after)
        config = OpenSearchConfig(hosts=(proxy.url,), index="bench-products", layout=IndexLayout(replicas=0),
                                  timeout_s=60.0, write_retries=1, write_backoff_s=0.2)
        scratch = Path(tmp) / "index"
        engine = FallbackEngine(OpenSearchEngine(config), LanceDBEngine(scratch), outbox=Outbox(scratch / OUTBOX_FILE))
        t0 = time.perf_counter()
        for start in range(0, len(docs), args.batch):
            engine.upsert(docs[start : start + args.batch])
        write_s = time.perf_counter() - t0
        direct = OpenSearchEngine(OpenSearchConfig(hosts=(server.url,), index="bench-products", timeout_s=60.0))
        during = {
            "embedded": engine.fallback.health().products,
            "opensearch": direct.count(),
            "outbox_pending": engine.outbox.stats().pending,
        }
        print(f"after the failing ingest: {during}")
        proxy.mode = "forward"
        # As in the app: the breaker opened on the failed write, so the outbox
        # is replayed once it lets a probe through (fallback_reset_s later).
        t0 = time.perf_counter()
        drained = False
        while not drained and time.perf_counter() - t0 < 600:
            drained = engine.drain()
            if not drained:
                time.sleep(0.25)
        drain_s = time.perf_counter() - t0
        replayed = engine.stats().writes_replayed
        source = {d.product.id: d for d in docs}
        stored = {}
        from opensearchpy import helpers

        for row in helpers.scan(direct.client, index="bench-products", size=500):
            stored[row["_id"]] = row["_source"]
        mismatched = []
        for pid, doc in source.items():
            got = stored.get(pid)
            ok = (
                got is not None
                and got["content_hash"] == doc.product.content_hash
                and all(got[f] == doc.lexical.get(f, "") for f in doc.lexical)
                and got["record"] == json_record(doc)
                and np.allclose(np.array([c["vector"] for c in got["chunks"]], dtype=np.float32), doc.vectors, atol=0)
            )
            if not ok:
                mismatched.append(pid)
        proxy.close()
        return {
            "documents": len(docs),
            "bulk_requests_before_failure": args.fail_after,
            "batch": args.batch,
            "write_s": write_s,
            "during_outage": during,
            "drained": drained,
            "recovered_in_s": drain_s,
            "reset_after_s": engine.breaker.config.reset_after_s,
            "writes_replayed": replayed,
            "opensearch_after_recovery": len(stored),
            "extra_in_opensearch": len(set(stored) - set(source)),
            "mismatched": len(mismatched),
            "mismatched_sample": mismatched[:5],
        }


def breaker_overhead(args, settings, queries: list[str]) -> dict[str, object]:
    """What the breaker costs when OpenSearch is healthy: BM25 on osmem-server
    (the catalog's lexical fields), called directly and through the fallback engine."""
    from osmem_server import OsmemServer

    from rag.engines import LanceDBEngine
    from rag.engines.opensearch_dsl import IndexLayout
    from rag.engines.opensearch_engine import OpenSearchConfig, OpenSearchEngine

    docs = documents_from_index(settings.index_dir)
    with OsmemServer.start(japanese=False) as server:
        primary = OpenSearchEngine(OpenSearchConfig(hosts=(server.url,), index="bench-overhead",
                                                    layout=IndexLayout(replicas=0), timeout_s=60.0))
        for start in range(0, len(docs), 1000):
            primary.upsert(docs[start : start + 1000])
        wrapped = FallbackEngine(primary, LanceDBEngine(settings.index_dir))
        for q in queries[:50]:  # warm both paths
            primary.lexical(q, 100)
            wrapped.lexical(q, 100)
        timings: dict[str, list[float]] = {"direct": [], "through the breaker": []}
        for q in queries:  # interleaved, so both see the same machine load
            for name, engine in (("direct", primary), ("through the breaker", wrapped)):
                t0 = time.perf_counter()
                hits = engine.lexical(q, 100)
                timings[name].append((time.perf_counter() - t0) * 1000)
                assert all(h.engine == "opensearch" for h in hits)
        wrapped.close()
    out = {name: {p: percentile(v, p) for p in (50, 95, 99)} for name, v in timings.items()}
    out["added_p50_ms"] = out["through the breaker"][50] - out["direct"][50]
    return out


def json_record(doc: IndexDocument) -> dict[str, object]:
    import json

    from rag.records import product_to_dict

    return json.loads(json.dumps(product_to_dict(doc.product)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--budget-ms", type=float, default=None, help="default: the settings' fallback_latency_budget_ms")
    parser.add_argument("--skip-ingest", action="store_true")
    parser.add_argument("--skip-reads", action="store_true")
    parser.add_argument("--skip-overhead", action="store_true")
    parser.add_argument("--fail-after", type=int, default=30, help="bulk requests forwarded before the failure")
    parser.add_argument("--batch", type=int, default=256)
    args = parser.parse_args()
    settings = get_settings()
    settings = type(settings)(**{**settings.model_dump(exclude_unset=True), "query_cache_size": 0})
    if args.budget_ms is None:
        args.budget_ms = settings.fallback_latency_budget_ms
    ensure_index(settings)
    embedder = make_embedder(settings)
    dev = list(load_judgments(settings.judgments_path).queries)
    queries = list(itertools.islice(itertools.cycle(dev), args.queries))
    scenarios = {} if args.skip_reads else reads(args, settings, embedder, queries)
    rows = []
    for name, r in scenarios.items():
        engaged = r["fallback_engaged_after_ms"] or {}
        lat = r["latency_ms"]
        rows.append([
            name, f"{r['answered']}/{r['queries']}", f"{r['answered_pct']:.1f}%", lat[50], lat[99], lat[100],
            engaged.get(100, "-") if engaged else "-", r["requests_with_fallback"], r["breaker_opens"],
            r["primary_calls"],
        ])
    if rows:
        print(f"\n{args.queries} queries (dev set cycled), hybrid retrieval with query embedding, k=10, "
              f"latency budget {args.budget_ms:.0f} ms")
        print(table(["OpenSearch", "answered", "%", "p50 ms", "p99 ms", "max ms", "engaged after, max ms",
                     "requests with fallback", "breaker opens", "calls sent to OpenSearch"], rows))
    payload: dict[str, object] = {"budget_ms": args.budget_ms, "queries": args.queries, "reads": scenarios}
    if not args.skip_ingest:
        ingest = ingest_failure(args, settings.index_dir)
        payload["ingest"] = ingest
        print("\nOpenSearch failing mid-ingest, then recovering:")
        print(table(
            ["documents", "in OpenSearch during outage", "queued", "replayed", "recovered in s (incl. breaker reset)",
             "in OpenSearch after", "mismatched"],
            [[ingest["documents"], ingest["during_outage"]["opensearch"], ingest["during_outage"]["outbox_pending"],
              ingest["writes_replayed"], ingest["recovered_in_s"], ingest["opensearch_after_recovery"], ingest["mismatched"]]],
        ))
    if not args.skip_overhead:
        overhead = breaker_overhead(args, settings, queries)
        payload["breaker_overhead"] = overhead
        print(f"\nOpenSearch healthy (osmem-server, BM25 top 100, {len(queries)} queries): what the breaker adds")
        print(table(["path", "p50 ms", "p95 ms", "p99 ms"],
                    [[n, v[50], v[95], v[99]] for n, v in overhead.items() if isinstance(v, dict)]))
    path = write("opensearch_fallback", payload)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
