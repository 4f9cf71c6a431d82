"""Several server workers: an API worker answers the API itself and forwards the
rest (the Gradio app's page, queue and event streams) to the app's worker
(rag.server.UIProxy), over two real loopback servers."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI, Request
from fastapi.responses import StreamingResponse

from rag.server import API_PATHS, UIProxy
from tests.app_fixtures import LiveServer


def app_worker() -> FastAPI:
    """Stands in for worker 0's Gradio app: echoes what reached it, streams events."""
    ui = FastAPI()

    @ui.api_route("/gradio_api/echo", methods=["GET", "POST"])
    async def echo(request: Request) -> dict:
        return {"method": request.method, "body": (await request.body()).decode(), "host": request.headers["host"],
                "client": request.client.host if request.client else None, "query": request.url.query,
                "cookie": request.headers.get("cookie"), "forwarded_for": request.headers.get("x-forwarded-for")}

    @ui.get("/gradio_api/queue/data")
    async def stream() -> StreamingResponse:
        async def events():
            for n in range(3):
                yield f"data: {n}\n\n"
        return StreamingResponse(events(), media_type="text/event-stream", headers={"x-from": "app"})

    @ui.get("/")
    async def page(request: Request):
        from fastapi.responses import HTMLResponse

        response = HTMLResponse("<html>the app</html>")
        response.set_cookie("shopassist_id", "t0k3n")
        return response

    return ui


def api_worker() -> FastAPI:
    api = FastAPI()

    @api.get("/healthz")
    def healthz() -> dict:
        return {"ok": True, "worker": "api"}

    @api.post("/api/search")
    async def search(request: Request) -> dict:
        return {"worker": "api", "body": (await request.body()).decode()}

    return api


@pytest.fixture(scope="module")
def servers():
    with LiveServer(app_worker()) as ui, LiveServer(UIProxy(api_worker(), ui.url)) as front:
        yield front


def test_the_api_is_answered_by_the_worker_itself(servers):
    assert httpx.get(f"{servers.url}/healthz").json() == {"ok": True, "worker": "api"}
    assert httpx.post(f"{servers.url}/api/search", content=b"q").json() == {"worker": "api", "body": "q"}


def test_the_app_is_forwarded_with_body_query_host_cookies_and_caller(servers):
    reply = httpx.post(f"{servers.url}/gradio_api/echo?x=1&y=2", content=b"payload" * 1000,
                       headers={"host": "shop.example.com", "cookie": "shopassist_id=abc"})
    data = reply.json()
    assert reply.status_code == 200
    assert data["method"] == "POST" and data["body"] == "payload" * 1000 and data["query"] == "x=1&y=2"
    assert data["host"] == "shop.example.com" and data["cookie"] == "shopassist_id=abc"
    assert data["forwarded_for"] == "127.0.0.1"  # the caller's address, which uvicorn trusts from loopback
    assert data["client"] == "127.0.0.1"
    page = httpx.get(f"{servers.url}/")
    assert page.text == "<html>the app</html>" and page.cookies.get("shopassist_id") == "t0k3n"


def test_event_streams_pass_through_in_order(servers):
    with httpx.stream("GET", f"{servers.url}/gradio_api/queue/data") as reply:
        assert reply.headers["x-from"] == "app"
        assert reply.headers["content-type"].startswith("text/event-stream")
        lines = [line for line in reply.iter_lines() if line]
    assert lines == ["data: 0", "data: 1", "data: 2"]


def test_a_missing_app_worker_is_a_502_with_retry_after():
    with LiveServer(app_worker()) as ui:
        gone = ui.url
    with LiveServer(UIProxy(api_worker(), gone)) as front:
        reply = httpx.get(f"{front.url}/")
        assert reply.status_code == 502 and reply.headers["retry-after"] == "2"
        assert httpx.get(f"{front.url}/healthz").status_code == 200  # the API still answers


def test_gradio_paths_are_not_api_paths():
    assert not "/gradio_api/queue/join".startswith(API_PATHS)
    assert "/api/chat".startswith(API_PATHS)


def test_start_up_state_is_left_out_of_later_collections() -> None:
    """A full garbage collection walked every start-up object (~130 ms) and stalled every request."""
    import gc

    from rag.server import freeze_startup_heap

    before, threshold = gc.get_freeze_count(), gc.get_threshold()
    try:
        freeze_startup_heap((12_345, 21, 99))
        assert gc.get_freeze_count() > before
        assert gc.get_threshold() == (12_345, 21, 99)
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
