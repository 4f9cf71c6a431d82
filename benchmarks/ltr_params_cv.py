"""The learned ranking's LightGBM settings as a knob, chosen by cross-validation over queries.

Run: ``.venv/bin/python benchmarks/ltr_params_cv.py [--seeds 3]`` (needs the app's index; a few
minutes on 2 cores). Writes ``benchmarks/results/ltr_params_cv.json``.

Each candidate (rounds, leaves) gets a per-query NDCG@10 that is already out of fold: the query is
ranked by a model trained on the other folds (``rag.offline.ltr_study.out_of_fold_runs``, the
shipped stage's features, no cross-encoder), averaged over fold seeds. Then
``rag.evaluation.cv.cross_validate`` treats the candidates as a knob: on each of 5 folds it picks
the candidate best on the other folds and scores it on the held-out one. The plain default is the
setting the first study fixed (100 rounds, 7 leaves); a candidate replaces it only if it wins out of
fold. The same procedure as every other knob (docs/quality.md, "Knobs chosen by cross-validation").
"""

from __future__ import annotations

import argparse
import time

from common import table, write

from rag.evaluation.cv import cross_validate
from rag.evaluation.judgments import load_judgments_stack, merge_judgments
from rag.evaluation.metrics import judged_at_k, ndcg_at_k
from rag.offline.ltr_study import LEAVES, ROUNDS, Variant, collect_cases, out_of_fold_runs
from rag.settings import Settings

GRID = ((ROUNDS, LEAVES), (50, 7), (200, 7), (100, 3), (100, 15), (300, 3))
SHIPPED = Variant("shipped stage", use_ce=False)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--name", default="ltr_params_cv")
    args = ap.parse_args()
    settings = Settings(query_cache_size=0, rerank_cache_size=0, learned_ranking=False)
    judgments = merge_judgments(load_judgments_stack([settings.judgments_path, *settings.judgments_extra_paths]))
    t0 = time.perf_counter()
    cases = collect_cases(settings, judgments, 30, with_ce=False)
    per_query: dict[str, dict[str, float]] = {}
    judged: dict[str, float] = {}
    for rounds, leaves in GRID:
        name = f"{rounds} rounds, {leaves} leaves"
        sums: dict[str, float] = {}
        judged_sum = 0.0
        for seed in range(args.seeds):
            runs = out_of_fold_runs(cases, judgments, SHIPPED, seed=seed, rounds=rounds, leaves=leaves)
            for query, ranked in runs.items():
                sums[query] = sums.get(query, 0.0) + ndcg_at_k(ranked, judgments[query]) / args.seeds
                judged_sum += judged_at_k(ranked, judgments[query]) / (args.seeds * len(runs))
        per_query[name] = sums
        judged[name] = judged_sum
    default = f"{ROUNDS} rounds, {LEAVES} leaves"
    result = cross_validate("learned ranking: LightGBM rounds and leaves", per_query, default, folds=5, seeds=3)
    rows = [[name, f"{result.in_sample[name]:.4f}", f"{judged[name]:.4f}", str(result.picks.get(name, 0))]
            for name in per_query]
    print(table(["candidate", "NDCG@10 (each query out of fold)", "judged@10", "picked (15 folds)"], rows))
    print(f"\nplain default {default}: {result.default_figure:.4f}; best {result.best}: "
          f"{result.in_sample[result.best]:.4f}; chosen by cross-validation, out of fold: {result.out_of_fold:.4f} "
          f"(by seed {', '.join(f'{v:.4f}' for v in result.oof_by_seed)}); verdict: {result.chosen}")
    write(args.name, {"result": result.as_json(), "judged@10": judged, "seeds": args.seeds,
                      "seconds": round(time.perf_counter() - t0, 1)})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
