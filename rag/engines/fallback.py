"""Automatic fallback: a circuit breaker in front of a primary engine.

``FallbackEngine(primary=OpenSearch, fallback=embedded)`` is itself a
:class:`SearchEngine`. Reads go to the primary while it answers within the
latency budget; an error or a timeout serves that same call from the
fallback, and ``failure_threshold`` consecutive failures open the circuit so
later calls skip the primary at once. After ``reset_after_s`` one call probes
the primary again (half-open); success closes the circuit.

Writes go to the fallback first (it is the complete copy), then to the
primary. What the primary does not take is written to a durable
:class:`~rag.engines.outbox.Outbox` and replayed when it is back, so nothing
is lost; while the outbox holds writes the primary is stale and reads are
served by the fallback.

Every fallback is reported three ways: a :class:`FallbackEvent` delivered
to :func:`capture_fallbacks` blocks (per request, for the trace), the last
event (:attr:`FallbackEngine.last_event`), and monotonic counters
(:meth:`FallbackEngine.stats`, :meth:`FallbackEngine.metrics_text` in the
Prometheus text format).
"""

from __future__ import annotations

import contextvars
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TypeVar

import numpy as np

from rag.engines.base import (
    EngineUnavailable,
    Health,
    HybridSearch,
    IndexDocument,
    SearchEngine,
    VectorExport,
    WarmUp,
)
from rag.engines.breaker import (
    BreakerConfig,
    BreakerState,
    CircuitBreaker,
    FallbackEvent,
    FallbackReason,
    FallbackStats,
    capture_fallbacks,
    deliver,
)
from rag.engines.outbox import OpKind, Outbox, replay
from rag.records import NO_FILTERS, Filters, Hit, Product

__all__ = [
    "BreakerConfig",
    "BreakerState",
    "CircuitBreaker",
    "EngineUnavailable",
    "FallbackEngine",
    "FallbackEvent",
    "FallbackReason",
    "FallbackStats",
    "capture_fallbacks",
]

log = logging.getLogger(__name__)
T = TypeVar("T")


