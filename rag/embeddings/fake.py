"""A deterministic embedder for tests: hashed bag of words, sha256-seeded.

Texts sharing words get similar vectors, so retrieval tests can assert real
behaviour without loading a model. Uses sha256, never ``hash()``, so vectors
are identical across processes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

from rag.embeddings.base import Embedder, l2_normalize

_WORD = re.compile(r"[a-z0-9]+")


class FakeEmbedder(Embedder):
    def __init__(self, dimension: int = 64) -> None:
        self._dim = dimension
        self.model_id = f"fake-bow-{dimension}"

    @property
    def dimension(self) -> int:
        return self._dim

    def _word_vector(self, word: str) -> np.ndarray:
        seed = int.from_bytes(hashlib.sha256(word.encode()).digest()[:8], "little")
        return np.random.default_rng(seed).standard_normal(self._dim).astype(np.float32)

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self._dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                out[row] += self._word_vector(word)
        return l2_normalize(out)
