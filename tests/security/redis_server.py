"""A real Redis for the security tests: CI's (``SHOPASSIST_TEST_REDIS_URL``, from deploy/services/start.sh)
or a ``redis-server`` started here; skipped when neither exists."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REDIS_URL_ENV = "SHOPASSIST_TEST_REDIS_URL"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_redis(folder: Path, port: int) -> subprocess.Popen:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip(f"no Redis: set {REDIS_URL_ENV} (deploy/services/start.sh does) or install redis-server")
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(f"redis://127.0.0.1:{port}/0", proc)
    return proc


def wait_for(url: str, proc: subprocess.Popen | None = None) -> None:
    import redis

    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 15
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


def shared_redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a Redis the tests may share (keys are namespaced or random per test)."""
    if os.environ.get(REDIS_URL_ENV):
        wait_for(os.environ[REDIS_URL_ENV])
        yield os.environ[REDIS_URL_ENV]
        return
    port = free_port()
    proc = start_redis(tmp_path_factory.mktemp("redis"), port)
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(timeout=10)
