"""Request bodies against the documented OpenSearch query DSL (2.19 and 3.x).

Each test names the documentation page whose shape it checks; the bodies
are pure functions, so no cluster is needed. What osmem-server cannot run
(knn, hybrid, pipelines) is checked here for shape only.
"""

from __future__ import annotations

import numpy as np
import pytest

from rag.engines import opensearch_dsl as dsl
from rag.records import Filters, NumericRange
from rag.settings import LexicalCombine

VEC = np.array([0.6, 0.8, 0.0, 0.0], dtype=np.float32)
BOOSTS = {"title": 2.0, "brand": 1.0, "category": 0.0, "body": 1.0}


def test_index_template_matches_the_knn_vector_and_template_docs() -> None:
    # docs: im-plugin/index-templates/ (index_patterns + template.settings/mappings);
    # mappings/supported-field-types/knn-vector/ and knn-methods-engines/ (method object).
    body = dsl.index_template_body("shop-v*", 384, dsl.IndexLayout(shards=3, replicas=2, m=24, ef_construction=256))
    assert body["index_patterns"] == ["shop-v*"] and body["priority"] == 200
    index = body["template"]["settings"]["index"]
    assert index["knn"] is True and index["number_of_shards"] == 3 and index["number_of_replicas"] == 2
    assert index["similarity"]["shop_bm25"] == {"type": "BM25", "k1": 1.2, "b": 0.75}
    assert "knn.algo_param.ef_search" not in index  # lucene: ef_search is per query
    props = body["template"]["mappings"]["properties"]
    vector = props["chunks"]["properties"]["vector"]
    assert props["chunks"]["type"] == "nested"
    assert vector == {
        "type": "knn_vector",
        "dimension": 384,
        "method": {"name": "hnsw", "space_type": "cosinesimil", "engine": "lucene",
                   "parameters": {"m": 24, "ef_construction": 256}},
    }
    for field in ("title", "brand", "category", "body"):
        assert props[field] == {"type": "text", "analyzer": "english", "similarity": "shop_bm25"}
    assert props["brand_key"] == {"type": "keyword"} and props["price"] == {"type": "double"}
    assert props["record"] == {"type": "object", "enabled": False}
    assert body["template"]["mappings"]["dynamic"] == "strict"


def test_faiss_sets_the_index_level_ef_search() -> None:
    # docs: knn-index settings, index.knn.algo_param.ef_search (faiss / nmslib only)
    body = dsl.index_template_body("x-v*", 8, dsl.IndexLayout(knn_engine=dsl.KnnEngine.FAISS, ef_search=256))
    assert body["template"]["settings"]["index"]["knn.algo_param.ef_search"] == 256
    assert body["template"]["mappings"]["properties"]["chunks"]["properties"]["vector"]["method"]["engine"] == "faiss"


@pytest.mark.parametrize("bad", [{"shards": 0}, {"replicas": -1}, {"m": 0}, {"ef_search": 0}, {"bm25_b": 1.5}])
def test_layout_rejects_bad_values(bad) -> None:
    with pytest.raises(ValueError):
        dsl.IndexLayout(**bad)


def test_filters_become_non_scoring_clauses() -> None:
    # docs: query-dsl/term/terms/, query-dsl/term/range/, query-dsl/term/term/
    filters = Filters(
        brands=(" HP", "Lenovo"),
        categories=("Notebook",),
        price=NumericRange(100, 500),
        numeric={"memory_gb": NumericRange(min=16)},
        text={"colour": "Black"},
    )
    assert dsl.filter_clauses(filters) == [
        {"terms": {"brand_key": ["hp", "lenovo"]}},
        {"terms": {"category_key": ["notebook"]}},
        {"range": {"price": {"gte": 100.0, "lte": 500.0}}},
        {"range": {"memory_gb": {"gte": 16.0}}},
        {"term": {"attr_tags": "colour=black"}},
    ]
    assert dsl.filter_clauses(Filters()) == []
    with pytest.raises(ValueError, match="unknown numeric filter 'ram'; allowed: memory_gb"):
        dsl.filter_clauses(Filters(numeric={"ram": NumericRange(1, 2)}))


