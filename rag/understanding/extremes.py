"""The extreme a request asks for: "what's the cheapest 27 inch you've got?", "the biggest tv under 500", "the lightest
laptop with 16GB" (set PW). A superlative is no constraint (every product in the budget is a right answer), but the shopper
expects the products that are the most so first: among the products found, those are put first, by the record's value
(products whose record does not say keep their order, after them).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

from rag.catalog.categories import main_kind
from rag.records import Product
from rag.retrieval import RetrievalResult

# (word said, the record's value it orders by, whether the most of it comes first)
_EXTREMES = (
    (r"cheapest|least\s+expensive|lowest[\s-]+priced|lowest\s+price|most\s+affordable|best\s+price", "price", False),
    (r"priciest|most\s+expensive|highest[\s-]+end|top[\s-]+of[\s-]+the[\s-]+range", "price", True),
    (r"biggest|largest|hugest|widest|biggest\s+screen|largest\s+screen", "screen_in", True),
    (r"smallest|tiniest|most\s+compact", "screen_in", False),
    (r"lightest|most\s+portable", "weight_kg", False),
    (r"most\s+(?:ram|memory)", "memory_gb", True),
    (r"most\s+storage|(?:biggest|largest)\s+(?:storage|capacity|drive|ssd|hdd)|roomiest", "storage_gb", True),
)
_SAID = [(re.compile(rf"\b(?:{words})\b", re.I), key, most) for words, key, most in _EXTREMES]


def extreme_asked(text: str) -> tuple[str, bool] | None:
    """The record value the request's superlative orders by and whether the most comes first ("cheapest": price, low first),
    or None. A superlative for storage wins over a size's ("the biggest ssd")."""
    found = [(m.start(), key, most) for pattern, key, most in _SAID for m in pattern.finditer(text)]
    if not found:
        return None
    storage = [f for f in found if f[1] == "storage_gb"]
    _, key, most = min(storage or found)
    return key, most


def extreme_first(result: RetrievalResult, text: str, fetch: Callable[[Iterable[str]], Mapping[str, Product]]) -> RetrievalResult:
    """``result`` with the products the request's superlative asks for first (``extreme_asked``); unchanged without one."""
    if (asked := extreme_asked(text)) is None or len(result.hits) < 2:
        return result
    key, most = asked
    records = fetch([h.product_id for h in result.hits])

    def value(hit) -> float | None:
        record = records.get(hit.product_id)
        if record is None:
            return None
        raw = record.price if key == "price" else record.attributes.get(key)
        return float(raw) if isinstance(raw, int | float) else None

    # (among the products of the kind found first: a cheap cable is no "cheapest speakers" where the kind only ranks)
    kind = main_kind(records[h.product_id] for h in result.hits[:5] if h.product_id in records)
    said = [h for h in result.hits if value(h) is not None and records[h.product_id].category == kind]
    rest = [h for h in result.hits if h not in said]
    return replace(result, hits=(*sorted(said, key=lambda h: -value(h) if most else value(h)), *rest))  # type: ignore[operator]


__all__ = ["extreme_asked", "extreme_first"]
