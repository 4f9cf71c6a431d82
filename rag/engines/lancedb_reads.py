"""Reads over the embedded engine's tables that need no engine state.

Split out of :mod:`rag.engines.lancedb_engine` so that module stays one class
about writing and searching: how a leg is post-filtered, how the dense leg's
candidates become one hit per product, and how stored documents are exported.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence

import numpy as np
import pyarrow as pa

from rag.engines.base import LEXICAL_FIELDS, IndexDocument
from rag.engines.lancedb_filters import filter_schema_fields, sql_str
from rag.engines.lexical_index import FilterColumns
from rag.records import Filters, Hit, Product, product_from_dict

#: Every filter column (both tables hold them), returned by a leg that post-filters.
FILTER_COLUMNS = [f.name for f in filter_schema_fields()]


def run_filtered(search: Callable, limit: int, filters: Filters, share: float | None) -> pa.Table:
    """Run a leg's ``search``, post-filtering first when the filter keeps most rows.

    ``search(limit, None)`` is the leg with its filter as a prefilter;
    ``search(limit, columns)`` the leg unfiltered, also returning ``columns``.
    LanceDB's prefilter builds a row mask of every matching row, which at a
    million rows costs tens of ms per leg for a filter that keeps most of
    them (benchmarks/scale.py). For a broad filter (``share``, the part of the
    catalog it keeps; None when post-filtering does not pay) the leg first runs
    unfiltered with a larger limit and applies the filter here. The survivors
    are exactly the top ``limit`` of the filtered search when ``limit`` of them
    survive, or when the unfiltered search ran out of matches (then every match
    was seen), since a filter changes no row's score. Otherwise the prefilter
    runs, so the leg fills ``limit`` whenever the filter allows.
    """
    if share is not None:
        wide = math.ceil(limit / share * 2)
        table = search(wide, FILTER_COLUMNS).to_arrow()
        keep = FilterColumns.from_arrow(table).mask(filters)
        kept = table.filter(pa.array(keep)) if keep is not None else table
        if kept.num_rows >= limit or table.num_rows < wide:
            return kept.slice(0, limit)
    return search(limit, None).to_arrow()


def best_chunk_hits(table: pa.Table, vec: np.ndarray, has_ann: bool, k: int, engine: str) -> list[Hit]:
    """The dense leg's hits from its candidate chunks: each product once, by its best chunk."""
    ids = table["product_id"].to_pylist()
    if has_ann and table.num_rows:
        # The index ranks by 8-bit quantized distances, which keep the
        # order but distort the values; rescore the few candidates exactly
        # so scores are true cosine similarities (linear fusion and the
        # trace read them).
        stored = table["vector"].combine_chunks()
        matrix = stored.values.to_numpy(zero_copy_only=False).reshape(len(stored), -1)
        scores = matrix @ vec
    else:
        scores = 1.0 - table["_distance"].to_numpy(zero_copy_only=False)
    order = np.argsort(-scores, kind="stable")
    hits: list[Hit] = []
    seen: set[str] = set()
    for i in order:
        pid = ids[i]
        if pid in seen:
            continue
        seen.add(pid)
        hits.append(Hit(product_id=pid, score=float(scores[i]), leg="dense", rank=len(hits) + 1, engine=engine))
        if len(hits) == k:
            break
    return hits


def export_documents(products, chunks, product_ids: Sequence[str]) -> list[IndexDocument]:
    """The stored documents (record, lexical text, vectors) of ``product_ids``; missing ids are absent."""
    ids = list(dict.fromkeys(product_ids))
    if products is None or chunks is None or not ids:
        return []
    docs: list[IndexDocument] = []
    for start in range(0, len(ids), 500):
        batch = ids[start : start + 500]
        predicate = ", ".join(sql_str(i) for i in batch)
        rows = (
            products.search().where(f"id IN ({predicate})")
            .select(["id", "record", *(f"{f}_text" for f in LEXICAL_FIELDS)])
            .limit(len(batch)).to_arrow().to_pylist()
        )
        vectors: dict[str, list[tuple[int, np.ndarray]]] = {}
        n_chunks = chunks.count_rows(f"product_id IN ({predicate})")
        table = (
            chunks.search().where(f"product_id IN ({predicate})")
            .select(["chunk_id", "product_id", "vector"]).limit(max(n_chunks, 1)).to_arrow()
        )
        for chunk_id, pid, vec in zip(
            table["chunk_id"].to_pylist(), table["product_id"].to_pylist(), table["vector"].to_pylist(), strict=True
        ):
            vectors.setdefault(pid, []).append((int(chunk_id.rsplit("#", 1)[1]), np.asarray(vec, dtype=np.float32)))
        for row in rows:
            ordered = [v for _, v in sorted(vectors.get(row["id"], []), key=lambda item: item[0])]
            if not ordered:
                continue  # a product whose chunks were not written (an interrupted upsert)
            docs.append(
                IndexDocument(
                    product_from_dict(json.loads(row["record"])),
                    {f: row[f"{f}_text"] or "" for f in LEXICAL_FIELDS},
                    np.stack(ordered),
                )
            )
    return docs


def read_records(products, ids: Sequence[str]) -> dict[str, Product]:
    """The records of ``ids`` in the products table (missing ids are absent)."""
    predicate = f"id IN ({', '.join(sql_str(i) for i in ids)})"
    table = products.search().where(predicate).select(["id", "record"]).limit(len(ids)).to_arrow()
    return {
        pid: product_from_dict(json.loads(rec))
        for pid, rec in zip(table["id"].to_pylist(), table["record"].to_pylist(), strict=True)
    }
