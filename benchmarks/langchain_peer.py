"""Ours against LangChain's hybrid pipeline (stock and tuned) and LanceDB's native hybrid search.

Same machine, catalog, queries, int8 MiniLM vectors and cross-encoder; one run,
systems interleaved per query (load drift hits all alike). Rows:

* **ours**: the default pipeline (hybrid + query understanding) and with the
  reranker on every query (int8, top 30).
* **LangChain, stock**: ``EnsembleRetriever`` (weighted RRF, c=60, weights 0.5/0.5)
  over ``BM25Retriever`` (rank_bm25, its default tokenizer: whitespace split,
  no lower-casing) and an ``InMemoryVectorStore``, 30 each, as its docs set it
  up; then ``CrossEncoderReranker`` with our cross-encoder (fp32, top 10 of the
  up to 60 fused).
* **LangChain, tuned**: the same ensemble with a lower-casing, stop-word
  removing, Snowball-stemming tokenizer (PyStemmer, bm25s' English stop words)
  in ``BM25Retriever`` and our fusion weights (``SHOPASSIST_LEG_WEIGHTS``,
  bm25 1 : dense 2 by default), 100 candidates per leg as ours.
* **LanceDB native hybrid**: one LanceDB table (id, text, vector) with LanceDB's
  own full-text index (its defaults: lower-case, English stemming, stop words,
  ASCII folding) over the text our BM25 leg indexes (title + model code, brand,
  category, body joined), ``query_type="hybrid"`` with its ``RRFReranker``
  (K=60), 100 candidates per leg; the most direct peer of our embedded engine,
  which runs on LanceDB too.

LangChain's documents are the product's embedded text (title + description),
as a stock setup indexes one text per product. Document vectors come from our
index (identical model and text, no re-embedding); query vectors are computed
per query by every system that needs one. NDCG@10, MRR and judged@10 come from
``rag.evaluation``, every row under each judgment view: the original
judgments (``SHOPASSIST_JUDGMENTS_PATH``) and the original stacked with the
added ones (``settings.judgments_extra_paths``), as ``shopassist eval`` prints
them. A row under a view with judged@10 below 1.00 is not a result.
``--pool-out FILE`` writes every (query, product) in any row's top 10 that the
stacked judgments do not cover, in ``shopassist judge-pool``'s format, ready to
be rated. Every system returns its top 10, so the condensed figure is on ten
results only.

Run: ``make bench`` (installs the ``bench`` extra), or
``.venv/bin/pip install -e '.[bench]'`` then
``.venv/bin/python benchmarks/langchain_peer.py [--repeat 1] [--no-cross-encoder] [--pool-out FILE]``.
"""

from __future__ import annotations

import argparse
import os
import re
import tempfile
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np
from common import interleaved, table, write

from rag.catalog import load_catalog
from rag.evaluation import evaluate_run, percentile
from rag.evaluation.judgments import Judgments, judgment_views, load_judgments_stack
from rag.evaluation.pool import PoolEntry, pool_rows, unjudged_pool, write_pool
from rag.evaluation.runner import ModeRun, reranking_runner
from rag.indexing.documents import DocumentBuilder
from rag.settings import Settings
from rag.wiring import build_search_services, ensure_index, make_reranker

warnings.filterwarnings("ignore")
os.environ.setdefault("RUST_LOG", "error")  # LanceDB's scanner deprecation notices

Search = Callable[[str], list[str]]
_WORD = re.compile(r"\w+")
DEPTH = 100  # candidates per leg, as ours (SHOPASSIST_CANDIDATES_PER_LEG)


def stemming_tokenizer() -> Callable[[str], list[str]]:
    """Lower-case word tokens, English stop words out, Snowball stems (as bm25s sets BM25 up)."""
    import Stemmer
    from bm25s.stopwords import STOPWORDS_EN

    stemmer, stop = Stemmer.Stemmer("english"), frozenset(STOPWORDS_EN)

    def tokenize(text: str) -> list[str]:
        return stemmer.stemWords([w for w in _WORD.findall(text.lower()) if w not in stop])

    return tokenize


