"""Ranking metrics against values computed by hand on tests/data/judgments_tiny.csv.

The tiny set (ratings 0..3, relevant = rating >= 2 by default):

    red shoes  d1=3 d2=2 d3=1 d4=0 d5=2   relevant {d1, d2, d5}
    usb cable  u1=3 u2=0                  relevant {u1}
    desk lamp  l1=1 l2=0                  only a marginal doc: nDCG > 0, recall None
    tv mount   t1=0 t2=0                  nothing relevant: ideal DCG 0, unanswerable
                                          (left out of evaluate_run's means by default)

Docids starting with "x" are unjudged. Expected values are written out as the
arithmetic (with math.log2) and, in comments, as decimals.
"""

from __future__ import annotations

import math
import random
from math import log2
from pathlib import Path

import numpy as np
import pytest

from rag.evaluation.judgments import Judgments, load_judgments
from rag.evaluation.metrics import (
    METRIC_KEYS,
    RELEVANCE_THRESHOLD,
    QueryMetrics,
    RunMetrics,
    answerable_queries,
    condensed_ndcg_at_k,
    evaluate_queries,
    evaluate_query,
    evaluate_run,
    evaluate_run_details,
    hit_at_k,
    judged_at_k,
    mrr,
    ndcg_at_k,
    percentile,
    recall_at_k,
    unanswerable_queries,
)

TINY = Path(__file__).resolve().parents[2] / "data" / "judgments_tiny.csv"
DEV = Path(__file__).resolve().parents[3] / "data" / "icecat" / "judgments_dev.csv"

# The run under test: judged docs interleaved with unjudged "x" docs.
RUN = {
    "red shoes": ["x1", "d2", "d1", "x2", "d3"],
    "usb cable": ["u2", "x3", "x4", "u1"],
    "desk lamp": ["l2", "l1"],
    # "tv mount" is missing on purpose: it counts as an empty ranking.
    "not judged": ["z1"],  # ignored: no judgments
}

# red shoes, ideal order d1 d2|d5 d5|d2 d3 d4 → gains 7, 3, 3, 1, 0:
# IDCG = 7/log2(2) + 3/log2(3) + 3/log2(4) + 1/log2(5) + 0/log2(6)
#      = 7 + 1.892789 + 1.5 + 0.430677 = 10.823466
SHOES_IDCG = 7 / 1 + 3 / log2(3) + 3 / 2 + 1 / log2(5)
# RUN order x1 d2 d1 x2 d3 → gains 0, 3, 7, 0, 1:
# DCG = 0 + 3/log2(3) + 7/log2(4) + 0 + 1/log2(6) = 1.892789 + 3.5 + 0.386853 = 5.779642
# nDCG@10 = 5.779642 / 10.823466 = 0.533992
SHOES_NDCG = (3 / log2(3) + 7 / 2 + 1 / log2(6)) / SHOES_IDCG
# condensed (x1, x2 removed) d2 d1 d3 → gains 3, 7, 1:
# DCG = 3/log2(2) + 7/log2(3) + 1/log2(4) = 3 + 4.416508 + 0.5 = 7.916508
# nDCG@10 = 7.916508 / 10.823466 = 0.731421
SHOES_CONDENSED = (3 / 1 + 7 / log2(3) + 1 / 2) / SHOES_IDCG
# usb cable: IDCG = 7/log2(2) = 7. RUN u2 x3 x4 u1 → DCG = 7/log2(5) = 3.014736
# nDCG@10 = 3.014736 / 7 = 1/log2(5) = 0.430677
USB_NDCG = (7 / log2(5)) / 7
# condensed u2 u1 → DCG = 7/log2(3) = 4.416508 → nDCG = 1/log2(3) = 0.630930
USB_CONDENSED = (7 / log2(3)) / 7
# desk lamp: IDCG = (2^1-1)/log2(2) = 1; RUN l2 l1 → DCG = 1/log2(3) → nDCG = 0.630930
LAMP_NDCG = 1 / log2(3)


@pytest.fixture(scope="module")
def tiny() -> Judgments:
    return load_judgments(TINY)


@pytest.fixture(scope="module")
def shoes(tiny: Judgments):
    return tiny["red shoes"]


# --- nDCG -------------------------------------------------------------------


