"""Immutable records that travel between the stages of the funnel.

Scorers (engines, fusion, later the reranker) work on product ids and scores;
``Product`` records are joined once, at the edge (CLI, UI, answer builder).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType


def _frozen_mapping(values: Mapping[str, object] | None) -> Mapping[str, object]:
    return MappingProxyType(dict(values or {}))


@dataclass(frozen=True, slots=True)
class Product:
    """One catalog product, validated and normalized.

    ``attributes`` holds typed values: ``float`` for numbers (normalized units,
    see ``rag.catalog.attributes``), ``str`` for text, ``bool`` for flags.
    ``price`` is ``None`` when the source has no usable price ("unknown").
    """

    id: str
    title: str
    brand: str
    category: str | None
    price: float | None
    currency: str
    description: str
    attributes: Mapping[str, object] = field(default_factory=dict)
    image_urls: tuple[str, ...] = ()
    released: date | None = None
    model_code: str = ""
    content_hash: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("Product.id must be a non-empty string")
        if not self.title:
            raise ValueError(f"Product {self.id!r} has an empty title")
        if self.price is not None and self.price < 0:
            raise ValueError(f"Product {self.id!r} has a negative price {self.price}")
        # Freeze the mapping so no stage can mutate a shared record.
        object.__setattr__(self, "attributes", _frozen_mapping(self.attributes))
        object.__setattr__(self, "image_urls", tuple(self.image_urls))

    @property
    def price_label(self) -> str:
        if self.price is None:
            return "price unknown"
        symbol = {"USD": "$", "EUR": "€", "GBP": "£"}.get(self.currency, "")
        return f"{symbol}{self.price:,.2f}" if symbol else f"{self.price:,.2f} {self.currency}"


@dataclass(frozen=True, slots=True)
class Hit:
    """One product found by one leg of one engine."""

    product_id: str
    score: float
    leg: str  # "bm25", "dense", "hyde", ...
    rank: int  # 1-based rank within its leg, after product-level dedup
    engine: str = "embedded"


@dataclass(frozen=True, slots=True)
class LegEvidence:
    """What one leg said about a fused product: its rank and raw score."""

    rank: int
    score: float


@dataclass(frozen=True, slots=True)
class FusedHit:
    """A product after fusion, keeping every leg's rank and score."""

    product_id: str
    score: float
    legs: Mapping[str, LegEvidence] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "legs", _frozen_mapping(self.legs))


@dataclass(frozen=True, slots=True)
class NumericRange:
    """Inclusive bounds on a numeric attribute; either side may be open."""

    min: float | None = None
    max: float | None = None

    def __post_init__(self) -> None:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"range min {self.min} is above max {self.max}")

    def contains(self, value: float) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)

    @property
    def bounded(self) -> bool:
        """Whether either side is set (a range with no bound filters nothing)."""
        return self.min is not None or self.max is not None


@dataclass(frozen=True, slots=True)
class Filters:
    """Constraints applied inside every retrieval leg (never after it).

    ``numeric`` keys are normalized attribute names (``memory_gb``,
    ``storage_gb``, ``screen_in``, ``weight_kg``); ``text`` keys are text
    attribute names (``colour``) matched case-insensitively.
    """

    brands: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    price: NumericRange = NumericRange()
    numeric: Mapping[str, NumericRange] = field(default_factory=dict)
    text: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "brands", tuple(self.brands))
        object.__setattr__(self, "categories", tuple(self.categories))
        object.__setattr__(self, "numeric", _frozen_mapping(self.numeric))
        object.__setattr__(self, "text", _frozen_mapping(self.text))

    @property
    def is_empty(self) -> bool:
        return (
            not self.brands
            and not self.categories
            and self.price.min is None
            and self.price.max is None
            and not self.numeric
            and not self.text
        )

    def describe(self) -> dict[str, object]:
        """A JSON-friendly summary, for traces and ``--explain``."""
        out: dict[str, object] = {}
        if self.brands:
            out["brands"] = list(self.brands)
        if self.categories:
            out["categories"] = list(self.categories)
        if self.price.bounded:
            out["price"] = [self.price.min, self.price.max]
        for name, rng in self.numeric.items():
            out[name] = [rng.min, rng.max]
        for name, value in self.text.items():
            out[name] = value
        return out


NO_FILTERS = Filters()


def filters_from_dict(data: Mapping[str, object]) -> Filters:
    """Inverse of :meth:`Filters.describe` (numeric ranges are ``[min, max]`` lists)."""
    def rng(value: object) -> NumericRange:
        lo, hi = value  # type: ignore[misc]
        return NumericRange(lo, hi)

    numeric, text = {}, {}
    for key, value in data.items():
        if key in ("brands", "categories", "price"):
            continue
        if isinstance(value, list | tuple):
            numeric[key] = rng(value)
        else:
            text[key] = str(value)
    return Filters(
        brands=tuple(data.get("brands") or ()),  # type: ignore[arg-type]
        categories=tuple(data.get("categories") or ()),  # type: ignore[arg-type]
        price=rng(data["price"]) if data.get("price") else NumericRange(),
        numeric=numeric,
        text=text,
    )


def product_to_dict(product: Product) -> dict[str, object]:
    """A JSON-ready dict of every field (inverse: :func:`product_from_dict`)."""
    return {
        "id": product.id,
        "title": product.title,
        "brand": product.brand,
        "category": product.category,
        "price": product.price,
        "currency": product.currency,
        "description": product.description,
        "attributes": dict(product.attributes),
        "image_urls": list(product.image_urls),
        "released": product.released.isoformat() if product.released else None,
        "model_code": product.model_code,
        "content_hash": product.content_hash,
    }


def product_from_dict(data: Mapping[str, object]) -> Product:
    released = data.get("released")
    return Product(
        id=str(data["id"]),
        title=str(data["title"]),
        brand=str(data.get("brand") or ""),
        category=data.get("category"),  # type: ignore[arg-type]
        price=data.get("price"),  # type: ignore[arg-type]
        currency=str(data.get("currency") or "USD"),
        description=str(data.get("description") or ""),
        attributes=data.get("attributes") or {},  # type: ignore[arg-type]
        image_urls=tuple(data.get("image_urls") or ()),  # type: ignore[arg-type]
        released=date.fromisoformat(str(released)) if released else None,
        model_code=str(data.get("model_code") or ""),
        content_hash=str(data.get("content_hash") or ""),
    )
