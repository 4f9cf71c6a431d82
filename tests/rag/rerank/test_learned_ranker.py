"""The learned ranking of the first pass: features, the model folder's checks, the reorder, and the shipped model."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from rag.records import FusedHit, LegEvidence
from rag.rerank.ltr import (
    FEATURES,
    LTR_LEG,
    MISSING_RANK,
    LearnedRanker,
    LtrModelError,
    RankContext,
    feature_rows,
    load_booster,
    save_model,
)
from rag.retrieval import RetrievalMode, RetrievalResult
from rag.settings import Settings

lgb = pytest.importorskip("lightgbm")

SHIPPED = Path(Settings().ltr_model)


def _head(products, n: int = 6) -> tuple[FusedHit, ...]:
    return tuple(
        FusedHit(p.id, 1.0 / (i + 1), {"bm25": LegEvidence(i + 1, 10.0 - i)}
                 | ({"dense": LegEvidence(i + 1, 0.8 - i / 20)} if i % 2 == 0 else {}))
        for i, p in enumerate(products[:n])
    )


def test_one_row_per_candidate_with_the_named_columns(tiny_products) -> None:
    products = {p.id: p for p in tiny_products}
    head = _head(tiny_products)
    wanted = products[head[3].product_id].category
    rows = feature_rows(RankContext("notebook", wanted, None, 10.0, 0.8), head, products)
    assert len(rows) == len(head) and all(len(r) == len(FEATURES) for r in rows)
    col = {name: [r[i] for r in rows] for i, name in enumerate(FEATURES)}
    assert col["fp_rank"] == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    assert col["fp_score_rel"][0] == 1.0 and col["bm25_score_rel"][0] == 1.0
    assert col["dense_rank"][1] == MISSING_RANK and col["in_bm25"] == [1.0] * 6
    assert col["type_parsed"] == [1.0] * 6
    assert col["type_match"] == [1.0 if products[h.product_id].category == wanted else 0.0 for h in head]
    assert col["type_match"][3] == 1.0
    assert all(0.0 <= v <= 1.0 for v in col["category_share_head"] + col["cover_title"])
    assert feature_rows(RankContext("x", None, None, 0.0, 0.0), (), products) == []


def _toy_model(folder: Path) -> None:
    """A model that learned one thing: the parsed type (column type_match) is what counts."""
    rng = np.random.default_rng(0)
    x = rng.random((400, len(FEATURES)))
    match = FEATURES.index("type_match")
    x[:, match] = rng.integers(0, 2, 400)
    y = (x[:, match] * 3).astype(int)
    booster = lgb.train({"objective": "lambdarank", "verbose": -1, "min_data_in_leaf": 5, "num_threads": 1},
                        lgb.Dataset(x, y, group=[20] * 20), num_boost_round=10)
    save_model(booster, folder, {"note": "toy"})


def _result(head: tuple[FusedHit, ...], tail: tuple[FusedHit, ...] = ()) -> RetrievalResult:
    from rag.records import Hit

    legs = {"bm25": (Hit(head[0].product_id, 10.0, "bm25", 1),), "dense": (Hit(head[0].product_id, 0.8, "dense", 1),)}
    return RetrievalResult("notebook", None, RetrievalMode.HYBRID_LINEAR, (*head, *tail), legs, {"fusion": 1.0})


def test_the_head_is_reordered_by_the_model_and_the_tail_kept(tmp_path, tiny_products) -> None:
    _toy_model(tmp_path / "m")
    products = {p.id: p for p in tiny_products}
    head = _head(tiny_products, 8)
    wanted = products[head[5].product_id].category
    ranker = LearnedRanker(tmp_path / "m", lambda ids: {i: products[i] for i in ids}, top_n=6)
    out = ranker.rank(_result(head), product_type=wanted, brand=None)
    ids = [h.product_id for h in out.hits]
    assert sorted(ids) == sorted(h.product_id for h in head)
    assert ids[6:] == [h.product_id for h in head[6:]]  # past top_n: first-pass order, untouched
    matching = [h.product_id for h in head[:6] if products[h.product_id].category == wanted]
    assert matching and set(ids[: len(matching)]) == set(matching)  # the parsed type first
    assert [out.hits[i].legs[LTR_LEG].rank for i in range(6)] == [1, 2, 3, 4, 5, 6]
    assert "bm25" in out.hits[0].legs  # the first pass's evidence stays
    assert "ltr" in out.timings_ms and out.timings_ms["fusion"] == 1.0


def test_a_record_missing_from_the_engine_is_kept_after_the_head(tmp_path, tiny_products) -> None:
    _toy_model(tmp_path / "m")
    products = {p.id: p for p in tiny_products}
    head = _head(tiny_products, 5)
    gone = head[0].product_id
    ranker = LearnedRanker(tmp_path / "m", lambda ids: {i: products[i] for i in ids if i != gone})
    out = ranker.rank(_result(head), product_type=None, brand=None)
    assert [h.product_id for h in out.hits][-1] == gone and len(out.hits) == 5


def test_a_folder_without_a_model_or_with_other_features_is_refused(tmp_path) -> None:
    with pytest.raises(LtrModelError, match=r"no model\.txt"):
        load_booster(tmp_path)
    _toy_model(tmp_path / "m")
    names = tmp_path / "m" / "features.json"
    names.write_text(json.dumps({"features": [*FEATURES[:-1], "something_else"]}))
    with pytest.raises(LtrModelError, match="other features"):
        load_booster(tmp_path / "m")


def test_a_folder_that_failed_to_load_is_not_read_again(tmp_path, tiny_products) -> None:
    products = {p.id: p for p in tiny_products}
    ranker = LearnedRanker(tmp_path / "m", lambda ids: {i: products[i] for i in ids})
    with pytest.raises(LtrModelError):
        ranker.booster()
    _toy_model(tmp_path / "m")  # appears later: the process keeps the first pass until restarted
    with pytest.raises(LtrModelError):
        ranker.booster()


def test_the_shipped_model_matches_this_code_and_says_how_it_was_made() -> None:
    booster = load_booster(SHIPPED)  # refuses a model trained on other feature names
    assert booster.num_feature() == len(FEATURES)
    card = json.loads((SHIPPED / "features.json").read_text())
    assert card["fusion"] == "hybrid-linear" and card["queries"] >= 80
    assert {"first pass", "out of fold", "out of fold, folds by shared word"} <= set(card["figures"])
    assert (SHIPPED / "MODEL_CARD.md").is_file()


def test_a_one_hit_result_is_returned_as_it_is(tmp_path, tiny_products) -> None:
    products = {p.id: p for p in tiny_products}
    ranker = LearnedRanker(tmp_path / "nothing-here", lambda ids: {i: products[i] for i in ids})
    one = _result(_head(tiny_products, 1))
    assert ranker.rank(one, product_type=None, brand=None) is one  # no model needed, none loaded
