"""Settings that refuse unsafe values, the slow-client guard, the identity signing, demo mode."""

from __future__ import annotations

import contextlib
import socket
import threading

import pytest
from pydantic import ValidationError

from rag.identity import Forbidden, Identities
from rag.settings import Settings


def test_wildcards_and_bad_rates_are_refused(tmp_path) -> None:
    with pytest.raises(ValidationError, match="wildcard"):
        Settings(cors_origins="*")
    with pytest.raises(ValidationError, match="origins like"):
        Settings(cors_origins="shop.example.com")
    with pytest.raises(ValidationError, match="wildcard"):
        Settings(allowed_hosts="*.example.com")
    with pytest.raises(ValidationError, match="rate like"):
        Settings(rate_limit_ip="lots")
    with pytest.raises(ValidationError, match="at least 32"):
        Settings(identity_key="short")
    assert Settings(cors_origins=" https://a.example , https://b.example ").cors_origins == "https://a.example,https://b.example"


def test_the_secret_is_generated_once_into_the_state_folder(tmp_path) -> None:
    settings = Settings(identity_key_file=tmp_path / "state" / "identity.key")
    first = Identities(settings).issue()
    assert (tmp_path / "state" / "identity.key").stat().st_mode & 0o777 == 0o600
    assert Identities(settings).verify(first.token) == first.user_id  # a restart keeps identities
    other = Identities(Settings(identity_key_file=tmp_path / "other.secret"))
    assert other.verify(first.token) is None  # another secret: a forgery


def test_a_remembered_token_still_expires_and_a_forged_one_is_never_remembered(tmp_path, monkeypatch) -> None:
    import time

    ids = Identities(Settings(identity_key_file=tmp_path / "s", identity_max_age_days=1))
    issued = ids.issue()
    assert ids.verify(issued.token) == issued.user_id
    assert ids.verify(issued.token) == issued.user_id  # from memory now
    forged = issued.token[:-2] + ("AA" if issued.token[-2:] != "AA" else "BB")
    assert ids.verify(forged) is None and ids.verify(forged) is None
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 2 * 86400)  # two days on: past the one-day age
    assert ids.verify(issued.token) is None


def test_bound_ids_belong_to_their_owner_only(tmp_path) -> None:
    ids = Identities(Settings(identity_key_file=tmp_path / "s"))
    session = ids.bound_id("session", "shopper-a")
    assert ids.owns("session", "shopper-a", session)
    assert not ids.owns("session", "shopper-b", session)
    assert not ids.owns("request", "shopper-a", session)  # purposes do not mix
    assert not ids.owns("session", "shopper-a", session[:-1] + ("A" if session[-1] != "A" else "B"))
    assert not ids.owns("session", "shopper-a", "no-mac-at-all")


def test_personas_only_in_demo_mode(tmp_path) -> None:
    plain = Identities(Settings(identity_key_file=tmp_path / "s"))
    with pytest.raises(Forbidden):
        plain.authorize("shopper-a", "demo-gamer", {"demo-gamer"})
    demo = Identities(Settings(identity_key_file=tmp_path / "s", demo_mode=True))
    assert demo.authorize("shopper-a", "demo-gamer", {"demo-gamer"}) == "demo-gamer"
    with pytest.raises(Forbidden):
        demo.authorize("shopper-a", "shopper-b", {"demo-gamer"})  # demo mode never reaches a real shopper
    with pytest.raises(Forbidden):
        demo.authorize(None, None)


def _serve(protocol):
    """A tiny ASGI app on uvicorn with ``protocol``, on a free port: (server, thread, socket)."""
    import uvicorn

    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        while (await receive()).get("more_body"):
            pass
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, http=protocol, log_level="warning", lifespan="off",
                                           h11_max_incomplete_event_size=16 * 1024))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        threading.Event().wait(0.02)
    return server, thread, sock


def _stop(server, thread, sock) -> None:
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


PROTOCOLS = ["httptools", "h11"]


@pytest.mark.parametrize("prefer", PROTOCOLS)
@pytest.mark.parametrize("partial", [b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n",
                                     b"POST /x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{"])
def test_slow_clients_are_disconnected(partial, prefer) -> None:
    """Finding: slow-header and slow-body clients were held open 30-75 s."""
    from rag.api.slow_clients import slow_client_protocol

    protocol = slow_client_protocol(Settings(http_header_timeout_s=0.3, http_body_timeout_s=0.3), prefer=prefer)
    assert prefer.lower() in protocol.__mro__[1].__mro__[2].__name__.lower()  # the guard over the protocol asked for
    running = _serve(protocol)
    try:
        client = socket.create_connection(("127.0.0.1", running[2].getsockname()[1]))
        client.sendall(partial)
        client.settimeout(30)  # generous: the assertion is that the server closes, not how fast
        assert client.recv(1024) == b""
        client.close()
    finally:
        _stop(*running)


@pytest.mark.parametrize("prefer", PROTOCOLS)
def test_whole_requests_on_a_kept_connection_are_answered_and_an_oversized_head_refused(prefer) -> None:
    from rag.api.slow_clients import slow_client_protocol

    protocol = slow_client_protocol(Settings(http_header_timeout_s=0.5, http_body_timeout_s=0.5), prefer=prefer)
    running = _serve(protocol)
    port = running[2].getsockname()[1]
    try:
        client = socket.create_connection(("127.0.0.1", port))
        client.settimeout(30)
        for _ in range(2):  # the same connection, one request after another: each answered
            client.sendall(b"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}")
            assert client.recv(4096).startswith(b"HTTP/1.1 200")
        client.close()
        big = socket.create_connection(("127.0.0.1", port))
        big.settimeout(30)
        big.sendall(b"GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + b"a" * (20 * 1024))  # still incomplete: h11 holds it
        threading.Event().wait(0.2)
        with contextlib.suppress(OSError):  # already refused and closed
            big.sendall(b"\r\n\r\n")
        answer = b""
        while chunk := big.recv(4096):
            answer += chunk
        assert answer.startswith(b"HTTP/1.1 4"), answer[:80]  # refused, and the connection closed
        big.close()
    finally:
        _stop(*running)
