"""Time to the first streamed answer chunk, per generator, on the dev queries.

Run: ``.venv/bin/python benchmarks/answer_latency.py [--queries 40] [--llm extractive local]``.

Each dev query is one fresh turn through the whole chain (guard, understand,
retrieve, fuse, plan, answer, validate), warm (one warm-up turn first), one
client. "first token" is from the turn's start to the first validated chunk
the shopper sees; for an LLM that chunk is its first sentence that passed
validation (the model's own first raw token is reported beside it). Also reported: the whole turn, how often the LLM's answer was
kept (vs the extractive fallback), and the strict fact check of
``shopassist eval-chat``.
"""

from __future__ import annotations

import argparse
import time

from common import table, write

from rag.chain import TurnRequest
from rag.evaluation import load_judgments, percentile
from rag.evaluation.chat_suite import check_facts, citations_valid
from rag.settings import HydeMode, LLMProvider, get_settings
from rag.wiring import build_assistant, build_search_services, ensure_index


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=40, help="first N dev queries")
    parser.add_argument("--llm", nargs="+", default=["extractive", "local"])
    args = parser.parse_args()
    base = get_settings().with_overrides(hyde_mode=HydeMode.OFF)
    ensure_index(base)
    search = build_search_services(base)
    queries = list(load_judgments(base.judgments_path).queries)[: args.queries]
    rows, payload = [], {}
    for provider in args.llm:
        settings = base.with_overrides(llm_provider=LLMProvider.from_str(provider))
        assistant = build_assistant(settings, search=search)
        assistant.ask(TurnRequest("wireless mouse"))  # warm-up: loads the model
        first, raw, total, kept, valid, contradictions, fallbacks = [], [], [], 0, 0, 0, 0
        examples: list[dict[str, object]] = []
        name = ""
        for q in queries:
            t0 = time.perf_counter()
            result = assistant.ask(TurnRequest(q))
            total.append((time.perf_counter() - t0) * 1000)
            if "first_token" in result.trace.timings_ms:
                first.append(result.trace.timings_ms["first_token"])
            if "llm_first_token" in result.trace.timings_ms:
                raw.append(result.trace.timings_ms["llm_first_token"])
            name = assistant.steps.answerer.name
            kept += result.generator == name and name != "extractive"
            valid += citations_valid(result)
            found = check_facts(result.answer, result.products, q).contradictions
            contradictions += len(found)
            if found:  # kept in the JSON, so a contradiction can be read, not only counted
                examples.append({"query": q, "generator": result.generator, "answer": result.answer,
                                 "contradictions": [str(c) for c in found]})
            fallbacks += any(f.stage == "answer" for f in result.trace.fallbacks)
        stats = {
            "generator": name,
            "queries": len(queries),
            "first_token_p50_ms": percentile(first, 50),
            "first_token_p95_ms": percentile(first, 95),
            "llm_raw_first_token_p50_ms": percentile(raw, 50),
            "turn_p50_ms": percentile(total, 50),
            "turn_p95_ms": percentile(total, 95),
            "llm_answer_kept": kept,
            "citation_valid": valid,
            "fact_contradictions": contradictions,
            "contradiction_examples": examples,
        }
        payload[provider] = stats
        rows.append([name, len(queries), stats["llm_raw_first_token_p50_ms"], stats["first_token_p50_ms"], stats["first_token_p95_ms"],
                     stats["turn_p50_ms"], stats["turn_p95_ms"], kept, f"{valid}/{len(queries)}", contradictions])
    print(table(["generator", "queries", "model's raw first token p50 ms", "first validated chunk p50 ms", "first chunk p95 ms", "turn p50 ms", "turn p95 ms",
                 "LLM kept", "citations valid", "contradictions"], rows))
    print(f"results: {write('answer_latency', payload)}")


if __name__ == "__main__":
    main()
