"""The whole server (the API with the Gradio app mounted) on loopback over the tiny catalog, as an
attacker on loopback meets it: an analyst key set, personas loaded, not in demo mode."""

from __future__ import annotations

import httpx
import pytest

from tests.app_fixtures import LiveServer, make_app_services
from tests.security.redis_server import shared_redis_server

ANALYST_KEY = "security-suite-key-0123456789"
FOREIGN = "https://evil.example"
ALLOWED = "https://shop.example.com"


@pytest.fixture(scope="module")
def services(tmp_path_factory, tiny_products, fake_embedder):
    return make_app_services(tmp_path_factory.mktemp("security"), tiny_products, fake_embedder, api_key=ANALYST_KEY,
                             cors_origins=ALLOWED, allowed_hosts="shop.example.com",
                             rate_limit_ip="100000/minute", rate_limit_identity="100000/minute")


@pytest.fixture(scope="module")
def server(services, monkeypatch_module):
    monkeypatch_module.setenv("GRADIO_ANALYTICS_ENABLED", "False")
    from rag.server import create_server_app

    with LiveServer(create_server_app(services.settings, services)) as live:
        yield live


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def shopper(server) -> httpx.Client:
    """A client with its own identity (its cookie jar holds the server-issued cookie)."""
    client = httpx.Client(base_url=server.url, timeout=60)
    assert client.post("/api/identity").status_code == 201
    return client


@pytest.fixture(scope="session")
def shared_redis(tmp_path_factory):
    """A real Redis: CI's, or a redis-server started for the session (skipped without one)."""
    yield from shared_redis_server(tmp_path_factory)
