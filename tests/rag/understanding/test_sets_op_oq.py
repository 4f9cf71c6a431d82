"""Rules written after dev sets OP (shoppers with a deadline or an occasion) and OQ (constraints said relative to a thing
the shopper names) were read: sizes and amounts said relative to one value, the maker of a product line the shopper
has, a brand swapped for another, a watch's screen, and a thing added outright that the learned type reader may not
take for another."""

from __future__ import annotations

import pytest

from rag.understanding import QueryParser, Vocabulary
from rag.understanding.lines import line_brand
from rag.understanding.sizes import screen_sizes
from rag.understanding.spoken import relative_sizes
from rag.understanding.typer import TypeReading
from tests.rag.understanding.fakes import FixedReader, price_bounds

PARSER = QueryParser(Vocabulary(brands=("APC", "Tripp Lite", "Canon", "HP", "Logitech", "DELL"), words=frozenset()))


@pytest.mark.parametrize(("text", "said"), [
    ("it needs at least double the storage of my current 64GB phone", "it needs at least 128gb phone"),
    ("each one should hold at least twice what my current 1TB disk does", "each one should hold at least 2tb"),
    ("Minimum twice the capacity of my 480GB drive", "Minimum 960gb drive"),
    ("a monitor that's 3 inches bigger than the 24\" one I use now", "a monitor that's 27 inch I use now"),
    ("no more than half of the $100 my last pair cost", "no more than $50 my last pair cost"),
    ("an HP desktop with no less RAM than my laptop has, which is 8GB", "an HP desktop with at least 8GB ram"),
    ("a TV, the same size as the 32 inch one in our bedroom", "a TV, 32 inch in our bedroom"),
    ("a sleeve made for the same screen size as my 15.6 inch laptop", "a sleeve made for the same screen size as my 15.6 inch laptop"),
])
def test_a_size_or_an_amount_said_relative_to_one_value(text: str, said: str) -> None:
    assert relative_sizes(text.lower()) == said.lower()  # (read lower-cased, as the parser reads it)


def test_a_bare_floor_after_a_size_said_is_a_size() -> None:
    filters = PARSER.parse("Our current one is 42 inches and we want at least 50 this time, $600 is our absolute limit").filters
    assert filters.numeric["screen_in"].min == 50 and filters.price.min is None and filters.price.max == 600
    assert PARSER.parse("27 inch monitor, at least 300 dollars").filters.price.min == 300


@pytest.mark.parametrize(("text", "bounds"), [
    ("Logitech mouse please, no more than my old one cost, which was $40", (None, 40.0)),
    ("can't exceed the $2000 we spent on the last one", (None, 2000.0)),
    ("I'd like a Canon camera. Don't want to spend more than my sister did on hers, she paid $400", (None, 400.0)),
])
def test_a_price_paid_before_that_the_shopper_will_not_exceed_is_a_cap(text: str, bounds) -> None:
    assert price_bounds(text) == bounds


def test_the_maker_of_a_line_the_shopper_has() -> None:
    makers = {"elitebook": ("HP", 37, 37), "galaxy": ("Samsung", 32, 32)}
    lines = {"elitebook": "notebook", "galaxy": "smartphone"}
    assert line_brand("a docking station from the same maker as my elitebook", "docking station", lines, makers)[0] == "HP"
    assert line_brand("a case for my galaxy", "mobile phone case", lines, makers) is None  # (the device a case serves)


def test_a_brand_swapped_for_another() -> None:
    assert PARSER.parse("on second thought swap APC for Tripp Lite, same price range").filters.brands == ("Tripp Lite",)
    assert set(PARSER.parse("APC or Tripp Lite, either is fine").filters.brands) == {"APC", "Tripp Lite"}


def test_a_watch_s_screen_and_not_a_drive_s_form_factor() -> None:
    assert screen_sizes("but the screen has to be at least 1.3 inches")[0][0].value.min == 1.3  # type: ignore[union-attr]
    assert screen_sizes("a 2.5 inch ssd for the laptop")[0] == []


def test_a_thing_added_outright_is_the_rules_kind() -> None:
    message = "if I get the job I'll be doing client pitches every week, so I'll want a presenter clicker too - Logitech"
    assert FixedReader(TypeReading("mouse", 3.0)).checked(message, "presenter") == "presenter"


# Sets OR (trade-offs and conditions) and OS (buying for someone else), dev this session


@pytest.mark.parametrize(("text", "bounds"), [
    ("and a power supply to run it. id pay a bit more for a decent one but 120 is where I stop", (None, 120.0)),
    ("canon lens please. I'd settle for a cheaper one before I'd stretch past 500", (None, 500.0)),
    ("and he doesn't want anything under $200 either - says cheap glass isn't worth it", (200.0, None)),
    ("I would have capped it at $1,000 myself, but he says he can go up to $1,500 and it's his graduation money, so $1,500 it is",
     (None, 1500.0)),
])
def test_prices_of_trade_offs_and_of_someone_else(text: str, bounds) -> None:
    assert price_bounds(text) == bounds


@pytest.mark.parametrize(("text", "colour"), [
    ("and make it black, I don't want the pink or silver ones", "black"),
    ("I'd lean towards a red one myself but it's her kitchen and she wants black, so black.", "black"),
])
def test_the_colour_settled_on(text: str, colour: str) -> None:
    assert PARSER.parse(text).filters.text.get("colour") == colour


@pytest.mark.parametrize(("text", "brands"), [
    ("I'm grabbing a desktop computer for my brother's home office while I'm in town", ()),
    ("a Brother printer for my sister's flat", ("Brother",)),
    ("new wifi router... I was going back and forth between Netgear and TP-Link but let's just settle on TP-Link", ("TP-LINK",)),
])
def test_brands_settled_on_and_a_person_s(text: str, brands) -> None:
    sells = {"Brother": ("desktop pc", "printer"), "Netgear": ("router",), "TP-LINK": ("router",)}  # (Brother is ambiguous: it must sell the kind)
    parser = QueryParser(Vocabulary(brands=("Brother", "Netgear", "TP-LINK"), brand_categories=sells, words=frozenset()))
    assert parser.parse(text).filters.brands == brands


def test_a_laptop_carried_about_is_the_laptop_asked_for() -> None:
    text = "Bar exam prep starts next month and I'll be lugging a laptop to the library every day. Lenovo, between 13 and 14 inches"
    parser = QueryParser(Vocabulary(brands=("Lenovo",), words=frozenset()))
    assert parser.parse(text).filters.categories == ("notebook",)
    assert parser.parse("i cycle to work and need something to carry my laptop in").filters.categories == ("notebook bag",)
