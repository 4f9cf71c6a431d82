"""Training data for fine-tuning: the exported feedback triplets and the catalog-derived pairs.

* ``load_triplets`` reads what ``shopassist export triplets`` wrote (jsonl,
  csv or parquet, by extension), keeps the rows whose products are still in
  the catalog and reports the rest.
* ``catalog_pairs`` is the synthetic, catalog-derived data the reranker
  training builds (``rag.offline.rerank_training.build_training_data``): shopper-style
  queries labelled by what they ask for, negatives mined from retrieval. It
  uses no dev judgment.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from rag.offline.rerank_training import Pair, Retrieve, build_training_data
from rag.records import Product

REQUIRED = ("query", "positive_id", "negative_id")


@dataclass(frozen=True, slots=True)
class Triplet:
    """A shopper preferred ``positive_id`` over ``negative_id`` for ``query``."""

    query: str
    positive_id: str
    negative_id: str
    source: str = ""
    user_id: str = ""


@dataclass(frozen=True, slots=True)
class TripletSet:
    triplets: tuple[Triplet, ...]
    path: str
    dropped_missing_product: int = 0
    dropped_blank: int = 0

    def summary(self) -> dict[str, Any]:
        users = Counter(t.user_id or "(anonymous)" for t in self.triplets)
        return {
            "file": self.path,
            "triplets": len(self.triplets),
            "queries": len({t.query for t in self.triplets}),
            "users": len(users),
            "demo_users": sum(1 for u in users if u.startswith("demo-")),
            "sources": dict(Counter(t.source.split("/")[0] for t in self.triplets if t.source).most_common()),
            "negatives": dict(Counter(t.source.split("/")[-1] for t in self.triplets if t.source).most_common()),
            "dropped_missing_product": self.dropped_missing_product,
            "dropped_blank": self.dropped_blank,
        }

    @property
    def queries(self) -> frozenset[str]:
        return frozenset(t.query for t in self.triplets)


def _read(path: Path) -> pd.DataFrame:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".json"):
        return pd.read_json(path, orient="records", lines=True, dtype=False)
    if suffix == ".csv":
        return pd.read_csv(path, keep_default_na=False, dtype=str)
    if suffix == ".parquet":
        return pd.read_parquet(path)
    raise ValueError(f"{path}: unknown triplet file type {suffix!r}; use .jsonl, .csv or .parquet "
                     "(as written by `shopassist export triplets`)")


def load_triplets(path: Path, catalog: Mapping[str, Product]) -> TripletSet:
    """Triplets from an export; rows naming a product no longer in ``catalog`` are dropped and counted."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no triplet file at {path}; write one with `shopassist export triplets -o {path}`")
    frame = _read(path)
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing and len(frame):
        raise ValueError(f"{path}: missing column(s) {missing}; found {list(frame.columns)}")
    kept: list[Triplet] = []
    blank = gone = 0
    for row in frame.to_dict(orient="records"):
        query = str(row.get("query") or "").strip()
        pos, neg = str(row.get("positive_id") or "").strip(), str(row.get("negative_id") or "").strip()
        if not query or not pos or not neg or pos == neg:
            blank += 1
            continue
        if pos not in catalog or neg not in catalog:
            gone += 1
            continue
        kept.append(Triplet(query, pos, neg, str(row.get("source") or ""), str(row.get("user_id") or "")))
    return TripletSet(tuple(kept), str(path), gone, blank)


@dataclass(frozen=True, slots=True)
class CatalogPairs:
    pairs: tuple[Pair, ...]
    stats: Mapping[str, Any]


def catalog_pairs(products: Sequence[Product], retrieve: Retrieve, *, max_pairs: int, seed: int = 13,
                  progress: bool = True) -> CatalogPairs:
    """The reranker's synthetic training pairs (see ``rag.offline.rerank_training``)."""
    data = build_training_data(products, retrieve, max_pairs=max_pairs, seed=seed, progress=progress)
    return CatalogPairs(tuple(data.pairs), dict(data.stats))
