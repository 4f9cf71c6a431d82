"""Feedback writes through the HTTP API: throughput, latency, and no acknowledged write lost under kill -9.

Run: ``.venv/bin/python benchmarks/feedback_load.py`` (``--quick`` for a smoke run;
``--store-url postgresql+psycopg://...`` for PostgreSQL, each run in its own schema).

Starts the real server (``app.main``: the Gradio app and the API in one
process, the index in ``settings.index_dir``, the extractive composer, rate
limits off) on a free loopback port with a fresh interaction store. Ten
shoppers each get an identity (``POST /api/identity``) and one logged chat
turn (``POST /api/chat``), whose shown products they then act on. Two runs:

* **load**: C closed-loop clients (default 50, spread over the shoppers) post
  ``/api/feedback`` for ``--seconds`` (default 30): three clicks on a shown
  product for every thumbs on the answer, each with a unique ``client_key``.
  Reported: acknowledged writes/s (201 answers), p50/p99/max latency, errors,
  the load average, and the server process's CPU time per acknowledged write
  (from ``/proc``: the figure a loaded machine moves least). Then every acknowledged key must be in the store, and each
  shopper's stored affinity counts must equal those recomputed from their rows.
* **kill -9**: a fresh server and store, the same load, and ``SIGKILL`` to the
  server after ``--kill-at`` seconds (default 10). Requests in flight then fail
  (never acknowledged); every acknowledged one must be in the store
  (``lost: 0``); a stored row that was never acknowledged is allowed (committed,
  killed before the answer left). SQLite: ``PRAGMA integrity_check`` is ``ok``.

The load generator (httpx, asyncio) runs on the same cores as the server: its
CPU is part of the machine's load. Writes ``benchmarks/results/feedback_load.json``
(``--out`` renames it).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import httpx  # noqa: E402
from common import table, wait_healthy, write  # noqa: E402

from rag.evaluation import percentile  # noqa: E402

SHOPPERS = 10
CHAT_MESSAGES = ("a wireless mouse", "a mechanical keyboard", "a usb headset", "a 27 inch monitor", "a webcam for calls",
                 "a laptop bag", "an external ssd", "a bluetooth speaker", "a gaming mouse", "a usb-c hub")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int, folder: Path, store_url: str, workers: int = 1) -> subprocess.Popen:
    env = {
        **os.environ,
        "SHOPASSIST_LLM_PROVIDER": "extractive",
        "SHOPASSIST_STORE_URL": store_url,
        "SHOPASSIST_SESSIONS_DIR": str(folder / "sessions"),
        "GRADIO_ANALYTICS_ENABLED": "False",
        # Throughput, not the rate limits (one loopback IP would be held at 600/minute): both off here.
        "SHOPASSIST_RATE_LIMIT_IP": "",
        "SHOPASSIST_RATE_LIMIT_IDENTITY": "",
        "SHOPASSIST_APP_WORKERS": str(workers),
    }
    log = (folder / f"server-{port}.log").open("w")
    return subprocess.Popen([sys.executable, "-c", f"import app; app.main(host='127.0.0.1', port={port})"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


@dataclass
class Shopper:
    user_id: str
    token: str
    request_id: str
    products: list[str]


@dataclass
class RunResult:
    acknowledged: list[str] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    wall_s: float = 0.0


async def make_shoppers(url: str, n: int) -> list[Shopper]:
    """Each shopper: an identity and one logged turn (its request id and shown products)."""
    shoppers = []
    async with httpx.AsyncClient(base_url=url, timeout=300) as http:
        for i in range(n):
            issued = (await http.post("/api/identity")).json()
            headers = {"Authorization": f"Bearer {issued['token']}"}
            http.cookies.clear()
            done = None
            body = {"message": CHAT_MESSAGES[i % len(CHAT_MESSAGES)], "user_id": issued["user_id"]}
            async with http.stream("POST", "/api/chat", json=body, headers=headers) as response:
                response.raise_for_status()
                event = ""
                async for line in response.aiter_lines():
                    if line.startswith("event:"):
                        event = line[6:].strip()
                    elif line.startswith("data:") and event == "done":
                        done = json.loads(line[5:])
            if done is None or not done["products"]:
                raise RuntimeError(f"the turn for shopper {i} returned no products")
            shoppers.append(Shopper(issued["user_id"], issued["token"], done["request_id"],
                                    [p["id"] for p in done["products"]]))
    return shoppers


async def load(url: str, shoppers: list[Shopper], clients: int, seconds: float, run: str,
               server: subprocess.Popen | None = None, kill_at: float | None = None) -> RunResult:
    """``clients`` closed-loop posters for ``seconds``; with ``kill_at``, SIGKILL the server then."""
    result = RunResult()
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def client(index: int, http: httpx.AsyncClient) -> None:
        shopper = shoppers[index % len(shoppers)]
        headers = {"Authorization": f"Bearer {shopper.token}"}
        n = 0
        while time.monotonic() < deadline:
            key = f"{run}-c{index}-{n}"
            body: dict[str, object] = {"request_id": shopper.request_id, "user_id": shopper.user_id, "client_key": key}
            if n % 4 == 3:
                body["kind"] = "thumbs_up"
            else:
                body["kind"] = "click"
                body["product_id"] = shopper.products[(index + n) % len(shopper.products)]
            n += 1
            started = time.perf_counter()
            try:
                response = await http.post("/api/feedback", json=body, headers=headers)
            except httpx.HTTPError as exc:
                result.errors[type(exc).__name__] += 1
                if kill_at is not None and server is not None and server.poll() is not None:
                    return  # the server is gone: this client stops
                continue
            if response.status_code == 201:
                result.latencies_ms.append((time.perf_counter() - started) * 1000)
                result.acknowledged.append(key)
            else:
                result.errors[f"HTTP {response.status_code}"] += 1

    async def killer() -> None:
        if kill_at is None or server is None:
            return
        await asyncio.sleep(kill_at)
        server.send_signal(signal.SIGKILL)

    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=url, timeout=httpx.Timeout(60.0), limits=limits) as http:
        await asyncio.gather(killer(), *(client(i, http) for i in range(clients)))
    result.wall_s = time.perf_counter() - started
    return result


def check_store(store_url: str, acknowledged: list[str], run: str, brand_of: dict[str, str]) -> dict[str, object]:
    """Lost acknowledged writes, unacknowledged rows, integrity, and profile counts against the rows."""
    from sqlalchemy import select, text

    from personalization.store import AffinityRow, InteractionRow, make_engine

    engine = make_engine(store_url)
    try:
        with engine.connect() as conn:
            stored = {r[0] for r in conn.execute(text("SELECT client_key FROM interactions WHERE client_key LIKE :p"),
                                                 {"p": f"{run}-%"})}
            integrity = conn.execute(text("PRAGMA integrity_check")).scalar() if store_url.startswith("sqlite") else "ok"
            expected: Counter = Counter()
            for user, pid, kind in conn.execute(select(InteractionRow.user_id, InteractionRow.product_id, InteractionRow.kind)):
                if pid and pid in brand_of:
                    expected[(user, brand_of[pid], kind)] += 1
            got: Counter = Counter()
            for user, key, counts in conn.execute(select(AffinityRow.user_id, AffinityRow.key, AffinityRow.counts)
                                                  .where(AffinityRow.kind == "brand")):
                for kind, n in (counts or {}).items():
                    got[(user, key, kind)] += n
    finally:
        engine.dispose()
    acked = set(acknowledged)
    return {"stored": len(stored), "lost": len(acked - stored), "stored_unacknowledged": len(stored - acked),
            "integrity_check": integrity, "profiles_match_rows": expected == got}


def brands(shoppers: list[Shopper]) -> dict[str, str]:
    """Brand of every shown product, from the index (what the profile's brand affinities key on)."""
    from rag.settings import Settings
    from rag.wiring import engine_factory

    settings = Settings()
    engine = engine_factory(settings)(settings.index_dir)
    ids = sorted({p for s in shoppers for p in s.products})
    return {pid: (p.brand or "").strip().lower() for pid, p in engine.fetch(ids).items() if p.brand}


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of process ``pid`` so far (Linux ``/proc``; None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def summary(name: str, result: RunResult, load_before, load_after, server_cpu_s: float | None = None) -> dict[str, object]:
    lat = result.latencies_ms
    acked = len(result.acknowledged)
    return {
        "run": name, "acknowledged": acked, "wall_s": round(result.wall_s, 2),
        # The server's own CPU per acknowledged write: what a loaded machine changes least.
        "server_cpu_ms_per_write": round(1000 * server_cpu_s / acked, 2) if server_cpu_s and acked else None,
        "writes_per_s": round(len(result.acknowledged) / result.wall_s, 1) if result.wall_s else 0.0,
        "p50_ms": round(percentile(lat, 50), 1) if lat else None,
        "p99_ms": round(percentile(lat, 99), 1) if lat else None,
        "max_ms": round(max(lat), 1) if lat else None,
        "errors": dict(result.errors),
        "load_before": [round(x, 2) for x in load_before], "load_after": [round(x, 2) for x in load_after],
    }


@contextlib.contextmanager
def store_for(base_url: str | None, folder: Path, name: str):
    """A fresh store: a SQLite file in ``folder``, or a new schema on the PostgreSQL server (dropped after)."""
    if not base_url:
        yield f"sqlite:///{(folder / f'{name}.sqlite').as_posix()}"
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    schema = f"feedback_{name}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base_url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield make_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def one_run(args, folder: Path, name: str, kill_at: float | None) -> dict[str, object]:
    with store_for(args.store_url, folder, name) as store_url:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        server = start_server(port, folder, store_url)
        try:
            wait_healthy(url, server)
            shoppers = asyncio.run(make_shoppers(url, SHOPPERS))
            # Warm-up (untimed, its own keys): the first feedback on each product pays for its lookups.
            asyncio.run(load(url, shoppers, SHOPPERS, 3.0 if not args.quick else 1.0, f"{name}warm"))
            before, cpu_before = os.getloadavg(), cpu_seconds(server.pid)
            result = asyncio.run(load(url, shoppers, args.clients, args.seconds, name, server, kill_at))
            after, cpu_after = os.getloadavg(), cpu_seconds(server.pid)
        except BaseException:
            print((folder / f"server-{port}.log").read_text()[-3000:], file=sys.stderr)
            raise
        finally:
            if server.poll() is None:
                server.terminate()
                try:
                    server.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    server.kill()
        cpu = cpu_after - cpu_before if cpu_before is not None and cpu_after is not None else None
        out = summary(name, result, before, after, cpu if kill_at is None else None)
        if kill_at is not None:
            out["killed_at_s"] = kill_at
            out["server_exit"] = server.returncode
        out.update(check_store(store_url, result.acknowledged, name, brands(shoppers)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--kill-at", type=float, default=10.0, help="Seconds into the kill run before SIGKILL.")
    parser.add_argument("--store-url", default="", help="A PostgreSQL SQLAlchemy URL (default: a SQLite file).")
    parser.add_argument("--quick", action="store_true", help="Short runs: check the harness, not the figures.")
    parser.add_argument("--out", default=None, help="Result name under benchmarks/results/.")
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.kill_at = min(args.seconds, 5.0), min(args.kill_at, 3.0)

    with tempfile.TemporaryDirectory(prefix="shopassist-feedback-load-") as tmp:
        folder = Path(tmp)
        runs = [one_run(args, folder, "load", None),
                one_run(args, folder, "kill", args.kill_at)]
    headers = ["run", "acknowledged", "writes_per_s", "server_cpu_ms_per_write", "p50_ms", "p99_ms", "max_ms", "errors", "stored", "lost",
               "stored_unacknowledged", "integrity_check", "profiles_match_rows", "load_before", "load_after"]
    print(table(headers, [[r.get(h, "") for h in headers] for r in runs]))
    backend = "postgresql" if args.store_url else "sqlite"
    name = args.out or ("feedback_load" if backend == "sqlite" else "feedback_load_postgresql")
    path = write(name, {"backend": backend, "clients": args.clients, "seconds": args.seconds, "quick": args.quick,
                        "runs": runs, "command": "python benchmarks/feedback_load.py " + " ".join(sys.argv[1:])})
    print(f"wrote {path}")
    if any(r["lost"] or r["integrity_check"] != "ok" for r in runs) or not runs[0]["profiles_match_rows"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
