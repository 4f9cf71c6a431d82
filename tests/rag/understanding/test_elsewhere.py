"""Rules written after set ON (shoppers who compare with what they saw elsewhere) was read: another shop's, an ad's or
someone else's thing sets the scene and is not asked for: its brand, its price, its sizes and its model name stay out of
the request, unless the shopper asks for them again."""

from __future__ import annotations

import pytest

from rag.generation.relevance import in_name_position
from rag.understanding import QueryParser, Vocabulary
from rag.understanding.elsewhere import seen_clauses, tells_of_elsewhere
from rag.understanding.owned import without_mine
from rag.understanding.typer import TypeReading
from tests.rag.understanding.fakes import FixedReader, price_bounds

BRANDS = ("ASUS", "DELL", "HP", "Seagate", "Canon", "Netgear", "Philips", "Samsung", "Logitech", "Sony", "Lenovo")
PARSER = QueryParser(Vocabulary(brands=BRANDS, words=frozenset()))


@pytest.mark.parametrize("clause", [
    "costco has the asus zenbook 14 for $899",
    "The Sony WH-1000XM5 is $399 at Best Buy",
    "A buddy grabbed a Dell S2721Q at Micro Center",
    "Saw a curved 34\" Samsung in a Best Buy flyer for $450.",
    "Dell.com keeps pushing the Inspiron 15 at me for $650.",
    "My coworker's silver MacBook Air looks so sleek",
    "The camera shop downtown has the Canon RF 50mm f/1.8 for $229.",
])
def test_a_thing_seen_elsewhere(clause: str) -> None:
    assert tells_of_elsewhere(clause)


@pytest.mark.parametrize("clause", [
    "I want a Philips too, under $200",
    "Do you have Canon scanners at Staples prices?",
    "Every screen at my office is a dell and I've never seen one die",  # the shopper's own office: their choice
    "it has to be white to match my desk",
    "my laptop is a 15.6",
])
def test_what_asks_here_or_tells_of_the_shoppers_own_is_no_thing_seen_elsewhere(clause: str) -> None:
    assert not tells_of_elsewhere(clause)


def test_a_clause_that_goes_on_about_the_thing_seen_is_seen_too() -> None:
    assert seen_clauses(["costco has the asus zenbook 14 for $899 ", "but it only has 8 gigs of ram.", " i want 16gb"]) == [
        True, True, False]
    assert seen_clauses(["my laptop died.", " it only has 8 gigs of ram"]) == [False, False]


@pytest.mark.parametrize(("message", "brands", "price"), [
    ("costco has the asus zenbook 14 for $899 but it only has 8 gigs of ram. i want 16GB minimum, and my ceiling is $1,100",
     (), (None, 1100)),
    ("A 2TB Seagate Barracuda is $55 at Newegg. What internal hard drives do you have with 2TB or more?", (), None),
    ("The Sony WH-1000XM5 is $399 at Best Buy, way too rich for me. Any Philips headphones for under $30?", ("Philips",), (None, 30)),
    ("A buddy grabbed a Dell S2721Q at Micro Center and it looks amazing on his desk. I want a 27-inch monitor as well, "
     "doesn't need to be Dell, just not more than $350", (), (None, 350)),
    ("Dell.com keeps pushing the Inspiron 15 at me for $650. I'd rather have an HP: 15.6 inch screen, $700 at the very most",
     ("HP",), (None, 700)),
    ("A classmate has an ASUS VivoBook she got on Amazon for $599. I want an ASUS laptop too, under $850", ("ASUS",), (None, 850)),
])
def test_the_brand_and_price_seen_elsewhere_are_not_asked_for(message: str, brands: tuple[str, ...],
                                                              price: tuple[float | None, float | None] | None) -> None:
    filters = PARSER.parse(message).filters
    assert filters.brands == brands
    said = None if filters.price is None else (filters.price.min, filters.price.max)
    assert (None if said == (None, None) else said) == price


def test_a_price_seen_elsewhere_that_the_shopper_points_back_at_is_the_cap() -> None:
    assert price_bounds("Amazon wants $119 for the Logitech MX Keys. Do you have any Logitech keyboards for less than that?") == (
        None, 119)
    assert price_bounds("Staples has the HP OfficeJet Pro 9015 for $229. I want an HP printer but cheaper, under $200") == (None, 200)
    assert price_bounds("saw one at costco for $300, want it white to match the desk") is None  # ("to match" points at no price)


