"""benchmarks/langchain_peer.py scores every row under every judgment view and
pools the rows' unjudged top-10 pairs (the pure parts; the run itself is a benchmark)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))  # the script imports ``common``

from langchain_peer import peer_pool, score_views

from rag.evaluation.judgments import Judgments, judgment_views

ORIGINAL = Judgments.from_mapping({"laptop": {"a": 3, "b": 0}, "mouse": {"m": 3}})
ADDED = Judgments.from_mapping({"laptop": {"c": 3}, "mouse": {"x": 0}})
RANKED = {
    "ours": {"laptop": ["a", "c"], "mouse": ["m"]},
    "peer": {"laptop": ["c", "d", "b"], "mouse": ["x", "m", "y"]},
}
MS = {"ours": [10.0, 20.0], "peer": [30.0, 80.0]}


def test_every_row_is_scored_under_both_views_with_its_judged_fraction() -> None:
    views = judgment_views([ORIGINAL, ADDED])
    rows, payload = score_views(RANKED, MS, views)
    assert len(rows) == 4 and list(payload) == ["ours", "peer"]
    ours_original, ours_completed = payload["ours"]
    assert ours_original["judged@10"] == pytest.approx(0.75)  # "c" unjudged in the original
    assert ours_completed["judged@10"] == pytest.approx(1.0)
    peer_original, peer_completed = payload["peer"]
    assert peer_original["judged@10"] < peer_completed["judged@10"] < 1.0  # "d" and "y" stay unjudged
    assert ours_completed["ndcg@10"] == pytest.approx(1.0)
    assert peer_completed["ndcg@10"] < 1.0  # "x" (0) above "m" (3) for "mouse"
    assert ours_original["p50_ratio_to_ours"] == 1.0
    assert peer_original["p50_ratio_to_ours"] == pytest.approx(
        peer_original["p50_ms"] / ours_original["p50_ms"])
    assert peer_original["p50_ratio_to_ours"] > 1.0


def test_the_pool_holds_exactly_the_pairs_the_stacked_judgments_lack() -> None:
    completed = judgment_views([ORIGINAL, ADDED])[-1]
    entries = peer_pool(RANKED, completed)
    assert [(e.query, e.docid) for e in entries] == [("laptop", "d"), ("mouse", "y")]
    assert entries[0].ranks == {"peer": 2} and entries[1].best_rank == 3
    assert peer_pool(RANKED, judgment_views([ORIGINAL, Judgments.from_mapping(
        {"laptop": {"c": 3, "d": 0}, "mouse": {"x": 0, "y": 1}})])[-1]) == []


def test_nothing_to_score_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="no judgment views"):
        score_views(RANKED, MS, ())
    with pytest.raises(ValueError, match="no systems"):
        score_views({}, MS, judgment_views([ORIGINAL]))
