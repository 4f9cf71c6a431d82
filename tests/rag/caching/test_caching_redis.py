"""The Redis cache: fakeredis in the default suite, a real server when one is
installed, and a dead URL that must fall back without breaking a call."""

from __future__ import annotations

import logging
import shutil
import socket
import subprocess
import time

import fakeredis
import pytest
from pydantic import ValidationError

from rag.caching import LRUCache, make_cache
from rag.caching.redis_cache import RedisCache, redact_url
from rag.settings import Settings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _fake(server: fakeredis.FakeServer, clock: Clock | None = None, **kw) -> RedisCache:
    return RedisCache(fakeredis.FakeRedis(server=server), "ns", LRUCache("ns", 8), clock=clock or Clock(), **kw)


def test_values_are_shared_between_clients_of_one_server() -> None:
    server = fakeredis.FakeServer()
    a, b = _fake(server), _fake(server)
    a.set_many({"q1": b"\x00\x01", "q2": b"v2"})
    assert b.get_many(["q1", "q2", "q3"]) == {"q1": b"\x00\x01", "q2": b"v2"}
    b.set_json("hyde:laptop", {"text": "a notebook"})
    assert a.get_json("hyde:laptop") == {"text": "a notebook"}
    assert b.stats().hits == 2 and b.stats().misses == 1 and b.stats().errors == 0
    assert a.stats().hits == 1
    assert not a.fallback.get_many(["q1"]), "a healthy Redis does not write the fallback"


def test_keys_are_namespaced_and_hashed() -> None:
    server = fakeredis.FakeServer()
    cache = _fake(server)
    cache.set("short", b"1")
    cache.set("x" * 500, b"2")
    keys = sorted(k.decode() for k in fakeredis.FakeRedis(server=server).keys("*"))
    digest = __import__("hashlib").sha256
    assert keys == sorted(["shopassist:ns:sha256:" + digest(b"x" * 500).hexdigest(),
                           "shopassist:ns:sha256:" + digest(b"short").hexdigest()])  # no query text in Redis
    assert cache.get("x" * 500) == b"2"


def test_ttl_is_applied() -> None:
    server = fakeredis.FakeServer()
    cache = _fake(server, ttl_s=60)
    cache.set("k", b"v")
    assert 0 < fakeredis.FakeRedis(server=server).ttl(cache.redis_key("k")) <= 60
    _fake(server).set("forever", b"v")
    assert fakeredis.FakeRedis(server=server).ttl(cache.redis_key("forever")) == -1


def test_outage_falls_back_logs_once_counts_and_recovers(caplog: pytest.LogCaptureFixture) -> None:
    server = fakeredis.FakeServer()
    clock = Clock()
    cache = _fake(server, clock, retry_after_s=30)
    cache.set("before", b"1")
    server.connected = False
    with caplog.at_level(logging.WARNING, logger="rag.caching.redis_cache"):
        cache.set("during", b"2")  # Redis fails: stored in the fallback
        assert cache.get("during") == b"2"  # Redis is skipped while down: served by the fallback
        assert cache.get("before") is None  # only Redis had it
        clock.now += 31
        assert cache.get("during") == b"2"  # retried, failed again, fallback again
    warnings = [r for r in caplog.records if "unavailable" in r.getMessage()]
    assert len(warnings) == 1
    stats = cache.stats()
    assert stats.errors == 2 and stats.fallbacks == 4
    assert (stats.hits, stats.misses) == (2, 1)  # served by the fallback, counted all the same
    server.connected = True
    clock.now += 31
    with caplog.at_level(logging.WARNING, logger="rag.caching.redis_cache"):
        assert cache.get("before") == b"1"
    assert any("back" in r.getMessage() for r in caplog.records)
    assert cache.stats().errors == 2


def test_dead_redis_url_never_breaks_a_call(caplog: pytest.LogCaptureFixture) -> None:
    url = f"redis://:hunter2@127.0.0.1:{_free_port()}/0"  # nothing listens there
    cache = make_cache(Settings(redis_url=url, redis_timeout_ms=200), "ns", 4)
    assert isinstance(cache, RedisCache)
    with caplog.at_level(logging.WARNING):
        t0 = time.perf_counter()
        cache.set("k", b"v")
        assert cache.get("k") == b"v"
        assert cache.get_many(["k", "other"]) == {"k": b"v"}
        elapsed = time.perf_counter() - t0
    assert cache.stats().errors == 1  # the later calls skip Redis until retry_after_s
    assert elapsed < 2.0
    assert "hunter2" not in caplog.text and "***" in caplog.text


def test_settings_validate_the_url_and_hide_it() -> None:
    settings = Settings(redis_url="redis://:secret@localhost:6379/0")
    assert "secret" not in repr(settings)
    assert Settings(redis_url="").redis_url is None
    with pytest.raises(ValidationError, match="redis://"):
        Settings(redis_url="localhost:6379")
    assert redact_url("redis://user:pw@h:1/0") == "redis://user:***@h:1/0"
    assert redact_url("redis://h:1/0") == "redis://h:1/0"