def test_ndcg_hand_computed(tiny: Judgments) -> None:
    assert ndcg_at_k(RUN["red shoes"], tiny["red shoes"]) == pytest.approx(SHOES_NDCG)
    assert round(SHOES_NDCG, 6) == 0.533992
    assert ndcg_at_k(RUN["usb cable"], tiny["usb cable"]) == pytest.approx(USB_NDCG)
    assert round(USB_NDCG, 6) == 0.430677
    assert ndcg_at_k(RUN["desk lamp"], tiny["desk lamp"]) == pytest.approx(LAMP_NDCG)


def test_condensed_ndcg_hand_computed_and_differs_from_standard(tiny: Judgments) -> None:
    condensed = condensed_ndcg_at_k(RUN["red shoes"], tiny["red shoes"])
    assert condensed == pytest.approx(SHOES_CONDENSED)
    assert round(SHOES_CONDENSED, 6) == 0.731421
    # Unjudged docs interleaved: condensing lifts the judged docs up the list.
    assert condensed > ndcg_at_k(RUN["red shoes"], tiny["red shoes"]) + 0.1
    assert condensed_ndcg_at_k(RUN["usb cable"], tiny["usb cable"]) == pytest.approx(
        USB_CONDENSED
    )


def test_condensed_equals_standard_when_everything_is_judged(shoes) -> None:
    ranked = ["d3", "d1", "d4", "d2"]
    assert condensed_ndcg_at_k(ranked, shoes) == ndcg_at_k(ranked, shoes)


def test_condensed_keeps_judged_irrelevant_docs(shoes) -> None:
    # d4 is judged 0: it stays in the condensed list and pushes d1 to rank 2.
    # IDCG@2 = 7 + 3/log2(3); DCG@2 = 0 + 7/log2(3)
    expected = (7 / log2(3)) / (7 + 3 / log2(3))
    assert condensed_ndcg_at_k(["x1", "d4", "d1"], shoes, k=2) == pytest.approx(expected)


def test_perfect_ranking_is_one(shoes) -> None:
    assert ndcg_at_k(["d1", "d2", "d5", "d3", "d4"], shoes) == pytest.approx(1.0)
    # Tied ratings (d2, d5 both 2) may come in either order.
    assert ndcg_at_k(["d1", "d5", "d2", "d3"], shoes) == pytest.approx(1.0)
    # Trailing unjudged docs after all gains are in do not hurt.
    assert ndcg_at_k(["d1", "d2", "d5", "d3", "x1", "x2"], shoes) == pytest.approx(1.0)


def test_reversed_ranking_is_below_one(shoes) -> None:
    # d4 d3 d5 d2 d1 → gains 0, 1, 3, 3, 7:
    # DCG = 0 + 1/log2(3) + 3/log2(4) + 3/log2(5) + 7/log2(6) = 6.130954
    # nDCG = 6.130954 / 10.823466 = 0.566448
    expected = (1 / log2(3) + 3 / 2 + 3 / log2(5) + 7 / log2(6)) / SHOES_IDCG
    value = ndcg_at_k(["d4", "d3", "d5", "d2", "d1"], shoes)
    assert value == pytest.approx(expected)
    assert value < 1.0


def test_ideal_dcg_is_cut_at_k(shoes) -> None:
    # k=2: x1 d2 → DCG = 3/log2(3); IDCG@2 = 7 + 3/log2(3) (not all five judged docs)
    # nDCG@2 = 1.892789 / 8.892789 = 0.212845
    expected = (3 / log2(3)) / (7 + 3 / log2(3))
    assert ndcg_at_k(RUN["red shoes"], shoes, k=2) == pytest.approx(expected)
    assert ndcg_at_k(RUN["red shoes"], shoes, k=1) == 0.0


def test_k_larger_than_list(shoes) -> None:
    ranked = RUN["red shoes"]
    # Five results: k=10 and k=1000 see the same docs, and the ideal (5 judged) is the same.
    assert ndcg_at_k(ranked, shoes, k=1000) == pytest.approx(SHOES_NDCG)
    assert hit_at_k(ranked, shoes, k=1000) == 1.0
    assert recall_at_k(ranked, shoes, k=1000) == pytest.approx(2 / 3)
    assert judged_at_k(ranked, shoes, k=1000) == pytest.approx(3 / 5)


def test_empty_ranking_scores_zero(shoes) -> None:
    assert ndcg_at_k([], shoes) == 0.0
    assert condensed_ndcg_at_k([], shoes) == 0.0
    assert mrr([], shoes) == 0.0
    assert hit_at_k([], shoes) == 0.0
    assert recall_at_k([], shoes) == 0.0
    assert judged_at_k([], shoes) == 0.0


