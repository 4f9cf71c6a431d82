"""A real AppServices over the tiny catalog for the UI tests (see tests/app_fixtures.py)."""

from __future__ import annotations

import pytest

from tests.app_fixtures import make_app_services

ANALYST_KEY = "ui-analyst-key-0123456789"


@pytest.fixture(scope="module")
def services(tmp_path_factory, tiny_products, fake_embedder):
    return make_app_services(tmp_path_factory.mktemp("ui"), tiny_products, fake_embedder, api_key=ANALYST_KEY)
