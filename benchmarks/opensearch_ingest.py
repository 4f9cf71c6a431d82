"""Bulk-load the embedded index's catalog into a real OpenSearch: time, index size, heap.

Run (a node from ``make opensearch``, the app's index built by ``shopassist ingest``)::

    .venv/bin/python benchmarks/opensearch_ingest.py --url http://127.0.0.1:9200
    .venv/bin/python benchmarks/opensearch_ingest.py --url http://127.0.0.1:9200 \
        --synthetic 100000 --alias shopassist-synthetic --drop

Reads the embedded index (``SHOPASSIST_INDEX_DIR``) read-only and writes every
stored document (record, lexical text, vectors: no re-embedding) into a fresh
index behind ``--alias`` through the engine's own bulk path
(``OpenSearchEngine.upsert``, the same calls ``shopassist opensearch sync
--backfill`` makes). Reports documents per second, the index's store size
(primaries, after a refresh and a flush), its segment count and the node's
JVM heap (used and max) before, at its peak (read after every batch) and
after. The alias stays for the eval and latency benchmarks unless ``--drop``.

The rebuild's staging index is written without a refresh per batch and is
refreshed and force-merged to one segment when it is published
(``publish_rebuild``); that step is timed on its own and is part of the total.

``--synthetic N`` loads an N-product catalog instead: the real products (from
the embedded index, as above), then variants of them from
``benchmarks/synthetic.py`` (another brand of the category, a mutated model
code, neighbouring specs, a jittered price). A variant's vector is its source's
plus a residual measured on ``--sample`` variants embedded with the real model
(the same method as ``benchmarks/scale.py``), so only that sample is embedded.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Iterator
from dataclasses import replace

import numpy as np
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


def _real_batches(embedded: LanceDBEngine, ids: list[str], batch: int) -> Iterator[list]:
    for start in range(0, len(ids), batch):
        yield embedded.export_documents(ids[start : start + batch])


def _synthetic_batches(settings, embedded: LanceDBEngine, ids: list[str], size: int, batch: int,
                       sample: int, seed: int = 13) -> tuple[Iterator[list], dict[str, object]]:
    """The real products, then variants up to ``size`` (see the module docstring)."""
    from synthetic import CatalogSynthesizer, VectorSynthesizer

    from rag.catalog import load_catalog
    from rag.indexing.documents import DocumentBuilder, build_documents
    from rag.wiring import make_embedder

    real = {d.product.id: d for start in range(0, len(ids), 2000)
            for d in embedded.export_documents(ids[start : start + 2000])}
    products = [p for p in load_catalog(settings.catalog_path, currency=settings.currency).products if p.id in real]
    if size <= len(products):
        raise SystemExit(f"--synthetic {size} must exceed the real catalog's {len(products)} products")
    sources = np.stack([np.asarray(real[p.id].vectors[0], dtype=np.float32) for p in products])
    synth = CatalogSynthesizer(products, seed=seed)
    builder = DocumentBuilder()
    numbers = list(range(synth.real_size, synth.real_size + min(sample, size - synth.real_size)))
    t0 = time.perf_counter()
    measured = make_embedder(settings).embed_documents(
        [builder.embedded_text(synth.product(i)) for i in numbers]).astype(np.float32)
    calibration = {"sample": len(numbers), "embed_s": time.perf_counter() - t0}
    residuals = VectorSynthesizer.residuals(measured, sources[[synth.source_of(i) for i in numbers]])
    vectors = VectorSynthesizer(sources, residuals, embedded=dict(zip(numbers, measured, strict=True)), seed=seed)

    def batches() -> Iterator[list]:
        for lo in range(0, len(products), batch):
            yield [real[p.id] for p in products[lo : lo + batch]]
        for rng in synth.batches(size, batch, start=synth.real_size):
            variants = [synth.product(i) for i in rng]
            vecs = vectors.vectors(list(rng), [synth.source_of(i) for i in rng])
            yield build_documents(variants, vecs, [1] * len(variants), builder)

    return batches(), calibration


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:9200")
    parser.add_argument("--alias", default="shopassist-products")
    parser.add_argument("--batch", type=int, default=500, help="documents per upsert call (bulk chunk)")
    parser.add_argument("--replicas", type=int, default=0)
    parser.add_argument("--drop", action="store_true", help="delete the index afterwards")
    parser.add_argument("--synthetic", type=int, default=0, metavar="N",
                        help="load an N-product catalog: the real one plus synthetic variants")
    parser.add_argument("--sample", type=int, default=300, help="variants embedded for real (--synthetic)")
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
    calibration: dict[str, object] = {}
    if args.synthetic:
        batches, calibration = _synthetic_batches(settings, embedded, ids, args.synthetic, args.batch, args.sample)
    else:
        batches = _real_batches(embedded, ids, args.batch)
    engine.begin_rebuild()  # a fresh index behind the staging alias, published at the end
    export_s = index_s = 0.0
    heap_peak = heap_before["used_mb"]
    t_all = time.perf_counter()
    while True:
        t0 = time.perf_counter()
        docs = next(batches, None)
        if docs is None:
            break
        t1 = time.perf_counter()
        engine.upsert(docs)  # the engine's bulk path (staging: no refresh per batch)
        t2 = time.perf_counter()
        export_s += t1 - t0
        index_s += t2 - t1
        heap_peak = max(heap_peak, _heap(client)["used_mb"])
    t0 = time.perf_counter()
    engine.publish_rebuild()  # refresh, force-merge to one segment, swap the alias
    publish_s = time.perf_counter() - t0
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
        ["reading / generating the documents s", export_s],
        ["publish s (refresh + force-merge to 1 segment)", publish_s],
        ["products / s into OpenSearch (bulk + publish)", count / (index_s + publish_s)],
        ["index size MB (primaries, flushed)", size_mb],
        ["segments", stats["segments"]["count"]],
        ["heap used MB before / peak / after",
         f"{heap_before['used_mb']:.0f} / {heap_peak:.0f} / {heap_after['used_mb']:.0f}"],
        ["heap max MB", heap_after["max_mb"]],
    ]
    source = f"synthetic catalog of {args.synthetic:,}" if args.synthetic else f"embedded index {settings.index_dir}"
    print(f"{source} -> {args.url} alias {args.alias} ({concrete})")
    print(table(["what", "value"], rows))
    load = os.getloadavg()
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores")
    name = f"opensearch_ingest_synthetic_{args.synthetic}" if args.synthetic else "opensearch_ingest"
    path = write(name, {
        "products": count, "total_s": total_s, "bulk_s": index_s, "publish_s": publish_s, "export_s": export_s,
        "products_per_s": count / (index_s + publish_s), "index_size_mb": size_mb,
        "segments": stats["segments"]["count"], "heap_before_mb": heap_before, "heap_peak_used_mb": heap_peak,
        "heap_after_mb": heap_after, "batch": args.batch, "replicas": args.replicas, "alias": args.alias,
        "synthetic": args.synthetic or None, "calibration": calibration, "load_average_at_end": load,
    })
    print(f"wrote {path}")
    if args.drop:
        client.indices.delete(index=concrete)


if __name__ == "__main__":
    main()
