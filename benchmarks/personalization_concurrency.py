"""Concurrent feedback writers against the SQLite (WAL) interaction store.

Run: ``.venv/bin/python benchmarks/personalization_concurrency.py [--writers 50] [--seconds 60]``.

Each writer is its own process. It logs interactions in a loop, one
transaction each (a click that also updates the user's profile, or a thumbs
on an answer), each with a unique ``client_key``, and after every commit
appends that key to its own acknowledgement file (flushed and fsynced).
Halfway through, one writer is killed with SIGKILL. At the end:

* every acknowledged key must be in the database (lost rows: 0);
* rows in the database without an acknowledgement can only come from the
  killed writer (committed, killed before it wrote the ack): at most 1;
* ``PRAGMA integrity_check`` is ``ok`` and ``PRAGMA foreign_key_check`` empty;
* each user's profile equals the one recomputed from their stored rows.

Writes ``benchmarks/results/personalization_concurrency.json``.
"""

from __future__ import annotations

import argparse
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import table, write  # noqa: E402

PRODUCTS = [  # (id, brand, category, price): real ids from the shipped catalog
    ("3484710", "Philips", "mouse", 19.99), ("2096357", "HP", "mouse", 29.0), ("77192163", "Alienware", "mouse", 79.0),
    ("727946", "CHERRY", "keyboard", 25.0), ("1578266", "Philips", "headset", 35.0),
]


def writer(url: str, index: int, seconds: float, ack_path: Path) -> None:
    from personalization.events import EventKind, Interaction
    from personalization.repository import record_interaction
    from personalization.store import open_store
    from rag.records import Product

    sessions = open_store(url)
    products = [Product(pid, f"{brand} {cat}", brand, cat, price, "USD", "") for pid, brand, cat, price in PRODUCTS]
    user = f"bench-user-{index % 10}"  # ten users shared by five writers each: profile rows contend
    deadline = time.monotonic() + seconds
    n = 0
    with ack_path.open("a", encoding="utf-8") as acks:
        while time.monotonic() < deadline:
            key = f"w{index}-{n}"
            product = products[n % len(products)]
            if n % 4 == 3:
                event = Interaction(user, EventKind.THUMBS_UP, "bench-ranking", None, reason="bench", client_key=key)
                product_arg = None
            else:
                event = Interaction(user, EventKind.CLICK, "bench-ranking", product.id, client_key=key)
                product_arg = product
            with sessions.begin() as session:
                record_interaction(session, event, product=product_arg)
            acks.write(key + "\n")
            acks.flush()
            os.fsync(acks.fileno())
            n += 1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writers", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--kill-at", type=float, default=None, help="seconds before one writer is SIGKILLed (default: half)")
    parser.add_argument("--worker", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        url, index, seconds, ack = args.worker
        writer(url, int(index), float(seconds), Path(ack))
        return

    from personalization.repository import record_turn
    from personalization.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "store.sqlite"
        url = f"sqlite:///{db}"
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
        victim = procs[args.writers // 2]
        victim.send_signal(signal.SIGKILL)
        killed_at = time.monotonic() - started
        codes = [p.wait() for p in procs]
        elapsed = time.monotonic() - started

        acked = {line for path in acks if path.exists() for line in path.read_text().split()}
        conn = sqlite3.connect(db)
        stored = {row[0] for row in conn.execute("SELECT client_key FROM interactions")}
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        fk = conn.execute("PRAGMA foreign_key_check").fetchall()
        conn.close()
        lost = sorted(acked - stored)
        unacked = sorted(stored - acked)
        victim_prefix = f"w{args.writers // 2}-"
        profile_ok = _profiles_match(sessions)
    result = {
        "writers": args.writers, "seconds": args.seconds, "killed_writer_at_s": round(killed_at, 1),
        "elapsed_s": round(elapsed, 1), "exit_codes": sorted(set(codes)),
        "writers_failed": sum(code != 0 for i, code in enumerate(codes) if i != args.writers // 2),
        "acknowledged": len(acked), "stored": len(stored), "lost": len(lost),
        "stored_unacknowledged": len(unacked), "unacknowledged_from_killed_writer_only": all(k.startswith(victim_prefix) for k in unacked),
        "writes_per_s": round(len(stored) / args.seconds, 1),
        "integrity_check": integrity, "foreign_key_violations": len(fk), "profiles_match_rows": profile_ok,
        "loadavg": os.getloadavg(),
    }
    print(table(list(result)[:7], [list(result.values())[:7]]))
    print(table(list(result)[7:], [list(result.values())[7:]]))
    print(f"wrote {write('personalization_concurrency', result)}")
    if result["writers_failed"] or lost or integrity != "ok" or fk or not profile_ok or not result["unacknowledged_from_killed_writer_only"]:
        sys.exit(1)


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
