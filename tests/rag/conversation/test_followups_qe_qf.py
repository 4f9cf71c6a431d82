"""Follow-up rules written after sets QE (travellers) and QF (creators) became dev: "Also need a headset ..." with no "I"
after a word of chat asks for another thing; "I'm probably going to swap the CPU too" takes another thing, whatever the
learned reader reads; "I've had good luck with Thule before, let's stick to them" keeps the brand its reason named."""

from __future__ import annotations

import pytest

from rag.conversation import Intent, resolve
from rag.conversation.reasons import asks, request_of, takes_a_thing
from rag.conversation.request_kept import of_request
from rag.records import Filters, NumericRange
from rag.understanding import QueryParser, Vocabulary
from tests.rag.conversation.fakes import says_refine, shown_as

PARSER = QueryParser(Vocabulary(brands=("HP", "Philips", "Intel", "Thule", "Targus"), words=frozenset()))


@pytest.mark.parametrize(("kind", "message", "wanted"), [
    ("webcam", "Cool. Also need a headset with a mic so chat can actually hear me over the game audio - black, and keep that "
               "one under sixty.", "headset"),
    ("graphics card", "I'm probably going to swap the CPU too. Intel, under 300 as well.", "processor"),
])
def test_another_thing_asked_for_is_a_new_search(tiny_products, kind: str, message: str, wanted: str) -> None:
    conv, lookup = shown_as(tiny_products, kind, kind, Filters(price=NumericRange(None, 300.0)))
    resolved, parsed = resolve(message, conv, PARSER, lookup, says_refine())
    assert resolved.intent is Intent.SEARCH and wanted in parsed.filters.categories


def test_a_need_said_without_i_asks() -> None:
    assert asks("Also need a headset with a mic")
    assert "headset" in request_of("Cool. Also need a headset with a mic so chat can actually hear me over the game audio").text


@pytest.mark.parametrize("clause", ["I'm probably going to swap the CPU too", "we're going to replace the router as well"])
def test_going_to_swap_a_thing_takes_it(clause: str) -> None:
    assert takes_a_thing(clause)


def test_going_to_use_a_thing_takes_nothing() -> None:
    assert not takes_a_thing("I'm going to use the laptop for school")


def test_stick_to_them_keeps_the_brand_its_reason_named() -> None:
    message = "I've had good luck with Thule before, let's stick to them"
    request = request_of(message)
    assert of_request(PARSER.parse(message), request, PARSER.parse(request.text)).filters.brands == ("Thule",)
