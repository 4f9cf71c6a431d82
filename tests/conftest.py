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
