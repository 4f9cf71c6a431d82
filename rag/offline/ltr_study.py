"""``python -m rag.offline.ltr_study``: how far reranking the first pass can go, and a
learning-to-rank stage over cheap features, measured out of fold.

Two questions, on the dev judgments:

1. **Headroom.** The best NDCG@10 and condensed NDCG@10 that *any* reordering
   of the first pass's top N can reach (judged products by rating first; for
   plain NDCG unjudged count as 0, for the condensed figure they are removed
   anyway). A reranker of the top N cannot beat this ceiling.
2. **LTR.** LightGBM lambdarank over per-candidate features: first-pass rank
   and score, each leg's rank and score, the cross-encoder score and rank,
   product-type and brand match with what query understanding parsed, query
   term coverage of title / category / description, price relative to the
   head, and how many of the head share the candidate's category. Trained
   and evaluated by query folds: near-duplicate queries ("bluetooth speaker" /
   "bluetooth speakers", "smart watch" / "smartwatch") share a fold, and
   every figure is out of fold (each query is scored by a model that never saw
   it or its near-duplicates). A stricter split, where queries sharing any
   word share a fold, is reported as a check.

Needs ``lightgbm``, which is in the ``dev`` extra and not an app dependency,
because no LTR model is shipped (docs/reranking.md).
"""

from __future__ import annotations

import argparse
import json
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rag.evaluation.cv import assign_folds, query_groups
from rag.evaluation.judgments import Judgments, load_judgments_stack, merge_judgments
from rag.evaluation.metrics import (
    answerable_queries,
    condensed_ndcg_at_k,
    hit_at_k,
    judged_at_k,
    mrr,
    ndcg_at_k,
)
from rag.records import FusedHit, Product
from rag.rerank.base import fuse_orders
from rag.rerank.ltr import FEATURES as LTR_FEATURES
from rag.rerank.ltr import RankContext, feature_rows
from rag.understanding.relax import ranking_hints

#: The shipped ranker's features (``rag.rerank.ltr``) and the cross-encoder's, which the study adds.
CE_FEATURES = ("ce_score", "ce_rank", "ce_gap")
FEATURES = (*LTR_FEATURES, *CE_FEATURES)


@dataclass(frozen=True, slots=True)
class QueryCase:
    """One judged query's first-pass head, ready for features."""

    query: str
    context: RankContext  # the searched text, the parsed type and brand, each leg's top score
    head: tuple[FusedHit, ...]
    tail: tuple[str, ...]  # ids after the head, in first-pass order
    products: Mapping[str, Product]
    ce_scores: tuple[float, ...]  # one per head hit


def features(case: QueryCase) -> list[list[float]]:
    """One row of :data:`FEATURES` per head candidate, in head order: the shipped
    ranker's features (``rag.rerank.ltr.feature_rows``), then the cross-encoder's."""
    rows = feature_rows(case.context, case.head, case.products)
    if not rows:
        return []
    ce = list(case.ce_scores)
    by_ce = sorted(range(len(ce)), key=lambda i: -ce[i])
    ce_rank = {i: r for r, i in enumerate(by_ce, start=1)}
    return [[*row, ce[i], float(ce_rank[i]), ce[i] - ce[by_ce[0]]] for i, row in enumerate(rows)]


def headroom(runs: Mapping[str, Sequence[str]], judgments: Judgments, depth: int) -> tuple[float, float]:
    """Mean best-possible (NDCG@10, condensed NDCG@10) over reorderings of each run's top ``depth``."""
    total_ndcg = total_condensed = 0.0
    for query, ranked in runs.items():
        judged = judgments[query]
        head, tail = list(ranked[:depth]), list(ranked[depth:])
        best = sorted(head, key=lambda pid: -judged.get(pid, 0)) + tail
        best_condensed = sorted(head, key=lambda pid: -judged.get(pid, -1)) + tail
        total_ndcg += ndcg_at_k(best, judged)
        total_condensed += condensed_ndcg_at_k(best_condensed, judged)
    return total_ndcg / len(runs), total_condensed / len(runs)


@dataclass(frozen=True, slots=True)
class Variant:
    name: str
    unjudged: str = "zero"  # "zero": unjudged candidates are label 0; "drop": left out of training
    use_ce: bool = True
    blend_weight: float | None = None  # RRF with the first pass (first-pass weight), or replace it
    share_word_folds: bool = False


