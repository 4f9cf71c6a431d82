"""Follow-up rules written after dev sets QM-QP were read: "And for me a pair of headphones", "I could use a new mouse pad",
"my mum asked me to grab her a scanner", "also want a cordless home phone" and "a ream of printer paper" add another thing
whatever the learned reader reads; "been on at me about a clock radio" and "what speakers could go with it" (set QT)
add another thing too; "thinking of upgrading my phone" asks for a new one of the shopper's own; hedged asks
("I think I also need a network switch?", "would a label maker be overkill?", "64GB or more would be enough I think?");
"... but want a 50 inch this time" is the request after what the shopper has; "same size requirement" keeps the storage
held."""

from __future__ import annotations

import pytest

from rag.conversation import Intent, resolve
from rag.conversation.budget import kept_of_last
from rag.conversation.memory import Turn
from rag.conversation.reasons import asks, request_of
from rag.records import Filters, NumericRange
from rag.understanding import QueryParser, Vocabulary
from tests.rag.conversation.fakes import says_refine, shown_as

PARSER = QueryParser(Vocabulary(brands=("HP", "Philips", "Samsung", "Sony"), words=frozenset()))


@pytest.mark.parametrize(("kind", "message", "wanted"), [
    ("radio", "And for me a pair of headphones for the TV, black, under 60", "headphones"),
    ("mouse", "oh and I could use a new mouse pad, mine is literally falling apart. 15 max, doesn't need to be anything special",
     "mouse pad"),
    ("printer", "also my mum asked me to grab her a scanner for digitizing old photos. she doesn't care about the brand, but "
                "same budget as the printer", "scanner"),
    ("router", "also want a cordless home phone so my gran can ring me at the new number. it needs to be a philips", "telephone"),
    ("scanner", "oh and a ream of printer paper while I'm here. HP brand, under twenty", "printing paper"),
    ("smartwatch", "also thinking of upgrading my phone to go with it. same brand as the watch, under $400", "smartphone"),
    ("router", "and I think I also need a network switch? so I can plug the TV and the game console in with cables. max 50 for "
               "that", "network switch"),
    ("telephone", "Lovely, thanks. She's also been on at me about a clock radio for her bedside table, one with numbers she can "
                  "actually read at 3am. That one needs to come in under 30 dollars.", "radio"),
    ("tv", "He still can't make out what they're saying even with the volume right up. What speakers could go with it? Keep them "
           "south of $60", "speakers"),
])
def test_another_thing_asked_for_is_a_new_search(tiny_products, kind: str, message: str, wanted: str) -> None:
    conv, lookup = shown_as(tiny_products, kind, kind, Filters(price=NumericRange(None, 300.0)))
    resolved, parsed = resolve(message, conv, PARSER, lookup, says_refine())
    assert resolved.intent is Intent.SEARCH and wanted in parsed.filters.categories


@pytest.mark.parametrize("clause", ["would a label maker be overkill?", "64GB or more would be enough I think?",
                                    "would a little portable speaker work?"])
def test_a_hedged_ask_asks(clause: str) -> None:
    assert asks(clause)


def test_but_want_is_the_request_after_what_the_shopper_has() -> None:
    request = request_of("and while I'm here, a TV. We've got a 40 inch at the moment but want a 50 inch this time, under $450")
    assert "50 inch" in request.text and "40 inch" not in request.text


def test_the_same_size_requirement_keeps_the_storage_held() -> None:
    last = Turn("usb stick, at least 64GB, no more than $25", "search", "usb stick",
                Filters(price=NumericRange(None, 25.0), numeric={"storage_gb": NumericRange(64.0, None)}), ())
    message = "while I'm here, a memory card for my camera too. same size requirement and same budget as the stick"
    assert "at least 64gb" in kept_of_last(message, PARSER.parse(message), last)
    assert "64gb" not in kept_of_last("a memory card for my camera too", PARSER.parse("a memory card for my camera too"), last)