def test_bad_ttl_is_rejected() -> None:
    with pytest.raises(ValueError, match="ttl_s"):
        _fake(fakeredis.FakeServer(), ttl_s=-1)


# --- a real redis-server -------------------------------------------------------
# CI gives one in SHOPASSIST_TEST_REDIS_URL (deploy/services/start.sh); without it a
# redis-server binary on PATH is started here; without either these are skipped.

REDIS_URL_ENV = "SHOPASSIST_TEST_REDIS_URL"


def _start_redis(workdir, port: int) -> subprocess.Popen:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip(f"no Redis: set {REDIS_URL_ENV} (deploy/services/start.sh does) or install redis-server")
    return subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(workdir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def _wait_for(url: str, proc: subprocess.Popen | None = None) -> None:
    import redis

    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            return
        except redis.exceptions.ConnectionError:
            if time.monotonic() > deadline or (proc is not None and proc.poll() is not None):
                if proc is not None:
                    proc.kill()
                pytest.fail(f"redis-server did not answer at {url}")
            time.sleep(0.05)


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory):
    import os

    if os.environ.get(REDIS_URL_ENV):
        _wait_for(os.environ[REDIS_URL_ENV])
        yield os.environ[REDIS_URL_ENV]
        return
    port = _free_port()
    proc = _start_redis(tmp_path_factory.mktemp("redis"), port)
    url = f"redis://127.0.0.1:{port}/0"
    _wait_for(url, proc)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def namespace() -> str:
    """A namespace no other test (or earlier run on a shared server) has written."""
    import uuid

    return f"test-{uuid.uuid4().hex[:12]}"


def test_real_redis_round_trip_shared_and_ttl(redis_url: str, namespace: str) -> None:
    settings = Settings(redis_url=redis_url, redis_ttl_s=120)
    writer = make_cache(settings, namespace, 4)
    reader = make_cache(settings, namespace, 4)
    writer.set_many({"a": b"\x00" * 384 * 4, "b": b"2"})
    assert reader.get_many(["a", "b", "c"]) == {"a": b"\x00" * 384 * 4, "b": b"2"}
    assert 0 < reader.client.ttl(reader.redis_key("a")) <= 120
    other = make_cache(settings, namespace + "-other", 4)
    assert other.get("a") is None
    assert reader.stats().errors == 0 and reader.stats().hits == 2


def test_real_redis_json_long_keys_and_no_fallback_writes(redis_url: str, namespace: str) -> None:
    settings = Settings(redis_url=redis_url)
    a, b = make_cache(settings, namespace, 4), make_cache(settings, namespace, 4)
    a.set_json("hyde:laptop", {"text": "a notebook", "n": 3})
    a.set("x" * 500, b"long")
    assert b.get_json("hyde:laptop") == {"text": "a notebook", "n": 3}
    assert b.get("x" * 500) == b"long"
    digest = __import__("hashlib").sha256(b"x" * 500).hexdigest()
    assert b.client.exists(f"shopassist:{namespace}:sha256:{digest}") == 1
    assert b.client.ttl(b.redis_key("hyde:laptop")) == -1  # redis_ttl_s 0: no expiry
    assert not a.fallback.get_many(["hyde:laptop"]), "a healthy Redis does not write the fallback"


def test_real_redis_killed_falls_back_and_recovers_when_restarted(tmp_path, caplog: pytest.LogCaptureFixture) -> None:
    """Our own server (not the shared one): stopped mid-use, the cache answers from
    its in-process fallback; restarted on the same port, Redis serves again."""
    port = _free_port()
    url = f"redis://127.0.0.1:{port}/0"
    proc = _start_redis(tmp_path, port)
    try:
        _wait_for(url, proc)
        cache = make_cache(Settings(redis_url=url, redis_timeout_ms=300), "outage", 8)
        assert isinstance(cache, RedisCache)
        cache.retry_after_s = 0  # retry Redis on every call, so the restart is seen at once
        cache.set("before", b"1")
        proc.terminate()
        proc.wait(timeout=10)
        with caplog.at_level(logging.WARNING, logger="rag.caching.redis_cache"):
            cache.set("during", b"2")
            assert cache.get("during") == b"2"  # from the fallback
        assert cache.stats().errors >= 1 and cache.stats().fallbacks >= 1
        proc = _start_redis(tmp_path, port)
        _wait_for(url, proc)
        cache.set("after", b"3")
        assert cache.client.get(cache.redis_key("after")) == b"3"  # written to Redis again
        assert cache.get("before") is None  # the restarted server is empty (--save ''): a miss, not an error
    finally:
        proc.terminate()
        proc.wait(timeout=10)
