"""Bulk-load the embedded index's catalog into a real OpenSearch: time, index size, heap.

Run (a node from ``make opensearch``, the app's index built by ``shopassist ingest``)::

    .venv/bin/python benchmarks/opensearch_ingest.py --url http://127.0.0.1:9200

Reads the embedded index (``SHOPASSIST_INDEX_DIR``) read-only and writes every
stored document (record, lexical text, vectors: no re-embedding) into a fresh
index behind ``--alias`` through the engine's own bulk path
(``OpenSearchEngine.upsert``, the same calls ``shopassist opensearch sync
--backfill`` makes). Reports documents per second, the index's store size
(primaries, after a refresh and a flush), its segment count and the node's
JVM heap (used and max) before and after. The alias stays for the eval and
latency benchmarks unless ``--drop``.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace

from common import table, write

from rag.engines.lancedb_engine import LanceDBEngine
from rag.engines.opensearch_engine import OpenSearchEngine
from rag.settings import get_settings
from rag.wiring.engines import opensearch_config


def _heap(client) -> dict[str, float]:
    nodes = client.nodes.stats(metric="jvm")["nodes"]
    mem = [n["jvm"]["mem"] for n in nodes.values()]
    return {"used_mb": sum(m["heap_used_in_bytes"] for m in mem) / 2**20,
            "max_mb": sum(m["heap_max_in_bytes"] for m in mem) / 2**20}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:9200")
    parser.add_argument("--alias", default="shopassist-products")
    parser.add_argument("--batch", type=int, default=500, help="documents per upsert call (bulk chunk)")
    parser.add_argument("--replicas", type=int, default=0)
    parser.add_argument("--drop", action="store_true", help="delete the index afterwards")
    args = parser.parse_args()
    settings = get_settings()
    embedded = LanceDBEngine(settings.index_dir)
    ids = sorted(embedded.content_hashes())
    if not ids:
        raise SystemExit(f"no embedded index at {settings.index_dir}: run `shopassist ingest` first")
    base = opensearch_config(settings, args.url)
    config = replace(base, index=args.alias, bulk_chunk=args.batch, timeout_s=120.0,
                     layout=replace(base.layout, replicas=args.replicas))
    engine = OpenSearchEngine(config)
    client = engine.client
    heap_before = _heap(client)
    engine.begin_rebuild()  # a fresh index behind the staging alias, published at the end
    export_s = index_s = 0.0
    t_all = time.perf_counter()
    for start in range(0, len(ids), args.batch):
        t0 = time.perf_counter()
        docs = embedded.export_documents(ids[start : start + args.batch])
        t1 = time.perf_counter()
        engine.upsert(docs)  # bulk + refresh, like every engine write
        t2 = time.perf_counter()
        export_s += t1 - t0
        index_s += t2 - t1
    engine.publish_rebuild()
    total_s = time.perf_counter() - t_all
    client.indices.flush(index=args.alias)
    (concrete,) = client.indices.get_alias(name=args.alias)
    stats = client.indices.stats(index=concrete, metric="store,segments,docs")["indices"][concrete]["primaries"]
    heap_after = _heap(client)
    count = engine.count()
    size_mb = stats["store"]["size_in_bytes"] / 2**20
    rows = [
        ["products", count],
        ["total s (export + bulk)", total_s],
        ["bulk into OpenSearch s", index_s],
        ["reading the embedded index s", export_s],
        ["products / s into OpenSearch", count / index_s],
        ["index size MB (primaries, flushed)", size_mb],
        ["segments", stats["segments"]["count"]],
        ["heap used MB before / after", f"{heap_before['used_mb']:.0f} / {heap_after['used_mb']:.0f}"],
        ["heap max MB", heap_after["max_mb"]],
    ]
    print(f"embedded index {settings.index_dir} -> {args.url} alias {args.alias} ({concrete})")
    print(table(["what", "value"], rows))
    path = write("opensearch_ingest", {
        "products": count, "total_s": total_s, "bulk_s": index_s, "export_s": export_s,
        "products_per_s": count / index_s, "index_size_mb": size_mb, "segments": stats["segments"]["count"],
        "heap_before_mb": heap_before, "heap_after_mb": heap_after, "batch": args.batch,
        "replicas": args.replicas, "alias": args.alias,
    })
    print(f"wrote {path}")
    if args.drop:
        client.indices.delete(index=concrete)


if __name__ == "__main__":
    main()