def lancedb_hybrid(folder: str, ids: Sequence[str], texts: Sequence[str], vectors: np.ndarray, embed) -> Search:
    import lancedb
    import pyarrow as pa
    from lancedb.rerankers import RRFReranker

    data = pa.table({
        "id": pa.array(list(ids)),
        "text": pa.array(list(texts)),
        "vector": pa.FixedSizeListArray.from_arrays(pa.array(vectors.astype(np.float32).ravel()), vectors.shape[1]),
    })
    products = lancedb.connect(folder).create_table("products", data=data)
    products.create_fts_index("text")
    reranker = RRFReranker(K=60)

    def search(query: str) -> list[str]:
        hits = (products.search(query_type="hybrid").vector(embed(query)).text(query)
                .rerank(reranker).limit(DEPTH).to_arrow())
        return hits["id"].to_pylist()[:10]

    return search


def score_views(ranked: Mapping[str, Mapping[str, Sequence[str]]], ms: Mapping[str, Sequence[float]],
                views: Sequence[Judgments]) -> tuple[list[list], dict[str, list[dict]]]:
    """Every system's figures under every judgment view, latency ratios to the first system.

    Returns the table rows (system, view, metrics, latencies) and the JSON payload
    (system -> one entry per view, in the views' order)."""
    if not ranked:
        raise ValueError("no systems to score")
    if not views:
        raise ValueError("no judgment views to score on")
    base = next(iter(ranked))
    base50, base99 = percentile(ms[base], 50), percentile(ms[base], 99)
    rows, payload = [], {}
    for name, runs in ranked.items():
        p50, p99 = percentile(ms[name], 50), percentile(ms[name], 99)
        timing = {"p50_ms": p50, "p99_ms": p99, "p50_ratio_to_ours": p50 / base50, "p99_ratio_to_ours": p99 / base99}
        payload[name] = []
        for view in views:
            m = evaluate_run(runs, view)
            figures = {k: m[k] for k in ("ndcg@10", "ndcg@10_condensed", "mrr", "judged@10")}
            payload[name].append({"judgments": view.label, **figures, **timing})
            rows.append([name, view.label, *figures.values(), p50, p99, p50 / base50, p99 / base99])
    return rows, payload


def peer_pool(ranked: Mapping[str, Mapping[str, Sequence[str]]], judgments: Judgments) -> list[PoolEntry]:
    """Every (query, docid) in any system's top 10 that ``judgments`` does not cover."""
    runs = [ModeRun(mode=name, runs=dict(runs), totals_ms=(), stages_ms={}) for name, runs in ranked.items()]
    return unjudged_pool(runs, judgments, depth=10)


