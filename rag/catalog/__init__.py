"""The Icecat catalog as validated, normalized, immutable ``Product`` records.

``load_catalog(path)`` is the entry point; it returns the products and an
``IngestReport``. The units behind it can be used on their own:
``iter_raw_rows`` (reading), ``catalog_fingerprint`` (cache keys),
``derive_category`` (the category taxonomy, ``rag.catalog.taxonomy``) and
``rag.catalog.attributes`` (typed and normalized attributes).
"""

from rag.catalog.categories import derive_category
from rag.catalog.loader import CatalogLoad, load_catalog
from rag.catalog.report import IngestReport
from rag.catalog.source import RawRow, catalog_fingerprint, iter_raw_rows

__all__ = [
    "CatalogLoad",
    "IngestReport",
    "RawRow",
    "catalog_fingerprint",
    "derive_category",
    "iter_raw_rows",
    "load_catalog",
]
