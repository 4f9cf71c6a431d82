"""Product lines named in a request: "for it" after a device names the device the item serves."""

from __future__ import annotations

import pytest

from rag.understanding.lines import referent

_LINES = {"galaxy": "smartphone", "a51": "smartphone", "thinkpad": "notebook"}


@pytest.mark.parametrize(("text", "expected"), [
    ("just got a galaxy a51, need a case for it", "just got a galaxy a51, need a case for smartphone"),
    # writer DU: a model the catalog lacks after a line's English word ("galaxy s20": the Galaxy line is phones)
    ("just got a galaxy s20, need a case for it, black pls", "just got a galaxy s20, need a case for smartphone, black pls"),
    ("my laptop is a 17 inch beast, need a bag for it", "my laptop is a 17 inch beast, need a bag for laptop"),
])
def test_for_it_names_the_device_said_before(text: str, expected: str) -> None:
    assert referent(text, _LINES) == expected


@pytest.mark.parametrize("text", [
    "got the new iphone 15, need a case for it",  # no line the catalog knows
    "need a case for it",  # nothing said before
])
def test_for_it_with_no_device_said_is_left_as_said(text: str) -> None:
    assert referent(text, _LINES) == text
