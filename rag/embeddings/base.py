"""The embedder interface: query and document encoding are separate entry points."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

import numpy as np


class Embedder(ABC):
    """Turns text into L2-normalized float32 vectors.

    Queries and documents go through separate methods so that models with
    asymmetric prompts (e5, bge, HyDE's hypothetical documents) stay correct.
    Construction must be cheap: load models lazily on first use.
    """

    #: Identifies the vector space; an index built with another id is rebuilt.
    model_id: str

    @property
    @abstractmethod
    def dimension(self) -> int: ...

    @abstractmethod
    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        """Encode catalog-side texts; returns an array of shape (len(texts), dimension)."""

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Encode shopper queries; symmetric models reuse the document path."""
        return self.embed_documents(texts)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_queries([text])[0]


def l2_normalize(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32, copy=False)