def main() -> None:
    from langchain_classic.retrievers import ContextualCompressionRetriever, EnsembleRetriever
    from langchain_classic.retrievers.document_compressors import CrossEncoderReranker
    from langchain_community.cross_encoders import HuggingFaceCrossEncoder
    from langchain_community.retrievers import BM25Retriever
    from langchain_core.documents import Document
    from langchain_core.embeddings import Embeddings
    from langchain_core.vectorstores import InMemoryVectorStore

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="rounds over the queries (timings pool across rounds)")
    parser.add_argument("--no-cross-encoder", action="store_true", help="skip the slow LangChain + CrossEncoderReranker row")
    parser.add_argument("--pool-out", type=Path, help="write the unjudged pairs of every row's top 10 here (judge-pool's format)")
    args = parser.parse_args()
    settings = Settings(query_cache_size=0)  # the environment's settings; every query embedded
    views = judgment_views(load_judgments_stack([settings.judgments_path, *settings.judgments_extra_paths]))
    ensure_index(settings)
    services = build_search_services(settings)
    queries = list(views[-1].queries)
    products = load_catalog(settings.catalog_path, currency=settings.currency).products
    builder = DocumentBuilder()
    ids = [p.id for p in products]
    texts = [builder.embedded_text(p) for p in products]
    lexical = [" ".join(v for v in builder.lexical_fields(p).values() if v) for p in products]
    stored = {d.product.id: d.vectors[0] for d in services.engine.export_documents(ids)}
    vectors = np.stack([stored[i] for i in ids])
    precomputed = {t: vectors[n] for n, t in enumerate(texts)}
    embedder = services.embedder

    class Adapter(Embeddings):
        def embed_documents(self, docs: list[str]) -> list[list[float]]:
            return [precomputed[d].tolist() if d in precomputed else embedder.embed_documents([d])[0].tolist() for d in docs]

        def embed_query(self, text: str) -> list[float]:
            return embedder.embed_query(text).tolist()

    docs = [Document(page_content=t, metadata={"id": i}) for t, i in zip(texts, ids, strict=True)]
    builds: dict[str, float] = {}
    t0 = time.perf_counter()
    store = InMemoryVectorStore(Adapter())
    store.add_documents(docs)
    builds["vector store"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    stock = EnsembleRetriever(retrievers=[BM25Retriever.from_documents(docs, k=30),
                                          store.as_retriever(search_kwargs={"k": 30})], weights=[0.5, 0.5])
    builds["stock BM25"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    weights = [settings.leg_weights.get("bm25", 1.0), settings.leg_weights.get("dense", 1.0)]
    tuned = EnsembleRetriever(
        retrievers=[BM25Retriever.from_documents(docs, k=DEPTH, preprocess_func=stemming_tokenizer()),
                    store.as_retriever(search_kwargs={"k": DEPTH})],
        weights=weights, c=int(settings.rrf_k))
    builds["tuned BM25"] = time.perf_counter() - t0

    def top10(documents) -> list[str]:
        return list(dict.fromkeys(d.metadata["id"] for d in documents))[:10]

    understanding = services.understanding
    ours_rerank = reranking_runner(understanding, make_reranker(settings), services.engine,
                                   services.retriever.default_mode, settings.rerank_top_n)
    systems: dict[str, Search] = {
        "ours: hybrid+qu (default)": lambda q: [h.product_id for h in understanding.retrieve(q, k=10).result.hits],
        "ours: hybrid+qu+rerank (int8, top 30)": lambda q: [h.product_id for h in ours_rerank(q).hits[:10]],
        "LangChain stock: EnsembleRetriever (BM25 whitespace + vectors, 0.5/0.5)": lambda q: top10(stock.invoke(q)),
        "LangChain tuned: EnsembleRetriever (BM25 lower+stem+stop words, weights 1:2)": lambda q: top10(tuned.invoke(q)),
    }
    if not args.no_cross_encoder:
        import torch

        # The checkpoint is stored in fp16; on CPU both sides compute in fp32 (ours calls model.float()).
        model = HuggingFaceCrossEncoder(model_name=settings.reranker_model,
                                        model_kwargs={"model_kwargs": {"dtype": torch.float32}})
        reranker = CrossEncoderReranker(model=model, top_n=10)
        stock_rerank = ContextualCompressionRetriever(base_compressor=reranker, base_retriever=stock)
        systems["LangChain stock + CrossEncoderReranker (same model, fp32, top 60)"] = lambda q: top10(stock_rerank.invoke(q))
    with tempfile.TemporaryDirectory(prefix="lancedb-peer-") as folder:
        t0 = time.perf_counter()
        systems["LanceDB native hybrid (its FTS + vector, RRFReranker)"] = lancedb_hybrid(
            folder, ids, lexical, vectors, embedder.embed_query)
        builds["LanceDB table + FTS index"] = time.perf_counter() - t0

        for search in systems.values():  # warm-up
            for q in queries[:3]:
                search(q)
        ranked, ms, load_before, load_after = interleaved(systems, queries, args.repeat)

    rows, payload = score_views(ranked, ms, views)
    print(f"{len(queries)} queries x {args.repeat} round(s), judgments {' | '.join(v.label for v in views)}, "
          f"catalog {len(products):,} products; load {load_before} -> {load_after}")
    print(table(["system", "judgments", "NDCG@10", "condensed", "MRR", "judged@10", "p50 ms", "p99 ms",
                 "p50 / ours", "p99 / ours"], rows))
    short = [name for name, entries in payload.items() if entries[-1]["judged@10"] < 1.0]
    if short:
        print(f"not a result yet: judged@10 < 1.00 on {views[-1].label} for {len(short)} row(s): {'; '.join(short)}")
    print("builds: " + ", ".join(f"{k} {v:.1f} s" for k, v in builds.items()))
    path = write("langchain_peer", {
        "rows": payload, "queries": len(queries), "repeat": args.repeat, "judgments": [v.label for v in views],
        "cross_encoder_row": not args.no_cross_encoder,
        "builds_s": builds, "load_before": load_before, "load_after": load_after,
        "tuned_weights": {"bm25": weights[0], "dense": weights[1]}, "depth": DEPTH,
    })
    print(f"wrote {path}")
    if args.pool_out:
        entries = peer_pool(ranked, views[-1])
        by_id = {p.id: p for p in products}
        write_pool(pool_rows(entries, by_id), args.pool_out)
        print(f"{len(entries)} unjudged pairs in the rows' top 10: wrote {args.pool_out}")


if __name__ == "__main__":
    main()
