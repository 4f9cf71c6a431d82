"""Follow-up rules written after sets PY (an ordinary weekday) and PZ (older or less tech-savvy shoppers) were read as dev:
another thing replaced or giving out "too" is asked for ("We're also replacing the router", "the kettle is on its last legs
as well", "My iron's also packed up, so I'll need one of those too"); a lead-in clause ("Next,", "While I'm here,") hands the
request to the clause after it; "She'd also love a ..." asks; what someone said is needed, then "find me one", asks for it;
a brand or a size named as what a neighbour or a friend has is wanted ("Logitech is what my neighbour uses")."""

from __future__ import annotations

import pytest

from rag.conversation import Intent, resolve
from rag.conversation.reasons import request_of, takes_a_thing
from rag.records import Filters, NumericRange
from rag.understanding import QueryParser, Vocabulary
from tests.rag.conversation.fakes import says_refine, shown_as

PARSER = QueryParser(Vocabulary(brands=("TP-LINK", "Netgear", "Logitech", "APC", "Senseo", "Rowenta", "StarTech.com", "HP"),
                                words=frozenset()))


@pytest.mark.parametrize(("message", "thing"), [
    ("Great, thanks. We're also replacing the router. It should be a TP-Link, and I don't want to pay more than forty for it.", "router"),
    ("Wonderful. While I'm here, the kettle is on its last legs as well. Any brand will do as long as it costs less than $40.", "kettle"),
    ("Next, a regular spinning hard drive for backups that goes inside the tower. At least 2TB.", "hard drive"),
    ("She'd also love a digital photo frame, something under $30.", "photo frame"),
    ("Actually, I may as well get a new kettle while I'm at it, the old one is all furred up. Same budget, and it must be black.", "kettle"),
    ("He also mentioned that the signal doesn't reach the back bedroom, and that I'd need one of those booster things that makes "
     "the wifi go further. Could I have the same make for that too?", "booster"),
    ("The man at the old photo shop told me these cameras need one of those tiny memory cards put in them. Could you find me one "
     "that holds at least 32 gigabytes? No more than $20 please.", "memory cards"),
    ("Thank you. Now the keyboard I have is the one that came with the computer in about 2009, so I'd like a new one. Up to $60 "
     "please.", "keyboard"),
])
def test_the_thing_asked_for_is_kept_in_the_request(message: str, thing: str) -> None:
    assert thing in request_of(message).text


@pytest.mark.parametrize("message", [
    "We're also replacing the router.", "the kettle is on its last legs as well", "My iron's also packed up",
    "I may as well get a new kettle while I'm at it",
])
def test_another_thing_replaced_or_giving_out_too(message: str) -> None:
    assert takes_a_thing(message)


@pytest.mark.parametrize("message", ["the kettle is on its last legs", "we're replacing it because it's slow", "my iron is fine too"])
def test_a_thing_giving_out_alone_or_nothing_taken(message: str) -> None:
    assert not takes_a_thing(message)


def test_a_brand_or_a_make_one_said_alone_stays_in_the_request() -> None:
    request = request_of("he said I should get a battery backup box thing so the computer doesn't switch off. An APC one, he said, "
                         "and it mustn't cost more than $150.")
    assert "An APC one" in request.text
    assert "HDMI i think she called it" in request_of("we need the lead you plug the computer into the tv with, HDMI i think she "
                                                      "called it? something under fifteen dollars please").text
    assert "24 inch one would be kind" in request_of("I'll need a screen to go with it. He said a 24 inch one would be kind to my "
                                                     "eyes. I'd like to keep that part under $150.").text


@pytest.mark.parametrize(("kind", "message", "wanted"), [
    ("network switch", "Great, thanks. We're also replacing the router. It should be a TP-Link, and I don't want to pay more than "
     "forty for it.", "router"),
    ("coffee maker", "Wonderful. While I'm here, the kettle is on its last legs as well. Any brand will do as long as it costs "
     "less than $40.", "kettle"),
    ("vacuum cleaner", "Good. My iron's also packed up, so I'll need one of those too, no more than $40.", "iron"),
    ("speakers", "Thank you. Now the keyboard I have is the one that came with the computer in about 2009, so I'd like a new one. "
     "Logitech is what my neighbour uses. Up to $60 please.", "keyboard"),
    ("camera", "The man at the old photo shop told me these cameras need one of those tiny memory cards put in them. Could you "
     "find me one that holds at least 32 gigabytes? No more than $20 please.", "memory card"),
])
def test_another_thing_is_a_new_search_whatever_the_learned_reader_reads(tiny_products, kind: str, message: str, wanted: str) -> None:
    conv, lookup = shown_as(tiny_products, kind, kind, Filters(price=NumericRange(None, 100.0)))
    resolved, parsed = resolve(message, conv, PARSER, lookup, says_refine())
    assert resolved.intent is Intent.SEARCH
    assert wanted in parsed.filters.categories


def test_a_camera_card_after_usb_sticks_is_a_memory_card(tiny_products) -> None:
    conv, lookup = shown_as(tiny_products, "usb flash drive", "usb flash drive", Filters(
        price=NumericRange(None, 20.0), numeric={"storage_gb": NumericRange(64.0, None)}))
    resolved, parsed = resolve("Oh and my camera needs a new card as the old one is full. 128 gigabytes or bigger please, and $40 "
                               "maximum.", conv, PARSER, lookup, says_refine())
    assert resolved.intent is Intent.SEARCH and parsed.filters.categories == ("memory card",)


def test_a_thing_of_mine_giving_out_with_no_other_asked_stays_mine(tiny_products) -> None:
    conv, lookup = shown_as(tiny_products, "notebook", "notebook", Filters(price=NumericRange(None, 800.0)))
    resolved, _ = resolve("my old laptop died last week so under 600 please", conv, PARSER, lookup)
    assert resolved.intent is Intent.REFINE and resolved.filters.price.max == 600.0
