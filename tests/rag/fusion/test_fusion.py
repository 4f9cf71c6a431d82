from __future__ import annotations

import pytest

from rag.fusion import fuse, linear_fusion, reciprocal_rank_fusion
from rag.records import Hit
from rag.settings import FusionMode, Normalization


def leg(name: str, *pairs: tuple[str, float]) -> list[Hit]:
    return [Hit(pid, score, name, rank) for rank, (pid, score) in enumerate(pairs, start=1)]


BM25 = leg("bm25", ("a", 12.0), ("b", 9.0), ("c", 3.0))
DENSE = leg("dense", ("c", 0.9), ("a", 0.8), ("d", 0.1))


def test_rrf_matches_hand_computed_scores() -> None:
    fused = reciprocal_rank_fusion({"bm25": BM25, "dense": DENSE}, k=60)
    scores = {h.product_id: h.score for h in fused}
    assert scores["a"] == pytest.approx(1 / 61 + 1 / 62)
    assert scores["c"] == pytest.approx(1 / 63 + 1 / 61)
    assert scores["b"] == pytest.approx(1 / 62)
    assert scores["d"] == pytest.approx(1 / 63)
    assert [h.product_id for h in fused] == ["a", "c", "b", "d"]


def test_every_fused_hit_keeps_each_legs_rank_and_score() -> None:
    fused = {h.product_id: h for h in reciprocal_rank_fusion({"bm25": BM25, "dense": DENSE})}
    assert fused["a"].legs["bm25"].rank == 1 and fused["a"].legs["bm25"].score == 12.0
    assert fused["a"].legs["dense"].rank == 2 and fused["a"].legs["dense"].score == 0.8
    assert set(fused["b"].legs) == {"bm25"}
    assert set(fused["d"].legs) == {"dense"}


def test_rrf_weights_shift_the_order() -> None:
    fused = reciprocal_rank_fusion({"bm25": BM25, "dense": DENSE}, weights={"bm25": 0.0, "dense": 1.0})
    assert fused[0].product_id == "c"


def test_minmax_linear_by_hand() -> None:
    fused = linear_fusion({"bm25": BM25, "dense": DENSE}, normalization=Normalization.MINMAX)
    scores = {h.product_id: h.score for h in fused}
    # bm25: a=1, b=(9-3)/9=0.667, c=0 ; dense: c=1, a=(0.8-0.1)/0.8=0.875, d=0
    assert scores["a"] == pytest.approx(1 + 0.875)
    assert scores["b"] == pytest.approx(6 / 9)
    assert scores["c"] == pytest.approx(1.0)
    assert scores["d"] == pytest.approx(0.0)


def test_zscore_linear_missing_leg_gets_the_leg_floor() -> None:
    fused = {h.product_id: h.score for h in linear_fusion({"bm25": BM25, "dense": DENSE}, normalization=Normalization.ZSCORE)}
    mean, sd = 8.0, (((12 - 8) ** 2 + (9 - 8) ** 2 + (3 - 8) ** 2) / 3) ** 0.5
    z_c_bm25 = (3 - mean) / sd
    # d is missing from bm25: it gets bm25's lowest z-score (c's)
    dmean = (0.9 + 0.8 + 0.1) / 3
    dsd = (((0.9 - dmean) ** 2 + (0.8 - dmean) ** 2 + (0.1 - dmean) ** 2) / 3) ** 0.5
    assert fused["d"] == pytest.approx(z_c_bm25 + (0.1 - dmean) / dsd)


def test_single_value_legs_and_empty_legs() -> None:
    one = leg("bm25", ("x", 5.0))
    assert linear_fusion({"bm25": one, "dense": []})[0].score == pytest.approx(1.0)
    assert reciprocal_rank_fusion({"bm25": [], "dense": []}) == []


def test_duplicate_products_in_a_leg_are_refused() -> None:
    dup = [Hit("a", 1.0, "dense", 1), Hit("a", 0.9, "dense", 2)]
    with pytest.raises(ValueError, match="deduplicate"):
        reciprocal_rank_fusion({"dense": dup})


def test_fuse_dispatches_on_mode_and_rejects_bad_values() -> None:
    legs = {"bm25": BM25, "dense": DENSE}
    assert fuse(legs, mode=FusionMode.RRF)[0].product_id == "a"
    assert fuse(legs, mode=FusionMode.LINEAR)[0].product_id == "a"
    with pytest.raises(ValueError, match="choose one of: rrf, linear"):
        FusionMode.from_str("borda")
    with pytest.raises(ValueError):
        reciprocal_rank_fusion(legs, k=0)


def test_fused_scores_are_non_increasing_and_deterministic() -> None:
    legs = {"bm25": BM25, "dense": DENSE}
    first = reciprocal_rank_fusion(legs)
    assert [h.score for h in first] == sorted((h.score for h in first), reverse=True)
    assert first == reciprocal_rank_fusion(legs)
