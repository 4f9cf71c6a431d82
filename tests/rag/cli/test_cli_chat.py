"""``shopassist ask`` / ``chat`` / ``eval-chat`` end to end on the tiny catalog (fake embedder, extractive)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rag.cli import app

runner = CliRunner()


@pytest.fixture
def env(cli_env: Path) -> Path:
    return cli_env


def test_ask_json_then_a_follow_up_in_the_same_session(env: Path) -> None:
    first = runner.invoke(app, ["ask", "hp notebook", "--session", "s1", "--json"])
    assert first.exit_code == 0, first.output
    turn = json.loads(first.output)
    assert turn["generator"] == "extractive" and turn["products"] and turn["citations"]
    assert all(p["brand"] == "HP" for p in turn["products"])
    assert set(turn["citations"].values()) <= {p["id"] for p in turn["products"]}
    assert turn["trace"]["plan"] == "results" and turn["trace"]["timings_ms"]["first_token"] > 0
    follow = json.loads(runner.invoke(app, ["ask", "compare the first two", "--session", "s1", "--json"]).output)
    assert follow["trace"]["intent"] == "compare"
    assert [p["id"] for p in follow["products"]] == [p["id"] for p in turn["products"][:2]]


def test_ask_streams_text_and_lists_products(env: Path) -> None:
    result = runner.invoke(app, ["ask", "bluetooth speaker", "--max-price", "50"])
    assert result.exit_code == 0, result.output
    # One wireless speaker under $50 in tests/data; the fake embedder's low similarity makes it the closest match.
    assert ("best match" in result.output or "closest product" in result.output) and "[1]" in result.output


def test_bad_options_are_clear(env: Path) -> None:
    result = runner.invoke(app, ["ask", "tv", "--llm", "gpt9"])
    assert result.exit_code != 0 and "choose one of" in result.output
    result = runner.invoke(app, ["ask", "tv", "--session", "../etc"])
    assert result.exit_code == 2 and "session id" in result.output


def test_chat_reads_turns_until_exit(env: Path) -> None:
    result = runner.invoke(app, ["chat", "--session", "c1"], input="hp notebook\ncheaper ones?\nexit\n")
    assert result.exit_code == 0, result.output
    assert result.output.count("assistant> ") == 2


def test_eval_chat_writes_a_report(env: Path, tmp_path: Path) -> None:
    suite = tmp_path / "suite.json"
    suite.write_text(json.dumps({"conversations": [
        {"id": "x", "category": "off-topic", "turns": [{"user": "write a poem", "expect": {"plan": "refuse"}}]},
        {"id": "y", "category": "constraints", "turns": [{"user": "hp notebook", "expect": {"plan": "results", "brand": "HP"}}]},
    ]}))
    out = tmp_path / "report.json"
    result = runner.invoke(app, ["eval-chat", "--suite", str(suite), "--no-dev", "--json", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    assert report["summary"]["expectations_met"] == 1.0 and len(report["turns"]) == 2


def test_eval_chat_golden_runs_only_the_split_asked_for(env: Path, tmp_path: Path) -> None:
    golden = tmp_path / "golden.json"
    golden.write_text(json.dumps({"conversations": [
        {"id": "t1", "split": "tuning", "category": "multi", "turns": [{"user": "hp notebook", "expect": {"types": ["notebook"]}}]},
        {"id": "h1", "split": "heldout", "category": "refuse", "turns": [{"user": "write a poem", "expect": {"outcome": "refuse"}}]},
    ]}))
    out = tmp_path / "report.json"
    result = runner.invoke(app, ["eval-chat", "--golden", str(golden), "--split", "tuning", "--json", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    assert [t["conversation"] for t in report["turns"]] == ["t1"] and report["summary"]["heldout"]["turns"] == 0
    bad = runner.invoke(app, ["eval-chat", "--golden", str(golden), "--split", "test"])
    assert bad.exit_code == 2 and "tuning" in bad.output
