"""The circuit breaker in front of a primary engine, and how fallbacks are reported.

:class:`CircuitBreaker` (closed, open, half-open) decides whether a call may
try the primary; a :class:`FallbackEvent` records each call the primary did
not serve, delivered to the :func:`capture_fallbacks` block of the request
(for the trace) and counted in :class:`FallbackStats` (for /metrics).
:class:`rag.engines.fallback.FallbackEngine` uses both.
"""

from __future__ import annotations

import contextvars
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum

log = logging.getLogger("rag.engines.fallback")  # the breaker's lines read as the fallback engine's


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class FallbackReason(StrEnum):
    ERROR = "error"  # the primary raised (refused connection, 5xx, bad response)
    TIMEOUT = "timeout"  # the primary did not answer within the latency budget
    CIRCUIT_OPEN = "circuit_open"  # recent failures: the primary was not tried
    STALE = "stale"  # the primary still owes queued writes
    WRITE_QUEUED = "write_queued"  # a write the primary did not take went to the outbox


@dataclass(frozen=True, slots=True)
class FallbackEvent:
    """One call the primary did not serve (or one write it did not take)."""

    op: str  # "lexical", "vector", "fetch", "hybrid", "upsert", ...
    reason: FallbackReason
    primary: str
    served_by: str
    detail: str = ""
    waited_ms: float = 0.0  # time spent on the primary before falling back
    at: float = field(default_factory=time.time)

    def to_dict(self) -> dict[str, object]:
        return {
            "op": self.op,
            "reason": self.reason.value,
            "primary": self.primary,
            "served_by": self.served_by,
            "detail": self.detail,
            "waited_ms": round(self.waited_ms, 3),
            "at": self.at,
        }


_CAPTURE: contextvars.ContextVar[list[FallbackEvent] | None] = contextvars.ContextVar("fallback_capture", default=None)


def deliver(event: FallbackEvent) -> None:
    """Hand ``event`` to the :func:`capture_fallbacks` block this call runs in, if any."""
    captured = _CAPTURE.get()
    if captured is not None:
        captured.append(event)


@contextmanager
def capture_fallbacks() -> Iterator[list[FallbackEvent]]:
    """Collect the fallback events of the calls made inside the block (this
    context only; threads started with ``contextvars.copy_context()`` share it)::

        with capture_fallbacks() as events:
            result = retriever.retrieve(query)
        trace.fallbacks = [e.to_dict() for e in events]
    """
    events: list[FallbackEvent] = []
    token = _CAPTURE.set(events)
    try:
        yield events
    finally:
        _CAPTURE.reset(token)


@dataclass(frozen=True, slots=True)
class BreakerConfig:
    failure_threshold: int = 3
    reset_after_s: float = 5.0
    latency_budget_ms: float = 200.0

    def __post_init__(self) -> None:
        if self.failure_threshold < 1:
            raise ValueError(f"failure_threshold must be >= 1, got {self.failure_threshold}")
        if self.reset_after_s <= 0 or self.latency_budget_ms <= 0:
            raise ValueError("reset_after_s and latency_budget_ms must be > 0")


class CircuitBreaker:
    """Closed -> open after ``failure_threshold`` consecutive failures; open ->
    half-open after ``reset_after_s``, letting exactly one probe through."""

    def __init__(self, config: BreakerConfig, clock: Callable[[], float] = time.monotonic) -> None:
        self.config = config
        self._clock = clock
        self._lock = threading.Lock()
        self._state = BreakerState.CLOSED
        self._failures = 0
        self._opened_at = 0.0
        self.opens = 0
        self.closes = 0

    @property
    def state(self) -> BreakerState:
        with self._lock:
            if self._state is BreakerState.OPEN and self._clock() - self._opened_at >= self.config.reset_after_s:
                return BreakerState.HALF_OPEN  # the next allow() probes
            return self._state

    def allow(self) -> bool:
        """May this call go to the primary? In half-open, only the one probe may."""
        with self._lock:
            if self._state is BreakerState.CLOSED:
                return True
            if self._state is BreakerState.OPEN and self._clock() - self._opened_at >= self.config.reset_after_s:
                self._state = BreakerState.HALF_OPEN
                return True
            return False

    def success(self) -> None:
        with self._lock:
            if self._state is not BreakerState.CLOSED:
                self.closes += 1
                log.info("circuit closed: the primary engine answers again")
            self._state = BreakerState.CLOSED
            self._failures = 0

    def abandon(self) -> None:
        """The call let through ended without telling whether the primary works
        (bad input raised first): a half-open breaker may probe again at once."""
        with self._lock:
            if self._state is BreakerState.HALF_OPEN:
                self._state = BreakerState.OPEN
                self._opened_at = self._clock() - self.config.reset_after_s

    def trip(self) -> None:
        """Open now: a write that already retried with backoff has failed."""
        with self._lock:
            if self._state is BreakerState.CLOSED:
                self.opens += 1
                log.warning("circuit open after a failed write: serving from the fallback engine")
            self._state = BreakerState.OPEN
            self._opened_at = self._clock()

    def failure(self) -> None:
        with self._lock:
            self._failures += 1
            if self._state is BreakerState.HALF_OPEN or (
                self._state is BreakerState.CLOSED and self._failures >= self.config.failure_threshold
            ):
                if self._state is BreakerState.CLOSED:
                    self.opens += 1
                    log.warning("circuit open after %d failures: serving from the fallback engine", self._failures)
                self._state = BreakerState.OPEN
                self._opened_at = self._clock()


@dataclass(frozen=True, slots=True)
class FallbackStats:
    """Monotonic counters since start, plus the current state (for /metrics)."""

    state: BreakerState
    primary_calls: int
    primary_failures: int
    primary_timeouts: int
    served_by_fallback: dict[str, int]  # reason -> calls
    breaker_opens: int
    breaker_closes: int
    writes_queued: int
    writes_replayed: int
    outbox_pending: int
    outbox_dead: int

    def metrics_text(self, primary: str, prefix: str = "shopassist_engine") -> str:
        """The counters in the Prometheus text exposition format (for a /metrics route)."""
        s = self
        label = f'primary="{primary}"'
        lines = [
            f"# TYPE {prefix}_primary_calls_total counter",
            f"{prefix}_primary_calls_total{{{label}}} {s.primary_calls}",
            f"# TYPE {prefix}_primary_failures_total counter",
            f"{prefix}_primary_failures_total{{{label}}} {s.primary_failures}",
            f"# TYPE {prefix}_primary_timeouts_total counter",
            f"{prefix}_primary_timeouts_total{{{label}}} {s.primary_timeouts}",
            f"# TYPE {prefix}_fallback_total counter",
        ]
        for reason in FallbackReason:
            lines.append(f'{prefix}_fallback_total{{{label},reason="{reason.value}"}} {s.served_by_fallback.get(reason.value, 0)}')
        lines += [
            f"# TYPE {prefix}_breaker_opens_total counter",
            f"{prefix}_breaker_opens_total{{{label}}} {s.breaker_opens}",
            f"# TYPE {prefix}_breaker_open gauge",
            f"{prefix}_breaker_open{{{label}}} {int(s.state is not BreakerState.CLOSED)}",
            f"# TYPE {prefix}_outbox_pending gauge",
            f"{prefix}_outbox_pending{{{label}}} {s.outbox_pending}",
            f"# TYPE {prefix}_outbox_dead gauge",
            f"{prefix}_outbox_dead{{{label}}} {s.outbox_dead}",
        ]
        return "\n".join(lines) + "\n"
