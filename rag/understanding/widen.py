"""A price said loosely, widened before the search lets it go.

"cheap" names no amount: its cap (the 25th percentile of the asked type's prices) doubles before it is dropped ("cheep moniter
around 24 inch": the 25th percentile of monitors holds no 24-inch one). An amount said loosely ("coffee machine ~100ish,
black", "sony radio, ~$60 or so, nothing over 100", set PF) widens its loose sides, halved below and doubled above, before a
colour or a stated cap is dropped. The trace shows the price used.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

from rag.records import NumericRange, Product
from rag.retrieval import RetrievalResult
from rag.understanding.parsed import Constraint

WIDENINGS = 3  # "cheap" up to 8 times its cap (the 25th percentile of the type's prices), a loose band 8 times wider, before either is dropped


def widened_price(constraint: Constraint) -> Constraint | None:
    """A soft "cheap" cap (no amount said) doubled, the sides of a price said loosely ("around 100", "~$60 or so,
    nothing over 100") halved or doubled; None for any other constraint."""
    price = constraint.value
    if constraint.kind != "price" or not isinstance(price, NumericRange):
        return None
    if constraint.loose:
        low = round(price.min / 2, 2) if "min" in constraint.loose and price.min is not None else price.min
        high = round(price.max * 2, 2) if "max" in constraint.loose and price.max is not None else price.max
        return replace(constraint, value=NumericRange(low, high))
    if constraint.confidence >= 0.5 or price.max is None:
        return None
    return Constraint("price", NumericRange(price.min, round(price.max * 2, 2)), constraint.text, constraint.confidence)


def near_price_first(result: RetrievalResult, said: Constraint | None,
                     fetch: Callable[[Iterable[str]], Mapping[str, Product]]) -> RetrievalResult:
    """After a price said loosely was widened (``said``: the price as said, before widening): the products in the band
    said first, in their order, then the others nearest the amount ("coffee machine ~100ish, black" widened to $40-230
    shows a $119.95 one before a $161.94 one). ``fetch``: the records by id."""
    if said is None or not result.hits or not isinstance(band := said.value, NumericRange) or not band.bounded:
        return result
    ends = [v for v in (band.min, band.max) if v is not None]
    amount = sum(ends) / len(ends)
    records = fetch([h.product_id for h in result.hits])

    def key(hit) -> tuple[int, float]:
        price = records[hit.product_id].price if hit.product_id in records else None
        if price is None:
            return (2, 0.0)
        return (0, 0.0) if band.contains(price) else (1, abs(price - amount))

    return replace(result, hits=tuple(sorted(result.hits, key=key)))  # a stable sort


__all__ = ["WIDENINGS", "near_price_first", "widened_price"]
