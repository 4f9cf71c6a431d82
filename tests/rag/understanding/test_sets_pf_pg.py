"""Rules written after sets PF (symbols and shorthand) and PG (dictation) became dev sets: spoken fillers are no words of
the request, a number's sound-alike is the number, "w/o going over" is a cap, "kb" a keyboard and "lap" a laptop, a watch's
screen to the hundredth, a price said loosely is widened before a colour or a stated cap is dropped."""

from __future__ import annotations

import pytest

from rag.records import NumericRange
from rag.understanding import QueryParser, Vocabulary
from rag.understanding.parsed import Constraint
from rag.understanding.prices import read_price
from rag.understanding.widen import widened_price

PARSER = QueryParser(Vocabulary(brands=("Philips", "Logitech", "Intel", "Origin Storage", "Lenovo")))


def _filters(message: str):
    return PARSER.parse(message).filters


@pytest.mark.parametrize(("message", "cap"), [
    ('philips tv 32"+ w/o going over $500', 500.0),
    ("building a pc so first an intel cpu under to hundred", 200.0),
    ("projector under for hundred", 400.0),
    ("cant spend more than dollar sign 200 on it", 200.0),
    ("uh my limits five hundred", 500.0),
])
def test_a_dictated_or_shorthand_cap_is_read(message: str, cap: float) -> None:
    price = _filters(message).price
    assert (price.min, price.max) == (None, cap)


@pytest.mark.parametrize(("message", "spec", "floor"), [
    ("usb stick at least thirty 2 gig", "storage_gb", 32.0),
    ("desktop pc with at least um with at least ate gig ram", "memory_gb", 8.0),
    ("memory upgrade for my desktop.. ram ate gigs or more", "memory_gb", 8.0),
    ("actually colour doesnt matter but it needs one twenty ate gig storage", "storage_gb", 128.0),
    ("and five twelve storage or more", "storage_gb", 512.0),
    ('screen 1.39" min', "screen_in", 1.39),
])
def test_a_dictated_spec_is_read(message: str, spec: str, floor: float) -> None:
    assert _filters(message).numeric[spec].min == pytest.approx(floor)


@pytest.mark.parametrize("message", ["uh radio from philips for the kitchen", "um usb flash drive sixty four gig or more please"])
def test_a_spoken_filler_is_no_word_of_the_request(message: str) -> None:
    normalized = PARSER.normalize(message)
    assert " uh " not in f" {normalized} " and " um " not in f" {normalized} "


@pytest.mark.parametrize(("message", "kind"), [
    ("logitech kb <$60", "keyboard"),
    ("docking station for my lenovo lap, under $150", "docking station"),
    ("need a screen for it too, same brand, under 400", "monitor"),
    ("plus a wifi extender under 250, same brand", "network extender"),
])
def test_shorthand_kinds_are_read(message: str, kind: str) -> None:
    assert _filters(message).categories == (kind,)


def test_a_lap_that_is_one_is_no_laptop() -> None:
    assert "laptop" not in PARSER.normalize("it sits on my lap while I watch tv")


def test_make_it_and_an_ambiguous_brand_is_the_brand() -> None:
    assert _filters("make it origin storage").brands == ("Origin Storage",)


def test_a_floor_let_go_is_no_rack_floor() -> None:
    assert "floor" not in PARSER.normalize("screw the floor, anything under 1.5k")


def test_an_amount_said_loosely_alone_is_the_weakest_and_widens_both_ways() -> None:
    read = read_price("coffee machine for the office ~100ish, black")
    assert read.loose == ("min", "max") and read.confidence < 0.5
    wider = widened_price(Constraint("price", read.price, read.words, read.confidence, loose=read.loose))
    assert wider is not None and wider.value == NumericRange(40.0, 230.0)


def test_a_loose_amount_beside_a_stated_cap_widens_only_its_floor() -> None:
    read = read_price("sony radio, ~$60 or so, nothing over 100")
    assert read.price == NumericRange(48.0, 100.0) and read.loose == ("min",)
    wider = widened_price(Constraint("price", read.price, read.words, read.confidence, loose=read.loose))
    assert wider is not None and wider.value == NumericRange(24.0, 100.0)


def test_a_stated_range_is_not_widened() -> None:
    read = read_price("between 200 and 300")
    assert read.loose == () and widened_price(Constraint("price", read.price, read.words, read.confidence)) is None
