"""Search engines: one interface (``base``), one file per backend."""

from rag.engines.base import Health, IndexDocument, SearchEngine
from rag.engines.lancedb_engine import LanceDBEngine

__all__ = ["Health", "IndexDocument", "LanceDBEngine", "SearchEngine"]
