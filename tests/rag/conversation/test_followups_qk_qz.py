"""Follow-up rules written after dev sets QW-QZ were read: "Also replacing my phone, same brand" after a smartwatch asks for
a new phone of the shopper's own; the learned type reader does not override a refill named ("I'll need refill labels for
it too"), a thing pointed back at ("keep blowing bulbs in the cab. got any philips ones") or the thing asked for when its
own kind is only the shopper's ("My reading nook lamp is so dim ... Philips bulb")."""

from __future__ import annotations

import pytest

from rag.conversation import Intent, resolve
from rag.records import Filters, NumericRange
from rag.understanding import QueryParser, Vocabulary
from rag.understanding.typer import TypeReading
from tests.rag.conversation.fakes import says_refine, shown_as
from tests.rag.understanding.fakes import FixedReader

PARSER = QueryParser(Vocabulary(brands=("Samsung", "Philips", "DYMO"), words=frozenset()))


def test_also_replacing_my_own_asks_for_a_new_one(tiny_products) -> None:
    conv, lookup = shown_as(tiny_products, "smartwatch", "smartwatch", Filters(brands=("Samsung",), price=NumericRange(None, 300.0)))
    resolved, parsed = resolve("Also replacing my phone, same brand so they pair without fuss. Up to $600.", conv, PARSER, lookup,
                               says_refine())
    assert resolved.intent is Intent.SEARCH and "smartphone" in parsed.filters.categories


@pytest.mark.parametrize(("message", "model", "rules"), [
    ("perfect. I'll need refill labels for it too, same brand obviously", "label maker", "labels"),
    ("lorry driver, keep blowing bulbs in the cab. got any philips ones under $10", "headphones", "light bulb"),
    ("My reading nook lamp is so dim I'm squinting at the page. Philips bulb, under 60", "projector lamp", "light bulb"),
])
def test_the_learned_reader_does_not_override_these(message: str, model: str, rules: str) -> None:
    assert FixedReader(TypeReading(model, 3.0)).checked(message, rules) == rules


def test_the_learned_reader_still_reads_a_story_it_knows_better() -> None:
    message = "a little camera that clips on top of the computer screen for my video calls, under 50"
    assert FixedReader(TypeReading("webcam", 3.0)).checked(message, "camera") == "webcam"


def test_one_size_said_twice_after_a_pc_with_ram_held_is_ram(tiny_products) -> None:
    conv, lookup = shown_as(tiny_products, "desktop pc", "desktop pc",
                            Filters(price=NumericRange(None, 800.0), numeric={"memory_gb": NumericRange(8.0, None)}))
    resolved, _ = resolve("his friends told him 16gb is the minimum these days 🙄 ok, 16gb and I'll go up to $1200", conv, PARSER,
                          lookup, says_refine())
    assert resolved.filters.numeric.get("memory_gb") == NumericRange(16.0, None) and "storage_gb" not in resolved.filters.numeric


@pytest.mark.parametrize(("kind", "message", "wanted"), [
    ("internal hard drive", "and a smaller SSD for windows + whatever I'm currently playing. 500gb+, no more than 250 dollars",
     "internal ssd"),
])
def test_a_thing_added_by_its_own_name_is_a_new_search(tiny_products, kind: str, message: str, wanted: str) -> None:
    conv, lookup = shown_as(tiny_products, kind, kind, Filters(numeric={"storage_gb": NumericRange(2000.0, None)}))
    resolved, parsed = resolve(message, conv, PARSER, lookup, says_refine())
    assert resolved.intent is Intent.SEARCH and wanted in parsed.filters.categories


def test_a_brand_beside_a_reason_in_brackets_is_kept() -> None:
    from rag.conversation.reasons import request_of
    assert "ASUS" in request_of("sweet, motherboard next. ASUS (I want that ROG look), and no more than $250 for the board").text


def test_could_you_also_find_a_thing_is_a_new_search(tiny_products) -> None:
    conv, lookup = shown_as(tiny_products, "keyboard", "keyboard", Filters(brands=("Logitech",), price=NumericRange(None, 60.0)))
    resolved, parsed = resolve("Could you also find a mouse? Stick to Logitech and the same $60 ceiling.", conv,
                               QueryParser(Vocabulary(brands=("Logitech",), words=frozenset())), lookup, says_refine())
    assert resolved.intent is Intent.SEARCH and "mouse" in parsed.filters.categories


def test_a_two_word_name_asked_of_the_shop_stands_against_the_learned_reader() -> None:
    message = "the back bedroom is still a dead zone tho. can you find a wifi extender or booster too, same brand tp-link"
    assert FixedReader(TypeReading("router", 3.0)).checked(message, "network extender") == "network extender"


@pytest.mark.parametrize(("kind", "message", "wanted"), [
    ("tablet", "Plus a protective case for each one, under $40 - guests will drop them", "tablet case"),
    ("smartphone", "I'll need a case for whatever I end up with as well. Black one, $20 or less.", "mobile phone case"),
    ("scanner", "I'm replacing our old printer at the same time. An HP this time, same budget as the scanner.", "printer"),
    ("radio", "oh and a big pack of AA batteries for all the remotes, Duracell", "battery"),
])
def test_landlords_and_returns_another_thing(tiny_products, kind: str, message: str, wanted: str) -> None:
    conv, lookup = shown_as(tiny_products, kind, kind, Filters(price=NumericRange(None, 400.0)))
    resolved, parsed = resolve(message, conv, QueryParser(Vocabulary(brands=("Duracell", "HP"), words=frozenset())), lookup,
                               says_refine())
    assert resolved.intent is Intent.SEARCH
    assert wanted in parsed.filters.categories or wanted in PARSER.parse(resolved.search_text).filters.categories


def test_what_someone_says_the_shopper_needs_is_asked_and_a_reason_with_a_contraction_is_not() -> None:
    from rag.conversation.reasons import request_of
    assert request_of("She also says I need a little handheld vacuum for my room. Rowenta if you have it, no more than $60.").set_aside == ()
    request = request_of("HP, the office printer is HP so the software's already on the PC")
    assert request.text == "HP" and "so the software's already on the PC" in request.set_aside


def test_that_one_of_another_thing_the_message_takes_is_no_product_shown(tiny_products) -> None:
    conv, lookup = shown_as(tiny_products, "coffee maker", "coffee maker", Filters(price=NumericRange(None, 100.0)))
    resolved, parsed = resolve("While I'm here, the kettle is on its last legs as well. Same $100 limit for that one please", conv,
                               PARSER, lookup, says_refine())
    assert resolved.intent is Intent.SEARCH and "kettle" in parsed.filters.categories


def test_where_the_shopper_things_sit_is_a_reason() -> None:
    from rag.conversation.reasons import request_of
    assert request_of("must be 128GB or bigger, the cameras sit out for weeks").text == "must be 128GB or bigger"


def test_what_a_thing_asked_is_to_do_where_it_sits_is_no_reason() -> None:
    from rag.conversation.reasons import request_of
    assert request_of('and a VDU to sit next to it, 27", under $300').set_aside == ()


def test_what_a_thing_has_got_to_be_is_asked() -> None:
    from rag.conversation.reasons import request_of
    assert request_of("and the screen's got to be 10 inches or bigger, under 300").set_aside == ()