def test_a_size_said_twice_is_the_one_asked_for() -> None:
    filters = PARSER.parse("My parents got a 32\" Philips TV off a Black Friday ad for like $180. I want a Philips 32 inch too, "
                           "under $200").filters
    assert filters.numeric["screen_in"].min is not None and 31 < filters.numeric["screen_in"].min <= 32
    assert filters.brands == ("Philips",) and filters.categories == ("tv",)


@pytest.mark.parametrize(("message", "kind"), [
    ("The camera shop downtown has the Canon RF 50mm f/1.8 for $229. What Canon lenses have you got between $150 and $500?",
     "camera lens"),
    ("Saw a Targus sleeve on Amazon for $45, I'd rather have a black laptop backpack", "backpack"),
])
def test_the_type_is_read_from_what_is_asked_not_from_where_it_was_seen(message: str, kind: str) -> None:
    assert PARSER.parse(message).filters.categories == (kind,)


def test_the_learned_reader_reads_what_is_asked_not_the_thing_seen() -> None:
    # (the model read the Nighthawk's words as a switch; what is asked names routers)
    parser = QueryParser(Vocabulary(brands=BRANDS, words=frozenset()), typer=FixedReader(TypeReading("network switch", 3.0)))
    message = "The Netgear Nighthawk is $199 at Best Buy right now. What Netgear routers do you have?"
    assert parser.parse(message).filters.categories == ("router",)
    assert parser.parse("The Netgear Nighthawk is great and fast right now. What Netgear routers do you have?"
                        ).filters.categories == ("network switch",)  # (no thing seen elsewhere: the model is read)


def test_a_model_seen_elsewhere_names_no_item_the_catalog_lacks() -> None:
    query = "the sony wh-1000xm5 is $399 at best buy, way too rich for me. any philips headphones for ?"
    assert "wh-1000xm5" not in without_mine(query)
    assert not in_name_position("wh-1000xm5", without_mine(query))
    assert in_name_position("wh-1000xm5", "any sony wh-1000xm5 headphones?")


def test_the_thing_a_clause_after_says_was_seen_elsewhere_is_seen_too() -> None:
    query = "my son's teacher asked for a ti-84, which is $120 at walmart. do you have a casio calculator ?"
    assert "ti-84" not in without_mine(query)
    assert seen_clauses(["my son's teacher asked for a ti-84,", " which is $120 at walmart.", " do you have a casio calculator ?"]
                        ) == [True, True, False]


def test_the_search_reads_what_is_asked_not_the_thing_seen() -> None:
    parsed = PARSER.parse("The Sony WH-1000XM5 is $399 at Best Buy, way too rich for me. Any Philips headphones for under $30?")
    assert "wh-1000xm5" not in parsed.text and "headphones" in parsed.text
    # (with no type asked, the thing seen tells which kind: "I'm fine going smaller" than a curved 34" Samsung)
    assert "samsung" in PARSER.parse("Saw a curved 34\" Samsung in a Best Buy flyer for $450. I'm fine going smaller: anything "
                                     "27 inches or up, under $400").text


@pytest.mark.parametrize(("message", "low", "high"), [
    ("then I need a backpack that'll fit a 17.3-inch laptop or bigger", 17.3, None),
    ("a sleeve for my 13 inch laptop", 13, 13.4),  # (a bag for one size fits it snugly)
])
def test_a_floor_said_after_the_device_a_bag_fits_is_a_floor(message: str, low: float, high: float | None) -> None:
    size = PARSER.parse(message).filters.numeric["screen_in"]
    assert (size.min, size.max) == (low, high)


def test_an_even_thousand_is_a_thousand() -> None:
    assert price_bounds("hmm, can we bring the max down to an even thousand?") == (None, 1000)
    assert price_bounds("a round hundred max") == (None, 100)


def test_the_thing_seen_is_searched_when_only_it_names_the_kind() -> None:
    parsed = PARSER.parse("The school next door bought Epson projectors for $600 each. I need one for our church hall, any brand, "
                          "somewhere between $200 and $600")
    assert "projectors" in parsed.text and parsed.filters.brands == ()
