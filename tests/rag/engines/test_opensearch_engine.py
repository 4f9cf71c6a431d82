"""The OpenSearch engine against osmem-server (no JVM needed): the lexical leg,
index lifecycle, configuration, and the request bodies on the wire.

The whole contract and what only a real engine shows (k-NN, analysis,
pipelines) run on a real node: tests/contracts/test_opensearch_engine_contract.py
and tests/rag/engines/test_opensearch_real.py.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from rag.embeddings.fake import FakeEmbedder
from rag.engines.opensearch_engine import OpenSearchConfig, OpenSearchEngine, OpenSearchError
from rag.records import Filters
from tests.contracts.engine_contract import make_docs
from tests.contracts.opensearch_support import make_engine, osmem_url  # noqa: F401 - fixture


@pytest.fixture
def loaded(osmem_url, tiny_products, fake_embedder) -> OpenSearchEngine:  # noqa: F811
    engine = make_engine(osmem_url)
    engine.upsert(make_docs(tiny_products, fake_embedder))
    engine.finalize()
    return engine


def test_upsert_replaces_a_product_for_the_lexical_leg(loaded, tiny_products, fake_embedder) -> None:
    original = tiny_products[0]
    changed = replace(original, title="Zanzibar quokka edition " + original.title, content_hash="changed")
    loaded.upsert(make_docs([changed], fake_embedder))  # visible without finalize, as the contract wants
    assert [h.product_id for h in loaded.lexical("zanzibar quokka", 5)] == [original.id]
    assert loaded.content_hashes()[original.id] == "changed"
    assert loaded.fetch([original.id])[original.id].title.startswith("Zanzibar")
    assert loaded.health().products == len(tiny_products)


def test_delete_removes_a_product_everywhere(loaded, tiny_products) -> None:
    target = next(p for p in tiny_products if p.category == "notebook")
    assert loaded.delete([target.id, "no-such-id"]) == 1
    assert target.id not in {h.product_id for h in loaded.lexical(target.title, 50)}
    assert target.id not in loaded.content_hashes() and loaded.fetch([target.id]) == {}
    assert loaded.delete([target.id]) == 0
    assert loaded.count() == len(tiny_products) - 1


def test_filter_matching_nothing_and_k_bounds(loaded, tiny_products) -> None:
    assert loaded.lexical("notebook", 10, Filters(brands=("no-such-brand-xyz",))) == []
    assert 0 < len(loaded.lexical("black", 10_000)) <= len(tiny_products)
    assert loaded.lexical("black", 0) == []


def test_multi_chunk_products_are_one_document_each(osmem_url, tiny_products, fake_embedder) -> None:  # noqa: F811
    engine = make_engine(osmem_url)
    docs = make_docs(tiny_products, fake_embedder, max_chunks=4)
    assert any(d.vectors.shape[0] > 1 for d in docs)
    engine.upsert(docs)
    assert engine.count() == len(tiny_products)
    doc = max(docs, key=lambda d: d.vectors.shape[0])
    stored = engine.client.get(index=engine.config.index, id=doc.product.id)["_source"]["chunks"]
    assert np.allclose(np.array([c["vector"] for c in stored]), doc.vectors, atol=1e-6)


def test_the_index_comes_from_the_template_behind_the_alias(loaded) -> None:
    alias = loaded.config.index
    (concrete,) = loaded.client.indices.get_alias(name=alias)
    assert concrete.startswith(f"{alias}-v")
    mapping = loaded.client.indices.get_mapping(index=concrete)[concrete]["mappings"]
    vector = mapping["properties"]["chunks"]["properties"]["vector"]
    assert vector["type"] == "knn_vector" and vector["dimension"] == 64
    assert vector["method"]["parameters"] == {"m": 16, "ef_construction": 128}
    assert mapping["properties"]["title"]["analyzer"] == "english"
    settings = loaded.client.indices.get_settings(index=concrete)[concrete]["settings"]["index"]
    assert settings["knn"] == "true" and settings["similarity"]["shop_bm25"]["type"] == "BM25"


def test_a_different_embedding_size_asks_for_a_rebuild(osmem_url, loaded, tiny_products) -> None:  # noqa: F811
    other = make_engine(osmem_url, loaded.config.index)
    doc = make_docs(tiny_products[:1], FakeEmbedder(dimension=32))
    with pytest.raises(ValueError, match=r"64-d vectors but got 32-d.*--rebuild"):
        other.upsert(doc)


def test_rebuild_publishes_with_one_alias_swap(osmem_url, loaded, tiny_products, fake_embedder) -> None:  # noqa: F811
    alias = loaded.config.index
    (old,) = loaded.client.indices.get_alias(name=alias)
    loaded.begin_rebuild()
    loaded.upsert(make_docs(tiny_products[:5], fake_embedder))
    assert loaded.count() == len(tiny_products)  # readers still see the old index
    assert len(loaded.content_hashes()) == 5  # ingest sees the index being built
    loaded.publish_rebuild()
    (new,) = loaded.client.indices.get_alias(name=alias)
    assert new != old and loaded.count() == 5
    assert not loaded.client.indices.exists(index=old)
    assert loaded.write_alias == alias


def test_knn_is_reported_as_unavailable_on_osmem(loaded, fake_embedder) -> None:
    # osmem has no k-NN: the engine turns the 400 into OpenSearchError, which
    # a FallbackEngine serves from the embedded engine instead.
    with pytest.raises(OpenSearchError, match=r"k-NN search failed.*knn"):
        loaded.vector(fake_embedder.embed_query("notebook"), 5)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"hosts": ("localhost:9200",)}, "must be http"),
        ({"index": "Shop Products"}, "invalid OpenSearch index"),
        ({"username": "admin"}, "both the OpenSearch username and password"),
        ({"timeout_s": 0}, "timeout_s > 0"),
        ({"hybrid_pipeline": "borda"}, "unknown hybrid pipeline"),
    ],
)
def test_config_rejects_bad_values(kwargs, message) -> None:
    with pytest.raises(ValueError, match=message):
        OpenSearchConfig(**kwargs)


def test_password_is_not_in_the_repr() -> None:
    config = OpenSearchConfig(username="admin", password="s3cret-Pa55")
    assert "s3cret" not in repr(config)


def test_construction_touches_no_network() -> None:
    engine = OpenSearchEngine(OpenSearchConfig(hosts=("http://127.0.0.1:9",)))
    assert "client" not in engine.__dict__  # built lazily, on first use


def test_the_vector_leg_sends_a_filtered_nested_knn_query(osmem_url, tiny_products, fake_embedder) -> None:  # noqa: F811
    import json

    from rag.records import NumericRange
    from tests.fault_injection import FaultyProxy

    with FaultyProxy(osmem_url) as proxy:
        engine = make_engine(proxy.url)
        engine.upsert(make_docs(tiny_products, fake_embedder))
        with pytest.raises(OpenSearchError):  # osmem: no k-NN
            engine.vector(fake_embedder.embed_query("notebook"), 7, Filters(price=NumericRange(max=100)))
        method, path, body = proxy.seen[-1]
        assert method in ("GET", "POST") and path.split("?")[0] == f"/{engine.config.index}/_search"
        sent = json.loads(body)
        knn = sent["query"]["nested"]["query"]["knn"]["chunks.vector"]
        assert sent["size"] == 7 and knn["k"] == 7 and len(knn["vector"]) == 64
        assert knn["filter"] == {"bool": {"filter": [{"range": {"price": {"lte": 100.0}}}]}}
