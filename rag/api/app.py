"""The HTTP API: search, chat (server-sent events), feedback, profiles, export,
health and metrics, over one :class:`AppServices`.

Bad input gets a 4xx naming what is wrong (422 for a body or parameter that
does not validate, 404 for an unknown product, turn or affinity, 413 for a
body over ``api_max_body_bytes``, 401/403 for a missing or wrong API key);
a store or engine that is down gets 503. Route handlers that block (search,
feedback, profiles) run in the thread pool; a chat turn runs in a bounded
pool of its own and streams back through a queue.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, contextmanager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Path, Query, Request, Security
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response, StreamingResponse
from fastapi.security import APIKeyHeader
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from personalization.writer import WAIT_S as WRITE_WAIT_S
from rag.api.hardening import Admission, IdentityCookie, RateLimit, allowed_hosts, caller_of, cors_origins
from rag.api.schemas import (
    USER_ID,
    ChatRequest,
    ClientTextStream,
    ErrorResponse,
    ExportQuery,
    FeedbackRequest,
    FeedbackResponse,
    ForgetResponse,
    HealthResponse,
    IdentityResponse,
    ProfilePatch,
    ProfileResponse,
    SearchRequest,
    SearchResponse,
    client_turn,
)
from rag.app_services import AppServices, ChatInput, FeedbackInput, NotFoundError
from rag.identity import Forbidden, analyst_key_ok

log = logging.getLogger(__name__)

API_KEY_HEADER = "X-API-Key"
EXPORT_MEDIA = {"csv": "text/csv; charset=utf-8", "parquet": "application/vnd.apache.parquet",
                "jsonl": "application/x-ndjson; charset=utf-8"}
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "Body that cannot be read (not UTF-8, bad Content-Length)"},
    403: {"model": ErrorResponse, "description": "Not the caller's shopper id, conversation or turn (or a wrong key)"},
    404: {"model": ErrorResponse, "description": "Unknown product, turn or affinity"},
    413: {"model": ErrorResponse, "description": "Body over the size limit"},
    422: {"model": ErrorResponse, "description": "Invalid input (the message names the bad value)"},
    429: {"model": ErrorResponse, "description": "Over the rate limit (per identity or per IP); see Retry-After"},
    503: {"model": ErrorResponse, "description": "Store or engine unavailable, or the server busy (see Retry-After)"},
}
#: One server-sent event of /api/chat (each event's ``data`` is a JSON object).
SSE_EVENT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "event": {"type": "string", "enum": ["start", "token", "done", "error"]},
        "data": {"type": "string", "contentMediaType": "application/json"},
    },
    "required": ["event", "data"],
}
UserId = Annotated[str, Path(pattern=USER_ID, description="Your shopper id (from POST /api/identity), or `me`.")]


def _error(status: int, message: str, detail: Any = None) -> JSONResponse:
    return JSONResponse({"error": message, "detail": detail}, status_code=status)


@contextmanager
def _client_errors() -> Iterator[None]:
    """The facade's ``ValueError`` (bad input) → 422, ``NotFoundError`` → 404, store down → 503."""
    try:
        yield
    except NotFoundError as exc:
        raise HTTPException(404, str(exc)) from exc
    except Forbidden as exc:
        raise HTTPException(403, str(exc)) from exc
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from exc
    except SQLAlchemyError as exc:
        log.warning("interaction store unavailable: %s: %s", type(exc).__name__, exc)
        raise HTTPException(503, "the interaction store is unavailable; try again shortly") from exc
    except TimeoutError as exc:  # a write not committed in time: not acknowledged (it may still land)
        raise HTTPException(503, "the interaction store did not commit in time; try again shortly") from exc


# -- middleware (pure ASGI: streamed responses pass through untouched) ---------------------------------


