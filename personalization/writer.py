"""One writer per process: feedback and turn logs committed in groups (group commit).

A request that writes (a click, a thumbs, a turn's ranking) hands its work to
:class:`GroupCommitWriter` and waits. One thread per process takes whatever
has queued up, runs every piece in **one transaction**, applies the
deferred profile updates of the whole batch, commits once, and only then
answers each waiting request. One bad event fails alone: when a piece
raises, the transaction is rolled back (nothing of it was acknowledged) and
the batch redone with a savepoint per piece, so the fast path pays for no
savepoints. Durability is unchanged: a request is acknowledged only after the
commit that holds its row, exactly as when it committed alone; what changes
is that fifty waiting writes share one commit, one write lock and one flush
of each touched profile row, instead of each taking the write lock in turn
(where SQLite's busy handler sleeps between tries) and reading and writing
the same profile rows again.

There is no timer: the writer commits as soon as it has work, and while a
commit runs the next requests queue, so batches grow with the load and a
lone write waits for nobody.

Several server processes each run their own writer; they meet in the
database as separate transactions do today (SQLite: WAL, ``BEGIN
IMMEDIATE`` and the busy timeout; PostgreSQL: per-shopper advisory locks,
taken here for the whole batch in sorted order so two processes' batches do
not deadlock on them; a deadlock or busy error PostgreSQL or SQLite reports
anyway fails the transaction, which is retried whole).

Why hand-written: a queue, a thread and futures from the standard library;
no library offers group commit over a SQLAlchemy session with per-item
savepoints and a retry, and the logic is this module.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from personalization.store import SessionFactory, forget_memos, lock_user, normalize_user_id

log = logging.getLogger(__name__)

T = TypeVar("T")

#: How many queued writes one transaction takes at most.
MAX_BATCH = 256
#: Attempts of a whole batch on a transient database error (busy, deadlock, lost connection).
BATCH_ATTEMPTS = 3
#: How long a request waits for its commit before giving up (the write may still land: never acknowledged).
WAIT_S = 120.0


class Batch:
    """What a piece of work sees besides its session: :meth:`defer` work to the end of the batch.

    ``isolated``: this pass runs each piece in its own savepoint, flushed at its end (after a
    first pass failed). A first pass runs pieces back to back and flushes once: a piece may then
    skip reads the database's constraints make for it (an idempotency key's lookup) and return
    an :class:`AfterFlush` for values that exist only after the flush (a new row's id).
    """

    def __init__(self, *, isolated: bool = False) -> None:
        self._deferred: list[tuple[int, Callable[[Session], None]]] = []
        self._current = -1
        self.isolated = isolated

    def defer(self, work: Callable[[Session], None]) -> None:
        """Run ``work`` after every piece of the batch, in the same transaction, before the commit.

        Profile folds go here: each touched profile row is then read and written once per
        batch, not once per event. When ``work`` fails, the piece that deferred it fails
        (nothing of it is kept) and the batch runs again without it.
        """
        self._deferred.append((self._current, work))

    def start(self, index: int) -> int:
        """Piece ``index`` runs next; returns a mark for :meth:`discard`."""
        self._current = index
        return len(self._deferred)

    def discard(self, mark: int) -> None:
        """Forget what was deferred since ``mark`` (its piece failed and rolled back)."""
        del self._deferred[mark:]

    def run_deferred(self, session: Session) -> None:
        self._prefetch(session)
        for index, work in self._deferred:
            try:  # no savepoint: a failure here rolls the whole transaction back and the batch is redone
                work(session)
            except DBAPIError:
                raise
            except Exception as exc:
                raise PieceFailed(index, exc, deferred=True) from exc
        self._deferred.clear()

    def _prefetch(self, session: Session) -> None:
        """Deferred work whose type has ``prefetch_batch(session, works)`` reads what it needs for the
        whole batch at once (the profile rows of every shopper in it) before any of it runs. A failure
        there other than the database's only costs the saving: each piece then reads its own."""
        by_type: dict[type, list[Any]] = {}
        for _, work in self._deferred:
            if hasattr(type(work), "prefetch_batch"):
                by_type.setdefault(type(work), []).append(work)
        for kind, works in by_type.items():
            try:
                kind.prefetch_batch(session, works)
            except DBAPIError:
                raise
            except Exception:
                log.exception("prefetching for %d deferred %s failed; each reads its own", len(works), kind.__name__)


class PieceFailed(Exception):
    """Piece ``index`` (or its ``deferred`` work) failed: the batch is redone, isolating pieces."""

    def __init__(self, index: int, error: Exception, *, deferred: bool = False) -> None:
        super().__init__(f"piece {index} failed: {error}")
        self.index = index
        self.error = error
        self.deferred = deferred


@dataclass(frozen=True, slots=True)
class AfterFlush:
    """A piece's value made after the batch's flush, in its transaction (a new row's id)."""

    make: Callable[[], Any]


Work = Callable[[Session, Batch], Any]


@dataclass(slots=True)
class _Job:
    work: Work
    user_id: str | None
    future: Future = field(default_factory=Future)


_STOP = object()


class GroupCommitWriter:
    """The process's single writer over ``sessions``; construction starts nothing (the thread starts on first use)."""

    def __init__(self, sessions: SessionFactory, *, max_batch: int = MAX_BATCH, attempts: int = BATCH_ATTEMPTS,
                 name: str = "store-writer") -> None:
        if max_batch < 1:
            raise ValueError(f"max_batch must be at least 1, got {max_batch}")
        if attempts < 1:
            raise ValueError(f"attempts must be at least 1, got {attempts}")
        self.sessions = sessions
        self.max_batch = max_batch
        self.attempts = attempts
        self.name = name
        self._lock = threading.Lock()
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._pid = 0
        self.batches = 0  # committed transactions: the tests and the metrics read them
        self._lock_path: Path | bool | None = False  # False: not looked up yet
        self.writes = 0

    # -- the request side ----------------------------------------------------------------------------
    def submit(self, work: Work, *, user_id: str | None = None, timeout: float | None = WAIT_S) -> Any:
        """Run ``work(session, batch)`` in the writer's next transaction; return its value once committed.

        ``user_id``: the shopper whose rows ``work`` writes (locked for the batch on PostgreSQL).
        ``work``'s own exception (a bad event) is raised here, and nothing of it was written;
        a database that refuses the whole batch raises its error here, and nothing was acknowledged.
        """
        return self.submit_nowait(work, user_id=user_id).result(timeout=timeout)

    def submit_nowait(self, work: Work, *, user_id: str | None = None) -> Future:
        """Queue ``work``; the future resolves after the commit that holds it."""
        job = _Job(work, user_id)
        self._ensure_thread()
        self._queue.put(job)
        return job.future

    def close(self, timeout: float = 30.0) -> None:
        """Finish what is queued, then stop the thread (a later submit starts a new one)."""
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None and thread.is_alive() and self._pid == os.getpid():
            self._queue.put(_STOP)
            thread.join(timeout)

    def _ensure_thread(self) -> None:
        if self._thread is not None and self._pid == os.getpid() and self._thread.is_alive():
            return
        with self._lock:
            if self._pid != os.getpid():  # a forked worker: the parent's thread and queue are not ours
                self._queue = queue.SimpleQueue()
                self._thread = None
            if self._thread is None or not self._thread.is_alive():
                self._pid = os.getpid()
                self._thread = threading.Thread(target=self._loop, name=self.name, daemon=True)
                self._thread.start()

    # -- the writer thread ----------------------------------------------------------------------------
    def _loop(self) -> None:
        while True:
            first = self._queue.get()
            if first is _STOP:
                return
            batch = [first]
            stop = False
            while len(batch) < self.max_batch:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is _STOP:
                    stop = True
                    break
                batch.append(item)
            try:
                self._run(batch)
            except BaseException as exc:  # never leave a request waiting on a dead writer
                log.exception("the store writer failed a batch of %d", len(batch))
                for job in batch:
                    if not job.future.done():
                        job.future.set_exception(exc)
            if stop:
                return

    def _between_processes(self) -> AbstractContextManager[None]:
        """The cross-process turn of a SQLite file store (:func:`_flock`); nothing otherwise."""
        if self._lock_path is False:
            with self.sessions() as probe:  # no statement: just which database the sessions use
                self._lock_path = _sqlite_file(probe.get_bind())
        return _flock(self._lock_path) if isinstance(self._lock_path, Path) else nullcontext()

    def _run(self, batch: list[_Job]) -> None:
        error: DBAPIError | None = None
        attempt = 0
        isolate = False  # savepoints per piece only once a piece of this batch has failed
        while batch and attempt < self.attempts:
            try:
                outcomes = self._transaction(batch, isolate)
            except PieceFailed as failed:
                if failed.deferred or isolate:  # its deferred work failed (no savepoint holds that): fail it, redo the rest
                    batch[failed.index].future.set_exception(failed.error)
                    batch = batch[:failed.index] + batch[failed.index + 1:]
                isolate = True  # redo with a savepoint per piece: the next bad one fails alone, in the same pass
                continue
            except DBAPIError as exc:  # the whole transaction failed (busy, deadlock, connection): nothing written
                attempt += 1
                error = exc
                log.warning("store batch of %d failed (attempt %d of %d): %s", len(batch), attempt, self.attempts,
                            type(exc.orig).__name__ if exc.orig is not None else type(exc).__name__)
                continue
            self._resolve(batch, outcomes)
            return
        if not batch:
            return
        if len(batch) > 1 and not isinstance(error, OperationalError):
            for job in batch:  # a value the database refuses sinks its batch: each alone, so the others land
                self._run([job])
            return
        for job in batch:  # the database itself (locked past the busy timeout, unreachable): nothing acknowledged
            job.future.set_exception(error)

    def _transaction(self, batch: list[_Job], isolate: bool) -> list[tuple[bool, Any]]:
        outcomes: list[tuple[bool, Any]] = []
        context = Batch(isolated=isolate)
        with self._between_processes(), self.sessions.begin() as session:
            _hold_rows(session)
            for user_id in sorted({key for job in batch if (key := _lock_key(job.user_id))}):
                lock_user(session, user_id)
            try:
                for index, job in enumerate(batch):
                    outcomes.append(self._isolated(session, context, index, job) if isolate
                                    else self._plain(session, context, index, job))
                context.run_deferred(session)
                session.flush()
            except IntegrityError as exc:
                if isolate:
                    raise
                # A constraint the first pass left to the database (a repeated idempotency key), met
                # at a flush that holds several pieces: redo them one savepoint each, which names it.
                raise PieceFailed(-1, exc) from exc
            outcomes = [(ok, value.make() if ok and isinstance(value, AfterFlush) else value) for ok, value in outcomes]
        self.batches += 1
        self.writes += sum(ok for ok, _ in outcomes)
        return outcomes

    @staticmethod
    def _plain(session: Session, context: Batch, index: int, job: _Job) -> tuple[bool, Any]:
        """The fast path: no savepoint. A failing piece rolls the whole transaction back
        (nothing acknowledged yet) and the batch is redone with savepoints."""
        context.start(index)
        try:
            return True, job.work(session, context)
        except IntegrityError as exc:
            raise PieceFailed(index, exc) from exc  # redone isolated, where it is retried once
        except DBAPIError:
            raise
        except Exception as exc:
            raise PieceFailed(index, exc) from exc

    @staticmethod
    def _isolated(session: Session, context: Batch, index: int, job: _Job) -> tuple[bool, Any]:
        for attempt in (1, 2):
            mark = context.start(index)
            try:
                with session.begin_nested():
                    return True, job.work(session, context)
            except IntegrityError as exc:
                # Another process wrote the same key between our read and our insert (PostgreSQL runs
                # them concurrently): once more, and the work finds that row (idempotent retries).
                context.discard(mark)
                forget_memos(session)
                if attempt == 2:
                    return False, exc
            except DBAPIError:
                raise  # the database, not this piece: the whole batch retries
            except Exception as exc:  # this piece's own failure (a bad event): its savepoint rolled back
                context.discard(mark)
                forget_memos(session)
                return False, exc
        raise AssertionError("unreachable")

    @staticmethod
    def _resolve(batch: list[_Job], outcomes: list[tuple[bool, Any]]) -> None:
        for job, (ok, value) in zip(batch, outcomes, strict=True):
            if ok:
                job.future.set_result(value)
            else:
                job.future.set_exception(value)


def _lock_key(user_id: str | None) -> str | None:
    """The id the repository locks for ``user_id`` (normalized); None when there is none or it is invalid
    (the piece then fails on its own, naming the problem)."""
    if not user_id:
        return None
    try:
        return normalize_user_id(user_id)
    except ValueError:
        return None


def _hold_rows(session: Session) -> None:
    """Keep every row this session loads until it closes (SQLAlchemy's "strong referencing" recipe).

    The identity map holds clean rows weakly: without this, a row read by one write of the
    batch could be garbage-collected before the next write asks for it, and its
    ``session.get`` would become a SELECT (and a flush of what is pending). Held, the batch
    reads each row once and writes it once. The listeners are registered once, on the
    ``Session`` class (per-session listeners cost more than a small batch's writes); they
    act only on sessions this marks.
    """
    session.info.setdefault(HELD, set())


HELD = "held_rows"


def _hold(session: Session, instance: Any) -> None:
    held = session.info.get(HELD)
    if held is not None:
        held.add(instance)


for _name in ("pending_to_persistent", "deleted_to_persistent", "detached_to_persistent", "loaded_as_persistent"):
    event.listen(Session, _name, _hold)


# -- one writer at a time across processes (SQLite) --------------------------------------------------

try:
    import fcntl
except ImportError:  # Windows: SQLite's busy timeout alone orders the processes
    fcntl = None  # type: ignore[assignment]

_LOCK_FILES: dict[tuple[int, str], int] = {}
_LOCK_FILES_GUARD = threading.Lock()


def _sqlite_file(bind: Any) -> Path | None:
    """The database file of a SQLite engine; None for another database, an in-memory one, or without ``fcntl``."""
    database = bind.url.database if bind.dialect.name == "sqlite" else None
    if fcntl is None or not database or database == ":memory:":
        return None
    return Path(database).resolve()


@contextmanager
def _flock(database: Path) -> Iterator[None]:
    """Several server processes on one SQLite file: their writers take turns on an ``flock``.

    SQLite lets one write transaction in at a time; a second process's ``BEGIN IMMEDIATE``
    is refused and its busy handler sleeps and retries (1, 2, 5, 10 ... 100 ms), so two
    processes' batches lost much of their time asleep. An exclusive ``flock`` on
    ``<database>.writer-lock``, taken before the transaction begins and released after it
    ends, queues the writers in the kernel, which wakes the next one the moment the last
    one committed. SQLite's own locking is unchanged: any other writer (the CLI, a profile
    edit) still meets the busy timeout. Not for PostgreSQL (rows lock there).
    """
    key = (os.getpid(), str(database))  # per process: a forked worker opens its own (a shared fd shares its lock)
    with _LOCK_FILES_GUARD:
        fd = _LOCK_FILES.get(key)
        if fd is None:
            fd = _LOCK_FILES[key] = os.open(f"{database}.writer-lock", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)  # the writer thread waits here, without the GIL
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
