"""Concurrent feedback writers against the interaction store, on SQLite (WAL) or PostgreSQL.

Run: ``.venv/bin/python benchmarks/personalization_concurrency.py [--backend sqlite|postgresql] [--writers 50] [--seconds 60]``.
PostgreSQL needs a server URL (``--postgres-url``, default ``$SHOPASSIST_TEST_POSTGRES_URL``;
``eval "$(deploy/services/start.sh)"`` starts a throwaway one); the run gets its own schema,
dropped afterwards.

Each writer is its own process. It logs interactions in a loop, one
transaction each (a click that also updates the user's profile, or a thumbs
on an answer), each with a unique ``client_key``, and after every commit
appends that key to its own acknowledgement file (flushed and fsynced).
Halfway through, one writer is killed with SIGKILL. At the end:

* every acknowledged key must be in the database (lost rows: 0);
* rows in the database without an acknowledgement can only come from the
  killed writer (committed, killed before it wrote the ack): at most 1;
* SQLite: ``PRAGMA integrity_check`` is ``ok`` and ``PRAGMA foreign_key_check`` empty;
  PostgreSQL: no row points at a missing user or ranking (the same check, in SQL);
* each user's profile equals the one recomputed from their stored rows.

Writes ``benchmarks/results/personalization_concurrency.json`` (SQLite) or
``personalization_concurrency_postgresql.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import table, write  # noqa: E402

PRODUCTS = [  # (id, brand, category, price): real ids from the shipped catalog
    ("3484710", "Philips", "mouse", 19.99), ("2096357", "HP", "mouse", 29.0), ("77192163", "Alienware", "mouse", 79.0),
    ("727946", "CHERRY", "keyboard", 25.0), ("1578266", "Philips", "headset", 35.0),
]


#: A transaction that fails transiently (not committed, not acknowledged) is retried
#: with the same client_key, as a client would; the retries are counted in the result.
MAX_ATTEMPTS = 5


def writer(url: str, index: int, seconds: float, ack_path: Path) -> None:
    from sqlalchemy.exc import OperationalError

    from personalization.events import EventKind, Interaction
    from personalization.repository import record_interaction
    from personalization.store import open_store
    from rag.records import Product

    sessions = open_store(url)
    products = [Product(pid, f"{brand} {cat}", brand, cat, price, "USD", "") for pid, brand, cat, price in PRODUCTS]
    user = f"bench-user-{index % 10}"  # ten users shared by five writers each: profile rows contend
    deadline = time.monotonic() + seconds
    n = 0
    with ack_path.open("a", encoding="utf-8") as acks, ack_path.with_suffix(".retries").open("a") as retries:
        while time.monotonic() < deadline:
            key = f"w{index}-{n}"
            product = products[n % len(products)]
            if n % 4 == 3:
                event = Interaction(user, EventKind.THUMBS_UP, "bench-ranking", None, reason="bench", client_key=key)
                product_arg = None
            else:
                event = Interaction(user, EventKind.CLICK, "bench-ranking", product.id, client_key=key)
                product_arg = product
            for attempt in range(1, MAX_ATTEMPTS + 1):
                try:
                    with sessions.begin() as session:
                        record_interaction(session, event, product=product_arg)
                    break
                except OperationalError as exc:  # e.g. SQLite's busy timeout under 50 writers on 2 cores
                    if attempt == MAX_ATTEMPTS:
                        raise
                    retries.write(f"{key} {type(exc.orig).__name__}: {str(exc.orig)[:80]}\n")
                    retries.flush()
                    time.sleep(0.05 * attempt)
            acks.write(key + "\n")
            acks.flush()
            os.fsync(acks.fileno())
            n += 1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--postgres-url", default=os.environ.get("SHOPASSIST_TEST_POSTGRES_URL", ""),
                        help="a PostgreSQL SQLAlchemy URL (default: $SHOPASSIST_TEST_POSTGRES_URL)")
    parser.add_argument("--writers", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--kill-at", type=float, default=None, help="seconds before one writer is SIGKILLed (default: half)")
    parser.add_argument("--worker", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        url, index, seconds, ack = args.worker
        writer(url, int(index), float(seconds), Path(ack))
        return
    if args.backend == "postgresql" and not args.postgres_url:
        parser.error("--backend postgresql needs --postgres-url or $SHOPASSIST_TEST_POSTGRES_URL "
                     '(eval "$(deploy/services/start.sh)" starts a throwaway server)')

    from personalization.repository import record_turn
    from personalization.store import open_store

    with tempfile.TemporaryDirectory() as tmp, _database(args, Path(tmp)) as url:
        sessions = open_store(url)
        with sessions.begin() as session:
            record_turn(session, {"request_id": "bench-ranking", "query": "mouse", "shown": [p[0] for p in PRODUCTS]})
        acks = [Path(tmp) / f"ack-{i}.txt" for i in range(args.writers)]
        procs = [
            subprocess.Popen([sys.executable, __file__, "--worker", url, str(i), str(args.seconds), str(acks[i])], cwd=ROOT)
            for i in range(args.writers)
        ]
        kill_at = args.kill_at if args.kill_at is not None else args.seconds / 2
        started = time.monotonic()
        time.sleep(kill_at)
        victim_index = args.writers // 2
        victim_ack = acks[victim_index]
        # On a loaded machine the victim may still be starting: kill it only once it is writing.
        while not (victim_ack.exists() and victim_ack.stat().st_size) and procs[victim_index].poll() is None:
            time.sleep(0.1)
        procs[victim_index].send_signal(signal.SIGKILL)
        killed_at = time.monotonic() - started
        victim_acked_before_kill = len(victim_ack.read_text().split()) if victim_ack.exists() else 0
        codes = [p.wait() for p in procs]
        elapsed = time.monotonic() - started

        acked = {line for path in acks if path.exists() for line in path.read_text().split()}
        retry_lines = [line for path in acks if path.with_suffix(".retries").exists()
                       for line in path.with_suffix(".retries").read_text().splitlines()]
        stored, integrity, fk = _check(sessions, url)
        lost = sorted(acked - stored)
        unacked = sorted(stored - acked)
        victim_prefix = f"w{victim_index}-"
        profile_ok = _profiles_match(sessions)
        sessions.kw["bind"].dispose()
    result = {
        "backend": args.backend,
        "writers": args.writers, "seconds": args.seconds, "killed_writer_at_s": round(killed_at, 1),
        "elapsed_s": round(elapsed, 1), "exit_codes": sorted(set(codes)),
        "writers_failed": sum(code != 0 for i, code in enumerate(codes) if i != victim_index),
        "killed_writer_acked": victim_acked_before_kill,
        "acknowledged": len(acked), "stored": len(stored), "lost": len(lost),
        "stored_unacknowledged": len(unacked), "unacknowledged_from_killed_writer_only": all(k.startswith(victim_prefix) for k in unacked),
        "writes_per_s": round(len(stored) / args.seconds, 1),
        "transient_errors_retried": len(retry_lines),
        "transient_error_kinds": sorted({line.split(" ", 2)[1] for line in retry_lines}),
        "integrity_check": integrity, "foreign_key_violations": fk, "profiles_match_rows": profile_ok,
        "loadavg": os.getloadavg(),
    }
    print(table(list(result)[:8], [list(result.values())[:8]]))
    print(table(list(result)[8:], [list(result.values())[8:]]))
    name = "personalization_concurrency" if args.backend == "sqlite" else f"personalization_concurrency_{args.backend}"
    print(f"wrote {write(name, result)}")
    if result["writers_failed"] or lost or integrity != "ok" or fk or not profile_ok or not result["unacknowledged_from_killed_writer_only"]:
        sys.exit(1)


@contextlib.contextmanager
def _database(args, tmp: Path):
    """The store URL for this run: a SQLite file in ``tmp``, or a fresh PostgreSQL schema."""
    if args.backend == "sqlite":
        yield f"sqlite:///{tmp / 'store.sqlite'}"
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(args.postgres_url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield make_url(args.postgres_url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _check(sessions, url: str) -> tuple[set[str], str, int]:
    """(stored client keys, integrity verdict, rows pointing at nothing)."""
    from sqlalchemy import text

    with sessions() as session:
        stored = {row[0] for row in session.execute(text("SELECT client_key FROM interactions"))}
        if url.startswith("sqlite"):
            integrity = session.execute(text("PRAGMA integrity_check")).scalar()
            fk = len(session.execute(text("PRAGMA foreign_key_check")).all())
        else:
            # PostgreSQL enforces the foreign keys itself; count orphans anyway, as the SQLite check does.
            integrity = "ok"
            fk = session.execute(text(
                "SELECT (SELECT count(*) FROM interactions i LEFT JOIN users u ON u.id = i.user_id"
                "        WHERE i.user_id IS NOT NULL AND u.id IS NULL)"
                " + (SELECT count(*) FROM interactions i LEFT JOIN rankings r ON r.request_id = i.request_id"
                "        WHERE i.request_id IS NOT NULL AND r.request_id IS NULL)"
                " + (SELECT count(*) FROM affinities a LEFT JOIN users u ON u.id = a.user_id WHERE u.id IS NULL)"
            )).scalar()
    return stored, integrity, int(fk)


def _profiles_match(sessions) -> bool:
    """Each user's stored affinity counts equal what their stored rows say."""
    from collections import Counter

    from sqlalchemy import select

    from personalization.store import AffinityRow, InteractionRow

    brand_of = {pid: brand.lower() for pid, brand, _, _ in PRODUCTS}
    with sessions() as session:
        expected: Counter = Counter()
        for user, pid, kind in session.execute(select(InteractionRow.user_id, InteractionRow.product_id, InteractionRow.kind)):
            if pid:
                expected[(user, brand_of[pid], kind)] += 1
        got: Counter = Counter()
        for row in session.scalars(select(AffinityRow).where(AffinityRow.kind == "brand")):
            for kind, n in (row.counts or {}).items():
                got[(row.user_id, row.key, kind)] += n
    return expected == got


if __name__ == "__main__":
    main()
