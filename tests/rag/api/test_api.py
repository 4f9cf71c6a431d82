"""The HTTP API end to end: a real server on loopback, the tiny catalog, the extractive composer."""

from __future__ import annotations

import asyncio
import json

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.app_fixtures import parse_sse
from tests.rag.api.conftest import API_KEY

MOUSE = "3484710"  # the Philips wireless mouse in tests/data


def chat(client: httpx.Client, **body) -> list[tuple[str, dict]]:
    with client.stream("POST", "/api/chat", json=body) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        return parse_sse(response.read().decode())


def me(client: httpx.Client) -> str:
    """The client's shopper id (its cookie jar keeps the identity the server issued)."""
    response = client.post("/api/identity")
    assert response.status_code == 201, response.text
    return response.json()["user_id"]


def done(events: list[tuple[str, dict]]) -> dict:
    names = [name for name, _ in events]
    assert names[0] == "start" and names[-1] == "done" and "error" not in names, names
    return events[-1][1]


def test_search_returns_ranked_products_with_filters(client, tiny_products) -> None:
    response = client.post("/api/search", json={"query": "notebook", "k": 3})
    assert response.status_code == 200
    body = response.json()
    assert 1 <= len(body["results"]) <= 3 and body["mode"] == "hybrid-rrf"
    first = body["results"][0]
    assert first["rank"] == 1 and "notebook" in first["product"]["title"].lower() and first["legs"]
    brand = first["product"]["brand"]
    only = client.post("/api/search", json={"query": "notebook", "filters": {"brands": [brand]}}).json()
    assert only["results"] and {r["product"]["brand"] for r in only["results"]} == {brand}
    none = client.post("/api/search", json={"query": "notebook", "filters": {"max_price": 0.5}}).json()
    assert none["results"] == []
    understood = client.post("/api/search", json={"query": "notebook under $5000"}).json()
    assert understood["understood"]["constraints"]


def test_chat_streams_tokens_then_the_cited_turn(client) -> None:
    events = chat(client, message="hp notebook")
    start, turn = events[0][1], done(events)
    tokens = [data["text"] for name, data in events if name == "token"]
    assert tokens and "".join(tokens).strip()
    assert turn["request_id"] == start["request_id"] and turn["session_id"] == start["session_id"]
    assert turn["generator"] == "extractive" and "[1]" in turn["answer"]
    assert turn["citations"] and set(turn["citations"].values()) <= {p["id"] for p in turn["products"]}
    assert turn["trace"]["timings_ms"] and turn["trace"]["plan"] == "results"
    follow = done(chat(client, message="tell me more about the first one", session_id=turn["session_id"]))
    assert follow["session_id"] == turn["session_id"] and follow["products"][0]["id"] == turn["products"][0]["id"]
    refused = done(chat(client, message="write a poem about the sea"))
    assert refused["trace"]["plan"] == "refuse" and refused["products"] == []


def test_feedback_profile_round_trip_and_forget(client) -> None:
    ann = me(client)
    turn = done(chat(client, message="wireless mouse", user_id=ann))
    assert MOUSE in [p["id"] for p in turn["products"]]
    bought = client.post("/api/feedback", json={"kind": "purchase", "request_id": turn["request_id"],
                                                "product_id": MOUSE, "value": 19.99})
    assert bought.status_code == 201 and bought.json()["user_id"] == ann
    down = client.post("/api/feedback", json={"kind": "thumbs_down", "request_id": turn["request_id"],
                                              "reason": "too-expensive", "comment": "cheaper please"})
    assert down.status_code == 201
    profile = client.get(f"/api/users/{ann}/profile").json()
    assert not profile["empty"] and profile["brand"][0]["key"] == "philips"
    assert "bought 1" in profile["brand"][0]["reason"]

    patched = client.patch(f"/api/users/{ann}/profile", json={
        "set": [{"kind": "brand", "key": "Sony", "weight": 2}],
        "remove": [{"kind": "brand", "key": "philips"}, {"kind": "category", "key": "no-such"}],
    })
    assert patched.status_code == 200
    brands = {a["key"]: a for a in patched.json()["brand"]}
    assert brands["sony"]["pinned"] and "philips" not in brands
    assert patched.json()["not_found"] == [{"kind": "category", "key": "no-such"}]

    forgotten = client.delete(f"/api/users/{ann}/profile")
    assert forgotten.status_code == 200 and forgotten.json()["complete"]
    assert forgotten.json()["removed"]["interactions"] == 2 and forgotten.json()["sessions_cleared"] == 1
    assert client.get(f"/api/users/{ann}/profile").json()["empty"]
    # The forgotten turn is gone, so feedback on it is refused.
    late = client.post("/api/feedback", json={"kind": "thumbs_up", "request_id": turn["request_id"]})
    assert late.status_code == 404 and "request id" in late.json()["error"]


