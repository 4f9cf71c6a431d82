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
import os
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
    parser.add_argument("--models", nargs="+", default=None,
                        help="local models to compare (packaged:qwen2.5-coder-1.5b packaged:smollm2-135m); default the settings'")
    parser.add_argument("--out", default="answer_latency", help="results file name")
    args = parser.parse_args()
    base = get_settings().with_overrides(hyde_mode=HydeMode.OFF)
    ensure_index(base)
    search = build_search_services(base)
    queries = list(load_judgments(base.judgments_path).queries)[: args.queries]
    rows, payload = [], {}
    runs = [(p, None) for p in args.llm if p != "local" or not args.models] + [("local", m) for m in (args.models or []) if "local" in args.llm]
    for provider, model in runs:
        settings = base.with_overrides(llm_provider=LLMProvider.from_str(provider), **({"llm_model": model} if model else {}))
        assistant = build_assistant(settings, search=search)
        assistant.steps.answerer.warm_up()  # loads the model and reads its system prompt (a server should at start)
        assistant.ask(TurnRequest("wireless mouse"))  # warm-up turn
        first, raw, total, kept, valid, contradictions, fallbacks = [], [], [], 0, 0, 0, 0
        timed_out, not_asked, model_sentences = 0, 0, 0
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
            kept += name != "extractive" and name in result.trace.writers
            timed_out += bool(result.trace.llm.get("timed_out"))
            not_asked += "skipped" in result.trace.llm
            model_sentences += int(result.trace.llm.get("sentences_kept", 0))
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
            "llm_timed_out": timed_out,
            "llm_not_asked": not_asked,
            "llm_sentences_kept": model_sentences,
            "llm_lead": settings.llm_lead,
            "llm_timeout_s": settings.llm_timeout_s,
            "citation_valid": valid,
            "fact_contradictions": contradictions,
            "contradiction_examples": examples,
        }
        payload[name] = stats
        rows.append([name, len(queries), stats["llm_raw_first_token_p50_ms"], stats["first_token_p50_ms"], stats["first_token_p95_ms"],
                     stats["turn_p50_ms"], stats["turn_p95_ms"], kept, timed_out, f"{valid}/{len(queries)}", contradictions])
    print(table(["generator", "queries", "model's raw first token p50 ms", "first validated chunk p50 ms", "first chunk p95 ms", "turn p50 ms", "turn p95 ms",
                 "model wrote part", "model timed out", "citations valid", "contradictions"], rows))
    print(f"load average {os.getloadavg()[0]:.2f}")
    print(f"results: {write(args.out, payload)}")


if __name__ == "__main__":
    main()
