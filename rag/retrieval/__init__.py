"""Retrieval: the lexical and dense legs over one engine (or several), fused per product."""

from rag.retrieval.base import FusionConfig, RetrievalMode, RetrievalResult, Retriever
from rag.retrieval.hybrid import HybridRetriever

__all__ = ["FusionConfig", "HybridRetriever", "RetrievalMode", "RetrievalResult", "Retriever"]
