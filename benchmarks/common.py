"""Helpers shared by the benchmarks: machine description, tables, JSON output."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

RESULTS = Path(__file__).parent / "results"
# The repository root, so a benchmark can use test-only helpers (tests/fault_injection.py).
REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.append(str(REPO_ROOT))


def machine() -> dict[str, object]:
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        cpu = platform.processor()
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "commit": commit,
        "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
    }


def table(headers: list[str], rows: list[list[object]]) -> str:
    def fmt(v: object) -> str:
        if isinstance(v, float):
            return f"{v:.3f}" if abs(v) < 10 else f"{v:.2f}"
        return str(v)

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(fmt(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def write(name: str, payload: dict[str, object]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    text = json.dumps({"machine": machine(), **payload}, indent=2)
    # Paths inside the checkout are written relative to it: a result names no machine's folders.
    path.write_text(text.replace(json.dumps(str(REPO_ROOT) + "/")[1:-1], ""))
    return path


def interleaved(
    systems: Mapping[str, Callable[[str], list[str]]], queries: Sequence[str], repeat: int
) -> tuple[dict[str, dict[str, list[str]]], dict[str, list[float]], str, str]:
    """Run every system on every query in turn, ``repeat`` rounds (so load drifts hit all alike):
    each system's ranking per query, its per-call milliseconds, and the load average before and after."""
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    ranked: dict[str, dict[str, list[str]]] = {name: {} for name in systems}
    ms: dict[str, list[float]] = {name: [] for name in systems}
    for _ in range(repeat):
        for q in queries:
            for name, search in systems.items():
                t0 = time.perf_counter()
                ranked[name][q] = search(q)
                ms[name].append((time.perf_counter() - t0) * 1000)
    load_after = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return ranked, ms, load_before, load_after


def wait_healthy(url: str, server: subprocess.Popen | None = None, timeout_s: float = 300.0) -> dict:
    """The server's /healthz once it answers 200; ``server``: the process the benchmark started
    (None: a server it did not start, as with ``api_load.py --url``)."""
    import httpx

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server is not None and server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode}; see its log")
        try:
            response = httpx.get(f"{url}/healthz", timeout=5)
            if response.status_code == 200:
                return response.json()
        except httpx.HTTPError:
            pass
        time.sleep(1)
    if server is None:
        raise RuntimeError(f"no healthy server at {url} in {timeout_s:.0f} s")
    raise RuntimeError(f"the server did not become healthy in {timeout_s:.0f} s")
