"""Turn one raw catalog row into a validated, normalized ``Product`` — or a reason not to.

Each field has its own small parser so that its rule is stated once:
ids are strings (integers are coerced), text is trimmed, prices are integer
cents in the source, dates are ISO 8601. Bad data never raises here; it
comes back as a ``Rejected`` (the row is skipped) or as notes on an
``Accepted`` row (the row is kept, the bad field left out).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date, datetime

from rag.catalog.attributes import normalized_attributes, supply_colour, typed_attributes
from rag.catalog.categories import derive_category
from rag.catalog.report import Note, SkipReason
from rag.records import Product

IMAGE_FIELDS: tuple[str, ...] = ("img_500x500", "img_high", "img_low", "img_thumb")


@dataclass(frozen=True, slots=True)
class Rejected:
    """The row is skipped, for ``reason``."""

    reason: SkipReason
    message: str
    product_id: str | None = None


@dataclass(frozen=True, slots=True)
class Accepted:
    """The row became ``product``; ``notes`` say what was imperfect about it."""

    product: Product
    notes: tuple[tuple[Note, str], ...] = ()


def clean_text(value: object) -> str:
    """A string with surrounding whitespace trimmed and inner runs collapsed; "" otherwise."""
    return " ".join(value.split()) if isinstance(value, str) else ""


def parse_id(value: object) -> str | None:
    """The product id as a non-empty string (ints coerced), or ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    text = clean_text(value)
    return text or None


@dataclass(frozen=True, slots=True)
class Price:
    """A parsed price: ``value`` in currency units, ``None`` when unknown."""

    value: float | None
    malformed: str | None = None  # why the source price is unusable


def parse_price(value: object) -> Price:
    """Integer cents → currency units.

    Missing, null and 0 are "unknown" (``value=None``). Negative numbers,
    NaN/inf, booleans, lists and strings that don't parse as a number are
    malformed. Numeric strings ("4995") are read as cents, like numbers.
    """
    if value is None:
        return Price(None)
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return Price(None, f"price {value!r} is not a number")
    if isinstance(value, str):
        try:
            cents = float(value.strip())
        except ValueError:
            return Price(None, f"price {value!r} does not parse as a number")
    else:
        cents = float(value)
    if not math.isfinite(cents):
        return Price(None, f"price {value!r} is not finite")
    if cents < 0:
        return Price(None, f"price {value!r} is negative")
    if cents == 0:
        return Price(None)
    return Price(round(cents / 100, 2))


def parse_released(value: object) -> date | None:
    """The release date from an ISO 8601 string ("2009-12-10T00:00:00Z"), or ``None``."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return datetime.fromisoformat(value.strip()).date()
    except ValueError:
        return None


def image_urls(row: Mapping[str, object]) -> tuple[tuple[str, ...], list[str]]:
    """http(s) image URLs, largest first, deduplicated; plus the fields left out."""
    urls: list[str] = []
    bad: list[str] = []
    for key in IMAGE_FIELDS:
        value = row.get(key)
        if value is None or value == "":
            continue
        url = value.strip() if isinstance(value, str) else ""
        if not url.startswith(("http://", "https://")):
            bad.append(key)
        elif url not in urls:
            urls.append(url)
    return tuple(urls), bad


def _canonical(value: object) -> object:
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [_canonical(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def content_hash(product: Product) -> str:
    """sha256 (hex) of a canonical JSON of every ``Product`` field but ``content_hash``.

    Sorted keys and fixed separators make it stable across runs and
    processes; any change to the record (a price, an attribute, a derived
    category) changes it, and nothing else does.
    """
    payload = {
        f.name: _canonical(getattr(product, f.name))
        for f in fields(product)
        if f.name != "content_hash"
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def build_product(row: object, *, currency: str) -> Accepted | Rejected:
    """Validate and normalize one raw row (a parsed JSON value)."""
    if not isinstance(row, Mapping):
        return Rejected(SkipReason.NOT_AN_OBJECT, f"row is a JSON {type(row).__name__}, not an object")
    product_id = parse_id(row.get("id"))
    if product_id is None:
        return Rejected(SkipReason.MISSING_ID, f"id {row.get('id')!r} is missing or empty")
    title = clean_text(row.get("title"))
    if not title:
        return Rejected(SkipReason.MISSING_TITLE, "title is missing or blank", product_id)
    price = parse_price(row.get("price"))
    if price.malformed is not None:
        return Rejected(SkipReason.MALFORMED_PRICE, price.malformed, product_id)

    notes: list[tuple[Note, str]] = []
    if price.value is None:
        notes.append((Note.PRICE_UNKNOWN, f"price {row.get('price')!r}"))
    released = parse_released(row.get("date_released"))
    if released is None and row.get("date_released") not in (None, ""):
        notes.append((Note.BAD_DATE, f"date_released {row.get('date_released')!r}"))
    brand = clean_text(row.get("supplier"))
    if not brand:
        notes.append((Note.BRAND_UNKNOWN, "supplier is missing or blank"))
    urls, bad_urls = image_urls(row)
    if bad_urls:
        notes.append((Note.BAD_IMAGE_URL, f"left out {', '.join(bad_urls)}"))
    typed = typed_attributes(row)
    if typed.dropped:
        notes.append((Note.BAD_ATTRIBUTE, f"left out {', '.join(typed.dropped)}"))

    model_code = clean_text(row.get("name"))
    attributes = {**typed.values, **normalized_attributes(typed.values, title)}
    category = derive_category(title, typed.values, model_code=model_code, brand=brand)
    if category is None:
        notes.append((Note.NO_CATEGORY, title[:80]))
    if (ink := supply_colour(typed.values, category)) is not None:
        attributes["colour"] = ink
    description = row.get("short_description")
    product = Product(
        id=product_id,
        title=title,
        brand=brand,
        category=category,
        price=price.value,
        currency=currency,
        description=description.strip() if isinstance(description, str) else "",
        attributes=attributes,
        image_urls=urls,
        released=released,
        model_code=model_code,
    )
    return Accepted(replace(product, content_hash=content_hash(product)), tuple(notes))
