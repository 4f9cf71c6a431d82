"""Rules written after dev sets PY (an ordinary weekday) and PZ (older or less tech-savvy shoppers) were read: things called
as a newcomer calls them ("one of those memory sticks for taking my documents", "the desk kind" of computer, "tower
computers", "booster things that make the wifi go further", "my camera needs a new card"); a phrasal verb is no type ("would
stand out against the wall"); a meanwhile clause names no type ("a power supply while the case is open"); a brand or a size
named as what a neighbour or friend has is wanted, not set aside as someone else's."""

from __future__ import annotations

import pytest

from rag.understanding import QueryParser, Vocabulary
from rag.understanding.elsewhere import tells_of_elsewhere

PARSER = QueryParser(Vocabulary(brands=("Logitech", "StarTech.com", "HP", "Netgear"), words=frozenset()))


@pytest.mark.parametrize(("message", "kind"), [
    ("I need one of those memory sticks for taking my documents to the printing shop.", "usb flash drive"),
    ("My grandson says to get a memory stick, the little thing you push into the side of the computer.", "usb flash drive"),
    ("I'd like to buy a new computer, the desk kind, not a laptop.", "desktop pc"),
    ("I need one of those tower computers", "desktop pc"),
    ("Oh and my camera needs a new card as the old one is full.", "memory card"),
    ("and that I'd need one of those booster things that makes the wifi go further", "network extender"),
    ("a wifi booster for upstairs", "network extender"),
    ("And a replacement power supply while the case is open. StarTech, no more than 60.", "power supply unit"),
])
def test_a_thing_called_as_a_newcomer_calls_it(message: str, kind: str) -> None:
    assert PARSER.parse(message).filters.categories == (kind,)


def test_a_memory_stick_for_a_camera_is_still_a_card() -> None:
    assert PARSER.parse("a memory stick for my old sony camera").filters.categories == ("memory card",)


def test_standing_out_names_no_stand() -> None:
    assert "stand" not in PARSER.parse("It'll need to be black, a white one would stand out against the wall.").filters.categories


def test_a_monitor_stand_is_still_a_stand() -> None:
    assert PARSER.parse("a monitor stand for my desk").filters.categories in (("stand",), ("monitor mount",))


def test_a_brand_named_as_what_a_neighbour_uses_is_wanted() -> None:
    parsed = PARSER.parse("Now the keyboard I have is the one that came with the computer, so I'd like a new one. Logitech is "
                          "what my neighbour uses. Up to $60 please.")
    assert parsed.filters.brands == ("Logitech",) and parsed.filters.categories == ("keyboard",)
    assert not tells_of_elsewhere("Logitech is what my neighbour uses")
    assert tells_of_elsewhere("my neighbour uses a Logitech")
