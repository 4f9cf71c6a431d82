"""Cross-validated knob choice: folds respect near-duplicates, the verdict follows the held-out figure."""

from __future__ import annotations

import pytest

from rag.evaluation.cv import assign_folds, cross_validate, query_groups

QUERIES = [f"query {i}" for i in range(40)]


def test_folds_keep_near_duplicates_together() -> None:
    queries = ["bluetooth speaker", "bluetooth speakers", "smart watch", "smartwatch", "laptop", "laptop bag"]
    groups = query_groups(queries)
    for seed in range(4):
        folds = assign_folds(groups, 2, seed)
        assert folds[0] == folds[1] and folds[2] == folds[3]
    with pytest.raises(ValueError):
        assign_folds(groups, 1)
    with pytest.raises(ValueError, match="cannot fill"):
        assign_folds([0, 0, 1], 3)


def test_a_real_gain_wins_out_of_fold() -> None:
    per_query = {
        "plain": {q: 0.5 for q in QUERIES},
        "better": {q: 0.6 for q in QUERIES},
        "worse": {q: 0.4 for q in QUERIES},
    }
    result = cross_validate("k", per_query, "plain", folds=5, seeds=2)
    assert result.best == "better" and result.wins and result.chosen == "better"
    assert result.out_of_fold == pytest.approx(0.6)
    assert result.picks == {"better": 10}


def test_a_gain_from_one_lucky_query_does_not_hold_out_of_fold() -> None:
    # "lucky" is far better on one query and a little worse on the other 39: the
    # best in sample, but the folds that train on the lucky query pick it and lose
    # on their held-out queries, and the fold that holds it out picks the default.
    lucky = {q: 0.49 for q in QUERIES}
    lucky["query 0"] = 1.0
    per_query = {"plain": {q: 0.5 for q in QUERIES}, "lucky": lucky}
    result = cross_validate("k", per_query, "plain", folds=5, seeds=3)
    assert result.best == "lucky" and result.in_sample["lucky"] == pytest.approx(0.50275)
    assert result.out_of_fold == pytest.approx(0.492)
    assert not result.wins and result.chosen == "plain"
    assert result.picks == {"lucky": 12, "plain": 3}
    both = cross_validate("k", {"plain": per_query["plain"], "same": dict(per_query["plain"])}, "plain")
    assert both.chosen == "plain" and not both.wins and both.picks == {"plain": 15}  # ties go to the default


def test_bad_input_is_named() -> None:
    with pytest.raises(ValueError, match="default"):
        cross_validate("k", {"a": {"q": 1.0}}, "b")
    with pytest.raises(ValueError, match="other queries"):
        cross_validate("k", {"a": {"q": 1.0}, "b": {"r": 1.0}}, "a")
