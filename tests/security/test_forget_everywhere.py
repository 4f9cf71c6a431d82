"""Forget me removes the shopper from every place the app keeps data.

The server is wired as in production (``build_app_services``: the interaction store on a SQLite
file, conversation memory in it, legacy conversation files in ``sessions_dir``, the query cache and
the rate limits in a real Redis). A shopper writes everywhere: two chat turns carrying an email, a
phone and made-up words, a thumbs with a comment, a purchase with an idempotency key, a profile
edit. Another shopper does the same. The first one forgets themself; then every byte of every file
under the data folder, every row of every table, every Redis key and value, the analyst's export
and the captured server logs are searched for their id, their words and their personal data.
The other shopper must still be found (the search can fail).

Logs: the server logs never carry a shopper's messages, personal data or id (not only after a
forget); docs/security.md says so.
"""

from __future__ import annotations

import json
import logging
import secrets
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, inspect, text

from tests.app_fixtures import LiveServer

ANALYST = "forget-suite-analyst-key-0123456789"


def words(tag: str) -> dict[str, str]:
    """A shopper's made-up words and personal data, unique to this run."""
    nonce = secrets.token_hex(3)
    return {"word": f"zorblax{tag}{nonce}", "word2": f"quimbly{tag}{nonce}",
            "email": f"{tag}.{nonce}@example.org", "phone": f"+1 415 555 {int(nonce, 16) % 10000:04d}"}


def act_everywhere(client: httpx.Client, said: dict[str, str]) -> str:
    """Chat (two turns), thumbs with a comment, a purchase, a profile edit; returns the shopper id."""
    response = client.post("/api/identity")
    assert response.status_code == 201
    token, user = response.json()["token"], response.json()["user_id"]
    client.headers["Authorization"] = f"Bearer {token}"

    def chat(body: dict) -> dict:
        with client.stream("POST", "/api/chat", json=body) as r:
            assert r.status_code == 200
            events = [json.loads(line[5:]) for line in r.iter_lines() if line.startswith("data:")]
        assert "answer" in events[-1], events[-1]
        return events[-1]

    first = chat({"message": f"wireless mouse for my {said['word']}, mail me at {said['email']}"})
    second = chat({"message": f"cheaper ones for the {said['word2']}? call {said['phone']}",
                   "session_id": first["session_id"]})
    assert client.post("/api/feedback", json={
        "kind": "thumbs_down", "request_id": second["request_id"], "reason": "not-relevant",
        "comment": f"my {said['word']} wanted more, write to {said['email']}"}).status_code == 201
    product = (second["products"] or first["products"])[0]["id"]
    assert client.post("/api/feedback", json={
        "kind": "purchase", "request_id": first["request_id"], "product_id": product, "value": 12.5,
        "client_key": f"order-{said['word']}"}).status_code == 201
    assert client.patch("/api/users/me/profile", json={
        "set": [{"kind": "brand", "key": said["word2"], "weight": 3}]}).status_code == 200
    return user


