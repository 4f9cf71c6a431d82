"""The analytics numbers, on a hand-made feedback frame with known answers."""

from __future__ import annotations

import json

import pandas as pd

from personalization.feedback import FEEDBACK_COLUMNS
from rag.ui.analytics import feedback_by_day, latency_percentiles, outcome_rates, summary, top_queries


def _row(day: str, query: str, thumbs: str = "", legs=None, shown=(), timings=None, user="u1") -> dict:
    row = {c: "" for c in FEEDBACK_COLUMNS}
    row.update(created_at=f"{day}T10:00:00.000+00:00", query=query, message=query, thumbs=thumbs, user_id=user,
               legs=json.dumps(legs if legs is not None else {"bm25": ["a"], "dense": ["a"]}),
               shown=json.dumps(list(shown)), timings_ms=json.dumps(timings or {}))
    return row


def _frame() -> pd.DataFrame:
    return pd.DataFrame([
        _row("2026-01-01", "mouse", "up", shown=["a"], timings={"bm25": 1.0, "answer": 10.0}),
        _row("2026-01-01", "mouse", "down", shown=["a"], timings={"bm25": 3.0}),
        _row("2026-01-02", "Laptop", "up", shown=["b"], timings={"bm25": 5.0}, user="u2"),
        _row("2026-01-02", "sofa", legs={"bm25": [], "dense": []}),  # zero results, abstained
        _row("2026-01-03", "dog food", shown=[]),  # retrieved something, still abstained
        _row("2026-01-03", "write a poem", legs={}),  # refused: not a search
    ], columns=list(FEEDBACK_COLUMNS))


def test_feedback_ratio_per_day_leaves_out_days_without_thumbs() -> None:
    out = feedback_by_day(_frame())
    assert list(out["day"].dt.strftime("%Y-%m-%d")) == ["2026-01-01", "2026-01-02"]
    assert list(out["ratio"]) == [0.5, 1.0] and list(out["up"]) == [1, 1] and list(out["down"]) == [1, 0]


def test_top_queries_count_case_insensitively_in_a_stable_order() -> None:
    out = top_queries(_frame(), n=2)
    assert out.to_dict("records") == [{"query": "mouse", "turns": 2}, {"query": "dog food", "turns": 1}]


def test_zero_result_and_abstain_rates_count_searches_only() -> None:
    rates = outcome_rates(_frame()).set_index("outcome")
    assert rates.loc["zero results", "searches"] == 5
    assert rates.loc["zero results", "rate"] == 0.2
    assert rates.loc["abstained", "rate"] == 0.4


def test_latency_percentiles_per_stage() -> None:
    out = latency_percentiles(_frame(), percentiles=(50, 100))
    bm25 = out[out["stage"] == "bm25"].set_index("percentile")
    assert bm25.loc["p50", "ms"] == 3.0 and bm25.loc["p100", "ms"] == 5.0 and bm25.loc["p50", "turns"] == 3
    assert set(out["stage"]) == {"bm25", "answer"}


def test_empty_log_gives_empty_frames_with_the_plot_columns() -> None:
    empty = pd.DataFrame(columns=list(FEEDBACK_COLUMNS))
    assert list(feedback_by_day(empty).columns) == ["day", "up", "down", "ratio"]
    assert top_queries(empty).empty and outcome_rates(empty).empty and latency_percentiles(empty).empty
    assert summary(empty)["ratio"] is None
    assert summary(_frame()) == {"turns": 6, "thumbs_up": 2, "thumbs_down": 1, "ratio": 0.6667, "users": 2}
