"""Follow-up rules written after dev sets PH (impatient shoppers) and PI (shoppers who describe a thing instead of naming
it) were read: a complaint about what was shown is set aside with its colour and brand ("why is half of this silver??",
"the lenovo reviews on here are awful"), "so I'll need a separate keyboard as well" is no reason, a thing described or "one of
those" things is a new search, and a thing added in a clause set aside still switches."""

from __future__ import annotations

import pytest

from rag.conversation import Intent, resolve
from rag.conversation.reasons import request_of
from rag.records import Filters, NumericRange
from rag.understanding import QueryParser, Vocabulary
from tests.rag.conversation.fakes import FixedFollowupReader, says_refine, shown_as

PARSER = QueryParser(Vocabulary(brands=("Samsung", "Lenovo", "Philips"), words=frozenset()))


@pytest.mark.parametrize(("message", "asked"), [
    ("why is half of this silver?? BLACK ONLY", "BLACK ONLY"),
    ("samsung one. the lenovo reviews on here are awful", "samsung one"),
])
def test_a_complaint_about_what_was_shown_is_set_aside(message: str, asked: str) -> None:
    assert request_of(message).text == asked


def test_the_brand_of_a_complaint_is_not_asked(tiny_products) -> None:
    conv, lookup = shown_as(tiny_products, "tablet", filters=Filters(price=NumericRange(None, 600)))
    resolved, _ = resolve("samsung one. the lenovo reviews on here are awful", conv, PARSER, lookup, says_refine())
    assert resolved.filters.brands == ("Samsung",)


@pytest.mark.parametrize(("kind", "message"), [
    ("notebook stand", "makes sense. but once it's propped up I can't really type on it, so I'll need a separate keyboard as well. black, 40 bucks max"),
    ("monitor", "and one of those metal arms that clamps onto the edge of the desk so the screen floats above it? $150 tops for that"),
    ("tv", "also my mum wants a machine to play her old movies on disc, under $80"),
])
def test_a_new_thing_said_or_described_is_a_new_search(tiny_products, kind: str, message: str) -> None:
    conv, lookup = shown_as(tiny_products, kind)
    resolved, _ = resolve(message, conv, PARSER, lookup, says_refine())
    assert resolved.intent is Intent.SEARCH


@pytest.mark.parametrize(("kind", "message"), [
    ("notebook", "and an HP docking station for my desk, less than 100"),
    ("printer", "Separately I want a scanner to digitise a shoebox of old family photos. HP as well, under 100"),
])
def test_a_thing_added_beside_a_request_of_constraints_may_switch(tiny_products, kind: str, message: str) -> None:
    conv, lookup = shown_as(tiny_products, kind)
    parser = QueryParser(Vocabulary(brands=("HP",), words=frozenset()))
    resolved, _ = resolve(message, conv, parser, lookup, FixedFollowupReader(switches=True))
    assert resolved.intent is Intent.SEARCH


@pytest.mark.parametrize("message", [
    "and the little card that goes inside to save the photos on, 64 gigs or more, under 40",
    "he says the power box inside the case probably won't cope, so one of those too. less than 100",
    "he also said to add more memory sticks while I'm in there. Kingston ones, less than 60",
])
def test_a_thing_described_or_someone_said_to_get_is_asked_not_a_reason(message: str) -> None:
    assert request_of(message).set_aside == ()
