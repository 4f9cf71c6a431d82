"""Sentence embeddings from an ONNX export run by onnxruntime.

Hand-written rather than ``SentenceTransformer(..., backend="onnx")`` because
that path needs ``optimum`` and an HF-style folder holding the ONNX file; the
packaged int8 model is a bare ``model.onnx`` whose tokenizer ships in another
package. What is hand-written is only mean pooling + L2 normalization, exactly
the all-MiniLM-L6-v2 pooling config (``1_Pooling/config.json``: mean tokens).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

import numpy as np

from rag.embeddings.base import Embedder, l2_normalize


class OnnxEmbedder(Embedder):
    def __init__(
        self,
        model_path: str | Path,
        tokenizer_path: str | Path,
        *,
        model_id: str,
        max_tokens: int = 128,
        batch_size: int = 64,
        dimension: int | None = None,
        threads: int | None = None,
    ) -> None:
        self._model_path = Path(model_path)
        self._tokenizer_path = Path(tokenizer_path)
        if not self._model_path.is_file():
            raise FileNotFoundError(f"ONNX model not found at {self._model_path}")
        tok_file = self._tokenizer_path
        if tok_file.is_dir():
            tok_file = tok_file / "tokenizer.json"
        if not tok_file.is_file():
            raise FileNotFoundError(
                f"tokenizer.json not found at {self._tokenizer_path}; set embedding_tokenizer "
                "to the folder of the model's Hugging Face tokenizer"
            )
        self._tokenizer_file = tok_file
        self.model_id = model_id
        self._max_tokens = max_tokens
        self._batch_size = batch_size
        self._dimension = dimension
        self._threads = threads

    @cached_property
    def _session(self):
        import onnxruntime as ort

        options = ort.SessionOptions()
        if self._threads:
            options.intra_op_num_threads = self._threads
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        return ort.InferenceSession(
            str(self._model_path), options, providers=["CPUExecutionProvider"]
        )

    @cached_property
    def _tokenizer(self):
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(self._tokenizer_file))
        tokenizer.enable_truncation(max_length=self._max_tokens)
        tokenizer.enable_padding()
        return tokenizer

    @cached_property
    def _input_names(self) -> set[str]:
        return {i.name for i in self._session.get_inputs()}

    @property
    def dimension(self) -> int:
        if self._dimension is None:
            self._dimension = int(self.embed_documents(["dimension probe"]).shape[1])
        return self._dimension

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self._dimension or 0), dtype=np.float32)
        out: list[np.ndarray] = []
        # Sort by length so each batch pads little; restore order at the end.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), self._batch_size):
            batch_idx = order[start : start + self._batch_size]
            out.append(self._encode([texts[i] for i in batch_idx]))
        stacked = np.concatenate(out)
        result = np.empty_like(stacked)
        result[np.array(order)] = stacked
        self._dimension = int(result.shape[1])
        return result

    def _encode(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return l2_normalize(pooled)
