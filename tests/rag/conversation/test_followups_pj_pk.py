"""Follow-up rules written after dev sets PJ (English as a second language) and PK (slang and emoji) were read: "same
company" and "same brand like the phone" keep the brand, a thing needed "now" is asked for, an emoji ends a reason, the
bag named after notebook bags or backpacks refines them, a brand let go of stays let go while the search's words name it,
and what a new search keeps is no brand refused after "I don't want"."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rag.conversation import Conversation, Intent, Turn, resolve
from rag.conversation.budget import with_kept
from rag.conversation.reasons import request_of
from rag.records import Filters, NumericRange
from rag.understanding import QueryParser, Vocabulary
from tests.rag.conversation.fakes import says_refine, shown_as

PARSER = QueryParser(Vocabulary(brands=("Netgear", "TP-LINK", "Samsung", "Thule"), words=frozenset()))


def test_same_company_keeps_the_brand(tiny_products) -> None:
    conv, lookup = shown_as(tiny_products, "router", query="wifi router of tp-link for my home", filters=Filters(brands=("TP-LINK",)))
    resolved, _ = resolve("also network switch, same company, not more than 50 dollar", conv, PARSER, lookup)
    assert resolved.intent is Intent.SEARCH and "TP-LINK" in resolved.search_text


def test_a_brand_kept_after_a_refusal_is_its_own_sentence() -> None:
    assert with_kept("and colour black, other colour I don't want", "Samsung").endswith("I don't want. Samsung")
    assert with_kept("a mouse, same brand", "Logitech") == "a mouse, same brand Logitech"


@pytest.mark.parametrize("message", [
    "ok. now i need also one bag for carry it. my laptop will be 15.6 inch so the bag must to be for 15.6",
    "also my laptop only has 2 ports 😭 a usb hub from startech, keep it under 60",
])
def test_the_thing_asked_for_is_no_reason(message: str) -> None:
    from rag.understanding.spelling import as_said

    request = request_of(as_said(message))
    assert any(w in request.text for w in ("bag", "usb hub"))


@pytest.mark.parametrize(("kind", "message"), [
    ("notebook bag", "the bag i want in black colour please, rest is same"),
    ("backpack", "ok but i cant be spending over 100 on a bag bruh"),
])
def test_the_bag_named_after_bags_refines_them(tiny_products, kind: str, message: str) -> None:
    conv, lookup = shown_as(tiny_products, kind, query="backpack for a 15.6 inch laptop")
    resolved, _ = resolve(message, conv, PARSER, lookup)
    assert resolved.intent is Intent.REFINE


def test_a_brand_let_go_stays_let_go_while_the_words_name_it(tiny_products) -> None:
    conv, lookup = shown_as(tiny_products, "network switch", query="hi. a switch for the network of netgear,",
                            filters=Filters(brands=("Netgear",), price=NumericRange(None, 100.0)))
    resolved, _ = resolve("forget the Netgear, any brand is fine, but it should be black", conv, PARSER, lookup)
    assert resolved.intent is Intent.REFINE and resolved.filters.brands == () and resolved.let_go == ("Netgear",)
    # the next refinement carries it: the search's words still say "netgear"
    later = Conversation("s1", (*conv.turns, replace(conv.turns[-1], filters=resolved.filters, let_go=resolved.let_go)))
    again, _ = resolve("and under 80", later, PARSER, lookup)
    assert again.let_go == ("Netgear",)
    # ... until the brand is named again
    back, _ = resolve("ok netgear after all", later, PARSER, lookup)
    assert back.let_go == () and back.filters.brands == ("Netgear",)


def test_a_turn_keeps_what_was_let_go() -> None:
    turn = Turn("m", "refine", "q of netgear", let_go=("Netgear",))
    assert Turn.from_dict(turn.to_dict()).let_go == ("Netgear",)
    assert "let_go" not in Turn("m", "search", "q").to_dict()


def test_for_my_girl_also_headphones_is_a_new_search(tiny_products) -> None:
    conv, lookup = shown_as(tiny_products, "tablet", query="a tablet samsung, with screen of 10.4 inch")
    resolved, _ = resolve("for my girl also headphones, they must be white, she like only white. under 50 for the headphones",
                          conv, PARSER, lookup, says_refine())
    assert resolved.intent is Intent.SEARCH
