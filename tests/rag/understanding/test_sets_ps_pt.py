"""Rules written after dev sets PS (going back to a product asked about earlier) and PT (misspelled brands, products and
lines) were read: a type said in the plural and a maker's line one edit away, "phillips", "arm mounts", a refused floor
("i'd rather not go below $100"), a size said instead of another, "same 300 budget", a word of chat before the type, a thing
"to plug into the tv", plain words before a type that name no item, and the shopper's own shop that is no shop elsewhere."""

from __future__ import annotations

import pytest

from rag.understanding import QueryParser, Vocabulary
from rag.understanding.named import named_items
from rag.understanding.prices import read_price

PARSER = QueryParser(Vocabulary(brands=("Lenovo", "NEC", "Philips", "Epson", "MSI"), line_kinds={"thinkpad": "notebook"}))


def _filters(message: str):
    return PARSER.parse(message).filters


@pytest.mark.parametrize(("message", "kind"), [
    ("do you carry NEC projecters? need one for a classroom", "projector"),
    ("do u have any thinkpadd laptops for under 1500?", "notebook"),
    ("awesome. now a mouse in the same colour so the desk matches, any brand grey", "mouse"),
    ("nice. and a basic philps dvd player to plug into the tv, fifty dollars tops", "dvd player"),
    ("great. i also want to get it off the desk with one of those arm mounts, any brand as long as its black", "monitor mount"),
])
def test_a_misspelled_or_chatty_request_reads_its_type(message: str, kind: str) -> None:
    assert _filters(message).categories == (kind,)


def test_a_maker_line_misspelled_is_the_line() -> None:
    assert PARSER.normalize("thinkpadd laptops") == "thinkpad laptops"
    assert PARSER.normalize("the dell precision") == "the dell precision"  # (a word of the language is no line's typo)


def test_phillips_is_the_brand() -> None:
    assert _filters("can you just show phillips ones").brands == ("Philips",)


@pytest.mark.parametrize("message", [
    "i'd rather not go below $100 either, need something decent",
    "don't want to go below 100",
    "not going below 100",
])
def test_a_bound_the_shopper_will_not_go_below_is_a_floor(message: str) -> None:
    price = read_price(message).price
    assert price is not None and (price.min, price.max) == (100.0, None)


@pytest.mark.parametrize(("message", "spec", "low"), [
    ("that msi laptop, could I see 15.6 instead of 17.3?", "screen_in", 15.5),
    ("if I stretch to 1200 could I get 16 gigs of ram instead of 8? still lenovo", "memory_gb", 16.0),
])
def test_a_size_said_instead_of_another_is_the_one_said(message: str, spec: str, low: float) -> None:
    numeric = _filters(message).numeric
    assert numeric[spec].min >= low and len([k for k in numeric if k == spec]) == 1


def test_same_amount_budget_is_the_cap() -> None:
    assert _filters("could we do 42 inch instead? same 300 budget").price.max == 300.0


def test_the_shoppers_own_shop_is_no_shop_elsewhere() -> None:
    assert _filters("need an epson receipt printer for the register at my shop, 300 bucks max").brands == ("Epson",)


def test_plain_words_before_a_type_name_no_item() -> None:
    parsed = PARSER.parse("plus a regular spinning hard drive for backups, 2 TB or more")
    assert not [item for item in named_items(parsed) if "regular" in item.words or "spinning" in item.words]
