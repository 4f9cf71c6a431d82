"""Rules written after sets OD and OE were read (dev now): prices, colours, sizes, named items and types as those shoppers
said them."""

from __future__ import annotations

import pytest

from rag.understanding import QueryParser, Vocabulary
from rag.understanding.features import read_features
from rag.understanding.named import named_items
from rag.understanding.typer import TypeReading
from tests.rag.understanding.fakes import FixedReader, price_bounds

PARSER = QueryParser(Vocabulary(brands=("HP", "DELL", "Epson", "Samsung"), words=frozenset({"probook", "a51"})))


@pytest.mark.parametrize(("text", "bounds"), [
    ('14" laptop silver, hard limit 900', (None, 900.0)),
    ("also a spare charger for it hp brand limit 40", (None, 40.0)),
    ("nah 128 gig, i can do 45", (None, 45.0)),
    ("between 200 and 600 dollars, anything cheaper than 200 seems too flimsy", (200.0, 600.0)),  # a floor, not a cap
    ("Same sizes and budget.", None),  # the budget held, no "budget" (cheap) cap
    ("i can do 2 monitors", None),
    ("anything under 30 is cheap enough", (None, 30.0)),  # cheap enough is a cap's praise, no floor
])
def test_prices_as_sets_od_and_oe_said_them(text: str, bounds) -> None:
    assert price_bounds(text) == bounds


@pytest.mark.parametrize(("text", "colour"), [
    ("my desk legs and the lamp are both brushed silver, so make it silver, a black one would clash.", "silver"),
    ("a white one would look odd, black please", "black"),
    ("the lead they have is the old red-white-yellow kind, so i need an hdmi cable too", None),  # a look, not a colour asked
    ("a black-red gaming mouse", "black"),
])
def test_a_colour_refused_or_in_a_run_of_colours_is_not_asked(text: str, colour: str | None) -> None:
    found = [c.value for c in read_features(text) if c.kind == "colour"]
    assert found == ([colour] if colour else [])


@pytest.mark.parametrize(("message", "size"), [
    ("hp probook 15.6 under a grand", 15.6),
    ("dell monitor 23.8", 23.8),
    ("hp laptop 15.6 8gb at least 256 gigs storage $800 max", 15.6),
])
def test_a_screen_size_said_bare_to_the_tenth_is_that_size(message: str, size: float) -> None:
    sizes = [c.value for c in PARSER.parse(message).constraints if c.kind == "screen_in"]
    assert len(sizes) == 1 and sizes[0].min <= size <= sizes[0].max and sizes[0].max - sizes[0].min < 0.2


def test_a_bare_decimal_with_money_or_a_unit_is_no_screen() -> None:
    assert not [c for c in PARSER.parse("laptop under 15.6 dollars").constraints if c.kind == "screen_in"]
    assert not [c for c in PARSER.parse("a 15.6 gb drive").constraints if c.kind == "screen_in"]


@pytest.mark.parametrize("message", [
    "k the a51 looks good. gonna need a case for it too, black, not a penny over 20",  # a verdict on what was shown
    "also a spare charger for it hp brand limit 40",  # a cap's words
])
def test_no_name_is_read_from_a_verdict_or_a_caps_words(message: str) -> None:
    parsed = PARSER.parse(message)
    assert named_items(parsed, PARSER.normalize(parsed.raw)) == ()


def test_a_size_said_bare_is_no_model_number_of_the_name_before_it() -> None:
    """ "hp probook 15.6" was "We don't carry the probook 15" (no title has "ProBook 15")."""
    parsed = PARSER.parse("hp probook 15.6 under a grand")
    assert [i.text for i in named_items(parsed, PARSER.normalize(parsed.raw))] == ["probook"]


def test_a_narrower_kind_said_before_its_head_word_is_the_kind_asked() -> None:
    """ "a laptop stand ... The stand can't be over fifty dollars" asked for stands of every kind and abstained."""
    parsed = PARSER.parse("so I want to get him a laptop stand to bring the screen up to eye level, The stand can't be over "
                          "fifty dollars though")
    assert parsed.filters.categories == ("notebook stand",)
    assert PARSER.parse("a stand").filters.categories == ("stand",)


def test_the_learned_type_said_only_inside_the_rules_phrase_gives_way() -> None:
    """ "could you find some printer paper?" after a printer: the model read a printer."""
    message = "OK, we'll order that. We're also nearly out of paper for it, so could you find some printer paper? thirty max"
    assert FixedReader(TypeReading("printer", 3.0)).checked(message.lower(), "printing paper") == "printing paper"
    assert FixedReader(TypeReading("printer", 3.0)).checked(message.lower() + " and a printer", "printing paper") == "printer"


@pytest.mark.parametrize(("message", "kind"), [
    ("Great, so we'll need a proper screen to project onto, The group raised another 400 for that", "projection screen"),
    ("I'm finally getting serious about photography after years of just using my phone. I'd like a Canon", "camera"),
    ("Our office is switching to hot-desking, so now I have to carry my 15.6\" work laptop home every single night. I'm looking "
     "for a Targus bag that fits it; our IT guy swears they're the only ones that survive.", "notebook bag"),
    ("something to prop my laptop up", "notebook stand"),
])
def test_needs_said_as_sets_od_and_oe_said_them(message: str, kind: str) -> None:
    """ "a proper screen" was a laptop raised ("prop..."), the phone a photographer used before was the kind asked, and a bag
    to carry a work laptop in any bag."""
    parsed = PARSER.parse(message)
    assert parsed.filters.categories == (kind,)


def test_money_raised_for_the_thing_is_its_budget() -> None:
    assert price_bounds("The group raised another 400 for that and we can't go over it for the screen") == (None, 400.0)


def test_an_accessory_for_another_device_is_that_devices_kind_of_it() -> None:
    """Noticed last session: "a ceiling mount for the projector, chief" showed Chief monitor mounts ("ceiling mount" is a
    phrase of monitor mounts)."""
    assert PARSER.parse("a ceiling mount for the projector").filters.categories == ("projector mount",)
    assert PARSER.parse("a wall mount for the tv").filters.categories == ("monitor mount",)
    assert PARSER.parse("a stand for the laptop").filters.categories == ("notebook stand",)


def test_what_the_thing_is_kept_in_is_no_type_the_model_reads() -> None:
    """Noticed last session: "something to protect it while it rattles around in my tote bag" after tablets showed notebook
    bags (the learned reader's type, named only by "bag")."""
    message = "something to protect the tablet while it rattles around in my tote bag"
    assert FixedReader(TypeReading("notebook bag", 3.0)).checked(message, "tablet case") == "tablet case"
    # ... nor what it is hooked up to (noticed last session: "a cable to hook it up" after TVs)
    assert FixedReader(TypeReading("tv", 3.0)).checked("and a cable to hook the tv up, under 20 if you can", "cable") == "cable"


def test_a_bare_size_refused_is_no_size() -> None:
    """Set KY: "lenovo laptop, 14-inch. not 15.6, not 13.3. FOURTEEN." read 15.6 and 13.3 as sizes asked."""
    sizes = [c.text for c in PARSER.parse("lenovo laptop, 14-inch. not 15.6, not 13.3. FOURTEEN.").constraints if c.kind == "screen_in"]
    assert sizes == ["14-inch"]
