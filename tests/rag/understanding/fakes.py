"""Fakes and helpers shared by the understanding tests: a type reader that always reads the same type, and the price
bounds a message states."""

from __future__ import annotations

import numpy as np

from rag.understanding import QueryParser
from rag.understanding.prices import read_price
from rag.understanding.spoken import spelled_numbers
from rag.understanding.typer import Margins, TypeReader, TypeReading

FAKE_MARGINS = Margins(0.5, 0.0, 8)


class FixedReader(TypeReader):
    """A fake: always reads the same type with the same margin."""

    def __init__(self, reading: TypeReading | None, margins: Margins = FAKE_MARGINS) -> None:
        super().__init__({"x": 0}, np.ones(1), np.zeros((2, 1)), np.zeros(2), ("a", "b"), margins)
        self._reading = reading

    def read(self, message: str) -> TypeReading | None:
        return self._reading


def price_bounds(text: str) -> tuple[float | None, float | None] | None:
    """(min, max) of the price ``text`` states, or None when it states none."""
    price = read_price(spelled_numbers(text.lower()), 20.95).price
    return None if price is None else (price.min, price.max)


def category_read(parser: QueryParser, message: str) -> str | None:
    """The product type ``parser`` reads from ``message``, or None."""
    return next((str(c.value) for c in parser.parse(message).constraints if c.kind == "category"), None)
