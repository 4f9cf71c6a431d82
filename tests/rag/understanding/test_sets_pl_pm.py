"""Rules written after dev sets PL (several changes in one message) and PM (negations, double negatives and hedges) were
read: a size the shopper will not go below is a floor, a bound said by what the shopper will not settle for or accept is no
exclusion, "can't be anything but white" asks for white, a brand welcomed is no filter, "drop Netgear" refuses it, a max taken
down to an amount is the cap, a floor said for quality after the words that say so, a size bumped to "55+"."""

from __future__ import annotations

import pytest

from rag.generation.relevance import in_name_position
from rag.understanding import QueryParser, Vocabulary

PARSER = QueryParser(Vocabulary(brands=("Seagate", "Netgear", "D-Link", "Kingston Technology", "Newstar", "Samsung", "Motorola")))


def _filters(message: str):
    return PARSER.parse(message).filters


@pytest.mark.parametrize(("message", "floor"), [
    ("Need a new monitor. It mustn't be smaller than 27 inches and I'm not paying more than 350 for it", 27.0),
    ("The bag mustn't be made for anything smaller than 15.6\", I want it black to match, and under forty", 15.6),
    ("eh any brand works tbh. bump the size to 55+ though, and I could go as high as a thousand", 55.0),
])
def test_a_size_the_shopper_will_not_go_below_is_a_floor(message: str, floor: float) -> None:
    size = _filters(message).numeric["screen_in"]
    assert (size.min, size.max) == (floor, None)


def test_a_size_bumped_with_a_plus_is_no_price_floor() -> None:
    price = _filters("bump the size to 55+ though, and I could go as high as a thousand").price
    assert (price.min, price.max) == (None, 1000.0)


@pytest.mark.parametrize(("message", "spec", "floor"), [
    ("Lenovo laptop, 14 inch screen, I'd not accept under 8GB of RAM, and it can't be over $800", "memory_gb", 8.0),
    ("I need a desktop PC and I'm not settling for less than 8GB of RAM", "memory_gb", 8.0),
    ("RAM: not a gig under 16", "memory_gb", 16.0),
    ("I'd like a Samsung tablet. 10.4 inch screen, at least 64 gigs of storage, and keep it under $550", "storage_gb", 64.0),
])
def test_a_spec_the_shopper_will_not_settle_below_is_a_floor(message: str, spec: str, floor: float) -> None:
    assert _filters(message).numeric[spec].min == floor


@pytest.mark.parametrize(("message", "colour"), [
    ("Forgot to say, they can't be anything but white", "white"),
    ("nothing that isn't black please", "black"),
])
def test_a_double_negative_asks_for_the_colour(message: str, colour: str) -> None:
    assert _filters(message).text.get("colour") == colour


def test_anything_but_a_colour_still_refuses_it() -> None:
    assert "colour" not in _filters("anything but black").text


@pytest.mark.parametrize(("message", "brands"), [
    ("I wouldn't say no to a Seagate, but the main thing is the hard drive can't be smaller than 2TB", ()),
    ("Drop Netgear. IT just told me it has to be D-Link, same $200 ceiling", ("D-Link",)),
    ("and not unless it's Kingston, I've had bad luck with other makes", ("Kingston Technology",)),
    ("Let's drop Samsung and look at motorola instead. The budget still holds", ("Motorola",)),  # (set LK)
])
def test_brands_welcomed_refused_or_required(message: str, brands: tuple[str, ...]) -> None:
    assert _filters(message).brands == brands


@pytest.mark.parametrize(("message", "low", "high"), [
    ("switch to black, any brand, and take the max down to 60", None, 60.0),
    ("Netgear switch for my home lab, under 50 but not the bargain-bin stuff, so 35 minimum", 35.0, 50.0),
    ("monitor under 300, 27 minimum", None, 300.0),
])
def test_prices_said_as_moves_and_floors(message: str, low: float | None, high: float) -> None:
    price = _filters(message).price
    assert (price.min, price.max) == (low, high)


def test_an_arm_for_the_monitor_is_a_monitor_mount() -> None:
    assert _filters("my monitor is a 24 inch. looking for a Newstar arm for it, silver, under 70").categories == ("monitor mount",)


def test_where_it_goes_is_no_name() -> None:
    assert not in_name_position("bedside", "bedside clock radio wanted. it has to be silver")
