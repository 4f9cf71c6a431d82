"""Rules written after dev sets OT (regional and second-language English) and OU (shoppers who revise as they type) were
read: a size floor said "or over", a size range said "from 23 until 25", two sizes to the tenth with no unit, a range's end
said as a size, RAM said before its size with a word between, an MP3 player's memory, a budget that "can go to" an
amount, a colour scratched, and "a watch"."""

from __future__ import annotations

import pytest

from rag.understanding import QueryParser, Vocabulary
from rag.understanding.named import named_items
from tests.rag.understanding.fakes import price_bounds

PARSER = QueryParser(Vocabulary(brands=("Samsung", "Philips", "HyperX"), words=frozenset()))


def _size(message: str) -> tuple[float | None, float | None] | None:
    size = PARSER.parse(message).filters.numeric.get("screen_in")
    return None if size is None else (size.min, size.max)


@pytest.mark.parametrize(("message", "size"), [
    ("Right, the telly in the front room has finally packed in. Want something 50 inch or over, and it has to be a Samsung", (50, None)),
    ("Philips monitor I want, the screen from 23 until 25 inch.", (22.9, 25.05)),
    # (a range's end said as a size: the bare range is of sizes, and the size said is no band of its own)
    ("Sorry, I change: screen can be more big, 27 inch is okay also, so from 23 until 27.", (22.9, 27.05)),
    # (two sizes to the tenth with no unit are no money)
    ("Ah no, the phone is too big for my hand. Anything between 6.1 and 6.5 will do.", (6.0, 6.55)),
])
def test_sizes_said_in_these_ways_are_read(message: str, size: tuple[float | None, float | None]) -> None:
    assert _size(message) == size


@pytest.mark.parametrize(("message", "price"), [
    ("monitor between 20 and 30", (20, 30)),  # (whole numbers with no unit stay money)
    ("Sorry, I change: from 23 until 27.", (23, 27)),
])
def test_a_bare_range_with_no_size_said_stays_money(message: str, price: tuple[float, float]) -> None:
    assert _size(message) is None and price_bounds(message) == price


@pytest.mark.parametrize("message", ["usb cable between 1.5 and 2.5 m", "a laptop between 1.5 and 2.5 kg"])
def test_a_range_with_another_unit_is_no_size(message: str) -> None:
    assert _size(message) is None


def test_ram_said_before_its_size_with_a_word_between_is_memory_of_the_device() -> None:
    parsed = PARSER.parse("RAM minimum 8 GB and storage minimum 512 GB.")
    assert (parsed.filters.numeric["memory_gb"].min, parsed.filters.numeric["storage_gb"].min) == (8, 512)
    assert "memory module" not in parsed.filters.categories  # (a device's memory and storage, not a RAM stick)
    assert PARSER.parse("I am needing one desktop computer, RAM should be 8 GB at least.").filters.numeric["memory_gb"].min == 8


@pytest.mark.parametrize(("message", "kind"), [("hyperx ram 16gb+", "memory module"), ("16gb ram", "memory module")])
def test_ram_said_alone_is_still_a_memory_module(message: str, kind: str) -> None:
    assert PARSER.parse(message).filters.categories == (kind,)


@pytest.mark.parametrize(("message", "spec"), [
    ("For the sport I want MP3 player, memory 8 GB at least.", "storage_gb"),  # (its memory is its storage)
    ("usb stick with 64gb of memory", "storage_gb"),
    ("laptop with 16gb of memory", "memory_gb"),
])
def test_the_memory_of_a_thing_that_only_stores_is_its_storage(message: str, spec: str) -> None:
    assert set(PARSER.parse(message).filters.numeric) == {spec}


def test_a_budget_that_can_go_to_an_amount_is_a_cap() -> None:
    assert price_bounds("and he says the budget can go to 100") == (None, 100)


@pytest.mark.parametrize(("message", "colour"), [
    ("scratch white, grey goes better with the carpet", "grey"),
    ("ditch the black, white please", "white"),
])
def test_a_colour_scratched_is_not_asked(message: str, colour: str) -> None:
    assert PARSER.parse(message).filters.text["colour"] == colour


@pytest.mark.parametrize(("message", "kind"), [
    ("And a watch to go with it, same brand.", "smartwatch"),
    ("I need a new watch for running", "smartwatch"),
    ("a tv to watch movies on", "tv"),  # (not the verb)
])
def test_a_watch_is_a_smartwatch(message: str, kind: str) -> None:
    assert PARSER.parse(message).filters.categories == (kind,)


def test_a_size_said_again_bare_is_no_price() -> None:
    parsed = PARSER.parse("need an internal SSD, 1TB or more. well 960GB counts too I guess, so 960 and up")
    assert not parsed.filters.price.bounded and parsed.filters.numeric["storage_gb"].min == 960  # (the floor said last)
    assert price_bounds("a 32gb usb stick for 32 bucks") == (None, 32)  # (said as money)


@pytest.mark.parametrize("message", ["I am needing laptop with 15.6 inch screen, HP brand only.", "am wanting one tablet, kindly show"])
def test_a_want_said_in_the_progressive_names_no_item(message: str) -> None:
    parsed = PARSER.parse(message)
    assert named_items(parsed, PARSER.normalize(parsed.raw)) == ()


def test_ram_said_as_such_beside_a_drive_stays_memory() -> None:
    numeric = PARSER.parse("8 gigs RAM min and at least a 256 SSD").filters.numeric
    assert (numeric["memory_gb"].min, numeric["storage_gb"].min) == (8, 256)

