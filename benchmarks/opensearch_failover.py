"""A two-node OpenSearch cluster on loopback losing a node, then the whole cluster.

Run (needs the app's embedded index, a JDK and Maven; starts and stops its own nodes)::

    .venv/bin/python benchmarks/opensearch_failover.py --queries 1000 --qps 10

Two JVMs from ``deploy/opensearch-node/node.sh``: node ``a`` (cluster manager
and data) and node ``b`` (data only), the catalog from the embedded index
(no re-embedding) in 2 shards with 1 replica each, so each node holds a copy
of every shard. With two nodes only one can be the cluster manager (a
quorum of two would need both), so the node killed is the data node; losing
the manager needs the three-manager layout of a production cluster.

Part 1: ``--queries`` hybrid retrievals (dev-set queries cycled, their
embeddings computed first; client-side fusion, both legs on OpenSearch, the
client knows both nodes; a 10 s timeout, so a query slowed by a busy machine
is not counted as lost) paced at ``--qps``. After ``--kill-at`` queries node
b gets SIGKILL; ``--down-s`` seconds later it is started again. Reports
answered, errors, p99 before the kill, during (kill until the cluster is
green again) and after, and the time back to green.

Part 2: the whole cluster stopped, first hung (SIGSTOP on both JVMs), then
crashed (SIGKILL). The app's engine (OpenSearch behind the fallback engine,
with a copy of the embedded index and an outbox) answers ``--outage-queries``
queries in each; every answer must arrive within the request budget. During
each outage some products are changed and some deleted through the engine;
after recovery (SIGCONT, or the nodes started again) the outbox replays them
and the cluster's documents are compared with the embedded index's.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

from common import table, write
from rag.engines.setup import breaker_config
from rag.services import make_embedder

from rag.engines.fallback import FallbackEngine
from rag.engines.lancedb_engine import LanceDBEngine
from rag.engines.opensearch_dsl import IndexLayout
from rag.engines.opensearch_engine import OpenSearchConfig, OpenSearchEngine
from rag.engines.outbox import OUTBOX_FILE, Outbox
from rag.evaluation import load_judgments, percentile
from rag.retrieval.hybrid import HybridRetriever
from rag.settings import get_settings

NODE_SH = Path(__file__).resolve().parent.parent / "deploy" / "opensearch-node" / "node.sh"
ALIAS = "failover-products"


class Node:
    def __init__(self, name: str, home: Path, port: int, heap: str, settings: list[str]) -> None:
        self.name, self.home, self.port, self.heap, self.settings = name, home, port, heap, settings

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _env(self) -> dict[str, str]:
        return {**os.environ, "OPENSEARCH_NODE_HOME": str(self.home), "OPENSEARCH_NODE_PORT": str(self.port),
                "OPENSEARCH_NODE_HEAP": self.heap, "OPENSEARCH_NODE_WAIT_S": "180"}

    def start(self, wait_for: str = "green") -> float:
        """Start and wait for ``wait_for``: a node rejoining waits for yellow (it has joined);
        the replicas it brings back recover after that, and wait_green times the rest."""
        t0 = time.perf_counter()
        env = {**self._env(), "OPENSEARCH_NODE_WAIT_FOR": wait_for}
        subprocess.run([str(NODE_SH), "start", *self.settings], env=env, check=True)
        return time.perf_counter() - t0

    def stop(self) -> None:
        subprocess.run([str(NODE_SH), "stop"], env=self._env(), check=False)

    @property
    def pid(self) -> int:
        return int((self.home / "node.pid").read_text())

    def signal(self, sig: int) -> None:
        os.kill(self.pid, sig)


def health(client) -> str:
    try:
        return client.cluster.health(request_timeout=2)["status"]
    except Exception as exc:  # the node we ask may be the one down
        return f"no answer ({type(exc).__name__})"


def wait_green(client, limit_s: float = 600) -> float:
    t0 = time.perf_counter()
    while health(client) != "green":
        if time.perf_counter() - t0 > limit_s:
            raise SystemExit(f"cluster not green after {limit_s} s")
        time.sleep(0.25)
    return time.perf_counter() - t0


def load(engine: OpenSearchEngine, embedded: LanceDBEngine, limit: int | None) -> tuple[int, float]:
    ids = sorted(embedded.content_hashes())[:limit]
    t0 = time.perf_counter()
    for start in range(0, len(ids), 500):
        engine.upsert(embedded.export_documents(ids[start : start + 500]))
    return len(ids), time.perf_counter() - t0


def lose_a_node(args, retriever, queries, vectors, a: Node, b: Node, client) -> dict[str, object]:
    marks: dict[str, float] = {}
    restart_s: list[float] = []

    def restart() -> None:
        time.sleep(args.down_s)
        marks["restart"] = time.perf_counter()
        restart_s.append(b.start(wait_for="yellow"))
        wait_green(client, limit_s=900)
        marks["green"] = time.perf_counter()

    timings: list[tuple[float, float, bool]] = []  # (start, ms, ok)
    errors: list[str] = []
    baseline: dict[str, list[str]] = {}
    changed = 0
    interval = 1.0 / args.qps
    restarter = threading.Thread(target=restart, daemon=True)
    t_next = time.perf_counter()
    for i in range(args.queries):
        if i == args.kill_at:
            b.signal(signal.SIGKILL)
            marks["kill"] = time.perf_counter()
            restarter.start()
        q = queries[i % len(queries)]
        t0 = time.perf_counter()
        try:
            result = retriever.retrieve(q, k=10, query_vector=vectors[q])
            ok = bool(result.hits)
            ids = [h.product_id for h in result.hits]
            if "kill" not in marks:
                baseline.setdefault(q, ids)
            elif baseline.get(q) not in (None, ids):
                changed += 1
        except Exception as exc:
            ok = False
            errors.append(f"{type(exc).__name__}: {str(exc)[:200]}")
        timings.append((t0, (time.perf_counter() - t0) * 1000, ok))
        t_next += interval
        time.sleep(max(0.0, t_next - time.perf_counter()))
    restarter.join(timeout=900)
    green_at = marks.get("green", float("inf"))
    # If the cluster was green again only after the run, ``--after-queries`` more show the "after" phase.
    if "green" in marks and sum(1 for t in timings if t[0] >= green_at) < args.after_queries:
        for i in range(args.after_queries):
            q = queries[i % len(queries)]
            t0 = time.perf_counter()
            try:
                ok = bool(retriever.retrieve(q, k=10, query_vector=vectors[q]).hits)
            except Exception as exc:
                ok = False
                errors.append(f"{type(exc).__name__}: {str(exc)[:200]}")
            timings.append((t0, (time.perf_counter() - t0) * 1000, ok))
            time.sleep(max(0.0, interval - (time.perf_counter() - t0)))
    phases = {
        "before": [t for t in timings if t[0] < marks["kill"]],
        "during": [t for t in timings if marks["kill"] <= t[0] < green_at],
        "after": [t for t in timings if t[0] >= green_at],
    }
    report: dict[str, object] = {
        "queries": len(timings),
        "answered": sum(ok for _, _, ok in timings),
        "errors": len(errors),
        "error_samples": errors[:5],
        "answers_changed_vs_before_kill": changed,
        "node_restart_s": restart_s[0] if restart_s else None,
        "kill_to_green_s": green_at - marks["kill"] if "green" in marks else None,
        "restart_to_green_s": green_at - marks["restart"] if "green" in marks else None,
    }
    for name, rows in phases.items():
        ms = [m for _, m, _ in rows]
        report[name] = {"queries": len(rows), "answered": sum(ok for _, _, ok in rows),
                        "p50_ms": percentile(ms, 50) if ms else None, "p99_ms": percentile(ms, 99) if ms else None,
                        "max_ms": max(ms) if ms else None}
    return report


def compare(direct: OpenSearchEngine, embedded: LanceDBEngine, ids: list[str]) -> dict[str, int]:
    theirs, ours = direct.fetch(ids), embedded.fetch(ids)
    return {
        "checked": len(ids),
        "opensearch_count": direct.count(),
        "embedded_count": len(embedded.content_hashes()),
        "mismatched": sum(theirs.get(i) != ours.get(i) for i in ids),
    }


def outage(kind: str, args, engine: FallbackEngine, retriever, queries, vectors, nodes, direct, embedded, round_: int):
    sig = signal.SIGSTOP if kind == "hang" else signal.SIGKILL
    for n in nodes:
        n.signal(sig)
    latencies, answered = [], 0
    for i in range(args.outage_queries):
        q = queries[i % len(queries)]
        t0 = time.perf_counter()
        try:
            answered += bool(retriever.retrieve(q, k=10, query_vector=vectors[q]).hits)
        except Exception as exc:
            print(f"  unanswered {q!r}: {type(exc).__name__}: {exc}")
        latencies.append((time.perf_counter() - t0) * 1000)
    # Writes while the cluster is down: 20 products changed, 5 deleted.
    ids = sorted(embedded.content_hashes())
    pick = ids[round_ * 50 : round_ * 50 + 20]
    gone = ids[round_ * 50 + 20 : round_ * 50 + 25]
    docs = [replace(d, product=replace(d.product, title=f"{kind} outage edition {d.product.title}",
                                       content_hash=f"{kind}-{d.product.content_hash}"))
            for d in embedded.export_documents(pick)]
    engine.upsert(docs)
    engine.delete(gone)
    queued = engine.outbox.stats().pending
    t0 = time.perf_counter()
    if kind == "hang":
        for n in nodes:
            n.signal(signal.SIGCONT)
    else:
        # Together: each node's start waits for green, which needs the other's shard copies.
        starters = [threading.Thread(target=n.start, kwargs={"wait_for": "yellow"}) for n in nodes]
        for t in starters:
            t.start()
        for t in starters:
            t.join()
    wait_green(direct.client)
    drained = False
    while not drained and time.perf_counter() - t0 < 300:
        drained = engine.drain()
        time.sleep(0.25 if not drained else 0)
    recovered_s = time.perf_counter() - t0
    result = compare(direct, embedded, pick + gone)
    return {
        "kind": kind,
        "queries": args.outage_queries,
        "answered": answered,
        "budget_ms": engine.breaker.config.latency_budget_ms,
        "p50_ms": percentile(latencies, 50), "p99_ms": percentile(latencies, 99), "max_ms": max(latencies),
        "writes_queued": queued,
        "replayed": drained,
        "recover_and_replay_s": recovered_s,
        "deleted_still_in_opensearch": sum(1 for i in gone if direct.fetch([i])),
        **result,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--qps", type=float, default=10.0)
    parser.add_argument("--kill-at", type=int, default=150)
    parser.add_argument("--down-s", type=float, default=5.0)
    parser.add_argument("--outage-queries", type=int, default=200)
    parser.add_argument("--after-queries", type=int, default=100,
                        help="queries sent once green again, when the run itself ended before that")
    parser.add_argument("--products", type=int, default=None, help="load only the first N products")
    parser.add_argument("--heap", default="512m")
    parser.add_argument("--base-port", type=int, default=9280)
    args = parser.parse_args()
    settings = get_settings()
    source = LanceDBEngine(settings.index_dir)
    embedder = make_embedder(settings)
    queries = list(load_judgments(settings.judgments_path).queries)
    vectors = {q: embedder.embed_query(q) for q in queries}
    with tempfile.TemporaryDirectory(prefix="opensearch-failover-") as tmp:
        root = Path(tmp)
        pa, pb = args.base_port, args.base_port + 1
        seeds = f"discovery.seed_hosts=127.0.0.1:{pa + 100},127.0.0.1:{pb + 100}"
        common = ["cluster.name=shopassist-pair", seeds, "cluster.initial_cluster_manager_nodes=a"]
        a = Node("a", root / "a", pa, args.heap, [*common, "node.name=a"])
        b = Node("b", root / "b", pb, args.heap, [*common, "node.name=b", "node.roles=data"])
        nodes = [a, b]
        try:
            start_s = {n.name: n.start() for n in nodes}
            # The app's client settings (2 s timeout) for part 2; part 1 queries OpenSearch directly
            # with a 10 s timeout, so a query slowed by the machine's load is not counted as lost.
            config = OpenSearchConfig(hosts=(a.url, b.url), index=ALIAS, layout=IndexLayout(shards=2, replicas=1),
                                      timeout_s=2.0, max_retries=1, write_retries=3)
            os_engine = OpenSearchEngine(replace(config, timeout_s=10.0))
            loaded, load_s = load(OpenSearchEngine(replace(config, timeout_s=120.0)), source, args.products)
            green_s = wait_green(os_engine.client)
            print(f"two nodes up ({start_s}); {loaded} products loaded in {load_s:.1f} s, green {green_s:.1f} s later")
            retriever = HybridRetriever.from_settings(os_engine, embedder, settings)
            warm = HybridRetriever.from_settings(OpenSearchEngine(replace(config, timeout_s=120.0)), embedder, settings)
            for q in queries:  # warm-up (fresh segments, graphs read from disk), with a generous timeout
                warm.retrieve(q, k=10, query_vector=vectors[q])
            part1 = lose_a_node(args, retriever, queries, vectors, a, b, os_engine.client)
            print(table(["phase", "queries", "answered", "p50 ms", "p99 ms", "max ms"],
                        [[p, part1[p]["queries"], part1[p]["answered"], part1[p]["p50_ms"] or 0.0,
                          part1[p]["p99_ms"] or 0.0, part1[p]["max_ms"] or 0.0] for p in ("before", "during", "after")]))
            print(f"answered {part1['answered']} of {part1['queries']}, errors {part1['errors']} "
                  f"{part1['error_samples']}; node b restarted in {part1['node_restart_s']} s; "
                  f"kill to green {part1['kill_to_green_s']} s; answers changed {part1['answers_changed_vs_before_kill']}")
            # Part 2: the app's engine, OpenSearch behind the fallback.
            copy = root / "embedded"
            shutil.copytree(settings.index_dir, copy)
            embedded = LanceDBEngine(copy, lexical_boosts=settings.lexical_boosts)
            app_engine = FallbackEngine(OpenSearchEngine(config), embedded, outbox=Outbox(copy / OUTBOX_FILE),
                                        breaker=breaker_config(settings))
            app_engine.warm_up()
            app_retriever = HybridRetriever.from_settings(app_engine, embedder, settings)
            for q in queries:  # warm-up through the app's engine (a slow one may fall back: fine here)
                app_retriever.retrieve(q, k=10, query_vector=vectors[q])
            part2 = [outage(kind, args, app_engine, app_retriever, queries, vectors, nodes, os_engine, embedded, i)
                     for i, kind in enumerate(("hang", "crash"))]
            print(table(["outage", "answered", "budget ms", "p50 ms", "p99 ms", "max ms", "writes queued",
                         "replayed", "recover+replay s", "mismatched", "OS count", "embedded count"],
                        [[r["kind"], f"{r['answered']}/{r['queries']}", r["budget_ms"], r["p50_ms"], r["p99_ms"],
                          r["max_ms"], r["writes_queued"], r["replayed"], r["recover_and_replay_s"], r["mismatched"],
                          r["opensearch_count"], r["embedded_count"]] for r in part2]))
            path = write("opensearch_failover", {"products": loaded, "load_s": load_s, "node_start_s": start_s,
                                                 "lose_a_node": part1, "whole_cluster": part2, "qps": args.qps,
                                                 "heap": args.heap})
            print(f"wrote {path}")
        finally:
            for n in nodes:
                with contextlib.suppress(OSError, ValueError):  # not running, or no pid file
                    n.signal(signal.SIGCONT)
                n.stop()


if __name__ == "__main__":
    main()
