"""The shared rerank step over a real retrieval result."""

from __future__ import annotations

from rag.engines import LanceDBEngine
from rag.indexing.documents import DocumentBuilder
from rag.indexing.ingest import sync_products
from rag.rerank import FakeReranker
from rag.rerank.stage import rerank_result
from rag.retrieval import HybridRetriever


def test_rerank_result_rescores_the_top_and_keeps_the_tail(tmp_path, tiny_products, fake_embedder) -> None:
    engine = LanceDBEngine(tmp_path / "idx")
    sync_products(tiny_products, engine, fake_embedder, DocumentBuilder(), max_tokens=128, max_chunks=1, progress=False)
    result = HybridRetriever(engine, fake_embedder).retrieve("wireless mouse", k=15)
    out = rerank_result(FakeReranker(fuse_with_first_pass=False), engine, "wireless mouse", result, top_n=5)
    assert "rerank" in out.timings_ms and out.legs == result.legs
    assert sorted(h.product_id for h in out.hits[:5]) == sorted(h.product_id for h in result.hits[:5])
    assert [h.product_id for h in out.hits[5:]] == [h.product_id for h in result.hits[5:]]
    assert all("rerank" in h.legs for h in out.hits[:5])
    empty = HybridRetriever(engine, fake_embedder).retrieve("   ")
    assert rerank_result(FakeReranker(), engine, "   ", empty, top_n=5) is empty
