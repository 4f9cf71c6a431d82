"""A value taken back in the same message: the last one said stands (constraint sets KI and KJ)."""

from __future__ import annotations

import re

import pytest

from rag.understanding import QueryParser
from rag.understanding.corrections import last_said, taken_back


def _spans(text: str, *words: str) -> list[tuple[int, int]]:
    return [re.search(rf"\b{re.escape(w)}\b", text).span() for w in words]


@pytest.mark.parametrize(("text", "words"), [
    ("logitech mouse, white... no, black actually", ("white", "black")),
    ("netgear switch.. scratch that, d-link", ("netgear", "d-link")),
    ("scratch apc, id rather go tripp lite", ("apc", "tripp lite")),
    ("sony headphones no wait, philips", ("sony", "philips")),
])
def test_the_value_said_after_a_correction_stands(text: str, words: tuple[str, ...]) -> None:
    assert last_said(text, _spans(text, *words)) == len(words) - 1


@pytest.mark.parametrize(("text", "words"), [
    ("black and white printer", ("black", "white")),
    ("logitech or microsoft keyboard", ("logitech", "microsoft")),
    ("samsung tv, no lg", ("samsung", "lg")),  # "no" before a name refuses it; it takes nothing back
    ("black mouse", ("black",)),
])
def test_without_a_correction_every_value_stands(text: str, words: tuple[str, ...]) -> None:
    assert last_said(text, _spans(text, *words)) is None


@pytest.mark.parametrize(("text", "kept"), [
    ("internal hdd, 1tb. no wait, i need 2 tb at minimum", "internal hdd, 2 tb. no wait, i need 2 tb at minimum"),
    ("usb stick, at least 16 gigs.. no, 32, my photos grew", "usb stick, at least 32 gigs.. no, 32 gigs, my photos grew"),
    ("keyboard under 50 - actually make that 45", "keyboard under 45 - actually make that 45"),
    ("projector, $200-$400... correction, 300-600", "projector, $300-600... correction, $300-600"),
    ("tv at least 42 inches, hmm, let's say 50 at least", "tv at least 50 inches, hmm, let's say 50 inches at least"),
])
def test_a_size_or_price_taken_back_is_said_as_its_replacement(text: str, kept: str) -> None:
    assert taken_back(text) == kept


@pytest.mark.parametrize("text", [
    "laptop 16gb ram, wait, it also needs 512gb storage",  # not near in size: a second spec, not a correction
    "laptop with 16gb ram for my 2 kids, hmm, around 700",
    "bump storage to 1 tb or more instead of the 512",  # "instead of" points back
    "27 inch monitor under $300",
])
def test_other_numbers_stand(text: str) -> None:
    assert taken_back(text) == text


@pytest.mark.parametrize(("message", "kind", "value"), [
    ("kingston ssd 500gb or more... hmm, make that 960 gigs or bigger", "storage_gb", 960.0),
    ("dell server with 32GB RAM, wait, 16 is enough for our file share", "memory_gb", 16.0),
    ("canon lens, can't spend more than 500. hmm let me rethink, 400 is the real limit", "price", 400.0),
])
def test_the_parser_keeps_the_value_the_shopper_ended_on(message: str, kind: str, value: float) -> None:
    (c,) = [c for c in QueryParser().parse(message).constraints if c.kind == kind]
    assert (c.value.max if kind == "price" else c.value.min) == value
