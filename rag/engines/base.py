"""The search-engine interface every backend implements.

Kept to the fewest methods that serve: write (upsert, delete), two read legs
(lexical and vector top-k, both filtered inside the engine), what ingest needs
to be incremental (content hashes), record lookup, and health. Fusion,
reranking and personalization never know which engine answered.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Protocol, runtime_checkable

import numpy as np

from rag.records import NO_FILTERS, Filters, Hit, Product

#: The lexical fields every engine indexes (BM25 per field, boosts in settings).
LEXICAL_FIELDS = ("title", "brand", "category", "body")
#: Numeric attributes every engine stores as filter columns (``Filters.numeric``).
NUMERIC_FILTER_COLUMNS = ("memory_gb", "storage_gb", "screen_in", "weight_kg")
#: Text attributes stored as ``name=value`` tags (``Filters.text``).
TEXT_FILTER_ATTRIBUTES = ("colour",)


def filter_columns(product: Product) -> dict[str, object]:
    """The filter columns of ``product`` that every engine stores beside it: brand and
    category keys, price, the numeric attributes and the text attributes' tags."""
    attrs = product.attributes
    row: dict[str, object] = {
        "brand_key": product.brand.strip().lower(),
        "category_key": (product.category or "").strip().lower(),
        "price": product.price,
    }
    for column in NUMERIC_FILTER_COLUMNS:
        value = attrs.get(column)
        row[column] = float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    tags = []
    for name in TEXT_FILTER_ATTRIBUTES:
        value = attrs.get(name)
        if isinstance(value, str) and value.strip():
            for part in value.split(","):
                if part.strip():
                    tags.append(f"{name}={part.strip().lower()}")
    row["attr_tags"] = tags
    return row


class EngineUnavailable(RuntimeError):
    """The engine could not answer (down, timing out, 5xx): a fallback may serve instead.

    Bad input (an unknown filter name, a wrong vector size) raises
    ``ValueError`` instead and is never hidden by a fallback.
    """

    #: Per-document rejections of a bulk write (product id -> reason), when the engine names
    #: them; empty when the engine as a whole failed.
    failed: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class IndexDocument:
    """A product as an engine stores it: the record, its lexical fields and
    one vector per chunk of its embedded text."""

    product: Product
    lexical: Mapping[str, str]  # field name ("title", "brand", "category", "body") -> text
    vectors: np.ndarray  # shape (n_chunks, dim), L2-normalized float32

    def __post_init__(self) -> None:
        if self.vectors.ndim != 2 or self.vectors.shape[0] < 1:
            raise ValueError(
                f"product {self.product.id!r}: vectors must have shape (n_chunks>=1, dim), "
                f"got {self.vectors.shape}"
            )


@dataclass(frozen=True, slots=True)
class Health:
    ok: bool
    engine: str
    products: int
    detail: str = ""
    extra: Mapping[str, object] = field(default_factory=dict)


class SearchEngine(ABC):
    """A lexical + vector search backend. ``k`` is clamped, never an error."""

    name: str = "engine"

    @abstractmethod
    def upsert(self, documents: Sequence[IndexDocument]) -> None:
        """Insert or replace products (and all their chunks) by id."""

    @abstractmethod
    def delete(self, product_ids: Iterable[str]) -> int:
        """Remove products by id; returns how many existed."""

    @abstractmethod
    def lexical(self, query: str, k: int, filters: Filters = NO_FILTERS) -> list[Hit]:
        """BM25 top-k products for ``query``; empty or out-of-vocabulary gives []."""

    @abstractmethod
    def vector(self, vector: np.ndarray, k: int, filters: Filters = NO_FILTERS) -> list[Hit]:
        """Nearest products to ``vector`` (cosine), chunks deduplicated to products."""

    @abstractmethod
    def content_hashes(self) -> dict[str, str]:
        """id -> content hash of every indexed product (drives incremental ingest)."""

    @abstractmethod
    def fetch(self, product_ids: Sequence[str]) -> dict[str, Product]:
        """The stored records for ``product_ids`` (missing ids are absent)."""

    @abstractmethod
    def health(self) -> Health: ...

    def finalize(self) -> None:  # noqa: B027 - optional hook
        """Called after an ingest run changed something (e.g. to refresh indexes)."""

    def needs_finalize(self) -> bool:
        """True when :meth:`finalize` must run even though nothing changed."""
        return False

    def begin_rebuild(self) -> None:  # noqa: B027 - optional hook
        """A full rebuild starts: write into a fresh index that does not serve yet.

        The embedded engine needs nothing here (ingest gives it a fresh
        folder); a server engine starts a new index behind a staging alias.
        """

    def publish_rebuild(self) -> None:  # noqa: B027 - optional hook
        """The rebuild completed: make the fresh index the one that serves, atomically."""


# -- optional capabilities ----------------------------------------------------------
# What some engines offer beyond the interface, as small protocols: callers ask
# ``isinstance(engine, VectorExport)`` instead of probing attributes by name.


@runtime_checkable
class VectorExport(Protocol):
    """Gives stored documents back with their vectors (the embedded index): backfills
    another engine without re-embedding, and feeds the personalizer's product vectors."""

    def export_documents(self, product_ids: Sequence[str]) -> list[IndexDocument]: ...


@runtime_checkable
class WarmUp(Protocol):
    """Builds its client (or loads its model) before the first request, outside any latency budget."""

    def warm_up(self) -> None: ...


@runtime_checkable
class HybridSearch(Protocol):
    """Fuses its lexical and vector legs itself (an OpenSearch search pipeline);
    ``None`` means it cannot now, and the caller fuses the legs."""

    def hybrid(self, query: str, vector: np.ndarray, k: int, filters: Filters = NO_FILTERS) -> list[Hit] | None: ...


@runtime_checkable
class SearchPipelines(Protocol):
    """Creates (idempotently) the server-side pipeline that ``hybrid`` runs through."""

    def ensure_search_pipeline(self, weights: Sequence[float], rrf_k: float = 60.0) -> str: ...


@runtime_checkable
class FallbackPair(Protocol):
    """A primary engine served by a fallback when it fails (:class:`rag.engines.fallback.FallbackEngine`)."""

    primary: SearchEngine
    fallback: SearchEngine


@runtime_checkable
class BreakerMetrics(Protocol):
    """An engine behind a circuit breaker that reports its counters: ``stats()`` for the
    Prometheus collector, ``metrics_text()`` in the text exposition format."""

    primary: SearchEngine

    def stats(self) -> Any: ...

    def metrics_text(self, prefix: str = "shopassist_engine") -> str: ...


def vector_source(engine: SearchEngine) -> VectorExport | None:
    """The engine that can export stored vectors: ``engine`` itself, or the fallback
    behind it (the embedded index behind OpenSearch); None when neither can."""
    if isinstance(engine, VectorExport):
        return engine
    if isinstance(engine, FallbackPair) and isinstance(engine.fallback, VectorExport):
        return engine.fallback
    return None


def stored_vectors(engine: SearchEngine, product_ids: Iterable[str]) -> dict[str, np.ndarray]:
    """Each product's stored vector (its first chunk), where the engine can give it."""
    source = vector_source(engine)
    if source is None:
        return {}
    return {d.product.id: d.vectors[0] for d in source.export_documents(list(product_ids)) if len(d.vectors)}