def test_bad_input_gets_a_clear_4xx(client) -> None:
    def error(response: httpx.Response, status: int) -> str:
        assert response.status_code == status, response.text
        return response.json()["error"]

    assert "query" in error(client.post("/api/search", json={}), 422)
    assert "k" in error(client.post("/api/search", json={"query": "x", "k": 0}), 422)
    assert "mode" in error(client.post("/api/search", json={"query": "x", "mode": "magic"}), 422)
    assert "extra" in error(client.post("/api/search", json={"query": "x", "kk": 1}), 422).lower()
    assert "above max_price" in error(client.post("/api/search", json={"query": "x", "filters": {"min_price": 9, "max_price": 1}}), 422)
    assert "JSON" in error(client.post("/api/search", content=b"{nope", headers={"content-type": "application/json"}), 422)
    assert "limit is 1000" in error(client.post("/api/chat", json={"message": "x" * 1001}), 422)
    assert "session_id" in error(client.post("/api/chat", json={"message": "hi", "session_id": "../etc"}), 422)
    assert "over 4096 bytes" in error(client.post("/api/search", json={"query": "x" * 5000}), 413)
    chunked = client.post("/api/search", content=iter([b'{"query": "', b"x" * 5000, b'"}']),
                          headers={"content-type": "application/json"})
    assert "over 4096 bytes" in error(chunked, 413)
    assert "product_id" in error(client.post("/api/feedback", json={"kind": "click"}), 422)
    assert "kind" in error(client.post("/api/feedback", json={"kind": "like"}), 422)
    assert "no product" in error(client.post("/api/feedback", json={"kind": "click", "product_id": "missing"}), 404)
    assert "not shown to you" in error(client.post("/api/feedback", json={"kind": "thumbs_up", "request_id": "nope"}), 403)
    assert "user_id" in error(client.get("/api/users/two%20words/profile"), 422)
    assert "nothing to change" in error(client.patch("/api/users/u1/profile", json={}), 422)
    assert "kind" in error(client.patch("/api/users/u1/profile", json={"set": [{"kind": "colour", "key": "red", "weight": 1}]}), 422)
    assert error(client.get("/api/nothing-here"), 404)
    assert error(client.get("/api/search"), 405)


def test_control_characters_are_refused_and_plain_unicode_is_not(client) -> None:
    """A NUL or an escape code was stored (and exported) as sent; PostgreSQL refuses a NUL outright."""
    def refused(response: httpx.Response, field: str) -> None:
        assert response.status_code == 422, response.text
        assert field in response.json()["error"]

    refused(client.post("/api/chat", json={"message": "mouse\x00"}), "message")
    refused(client.post("/api/search", json={"query": "\x1b[31mmouse"}), "query")
    refused(client.post("/api/feedback", json={"kind": "thumbs_up", "user_id": "u1", "reason": "bad\x00"}), "reason")
    refused(client.post("/api/feedback", json={"kind": "thumbs_up", "user_id": "u1", "comment": "\x07"}), "comment")
    refused(client.post("/api/feedback", json={"kind": "thumbs_up", "user_id": "u\x00"}), "user_id")
    refused(client.get("/api/users/u%00/profile"), "user_id")
    refused(client.patch("/api/users/u1/profile", json={"set": [{"kind": "brand", "key": "so\x00ny", "weight": 1}]}), "key")
    refused(client.post("/api/search", json={"query": "mouse", "filters": {"brands": ["\x85"]}}), "brands")
    fine = client.post("/api/search", json={"query": "Maus für Kinder 😀\tunter 30 €\n"})
    assert fine.status_code == 200, fine.text
    assert client.get("/api/users/jürgen-😀/profile").status_code == 403  # a valid id, but not the caller's


def test_export_needs_the_api_key(client) -> None:
    turn = done(chat(client, message="wireless mouse", user_id=me(client)))
    thumbs = client.post("/api/feedback", json={"kind": "thumbs_down", "request_id": turn["request_id"], "reason": "wrong-price"})
    assert thumbs.status_code == 201, thumbs.text
    assert client.get("/api/export/feedback").status_code == 401
    assert client.get("/api/export/feedback", headers={"X-API-Key": "wrong"}).status_code == 403
    response = client.get("/api/export/feedback", headers={"X-API-Key": API_KEY})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert 'filename="feedback.csv"' in response.headers["content-disposition"]
    lines = response.text.splitlines()
    assert lines[0].startswith("request_id,") and any(turn["request_id"] in line and "wrong-price" in line for line in lines)
    rows = client.get("/api/export/feedback", params={"format": "jsonl"}, headers={"X-API-Key": API_KEY})
    records = [json.loads(line) for line in rows.text.splitlines()]
    assert any(r["request_id"] == turn["request_id"] and r["thumbs"] == "down" for r in records)
    assert int(rows.headers["x-rows"]) == len(records)
    empty = client.get("/api/export/feedback", params={"until": "2000-01-01T00:00:00"}, headers={"X-API-Key": API_KEY})
    assert empty.status_code == 200 and empty.text.strip().count("\n") == 0
    bad = client.get("/api/export/feedback", params={"since": "2030-01-01", "until": "2020-01-01"}, headers={"X-API-Key": API_KEY})
    assert bad.status_code == 422 and "before" in bad.json()["error"]


