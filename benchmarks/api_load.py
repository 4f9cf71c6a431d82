"""Throughput of the HTTP API under concurrency, on loopback.

Run: ``.venv/bin/python benchmarks/api_load.py`` (add ``--quick`` for a smoke run).

Starts the real server (``app.main``: the Gradio app and the API in one
process, the index in ``settings.index_dir``, the extractive composer, a
fresh interaction store in a temporary folder) as a child process on a free
loopback port, waits for ``/healthz``, warms it up, then drives it with a
bounded closed-loop asyncio load generator (``httpx.AsyncClient``): for each
level, C clients each send their next request as soon as the previous one
finished, until the level's request budget is spent or its time cap passes.

* ``/api/search`` and ``/api/chat`` at 1, 4, 16 and 64 concurrent clients
  (issue 8): requests/s, p50/p99 latency, errors. For chat the latency is the
  whole streamed turn (request sent → ``done`` event); time to the first
  ``token`` event is reported beside it.
* 10 concurrent chat sessions (issue 6): ten clients, each its own session,
  each sending several turns in a row (follow-ups see the session's memory).

An error is a non-2xx status, a transport error or time-out, or a chat stream
that ends without a ``done`` event (or with an ``error`` event). A 503 with
``Retry-After`` (admission control) is not an error but a shed request: the
client waits as told and tries again; each level reports the shed requests,
the p99 of the answered ones, the longest wait for an answer or a refusal, and
the server's CPU (all its processes) per answered request. ``--workers N``
serves with N worker processes; ``--url`` drives a server already running
(for a profiler); the per-process memory is recorded after the run.

Queries are the 90 development queries (``judgments_dev.csv``), in turn.
The query-embedding cache is off by default (``--cache`` turns it on), so
every request pays for its own embedding. The load generator runs on the
same 2 cores as the server: the load average before and after each level is
recorded. Writes ``benchmarks/results/api_load.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import httpx  # noqa: E402
import psutil  # noqa: E402
from common import table, wait_healthy, write  # noqa: E402

from rag.evaluation import load_judgments, percentile  # noqa: E402
from rag.settings import Settings  # noqa: E402

LEVELS = (1, 4, 16, 64)


@dataclass
class Sample:
    ok: bool
    seconds: float
    first_token_s: float | None = None
    error: str = ""
    shed_after_s: float | None = None  # refused by admission control (503 with Retry-After): wait this long


def retry_after(response: httpx.Response) -> float | None:
    """Seconds to wait when the server shed the request (503 + Retry-After), else None."""
    if response.status_code != 503 or "retry-after" not in response.headers:
        return None
    try:
        return float(response.headers["retry-after"])
    except ValueError:
        return 1.0


@dataclass
class LevelResult:
    endpoint: str
    clients: int
    requests: int
    errors: int
    wall_s: float
    rps: float
    p50_ms: float
    p99_ms: float
    shed: int  # refused with 503 + Retry-After (not errors: the client waits and tries again)
    max_wait_ms: float  # the longest any request waited for its answer or its refusal
    shed_p99_ms: float | None  # how fast refusals came
    server_cpu_s: float | None  # CPU seconds of the server's processes during the level
    cpu_ms_per_request: float | None  # ... per answered request
    first_token_p50_ms: float | None
    first_token_p99_ms: float | None
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]
    error_examples: list[str] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int, store_dir: Path, cache: bool, workers: int, in_flight: int | None) -> subprocess.Popen:
    env = {
        **os.environ,
        "SHOPASSIST_LLM_PROVIDER": "extractive",
        "SHOPASSIST_STORE_URL": f"sqlite:///{(store_dir / 'interactions.sqlite').as_posix()}",
        "SHOPASSIST_SESSIONS_DIR": str(store_dir / "sessions"),
        "GRADIO_ANALYTICS_ENABLED": "False",
        # Throughput, not the rate limits (one loopback IP would be held at 600/minute): both off here.
        "SHOPASSIST_RATE_LIMIT_IP": "",
        "SHOPASSIST_RATE_LIMIT_IDENTITY": "",
    }
    if not cache:
        env["SHOPASSIST_QUERY_CACHE_SIZE"] = "0"
    env["SHOPASSIST_APP_WORKERS"] = str(workers)
    if in_flight is not None:
        env["SHOPASSIST_API_MAX_IN_FLIGHT"] = str(in_flight)
    log = (store_dir / "server.log").open("w")
    return subprocess.Popen(
        [sys.executable, "-c", f"import app; app.main(host='127.0.0.1', port={port})"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )


def server_processes(pid: int) -> list[psutil.Process]:
    root = psutil.Process(pid)
    return [root, *root.children(recursive=True)]


def server_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of the server and its worker processes so far."""
    total = 0.0
    for process in server_processes(pid):
        try:
            times = process.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


