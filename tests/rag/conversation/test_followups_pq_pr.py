"""Follow-up rules written after sets PQ (an everyday mix) and PR (continental European English) were read as dev: a
computer's own drive said with what it must be refines the computer; a case said alone after a computer's part is a computer
case, a bag said alone after laptops a laptop bag; "forget ASUS" lets the brand held go; a request opening with what it is
for ("For drawing on it I also want a stylus") is the request."""

from __future__ import annotations

import pytest

from rag.conversation import Intent, resolve
from rag.conversation.letgo import lets_brand_go_of
from rag.conversation.reasons import request_of
from rag.conversation.subject import case_for_the_shown
from rag.records import Filters, NumericRange
from rag.understanding import QueryParser, Vocabulary
from tests.rag.conversation.fakes import says_refine, shown_as

PARSER = QueryParser(Vocabulary(brands=("ASUS", "Netgear", "HP", "Samsung"), words=frozenset()))


@pytest.mark.parametrize("message", ["the hard disk should be minimum 256 GB", "the SSD must be at least 512 Gb"])
def test_a_computers_own_drive_refines_it(tiny_products, message: str) -> None:
    conv, lookup = shown_as(tiny_products, "desktop pc", "desktop pc with min. 8gb ram", Filters(price=NumericRange(None, 700.0)))
    resolved, _ = resolve(message, conv, PARSER, lookup)
    assert resolved.intent is Intent.REFINE
    assert resolved.filters.numeric["storage_gb"].min in (256.0, 512.0) and resolved.filters.price.max == 700.0


def test_a_drive_asked_for_after_a_computer_is_still_a_new_search(tiny_products) -> None:
    conv, lookup = shown_as(tiny_products, "desktop pc")
    resolved, _ = resolve("and an external hard drive for backups, 2TB", conv, PARSER, lookup)
    assert resolved.intent is Intent.SEARCH


@pytest.mark.parametrize(("kind", "message", "named"), [
    ("power supply unit", "Last thing is a case, black, under $100", "computer case"),
    ("graphics card", "and a black case, under 80", "computer case"),
    ("notebook", "it'll need a bag too. black", "bag for the notebook"),
])
def test_a_case_or_bag_said_alone_is_the_shown_kinds(kind: str, message: str, named: str) -> None:
    assert named in case_for_the_shown(message, kind)


def test_a_bag_said_alone_after_a_phone_is_left_alone() -> None:
    assert case_for_the_shown("a bag too", "smartphone") == "a bag too"


@pytest.mark.parametrize("message", ["Forget ASUS, every brand is ok for me", "forget the netgear", "all brands are ok"])
def test_the_brand_held_let_go(message: str) -> None:
    assert lets_brand_go_of(message, ("ASUS", "Netgear"))


def test_forgetting_another_thing_keeps_the_brand() -> None:
    assert not lets_brand_go_of("forget the colour", ("ASUS",))


def test_forget_the_brand_held_refines_without_it(tiny_products) -> None:
    conv, lookup = shown_as(tiny_products, "notebook", "laptop of asus", Filters(brands=("ASUS",), price=NumericRange(None, 1200.0)))
    resolved, _ = resolve("Forget ASUS, every brand is ok for me", conv, PARSER, lookup, says_refine())
    assert resolved.intent is Intent.REFINE and resolved.filters.brands == () and resolved.filters.price.max == 1200.0


def test_a_request_opening_with_what_it_is_for() -> None:
    request = request_of("Thanks! For drawing on it I also want a stylus, HP brand, not more than 30 dollars")
    assert "stylus" in request.text and "HP brand" in request.text and not request.set_aside


# Sets QA to QD (dev, read this session)

@pytest.mark.parametrize("message", ["Hmm, actually I'm not fussed about Sharp after all", "i dont care about the sharp"])
def test_the_brand_held_said_not_to_matter(message: str) -> None:
    assert lets_brand_go_of(message, ("Sharp",)) and not lets_brand_go_of("not fussed about the colour", ("Sharp",))


def test_the_next_thing_on_the_list_after_a_word_of_chat(tiny_products) -> None:
    conv, lookup = shown_as(tiny_products, "coffee maker", "a coffee maker, black", Filters(price=NumericRange(None, 50.0)))
    resolved, _ = resolve("Cool. Next on the list is a kettle. Same colour so it matches, any brand is fine.", conv, PARSER, lookup,
                          says_refine())
    assert resolved.intent is Intent.SEARCH


def test_cheaper_under_a_floor_held_lets_the_floor_go(tiny_products) -> None:
    # (found replaying made-up conversations to train the follow-up reader: the shown products, relaxed, all cost less than
    # the floor held, and "cheaper" made a range whose floor was above its cap)
    from dataclasses import replace as changed

    conv, _ = shown_as(tiny_products, "headphones", "headphones over 32", Filters(price=NumericRange(32.0, None)))
    cheap = {p.id: changed(p, price=price) for p, price in zip(tiny_products[:3], (10.0, 15.0, 20.95), strict=True)}
    resolved, _ = resolve("cheaper ones?", conv, PARSER, lambda ids: [cheap[i] for i in ids if i in cheap])
    assert resolved.intent is Intent.REFINE
    assert resolved.filters.price.min is None and resolved.filters.price.max is not None and resolved.filters.price.max < 21


def test_a_price_added_to_words_ending_on_a_negation_is_no_floor(tiny_products) -> None:
    # "got any JVC headphones? my teenager goes through them like nothing" + "under $30" read "nothing under $30" (set QB)
    conv, lookup = shown_as(tiny_products, "headphones", "got any jvc headphones? my teenager goes through them like nothing",
                            Filters(brands=("JVC",)))
    resolved, _ = resolve("nothing above thirty dollars, he'll just break them again lol", conv, PARSER, lookup)
    assert resolved.intent is Intent.REFINE
    assert PARSER.parse(resolved.query).filters.price.min is None


def test_what_the_shown_ones_are_is_no_brand_asked() -> None:
    from rag.conversation.reasons import of_the_shown

    assert of_the_shown("that's an LG and a Toshiba") and not of_the_shown("I said Philips")


def test_not_minding_the_brand_held_keeps_it() -> None:
    assert not lets_brand_go_of("i don't mind the sony, under 100 please", ("Sony",))
