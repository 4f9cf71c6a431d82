"""Ours vs the stock LangChain pipeline, same machine, data, queries and models.

Peer (a): ``EnsembleRetriever`` over ``BM25Retriever`` (rank_bm25) + an
``InMemoryVectorStore`` (our int8 MiniLM vectors through a LangChain
``Embeddings`` adapter), then ``CrossEncoderReranker`` with our trained
cross-encoder (fp32, through ``HuggingFaceCrossEncoder``). Each document is
the product's embedded text (title + description), as a stock setup indexes
one text per product.

Run: ``.venv/bin/pip install langchain-community langchain-classic rank_bm25``,
then ``.venv/bin/python benchmarks/langchain_peer.py``. The peer's document
vectors are taken from our index (identical model, identical text), so the
build does not re-embed the catalog; its query vectors are computed per query.
"""

from __future__ import annotations

import time
import warnings

import numpy as np
from common import table, write

from rag.catalog import load_catalog
from rag.evaluation import evaluate_run, load_judgments, percentile
from rag.evaluation.runner import reranking_runner
from rag.indexing.documents import DocumentBuilder
from rag.settings import get_settings
from rag.wiring import build_search_services, ensure_index, make_reranker

warnings.filterwarnings("ignore")


def main() -> None:
    from langchain_classic.retrievers import ContextualCompressionRetriever, EnsembleRetriever
    from langchain_classic.retrievers.document_compressors import CrossEncoderReranker
    from langchain_community.cross_encoders import HuggingFaceCrossEncoder
    from langchain_community.retrievers import BM25Retriever
    from langchain_core.documents import Document
    from langchain_core.embeddings import Embeddings
    from langchain_core.vectorstores import InMemoryVectorStore

    settings = get_settings().with_overrides(query_cache_size=0)
    ensure_index(settings)
    services = build_search_services(settings)
    judgments = load_judgments(settings.judgments_path)
    queries = list(judgments.queries)
    products = load_catalog(settings.catalog_path).products
    builder = DocumentBuilder()
    texts = [builder.embedded_text(p) for p in products]
    chunks = services.engine._table("chunks")  # the stored vectors, one per product here
    stored = chunks.search().select(["product_id", "vector"]).limit(chunks.count_rows()).to_arrow()
    by_id = dict(zip(stored["product_id"].to_pylist(), stored["vector"].to_numpy(zero_copy_only=False), strict=True))
    precomputed = {t: np.asarray(by_id[p.id], dtype=np.float32) for t, p in zip(texts, products, strict=True)}
    embedder = services.embedder

    class Adapter(Embeddings):
        def embed_documents(self, docs: list[str]) -> list[list[float]]:
            return [precomputed[d].tolist() if d in precomputed else embedder.embed_documents([d])[0].tolist() for d in docs]

        def embed_query(self, text: str) -> list[float]:
            return embedder.embed_query(text).tolist()

    docs = [Document(page_content=t, metadata={"id": p.id}) for t, p in zip(texts, products, strict=True)]
    t0 = time.perf_counter()
    bm25 = BM25Retriever.from_documents(docs, k=30)
    store = InMemoryVectorStore(Adapter())
    store.add_documents(docs)
    ensemble = EnsembleRetriever(retrievers=[bm25, store.as_retriever(search_kwargs={"k": 30})], weights=[0.5, 0.5])
    reranker = CrossEncoderReranker(model=HuggingFaceCrossEncoder(model_name=settings.reranker_model), top_n=10)
    peer = ContextualCompressionRetriever(base_compressor=reranker, base_retriever=ensemble)
    build_s = time.perf_counter() - t0

    def run(fn, name: str) -> tuple[str, dict[str, float], list[float]]:
        for q in queries[:3]:
            fn(q)
        ranked, ms = {}, []
        for q in queries:
            t = time.perf_counter()
            ranked[q] = fn(q)
            ms.append((time.perf_counter() - t) * 1000)
        print(name, "done", flush=True)
        return name, evaluate_run(ranked, judgments), ms

    def ids(documents) -> list[str]:
        return list(dict.fromkeys(d.metadata["id"] for d in documents))

    ours_rerank = reranking_runner(services.understanding, make_reranker(settings), services.engine,
                                   services.retriever.default_mode, settings.rerank_top_n)
    results = [
        run(lambda q: [h.product_id for h in services.understanding.retrieve(q, k=10).result.hits], "ours: hybrid+qu (default)"),
        run(lambda q: [h.product_id for h in ours_rerank(q).hits[:10]], "ours: hybrid+qu+rerank (int8, top 30)"),
        run(lambda q: ids(ensemble.invoke(q))[:10], "peer: EnsembleRetriever (BM25 + in-memory vectors)"),
        run(lambda q: ids(peer.invoke(q))[:10], "peer: + CrossEncoderReranker (same model, fp32, top 60)"),
    ]
    base_p50 = percentile(results[0][2], 50)
    rows = [
        [name, m["ndcg@10"], m["ndcg@10_condensed"], m["mrr"], percentile(ms, 50), percentile(ms, 99), percentile(ms, 50) / base_p50]
        for name, m, ms in results
    ]
    print(f"{len(queries)} queries; peer build {build_s:.1f} s (document vectors reused from our index)")
    print(table(["pipeline", "NDCG@10", "condensed", "MRR", "p50 ms", "p99 ms", "p50 / ours p50"], rows))
    print(f"wrote {write('langchain_peer', {'rows': {r[0]: dict(zip(['ndcg@10', 'ndcg@10_condensed', 'mrr', 'p50_ms', 'p99_ms', 'ratio_to_ours'], r[1:], strict=True)) for r in rows}, 'peer_build_s': build_s})}")


if __name__ == "__main__":
    main()
