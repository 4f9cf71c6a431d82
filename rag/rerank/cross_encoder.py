"""A sentence-transformers cross-encoder as the reranker.

Construction is cheap: the model loads on first use (``model``, a cached
property), so building services touches no model file. Any local path or
Hugging Face cross-encoder name works; the project ships its own under
``models/reranker/`` (see ``rag.offline.rerank_training``). Weights saved in fp16
are loaded as fp32 for CPU inference; ``quantize="int8"`` applies torch
dynamic int8 quantization to the Linear layers after loading.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

from rag.records import Product
from rag.rerank.base import DEFAULT_FUSION_K, PRODUCT_TEXT_VERSION, Reranker, product_text

logger = logging.getLogger(__name__)

QUANTIZE_CHOICES = ("none", "int8")


class CrossEncoderReranker(Reranker):
    def __init__(
        self,
        model_name_or_path: str | Path,
        *,
        max_length: int = 96,
        batch_size: int = 32,
        fuse_with_first_pass: bool = True,
        fusion_k: float = DEFAULT_FUSION_K,
        first_pass_weight: float = 1.0,
        quantize: str = "none",
        device: str = "cpu",
    ) -> None:
        super().__init__(fuse_with_first_pass=fuse_with_first_pass, fusion_k=fusion_k,
                         first_pass_weight=first_pass_weight)
        if max_length < 8:
            raise ValueError(f"max_length must be >= 8 tokens, got {max_length}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size}")
        if quantize not in QUANTIZE_CHOICES:
            raise ValueError(f"quantize must be one of {QUANTIZE_CHOICES}, got {quantize!r}")
        self.model_name_or_path = str(model_name_or_path)
        self.max_length = max_length
        self.batch_size = batch_size
        self.quantize = quantize
        self.device = device

    @cached_property
    def model_id(self) -> str:  # type: ignore[override]
        """Name, weights fingerprint, quantization, input length and text recipe.

        A local folder is fingerprinted by the sha256 of its weight files (read
        once, ~0.1 s for the shipped 45 MB), so retraining into the same folder
        never serves stale cached scores; a Hugging Face name stands for itself.
        """
        folder = Path(self.model_name_or_path)
        weights = sorted(folder.glob("*.safetensors")) + sorted(folder.glob("*.bin")) if folder.is_dir() else []
        if weights:
            digest = hashlib.sha256()
            for path in weights:
                with path.open("rb") as fh:
                    for block in iter(lambda fh=fh: fh.read(1 << 20), b""):
                        digest.update(block)
            source = f"{folder.name}@{digest.hexdigest()[:16]}"
        else:
            source = self.model_name_or_path
        return f"cross-encoder/{source}/{self.quantize}/len{self.max_length}/text-v{PRODUCT_TEXT_VERSION}"

    @cached_property
    def _lowercases(self) -> bool:
        """Whether the tokenizer lower-cases (read from a local folder's
        tokenizer_config.json; a remote name is assumed cased, which is safe)."""
        config = Path(self.model_name_or_path) / "tokenizer_config.json"
        try:
            return bool(json.loads(config.read_text()).get("do_lower_case", False))
        except (OSError, ValueError):
            return False

    def normalize_query(self, query: str) -> str:
        query = " ".join(query.split())
        return query.lower() if self._lowercases else query

    @cached_property
    def model(self):
        import torch
        from sentence_transformers import CrossEncoder

        model = CrossEncoder(self.model_name_or_path, num_labels=1, max_length=self.max_length, device=self.device)
        model.float()  # fp16-shipped weights: CPU matmuls are fast (and exact enough) in fp32
        model.eval()
        if self.quantize == "int8":
            # In place: the CrossEncoder is a module pipeline, its Linear layers are swapped where they sit.
            torch.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8, inplace=True)
        logger.info("loaded cross-encoder %s (quantize=%s)", self.model_name_or_path, self.quantize)
        return model

    def warm_up(self) -> None:
        """Load the model now (and run one pair) instead of on the first query."""
        self.model.predict([("warm up", "warm up")], show_progress_bar=False)

    def score_pairs(self, query: str, products: Sequence[Product]) -> list[float]:
        if not products:
            return []
        pairs = [(query, product_text(p)) for p in products]
        scores = self.model.predict(pairs, batch_size=self.batch_size, show_progress_bar=False,
                                    convert_to_numpy=True)
        return [float(s) for s in scores]
