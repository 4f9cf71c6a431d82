"""What personalization adds to a query, on the dev queries and the demo personas.

Run: ``.venv/bin/python benchmarks/personalization_latency.py [--rounds 3]``.

A scratch store (SQLite file in WAL mode, under a temp folder) is filled with
the three demo personas' generated histories (24 sessions each, the default
of ``shopassist personas load``). Then, for every dev query and every persona
(plus a user with no history), the personalization stage runs on the query's
top 30 first-pass hits, exactly as the chain calls it:
``StorePersonalizer.personalize`` opens a session, reads the profile, scores
and reorders with MMR. Product records are fetched by the chain's step either
way (it did so before personalization existed), so they are fetched outside
the timed call. Prints p50/p99/max and writes
``benchmarks/results/personalization_latency.json``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from common import table, write

from personalization.personalizer import StorePersonalizer
from personalization.personas import load_personas, simulate, write_history
from personalization.store import open_store
from rag.evaluation import load_judgments, percentile
from rag.settings import get_settings
from rag.wiring import build_search_services, ensure_index


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3, help="passes over the dev queries")
    parser.add_argument("--head", type=int, default=30, help="hits personalized (the rerank top n)")
    args = parser.parse_args()
    settings = get_settings()
    ensure_index(settings)
    services = build_search_services(settings)
    engine, understanding = services.engine, services.understanding

    def search(query: str):
        return understanding.retrieve(query, k=args.head).result.hits

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'store.sqlite'}")
        personas = load_personas()
        for persona in personas:
            with store.begin() as session:
                write_history(session, persona, simulate(persona, search, engine.fetch), engine.fetch)
        personalizer = StorePersonalizer(store)
        queries = list(load_judgments(settings.judgments_path).queries)
        heads = {q: search(q)[: args.head] for q in queries}
        records = {q: engine.fetch([h.product_id for h in hits]) for q, hits in heads.items()}
        users = [p.user_id for p in personas] + ["no-history"]
        for q in queries[:5]:  # warm-up
            personalizer.personalize(users[0], q, heads[q], records[q])
        times: dict[str, list[float]] = {u: [] for u in users}
        moved = 0
        for _ in range(args.rounds):
            for q in queries:
                for u in users:
                    t0 = time.perf_counter()
                    out = personalizer.personalize(u, q, heads[q], records[q])
                    times[u].append((time.perf_counter() - t0) * 1000)
                    moved += out.hits != tuple(heads[q])
    rows, payload = [], {"queries": len(queries), "rounds": args.rounds, "head": args.head, "by_user": {}}
    warm = [t for u in users[:-1] for t in times[u]]
    for name, values in [*((u, times[u]) for u in users), ("all personas", warm)]:
        stats = {"n": len(values), "p50_ms": round(percentile(values, 50), 3), "p99_ms": round(percentile(values, 99), 3),
                 "max_ms": round(max(values), 3)}
        payload["by_user"][name] = stats
        rows.append([name, stats["n"], stats["p50_ms"], stats["p99_ms"], stats["max_ms"]])
    payload["reordered_lists"] = moved
    try:
        import os

        payload["loadavg"] = os.getloadavg()
    except OSError:
        pass
    print(table(["user", "calls", "p50 ms", "p99 ms", "max ms"], rows))
    print(f"lists reordered: {moved}; load average {payload.get('loadavg')}")
    print(f"wrote {write('personalization_latency', payload)}")


if __name__ == "__main__":
    main()
