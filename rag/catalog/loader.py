"""Load a catalog into immutable ``Product`` records plus an ingest report.

The loader only wires the units together: ``source`` reads rows,
``rows.build_product`` validates and normalizes each one, and
``report.ReportBuilder`` counts what happened. It owns the one rule that
spans rows: an id already accepted makes later rows with that id
``duplicate_id`` (the first occurrence wins, so a re-sent row cannot
silently replace a product).
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path

from rag.catalog.report import IngestExample, IngestReport, ReportBuilder, SkipReason
from rag.catalog.rows import Accepted, build_product
from rag.catalog.source import catalog_files, iter_raw_rows
from rag.records import Product

logger = logging.getLogger(__name__)

_CURRENCY = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True, slots=True)
class CatalogLoad:
    """The products of a catalog, in source order, and how loading went."""

    products: tuple[Product, ...]
    report: IngestReport


def load_catalog(path: str | Path, *, currency: str = "USD") -> CatalogLoad:
    """Read, validate and normalize every row of the catalog at ``path``.

    ``path`` is a directory of ``*.json.zip`` / ``*.json`` / ``*.jsonl`` files
    or one such file (see ``rag.catalog.source``). ``currency`` is the ISO 4217
    code the source prices are in; the source has no currency field.

    Bad rows and unreadable files never stop loading: they are skipped and
    counted in ``report``. A missing path or a bad ``currency`` raises, since
    those are configuration mistakes, not bad data.
    """
    if not isinstance(currency, str) or not _CURRENCY.fullmatch(currency):
        raise ValueError(f"currency must be a 3-letter upper-case ISO 4217 code such as 'USD', "
                         f"got {currency!r}")
    started = time.perf_counter()
    builder = ReportBuilder(source=str(path))
    builder.files = [f.name for f in catalog_files(path)]
    products: list[Product] = []
    seen_ids: set[str] = set()
    for raw in iter_raw_rows(path):
        if raw.is_file_error:
            builder.skip(SkipReason.UNREADABLE_FILE,
                         IngestExample(raw.source, 0, None, raw.error or "unreadable"))
            continue
        builder.rows_seen += 1
        if raw.error is not None:
            builder.skip(SkipReason.NOT_AN_OBJECT,
                         IngestExample(raw.source, raw.row_number, None, raw.error))
            continue
        outcome = build_product(raw.value, currency=currency)
        if not isinstance(outcome, Accepted):
            builder.skip(outcome.reason, IngestExample(raw.source, raw.row_number,
                                                       outcome.product_id, outcome.message))
            continue
        product = outcome.product
        if product.id in seen_ids:
            builder.skip(SkipReason.DUPLICATE_ID,
                         IngestExample(raw.source, raw.row_number, product.id,
                                       "id already loaded from an earlier row"))
            continue
        seen_ids.add(product.id)
        for note, message in outcome.notes:
            builder.note(note, IngestExample(raw.source, raw.row_number, product.id, message))
        builder.accept(product.category)
        products.append(product)
    report = builder.build(duration_s=time.perf_counter() - started)
    logger.info(
        "loaded %d products from %s (%d rows seen, %d skipped: %s; category coverage %.1f%%) in %.1f s",
        report.accepted, path, report.rows_seen, report.skipped_total, dict(report.skipped),
        100 * report.category_coverage, report.duration_s,
    )
    return CatalogLoad(tuple(products), report)
