"""CPU per search without HTTP: what one ``/api/search`` costs the server's cores, less the web stack.

Run: ``python benchmarks/search_cpu.py [--rounds 3] [--profile]`` (the app's index in
``SHOPASSIST_INDEX_DIR``: the full catalog after ``shopassist ingest``; a scratch interaction store).

Builds the app's services once, asks every dev query once to warm up (models, the query-embedding
cache, the engine's record cache), then asks them all ``--rounds`` times through
``AppServices.search`` (query understanding, hybrid retrieval, the rerank policy, the records of the
top 10) and divides the process's CPU time (user + system, every thread: LanceDB's and ONNX
Runtime's native threads included) by the searches. CPU time moves less with the machine's load than
wall time, which is reported beside it. ``--profile`` adds a cProfile of one more round (top 20 by
cumulative time, printed only). Writes ``benchmarks/results/search_cpu.json`` (``--name`` renames it).
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import os
import pstats
import resource
import sys
import tempfile
import time
from pathlib import Path

from common import table, write

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--name", default="search_cpu")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="search-cpu-"))
    os.environ["SHOPASSIST_STORE_URL"] = f"sqlite:///{(scratch / 'store.sqlite').as_posix()}"
    from rag.app_services import build_app_services
    from rag.settings import get_settings

    services = build_app_services(get_settings())
    judgments = Path(__file__).resolve().parents[1] / "data" / "icecat" / "judgments_dev.csv"
    with judgments.open(newline="", encoding="utf-8") as f:
        queries = list(dict.fromkeys(row["query"] for row in csv.DictReader(f)))
    for query in queries:
        services.search(query)
    rows = []
    for n in range(1, args.rounds + 1):
        load = os.getloadavg()[0]
        c0, w0 = cpu_s(), time.perf_counter()
        for query in queries:
            services.search(query)
        cpu_ms = (cpu_s() - c0) / len(queries) * 1000
        wall_ms = (time.perf_counter() - w0) / len(queries) * 1000
        rows.append({"round": n, "searches": len(queries), "cpu_ms_per_search": round(cpu_ms, 2),
                     "wall_ms_per_search": round(wall_ms, 2), "load_1min": round(load, 2)})
    print(table(list(rows[0]), [list(r.values()) for r in rows]))
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for query in queries:
            services.search(query)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(20)
        print(out.getvalue())
    cpu = sorted(r["cpu_ms_per_search"] for r in rows)
    path = write(args.name, {"queries": len(queries), "rounds": rows, "cpu_ms_per_search_median": cpu[len(cpu) // 2]})
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
