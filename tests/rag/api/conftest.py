"""The real API on a free loopback port (uvicorn in a thread) over the tiny catalog."""

from __future__ import annotations

import httpx
import pytest

from tests.app_fixtures import LiveServer, make_app_services

API_KEY = "test-key-0123456789abcdef"


@pytest.fixture(scope="module")
def services(tmp_path_factory, tiny_products, fake_embedder):
    return make_app_services(tmp_path_factory.mktemp("api"), tiny_products, fake_embedder, api_key=API_KEY,
                             api_max_body_bytes=4096,
                             rate_limit_ip="100000/minute", rate_limit_identity="100000/minute")


@pytest.fixture(scope="module")
def server(services):
    from rag.api.app import create_api

    with LiveServer(create_api(services)) as live:
        yield live


@pytest.fixture
def client(server):
    with httpx.Client(base_url=server.url, timeout=60) as http:
        yield http