class BodyLimit:
    """Refuse an /api body over ``limit`` bytes with 413, whether or not it declares its length.

    Only the API's paths: the mounted Gradio app takes file uploads and keeps its own limits.
    """

    def __init__(self, app: Any, limit: int, prefix: str = "/api/") -> None:
        self.app, self.limit, self.prefix = app, limit, prefix

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix):
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.limit
            except ValueError:
                return await _error(400, "Content-Length is not a number")(scope, receive, send)
            if too_big:
                return await self._refuse(scope, receive, send)
            return await self.app(scope, receive, send)
        # No declared length (chunked): read up to the limit, then replay to the app.
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            more = message.get("more_body", False)
            if size > self.limit:
                return await self._refuse(scope, receive, send)
        body, replayed = b"".join(chunks), False

        async def replay() -> dict:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)

    async def _refuse(self, scope: dict, receive: Callable, send: Callable) -> None:
        await _error(413, f"request body over {self.limit} bytes")(scope, receive, send)


class RequestMetrics:
    """Count and time every request by route template; a stream is timed to its last byte."""

    def __init__(self, app: Any, services: AppServices) -> None:
        self.app, self.metrics = app, services.metrics

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started, status = time.perf_counter(), 500

        async def timed_send(message: dict) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, timed_send)
        finally:
            self.metrics.observe_request(scope["method"], _route_label(scope), status, time.perf_counter() - started)


def _route_label(scope: dict) -> str:
    """The route template (``/api/users/{user_id}/profile``), never the raw path (bounded labels)."""
    route = scope.get("route")
    path = getattr(route, "path_format", None) or getattr(route, "path", None)
    if path and path != "/":
        return path
    raw = scope.get("path", "")
    if raw.startswith(("/api/", "/healthz", "/metrics", "/docs", "/openapi")):
        return "unmatched"
    return "gradio"


# -- chat streaming --------------------------------------------------------------------------------------


def _sse(event: str, data: Any) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False, default=str)}\n\n"


async def iterate_in_thread(make: Callable[[], Iterator[Any]], pool: ThreadPoolExecutor) -> AsyncIterator[Any]:
    """Run a blocking iterator in ``pool``, handing its items to the event loop as they come.

    The iterator stays on one worker thread from start to end (the chain's
    context variables are set and reset there); when the client goes away the
    worker stops at the next item, and a turn still waiting for a worker never starts.
    """
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
    stop = threading.Event()

    def put(kind: str, item: Any) -> None:
        try:
            loop.call_soon_threadsafe(queue.put_nowait, (kind, item))
        except RuntimeError:  # the loop closed (server shutting down): nobody is listening
            stop.set()

    def produce() -> None:
        if stop.is_set():  # the client left while the turn waited for a worker: never start it
            return
        try:
            for item in make():
                put("item", item)
                if stop.is_set():
                    break
        except BaseException as exc:  # handed to the consumer, which reports it
            put("error", exc)
        finally:
            put("end", None)

    pool.submit(produce)
    try:
        while True:
            kind, item = await queue.get()
            if kind == "end":
                return
            if kind == "error":
                raise item
            yield item
    finally:
        stop.set()


async def _chat_events(services: AppServices, request: Any, pool: ThreadPoolExecutor,
                       issued: dict[str, str] | None = None) -> AsyncIterator[str]:
    start = {"request_id": request.request_id, "session_id": request.session_id}
    yield _sse("start", {**start, "identity": issued} if issued else start)
    text = ClientTextStream()  # no markup reaches API clients (rag/api/schemas.py)
    try:
        async for chunk in iterate_in_thread(lambda: services.stream_request(request), pool):
            if chunk.text and (safe := text.feed(chunk.text)):
                yield _sse("token", {"text": safe})
            if chunk.result is not None:
                if rest := text.flush():
                    yield _sse("token", {"text": rest})
                yield _sse("done", client_turn({**chunk.result.to_dict(), "session_id": chunk.result.trace.session_id}))
    except Exception as exc:  # the stream has begun (200 sent): report in-band, never drop the connection
        log.exception("chat turn %s failed", request.request_id)
        yield _sse("error", {"error": f"the turn failed: {type(exc).__name__}", "request_id": request.request_id})


