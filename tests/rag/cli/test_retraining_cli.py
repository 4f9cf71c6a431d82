"""``shopassist finetune`` and ``shopassist models`` end to end on the tiny catalog
(fake embedder, a tiny real cross-encoder as the live reranker, a three-query golden set)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from personalization.retraining.registry import ModelRegistry, Target, resolve_model
from rag.cli import app
from rag.settings import get_settings
from tests.rag.offline.retraining.retraining_fixtures import build_tiny_models

runner = CliRunner()


@pytest.fixture(scope="module")
def tiny_models(tmp_path_factory) -> tuple[Path, Path]:
    return build_tiny_models(tmp_path_factory.mktemp("tiny-models"))


@pytest.fixture
def tiny_cross_encoder(tiny_models) -> Path:
    return tiny_models[0]


@pytest.fixture
def env(tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch, tiny_cross_encoder: Path) -> Path:
    judgments = tmp_path / "judgments.csv"
    judgments.write_text("query,docid,rating\n"
                         "wireless mouse,3484710,3\nwireless mouse,2096357,3\nwireless mouse,727946,0\n"
                         "portable speaker,77854049,3\nportable speaker,78502985,2\nportable speaker,3794547,0\n"
                         "laptop bag,4543412,3\nlaptop bag,3610690,1\n")
    monkeypatch.setenv("SHOPASSIST_CATALOG_PATH", str(data_dir / "products.json"))
    monkeypatch.setenv("SHOPASSIST_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("SHOPASSIST_JUDGMENTS_PATH", str(judgments))
    monkeypatch.setenv("SHOPASSIST_EMBEDDING_MODEL", "fake")
    monkeypatch.setenv("SHOPASSIST_RERANK_TOP_N", "10")
    monkeypatch.delenv("SHOPASSIST_RERANKER_MODEL", raising=False)
    monkeypatch.setenv("COLUMNS", "300")
    get_settings.cache_clear()
    # the live reranker: the tiny model, registered and promoted (as `finetune` does for the shipped one)
    registry = ModelRegistry(get_settings().registry_dir)
    registry.promote(Target.RERANKER, registry.register(Target.RERANKER, str(tiny_cross_encoder)).version)
    pd.DataFrame([
        {"query": "wireless mouse", "positive_id": "3484710", "negative_id": "77192163", "source": "purchase/skip-above",
         "user_id": "demo-gamer"},
        {"query": "laptop bag", "positive_id": "4543412", "negative_id": "3671130", "source": "click/skip-above",
         "user_id": "demo-student"},
    ]).to_json(tmp_path / "triplets.jsonl", orient="records", lines=True)
    assert runner.invoke(app, ["ingest", "--quiet"]).exit_code == 0
    yield tmp_path
    get_settings.cache_clear()


def _run(*args: str, code: int = 0) -> str:
    out = runner.invoke(app, list(args))
    assert out.exit_code == code, out.output
    return out.output


def _listing() -> dict:
    return json.loads(_run("models", "list", "--target", "reranker", "--json"))


def test_finetune_refuses_inside_the_margin_then_manual_promote_and_rollback(env: Path) -> None:
    out = _run("finetune", "--target", "reranker", "--triplets", str(env / "triplets.jsonl"), "--max-steps", "2",
               "--first-pass", "overlap", "--catalog-pairs", "40", "--max-length", "32", "--margin", "1.0",
               "--quiet", "--json", str(env / "report.json"))
    assert "gate: refused" in out and "live reranker stays reranker-0001" in out
    assert "| all | 3 | live reranker-0001 |" in out and "| unseen | 1 |" in out  # two judged queries are in the triplets
    report = json.loads((env / "report.json").read_text())
    assert report["promoted"] is False and report["training"]["run"]["steps"] == 2
    assert report["training"]["feedback"]["triplets"] == 2 and report["training"]["dev_judgments_used"] is False
    listing = _listing()
    assert listing["live"] == "reranker-0001"
    candidate = listing["versions"][1]
    assert candidate["version"] == "reranker-0002" and candidate["gate"].startswith("refused")
    assert (Path(candidate["model"]) / "MODEL_CARD.md").exists()
    # a version the gate refused goes live only with --force; the services then load it
    assert "pass --force" in _run("models", "promote", "reranker-0002", code=1)
    _run("models", "promote", "reranker-0002", "--force")
    assert _listing()["live"] == "reranker-0002"
    assert resolve_model(get_settings(), Target.RERANKER).model == candidate["model"]
    assert "live reranker is now reranker-0001" in _run("models", "rollback", "--target", "reranker")
    assert resolve_model(get_settings(), Target.RERANKER).version == "reranker-0001"
    assert "no earlier live reranker" in _run("models", "rollback", "--target", "reranker", code=2)


def test_finetune_bad_input_is_a_clear_error(env: Path) -> None:
    assert "no triplet file" in _run("finetune", "--triplets", str(env / "missing.jsonl"), code=2)
    assert "choose one of: reranker, embedder" in _run("finetune", "--target", "ranker", code=2)
    assert "no reranker version" in _run("models", "promote", "reranker-0042", code=2)


def test_finetune_embedder_builds_the_candidate_index_and_gates(env: Path, tiny_models, monkeypatch) -> None:
    # the live embedder: the tiny bi-encoder from the registry (the fake embedder cannot be trained)
    monkeypatch.delenv("SHOPASSIST_EMBEDDING_MODEL")
    monkeypatch.setenv("SHOPASSIST_INDEX_DIR", str(env / "index-tiny"))
    get_settings.cache_clear()
    registry = ModelRegistry(get_settings().registry_dir)
    registry.promote(Target.EMBEDDER, registry.register(Target.EMBEDDER, str(tiny_models[1])).version)
    _run("ingest", "--quiet")
    out = _run("finetune", "--target", "embedder", "--triplets", str(env / "triplets.jsonl"), "--max-steps", "2",
               "--first-pass", "overlap", "--catalog-pairs", "40", "--max-length", "32", "--quiet",
               "--json", str(env / "report.json"))
    report = json.loads((env / "report.json").read_text())
    candidate = Path(report["candidate"]["model"])
    assert (candidate / "modules.json").exists()
    assert (candidate.parent / f"{candidate.name}-index" / "ingest_report.json").exists()  # the catalog re-embedded
    assert report["evaluation"]["queries"] == {"all": 3, "unseen": 1}
    live = registry.live(Target.EMBEDDER).version
    assert live == ("embedder-0002" if report["promoted"] else "embedder-0001")
    if report["promoted"]:
        assert "shopassist ingest" in out  # the app's index must be re-embedded with the new embedder
