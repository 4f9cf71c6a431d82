"""Feedback writes under wrk: the server's write throughput and tail with a load generator that costs ~no CPU.

Run: ``python benchmarks/feedback_wrk.py [--connections 8 16 50] [--seconds 30] [--workers 1 2]``
(needs ``wrk``: ``apt-get install wrk``; the app's index in ``SHOPASSIST_INDEX_DIR``).

``benchmarks/feedback_load.py`` posts from Python (httpx, asyncio) on the same 2 cores: measured
here, its client spent about one core's worth of CPU at ~110 writes/s, so it measured the client
as much as the server. This starts the same server (``feedback_load.start_server`` settings:
extractive answers, rate limits off, a fresh SQLite store; ``--workers`` server processes), gives
ten shoppers an identity and one logged turn each, warms up, then runs wrk (C, 2 threads) with a
Lua script that posts ``/api/feedback`` as those shoppers in turn: three clicks on a shown product
for every thumbs on the answer, each with a unique ``client_key``, for each connection count.

Reported per row: acknowledged writes/s (201 answers), refusals (503 from admission control, which
wrk does not back off from: it asks again at once), latency percentiles over every answer, and the
server's CPU per acknowledged write. Then the store is read: the rows stored under the run's keys
must equal the 201s (none lost; nothing was killed, so nothing stored unacknowledged either),
``PRAGMA integrity_check`` is ``ok`` and every shopper's brand counts equal its rows. The kill -9
check stays in ``feedback_load.py`` (it needs each acknowledged key, which wrk does not report).
Writes ``benchmarks/results/feedback_wrk.json`` (``--name`` renames it).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from api_load import server_cpu_seconds
from common import table, wait_healthy, write
from feedback_load import SHOPPERS, Shopper, brands, check_store, free_port, load, make_shoppers, start_server

ROOT = Path(__file__).resolve().parents[1]

LUA = """
local counter = 0
local threads = 0
setup = function(thread)  -- runs in the main state: each thread gets its own number (its keys' prefix)
  thread:set("tid", threads)
  threads = threads + 1
end
request = function()
  counter = counter + 1
  local s = shoppers[counter % #shoppers + 1]
  local key = string.format("%s-t%d-%d", run, tid, counter)
  local body
  if counter % 4 == 0 then
    body = string.format('{"kind":"thumbs_up","request_id":"%s","user_id":"%s","client_key":"%s"}',
                         s.request_id, s.user_id, key)
  else
    local product = s.products[counter % #s.products + 1]
    body = string.format('{"kind":"click","request_id":"%s","user_id":"%s","product_id":"%s","client_key":"%s"}',
                         s.request_id, s.user_id, product, key)
  end
  return wrk.format("POST", "/api/feedback",
                    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. s.token}, body)
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d non2xx=%d timeouts=%d connect=%d read=%d", summary.requests,
                         summary.errors.status, summary.errors.timeout, summary.errors.connect, summary.errors.read))
  for _, p in ipairs({50, 90, 99, 99.9}) do io.write(string.format(" p%s=%.2f", p, latency:percentile(p) / 1000)) end
  io.write(string.format(" max=%.2f\\n", latency.max / 1000))
end
"""


def lua_script(shoppers: list[Shopper], run: str) -> str:
    rows = []
    for s in shoppers:
        products = ", ".join(json.dumps(p) for p in s.products)
        rows.append(f"  {{token = {json.dumps(s.token)}, user_id = {json.dumps(s.user_id)}, "
                    f"request_id = {json.dumps(s.request_id)}, products = {{{products}}}}}")
    return f"run = {json.dumps(run)}\nshoppers = {{\n" + ",\n".join(rows) + "\n}\n" + LUA


def run_wrk(url: str, script: Path, connections: int, seconds: int) -> dict[str, float]:
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script), url],
                         capture_output=True, text=True, check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT"))
    return {k: float(v) for k, v in re.findall(r"(\w[\w.]*)=([\d.]+)", line)}


def one_server(args, workers: int, folder: Path) -> list[dict[str, object]]:
    store_url = f"sqlite:///{(folder / f'w{workers}.sqlite').as_posix()}"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = start_server(port, folder, store_url, workers)
    rows = []
    try:
        wait_healthy(url, server)
        shoppers = asyncio.run(make_shoppers(url, SHOPPERS))
        asyncio.run(load(url, shoppers, SHOPPERS, 3.0, f"w{workers}warm"))  # the first feedback on a product looks it up
        brand_of = brands(shoppers)
        for connections in args.connections:
            run = f"w{workers}c{connections}"
            script = folder / f"{run}.lua"
            script.write_text(lua_script(shoppers, run), encoding="utf-8")
            load_before = os.getloadavg()
            cpu0 = server_cpu_seconds(server.pid)
            result = run_wrk(url, script, connections, args.seconds)
            cpu = server_cpu_seconds(server.pid) - cpu0
            acknowledged = int(result["requests"] - result["non2xx"])
            # wrk reports counts, not keys: every stored row of the run counts, none is "acknowledged" here.
            check = check_store(store_url, [], run, brand_of)
            rows.append({
                "workers": workers, "connections": connections, "acknowledged": acknowledged,
                "writes_per_s": round(acknowledged / args.seconds, 1), "refused_or_failed": int(result["non2xx"]),
                "socket_errors": int(result["connect"] + result["read"] + result["timeouts"]),
                "p50_ms": result["p50"], "p90_ms": result["p90"], "p99_ms": result["p99"], "max_ms": result["max"],
                "server_cpu_ms_per_write": round(1000 * cpu / max(acknowledged, 1), 2),
                "stored": check["stored"], "lost": max(0, acknowledged - check["stored"]),
                "integrity_check": check["integrity_check"], "profiles_match_rows": check["profiles_match_rows"],
                "load_before": [round(x, 2) for x in load_before],
            })
            print(rows[-1], flush=True)
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, nargs="+", default=[8, 16, 50])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--workers", type=int, nargs="+", default=[1])
    parser.add_argument("--name", default="feedback_wrk")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk")
    rows = []
    with tempfile.TemporaryDirectory(prefix="feedback-wrk-") as tmp:
        for workers in args.workers:
            rows += one_server(args, workers, Path(tmp))
    headers = ["workers", "connections", "writes_per_s", "refused_or_failed", "p50_ms", "p99_ms", "max_ms",
               "server_cpu_ms_per_write", "stored", "lost", "integrity_check", "profiles_match_rows"]
    print(table(headers, [[r[h] for h in headers] for r in rows]))
    path = write(args.name, {"seconds": args.seconds, "client": "wrk 2 threads", "rows": rows,
                             "command": "python benchmarks/feedback_wrk.py " + " ".join(sys.argv[1:])})
    print(f"wrote {path}")
    if any(r["lost"] or r["stored"] != r["acknowledged"] or r["integrity_check"] != "ok" or not r["profiles_match_rows"]
           for r in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
