"""A cache of query embeddings in front of any embedder.

Shoppers repeat queries (and the chat repeats them across turns and
relaxations); a cached vector turns the ~1.6 ms embedding into a dict lookup
(or a Redis round trip when ``SHOPASSIST_REDIS_URL`` is set, shared by every
replica). Keyed by the exact query text within a namespace named by the
model id; values are the float32 bytes of the vector. The document side is
never cached (ingest embeds each text once anyway).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

from rag.caching import Cache, CacheStats, LRUCache
from rag.embeddings.base import Embedder


def query_embedding_namespace(model_id: str) -> str:
    return f"query-embedding:{model_id}"


class CachingEmbedder(Embedder):
    """``cache`` defaults to an in-process LRU of ``max_entries`` vectors.

    Values are stored as immutable float32 bytes, so a caller that writes into
    a returned array cannot change what the next caller gets.
    """

    def __init__(self, inner: Embedder, max_entries: int = 4096, *, cache: Cache | None = None) -> None:
        if max_entries < 1:
            raise ValueError(f"max_entries must be >= 1, got {max_entries}")
        self.inner = inner
        self.model_id = inner.model_id
        self.cache = cache if cache is not None else LRUCache(query_embedding_namespace(inner.model_id), max_entries)
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    def stats(self) -> CacheStats:
        return self.cache.stats()

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        return self.inner.embed_documents(texts)

    def _decode(self, raw: bytes) -> np.ndarray | None:
        vector = np.frombuffer(raw, dtype=np.float32)
        # A value of the wrong size (another model's entry under a reused id) is a miss.
        return vector if vector.shape == (self.dimension,) else None

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return self.inner.embed_queries([])
        stored = self.cache.get_many(dict.fromkeys(texts))
        found: dict[str, np.ndarray] = {}
        for text, raw in stored.items():
            vector = self._decode(raw)
            if vector is not None:
                found[text] = vector
        missing = list(dict.fromkeys(t for t in texts if t not in found))
        with self._lock:
            self.hits += sum(1 for t in texts if t in found)
            self.misses += len(missing)
        if missing:
            fresh = np.asarray(self.inner.embed_queries(missing), dtype=np.float32)
            encoded = {text: vector.tobytes() for text, vector in zip(missing, fresh, strict=True)}
            self.cache.set_many(encoded)
            for text, raw in encoded.items():
                found[text] = np.frombuffer(raw, dtype=np.float32)
        return np.stack([found[t] for t in texts])
