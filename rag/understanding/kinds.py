"""The catalog kinds a few words are closest to, read with the query embedder.

A gift's hint ("she loves photography") or a need said as a sentence ("wifi is terrible in my
upstairs bedroom") names no product type, and a list of hobbies or problems never covers what
shoppers write. Each catalog kind is described by its own name and, where the shop has them, by
sentences of the needs it answers ("my shirts are always creased when i take them out of the
wash": iron), all embedded once; the request's vector is compared with each of them (cosine) and
a kind scores its best. Names alone read thin needs well ("photography" -> camera 0.76) but not
problems ("my shirts look crumpled" -> washing machine 0.35); with the needs' sentences the same
request reads iron 0.70 (docs/conversation-quality.md).

``kind_needs.json`` holds the sentences for this catalog's 154 kinds: 1,073 short first-person
needs written by three helper sessions that saw only the kinds' names, product counts and three
example titles each, never the assistant, its golden sets or their writers' files; told to name
the need, not the product. One more was added by hand from a dev set's miss ("something to blast
music from my computer", speakers; constraint set MS). A catalog of other kinds reads by names alone (or by a file of its own:
``Settings.kind_needs_file``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

PACKAGED_NEEDS = Path(__file__).with_name("kind_needs.json")

#: A need's or a gift's kinds: the nearest, and the next ones within this cosine of it (three at most;
#: ``Settings.kind_margin``). 0: the nearest kind alone, chosen by leave-one-set-out cross-validation over
#: the fourteen dev golden sets (0.9657 strict per-turn out of fold, against 0.9597 for 0.05;
#: benchmarks/results/kind_margin_cv.json, docs/conversation-quality.md).
KIND_MARGIN = 0.0


def close_kinds(near: tuple[tuple[str, float], ...], margin: float = KIND_MARGIN) -> tuple[str, ...]:
    """The nearest kind and those within ``margin`` of it."""
    return tuple(name for name, sim in near if sim >= near[0][1] - margin) if near else ()


def load_needs(path: Path | None) -> dict[str, tuple[str, ...]]:
    """The needs' sentences per kind from ``path`` (a JSON object of lists); none when None."""
    if path is None:
        return {}
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {str(kind): tuple(str(s) for s in sentences) for kind, sentences in data.items()}


@dataclass(frozen=True, slots=True)
class KindReader:
    names: tuple[str, ...]
    vectors: np.ndarray  # unit-length rows: one per name, then one per need sentence
    owners: np.ndarray  # the index in ``names`` each row describes
    rows: int = 1  # a kind scores the mean of its best ``rows`` rows (a kind with fewer: of those it has)

    @classmethod
    def embed(
        cls,
        names: Sequence[str],
        embed_many: Callable[[Sequence[str]], np.ndarray],
        needs: Mapping[str, Sequence[str]] | None = None,
        rows: int = 1,
    ) -> KindReader:
        if not names:
            return cls((), np.zeros((0, 0), dtype=np.float32), np.zeros(0, dtype=np.int64), rows)
        texts = list(names)
        owners = list(range(len(names)))
        for i, name in enumerate(names):
            for sentence in (needs or {}).get(name, ()):
                texts.append(sentence)
                owners.append(i)
        vectors = np.asarray(embed_many(texts), dtype=np.float32)
        vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
        return cls(tuple(names), vectors, np.asarray(owners, dtype=np.int64), rows)

    def score(self, vector: np.ndarray, name: str) -> float:
        """The cosine of ``vector`` with kind ``name`` (the mean of its best ``rows`` rows); -1 for a kind not read here."""
        if name not in self.names:
            return -1.0
        return float(self._scores(vector)[self.names.index(name)])

    def nearest(self, vector: np.ndarray, limit: int = 3) -> tuple[tuple[str, float], ...]:
        """The ``limit`` kinds closest to ``vector`` (the mean of a kind's best ``rows`` rows), with that
        cosine, closest first."""
        if not self.names:
            return ()
        scores = self._scores(vector)
        return tuple((self.names[i], float(scores[i])) for i in np.argsort(-scores, kind="stable")[:limit])

    def _scores(self, vector: np.ndarray) -> np.ndarray:
        q = np.asarray(vector, dtype=np.float32)
        sims = self.vectors @ (q / (np.linalg.norm(q) or 1.0))
        order = np.lexsort((-sims, self.owners))  # by kind, then best row first
        owners, ranked = self.owners[order], sims[order]
        place = np.arange(len(order)) - np.searchsorted(owners, owners)  # 0 for a kind's best row, 1 next, ...
        keep = place < self.rows
        total = np.bincount(owners[keep], weights=ranked[keep], minlength=len(self.names))
        return total / np.maximum(np.bincount(owners[keep], minlength=len(self.names)), 1)
