"""Per-stage latency of a whole turn, read from each turn's Trace (warm, one client).

Run: ``.venv/bin/python benchmarks/stage_latency.py [--repeat 3] [--rerank always] [--users demo-gamer ...]``

Every dev query is one fresh turn (its own session) through the app's chain:
guard → resolve → understand (query embedding, BM25 leg, dense leg, fusion) →
rerank → personalize → plan → answer. The stages' own timings come from the
Trace the chain fills, so this measures exactly what the app reports in its
"How I found these" panel. The reranker runs on every query by default
(``--rerank always``) so its cost is measured; the app's default is
``never`` (see the README). Personalization runs for the demo personas when
they are loaded (``shopassist personas load``), round-robin over the queries;
otherwise with no user, and the table says so. Answers come from the
extractive composer (the LLM's first token is in ``answer_latency.py``); HyDE
is off here (its cost is in ``hyde_eval.py``).
"""

from __future__ import annotations

import argparse
import os
import time
import uuid

from common import table, write

from rag.chain import TurnRequest
from rag.chain.trace import STAGE_ORDER
from rag.conversation import InMemoryConversationStore
from rag.evaluation import load_judgments, percentile
from rag.settings import HydeMode, LLMProvider, RerankPolicy, get_settings
from rag.wiring import build_assistant, build_search_services, ensure_index


def _demo_users(settings, wanted: list[str]) -> list[str]:
    """The demo personas that have a history in the store (none when the store is empty)."""
    from personalization.repository import load_profile
    from personalization.store import open_store

    try:
        sessions = open_store(settings.store_url)
        with sessions() as s:
            return [u for u in wanted if not load_profile(s, u).is_empty]
    except Exception as exc:  # no store: measure without a user, and say so
        print(f"interaction store unavailable ({type(exc).__name__}: {exc}): no personalization")
        return []


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rerank", default="always", choices=["always", "auto", "never"])
    parser.add_argument("--users", nargs="*", default=["demo-gamer", "demo-photographer", "demo-student"])
    args = parser.parse_args()
    settings = get_settings().with_overrides(
        llm_provider=LLMProvider.from_str("extractive"), hyde_mode=HydeMode.OFF,
        rerank_policy=RerankPolicy(args.rerank),
        query_cache_size=0, rerank_cache_size=0,  # every turn embeds its query and reranks afresh
    )
    ensure_index(settings)
    search = build_search_services(settings)
    users = _demo_users(settings, args.users)
    assistant = build_assistant(settings, search=search, conversations=InMemoryConversationStore())
    queries = list(load_judgments(settings.judgments_path).queries)
    assistant.ask(TurnRequest("wireless mouse", session_id="warm-up", user_id=users[0] if users else None))
    stages: dict[str, list[float]] = {}
    turns: list[float] = []
    boosted = 0
    n = 0
    for _ in range(args.repeat):
        for i, q in enumerate(queries):
            user = users[i % len(users)] if users else None
            t0 = time.perf_counter()
            result = assistant.ask(TurnRequest(q, session_id=uuid.uuid4().hex, user_id=user))
            turns.append((time.perf_counter() - t0) * 1000)
            for stage, ms in result.trace.timings_ms.items():
                stages.setdefault(stage, []).append(ms)
            boosted += bool(result.trace.boosts)
            n += 1
    names = [s for s in STAGE_ORDER if s in stages] + sorted(set(stages) - set(STAGE_ORDER))
    rows, payload = [], {}
    for name in names:
        values = stages[name]
        stats = {f"p{p}_ms": percentile(values, p) for p in (50, 95, 99)}
        payload[name] = {"n": len(values), **stats}
        rows.append([name, len(values), stats["p50_ms"], stats["p95_ms"], stats["p99_ms"]])
    turn_stats = {f"p{p}_ms": percentile(turns, p) for p in (50, 95, 99)}
    rows.append(["whole turn (wall clock)", len(turns), turn_stats["p50_ms"], turn_stats["p95_ms"], turn_stats["p99_ms"]])
    load = os.getloadavg()
    print(f"{len(queries)} dev queries x {args.repeat}, rerank {args.rerank}, answers: {assistant_name(assistant)}, "
          f"users: {', '.join(users) if users else 'none (no demo personas loaded)'}; {boosted}/{n} turns boosted; "
          f"load average {load[0]:.1f}")
    print(table(["stage", "n", "p50 ms", "p95 ms", "p99 ms"], rows))
    path = write("stage_latency", {
        "queries": len(queries), "repeat": args.repeat, "rerank": args.rerank, "users": users,
        "turns_boosted": boosted, "turns": n, "stages": payload, "turn_ms": turn_stats, "loadavg": list(load),
    })
    print(f"wrote {path}")


def assistant_name(assistant) -> str:
    return assistant.steps.answerer.name  # ShoppingAssistant and ExperimentAssistant both have steps


if __name__ == "__main__":
    main()
