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
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rag.evaluation.cv import assign_folds, query_groups, terms
from rag.evaluation.judgments import Judgments, load_judgments
from rag.evaluation.metrics import answerable_queries, condensed_ndcg_at_k, judged_at_k, ndcg_at_k
from rag.records import FusedHit, Product
from rag.rerank.base import fuse_orders

FEATURES = (
    "fp_rank", "fp_score_rel", "bm25_rank", "bm25_score_rel", "in_bm25", "dense_rank", "dense_cos",
    "dense_gap", "ce_score", "ce_rank", "ce_gap", "type_match", "type_parsed", "brand_match",
    "cover_title", "cover_category", "cover_description", "title_words", "log_price", "price_rel",
    "query_words", "category_share_head", "category_share_top10",
)
MISSING_RANK = 101.0  # a leg that did not return the product: ranked past its depth


@dataclass(frozen=True, slots=True)
class QueryCase:
    """One judged query's first-pass head, ready for features."""

    query: str
    text: str  # the searched text
    product_type: str | None
    brand: str | None
    head: tuple[FusedHit, ...]
    tail: tuple[str, ...]  # ids after the head, in first-pass order
    products: Mapping[str, Product]
    ce_scores: tuple[float, ...]  # one per head hit
    top_bm25: float
    top_dense: float


def features(case: QueryCase) -> list[list[float]]:
    """One row of :data:`FEATURES` per head candidate, in head order."""
    head = case.head
    if not head:
        return []
    ids = [h.product_id for h in head]
    ce = list(case.ce_scores)
    by_ce = sorted(range(len(ids)), key=lambda i: -ce[i])
    ce_rank = {ids[i]: r for r, i in enumerate(by_ce, start=1)}
    categories = [case.products[pid].category for pid in ids]
    prices = sorted(p.price for p in (case.products[pid] for pid in ids) if p.price)
    median_price = prices[len(prices) // 2] if prices else 1.0
    query_terms = terms(case.text)
    top_score = head[0].score or 1.0
    rows = []
    for rank, hit in enumerate(head, start=1):
        product = case.products[hit.product_id]
        bm25, dense = hit.legs.get("bm25"), hit.legs.get("dense")

        def cover(text: str, q: frozenset[str] = query_terms) -> float:
            return len(q & terms(text)) / len(q) if q else 0.0

        rows.append([
            float(rank), hit.score / top_score,
            float(bm25.rank) if bm25 else MISSING_RANK, (bm25.score / case.top_bm25) if bm25 and case.top_bm25 else 0.0,
            1.0 if bm25 else 0.0,
            float(dense.rank) if dense else MISSING_RANK, dense.score if dense else 0.0,
            (case.top_dense - dense.score) if dense else 1.0,
            ce[rank - 1], float(ce_rank[hit.product_id]), ce[rank - 1] - ce[by_ce[0]],
            1.0 if case.product_type and product.category == case.product_type else 0.0,
            1.0 if case.product_type else 0.0,
            1.0 if case.brand and product.brand == case.brand else 0.0,
            cover(product.title), cover(product.category or ""), cover(product.description or ""),
            float(len(product.title.split())), math.log1p(product.price) if product.price else 0.0,
            (product.price / median_price) if product.price else 0.0,
            float(len(query_terms)),
            categories.count(product.category) / len(categories) if product.category else 0.0,
            categories[:10].count(product.category) / 10 if product.category else 0.0,
        ])
    return rows


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
    Variant("unjudged=0, replace"),
    Variant("unjudged=0, RRF with first pass (1x)", blend_weight=1.0),
    Variant("unjudged=0, RRF with first pass (3x)", blend_weight=3.0),
    Variant("unjudged dropped, replace", unjudged="drop"),
    Variant("unjudged dropped, RRF with first pass (3x)", unjudged="drop", blend_weight=3.0),
    Variant("unjudged=0, RRF 1x, without the cross-encoder", use_ce=False, blend_weight=1.0),
    Variant("unjudged=0, RRF 1x, folds by shared word", blend_weight=1.0, share_word_folds=True),
)


