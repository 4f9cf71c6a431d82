"""The LTR study's folds, features and headroom (the training itself needs lightgbm)."""

from __future__ import annotations

import pytest

from rag.evaluation.judgments import Judgments
from rag.offline.ltr_study import (
    FEATURES,
    QueryCase,
    Variant,
    assign_folds,
    features,
    headroom,
    out_of_fold_runs,
    query_groups,
)
from rag.records import FusedHit, LegEvidence
from rag.rerank.ltr import RankContext


def test_near_duplicate_queries_share_a_group_and_a_fold() -> None:
    queries = ["bluetooth speaker", "bluetooth speakers", "smart watch", "smartwatch", "laptop", "laptop bag",
               "usb hub", "Head set", "headset"]
    groups = query_groups(queries)
    assert groups[0] == groups[1] and groups[2] == groups[3] and groups[7] == groups[8]
    assert groups[4] != groups[5] and groups[0] != groups[2] and groups[4] != groups[6]
    strict = query_groups(queries, share_word=True)
    assert strict[4] == strict[5]  # "laptop" and "laptop bag" share a word
    for seed in range(5):
        folds = assign_folds(groups, 3, seed)
        assert folds[0] == folds[1] and folds[2] == folds[3] and folds[7] == folds[8]
        assert set(folds) == {0, 1, 2}
    with pytest.raises(ValueError, match="at least 2 folds"):
        assign_folds(groups, 1)


def _case(tiny_products, query: str = "notebook") -> QueryCase:
    products = {p.id: p for p in tiny_products[:6]}
    head = tuple(
        FusedHit(p.id, 1.0 / (i + 1), {"bm25": LegEvidence(i + 1, 10.0 - i)} | ({"dense": LegEvidence(i + 1, 0.8 - i / 20)} if i % 2 == 0 else {}))
        for i, p in enumerate(products.values())
    )
    notebook_type = next(p.category for p in products.values() if p.category)
    return QueryCase(query=query, context=RankContext(query, notebook_type, None, 10.0, 0.8), head=head, tail=("x", "y"),
                     products=products, ce_scores=tuple(float(i % 3) for i in range(len(head))))


def test_features_have_one_row_per_candidate_and_sane_values(tiny_products) -> None:
    case = _case(tiny_products)
    rows = features(case)
    assert len(rows) == len(case.head) and all(len(r) == len(FEATURES) for r in rows)
    col = {name: [r[i] for r in rows] for i, name in enumerate(FEATURES)}
    assert col["fp_rank"] == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    assert col["fp_score_rel"][0] == 1.0 and col["bm25_score_rel"][0] == 1.0
    assert col["dense_rank"][1] == 101.0 and col["in_bm25"] == [1.0] * 6
    assert sorted(col["ce_rank"]) == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0] and max(col["ce_gap"]) == 0.0
    matches = [p.category == case.context.product_type for p in (case.products[h.product_id] for h in case.head)]
    assert col["type_match"] == [1.0 if m else 0.0 for m in matches] and any(matches)
    assert all(0.0 <= v <= 1.0 for v in col["category_share_head"])
    assert features(QueryCase("q", RankContext("q", None, None, 0.0, 0.0), (), (), {}, ())) == []


def test_headroom_is_the_best_reordering_of_the_head() -> None:
    judgments = Judgments.from_mapping({"q": {"a": 0, "b": 3, "c": 1, "z": 2}})
    runs = {"q": ["a", "u", "b", "c", "z"]}  # u is unjudged; z sits below the head
    ndcg2, condensed2 = headroom(runs, judgments, 2)
    ndcg5, condensed5 = headroom(runs, judgments, 5)
    assert ndcg5 == pytest.approx(1.0) and condensed5 == pytest.approx(1.0)
    assert ndcg2 < ndcg5 and condensed2 < condensed5


def test_out_of_fold_training_runs_and_keeps_each_query_s_candidates(tiny_products) -> None:
    cases = [_case(tiny_products, q) for q in ("notebook", "notebooks", "mouse", "usb cable", "monitor", "printer")]
    ids = [h.product_id for h in cases[0].head]
    judgments = Judgments.from_mapping({c.query: {ids[0]: 3, ids[3]: 1, ids[5]: 0} for c in cases})
    runs = out_of_fold_runs(cases, judgments, Variant("t", blend_weight=1.0), folds=2, rounds=5)
    assert set(runs) == {c.query for c in cases}
    for case in cases:
        assert sorted(runs[case.query][:6]) == sorted(ids) and runs[case.query][6:] == ["x", "y"]
