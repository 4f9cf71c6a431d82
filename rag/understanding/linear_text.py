"""A linear model over a message's words, shipped as plain arrays: the learned readers' common part.

The few lines of TF-IDF below are scikit-learn's ``TfidfVectorizer(sublinear_tf=True, ngram_range=(1, n))``
transform, written out so a model file needs no pickle tied to one scikit-learn version (tests check both
agree). Its scores are the linear model's ``decision_function``: one row per class. A two-class model
from scikit-learn's binary estimators is stored as two rows, the first all zeros, so the second row's
score is the binary decision.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from itertools import pairwise
from pathlib import Path

import numpy as np

MODEL_FILE = "model.npz"
META_FILE = "meta.json"
_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern


class LinearTextModel:
    """TF-IDF (sublinear tf, words and, with ``ngrams`` 2, word pairs) and one linear score per class."""

    def __init__(self, vocabulary: dict[str, int], idf: np.ndarray, weights: np.ndarray, bias: np.ndarray,
                 classes: tuple[str, ...], ngrams: int = 1) -> None:
        if weights.shape != (len(classes), len(vocabulary)) or idf.shape != (len(vocabulary),) \
                or bias.shape != (len(classes),) or len(classes) < 2 or ngrams not in (1, 2):
            raise ValueError("text model arrays do not agree in shape")
        self._vocab, self._idf, self._w, self._b = vocabulary, idf, weights, bias
        self.classes, self.ngrams = classes, ngrams

    @staticmethod
    def read_folder(directory: str | Path) -> tuple[dict[str, object], dict[str, object]]:
        """The arguments of the constructor as saved in ``directory``, and the rest of its meta file."""
        folder = Path(directory)
        arrays = np.load(folder / MODEL_FILE, allow_pickle=False)
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
        args = {"vocabulary": {word: i for i, word in enumerate(meta.pop("vocabulary"))},
                "idf": arrays["idf"].astype(np.float64), "weights": arrays["weights"].astype(np.float64),
                "bias": arrays["bias"].astype(np.float64), "classes": tuple(meta.pop("classes")),
                "ngrams": int(meta.pop("ngrams", 1))}
        return args, meta

    def write_folder(self, directory: str | Path, **meta: object) -> None:
        """Write the arrays (as float32) and a meta file holding ``meta`` beside the vocabulary and classes."""
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(folder / MODEL_FILE, idf=self._idf.astype(np.float32),
                            weights=self._w.astype(np.float32), bias=self._b.astype(np.float32))
        head: dict[str, object] = {"classes": list(self.classes),
                                   "vocabulary": sorted(self._vocab, key=self._vocab.__getitem__)}
        if self.ngrams != 1:
            head["ngrams"] = self.ngrams
        (folder / META_FILE).write_text(json.dumps({**head, **meta}), encoding="utf-8")

    def _known(self, message: str) -> Counter[int]:
        """The counts of the message's words (and word pairs) the model knows, by their column."""
        words = _TOKEN.findall(message.lower())
        grams = words if self.ngrams == 1 else [*words, *(f"{a} {b}" for a, b in pairwise(words))]
        return Counter(i for w in grams if (i := self._vocab.get(w)) is not None)

    def _scores(self, counts: Counter[int]) -> np.ndarray:
        if not counts:
            return self._b.copy()
        idx = np.fromiter(counts, dtype=np.int64)
        x = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64))) * self._idf[idx]
        x /= np.linalg.norm(x)
        return self._w[:, idx] @ x + self._b

    def scores(self, message: str) -> np.ndarray:
        return self._scores(self._known(message))


__all__ = ["META_FILE", "MODEL_FILE", "LinearTextModel"]