def test_export_window_mixes_zoned_and_naive_times(client) -> None:
    """A naive time is UTC: one bound with a zone and one without is a window, not a 500."""
    key = {"X-API-Key": API_KEY}
    mixed = client.get("/api/export/feedback", params={"since": "2000-01-01T00:00:00Z", "until": "2100-01-01T00:00:00"},
                       headers=key)
    assert mixed.status_code == 200 and mixed.text.startswith("request_id,")
    backwards = client.get("/api/export/feedback", params={"since": "2030-01-01T02:00:00+02:00",
                                                           "until": "2030-01-01T00:00:00"}, headers=key)
    assert backwards.status_code == 422 and "before" in backwards.json()["error"]


def test_export_is_closed_without_a_configured_key(tmp_path, tiny_products, fake_embedder) -> None:
    from rag.api.app import create_api
    from tests.app_fixtures import LiveServer, make_app_services

    services = make_app_services(tmp_path, tiny_products, fake_embedder)
    with LiveServer(create_api(services)) as live:
        response = httpx.get(live.url + "/api/export/feedback", headers={"X-API-Key": API_KEY})
    assert response.status_code == 403 and "SHOPASSIST_API_KEY" in response.json()["error"]


def test_health_and_openapi(client, tiny_products) -> None:
    health = client.get("/healthz")
    assert health.status_code == 200
    body = health.json()
    assert body["ok"] and body["products"] == len(tiny_products) and body["generator"] == "extractive"
    spec = client.get("/openapi.json").json()
    assert {"/api/search", "/api/chat", "/api/feedback", "/api/users/{user_id}/profile", "/api/export/feedback",
            "/healthz", "/metrics"} <= set(spec["paths"])
    assert "text/event-stream" in spec["paths"]["/api/chat"]["post"]["responses"]["200"]["content"]
    assert spec["components"]["securitySchemes"]["APIKeyHeader"]["name"] == "X-API-Key"
    assert client.get("/docs").status_code == 200


def test_metrics_parse_and_count_routes_and_stages(client) -> None:
    client.post("/api/search", json={"query": "notebook"})
    done(chat(client, message="hp notebook"))
    client.post("/api/search", json={"query": "x", "k": 0})
    text = client.get("/metrics").text
    families = {f.name: f for f in text_string_to_metric_families(text)}
    requests = families["shopassist_http_requests"].samples
    assert any(s.labels == {"method": "POST", "route": "/api/search", "status": "200"} and s.value >= 1 for s in requests)
    assert any(s.labels["route"] == "/api/search" and s.labels["status"] == "422" for s in requests)
    stages = {(s.labels["source"], s.labels["stage"]) for s in families["shopassist_stage_duration_seconds"].samples
              if s.name.endswith("_count") and s.value > 0}
    assert {("chat", "first_token"), ("chat", "answer"), ("search", "bm25"), ("search", "dense")} <= stages, stages
    turns = families["shopassist_turns"].samples
    assert any(s.labels.get("generator") == "extractive" and s.value >= 1 for s in turns)
    latency = families["shopassist_http_request_duration_seconds"].samples
    assert any(s.labels.get("route") == "/api/chat" and s.name.endswith("_count") for s in latency)


def test_concurrent_chat_sessions_all_finish(server) -> None:
    async def one(http: httpx.AsyncClient, i: int) -> dict:
        async with http.stream("POST", "/api/chat", json={"message": "wireless mouse"}) as r:
            assert r.status_code == 200
            return done(parse_sse((await r.aread()).decode()))

    async def run() -> list[dict]:
        async with httpx.AsyncClient(base_url=server.url, timeout=120) as http:
            return await asyncio.gather(*(one(http, i) for i in range(8)))

    turns = asyncio.run(run())
    assert len({t["session_id"] for t in turns}) == 8
    assert len({t["request_id"] for t in turns}) == 8


def test_one_process_serves_the_ui_and_the_api(tmp_path, tiny_products, fake_embedder, monkeypatch) -> None:
    monkeypatch.setenv("GRADIO_ANALYTICS_ENABLED", "False")
    from rag.server import create_server_app
    from tests.app_fixtures import LiveServer, make_app_services

    services = make_app_services(tmp_path, tiny_products, fake_embedder)
    with LiveServer(create_server_app(services.settings, services)) as live:
        page = httpx.get(live.url + "/", timeout=30)
        assert page.status_code == 200 and "gradio" in page.text.lower()
        from rag.ui import APP_CSS

        first_rule = next(line for line in APP_CSS.splitlines() if line.strip())
        assert first_rule.strip() in page.text  # the app's CSS is served with the mounted page
        search = httpx.post(live.url + "/api/search", json={"query": "notebook"}, timeout=30)
        assert search.status_code == 200 and search.json()["results"]
        assert httpx.get(live.url + "/healthz", timeout=30).json()["ok"]
        assert httpx.get(live.url + "/docs", timeout=30).status_code == 200
        assert "/api/chat" in httpx.get(live.url + "/openapi.json", timeout=30).json()["paths"]
        metrics = httpx.get(live.url + "/metrics", timeout=30).text
        labels = {s.labels.get("route") for f in text_string_to_metric_families(metrics) for s in f.samples}
        assert {"gradio", "/api/search", "/healthz"} <= labels, labels
