"""Cross-engine retrieval, server-side hybrid and the settings wiring.

Engines are real: the embedded LanceDB index and the OpenSearch engine on
osmem-server (lexical; its k-NN leg falls back to the embedded engine,
since osmem has none).
"""

from __future__ import annotations

import pytest

from rag.engines import LanceDBEngine
from rag.engines.fallback import BreakerConfig, FallbackEngine, FallbackReason, capture_fallbacks
from rag.fusion import reciprocal_rank_fusion
from rag.retrieval import RetrievalMode
from rag.retrieval.cross_engine import CrossEngineRetriever, LegWeights
from rag.retrieval.hybrid import FusionConfig
from rag.retrieval.server_hybrid import ServerHybridRetriever
from rag.settings import Settings
from tests.contracts.engine_contract import make_docs
from tests.contracts.opensearch_support import closed_port, make_engine, osmem_url  # noqa: F401 - fixture

# Reads that must reach OpenSearch get a budget no loaded test machine exceeds.
SLOW_MACHINE = BreakerConfig(latency_budget_ms=10_000)


@pytest.fixture
def embedded(tmp_path, tiny_products, fake_embedder) -> LanceDBEngine:
    engine = LanceDBEngine(tmp_path / "embedded")
    engine.upsert(make_docs(tiny_products, fake_embedder))
    engine.finalize()
    return engine


def test_two_clusters_each_holding_half_the_catalog_are_fused(osmem_url, tiny_products, fake_embedder) -> None:  # noqa: F811
    first, second = make_engine(osmem_url), make_engine(osmem_url)
    half = len(tiny_products) // 2
    first.upsert(make_docs(tiny_products[:half], fake_embedder))
    first.name = "cluster-a"
    second.upsert(make_docs(tiny_products[half:], fake_embedder))
    second.name = "cluster-b"
    retriever = CrossEngineRetriever([first, second], fake_embedder, candidates_per_leg=50)
    result = retriever.retrieve("black", k=50, mode=RetrievalMode.BM25)
    assert set(result.legs) == {"bm25@cluster-a", "bm25@cluster-b"}
    found = {h.product_id for h in result.hits}
    assert found & {p.id for p in tiny_products[:half]} and found & {p.id for p in tiny_products[half:]}
    expected = reciprocal_rank_fusion(result.legs, k=60.0)
    assert [h.product_id for h in result.hits] == [h.product_id for h in expected]
    assert {"bm25@cluster-a", "bm25@cluster-b", "fusion"} <= set(result.timings_ms)


def test_a_product_both_engines_find_gathers_evidence_from_both(osmem_url, embedded, tiny_products, fake_embedder) -> None:  # noqa: F811
    opensearch = make_engine(osmem_url)
    opensearch.upsert(make_docs(tiny_products, fake_embedder))
    retriever = CrossEngineRetriever([opensearch, embedded], fake_embedder)
    result = retriever.retrieve("notebook", k=10, mode=RetrievalMode.BM25)
    assert set(result.legs) == {"bm25@opensearch", "bm25@embedded"}
    top = result.hits[0]
    assert set(top.legs) == {"bm25@opensearch", "bm25@embedded"}
    assert top.score == pytest.approx(sum(1 / (60 + e.rank) for e in top.legs.values()))


def test_hybrid_across_engines_with_the_dense_leg_falling_back(osmem_url, embedded, tiny_products, fake_embedder) -> None:  # noqa: F811
    opensearch = FallbackEngine(make_engine(osmem_url), embedded, breaker=SLOW_MACHINE)
    opensearch.upsert(make_docs(tiny_products, fake_embedder))  # both engines hold the catalog
    retriever = CrossEngineRetriever([opensearch, embedded], fake_embedder, fusion=FusionConfig(weights={"bm25": 1.0, "dense": 2.0}))
    with capture_fallbacks() as events:
        result = retriever.retrieve("wireless speaker", k=10)
    # osmem has no k-NN: OpenSearch's dense leg was served by the embedded engine,
    # whose own dense leg is already there, so it is counted once.
    assert set(result.legs) == {"bm25@opensearch", "bm25@embedded", "dense@embedded"}
    assert [e.reason for e in events] == [FallbackReason.ERROR] and events[0].op == "vector"
    expected = reciprocal_rank_fusion(result.legs, k=60.0, weights=LegWeights({"bm25": 1.0, "dense": 2.0}))
    assert [h.product_id for h in result.hits] == [h.product_id for h in expected[:10]]


