"""``/api/search`` under wrk: the server's throughput and tail with a load generator that costs ~no CPU.

Run: ``python benchmarks/api_wrk.py [--connections 16 64] [--seconds 30] [--workers 1]`` (needs
``wrk``: ``apt-get install wrk``; the app's index in ``SHOPASSIST_INDEX_DIR``).

``benchmarks/api_load.py`` drives the server from Python (httpx, asyncio) on the same 2 cores, so its
latencies include its own scheduling delays. This starts the same server (``api_load.start_server``:
extractive answers, no query-embedding cache, rate limits off, a scratch store), warms it up, then
runs wrk, written in C, with a Lua script that posts the 90 dev queries in turn, for each
connection count. wrk does not back off on a 503 (admission control's refusal): it asks again at
once, so at 64 connections most answers are refusals, each counted, and the latency columns cover
answers and refusals alike. Writes ``benchmarks/results/api_wrk.json`` (``--name`` renames it).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from api_load import free_port, server_cpu_seconds, start_server
from common import table, wait_healthy, write

ROOT = Path(__file__).resolve().parents[1]

DONE_LUA = """
local i = 0
request = function()
  i = i % #bodies + 1
  return wrk.format("POST", "/api/search", {["Content-Type"] = "application/json"}, bodies[i])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d non2xx=%d timeouts=%d", summary.requests, summary.errors.status,
                         summary.errors.timeout))
  for _, p in ipairs({50, 90, 99, 99.9}) do io.write(string.format(" p%s=%.2f", p, latency:percentile(p) / 1000)) end
  io.write(string.format(" max=%.2f\\n", latency.max / 1000))
end
"""


def lua_script(queries: list[str]) -> str:
    bodies = ",\n".join("  " + json.dumps(json.dumps({"query": q})) for q in queries)
    return f"local bodies = {{\n{bodies}\n}}\n{DONE_LUA}"


def run_wrk(url: str, script: Path, connections: int, seconds: int) -> dict[str, float]:
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script), url],
                         capture_output=True, text=True, check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT"))
    values = {k: float(v) for k, v in re.findall(r"(\w[\w.]*)=([\d.]+)", line)}
    values["seconds"] = seconds
    return values


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, nargs="+", default=[16, 64])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--name", default="api_wrk")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk")
    with (ROOT / "data" / "icecat" / "judgments_dev.csv").open(newline="", encoding="utf-8") as f:
        queries = list(dict.fromkeys(row["query"] for row in csv.DictReader(f)))
    scratch = Path(tempfile.mkdtemp(prefix="api-wrk-"))
    script = scratch / "search.lua"
    script.write_text(lua_script(queries), encoding="utf-8")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = start_server(port, scratch, cache=False, workers=args.workers, in_flight=None)
    rows = []
    try:
        wait_healthy(url, server)
        run_wrk(url, script, 4, 5)  # warm-up: models, the engine's record cache
        for connections in args.connections:
            cpu0 = server_cpu_seconds(server.pid)
            result = run_wrk(url, script, connections, args.seconds)
            cpu = server_cpu_seconds(server.pid) - cpu0
            answered = result["requests"] - result["non2xx"]
            rows.append({"connections": connections, "requests": int(result["requests"]),
                         "answered_per_s": round(answered / args.seconds, 1), "refused_or_failed": int(result["non2xx"]),
                         "timeouts": int(result["timeouts"]), "p50_ms": result["p50"], "p90_ms": result["p90"],
                         "p99_ms": result["p99"], "p99.9_ms": result["p99.9"], "max_ms": result["max"],
                         "server_cpu_ms_per_answer": round(cpu / max(answered, 1) * 1000, 2)})
    finally:
        server.terminate()
        server.wait(30)
    print(table(list(rows[0]), [list(r.values()) for r in rows]))
    path = write(args.name, {"workers": args.workers, "seconds": args.seconds, "queries": len(queries),
                             "client": "wrk 2 threads", "rows": rows})
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
