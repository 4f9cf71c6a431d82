"""Graded relevance judgments (qrels) for offline ranking evaluation.

The file format is a CSV with a header. Required columns are ``query`` and
``docid`` plus one rating column: ``rating``, or ``final_rating`` when there is
no ``rating`` column (the raters file ``judgments_dev_individual.csv`` has
``query,docid,name,description,agent_1_rating,…,final_rating``). Other columns
are ignored. Ratings are integers on the 0..3 scale:

    0 irrelevant · 1 marginal · 2 partly relevant · 3 relevant

Loading validates at the edge: a bad file raises ``JudgmentsError`` (a
``ValueError``) naming the file, the line and the bad value. Whitespace is
stripped from headers and fields; docids stay strings (``"007"`` is not ``7``).
Two kinds of tolerated mess are counted rather than raised, so a report can
show them: duplicate (query, docid) pairs (the last rating wins) and rows with
a blank query (skipped).

Several files stack: ``merge_judgments`` lays later files over earlier ones
(a later file adds pairs and overrides a pair's rating), and
``judgment_views`` gives the cumulative views (the first file, the first two,
…) so a report can show a figure on the original pool next to the same figure
on the completed one; added judgments are never mixed in silently.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from types import MappingProxyType

MIN_RATING = 0
MAX_RATING = 3

#: Rating columns in order of preference.
RATING_COLUMNS = ("rating", "final_rating")

_EMPTY: Mapping[str, int] = MappingProxyType({})
_INTEGER = re.compile(r"[0-9]+")


class JudgmentsError(ValueError):
    """A judgments file that cannot be used as it is."""


@dataclass(frozen=True)
class Judgments:
    """Read-only graded judgments for a set of queries.

    ``queries`` lists each judged query once, in first-seen order.
    ``by_query`` maps query → {docid: rating}; both levels are read-only.
    ``duplicates`` counts (query, docid) rows that repeated an earlier pair
    (the last one won); ``skipped_blank`` counts rows skipped for a blank query.
    """

    queries: tuple[str, ...]
    by_query: Mapping[str, Mapping[str, int]]
    duplicates: int = 0
    skipped_blank: int = 0
    source: str = ""
    #: (query, docid) pairs a later file re-rated (``merge_judgments``).
    overridden: int = 0

    def __post_init__(self) -> None:
        frozen = MappingProxyType(
            {query: MappingProxyType(dict(ratings)) for query, ratings in self.by_query.items()}
        )
        queries = tuple(self.queries)
        if set(queries) != set(frozen) or len(set(queries)) != len(queries):
            raise ValueError("Judgments.queries must list each query of by_query exactly once")
        object.__setattr__(self, "queries", queries)
        object.__setattr__(self, "by_query", frozen)

    @classmethod
    def from_mapping(cls, by_query: Mapping[str, Mapping[str, int]]) -> Judgments:
        """Build from an in-memory mapping (query order = the mapping's order)."""
        return cls(queries=tuple(by_query), by_query=by_query)

    def get(self, query: str) -> Mapping[str, int]:
        """Ratings for ``query``; an empty mapping when it was not judged."""
        return self.by_query.get(query, _EMPTY)

    def __getitem__(self, query: str) -> Mapping[str, int]:
        return self.by_query[query]

    def __contains__(self, query: object) -> bool:
        return query in self.by_query

    def __iter__(self) -> Iterator[str]:
        return iter(self.queries)

    def __len__(self) -> int:
        return len(self.queries)

    @property
    def label(self) -> str:
        """``source`` with file names only (``a.csv + b.csv``): for reports that get committed."""
        return " + ".join(Path(part).name for part in self.source.split(" + ")) if self.source else ""

    @property
    def num_judgments(self) -> int:
        """Distinct (query, docid) pairs."""
        return sum(len(ratings) for ratings in self.by_query.values())


def merge_judgments(layers: Iterable[Judgments]) -> Judgments:
    """Later layers over earlier ones: new pairs are added, a re-rated pair takes
    the later rating (counted in ``overridden`` when it differs). Queries keep first-seen order;
    ``source`` joins the layers' sources with `` + ``."""
    layers = tuple(layers)
    if not layers:
        raise ValueError("merge_judgments needs at least one Judgments")
    by_query: dict[str, dict[str, int]] = {}
    overridden = sum(layer.overridden for layer in layers)
    for layer in layers:
        for query in layer.queries:
            ratings = by_query.setdefault(query, {})
            for docid, rating in layer.by_query[query].items():
                if docid in ratings and ratings[docid] != rating:
                    overridden += 1
                ratings[docid] = rating
    return Judgments(
        queries=tuple(by_query),
        by_query=by_query,
        duplicates=sum(layer.duplicates for layer in layers),
        skipped_blank=sum(layer.skipped_blank for layer in layers),
        source=" + ".join(layer.source or "<memory>" for layer in layers),
        overridden=overridden,
    )


def judgment_views(layers: Iterable[Judgments]) -> tuple[Judgments, ...]:
    """The cumulative views of stacked files: [first, first+second, …]."""
    layers = tuple(layers)
    return tuple(merge_judgments(layers[: n + 1]) for n in range(len(layers)))


def load_judgments_stack(paths: Iterable[str | PathLike[str]]) -> tuple[Judgments, ...]:
    """Load several judgment files (each validated as ``load_judgments`` does),
    in order; pass the result to ``merge_judgments`` or ``judgment_views``."""
    loaded = tuple(load_judgments(path) for path in paths)
    if not loaded:
        raise ValueError("no judgments file given")
    return loaded


def load_judgments(path: str | PathLike[str]) -> Judgments:
    """Load a judgments CSV (see the module docstring for the format).

    Raises ``FileNotFoundError`` for a missing file and ``JudgmentsError`` for
    a missing column, a row with the wrong number of fields, a blank docid or
    a rating that is not an integer in 0..3.
    """
    path = Path(path)
    # utf-8-sig: spreadsheet exports often start with a BOM that would
    # otherwise glue itself to the first column name.
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return _parse(path, _numbered_rows(handle))


def _numbered_rows(handle: Iterable[str]) -> Iterator[tuple[int, list[str]]]:
    """Yield (first physical line of the record, fields); quoted fields may span lines."""
    reader = csv.reader(handle)
    start = 1
    for row in reader:
        yield start, row
        start = reader.line_num + 1


def _parse(path: Path, rows: Iterator[tuple[int, list[str]]]) -> Judgments:
    where = str(path)
    try:
        header_line, header = next(rows)
    except StopIteration:
        raise JudgmentsError(
            f"{where}: empty file; expected a header 'query,docid,rating'"
        ) from None
    columns = [name.strip().lower() for name in header]
    rating_column = next((name for name in RATING_COLUMNS if name in columns), None)
    missing = [name for name in ("query", "docid") if name not in columns]
    if rating_column is None:
        missing.append(" or ".join(RATING_COLUMNS))
    if missing:
        raise JudgmentsError(
            f"{where}, line {header_line}: missing column(s) {', '.join(missing)}; "
            f"found {', '.join(repr(c) for c in columns) or 'none'}"
        )
    i_query = columns.index("query")
    i_docid = columns.index("docid")
    i_rating = columns.index(rating_column)

    by_query: dict[str, dict[str, int]] = {}
    duplicates = 0
    skipped_blank = 0
    for line, row in rows:
        if len(row) <= i_query or not row[i_query].strip():
            # A blank query (or an entirely blank line) cannot be evaluated.
            skipped_blank += 1
            continue
        if len(row) != len(columns):
            raise JudgmentsError(
                f"{where}, line {line}: expected {len(columns)} fields "
                f"({','.join(columns)}), got {len(row)}: {row!r}"
            )
        query = row[i_query].strip()
        docid = row[i_docid].strip()
        if not docid:
            raise JudgmentsError(f"{where}, line {line}: blank docid for query {query!r}")
        rating = _parse_rating(row[i_rating], where=f"{where}, line {line}", column=rating_column)
        ratings = by_query.setdefault(query, {})
        if docid in ratings:
            duplicates += 1
        ratings[docid] = rating

    return Judgments(
        queries=tuple(by_query),
        by_query=by_query,
        duplicates=duplicates,
        skipped_blank=skipped_blank,
        source=where,
    )


def _parse_rating(raw: str, *, where: str, column: str) -> int:
    text = raw.strip()
    # Only plain integer literals: "2.5" or "2.0" mean the file is not what we think.
    if _INTEGER.fullmatch(text):
        value = int(text)
        if MIN_RATING <= value <= MAX_RATING:
            return value
    raise JudgmentsError(
        f"{where}: {column} {raw!r} is not an integer in {MIN_RATING}..{MAX_RATING}"
    )
