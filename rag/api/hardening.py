"""What stands between the network and the routes: identity cookies, the Host allow-list, CORS,
rate limits, slow clients.

* :class:`IdentityCookie` gives every visitor without a valid identity a new one
  (a signed, HTTP-only, SameSite=Lax cookie; API clients use the same token as
  ``Authorization: Bearer``) and puts the caller's id in ``scope["state"]``.
* The Host allow-list and CORS are Starlette's own middleware
  (``TrustedHostMiddleware``, ``CORSMiddleware``), configured by :func:`allowed_hosts`
  and ``settings.cors_origins`` (exact origins; never a wildcard with credentials).
* :class:`RateLimit` counts requests per identity and per client IP with the
  ``limits`` library (a moving window; in memory, or in Redis shared by every
  replica when ``redis_url`` is set) and answers 429 with ``Retry-After``. When
  Redis fails, each replica counts in its own memory until Redis answers again.
* :class:`Admission` bounds the /api requests one worker works on at once and
  refuses the excess at once with 503 and ``Retry-After`` (p99 stays bounded
  when clients outnumber what the cores can serve).
* Slow clients (deadlines for the request headers and body) are
  :mod:`rag.api.slow_clients`'s, in the HTTP protocol under these.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import math
import time
from collections import deque
from collections.abc import Callable
from http.cookies import SimpleCookie
from typing import Any

from limits import RateLimitItem, parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from rag.identity import COOKIE, Identities
from rag.settings import Settings

log = logging.getLogger(__name__)

LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")
#: Paths counted by the rate limiter: the API and the Gradio app's event calls (not its static files).
LIMITED = ("/api/", "/gradio_api/queue/join", "/gradio_api/call/", "/gradio_api/run/")


def allowed_hosts(settings: Settings) -> list[str]:
    """Loopback names plus ``settings.allowed_hosts`` (the Host header must be one of them)."""
    extra = [h for h in settings.allowed_hosts.split(",") if h]
    return [*LOOPBACK, *extra]


def cors_origins(settings: Settings) -> list[str]:
    return [o for o in settings.cors_origins.split(",") if o]


def _cookies(scope: dict) -> dict[str, str]:
    raw = b"; ".join(v for k, v in scope.get("headers", ()) if k == b"cookie").decode("latin-1")
    jar = SimpleCookie()
    try:
        jar.load(raw)
    except Exception:  # a malformed Cookie header is the client's problem: treat it as no cookie
        return {}
    return {k: m.value for k, m in jar.items()}


def _headers(scope: dict) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", ())}


def caller_of(scope: dict, identities: Identities) -> str | None:
    """The verified identity a request carries (bearer token, else cookie), or None."""
    state = scope.get("state") or {}
    if "identity" in state:
        return state["identity"]
    return identities.caller(_headers(scope), _cookies(scope))


class IdentityCookie:
    """Resolve the caller; give a first-time visitor a new identity in a signed cookie."""

    def __init__(self, app: Any, identities: Identities, settings: Settings) -> None:
        self.app, self.identities, self.settings = app, identities, settings

    def cookie_header(self, token: str) -> bytes:
        parts = [f"{COOKIE}={token}", "Path=/", "HttpOnly", "SameSite=Lax",
                 f"Max-Age={self.settings.identity_max_age_days * 86400}"]
        if self.settings.cookie_secure:
            parts.append("Secure")
        return "; ".join(parts).encode("latin-1")

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        caller = self.identities.caller(_headers(scope), _cookies(scope))
        fresh = None
        if caller is None:
            fresh = self.identities.issue()
            caller = fresh.user_id
        state = scope.setdefault("state", {})
        state["identity"] = caller
        state["identity_token"] = fresh.token if fresh else None
        if fresh is None or scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_cookie(message: dict) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []),
                                                  (b"set-cookie", self.cookie_header(fresh.token))]}
            await send(message)

        return await self.app(scope, receive, with_cookie)


class RateLimit:
    """429 with ``Retry-After`` when an identity or an IP goes over its rate (``limits``, moving window)."""

    def __init__(self, app: Any, identities: Identities, settings: Settings, prefixes: tuple[str, ...] = LIMITED) -> None:
        self.app, self.identities, self.prefixes = app, identities, prefixes
        redis = settings.redis_url.get_secret_value() if settings.redis_url else None
        self.shared = redis is not None
        # A Redis that hangs must not hold requests: past half a second the in-process count answers.
        self.storage = storage_from_string(redis, socket_timeout=0.5, socket_connect_timeout=0.5) if redis \
            else storage_from_string("memory://")
        self.limiter = MovingWindowRateLimiter(self.storage)
        # Redis down: count in this process (each replica alone) rather than let everyone through.
        self.fallback = MovingWindowRateLimiter(storage_from_string("memory://")) if self.shared else self.limiter
        self.degraded = False
        self.per_identity: list[RateLimitItem] = parse_many(settings.rate_limit_identity) if settings.rate_limit_identity else []
        self.per_ip: list[RateLimitItem] = parse_many(settings.rate_limit_ip) if settings.rate_limit_ip else []

    def pseudonym(self, scope_name: str, key: str) -> str:
        """The counter's name for a shopper id or an IP: an HMAC under the identity secret, so that
        Redis never holds the id (forget-me leaves nothing there) and replicas still agree."""
        return hmac.new(self.identities.secret, f"{scope_name}\x00{key}".encode(), hashlib.sha256).hexdigest()[:32]

    def over(self, ip: str | None, identity: str | None, limiter: MovingWindowRateLimiter | None = None) -> float | None:
        """Seconds until the caller may try again, or None when it is within its rates (counts this hit)."""
        limiter = limiter or self.limiter
        checks = [(item, "ip", ip) for item in self.per_ip if ip] + \
                 [(item, "id", identity) for item in self.per_identity if identity]
        for item, scope_name, raw in checks:
            key = self.pseudonym(scope_name, raw)
            if not limiter.hit(item, scope_name, key):
                reset = limiter.get_window_stats(item, scope_name, key).reset_time
                return max(1.0, reset - time.time())
        return None

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefixes):
            return await self.app(scope, receive, send)
        ip = (scope.get("client") or (None,))[0]
        identity = caller_of(scope, self.identities)
        if not self.shared:
            wait = self.over(ip, identity)
        else:
            try:
                wait = await asyncio.to_thread(self.over, ip, identity)
                if self.degraded:
                    self.degraded = False
                    log.warning("rate limiter: Redis answers again; counts are shared again")
            except Exception as exc:  # Redis down: count in this process, and say so once per outage
                if not self.degraded:
                    self.degraded = True
                    log.warning("rate limiter: Redis unavailable (%s: %s); counting in this process until it "
                                "answers", type(exc).__name__, exc)
                wait = self.over(ip, identity, self.fallback)
        if wait is None:
            return await self.app(scope, receive, send)
        retry = str(math.ceil(wait))
        body = json.dumps({"error": f"too many requests; retry in {retry} s", "detail": None}).encode()
        await send({"type": "http.response.start", "status": 429, "headers": [
            (b"content-type", b"application/json"), (b"retry-after", retry.encode()),
            (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


class Admission:
    """Admission control for one worker: at most ``limit`` /api requests in flight, ``queue`` more waiting.

    A request over both is refused at once (503, ``Retry-After``); one that waited
    ``wait_s`` without a slot is refused then. A slot is held until the response's
    last byte, so a streamed chat turn counts for its whole length. Slots are handed
    to waiters first come, first served. Everything runs on the worker's event loop,
    so the counters need no lock.

    Hand-written rather than uvicorn's ``limit_concurrency``: that counts connections
    and background tasks (an idle keep-alive connection holds a place), has no queue
    and sends no ``Retry-After``.
    """

    def __init__(self, app: Any, limit: int, queue: int, wait_s: float, prefixes: tuple[str, ...] = ("/api/",),
                 exclude: tuple[str, ...] = (), on_shed: Callable[[str], None] | None = None,
                 retry_after_s: int = 1) -> None:
        if limit < 1:
            raise ValueError(f"limit must be at least 1, got {limit} (leave Admission out to turn it off)")
        self.app, self.limit, self.queue, self.wait_s = app, limit, queue, wait_s
        self.prefixes, self.exclude = prefixes, exclude
        self.on_shed, self.retry_after_s = on_shed, retry_after_s
        self.in_flight = 0
        self.waiters: deque[asyncio.Future[None]] = deque()

    async def acquire(self) -> str | None:
        """Take a slot (waiting if need be); None when taken, else why the request is refused."""
        if self.in_flight < self.limit and not self.waiters:
            self.in_flight += 1
            return None
        if len(self.waiters) >= self.queue:
            return "queue full"
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.waiters.append(waiter)
        try:
            await asyncio.wait_for(asyncio.shield(waiter), self.wait_s)
            return None  # release() handed its slot over: in_flight already counts this request
        except TimeoutError:
            if waiter.done():  # handed a slot just as the wait ran out: keep it
                return None
            waiter.cancel()
            self.waiters.remove(waiter)
            return "waited too long"
        except asyncio.CancelledError:  # the server is stopping or the task was cancelled
            if waiter.done() and not waiter.cancelled():
                self.release()
            else:
                waiter.cancel()
                if waiter in self.waiters:
                    self.waiters.remove(waiter)
            raise

    def release(self) -> None:
        """Hand the slot to the longest waiter, or free it."""
        while self.waiters:
            waiter = self.waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return
        self.in_flight -= 1

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith(self.prefixes) or path.startswith(self.exclude or "\0"):
            return await self.app(scope, receive, send)
        refused = await self.acquire()
        if refused is not None:
            if self.on_shed is not None:
                self.on_shed(refused)
            return await self.refuse(send, refused)
        try:
            return await self.app(scope, receive, send)
        finally:
            self.release()

    async def refuse(self, send: Callable, why: str) -> None:
        retry = str(self.retry_after_s)
        body = json.dumps({"error": f"the server is busy ({why}); retry in {retry} s", "detail": None}).encode()
        await send({"type": "http.response.start", "status": 503, "headers": [
            (b"content-type", b"application/json"), (b"retry-after", retry.encode()),
            (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
