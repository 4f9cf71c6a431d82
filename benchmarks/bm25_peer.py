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
* ours: the BM25 leg alone, hybrid RRF (query embedding included) and the
  default pipeline (hybrid + query understanding, embedding included).

The 90 dev queries run ``--repeat`` rounds, each query through every system
in turn (so load drift hits all alike), top 100; NDCG@10 and the rest come
from ``rag.evaluation.metrics`` over the 78 answerable queries.

Run: ``.venv/bin/pip install -e '.[bench]'``, then
``nice -n 15 .venv/bin/python benchmarks/bm25_peer.py [--repeat 5]``.
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable, Sequence

import numpy as np
from common import interleaved, table, write

from rag.catalog import load_catalog
from rag.evaluation import evaluate_run, load_judgments, percentile
from rag.indexing.documents import DocumentBuilder
from rag.retrieval import RetrievalMode
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    settings = get_settings().with_overrides(query_cache_size=0)
    ensure_index(settings)
    services = build_search_services(settings)
    judgments = load_judgments(settings.judgments_path)
    queries = list(judgments.queries)
    products = load_catalog(settings.catalog_path, currency=settings.currency).products
    ids, texts = [p.id for p in products], catalog_texts(products)

    builds: dict[str, float] = {}
    systems: dict[str, Search] = {}
    retriever, understanding = services.retriever, services.understanding
    systems["ours: BM25 leg"] = lambda q: [
        h.product_id for h in retriever.retrieve(q, k=DEPTH, mode=RetrievalMode.BM25).hits
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

    rows, payload = [], {}
    peers = [n for n in systems if n.startswith("peer")]
    for name in systems:
        m = evaluate_run(ranked[name], judgments)
        p50, p99 = percentile(ms[name], 50), percentile(ms[name], 99)
        payload[name] = {**{k: m[k] for k in ("ndcg@10", "ndcg@10_condensed", "mrr", "recall@100")},
                         "p50_ms": p50, "p99_ms": p99, "build_s": builds.get(name)}
        rows.append([name, m["ndcg@10"], m["ndcg@10_condensed"], m["mrr"], m["recall@100"], p50, p99])
    print(f"{len(queries)} queries ({len(ranked)} systems) x {args.repeat} rounds, top {DEPTH}, "
          f"catalog {len(products):,} products; load {load_before} -> {load_after}")
    print(table(["system", "NDCG@10", "condensed", "MRR", "Recall@100", "p50 ms", "p99 ms"], rows))
    ratio_rows = []
    for ours in (n for n in systems if n.startswith("ours")):
        for peer in peers:
            r50 = payload[ours]["p50_ms"] / payload[peer]["p50_ms"]
            r99 = payload[ours]["p99_ms"] / payload[peer]["p99_ms"]
            payload[ours].setdefault("latency_ratio_to", {})[peer] = {"p50": r50, "p99": r99}
            ratio_rows.append([ours, peer, r50, r99])
    print(table(["ours", "peer", "p50 ours / peer", "p99 ours / peer"], ratio_rows))
    for peer in peers:
        print(f"{peer}: index built in {builds[peer]:.1f} s")
    path = write("bm25_peer", {"systems": payload, "queries": len(queries), "repeat": args.repeat,
                               "depth": DEPTH, "load_before": load_before, "load_after": load_after})
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
