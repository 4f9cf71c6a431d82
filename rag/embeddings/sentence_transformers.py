"""Any sentence-transformers model by name or local path (torch backend)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cached_property

import numpy as np

from rag.embeddings.base import Embedder, l2_normalize


class SentenceTransformerEmbedder(Embedder):
    def __init__(
        self,
        name_or_path: str | Callable[[], str],
        *,
        model_id: str | None = None,
        max_tokens: int = 128,
        batch_size: int = 64,
        device: str = "cpu",
    ) -> None:
        # A callable is asked for the path on first use (a packaged model is
        # extracted then, not when the embedder is built).
        self._name_or_path = name_or_path
        if model_id is None and not isinstance(name_or_path, str):
            raise ValueError("a model given by a callable needs a model_id")
        self.model_id = model_id or str(name_or_path)
        self._max_tokens = max_tokens
        self._batch_size = batch_size
        self._device = device

    @cached_property
    def _model(self):
        from sentence_transformers import SentenceTransformer

        source = self._name_or_path if isinstance(self._name_or_path, str) else self._name_or_path()
        model = SentenceTransformer(source, device=self._device)
        model.max_seq_length = self._max_tokens
        return model

    @property
    def dimension(self) -> int:
        return int(self._model.get_sentence_embedding_dimension())

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode_document(
            list(texts), batch_size=self._batch_size, convert_to_numpy=True
        )
        return l2_normalize(np.asarray(vectors, dtype=np.float32))

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode_query(
            list(texts), batch_size=self._batch_size, convert_to_numpy=True
        )
        return l2_normalize(np.asarray(vectors, dtype=np.float32))
