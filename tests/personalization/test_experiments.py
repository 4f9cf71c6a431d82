"""Experiment configuration, deterministic assignment, and the router that applies a variant."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

import pytest
from sqlalchemy import select

from personalization.experiments import (
    Experiment,
    ExperimentAssistant,
    Variant,
    bucket_point,
    variant_settings,
)
from personalization.store import RankingRow
from personalization.turnlog import log_turn
from rag.chain.state import AnswerChunk, TurnRequest, TurnResult
from rag.chain.trace import Trace
from rag.settings import RerankPolicy, Settings

CONFIG = {
    "name": "rerank-on",
    "variants": [
        {"name": "control", "weight": 1, "overrides": {}},
        {"name": "rerank", "weight": 1, "overrides": {"rerank_policy": "always", "personalization_weight": 0.3}},
    ],
}


def test_assignment_is_stable_within_and_across_processes():
    experiment = Experiment.from_dict(CONFIG)
    here = [experiment.assign(f"user:u{i}").name for i in range(50)]
    assert here == [experiment.assign(f"user:u{i}").name for i in range(50)]
    # A fresh interpreter with another hash seed assigns the same (no use of Python's hash()).
    code = ("import json; from personalization.experiments import Experiment; "
            f"e = Experiment.from_dict({CONFIG!r}); print(json.dumps([e.assign(f'user:u{{i}}').name for i in range(50)]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONHASHSEED": "123", "PATH": ""})
    assert json.loads(out.stdout) == here
    # The point is the first 8 bytes of sha256("<experiment>:<unit>") over 2**64.
    import hashlib

    digest = hashlib.sha256(b"rerank-on:user:u0").digest()
    assert bucket_point("rerank-on", "user:u0") == int.from_bytes(digest[:8], "big") / 2**64


def test_assignment_is_roughly_balanced_and_follows_weights():
    even = Experiment.from_dict(CONFIG)
    counts = Counter(even.assign(f"user:{i}").name for i in range(20_000))
    assert abs(counts["control"] / 20_000 - 0.5) < 0.015
    skewed = Experiment.from_dict({"name": "w", "variants": [{"name": "a", "weight": 1}, {"name": "b", "weight": 3}]})
    share = Counter(skewed.assign(f"user:{i}").name for i in range(20_000))["a"] / 20_000
    assert abs(share - 0.25) < 0.015
    # Another experiment name reshuffles independently of this one.
    other = Experiment.from_dict({**CONFIG, "name": "another"})
    agree = sum(even.assign(f"user:{i}").name == other.assign(f"user:{i}").name for i in range(20_000)) / 20_000
    assert abs(agree - 0.5) < 0.02


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"name": "x", "variants": [{"name": "only"}]}, "at least two variants"),
        ({"name": "x", "variants": [{"name": "a"}, {"name": "a"}]}, "unique"),
        ({"name": "x", "variants": [{"name": "a"}, {"name": "b", "weight": 0}]}, "positive number"),
        # JSON's Infinity (or 1e999) made every share inf/inf = NaN: everyone landed in the last variant
        ({"name": "x", "variants": [{"name": "a"}, {"name": "b", "weight": float("inf")}]}, "finite positive number"),
        ({"name": "x", "variants": [{"name": "a"}, {"name": "b", "overrides": {"index_dir": "/tmp"}}]},
         "cannot override index_dir; a variant may override: rerank_policy"),
        ({"name": "x", "control": "c", "variants": [{"name": "a"}, {"name": "b"}]}, "control 'c' is not a variant"),
        ({"name": "has space", "variants": [{"name": "a"}, {"name": "b"}]}, "letters, digits"),
        ({"name": "x", "variants": [{"name": "a"}, {"name": "b", "colour": 1}]}, "unknown variant keys colour"),
        ({"name": "x", "variants": "a,b"}, "must be a list"),
        ({"title": "x"}, "unknown experiment keys title"),
    ],
)
def test_bad_configurations_are_refused_clearly(config, message):
    with pytest.raises(ValueError, match=message):
        Experiment.from_dict(config)


def test_the_setting_parses_json_and_rejects_bad_values():
    settings = Settings(experiment=json.dumps(CONFIG))
    assert settings.experiment["control"] == "control" and len(settings.experiment["variants"]) == 2
    assert Settings().experiment is None and Settings(experiment="").experiment is None
    with pytest.raises(ValueError, match="not valid JSON"):
        Settings(experiment="{name: x")
    with pytest.raises(ValueError, match="cannot override"):
        Settings(experiment={"name": "x", "variants": [{"name": "a"}, {"name": "b", "overrides": {"catalog_path": "."}}]})


def test_variant_settings_apply_and_validate_overrides():
    base = Settings(experiment=CONFIG, rerank_policy="never", personalization_weight=0.15, rrf_k=30)
    experiment = Experiment.from_dict(base.experiment)
    rerank = variant_settings(base, experiment.variant("rerank"))
    assert rerank.rerank_policy is RerankPolicy.ALWAYS and rerank.personalization_weight == 0.3
    assert rerank.rrf_k == 30 and rerank.experiment is None  # the rest of the settings stay
    control = variant_settings(base, experiment.variant("control"))
    assert control.rerank_policy is RerankPolicy.NEVER and control.personalization_weight == 0.15
    with pytest.raises(ValueError, match="bad override"):
        variant_settings(base, Variant("big", 1, {"personalization_weight": 0.9}))
    with pytest.raises(ValueError, match="bad override"):
        variant_settings(base, Variant("typo", 1, {"rerank_policy": "sometimes"}))


class _Echo:
    """A fake assistant: answers with its own name, the way the real one ends a stream."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.steps = name

    def stream(self, request, config=None):
        yield AnswerChunk(f"{self.name} says hi")
        trace = Trace.start(user_id=request.user_id, session_id=request.session_id).with_(
            query=request.message, fused=(("p1", 1.0), ("p2", 0.5)), shown=("p1", "p2"))
        yield AnswerChunk("", TurnResult(f"{self.name} says hi", self.name, {}, (), trace))