# -- the app ------------------------------------------------------------------------------------------------


def create_api(services: AppServices) -> FastAPI:
    """The FastAPI app over ``services``; mount the Gradio app on it (``rag.server``) or serve it alone."""
    settings = services.settings
    pool = ThreadPoolExecutor(max_workers=settings.api_max_concurrent_turns, thread_name_prefix="chat-turn")

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        pool.shutdown(wait=False, cancel_futures=True)

    api = FastAPI(
        title="Shopping assistant API",
        version="1.0",
        description=(
            "Hybrid product search, cited conversational answers streamed as server-sent events, "
            "feedback and shopper profiles. Export requires the `X-API-Key` header."
        ),
        lifespan=lifespan,
    )
    from starlette.middleware.cors import CORSMiddleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware

    identities = services.identities
    # Added inner first: the Host check is outermost, then CORS, the identity, metrics, the rate limit,
    # admission control (a rate-limited request never takes a slot), the body limit.
    api.add_middleware(BodyLimit, limit=settings.api_max_body_bytes)
    if settings.api_max_in_flight:  # chat turns (long, streamed) and the quick routes are admitted apart
        admission = {"queue": settings.api_max_queued, "wait_s": settings.api_queue_timeout_s,
                     "on_shed": services.metrics.observe_shed}
        api.add_middleware(Admission, limit=settings.api_max_concurrent_turns, prefixes=("/api/chat",), **admission)
        # Feedback writes mostly wait for the group commit, holding no thread: more at once make larger batches.
        api.add_middleware(Admission, limit=settings.api_max_writes_in_flight, prefixes=("/api/feedback",), **admission)
        api.add_middleware(Admission, limit=settings.api_max_in_flight, exclude=("/api/chat", "/api/feedback"),
                           **admission)
    api.add_middleware(RateLimit, identities=identities, settings=settings)
    api.add_middleware(RequestMetrics, services=services)
    api.add_middleware(IdentityCookie, identities=identities, settings=settings)
    api.add_middleware(CORSMiddleware, allow_origins=cors_origins(settings), allow_credentials=True,
                       allow_methods=["GET", "POST", "PATCH", "DELETE"],
                       allow_headers=["Authorization", "Content-Type", API_KEY_HEADER])
    api.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(settings))
    api.state.services = services

    async def caller(request: Request) -> str:  # async: a cheap check, no thread-pool hop per request
        """The caller's identity (a valid bearer token or cookie; a first-time caller was just given one)."""
        identity = caller_of(request.scope, identities)
        if identity is None:  # IdentityCookie always sets one; without it (a bare mount) refuse
            raise HTTPException(401, "no shopper identity: POST /api/identity first")
        return identity

    def own(user_id: str, identity: str) -> str:
        with _client_errors():
            return services.authorize(identity, None if user_id == "me" else user_id)
    api_key_header = APIKeyHeader(name=API_KEY_HEADER, auto_error=False, description="The key from SHOPASSIST_API_KEY.")

    # A default (not Annotated): the header object is local, and string annotations resolve in module globals.
    def require_key(key: str | None = Security(api_key_header)) -> None:
        if settings.api_key is None:
            raise HTTPException(403, "this endpoint is disabled: no API key is configured (set SHOPASSIST_API_KEY)")
        if not key:
            raise HTTPException(401, f"missing {API_KEY_HEADER} header", headers={"WWW-Authenticate": "ApiKey"})
        if not analyst_key_ok(settings, key):
            raise HTTPException(403, f"wrong {API_KEY_HEADER}")

    @api.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        response = _error(exc.status_code, str(exc.detail))
        response.headers.update(exc.headers or {})
        return response

    @api.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")} for e in exc.errors()]
        summary = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in errors[:5])
        return _error(422, f"invalid request: {summary}", errors)

    @api.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return _error(500, f"internal error ({type(exc).__name__}); it has been logged")

    @api.post("/api/search", response_model=SearchResponse, responses=ERRORS, tags=["search"])
    def search(body: SearchRequest) -> dict[str, Any]:
        """Ranked products for a query, with filters (and constraints read from the query)."""
        with _client_errors():
            outcome = services.search(body.query, filters=body.filters.to_filters(), k=body.k, mode=body.mode,
                                      understand=body.understand)
        return outcome.to_dict()

    @api.post(
        "/api/chat",
        responses={
            **ERRORS,
            200: {
                "description": (
                    "Server-sent events: `start` {request_id, session_id}, then `token` {text} as the answer is "
                    "written, then `done` with the whole turn (answer, citations, products, generator, trace, "
                    "session_id); `error` {error} if the turn fails after the stream began."
                ),
                "content": {"text/event-stream": {"schema": SSE_EVENT}},
            },
        },
        response_class=StreamingResponse,
        tags=["chat"],
    )
    def chat(body: ChatRequest, http: Request, identity: str = Depends(caller)) -> StreamingResponse:
        """One shopper message, answered with cited products as a stream of server-sent events.

        The conversation (``session_id``) must be one started by the caller; ``user_id``
        (personalize for) must be the caller, or a demo persona in demo mode."""
        with _client_errors():
            # The caller's own turn unless it names a demo persona: stored under its id, so forget-me finds it.
            request = services.turn_request(ChatInput(body.message, body.session_id, body.user_id or identity,
                                                      body.filters.to_filters(), owner=identity))
        fresh = http.scope.get("state", {}).get("identity_token")
        return StreamingResponse(
            _chat_events(services, request, pool, {"user_id": identity, "token": fresh} if fresh else None),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    @api.post("/api/feedback", response_model=FeedbackResponse, status_code=201, responses=ERRORS, tags=["feedback"])
    async def feedback(body: FeedbackRequest, identity: str = Depends(caller)) -> dict[str, Any]:
        """Thumbs up/down (with a reason) on an answer or product, a click, add to cart or purchase.

        On the caller's own turns only (403 otherwise); ``user_id`` must be the caller (or a demo persona)."""
        item = FeedbackInput(body.kind, body.request_id, body.product_id, body.user_id, body.reason, body.comment,
                             body.value, body.client_key, owner=identity)
        with _client_errors():
            # The checks may read the engine (then in a thread); the commit is awaited here, holding no
            # thread: fifty pending writes no longer park fifty pool threads that all contend for the GIL.
            held = services.feedback_held(item)  # nothing to read: checked here, with no thread hop
            pending = services.submit_feedback(item) if held else await run_in_threadpool(services.submit_feedback, item)
            stored = await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(pending)), WRITE_WAIT_S)
        return {"id": stored.id, "kind": stored.kind, "user_id": stored.user_id, "request_id": stored.request_id,
                "product_id": stored.product_id, "reason": stored.reason}

    @api.get("/api/users/{user_id}/profile", response_model=ProfileResponse, responses=ERRORS, tags=["profile"])
    def get_profile(user_id: UserId, identity: str = Depends(caller)) -> ProfileResponse:
        """What the assistant has learned about the shopper, with the reasons (empty for a new shopper)."""
        user_id = own(user_id, identity)
        with _client_errors():
            return ProfileResponse.from_profile(services.profile(user_id))

    @api.patch("/api/users/{user_id}/profile", response_model=ProfileResponse, responses=ERRORS, tags=["profile"])
    def edit_profile(user_id: UserId, body: ProfilePatch, identity: str = Depends(caller)) -> ProfileResponse:
        """Pin affinities (``set``) and remove others (``remove``); returns the profile after the change."""
        user_id = own(user_id, identity)
        removed, missing = [], []
        with _client_errors():
            for item in body.set:
                services.set_affinity(user_id, item.kind, item.key, item.weight)
            for item in body.remove:
                try:
                    services.remove_affinity(user_id, item.kind, item.key)
                    removed.append(item)
                except NotFoundError:
                    missing.append(item)
            return ProfileResponse.from_profile(services.profile(user_id), removed=removed, not_found=missing)

    @api.delete("/api/users/{user_id}/profile", response_model=ForgetResponse, responses=ERRORS, tags=["profile"])
    def forget(user_id: UserId, identity: str = Depends(caller)) -> dict[str, Any]:
        """Forget me: every stored row about the shopper (interactions, profile, turns) and their conversations."""
        user_id = own(user_id, identity)
        with _client_errors():
            report = services.forget(user_id)
        return {"removed": dict(report.removed), "left": dict(report.left),
                "sessions_cleared": report.sessions_cleared, "complete": report.complete}

    @api.get(
        "/api/export/feedback",
        dependencies=[Depends(require_key)],
        responses={
            **ERRORS,
            200: {"description": "The feedback log (one row per answered turn), as `shopassist export feedback` writes it",
                  "content": {"text/csv": {}, "application/vnd.apache.parquet": {}, "application/x-ndjson": {}}},
            401: {"model": ErrorResponse, "description": "No X-API-Key header"},
            403: {"model": ErrorResponse, "description": "Wrong key, or no key configured"},
        },
        response_class=Response,
        tags=["admin"],
    )
    def export_feedback(query: Annotated[ExportQuery, Query()]) -> Response:
        """Download the feedback log: the whole trace of each turn joined with thumbs and actions."""
        with _client_errors():
            data, rows = services.export_feedback_bytes(query.format, since=query.since, until=query.until,
                                                        include_demo=query.demo)
        return Response(data, media_type=EXPORT_MEDIA[query.format], headers={
            "Content-Disposition": f'attachment; filename="feedback.{query.format}"', "X-Rows": str(rows),
        })

    @api.get("/api/export/feedback/download", response_class=Response, tags=["admin"],
             responses={**ERRORS, 403: {"model": ErrorResponse, "description": "Unknown, used or expired ticket"}})
    def export_download(ticket: Annotated[str, Query(max_length=1024)]) -> Response:
        """The app's export link: a one-time ticket (2 minutes) the Analytics tab issues after the analyst key;
        the file is made in memory for this response and kept nowhere."""
        data = identities.redeem("export", ticket)
        if data is None:
            raise HTTPException(403, "this download link is used or expired; refresh the Analytics tab")
        fmt = str(data.get("format", "csv"))
        with _client_errors():
            payload, rows = services.export_feedback_bytes(fmt, include_demo=bool(data.get("demo", True)))
        return Response(payload, media_type=EXPORT_MEDIA[fmt], headers={
            "Content-Disposition": f'attachment; filename="feedback.{fmt}"', "X-Rows": str(rows),
            "Cache-Control": "no-store"})

    @api.post("/api/identity", response_model=IdentityResponse, status_code=201, tags=["identity"])
    def identity_token(identity: str = Depends(caller)) -> dict[str, str]:
        """Your shopper identity and a bearer token for it (``Authorization: Bearer <token>``).

        A first call (no token, no cookie) creates a new shopper; with a token or the
        app's cookie it returns the same shopper, so a browser user can script the API."""
        return {"user_id": identity, "token": identities.issue(identity).token}

    @api.get("/healthz", response_model=HealthResponse, responses={503: {"model": HealthResponse}}, tags=["ops"])
    def healthz() -> JSONResponse:
        """Engine reachable, index size, which generator answers, store reachable (503 when the engine is down)."""
        health = services.health()
        return JSONResponse(health.to_dict(), status_code=200 if health.ok else 503)

    @api.get("/metrics", response_class=Response, tags=["ops"],
             responses={200: {"content": {"text/plain": {}}, "description": "Prometheus text format"}})
    def metrics() -> Response:
        """Request counts and latencies per route, stage latencies, fallbacks, the engine's breaker."""
        return Response(services.metrics.render(), media_type=services.metrics.content_type)

    return api
