"""Rules written after held-out sets RY (shoppers who correct themselves) and RZ (typing between meetings) became dev, and dev
sets SK (smart-home builders), SL (you pick), SM (clinics and pharmacies), SN (either-or), SO (travelling abroad) and SP
(other numbers near the limits) were first read: why the shopper stepped away, a price of the ones seen and judged, a count
said with "about", a brand priced out, a floor said with its ends, and words of the sentence that name no product."""

from __future__ import annotations

import pytest

from rag.catalog.vocabulary import Vocabulary
from rag.conversation.subject import NEXT_ON_LIST
from rag.generation.relevance import in_name_position, unknown_words
from rag.understanding import QueryParser
from rag.understanding.asides import without_asides
from rag.understanding.named import named_items
from tests.rag.understanding.fakes import FixedReader, price_bounds

PARSER = QueryParser()


@pytest.mark.parametrize(("message", "left"), [
    ("sorry someone at the door. under 30", "under 30"),
    ("one sec— ok. a case to go on it, same brand", "a case to go on it, same brand"),
    ("back - boss walked in. also a 24 inch screen for it", "also a 24 inch screen for it"),
    ("sorry was on the phone — under 60", "under 60"),
    ("sorry, got a call. between 300 and 1000 dollars", "between 300 and 1000 dollars"),
    ("sorry kid crying. ok also a microsd for it", "also a microsd for it"),
    ("back. under 500", "under 500"),
    # a bare "sorry" opens a correction and stays; "back to" points back; nothing is left of a bare aside
    ("sorry, 26 inch", "sorry, 26 inch"),
    ("sorry. 15.6 inch size", "sorry. 15.6 inch size"),
    ("back to the first one", "back to the first one"),
    ("phone to pair with it", "phone to pair with it"),
    ("one sec", "one sec"),
])
def test_why_the_shopper_stepped_away_is_set_aside(message: str, left: str) -> None:
    assert without_asides(message) == left


@pytest.mark.parametrize(("message", "bounds"), [
    ("keyboard: grey, Cherry brand, no more than 40. hmm, the 40 dollar ones look kinda cheap", (None, 40.0)),
    ("those 50 dollar models seem flimsy, up to 80", (None, 80.0)),
    ("raise the bottom end to 250, the ones around 200 are older than my 2 year old", (250.0, None)),
    ("actually anything under 150 will probably be too weak, so let's say 150 to 300", (150.0, 300.0)),
    ("Lenovo please - IT already supports about 40 ThinkCentres", None),
    # still prices
    ("I want one of the 40 dollar ones", (None, 40.0)),
    ("the ones around 200 are fine, show me those", (160.0, 230.0)),
    ("around 40 for a mouse", (32.0, 46.0)),
    ("around 300 max", (None, 300.0)),
])
def test_prices_of_the_ones_seen_and_counts_are_no_asked_price(message: str, bounds: tuple[float | None, float | None] | None) -> None:
    assert price_bounds(PARSER.normalize(message)) == bounds


def test_a_brand_priced_out_is_not_asked_for() -> None:
    parser = QueryParser(Vocabulary(brands=("Thule", "Targus"), words=frozenset()))
    said = "let's go with Thule. hmm, actually no, Targus, the Thule ones I've seen are way more than I want to spend"
    assert [c.value for c in parser.parse(said).constraints if c.kind == "brand"] == ["Targus"]


def test_a_counter_the_shopper_equips_is_no_shop_seen_elsewhere() -> None:
    parser = QueryParser(Vocabulary(brands=("Epson", "HP"), words=frozenset()))
    said = "Epson printer for the till at the shop, we print maybe 300 receipts a day. Budget is $300"
    assert [c.value for c in parser.parse(said).constraints if c.kind == "brand"] == ["Epson"]


def test_the_next_thing_on_the_list_after_thanks() -> None:
    assert NEXT_ON_LIST.match("great thanks. next thing on my list is a keyboard: grey, cherry brand")


@pytest.mark.parametrize(("word", "query"), [
    ("kind", "toaster next, any kind, just needs two slots"),
    ("bali", "working remotely from bali for a few months and the laptop keyboard is killing my wrists"),
    ("pharmacy", "it has to be cherry, the pharmacy software only certifies theirs"),
    ("airline", "12 hours to singapore next month and the airline headphones are awful. black over-ear headphones"),
])
def test_words_of_the_sentence_are_no_names(word: str, query: str) -> None:
    assert not in_name_position(word, query)


def test_a_pile_of_things_is_how_many() -> None:
    assert unknown_words("need a pile of short cat6 patch leads for the rack", frozenset({"cat6", "patch", "rack", "short"})) == ["lead"]


@pytest.mark.parametrize(("message", "word"), [
    ("philips headphones for the gym, under 30. I go 5 times a week", "5"),
    ("MSI graphics card for my 2019 build, the RX 580 in there is dying", "580"),
    ("need a pile of short cat6 patch leads for the rack", "cat6"),
    ("plus a plug adapter for US style type A/B sockets, in white", "style"),
])
def test_counts_of_times_a_part_in_trouble_a_cable_grade_and_a_socket_style_are_no_names(message: str, word: str) -> None:
    assert not any(word in item.words for item in named_items(PARSER.parse(message), PARSER.normalize(message)))


@pytest.mark.parametrize(("message", "rules", "model"), [
    ("Our GP dictates all his patient letters. Need a Philips dictation microphone", "microphone", "headset"),
    ("too many remotes in the bedroom. I want a Philips universal remote that does tv/soundbar/blu-ray, twenty-five max",
     "remote control", "tv"),
])
def test_a_type_asked_outright_past_its_brand_stands_against_the_learned_reader(message: str, rules: str, model: str) -> None:
    from rag.understanding.typer import TypeReading

    reader = FixedReader(TypeReading(model, 9.0))
    assert reader.checked(message, rules, is_brand=lambda word: word == "philips") == rules
    assert reader.checked(message, rules) == model  # (the brand read past is what lets the rules stand)
