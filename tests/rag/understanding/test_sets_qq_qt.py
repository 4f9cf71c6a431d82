"""Rules written after dev sets QQ (small shops, cafés and B&Bs), QR (shoppers weighing options), QS (car, garden and
outdoors) and QT (carers of an elderly parent) were read: of values weighed side by side the one said again, or after a
word that settles, is asked for ("samsung or motorola, prob samsung", "32 or 42 inch? ... so 32"); a cap said "as the top"
or "at the outside", a price said "one twenty-five"; "looks cheap" is no budget; a small business's premises, a time, a
way through and what is done in the plural name no device; carers' and shopkeepers' words for things; a two-word name
asked for outright before a stop is not overridden by the learned reader."""

from __future__ import annotations

import pytest

from rag.understanding import QueryParser, Vocabulary
from rag.understanding.corrections import settled
from rag.understanding.named import named_items
from rag.understanding.prices import read_price
from rag.understanding.spoken import spelled_numbers
from rag.understanding.typer import TypeReading
from tests.rag.understanding.fakes import FixedReader, category_read

PARSER = QueryParser(Vocabulary(brands=("Samsung", "Motorola", "Philips", "DELL", "ASUS", "Netgear", "Tristar", "Huawei", "Sony",
                                        "Duracell", "HP", "Targus", "Tripp Lite"), words=frozenset()))



@pytest.mark.parametrize(("message", "brand"), [
    ("new phone time. samsung or motorola, prob samsung tbh. want 128gb of storage and below $500", "Samsung"),
    ("I need a new monitor for working from home. Been comparing Philips and Dell for a week now. Dell it is.", "DELL"),
    ("wifi router, under $150. asus or netgear... netgear", "Netgear"),
    ("Kitting out my first flat and a toaster is top of the list. Tristar looks nice but the Philips ones seem nicer... I'll go "
     "Philips.", "Philips"),
])
def test_of_brands_weighed_the_one_settled_on_is_asked_for(message: str, brand: str) -> None:
    assert PARSER.parse(message).filters.brands == (brand,)


def test_brands_weighed_without_settling_both_stand() -> None:
    assert set(PARSER.parse("a samsung or motorola phone").filters.brands) == {"Samsung", "Motorola"}


@pytest.mark.parametrize(("message", "colour"), [
    ("also need a little MP3 player for the gym, at least 4 gigs. white or black... eh, black", "black"),
    ("a tv stand. Silver or black, I keep changing my mind. Silver.", "silver"),
    ("a blue one if you have it, I keep losing the black ones at the bottom of my black laptop bag", "blue"),
])
def test_of_colours_weighed_the_one_settled_on_is_asked_for(message: str, colour: str) -> None:
    assert PARSER.parse(message).filters.text.get("colour") == colour


@pytest.mark.parametrize(("text", "said"), [
    ("small tv for the bedroom. 32 or 42 inch? room's tiny, so 32.", "32 inch"),
    ("can't decide between 24 and 27 inch... ok, 27.", "27 inch"),
    ("then some ram, 8 or 16 gigs... 8's fine.", "8 gigs"),
    ("and for the price, 200 or 250 as the top? go with 250", "250 as the top"),
])
def test_of_sizes_weighed_the_one_said_again_stands(text: str, said: str) -> None:
    assert said in settled(text)


@pytest.mark.parametrize("text", ["a monitor between 24 and 27 inches", "a tv between 200 and 300", "16 or 32 gb is fine"])
def test_a_range_or_a_choice_not_settled_stays(text: str) -> None:
    assert settled(text) == text


def test_caps_said_as_the_top_or_at_the_outside() -> None:
    assert read_price("200 or 250 as the top? go with 250").price.max == 250.0
    assert read_price("she'd rather spend a bit less on the radio, so 25 at the outside").price.max == 25.0
    assert "125 is my limit" in spelled_numbers("one twenty-five is my limit")


def test_looks_cheap_is_no_budget() -> None:
    banded = QueryParser(Vocabulary(brands=("Tristar", "Philips"), words=frozenset(), price_bands={"*": (20.0, 50.0)}))
    assert not [c for c in banded.parse("a toaster. Tristar looks cheap but the Philips ones seem nicer").constraints if c.kind == "price"]


@pytest.mark.parametrize("message", [
    "I run a four room B&B and need a laptop for bookings and emails. It should have 16GB of RAM",
    "I work outdoors on building sites and get through phones like nobody's business. Looking for a Samsung with 64GB storage",
    "Running power out to the shed for the first time. Want a surge protected power strip, Tripp Lite, not over $40",
    "Need a backpack for overnight hikes that'll take my laptop too, Targus, can't spend more than 70",
])
def test_premises_times_and_uses_name_no_device(message: str) -> None:
    assert named_items(PARSER.parse(message), PARSER.normalize(message)) == ()


@pytest.mark.parametrize(("message", "wanted"), [
    ("Mum has the wireless on from morning till night, it's company for her really. She wants a Sony like her old one", "radio"),
    ("It'll go through batteries like nobody's business. A pack of Duracell for it, no more than fifteen dollars?", "battery"),
    ("A simple point-and-shoot camera please, no swapping lenses. Up to $70", "camera"),
    ("I want to put a camera up by my mum's front door so I can see who's calling on her. White, under $35", "security camera"),
    ("Want to stick a camera on the side of the garage pointing down the driveway. Hundred dollars max.", "security camera"),
    ("while I'm here, he also needs a small set for the bedroom. Anywhere from 19 to 23 inches, and $80 at most", "tv"),
    ("next thing on my list is the till computer itself, it just has to run the POS software. 4GB of RAM or more",
     "point of sale terminal"),
    ("Also a cheap phone for the stockroom, no more than 30", "telephone"),
    ("need a hoover for the B&B, under $400", "vacuum cleaner"),
])
def test_carers_and_shopkeepers_words_for_things(message: str, wanted: str) -> None:
    assert category_read(PARSER, message) == wanted


def test_the_same_make_as_a_plain_device_names_no_line() -> None:
    lined = QueryParser(Vocabulary(brands=("HERMA", "HP"), words=frozenset(), line_brands={"computer": ("HERMA", 29, 29)},
                                   line_kinds={"computer": "office supplies"}))
    assert lined.parse("And a screen to go with it. Same make as the computer, 24 inch").filters.brands == ()


def test_a_two_word_name_asked_for_before_a_stop_stands() -> None:
    message = "our till is a 15 year old cash register. i need a pos terminal, hp, under $300"
    assert FixedReader(TypeReading("printer", 3.0)).checked(message, "point of sale terminal") == "point of sale terminal"


def test_a_colour_a_thing_goes_is_not_settled_on() -> None:
    """Found by the whole run at b4dc8ba (set OE): "that go yellow" is what the clear ones do, not "go yellow"."""
    message = "I want an official Samsung case so the buttons line up properly. Black please, I don't like the clear ones that go yellow."
    assert PARSER.parse(message).filters.text.get("colour") == "black"
