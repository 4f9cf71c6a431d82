"""Rules written after dev sets PU (ranges and bands) and PV (colours said as shops name them) were read: a bare band of
amounts is the price ("60 to 150 for that", "a toaster, 30-70") where no screen is said, a floor moved by what it can do
("the floor can drop to 200", "drop the bottom to 50"), "200 through 1000"; a shade is its plain colour ("graphite", "navy",
"ivory coloured", "rose gold"); and the word bounds of these tables hold ("dongle" is no "ngl", "one fifty" no "a fifty")."""

from __future__ import annotations

import pytest

from rag.understanding import QueryParser, Vocabulary
from rag.understanding.prices import read_price

PARSER = QueryParser(Vocabulary(brands=("StarTech.com", "CHERRY")))


@pytest.mark.parametrize(("message", "low", "high"), [
    ("probably gonna need a beefier power supply too. 60 to 150 for that", 60.0, 150.0),
    ("next, a motherboard. has to be ASUS, 100 to 250 for that one", 100.0, 250.0),
    ("also a headset with a mic for the calls. Black, 20 to 60", 20.0, 60.0),
    ("And a toaster while I'm at it. black one, 30-70", 30.0, 70.0),
    ("and a microSD card, same brand, 64GB or more, 10-40", 10.0, 40.0),
    ("and a mouse to match, same brand, 20-60ish is my band for that", 20.0, 60.0),
    ("widen that to 200 through 1000", 200.0, 1000.0),
    ("hmm, let the ceiling go up to 400 and drop the bottom to 50", 50.0, 400.0),
])
def test_a_band_of_amounts_is_the_price(message: str, low: float, high: float) -> None:
    price = read_price(message).price
    assert price is not None and (price.min, price.max) == (low, high)


@pytest.mark.parametrize("message", ["tv 40-50", "a 40-50 inch tv", "ram 8 to 16", "monitor 24 to 27"])
def test_a_band_beside_a_screen_or_a_spec_is_no_price(message: str) -> None:
    assert read_price(message).price is None


@pytest.mark.parametrize(("message", "floor"), [
    ("the floor can drop to 200 if that opens anything up", 200.0),
    ("the bottom can come down to $10", 10.0),
    ("you can drop the lower limit to 15", 15.0),
])
def test_a_floor_moved_is_the_floor(message: str, floor: float) -> None:
    price = read_price(message).price
    assert price is not None and (price.min, price.max) == (floor, None)


@pytest.mark.parametrize(("message", "colour"), [
    ("looking for a graphite laptop, 16gb ram minimum", "grey"),
    ("gonna need a bag to carry it around in too, in navy", "blue"),
    ("i need an ivory coloured printer for home, below $200", "white"),
    ("and headphones for the gym in rose gold, 50 at most", "pink"),
    ("a mouse in gunmetal, under $35", "grey"),
    ("a jet black mouse", "black"),
    ("my son needs a calculator for school, platinum colour, HP make", "silver"),
])
def test_a_shade_is_its_plain_colour(message: str, colour: str) -> None:
    assert PARSER.parse(message).filters.text.get("colour") == colour


@pytest.mark.parametrize("message", ["an 80 plus platinum power supply", "an ice cream maker"])
def test_a_rating_or_a_dessert_is_no_colour(message: str) -> None:
    assert "colour" not in PARSER.parse(message).filters.text


def test_the_tables_hold_their_word_bounds() -> None:
    assert "dongle" in PARSER.normalize("startech dongle hub")
    price = PARSER.parse("PSU between fifty and one fifty dollars").filters.price
    assert (price.min, price.max) == (50.0, 150.0)


@pytest.mark.parametrize("message", ["headphones for kids aged 10 to 14", "a game for ages 12-16"])
def test_a_band_of_ages_is_no_price(message: str) -> None:
    assert read_price(message).price is None
