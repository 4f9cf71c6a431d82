"""Pooling unjudged pairs and scoring one set of runs under several judgment views."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from rag.evaluation.judgments import Judgments, judgment_views
from rag.evaluation.pool import POOL_COLUMNS, pool_rows, short_description, unjudged_pool, write_pool
from rag.evaluation.runner import ModeRun, score_views
from rag.records import Product

ORIGINAL = Judgments.from_mapping({"laptop": {"a": 3, "b": 0}, "desk": {"c": 2}})
ADDED = Judgments.from_mapping({"laptop": {"x": 3, "y": 0}, "desk": {"d": 0}})


def run(mode: str, **rankings: list[str]) -> ModeRun:
    return ModeRun(mode=mode, runs=rankings, totals_ms=[1.0] * len(rankings), stages_ms={})


def product(pid: str, description: str = "A thing.") -> Product:
    return Product(id=pid, title=f"Title {pid}", brand="Acme", category="notebook", price=499.0,
                   currency="USD", description=description)


def test_pool_is_every_unjudged_pair_in_any_top_k_with_its_ranks() -> None:
    runs = [
        run("bm25", laptop=["a", "x", "b", "z"], desk=["c", "d"]),
        run("dense", laptop=["y", "x", "a"], desk=["d", "e"]),
    ]
    entries = unjudged_pool(runs, ORIGINAL, depth=3)
    assert [(e.query, e.docid) for e in entries] == [
        ("laptop", "y"), ("laptop", "x"), ("desk", "d"), ("desk", "e"),
    ]  # grouped by query in the judgments' order, then best rank; "z" is below depth 3
    x = next(e for e in entries if e.docid == "x")
    assert dict(x.ranks) == {"bm25": 2, "dense": 2} and x.best_rank == 2
    # Once the added judgments are stacked on, only "e" is left.
    complete = judgment_views([ORIGINAL, ADDED])[-1]
    assert [(e.query, e.docid) for e in unjudged_pool(runs, complete, depth=3)] == [("desk", "e")]
    with pytest.raises(ValueError):
        unjudged_pool(runs, ORIGINAL, depth=0)


def test_pool_csv_has_what_a_rater_reads(tmp_path: Path) -> None:
    entries = unjudged_pool([run("bm25", laptop=["x"], desk=[])], ORIGINAL)
    long = "word " * 200
    rows = pool_rows(entries, {"x": product("x", long)})
    path = write_pool(rows, tmp_path / "out" / "pool.csv")
    with path.open(newline="") as handle:
        read = list(csv.DictReader(handle))
    assert tuple(read[0]) == POOL_COLUMNS
    assert read[0]["title"] == "Title x" and read[0]["price"] == "499.00" and read[0]["modes"] == "bm25#1"
    assert len(read[0]["description"]) <= 402 and read[0]["description"].endswith("…")
    assert short_description(product("s", "Short\n text.")) == "Short text."
    with pytest.raises(KeyError, match="'x'"):
        pool_rows(entries, {})


def test_one_run_scored_under_each_view() -> None:
    views = judgment_views([ORIGINAL, ADDED])
    report = score_views([run("m", laptop=["x", "a"], desk=["c"])], views)
    first, complete = report.views
    assert first.metrics["m"]["judged@10"] == pytest.approx(0.75)  # x unjudged in the original pool
    assert complete.metrics["m"]["judged@10"] == 1.0
    assert first.metrics["m"]["ndcg@10"] < complete.metrics["m"]["ndcg@10"]
    # ``modes`` carry the last view; the JSON has both.
    assert report.modes[0].metrics == complete.metrics["m"]
    payload = report.as_json()
    assert [v["judgment_count"] for v in payload["views"]] == [3, 6]
    text = report.to_markdown()
    assert text.count("| mode |") == 2 and "judged@10 < 1.00" not in text
    partial = score_views([run("m", laptop=["x", "q"], desk=["c"])], views).to_markdown()
    assert "judged@10 < 1.00 under the last view" in partial and "m 0.750" in partial
