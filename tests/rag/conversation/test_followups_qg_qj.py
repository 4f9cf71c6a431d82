"""Follow-up rules written after dev sets QG-QJ were read, and after the in-sample turns the first batch of PY/PZ rules broke:
"can you find him a mouse" and "would rather have a phone" ask for another thing whatever the learned reader reads; "so that
brand please" points back at the brand its reason named; "also on the list is a printer" is the request; "the screen size
isn't a big deal" lets the size go; "and a regular hard drive" adds a thing; "I'm also buying a keyboard cover for it" after a
cap, and "i'd like one company to call", ask for nothing."""

from __future__ import annotations

import pytest

from rag.conversation import Intent, resolve
from rag.conversation.letgo import specs_let_go_of
from rag.conversation.reasons import request_of
from rag.conversation.request_kept import of_request
from rag.records import Filters, NumericRange
from rag.understanding import QueryParser, Vocabulary
from tests.rag.conversation.fakes import says_refine, shown_as

PARSER = QueryParser(Vocabulary(brands=("HP", "Samsung", "Rowenta", "Canon", "Tripp Lite", "Netgear"), words=frozenset()))


@pytest.mark.parametrize(("kind", "message", "wanted"), [
    ("notebook", "can you find him a mouse from the same brand? black please", "mouse"),
    ("tablet", "The older one would rather have a phone. Same budget, but it has to be a Samsung", "smartphone"),
    ("internal ssd", "and a regular hard drive for backups, 1TB at least, same budget", "internal hard drive"),
])
def test_another_thing_asked_for_is_a_new_search(tiny_products, kind: str, message: str, wanted: str) -> None:
    conv, lookup = shown_as(tiny_products, kind, kind, Filters(price=NumericRange(None, 550.0)))
    resolved, parsed = resolve(message, conv, PARSER, lookup, says_refine())
    assert resolved.intent is Intent.SEARCH and wanted in parsed.filters.categories


def test_that_brand_points_back_at_the_brand_its_reason_named() -> None:
    parsed = PARSER.parse("next up a vacuum, I've heard good things about Rowenta so that brand please, keep it below 350")
    request = request_of("next up a vacuum, I've heard good things about Rowenta so that brand please, keep it below 350")

    assert of_request(parsed, request, PARSER.parse(request.text)).filters.brands == ("Rowenta",)


def test_also_on_the_list_is_the_request() -> None:
    assert "printer" in request_of("also on the list is a printer. Canon as well so the software plays nice, nothing over 250").text


@pytest.mark.parametrize(("message", "spec"), [
    ("tbh the screen size isn't a big deal, forget about that bit", "screen_in"),
    ("the ram is not that important", "memory_gb"),
])
def test_a_spec_said_to_be_no_big_deal_is_let_go(message: str, spec: str) -> None:
    assert spec in specs_let_go_of(message)


@pytest.mark.parametrize(("kind", "query", "message"), [
    ("tablet", "samsung tablet 64gb", "not over 550, I'm also buying a keyboard cover for it"),
    ("notebook", "asus laptop 8gb ram", "under 800, I'm also getting a printer and ink for my classes"),
    ("surge protector", "white surge protector", "make it tripp lite too. my ups is a tripp lite and i'd like one company to call if "
                                                  "something fries"),
])
def test_what_the_money_goes_on_or_one_company_asks_for_nothing(tiny_products, kind: str, query: str, message: str) -> None:
    conv, lookup = shown_as(tiny_products, kind, query, Filters(price=NumericRange(None, 900.0)))
    resolved, _ = resolve(message, conv, PARSER, lookup)
    assert resolved.intent is Intent.REFINE
