"""The catalog kinds a few words are closest to, read with the query embedder.

A gift's hint ("she loves photography") or a need said as a sentence ("wifi is terrible in my
upstairs bedroom") names no product type, and a list of hobbies or problems never covers what
shoppers write. The kinds' own names do: each catalog category's name is embedded once, and the
request's vector is compared with them (cosine). Measured on the first turns of the golden sets
that name no type, brand or gift (docs/conversation-quality.md): "photography" -> camera 0.76,
"music" -> mp3 player 0.65, "wifi is terrible in my upstairs bedroom" -> router 0.42, "people on
calls say my video looks blurry" -> webcam 0.43; "tell me a joke" reads 0.28 at best.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class KindReader:
    names: tuple[str, ...]
    vectors: np.ndarray  # one unit-length row per name

    @classmethod
    def embed(cls, names: Sequence[str], embed: Callable[[str], np.ndarray]) -> KindReader:
        if not names:
            return cls((), np.zeros((0, 0), dtype=np.float32))
        rows = np.asarray([embed(n) for n in names], dtype=np.float32)
        return cls(tuple(names), rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9))

    def nearest(self, vector: np.ndarray, limit: int = 3) -> tuple[tuple[str, float], ...]:
        """The ``limit`` kinds closest to ``vector``, with their cosine, closest first."""
        if not self.names:
            return ()
        q = np.asarray(vector, dtype=np.float32)
        sims = self.vectors @ (q / (np.linalg.norm(q) or 1.0))
        return tuple((self.names[i], float(sims[i])) for i in np.argsort(-sims)[:limit])
