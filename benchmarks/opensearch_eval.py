"""`shopassist eval` on the embedded engine and on a real OpenSearch, side by side, in one run.

Run (a node from ``make opensearch`` holding the catalog, e.g. loaded by
``benchmarks/opensearch_ingest.py``)::

    .venv/bin/python benchmarks/opensearch_eval.py --url http://127.0.0.1:9200

Runs the CLI's own ``shopassist eval`` twice on the dev judgments, every mode
it runs by default: once with ``SHOPASSIST_ENGINE=embedded``, once with
``SHOPASSIST_ENGINE=opensearch`` (client-side fusion, the engine's default),
then ``--server-hybrid`` adds the hybrid rows with OpenSearch's ``hybrid``
query through each search pipeline (RRF with equal leg weights: 2.19 has no
weighted RRF; normalization with the app's weights). The OpenSearch runs get a copy of the
embedded index (the fallback engine keeps its outbox there, and the index
must not be written to) and a fallback latency budget of 60 s, so a slow
query on a busy machine is still OpenSearch's; the node's search counter is
read before and after each run to show the queries reached it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import table, write

from rag.settings import get_settings

METRICS = ("ndcg@10", "ndcg@10_condensed", "mrr", "hit@5", "recall@100", "judged@10", "p50_ms", "p99_ms")


def _searches(url: str) -> int:
    from opensearchpy import OpenSearch

    nodes = OpenSearch(hosts=[url]).nodes.stats(metric="indices", index_metric="search")["nodes"]
    return sum(n["indices"]["search"]["query_total"] for n in nodes.values())


def _eval(env: dict[str, str], out: Path, modes: list[str] | None) -> dict[str, object]:
    cmd = [sys.executable, "-m", "rag.cli", "eval", "--json", str(out)]
    for mode in modes or []:
        cmd += ["--mode", mode]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    print(done.stdout.splitlines()[0])
    return json.loads(out.read_text())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:9200")
    parser.add_argument("--alias", default="shopassist-products")
    parser.add_argument("--mode", action="append", help="only these modes (as `shopassist eval --mode`)")
    parser.add_argument("--server-hybrid", action="store_true", help="also the server-side hybrid query, both pipelines")
    args = parser.parse_args()
    settings = get_settings()
    runs: dict[str, dict[str, object]] = {}
    searches: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="opensearch-eval-") as tmp:
        copy = Path(tmp) / "index"
        shutil.copytree(settings.index_dir, copy)
        base = {**os.environ, "SHOPASSIST_QUERY_CACHE_SIZE": "0"}
        runs["embedded"] = _eval({**base, "SHOPASSIST_ENGINE": "embedded"}, Path(tmp) / "embedded.json", args.mode)
        os_env = {
            **base,
            "SHOPASSIST_ENGINE": "opensearch",
            "SHOPASSIST_OPENSEARCH_URL": args.url,
            "SHOPASSIST_OPENSEARCH_INDEX": args.alias,
            "SHOPASSIST_INDEX_DIR": str(copy),
            "SHOPASSIST_FALLBACK_LATENCY_BUDGET_MS": "60000",
            "SHOPASSIST_OPENSEARCH_TIMEOUT_S": "60",
        }
        variants = {"opensearch": {}}
        if args.server_hybrid:
            hybrid = ["hybrid-rrf", "hybrid-linear"]
            server = {"SHOPASSIST_OPENSEARCH_HYBRID": "server"}
            # 2.19 has no weighted RRF (it refuses the weights): that row runs with equal leg weights.
            variants["opensearch server-rrf (equal weights)"] = {
                **server, "SHOPASSIST_OPENSEARCH_HYBRID_PIPELINE": "rrf",
                "SHOPASSIST_LEG_WEIGHTS": '{"bm25": 1.0, "dense": 1.0}'}
            variants["opensearch server-normalization"] = {**server, "SHOPASSIST_OPENSEARCH_HYBRID_PIPELINE": "normalization"}
        for name, extra in variants.items():
            modes = args.mode if name == "opensearch" else [m for m in hybrid if not args.mode or m in args.mode]
            before = _searches(args.url)
            runs[name] = _eval({**os_env, **extra}, Path(tmp) / f"{name}.json", modes)
            searches[name] = _searches(args.url) - before
    rows = []
    modes = list(runs["embedded"]["modes"])
    for mode in modes:
        for name, run in runs.items():
            m = run["modes"].get(mode)
            if m is not None:
                rows.append([mode, name, *(m[k] if m[k] is not None else "-" for k in METRICS)])
    print(f"{runs['embedded']['queries']} queries in the means; OpenSearch searches per run: {searches}")
    print(table(["mode", "engine", *METRICS], rows))
    path = write("opensearch_eval", {"runs": runs, "opensearch_searches": searches, "url": args.url,
                                      "judgments": settings.judgments_path.name})
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
