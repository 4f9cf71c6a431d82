"""HyDE on the dev judgments: where the adaptive trigger fires, and what it changes there.

Run: ``.venv/bin/python benchmarks/hyde_eval.py [--llm local] [--always]``.

For every dev query: the first pass (hybrid + query understanding, the
default), its relevance tier (the trigger's signal), and, where ``auto``
fires (tier weak or none), the same search with the HyDE leg fused in.
Reports NDCG@10, condensed NDCG@10 and judged@10 on the fired queries with
and without HyDE (answerable queries only, as everywhere), and the LLM's
cost per fired query. ``--always`` also runs HyDE on every query.
"""

from __future__ import annotations

import argparse
import time

from common import table, write

from rag.evaluation import load_judgments, percentile
from rag.evaluation.metrics import evaluate_queries, unanswerable_queries
from rag.generation import relevance
from rag.generation.llm import build_chat_model
from rag.settings import HydeMode, LLMProvider, get_settings
from rag.wiring import build_search_services, ensure_index, make_hyde


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--llm", default="local")
    parser.add_argument("--always", action="store_true", help="also run HyDE on every query")
    args = parser.parse_args()
    settings = get_settings().with_overrides(
        llm_provider=LLMProvider.from_str(args.llm), query_cache_size=0, hyde_mode=HydeMode.ALWAYS
    )
    ensure_index(settings)
    search = build_search_services(settings)
    choice = build_chat_model(settings)
    if choice.model is None:
        raise SystemExit(f"HyDE needs an LLM: {choice.reason}")
    expander = make_hyde(settings, choice, search)
    judgments = load_judgments(settings.judgments_path)
    skip = set(unanswerable_queries(judgments))
    expander.writer.write("warm up the model")
    first_run, hyde_run, fired, llm_ms, texts = {}, {}, [], [], {}
    for q in judgments:
        understood = search.understanding.retrieve(q, k=100)
        result = understood.result
        tier = relevance.assess_first_pass(search.engine, result.query or q, result,
                                           none_below=settings.relevance_none_below,
                                           weak_below=settings.relevance_weak_below).tier
        first_run[q] = [h.product_id for h in result.hits]
        if tier != "good" or args.always:
            t0 = time.perf_counter()
            out = expander.expand(result.query or q, result, understood.applied.filters, "weak")
            llm_ms.append((time.perf_counter() - t0) * 1000)
            hyde_run[q] = [h.product_id for h in out.result.hits]
            texts[q] = out.text
            if tier != "good":
                fired.append(q)
        else:
            hyde_run[q] = first_run[q]

    def means(run, queries):
        per = evaluate_queries({q: run[q] for q in queries}, {q: judgments[q] for q in queries})
        keep = [q for q in queries if q not in skip]
        out = {}
        for key in ("ndcg_at_10", "ndcg_at_10_condensed", "judged_at_10"):
            out[key] = round(sum(getattr(per[q], key) for q in keep) / len(keep), 4) if keep else None
        return out, len(keep)

    rows, payload = [], {"fired": fired, "texts": texts, "llm": choice.name}
    groups = [("auto fires", fired)] + ([("all queries", list(judgments))] if args.always else [])
    for label, queries in groups:
        base, n = means(first_run, queries)
        with_hyde, _ = means(hyde_run, queries)
        payload[label] = {"queries": len(queries), "answerable": n, "first_pass": base, "with_hyde": with_hyde}
        for name, m in (("first pass", base), ("+ HyDE", with_hyde)):
            rows.append([label, len(queries), n, name, m["ndcg_at_10"], m["ndcg_at_10_condensed"], m["judged_at_10"]])
    payload["llm_ms_p50"] = percentile(llm_ms, 50)
    payload["llm_ms_p95"] = percentile(llm_ms, 95)
    print(table(["queries", "n", "answerable", "run", "NDCG@10", "condensed", "judged@10"], rows))
    print(f"HyDE cost per fired query ({choice.name}): p50 {payload['llm_ms_p50']:.0f} ms, p95 {payload['llm_ms_p95']:.0f} ms")
    print(f"results: {write('hyde_dev', payload)}")


if __name__ == "__main__":
    main()
