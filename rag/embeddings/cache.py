"""An in-process LRU cache of query embeddings.

Shoppers repeat queries (and the chat repeats them across turns and
relaxations); a cached vector turns the ~1.6 ms embedding into a dict lookup.
Keyed by the exact query text; the document side is never cached (ingest
embeds each text once anyway).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from rag.embeddings.base import Embedder


class CachingEmbedder(Embedder):
    def __init__(self, inner: Embedder, max_entries: int = 4096) -> None:
        if max_entries < 1:
            raise ValueError(f"max_entries must be >= 1, got {max_entries}")
        self.inner = inner
        self.model_id = inner.model_id
        self._max = max_entries
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        return self.inner.embed_documents(texts)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        found: dict[int, np.ndarray] = {}
        with self._lock:
            for i, text in enumerate(texts):
                vector = self._cache.get(text)
                if vector is not None:
                    self._cache.move_to_end(text)
                    found[i] = vector
            self.hits += len(found)
            self.misses += len(texts) - len(found)
        missing = [i for i in range(len(texts)) if i not in found]
        if missing:
            fresh = self.inner.embed_queries([texts[i] for i in missing])
            with self._lock:
                for i, vector in zip(missing, fresh, strict=True):
                    vector = np.asarray(vector, dtype=np.float32)
                    vector.setflags(write=False)  # shared between callers: read-only
                    found[i] = vector
                    self._cache[texts[i]] = vector
                    self._cache.move_to_end(texts[i])
                while len(self._cache) > self._max:
                    self._cache.popitem(last=False)
        if not texts:
            return self.inner.embed_queries([])
        return np.stack([found[i] for i in range(len(texts))])
