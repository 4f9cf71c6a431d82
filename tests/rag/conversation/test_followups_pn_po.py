"""Follow-up rules written after dev set PN (requests written like a form) was read: a form's "brand: same as the router"
keeps the brand, "colour: doesn't matter anymore" lets the colour go, "RAM 8GB min" after laptops asks for laptops with 8 GB
(the learned reader is not asked to switch to memory modules), "2nd thing on the list: headphones" is the next thing."""

from __future__ import annotations

import pytest

from rag.conversation import Intent, resolve
from rag.records import Filters, NumericRange
from rag.understanding import QueryParser, Vocabulary
from tests.rag.conversation.fakes import FixedFollowupReader, says_refine, shown_as

PARSER = QueryParser(Vocabulary(brands=("TP-LINK", "CHERRY", "Samsung"), words=frozenset()))


def test_a_form_keeps_the_brand_as_the_router(tiny_products) -> None:
    conv, lookup = shown_as(tiny_products, "router", filters=Filters(brands=("TP-LINK",)))
    resolved, _ = resolve("next: network switch — brand: same as the router — limit: 80", conv, PARSER, lookup, says_refine())
    assert resolved.intent is Intent.SEARCH and "TP-LINK" in resolved.search_text


def test_a_form_lets_the_colour_go(tiny_products) -> None:
    conv, lookup = shown_as(tiny_products, "keyboard", filters=Filters(brands=("CHERRY",), price=NumericRange(None, 60), text={"colour": "black"}))
    resolved, _ = resolve("colour: doesn't matter anymore. brand + price unchanged", conv, PARSER, lookup, says_refine())
    assert resolved.intent is Intent.REFINE and "colour" not in resolved.filters.text


def test_ram_said_as_a_field_after_laptops_is_their_memory(tiny_products) -> None:
    conv, lookup = shown_as(tiny_products, "notebook", filters=Filters(price=NumericRange(None, 1000)))
    resolved, _ = resolve("=> RAM 8GB min", conv, PARSER, lookup, FixedFollowupReader(switches=True))
    assert resolved.intent is Intent.REFINE and resolved.filters.numeric["memory_gb"].min == 8


@pytest.mark.parametrize("message", ["2nd thing on the list: headphones. colour=white, cap=$50", "item 2: headphones | under $40"])
def test_the_next_item_of_a_list_is_a_new_search(tiny_products, message: str) -> None:
    conv, lookup = shown_as(tiny_products, "tablet", filters=Filters(brands=("Samsung",)))
    resolved, _ = resolve(message, conv, PARSER, lookup, says_refine())
    assert resolved.intent is Intent.SEARCH


def test_one_of_a_thing_lost_is_asked_for() -> None:
    from rag.conversation.reasons import request_of

    assert request_of("He also keeps losing the TV remote so can you find him a universal one? Philips ideally").set_aside == ()

