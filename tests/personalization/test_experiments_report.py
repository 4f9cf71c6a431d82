"""The A/B report on a small store, and experiments end to end through the CLI (tiny catalog)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from personalization.ab_report import Action, Rule, build_report, chi_squared, format_report, wilson_interval
from personalization.events import EventKind, Interaction
from personalization.experiments import Experiment
from personalization.repository import record_interaction, record_turn
from personalization.store import InteractionRow, RankingRow, open_store
from rag.cli import app
from rag.settings import get_settings

T0 = datetime(2026, 3, 1, tzinfo=UTC)


def _turn(s, rid, variant, *, user="u", experiment="exp", shown=("p1", "p2"), at=T0, demo=False):
    record_turn(s, {"request_id": rid, "user_id": user, "query": "q", "shown": list(shown),
                    "experiment": experiment, "variant": variant}, created_at=at, is_demo=demo)


def _event(s, rid, kind, product="p1", value=None, at=T0, user="u"):
    record_interaction(s, Interaction(user, EventKind(kind), rid, product, value=value, at=at))


@pytest.fixture
def store(sessions):
    with sessions.begin() as s:
        for i in range(10):  # control: 10 turns, clicks on 0-2, a purchase on 0, thumbs on 0 and 1
            _turn(s, f"c{i}", "control", user=f"cu{i % 4}")
        for i in range(3):
            _event(s, f"c{i}", "click", user=f"cu{i % 4}")
        _event(s, "c0", "purchase", value=20.0, user="cu0")
        _event(s, "c0", "thumbs_up", product=None, user="cu0")
        _event(s, "c1", "thumbs_up", product=None, user="cu1")
        _event(s, "c1", "thumbs_down", product=None, at=T0 + timedelta(minutes=1), user="cu1")  # the latest vote counts
        for i in range(12):  # treatment: 12 turns, clicks on 0-6 (two clicks on 0), carts on 0 and 1, purchases 0-2
            _turn(s, f"t{i}", "new", user=f"tu{i % 5}")
        for i in range(7):
            _event(s, f"t{i}", "click", user=f"tu{i % 5}")
        _event(s, "t0", "click", product="p2", user="tu0")
        for i in range(2):
            _event(s, f"t{i}", "add_to_cart", user=f"tu{i % 5}")
        for i, value in enumerate((30.0, 40.0, 50.0)):
            _event(s, f"t{i}", "purchase", value=value, user=f"tu{i % 5}")
        _event(s, "t3", "thumbs_up", product="p1", user="tu3")
        # Not counted: a turn that showed nothing, another experiment, a turn outside the window, a demo turn.
        _turn(s, "empty", "new", shown=())
        _turn(s, "other", "new", experiment="other")
        _turn(s, "other2", "b", experiment="other")
        _turn(s, "late", "new", at=T0 + timedelta(days=30))
        _turn(s, "demo", "control", demo=True)
    return sessions


def test_report_counts_rates_intervals_and_tests(store):
    with store() as s:
        report = build_report(s, "exp", ["control", "new"], "control", rule=Rule(min_turns=5),
                              until=T0 + timedelta(days=1), include_demo=False)
    control, new = report.variants
    assert (control.variant, control.turns, control.users, new.turns, new.users) == ("control", 10, 4, 12, 5)
    assert (control.rates["click_through"].successes, new.rates["click_through"].successes) == (3, 7)
    assert new.rates["add_to_cart"].successes == 2 and new.rates["purchase"].successes == 3
    assert (control.rates["thumbs_up"].successes, control.rates["thumbs_up"].trials) == (1, 2)  # c1's later down wins
    assert (new.rates["thumbs_up"].successes, new.rates["thumbs_up"].trials) == (1, 1)  # a product thumbs counts
    ctr = new.rates["click_through"]
    assert ctr.rate == pytest.approx(7 / 12) and (ctr.ci_low, ctr.ci_high) == pytest.approx(wilson_interval(7, 12))
    assert new.mean_order_value == pytest.approx(40.0) and control.order_values == (20.0,)
    by_metric = {c.metric: c for c in report.comparisons}
    assert by_metric["click_through"].result == chi_squared(7, 12, 3, 10)
    assert by_metric["click_through"].difference == pytest.approx(7 / 12 - 3 / 10)
    assert not by_metric["order_value"].result.valid  # one control order: Welch needs two
    # Tiny counts: every chi-squared is flagged invalid, so nothing is significant: keep running.
    assert report.recommendation.action is Action.KEEP_RUNNING
    text = format_report(report)
    assert "Recommendation: KEEP RUNNING" in text and "control" in text and "expected count" in text
    data = report.to_dict()
    assert data["variants"]["new"]["turns"] == 12 and data["recommendation"]["action"] == "keep running"
    json.dumps(data)  # serializable as is


def test_report_window_demo_and_unknown_experiment(store):
    with store() as s:
        everything = build_report(s, "exp", ["control", "new"], "control")
        assert [v.turns for v in everything.variants] == [11, 13]  # the demo turn and the late one count now
        recent = build_report(s, "exp", ["control", "new"], "control", since=T0 + timedelta(days=1))
        assert [v.turns for v in recent.variants] == [0, 1]
        assert build_report(s, "exp").control == "control"  # the variants found, "control" first
        with pytest.raises(ValueError, match="needs a control and at least one treatment"):
            build_report(s, "nope")
        with pytest.raises(ValueError, match="which variant"):
            build_report(s, "other")


# -- end to end: the CLI on the tiny catalog ------------------------------------------------------

runner = CliRunner()
EXPERIMENT = {
    "name": "pers-weight",
    "variants": [
        {"name": "control", "overrides": {"personalization": False}},
        {"name": "personalized", "overrides": {"personalization": True, "personalization_weight": 0.5}},
    ],
}


@pytest.fixture
def env(cli_env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SHOPASSIST_EXPERIMENT", json.dumps(EXPERIMENT))
    monkeypatch.setenv("COLUMNS", "300")
    get_settings.cache_clear()
    return cli_env


def _ok(*args: str) -> str:
    out = runner.invoke(app, list(args))
    assert out.exit_code == 0, out.output
    return out.output


def _user_in(variant: str) -> str:
    experiment = Experiment.from_dict(EXPERIMENT)
    return next(f"shopper{i}" for i in range(100) if experiment.assign(f"user:shopper{i}").name == variant)


def test_variant_overrides_are_applied_and_logged(env: Path) -> None:
    users = {variant: _user_in(variant) for variant in ("control", "personalized")}
    assigned = _ok("experiment", "assign", *users.values())
    assert assigned.split() == [users["control"], "control", users["personalized"], "personalized"]
    for variant, user in users.items():
        cold = json.loads(_ok("ask", "wireless mouse", "--user", user, "--json"))
        assert (cold["trace"]["experiment"], cold["trace"]["variant"]) == ("pers-weight", variant)
        _ok("feedback", "purchase", "--request", cold["request_id"], "--product", "3484710", "--value", "19.99")
        warm = json.loads(_ok("ask", "wireless mouse", "--user", user, "--json"))
        boosts = {b["product_id"]: b["delta"] for b in warm["trace"]["boosts"]}
        if variant == "control":
            assert boosts == {}  # the same history, but this variant does not personalize
        else:
            assert 0.15 < boosts["3484710"] <= 0.5  # weight 0.5: above the default's largest boost (0.15)
    sessions = open_store(get_settings().store_url)
    with sessions() as s:
        rows = s.execute(select(RankingRow.user_id, RankingRow.experiment, RankingRow.variant)).all()
    assert sorted(rows) == sorted([(users["control"], "pers-weight", "control")] * 2
                                  + [(users["personalized"], "pers-weight", "personalized")] * 2)


def test_simulated_traffic_then_the_report(env: Path) -> None:
    summary = json.loads(_ok("experiment", "simulate", "--users", "4", "--turns", "3").splitlines()[0])
    assert summary["experiment"] == "pers-weight" and summary["turns"] == 3 * 4 * 3
    assert set(summary["turns_by_variant"]) == {"control", "personalized"}
    report = json.loads(_ok("ab-report", "--json", "--min-turns", "1"))
    assert report["control"] == "control"
    # Recount from the store, independently of the report's code: turns that showed products, and clicks.
    sessions = open_store(get_settings().store_url)
    with sessions() as s:
        rankings = s.scalars(select(RankingRow)).all()
        clicked = {r for r in s.scalars(select(InteractionRow.request_id).where(InteractionRow.kind == "click"))}
    assert all(r.is_demo for r in rankings) and len(rankings) == summary["turns"]
    for variant, data in report["variants"].items():
        assert data["turns"] == sum(r.variant == variant and bool(r.items) for r in rankings) > 0
        assert data["rates"]["click_through"]["successes"] == sum(r.variant == variant and r.request_id in clicked
                                                                   for r in rankings)
    assert report["recommendation"]["action"] in {"promote", "roll back", "keep running"}
    text = _ok("ab-report")
    assert "Recommendation:" in text and "Rule: primary metric click-through" in text
    # Demo traffic goes with the demo personas; the configured experiment then has no data yet.
    _ok("personas", "remove")
    after = json.loads(_ok("ab-report", "--json"))
    assert [d["turns"] for d in after["variants"].values()] == [0, 0]
    assert after["recommendation"]["action"] == "keep running"


def test_bad_report_options_are_refused(env: Path) -> None:
    out = runner.invoke(app, ["ab-report", "--primary", "revenue"])
    assert out.exit_code != 0 and "primary metric" in out.output
    out = runner.invoke(app, ["ab-report", "--experiment", "nope"])
    assert out.exit_code == 1 and "nope" in out.output
    out = runner.invoke(app, ["ab-report", "--since", "2026-02-01", "--until", "2026-01-01"])
    assert out.exit_code != 0 and "--since must be before --until" in out.output


def test_a_rerank_override_reaches_the_chain(env: Path) -> None:
    from personalization.experiments import ExperimentAssistant
    from rag.chain import TurnRequest
    from rag.generation.llm import ChatModelChoice
    from rag.rerank.base import FakeReranker
    from rag.wiring import build_assistant

    config = Experiment.from_dict({"name": "rerank-on", "variants": [
        {"name": "control", "overrides": {"rerank_policy": "never"}},
        {"name": "rerank", "overrides": {"rerank_policy": "always", "rerank_top_n": 5}}]})
    settings = get_settings().with_overrides(experiment=config.to_dict())
    assistant = build_assistant(settings, reranker=FakeReranker(),
                                chat_model=ChatModelChoice(None, "extractive", "llm_provider=extractive"))
    assert isinstance(assistant, ExperimentAssistant)
    for variant in ("control", "rerank"):
        user = next(f"u{i}" for i in range(100) if config.assign(f"user:u{i}").name == variant)
        trace = assistant.ask(TurnRequest("mouse", user_id=user)).trace
        assert trace.variant == variant
        assert trace.rerank["applied"] is (variant == "rerank")
        assert trace.rerank["policy"] == ("always" if variant == "rerank" else "never")
        if variant == "rerank":
            assert trace.rerank["top_n"] == 5 and len(trace.rerank["scores"]) == 5
