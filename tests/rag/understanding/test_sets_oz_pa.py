"""Rules written after sets OZ (shoppers who tell a story) and PA (amounts and sizes in words and slang) were read as dev:
amounts said in words ("a hundred and a half", "half a c-note", "two and a half grand", "under a ton"), the numbers of a
story that are no price (a room's feet, hours of the day, a count "of them", a yearly spend), a colour of the story, a
brand that is a place, a thing swapped in."""

from __future__ import annotations

import pytest

from rag.generation.relevance import in_name_position
from rag.understanding import QueryParser, Vocabulary
from rag.understanding.named import missing_items
from rag.understanding.spoken import spelled_numbers
from rag.understanding.typer import TypeReading
from tests.rag.understanding.fakes import FixedReader, price_bounds


@pytest.mark.parametrize(("said", "read"), [
    ("want a laptop somewhere in the thirteen to fifteen inch range", "want a laptop somewhere in the 13 to 15inch range"),
    ("half a tera at least, under a ton", "500gb at least, under 100 dollars"),
    ("a hundred and a half at most", "150 at most"),
    ("also need a cheap mouse, under fifteen", "also need a cheap mouse, under 15"),
    ("half a c-note max", "50 dollars max"),
    ("cap it at two and a half grand", "cap it at 2500"),
    ("a terabyte each at least, a hundred and ten max per drive", "1tb each at least, 110 max per drive"),
    ("a twenty-four incher", "a 24 inch"),
    ("shouldn't cost more than fifteen", "shouldn't cost more than 15"),
])
def test_amounts_and_sizes_said_in_words_and_slang(said: str, read: str) -> None:
    assert spelled_numbers(said) == read


@pytest.mark.parametrize(("message", "bounds"), [
    ("i need a thing that lifts a ton of weight", None),  # (no amount: "a ton of")
    ("and a gaming headset for the kid, fifty at least so it's not garbage", (50, None)),
    ("and let's say twenty at least, the super cheap ones break in a week", (20, None)),
    ("the super cheap ones break in a week", None),  # (a complaint, no cheap cap)
    ("it's about 18 by 22 feet and the couch ends up maybe 12 feet from the wall. samsung tv", None),
    ("The house is about 1,800 square feet, so I'd like a Rowenta vacuum", None),
    ("I've got about 200 of them saved. I'd like a Samsung tablet", None),
    ("She listens every night from 8 to 9 before lights out. mp3 player with 4gb", None),
    ("$5 a day at the cafe, which my banking app says is over a thousand a year. I want a Philips, $150 or below", (None, 150)),
    ("He also scanned about 10,000 old photos and documents, so storage matters", None),
])
def test_the_numbers_of_a_story_are_no_price(message: str, bounds) -> None:
    assert price_bounds(message) == bounds


def test_a_brand_that_is_a_journeys_start_is_no_brand() -> None:
    parser = QueryParser(Vocabulary(brands=("Denver", "D-Link", "Philips"), words=frozenset()))
    road_trip = parser.parse("We drive from Denver to my in-laws in Kansas City. I want a portable DVD player with a 7-inch screen")
    assert road_trip.filters.brands == ()
    assert parser.parse("a dvd player from denver").filters.brands == ("Denver",)
    coffee = parser.parse("I need a black coffee maker under $80. only 2 of us drink coffee")
    assert coffee.filters.brands == ()


@pytest.mark.parametrize(("message", "colour"), [
    ("My printer from 2016 has started smearing everything into gray mush. I want a white one this time since my home "
     "office is all white furniture and the old black one sticks out like a sore thumb, and I have a hard limit of $150", "white"),
    ("a white printer, the old black one sticks out", "white"),
])
def test_a_colour_of_the_story_is_not_asked(message: str, colour: str) -> None:
    assert QueryParser(Vocabulary(brands=())).parse(message).filters.text.get("colour") == colour