def test_ndcg_is_zero_when_nothing_is_relevant(tiny: Judgments) -> None:
    # tv mount: every judged doc is 0, so the ideal DCG is 0 → defined as 0.0.
    assert ndcg_at_k(["t1", "t2"], tiny["tv mount"]) == 0.0
    assert ndcg_at_k(["x1"], {}) == 0.0


def test_ndcg_stays_in_unit_interval_for_random_rankings(shoes) -> None:
    docs = ["d1", "d2", "d3", "d4", "d5", "x1", "x2", "x3"]
    rng = random.Random(7)
    for _ in range(200):
        rng.shuffle(docs)
        cut = docs[: rng.randint(0, len(docs))]
        for k in (1, 3, 10):
            assert 0.0 <= ndcg_at_k(cut, shoes, k=k) <= 1.0 + 1e-12
            assert 0.0 <= condensed_ndcg_at_k(cut, shoes, k=k) <= 1.0 + 1e-12


def test_graded_gain_prefers_the_better_doc_first(shoes) -> None:
    # Swapping a 3 above a 2 must raise nDCG (2^3-1 = 7 vs 2^2-1 = 3 gain).
    assert ndcg_at_k(["d1", "d2"], shoes) > ndcg_at_k(["d2", "d1"], shoes)


# --- MRR, hit, recall, judged -------------------------------------------------


def test_default_threshold_is_two() -> None:
    assert RELEVANCE_THRESHOLD == 2


def test_mrr_hand_computed(tiny: Judgments) -> None:
    # red shoes: x1 d2 d1 … → first rating >= 2 is d2 at rank 2 → 1/2
    assert mrr(RUN["red shoes"], tiny["red shoes"]) == 0.5
    # usb cable: u2 x3 x4 u1 → u1 at rank 4 → 1/4
    assert mrr(RUN["usb cable"], tiny["usb cable"]) == 0.25
    # desk lamp: only l1=1, below the default threshold → 0
    assert mrr(RUN["desk lamp"], tiny["desk lamp"]) == 0.0


def test_mrr_threshold_parameter(tiny: Judgments) -> None:
    # threshold 3: first rating-3 doc in x1 d2 d1 is d1 at rank 3
    assert mrr(RUN["red shoes"], tiny["red shoes"], threshold=3) == pytest.approx(1 / 3)
    # threshold 1: desk lamp's l1 (rating 1) counts, at rank 2
    assert mrr(RUN["desk lamp"], tiny["desk lamp"], threshold=1) == 0.5


def test_mrr_looks_past_rank_ten(shoes) -> None:
    ranked = [f"x{i}" for i in range(19)] + ["d1"]
    assert mrr(ranked, shoes) == pytest.approx(1 / 20)


def test_hit_at_k(tiny: Judgments) -> None:
    shoes = tiny["red shoes"]
    assert hit_at_k(RUN["red shoes"], shoes) == 1.0
    assert hit_at_k(RUN["red shoes"], shoes, k=1) == 0.0  # x1 only
    assert hit_at_k(RUN["usb cable"], tiny["usb cable"], k=3) == 0.0  # u1 is at rank 4
    assert hit_at_k(RUN["usb cable"], tiny["usb cable"], k=4) == 1.0
    assert hit_at_k(RUN["desk lamp"], tiny["desk lamp"]) == 0.0
    assert hit_at_k(RUN["desk lamp"], tiny["desk lamp"], threshold=1) == 1.0


def test_recall_hand_computed(tiny: Judgments) -> None:
    shoes = tiny["red shoes"]
    # relevant {d1, d2, d5}; retrieved d2, d1 → 2/3
    assert recall_at_k(RUN["red shoes"], shoes) == pytest.approx(2 / 3)
    # top 2 = x1 d2 → 1/3
    assert recall_at_k(RUN["red shoes"], shoes, k=2) == pytest.approx(1 / 3)
    # threshold 1 adds d3 (retrieved): relevant {d1, d2, d3, d5}, retrieved 3 → 3/4
    assert recall_at_k(RUN["red shoes"], shoes, threshold=1) == pytest.approx(3 / 4)
    assert recall_at_k(RUN["usb cable"], tiny["usb cable"]) == 1.0


