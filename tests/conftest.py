"""Shared fixtures. Tests never touch the network and write only under tmp_path."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Allow loopback only: a test that reaches out fails loudly."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host not in ("127.0.0.1", "localhost", "::1") and not host.startswith("/"):
            raise RuntimeError(f"tests must not use the network (tried {address!r})")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(autouse=True)
def _store_under_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The interaction store (ask logs every turn) lives under tmp_path, never in the repo."""
    monkeypatch.setenv("SHOPASSIST_STORE_URL", f"sqlite:///{(tmp_path / 'interactions.sqlite').as_posix()}")


@pytest.fixture(autouse=True)
def _registry_under_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The model registry (which reranker/embedder is live) lives under tmp_path, never the repo's."""
    monkeypatch.setenv("SHOPASSIST_REGISTRY_DIR", str(tmp_path / "registry"))


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def tiny_products():
    from rag.catalog import load_catalog

    load = load_catalog(DATA / "products.json")
    assert load.products, "tests/data/products.json produced no products"
    return load.products


@pytest.fixture(scope="session")
def fake_embedder():
    from rag.embeddings.fake import FakeEmbedder

    return FakeEmbedder(dimension=64)


@pytest.fixture
def cli_env(tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch):
    """``shopassist`` over the tiny catalog: settings from the environment (fake
    embedder, extractive answers, relevance tiers for the tiny index), the index
    built by ``shopassist ingest``. Yields the folder everything lives in; a test
    module adds its own settings with ``monkeypatch`` and ``get_settings.cache_clear()``."""
    from typer.testing import CliRunner

    from rag.cli import app
    from rag.settings import get_settings

    monkeypatch.setenv("SHOPASSIST_CATALOG_PATH", str(data_dir / "products.json"))
    monkeypatch.setenv("SHOPASSIST_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("SHOPASSIST_SESSIONS_DIR", str(tmp_path / "sessions"))
    monkeypatch.setenv("SHOPASSIST_EMBEDDING_MODEL", "fake")
    monkeypatch.setenv("SHOPASSIST_LLM_PROVIDER", "extractive")
    monkeypatch.setenv("SHOPASSIST_RELEVANCE_NONE_BELOW", "0")
    monkeypatch.setenv("SHOPASSIST_RELEVANCE_WEAK_BELOW", "0.5")
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["ingest", "--quiet"])
    assert result.exit_code == 0, result.output
    yield tmp_path
    get_settings.cache_clear()
