from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def catalog(tiny_products):
    return {p.id: p for p in tiny_products}
