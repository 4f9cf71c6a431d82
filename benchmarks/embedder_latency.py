"""CPU cost of embedders side by side: per query (one at a time, as a search does) and per document.

Run: ``.venv/bin/python benchmarks/embedder_latency.py --model packaged:minilm-int8 --model models/embedder/X``
(``--name`` for the JSON file under benchmarks/results). Every model embeds the same texts:

* queries: shopper-style queries written from the catalog (``rag.offline.embedder_queries``; no
  dev query), embedded one at a time through ``embed_query`` with the serving settings
  (one intra-op thread, as the server runs a query), after a warm-up; CPU-ms and wall-ms p50/p90;
* documents: a fixed random sample of the texts ingest embeds (``document_builder(settings)``),
  in one ``embed_documents`` call with the default batch size; CPU-ms per text.

CPU time is the steady figure on a shared machine; wall time is printed beside it with the
load average. Also printed: the cosine of each model's document vectors with the first model's
(1.0 = the same vectors; none for a model of another dimension), a check that an export did not break the model.
"""

from __future__ import annotations

import argparse
import os
import random
import time

import numpy as np
from common import table, write

from rag.catalog import load_catalog
from rag.embeddings import build_embedder
from rag.offline.embedder_queries import product_queries
from rag.settings import Settings
from rag.wiring import document_builder


def _pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values), q))


def measure(model: str, queries: list[str], texts: list[str], settings: Settings) -> tuple[dict, np.ndarray]:
    embedder = build_embedder(model, tokenizer=settings.embedding_tokenizer, max_tokens=settings.embedding_max_tokens,
                              batch_size=settings.embedding_batch_size, models_dir=settings.models_dir)
    for q in queries[:20]:  # load the model and warm up outside the timing
        embedder.embed_query(q)
    cpu_ms, wall_ms = [], []
    for q in queries:
        c, w = time.process_time(), time.perf_counter()
        embedder.embed_query(q)
        cpu_ms.append(1000 * (time.process_time() - c))
        wall_ms.append(1000 * (time.perf_counter() - w))
    embedder.embed_documents(texts[:16])
    c, w = time.process_time(), time.perf_counter()
    vectors = embedder.embed_documents(texts)
    doc_cpu, doc_wall = time.process_time() - c, time.perf_counter() - w
    return {
        "model": model,
        "queries": len(queries),
        "query_cpu_ms_p50": _pct(cpu_ms, 50),
        "query_cpu_ms_p90": _pct(cpu_ms, 90),
        "query_wall_ms_p50": _pct(wall_ms, 50),
        "query_wall_ms_p90": _pct(wall_ms, 90),
        "documents": len(texts),
        "doc_cpu_ms_per_text": 1000 * doc_cpu / len(texts),
        "doc_wall_s": doc_wall,
    }, vectors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", action="append", required=True, help="embedding_model values (repeatable)")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--texts", type=int, default=512)
    parser.add_argument("--name", default="embedder_latency")
    args = parser.parse_args()
    settings = Settings()
    products = load_catalog(settings.catalog_path, currency=settings.currency).products
    rng = random.Random(0)
    queries = rng.sample(sorted({q for q, _, _ in product_queries(products, seed=99)}), args.queries)
    builder = document_builder(settings)
    texts = rng.sample([builder.embedded_text(p) for p in products], args.texts)
    rows, results, reference = [], [], None
    for model in args.model:
        result, vectors = measure(model, queries, texts, settings)
        reference = vectors if reference is None else reference
        same_space = vectors.shape == reference.shape  # another model's vectors live in another space
        result["doc_cosine_with_first"] = float(np.mean(np.sum(vectors * reference, axis=1))) if same_space else None
        results.append(result)
        rows.append([model, result["query_cpu_ms_p50"], result["query_cpu_ms_p90"], result["query_wall_ms_p50"],
                     result["doc_cpu_ms_per_text"], result["doc_cosine_with_first"]])
    load = os.getloadavg()
    print(f"{len(queries)} queries one at a time, {len(texts)} catalog texts; load average {load[0]:.1f}")
    print(table(["model", "query CPU ms p50", "p90", "query wall ms p50", "doc CPU ms/text", "cos with first"], rows))
    path = write(args.name, {"load_average": load, "rows": results})
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
