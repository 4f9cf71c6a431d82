"""The embedded engine's BM25 leg: one ``bm25s`` index per lexical field, filters applied in memory.

Lance's native full-text search costs about 4 ms per field per query on the
19,406-product catalog (12 ms for the four-field match), while ``bm25s`` scores a
field in well under a millisecond from a memory-mapped sparse matrix
(benchmarks/bm25_peer.py). So the engine keeps, next to its Lance tables, a
``bm25s`` index per field (title, brand, category, body), built by the engine's own
``finalize`` from the rows it stored and saved in the index dir. A query's score is
its best boosted per-field BM25 score ("best field", as Lance's multi-match query
scores, which kept the default pipeline's NDCG@10 unchanged), or optionally their
sum ("most fields": a better BM25 leg alone, a worse hybrid; docs/quality.md); filters become a boolean mask over the same rows, computed with numpy
from the filter columns kept beside the index, so a filter runs inside the leg and
the leg still returns the top ``k`` matching products.

The index is a snapshot of one version of the products table. After a write that
has not been finalized yet, the engine answers from Lance's full-text search (which
also scans rows not yet indexed), so results stay complete and exact between
ingest runs; ``finalize`` rebuilds this index.

What is hand-written and why: query/document tokenization (bm25s's own tokenizer
builds a vocabulary object per call, most of its per-query cost) and the filter
mask (the Lance SQL predicate of :func:`rag.engines.lancedb_filters.filters_to_sql`,
evaluated on numpy columns with the same semantics: NULL never matches).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from rag.engines.base import LEXICAL_FIELDS, NUMERIC_FILTER_COLUMNS
from rag.engines.side_index import building_folder, stored_version, swap_in
from rag.records import Filters

DIRNAME = "lexical_bm25"
FORMAT = 1
#: How per-field scores combine: the best field, or the sum of all fields.
COMBINE_MODES = ("max", "sum")
#: BM25 parameters: k1 as Lance's (and Lucene's classic) full-text index, b the usual.
K1 = 1.2
B = 0.75
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN)


def _fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


class Tokenizer:
    """Lower case, ASCII folding, English stop words dropped, Snowball English stems.

    The same steps as the Lance FTS index of the engine; stems are cached per word,
    since a catalog's vocabulary is small next to its token count.
    """

    def __init__(self) -> None:
        self._stems: dict[str, str] = {}

    def __call__(self, text: str) -> list[str]:
        words = [w for w in _WORD.findall(_fold(text or "")) if w not in _stopwords()]
        stems = self._stems
        missing = [w for w in set(words) if w not in stems]
        if missing:
            for word, stem in zip(missing, _stemmer().stemWords(missing), strict=True):
                stems[word] = stem
        return [stems[w] for w in words]


@dataclass(frozen=True)
class FilterColumns:
    """The filter columns of the indexed rows, as numpy arrays aligned with the row order."""

    brand: np.ndarray  # int32 codes into brands (-1: null)
    brands: dict[str, int]
    category: np.ndarray
    categories: dict[str, int]
    numeric: dict[str, np.ndarray]  # float64, NaN for null
    tag_offsets: np.ndarray  # CSR over rows
    tag_codes: np.ndarray
    tags: dict[str, int]

    @classmethod
    def from_arrow(cls, table: pa.Table) -> FilterColumns:
        def codes(column: str) -> tuple[np.ndarray, dict[str, int]]:
            encoded = pc.dictionary_encode(table[column].combine_chunks())
            indices = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False).astype(np.int32)
            return indices, {v: i for i, v in enumerate(encoded.dictionary.to_pylist())}

        brand, brands = codes("brand_key")
        category, categories = codes("category_key")
        numeric = {
            c: table[c].to_numpy(zero_copy_only=False).astype(np.float64)
            for c in ("price", *NUMERIC_FILTER_COLUMNS)
        }
        tags_list = table["attr_tags"].combine_chunks()
        if tags_list.null_count:
            tags_list = pc.fill_null(tags_list, pa.scalar([], type=tags_list.type))
        offsets = tags_list.offsets.to_numpy(zero_copy_only=False).astype(np.int64)
        offsets = offsets - offsets[0]
        flat = tags_list.flatten()
        tag_enc = pc.dictionary_encode(flat) if len(flat) else None
        tag_codes = (
            tag_enc.indices.to_numpy(zero_copy_only=False).astype(np.int32) if tag_enc is not None else np.zeros(0, np.int32)
        )
        tags = {v: i for i, v in enumerate(tag_enc.dictionary.to_pylist())} if tag_enc is not None else {}
        return cls(brand, brands, category, categories, numeric, offsets, tag_codes, tags)

    def mask(self, filters: Filters) -> np.ndarray | None:
        """Rows passing ``filters`` (None: no filter). Same semantics as the Lance predicate."""
        if filters.is_empty:
            return None
        n = len(self.brand)
        keep = np.ones(n, dtype=bool)
        if filters.brands:
            wanted = [self.brands[b.strip().lower()] for b in filters.brands if b.strip().lower() in self.brands]
            keep &= np.isin(self.brand, np.asarray(wanted, dtype=np.int32))
        if filters.categories:
            wanted = [self.categories[c.strip().lower()] for c in filters.categories if c.strip().lower() in self.categories]
            keep &= np.isin(self.category, np.asarray(wanted, dtype=np.int32))
        ranges = [("price", filters.price), *filters.numeric.items()]
        for column, rng in ranges:
            if column not in self.numeric:
                allowed = ", ".join(NUMERIC_FILTER_COLUMNS)
                raise ValueError(f"unknown numeric filter {column!r}; allowed: {allowed}")
            values = self.numeric[column]
            with np.errstate(invalid="ignore"):
                if rng.min is not None:
                    keep &= values >= float(rng.min)
                if rng.max is not None:
                    keep &= values <= float(rng.max)
        for name, value in filters.text.items():
            code = self.tags.get(f"{name.strip().lower()}={value.strip().lower()}")
            if code is None:
                return np.zeros(n, dtype=bool)
            rows_with = np.zeros(n, dtype=bool)
            positions = np.flatnonzero(self.tag_codes == code)
            rows_with[np.searchsorted(self.tag_offsets, positions, side="right") - 1] = True
            keep &= rows_with
        return keep


class FieldedBM25:
    """A saved, memory-mapped multi-field BM25 index over a snapshot of the products table."""

    def __init__(self, ids: list[str], fields: Mapping[str, object], columns: FilterColumns, version: int) -> None:
        self.ids = ids
        self.fields = dict(fields)
        self.columns = columns
        self.version = version
        self._tokenize = Tokenizer()

    # -- build / persist ------------------------------------------------------
    @staticmethod
    def build(directory: Path, table: pa.Table, version: int) -> FieldedBM25:
        """Index ``table`` (id, ``<field>_text`` and the filter columns) and save it under ``directory``.

        Written to a temporary folder, then swapped in, so a reader never sees half an index.
        """
        import bm25s

        tokenize = Tokenizer()
        tmp = building_folder(directory)
        for field in LEXICAL_FIELDS:
            texts = table[f"{field}_text"].to_pylist()
            retriever = bm25s.BM25(k1=K1, b=B)
            # "" keeps a document with no tokens in the matrix (bm25s drops empty rows' slot otherwise).
            retriever.index([tokenize(t) or [""] for t in texts], show_progress=False)
            retriever.save(str(tmp / field))
        keep = ["id", "brand_key", "category_key", "price", *NUMERIC_FILTER_COLUMNS, "attr_tags"]
        with pa.OSFile(str(tmp / "rows.arrow"), "wb") as sink, pa.ipc.new_file(sink, table.select(keep).schema) as w:
            w.write_table(table.select(keep))
        (tmp / "meta.json").write_text(json.dumps({"format": FORMAT, "version": version, "rows": table.num_rows}))
        swap_in(tmp, directory)
        return FieldedBM25.load(directory)

    @staticmethod
    def stored_version(directory: Path) -> int | None:
        return stored_version(directory, FORMAT)

    @staticmethod
    def load(directory: Path) -> FieldedBM25:
        import bm25s

        meta = json.loads((directory / "meta.json").read_text())
        with pa.memory_map(str(directory / "rows.arrow")) as source:
            rows = pa.ipc.open_file(source).read_all()
        fields = {f: bm25s.BM25.load(str(directory / f), mmap=True) for f in LEXICAL_FIELDS}
        return FieldedBM25(rows["id"].to_pylist(), fields, FilterColumns.from_arrow(rows), int(meta["version"]))

    # -- search ---------------------------------------------------------------
    def search(
        self, query: str, k: int, boosts: Mapping[str, float], filters: Filters, combine: str = "max"
    ) -> list[tuple[str, float]]:
        """The top ``k`` (id, score) with a positive score among rows passing ``filters``."""
        if combine not in COMBINE_MODES:
            raise ValueError(f"unknown combine mode {combine!r}; allowed: {', '.join(COMBINE_MODES)}")
        tokens = self._tokenize(query)
        if not tokens or k <= 0:
            return []
        total: np.ndarray | None = None
        for field, boost in boosts.items():
            if boost <= 0:
                continue
            retriever = self.fields[field]
            token_ids = retriever.get_tokens_ids(tokens)
            if not token_ids:
                continue
            scores = retriever.get_scores_from_ids(token_ids)
            if boost != 1.0:
                scores = scores * np.float32(boost)
            if total is None:
                total = scores
            elif combine == "max":
                total = np.maximum(total, scores)
            else:
                total = total + scores
        if total is None:
            return []
        mask = self.columns.mask(filters)
        if mask is not None:
            total = np.where(mask, total, 0.0)
        candidates = np.flatnonzero(total > 0)
        if len(candidates) > k:
            part = np.argpartition(-total[candidates], k - 1)[:k]
            candidates = candidates[part]
        order = candidates[np.lexsort((candidates, -total[candidates]))]
        return [(self.ids[i], float(total[i])) for i in order]

