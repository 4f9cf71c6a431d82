"""The retriever the settings ask for (part of the wiring): one engine, server-side hybrid, or several engines."""

from __future__ import annotations

from rag.embeddings.base import Embedder
from rag.engines.base import SearchEngine
from rag.retrieval.hybrid import HybridRetriever
from rag.settings import EngineKind, HybridMode, Settings


def make_retriever(settings: Settings, engine: SearchEngine, embedder: Embedder):
    if settings.cross_engine:
        from rag.retrieval.cross_engine import CrossEngineRetriever
        from rag.wiring.engines import cross_engines

        return CrossEngineRetriever.from_settings(cross_engines(settings, engine), embedder, settings)
    if settings.engine is EngineKind.OPENSEARCH and settings.opensearch_hybrid is HybridMode.SERVER:
        from rag.retrieval.server_hybrid import ServerHybridRetriever

        return ServerHybridRetriever.from_settings(engine, embedder, settings)
    return HybridRetriever.from_settings(engine, embedder, settings)
