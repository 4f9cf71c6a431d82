"""Sentence embeddings from an ONNX export run by onnxruntime.

Hand-written rather than ``SentenceTransformer(..., backend="onnx")`` because
that path needs ``optimum`` and an HF-style folder holding the ONNX file; the
packaged int8 model is a bare ``model.onnx`` whose tokenizer ships in another
package. What is hand-written is only mean pooling + L2 normalization, exactly
the all-MiniLM-L6-v2 pooling config (``1_Pooling/config.json``: mean tokens).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
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
        workers: int | None = None,
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
        # Batches encoded at once by embed_documents; by default one per core.
        self._workers = max(1, workers or len(os.sched_getaffinity(0)))

    def _new_session(self, threads: int | None, *, spin: bool = True):
        import onnxruntime as ort

        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
        if not spin:  # idle threads sleep instead of burning a core waiting for the next run
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        return ort.InferenceSession(
            str(self._model_path), options, providers=["CPUExecutionProvider"]
        )

    @cached_property
    def _session(self):
        """For a single batch (a query): ``threads`` intra-op threads, one by default, not spinning.

        A query is one short text: splitting it across cores saves little wall time, and
        ONNX Runtime's defaults (a thread per core, spinning between runs) cost a server about
        half its CPU per search while other requests wait for a core (docs/serving.md)."""
        return self._new_session(self._threads or 1, spin=False)

    @cached_property
    def _batch_session(self):
        """For many batches: single-threaded runs, ``workers`` of them at once (``Run`` is
        thread-safe and releases the GIL). Small batches run in parallel scale better than
        one batch split across cores: the matrices of a 16-text batch are too small for
        intra-op threads to pay off."""
        return self._new_session(1)

    @cached_property
    def _tokenizer(self):
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(self._tokenizer_file))
        tokenizer.enable_truncation(max_length=self._max_tokens)
        tokenizer.no_padding()  # each batch is padded to its own longest text in _encode
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
        encodings = self._tokenizer.encode_batch(list(texts))
        # Length bucketing: batches of texts with the same token count pad
        # (and so compute) almost nothing; the order is restored at the end.
        # Padding is masked out of attention and pooling, so a text's vector does
        # not depend on its batch (up to float rounding; tested).
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        batches = [order[i : i + self._batch_size] for i in range(0, len(order), self._batch_size)]
        if len(batches) == 1 or self._workers == 1:
            session = self._session if len(batches) == 1 else self._batch_session
            parts = [self._encode(session, [encodings[i] for i in b]) for b in batches]
        else:
            session = self._batch_session
            with ThreadPoolExecutor(self._workers, thread_name_prefix="embed") as pool:
                parts = list(pool.map(lambda b: self._encode(session, [encodings[i] for i in b]), batches))
        stacked = np.concatenate(parts)
        result = np.empty_like(stacked)
        result[np.array(order)] = stacked
        self._dimension = int(result.shape[1])
        return result

    def _encode(self, session, encodings: list) -> np.ndarray:
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros((len(encodings), width), dtype=np.int64)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return l2_normalize(pooled)
