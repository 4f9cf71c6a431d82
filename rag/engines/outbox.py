"""A durable queue of writes that a secondary engine has not taken yet.

When OpenSearch is down (or rejects a batch) during ingest, the embedded
index already holds the products; what OpenSearch still owes is written
here, in a SQLite file next to the index, and replayed later. Nothing is lost
across crashes or restarts: a row is deleted only after OpenSearch confirmed
it.

Rows are keyed by (target alias, product id): a newer write of a product
replaces an older one, because every write carries the product's full state
(an upsert with its vectors, or a delete). The queue is therefore bounded by
the catalog size, and replay order between products does not matter.
Control operations (reset the staging index, publish a rebuild) use a
reserved key and are replayed in sequence order with the rest.
"""

from __future__ import annotations

import base64
import json
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import numpy as np

from rag.engines.base import EngineUnavailable, IndexDocument
from rag.records import product_from_dict, product_to_dict

OUTBOX_FILE = "opensearch_outbox.sqlite"
CONTROL = "__control__"


class OpKind(StrEnum):
    UPSERT = "upsert"
    DELETE = "delete"
    RESET_STAGING = "reset_staging"
    PUBLISH = "publish"


@dataclass(frozen=True, slots=True)
class PendingOp:
    seq: int
    kind: OpKind
    target: str
    product_id: str
    payload: str
    attempts: int

    def document(self) -> IndexDocument:
        data = json.loads(self.payload)
        vectors = np.frombuffer(base64.b64decode(data["vectors"]), dtype=np.float32).reshape(data["shape"])
        return IndexDocument(product_from_dict(data["product"]), data["lexical"], vectors.copy())


@dataclass(frozen=True, slots=True)
class OutboxStats:
    pending: int
    dead: int
    oldest_age_s: float | None


def encode_document(doc: IndexDocument) -> str:
    vectors = np.ascontiguousarray(doc.vectors, dtype=np.float32)
    return json.dumps(
        {
            "product": product_to_dict(doc.product),
            "lexical": dict(doc.lexical),
            "vectors": base64.b64encode(vectors.tobytes()).decode(),
            "shape": list(vectors.shape),
        },
        ensure_ascii=False,
    )


_SCHEMA = """
CREATE TABLE IF NOT EXISTS ops (
    target TEXT NOT NULL,
    product_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '',
    seq INTEGER NOT NULL,
    enqueued_at REAL NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    dead INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (target, product_id)
);
CREATE INDEX IF NOT EXISTS ops_seq ON ops (dead, seq);
CREATE TABLE IF NOT EXISTS counter (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL);
"""


