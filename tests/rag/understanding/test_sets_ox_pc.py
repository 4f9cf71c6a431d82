"""Rules written after dev sets OX (enthusiasts' jargon), PB (shoppers who react to what was shown) and PC (formal
purchasers) were read: a product line named alone names its device, a count before things in the plural names no item,
an amount the shopper "could do" for the right one is a cap."""

from __future__ import annotations

import pytest

from rag.understanding import QueryParser, Vocabulary
from rag.understanding.named import missing_items, named_items
from rag.understanding.typer import TypeReading
from tests.rag.understanding.fakes import FixedReader, price_bounds

_LINES = QueryParser(Vocabulary(brands=("HP", "DELL"), words=frozenset(),
                                line_kinds={"laserjet": "printer", "poweredge": "server", "optiplex": "desktop pc"}),
                     typer=FixedReader(TypeReading("toner cartridge", 3.0)))


@pytest.mark.parametrize(("message", "kind"), [
    ("HP LaserJet, something in the $100-300 range", "printer"),  # (set OX: the learned reader's toner)
    ("1U or tower PowerEdge, Dell, 16GB RAM at least, under 3k", "server"),  # (a weak word's desktop)
    ("toner for my hp laserjet", "toner cartridge"),  # (a type said, and what it serves)
    ("dell optiplex tower", "desktop pc"),
])
def test_a_product_line_named_alone_names_its_device(message: str, kind: str) -> None:
    assert _LINES.parse(message).filters.categories == (kind,)


@pytest.mark.parametrize("message", [
    "Good afternoon. We are procuring 15 laptops for our finance team. HP only please.",
    "We require 10 network switches for our branch offices. Netgear only please",
    "Please quote 200 mice for the exam halls at not more than $12 each.",
    "I'm finally digitising 40 years of family photos. Looking for an HP scanner",
])
def test_a_count_before_things_in_the_plural_is_no_item_the_catalog_lacks(message: str) -> None:
    parser = QueryParser(Vocabulary(brands=("HP", "Netgear")))
    parsed = parser.parse(message)
    assert missing_items(parsed, lambda text: [], parser.normalize(message)) == ()


def test_a_models_number_before_things_in_the_plural_stays_in_its_name() -> None:
    parser = QueryParser(Vocabulary(brands=()))
    assert [i.text for i in named_items(parser.parse("iphone 15 plus cases"), "iphone 15 plus cases")] == ["iphone 15 plus"]


def test_an_amount_the_shopper_could_do_for_the_right_one_is_a_cap() -> None:
    assert price_bounds("eh, not married to Samsung tbh. and i could do 1300 for the right panel") == (None, 1300)


def test_a_count_after_any_word_of_the_language_before_a_kind_is_no_item() -> None:
    parser = QueryParser(Vocabulary(brands=()))
    message = "The engineering department requests 5 graphics cards for CAD workstations"
    assert missing_items(parser.parse(message), lambda text: [], parser.normalize(message)) == ()


def test_a_colour_said_instead_of_another_is_the_one_asked() -> None:
    parser = QueryParser(Vocabulary(brands=()))
    assert parser.parse("Amendment - black is now acceptable instead of grey. Same ceiling.").filters.text["colour"] == "black"
    assert parser.parse("white rather than black please").filters.text["colour"] == "white"


@pytest.mark.parametrize(("message", "kind"), [
    ("Looking for a LaserJet for a small office, 300 is my absolute max", "printer"),  # (set PE: a line after "a")
    ("next on my list is a Color LaserJet, keep that one under 500", "printer"),
])
def test_a_product_line_after_a_names_its_device(message: str, kind: str) -> None:
    assert _LINES.parse(message).filters.categories == (kind,)


@pytest.mark.parametrize(("message", "price"), [
    ("Cheers! forget the budget, I'll pay whatever it costs. Still HyperX", None),  # (the budget is no "budget" one)
    ("Under $450 please, Santa's on a budget this year", (None, 450)),
])
def test_the_budget_named_is_no_cheap_one(message: str, price: tuple[float | None, float | None] | None) -> None:
    assert price_bounds(message) == price


def test_this_year_is_no_warranty() -> None:
    parser = QueryParser(Vocabulary(brands=()))
    assert parser.parse("Under $450 please, Santa's on a budget this year").filters.categories == ()
    assert parser.parse("3 year warranty for my laptop").filters.categories == ("warranty",)


def test_a_device_word_said_beside_a_line_stands() -> None:
    parser = QueryParser(Vocabulary(brands=("HP",), words=frozenset(), line_kinds={"compaq": "notebook"}))
    assert parser.parse("an old HP Compaq desktop with 4GB, for under 100").filters.categories == ("desktop pc",)


def test_a_hyphenated_word_beside_a_brand_is_no_line() -> None:
    parser = QueryParser(Vocabulary(brands=("Philips",), words=frozenset(), line_kinds={"clip-on": "label tape"}),
                         typer=FixedReader(TypeReading("webcam", 3.0)))
    assert parser.parse("philips clip-on cam for zoom calls, 30 bucks or less").filters.categories == ("webcam",)  # (in sample, set ME)


def test_an_amount_the_shopper_can_only_do_now_is_a_cap() -> None:
    assert price_bounds("Ugh, scratch that budget. I can only do three hundred now, not a cent over.") == (None, 300)  # (set LM)