def test_recall_is_none_without_relevant_docs(tiny: Judgments) -> None:
    assert recall_at_k(RUN["desk lamp"], tiny["desk lamp"]) is None  # only a rating 1
    assert recall_at_k(["t1", "t2"], tiny["tv mount"]) is None  # all 0
    assert recall_at_k([], {}) is None
    # With threshold 1 desk lamp's l1 is relevant and retrieved.
    assert recall_at_k(RUN["desk lamp"], tiny["desk lamp"], threshold=1) == 1.0


def test_judged_at_k_with_fewer_than_k_results(tiny: Judgments) -> None:
    # 5 results, 3 judged: denominator is min(10, 5) = 5 → 3/5
    assert judged_at_k(RUN["red shoes"], tiny["red shoes"]) == pytest.approx(0.6)
    # 4 results, 2 judged → 2/4
    assert judged_at_k(RUN["usb cable"], tiny["usb cable"]) == 0.5
    # top 2 of the usb run: u2 judged, x3 not → 1/2
    assert judged_at_k(RUN["usb cable"], tiny["usb cable"], k=2) == 0.5
    # rating 0 still counts as judged
    assert judged_at_k(["t1", "t2"], tiny["tv mount"]) == 1.0


def test_judged_at_k_denominator_is_k_for_long_lists(shoes) -> None:
    ranked = ["d1", "d2"] + [f"x{i}" for i in range(18)]
    assert judged_at_k(ranked, shoes) == pytest.approx(2 / 10)


# --- input checks -------------------------------------------------------------


@pytest.mark.parametrize(
    "metric",
    [ndcg_at_k, condensed_ndcg_at_k, mrr, hit_at_k, recall_at_k, judged_at_k],
)
def test_duplicate_docid_raises_naming_it(metric, shoes) -> None:
    with pytest.raises(ValueError, match=r"duplicate docid 'd2' at ranks 2 and 4"):
        metric(["d1", "d2", "x1", "d2"], shoes)


def test_duplicate_detected_beyond_k(shoes) -> None:
    # The duplicate sits past k=2 but the ranking is still wrong.
    with pytest.raises(ValueError, match="duplicate docid 'x9'"):
        ndcg_at_k(["d1", "d2", "x9", "x9"], shoes, k=2)


def test_non_string_docids_raise(shoes) -> None:
    with pytest.raises(TypeError, match="rank 2 is int"):
        ndcg_at_k(["d1", 2], shoes)
    with pytest.raises(TypeError, match="not a single string"):
        mrr("d1", shoes)


@pytest.mark.parametrize("k", [0, -1, 2.5, True])
def test_bad_k_raises(k, shoes) -> None:
    with pytest.raises(ValueError, match="k must be a positive integer"):
        ndcg_at_k(["d1"], shoes, k=k)


@pytest.mark.parametrize("threshold", [0, -1, 1.5])
def test_bad_threshold_raises(threshold, shoes) -> None:
    with pytest.raises(ValueError, match="threshold must be an integer rating >= 1"):
        mrr(["d1"], shoes, threshold=threshold)


def test_accepts_tuples(shoes) -> None:
    assert ndcg_at_k(tuple(RUN["red shoes"]), shoes) == pytest.approx(SHOES_NDCG)


# --- per query and run aggregation -------------------------------------------


def test_evaluate_query(tiny: Judgments) -> None:
    metrics = evaluate_query(RUN["red shoes"], tiny["red shoes"])
    assert metrics == QueryMetrics(
        ndcg_at_10=pytest.approx(SHOES_NDCG),
        ndcg_at_10_condensed=pytest.approx(SHOES_CONDENSED),
        mrr=0.5,
        hit_at_5=1.0,
        recall_at_100=pytest.approx(2 / 3),
        judged_at_10=pytest.approx(0.6),
    )
    assert list(metrics.as_dict()) == list(METRIC_KEYS)


def test_evaluate_queries_missing_query_is_empty_ranking(tiny: Judgments) -> None:
    per_query = evaluate_queries(RUN, tiny)
    assert list(per_query) == ["red shoes", "usb cable", "desk lamp", "tv mount"]
    assert per_query["tv mount"] == QueryMetrics(0.0, 0.0, 0.0, 0.0, None, 0.0)


