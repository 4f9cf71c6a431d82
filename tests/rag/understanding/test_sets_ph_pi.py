"""Rules written after dev sets PH (impatient shoppers) and PI (shoppers who describe a thing instead of naming it) were
read: a colour the shopper refuses to be shown again, a kind refused in passing names no missing item, a thing described
by what it does is read from its need (not from the devices its description names), a card that makes games look
better, a battery box for the power's blips."""

from __future__ import annotations

import pytest

from rag.understanding import QueryParser, Vocabulary
from rag.understanding.features import read_features
from rag.understanding.named import missing_items
from rag.understanding.needs import need_category
from rag.understanding.story import describes_a_thing, without_story

PARSER = QueryParser(Vocabulary(brands=("CHERRY", "Buffalo", "Sony")))


def test_a_colour_the_shopper_will_not_be_shown_again_is_refused() -> None:
    colours = [c.value for c in read_features("black. and don't show me some weird gradient purple thing again") if c.kind == "colour"]
    assert colours == ["black"]


@pytest.mark.parametrize("message", [
    "next thing on my list is a keyboard. cherry, black, under fifty, and no I don't want to hear about mechanical switches",
    "Buffalo NAS under 300. been on hold with support for an hour so I'm just buying another",
])
def test_a_kind_refused_or_a_time_said_in_passing_is_no_missing_item(message: str) -> None:
    parsed = PARSER.parse(message)
    assert missing_items(parsed, lambda text: [], PARSER.normalize(message)) == ()


@pytest.mark.parametrize(("message", "kept_out"), [
    ("the kids want the box that plugs into the tv for playing games", "tv"),
    ("also my mum wants a machine to play her old movies on disc", None),
    ("is there a little plug-in gadget that pushes the signal up there?", "plug-in"),
])
def test_the_devices_a_thing_is_described_by_are_not_what_is_asked(message: str, kept_out: str | None) -> None:
    assert describes_a_thing(message)
    if kept_out:
        assert kept_out not in without_story(message, lambda word: None)


@pytest.mark.parametrize("message", [
    "the thing that holds the phone in the car so he's not holding it while driving",  # (what it is for: a holder)
    "so I need a little thing that plugs into usb and reads them",  # (how it connects)
])
def test_what_a_described_thing_holds_or_plugs_into_stays(message: str) -> None:
    words = without_story(message, lambda word: None)
    assert ("phone" in words) if "phone" in message else ("usb" in words)


@pytest.mark.parametrize(("message", "kind"), [
    ("my son wants the card you put inside a pc to make games look better. I've told him 300 is the limit", "graphics card"),
    ("every time the power blips the internet goes down for ages. is there a battery box I can plug the router and modem into", "ups"),
])
def test_needs_said_by_what_a_thing_does(message: str, kind: str) -> None:
    assert need_category(message.lower()) == kind


@pytest.mark.parametrize("message", [
    "I need one of those filters that make the screen look black to anyone not sitting right in front of it. 19 inch",
    "so a little separate gadget just for playing songs. needs to hold 8GB at least",
])
def test_a_generic_word_for_a_thing_names_no_missing_item(message: str) -> None:
    parsed = PARSER.parse(message)
    assert missing_items(parsed, lambda text: [], PARSER.normalize(message)) == ()


def test_a_kind_needed_outright_by_its_phrase_stands_over_the_learned_reader() -> None:
    from rag.understanding.typer import TypeReading
    from tests.rag.understanding.fakes import FixedReader

    message = "so I also need a range extender for there, Also tp-link, under a hundred"
    assert FixedReader(TypeReading("router", 3.0)).checked(message.lower(), "network extender") == "network extender"


_PARSER_PI = QueryParser(Vocabulary(brands=("Newstar", "StarTech.com", "Kingston Technology")))


@pytest.mark.parametrize(("message", "kind"), [
    ("my eyesight isn't what it was so I want a mobile with a really big screen, 6.4 inches or more", "smartphone"),
    ("a mobile, under 300, with a big screen", "smartphone"),
    ("need an extension lead with lots of sockets that also protects stuff from power surges, under $30", "surge protector"),
    ("and the little card that goes inside to save the photos on, 64 gigs or more, under 40", "memory card"),
    ("I want a bracket thing that holds my monitor up off the desk so I get the space back. Newstar, under a hundred", "monitor mount"),
    ("I want to use one keyboard, mouse and screen and flick between the two with a button. StarTech, under 100", "kvm switch"),
    ("I'm also always short of usb sockets, is there a thing that turns one into four? black, under 30", "usb hub"),
    ("he says the power box inside the case probably won't cope, so one of those too. less than 100", "power supply unit"),
    ("a mate said swap the spinning hard drive for one of the fast solid state ones. at least 240GB", "internal ssd"),
    ("he also said to add more memory sticks while I'm in there. Kingston ones, less than 60", "memory module"),
])
def test_more_things_described_are_read_from_what_they_do(message: str, kind: str) -> None:
    assert _PARSER_PI.parse(message).filters.categories == (kind,)


def test_a_mobile_printer_is_still_a_printer() -> None:
    assert _PARSER_PI.parse("a mobile printer for my van").filters.categories == ("printer",)
