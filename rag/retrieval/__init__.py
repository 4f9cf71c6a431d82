"""Retrieval: the lexical and dense legs over one engine, fused per product."""

from rag.retrieval.hybrid import FusionConfig, HybridRetriever, RetrievalMode, RetrievalResult

__all__ = ["FusionConfig", "HybridRetriever", "RetrievalMode", "RetrievalResult"]
