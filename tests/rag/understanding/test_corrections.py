"""A value taken back in the same message: the last one said stands (constraint sets KI and KJ)."""

from __future__ import annotations

import re

import pytest

from rag.understanding.corrections import last_said


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
