"""The parse of one message: the constraints it states and the filters they make.

Records only (no parsing here): ``rag.understanding.constraints`` reads them from a message.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rag.records import Filters, NumericRange


@dataclass(frozen=True, slots=True)
class Constraint:
    """One thing the shopper asked for, and how sure the parser is of it."""

    kind: str  # "price", "brand", "category", "memory_gb", "storage_gb", "screen_in", "weight_kg", "colour", "connectivity",
    # "served_brand" (the maker of the device an accessory serves: "case for my samsung"; no filter)
    value: object
    text: str  # the words that said it
    confidence: float
    need: bool = False  # a product type read from a need in words ("my wifi doesn't reach"): it filters
    # a price's sides said loosely ("around 100": both; "~$60 or so, nothing over 100": its floor): widened before dropped
    loose: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    raw: str
    text: str  # what goes to the retrieval legs
    constraints: tuple[Constraint, ...] = ()
    notes: tuple[str, ...] = ()
    filters: Filters = field(default_factory=Filters)
    gift_hint: str | None = None  # a gift's hint of what the person enjoys (rag.understanding.gifts)
    set_aside: tuple[str, ...] = ()  # kinds the shopper set aside ("not a tablet"): never searched for (notes say so too)
    focus: str | None = None  # the words a long message asks with, its story set aside (rag.understanding.focus), else None

    def without(self, constraint: Constraint) -> ParsedQuery:
        kept = tuple(c for c in self.constraints if c is not constraint)
        return ParsedQuery(self.raw, self.text, kept, self.notes, filters_from(kept), self.gift_hint, self.set_aside, self.focus)

    def describe(self) -> dict[str, object]:
        return {
            "raw": self.raw,
            "text": self.text,
            "filters": self.filters.describe(),
            "constraints": [
                {
                    "kind": c.kind,
                    "value": [c.value.min, c.value.max] if isinstance(c.value, NumericRange) else c.value,
                    "text": c.text,
                    "confidence": c.confidence,
                }
                for c in self.constraints
            ],
            "notes": list(self.notes),
        }


def filters_from(constraints: tuple[Constraint, ...]) -> Filters:
    brands: list[str] = []
    categories: list[str] = []
    price = NumericRange()
    numeric: dict[str, NumericRange] = {}
    text: dict[str, str] = {}
    for c in constraints:
        if c.kind in ("connectivity", "served_brand"):
            continue  # no index column: applied after retrieval (``relax``); the maker of the device an accessory serves
        if c.kind == "colour":
            text["colour"] = str(c.value)
        elif c.kind == "brand":
            brands.append(str(c.value))
        elif c.kind == "category":
            categories.append(str(c.value))
        elif c.kind == "price":
            price = c.value  # type: ignore[assignment]
        elif (held := numeric.get(c.kind)) is not None and _joins(held, c.value):  # type: ignore[arg-type]
            # a floor and a cap said apart are one range: "Nothing below 32 inches, but nothing above 43 either" (set OW)
            numeric[c.kind] = NumericRange(held.min if held.min is not None else c.value.min,  # type: ignore[union-attr]
                                           held.max if held.max is not None else c.value.max)  # type: ignore[union-attr]
        else:
            numeric[c.kind] = c.value  # type: ignore[assignment]
    return Filters(brands=tuple(dict.fromkeys(brands)), categories=tuple(categories), price=price, numeric=numeric, text=text)


def _joins(held: NumericRange, said: NumericRange) -> bool:
    """Whether ``held`` and ``said`` are a floor and a cap, the floor below the cap."""
    floor, cap = (held, said) if held.max is None else (said, held)
    return floor.max is None and cap.min is None and floor.min is not None and cap.max is not None and floor.min <= cap.max
