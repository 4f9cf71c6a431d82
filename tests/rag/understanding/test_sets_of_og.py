"""Rules written after sets OF and OG were read (dev now): things named loosely (OF) and said by non-native and older
shoppers (OG): prices, sizes, loose names, needs and the words that name no item."""

from __future__ import annotations

import pytest

from rag.understanding import QueryParser, Vocabulary
from rag.understanding.english import LOOSE_WORDS
from rag.understanding.features import read_features
from rag.understanding.named import named_items
from tests.rag.understanding.fakes import category_read, price_bounds

PARSER = QueryParser(Vocabulary(brands=("HP", "Lenovo", "Kensington", "Philips", "Samsung", "APC"), words=frozenset()))



@pytest.mark.parametrize(("text", "bounds"), [
    ("Because electricity goes out often here, also a UPS for it, APC brand, not passing 200.", (None, 200.0)),
    ("For the same phone I want the earphones from Samsung, my limit for them is 170.", (None, 170.0)),
    ("I want a monitor please, price not lower than 100 and not higher than 250 USD", (100.0, 250.0)),
    ("And a scanner also for the old family photos, from 80 dollar, not cheaper, up to 300.", (80.0, 300.0)),
    ("24 to 27 is fine too, budget the same", None),  # the budget held: no "budget" (cheap) cap
])
def test_prices_as_sets_of_and_og_said_them(text: str, bounds) -> None:
    assert price_bounds(text) == bounds


def test_a_price_refused_is_no_exclusion_of_what_follows_it() -> None:
    """"It must not cost more than one thousand dollars and should have 16 GB of memory" set memory modules aside, and the
    price and the memory with them."""
    said = {c.kind: c.value for c in PARSER.parse(
        "Please I am searching a laptop for my son. It must not cost more than one thousand dollars and should have 16 GB "
        "of memory at least, his professor told him so.").constraints}
    assert said["category"] == "notebook" and said["price"].max == 1000 and said["memory_gb"].min == 16


def test_half_a_terabyte_said_without_the_a() -> None:
    said = {c.kind: c.value for c in PARSER.parse("Please I need internal SSD with minimum half terabyte").constraints}
    assert said["storage_gb"].min == 500


@pytest.mark.parametrize(("message", "kind"), [
    ("and a disc player to go under it, philips, less than 60", "dvd player"),
    ("she'll also need one of those screen filters so nobody can read over her shoulder", "privacy filter"),
    ("and a lock cable so it doesn't walk off in the library, kensington, fifty or less", "security lock"),
    ("plus a couple of leads to hook the monitors up over hdmi, 15 each at most", "hdmi cable"),
    ("a lenovo box for under the desk, 8 gigs at least, below 800", "desktop pc"),
    ("She wants also to watch her old films on it, so a dvd player to go with the tv", "dvd player"),  # no photo film
    ("I need a thing so my laptop can drive two screens at work. an HP one, below $150", "docking station"),
    ("and something to stop the screen cracking when i inevitably drop it", "screen protector"),
    ("and one of those little cards to save the pics on, 64GB or more", "memory card"),
    ("plus drives to fill it, at least 2TB each", "internal hard drive"),
    ("My back hurts, so also a stand to put the laptop higher, cheaper than thirty dollar please.", "notebook stand"),
    ("and a big screen to throw the picture onto, 100 inches or more", "projection screen"),
    ("so he needs also a case to protect this tablet, a black one", "tablet case"),
    ("a cover for this phone", "mobile phone case"),
    # a bag that takes a laptop's screen is a laptop's bag; a small one may be a tablet's
    ('now something to lug it round campus in - has to take a 15.6" screen, not over fifty bucks for a bag', "notebook bag"),
])
def test_things_named_loosely(message: str, kind: str) -> None:
    assert category_read(PARSER, message) == kind


def test_a_box_of_paper_and_a_small_bag_stay_what_they_are() -> None:
    assert category_read(PARSER, "a box of hp paper") != "desktop pc"
    assert category_read(PARSER, 'a bag for a 9" tablet') != "notebook bag"


def test_transparent_said_alone_is_a_look() -> None:
    assert [c.value for c in read_features("a cover for the phone, transparent one please") if c.kind == "colour"] == ["transparent"]
    assert not [c for c in read_features("clear skies, a black phone") if c.value == "transparent"]


@pytest.mark.parametrize("message", [
    "looking for one of those clicky keyboards, has to be a Cherry",
    "i'll also need a beefier power supply to feed it",
    "an mp3 thingy for my nan, philips",
])
def test_loose_and_courteous_words_name_no_item(message: str) -> None:
    assert not [w for item in named_items(PARSER.parse(message)) for w in item.words if w in LOOSE_WORDS]
