"""Rules written after dev sets PN (requests written like a form) and PO (accessibility and comfort needs) were read: a
form's fields said as words ("Max price: 40", "price cap - 250", "cap=$50", "max_usd=80", "min: 200 usd", "colour:
doesn't matter", "brand: same as the router"), its arrows as commas, "skip the bargain-bin stuff" no bin."""

from __future__ import annotations

import pytest

from rag.understanding import QueryParser, Vocabulary
from rag.understanding.spelling import as_said

PARSER = QueryParser(Vocabulary(brands=("CHERRY", "Matrox", "ASUS")))


@pytest.mark.parametrize(("message", "low", "high"), [
    ("Max price: 40", None, 40.0),
    ("max price: 300", None, 300.0),
    ("update: price cap - 250. colour - black only", None, 250.0),
    ("next item -> keyboard; brand=same as the mouse; max_usd=80", None, 80.0),
    ("min: 200 usd too, skip the bargain-bin stuff", 200.0, None),
    ("the max price is 90", None, 90.0),
])
def test_a_form_field_of_price_is_read(message: str, low: float | None, high: float | None) -> None:
    price = PARSER.parse(message).filters.price
    assert (price.min, price.max) == (low, high)


def test_a_bargain_bin_is_no_kind() -> None:
    assert PARSER.parse("min: 200 usd too, skip the bargain-bin stuff").filters.categories == ()


@pytest.mark.parametrize(("message", "said"), [
    ("next: network switch — brand: same as the router — limit: 80", "next: network switch — same brand as the router — limit 80"),
    ("colour: doesn't matter anymore. brand + price unchanged", "colour doesn't matter anymore. brand + price unchanged"),
    ("=> RAM 8GB min", "RAM 8GB min"),
    ("laptop => 13 to 14 inch screen => max $1000", "laptop, 13 to 14 inch screen max $1000"),
    ("a 15.6 inch laptop - under 700", "a 15.6 inch laptop - under 700"),
    ("next item: 18 mice, any brand, not over $30 per unit", "next item: 18 mice, any brand, not over $30 per unit"),  # (no named "item")
])
def test_a_form_is_said_as_words(message: str, said: str) -> None:
    assert as_said(message) == said


def test_a_smartwatch_face_size_is_read() -> None:
    size = PARSER.parse("smartwatch for my mum with a bigger face, 1.35 inches or more so she can actually read it").filters.numeric
    assert size["screen_in"].min == 1.35


def test_in_that_case_is_no_case() -> None:
    assert PARSER.parse("in that case can we bring it down to 50 or less").filters.categories == ()


def test_what_a_thing_is_like_to_use_is_no_name() -> None:
    from rag.generation.relevance import in_name_position

    assert not in_name_position("loud", "cordless phone for my aunt who's partially deaf, she needs a loud handset.")
