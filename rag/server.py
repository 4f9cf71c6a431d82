"""The server: the HTTP API under /api (plus /healthz, /metrics, /docs,
/openapi.json) and the Gradio app at "/", over one :class:`AppServices` built
once per process.

``make run`` (``shopassist serve``, ``python app.py``) ends here. This module
mounts the two front ends; they never import each other.

With ``app_workers`` (``shopassist serve --workers N``) above 1, N worker
processes share the listening socket (the kernel spreads connections over
them) and the read-only index, the interaction store and the identity secret.
Gradio keeps its queue and sessions in the process that serves the page, so
worker 0 serves the app and the API; the others serve the API and hand every
other request (the page, its assets, its queue and event streams) to worker 0
over a private loopback port (:class:`UIProxy`). See docs/serving.md.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

from rag.app_services import AppServices, build_app_services
from rag.settings import Settings

log = logging.getLogger(__name__)


def build_blocks(services: AppServices) -> Any:
    """The Gradio Blocks of the shopping app over ``services``."""
    from rag.ui import build_app

    return build_app(services)


def page_css() -> str:
    """The app's CSS: Gradio 6 takes a page's CSS when it is mounted or launched."""
    from rag.ui import APP_CSS

    return APP_CSS


def create_server_app(settings: Settings, services: AppServices | None = None, *, with_ui: bool = True) -> Any:
    """The FastAPI app with the Gradio app mounted at "/" (API routes match first)."""
    from rag.api.app import create_api

    services = services or build_app_services(settings)
    api = create_api(services)
    if not with_ui:
        return api
    import gradio as gr

    return gr.mount_gradio_app(api, build_blocks(services), path="/", css=page_css())


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """The uvicorn settings every worker runs with."""
    from rag.api.slow_clients import slow_client_protocol

    return {"log_level": "info", "access_log": False,
            "timeout_graceful_shutdown": 10,  # open chat streams end on exit
            "http": slow_client_protocol(settings), "timeout_keep_alive": settings.http_keep_alive_s,
            "h11_max_incomplete_event_size": 16 * 1024,  # request line and headers: 16 KiB at most
            # uvloop when installed (a dependency; not on Windows): 27% more feedback writes/s at 50
            # connections, 1.99 against 2.54 ms of CPU each (benchmarks/feedback_wrk.py, docs/store.md).
            "loop": "auto"}


def serve(settings: Settings, host: str | None = None, port: int | None = None, workers: int | None = None) -> None:
    """Build the index if missing, then serve the app and the API until interrupted."""
    import uvicorn

    from rag.wiring import ensure_index

    ensure_index(settings)
    workers = workers or settings.app_workers
    host = host or settings.app_host
    port = port if port is not None else settings.app_port
    if workers > 1:
        return serve_workers(settings, host, port, workers)
    app = create_server_app(settings, prepare_services(settings))
    freeze_startup_heap(settings.server_gc_thresholds)
    uvicorn.run(app, host=host, port=port, **uvicorn_options(settings))


def freeze_startup_heap(thresholds: tuple[int, int, int] | None = None) -> None:
    """Leave what start-up built (imports, the app, the index handles) out of every later garbage collection,
    and set the collector's ``thresholds`` (Python's are 700, 10, 10).

    A full collection walks every tracked object while holding the GIL: about 130 ms here after
    start-up (torch, Gradio, LanceDB and the app), a stall of every request in flight whenever one
    runs, which set the search API's p99 at about twice its p50. ``gc.freeze`` moves the objects alive
    now into a generation no collection visits; they are the process's long-lived state anyway.

    A request allocates thousands of short-lived objects (ORM rows, ASGI messages), so at Python's
    thresholds the collector ran several times per write and a full collection (28 ms at the median
    here) every 70,000 allocations. Feedback writes, one worker, 12 connections, 20 s
    (``benchmarks/feedback_wrk.py``; pauses from ``gc.callbacks``):

    - 700, 10, 10: 435 writes/s, p99 59 ms; 2,323 young collections (0.4 ms), 211 middle (2.5 ms), 19 full (29 ms);
    - 20000, 10, 10: 481-607 writes/s, p99 41-61 ms; but each young collection 17 ms, each middle one 40-56 ms;
    - 2000, 100, 100: 461 writes/s, p99 100 ms (middle collections 92 ms: too many survivors at once);
    - **5000, 20, 100: 487 and 546 writes/s, p99 42 and 34 ms** (5000, 40, 100: 550 / 461 / 485, p99 35-46):
      young collections about 3 ms, middle ones about 20 ms, no full one in a run.
    """
    import gc

    gc.collect()
    gc.freeze()
    if thresholds is not None:
        gc.set_threshold(*thresholds)


def prepare_services(settings: Settings) -> AppServices:
    """The services of the process that serves the app (demo personas loaded in demo mode)."""
    services = build_app_services(settings)
    log.info("answers by %s; API docs at /docs", services.generator)
    if settings.demo_mode:
        from rag.demo_mode import ensure_demo_personas

        loaded = ensure_demo_personas(services)
        log.info("demo mode: personas are fictional (%s)", f"{loaded} loaded" if loaded else "already loaded")
    threading.Thread(target=_warm_up_answers, args=(services,), name="answer-warm-up", daemon=True).start()
    return services


def _warm_up_answers(services: AppServices) -> None:
    """Load the local model and read its system prompt while the server starts listening (loading
    alone outlasts an answer's budget on 2 cores); the first turns answer from the extractive lead
    meanwhile. A failure is logged and the model loads on first use as before."""
    steps = getattr(services.assistant, "steps", None)  # an A/B experiment's assistant warms each variant on use
    if steps is None:
        return
    t0 = time.perf_counter()
    try:
        steps.understanding.warm_up()  # the catalog kinds: names, needs and descriptions embedded (gifts, needs, things described): ~5 s
    except Exception:
        log.exception("understanding warm-up failed; the kinds are embedded on first use")
    try:
        steps.answerer.warm_up()
    except Exception:  # the server serves without it
        log.exception("answer model warm-up failed; it loads on first use")
        return
    log.info("answer model warm in %.1f s", time.perf_counter() - t0)


# -- several workers --------------------------------------------------------------------------------------

#: Paths an API worker answers itself; everything else belongs to the Gradio app (worker 0).
API_PATHS = ("/api/", "/healthz", "/metrics", "/docs", "/openapi.json", "/redoc")
#: Hop-by-hop headers (RFC 9110 §7.6.1) a proxy does not pass on.
HOP_BY_HOP = frozenset({b"connection", b"keep-alive", b"proxy-connection", b"te", b"trailer",
                        b"transfer-encoding", b"upgrade"})


class UIProxy:
    """An API worker's app: the API here, every other request to the worker that serves the Gradio app.

    Streams both ways (the app's event streams arrive as they are written), keeps
    the Host header (the app's host check and URLs see what the browser sent) and
    adds the caller's address as ``X-Forwarded-For``, which the app worker's uvicorn
    trusts from loopback only (its default), so per-IP rate limits see the shopper.
    Hand-written rather than a proxy library: it is one forward over loopback, and
    the only ASGI proxies on PyPI are small and unmaintained.
    """

    def __init__(self, api: Any, ui_url: str) -> None:
        self.api, self.ui_url = api, ui_url
        self._client: Any = None

    @property
    def client(self) -> Any:
        if self._client is None:  # made on the worker's event loop, on first use
            import httpx

            self._client = httpx.AsyncClient(base_url=self.ui_url, timeout=httpx.Timeout(None, connect=10.0),
                                             limits=httpx.Limits(max_connections=None, max_keepalive_connections=32))
        return self._client

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] == "lifespan" or scope["path"].startswith(API_PATHS):
            return await self.api(scope, receive, send)
        if scope["type"] != "http":  # the Gradio 6 app uses no websockets
            return await send({"type": "websocket.close", "code": 1003})
        return await self.forward(scope, receive, send)

    async def forward(self, scope: dict, receive: Callable, send: Callable) -> None:
        import httpx

        async def body() -> Any:
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                if message.get("body"):
                    yield message["body"]
                if not message.get("more_body", False):
                    return

        headers = [(k, v) for k, v in scope["headers"] if k.lower() not in HOP_BY_HOP]
        client = scope.get("client")
        if client:
            headers.append((b"x-forwarded-for", client[0].encode("latin-1")))
        headers.append((b"x-forwarded-proto", scope.get("scheme", "http").encode("latin-1")))
        target = scope.get("raw_path") or scope["path"].encode()
        if scope.get("query_string"):
            target += b"?" + scope["query_string"]
        has_body = any(k.lower() in (b"content-length", b"transfer-encoding") for k, _ in scope["headers"])
        request = self.client.build_request(scope["method"], target.decode("latin-1"), headers=headers,
                                            content=body() if has_body else None)
        try:
            response = await self.client.send(request, stream=True)
        except httpx.HTTPError as exc:
            log.warning("the app worker did not answer (%s: %s)", type(exc).__name__, exc)
            payload = b'{"error": "the app is restarting; retry in a few seconds", "detail": null}'
            await send({"type": "http.response.start", "status": 502, "headers": [
                (b"content-type", b"application/json"), (b"retry-after", b"2"),
                (b"content-length", str(len(payload)).encode())]})
            return await send({"type": "http.response.body", "body": payload})
        try:
            await send({"type": "http.response.start", "status": response.status_code,
                        "headers": [(k, v) for k, v in response.headers.raw if k.lower() not in HOP_BY_HOP]})
            async for chunk in response.aiter_raw():
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            await response.aclose()


def listen(host: str, port: int) -> socket.socket:
    """A listening TCP socket the workers share."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def run_worker(index: int, sockets: list[socket.socket], ui_url: str | None) -> None:
    """One worker process: worker 0 serves the app and the API, the others the API (and forward the app's requests)."""
    import uvicorn

    from rag.settings import get_settings

    logging.basicConfig(level=logging.INFO, format=f"%(levelname)s worker {index} %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # not a line per forwarded request
    parent = os.getppid()

    def orphaned() -> None:  # the supervisor was killed (SIGKILL, OOM): stop rather than serve on alone
        while os.getppid() == parent:
            time.sleep(2)
        log.warning("the supervisor (pid %d) is gone; worker %d stops", parent, index)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=orphaned, name="orphan-watch", daemon=True).start()
    settings = get_settings()
    if ui_url is None:
        app = create_server_app(settings, prepare_services(settings))
    else:
        app = UIProxy(create_server_app(settings, build_app_services(settings), with_ui=False), ui_url)
    freeze_startup_heap(settings.server_gc_thresholds)
    uvicorn.Server(uvicorn.Config(app, **uvicorn_options(settings))).run(sockets=sockets)


def serve_workers(settings: Settings, host: str, port: int, workers: int) -> None:
    """Start ``workers`` processes on one port and keep them running (a dead one is restarted) until interrupted.

    Hand-written rather than uvicorn's ``--workers``: that runs the same app in every
    process, and the Gradio app must live in one of them.
    """
    from personalization.store import LazyStore, check_store
    from rag.identity import load_secret

    load_secret(settings)  # the signing key exists before any worker reads it (every worker signs with it)
    if settings.personalization:
        ok, detail = check_store(LazyStore(settings.store_url))  # create or migrate the store once, here
        if not ok:
            log.warning("interaction store unavailable at start: %s", detail)
    public, private = listen(host, port), listen("127.0.0.1", 0)
    ui_url = f"http://127.0.0.1:{private.getsockname()[1]}"
    context = multiprocessing.get_context("spawn")  # no fork of a process holding threads and models

    def start(index: int) -> Any:
        sockets = [public, private] if index == 0 else [public]
        process = context.Process(target=run_worker, args=(index, sockets, None if index == 0 else ui_url),
                                  name=f"shopassist-worker-{index}", daemon=False)
        process.start()
        return process

    stopping = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopping.set())
    processes = {i: start(i) for i in range(workers)}
    log.info("serving on http://%s:%d with %d workers (pids %s); worker 0 serves the app", host, port, workers,
             ", ".join(str(p.pid) for p in processes.values()))
    started = {i: time.monotonic() for i in processes}
    while not stopping.wait(0.5):
        for index, process in list(processes.items()):
            if process.is_alive():
                continue
            quick = time.monotonic() - started[index] < 10
            log.warning("worker %d (pid %s) exited with %s; restarting it%s", index, process.pid, process.exitcode,
                        " in 5 s" if quick else "")
            if quick and stopping.wait(5):  # a worker that cannot start is not restarted in a tight loop
                break
            processes[index], started[index] = start(index), time.monotonic()
    for process in processes.values():
        process.terminate()  # SIGTERM: uvicorn's graceful shutdown
    for process in processes.values():
        process.join(timeout=20)
        if process.is_alive():
            process.kill()
    public.close()
    private.close()


def main(host: str | None = None, port: int | None = None, workers: int | None = None) -> None:
    """Serve the app at "/" and the HTTP API (/api, /docs, /healthz, /metrics), in one or several processes."""
    from rag.settings import get_settings

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    serve(get_settings(), host=host, port=port, workers=workers)
