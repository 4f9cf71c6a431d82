"""Follow-up rules written after dev sets ON (compares with what was seen elsewhere), OO (asks in questions), OV, OW and OY
were read: a thing asked for as the shop's stock by a question or named next on a list, a question set aside as if it
told of the shopper's own, what a shown bag must fit, the colour kept or let go."""

from __future__ import annotations

import pytest

from rag.conversation import Intent, resolve
from rag.conversation.reasons import request_of
from rag.records import Filters, NumericRange
from rag.understanding import QueryParser, Vocabulary
from rag.understanding.typer import TypeReading
from tests.rag.conversation.fakes import says_refine, shown_as
from tests.rag.understanding.fakes import FixedReader

PARSER = QueryParser(Vocabulary(brands=("Logitech", "Samsung"), words=frozenset()))


@pytest.mark.parametrize(("kind", "message"), [
    # a thing asked for as the shop's stock (set OO)
    ("monitor", "Also, do you sell keyboards? any grey ones?"),
    ("tablet", "and do you have tablet cases? is there a black one?"),
    ("smartphone", "have you got any Logitech keyboards, in black?"),
    # the next thing on a list (set OY)
    ("notebook", "last one is the bag. black, and no more than $40 for it"),
    ("camera lens", "bag last, under 40"),
    ("mouse", "last one, a backpack. under sixty please"),
    # (a guard: with the learned type reader the kind may be one no type word names, "the bag" read as camera bags)
    ("mouse", "last one is the keyboard. black, and no more than $40 for it"),
])
def test_a_new_thing_is_a_new_search_whatever_the_learned_reader_says(tiny_products, kind, message) -> None:
    conv, lookup = shown_as(tiny_products, kind)
    assert resolve(message, conv, PARSER, lookup, says_refine())[0].intent is Intent.SEARCH


@pytest.mark.parametrize("message", [
    "do you carry Samsung-brand phone cases too? got a blue one?",
    "any samsung ones? is there a blue one?",
])
def test_a_question_is_asked_not_set_aside(message: str) -> None:
    assert request_of(message).set_aside == ()


def test_a_statement_of_the_shoppers_own_is_still_set_aside() -> None:
    assert request_of("need a new charger. got a dell laptop, 65w").set_aside == ("got a dell laptop", "65w")


def test_a_thing_asked_for_by_name_is_no_guess_of_the_learned_reader() -> None:
    parser = QueryParser(Vocabulary(brands=("Logitech",), words=frozenset()), typer=FixedReader(TypeReading("mouse", 3.0)))
    assert parser.parse("And have you got any Logitech joysticks or steering wheels for my racing games?").filters.categories == (
        "game controller",)


def test_a_brand_asked_for_me_too_after_a_friends_is_asked() -> None:
    request = request_of("I also need a network switch for the home office. My friend has a Netgear in his rack and swears by it, "
                         "so Netgear for me too, under 60 dollars")
    assert "Netgear for me too" in request.text and request.set_aside == ("My friend has a Netgear in his rack and swears by it",)


def test_what_the_shown_bag_must_fit_refines_it(tiny_products) -> None:
    conv, lookup = shown_as(tiny_products, "backpack")
    resolved = resolve("I need it to fit a 15.6\" laptop", conv, PARSER, lookup)[0]
    assert resolved.intent is Intent.REFINE and resolved.filters.numeric["screen_in"].min == pytest.approx(15.55)


def test_a_thing_in_trouble_said_while_here_is_asked_for(tiny_products) -> None:
    # set OW (dev): after monitors
    message = "While I'm at it the keyboard is dying too. Not grey, not white, it has to be black. Can't be over 60."
    assert request_of(message).set_aside == ()
    conv, lookup = shown_as(tiny_products, "monitor")
    assert resolve(message, conv, PARSER, lookup, says_refine())[0].intent is Intent.SEARCH


def test_a_new_search_in_the_same_colour_keeps_the_colour_held(tiny_products) -> None:
    # set OR (in sample): black keyboards, then "a mouse in the same colour"
    conv, lookup = shown_as(tiny_products, "keyboard", "a black keyboard for sixty or less", Filters(text={"colour": "black"}))
    resolved, parsed = resolve("Plus a mouse in the same colour, but keep it to $30.", conv, PARSER, lookup)
    assert resolved.intent is Intent.SEARCH and parsed.filters.text.get("colour") == "black"


def test_the_same_brand_and_colour_keeps_both(tiny_products) -> None:
    # set OV (dev): "logitech keyboard, black", then "mouse, same brand & colour"
    held = Filters(brands=("Logitech",), text={"colour": "black"})
    conv, lookup = shown_as(tiny_products, "keyboard", "logitech keyboard, black", held)
    resolved, parsed = resolve("mouse, same brand & colour", conv, PARSER, lookup)
    assert resolved.intent is Intent.SEARCH and parsed.filters.text.get("colour") == "black"
    assert parsed.filters.brands == ("Logitech",)


def test_the_last_one_shown_is_still_a_product_shown(tiny_products) -> None:
    conv, lookup = shown_as(tiny_products, "notebook")
    assert resolve("is the last one the cheapest?", conv, PARSER, lookup)[0].intent is Intent.DETAIL


def test_any_colour_drops_the_colour_held(tiny_products) -> None:
    # set OY (dev): black Cherry keyboards under $40, then "eh, colour doesn't actually matter, any colour is fine"
    held = Filters(brands=("CHERRY",), price=NumericRange(None, 40), text={"colour": "black"})
    conv, lookup = shown_as(tiny_products, "keyboard", "cherry keyboard, in black, under $40", held)
    resolved = resolve("eh, colour doesn't actually matter, any colour is fine", conv, PARSER, lookup, says_refine())[0]
    assert resolved.intent is Intent.REFINE and "colour" not in resolved.filters.text
    assert resolved.filters.brands == ("CHERRY",) and resolved.filters.price == NumericRange(None, 40)