def test_leg_weights_follow_the_base_leg() -> None:
    weights = LegWeights({"bm25": 1.0, "dense": 2.0})
    assert weights.get("dense@opensearch") == 2.0 and weights["bm25@embedded"] == 1.0
    assert weights.get("hyde@x", 1.0) == 1.0


def test_cross_engine_needs_two_engines(embedded, fake_embedder) -> None:
    with pytest.raises(ValueError, match="at least two engines"):
        CrossEngineRetriever([embedded], fake_embedder)


def test_empty_query_gives_an_empty_result(embedded, fake_embedder, tmp_path) -> None:
    other = LanceDBEngine(tmp_path / "other")
    result = CrossEngineRetriever([embedded, other], fake_embedder).retrieve("   ")
    assert result.hits == () and result.legs == {}


# -- server-side hybrid ----------------------------------------------------------------
class FakeServerHybrid(LanceDBEngine):
    """The embedded engine plus the two methods server-side hybrid needs, recording calls."""

    def __init__(self, path) -> None:
        super().__init__(path)
        self.pipelines: list[tuple[list[float], float]] = []

    def ensure_search_pipeline(self, weights, rrf_k=60.0) -> str:
        self.pipelines.append((list(weights), rrf_k))
        return "p"

    def hybrid(self, query, vector, k, filters):
        legs = {"bm25": self.lexical(query, k, filters), "dense": self.vector(vector, k, filters)}
        fused = reciprocal_rank_fusion(legs, k=60.0)
        from rag.records import Hit

        return [Hit(f.product_id, f.score, "hybrid", i + 1, self.name) for i, f in enumerate(fused[:k])]


def test_server_hybrid_sends_one_hybrid_query(tmp_path, tiny_products, fake_embedder) -> None:
    engine = FakeServerHybrid(tmp_path / "srv")
    engine.upsert(make_docs(tiny_products, fake_embedder))
    retriever = ServerHybridRetriever(engine, fake_embedder, fusion=FusionConfig(rrf_k=60.0, weights={"bm25": 1.0, "dense": 2.0}))
    result = retriever.retrieve("notebook", k=5)
    assert set(result.legs) == {"hybrid"} and len(result.hits) == 5
    retriever.retrieve("speaker", k=5)
    assert engine.pipelines == [([1.0, 2.0], 60.0)]  # created once
    bm25_only = retriever.retrieve("notebook", k=5, mode=RetrievalMode.BM25)
    assert set(bm25_only.legs) == {"bm25"}


def test_server_hybrid_on_a_cluster_without_pipelines_fuses_on_the_client(osmem_url, embedded, tiny_products, fake_embedder) -> None:  # noqa: F811
    engine = FallbackEngine(make_engine(osmem_url), embedded, breaker=SLOW_MACHINE)
    engine.upsert(make_docs(tiny_products, fake_embedder))
    retriever = ServerHybridRetriever(engine, fake_embedder)
    result = retriever.retrieve("notebook", k=5)
    assert set(result.legs) == {"bm25", "dense"}  # osmem refused the pipeline: client-side fusion
    assert {h.engine for h in result.legs["bm25"]} == {"opensearch"}  # osmem does BM25
    assert {h.engine for h in result.legs["dense"]} == {"embedded"}  # and has no k-NN
    expected = reciprocal_rank_fusion(result.legs, k=60.0, weights=retriever.fusion.weights)
    assert [h.product_id for h in result.hits] == [h.product_id for h in expected[:5]]