def server_memory(pid: int) -> list[dict[str, object]]:
    """Resident and proportional set size of each server process (PSS splits shared pages, e.g. the index's)."""
    out = []
    for process in server_processes(pid):
        try:
            info = process.memory_full_info()
            out.append({"pid": process.pid, "cmd": " ".join(process.cmdline())[-60:],
                        "rss_mib": round(info.rss / 2**20, 1), "pss_mib": round(info.pss / 2**20, 1)})
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return out


async def search_once(http: httpx.AsyncClient, query: str) -> Sample:
    started = time.perf_counter()
    try:
        response = await http.post("/api/search", json={"query": query, "k": 10})
        shed = retry_after(response)
        ok = response.status_code == 200 and "results" in response.json()
        return Sample(ok, time.perf_counter() - started, error="" if ok else f"HTTP {response.status_code}",
                      shed_after_s=shed)
    except (httpx.HTTPError, ValueError) as exc:
        return Sample(False, time.perf_counter() - started, error=f"{type(exc).__name__}: {exc}"[:200])


async def chat_once(http: httpx.AsyncClient, message: str, session_id: str | None,
                    sessions: dict[int, str] | None = None, worker: int = 0) -> Sample:
    started, first = time.perf_counter(), None
    body = {"message": message, **({"session_id": session_id} if session_id else {})}
    try:
        async with http.stream("POST", "/api/chat", json=body) as response:
            if response.status_code != 200:
                await response.aread()
                return Sample(False, time.perf_counter() - started, error=f"HTTP {response.status_code}",
                              shed_after_s=retry_after(response))
            event, done, failed = "", False, ""
            async for line in response.aiter_lines():
                if line.startswith("event:"):
                    event = line[6:].strip()
                    if event == "token" and first is None:
                        first = time.perf_counter() - started
                elif line.startswith("data:") and event == "start" and sessions is not None:
                    sessions[worker] = json.loads(line[5:])["session_id"]  # a conversation is the server's to name
                elif line.startswith("data:") and event in ("done", "error"):
                    done = done or event == "done"
                    failed = failed or (line[5:].strip()[:200] if event == "error" else "")
        ok = done and not failed
        return Sample(ok, time.perf_counter() - started, first, "" if ok else (failed or "stream ended without done"))
    except httpx.HTTPError as exc:
        return Sample(False, time.perf_counter() - started, first, f"{type(exc).__name__}: {exc}"[:200])