VARIANTS = (
    Variant("unjudged=0, replace, without the cross-encoder (the shipped stage)", use_ce=False),
    Variant("the same, folds by shared word", use_ce=False, share_word_folds=True),
    Variant("unjudged=0, replace"),
    Variant("unjudged=0, replace, folds by shared word", share_word_folds=True),
    Variant("unjudged=0, RRF with first pass (1x)", blend_weight=1.0),
    Variant("unjudged=0, RRF with first pass (3x)", blend_weight=3.0),
    Variant("unjudged dropped, replace", unjudged="drop"),
    Variant("unjudged dropped, RRF with first pass (3x)", unjudged="drop", blend_weight=3.0),
    Variant("unjudged=0, RRF 1x, without the cross-encoder", use_ce=False, blend_weight=1.0),
    Variant("unjudged=0, RRF 1x, folds by shared word", blend_weight=1.0, share_word_folds=True),
)


#: LightGBM's settings, fixed in the first study (original pool) and not tuned since.
PARAMS = {"objective": "lambdarank", "metric": "ndcg", "eval_at": [10], "learning_rate": 0.05,
          "min_data_in_leaf": 20, "feature_fraction": 0.8, "bagging_fraction": 0.8, "bagging_freq": 1,
          "verbose": -1, "deterministic": True, "num_threads": 1}
ROUNDS, LEAVES = 100, 7


def fit(xs, ys, *, seed: int = 0, rounds: int = ROUNDS, leaves: int = LEAVES):
    """A lambdarank booster over per-query feature matrices ``xs`` and graded labels ``ys``."""
    import lightgbm as lgb
    import numpy as np

    params = PARAMS | {"num_leaves": leaves, "seed": seed}
    data = lgb.Dataset(np.vstack(xs), np.concatenate(ys), group=[len(y) for y in ys])
    return lgb.train(params, data, num_boost_round=rounds)


def labels_of(case: QueryCase, judgments: Judgments):
    """Each head candidate's grade, unjudged as -1."""
    import numpy as np

    return np.asarray([judgments[case.query].get(h.product_id, -1) for h in case.head])


def out_of_fold_runs(
    cases: Sequence[QueryCase], judgments: Judgments, variant: Variant, *, folds: int = 5, seed: int = 0,
    rounds: int = ROUNDS, leaves: int = LEAVES,
) -> dict[str, list[str]]:
    """Each query's ranking from a model trained on the other folds only."""
    import numpy as np

    columns = [i for i, f in enumerate(FEATURES) if variant.use_ce or not f.startswith("ce_")]
    matrices = [np.asarray(features(c), dtype=float)[:, columns] for c in cases]
    labels = [labels_of(c, judgments) for c in cases]
    fold = assign_folds(query_groups([c.query for c in cases], share_word=variant.share_word_folds), folds, seed)
    runs: dict[str, list[str]] = {}
    for f in range(folds):
        xs, ys = [], []
        for i in range(len(cases)):
            if fold[i] == f:
                continue
            keep = labels[i] >= 0 if variant.unjudged == "drop" else np.ones(len(labels[i]), dtype=bool)
            if keep.sum() == 0:
                continue
            xs.append(matrices[i][keep])
            ys.append(np.maximum(labels[i][keep], 0))
        model = fit(xs, ys, seed=seed, rounds=rounds, leaves=leaves)
        for i, case in enumerate(cases):
            if fold[i] != f or not case.head:
                continue
            scores = model.predict(matrices[i])
            ids = [h.product_id for h in case.head]
            order = [ids[j] for j in np.argsort(-scores, kind="stable")]
            if variant.blend_weight is not None:
                fused = fuse_orders(ids, order, k=20.0, first_weight=variant.blend_weight)
                order = sorted(ids, key=lambda pid: -fused[pid])
            runs[case.query] = order + list(case.tail)
    return runs


def means(runs: Mapping[str, Sequence[str]], judgments: Judgments) -> dict[str, float]:
    n = len(runs)
    return {
        "ndcg@10": sum(ndcg_at_k(r, judgments[q]) for q, r in runs.items()) / n,
        "ndcg@10_condensed": sum(condensed_ndcg_at_k(r, judgments[q]) for q, r in runs.items()) / n,
        "mrr": sum(mrr(r, judgments[q]) for q, r in runs.items()) / n,
        "hit@5": sum(hit_at_k(r, judgments[q], k=5) for q, r in runs.items()) / n,
        "judged@10": sum(judged_at_k(r, judgments[q]) for q, r in runs.items()) / n,
    }


