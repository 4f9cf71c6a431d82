"""The attack suite: every finding of the loopback attack (issue 15) as a regression test.

Two shoppers, each with its own server-issued identity (cookie jar), against the whole server
(API + mounted Gradio app). Every cross-shopper request must be refused; the count of those that
succeed is reported and must be 0.
"""

from __future__ import annotations

import json
import uuid

import httpx
import pytest

from tests.app_fixtures import LiveServer, make_app_services, parse_sse
from tests.security.conftest import ALLOWED, ANALYST_KEY, FOREIGN, shopper

MOUSE = "3484710"  # the Philips wireless mouse in tests/data


def turn(client: httpx.Client, **body) -> dict:
    with client.stream("POST", "/api/chat", json=body) as response:
        assert response.status_code == 200, response.read()
        events = parse_sse(response.read().decode())
    return events[-1][1]


@pytest.fixture(scope="module")
def alice(server):
    client = shopper(server)
    yield client
    client.close()


@pytest.fixture(scope="module")
def mallory(server):
    client = shopper(server)
    yield client
    client.close()


def me(client: httpx.Client) -> str:
    return client.post("/api/identity").json()["user_id"]


def test_no_cross_shopper_request_succeeds(alice, mallory, services) -> None:
    """IDOR on each route, feedback spoofing, and session / request-id hijacking."""
    victim = me(alice)
    mine = turn(alice, message="wireless mouse", user_id=victim)
    assert alice.post("/api/feedback", json={"kind": "purchase", "request_id": mine["request_id"],
                                             "product_id": MOUSE, "value": 20}).status_code == 201
    before = alice.get("/api/users/me/profile").json()
    attacks = {
        "read her profile": mallory.get(f"/api/users/{victim}/profile"),
        "plant a brand": mallory.patch(f"/api/users/{victim}/profile",
                                       json={"set": [{"kind": "brand", "key": "evilcorp", "weight": 5}]}),
        "forget her": mallory.delete(f"/api/users/{victim}/profile"),
        "chat as her": mallory.post("/api/chat", json={"message": "mouse", "user_id": victim}),
        "continue her conversation": mallory.post("/api/chat", json={"message": "the first one",
                                                                     "session_id": mine["session_id"]}),
        "thumbs on her turn": mallory.post("/api/feedback", json={"kind": "thumbs_down",
                                                                   "request_id": mine["request_id"]}),
        "purchase as her": mallory.post("/api/feedback", json={"kind": "purchase", "product_id": MOUSE,
                                                                "user_id": victim, "value": 1}),
        "purchase on her turn": mallory.post("/api/feedback", json={"kind": "purchase", "product_id": MOUSE,
                                                                     "request_id": mine["request_id"]}),
        "export without the key": mallory.get("/api/export/feedback"),
        "a forged token": httpx.get(f"{mallory.base_url}/api/users/{victim}/profile",
                                    headers={"Authorization": "Bearer " + victim + ".forged.sig"}),
    }
    succeeded = {name: r.status_code for name, r in attacks.items() if r.status_code < 400}
    assert succeeded == {}, succeeded
    assert all(r.status_code in (401, 403) for r in attacks.values()), {n: r.status_code for n, r in attacks.items()}
    after = alice.get("/api/users/me/profile").json()
    assert after == {**before, "as_of": after["as_of"]}  # nothing planted, nothing forgotten


def test_look_alike_ids_are_not_the_caller(alice) -> None:
    """Cyrillic letters, zero-width and RTL characters: a different id, refused (the store normalizes too)."""
    user = me(alice)
    variants = [user.replace("e", "\u0435", 1), user + "\u200b", "\u200f" + user, user.upper(), user + " "]
    for variant in variants:
        status = alice.get(f"/api/users/{variant}/profile").status_code
        assert status in (403, 422), (variant, status)
    assert alice.get(f"/api/users/{user}/profile").status_code == 200


def test_a_bearer_token_is_the_same_identity_as_the_cookie(alice, server) -> None:
    issued = alice.post("/api/identity").json()
    bare = httpx.get(f"{server.url}/api/users/me/profile", headers={"Authorization": f"Bearer {issued['token']}"})
    assert bare.status_code == 200 and bare.json()["user_id"] == issued["user_id"]


def test_the_identity_cookie_is_http_only_and_same_site(server) -> None:
    response = httpx.post(f"{server.url}/api/identity")
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie


def test_cors_from_a_foreign_origin_is_refused(server) -> None:
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    foreign = httpx.options(f"{server.url}/api/chat", headers={"Origin": FOREIGN, **preflight})
    assert foreign.headers.get("access-control-allow-origin") is None and foreign.status_code >= 400
    simple = httpx.post(f"{server.url}/api/search", json={"query": "mouse"}, headers={"Origin": FOREIGN})
    assert simple.headers.get("access-control-allow-origin") is None
    allowed = httpx.options(f"{server.url}/api/chat", headers={"Origin": ALLOWED, **preflight})
    assert allowed.headers["access-control-allow-origin"] == ALLOWED  # exact, never "*"
    assert allowed.headers.get("access-control-allow-credentials") == "true"


