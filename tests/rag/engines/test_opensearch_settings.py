"""OpenSearch settings: parsing, rejection of bad values, and what they build."""

from __future__ import annotations

import pytest

from rag.engines.fallback import FallbackEngine
from rag.engines.opensearch_dsl import KnnEngine, SpaceType
from rag.retrieval import RetrievalMode
from rag.settings import EngineKind, HybridMode, Settings
from rag.wiring.engines import build_engine, opensearch_config
from tests.contracts.engine_contract import make_docs
from tests.contracts.opensearch_support import osmem_url, unique_alias  # noqa: F401 - fixture


def test_values_are_parsed_like_the_other_choices() -> None:
    s = Settings(engine="OpenSearch", opensearch_knn_engine="FAISS", opensearch_space_type="innerproduct",
                 opensearch_hybrid="server", opensearch_url=" http://a:9200 ,https://b:9200 ")
    assert s.engine is EngineKind.OPENSEARCH and s.opensearch_hybrid is HybridMode.SERVER
    assert s.opensearch_knn_engine is KnnEngine.FAISS and s.opensearch_space_type is SpaceType.INNER_PRODUCT
    config = opensearch_config(s)
    assert config.hosts == ("http://a:9200", "https://b:9200")
    assert config.layout.knn_engine is KnnEngine.FAISS


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"engine": "elastic"}, "unknown EngineKind 'elastic'; choose one of: embedded, opensearch"),
        ({"opensearch_knn_engine": "nmslib"}, "choose one of: lucene, faiss"),
        ({"opensearch_url": "localhost:9200"}, "must be http"),
        ({"opensearch_hybrid_pipeline": "borda"}, "choose one of: rrf, normalization"),
        ({"opensearch_hnsw_m": 1}, "greater than or equal to 2"),
        ({"fallback_latency_budget_ms": 0}, "greater than 0"),
        ({"opensearch_pasword": "x"}, "did you mean 'opensearch_password'"),
    ],
)
def test_bad_values_are_rejected_with_the_allowed_ones(kwargs, message) -> None:
    with pytest.raises(ValueError, match=message):
        Settings(**kwargs)


def test_the_password_comes_from_the_environment_and_stays_secret(monkeypatch) -> None:
    monkeypatch.setenv("SHOPASSIST_OPENSEARCH_PASSWORD", "s3cret-Pa55")
    s = Settings(engine="opensearch", opensearch_username="admin")
    assert "s3cret" not in repr(s) and "s3cret" not in str(s.model_dump())
    assert opensearch_config(s).password == "s3cret-Pa55"


def test_embedded_is_the_default_and_builds_no_fallback(tmp_path) -> None:
    assert not isinstance(build_engine(Settings(), tmp_path), FallbackEngine)


def test_cross_engine_with_an_extra_cluster(osmem_url, tmp_path, tiny_products, fake_embedder) -> None:  # noqa: F811
    from rag.wiring import build_search_services

    alias = unique_alias("extra")
    settings = Settings(engine="opensearch", opensearch_url=osmem_url, opensearch_index=alias, cross_engine=True,
                        opensearch_extra_urls=[osmem_url], index_dir=tmp_path / "index", query_cache_size=0)
    services = build_search_services(settings, embedder=fake_embedder)
    services.engine.upsert(make_docs(tiny_products, fake_embedder))  # embedded + the main cluster (same alias as the extra)
    result = services.retriever.retrieve("notebook", k=5, mode=RetrievalMode.BM25)
    assert set(result.legs) == {"bm25@opensearch", "bm25@embedded", "bm25@opensearch2"}


def test_only_the_apps_index_is_mirrored_to_opensearch(tmp_path) -> None:
    settings = Settings(engine="opensearch", index_dir=tmp_path / "index")
    assert isinstance(build_engine(settings, tmp_path / "index"), FallbackEngine)
    assert isinstance(build_engine(settings, tmp_path / "index.building"), FallbackEngine)  # a rebuild
    # An evaluation on another catalog must never rewrite the live alias.
    eval_cache = tmp_path / "eval-cache" / "0123456789abcdef"
    assert not isinstance(build_engine(settings, eval_cache), FallbackEngine)


def test_a_rebuild_through_the_settings_swaps_the_alias(osmem_url, tmp_path, data_dir, fake_embedder, tiny_products) -> None:  # noqa: F811
    from rag.wiring import run_ingest
    from tests.contracts.opensearch_support import make_engine

    alias = unique_alias("rebuildsettings")
    settings = Settings(engine="opensearch", opensearch_url=osmem_url, opensearch_index=alias, opensearch_replicas=0,
                        catalog_path=data_dir / "products.json", index_dir=tmp_path / "index", query_cache_size=0)
    run_ingest(settings, embedder=fake_embedder, progress=False)
    direct = make_engine(osmem_url, alias)
    (before,) = direct.client.indices.get_alias(name=alias)
    result = run_ingest(settings, embedder=fake_embedder, progress=False, rebuild=True)
    (after,) = direct.client.indices.get_alias(name=alias)
    assert result.rebuilt and after != before and direct.count() == len(tiny_products)
    assert not (tmp_path / "index.building").exists()


@pytest.mark.parametrize(("combine", "embedded_name"), [("best_fields", "max"), ("most_fields", "sum")])
def test_the_lexical_combine_setting_reaches_both_engines(tmp_path, tiny_products, fake_embedder,
                                                          combine, embedded_name) -> None:
    from rag.engines.lancedb_engine import LanceDBEngine
    from rag.settings import LexicalCombine

    index = tmp_path / "index"
    writer = LanceDBEngine(index)
    writer.upsert(make_docs(tiny_products, fake_embedder))
    writer.finalize()
    settings = Settings(engine="opensearch", index_dir=index, lexical_combine=combine)
    engine = build_engine(settings, index)
    assert isinstance(engine, FallbackEngine)
    assert engine.primary.config.lexical_combine is LexicalCombine(combine)
    query = tiny_products[2].title  # matches the title, the brand and the body
    direct = LanceDBEngine(index, lexical_combine=embedded_name).lexical(query, 10)
    assert [(h.product_id, h.score) for h in engine.fallback.lexical(query, 10)] == [
        (h.product_id, h.score) for h in direct]
    best, summed = (LanceDBEngine(index, lexical_combine=c).lexical(query, 1)[0].score for c in ("max", "sum"))
    assert summed > best  # the two settings really differ on this query