def test_router_sends_each_user_to_its_variant_and_marks_the_trace(sessions):
    experiment = Experiment.from_dict(CONFIG)
    router = ExperimentAssistant(experiment, {"control": _Echo("control"), "rerank": _Echo("rerank")})
    assert router.steps == "control"
    users = [f"u{i}" for i in range(40)]
    for user in users:
        result = router.ask(TurnRequest("mouse", user_id=user))
        expected = experiment.assign(f"user:{user}").name
        assert result.generator == expected  # the variant's own assistant answered
        assert (result.trace.experiment, result.trace.variant) == ("rerank-on", expected)
        assert log_turn(sessions, result)
    # A session without a user is assigned by its session id; a turn with neither is not enrolled.
    by_session = router.ask(TurnRequest("mouse", session_id="s1"))
    assert by_session.trace.variant == experiment.assign("session:s1").name
    anonymous = router.ask(TurnRequest("mouse"))
    assert anonymous.generator == "control" and anonymous.trace.variant == ""
    with sessions() as s:
        rows = s.execute(select(RankingRow.user_id, RankingRow.experiment, RankingRow.variant)).all()
    assert {(u, e, v) for u, e, v in rows} == {(u, "rerank-on", experiment.assign(f"user:{u}").name) for u in users}
    assert {v for _, _, v in rows} == {"control", "rerank"}


def test_router_needs_every_variant():
    with pytest.raises(ValueError, match="no assistant for variants rerank"):
        ExperimentAssistant(Experiment.from_dict(CONFIG), {"control": _Echo("control")})


def test_the_experiment_column_migration_upgrades_an_older_store(tmp_path):
    from sqlalchemy import inspect, text

    from personalization.store import applied_migrations, make_engine, migrate, open_store

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    open_store(url)
    engine = make_engine(url)
    with engine.begin() as conn:  # make it look like a store from before 0003
        conn.execute(text("DROP INDEX ix_rankings_experiment"))
        conn.execute(text("ALTER TABLE rankings DROP COLUMN experiment"))
        conn.execute(text("DELETE FROM schema_migrations WHERE name = '0003_rankings_experiment'"))
    assert "experiment" not in {c["name"] for c in inspect(engine).get_columns("rankings")}
    assert migrate(engine) == ["0003_rankings_experiment"] and migrate(engine) == []
    assert "experiment" in {c["name"] for c in inspect(engine).get_columns("rankings")}
    assert "0003_rankings_experiment" in applied_migrations(engine)