def test_the_host_header_is_checked(server) -> None:
    assert httpx.get(f"{server.url}/healthz", headers={"Host": "evil.example"}).status_code == 400
    assert httpx.get(f"{server.url}/healthz", headers={"Host": "shop.example.com"}).status_code == 200
    assert httpx.get(f"{server.url}/healthz").status_code == 200  # loopback


# -- the Analytics tab through the Gradio queue ----------------------------------------------------


def _queue_call(base: str, fn_index: int, data: list, cookies: httpx.Cookies | None = None,
                refused_ok: bool = False) -> list:
    """What an attacker does: one queue call by fn_index, then read the result stream."""
    session = uuid.uuid4().hex
    with httpx.Client(base_url=base, timeout=60, cookies=cookies) as http:
        joined = http.post("/gradio_api/queue/join", json={
            "data": data, "fn_index": fn_index, "session_hash": session, "event_data": None, "trigger_id": None})
        assert joined.status_code == 200, joined.text
        with http.stream("GET", "/gradio_api/queue/data", params={"session_hash": session}) as stream:
            for line in stream.iter_lines():
                if not line.startswith("data:"):
                    continue
                message = json.loads(line[5:])
                if message.get("msg") == "process_completed":
                    if refused_ok and not message.get("success"):
                        return [message["output"].get("error", "")]  # Gradio refused it before the handler
                    assert message.get("success"), message
                    return message["output"]["data"]
    raise AssertionError("no result from the queue")


def _analytics_fn(base: str) -> int:
    config = httpx.get(f"{base}/config", timeout=30).json()
    key_box = next(c["id"] for c in config["components"] if c.get("props", {}).get("elem_id") == "sa-analyst-key")
    return next(d["id"] for d in config["dependencies"] if key_box in d["inputs"])


def test_the_app_export_refuses_a_direct_queue_call_without_the_key(server, alice, tmp_path, monkeypatch) -> None:
    """Critical finding: one queue call returned a /gradio_api/file= link to every shopper's feedback.csv."""
    turn(alice, message="usb stick")
    fn = _analytics_fn(server.url)
    for key in ("", "wrong-key-0123456789", None):
        out = _queue_call(server.url, fn, [key, True, "csv", "p95"])
        text = json.dumps(out)
        assert "locked" in text.lower() and "ticket=" not in text and "/file=" not in text and "feedback.csv" not in text
    out = _queue_call(server.url, fn, [ANALYST_KEY, True, "csv", "p95"])
    link = next(v for v in out if isinstance(v, str) and "ticket=" in v)
    href = link.split('href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    first = httpx.get(server.url + href)
    assert first.status_code == 200 and first.text.startswith("request_id,")
    assert first.headers["cache-control"] == "no-store"
    assert httpx.get(server.url + href).status_code == 403  # one time only


def _fn_with_input(base: str, elem_id: str) -> int:
    config = httpx.get(f"{base}/config", timeout=30).json()
    box = next(c["id"] for c in config["components"] if c.get("props", {}).get("elem_id") == elem_id)
    return next(d["id"] for d in config["dependencies"] if box in d["inputs"] and d.get("trigger_mode") != "x")


def test_the_app_picker_refuses_another_shopper_through_the_queue(server, alice, services) -> None:
    """High finding: "Shopping as" offered any persona and "Forget me" deleted it."""
    victim = me(alice)
    alice.patch("/api/users/me/profile", json={"set": [{"kind": "brand", "key": "sony", "weight": 2}]})
    fn = _fn_with_input(server.url, "sa-user")
    for value in (victim, "demo-gamer", victim + "\u200b"):
        text = json.dumps(_queue_call(server.url, fn, [value, None], refused_ok=True))
        assert ("Error" in text or "not in the list of choices" in text) and "sony" not in text, text
    assert "sony" in json.dumps(alice.get("/api/users/me/profile").json())


# -- rate limits ------------------------------------------------------------------------------------


def test_over_the_rate_answers_429_with_retry_after(tmp_path, tiny_products, fake_embedder) -> None:
    from rag.api.app import create_api

    services = make_app_services(tmp_path, tiny_products, fake_embedder, rate_limit_identity="5/minute",
                                 rate_limit_ip="8/minute")
    with LiveServer(create_api(services)) as live, httpx.Client(base_url=live.url, timeout=30) as client:
        client.post("/api/identity")
        codes = [client.post("/api/search", json={"query": "mouse"}).status_code for _ in range(5)]
        assert codes[:4] == [200] * 4  # the identity call counted as the first
        limited = client.post("/api/search", json={"query": "mouse"})
        assert limited.status_code == 429 and 1 <= int(limited.headers["retry-after"]) <= 60
        # Another identity from the same IP is held by the per-IP rate.
        codes = [httpx.post(f"{live.url}/api/search", json={"query": "mouse"}).status_code for _ in range(4)]
        assert 429 in codes
        assert httpx.get(f"{live.url}/healthz").status_code == 200  # health is never limited
