from __future__ import annotations

import pytest

from personalization.store import open_store


@pytest.fixture
def sessions():
    """A fresh in-memory store (StaticPool: one shared connection)."""
    return open_store("sqlite://")


@pytest.fixture(scope="session")
def catalog(tiny_products):
    return {p.id: p for p in tiny_products}
