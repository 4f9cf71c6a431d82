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

import numpy as np

from rag.records import NO_FILTERS, Filters, Hit, Product


class EngineUnavailable(RuntimeError):
    """The engine could not answer (down, timing out, 5xx): a fallback may serve instead.

    Bad input (an unknown filter name, a wrong vector size) raises
    ``ValueError`` instead and is never hidden by a fallback.
    """


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
