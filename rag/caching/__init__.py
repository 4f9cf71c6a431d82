"""Caches for query embeddings, HyDE texts and rerank scores.

``make_cache(settings, namespace, max_entries)`` gives an in-process LRU by
default and Redis (with the LRU as fallback) when ``SHOPASSIST_REDIS_URL`` is
set. Values are bytes; ``get_json``/``set_json`` cover JSON-able values.
"""

from rag.caching.base import Cache, CacheStats
from rag.caching.factory import make_cache
from rag.caching.memory import LRUCache

__all__ = ["Cache", "CacheStats", "LRUCache", "make_cache"]
