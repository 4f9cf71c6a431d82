"""Follow-up rules written after dev sets OT (regional and second-language English) and OU (shoppers who revise as they
type) were read: the next thing the shopper will take or requires is asked for, not set aside as a statement; so are a
colour said on its own and "the same brand"; a colour the request says replaces one its reasons name; "one of their X"
is the brand's, not the shopper's."""

from __future__ import annotations

import pytest

from rag.conversation import Intent, resolve
from rag.conversation.reasons import request_of
from rag.records import Filters
from rag.understanding import QueryParser, Vocabulary
from tests.rag.conversation.fakes import FixedFollowupReader, says_refine, shown_as

PARSER = QueryParser(Vocabulary(brands=("Sony", "Canon", "Tripp Lite", "Thule"), words=frozenset()))


@pytest.mark.parametrize("message", [
    "And headphones for me while you're at it, same brand as the radio.",
    "Sure I'll get a monitor too while I'm at it, 27 inch, same budget.",
    "Good stuff. I'll grab a lens for it too - same brand, under 500.",
    "Also I require one cover for the tablet, black colour, within 40 dollars.",
    "Along with this one monitor is also required, 21.5 inch size, below 150 dollars.",
    "and one of their surge protector strips too, same brand, white",
])
def test_a_thing_the_shopper_will_take_is_asked_not_set_aside(message: str) -> None:
    assert request_of(message).set_aside == ()


def test_a_reason_after_what_the_shopper_wants_of_it_is_set_aside() -> None:
    request = request_of("Also the screen I want 14 inch, because I carry it every day in the bus.")
    assert (request.text, request.set_aside) == ("Also the screen I want 14 inch", ("because I carry it every day in the bus",))


def test_a_colour_said_on_its_own_is_asked() -> None:
    request = request_of("needs to be under 100. and blue, my old one was blue and I miss it")
    assert "and blue" in request.text and request.set_aside == ("my old one was blue and I miss it",)


@pytest.mark.parametrize(("kind", "message", "wanted"), [
    ("camera", "Good stuff. I'll grab a lens for it too - same brand, under 500.", "camera lens"),
    ("radio", "And headphones for me while you're at it, same brand as the radio.", "headphones"),
    ("ups", "and one of their surge protector strips too, same brand, white", "surge protector"),
    ("notebook", "Also the screen I want 14 inch, because I carry it every day in the bus.", None),  # (no bag: a refinement)
])
def test_the_next_thing_is_a_new_search_and_a_reason_is_no_thing(tiny_products, kind, message, wanted) -> None:
    conv, lookup = shown_as(tiny_products, kind)
    resolved, parsed = resolve(message, conv, PARSER, lookup, says_refine())
    if wanted is None:
        assert resolved.intent is Intent.REFINE and "screen_in" in resolved.filters.numeric
    else:
        assert resolved.intent is Intent.SEARCH and wanted in parsed.filters.categories


def test_a_colour_the_request_says_replaces_one_its_reasons_name(tiny_products) -> None:
    conv, lookup = shown_as(tiny_products, "backpack")
    resolved, _ = resolve("Oh and in blue, all the black ones look the same on the train.", conv, PARSER, lookup, says_refine())
    assert resolved.intent is Intent.REFINE and resolved.filters.text["colour"] == "blue"


@pytest.mark.parametrize(("kind", "message", "colour"), [
    ("notebook", "grey chassis, that one's a must", "grey"),  # (set OX: the learned reader read a switch)
    ("network switch", "black chassis only, it's going in a black rack", "black"),
])
def test_the_colour_of_a_part_of_the_thing_shown_refines_it(tiny_products, kind, message, colour) -> None:
    conv, lookup = shown_as(tiny_products, kind)
    resolved, _ = resolve(message, conv, PARSER, lookup, FixedFollowupReader(switches=True))
    assert resolved.intent is Intent.REFINE and resolved.filters.text["colour"] == colour


def test_a_brand_the_shopper_is_not_married_to_is_let_go(tiny_products) -> None:
    conv, lookup = shown_as(tiny_products, "tv", query='after a 65"+ 4k telly from sony', filters=Filters(brands=("Sony",)))
    resolved, _ = resolve("eh, not married to Sony tbh. and i could do 1300 for the right panel", conv, PARSER, lookup, says_refine())
    assert resolved.intent is Intent.REFINE and resolved.filters.brands == () and resolved.filters.price.max == 1300
    assert "sony" not in resolved.query.lower()  # (the words said before, read again by the search, hold no brand)


def test_what_someone_would_also_like_is_asked_beside_the_same_brand() -> None:
    assert request_of("He'd also like a smartwatch, same brand.").set_aside == ()  # (in sample, set OS)


def test_what_someone_is_set_on_is_asked() -> None:
    assert request_of("He'd also like a backpack to lug it around campus. He's set on blue.").set_aside == ()  # (in sample, set OS)