def test_lexical_body_is_a_boosted_multi_match_with_filters_in_bool_filter() -> None:
    # docs: query-dsl/full-text/multi-match/ ("fields": ["title^2", ...], "type": "best_fields",
    # "tie_breaker": 0.0 scores by the best field alone); query-dsl/compound/bool/ (filter context does not score)
    body = dsl.lexical_body("gaming laptop", 20_000, BOOSTS, Filters(brands=("HP",)))
    assert body["size"] == 10_000 and body["_source"] is False
    must, = body["query"]["bool"]["must"]
    assert must == {"multi_match": {"query": "gaming laptop", "fields": ["title^2", "brand^1", "body^1"],
                                    "type": "best_fields", "tie_breaker": 0.0}}
    assert body["query"]["bool"]["filter"] == [{"terms": {"brand_key": ["hp"]}}]
    plain = dsl.lexical_body("x", 5, BOOSTS, Filters())
    assert "multi_match" in plain["query"] and plain["size"] == 5
    with pytest.raises(ValueError, match="every lexical boost is 0"):
        dsl.lexical_body("x", 5, dict.fromkeys(BOOSTS, 0.0), Filters())


def test_most_fields_sums_the_fields_and_reaches_the_hybrid_body_too() -> None:
    summed = dsl.lexical_body("laptop", 5, BOOSTS, Filters(), LexicalCombine.MOST_FIELDS)["query"]["multi_match"]
    assert summed["type"] == "most_fields" and "tie_breaker" not in summed  # most_fields takes no tie_breaker
    hybrid = dsl.hybrid_body("laptop", VEC, 5, BOOSTS, 100, Filters(), LexicalCombine.MOST_FIELDS)
    assert hybrid["query"]["hybrid"]["queries"][0]["multi_match"] == summed
    assert dsl.hybrid_body("laptop", VEC, 5, BOOSTS, 100, Filters())["query"]["hybrid"]["queries"][0] == (
        dsl.lexical_body("laptop", 5, BOOSTS, Filters())["query"])


def test_knn_body_puts_the_filter_inside_the_knn_clause() -> None:
    # docs: query-dsl/specialized/k-nn/index/ (vector, k, filter, method_parameters.ef_search);
    # vector-search/specialized-operations/nested-search-knn/ (nested path, filter on top-level fields)
    body = dsl.knn_body(VEC, 50, 100, Filters(price=NumericRange(max=99)))
    nested = body["query"]["nested"]
    assert nested["path"] == "chunks" and nested["score_mode"] == "max"
    clause = nested["query"]["knn"]["chunks.vector"]
    assert clause["vector"] == pytest.approx([0.6, 0.8, 0.0, 0.0])
    assert clause["k"] == 50 and body["size"] == 50
    assert clause["method_parameters"] == {"ef_search": 100}
    assert clause["filter"] == {"bool": {"filter": [{"range": {"price": {"lte": 99.0}}}]}}
    unfiltered = dsl.knn_body(VEC, 200, 100, Filters())["query"]["nested"]["query"]["knn"]["chunks.vector"]
    assert "filter" not in unfiltered
    assert unfiltered["method_parameters"]["ef_search"] == 200  # never below k
    assert dsl.knn_body(VEC, 50_000, 100, Filters())["query"]["nested"]["query"]["knn"]["chunks.vector"]["k"] == 10_000


def test_hybrid_body_has_both_legs_each_filtered() -> None:
    # docs: query-dsl/compound/hybrid/ ("queries": up to 5 clauses); the hybrid-level
    # "filter" is 3.0+ (hybrid-search/pre-filtering/), so each subquery carries it (2.19 too).
    filters = Filters(categories=("notebook",))
    body = dsl.hybrid_body("laptop", VEC, 30, BOOSTS, 100, filters)
    lexical, knn = body["query"]["hybrid"]["queries"]
    assert lexical == dsl.lexical_body("laptop", 30, BOOSTS, filters)["query"]
    assert knn == dsl.knn_clause(VEC, 30, 100, filters)
    assert "filter" not in body["query"]["hybrid"]


def test_normalization_pipeline_matches_the_processor_docs() -> None:
    # docs: search-plugins/search-pipelines/normalization-processor/
    body = dsl.normalization_pipeline_body([1.0, 2.0])
    (processor,) = body["phase_results_processors"]
    norm = processor["normalization-processor"]
    assert norm["normalization"] == {"technique": "min_max"}
    assert norm["combination"]["technique"] == "arithmetic_mean"
    weights = norm["combination"]["parameters"]["weights"]
    assert weights == [0.3333, 0.6667] and sum(weights) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="unknown normalization technique"):
        dsl.normalization_pipeline_body([1, 1], technique="max")


