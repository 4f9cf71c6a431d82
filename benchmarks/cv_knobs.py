"""Every tuned retrieval knob chosen by cross-validation over the dev queries.

Run: ``.venv/bin/python benchmarks/cv_knobs.py`` (needs the app's index; the
rerank grid dominates the time). For each knob a small grid of global values
is run over every judged query on the default path (hybrid + query
understanding), the others at their current settings; then
``rag.evaluation.cv.cross_validate`` picks a value on the training folds and
scores it on the held-out fold (5 folds, near-duplicate queries together, mean
of 3 fold seeds). The table shows, for each knob and each view of the
judgments (the original pool, then with the added judgments stacked on): the
plain default's NDCG@10, the best value in sample, the out-of-fold figure of
tuning, and the verdict (a knob that does not win out of fold stays at its
plain default). judged@10 is the lowest of the knob's candidates: a view where
it is below 1.00 is not a result for that knob.

``--pool-out FILE`` also writes the candidates' unjudged top-10 pairs under
the last view (the pool format of ``shopassist judge-pool``), to be rated
before the figures are read.
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path

from common import table, write

from rag.evaluation.cv import cross_validate
from rag.evaluation.judgments import Judgments, judgment_views, load_judgments_stack
from rag.evaluation.metrics import answerable_queries, evaluate_queries, judged_at_k
from rag.evaluation.pool import pool_rows, unjudged_pool, write_pool
from rag.evaluation.runner import ModeRun, Runner, reranking_runner, run_mode, understanding_runner
from rag.settings import (
    CategoryMode,
    FusionMode,
    LexicalCombine,
    Normalization,
    RerankPolicy,
    Settings,
    get_settings,
)
from rag.wiring import engine_factory, make_embedder, make_understanding
from rag.wiring.retrieval import make_retriever

EQUAL = {"title": 1.0, "brand": 1.0, "category": 1.0, "body": 1.0}
#: Settings the engine is built with: a candidate that sets one gets its own engine.
ENGINE_KNOBS = frozenset({"lexical_boosts", "lexical_combine", "opensearch_hnsw_ef_search"})

#: knob -> (plain default, {candidate name: setting overrides}). The plain
#: default is the untuned value; the first entry of each grid.
GRID: dict[str, tuple[str, dict[str, dict[str, object]]]] = {
    "fusion": ("rrf k=60, equal weights", {
        "rrf k=60, equal weights": {"fusion_mode": FusionMode.RRF, "rrf_k": 60.0, "leg_weights": {"bm25": 1.0, "dense": 1.0}},
        **{f"rrf k={k}, dense {w}x": {"fusion_mode": FusionMode.RRF, "rrf_k": float(k), "leg_weights": {"bm25": 1.0, "dense": w}}
           for k in (20, 60) for w in (1.0, 1.5, 2.0, 3.0) if (k, w) != (60, 1.0)},
        **{f"linear {n.value}, dense {w}x": {"fusion_mode": FusionMode.LINEAR, "linear_normalization": n,
                                            "leg_weights": {"bm25": 1.0, "dense": w}}
           for n in (Normalization.MINMAX, Normalization.ZSCORE) for w in (1.0, 2.0)},
    }),
    "lexical field boosts": ("equal", {
        "equal": {"lexical_boosts": EQUAL},
        "title 2x": {"lexical_boosts": EQUAL | {"title": 2.0}},
        "title 2, category 1.5": {"lexical_boosts": EQUAL | {"title": 2.0, "category": 1.5}},
        "no category field": {"lexical_boosts": EQUAL | {"category": 0.0}},
        "body 0.5": {"lexical_boosts": EQUAL | {"body": 0.5}},
        "brand 2x": {"lexical_boosts": EQUAL | {"brand": 2.0}},
    }),
    # Both engines: a product's BM25 score from its best field or the sum of its fields
    # (the plain default is the sum, OpenSearch's multi_match default before; docs/opensearch.md).
    "lexical combine": ("most fields", {
        "most fields": {"lexical_combine": LexicalCombine.MOST_FIELDS},
        "best fields": {"lexical_combine": LexicalCombine.BEST_FIELDS},
    }),
    # OpenSearch only (the embedded engine ignores it): how far the lucene HNSW search
    # looks for the k=100 candidates of the dense leg.
    "k-NN ef_search (OpenSearch)": ("ef 100", {
        f"ef {n}": {"opensearch_hnsw_ef_search": n} for n in (100, 200, 400, 1000)
    }),
    "product type (category mode, boost)": ("off", {
        "off": {"category_mode": CategoryMode.OFF},
        **{f"boost {b}": {"category_mode": CategoryMode.BOOST, "category_boost": b} for b in (0.1, 0.25, 0.5, 1.0)},
        "filter": {"category_mode": CategoryMode.FILTER},
    }),
    # The widest top-n first: its scores fill the shared cache for the others.
    "rerank (policy, top-n, first-pass weight)": ("never", {
        "never": {"rerank_policy": RerankPolicy.NEVER},
        "always, top 50, fp 3x": {"rerank_policy": RerankPolicy.ALWAYS, "rerank_top_n": 50, "rerank_first_pass_weight": 3.0},
        **{f"always, top {n}, fp 3x": {"rerank_policy": RerankPolicy.ALWAYS, "rerank_top_n": n, "rerank_first_pass_weight": 3.0}
           for n in (10, 20, 30)},
        **{f"always, top 30, fp {w}x": {"rerank_policy": RerankPolicy.ALWAYS, "rerank_top_n": 30, "rerank_first_pass_weight": w}
           for w in (1.0, 10.0)},
        **{f"auto (>= {m} words), top 30, fp 3x": {"rerank_policy": RerankPolicy.AUTO, "rerank_auto_min_words": m,
                                                   "rerank_top_n": 30, "rerank_first_pass_weight": 3.0}
           for m in (2, 3)},
    }),
}


class Candidates:
    """Builds a default-path runner (hybrid + understanding [+ rerank]) for settings overrides,
    sharing the embedder (its query cache), the engine and the rerank-score cache."""

    def __init__(self, settings: Settings, index_dir: Path) -> None:
        from rag.caching import make_cache
        from rag.rerank.cached import RERANK_NAMESPACE

        self.settings = settings
        self.index_dir = index_dir
        self.embedder = make_embedder(settings)
        self.engine = engine_factory(settings)(index_dir)
        self.rerank_cache = make_cache(settings, RERANK_NAMESPACE, 1 << 17)

    def runner(self, overrides: Mapping[str, object]) -> Runner:
        from rag.rerank.cached import CachingReranker
        from rag.rerank.cross_encoder import CrossEncoderReranker
        from rag.rerank.stage import RerankTrigger
        from rag.wiring import live_model

        s = self.settings.with_overrides(**overrides)
        engine = engine_factory(s)(self.index_dir) if ENGINE_KNOBS & set(overrides) else self.engine
        retriever = make_retriever(s, engine, self.embedder)
        understanding = make_understanding(s, retriever, self.index_dir)
        if s.rerank_policy is RerankPolicy.NEVER:
            return understanding_runner(understanding, retriever.default_mode)
        inner = CrossEncoderReranker(
            live_model(s, "reranker"), max_length=s.rerank_max_length, fuse_with_first_pass=True,
            fusion_k=s.rerank_fusion_k, first_pass_weight=s.rerank_first_pass_weight, quantize=s.rerank_quantize,
        )
        return reranking_runner(understanding, CachingReranker(inner, self.rerank_cache), engine,
                                retriever.default_mode, s.rerank_top_n,
                                RerankTrigger(s.rerank_policy, s.rerank_auto_min_words))


def per_query_ndcg(run: ModeRun, view: Judgments) -> dict[str, float]:
    answerable = set(answerable_queries(view))
    scored = evaluate_queries(run.runs, view)
    return {q: m.ndcg_at_10 for q, m in scored.items() if q in answerable}


def judged(run: ModeRun, view: Judgments) -> float:
    return math.fsum(judged_at_k(run.runs.get(q, ()), view.get(q)) for q in view.queries) / len(view)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--judgments", type=Path, action="append",
                    help="stacked judgment files (default: settings.judgments_path + judgments_extra_paths)")
    ap.add_argument("--knob", action="append", choices=list(GRID), help="only these knobs (repeatable)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--pool-out", type=Path, help="write the candidates' unjudged top-10 pairs here")
    ap.add_argument("--name", default="cv_knobs", help="results file name (benchmarks/results/NAME.json)")
    args = ap.parse_args(argv)

    settings = get_settings()
    paths = args.judgments or [settings.judgments_path, *settings.judgments_extra_paths]
    views = judgment_views(load_judgments_stack(paths))
    queries = views[-1].queries
    candidates = Candidates(settings, settings.index_dir)
    knobs = args.knob or list(GRID)

    rows, payload, all_runs = [], {}, []
    for knob in knobs:
        default, grid = GRID[knob]
        runs = {}
        for name, overrides in grid.items():
            runs[name] = run_mode(f"{knob}: {name}", candidates.runner(overrides), queries, warmup=0)
            print(f"  {knob}: {name}: done", flush=True)
        all_runs += runs.values()
        payload[knob] = []
        for view in views:
            per_query = {name: per_query_ndcg(run, view) for name, run in runs.items()}
            result = cross_validate(knob, per_query, default, folds=args.folds, seeds=args.seeds)
            low = min(judged(run, view) for run in runs.values())
            payload[knob].append({"judgments": view.label, "min_judged@10": round(low, 4), **result.as_json()})
            rows.append([knob, view.label.replace(" + ", "+"), default, result.default_figure,
                         result.best, result.in_sample[result.best], result.out_of_fold,
                         "yes" if result.wins else "no", result.chosen, low])
    headers = ["knob", "judgments", "plain default", "NDCG@10", "best in sample", "NDCG@10",
               "out of fold", "wins", "chosen", "min judged@10"]
    print(table(headers, rows))
    out = write(args.name, {"folds": args.folds, "seeds": args.seeds, "metric": "ndcg@10",
                            "path": "hybrid+qu (the default path), one knob at a time", "knobs": payload})
    print(f"wrote {out}")
    if args.pool_out:
        entries = unjudged_pool(all_runs, views[-1], depth=10)
        products = candidates.engine.fetch(sorted({e.docid for e in entries}))
        write_pool(pool_rows(entries, products), args.pool_out)
        print(f"{len(entries)} unjudged pairs in the candidates' top 10: wrote {args.pool_out}")
    print(json.dumps({k: [v["chosen"] for v in vs] for k, vs in payload.items()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