def mean_over_seeds(cases: Sequence[QueryCase], judgments: Judgments, variant: Variant, seeds: int, *,
                    folds: int = 5) -> dict[str, float]:
    """:func:`means` of ``variant``'s out-of-fold runs averaged over ``seeds`` fold assignments,
    with the NDCG@10's standard deviation across them (``ndcg@10_sd_over_seeds``)."""
    per_seed = [means(out_of_fold_runs(cases, judgments, variant, folds=folds, seed=s), judgments)
                for s in range(seeds)]
    out = {k: statistics.fmean(m[k] for m in per_seed) for k in per_seed[0]}
    out["ndcg@10_sd_over_seeds"] = statistics.stdev(m["ndcg@10"] for m in per_seed) if seeds > 1 else 0.0
    return out


def collect_cases(settings, judgments: Judgments, top_n: int, *, with_ce: bool = True) -> list[QueryCase]:
    """First pass (hybrid + understanding, top 100; ``settings.learned_ranking`` should be off)
    and, ``with_ce``, cross-encoder scores of the head (zeros without)."""
    from rag.rerank.cross_encoder import CrossEncoderReranker
    from rag.wiring import build_search_services

    services = build_search_services(settings)
    scorer = CrossEncoderReranker(settings.reranker_model, max_length=settings.rerank_max_length,
                                  quantize=settings.rerank_quantize) if with_ce else None
    cases = []
    for query in answerable_queries(judgments):
        understood = services.understanding.retrieve(query, k=100)
        result = understood.result
        head = tuple(result.hits[:top_n])
        products = services.engine.fetch([h.product_id for h in head])
        cases.append(QueryCase(
            query=query, context=RankContext.from_result(result, *ranking_hints(understood.parsed)),
            head=head, tail=tuple(h.product_id for h in result.hits[top_n:]), products=products,
            ce_scores=tuple(scorer.score_pairs(query, [products[h.product_id] for h in head])) if scorer
            else (0.0,) * len(head),
        ))
    return cases


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--judgments", type=Path, action="append", default=None,
                    help="repeatable; later files add to earlier ones (default: settings.judgments_path, "
                         "then settings.judgments_extra_paths)")
    ap.add_argument("--top-n", type=int, default=30)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seeds", type=int, default=3, help="fold assignments averaged over this many seeds")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)

    from rag.settings import Settings

    settings = Settings(query_cache_size=0, rerank_cache_size=0, learned_ranking=False)  # the first pass alone
    paths = args.judgments or [settings.judgments_path, *settings.judgments_extra_paths]
    judgments = merge_judgments(load_judgments_stack(paths))
    cases = collect_cases(settings, judgments, args.top_n)
    first = {c.query: [h.product_id for h in c.head] + list(c.tail) for c in cases}
    print(f"{len(cases)} queries, first pass = hybrid + query understanding, head = top {args.top_n}")
    print("\n| reorder the first pass's top N | best NDCG@10 | best condensed NDCG@10 |\n|---|---|---|")
    ceiling = {}
    for depth in (10, 30, 50, 100):
        ceiling[depth] = headroom(first, judgments, depth)
        print(f"| {depth} | {ceiling[depth][0]:.3f} | {ceiling[depth][1]:.3f} |")
    rows = {"first pass": means(first, judgments)}
    for variant in VARIANTS:
        rows[variant.name] = mean_over_seeds(cases, judgments, variant, args.seeds, folds=args.folds)
    print(f"\n| LTR over the top {args.top_n}, out of fold ({args.folds} folds, mean of {args.seeds} fold seeds) "
          "| NDCG@10 (sd over seeds) | condensed NDCG@10 | MRR | Hit@5 | judged@10 |\n|---|---|---|---|---|---|")
    for name, m in rows.items():
        sd = f" ({m['ndcg@10_sd_over_seeds']:.3f})" if "ndcg@10_sd_over_seeds" in m else ""
        print(f"| {name} | {m['ndcg@10']:.3f}{sd} | {m['ndcg@10_condensed']:.3f} | {m['mrr']:.3f} | {m['hit@5']:.3f} "
              f"| {m['judged@10']:.3f} |")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({
            "queries": len(cases), "top_n": args.top_n, "folds": args.folds, "seeds": args.seeds,
            "features": list(FEATURES), "headroom": {str(d): {"ndcg@10": v[0], "ndcg@10_condensed": v[1]}
                                                     for d, v in ceiling.items()},
            "ltr": rows,
        }, indent=2))
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
