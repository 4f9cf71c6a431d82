"""Engines from settings (part of the wiring): the embedded index alone, or OpenSearch in front of it.

``build_engine(settings, index_dir)`` is what ingest and the app both use, so
the app reads through the same circuit breaker that ingest writes through,
and both share the outbox file in the index folder.
"""

from __future__ import annotations

from pathlib import Path

from rag.engines.base import SearchEngine
from rag.engines.fallback import BreakerConfig, FallbackEngine
from rag.engines.lancedb_engine import LanceDBEngine
from rag.engines.opensearch_dsl import IndexLayout
from rag.engines.opensearch_engine import OpenSearchConfig, OpenSearchEngine
from rag.engines.outbox import OUTBOX_FILE, Outbox
from rag.settings import EngineKind, LexicalCombine, Settings

#: The embedded engine's names for the two ways to combine per-field BM25 scores.
EMBEDDED_COMBINE = {LexicalCombine.BEST_FIELDS: "max", LexicalCombine.MOST_FIELDS: "sum"}


def opensearch_config(settings: Settings, url: str | None = None) -> OpenSearchConfig:
    password = settings.opensearch_password.get_secret_value() if settings.opensearch_password else None
    return OpenSearchConfig(
        hosts=tuple(h.strip() for h in (url or settings.opensearch_url).split(",") if h.strip()),
        index=settings.opensearch_index,
        username=settings.opensearch_username,
        password=password,
        verify_certs=settings.opensearch_verify_certs,
        ca_certs=str(settings.opensearch_ca_certs) if settings.opensearch_ca_certs else None,
        timeout_s=settings.opensearch_timeout_s,
        max_retries=settings.opensearch_max_retries,
        pool_maxsize=settings.opensearch_pool_maxsize,
        bulk_chunk=settings.opensearch_bulk_chunk,
        lexical_boosts=tuple(settings.lexical_boosts.items()),
        lexical_combine=settings.lexical_combine,
        layout=IndexLayout(
            shards=settings.opensearch_shards,
            replicas=settings.opensearch_replicas,
            knn_engine=settings.opensearch_knn_engine,
            space_type=settings.opensearch_space_type,
            m=settings.opensearch_hnsw_m,
            ef_construction=settings.opensearch_hnsw_ef_construction,
            ef_search=settings.opensearch_hnsw_ef_search,
        ),
        hybrid_mode=settings.opensearch_hybrid,
        hybrid_pipeline=settings.opensearch_hybrid_pipeline,
    )


def breaker_config(settings: Settings) -> BreakerConfig:
    return BreakerConfig(
        failure_threshold=settings.fallback_failure_threshold,
        reset_after_s=settings.fallback_reset_s,
        latency_budget_ms=settings.fallback_latency_budget_ms,
    )


def serves_the_app(settings: Settings, index_dir: Path) -> bool:
    """Is ``index_dir`` the app's index (or the sibling ingest rebuilds it in)?

    Only that folder is mirrored to OpenSearch. Any other (the cache that
    ``shopassist eval --catalog`` indexes another catalog into, a training
    scratch index) stays embedded, so it never rewrites the live alias.
    """
    live = settings.index_dir.resolve()
    building = live.with_name(live.name + ".building")  # rag.indexing.ingest rebuilds there
    return index_dir.resolve() in (live, building)


def build_engine(settings: Settings, index_dir: Path) -> SearchEngine:
    """The engine for ``index_dir``: embedded, or OpenSearch with the embedded index as fallback."""
    embedded = LanceDBEngine(index_dir, lexical_boosts=settings.lexical_boosts,
                             lexical_combine=EMBEDDED_COMBINE[settings.lexical_combine])
    if settings.engine is EngineKind.EMBEDDED or not serves_the_app(settings, index_dir):
        return embedded
    return FallbackEngine(
        OpenSearchEngine(opensearch_config(settings)),
        embedded,
        outbox=Outbox(index_dir / OUTBOX_FILE),
        breaker=breaker_config(settings),
    )


def cross_engines(settings: Settings, engine: SearchEngine) -> list[SearchEngine]:
    """The engines cross-engine retrieval queries: the serving engine, the embedded
    index behind it, and each extra cluster (read-only, behind its own breaker)."""
    if not isinstance(engine, FallbackEngine):
        raise ValueError("cross_engine needs engine=opensearch (there is only one engine otherwise)")
    engines: list[SearchEngine] = [engine, engine.fallback]
    for i, url in enumerate(settings.opensearch_extra_urls, start=2):
        extra = OpenSearchEngine(opensearch_config(settings, url), name=f"opensearch{i}")
        engines.append(FallbackEngine(extra, engine.fallback, breaker=breaker_config(settings)))
    return engines
