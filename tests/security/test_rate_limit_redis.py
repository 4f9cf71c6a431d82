"""The rate limiter against a real Redis: two app instances share one count, and a Redis that dies
mid-run leaves each instance counting on its own (never letting everyone through), until it is back.

CI gives a server in ``SHOPASSIST_TEST_REDIS_URL`` (deploy/services/start.sh); the outage test starts
its own ``redis-server`` (it kills it); without a ``redis-server`` binary both are skipped.
"""

from __future__ import annotations

import logging
from pathlib import Path

import httpx

from tests.app_fixtures import LiveServer, make_app_services
from tests.security.redis_server import free_port, start_redis

RATE = 6  # per identity per minute


def two_instances(folder: Path, products, embedder, redis_url: str):
    """Two API apps (each with its own limiter object and connection) over one Redis and one identity secret."""
    from rag.api.app import create_api

    services = make_app_services(folder, products, embedder, redis_url=redis_url,
                                 rate_limit_identity=f"{RATE}/minute", rate_limit_ip="100000/minute")
    return create_api(services), create_api(services)


def profile(client: httpx.Client, token: str) -> httpx.Response:
    return client.get("/api/users/me/profile", headers={"Authorization": f"Bearer {token}"})


def new_identity(client: httpx.Client) -> str:
    response = client.post("/api/identity")
    assert response.status_code == 201
    return response.json()["token"]


def test_two_instances_share_one_count_in_redis(tmp_path, tiny_products, fake_embedder, shared_redis) -> None:
    import redis

    first, second = two_instances(tmp_path, tiny_products, fake_embedder, shared_redis)
    with LiveServer(first) as a, LiveServer(second) as b, \
            httpx.Client(base_url=a.url, timeout=30) as to_a, httpx.Client(base_url=b.url, timeout=30) as to_b:
        token = new_identity(to_a)  # the identity request counts too: RATE - 1 left
        codes = [profile(to_b if i % 2 else to_a, token).status_code for i in range(RATE + 3)]
        # Alone, each instance would allow RATE; together they allow RATE in all.
        assert codes[:RATE - 1] == [200] * (RATE - 1), codes
        assert codes[RATE - 1:] == [429] * 4, codes
        over = profile(to_b, token)
        assert over.status_code == 429 and int(over.headers["retry-after"]) >= 1
        other = new_identity(to_b)  # another shopper has their own count
        assert profile(to_a, other).status_code == 200
    assert any(b"LIMITS" in key for key in redis.Redis.from_url(shared_redis).keys("LIMITS*")), \
        "the counts are kept in Redis"


def test_redis_dying_mid_run_falls_back_to_a_count_per_instance(tmp_path, tiny_products, fake_embedder, caplog) -> None:
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    proc = start_redis(tmp_path, port)
    try:
        first, second = two_instances(tmp_path, tiny_products, fake_embedder, url)
        with LiveServer(first) as a, LiveServer(second) as b, \
                httpx.Client(base_url=a.url, timeout=30) as to_a, httpx.Client(base_url=b.url, timeout=30) as to_b:
            token = new_identity(to_a)
            assert [profile(to_a, token).status_code for _ in range(2)] == [200, 200]  # 3 of RATE spent, in Redis

            proc.kill()  # Redis dies mid-run
            proc.wait(timeout=10)
            with caplog.at_level(logging.WARNING, logger="rag.api.hardening"):
                codes_a = [profile(to_a, token).status_code for _ in range(RATE + 2)]
                codes_b = [profile(to_b, token).status_code for _ in range(RATE + 1)]
            # Nobody is refused for the outage, nobody goes unlimited: each instance counts alone from zero.
            assert codes_a == [200] * RATE + [429, 429], codes_a
            assert codes_b == [200] * RATE + [429], codes_b
            warnings = [r.getMessage() for r in caplog.records if "Redis unavailable" in r.getMessage()]
            assert len(warnings) == 2, f"one line per instance and outage, not one per request: {warnings}"

            proc = start_redis(tmp_path, port)  # back on the same port: shared counts again
            fresh = new_identity(to_b)
            codes = [profile(to_b if i % 2 else to_a, fresh).status_code for i in range(RATE + 1)]
            assert codes == [200] * (RATE - 1) + [429, 429], codes
    finally:
        proc.kill()
        proc.wait(timeout=10)
