"""What only a real OpenSearch can show: the k-NN score conversion in every space,
the english analyzer, the ``hybrid`` query through both search pipelines (and the
server's RRF agreeing with ours), index lifecycle and the bulk path's per-document
errors. Runs against the node ``make test`` starts (see opensearch_support).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from rag.embeddings.fake import FakeEmbedder
from rag.engines.base import LEXICAL_FIELDS
from rag.engines.opensearch_dsl import IndexLayout
from rag.engines.opensearch_engine import BulkWriteError, OpenSearchEngine, SearchPipelineRefused
from rag.fusion import reciprocal_rank_fusion
from rag.records import Filters
from rag.retrieval.hybrid import FusionConfig
from rag.retrieval.server_hybrid import ServerHybridRetriever
from rag.settings import LexicalCombine, SpaceType
from tests.contracts.engine_contract import BUILDER, make_docs, most_common_brand
from tests.contracts.opensearch_support import (
    drop_indices,
    guard_network,
    make_engine,
    real_opensearch_url,
    require_real_opensearch,
)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Overrides the suite's loopback-only guard: these tests may reach OPENSEARCH_URL's host only."""
    guard_network(monkeypatch, real_opensearch_url())


@pytest.fixture
def engines():
    """Makes engines on the real node, each on its own alias; drops their indices afterwards."""
    url = require_real_opensearch()
    made: list[OpenSearchEngine] = []

    def make(**overrides) -> OpenSearchEngine:
        made.append(make_engine(url, **overrides))
        return made[-1]

    yield make
    for engine in made:
        drop_indices(engine)


@pytest.fixture
def loaded(engines, tiny_products, fake_embedder) -> OpenSearchEngine:
    engine = engines()
    engine.upsert(make_docs(tiny_products, fake_embedder))
    return engine


def _cosine_to_product(embedder, product, query: np.ndarray) -> float:
    vectors = embedder.embed_documents([BUILDER.embedded_text(product)])
    return float(np.max(vectors @ query))


def test_the_index_uses_lucene_and_survives_a_flush(loaded, fake_embedder, tiny_products) -> None:
    # A faiss index would fail here without the native library; lucene is pure Java.
    (concrete,) = loaded.client.indices.get_alias(name=loaded.config.index)
    mapping = loaded.client.indices.get_mapping(index=concrete)[concrete]["mappings"]
    vector = mapping["properties"]["chunks"]["properties"]["vector"]
    assert vector["method"]["engine"] == "lucene" and vector["dimension"] == 64
    assert mapping["properties"]["title"]["analyzer"] == "english"
    loaded.client.indices.flush(index=loaded.config.index)
    loaded.client.indices.forcemerge(index=loaded.config.index, max_num_segments=1)
    target = tiny_products[5]
    vec = fake_embedder.embed_documents([BUILDER.embedded_text(target)])[0]
    assert loaded.vector(vec, 3)[0].product_id == target.id


@pytest.mark.parametrize("space", list(SpaceType))
def test_dense_scores_are_the_cosine_similarity_in_every_space(engines, tiny_products, fake_embedder, space) -> None:
    engine = engines(layout=IndexLayout(shards=1, replicas=0, space_type=space))
    engine.upsert(make_docs(tiny_products, fake_embedder))
    query = fake_embedder.embed_query("black wireless notebook")
    hits = engine.vector(query, 10)
    assert len(hits) == 10
    by_id = {p.id: p for p in tiny_products}
    for hit in hits:
        assert hit.score == pytest.approx(_cosine_to_product(fake_embedder, by_id[hit.product_id], query), abs=2e-3)


def test_english_analysis_stems_and_drops_stop_words(loaded, tiny_products) -> None:
    target = next(p for p in tiny_products if p.category == "notebook")
    word = next(w for w in target.title.split() if w.isalpha() and len(w) > 4 and not w.endswith("s"))
    plural = [h.product_id for h in loaded.lexical(f"the {word.lower()}s", 50)]
    assert target.id in plural  # "Xs" is stemmed to "X"; "the" is a stop word
    assert loaded.lexical("the of and", 10) == []