def test_answerable_queries_on_tiny_set(tiny: Judgments) -> None:
    # desk lamp has only a rating-1 doc: answerable (nDCG defined), though not relevant at 2.
    assert answerable_queries(tiny) == ("red shoes", "usb cable", "desk lamp")
    assert unanswerable_queries(tiny) == ("tv mount",)
    plain = {query: dict(tiny[query]) for query in tiny.queries}
    assert answerable_queries(plain) == answerable_queries(tiny)
    # A judged query with no ratings at all is unanswerable too.
    assert unanswerable_queries({"q": {}, "r": {"a": 0}, "s": {"b": 1}}) == ("q", "r")


def test_evaluate_run_aggregates_by_hand(tiny: Judgments) -> None:
    result = evaluate_run(RUN, tiny)
    assert list(result) == [
        "ndcg@10",
        "ndcg@10_condensed",
        "mrr",
        "hit@5",
        "recall@100",
        "judged@10",
    ]
    # tv mount (all docs rated 0, ideal DCG 0) is unanswerable and left out of every
    # mean. Means over the 3 answerable queries (red shoes, usb cable, desk lamp):
    # ndcg@10   = (0.533992 + 0.430677 + 0.630930) / 3 = 1.595598 / 3 = 0.531866
    assert result["ndcg@10"] == pytest.approx((SHOES_NDCG + USB_NDCG + LAMP_NDCG) / 3)
    assert result["ndcg@10"] == pytest.approx(0.531866, abs=1e-6)
    # condensed = (0.731421 + 0.630930 + 0.630930) / 3 = 1.993280 / 3 = 0.664427
    assert result["ndcg@10_condensed"] == pytest.approx(
        (SHOES_CONDENSED + USB_CONDENSED + LAMP_NDCG) / 3
    )
    assert result["ndcg@10_condensed"] == pytest.approx(0.664427, abs=1e-6)
    # mrr       = (1/2 + 1/4 + 0) / 3 = 0.75 / 3 = 0.25
    #   (desk lamp is answerable but has no doc >= 2, so it still counts as 0)
    assert result["mrr"] == pytest.approx(0.25)
    # hit@5     = (1 + 1 + 0) / 3 = 2/3 (desk lamp again 0)
    assert result["hit@5"] == pytest.approx(2 / 3)
    # recall@100 skips desk lamp too (no doc rated >= 2): (2/3 + 1) / 2 = 5/6
    assert result["recall@100"] == pytest.approx(5 / 6)
    # judged@10 = (3/5 + 2/4 + 2/2) / 3 = 2.1 / 3 = 0.7
    assert result["judged@10"] == pytest.approx(0.7)


def test_evaluate_run_keeps_zeros_without_skipping(tiny: Judgments) -> None:
    result = evaluate_run(RUN, tiny, skip_unanswerable=False)
    # The old rule: tv mount (an empty ranking here) counts as 0 in 4 queries.
    # ndcg@10   = (0.533992 + 0.430677 + 0.630930 + 0) / 4 = 0.398900
    assert result["ndcg@10"] == pytest.approx((SHOES_NDCG + USB_NDCG + LAMP_NDCG + 0) / 4)
    assert result["ndcg@10"] == pytest.approx(0.398900, abs=1e-6)
    # condensed = (0.731421 + 0.630930 + 0.630930 + 0) / 4 = 0.498320
    assert result["ndcg@10_condensed"] == pytest.approx(
        (SHOES_CONDENSED + USB_CONDENSED + LAMP_NDCG + 0) / 4
    )
    assert result["ndcg@10_condensed"] == pytest.approx(0.498320, abs=1e-6)
    # mrr       = (1/2 + 1/4 + 0 + 0) / 4 = 0.1875
    assert result["mrr"] == 0.1875
    # hit@5     = (1 + 1 + 0 + 0) / 4 = 0.5
    assert result["hit@5"] == 0.5
    # recall@100 skips desk lamp and tv mount either way: (2/3 + 1) / 2 = 5/6
    assert result["recall@100"] == pytest.approx(5 / 6)
    # judged@10 = (3/5 + 2/4 + 2/2 + 0) / 4 = 0.525
    assert result["judged@10"] == pytest.approx(0.525)


