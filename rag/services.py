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


def make_embedder(settings: Settings) -> Embedder:
    return build_embedder(
        settings.embedding_model,
        tokenizer=settings.embedding_tokenizer,
        max_tokens=settings.embedding_max_tokens,
        batch_size=settings.embedding_batch_size,
    )


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


def build_search_services(
    settings: Settings,
    *,
    embedder: Embedder | None = None,
    index_dir: Path | None = None,
) -> SearchServices:
    embedder = embedder or make_embedder(settings)
    engine = engine_factory(settings)(index_dir or settings.index_dir)
    return SearchServices(
        settings=settings,
        engine=engine,
        embedder=embedder,
        retriever=HybridRetriever.from_settings(engine, embedder, settings),
    )