@pytest.mark.parametrize("message", [
    "I'm going backpacking through Southeast Asia for 3 months starting in October. I want a Thule backpack.",
    "I'd like to stay at $30 or under since he's already lost 2 pencil cases this year. casio calculator",
])
def test_a_time_or_a_loss_of_the_story_names_no_item(message: str) -> None:
    parser = QueryParser(Vocabulary(brands=("Thule", "Casio")))
    parsed = parser.parse(message)
    assert missing_items(parsed, lambda text: [], parser.normalize(message)) == ()


def test_a_thing_swapped_in_is_asked_and_the_one_the_shopper_has_is_not() -> None:
    message = ("My gaming laptop from 2019 still has a spinning hard drive and booting takes like 3 minutes, I've timed it. "
               "A YouTube video convinced me to swap in an SSD myself. I'd like at least 480 GB, and I'm capping it at $300.")
    assert QueryParser(Vocabulary(brands=())).parse(message).filters.categories == ("internal ssd",)


def test_a_line_that_goes_on_to_what_it_is_for_is_asked_outright() -> None:
    parser = QueryParser(Vocabulary(brands=()), typer=FixedReader(TypeReading("ups", 3.0)))
    assert parser.parse("and a power bank for trips. anything under one-twenty is fine").filters.categories == ("power bank",)


def test_where_someone_comes_from_is_no_name() -> None:
    query = "my dad, who's visiting from ohio for 3 weeks, wants a radio. any sony radio"
    assert not in_name_position("ohio", query)
    assert in_name_position("bose", "headphones from bose")


def test_tape_refills_are_label_tape() -> None:
    assert QueryParser(Vocabulary(brands=("DYMO",))).parse("plus some tape refills that fit it").filters.categories == ("label tape",)


@pytest.mark.parametrize(("message", "kind"), [
    ("Also one rack cabinet: APC, priced between $1,000 and $2,500", "rack"),  # (set PC: the learned reader's UPS)
])
def test_a_line_of_an_order_opening_with_a_count_in_words_is_asked_outright(message: str, kind: str) -> None:
    parser = QueryParser(Vocabulary(brands=("APC",)), typer=FixedReader(TypeReading("ups", 3.0)))
    assert parser.parse(message).filters.categories == (kind,)


def test_a_case_for_devices_said_in_the_plural_is_theirs() -> None:
    parser = QueryParser(Vocabulary(brands=()))
    assert parser.parse("a carry case for each of those laptops").filters.categories == ("notebook bag",)
    assert parser.parse("protective cases for the tablets").filters.categories == ("tablet case",)


def test_a_series_said_by_its_prefix_is_carried_where_its_models_are() -> None:
    from rag.records import Product

    printer = Product(id="1", title="Epson TM-T88IV (042): USB, PS, EDG", brand="Epson", category="printer", price=161.94,
                      currency="USD", description="")
    parser = QueryParser(Vocabulary(brands=("Epson",)))
    message = "Epson TM-series receipt printer for the shop counter, under 300"
    assert missing_items(parser.parse(message), lambda text: [printer], parser.normalize(message)) == ()
    assert missing_items(parser.parse(message), lambda text: [], parser.normalize(message)) != ()


@pytest.mark.parametrize(("said", "read"), [
    ("price between six hundred and twelve hundred", "price between 600 and 1200"),  # (no "six hundred and twelve")
    ("and keep it between seven hundred and twelve hundred dollars", "and keep it between 700 and 1200 dollars"),
])
def test_a_range_of_hundreds_in_words_keeps_both_ends(said: str, read: str) -> None:
    assert spelled_numbers(said) == read


def test_a_price_said_of_those_shown_is_a_price() -> None:
    assert price_bounds("ok anything under 20 of those?") == (None, 20)


def test_a_range_of_small_amounts_each_is_a_price_not_hours() -> None:
    assert price_bounds("usb cables, between 10 and 20 each") == (10, 20)
