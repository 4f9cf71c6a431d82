"""Pooling: the (query, product) pairs some mode ranks in its top ``depth``
that the judgments do not cover yet, ready to be rated.

``shopassist judge-pool`` runs every mode over the judged queries and writes
these pairs with what a rater reads (title, brand, price, category and a short
description); the ratings go into their own file, stacked on the original
judgments by ``shopassist eval --judgments ORIGINAL --judgments ADDED``.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

from rag.evaluation.judgments import Judgments
from rag.evaluation.runner import ModeRun
from rag.records import Product

#: Columns of the pool CSV.
POOL_COLUMNS = ("query", "docid", "title", "brand", "price", "category", "description", "modes", "best_rank")
DESCRIPTION_CHARS = 400


@dataclass(frozen=True, slots=True)
class PoolEntry:
    """One unjudged pair and where it showed: ``ranks`` maps mode -> rank (1-based)."""

    query: str
    docid: str
    ranks: Mapping[str, int]

    @property
    def best_rank(self) -> int:
        return min(self.ranks.values())


def unjudged_pool(mode_runs: Sequence[ModeRun], judgments: Judgments, depth: int = 10) -> list[PoolEntry]:
    """Every (query, docid) in any mode's top ``depth`` without a judgment, grouped
    by query (the judgments' order), then by best rank and docid."""
    if depth < 1:
        raise ValueError(f"depth must be >= 1, got {depth}")
    found: dict[tuple[str, str], dict[str, int]] = {}
    for run in mode_runs:
        for query, ranked in run.runs.items():
            judged = judgments.get(query)
            for rank, docid in enumerate(ranked[:depth], start=1):
                if docid not in judged:
                    found.setdefault((query, docid), {}).setdefault(run.mode, rank)
    order = {query: i for i, query in enumerate(judgments.queries)}
    entries = [PoolEntry(query, docid, ranks) for (query, docid), ranks in found.items()]
    entries.sort(key=lambda e: (order.get(e.query, len(order)), e.query, e.best_rank, e.docid))
    return entries


def short_description(product: Product, limit: int = DESCRIPTION_CHARS) -> str:
    """The description on one line, cut at a word boundary to about ``limit`` characters."""
    text = " ".join(product.description.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + " …"


def pool_rows(entries: Sequence[PoolEntry], products: Mapping[str, Product]) -> list[dict[str, str]]:
    """The CSV rows; a product missing from ``products`` raises ``KeyError`` naming it
    (the index and the pool must come from the same catalog)."""
    rows = []
    for entry in entries:
        product = products.get(entry.docid)
        if product is None:
            raise KeyError(f"product {entry.docid!r} (query {entry.query!r}) is not in the index")
        rows.append({
            "query": entry.query,
            "docid": entry.docid,
            "title": product.title,
            "brand": product.brand,
            "price": "" if product.price is None else f"{product.price:.2f}",
            "category": product.category or "",
            "description": short_description(product),
            "modes": "; ".join(f"{mode}#{rank}" for mode, rank in entry.ranks.items()),
            "best_rank": str(entry.best_rank),
        })
    return rows


def write_pool(rows: Sequence[Mapping[str, str]], path: str | PathLike[str]) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=POOL_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path
