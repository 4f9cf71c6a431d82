"""The analytics tab's numbers, computed from the feedback log.

Every function takes the frame :func:`personalization.feedback.feedback_frame`
returns (one row per logged turn; nested values are JSON strings) and gives a
small pandas frame a Gradio plot draws. Pure functions: no store, no UI.

Definitions (kept here so the plots and the README say the same thing):

* a *search turn* ran retrieval: its ``legs`` hold at least one leg (refusals,
  greetings and "compare the first two" run none);
* *zero results*: a search turn whose every leg came back empty;
* *abstained*: a search turn that showed no product (the assistant said
  nothing relevant was found, zero results included);
* the *feedback ratio* is thumbs up / (thumbs up + thumbs down) on answers,
  per day (days without thumbs are left out, not drawn as zero).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import numpy as np
import pandas as pd

PERCENTILES = (50, 95, 99)


def _json(value: object, default: object) -> object:
    if isinstance(value, dict | list):
        return value
    try:
        return json.loads(value) if isinstance(value, str) and value else default
    except ValueError:
        return default


def feedback_by_day(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns ``day`` (datetime), ``up``, ``down``, ``ratio`` (0-1): answer thumbs per day."""
    columns = ["day", "up", "down", "ratio"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    rated = frame[frame["thumbs"].isin(["up", "down"])]
    if rated.empty:
        return pd.DataFrame(columns=columns)
    day = pd.to_datetime(rated["created_at"], utc=True, format="ISO8601").dt.tz_localize(None).dt.floor("D")
    counts = pd.crosstab(day, rated["thumbs"]).reindex(columns=["up", "down"], fill_value=0)
    out = counts.reset_index().rename(columns={"created_at": "day"})
    out.columns = ["day", "up", "down"]
    out["ratio"] = (out["up"] / (out["up"] + out["down"])).round(4)
    return out[columns].sort_values("day").reset_index(drop=True)


def top_queries(frame: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """Columns ``query``, ``turns``: the most asked searches (rewritten query, else the message)."""
    if frame.empty:
        return pd.DataFrame(columns=["query", "turns"])
    text = frame["query"].where(frame["query"].str.strip() != "", frame["message"]).str.strip().str.lower()
    text = text[text != ""]
    counts = text.value_counts()
    out = pd.DataFrame({"query": counts.index, "turns": counts.to_numpy()})
    # value_counts breaks ties arbitrarily; a stable order keeps the plot the same between refreshes.
    return out.sort_values(["turns", "query"], ascending=[False, True]).head(n).reset_index(drop=True)


def _is_search(legs: object) -> bool:
    return isinstance(legs, dict) and len(legs) > 0


def outcome_rates(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns ``outcome``, ``rate`` (0-1), ``turns``, ``searches``: zero-result and abstain rates."""
    columns = ["outcome", "rate", "turns", "searches"]
    legs = [_json(v, {}) for v in frame.get("legs", pd.Series(dtype=str))]
    shown = [_json(v, []) for v in frame.get("shown", pd.Series(dtype=str))]
    searches = [i for i, leg in enumerate(legs) if _is_search(leg)]
    total = len(searches)
    zero = sum(1 for i in searches if not any(legs[i].values()))
    abstained = sum(1 for i in searches if not shown[i])
    if total == 0:
        return pd.DataFrame(columns=columns)
    return pd.DataFrame(
        [
            {"outcome": "zero results", "rate": round(zero / total, 4), "turns": zero, "searches": total},
            {"outcome": "abstained", "rate": round(abstained / total, 4), "turns": abstained, "searches": total},
        ],
        columns=columns,
    )


def latency_percentiles(frame: pd.DataFrame, percentiles: Iterable[int] = PERCENTILES) -> pd.DataFrame:
    """Long format: ``stage``, ``percentile`` ("p50"…), ``ms``, ``turns`` — one row per stage and percentile."""
    columns = ["stage", "percentile", "ms", "turns"]
    samples: dict[str, list[float]] = {}
    for value in frame.get("timings_ms", pd.Series(dtype=str)):
        timings = _json(value, {})
        if not isinstance(timings, dict):
            continue
        for stage, ms in timings.items():
            if isinstance(ms, int | float) and np.isfinite(ms):
                samples.setdefault(stage, []).append(float(ms))
    rows = []
    for stage in sorted(samples):
        values = np.asarray(samples[stage])
        for p in percentiles:
            rows.append({"stage": stage, "percentile": f"p{p}", "ms": round(float(np.percentile(values, p)), 3),
                         "turns": len(values)})
    return pd.DataFrame(rows, columns=columns)


def summary(frame: pd.DataFrame) -> dict[str, object]:
    """Headline numbers: turns, thumbs up and down, the overall ratio, users."""
    if frame.empty:
        return {"turns": 0, "thumbs_up": 0, "thumbs_down": 0, "ratio": None, "users": 0}
    up = int((frame["thumbs"] == "up").sum())
    down = int((frame["thumbs"] == "down").sum())
    users = frame["user_id"][frame["user_id"] != ""].nunique()
    return {"turns": len(frame), "thumbs_up": up, "thumbs_down": down,
            "ratio": round(up / (up + down), 4) if up + down else None, "users": int(users)}
