"""Follow-up rules written after dev sets OL (typed fast on a phone) and OM (replacing or upgrading something owned) were
read: a thing added with its size before it or its head word only, "so I'd like ..." that asks, the shopper's old one
that is no product shown, a thing named in a statement and then asked for as "one", and what the thing is for."""

from __future__ import annotations

import pytest

from rag.conversation import Intent, resolve
from rag.conversation.reasons import request_of
from rag.records import Filters, NumericRange
from rag.understanding import QueryParser, Vocabulary
from tests.rag.conversation.fakes import says_refine, shown_as

PARSER = QueryParser(Vocabulary(brands=("HP", "Kingston Technology", "Samsung"), words=frozenset()))


@pytest.mark.parametrize(("kind", "message"), [
    ("thin client", "and a 24 inch monitor, same brand, under 250"),
    ("smartphone", "And a case so it doesn't end up like the last one. Black please"),
    ("projector", "We've been projecting onto a bumpy wall, so I'd like a proper projection screen as well. Under 200"),
    ("mouse", "while you're at it, my mouse mat is shredded at the corners. find me one for under 15"),
])
def test_a_thing_added_is_a_new_search_whatever_the_learned_reader_says(tiny_products, kind, message) -> None:
    conv, lookup = shown_as(tiny_products, kind)
    assert resolve(message, conv, PARSER, lookup, says_refine())[0].intent is Intent.SEARCH


def test_a_statement_of_what_the_thing_is_for_is_set_aside(tiny_products) -> None:
    message = "it's only a dashcam, I'd rather not go over 30 bucks"
    assert request_of(message).set_aside == ("it's only a dashcam",)
    held = Filters(brands=("Kingston Technology",), numeric={"storage_gb": NumericRange(64, None)})
    conv, lookup = shown_as(tiny_products, "memory card", "a kingston card, 64gb or more", held)
    resolved = resolve(message, conv, PARSER, lookup)[0]
    assert resolved.intent is Intent.REFINE
    assert resolved.filters.price == NumericRange(None, 30) and resolved.filters.brands == ("Kingston Technology",)


def test_a_thing_named_in_a_statement_and_asked_for_as_one_stays_in_the_request() -> None:
    request = request_of("while you're at it, my mouse mat is shredded at the corners. find me one for under 15")
    assert request.set_aside == ()
