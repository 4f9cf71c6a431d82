"""The Lance indexes of the embedded engine's two tables, created by its ``finalize`` when missing.

BM25 (one FTS index per lexical field, the lexical leg between a write and the
next finalize), ANN (IVF-HNSW with 8-bit scalar quantization, only at
``ann_min_rows`` chunks and above: below that an exact scan is fast enough and
exact) and scalar indexes for the filter columns (bitmaps for the keys, B-trees
for ids and price).
"""

from __future__ import annotations

import warnings

from rag.engines.base import LEXICAL_FIELDS


def create_missing_indexes(products, chunks, ann_min_rows: int) -> None:
    """Create each index the ``products`` and ``chunks`` tables lack."""
    product_indexed = {next(iter(ix.columns)) for ix in products.list_indices()}
    chunk_indexed = {next(iter(ix.columns)) for ix in chunks.list_indices()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # create_*_index deprecation notices
        for field in LEXICAL_FIELDS:
            if f"{field}_text" not in product_indexed:
                products.create_fts_index(
                    f"{field}_text",
                    language="English",
                    stem=True,
                    remove_stop_words=True,
                    ascii_folding=True,
                    lower_case=True,
                )
        if "vector" not in chunk_indexed and chunks.count_rows() >= ann_min_rows:
            chunks.create_index(metric="cosine", vector_column_name="vector", index_type="IVF_HNSW_SQ")
        for table, indexed, columns in (
            (products, product_indexed, ("id", "brand_key", "category_key", "price")),
            (chunks, chunk_indexed, ("product_id", "brand_key", "category_key", "price")),
        ):
            for name in columns:
                if name not in indexed:
                    kind = "BITMAP" if name.endswith("_key") else "BTREE"
                    table.create_scalar_index(name, index_type=kind)
