"""Rules written after dev sets QM (home cinema and music), QN (working from home), QO (moving house) and QP (unsure
shoppers) were read: what is done instead is wanted ("instead of a telly I'm doing a projector"), "from scratch" takes
nothing back; home cinema and home office words for things; a floor said with "keep it at"; a wall-mounted thing's colour
is its own; a use or a setup in a "for ..." clause names no device; the learned reader does not override a thing asked for
outright before a list, a name of two words at a sentence's head, or one asked for with what it is to do."""

from __future__ import annotations

import pytest

from rag.understanding import QueryParser, Vocabulary
from rag.understanding.named import named_items
from rag.understanding.prices import read_price
from rag.understanding.typer import TypeReading
from tests.rag.understanding.fakes import FixedReader, category_read

PARSER = QueryParser(Vocabulary(brands=("LG", "Epson", "Netgear", "Verbatim", "APC", "Philips"), words=frozenset(),
                                brand_categories={"LG": ("tv",)}))



def test_what_is_done_instead_is_wanted() -> None:
    assert category_read(PARSER, "instead of a telly I'm doing a projector in the new flat, the living room has a massive blank wall. under $350") \
        == "projector"


def test_from_scratch_takes_nothing_back() -> None:
    parsed = PARSER.parse("hi! furnishing my first apartment from scratch and I've got my heart set on an LG TV")
    assert parsed.filters.categories == ("tv",) and parsed.filters.brands == ("LG",)


@pytest.mark.parametrize(("message", "wanted"), [
    ("cable tidy for the wires dangling down from the wall TV, white", "cable management"),
    ("and something to tidy all the cables hanging down, white too", "cable management"),
    ("and a long HDMI lead to run from the blu-ray at the front of the room to the projector at the back. Black, 30 max", "hdmi cable"),
    ("and a lead so I can plug my phone into them too, 3.5mm to RCA I think? less than $10", "audio cable"),
    ("I want a proper big screen for film nights, 60 inches at least, and nothing under $500", "tv"),
    ("blank discs for recording films, Verbatim", "blank media"),
    ("ok good. next thing is something to hold it up off the desk, one of those clamp-on arms. under $80 for that", "monitor mount"),
    ("the lamp in our Epson projector has gone. need a replacement, Epson, under $150", "projector lamp"),
    ("last thing, something to hang the projector from the ceiling, less than $100", "projector mount"),
    ("Also the wifi barely reaches the lounge so anything we stream keeps buffering. Something from Netgear to extend it",
     "network extender"),
    ("Looking for a screen we can put up and take down again, less than 160 dollars", "projection screen"),
    ("And a 24-inch display to go with it. I'd like to keep that one below $150.", "monitor"),
    ("I'd like a laptop with a 512gb ssd, need room for years of photos I just dug out of a box", "notebook"),
    ("Want some small speakers for my desk so I don't have to wear headphones all day when I'm just listening in", "speakers"),
    ("The desktop my employer shipped me still has a spinning hard drive and it's painfully slow. IT said I can swap in an "
     "SSD myself. I'd want at least 480GB, and under $200.", "internal ssd"),
    ("the wall's only plasterboard so no bracket. I'll need a floor stand for the tv instead, 800 max", "stand"),
    ("great. I'll need a soundbar to sit underneath the tv as well, nothing flash, under 80 bucks is fine", "speakers"),
])
def test_home_cinema_and_home_office_words_for_things(message: str, wanted: str) -> None:
    assert category_read(PARSER, message) == wanted


@pytest.mark.parametrize(("message", "other"), [
    ("a laptop with a 14 inch display", "monitor"),
    ("3 years of warranty on the laptop", "notebook"),
    ("a desk lamp for the study", "projector lamp"),
])
def test_the_plain_words_keep_their_things(message: str, other: str) -> None:
    assert category_read(PARSER, message) != other


def test_keep_it_at_an_amount_minimum_is_a_floor() -> None:
    assert read_price("hmm the really cheap ones look like caps and hoods. can you keep it at 200 minimum?").price.min == 200.0
    assert read_price("keep it at 200").price.max == 200.0


def test_a_wall_mounted_things_colour_is_its_own() -> None:
    assert PARSER.parse("plus a black wall bracket for it, under 50").filters.text.get("colour") == "black"
    assert "colour" not in PARSER.parse("a tv for the lounge, we have white walls").filters.text


@pytest.mark.parametrize(("message", "names"), [
    ("APC surge protector for the home cinema setup", {"cinema"}),
    ("I want one of those contact grills for making paninis, not sure what section that's in. black, and under 60", set()),
])
def test_a_setup_or_a_use_names_no_device(message: str, names: set[str]) -> None:
    assert {item.text for item in named_items(PARSER.parse(message))} == names


@pytest.mark.parametrize(("message", "rules", "model"), [
    ("Karaoke night at ours next Saturday!! I need a microphone, Philips, up to 50", "microphone", "headset"),
    ("also the wifi barely reaches the lounge so anything we stream keeps buffering. a wifi extender from netgear, same budget",
     "network extender", "router"),
    ("we do outdoor movie nights in the back garden over summer. looking for a projection screen we can put up and take down again",
     "projection screen", "projector"),
    ("then for downstairs a micro hi-fi for the living room, also philips, anything up to a hundred", "speakers", "tv"),
    ("also a universal remote that'll run the tv and the blu-ray, same brand", "remote control", "tv"),
])
def test_a_thing_asked_for_outright_is_not_overridden(message: str, rules: str, model: str) -> None:
    assert FixedReader(TypeReading(model, 3.0)).checked(message, rules) == rules


def test_a_word_that_is_no_types_own_name_still_gives_way() -> None:
    """Found by the whole run at 59c8857 (sets NY, PO): "she also wants an arm" is a monitor mount, not the rules' stand."""
    assert FixedReader(TypeReading("monitor mount", 3.0)).checked("she also wants an arm, under 100 please", "stand") == "monitor mount"