async def run_level(url: str, endpoint: str, clients: int, budget: int, cap_s: float, queries: list[str],
                    turns_per_session: int | None = None, cpu: Callable[[], float] | None = None) -> LevelResult:
    """``clients`` closed-loop workers share a budget of ``budget`` requests, stopping at ``cap_s``."""
    samples: list[Sample] = []
    issued = 0
    deadline = time.monotonic() + cap_s
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def worker(index: int, http: httpx.AsyncClient) -> None:
        nonlocal issued
        turn = 0
        while issued < budget and time.monotonic() < deadline:
            if turns_per_session is not None and turn >= turns_per_session:
                return
            query = queries[issued % len(queries)]
            issued += 1
            if endpoint == "search":
                sample = await search_once(http, query)
            else:
                sample = await chat_once(http, query, sessions.get(index), sessions, index)
            samples.append(sample)
            if sample.shed_after_s is not None:  # a well-behaved client honours Retry-After
                await asyncio.sleep(sample.shed_after_s)
                continue
            turn += 1

    load_before = os.getloadavg()
    cpu_before = cpu() if cpu else None
    started = time.perf_counter()
    sessions: dict[int, str] = {}
    async with httpx.AsyncClient(base_url=url, timeout=httpx.Timeout(180.0), limits=limits) as http:
        await http.post("/api/identity")  # one identity (cookie) for the run: its sessions are bound to it
        await asyncio.gather(*(worker(i, http) for i in range(clients)))
    wall = time.perf_counter() - started
    load_after = os.getloadavg()
    cpu_s = round(cpu() - cpu_before, 2) if cpu and cpu_before is not None else None
    latencies = [s.seconds * 1000 for s in samples if s.ok]
    firsts = [s.first_token_s * 1000 for s in samples if s.ok and s.first_token_s is not None]
    shed = [s.seconds * 1000 for s in samples if s.shed_after_s is not None]
    errors = [s for s in samples if not s.ok and s.shed_after_s is None]
    return LevelResult(
        endpoint=endpoint, clients=clients, requests=len(samples), errors=len(errors), wall_s=round(wall, 2),
        rps=round(len(latencies) / wall, 2) if wall else 0.0,
        p50_ms=round(percentile(latencies, 50), 1) if latencies else float("nan"),
        p99_ms=round(percentile(latencies, 99), 1) if latencies else float("nan"),
        shed=len(shed), max_wait_ms=round(max(s.seconds for s in samples) * 1000, 1) if samples else float("nan"),
        shed_p99_ms=round(percentile(shed, 99), 1) if shed else None,
        server_cpu_s=cpu_s, cpu_ms_per_request=round(cpu_s * 1000 / len(latencies), 1) if cpu_s and latencies else None,
        first_token_p50_ms=round(percentile(firsts, 50), 1) if firsts else None,
        first_token_p99_ms=round(percentile(firsts, 99), 1) if firsts else None,
        load_before=tuple(round(x, 2) for x in load_before), load_after=tuple(round(x, 2) for x in load_after),
        error_examples=sorted({e.error for e in errors})[:5],
    )


def budget_for(endpoint: str, clients: int, quick: bool, requests: int | None = None) -> int:
    """Requests per level: enough for a p99 (at least 40, and 4 per client) without running all day."""
    if requests:
        return requests
    if quick:
        return max(4, 2 * clients)
    per_client = 4 if endpoint == "search" else 3
    return max(40 if endpoint == "search" else 30, per_client * clients)