class FallbackEngine(SearchEngine):
    """Reads: primary with a latency budget, else fallback. Writes: fallback, then primary or the outbox."""

    def __init__(
        self,
        primary: SearchEngine,
        fallback: SearchEngine,
        *,
        outbox: Outbox | None = None,
        breaker: BreakerConfig | None = None,
        clock: Callable[[], float] = time.monotonic,
        max_workers: int = 16,
        stale_check_s: float = 1.0,
    ) -> None:
        self.primary = primary
        self.fallback = fallback
        self.outbox = outbox
        self.breaker = CircuitBreaker(breaker or BreakerConfig(), clock)
        self.name = f"{primary.name}|{fallback.name}"
        self._clock = clock
        self._budget_s = self.breaker.config.latency_budget_ms / 1000
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="primary-engine")
        self._drainer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="outbox-drain")
        self._lock = threading.Lock()
        self._counts: Counter[str] = Counter()
        self._served: Counter[str] = Counter()
        self._last_event: FallbackEvent | None = None
        self._stale_check_s = stale_check_s
        self._stale: tuple[float, bool] = (-1e18, False)
        self._last_drain = -1e18
        self._draining = threading.Lock()

    def warm_up(self) -> None:
        """Prepare the primary's client outside any request's latency budget."""
        if isinstance(self.primary, WarmUp):
            self.primary.warm_up()

    # -- reporting --------------------------------------------------------------
    def _report(self, op: str, reason: FallbackReason, detail: str = "", waited_ms: float = 0.0) -> None:
        served_by = self.fallback.name if reason is not FallbackReason.WRITE_QUEUED else "outbox"
        event = FallbackEvent(op, reason, self.primary.name, served_by, detail[:500], waited_ms)
        with self._lock:
            self._last_event = event
            self._served[reason.value] += 1
        deliver(event)
        if reason in (FallbackReason.ERROR, FallbackReason.TIMEOUT, FallbackReason.WRITE_QUEUED):
            log.warning("%s: %s fell back (%s) %s", self.primary.name, op, reason.value, detail[:200])

    def _count(self, key: str, n: int = 1) -> None:
        with self._lock:
            self._counts[key] += n

    @property
    def last_event(self) -> FallbackEvent | None:
        return self._last_event

    def stats(self) -> FallbackStats:
        box = self.outbox.stats() if self.outbox else None
        with self._lock:
            return FallbackStats(
                state=self.breaker.state,
                primary_calls=self._counts["primary_calls"],
                primary_failures=self._counts["primary_failures"],
                primary_timeouts=self._counts["primary_timeouts"],
                served_by_fallback=dict(self._served),
                breaker_opens=self.breaker.opens,
                breaker_closes=self.breaker.closes,
                writes_queued=self._counts["writes_queued"],
                writes_replayed=self._counts["writes_replayed"],
                outbox_pending=box.pending if box else 0,
                outbox_dead=box.dead if box else 0,
            )

    def metrics_text(self, prefix: str = "shopassist_engine") -> str:
        """The counters in the Prometheus text exposition format (for a /metrics route)."""
        return self.stats().metrics_text(self.primary.name, prefix)

    # -- reads ------------------------------------------------------------------
    def _is_stale(self) -> bool:
        if self.outbox is None:
            return False
        checked_at, stale = self._stale
        now = self._clock()
        if now - checked_at >= self._stale_check_s:
            stale = self.outbox.has_pending()
            self._stale = (now, stale)
        return stale

    def _read(self, op: str, primary_call: Callable[[], T], fallback_call: Callable[[], T]) -> T:
        if self._is_stale():
            self._drain_in_background()
            self._report(op, FallbackReason.STALE, "the primary still owes queued writes")
            return fallback_call()
        if not self.breaker.allow():
            self._report(op, FallbackReason.CIRCUIT_OPEN)
            return fallback_call()
        self._count("primary_calls")
        t0 = time.perf_counter()
        future = self._pool.submit(contextvars.copy_context().run, primary_call)
        try:
            result = future.result(timeout=self._budget_s)
        except FutureTimeout:
            # The call goes on in its worker until the client's own timeout;
            # this request does not wait for it.
            self.breaker.failure()
            self._count("primary_timeouts")
            waited = (time.perf_counter() - t0) * 1000
            self._report(op, FallbackReason.TIMEOUT, f"no answer within {self._budget_s * 1000:.0f} ms", waited)
            return fallback_call()
        except EngineUnavailable as exc:
            self.breaker.failure()
            self._count("primary_failures")
            self._report(op, FallbackReason.ERROR, str(exc), (time.perf_counter() - t0) * 1000)
            return fallback_call()
        except BaseException:
            self.breaker.abandon()  # bad input is the caller's error, not the primary's
            raise
        self.breaker.success()
        return result

    def lexical(self, query: str, k: int, filters: Filters = NO_FILTERS) -> list[Hit]:
        return self._read(
            "lexical", lambda: self.primary.lexical(query, k, filters), lambda: self.fallback.lexical(query, k, filters)
        )

    def vector(self, vector: np.ndarray, k: int, filters: Filters = NO_FILTERS) -> list[Hit]:
        return self._read(
            "vector", lambda: self.primary.vector(vector, k, filters), lambda: self.fallback.vector(vector, k, filters)
        )

    def hybrid(self, query: str, vector: np.ndarray, k: int, filters: Filters = NO_FILTERS) -> list[Hit] | None:
        """Server-side hybrid on the primary; ``None`` when the primary cannot
        serve it (the caller then fuses the legs itself, which fall back)."""
        if not isinstance(self.primary, HybridSearch):
            return None
        return self._read("hybrid", lambda: self.primary.hybrid(query, vector, k, filters), lambda: None)

    def fetch(self, product_ids: Sequence[str]) -> dict[str, Product]:
        return self._read("fetch", lambda: self.primary.fetch(product_ids), lambda: self.fallback.fetch(product_ids))

    def health(self) -> Health:
        primary = self.primary.health()
        fallback = self.fallback.health()
        s = self.stats()
        serving = primary if primary.ok and s.state is BreakerState.CLOSED and not self._is_stale() else fallback
        return Health(
            ok=primary.ok or fallback.ok,
            engine=self.name,
            products=serving.products,
            detail="" if primary.ok else f"primary down, serving from {self.fallback.name}: {primary.detail}",
            extra={
                "serving": serving.engine,
                "breaker": s.state.value,
                "primary": {"ok": primary.ok, "products": primary.products, "detail": primary.detail},
                "fallback": {"ok": fallback.ok, "products": fallback.products, "detail": fallback.detail},
                "outbox_pending": s.outbox_pending,
                "outbox_dead": s.outbox_dead,
            },
        )

    # -- writes -----------------------------------------------------------------
    def _target(self) -> str:
        return getattr(self.primary, "write_alias", self.primary.name)

    def upsert(self, documents: Sequence[IndexDocument]) -> None:
        if not documents:
            return
        self.fallback.upsert(documents)  # the complete copy: its failure is the caller's
        self._replicate("upsert", documents)

    def delete(self, product_ids: Iterable[str]) -> int:
        ids = list(dict.fromkeys(product_ids))
        removed = self.fallback.delete(ids)
        if ids:
            self._replicate("delete", ids)
        return removed

    def _replicate(self, op: str, items: Sequence) -> None:
        target = self._target()
        if self.outbox is None:
            self._primary_write(op, items, target)  # no outbox: the caller sees the failure
            return
        if self.outbox.has_pending() and not self.drain(wait=False):
            self._enqueue(op, items, target, "earlier writes are still queued")
            return
        if not self.breaker.allow():
            self._enqueue(op, items, target, "circuit open")
            return
        try:
            self._primary_write(op, items, target)
        except EngineUnavailable as exc:
            failed = exc.failed
            if failed:  # per-document rejections: the cluster answered; queue just those
                self.breaker.success()
                keep = [x for x in items if (x.product.id if op == "upsert" else x) in failed]
                self._enqueue(op, keep, target, str(exc))
            else:
                self.breaker.trip()
                self._enqueue(op, items, target, str(exc))
            return
        except BaseException:
            self.breaker.abandon()  # e.g. a vector size the index does not take: the caller's to fix
            raise
        self.breaker.success()

    def _primary_write(self, op: str, items: Sequence, target: str) -> None:
        if op == "upsert":
            self.primary.upsert(items, alias=target)  # type: ignore[call-arg]
        elif op == "delete":
            self.primary.delete(items, alias=target)  # type: ignore[call-arg]
        elif op == OpKind.RESET_STAGING:
            self.primary.reset_staging()  # type: ignore[attr-defined]
        elif op == OpKind.PUBLISH:
            self.primary.publish_rebuild()
        else:
            raise ValueError(f"unknown write {op!r}")

    def _enqueue(self, op: str, items: Sequence, target: str, detail: str) -> None:
        assert self.outbox is not None
        if op == "upsert":
            self.outbox.put_upserts(target, items)
        elif op == "delete":
            self.outbox.put_deletes(target, items)
        else:
            self.outbox.put_control(target, OpKind(op))
        self._stale = (-1e18, True)
        self._count("writes_queued", max(1, len(items)))
        self._report(op, FallbackReason.WRITE_QUEUED, f"{max(1, len(items))} queued: {detail}")

    def begin_rebuild(self) -> None:
        self.fallback.begin_rebuild()
        use_staging = getattr(self.primary, "use_staging", None)
        if use_staging is None:
            self.primary.begin_rebuild()
            return
        use_staging()
        self._replicate_control(OpKind.RESET_STAGING)

    def publish_rebuild(self) -> None:
        self.fallback.publish_rebuild()
        self._replicate_control(OpKind.PUBLISH)

    def _replicate_control(self, kind: OpKind) -> None:
        if self.outbox is None:
            self._primary_write(kind, (), self._target())
            return
        target = self._target()
        if self.outbox.has_pending() and not self.drain(wait=False):
            self._enqueue(kind, (), target, "earlier writes are still queued")
            return
        if not self.breaker.allow():
            self._enqueue(kind, (), target, "circuit open")
            return
        try:
            self._primary_write(kind, (), target)
        except EngineUnavailable as exc:
            self.breaker.trip()
            self._enqueue(kind, (), target, str(exc))
            return
        except BaseException:
            self.breaker.abandon()
            raise
        self.breaker.success()

    # -- outbox replay ------------------------------------------------------------
    def _drain_in_background(self) -> None:
        now = self._clock()
        if now - self._last_drain < self.breaker.config.reset_after_s or self._draining.locked():
            return
        self._last_drain = now
        self._drainer.submit(self._drain_logged)

    def _drain_logged(self) -> None:
        try:
            self.drain(wait=False)
        except Exception:  # a background thread: nobody else would see it
            log.exception("background outbox replay failed")

    def drain(self, batch: int = 256, *, wait: bool = True) -> bool:
        """Replay queued writes in order; True when nothing live is left queued.

        Stops at the first failure of the primary as a whole (it is still
        down). A per-document rejection counts one attempt on that row, which
        is tried again on the next drain and set aside after ``max_attempts``.
        """
        if self.outbox is None:
            return True
        if not self._draining.acquire(blocking=wait):
            return False  # another thread is replaying; it takes what is queued now too
        try:
            return self._drain(batch)
        finally:
            self._draining.release()

    def _drain(self, batch: int) -> bool:
        assert self.outbox is not None
        if not self.outbox.has_pending():
            self._stale = (self._clock(), False)
            return True
        if not self.breaker.allow():
            return False
        tried: set[int] = set()  # each row at most once per drain: a rejected one waits for the next
        while True:
            ops = [op for op in self.outbox.peek(batch + len(tried)) if op.seq not in tried][:batch]
            if not ops:
                done = not self.outbox.has_pending()
                self._stale = (self._clock(), not done)
                return done
            tried.update(op.seq for op in ops)
            try:
                replay(self.outbox, ops, self._primary_write, lambda n: self._count("writes_replayed", n))
            except EngineUnavailable as exc:
                self.breaker.trip()
                log.info("outbox replay stopped: %s", exc)
                return False
            self.breaker.success()

    # -- ingest support -------------------------------------------------------------
    def backfill(self, batch: int = 256) -> tuple[int, int]:
        """Copy to the primary what it lacks or holds differently, from the fallback's
        stored documents (no re-embedding), and delete what only it holds.

        Returns (written, deleted); what the primary does not take goes to the
        outbox like any write. Needs a fallback that can export its documents
        (the embedded engine can).
        """
        if not isinstance(self.fallback, VectorExport):
            raise ValueError(f"engine {self.fallback.name!r} cannot export its documents")
        self.drain()
        ours = self.fallback.content_hashes()
        theirs = self.primary.content_hashes()  # EngineUnavailable: the caller's to report
        queued = self.outbox.pending_ids(self._target()) if self.outbox else set()
        todo = [pid for pid, h in ours.items() if theirs.get(pid) != h and pid not in queued]
        gone = [pid for pid in theirs if pid not in ours and pid not in queued]
        written = 0
        for start in range(0, len(todo), batch):
            docs = self.fallback.export_documents(todo[start : start + batch])
            if docs:
                self._replicate("upsert", docs)
                written += len(docs)
        if gone:
            self._replicate("delete", gone)
        if todo or gone:
            log.info("backfilled %s from %s: %d written, %d deleted", self.primary.name, self.fallback.name,
                     written, len(gone))
        return written, len(gone)

    def content_hashes(self) -> dict[str, str]:
        """The fallback's hashes, except where the primary disagrees: those ids get
        an empty hash so ingest writes them again (to both engines).

        Run first, so ingest repairs a primary that lost data (a wiped cluster,
        a lost outbox, OpenSearch switched on for an existing index) by itself:
        what the fallback holds is copied over without re-embedding
        (:meth:`backfill`), and anything still different is written again.
        Ids queued in the outbox count as in sync: the outbox will deliver them.
        """
        if isinstance(self.fallback, VectorExport):
            try:
                self.backfill()
            except EngineUnavailable as exc:
                self.breaker.failure()
                self._report("backfill", FallbackReason.ERROR, str(exc))
        else:
            self.drain()
        ours = self.fallback.content_hashes()
        try:
            theirs = self.primary.content_hashes()
        except EngineUnavailable as exc:
            self.breaker.failure()
            self._report("content_hashes", FallbackReason.ERROR, str(exc))
            return ours
        queued = self.outbox.pending_ids(self._target()) if self.outbox else set()
        out: dict[str, str] = {}
        for pid in ours.keys() | theirs.keys():
            mine = ours.get(pid)
            if mine is not None and (theirs.get(pid) == mine or pid in queued):
                out[pid] = mine
            else:
                out[pid] = ""  # missing or different on one side: write it again
        return out

    def finalize(self) -> None:
        self.fallback.finalize()
        try:
            self.primary.finalize()
        except EngineUnavailable as exc:
            self.breaker.failure()
            self._report("finalize", FallbackReason.ERROR, str(exc))

    def needs_finalize(self) -> bool:
        return self.fallback.needs_finalize()

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._drainer.shutdown(wait=False, cancel_futures=True)
