"""Text embedders: one interface, one file per provider."""

from rag.embeddings.base import Embedder
from rag.embeddings.factory import build_embedder

__all__ = ["Embedder", "build_embedder"]
