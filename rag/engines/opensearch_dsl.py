"""OpenSearch request bodies, as pure functions (no client, no network).

Every body here follows the documented query DSL of OpenSearch 2.19 and 3.x;
the page each shape comes from is named beside it, and
``tests/rag/engines/test_opensearch_dsl.py`` asserts the shapes. Keeping them
pure lets the tests check them without a cluster, and keeps the engine class
about transport, errors and index lifecycle only.

One document per product. Its vectors live in a ``nested`` field
(``chunks.vector``), so a multi-chunk product is one hit: a k-NN search over
nested vectors returns each parent once, scored by its nearest chunk
(docs: vector-search/specialized-operations/nested-search-knn/).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from rag.engines.base import (
    LEXICAL_FIELDS,
    NUMERIC_FILTER_COLUMNS,
    IndexDocument,
    filter_columns,
)
from rag.records import Filters, product_to_dict
from rag.settings import HybridMode, KnnEngine, LexicalCombine, SpaceType

# k and size are capped by OpenSearch: knn ``k`` is valid in [1, 10000]
# (docs: query-dsl/specialized/k-nn/index/) and from+size by the default
# ``index.max_result_window`` of 10000.
MAX_K = 10_000
CHUNKS = "chunks"
VECTOR_FIELD = f"{CHUNKS}.vector"
BM25_SIMILARITY = "shop_bm25"

__all__ = ["HybridMode", "IndexLayout", "KnnEngine", "LexicalCombine", "SpaceType"]  # the enums live in rag.settings


@dataclass(frozen=True, slots=True)
class IndexLayout:
    """Everything that goes into the index template."""

    shards: int = 1
    replicas: int = 1
    knn_engine: KnnEngine = KnnEngine.LUCENE
    space_type: SpaceType = SpaceType.COSINE
    m: int = 16
    ef_construction: int = 128
    ef_search: int = 100
    bm25_k1: float = 1.2
    bm25_b: float = 0.75

    def __post_init__(self) -> None:
        for name in ("shards", "m", "ef_construction", "ef_search"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be >= 1, got {getattr(self, name)}")
        if self.replicas < 0:
            raise ValueError(f"replicas must be >= 0, got {self.replicas}")
        if self.bm25_k1 < 0 or not 0 <= self.bm25_b <= 1:
            raise ValueError(f"BM25 needs k1 >= 0 and 0 <= b <= 1, got k1={self.bm25_k1} b={self.bm25_b}")


def index_template_body(pattern: str, dimension: int, layout: IndexLayout) -> dict[str, object]:
    """A composable index template for ``pattern`` (docs: im-plugin/index-templates/).

    * text fields: the built-in ``english`` analyzer (stemming, stop words;
      docs: analyzers/language-analyzers/english/) and a named BM25 similarity
      whose k1/b are settings (docs: field-types/mapping-parameters/similarity/
      and index-modules "similarity");
    * keyword fields for the filters, doubles for price and normalized specs;
    * ``chunks.vector``: ``knn_vector`` with the HNSW method, engine, space
      and m / ef_construction (docs: mappings/supported-field-types/knn-vector/,
      knn-methods-engines/); ``index.knn`` must be true.
    ``record`` (the full product) is stored but not indexed (``enabled: false``).
    """
    if dimension < 1:
        raise ValueError(f"vector dimension must be >= 1, got {dimension}")
    text = {"type": "text", "analyzer": "english", "similarity": BM25_SIMILARITY}
    properties: dict[str, object] = {"id": {"type": "keyword"}, "content_hash": {"type": "keyword"}}
    properties |= {field: dict(text) for field in LEXICAL_FIELDS}
    properties |= {
        "brand_key": {"type": "keyword"},
        "category_key": {"type": "keyword"},
        "price": {"type": "double"},
        "attr_tags": {"type": "keyword"},
        "record": {"type": "object", "enabled": False},
    }
    properties |= {column: {"type": "double"} for column in NUMERIC_FILTER_COLUMNS}
    properties[CHUNKS] = {
        "type": "nested",
        "properties": {
            "vector": {
                "type": "knn_vector",
                "dimension": dimension,
                "method": {
                    "name": "hnsw",
                    "space_type": layout.space_type.value,
                    "engine": layout.knn_engine.value,
                    "parameters": {"m": layout.m, "ef_construction": layout.ef_construction},
                },
            }
        },
    }
    settings: dict[str, object] = {
        "number_of_shards": layout.shards,
        "number_of_replicas": layout.replicas,
        "knn": True,
        "similarity": {BM25_SIMILARITY: {"type": "BM25", "k1": layout.bm25_k1, "b": layout.bm25_b}},
    }
    if layout.knn_engine is KnnEngine.FAISS:
        # Index-level default for faiss; lucene takes ef_search per query only.
        settings["knn.algo_param.ef_search"] = layout.ef_search
    return {
        "index_patterns": [pattern],
        # Composable templates whose patterns overlap must differ in priority;
        # a high one keeps ours from colliding with a cluster's catch-all template.
        "priority": 200,
        "template": {
            "settings": {"index": settings},
            "mappings": {
                "dynamic": "strict",
                "_meta": {"shopassist": {"dimension": dimension, "schema": 1}},
                "properties": properties,
            },
        },
    }


def document_source(doc: IndexDocument) -> dict[str, object]:
    """The ``_source`` of one product: text fields, filter fields, record, chunk vectors."""
    product = doc.product
    source: dict[str, object] = {"id": product.id, "content_hash": product.content_hash}
    source |= {field: doc.lexical.get(field, "") for field in LEXICAL_FIELDS}
    source |= filter_columns(product)
    source["record"] = product_to_dict(product)
    source[CHUNKS] = [{"vector": [float(x) for x in row]} for row in np.asarray(doc.vectors, dtype=np.float32)]
    return source


def bulk_index_actions(index: str, documents: Sequence[IndexDocument]) -> list[dict[str, object]]:
    """Actions for ``opensearchpy.helpers.streaming_bulk`` (docs: api-reference/document-apis/bulk/)."""
    return [
        {"_op_type": "index", "_index": index, "_id": doc.product.id, "_source": document_source(doc)}
        for doc in documents
    ]


def bulk_delete_actions(index: str, product_ids: Sequence[str]) -> list[dict[str, object]]:
    return [{"_op_type": "delete", "_index": index, "_id": pid} for pid in product_ids]


def filter_clauses(filters: Filters) -> list[dict[str, object]]:
    """:class:`Filters` as a list of non-scoring clauses (docs: query-dsl/term/terms, term/range).

    Brand and category compare lower-cased keys (like the embedded engine);
    a range on ``price`` never matches a product without a price, which is
    what "price unknown" must do under a price filter.
    """
    clauses: list[dict[str, object]] = []
    if filters.brands:
        clauses.append({"terms": {"brand_key": [b.strip().lower() for b in filters.brands]}})
    if filters.categories:
        clauses.append({"terms": {"category_key": [c.strip().lower() for c in filters.categories]}})
    ranges = [("price", filters.price)]
    for name, rng in filters.numeric.items():
        if name not in NUMERIC_FILTER_COLUMNS:
            raise ValueError(f"unknown numeric filter {name!r}; allowed: {', '.join(NUMERIC_FILTER_COLUMNS)}")
        ranges.append((name, rng))
    for field, rng in ranges:
        bounds: dict[str, float] = {}
        if rng.min is not None:
            bounds["gte"] = float(rng.min)
        if rng.max is not None:
            bounds["lte"] = float(rng.max)
        if bounds:
            clauses.append({"range": {field: bounds}})
    for name, value in filters.text.items():
        clauses.append({"term": {"attr_tags": f"{name.strip().lower()}={value.strip().lower()}"}})
    return clauses


def _filter_query(filters: Filters) -> dict[str, object] | None:
    clauses = filter_clauses(filters)
    return {"bool": {"filter": clauses}} if clauses else None


def multi_match_clause(
    query: str, boosts: Mapping[str, float], combine: LexicalCombine = LexicalCombine.BEST_FIELDS
) -> dict[str, object]:
    """BM25 over the text fields with per-field boosts (``field^boost``).

    ``best_fields`` with ``tie_breaker`` 0 scores a product by its best boosted
    field, exactly as the embedded engine's leg does by default; ``most_fields``
    sums the field scores (docs: query-dsl/full-text/multi-match/). The sum made
    the hybrid 0.010 worse on the dev judgments (docs/opensearch.md, "the gap").
    multi_match does not parse query syntax, so quotes, ``AND (`` or ``*:*`` are just text.
    """
    fields = [f"{field}^{float(boosts[field]):g}" for field in LEXICAL_FIELDS if boosts.get(field, 0) > 0]
    if not fields:
        raise ValueError("every lexical boost is 0: at least one of title, brand, category, body must be > 0")
    clause: dict[str, object] = {"query": query, "fields": fields, "type": LexicalCombine(combine).value}
    if combine is LexicalCombine.BEST_FIELDS:
        clause["tie_breaker"] = 0.0
    return {"multi_match": clause}


# What a search returns per hit: the product id from its doc values, and nothing
# from stored fields. Reading ``_id`` means reading the stored-fields block it
# sits in, and a product's stored ``_source`` holds its vectors as JSON, so
# the fetch phase of 100 hits cost more than the search itself (93 ms against
# 11 ms for a BM25 top 100 on the real catalog, under load; docs:
# search-plugins/searching-data/retrieve-specific-fields/, "docvalue_fields"
# and "stored_fields": "_none_").
ID_ONLY: dict[str, object] = {"_source": False, "stored_fields": "_none_", "docvalue_fields": ["id"]}


def hit_id(hit: Mapping[str, object]) -> str:
    """The product id of a hit returned with :data:`ID_ONLY` (or ``_id`` where a cluster ignores it)."""
    fields = hit.get("fields")
    if isinstance(fields, Mapping) and fields.get("id"):
        return str(fields["id"][0])
    return str(hit["_id"])


def lexical_body(
    query: str,
    k: int,
    boosts: Mapping[str, float],
    filters: Filters,
    combine: LexicalCombine = LexicalCombine.BEST_FIELDS,
) -> dict[str, object]:
    """Filters sit in ``bool.filter``: they restrict the candidates without scoring."""
    must = multi_match_clause(query, boosts, combine)
    clauses = filter_clauses(filters)
    q: dict[str, object] = {"bool": {"must": [must], "filter": clauses}} if clauses else must
    return {"size": min(k, MAX_K), **ID_ONLY, "track_total_hits": False, "query": q}


def knn_clause(vector: np.ndarray, k: int, ef_search: int, filters: Filters) -> dict[str, object]:
    """A nested k-NN query with the filter *inside* the knn clause.

    Efficient filtering (docs: vector-search/filter-search-knn/efficient-knn-filtering/):
    lucene and faiss apply the filter while walking the graph (or fall back
    to an exact search over a small filtered set), so a selective filter
    still returns k results. The filter names top-level fields, which the
    nested-knn docs allow ("Vector search with filtering on nested fields").
    ``method_parameters.ef_search`` is per query (2.16+).
    """
    k = min(k, MAX_K)
    inner: dict[str, object] = {
        "vector": [float(x) for x in np.asarray(vector, dtype=np.float32).reshape(-1)],
        "k": k,
        "method_parameters": {"ef_search": max(ef_search, k)},
    }
    flt = _filter_query(filters)
    if flt is not None:
        inner["filter"] = flt
    return {"nested": {"path": CHUNKS, "score_mode": "max", "query": {"knn": {VECTOR_FIELD: inner}}}}


def knn_body(vector: np.ndarray, k: int, ef_search: int, filters: Filters) -> dict[str, object]:
    return {
        "size": min(k, MAX_K),
        **ID_ONLY,
        "track_total_hits": False,
        "query": knn_clause(vector, k, ef_search, filters),
    }


def hybrid_body(
    query: str,
    vector: np.ndarray,
    k: int,
    boosts: Mapping[str, float],
    ef_search: int,
    filters: Filters,
    combine: LexicalCombine = LexicalCombine.BEST_FIELDS,
) -> dict[str, object]:
    """The server-side ``hybrid`` query (docs: query-dsl/compound/hybrid/).

    Filters go into each subquery rather than the hybrid-level ``filter``,
    which only exists from 3.0 (docs: hybrid-search/pre-filtering/); this
    body runs on 2.19 too. It also sidesteps opensearch-project/neural-search
    issue 1759: a hybrid-level filter is not pushed into a *nested* kNN
    subquery, so it acts as a post-filter there, while a filter inside the
    knn clause is a pre-filter. Used with a search pipeline (see below).
    """
    lexical = lexical_body(query, k, boosts, filters, combine)["query"]
    return {
        "size": min(k, MAX_K),
        **ID_ONLY,
        "query": {"hybrid": {"queries": [lexical, knn_clause(vector, k, ef_search, filters)]}},
    }


def _pipeline_weights(weights: Sequence[float]) -> list[float]:
    """Weights as the processors want them: in [0, 1] and summing to 1.0."""
    if len(weights) != 2 or any(w < 0 for w in weights) or sum(weights) <= 0:
        raise ValueError(f"need two non-negative leg weights (bm25, dense) with a positive sum, got {list(weights)}")
    total = float(sum(weights))
    first = round(weights[0] / total, 4)
    return [first, round(1.0 - first, 4)]


def normalization_pipeline_body(
    weights: Sequence[float], technique: str = "min_max", combination: str = "arithmetic_mean"
) -> dict[str, object]:
    """A ``normalization-processor`` pipeline (2.10+; docs: search-plugins/search-pipelines/normalization-processor/)."""
    if technique not in ("min_max", "l2", "z_score"):
        raise ValueError(f"unknown normalization technique {technique!r}; choose one of: min_max, l2, z_score")
    return {
        "description": "shopassist hybrid: normalized BM25 + k-NN",
        "phase_results_processors": [
            {
                "normalization-processor": {
                    "normalization": {"technique": technique},
                    "combination": {"technique": combination, "parameters": {"weights": _pipeline_weights(weights)}},
                }
            }
        ],
    }


def rrf_pipeline_body(weights: Sequence[float], rank_constant: int = 60) -> dict[str, object]:
    """A ``score-ranker-processor`` RRF pipeline (2.19+; docs: search-plugins/search-pipelines/score-ranker-processor/).

    Per-leg weights exist for RRF only in later 3.x releases: OpenSearch 2.19
    refuses ``combination.parameters`` ("supported parameters are
    [rank_constant]", seen on a real 2.19.1 node). Equal weights, the default,
    are plain RRF and sent without them, so the body runs on 2.19 and 3.x;
    unequal weights are sent and need a 3.x cluster.
    """
    if rank_constant < 1:
        raise ValueError(f"rank_constant must be >= 1, got {rank_constant}")
    normalized = _pipeline_weights(weights)
    combination: dict[str, object] = {"technique": "rrf", "rank_constant": int(rank_constant)}
    if normalized[0] != normalized[1]:
        combination["parameters"] = {"weights": normalized}
    return {
        "description": "shopassist hybrid: reciprocal rank fusion of BM25 + k-NN",
        "phase_results_processors": [{"score-ranker-processor": {"combination": combination}}],
    }


def alias_swap_actions(alias: str, old_indices: Sequence[str], new_index: str, staging_alias: str) -> dict[str, object]:
    """One atomic ``_aliases`` call: readers see the old index or the new one, never neither
    (docs: im-plugin/index-alias/, api-reference/index-apis/update-alias/)."""
    actions: list[dict[str, object]] = [{"remove": {"index": old, "alias": alias}} for old in old_indices]
    actions.append({"add": {"index": new_index, "alias": alias}})
    actions.append({"remove": {"index": new_index, "alias": staging_alias}})
    return {"actions": actions}


def similarity_from_score(score: float, space: SpaceType) -> float:
    """Undo OpenSearch's score transform so the dense leg reports cosine similarity
    (vectors are L2-normalized; docs: mappings/supported-field-types/knn-spaces/):
    cosinesimil ``(2 - d) / 2`` with ``d = 1 - cos``; innerproduct ``ip + 1`` for
    ip > 0 else ``1 / (1 - ip)``; l2 ``1 / (1 + d)`` with ``d = |x - y|^2 = 2 - 2cos``."""
    if space is SpaceType.COSINE:
        return 2.0 * score - 1.0
    if space is SpaceType.INNER_PRODUCT:
        return score - 1.0 if score > 1.0 else 1.0 - 1.0 / score
    return 1.0 - (1.0 / score - 1.0) / 2.0


def without_credentials(url: str) -> str:
    """``https://user:secret@host:9200`` -> ``https://host:9200`` (health and logs never show secrets)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))
