"""A long message's request: the sentence that asks for a type, not the story around it (constraint set LC, a dev set)."""

from __future__ import annotations

import pytest

from rag.understanding.constraints import QueryParser
from rag.understanding.focus import request_part, requested

STORIES = [
    # the type asked for after the shopper's own broken one
    ("my old laptop finally croaked. it's been crazy slow for a year and now it won't charge at all, the battery swelled up "
     "and the trackpad is literally popping out of the case. i'm a grad student so it's mostly for writing my thesis. "
     "i've got $800 to spend on a new laptop and that's it.", "notebook"),
    # a question at the end asks ("what notebooks do you have?"), the chargers and docks are the story's
    ("hi there. i run a small bookkeeping office and one of the part-timers has been using my old personal laptop which "
     "finally gave up the ghost. the other two machines we have are lenovos, so i want to stay with lenovo and not juggle "
     "different chargers and docks. what notebooks do you have?", "notebook"),
    # a purpose clause names what the laptop must fit, not a tray asked for
    ("i'm a consultant and i'm on a plane like twice a week. my current work laptop is a 17 inch monster that weighs a ton. "
     "i'm after a laptop in the 13 to 14 inch range so it actually fits on a tray", "notebook"),
    # what a price is for ("$200 max for the power supply"), not the pc it sits in
    ("the psu in my gaming pc started making a high-pitched whine and last night it shut off mid-match and smelled like "
     "burning plastic. unplugged it right away. i'm replacing it with a be quiet unit because my whole build is be quiet. "
     "$200 max for the power supply", "power supply unit"),
    # nothing asked for by a type word: a new one of the shopper's own, said first
    ("the speakers on my desktop crackle whenever the volume is over half, i think my toddler yanked the cable one too "
     "many times. i mostly listen to podcasts while i work. my last set was philips and lasted a decade so i want philips "
     "again. fifty dollars is my limit.", "speakers"),
    # asked for after the type word ("a laptop would be perfect"), the memory the story needs no memory module
    ("my niece just started college and she has been using her mom's ancient laptop which weighs a ton. she's studying "
     "graphic design so she needs a decent screen and enough memory, at least 16gb. her parents and i are chipping in "
     "together and our total is $900. a laptop would be perfect.", "notebook"),
    # what something already is ("it's a 6 year old pc") and "a year" are no request
    ("my son is starting algebra 2 and his teacher sent home a supply list that says scientific calculator, casio "
     "recommended. we had a ti but his older brother took it to college. and i'm not paying over thirty dollars for a "
     "calculator, that's crazy", "calculator"),
]


@pytest.mark.parametrize(("message", "kind"), STORIES, ids=[s[1] for s in STORIES])
def test_a_long_story_asks_for_the_type_of_its_request(message: str, kind: str) -> None:
    found = requested(message)
    assert found is not None and found[0] == kind


def test_a_short_message_is_read_whole() -> None:
    assert request_part("laptop for a student, 16gb ram, under 800") is None
    assert request_part("my old laptop died. i need a new one. under 800 please") is None  # few words


def test_the_parser_reads_the_type_and_the_search_from_the_asking_sentence() -> None:
    message = STORIES[3][0]
    parsed = QueryParser().parse(message)
    assert [c.value for c in parsed.constraints if c.kind == "category"] == ["power supply unit"]
    assert parsed.focus is not None and "power supply" in parsed.focus
    assert "whine" not in parsed.text and "power supply" in parsed.text  # the story is no search
    assert parsed.filters.price is not None and parsed.filters.price.max == 200  # limits are read from the whole message


def test_an_idiom_of_the_story_is_no_brand() -> None:
    from rag.understanding.constraints import Vocabulary

    parsed = QueryParser(Vocabulary(brands=("Sharp", "Samsung"))).parse(
        "our grandfather is 88 and still sharp as a tack, but his eyesight is going and the tiny tv in his room is useless "
        "now. we want to get him a bigger tv, at least 40 inches, from samsung if possible.")
    assert parsed.filters.brands == ("Samsung",) and parsed.filters.categories == ("tv",)


@pytest.mark.parametrize("message", ["laptop for a grad student", "a tablet for google docs", "laptop for skool"])
def test_a_word_of_the_story_is_no_typo_of_a_catalog_word(message: str) -> None:
    # found driving the app with a long story ("i'm a grad student" read a grey laptop) and on every word of the golden
    # sets the typo rules changed: "grad" is no "gray", "docs" no docks, "skool" is school
    parsed = QueryParser().parse(message)
    assert parsed.filters.text.get("colour") is None
    assert "docking station" not in parsed.filters.categories
