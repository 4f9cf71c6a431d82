"""The store's cost per feedback write, without HTTP: the group-commit writer against one transaction per write.

Run: ``.venv/bin/python benchmarks/store_writes.py [--writes 2000] [--threads 50] [--store-url URL]``.

``--threads`` threads post ``--writes`` clicks in all (ten shoppers, ten products,
a 384-dimension vector each, so every write folds affinities and the centroid)
into a fresh SQLite file (or ``--store-url``), first through one
:class:`~personalization.writer.GroupCommitWriter`, then each in its own
transaction as before it existed. Reported per mode: this process's CPU time
per write (``time.process_time``, the figure a loaded machine moves least),
writes/s, the number of transactions, and writes that failed (with why: one
transaction per write can outwait SQLite's busy timeout on a loaded machine).
Every write that did not fail must be stored and each profile must count its rows. Writes
``benchmarks/results/store_writes.json``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from common import table, write  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from personalization.events import EventKind, Interaction  # noqa: E402
from personalization.repository import ranking_user, record_interaction, record_turn  # noqa: E402
from personalization.store import AffinityRow, InteractionRow, open_store  # noqa: E402
from personalization.writer import GroupCommitWriter  # noqa: E402
from rag.records import Product  # noqa: E402

PRODUCTS = [Product(f"p{i}", f"thing {i}", f"Brand{i % 3}", "mouse", 10.0 * i + 5, "USD", "") for i in range(10)]
VECTOR = np.random.default_rng(0).random(384).astype(np.float32)


def run(url: str, mode: str, writes: int, threads: int) -> dict[str, object]:
    sessions = open_store(url)
    with sessions.begin() as s:
        for u in range(10):
            record_turn(s, {"request_id": f"r{u}", "user_id": f"u{u}", "query": "q", "shown": [p.id for p in PRODUCTS]})
    writer = GroupCommitWriter(sessions) if mode == "group commit" else None
    errors: Counter = Counter()
    lock = threading.Lock()

    def post(t: int) -> None:
        for n in range(writes // threads):
            user = t % 10
            event = Interaction(f"u{user}", EventKind.CLICK, f"r{user}", PRODUCTS[n % 10].id, client_key=f"t{t}-{n}")
            product = PRODUCTS[n % 10]

            def work(session, batch=None, event=event, product=product):
                ranking_user(session, event.request_id)
                return record_interaction(session, event, product=product, vector=VECTOR,
                                          defer=batch.defer if batch is not None else None).id

            try:
                if writer is not None:
                    writer.submit(work, user_id=event.user_id)
                else:
                    with sessions.begin() as session:
                        work(session)
            except Exception as exc:  # counted and reported: a write that failed was not acknowledged
                with lock:
                    errors[f"{type(exc).__name__}: {str(exc).splitlines()[0][:80]}"] += 1

    cpu, wall = time.process_time(), time.perf_counter()
    workers = [threading.Thread(target=post, args=(t,)) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    done = threads * (writes // threads)
    with sessions() as s:
        stored = s.scalar(select(func.count()).select_from(InteractionRow))
        counted = Counter()
        for row in s.scalars(select(AffinityRow).where(AffinityRow.kind == "brand")):
            counted[row.user_id] += row.counts.get("click", 0)
    if writer is not None:
        writer.close()
    sessions.kw["bind"].dispose()
    return {"mode": mode, "writes": done, "stored": stored, "profiles_count_rows": sum(counted.values()) == stored,
            "failed": sum(errors.values()), "errors": dict(errors),
            "cpu_ms_per_write": round(1000 * cpu / done, 2), "writes_per_s": round(done / wall, 1),
            "transactions": writer.batches if writer is not None else done, "loadavg": [round(x, 2) for x in os.getloadavg()]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--writes", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=50)
    parser.add_argument("--store-url", default="", help="A fresh store URL (default: a SQLite file in a temporary folder).")
    args = parser.parse_args()
    rows = []
    for mode in ("group commit", "one transaction per write"):
        with tempfile.TemporaryDirectory() as tmp:
            url = args.store_url or f"sqlite:///{Path(tmp, 'store.sqlite').as_posix()}"
            rows.append(run(url, mode, args.writes, args.threads))
    print(table(list(rows[0]), [list(r.values()) for r in rows]))
    print(f"wrote {write('store_writes', {'runs': rows, 'command': 'python benchmarks/store_writes.py ' + ' '.join(sys.argv[1:])})}")
    if any(r["stored"] != r["writes"] - r["failed"] or not r["profiles_count_rows"] for r in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