def out_of_fold_runs(
    cases: Sequence[QueryCase], judgments: Judgments, variant: Variant, *, folds: int = 5, seed: int = 0,
    rounds: int = 100, leaves: int = 7,
) -> dict[str, list[str]]:
    """Each query's ranking from a model trained on the other folds only."""
    import lightgbm as lgb
    import numpy as np

    columns = [i for i, f in enumerate(FEATURES) if variant.use_ce or not f.startswith("ce_")]
    matrices = [np.asarray(features(c), dtype=float)[:, columns] for c in cases]
    labels = [np.asarray([judgments[c.query].get(h.product_id, -1) for h in c.head]) for c in cases]
    fold = assign_folds(query_groups([c.query for c in cases], share_word=variant.share_word_folds), folds, seed)
    params = {"objective": "lambdarank", "metric": "ndcg", "eval_at": [10], "learning_rate": 0.05,
              "num_leaves": leaves, "min_data_in_leaf": 20, "feature_fraction": 0.8, "bagging_fraction": 0.8,
              "bagging_freq": 1, "seed": seed, "verbose": -1, "deterministic": True, "num_threads": 1}
    runs: dict[str, list[str]] = {}
    for f in range(folds):
        xs, ys, sizes = [], [], []
        for i in range(len(cases)):
            if fold[i] == f:
                continue
            keep = labels[i] >= 0 if variant.unjudged == "drop" else np.ones(len(labels[i]), dtype=bool)
            if keep.sum() == 0:
                continue
            xs.append(matrices[i][keep])
            ys.append(np.maximum(labels[i][keep], 0))
            sizes.append(int(keep.sum()))
        model = lgb.train(params, lgb.Dataset(np.vstack(xs), np.concatenate(ys), group=sizes), num_boost_round=rounds)
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


def _means(runs: Mapping[str, Sequence[str]], judgments: Judgments) -> dict[str, float]:
    n = len(runs)
    return {
        "ndcg@10": sum(ndcg_at_k(r, judgments[q]) for q, r in runs.items()) / n,
        "ndcg@10_condensed": sum(condensed_ndcg_at_k(r, judgments[q]) for q, r in runs.items()) / n,
        "judged@10": sum(judged_at_k(r, judgments[q]) for q, r in runs.items()) / n,
    }


def collect_cases(settings, judgments: Judgments, top_n: int) -> list[QueryCase]:
    """First pass (hybrid + understanding, top 100) and cross-encoder scores of the head."""
    from rag.rerank.cross_encoder import CrossEncoderReranker
    from rag.wiring import build_search_services

    services = build_search_services(settings)
    scorer = CrossEncoderReranker(settings.reranker_model, max_length=settings.rerank_max_length,
                                  quantize=settings.rerank_quantize)
    cases = []
    for query in answerable_queries(judgments):
        understood = services.understanding.retrieve(query, k=100)
        result = understood.result
        head = tuple(result.hits[:top_n])
        products = services.engine.fetch([h.product_id for h in head])
        constraints = {c.kind: c.value for c in understood.parsed.constraints}
        bm25, dense = result.legs.get("bm25", ()), result.legs.get("dense", ())
        cases.append(QueryCase(
            query=query, text=result.query,
            product_type=constraints.get("category"), brand=constraints.get("brand"),
            head=head, tail=tuple(h.product_id for h in result.hits[top_n:]), products=products,
            ce_scores=tuple(scorer.score_pairs(query, [products[h.product_id] for h in head])),
            top_bm25=bm25[0].score if bm25 else 0.0, top_dense=dense[0].score if dense else 0.0,
        ))
    return cases


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--judgments", type=Path, default=None)
    ap.add_argument("--top-n", type=int, default=30)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seeds", type=int, default=3, help="fold assignments averaged over this many seeds")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)

    from rag.settings import Settings

    settings = Settings(query_cache_size=0, rerank_cache_size=0)
    judgments = load_judgments(args.judgments or settings.judgments_path)
    cases = collect_cases(settings, judgments, args.top_n)
    first = {c.query: [h.product_id for h in c.head] + list(c.tail) for c in cases}
    print(f"{len(cases)} queries, first pass = hybrid + query understanding, head = top {args.top_n}")
    print("\n| reorder the first pass's top N | best NDCG@10 | best condensed NDCG@10 |\n|---|---|---|")
    ceiling = {}
    for depth in (10, 30, 50, 100):
        ceiling[depth] = headroom(first, judgments, depth)
        print(f"| {depth} | {ceiling[depth][0]:.3f} | {ceiling[depth][1]:.3f} |")
    rows = {"first pass": _means(first, judgments)}
    for variant in VARIANTS:
        per_seed = [_means(out_of_fold_runs(cases, judgments, variant, folds=args.folds, seed=s), judgments)
                    for s in range(args.seeds)]
        rows[variant.name] = {k: sum(m[k] for m in per_seed) / len(per_seed) for k in per_seed[0]}
    print(f"\n| LTR over the top {args.top_n}, out of fold ({args.folds} folds, mean of {args.seeds} fold seeds) "
          "| NDCG@10 | condensed NDCG@10 | judged@10 |\n|---|---|---|---|")
    for name, m in rows.items():
        print(f"| {name} | {m['ndcg@10']:.3f} | {m['ndcg@10_condensed']:.3f} | {m['judged@10']:.3f} |")
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
