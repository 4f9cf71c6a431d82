"""The embedded engine's dense leg: an IVF scan of 8-bit codes that skips what a filter rejects.

Lance's prefiltered HNSW search walks its graph past every row a filter rejects. At a
million products a filter keeping 10% of them cost the hybrid query a p99 of 174 ms
(benchmarks/scale.py, docs/scale.md), and no Lance index type searches with the filter
inside. FAISS's inverted-file scan does: given a bitmap of the rows that pass, it probes
the lists nearest the query, checks one bit per stored row and scores only the rows
that pass. So the engine keeps, beside its Lance tables (from ``filtered_ann_min_rows``
products; any size by default), an ``IVF<n>,SQ8`` index of the chunk vectors (8-bit
codes: a quarter of the float vectors' memory) and a memory-mapped float16 copy of the
vectors to rescore the few candidates, both built by the engine's ``finalize`` and
saved in the index dir, like the BM25 leg's ``bm25s`` index. It answers unfiltered
queries too: on the 19,406-product catalog a search cost 4.3 ms of CPU against 10.6 to
12.2 on Lance's HNSW, at the same quality (docs/search-engine.md).

How many lists a query probes follows the filter's share: enough that about
``scan_rows`` passing rows are scored, whatever the filter keeps, so a narrow filter
probes every list (an exact scan over the rows that pass, at the cost of a bit test
per row) and a broad one a few. The filter itself is the BM25 leg's in-memory mask
(:class:`rag.engines.lexical_index.FilterColumns`) over the same row order, so both
legs filter with the same semantics.

What is hand-written and why: the probe count per share (FAISS takes ``nprobe`` per
query but has no notion of a filter's selectivity) and the float16 rescoring (SQ8
keeps the order of near neighbours but not their exact cosine, which linear fusion
and the trace read).
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import numpy as np

from rag.engines.side_index import building_folder, stored_version, swap_in

DIRNAME = "dense_ivf"
FORMAT = 1
#: Passing rows scored per query (as many as 64 probed lists of 1,000 unfiltered rows): the smallest of
#: 16K, 32K, 64K and 128K whose filtered recall@10 at 1M products matched Lance's prefilter (the path this
#: replaces) in the broad bands, 0.95-0.97 against 0.93-0.95 at 32K; docs/scale.md.
SCAN_ROWS = 64_000
#: Candidates rescored from the float16 vectors, per result asked.
RESCORE_FACTOR = 3
#: Training sample per list (FAISS warns below 39).
TRAIN_PER_LIST = 40


def _faiss():
    """The faiss module. Its OpenMP thread count is left alone: the process shares one OpenMP runtime with torch
    (setting it to 1 set torch's intra-op threads to 1 too), and a search of one query runs on the calling thread
    anyway (FAISS parallelizes over queries), while building the index uses every core."""
    import faiss

    return faiss


#: Below this many vectors one list holds them all: a scan of 8-bit codes costs less than a probe.
ONE_LIST_BELOW = 10_000


def list_count(rows: int) -> int:
    """IVF lists for ``rows`` vectors: about the square root, so a list holds about as many rows as there are
    lists; one list for small tables."""
    if rows < ONE_LIST_BELOW:
        return 1
    return max(1, min(65_536, round(math.sqrt(rows))))


class FilteredVectors:
    """A saved IVF-SQ8 index of chunk vectors, searched with a filter bitmap over products."""

    def __init__(self, index, vectors: np.ndarray, chunk_rows: np.ndarray | None, products: int, version: int) -> None:
        self._index = index
        self._vectors = vectors  # float16, one row per chunk (memory-mapped)
        self._chunk_rows = chunk_rows  # chunk -> product row; None when it is the identity
        self.products = products
        self.version = version

    # -- build / persist ------------------------------------------------------
    @staticmethod
    def build(directory: Path, vectors: np.ndarray, chunk_rows: np.ndarray, products: int, version: int) -> FilteredVectors:
        """Index ``vectors`` (one unit-length row per chunk; ``chunk_rows[i]`` is the product row of chunk ``i``)
        and save it under ``directory``: a temporary folder swapped in, so a reader never sees half an index.

        With one chunk per product (the default) the index's ids are the product rows themselves, so a
        filter's bitmap needs no translation per query; otherwise they are the chunk numbers."""
        faiss = _faiss()
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        chunk_rows = np.asarray(chunk_rows, dtype=np.int64)
        n, dim = vectors.shape
        one_each = n == products and bool((np.bincount(chunk_rows, minlength=products) == 1).all())
        nlist = list_count(n)
        quantizer = faiss.IndexFlatIP(dim)
        index = faiss.IndexIVFScalarQuantizer(quantizer, dim, nlist, faiss.ScalarQuantizer.QT_8bit,
                                              faiss.METRIC_INNER_PRODUCT)
        if nlist == 1:  # one list: its centroid is set, not clustered (k-means of a few rows only warns)
            quantizer.add(np.zeros((1, dim), dtype=np.float32))
        sample = min(n, nlist * TRAIN_PER_LIST)
        rng = np.random.default_rng(0)
        index.train(vectors if sample == n else vectors[np.sort(rng.choice(n, size=sample, replace=False))])
        tmp = building_folder(directory)
        stored = np.lib.format.open_memmap(tmp / "vectors.f16.npy", mode="w+", dtype=np.float16, shape=(n, dim))
        if one_each:
            index.add_with_ids(vectors, chunk_rows)  # id = product row
            stored[chunk_rows] = vectors
        else:
            index.add(vectors)  # id = chunk number
            stored[:] = vectors
            np.save(tmp / "chunk_rows.npy", chunk_rows)
        stored.flush()
        del stored
        faiss.write_index(index, str(tmp / "ivf.faiss"))
        (tmp / "meta.json").write_text(json.dumps(
            {"format": FORMAT, "version": version, "products": products, "chunks": n, "lists": nlist}))
        swap_in(tmp, directory)
        return FilteredVectors.load(directory)

    @staticmethod
    def stored_version(directory: Path) -> int | None:
        return stored_version(directory, FORMAT)

    @staticmethod
    def load(directory: Path) -> FilteredVectors:
        faiss = _faiss()
        meta = json.loads((directory / "meta.json").read_text())
        index = faiss.read_index(str(directory / "ivf.faiss"))
        vectors = np.load(directory / "vectors.f16.npy", mmap_mode="r")
        rows_path = directory / "chunk_rows.npy"
        chunk_rows = np.load(rows_path) if rows_path.exists() else None
        return FilteredVectors(index, vectors, chunk_rows, int(meta["products"]), int(meta["version"]))

    # -- search ---------------------------------------------------------------
    def probes(self, passing_chunks: int) -> int:
        """Lists to probe so that about ``SCAN_ROWS`` passing rows are scored (all lists for a narrow filter)."""
        nlist = self._index.nlist
        per_list = passing_chunks / max(1, nlist)
        if per_list <= 0:
            return nlist
        return max(1, min(nlist, math.ceil(SCAN_ROWS / per_list)))

    def search(self, vector: np.ndarray, k: int, passing: np.ndarray | None) -> list[tuple[int, float]]:
        """The best ``k`` (product row, cosine) among products whose row is True in ``passing`` (None: every
        product), each product once (by its best chunk), best first."""
        faiss = _faiss()
        query = np.ascontiguousarray(vector, dtype=np.float32).reshape(1, -1)
        if passing is None:  # no filter: no bitmap to test
            count = self._index.ntotal
            params = faiss.SearchParametersIVF(nprobe=self.probes(count))
        else:
            chunk_pass = passing if self._chunk_rows is None else passing[self._chunk_rows]
            count = int(np.count_nonzero(chunk_pass))
            bitmap = np.packbits(chunk_pass, bitorder="little")
            selector = faiss.IDSelectorBitmap(len(chunk_pass), faiss.swig_ptr(bitmap))
            params = faiss.SearchParametersIVF(sel=selector, nprobe=self.probes(count))
        if count == 0 or k <= 0:
            return []
        fetch = min(count, k * RESCORE_FACTOR)
        _, ids = self._index.search(query, fetch, params=params)
        chunks = ids[0][ids[0] >= 0]
        if len(chunks) == 0:
            return []
        chunks = np.sort(chunks)  # ascending rows read the memory-mapped vectors in file order
        scores = np.asarray(self._vectors[chunks], dtype=np.float32) @ query[0]
        rows = chunks if self._chunk_rows is None else self._chunk_rows[chunks]
        order = np.lexsort((rows, -scores))
        found: list[tuple[int, float]] = []
        seen: set[int] = set()
        for i in order:
            row = int(rows[i])
            if row in seen:
                continue
            seen.add(row)
            found.append((row, float(scores[i])))
            if len(found) == k:
                break
        return found


def build_filtered_vectors(directory: Path, chunks, lexical) -> FilteredVectors:
    """Build the index of the ``chunks`` table's vectors, rows aligned with ``lexical`` (the
    :class:`rag.engines.lexical_index.FieldedBM25` just built from the products table, whose
    version it takes)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    rows = chunks.count_rows()
    table = chunks.search().select(["product_id", "vector"]).limit(max(1, rows)).to_arrow()
    positions = pc.index_in(table["product_id"], value_set=pa.array(lexical.ids))
    vectors = table["vector"].combine_chunks().values.to_numpy(zero_copy_only=False).reshape(table.num_rows, -1)
    del table  # at a million chunks the Arrow copy alone is 1.5 GB
    if positions.null_count:  # a chunk whose product is gone (an interrupted delete)
        known = positions.is_valid().to_numpy(zero_copy_only=False)
        vectors, positions = vectors[known], positions.drop_null()
    rows_of = positions.to_numpy(zero_copy_only=False).astype(np.int64)
    return FilteredVectors.build(directory, vectors, rows_of, len(lexical.ids), lexical.version)


def refresh_filtered_vectors(directory: Path, chunks, lexical, min_products: int) -> FilteredVectors | None:
    """After ``finalize`` rebuilt the BM25 leg (``lexical``): the index rebuilt for a table of at least
    ``min_products`` products, or removed (None) below that, so no stale copy stays on disk."""
    if len(lexical.ids) >= min_products:
        return build_filtered_vectors(directory, chunks, lexical)
    shutil.rmtree(directory, ignore_errors=True)
    return None
