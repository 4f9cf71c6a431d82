"""Second-stage rerankers: score (query, product) pairs for the top fused candidates.

``Reranker`` is the interface (``base.py``); ``CrossEncoderReranker`` wraps a
sentence-transformers cross-encoder (the project trains its own, see
``rag.offline.rerank_training``); ``FakeReranker`` is a deterministic word-overlap
scorer for tests.
"""

from rag.rerank.base import FakeReranker, Reranker, fuse_orders, product_text
from rag.rerank.cross_encoder import CrossEncoderReranker

__all__ = ["CrossEncoderReranker", "FakeReranker", "Reranker", "fuse_orders", "product_text"]
