from __future__ import annotations

import pytest

from rag.generation.context import build_context
from rag.generation.validate import Grounding


@pytest.fixture(scope="module")
def items(tiny_products):
    # [1] HP Pavilion dv7 ($109.95, 4 GB RAM, 17") [2] Lenovo Legion Y540 ($1,325.95, 16 GB, 15.6")
    # [3] HP Compaq 6730b ($74.95) [4] Targus sleeve ($9.94) [5] HP notebook case ($29.95)
    return build_context(tiny_products[:5])


@pytest.fixture(scope="module")
def brands(tiny_products):
    return frozenset(p.brand for p in tiny_products)


@pytest.fixture
def grounding(brands):
    return Grounding.from_message("a laptop under $500", brands)