class Outbox:
    """SQLite-backed (WAL) and safe to share between processes (ingest and the app).

    A row that fails ``max_attempts`` times with a per-document rejection is
    marked dead: kept and reported, never retried automatically, so one bad
    document cannot block the rest.
    """

    def __init__(self, path: str | Path, *, max_attempts: int = 5) -> None:
        if max_attempts < 1:
            raise ValueError(f"max_attempts must be >= 1, got {max_attempts}")
        self.path = Path(path)
        self.max_attempts = max_attempts

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        # A connection per operation: the file may be moved with its index
        # folder (rebuild swap), and a long-lived handle would follow the
        # old inode.
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(_SCHEMA)  # idempotent; the file may be new after a swap
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            conn.close()

    @staticmethod
    def _next_seq(conn: sqlite3.Connection) -> int:
        conn.execute("INSERT OR IGNORE INTO counter (id, seq) VALUES (1, 0)")
        conn.execute("UPDATE counter SET seq = seq + 1 WHERE id = 1")
        return int(conn.execute("SELECT seq FROM counter WHERE id = 1").fetchone()[0])

    def _put(self, rows: Sequence[tuple[str, str, OpKind, str]]) -> None:
        if not rows:
            return
        now = time.time()
        with self._db() as conn:
            for target, pid, kind, payload in rows:
                seq = self._next_seq(conn)
                conn.execute(
                    "INSERT OR REPLACE INTO ops (target, product_id, kind, payload, seq, enqueued_at)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (target, pid, kind.value, payload, seq, now),
                )

    def put_upserts(self, target: str, documents: Sequence[IndexDocument]) -> None:
        self._put([(target, d.product.id, OpKind.UPSERT, encode_document(d)) for d in documents])

    def put_deletes(self, target: str, product_ids: Sequence[str]) -> None:
        self._put([(target, pid, OpKind.DELETE, "") for pid in product_ids])

    def put_control(self, target: str, kind: OpKind) -> None:
        if kind not in (OpKind.RESET_STAGING, OpKind.PUBLISH):
            raise ValueError(f"{kind} is not a control operation")
        self._put([(target, f"{CONTROL}{kind.value}", kind, "")])

    def peek(self, limit: int) -> list[PendingOp]:
        """The oldest live operations, in the order they must be replayed."""
        if not self.path.exists():
            return []
        with self._db() as conn:
            rows = conn.execute(
                "SELECT seq, kind, target, product_id, payload, attempts FROM ops"
                " WHERE dead = 0 ORDER BY seq LIMIT ?",
                (limit,),
            ).fetchall()
        return [PendingOp(s, OpKind(k), t, p, pl, a) for s, k, t, p, pl, a in rows]

    def done(self, ops: Sequence[PendingOp]) -> None:
        """Remove replayed rows, unless a newer write of the same key replaced them meanwhile."""
        with self._db() as conn:
            conn.executemany(
                "DELETE FROM ops WHERE target = ? AND product_id = ? AND seq = ?",
                [(op.target, op.product_id, op.seq) for op in ops],
            )

    def failed(self, op: PendingOp, error: str) -> None:
        with self._db() as conn:
            conn.execute(
                "UPDATE ops SET attempts = attempts + 1, last_error = ?,"
                " dead = CASE WHEN attempts + 1 >= ? THEN 1 ELSE 0 END"
                " WHERE target = ? AND product_id = ? AND seq = ?",
                (error[:2000], self.max_attempts, op.target, op.product_id, op.seq),
            )

    def has_pending(self, kind: OpKind | None = None) -> bool:
        if not self.path.exists():
            return False
        with self._db() as conn:
            if kind is None:
                row = conn.execute("SELECT 1 FROM ops WHERE dead = 0 LIMIT 1").fetchone()
            else:
                row = conn.execute("SELECT 1 FROM ops WHERE dead = 0 AND kind = ? LIMIT 1", (kind.value,)).fetchone()
        return row is not None

    def pending_ids(self, target: str) -> set[str]:
        if not self.path.exists():
            return set()
        with self._db() as conn:
            rows = conn.execute("SELECT product_id FROM ops WHERE target = ? AND product_id NOT LIKE ?", (target, f"{CONTROL}%"))
            return {r[0] for r in rows}

    def dead_letters(self) -> list[tuple[str, str, str]]:
        """(target, product id, last error) of every row given up on."""
        if not self.path.exists():
            return []
        with self._db() as conn:
            return [tuple(r) for r in conn.execute("SELECT target, product_id, last_error FROM ops WHERE dead = 1")]

    def retry_dead(self) -> int:
        """Give dead rows another round (after fixing what rejected them)."""
        with self._db() as conn:
            return conn.execute("UPDATE ops SET dead = 0, attempts = 0 WHERE dead = 1").rowcount

    def stats(self) -> OutboxStats:
        if not self.path.exists():
            return OutboxStats(0, 0, None)
        with self._db() as conn:
            pending, dead, oldest = conn.execute(
                "SELECT SUM(dead = 0), SUM(dead = 1), MIN(CASE WHEN dead = 0 THEN enqueued_at END) FROM ops"
            ).fetchone()
        age = None if oldest is None else max(0.0, time.time() - oldest)
        return OutboxStats(int(pending or 0), int(dead or 0), age)


def replay(outbox: Outbox, ops: Sequence[PendingOp], write: Callable[[str, Sequence, str], None],
           applied: Callable[[int], None] = lambda n: None) -> None:
    """Apply ``ops`` in sequence order through ``write(op, items, target)``, grouping runs
    of the same kind and target; ``applied(n)`` hears how many rows each run delivered.

    A write the primary rejects as bad input (``ValueError``: replaying cannot fix it,
    e.g. vectors of another size than the index) or per document (an
    ``EngineUnavailable`` naming the ``failed`` ids) counts an attempt on those rows,
    which end as dead letters after ``max_attempts``. An ``EngineUnavailable`` of the
    primary as a whole propagates: the caller stops replaying.
    """
    run: list[PendingOp] = []
    for op in [*ops, None]:
        if run and (op is None or op.kind != run[0].kind or op.target != run[0].target
                    or op.kind in (OpKind.RESET_STAGING, OpKind.PUBLISH)):
            applied(_apply(outbox, run, write))
            run = []
        if op is not None:
            run.append(op)


def _apply(outbox: Outbox, run: list[PendingOp], write: Callable[[str, Sequence, str], None]) -> int:
    kind, target = run[0].kind, run[0].target
    try:
        if kind is OpKind.UPSERT:
            write("upsert", [op.document() for op in run], target)
        elif kind is OpKind.DELETE:
            write("delete", [op.product_id for op in run], target)
        else:
            write(kind, (), target)
    except ValueError as exc:
        for op in run:
            outbox.failed(op, f"{type(exc).__name__}: {exc}")
        return 0
    except EngineUnavailable as exc:
        failed = exc.failed  # per-document rejections, when the engine names them
        if not failed:
            raise
        for op in run:
            if op.product_id in failed:
                outbox.failed(op, failed[op.product_id])
        ok = [op for op in run if op.product_id not in failed]
        outbox.done(ok)
        return len(ok)
    outbox.done(run)
    return len(run)