# -- settings wiring -------------------------------------------------------------------
def test_settings_build_opensearch_with_the_embedded_fallback(osmem_url, tmp_path, data_dir, fake_embedder, tiny_products) -> None:  # noqa: F811
    from rag.wiring import build_search_services, run_ingest
    from tests.contracts.opensearch_support import unique_alias

    settings = Settings(
        engine="opensearch",
        opensearch_url=osmem_url,
        opensearch_index=unique_alias("services"),
        opensearch_replicas=0,
        catalog_path=data_dir / "products.json",
        index_dir=tmp_path / "index",
        query_cache_size=0,
    )
    result = run_ingest(settings, embedder=fake_embedder, progress=False)
    assert result.added == len(tiny_products)
    services = build_search_services(settings, embedder=fake_embedder)
    assert isinstance(services.engine, FallbackEngine)
    assert services.engine.primary.count() == len(tiny_products)
    hits = services.retriever.retrieve("notebook", k=5, mode=RetrievalMode.BM25).hits
    assert hits and all("bm25" in h.legs for h in hits)
    assert services.engine.health().ok

    cross = build_search_services(settings.with_overrides(cross_engine=True), embedder=fake_embedder)
    assert isinstance(cross.retriever, CrossEngineRetriever)
    legs = cross.retriever.retrieve("notebook", k=5, mode=RetrievalMode.BM25).legs
    assert set(legs) == {"bm25@opensearch", "bm25@embedded"}


def test_opensearch_down_at_start_still_serves(tmp_path, data_dir, fake_embedder) -> None:
    from rag.wiring import build_search_services, run_ingest

    settings = Settings(
        engine="opensearch",
        opensearch_url=f"http://127.0.0.1:{closed_port()}",
        opensearch_max_retries=0,
        catalog_path=data_dir / "products.json",
        index_dir=tmp_path / "index",
        query_cache_size=0,
    )
    run_ingest(settings, embedder=fake_embedder, progress=False)  # OpenSearch down: writes queue up
    services = build_search_services(settings, embedder=fake_embedder)
    assert services.engine.outbox.stats().pending > 0
    result = services.retriever.retrieve("notebook", k=5)
    assert result.hits and all(h.engine == "embedded" for leg in result.legs.values() for h in leg)


def test_cross_engine_needs_opensearch() -> None:
    from rag.wiring.engines import cross_engines

    with pytest.raises(ValueError, match="cross_engine needs engine=opensearch"):
        cross_engines(Settings(), LanceDBEngine("/nonexistent"))


def test_server_hybrid_requests_on_the_wire(osmem_url, tiny_products, fake_embedder) -> None:  # noqa: F811
    # osmem runs neither pipelines nor hybrid queries, so this checks what is sent, not what comes back.
    import json

    from rag.engines.opensearch_engine import OpenSearchError
    from rag.records import Filters
    from tests.fault_injection import FaultyProxy

    with FaultyProxy(osmem_url) as proxy:
        engine = make_engine(proxy.url, hybrid_pipeline="normalization")
        with pytest.raises(OpenSearchError, match="put search pipeline"):
            engine.ensure_search_pipeline([1.0, 2.0])
        engine.upsert(make_docs(tiny_products[:3], fake_embedder))
        with pytest.raises(OpenSearchError, match="hybrid search failed"):
            engine.hybrid("notebook", fake_embedder.embed_query("notebook"), 10, Filters(brands=("HP",)))
        put = next(r for r in proxy.seen if r[0] == "PUT" and "_search/pipeline" in r[1])
        assert put[1] == f"/_search/pipeline/{engine.config.index}-hybrid-normalization"
        processor = json.loads(put[2])["phase_results_processors"][0]["normalization-processor"]
        assert processor["combination"]["parameters"]["weights"] == [0.3333, 0.6667]
        search = next(r for r in proxy.seen if r[0] in ("GET", "POST") and "/_search" in r[1] and b"hybrid" in r[2])
        assert search[1].startswith(f"/{engine.config.index}/_search?")
        assert f"search_pipeline={engine.config.index}-hybrid-normalization" in search[1]
        lexical, knn = json.loads(search[2])["query"]["hybrid"]["queries"]
        assert lexical["bool"]["filter"] == [{"terms": {"brand_key": ["hp"]}}]
        assert knn["nested"]["query"]["knn"]["chunks.vector"]["filter"] == {"bool": {"filter": [{"terms": {"brand_key": ["hp"]}}]}}
