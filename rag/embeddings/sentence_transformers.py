"""Any sentence-transformers model by name or local path (torch backend)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

import numpy as np

from rag.embeddings.base import Embedder, l2_normalize


class SentenceTransformerEmbedder(Embedder):
    def __init__(
        self,
        name_or_path: str,
        *,
        model_id: str | None = None,
        max_tokens: int = 128,
        batch_size: int = 64,
        device: str = "cpu",
    ) -> None:
        self._name_or_path = name_or_path
        self.model_id = model_id or name_or_path
        self._max_tokens = max_tokens
        self._batch_size = batch_size
        self._device = device

    @cached_property
    def _model(self):
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(self._name_or_path, device=self._device)
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
