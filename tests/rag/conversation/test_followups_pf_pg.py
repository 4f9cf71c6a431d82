"""Follow-up rules written after sets PF (symbols and shorthand) and PG (dictation) became dev sets: a floor let go keeps the
cap said, and "some ram" after SSDs is a thing of its own, not the SSDs' memory."""

from __future__ import annotations

import pytest

from rag.conversation import Intent, resolve
from rag.conversation.earlier import with_earlier_brand
from rag.conversation.letgo import lets_floor_go_of
from rag.conversation.memory import Conversation, Turn
from rag.records import Filters, NumericRange
from rag.understanding import QueryParser, Vocabulary
from tests.rag.conversation.fakes import says_refine, shown_as

PARSER = QueryParser(Vocabulary(brands=("MSI", "Kingston Technology"), words=frozenset()))


@pytest.mark.parametrize("message", ["screw the floor, anything under 1.5k", "forget the minimum", "no floor, just under 900"])
def test_a_floor_let_go_is_read(message: str) -> None:
    assert lets_floor_go_of(message)


@pytest.mark.parametrize("message", ["the floor of the rack is uneven", "a 1200 floor is fine"])
def test_a_floor_said_otherwise_is_kept(message: str) -> None:
    assert not lets_floor_go_of(message)


def test_a_floor_let_go_keeps_the_cap_said(tiny_products) -> None:
    conv, lookup = shown_as(tiny_products, "notebook", query="gaming laptop msi",
                            filters=Filters(brands=("MSI",), price=NumericRange(1000, 1500)))
    resolved, _ = resolve("screw the floor, anything under 1.5k", conv, PARSER, lookup, says_refine())
    assert resolved.intent is Intent.REFINE
    assert resolved.filters.price == NumericRange(None, 1500) and resolved.filters.brands == ("MSI",)


def test_some_ram_after_ssds_is_a_new_search(tiny_products) -> None:
    conv, lookup = shown_as(tiny_products, "internal ssd", query="internal ssd kingston",
                            filters=Filters(brands=("Kingston Technology",)))
    resolved, _ = resolve("and some ram same brand sixteen gig", conv, PARSER, lookup, says_refine())
    assert resolved.intent is Intent.SEARCH


def _ups_then_surge() -> Conversation:
    return Conversation("s1").with_turn(Turn("ups apc", "search", "ups apc", Filters(brands=("APC",)), ("p1",))).with_turn(
        Turn("and a surge protector too a black one", "search", "surge protector black", Filters(), ("p2",)))


def test_same_brand_as_an_earlier_kind_is_its_brand() -> None:
    assert with_earlier_brand("same brand as the ups for that please", _ups_then_surge()) == "APC for that please"


def test_same_brand_as_an_earlier_kind_beside_a_thing_of_its_own_is_that_brand() -> None:
    # (set PT: "last thing, an electric kettle - same brand as the coffee machine" after coffee makers, then irons)
    assert with_earlier_brand("and a kettle, same brand as the ups", _ups_then_surge()) == "and a kettle, APC"


@pytest.mark.parametrize("message", [
    "same brand as the surge protector",  # the kind shown last
    "same brand as the kettle",  # no earlier search of that kind
])
def test_same_brand_as_otherwise_is_left_as_said(message: str) -> None:
    assert with_earlier_brand(message, _ups_then_surge()) == message


def test_an_earlier_kind_of_two_words_is_read_whole() -> None:
    conv = Conversation("s1").with_turn(Turn("philips coffee maker", "search", "coffee maker philips", Filters(brands=("Philips",)), ("p1",))).with_turn(
        Turn("a kettle", "search", "kettle", Filters(), ("p2",)))
    assert with_earlier_brand("same brand as the coffee maker for this one", conv) == "Philips for this one"
