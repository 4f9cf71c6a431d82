"""The shopper's and analyst's commands end to end on the tiny catalog (fake embedder, extractive)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from personalization.feedback import ExportFormat, read_frame
from personalization.store import Base, open_store
from rag.cli import app
from rag.settings import get_settings

runner = CliRunner()


@pytest.fixture
def env(cli_env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SHOPASSIST_PERSONALIZATION_WEIGHT", "0.5")
    monkeypatch.setenv("COLUMNS", "300")  # error boxes on one line
    get_settings.cache_clear()
    return cli_env


def _ask(*args: str) -> dict:
    out = runner.invoke(app, ["ask", *args, "--json"])
    assert out.exit_code == 0, out.output
    return json.loads(out.output)


def _ok(*args: str) -> str:
    out = runner.invoke(app, list(args))
    assert out.exit_code == 0, out.output
    return out.output


def test_ask_user_feedback_profile_export_forget(env: Path) -> None:
    cold = _ask("wireless mouse", "--user", "ann")
    assert cold["trace"]["user_id"] == "ann" and cold["trace"]["boosts"] == []
    order = [p["id"] for p in cold["products"]]
    assert "3484710" in order  # the Philips mouse
    # Ann buys the Philips mouse from that ranking and likes the answer.
    _ok("feedback", "purchase", "--request", cold["request_id"], "--product", "3484710", "--value", "19.99")
    _ok("feedback", "thumbs_up", "--request", cold["request_id"], "--reason", "helpful")
    shown = json.loads(_ok("profile", "show", "ann", "--json"))
    assert shown["brand"][0]["key"] == "philips" and shown["brand"][0]["counts"] == {"purchase": 1}

    warm = _ask("wireless mouse", "--user", "ann")
    boosts = {b["product_id"]: b for b in warm["trace"]["boosts"]}
    assert boosts["3484710"]["delta"] > 0 and "bought 1" in boosts["3484710"]["reason"]
    assert [p["id"] for p in warm["products"]].index("3484710") <= order.index("3484710")
    # Another shopper, and anonymous turns, are untouched by Ann's profile.
    assert [p["id"] for p in _ask("wireless mouse", "--user", "bob")["products"]] == order
    assert _ask("wireless mouse")["trace"]["boosts"] == []

    for fmt in ExportFormat:
        path = env / f"feedback.{fmt.value}"
        _ok("export", "feedback", "--format", fmt.value, "--output", str(path), "--since", "2000-01-01")
        frame = read_frame(path, fmt)
        assert len(frame) == 4
        row = frame[frame.request_id == cold["request_id"]].iloc[0]
        assert row.thumbs == "up" and row.thumbs_reason == "helpful" and row.purchases == 1 and row.order_value == 19.99
        assert json.loads(row.shown) == order and row.user_id == "ann"
        assert json.loads(row.citations) == cold["citations"]
        # Every format reads back to the same frame.
        pd.testing.assert_frame_equal(frame, read_frame(env / "feedback.csv", ExportFormat.CSV))
    empty = env / "none.csv"
    _ok("export", "feedback", "--output", str(empty), "--until", "2000-01-01")
    assert pd.read_csv(empty).empty

    triplets = env / "triplets.jsonl"
    _ok("export", "triplets", "--output", str(triplets))
    rows = pd.read_json(triplets, lines=True, dtype=False)
    assert len(rows) == 1 and rows.positive_id[0] == "3484710" and rows["query"][0] == "wireless mouse"
    assert rows.negative_id[0] in order and rows.negative_id[0] != "3484710"

    _ok("profile", "set", "ann", "brand", "Philips", "--", "-1")
    assert json.loads(_ok("profile", "show", "ann", "--json"))["brand"][0]["pinned"] is True
    _ok("profile", "remove", "ann", "brand", "philips")
    assert runner.invoke(app, ["profile", "remove", "ann", "brand", "philips"]).exit_code == 1

    result = json.loads(_ok("profile", "forget", "ann", "--yes"))
    assert not any(result["left"].values())
    sessions = open_store(get_settings().store_url)
    with sessions() as s:
        for table in Base.metadata.sorted_tables:
            for row in s.execute(select(table)).all():
                assert "ann" not in repr(tuple(row)) and cold["request_id"] not in repr(tuple(row)), table.name


def test_bad_input_is_refused_clearly(env: Path) -> None:
    bad = runner.invoke(app, ["feedback", "like", "--product", "3484710"])
    assert bad.exit_code == 2 and "choose one of" in bad.output
    bad = runner.invoke(app, ["feedback", "click", "--request", "nope", "--product", "3484710", "--user", "u"])
    assert bad.exit_code == 2 and "no ranking" in bad.output
    bad = runner.invoke(app, ["feedback", "click", "--product", "missing"])
    assert bad.exit_code == 2 and "no product" in bad.output
    bad = runner.invoke(app, ["export", "feedback", "--format", "xlsx"])
    assert bad.exit_code == 2 and "csv, parquet, jsonl" in bad.output
    bad = runner.invoke(app, ["export", "feedback", "--since", "yesterday"])
    assert bad.exit_code == 2 and "ISO" in bad.output
    bad = runner.invoke(app, ["profile", "set", "u", "colour", "red", "1"])
    assert bad.exit_code == 2 and "brand, category, price_band" in bad.output
