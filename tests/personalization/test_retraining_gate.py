"""The promotion gate and the model registry: refuse worse and ties, promote better, roll back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from personalization.retraining.gate import GateConfig, apply, decide
from personalization.retraining.registry import ModelRegistry, RegistryError, Target, resolve_model
from rag.settings import Settings


def _m(ndcg: float, condensed: float = 0.9) -> dict[str, float]:
    return {"ndcg@10": ndcg, "ndcg@10_condensed": condensed, "mrr": 0.8}


GATE = GateConfig(metric="ndcg@10", margin=0.005)


def test_gate_refuses_a_worse_candidate() -> None:
    d = decide(_m(0.770), _m(0.760), GATE)
    assert not d.promote and d.delta == pytest.approx(-0.010) and "worse" in d.reason


@pytest.mark.parametrize("candidate", [0.770, 0.7749])
def test_gate_refuses_a_tie_within_the_margin(candidate: float) -> None:
    d = decide(_m(0.770), _m(candidate), GATE)
    assert not d.promote and "within the margin" in d.reason


@pytest.mark.parametrize("candidate", [0.775, 0.790])
def test_gate_promotes_a_better_candidate(candidate: float) -> None:
    # 0.775 - 0.770 is 0.00499999... in floating point: exactly the margin counts as a win.
    d = decide(_m(0.770), _m(candidate), GATE)
    assert d.promote and d.reason.startswith("promoted") and d.delta >= 0.005


def test_gate_refuses_a_win_that_breaks_a_guard() -> None:
    d = decide(_m(0.770, condensed=0.90), _m(0.790, condensed=0.88), GATE)
    assert not d.promote and "ndcg@10_condensed fell 0.0200" in d.reason
    assert d.guards["ndcg@10_condensed"]["delta"] == pytest.approx(-0.02)


def test_gate_validates_its_inputs() -> None:
    with pytest.raises(ValueError, match="margin"):
        GateConfig(margin=-0.1)
    with pytest.raises(KeyError, match="lack 'ndcg@10'"):
        decide({"mrr": 0.5}, _m(0.8), GATE)
    with pytest.raises(ValueError, match="NaN"):
        decide(_m(float("nan")), _m(0.8), GATE)


def test_registry_promote_and_rollback_restore_the_previous_live(tmp_path: Path) -> None:
    reg = ModelRegistry(tmp_path / "registry")
    assert reg.live(Target.RERANKER) is None
    base = reg.register(Target.RERANKER, "models/reranker/v2", note="baseline")
    reg.promote(Target.RERANKER, base.version)
    a = reg.register(Target.RERANKER, str(tmp_path / "a"), parent=base.version, metrics=_m(0.78))
    b = reg.register(Target.RERANKER, str(tmp_path / "b"), parent=a.version)
    assert [base.version, a.version, b.version] == ["reranker-0001", "reranker-0002", "reranker-0003"]
    reg.promote(Target.RERANKER, a.version)
    reg.promote(Target.RERANKER, b.version)
    # a fresh object reads the same manifest (another process would)
    again = ModelRegistry(tmp_path / "registry")
    assert again.live(Target.RERANKER).version == b.version
    assert again.rollback(Target.RERANKER).version == a.version
    assert again.live(Target.RERANKER).model == str(tmp_path / "a")
    assert again.get(Target.RERANKER, a.version).metrics["ndcg@10"] == 0.78
    assert again.rollback(Target.RERANKER).version == base.version
    with pytest.raises(RegistryError, match="no earlier live reranker"):
        again.rollback(Target.RERANKER)
    # targets are independent
    assert again.live(Target.EMBEDDER) is None


def test_registry_rejects_bad_operations(tmp_path: Path) -> None:
    reg = ModelRegistry(tmp_path)
    with pytest.raises(RegistryError, match="no reranker version 'reranker-0009'; registered: none"):
        reg.promote(Target.RERANKER, "reranker-0009")
    v = reg.register(Target.RERANKER, "x")
    reg.promote(Target.RERANKER, v.version)
    with pytest.raises(RegistryError, match="already the live"):
        reg.promote(Target.RERANKER, v.version)
    with pytest.raises(RegistryError, match="already registered"):
        reg.register(Target.RERANKER, "y", version=v.version)
    with pytest.raises(RegistryError, match="parent"):
        reg.register(Target.RERANKER, "y", parent="reranker-0042")
    with pytest.raises(ValueError, match="choose one of: reranker, embedder"):
        Target.from_str("ranker")
    (tmp_path / "manifest.json").write_text("{not json")
    with pytest.raises(RegistryError, match="not valid JSON"):
        reg.live(Target.RERANKER)


def test_apply_records_the_decision_and_promotes_only_a_winner(tmp_path: Path) -> None:
    reg = ModelRegistry(tmp_path)
    base = reg.register(Target.RERANKER, "base")
    reg.promote(Target.RERANKER, base.version)
    worse = reg.register(Target.RERANKER, "worse", parent=base.version)
    assert not apply(reg, Target.RERANKER, worse, decide(_m(0.77), _m(0.70), GATE))
    assert reg.live(Target.RERANKER).version == base.version
    assert reg.get(Target.RERANKER, worse.version).gate["promote"] is False
    better = reg.register(Target.RERANKER, "better", parent=base.version)
    assert apply(reg, Target.RERANKER, better, decide(_m(0.77), _m(0.80), GATE))
    assert reg.live(Target.RERANKER).version == better.version
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["targets"]["reranker"]["live"] == better.version
    assert manifest["targets"]["reranker"]["live_history"] == [base.version, better.version]


def test_services_load_the_live_version_unless_a_setting_overrides(tmp_path: Path, monkeypatch) -> None:
    from rag.wiring import make_reranker

    monkeypatch.delenv("SHOPASSIST_RERANKER_MODEL", raising=False)
    settings = Settings(registry_dir=tmp_path, rerank_cache_size=0)
    default = settings.reranker_model
    assert resolve_model(settings, Target.RERANKER).source == "default"
    assert make_reranker(settings).model_name_or_path == default
    live_dir = tmp_path / "reranker" / "reranker-0001"
    live_dir.mkdir(parents=True)
    reg = ModelRegistry(tmp_path)
    reg.promote(Target.RERANKER, reg.register(Target.RERANKER, str(live_dir)).version)
    assert make_reranker(settings).model_name_or_path == str(live_dir)
    # an explicit setting (argument or SHOPASSIST_RERANKER_MODEL) wins: any HF name or path works
    pinned = Settings(registry_dir=tmp_path, rerank_cache_size=0, reranker_model="org/some-cross-encoder")
    assert make_reranker(pinned).model_name_or_path == "org/some-cross-encoder"
    monkeypatch.setenv("SHOPASSIST_RERANKER_MODEL", "org/other")
    assert resolve_model(Settings(registry_dir=tmp_path), Target.RERANKER).model == "org/other"
    monkeypatch.delenv("SHOPASSIST_RERANKER_MODEL")
    # a live version whose folder is gone is an error that says what to do, never a silent fallback
    live_dir.rmdir()
    with pytest.raises(RegistryError, match="models rollback"):
        make_reranker(settings)


def test_embedder_setting_override_and_registry(tmp_path: Path, monkeypatch) -> None:
    from rag.wiring import make_embedder

    monkeypatch.delenv("SHOPASSIST_EMBEDDING_MODEL", raising=False)
    reg = ModelRegistry(tmp_path)
    reg.promote(Target.EMBEDDER, reg.register(Target.EMBEDDER, "fake").version)
    embedder = make_embedder(Settings(registry_dir=tmp_path, query_cache_size=0))
    assert embedder.model_id.startswith("fake-bow")
