"""Retrieval + rerank latency on the full catalog (warm, one client).

Run: ``.venv/bin/python benchmarks/rerank_latency.py [--repeat 3] [--top-n 30]``
Builds the app's index first if it is missing. Each dev-set query goes
through the default first pass (query understanding + hybrid retrieval, with
an uncached query embedding) and then the configured reranker over the top
``--top-n``, the way ``shopassist search`` runs it. Rows:

* ``first pass``: retrieval alone (the baseline);
* ``+ rerank (always)``: every query reranked, no score cache (the issue's
  target is p99 <= 250 ms for the top 30);
* ``+ rerank (auto)``: the ``auto`` policy, reranking multi-word queries only;
* ``+ rerank (always, scores cached)``: the same queries again with the
  rerank-score cache warm, i.e. a repeated query.

The model is loaded and warmed before timing. Timings are wall clock per query.
"""

from __future__ import annotations

import argparse
import os
import time

from common import table, write

from rag.evaluation import load_judgments, percentile
from rag.rerank.cached import CachingReranker
from rag.rerank.stage import RerankTrigger, rerank_with_policy
from rag.settings import RerankPolicy, get_settings
from rag.wiring import build_search_services, ensure_index, make_reranker


def _stats(values: list[float]) -> dict[str, float | None]:
    return {f"p{p}": percentile(values, p) for p in (50, 95, 99)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--top-n", type=int, default=30)
    args = parser.parse_args()
    if args.repeat < 1 or args.top_n < 1:
        parser.error("--repeat and --top-n must be >= 1")
    base = get_settings().with_overrides(query_cache_size=0, rerank_cache_size=0)
    ensure_index(base)
    services = build_search_services(base)
    understanding = services.understanding
    reranker = make_reranker(base)  # uncached
    cached = make_reranker(base.with_overrides(rerank_cache_size=65536))
    queries = list(load_judgments(base.judgments_path).queries)
    engine = services.engine

    def run(trigger: RerankTrigger | None, scorer, times: list[float], stages: dict[str, list[float]], fired: list[bool]):
        for query in queries:
            t0 = time.perf_counter()
            result = understanding.retrieve(query, k=args.top_n).result
            if trigger is not None:
                outcome = rerank_with_policy(trigger, scorer, engine, query, result, args.top_n)
                result = outcome.result
                fired.append(outcome.decision.rerank)
            times.append((time.perf_counter() - t0) * 1000)
            for name, ms in result.timings_ms.items():
                stages.setdefault(name, []).append(ms)

    variants = {
        "first pass (hybrid+qu)": (None, None),
        f"+ rerank top {args.top_n} (always)": (RerankTrigger(RerankPolicy.ALWAYS), reranker),
        f"+ rerank top {args.top_n} (auto)": (RerankTrigger(RerankPolicy.AUTO, base.rerank_auto_min_words), reranker),
        f"+ rerank top {args.top_n} (always, scores cached)": (RerankTrigger(RerankPolicy.ALWAYS), cached),
    }
    load_before = os.getloadavg()
    # Warm-up: load the model, touch every query once (index pages, tokenizer),
    # and fill the score cache for the cached row.
    reranker.warm_up()
    cached.warm_up()
    run(RerankTrigger(RerankPolicy.ALWAYS), reranker, [], {}, [])
    run(RerankTrigger(RerankPolicy.ALWAYS), cached, [], {}, [])
    rows, payload = [], {}
    for name, (trigger, scorer) in variants.items():
        times: list[float] = []
        stages: dict[str, list[float]] = {}
        fired: list[bool] = []
        for _ in range(args.repeat):
            run(trigger, scorer, times, stages, fired)
        stats = _stats(times)
        rerank_ms = stages.get("rerank", [])
        share = sum(fired) / len(fired) if fired else 0.0
        rows.append([name, stats["p50"], stats["p95"], stats["p99"],
                     percentile(rerank_ms, 50) if rerank_ms else "-", f"{share:.0%}"])
        payload[name] = {
            "total_ms": stats,
            "rerank_stage_ms": _stats(rerank_ms) if rerank_ms else None,
            "reranked_share": share,
            "stages_ms": {s: {"p50": percentile(v, 50), "p99": percentile(v, 99)} for s, v in stages.items()},
        }
    stats = cached.stats() if isinstance(cached, CachingReranker) else None
    load_after = os.getloadavg()
    print(f"load average (1, 5, 15 min) before {load_before}, after {load_after}: other work on the machine "
          "makes these figures slower and noisier")
    print(f"{len(queries)} queries x {args.repeat} repeats, rerank top {args.top_n}, catalog "
          f"{engine.health().products} products, reranker {base.reranker_model} ({base.rerank_quantize}, "
          f"max length {base.rerank_max_length})")
    print(table(["pipeline", "p50 ms", "p95 ms", "p99 ms", "rerank stage p50 ms", "reranked"], rows))
    path = write("rerank_latency", {
        "variants": payload,
        "queries": len(queries),
        "repeat": args.repeat,
        "top_n": args.top_n,
        "reranker": {"model": base.reranker_model, "quantize": base.rerank_quantize,
                     "max_length": base.rerank_max_length},
        "score_cache": None if stats is None else {"hits": stats.hits, "misses": stats.misses},
        "target_p99_ms": 250,
        "load_average": {"before": load_before, "after": load_after},
    })
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