def test_evaluate_run_details_reports_the_averaged_queries(tiny: Judgments) -> None:
    details = evaluate_run_details(RUN, tiny)
    assert isinstance(details, RunMetrics)
    assert details.evaluated == ("red shoes", "usb cable", "desk lamp")
    assert details.skipped == ("tv mount",)
    assert details.recall_queries == 2  # red shoes, usb cable
    assert dict(details.means) == evaluate_run(RUN, tiny)
    with pytest.raises(TypeError):
        details.means["mrr"] = 1.0  # type: ignore[index]

    kept = evaluate_run_details(RUN, tiny, skip_unanswerable=False)
    assert kept.evaluated == tuple(tiny.queries)
    assert kept.skipped == ()
    assert dict(kept.means) == evaluate_run(RUN, tiny, skip_unanswerable=False)


def test_evaluate_run_threshold_one(tiny: Judgments) -> None:
    result = evaluate_run(RUN, tiny, threshold=1)
    # tv mount is still left out (answerability does not depend on the threshold).
    # desk lamp's l1 (rating 1, rank 2) now counts: mrr = (1/2 + 1/4 + 1/2) / 3 = 1.25 / 3
    assert result["mrr"] == pytest.approx(1.25 / 3)
    # hit@5 = (1 + 1 + 1) / 3 = 1
    assert result["hit@5"] == pytest.approx(1.0)
    # recall: shoes 3/4 (d1 d2 d3 of d1 d2 d3 d5), usb 1, lamp 1 → mean over 3
    assert result["recall@100"] == pytest.approx((3 / 4 + 1 + 1) / 3)
    # nDCG does not depend on the threshold
    assert result["ndcg@10"] == pytest.approx(evaluate_run(RUN, tiny)["ndcg@10"])


def test_evaluate_run_threshold_three_keeps_answerable_queries(tiny: Judgments) -> None:
    # Only red shoes (d1) and usb cable (u1) have a doc rated 3; desk lamp stays in
    # the means as 0 for the binary metrics. red shoes: d1 at rank 3; usb: u1 at rank 4.
    # mrr = (1/3 + 1/4 + 0) / 3 = 7/36;  hit@5 = (1 + 1 + 0) / 3 = 2/3
    result = evaluate_run(RUN, tiny, threshold=3)
    assert result["mrr"] == pytest.approx(7 / 36)
    assert result["hit@5"] == pytest.approx(2 / 3)


def test_evaluate_run_accepts_plain_mapping_and_logs_unjudged(
    tiny: Judgments, caplog: pytest.LogCaptureFixture
) -> None:
    plain = {query: dict(tiny[query]) for query in tiny.queries}
    with caplog.at_level("WARNING", logger="rag.evaluation.metrics"):
        assert evaluate_run(RUN, plain) == pytest.approx(evaluate_run(RUN, tiny))
    assert "1 run queries have no judgments" in caplog.text
    assert "not judged" in caplog.text


@pytest.mark.parametrize("skip", [True, False])
def test_evaluate_run_empty_run_is_all_zero(tiny: Judgments, skip: bool) -> None:
    result = evaluate_run({}, tiny, skip_unanswerable=skip)
    assert result == {
        "ndcg@10": 0.0,
        "ndcg@10_condensed": 0.0,
        "mrr": 0.0,
        "hit@5": 0.0,
        "recall@100": 0.0,
        "judged@10": 0.0,
    }


def test_evaluate_run_recall_nan_when_no_query_has_relevant_docs() -> None:
    result = evaluate_run({"q": ["a"]}, {"q": {"a": 1}})
    assert math.isnan(result["recall@100"])
    assert result["ndcg@10"] == 1.0


def test_evaluate_run_without_judged_queries_raises() -> None:
    with pytest.raises(ValueError, match="no judged queries"):
        evaluate_run({"q": ["a"]}, {})
    with pytest.raises(ValueError, match="no judged queries"):
        evaluate_run({"q": ["a"]}, {}, skip_unanswerable=False)


def test_evaluate_run_all_unanswerable_raises(tiny: Judgments) -> None:
    only_zeros = {"tv mount": tiny["tv mount"], "q": {}}
    with pytest.raises(ValueError, match=r"all 2 judged queries are unanswerable"):
        evaluate_run({"tv mount": ["t1"]}, only_zeros)
    # The old rule still scores them, as zeros (recall has no query: NaN).
    result = evaluate_run({"tv mount": ["t1"]}, only_zeros, skip_unanswerable=False)
    assert result["ndcg@10"] == 0.0
    assert result["mrr"] == 0.0
    assert result["judged@10"] == pytest.approx(1 / 2)  # t1 judged: 1/1, q: empty 0
    assert math.isnan(result["recall@100"])


