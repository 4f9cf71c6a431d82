"""Hybrid retrieval over a small real index with the fake embedder."""

from __future__ import annotations

import pytest

from rag.engines import LanceDBEngine
from rag.indexing.documents import DocumentBuilder
from rag.indexing.ingest import sync_products
from rag.records import Filters, NumericRange
from rag.retrieval import FusionConfig, HybridRetriever, RetrievalMode


@pytest.fixture(scope="module")
def retriever(tmp_path_factory, tiny_products, fake_embedder):
    engine = LanceDBEngine(tmp_path_factory.mktemp("idx"))
    sync_products(tiny_products, engine, fake_embedder, DocumentBuilder(), max_tokens=128, max_chunks=1, progress=False)
    return HybridRetriever(engine, fake_embedder, candidates_per_leg=20, fusion=FusionConfig(rrf_k=60))


@pytest.mark.parametrize("mode", list(RetrievalMode))
def test_every_mode_returns_ranked_unique_products(retriever, mode) -> None:
    result = retriever.retrieve("notebook", k=5, mode=mode)
    ids = [h.product_id for h in result.hits]
    assert 0 < len(ids) <= 5 and len(set(ids)) == len(ids)
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True)
    assert "fusion" in result.timings_ms


def test_hybrid_keeps_both_legs_evidence(retriever) -> None:
    result = retriever.retrieve("notebook", k=10, mode=RetrievalMode.HYBRID_RRF)
    assert set(result.legs) == {"bm25", "dense"}
    assert any(set(h.legs) == {"bm25", "dense"} for h in result.hits)
    for hit in result.hits:
        for leg, ev in hit.legs.items():
            assert result.legs[leg][ev.rank - 1].product_id == hit.product_id


def test_filters_reach_both_legs(retriever, tiny_products) -> None:
    cap = sorted(p.price for p in tiny_products if p.price)[5]
    result = retriever.retrieve("notebook bag", k=20, filters=Filters(price=NumericRange(max=cap)))
    prices = {p.id: p.price for p in tiny_products}
    for leg in result.legs.values():
        assert all(prices[h.product_id] is not None and prices[h.product_id] <= cap for h in leg)


@pytest.mark.parametrize("query", ["", "   ", "\n"])
def test_empty_query_gives_empty_result(retriever, query) -> None:
    result = retriever.retrieve(query)
    assert result.hits == () and result.legs == {}


def test_k_above_catalog_size(retriever, tiny_products) -> None:
    result = retriever.retrieve("black", k=10_000, mode=RetrievalMode.DENSE)
    assert len(result.hits) == len(tiny_products)


def test_both_retrievers_implement_the_retriever_interface(retriever, tmp_path, fake_embedder) -> None:
    from rag.engines import LanceDBEngine
    from rag.retrieval import Retriever
    from rag.retrieval.cross_engine import CrossEngineRetriever

    assert isinstance(retriever, Retriever)
    other = LanceDBEngine(tmp_path / "other")
    cross = CrossEngineRetriever([retriever.engine, other], fake_embedder, candidates_per_leg=20)
    assert isinstance(cross, Retriever)
    assert cross.retrieve("notebook", k=3).hits  # the first engine answers, the empty one adds nothing


def test_engine_capabilities_are_typed_protocols(retriever) -> None:
    from rag.engines.base import FallbackPair, HybridSearch, VectorExport, WarmUp, stored_vectors

    engine = retriever.engine
    assert isinstance(engine, VectorExport) and not isinstance(engine, HybridSearch | WarmUp | FallbackPair)
    some = next(iter(engine.content_hashes()))
    vectors = stored_vectors(engine, [some])
    assert set(vectors) == {some} and vectors[some].ndim == 1
