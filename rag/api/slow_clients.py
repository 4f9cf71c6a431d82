"""uvicorn's HTTP protocol with the deadlines uvicorn does not have, and a bound on the request head.

uvicorn closes idle keep-alive connections (``timeout_keep_alive``) but waits forever for a
request that trickles in. Here the request headers, and then its body, must arrive within
``http_header_timeout_s`` / ``http_body_timeout_s`` of their start or the connection is closed
(a slow-header or slow-body client cannot hold a connection for minutes), and a request line
plus headers over 16 KiB is refused with 400.

Two protocols, one behaviour: :class:`FastSlowClientGuard` is uvicorn's httptools protocol
(llhttp, in C), used when ``httptools`` is installed (a dependency); :class:`SlowClientGuard`
is uvicorn's h11 protocol (pure Python), the fallback. The httptools one costs less CPU per
request: feedback writes at 8 connections, one worker, 3.1 against 4.3 ms of server CPU each
(``python benchmarks/feedback_wrk.py``, docs/store.md).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from rag.settings import Settings

try:
    import httptools
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
except ImportError:  # the h11 guard serves alone
    httptools = None
    HttpToolsProtocol = None  # type: ignore[assignment,misc]

log = logging.getLogger(__name__)

#: The request line and headers together, at most (h11's ``max_incomplete_event_size`` for the h11 guard).
MAX_HEAD_BYTES = 16 * 1024


class _Deadlines:
    """The phase a connection waits in ("headers", "body" or none) and its one timer."""

    header_timeout_s = 10.0
    body_timeout_s = 10.0
    loop: asyncio.AbstractEventLoop
    transport: asyncio.Transport

    def _start_deadlines(self) -> None:
        self._phase: str | None = None
        self._deadline: asyncio.TimerHandle | None = None

    def _set_phase(self, phase: str | None) -> None:
        """Arm the deadline of ``phase`` when the phase changes (more bytes of the same phase do not re-arm it)."""
        if phase == self._phase:
            return
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None
        self._phase = phase
        if phase is not None:
            timeout = self.header_timeout_s if phase == "headers" else self.body_timeout_s
            self._deadline = self.loop.call_later(timeout, self._expire, phase)

    def _expire(self, phase: str) -> None:
        if self._phase == phase and not self.transport.is_closing():
            log.info("closing a connection: its request %s took over the deadline", phase)
            self.transport.close()


class SlowClientGuard(_Deadlines, H11Protocol):
    """uvicorn's h11 protocol with the deadlines (the head's bound is h11's own, set by the config)."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._start_deadlines()
        super().connection_made(transport)
        self._watch()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._watch()

    def connection_lost(self, exc: Exception | None) -> None:
        self._set_phase(None)
        super().connection_lost(exc)

    def _watch(self) -> None:
        state = self.conn.their_state
        self._set_phase("headers" if state is h11.IDLE else "body" if state is h11.SEND_BODY else None)


if HttpToolsProtocol is not None:

    class FastSlowClientGuard(_Deadlines, HttpToolsProtocol):
        """uvicorn's httptools protocol with the deadlines and the bound on the head.

        llhttp's callbacks mark the phases: a connection waits for headers from when it opens and
        from the first byte of each request (``on_message_begin``), for the body after
        ``on_headers_complete``, and for nothing after ``on_message_complete``. A head over
        :data:`MAX_HEAD_BYTES` makes the parser fail, which uvicorn answers with 400 and a close.
        """

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            self._start_deadlines()
            self._head_bytes = 0
            super().connection_made(transport)
            self._set_phase("headers")

        def connection_lost(self, exc: Exception | None) -> None:
            self._set_phase(None)
            super().connection_lost(exc)

        def on_message_begin(self) -> None:
            self._head_bytes = 0
            self._set_phase("headers")
            super().on_message_begin()

        def on_url(self, url: bytes) -> None:
            self._count_head(len(url))
            super().on_url(url)

        def on_header(self, name: bytes, value: bytes) -> None:
            self._count_head(len(name) + len(value) + 4)  # ": " and CRLF
            super().on_header(name, value)

        def on_headers_complete(self) -> None:
            self._set_phase("body")
            super().on_headers_complete()

        def on_message_complete(self) -> None:
            self._set_phase(None)
            super().on_message_complete()

        def _count_head(self, size: int) -> None:
            self._head_bytes += size
            if self._head_bytes > MAX_HEAD_BYTES:
                raise ValueError(f"request head over {MAX_HEAD_BYTES} bytes")  # llhttp stops; uvicorn sends 400

else:
    FastSlowClientGuard = None  # type: ignore[assignment,misc]


def slow_client_protocol(settings: Settings, *, prefer: str = "httptools") -> type[Any]:
    """The guarded protocol with the deadlines from ``settings`` (pass it as uvicorn's ``http``):
    httptools' when installed and ``prefer`` names it, else h11's."""
    base = FastSlowClientGuard if prefer == "httptools" and FastSlowClientGuard is not None else SlowClientGuard
    return type(f"Configured{base.__name__}", (base,), {
        "header_timeout_s": settings.http_header_timeout_s, "body_timeout_s": settings.http_body_timeout_s})
