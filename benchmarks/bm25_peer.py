"""Ours vs BM25 alone (``bm25s``, ``rank_bm25``), same machine, catalog text and queries.

Peer (b) of issue 8. Every system sees the same text per product: the four
fields our BM25 leg indexes (title + model code, brand, derived category,
body; ``DocumentBuilder.lexical_fields``), joined into one document, since
both libraries index one text per document.

* ``bm25s``: BM25 (Lucene variant, k1=1.5, b=0.75), English stop words and
  the Snowball English stemmer (PyStemmer), as its README sets it up; our
  engine also stems and drops English stop words.
* ``rank_bm25``: ``BM25Okapi`` over lower-cased word tokens, its stock
  usage (no stemming); scoring is a dense pass over every document.
* ours: the BM25 leg alone (bm25s per field, filters in the leg:
  ``rag/engines/lexical_index.py``), the same leg on Lance's native full-text
  index (the leg before, still used between a write and its ``finalize``),
  hybrid RRF (query embedding included) and the default pipeline (hybrid + query
  understanding, embedding included).

Field boosts: ``--cv`` scores a grid of boosts for the BM25 leg per query and
picks one by 5-fold cross-validation over queries (``rag.evaluation.cv``,
3 seeds); the out-of-fold NDCG@10 is the figure to quote.

The 90 dev queries run ``--repeat`` rounds, each query through every system
in turn (so load drift hits all alike), top 100; NDCG@10 and the rest come
from ``rag.evaluation.metrics`` over the 78 answerable queries.

Run: ``.venv/bin/pip install -e '.[bench]'``, then
``nice -n 15 .venv/bin/python benchmarks/bm25_peer.py [--repeat 5] [--cv]``.
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from common import interleaved, table, write
from langchain_peer import peer_pool, score_views

from rag.catalog import load_catalog
from rag.engines import LanceDBEngine
from rag.evaluation import evaluate_run, percentile
from rag.evaluation.cv import cross_validate
from rag.evaluation.judgments import judgment_views, load_judgments_stack
from rag.evaluation.metrics import answerable_queries, evaluate_queries
from rag.evaluation.pool import pool_rows, write_pool
from rag.indexing.documents import DocumentBuilder
from rag.retrieval import HybridRetriever, RetrievalMode
from rag.settings import get_settings
from rag.wiring import build_search_services, ensure_index

DEPTH = 100
_WORD = re.compile(r"\w+")

Search = Callable[[str], list[str]]


def catalog_texts(products) -> list[str]:
    builder = DocumentBuilder()
    return [" ".join(v for v in builder.lexical_fields(p).values() if v) for p in products]


def bm25s_peer(ids: Sequence[str], texts: Sequence[str]) -> Search:
    import bm25s
    import Stemmer

    stemmer = Stemmer.Stemmer("english")
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize(list(texts), stopwords="en", stemmer=stemmer, show_progress=False),
                    show_progress=False)
    k = min(DEPTH, len(ids))

    def search(query: str) -> list[str]:
        tokens = bm25s.tokenize([query], stopwords="en", stemmer=stemmer, show_progress=False)
        if not tokens.vocab:  # only stop words or nothing: no match, like our engine
            return []
        docs, scores = retriever.retrieve(tokens, k=k, show_progress=False, n_threads=1)
        return [ids[d] for d, s in zip(docs[0], scores[0], strict=True) if s > 0]

    return search


def rank_bm25_peer(ids: Sequence[str], texts: Sequence[str]) -> Search:
    from rank_bm25 import BM25Okapi

    index = BM25Okapi([_WORD.findall(t.lower()) for t in texts])

    def search(query: str) -> list[str]:
        tokens = _WORD.findall(query.lower())
        if not tokens:
            return []
        scores = index.get_scores(tokens)
        top = np.argpartition(-scores, DEPTH)[:DEPTH]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [ids[i] for i in top if scores[i] > 0]

    return search


#: Field boosts cross-validated for the BM25 leg (``--cv``); absent fields keep 1.0.
#: The engine's default combination (best field) is cross-validated; the sum of the
#: fields ("most fields") is scored beside it, in sample, for the record.
BOOST_GRID: dict[str, dict[str, float]] = {
    "equal": {},
    "title 1.5": {"title": 1.5},
    "title 2": {"title": 2.0},
    "body 0.5": {"body": 0.5},
    "title 1.5, body 0.5": {"title": 1.5, "body": 0.5},
    "brand 0.5": {"brand": 0.5},
    "category 0.5": {"category": 0.5},
}
SUM_GRID = ("equal", "body 0.5")


def cv_boosts(index_dir: Path, queries: Sequence[str], judgments) -> tuple[dict, dict[str, dict[str, list[str]]]]:
    """Cross-validate BOOST_GRID on the BM25 leg: the verdict (JSON) and each candidate's rankings."""
    per_query: dict[str, dict[str, float]] = {}
    runs: dict[str, dict[str, list[str]]] = {}
    for name, boosts in BOOST_GRID.items():
        engine = LanceDBEngine(index_dir, lexical_boosts=boosts)
        runs[name] = {q: [h.product_id for h in engine.lexical(q, DEPTH)] for q in queries}
        scored = evaluate_queries(runs[name], judgments)
        per_query[name] = {q: scored[q].ndcg_at_10 for q in answerable_queries(judgments)}
    result = cross_validate("BM25 leg field boosts (best field)", per_query, "equal")
    for name in SUM_GRID:
        engine = LanceDBEngine(index_dir, lexical_boosts=BOOST_GRID[name], lexical_combine="sum")
        runs[f"sum of fields, {name}"] = {q: [h.product_id for h in engine.lexical(q, DEPTH)] for q in queries}
    return result.as_json() | {"grid": BOOST_GRID}, runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cv", action="store_true", help="cross-validate the BM25 leg's field boosts")
    parser.add_argument("--pool-out", type=Path, help="write the unjudged pairs of every row's top 10 here (judge-pool's format)")
    args = parser.parse_args()
    settings = get_settings().with_overrides(query_cache_size=0)
    ensure_index(settings)
    services = build_search_services(settings)
    views = judgment_views(load_judgments_stack([settings.judgments_path, *settings.judgments_extra_paths]))
    queries = list(views[-1].queries)
    products = load_catalog(settings.catalog_path, currency=settings.currency).products
    ids, texts = [p.id for p in products], catalog_texts(products)

    builds: dict[str, float] = {}
    systems: dict[str, Search] = {}
    retriever, understanding = services.retriever, services.understanding
    fts_engine = LanceDBEngine(settings.index_dir, lexical_boosts=settings.lexical_boosts, lexical_index=False)
    fts_retriever = HybridRetriever.from_settings(fts_engine, services.embedder, settings)
    systems["ours: BM25 leg"] = lambda q: [
        h.product_id for h in retriever.retrieve(q, k=DEPTH, mode=RetrievalMode.BM25).hits
    ]
    systems["ours: BM25 leg on Lance FTS (before)"] = lambda q: [
        h.product_id for h in fts_retriever.retrieve(q, k=DEPTH, mode=RetrievalMode.BM25).hits
    ]
    systems["ours: hybrid RRF (+ query embedding)"] = lambda q: [
        h.product_id for h in retriever.retrieve(q, k=DEPTH, mode=RetrievalMode.HYBRID_RRF).hits
    ]
    systems["ours: hybrid + understanding (default, + query embedding)"] = lambda q: [
        h.product_id for h in understanding.retrieve(q, k=DEPTH).result.hits
    ]
    for name, factory in (("peer: bm25s (stemmed, stop words)", bm25s_peer),
                          ("peer: rank_bm25 BM25Okapi", rank_bm25_peer)):
        t0 = time.perf_counter()
        systems[name] = factory(ids, texts)
        builds[name] = time.perf_counter() - t0

    for search in systems.values():  # warm-up
        for q in queries:
            search(q)
    ranked, ms, load_before, load_after = interleaved(systems, queries, args.repeat)

    rows, payload = score_views(ranked, ms, views)
    print(f"{len(queries)} queries ({len(ranked)} systems) x {args.repeat} rounds, top {DEPTH}, "
          f"catalog {len(products):,} products; judgments {' | '.join(v.label for v in views)}; "
          f"load {load_before} -> {load_after}")
    print(table(["system", "judgments", "NDCG@10", "condensed", "MRR", "judged@10", "p50 ms", "p99 ms",
                 "p50 / first", "p99 / first"], rows))
    short = [name for name, entries in payload.items() if entries[-1]["judged@10"] < 1.0]
    if short:
        print(f"not a result yet: judged@10 < 1.00 on {views[-1].label} for: {'; '.join(short)}")
    peers = [n for n in systems if n.startswith("peer")]
    ratios: dict[str, dict[str, dict[str, float]]] = {}
    ratio_rows = []
    for ours in (n for n in systems if n.startswith("ours")):
        for peer in peers:
            r50 = percentile(ms[ours], 50) / percentile(ms[peer], 50)
            r99 = percentile(ms[ours], 99) / percentile(ms[peer], 99)
            ratios.setdefault(ours, {})[peer] = {"p50": r50, "p99": r99}
            ratio_rows.append([ours, peer, r50, r99])
    print(table(["ours", "peer", "p50 ours / peer", "p99 ours / peer"], ratio_rows))
    for peer in peers:
        print(f"{peer}: index built in {builds[peer]:.1f} s")
    cv = None
    if args.cv:
        cv, cv_runs = cv_boosts(settings.index_dir, queries, views[-1])
        for name, runs in cv_runs.items():
            ranked[f"BM25 leg, boosts {name}"] = runs
        judged = {name: evaluate_run(cv_runs[name], views[-1])["judged@10"] for name in cv_runs}
        print(table(["boosts", "NDCG@10 in sample", "judged@10"],
                    [[name, cv["in_sample"][name], judged[name]] for name in BOOST_GRID]))
        cv["sum_of_fields"] = {name: evaluate_run(cv_runs[name], views[-1])["ndcg@10"]
                               for name in cv_runs if name.startswith("sum")}
        print(f"sum of fields (in sample): {cv['sum_of_fields']}")
        print(f"cross-validated: best in sample {cv['best_in_sample']}, out of fold {cv['out_of_fold']:.4f} "
              f"(default equal {cv['default_figure']:.4f}); chosen {cv['chosen']}; picks {cv['picks']}")
        cv["judged@10"] = judged
    path = write("bm25_peer", {"systems": payload, "latency_ratios": ratios, "queries": len(queries),
                               "repeat": args.repeat, "depth": DEPTH, "judgments": [v.label for v in views],
                               "lexical_boosts": settings.lexical_boosts, "builds_s": builds, "field_boosts_cv": cv,
                               "load_before": load_before, "load_after": load_after})
    print(f"wrote {path}")
    if args.pool_out:
        entries = peer_pool(ranked, views[-1])
        by_id = {p.id: p for p in products}
        write_pool(pool_rows(entries, by_id), args.pool_out)
        print(f"{len(entries)} unjudged pairs in the rows' top 10: wrote {args.pool_out}")


if __name__ == "__main__":
    main()
