"""Builds the long-lived services from settings, in one place.

Nothing here runs at import time; callers (CLI, app, tests) construct what
they need and inject it. Models load lazily on first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rag.embeddings import Embedder, build_embedder
from rag.engines import LanceDBEngine, SearchEngine
from rag.indexing import DocumentBuilder, IngestResult, ingest
from rag.retrieval import HybridRetriever
from rag.settings import Settings
from rag.understanding import QueryParser, UnderstandingRetriever, Vocabulary


def make_embedder(settings: Settings) -> Embedder:
    embedder = build_embedder(
        settings.embedding_model,
        tokenizer=settings.embedding_tokenizer,
        max_tokens=settings.embedding_max_tokens,
        batch_size=settings.embedding_batch_size,
    )
    if settings.query_cache_size:
        from rag.caching import make_cache
        from rag.embeddings.cache import CachingEmbedder, query_embedding_namespace

        cache = make_cache(settings, query_embedding_namespace(embedder.model_id), settings.query_cache_size)
        return CachingEmbedder(embedder, settings.query_cache_size, cache=cache)
    return embedder


def engine_factory(settings: Settings):
    def factory(path: Path) -> SearchEngine:
        return LanceDBEngine(path, lexical_boosts=settings.lexical_boosts)

    return factory


def run_ingest(
    settings: Settings,
    *,
    embedder: Embedder | None = None,
    catalog_path: Path | None = None,
    index_dir: Path | None = None,
    rebuild: bool = False,
    progress: bool = True,
) -> IngestResult:
    return ingest(
        catalog_path or settings.catalog_path,
        index_dir or settings.index_dir,
        engine_factory(settings),
        embedder or make_embedder(settings),
        DocumentBuilder(),
        max_tokens=settings.embedding_max_tokens,
        max_chunks=settings.embedding_max_chunks,
        currency=settings.currency,
        rebuild=rebuild,
        progress=progress,
    )


@dataclass(frozen=True)
class SearchServices:
    settings: Settings
    engine: SearchEngine
    embedder: Embedder
    retriever: HybridRetriever
    understanding: UnderstandingRetriever | None = None


def build_search_services(
    settings: Settings,
    *,
    embedder: Embedder | None = None,
    index_dir: Path | None = None,
) -> SearchServices:
    embedder = embedder or make_embedder(settings)
    directory = index_dir or settings.index_dir
    engine = engine_factory(settings)(directory)
    retriever = HybridRetriever.from_settings(engine, embedder, settings)
    return SearchServices(
        settings=settings,
        engine=engine,
        embedder=embedder,
        retriever=retriever,
        understanding=make_understanding(settings, retriever, directory),
    )


def make_understanding(
    settings: Settings, retriever: HybridRetriever, index_dir: Path
) -> UnderstandingRetriever:
    """Query understanding over ``retriever``; the vocabulary comes from the index
    folder (written by ingest). Without one, brands and price bands are unknown
    but price, numeric and product-type rules still work."""
    return UnderstandingRetriever(
        QueryParser(Vocabulary.load(index_dir)),
        retriever,
        category_mode=settings.category_mode,
        category_boost=settings.category_boost,
    )


def make_reranker(settings: Settings):
    """The configured cross-encoder (loaded lazily on first use), behind the
    rerank-score cache unless ``rerank_cache_size`` is 0."""
    from rag.rerank.cross_encoder import CrossEncoderReranker

    reranker = CrossEncoderReranker(
        settings.reranker_model,
        max_length=settings.rerank_max_length,
        fuse_with_first_pass=True,
        fusion_k=settings.rerank_fusion_k,
        first_pass_weight=settings.rerank_first_pass_weight,
        quantize=settings.rerank_quantize,
    )
    if not settings.rerank_cache_size:
        return reranker
    from rag.caching import make_cache
    from rag.rerank.cached import RERANK_NAMESPACE, CachingReranker

    cache = make_cache(settings, RERANK_NAMESPACE, settings.rerank_cache_size)
    return CachingReranker(reranker, cache)