def test_best_fields_scores_the_best_field_and_most_fields_the_sum(loaded) -> None:
    # The embedded engine's leg scores a product by its best field (``max``) or the sum (``sum``):
    # OpenSearch's best_fields (tie_breaker 0) and most_fields must mean the same on the real node.
    url, alias = real_opensearch_url(), loaded.config.index
    query = "notebook black"  # in titles, categories and bodies of the tiny catalog
    per_field = {}
    for field in LEXICAL_FIELDS:
        boosts = tuple((f, 1.0 if f == field else 0.0) for f in LEXICAL_FIELDS)
        only = make_engine(url, alias=alias, lexical_boosts=boosts)
        per_field[field] = {h.product_id: h.score for h in only.lexical(query, 100)}
    best = make_engine(url, alias=alias).lexical(query, 100)
    summed = make_engine(url, alias=alias, lexical_combine=LexicalCombine.MOST_FIELDS).lexical(query, 100)
    assert best and {h.product_id for h in best} == {h.product_id for h in summed}
    assert any(sum(pid in scores for scores in per_field.values()) > 1 for pid in per_field["title"])
    for hit in best:
        assert hit.score == pytest.approx(max(s.get(hit.product_id, 0.0) for s in per_field.values()), rel=1e-5)
    for hit in summed:
        assert hit.score == pytest.approx(sum(s.get(hit.product_id, 0.0) for s in per_field.values()), rel=1e-5)


