"""Prometheus metrics for the app facade (the UI's and the API's turns and
searches), in their own registry; the API serves them at /metrics.

* per route: request counts by method, route template and status class, and
  latency histograms (the middleware in :mod:`rag.api.app` observes them);
* per pipeline stage: latency histograms read from each turn's Trace
  (``timings_ms``) and each search's timings, so the UI's turns count too;
* fallbacks taken (from the Trace), turns by plan and generator;
* the engine's circuit breaker (OpenSearch in front of the embedded index),
  read from :meth:`FallbackEngine.stats` at scrape time.

One registry per :class:`ServiceMetrics` (not prometheus_client's global one),
so two apps in one process (tests) never collide.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from rag.engines.base import BreakerMetrics

#: Request latency buckets (seconds): a search is tens of ms, a chat turn up to seconds.
REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
#: Stage latency buckets (seconds).
STAGE_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class EngineCollector(Collector):
    """The fallback engine's counters and breaker state, read at scrape time."""

    def __init__(self, engine: object) -> None:
        self.engine = engine

    def collect(self) -> Iterator[object]:
        stats = self.engine.stats()  # type: ignore[attr-defined]
        primary = self.engine.primary.name  # type: ignore[attr-defined]
        labels = ["primary"]
        state = GaugeMetricFamily(
            "shopassist_engine_breaker_state", "Circuit breaker in front of the primary engine (1 for the current state).",
            labels=["primary", "state"],
        )
        for name in ("closed", "open", "half_open"):
            state.add_metric([primary, name], 1.0 if stats.state.value == name else 0.0)
        yield state
        for name, value, doc in (
            ("primary_calls", stats.primary_calls, "Reads sent to the primary engine."),
            ("primary_failures", stats.primary_failures, "Primary reads that failed."),
            ("primary_timeouts", stats.primary_timeouts, "Primary reads over the latency budget."),
            ("breaker_opens", stats.breaker_opens, "Times the breaker opened."),
        ):
            family = CounterMetricFamily(f"shopassist_engine_{name}", doc, labels=labels)
            family.add_metric([primary], float(value))
            yield family
        served = CounterMetricFamily(
            "shopassist_engine_fallback", "Reads served by the fallback engine, by reason.", labels=["primary", "reason"]
        )
        for reason, count in sorted(stats.served_by_fallback.items()):
            served.add_metric([primary, reason], float(count))
        yield served
        pending = GaugeMetricFamily("shopassist_engine_outbox_pending", "Writes waiting for the primary.", labels=labels)
        pending.add_metric([primary], float(stats.outbox_pending))
        yield pending


class ServiceMetrics:
    """The counters and histograms; ``render()`` is the /metrics body."""

    content_type = "text/plain; version=0.0.4; charset=utf-8"

    def __init__(self, engine: object | None = None) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "shopassist_http_requests", "HTTP requests by route and status.",
            ["method", "route", "status"], registry=self.registry,
        )
        self.request_seconds = Histogram(
            "shopassist_http_request_duration_seconds", "HTTP request latency by route (streams: until the last byte).",
            ["method", "route"], buckets=REQUEST_BUCKETS, registry=self.registry,
        )
        self.stage_seconds = Histogram(
            "shopassist_stage_duration_seconds", "Pipeline stage latency, from each turn's trace or search's timings.",
            ["source", "stage"], buckets=STAGE_BUCKETS, registry=self.registry,
        )
        self.turns = Counter(
            "shopassist_turns", "Chat turns by plan and generator.", ["plan", "generator"], registry=self.registry,
        )
        self.fallbacks = Counter(
            "shopassist_fallbacks", "Fallbacks taken inside turns (from the trace), by stage.", ["stage"],
            registry=self.registry,
        )
        self.turns_unlogged = Counter(
            "shopassist_turns_unlogged", "Turns whose ranking the interaction store could not take.",
            registry=self.registry,
        )
        self.shed = Counter(
            "shopassist_http_shed", "API requests refused with 503 by admission control (over the worker's "
            "in-flight and queue limits), by why.", ["why"], registry=self.registry,
        )
        if isinstance(engine, BreakerMetrics):
            self.registry.register(EngineCollector(engine))

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.request_seconds.labels(method, route).observe(seconds)

    def observe_shed(self, why: str) -> None:
        """One request refused by admission control: ``queue full`` or ``waited too long``."""
        self.shed.labels(why).inc()

    def observe_stages(self, source: str, timings_ms: Mapping[str, float]) -> None:
        for stage, ms in timings_ms.items():
            if ms is not None and ms >= 0:
                self.stage_seconds.labels(source, stage).observe(ms / 1000.0)

    def observe_turn(self, result: object, *, logged: bool = True) -> None:
        trace = result.trace  # type: ignore[attr-defined]
        self.turns.labels(trace.plan or "unknown", result.generator or "unknown").inc()  # type: ignore[attr-defined]
        self.observe_stages("chat", trace.timings_ms)
        for fallback in trace.fallbacks:
            self.fallbacks.labels(fallback.stage).inc()
        if not logged:
            self.turns_unlogged.inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)
