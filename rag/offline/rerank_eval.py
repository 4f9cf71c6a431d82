"""``python -m rag.offline.rerank_eval``: hybrid vs hybrid + rerank on judged queries.

Every judged query is retrieved once with the default hybrid retriever (top
100). Each reranker variant then rescores the top ``--top-n`` of that same
list; the timed part is the ``rerank`` call alone (tokenization + model on
``top_n`` pairs). The RRF-fused variants reuse the model scores of the
"replace" run, so their latency is the same (fusing 30 ids costs microseconds).
Metrics come from ``rag.evaluation.metrics.evaluate_run`` (unanswerable queries
left out, as in ``shopassist eval``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from collections.abc import Sequence
from pathlib import Path

from rag.evaluation.judgments import load_judgments
from rag.evaluation.metrics import METRIC_KEYS, answerable_queries, evaluate_run, percentile
from rag.rerank.base import fuse_orders
from rag.rerank.cross_encoder import CrossEncoderReranker


def _head_then_tail(order: Sequence[str], ranked: Sequence[str], top_n: int) -> list[str]:
    return list(order) + list(ranked[top_n:])


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", required=True)
    ap.add_argument("--judgments", type=Path, default=Path("data/icecat/judgments_dev.csv"))
    ap.add_argument("--top-n", type=int, default=30)
    ap.add_argument("--max-length", type=int, default=96)
    ap.add_argument("--quantize", nargs="+", default=["none", "int8"])
    ap.add_argument("--fusion-k", type=float, nargs="+", default=[20.0, 60.0])
    ap.add_argument("--first-pass-weight", type=float, nargs="+", default=[1.0, 2.0, 3.0])
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)

    from rag.catalog import load_catalog
    from rag.settings import Settings
    from rag.wiring import build_search_services

    settings = Settings()
    services = build_search_services(settings)
    judgments = load_judgments(args.judgments)
    products = {p.id: p for p in load_catalog(settings.catalog_path).products}
    first: dict[str, list] = {}
    for q in judgments.queries:
        first[q] = list(services.retriever.retrieve(q, k=100).hits)
    base_runs = {q: [h.product_id for h in hits] for q, hits in first.items()}
    modes: dict[str, dict] = {"hybrid": {k: evaluate_run(base_runs, judgments)[k] for k in METRIC_KEYS}}
    for quant in args.quantize:
        rr = CrossEncoderReranker(args.model, max_length=args.max_length, fuse_with_first_pass=False, quantize=quant)
        rr.warm_up()
        for q in list(first)[:3]:
            rr.rerank(q, first[q], products, args.top_n)
        lat, replace_runs, model_orders = [], {}, {}
        for q, hits in first.items():
            t0 = time.perf_counter()
            out = rr.rerank(q, hits, products, args.top_n)
            lat.append((time.perf_counter() - t0) * 1000)
            replace_runs[q] = [h.product_id for h in out]
            model_orders[q] = replace_runs[q][: args.top_n]
        timing = {"rerank_p50_ms": percentile(lat, 50), "rerank_p99_ms": percentile(lat, 99)}
        name = f"hybrid+rerank{args.top_n}-replace[{quant}]"
        modes[name] = {**{k: evaluate_run(replace_runs, judgments)[k] for k in METRIC_KEYS}, **timing}
        for k in args.fusion_k:
            for w in args.first_pass_weight:
                fused_runs = {}
                for q, ranked in base_runs.items():
                    head = ranked[: args.top_n]
                    s = fuse_orders(head, model_orders[q], k=k, first_weight=w)
                    fused_runs[q] = _head_then_tail(sorted(head, key=lambda pid, s=s: -s[pid]), ranked, args.top_n)
                fname = f"hybrid+rerank{args.top_n}-rrf-k{k:g}-w{w:g}[{quant}]"
                modes[fname] = {**{m: evaluate_run(fused_runs, judgments)[m] for m in METRIC_KEYS}, **timing}
    result = {
        "model": args.model,
        "top_n": args.top_n,
        "max_length": args.max_length,
        "judgments": str(args.judgments),
        "queries": len(answerable_queries(judgments)),
        "judged_queries": len(judgments),
        "modes": {m: {k: round(v, 4) for k, v in d.items()} for m, d in modes.items()},
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                    "note": "2 cores, shared with other work during the run; latency indicative"},
    }
    header = "| mode | NDCG@10 | condensed | MRR | hit@5 | recall@100 | judged@10 | rerank p50 ms | p99 ms |"
    print(header)
    print("|" + "---|" * 9)
    for m, d in modes.items():
        cells = [f"{d[k]:.3f}" for k in METRIC_KEYS]
        cells += [f"{d[k]:.0f}" if k in d else "-" for k in ("rerank_p50_ms", "rerank_p99_ms")]
        print(f"| {m} | " + " | ".join(cells) + " |")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
