"""Follow-up rules written after dev sets PS (going back to a product asked about earlier) and PT (misspellings) were read:
a follow-up that goes back to an earlier search refines that search, with what was said for it; a thing of its own named
beside it is still a new search; a word of chat before the request does not hide the thing it asks for."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rag.conversation import Conversation, Intent, Turn, resolve
from rag.conversation.back import returned_to
from rag.records import Filters, NumericRange
from rag.understanding import QueryParser, Vocabulary
from tests.rag.conversation.fakes import says_refine

PARSER = QueryParser(Vocabulary(brands=("Lenovo", "Philips", "Samsung"), words=frozenset()))


def _laptops_then_mice(tiny_products):
    """A search for Lenovo laptops under $900 with 8 GB, then one for mice under $30."""
    laptops = [replace(p, category="notebook") for p in tiny_products[:3]]
    mice = [replace(p, id=f"m{i}", category="mouse") for i, p in enumerate(tiny_products[:3])]
    by_id = {p.id: p for p in (*laptops, *mice)}
    conv = Conversation("s1").with_turn(Turn(
        "a lenovo laptop, 8GB, under 900", "search", "a lenovo laptop, 8gb", Filters(
            brands=("Lenovo",), price=NumericRange(None, 900.0), numeric={"memory_gb": NumericRange(8.0, None)}),
        tuple(p.id for p in laptops))).with_turn(Turn(
            "a basic mouse under 30", "search", "a basic mouse", Filters(price=NumericRange(None, 30.0)), tuple(p.id for p in mice)))
    return conv, (lambda ids: [by_id[i] for i in ids if i in by_id])


@pytest.mark.parametrize("message", [
    "ok back to the laptops. if I stretch to 1200 could I get 16 gigs? still lenovo",
    "going back to laptops, 16 gigs and up to 1200",
    "the laptop from before - can it have 16gb ram, up to 1200?",
    "about that laptop, 16 gigs please, and I can do 1200",
])
def test_going_back_to_an_earlier_search_refines_it(tiny_products, message: str) -> None:
    conv, lookup = _laptops_then_mice(tiny_products)
    resolved, _ = resolve(message, conv, PARSER, lookup, says_refine())
    assert resolved.intent is Intent.REFINE
    assert resolved.filters.brands == ("Lenovo",) and resolved.filters.price.max == 1200.0
    assert resolved.filters.numeric["memory_gb"].min == 16.0


@pytest.mark.parametrize("message", [
    "and a bag for the laptop, under 40",  # a thing of its own named beside it
    "a new laptop for my son too, under 500",  # named with no word that points back
    "cheaper ones?",  # the mice shown last
])
def test_no_way_back_is_read_where_none_is_said(tiny_products, message: str) -> None:
    conv, lookup = _laptops_then_mice(tiny_products)
    assert returned_to(PARSER.normalize(message), conv, lookup) is None


def test_a_word_of_chat_first_does_not_hide_the_thing_asked(tiny_products) -> None:
    monitors = [replace(p, category="monitor") for p in tiny_products[:3]]
    by_id = {p.id: p for p in monitors}
    conv = Conversation("s1").with_turn(Turn("27 inch monitor under 300", "search", "27 inch monitor", Filters(), tuple(by_id)))
    resolved, _ = resolve("great. i also want to get it off the desk with one of those arm mounts, any brand as long as its black",
                          conv, PARSER, lambda ids: [by_id[i] for i in ids if i in by_id])
    assert resolved.intent is Intent.SEARCH


def test_going_back_says_so(tiny_products) -> None:
    conv, lookup = _laptops_then_mice(tiny_products)
    resolved, _ = resolve("ok back to the laptops, up to 1200", conv, PARSER, lookup)
    assert resolved.note.startswith('back to the earlier search "a lenovo laptop, 8GB, under 900"')


def test_a_kind_named_by_the_shown_ones_is_a_new_search(tiny_products) -> None:
    # "and what's the cheapest black camera bag" after cameras (set PW): whatever the learned reader says
    cameras = [replace(p, category="camera") for p in tiny_products[:3]]
    by_id = {p.id: p for p in cameras}
    conv = Conversation("s1").with_turn(Turn("best canon camera between 200 and 600?", "search", "best canon camera", Filters(), tuple(by_id)))
    resolved, _ = resolve("and what's the cheapest black camera bag", conv, PARSER, lambda ids: [by_id[i] for i in ids if i in by_id],
                          says_refine())
    assert resolved.intent is Intent.SEARCH


def test_a_clause_blanked_of_its_price_is_no_word_of_chat(tiny_products) -> None:
    # (in-sample, set MO: "no more than thirty bucks please. I got a bunch of usb sticks ... somewhere to plug them all in"
    # after black usb hubs refines them; the price's clause is no "great." to skip)
    hubs = [replace(p, category="usb hub") for p in tiny_products[:3]]
    by_id = {p.id: p for p in hubs}
    conv = Conversation("s1").with_turn(Turn("usb hub, black", "search", "usb hub, black", Filters(), tuple(by_id)))
    message = ("no more than thirty bucks please. I got a bunch of usb sticks and a card reader for christmas, I just need "
               "somewhere to plug them all in")
    resolved, _ = resolve(message, conv, PARSER, lambda ids: [by_id[i] for i in ids if i in by_id])
    assert resolved.intent is Intent.REFINE


def test_a_kind_named_by_the_shown_ones_in_a_statement_is_no_new_search(tiny_products) -> None:
    # (in-sample, set MF: "under $200, I still need a monitor arm" after HP monitors refines them)
    monitors = [replace(p, category="monitor") for p in tiny_products[:3]]
    by_id = {p.id: p for p in monitors}
    conv = Conversation("s1").with_turn(Turn("HP monitor, 24 inches or larger", "search", "hp monitor", Filters(), tuple(by_id)))
    resolved, _ = resolve("under $200, I still need a monitor arm", conv, PARSER, lambda ids: [by_id[i] for i in ids if i in by_id], says_refine())
    assert resolved.intent is Intent.REFINE
