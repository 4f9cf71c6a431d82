"""The embedded engine's filters: :class:`Filters` as a Lance SQL predicate, and the
filter columns' Arrow schema (the same columns on both tables, so filters run inside
the ANN search as a prefilter)."""

from __future__ import annotations

import pyarrow as pa

from rag.engines.base import NUMERIC_FILTER_COLUMNS
from rag.records import Filters, NumericRange


def sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def filters_to_sql(filters: Filters) -> str | None:
    """Translate :class:`Filters` into a Lance SQL predicate (None: no filter)."""
    clauses: list[str] = []
    if filters.brands:
        values = ", ".join(sql_str(b.strip().lower()) for b in filters.brands)
        clauses.append(f"brand_key IN ({values})")
    if filters.categories:
        values = ", ".join(sql_str(c.strip().lower()) for c in filters.categories)
        clauses.append(f"category_key IN ({values})")
    ranges = [("price", filters.price)]
    for name, rng in filters.numeric.items():
        if name not in NUMERIC_FILTER_COLUMNS:
            allowed = ", ".join(NUMERIC_FILTER_COLUMNS)
            raise ValueError(f"unknown numeric filter {name!r}; allowed: {allowed}")
        ranges.append((name, rng))
    for column, rng in ranges:
        if rng.min is not None:
            clauses.append(f"{column} >= {float(rng.min)!r}")
        if rng.max is not None:
            clauses.append(f"{column} <= {float(rng.max)!r}")
    for name, value in filters.text.items():
        tag = f"{name.strip().lower()}={value.strip().lower()}"
        clauses.append(f"array_has_any(attr_tags, [{sql_str(tag)}])")
    return " AND ".join(clauses) if clauses else None


def filter_schema_fields() -> list[pa.Field]:
    fields = [
        pa.field("brand_key", pa.string()),
        pa.field("category_key", pa.string()),
        pa.field("price", pa.float64()),
    ]
    fields += [pa.field(c, pa.float64()) for c in NUMERIC_FILTER_COLUMNS]
    fields.append(pa.field("attr_tags", pa.list_(pa.string())))
    return fields


def numeric_ranges(filters: Filters) -> dict[str, NumericRange]:
    """The bounded ranges of ``filters`` by column (price and normalized numeric attributes)."""
    ranges = {"price": filters.price, **dict(filters.numeric)}
    return {c: r for c, r in ranges.items() if r.bounded}
