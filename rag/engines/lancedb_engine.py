"""The embedded engine (default): LanceDB on local disk, no server.

Two tables: ``products`` (one row per product: the record, BM25-indexed text
fields, filter columns) and ``chunks`` (one row per embedded chunk: the vector
and the same filter columns, so filters run inside the ANN search as a
prefilter rather than after it). Every write is a Lance commit, so a reader
always sees a complete version of each table, even if a writer is killed.
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Iterable, Sequence
from datetime import timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa

from rag.engines.base import (
    LEXICAL_FIELDS,
    Health,
    IndexDocument,
    SearchEngine,
    filter_columns,
)
from rag.engines.filtered_vectors import DIRNAME as FILTERED_DIRNAME
from rag.engines.filtered_vectors import FilteredVectors, refresh_filtered_vectors
from rag.engines.lancedb_filters import filter_schema_fields, filters_to_sql, numeric_ranges, sql_str
from rag.engines.lancedb_import import lancedb_module
from rag.engines.lancedb_indexes import create_missing_indexes
from rag.engines.lancedb_reads import best_chunk_hits, export_documents, read_records, run_filtered
from rag.engines.lexical_index import COMBINE_MODES, FieldedBM25
from rag.engines.lexical_index import DIRNAME as LEXICAL_DIRNAME
from rag.engines.record_cache import RecordCache, read_through
from rag.records import (
    NO_FILTERS,
    Filters,
    Hit,
    Product,
    product_to_dict,
)

log = logging.getLogger(__name__)

PRODUCTS = "products"
CHUNKS = "chunks"

#: How long a reader trusts its last look at the products table's version (as
#: Lance's own read consistency interval below): another process's commit is
#: seen within this time.
VERSION_CHECK_S = 2.0


class LanceDBEngine(SearchEngine):
    """BM25 (bm25s per field, Lance native FTS between a write and its finalize) + vector search."""

    name = "embedded"

    def __init__(
        self,
        path: str | Path,
        *,
        lexical_boosts: dict[str, float] | None = None,
        ann_min_rows: int = 5_000,
        nprobes: int = 20,
        ef: int | None = 400,
        refine_factor: int | None = None,
        postfilter_min_rows: int = 200_000,
        # Off by default (no share reaches it): at 1M products post-filtering the broad filters raised
        # their hybrid p99 from 81-95 to 135-141 ms against the prefilter (docs/scale.md); pass a share
        # in (0, 1] to turn it on.
        postfilter_min_share: float = math.inf,
        exact_max_rows: int = 1_000,
        filtered_ann_min_rows: int = 0,
        lexical_index: bool = True,
        lexical_combine: str = "max",
        record_cache_size: int = 4096,
    ) -> None:
        self._path = Path(path)
        self._boosts = {f: 1.0 for f in LEXICAL_FIELDS} | dict(lexical_boosts or {})
        self._ann_min_rows = ann_min_rows
        self._nprobes = nprobes
        self._ef = ef
        self._refine = refine_factor
        self._postfilter_min_rows = postfilter_min_rows
        self._postfilter_min_share = postfilter_min_share
        self._exact_max_rows = exact_max_rows
        self._filtered_ann_min_rows = filtered_ann_min_rows  # products from which the dense leg is FAISS's
        self._filtered: FilteredVectors | None = None
        self._sorted_columns: dict[str, tuple[np.ndarray, int]] = {}  # range column -> (sorted values, rows)
        self._db = None
        self._handles: dict[str, object] = {}
        self._read_meta: tuple[bool, bool] | None = None  # (multi-chunk, ANN index)
        if lexical_combine not in COMBINE_MODES:
            raise ValueError(f"unknown lexical_combine {lexical_combine!r}; allowed: {', '.join(COMBINE_MODES)}")
        self._use_lexical_index = lexical_index
        self._combine = lexical_combine
        self._lexical: FieldedBM25 | None = None
        self._version_seen: tuple[float, int] | None = None  # (monotonic time, products version)
        self._records: RecordCache[Product] = RecordCache(record_cache_size)  # read last, for that version
        self._documents: RecordCache[IndexDocument] = RecordCache(record_cache_size)

    # -- connection ---------------------------------------------------------
    @property
    def path(self) -> Path:
        return self._path

    def _connect(self):
        if self._db is None:
            lancedb = lancedb_module()

            self._path.mkdir(parents=True, exist_ok=True)
            # Readers pick up commits made by another process (an ingest run
            # next to a serving app) within this interval.
            self._db = lancedb.connect(
                str(self._path), read_consistency_interval=timedelta(seconds=2)
            )
        return self._db

    def _table(self, name: str):
        handle = self._handles.get(name)
        if handle is not None:
            return handle
        db = self._connect()
        try:
            handle = db.open_table(name)
        except (FileNotFoundError, ValueError):
            return None
        self._handles[name] = handle
        return handle

    def _tables_exist(self) -> bool:
        return self._table(PRODUCTS) is not None and self._table(CHUNKS) is not None

    def _products_schema(self) -> pa.Schema:
        return pa.schema(
            [pa.field("id", pa.string()), pa.field("content_hash", pa.string())]
            + [pa.field(f"{f}_text", pa.string()) for f in LEXICAL_FIELDS]
            + filter_schema_fields()
            + [pa.field("record", pa.string())]
        )

    def _chunks_schema(self, dim: int) -> pa.Schema:
        return pa.schema(
            [pa.field("chunk_id", pa.string()), pa.field("product_id", pa.string()), *filter_schema_fields(), pa.field("vector", pa.list_(pa.float32(), dim))]
        )

    def _ensure_tables(self, dim: int):
        db = self._connect()
        products = self._table(PRODUCTS)
        chunks = self._table(CHUNKS)
        if chunks is not None:
            existing = chunks.schema.field("vector").type.list_size
            if existing != dim:
                raise ValueError(
                    f"index at {self._path} holds {existing}-d vectors but got {dim}-d: "
                    "the embedding model changed; rebuild with `shopassist ingest --rebuild`"
                )
        if products is None:
            products = db.create_table(PRODUCTS, schema=self._products_schema())
            self._handles[PRODUCTS] = products
        if chunks is None:
            chunks = db.create_table(CHUNKS, schema=self._chunks_schema(dim))
            self._handles[CHUNKS] = chunks
        self._read_meta = None
        self._sorted_columns.clear()
        return products, chunks

    def _written(self) -> None:
        """Forget what was cached about the tables after a write through this engine."""
        self._read_meta = None
        self._sorted_columns.clear()
        self._version_seen = None

    # -- writes -------------------------------------------------------------
    def upsert(self, documents: Sequence[IndexDocument]) -> None:
        if not documents:
            return
        dim = int(documents[0].vectors.shape[1])
        products, chunks = self._ensure_tables(dim)
        ids = [d.product.id for d in documents]
        product_rows, chunk_rows = [], []
        for doc in documents:
            filt = filter_columns(doc.product)
            row = {"id": doc.product.id, "content_hash": doc.product.content_hash}
            row |= {f"{f}_text": doc.lexical.get(f, "") for f in LEXICAL_FIELDS}
            row |= filt
            row["record"] = json.dumps(product_to_dict(doc.product), ensure_ascii=False)
            product_rows.append(row)
            for i, vec in enumerate(doc.vectors):
                chunk_rows.append(
                    {"chunk_id": f"{doc.product.id}#{i}", "product_id": doc.product.id}
                    | filt
                    | {"vector": np.asarray(vec, dtype=np.float32)}
                )
        # Chunks first, products (which carry the content hash) last: if the
        # process dies in between, the old hash stays and a rerun redoes it.
        chunks.delete(f"product_id IN ({', '.join(sql_str(i) for i in ids)})")
        chunks.add(pa.Table.from_pylist(chunk_rows, schema=self._chunks_schema(dim)))
        (
            products.merge_insert("id")
            .when_matched_update_all()
            .when_not_matched_insert_all()
            .execute(pa.Table.from_pylist(product_rows, schema=self._products_schema()))
        )
        self._written()

    def delete(self, product_ids: Iterable[str]) -> int:
        ids = list(dict.fromkeys(product_ids))
        if not ids or not self._tables_exist():
            return 0
        products, chunks = self._table(PRODUCTS), self._table(CHUNKS)
        removed = 0
        for start in range(0, len(ids), 1000):
            batch = ids[start : start + 1000]
            predicate = ", ".join(sql_str(i) for i in batch)
            removed += products.count_rows(f"id IN ({predicate})")
            # Products first: a product without chunks is invisible to the
            # vector leg anyway, and a rerun deletes the leftover chunks.
            products.delete(f"id IN ({predicate})")
            chunks.delete(f"product_id IN ({predicate})")
        self._written()
        return removed

    def finalize(self) -> None:
        """Create missing Lance indexes (:mod:`rag.engines.lancedb_indexes`), fold new rows into them, then
        rebuild the side indexes: the bm25s leg and, from ``filtered_ann_min_rows`` products, the FAISS index of
        the filtered dense leg. Unindexed rows are still searched (by a scan) until then, so results stay complete."""
        if not self._tables_exist():
            return
        products, chunks = self._table(PRODUCTS), self._table(CHUNKS)
        create_missing_indexes(products, chunks, self._ann_min_rows)
        products.optimize()
        chunks.optimize()
        self._written()
        if self._use_lexical_index:
            self._build_lexical_index(products)
            self._filtered = refresh_filtered_vectors(self._path / FILTERED_DIRNAME, chunks, self._lexical,
                                                      self._filtered_ann_min_rows)

    def _build_lexical_index(self, products) -> None:
        """The bm25s index of every lexical field over the current products table (``lexical_index``)."""
        columns = ["id", *(f"{f}_text" for f in LEXICAL_FIELDS), *(f.name for f in filter_schema_fields())]
        rows = products.search().select(columns).limit(max(1, products.count_rows())).to_arrow()
        self._lexical = FieldedBM25.build(self._path / LEXICAL_DIRNAME, rows, products.version)

    def needs_finalize(self) -> bool:
        products = self._table(PRODUCTS)
        if products is None:
            return False
        indexed = {tuple(ix.columns) for ix in products.list_indices()}
        missing_fts = any((f"{f}_text",) not in indexed for f in LEXICAL_FIELDS)
        stale_bm25 = self._use_lexical_index and (
            FieldedBM25.stored_version(self._path / LEXICAL_DIRNAME) != products.version
        )
        stale_ivf = (self._use_lexical_index and products.count_rows() >= self._filtered_ann_min_rows
                     and FilteredVectors.stored_version(self._path / FILTERED_DIRNAME) != products.version)
        return missing_fts or stale_bm25 or stale_ivf

    # -- reads --------------------------------------------------------------
    def _count(self) -> int:
        table = self._table(PRODUCTS)
        return table.count_rows() if table is not None else 0

    def _products_version(self, products) -> int:
        """The products table's version, looked up at most every ``VERSION_CHECK_S`` (and after any write here)."""
        now = time.monotonic()
        if self._version_seen is None or now - self._version_seen[0] > VERSION_CHECK_S:
            self._version_seen = (now, products.version)
        return self._version_seen[1]

    def _current_lexical_index(self, products) -> FieldedBM25 | None:
        """The bm25s index when it matches the products table's current version, else None.

        The version is looked up at most every ``VERSION_CHECK_S`` (and after any
        write through this engine); a newer index saved by another process is loaded.
        """
        if not self._use_lexical_index:
            return None
        version = self._products_version(products)
        if self._lexical is not None and self._lexical.version == version:
            return self._lexical
        directory = self._path / LEXICAL_DIRNAME
        if FieldedBM25.stored_version(directory) != version:
            return None  # written since the last finalize: Lance FTS, which also scans unindexed rows
        try:
            self._lexical = FieldedBM25.load(directory)
        except (OSError, ValueError, KeyError) as exc:  # replaced while loading: FTS this time
            log.warning("lexical index at %s not loadable (%s); using Lance FTS", directory, exc)
            return None
        return self._lexical if self._lexical.version == version else None

    def lexical(self, query: str, k: int, filters: Filters = NO_FILTERS) -> list[Hit]:
        MultiMatchQuery = lancedb_module().query.MultiMatchQuery

        query = " ".join(query.split())
        products = self._table(PRODUCTS)
        if not query or products is None or k <= 0:
            return []
        index = self._current_lexical_index(products)
        if index is not None:
            boosts = {f: self._boosts.get(f, 0.0) for f in LEXICAL_FIELDS}
            return [
                Hit(product_id=pid, score=score, leg="bm25", rank=i + 1, engine=self.name)
                for i, (pid, score) in enumerate(index.search(query, k, boosts, filters, self._combine))
            ]
        fields = [f for f in LEXICAL_FIELDS if self._boosts.get(f, 0) > 0]
        mm = MultiMatchQuery(query, [f"{f}_text" for f in fields], boosts=[self._boosts[f] for f in fields])
        where = filters_to_sql(filters)

        def search(limit: int, extra_columns: list[str] | None):
            if extra_columns is not None:  # unfiltered, with the columns to filter on
                return products.search(mm).select(["id", "_score", *extra_columns]).limit(limit)
            builder = products.search(mm).select(["id", "_score"]).limit(limit)
            return builder.where(where, prefilter=True) if where else builder

        rows = self._run_filtered(search, k, filters).to_pylist()
        return [
            Hit(product_id=r["id"], score=float(r["_score"]), leg="bm25", rank=i + 1, engine=self.name)
            for i, r in enumerate(rows)
        ]

    def vector(self, vector: np.ndarray, k: int, filters: Filters = NO_FILTERS) -> list[Hit]:
        chunks = self._table(CHUNKS)
        if chunks is None or k <= 0:
            return []
        vec = np.asarray(vector, dtype=np.float32).reshape(-1)
        if not np.isfinite(vec).all() or not vec.any():
            return []
        found = self._filtered_search(vec, k, filters)  # the FAISS index when current: none of Lance's set-up below
        if found is not None:
            return found
        # Several chunks may belong to one product: over-fetch, then keep
        # each product's best chunk so no product is counted twice.
        multi_chunk, has_ann = self._meta(chunks)
        fetch = k * 3 if multi_chunk else k
        columns = ["product_id", "_distance"] + (["vector"] if has_ann else [])
        where = filters_to_sql(filters)

        def search(limit: int, extra_columns: list[str] | None):
            builder = (
                chunks.search(vec, vector_column_name="vector")
                .distance_type("cosine")
                .select(columns + (extra_columns or []))
                .limit(limit)
            )
            if has_ann:
                # HNSW search breadth (None: Lance's default, which follows the
                # limit). On the 1M-product catalog of benchmarks/scale.py the
                # default found 0.87 of the exact top 10 and ef=400 finds 0.95, for
                # about 1 ms more at p50; on the real catalog `shopassist eval` is
                # unchanged and the dense leg's p50 grows by about 0.4 ms.
                builder = builder.nprobes(self._nprobes)
                if self._ef is not None:
                    builder = builder.ef(max(self._ef, limit))
                if self._refine:
                    builder = builder.refine_factor(self._refine)
            if extra_columns is not None:  # unfiltered, with the columns to filter on
                return builder
            return builder.where(where, prefilter=True) if where else builder

        passing = self._passing_rows(filters) if has_ann and where else None
        if passing is not None and passing <= self._exact_max_rows:
            # Few rows pass: an exact scan over just them (the filter through the
            # scalar indexes) is exact and, up to about a thousand rows, no
            # slower than walking the graph past every row the filter rejects;
            # at 7-15K rows it cost several times the ANN prefilter
            # (benchmarks/results/scale_100k_*.json, docs/scale.md).
            table = search(fetch, None).bypass_vector_index().to_arrow()
        else:
            table = self._run_filtered(search, fetch, filters)
        if has_ann and where and passing is None and table.num_rows < fetch:
            # A selective filter can starve the ANN graph; the filtered set is
            # small then, so an exact scan over it is cheap and complete.
            table = search(fetch, None).bypass_vector_index().to_arrow()
        return best_chunk_hits(table, vec, has_ann, k, self.name)

    def _filtered_search(self, vec: np.ndarray, k: int, filters: Filters) -> list[Hit] | None:
        """The dense leg on FAISS when its index and the BM25 leg's match the table's version, else None."""
        products = self._table(PRODUCTS)
        lexical = self._current_lexical_index(products) if products is not None else None
        if lexical is None or len(lexical.ids) < self._filtered_ann_min_rows:
            return None
        side = self._filtered
        if side is None or side.version != lexical.version:
            directory = self._path / FILTERED_DIRNAME
            try:
                if FilteredVectors.stored_version(directory) != lexical.version:
                    return None
                side = self._filtered = FilteredVectors.load(directory)
            except (OSError, ValueError, KeyError, RuntimeError) as exc:  # replaced while loading: Lance this time
                log.warning("filtered vector index at %s not loadable (%s); using Lance's prefilter", directory, exc)
                return None
        found = side.search(vec, k, lexical.columns.mask(filters))
        return [Hit(product_id=lexical.ids[row], score=score, leg="dense", rank=i + 1, engine=self.name)
                for i, (row, score) in enumerate(found)]

    def _run_filtered(self, search, limit: int, filters: Filters) -> pa.Table:
        """Run a leg's ``search``, post-filtering first when the filter keeps most rows (see :func:`run_filtered`)."""
        return run_filtered(search, limit, filters, self._broad_share(filters))

    def _passing_rows(self, filters: Filters) -> int | None:
        """How many products pass ``filters``, exactly, from the lexical index's
        in-memory filter columns (None when that index is not current)."""
        products = self._table(PRODUCTS)
        index = self._current_lexical_index(products) if products is not None else None
        if index is None:
            return None
        mask = index.columns.mask(filters)
        return len(index.ids) if mask is None else int(np.count_nonzero(mask))

    def _broad_share(self, filters: Filters) -> float | None:
        """The share of products ``filters`` keeps, when post-filtering pays (else None).

        None when the table is small (the prefilter is cheap there) or the share
        is below ``postfilter_min_share``. The share is exact when the lexical
        index is current; otherwise only a range-only filter is estimated (each
        range column read once, sorted; ranges assumed independent; refreshed
        after every write through this engine).
        """
        if filters.is_empty or self._count() < self._postfilter_min_rows:
            return None
        passing = self._passing_rows(filters)
        if passing is not None:
            share = passing / max(1, self._count())
        elif filters.brands or filters.categories or filters.text:
            return None
        else:
            share = 1.0
            for column, rng in numeric_ranges(filters).items():
                values, rows = self._sorted_column(column)
                lo = 0 if rng.min is None else int(np.searchsorted(values, rng.min, side="left"))
                hi = len(values) if rng.max is None else int(np.searchsorted(values, rng.max, side="right"))
                share *= max(0, hi - lo) / max(1, rows)
        return share if share > 0 and share >= self._postfilter_min_share else None

    def _sorted_column(self, column: str) -> tuple[np.ndarray, int]:
        cached = self._sorted_columns.get(column)
        if cached is None:
            products = self._table(PRODUCTS)
            rows = products.count_rows()
            values = products.search().select([column]).limit(rows).to_arrow()[column]
            array = values.drop_null().to_numpy(zero_copy_only=False).astype(np.float64)
            cached = (np.sort(array), rows)
            self._sorted_columns[column] = cached
        return cached

    def _meta(self, chunks) -> tuple[bool, bool]:
        """(several chunks per product?, ANN index present?), cached between writes."""
        if self._read_meta is None:
            multi = chunks.count_rows() > self._count()
            ann = any("ivf" in str(getattr(ix, "index_type", "")).lower() for ix in chunks.list_indices())
            self._read_meta = (multi, ann)
        return self._read_meta

    def content_hashes(self) -> dict[str, str]:
        products = self._table(PRODUCTS)
        if products is None:
            return {}
        n = products.count_rows()
        if n == 0:
            return {}
        table = products.search().select(["id", "content_hash"]).limit(n).to_arrow()
        return dict(zip(table["id"].to_pylist(), table["content_hash"].to_pylist(), strict=True))

    def fetch(self, product_ids: Sequence[str]) -> dict[str, Product]:
        products = self._table(PRODUCTS)
        ids = list(dict.fromkeys(product_ids))
        if products is None or not ids:
            return {}
        return read_through(self._records, self._products_version(products), ids, lambda todo: read_records(products, todo))

    def health(self) -> Health:
        try:
            n = self._count()
            chunks = self._table(CHUNKS)
            n_chunks = chunks.count_rows() if chunks is not None else 0
        except Exception as exc:
            return Health(ok=False, engine=self.name, products=0, detail=f"{type(exc).__name__}: {exc}")
        if n == 0:
            return Health(ok=False, engine=self.name, products=0, detail=f"no index at {self._path}")
        return Health(ok=True, engine=self.name, products=n, extra={"chunks": n_chunks, "path": str(self._path)})

    def export_documents(self, product_ids: Sequence[str]) -> list[IndexDocument]:
        """The stored documents (record, lexical text, vectors) of ``product_ids``; missing ids are absent.

        Lets another engine be filled from this index without re-embedding (the OpenSearch backfill),
        and the personalizer read the candidates' vectors (kept per table version, as records are).
        """
        products, chunks, ids = self._table(PRODUCTS), self._table(CHUNKS), list(dict.fromkeys(product_ids))
        if products is None or chunks is None or not ids:
            return []
        return list(read_through(self._documents, self._products_version(products), ids, lambda todo: {
            d.product.id: d for d in export_documents(products, chunks, todo)}).values())