async def main_async(args: argparse.Namespace, url: str, queries: list[str],
                     cpu: Callable[[], float] | None = None) -> dict[str, object]:
    # Warm-up: the embedder, the index pages and the chain, untimed.
    async with httpx.AsyncClient(base_url=url, timeout=180) as http:
        for query in queries[:5]:
            await search_once(http, query)
            await chat_once(http, query, None)
    results: list[LevelResult] = []
    for endpoint in args.endpoints:
        for clients in args.levels:
            result = await run_level(url, endpoint, clients, budget_for(endpoint, clients, args.quick, args.requests),
                                     args.cap, queries, cpu=cpu)
            results.append(result)
            print(f"  {endpoint:6} x{clients:<3} {result.requests:4} requests {result.rps:7.2f}/s "
                  f"p50 {result.p50_ms:8.1f} ms p99 {result.p99_ms:8.1f} ms shed {result.shed} "
                  f"max wait {result.max_wait_ms:8.1f} ms errors {result.errors} "
                  f"cpu/request {result.cpu_ms_per_request} ms", flush=True)
    turns = 2 if args.quick else args.session_turns
    sessions = await run_level(url, "chat", 10, 10 * turns, args.cap, queries[7:] + queries[:7], turns_per_session=turns,
                               cpu=cpu)
    print(f"  10 chat sessions x {turns} turns: {sessions.requests} turns, p99 {sessions.p99_ms:.1f} ms, "
          f"errors {sessions.errors}", flush=True)
    return {"levels": [asdict(r) for r in results], "chat_sessions_10": {**asdict(sessions), "turns_per_session": turns}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--levels", type=int, nargs="+", default=list(LEVELS), help="Concurrent clients per level.")
    parser.add_argument("--endpoints", nargs="+", default=["search", "chat"], choices=["search", "chat"])
    parser.add_argument("--cap", type=float, default=180.0, help="Seconds at most per level.")
    parser.add_argument("--session-turns", type=int, default=5, help="Turns per session in the 10-session run.")
    parser.add_argument("--cache", action="store_true", help="Keep the query-embedding cache on.")
    parser.add_argument("--quick", action="store_true", help="Tiny budgets: check the harness, not the figures.")
    parser.add_argument("--out", default="api_load", help="Result name under benchmarks/results/.")
    parser.add_argument("--requests", type=int, default=None, help="Requests per level (default: by level).")
    parser.add_argument("--workers", type=int, default=1, help="Server worker processes (SHOPASSIST_APP_WORKERS).")
    parser.add_argument("--in-flight", type=int, default=None,
                        help="Admission control: API requests in flight per worker (0: off; default: settings).")
    parser.add_argument("--url", default=None,
                        help="Drive a server already running there (e.g. one under a profiler) instead of starting one.")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the server we started on the way out

    settings = Settings()
    queries = list(load_judgments(settings.judgments_path).queries)
    if args.url:
        health = wait_healthy(args.url)
        payload = asyncio.run(main_async(args, args.url, queries))
        print(json.dumps(payload["levels"], indent=1))
        return
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="shopassist-api-load-") as folder:
        server = start_server(port, Path(folder), args.cache, args.workers, args.in_flight)
        try:
            health = wait_healthy(url, server)
            print(f"server {url}: {health['products']} products, engine {health['engine']['name']}, "
                  f"generator {health['generator']}, {args.workers} worker(s)", flush=True)
            time.sleep(5 if args.workers > 1 else 0)  # every worker up, not just the first to answer
            payload = asyncio.run(main_async(args, url, queries, cpu=lambda: server_cpu_seconds(server.pid)))
            memory = server_memory(server.pid)
            metrics = httpx.get(f"{url}/metrics", timeout=30).text
        except BaseException:
            print((Path(folder) / "server.log").read_text()[-3000:], file=sys.stderr)
            raise
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
    levels = payload["levels"]
    def row(name: object, r: dict) -> list[object]:
        return [name, r["clients"], r["requests"], r["rps"], r["p50_ms"], r["p99_ms"], r["shed"], r["max_wait_ms"],
                r["first_token_p50_ms"] if r["first_token_p50_ms"] is not None else "-", r["errors"],
                r["cpu_ms_per_request"] if r["cpu_ms_per_request"] is not None else "-",
                f"{r['load_before'][0]:.2f} → {r['load_after'][0]:.2f}"]

    s = payload["chat_sessions_10"]
    rows = [row(r["endpoint"], r) for r in levels] + [row(f"chat (10 sessions × {s['turns_per_session']} turns)", s)]
    print(table(["endpoint", "clients", "requests", "answered/s", "p50 ms", "p99 ms", "shed (503)", "max wait ms",
                 "first token p50 ms", "errors", "server CPU ms/request", "load avg (1 min) before → after"], rows))
    print(table(["process", "RSS MiB", "PSS MiB"], [[m["cmd"], m["rss_mib"], m["pss_mib"]] for m in memory]))
    path = write(args.out, {
        "server": {"products": health["products"], "engine": health["engine"]["name"], "generator": health["generator"],
                   "query_cache": args.cache, "loopback": True, "chat_pool": settings.api_max_concurrent_turns,
                   "workers": args.workers, "in_flight": args.in_flight, "memory_after_run": memory,
                   "cpus": os.cpu_count()},
        "quick": args.quick,
        **payload,
        "server_metrics_excerpt": [line for line in metrics.splitlines()
                                   if line.startswith(("shopassist_http_requests_total", "shopassist_http_shed_total"))][:20],
        "command": "python benchmarks/api_load.py " + " ".join(sys.argv[1:]),
    })
    print(f"wrote {path}")
    print(json.dumps({"search_errors_at_16": next((r["errors"] for r in levels if r["endpoint"] == "search" and r["clients"] == 16), None),
                      "chat_sessions_10_errors": s["errors"], "chat_sessions_10_p99_ms": s["p99_ms"]}))


if __name__ == "__main__":
    main()
