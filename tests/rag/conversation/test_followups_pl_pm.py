"""Follow-up rules written after dev sets PL (several changes in one message) and PM (negations and hedges) were read: a
thing wanted for the same use, or one the shopper thinks they should get, is asked for, not a reason; "now a DVD player to
sit under it" is a thing of its own."""

from __future__ import annotations

import pytest

from rag.conversation import Intent, resolve
from rag.conversation.reasons import request_of
from rag.understanding import QueryParser, Vocabulary
from tests.rag.conversation.fakes import says_refine, shown_as

PARSER = QueryParser(Vocabulary(brands=("Philips", "Tripp Lite"), words=frozenset()))


@pytest.mark.parametrize("message", [
    "for those same calls I want a headset. black, under 25, brand doesn't matter",
    "thinking I should get a small UPS too. same brand as the surge protector, up to 80, colour doesn't matter",
])
def test_a_thing_wanted_is_no_reason(message: str) -> None:
    assert request_of(message).set_aside == ()


def test_now_a_thing_to_sit_under_it_is_a_new_search(tiny_products) -> None:
    conv, lookup = shown_as(tiny_products, "tv", query='a 42" television')
    resolved, _ = resolve("Sorted, ta. Now a DVD player to sit under it - Philips, and I'm not going above fifty on that",
                          conv, PARSER, lookup, says_refine())
    assert resolved.intent is Intent.SEARCH