@pytest.mark.parametrize("pipeline", ["rrf", "normalization"])
def test_the_hybrid_query_runs_through_each_search_pipeline(engines, tiny_products, fake_embedder, pipeline) -> None:
    engine = engines(hybrid_pipeline=pipeline)
    engine.upsert(make_docs(tiny_products, fake_embedder))
    assert engine.ensure_search_pipeline([1.0, 1.0]) == engine.config.pipeline_name
    target = next(p for p in tiny_products if p.category == "notebook")
    vec = fake_embedder.embed_documents([BUILDER.embedded_text(target)])[0]
    hits = engine.hybrid(target.title, vec, 10)
    assert hits[0].product_id == target.id
    assert all(h.leg == "hybrid" for h in hits) and len({h.product_id for h in hits}) == len(hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    brand = most_common_brand(tiny_products)
    by_id = {p.id: p for p in tiny_products}
    filtered = engine.hybrid("notebook speaker black", vec, 10, Filters(brands=(brand,)))
    assert filtered and all(by_id[h.product_id].brand == brand for h in filtered)


def test_weighted_normalization_pipeline_is_accepted(engines, tiny_products, fake_embedder) -> None:
    engine = engines(hybrid_pipeline="normalization")
    engine.upsert(make_docs(tiny_products, fake_embedder))
    engine.ensure_search_pipeline([1.0, 3.0])
    assert engine.hybrid("notebook", fake_embedder.embed_query("notebook"), 5)


def test_server_rrf_ranks_like_the_client_side_rrf(engines, tiny_products, fake_embedder) -> None:
    engine = engines(hybrid_pipeline="rrf")
    engine.upsert(make_docs(tiny_products, fake_embedder))
    engine.ensure_search_pipeline([1.0, 1.0], rrf_k=60)
    query = "black notebook with a large screen"
    vec = fake_embedder.embed_query(query)
    k = 10
    server = engine.hybrid(query, vec, k)
    client = reciprocal_rank_fusion({"bm25": engine.lexical(query, k), "dense": engine.vector(vec, k)}, k=60)
    # The same fused scores; products with equal scores may come in either order.
    assert [h.score for h in server] == pytest.approx([h.score for h in client[:k]], rel=1e-5)
    client_score = {h.product_id: h.score for h in client}
    assert all(h.score == pytest.approx(client_score[h.product_id], rel=1e-5) for h in server)


def test_a_different_embedding_size_asks_for_a_rebuild(engines, loaded, tiny_products) -> None:
    other = engines(index=loaded.config.index)
    with pytest.raises(ValueError, match=r"64-d vectors but got 32-d.*--rebuild"):
        other.upsert(make_docs(tiny_products[:1], FakeEmbedder(dimension=32)))


def test_rebuild_swaps_the_alias_once_and_drops_the_old_index(loaded, tiny_products, fake_embedder) -> None:
    alias = loaded.config.index
    (old,) = loaded.client.indices.get_alias(name=alias)
    loaded.begin_rebuild()
    loaded.upsert(make_docs(tiny_products[:5], fake_embedder))
    assert loaded.count() == len(tiny_products)  # readers still see the old index
    assert len(loaded.content_hashes()) == 5
    loaded.client.indices.refresh(index=loaded.config.staging_alias)  # the first batch becomes a segment
    loaded.upsert(make_docs(tiny_products[5:8], fake_embedder))  # ... and the second one another
    loaded.publish_rebuild()
    (new,) = loaded.client.indices.get_alias(name=alias)
    assert new != old and loaded.count() == 8
    assert not loaded.client.indices.exists(index=old)
    # Published force-merged: one searchable segment, so a query walks one HNSW graph.
    shards = loaded.client.indices.segments(index=new)["indices"][new]["shards"]["0"]
    assert [len(copy["segments"]) for copy in shards] == [1] * len(shards)
    vec = fake_embedder.embed_documents([BUILDER.embedded_text(tiny_products[2])])[0]
    assert loaded.vector(vec, 1)[0].product_id == tiny_products[2].id


def test_a_bad_document_fails_alone_in_the_bulk(loaded, tiny_products, fake_embedder) -> None:
    good = replace(tiny_products[1], title="Quokka edition " + tiny_products[1].title, content_hash="new")
    bad = make_docs([tiny_products[2]], FakeEmbedder(dimension=32))  # wrong size for this index
    with pytest.raises(BulkWriteError) as info:
        loaded.upsert([*make_docs([good], fake_embedder), *bad])
    assert set(info.value.failed) == {tiny_products[2].id}
    assert [h.product_id for h in loaded.lexical("quokka", 5)] == [good.id]  # the rest was written


def _major_version(engine: OpenSearchEngine) -> int:
    return int(engine.client.info()["version"]["number"].split(".")[0])


def test_weighted_rrf_is_refused_by_2x_with_a_hint(engines, tiny_products, fake_embedder) -> None:
    engine = engines(hybrid_pipeline="rrf")
    if _major_version(engine) >= 3:
        assert engine.ensure_search_pipeline([1.0, 2.0]) == engine.config.pipeline_name
        return
    with pytest.raises(SearchPipelineRefused, match=r"weighted RRF needs OpenSearch 3\.x"):
        engine.ensure_search_pipeline([1.0, 2.0])


def test_server_hybrid_asks_for_a_refused_pipeline_once_and_fuses_on_the_client(engines, tiny_products, fake_embedder) -> None:
    from tests.fault_injection import FaultyProxy

    direct = engines(hybrid_pipeline="rrf")
    direct.upsert(make_docs(tiny_products, fake_embedder))
    if _major_version(direct) >= 3:
        pytest.skip("weighted RRF runs on 3.x: nothing is refused")  # only a user's 3.x cluster gets here
    with FaultyProxy(direct.config.hosts[0]) as proxy:
        engine = engines(hosts=(proxy.url,), index=direct.config.index, hybrid_pipeline="rrf")
        retriever = ServerHybridRetriever(engine, fake_embedder, fusion=FusionConfig(weights={"bm25": 1.0, "dense": 2.0}))
        first = retriever.retrieve("black notebook", k=5)
        second = retriever.retrieve("wireless speaker", k=5)
        puts = [r for r in proxy.seen if r[0] == "PUT" and "_search/pipeline" in r[1]]
    assert len(puts) == 1
    assert set(first.legs) == set(second.legs) == {"bm25", "dense"}  # fused here, both legs on OpenSearch
    assert {h.engine for leg in first.legs.values() for h in leg} == {"opensearch"}


def test_server_hybrid_retriever_on_the_real_node(engines, tiny_products, fake_embedder) -> None:
    engine = engines(hybrid_pipeline="rrf")
    engine.upsert(make_docs(tiny_products, fake_embedder))
    retriever = ServerHybridRetriever(engine, fake_embedder, fusion=FusionConfig(weights={"bm25": 1.0, "dense": 1.0}))
    result = retriever.retrieve("black notebook", k=5)
    assert set(result.legs) == {"hybrid"} and len(result.hits) == 5
