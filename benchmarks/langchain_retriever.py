"""The LangChain retriever against ``shopassist search``: identical top 10, and what LangChain adds.

For each of the 90 dev queries on the full catalog:

* **identity**: ``shopassist search QUERY --json -k 10`` (the real command, run
  in-process through its CLI) against ``ShopAssistRetriever.invoke(QUERY)``
  inside a stock LangChain chain (``retriever | format_docs``): the ranked
  product ids must be identical;
* **added latency**, two ways. (a) What LangChain adds on its own: ``invoke``
  over a search that replays each query's stored response, so the time is
  LangChain's callback manager and run tracking plus building the Documents
  (the figure the issue bounds at 1 ms at p50). (b) End to end: the search
  pipeline called directly (``ProductSearch.search``, the steps ``shopassist
  search`` runs, records joined) against ``retriever.invoke``, interleaved per
  query, with the query-embedding cache off so every call embeds; each side's
  p50 and p99 and the p50 of the per-call difference, which on a shared
  machine carries the noise of two ~20-30 ms searches.

Run: ``.venv/bin/python benchmarks/langchain_retriever.py [--repeat 5]``.
"""

from __future__ import annotations

import argparse
import json
import os
import time

from common import table, write

from rag.evaluation import load_judgments, percentile
from rag.integrations.langchain_retriever import ShopAssistRetriever
from rag.integrations.product_search import ProductSearch, SearchRequest, SearchResponse
from rag.settings import Settings, get_settings
from rag.wiring import ensure_index


def cli_top10(query: str) -> list[str]:
    from typer.testing import CliRunner

    from rag.cli import app

    result = CliRunner().invoke(app, ["search", query, "--json", "-k", "10"])
    if result.exit_code != 0:
        raise RuntimeError(f"shopassist search {query!r} failed: {result.output}")
    return [row["product_id"] for row in json.loads(result.output)["results"]]


class Replay(ProductSearch):
    """A search that answers each query with its stored response (no engine work)."""

    def __init__(self, responses: dict[str, SearchResponse]) -> None:
        self.responses = responses

    def search(self, request: SearchRequest) -> SearchResponse:
        return self.responses[request.query]


def main() -> None:
    from langchain_core.runnables import RunnableLambda

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    settings = Settings(query_cache_size=0)  # the environment's settings, every query embedded
    ensure_index(settings)
    queries = list(load_judgments(settings.judgments_path).queries)
    retriever = ShopAssistRetriever.from_settings(settings)
    chain = retriever | RunnableLambda(lambda docs: [d.metadata["id"] for d in docs], name="ids")
    search = retriever.search

    get_settings.cache_clear()
    t0 = time.perf_counter()
    expected = {q: cli_top10(q) for q in queries}
    cli_s = time.perf_counter() - t0
    got = {q: chain.invoke(q) for q in queries}
    identical = sum(expected[q] == got[q] for q in queries)
    differing = {q: {"cli": expected[q], "retriever": got[q]} for q in queries if expected[q] != got[q]}

    for q in queries:  # warm-up
        search.search(SearchRequest(q))
        retriever.invoke(q)
    direct_ms, wrapped_ms, added_ms = [], [], []
    for _ in range(args.repeat):
        for q in queries:
            t0 = time.perf_counter()
            search.search(SearchRequest(q))
            t1 = time.perf_counter()
            retriever.invoke(q)
            t2 = time.perf_counter()
            direct_ms.append((t1 - t0) * 1000)
            wrapped_ms.append((t2 - t1) * 1000)
            added_ms.append(((t2 - t1) - (t1 - t0)) * 1000)
    replay = ShopAssistRetriever(search=Replay({q: search.search(SearchRequest(q)) for q in queries}))
    overhead_ms = []
    for _ in range(args.repeat):
        for q in queries:
            t0 = time.perf_counter()
            replay.invoke(q)
            overhead_ms.append((time.perf_counter() - t0) * 1000)
    rows = [
        ["ProductSearch.search (the pipeline, direct)", percentile(direct_ms, 50), percentile(direct_ms, 99)],
        ["ShopAssistRetriever.invoke", percentile(wrapped_ms, 50), percentile(wrapped_ms, 99)],
        ["ShopAssistRetriever.invoke over a replayed search (LangChain + Documents only)",
         percentile(overhead_ms, 50), percentile(overhead_ms, 99)],
    ]
    added_p50 = percentile(added_ms, 50)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{len(queries)} dev queries: top 10 identical to `shopassist search` for {identical}/{len(queries)} "
          f"({100 * identical / len(queries):.1f}%); CLI runs took {cli_s:.0f} s")
    print(table(["path", "p50 ms", "p99 ms"], rows))
    print(f"added by LangChain on its own (replayed search): p50 {rows[2][1]:.3f} ms, p99 {rows[2][2]:.3f} ms")
    print(f"end to end, p50 of the per-call difference: {added_p50:.3f} ms "
          f"(p50 wrapped - p50 direct: {rows[1][1] - rows[0][1]:.3f} ms); {args.repeat} rounds, interleaved; "
          f"load {load}")
    path = write("langchain_retriever", {
        "queries": len(queries), "repeat": args.repeat, "identical_top10": identical,
        "identical_share": identical / len(queries), "differing": differing,
        "direct_ms": {"p50": rows[0][1], "p99": rows[0][2]},
        "retriever_ms": {"p50": rows[1][1], "p99": rows[1][2]},
        "added_ms_p50": added_p50,
        "langchain_only_ms": {"p50": rows[2][1], "p99": rows[2][2]}, "load_after": load,
        "settings": {"rerank_policy": settings.rerank_policy.value, "index_dir": settings.index_dir.name},
    })
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
