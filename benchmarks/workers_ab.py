"""How many server workers, measured fairly on a shared machine: interleaved rounds.

Run: ``python benchmarks/workers_ab.py`` (``--workers 1 2 3``, ``--rounds 4``, ``--clients 16``).

Starts one server per worker count (``benchmarks/api_load.py``'s server: extractive answers,
no query-embedding cache, rate limits off, admission control as configured), all at once, then
drives ``/api/search`` at ``--clients`` closed-loop clients against each in turn, ``--requests``
requests per turn, for ``--rounds`` rounds. Each configuration sees the same background load
(the rounds interleave), so the comparison holds even while other jobs share the cores; the
load average is recorded. Writes ``benchmarks/results/workers_ab.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from api_load import (
    free_port,
    run_level,
    server_cpu_seconds,
    server_memory,
    start_server,
)
from common import table, wait_healthy, write

from rag.evaluation import load_judgments, percentile
from rag.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=160, help="Requests per configuration per round.")
    parser.add_argument("--out", default="workers_ab")
    args = parser.parse_args()
    queries = list(load_judgments(Settings().judgments_path).queries)
    with tempfile.TemporaryDirectory(prefix="shopassist-workers-ab-") as folder:
        servers = {}
        try:
            for n in args.workers:
                port = free_port()
                (Path(folder) / f"w{n}").mkdir()
                servers[n] = (f"http://127.0.0.1:{port}", start_server(port, Path(folder) / f"w{n}", False, n, None))
            for url, process in servers.values():
                wait_healthy(url, process)
            time.sleep(10)  # every worker up
            for url, _ in servers.values():  # warm-up
                asyncio.run(run_level(url, "search", 4, 40, 120, queries))
            runs: dict[int, list] = {n: [] for n in servers}
            for round_ in range(args.rounds):
                order = list(servers) if round_ % 2 == 0 else list(reversed(servers))
                for n in order:
                    url, process = servers[n]
                    result = asyncio.run(run_level(url, "search", args.clients, args.requests, 180, queries,
                                                   cpu=lambda pid=process.pid: server_cpu_seconds(pid)))
                    runs[n].append(result)
                    print(f"  round {round_ + 1} workers {n}: {result.rps:6.2f}/s p99 {result.p99_ms:7.1f} ms "
                          f"shed {result.shed} cpu/request {result.cpu_ms_per_request} ms "
                          f"load {result.load_before[0]:.1f}", flush=True)
            memory = {n: server_memory(process.pid) for n, (_, process) in servers.items()}
        finally:
            for _, process in servers.values():
                process.terminate()
            for _, process in servers.values():
                try:
                    process.wait(timeout=60)
                except Exception:
                    process.kill()
    rows = []
    for n, results in runs.items():
        rps = [r.rps for r in results]
        rows.append([n, args.clients, len(results), round(percentile(rps, 50), 2), round(min(rps), 2), round(max(rps), 2),
                     round(percentile([r.p99_ms for r in results], 50), 1), sum(r.shed for r in results),
                     round(percentile([r.cpu_ms_per_request or 0 for r in results], 50), 1),
                     round(sum(m["pss_mib"] for m in memory[n]), 1)])
    print(table(["workers", "clients", "rounds", "answered/s median", "min", "max", "p99 ms (median of rounds)",
                 "shed", "server CPU ms/request", "PSS MiB (all processes)"], rows))
    path = write(args.out, {"rounds": {n: [r.__dict__ for r in rs] for n, rs in runs.items()}, "memory": memory,
                            "clients": args.clients, "requests_per_round": args.requests,
                            "command": "python benchmarks/workers_ab.py " + " ".join(sys.argv[1:])})
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