def test_rrf_pipeline_matches_the_score_ranker_docs() -> None:
    # docs: search-plugins/search-pipelines/score-ranker-processor/ (2.19+)
    body = dsl.rrf_pipeline_body([1.0, 1.0], rank_constant=60)
    (processor,) = body["phase_results_processors"]
    # Equal weights are plain RRF, sent without weights: 2.19 refuses any parameters here.
    assert processor == {"score-ranker-processor": {"combination": {"technique": "rrf", "rank_constant": 60}}}
    weighted = dsl.rrf_pipeline_body([1.0, 3.0])["phase_results_processors"][0]["score-ranker-processor"]
    assert weighted["combination"]["parameters"] == {"weights": [0.25, 0.75]}  # weighted RRF: 3.x only
    for bad in ([1.0], [-1.0, 2.0], [0.0, 0.0]):
        with pytest.raises(ValueError, match="two non-negative leg weights"):
            dsl.rrf_pipeline_body(bad)
    with pytest.raises(ValueError, match="rank_constant"):
        dsl.rrf_pipeline_body([1, 1], rank_constant=0)


def test_alias_swap_is_one_atomic_actions_list() -> None:
    # docs: im-plugin/index-alias/ ("actions": remove + add in one request is atomic)
    assert dsl.alias_swap_actions("shop", ["shop-v1"], "shop-v2", "shop-staging") == {
        "actions": [
            {"remove": {"index": "shop-v1", "alias": "shop"}},
            {"add": {"index": "shop-v2", "alias": "shop"}},
            {"remove": {"index": "shop-v2", "alias": "shop-staging"}},
        ]
    }


@pytest.mark.parametrize("cos", [-0.6, -0.1, 0.0, 0.3, 0.95, 1.0])
def test_scores_convert_back_to_cosine(cos) -> None:
    # docs: mappings/supported-field-types/knn-spaces/ (OpenSearch score per space type)
    d_cos = 1 - cos
    cos_score = (2 - d_cos) / 2
    ip_score = cos + 1 if cos > 0 else 1 / (1 - cos)
    l2_score = 1 / (1 + (2 - 2 * cos))  # unit vectors: |x - y|^2 = 2 - 2 cos
    assert dsl.similarity_from_score(cos_score, dsl.SpaceType.COSINE) == pytest.approx(cos)
    assert dsl.similarity_from_score(ip_score, dsl.SpaceType.INNER_PRODUCT) == pytest.approx(cos)
    assert dsl.similarity_from_score(l2_score, dsl.SpaceType.L2) == pytest.approx(cos)


def test_bulk_actions_carry_the_full_product(tiny_products, fake_embedder) -> None:
    # docs: api-reference/document-apis/bulk/ (index action with _index, _id and the source)
    from tests.contracts.engine_contract import make_docs

    docs = make_docs(tiny_products[:2], fake_embedder, max_chunks=3)
    actions = dsl.bulk_index_actions("shop-staging", docs)
    assert [a["_id"] for a in actions] == [p.id for p in tiny_products[:2]]
    assert all(a["_op_type"] == "index" and a["_index"] == "shop-staging" for a in actions)
    source = actions[0]["_source"]
    assert len(source["chunks"]) == docs[0].vectors.shape[0] and len(source["chunks"][0]["vector"]) == 64
    assert source["record"]["id"] == tiny_products[0].id and source["content_hash"] == tiny_products[0].content_hash
    assert dsl.bulk_delete_actions("shop", ["a"]) == [{"_op_type": "delete", "_index": "shop", "_id": "a"}]


def test_every_default_knn_mapping_names_the_lucene_engine() -> None:
    """Guards the default: OpenSearch's own default k-NN engine (faiss; nmslib before 2.19)
    needs native libraries that a node started from Maven's jars does not have, and a
    faiss index fails at its first flush there. Every default path must say "lucene"."""
    from rag.settings import KnnEngine, Settings
    from rag.wiring.engines import opensearch_config

    assert dsl.IndexLayout().knn_engine is KnnEngine.LUCENE
    assert Settings().opensearch_knn_engine is KnnEngine.LUCENE
    layout = opensearch_config(Settings()).layout
    assert layout.knn_engine is KnnEngine.LUCENE
    body = dsl.index_template_body("x-v*", 8, layout)
    method = body["template"]["mappings"]["properties"]["chunks"]["properties"]["vector"]["method"]
    assert method["engine"] == "lucene"  # named explicitly, never left to the cluster's default