def files_holding(folder: Path, needles: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes().lower()
            hits = [n for n in needles if n.lower().encode() in data or n.lower().encode("utf-16-le") in data]
            if hits:
                found[str(path.relative_to(folder))] = hits
    return found


def rows_holding(url: str, needles: list[str]) -> dict[str, list[str]]:
    engine = create_engine(url)
    found: dict[str, list[str]] = {}
    with engine.connect() as conn:
        for table in inspect(engine).get_table_names():
            dump = " ".join(str(row) for row in conn.execute(text(f'SELECT * FROM "{table}"'))).lower()
            hits = [n for n in needles if n.lower() in dump]
            if hits:
                found[table] = hits
    engine.dispose()
    return found


def redis_holding(url: str, needles: list[str]) -> dict[str, list[str]]:
    import redis

    client = redis.Redis.from_url(url)
    found: dict[str, list[str]] = {}
    for key in client.scan_iter(count=1000):
        kind = client.type(key)
        value = b""
        if kind == b"string":
            value = client.get(key) or b""
        elif kind == b"zset":
            value = b" ".join(client.zrange(key, 0, -1))
        elif kind == b"list":
            value = b" ".join(client.lrange(key, 0, -1))
        elif kind == b"hash":
            value = b" ".join(k + b" " + v for k, v in client.hgetall(key).items())
        blob = (key + b" " + value).lower()
        hits = [n for n in needles if n.lower().encode() in blob]
        if hits:
            found[key.decode(errors="replace")] = hits
    return found


@pytest.fixture
def server(tmp_path, tiny_products, fake_embedder, shared_redis):
    from rag.app_services import build_app_services
    from rag.indexing.documents import DocumentBuilder
    from rag.indexing.ingest import sync_products
    from rag.server import create_server_app
    from rag.settings import Settings
    from rag.wiring import build_search_services, engine_factory

    data = tmp_path / "data"
    settings = Settings(
        index_dir=data / "index", sessions_dir=data / "sessions", store_url=f"sqlite:///{data / 'store.sqlite'}",
        identity_key_file=data / "identity.key", embedding_model="fake", llm_provider="extractive",
        hyde_mode="off", relevance_none_below=0.0, relevance_weak_below=0.5, redis_url=shared_redis,
        api_key=ANALYST, rate_limit_identity="100000/minute", rate_limit_ip="100000/minute",
    )
    (data / "sessions").mkdir(parents=True)
    sync_products(tiny_products, engine_factory(settings)(settings.index_dir), fake_embedder, DocumentBuilder(),
                  max_tokens=128, max_chunks=1, progress=False)
    services = build_app_services(settings, search=build_search_services(settings, embedder=fake_embedder))
    with LiveServer(create_server_app(settings, services, with_ui=False)) as live:
        yield live, data, settings


def test_forget_me_leaves_nothing_anywhere(server, caplog) -> None:
    live, data, settings = server
    alice, bob = words("alice"), words("bob")
    caplog.set_level(logging.INFO)
    with httpx.Client(base_url=live.url, timeout=60) as a, httpx.Client(base_url=live.url, timeout=60) as b:
        alice_id = act_everywhere(a, alice)
        bob_id = act_everywhere(b, bob)
        store_url = settings.store_url
        redis_url = settings.redis_url.get_secret_value()
        # Before: the search finds both (it can fail). Messages are redacted before they are stored,
        # so the email and phone are never there; the made-up words are.
        before = rows_holding(store_url, [alice_id, alice["word"], alice["word2"]])
        assert set(before) >= {"rankings", "interactions", "users"}, before
        export = httpx.get(live.url + "/api/export/feedback", headers={"X-API-Key": ANALYST}).text
        assert alice["word"] in export and alice["word2"] in export  # (ids are pseudonymized in exports)

        # Personal data never lands anywhere, forgotten or not (redacted before it is stored or logged).
        pii = [alice["email"], alice["phone"], bob["email"], bob["phone"]]
        assert files_holding(data, pii) == {} and rows_holding(store_url, pii) == {}
        assert redis_holding(redis_url, pii) == {} and not [n for n in pii if n in export]

        forgot = a.delete("/api/users/me/profile")
        assert forgot.status_code == 200 and not any(forgot.json()["left"].values()), forgot.json()

    alice_all = [alice_id, *alice.values()]
    bob_some = [bob_id, bob["word"], bob["word2"]]
    assert rows_holding(store_url, alice_all) == {}
    assert files_holding(data, alice_all) == {}, "a file under the data folder still holds the shopper"
    assert redis_holding(redis_url, alice_all) == {}
    export = httpx.get(live.url + "/api/export/feedback", headers={"X-API-Key": ANALYST}).text
    assert not [n for n in alice_all if n in export]
    log_text = "\n".join(f"{r.name} {r.getMessage()}" for r in caplog.records
                         if not r.name.startswith(("httpx", "httpcore")))  # the test's own client
    assert not [n for n in alice_all + bob_some + pii if n in log_text], "server logs carry a shopper's id or words"
    # The other shopper is untouched, and found by the same searches.
    assert set(rows_holding(store_url, bob_some)) >= {"rankings", "interactions", "users"}
    assert bob["word"] in export
    assert files_holding(data, bob_some), "the file search finds what is there"