def test_evaluate_run_rejects_duplicates_in_any_query(tiny: Judgments) -> None:
    run = dict(RUN, **{"usb cable": ["u1", "u1"]})
    with pytest.raises(ValueError, match="duplicate docid 'u1'"):
        evaluate_run(run, tiny)


@pytest.fixture(scope="module")
def dev() -> Judgments:
    return load_judgments(DEV)


def _oracle(judgments: Judgments) -> dict[str, list[str]]:
    # Sorting each query's judged docs by rating is the best possible run.
    return {
        query: sorted(ratings, key=lambda docid: -ratings[docid])
        for query, ratings in judgments.by_query.items()
    }


def test_answerable_queries_on_dev_set(dev: Judgments) -> None:
    # 12 of the 90 dev queries have no doc rated >= 1; 78 count in the means.
    answerable = answerable_queries(dev)
    unanswerable = unanswerable_queries(dev)
    assert len(dev) == 90
    assert len(answerable) == 78
    assert len(unanswerable) == 12
    assert set(answerable).isdisjoint(unanswerable)
    assert [q for q in dev.queries if q in set(answerable)] == list(answerable)
    for query in unanswerable:
        assert all(rating == 0 for rating in dev[query].values())


def test_oracle_run_on_dev_set_hits_the_ceiling(dev: Judgments) -> None:
    # Over the 78 answerable queries the oracle is perfect on nDCG. MRR and hit@5
    # stay below 1: 2 of the 78 have only rating-1 docs (nothing >= 2), so 76/78.
    details = evaluate_run_details(_oracle(dev), dev)
    assert len(details.evaluated) == 78
    assert len(details.skipped) == 12
    assert details.recall_queries == 76
    result = dict(details.means)
    assert result["ndcg@10"] == pytest.approx(1.0)
    assert result["ndcg@10_condensed"] == pytest.approx(1.0)
    assert result["mrr"] == pytest.approx(76 / 78)
    assert result["hit@5"] == pytest.approx(76 / 78)
    assert result["recall@100"] == pytest.approx(1.0)  # at most 54 judged per query
    assert result["judged@10"] == pytest.approx(1.0)


def test_oracle_run_on_dev_set_without_skipping_keeps_old_ceiling(dev: Judgments) -> None:
    # The old rule averages all 90 queries: 78 have a doc rated >= 1 (nDCG),
    # 76 a doc rated >= 2 (MRR, hit@5).
    result = evaluate_run(_oracle(dev), dev, skip_unanswerable=False)
    assert result["ndcg@10"] == pytest.approx(78 / 90)
    assert result["ndcg@10_condensed"] == pytest.approx(78 / 90)
    assert result["mrr"] == pytest.approx(76 / 90)
    assert result["hit@5"] == pytest.approx(76 / 90)
    assert result["recall@100"] == pytest.approx(1.0)
    assert result["judged@10"] == pytest.approx(1.0)


# --- percentile ---------------------------------------------------------------


def test_percentile_hand_computed() -> None:
    values = [40.0, 10.0, 30.0, 20.0]  # sorted: 10 20 30 40
    # p50: position (4-1)*0.5 = 1.5 → 20 + 0.5*(30-20) = 25
    assert percentile(values, 50) == 25.0
    # p99: position 3*0.99 = 2.97 → 30 + 0.97*(40-30) = 39.7
    assert percentile(values, 99) == pytest.approx(39.7)
    assert percentile(values, 0) == 10.0
    assert percentile(values, 100) == 40.0
    assert percentile([7.0], 99) == 7.0


def test_percentile_matches_numpy_linear() -> None:
    rng = random.Random(3)
    for n in (1, 2, 5, 17, 100):
        values = [rng.uniform(0, 500) for _ in range(n)]
        for p in (0, 1, 25, 50, 90, 99, 99.9, 100):
            assert percentile(values, p) == pytest.approx(float(np.percentile(values, p)))


def test_percentile_empty_is_none() -> None:
    assert percentile([], 50) is None
    assert percentile(iter(()), 99) is None


@pytest.mark.parametrize("p", [-1, 100.5])
def test_percentile_bad_p_raises(p) -> None:
    with pytest.raises(ValueError, match=r"0\.\.100"):
        percentile([1.0], p)


def test_percentile_nan_raises() -> None:
    with pytest.raises(ValueError, match="NaN"):
        percentile([1.0, math.nan], 50)
