"""Where OpenSearch's hybrid loses NDCG@10 against the embedded engine's: leg by leg, query by query.

Run (a node holding the catalog, e.g. loaded by ``benchmarks/opensearch_ingest.py``;
``SHOPASSIST_INDEX_DIR`` the embedded index, or a copy of it)::

    .venv/bin/python benchmarks/opensearch_gap.py --url http://127.0.0.1:9200

Each leg runs alone on each engine (bm25, dense), then the default path's two
rows (``hybrid-linear``, and ``hybrid+qu``: the app's default) run on every
pairing of a lexical leg with a dense leg: the embedded engine's legs, OpenSearch's,
and the two swaps, so a difference moves with the leg that causes it. The legs:

* lexical: the embedded engine's bm25s leg, best field (``max``, its default) or
  the sum of the fields (``sum``); OpenSearch's ``multi_match`` as ``best_fields``
  or ``most_fields`` (the sum, OpenSearch's old default);
* dense: the embedded engine's ANN (Lance HNSW, ef 400) and OpenSearch's lucene
  HNSW at ``ef_search`` 100 (the default), 400 and 1000; each is also compared with
  the exact top 100 (brute-force cosine over every stored vector) for recall.

OpenSearch is queried directly (no fallback engine), so every OpenSearch figure is
OpenSearch's. Every top 10 must be judged: ``--pool-out`` writes the unjudged pairs
of every row (``shopassist judge-pool``'s format) for rating before the figures are
read. Latencies are per query with the query embedding; on a shared machine they
are upper bounds. Writes ``benchmarks/results/opensearch_gap.json``.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
from common import table, write

from rag.engines.base import Health, IndexDocument, SearchEngine
from rag.engines.lancedb_engine import LanceDBEngine
from rag.engines.opensearch_dsl import IndexLayout
from rag.engines.opensearch_engine import OpenSearchConfig, OpenSearchEngine
from rag.evaluation.judgments import Judgments, judgment_views, load_judgments_stack
from rag.evaluation.metrics import answerable_queries, evaluate_queries, evaluate_run, judged_at_k, percentile
from rag.evaluation.pool import pool_rows, unjudged_pool, write_pool
from rag.evaluation.runner import ModeRun, retrieval_runner, run_mode, understanding_runner
from rag.records import NO_FILTERS, Filters, Hit, Product
from rag.retrieval import RetrievalMode
from rag.settings import LexicalCombine, Settings, get_settings
from rag.wiring import make_embedder, make_understanding
from rag.wiring.retrieval import make_retriever

#: The two rows of the default path that every pairing of legs runs.
HYBRID_ROWS = ("hybrid-linear", "hybrid+qu")
#: The figure the issue names: the default path.
DEFAULT_ROW = "hybrid+qu"
EXACT_DEPTH = 100


class SplitEngine(SearchEngine):
    """Reads only: the lexical leg from one engine, the vector leg from another.

    Lets one run pair the embedded engine's BM25 with OpenSearch's k-NN (and the
    reverse) through the app's own retriever, fusion and query understanding.
    """

    def __init__(self, lexical_from: SearchEngine, vector_from: SearchEngine) -> None:
        self.lexical_from = lexical_from
        self.vector_from = vector_from
        self.name = f"{lexical_from.name}+{vector_from.name}"

    def lexical(self, query: str, k: int, filters: Filters = NO_FILTERS) -> list[Hit]:
        return self.lexical_from.lexical(query, k, filters)

    def vector(self, vector: np.ndarray, k: int, filters: Filters = NO_FILTERS) -> list[Hit]:
        return self.vector_from.vector(vector, k, filters)

    def fetch(self, product_ids: Sequence[str]) -> dict[str, Product]:
        return self.lexical_from.fetch(product_ids)

    def content_hashes(self) -> dict[str, str]:
        return self.lexical_from.content_hashes()

    def health(self) -> Health:
        return self.lexical_from.health()

    def upsert(self, documents: Sequence[IndexDocument]) -> None:
        raise TypeError("SplitEngine is read-only: write to the engines it reads from")

    def delete(self, product_ids: Iterable[str]) -> int:
        raise TypeError("SplitEngine is read-only: write to the engines it reads from")


def exact_top(matrix: np.ndarray, ids: Sequence[str], query: np.ndarray, k: int) -> list[str]:
    """The exact top ``k`` product ids by cosine (rows and query L2-normalized), ties by id."""
    scores = matrix @ np.asarray(query, dtype=np.float32).reshape(-1)
    k = min(k, len(ids))
    part = np.argpartition(-scores, k - 1)[:k]
    return [ids[i] for i in sorted(part, key=lambda i: (-float(scores[i]), ids[i]))]


def recall(found: Sequence[str], exact: Sequence[str], k: int) -> float:
    want = set(exact[:k])
    return len(want & set(found[:k])) / len(want) if want else 1.0


def per_query(run: ModeRun, view: Judgments) -> dict[str, float]:
    answerable = set(answerable_queries(view))
    return {q: m.ndcg_at_10 for q, m in evaluate_queries(run.runs, view).items() if q in answerable}


def judged(run: ModeRun, view: Judgments) -> float:
    return math.fsum(judged_at_k(run.runs.get(q, ()), view.get(q)) for q in view.queries) / len(view)


def build_engines(settings: Settings, url: str, alias: str) -> tuple[dict[str, SearchEngine], dict[str, SearchEngine]]:
    """(lexical legs, dense legs), each by name."""
    index = settings.index_dir
    emb_max = LanceDBEngine(index, lexical_boosts=settings.lexical_boosts, lexical_combine="max")
    emb_sum = LanceDBEngine(index, lexical_boosts=settings.lexical_boosts, lexical_combine="sum")

    def opensearch(combine: LexicalCombine, ef_search: int) -> OpenSearchEngine:
        config = OpenSearchConfig(hosts=(url,), index=alias, timeout_s=60.0,
                                  lexical_boosts=tuple(settings.lexical_boosts.items()), lexical_combine=combine,
                                  layout=IndexLayout(ef_search=ef_search))
        return OpenSearchEngine(config)

    lexical = {
        "embedded best field": emb_max,
        "embedded sum": emb_sum,
        "opensearch most_fields": opensearch(LexicalCombine.MOST_FIELDS, 100),
        "opensearch best_fields": opensearch(LexicalCombine.BEST_FIELDS, 100),
    }
    dense = {
        "embedded ANN": emb_max,
        "opensearch HNSW ef 100": opensearch(LexicalCombine.BEST_FIELDS, 100),
        "opensearch HNSW ef 400": opensearch(LexicalCombine.BEST_FIELDS, 400),
        "opensearch HNSW ef 1000": opensearch(LexicalCombine.BEST_FIELDS, 1000),
    }
    return lexical, dense


#: (lexical leg, dense leg) pairings run on the hybrid rows, in the table's order.
PAIRINGS: tuple[tuple[str, str], ...] = (
    ("embedded best field", "embedded ANN"),          # the embedded engine
    ("opensearch most_fields", "opensearch HNSW ef 100"),  # OpenSearch as it was
    ("embedded best field", "opensearch HNSW ef 100"),     # swap the dense leg
    ("opensearch most_fields", "embedded ANN"),            # swap the lexical leg
    ("embedded sum", "embedded ANN"),                      # the embedded engine summing fields
    ("opensearch best_fields", "opensearch HNSW ef 100"),  # OpenSearch with best_fields
    ("opensearch best_fields", "embedded ANN"),
    ("opensearch best_fields", "opensearch HNSW ef 400"),
    ("opensearch best_fields", "opensearch HNSW ef 1000"),
)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", default="http://127.0.0.1:9200")
    ap.add_argument("--alias", default="shopassist-products")
    ap.add_argument("--pool-out", type=Path, help="write every row's unjudged top-10 pairs here")
    ap.add_argument("--threshold", type=float, default=0.05,
                    help="per-query table: queries whose default-row NDCG@10 moves at least this much")
    ap.add_argument("--name", default="opensearch_gap")
    args = ap.parse_args(argv)

    settings = get_settings()
    view = judgment_views(load_judgments_stack([settings.judgments_path, *settings.judgments_extra_paths]))[-1]
    queries = view.queries
    embedder = make_embedder(settings)
    lexical, dense = build_engines(settings, args.url, args.alias)

    runs: dict[tuple[str, str], ModeRun] = {}  # (row, configuration) -> run

    def runner_for(engine: SearchEngine, row: str):
        retriever = make_retriever(settings, engine, embedder)
        if row == DEFAULT_ROW:
            return understanding_runner(make_understanding(settings, retriever, settings.index_dir),
                                        retriever.default_mode)
        return retrieval_runner(retriever, RetrievalMode.from_str(row))

    for name, engine in lexical.items():
        runs["bm25", name] = run_mode(f"bm25 {name}", runner_for(engine, "bm25"), queries)
    for name, engine in dense.items():
        runs["dense", name] = run_mode(f"dense {name}", runner_for(engine, "dense"), queries)
    for lex, vec in PAIRINGS:
        engine = SplitEngine(lexical[lex], dense[vec])
        for row in HYBRID_ROWS:
            runs[row, f"{lex} + {vec}"] = run_mode(f"{row} {lex} + {vec}", runner_for(engine, row), queries)
        print(f"  {lex} + {vec}: done", flush=True)

    # The dense legs against the exact top 100 (raw queries, no filters: the dense row).
    embedded = lexical["embedded best field"]
    docs = embedded.export_documents(sorted(embedded.content_hashes()))
    ids = [d.product.id for d in docs for _ in range(len(d.vectors))]
    matrix = np.vstack([d.vectors for d in docs]).astype(np.float32)
    exact = {q: list(dict.fromkeys(exact_top(matrix, ids, embedder.embed_query(q), EXACT_DEPTH * 2)))[:EXACT_DEPTH]
             for q in queries}
    exact_run = ModeRun("dense exact", exact, [], {})
    recall_rows = []
    for name in dense:
        got = runs["dense", name].runs
        r10 = math.fsum(recall(got[q], exact[q], 10) for q in queries) / len(queries)
        r100 = math.fsum(recall(got[q], exact[q], 100) for q in queries) / len(queries)
        recall_rows.append([name, round(r10, 4), round(r100, 4)])
    exact_ndcg = evaluate_run(exact, view)["ndcg@10"]

    # Figures per row and configuration.
    scores = {key: per_query(run, view) for key, run in runs.items()}
    rows, payload = [], []
    for (row, config), run in runs.items():
        metrics = evaluate_run(run.runs, view)
        entry = {"row": row, "configuration": config, "ndcg@10": round(metrics["ndcg@10"], 4),
                 "judged@10": round(judged(run, view), 4), "recall@100": round(metrics["recall@100"], 4),
                 "p50_ms": round(percentile(run.totals_ms, 50), 2), "p99_ms": round(percentile(run.totals_ms, 99), 2)}
        payload.append(entry)
        rows.append([row, config, *(entry[k] for k in ("ndcg@10", "judged@10", "recall@100", "p50_ms", "p99_ms"))])
    print(table(["row", "lexical + dense leg", "NDCG@10", "judged@10", "recall@100", "p50 ms", "p99 ms"], rows))
    print(table(["dense leg", "recall@10 of exact", "recall@100 of exact"], recall_rows))
    print(f"exact dense top 100: NDCG@10 {exact_ndcg:.4f}")

    # Attribution on the default row: each step changes one leg.
    def mean(config: str, row: str = DEFAULT_ROW) -> float:
        values = scores[row, config]
        return math.fsum(values.values()) / len(values)

    names = [f"{lex} + {vec}" for lex, vec in PAIRINGS]
    e, o_before, swap_dense, swap_lex, e_sum, o_after, o_best_e, o_400, o_deep = names
    steps = [
        ("dense leg: embedded ANN -> OpenSearch HNSW ef 100 (embedded BM25)", e, swap_dense),
        ("lexical leg: embedded best field -> OpenSearch most_fields (OpenSearch dense)", swap_dense, o_before),
        ("lexical leg: embedded best field -> OpenSearch most_fields (embedded dense)", e, swap_lex),
        ("combination alone, embedded analysis: best field -> sum", e, e_sum),
        ("combination alone, OpenSearch analysis: most_fields -> best_fields", o_before, o_after),
        ("analysis alone (best field both): embedded -> OpenSearch (OpenSearch dense)", swap_dense, o_after),
        ("analysis alone (best field both): embedded -> OpenSearch (embedded dense)", e, o_best_e),
        ("HNSW ef_search 100 -> 400 (OpenSearch best_fields)", o_after, o_400),
        ("HNSW ef_search 100 -> 1000 (OpenSearch best_fields)", o_after, o_deep),
        ("total before: embedded -> OpenSearch as it was", e, o_before),
        ("total after: embedded -> OpenSearch best_fields", e, o_after),
    ]
    attribution = {}
    for row in HYBRID_ROWS:
        attribution[row] = [{"step": s, "from": a, "to": b, "delta": round(mean(b, row) - mean(a, row), 4)}
                            for s, a, b in steps]
        print(f"\n{row}: " + "; ".join(f"{x['step']}: {x['delta']:+.4f}" for x in attribution[row]))

    # The queries that account for the gap on the default row.
    cols = [e, swap_dense, swap_lex, e_sum, o_before, o_after, o_400]
    labels = ["embedded", "E bm25 + O dense", "O most bm25 + E dense", "embedded sum", "OS before", "OS after",
              "OS after, ef 400"]
    per_query_rows = []
    for q in sorted(scores[DEFAULT_ROW, e], key=lambda q: scores[DEFAULT_ROW, o_before][q] - scores[DEFAULT_ROW, e][q]):
        values = [scores[DEFAULT_ROW, c][q] for c in cols]
        moved = max(abs(v - values[0]) for v in values)
        if moved >= args.threshold:
            per_query_rows.append({"query": q, **{label: round(v, 3) for label, v in zip(labels, values, strict=True)}})
    print(table(["query", *labels], [[r["query"], *(r[label] for label in labels)] for r in per_query_rows]))
    n = len(scores[DEFAULT_ROW, e])
    shown = math.fsum(r["OS before"] - r["embedded"] for r in per_query_rows) / n
    print(f"{len(per_query_rows)} queries shown; their share of the before gap: {shown:+.4f} of "
          f"{mean(o_before) - mean(e):+.4f}")

    out = write(args.name, {
        "queries": len(queries), "answerable": n, "judgments": [p.name for p in (settings.judgments_path,
                                                                               *settings.judgments_extra_paths)],
        "rows": payload, "dense_recall_vs_exact": [dict(zip(("dense leg", "recall@10", "recall@100"), r, strict=True))
                                                   for r in recall_rows],
        "exact_dense_ndcg@10": round(exact_ndcg, 4), "attribution": attribution,
        "per_query": {"row": DEFAULT_ROW, "threshold": args.threshold, "queries": per_query_rows,
                      "share_of_gap": round(shown, 4)},
        "per_query_ndcg": {f"{row} | {config}": {q: round(v, 4) for q, v in s.items()}
                           for (row, config), s in scores.items()},
    })
    print(f"wrote {out}")
    if args.pool_out:
        entries = unjudged_pool([*runs.values(), exact_run], view, depth=10)
        products = embedded.fetch(sorted({x.docid for x in entries}))
        write_pool(pool_rows(entries, products), args.pool_out)
        print(f"{len(entries)} unjudged pairs in the rows' top 10: wrote {args.pool_out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
