"""Rules written after set RF's failing turns were read again: a thing named by a neighbouring kind ("tiny speakers that go
inside your ears"), how a described thing attaches ("screw-on", "plug in"), a thing it sits beside ("two little boxes
either side of the monitor"), the shopper's own thing said after the description, and a size that is no price."""

from __future__ import annotations

import pytest

from rag.understanding import QueryParser
from rag.understanding.described import description
from rag.understanding.parsed import Constraint, ParsedQuery, filters_from
from tests.rag.understanding.fakes import category_read, price_bounds


def _parsed(message: str, kind: str) -> ParsedQuery:
    constraints = (Constraint("category", kind, kind, 0.6),)
    return ParsedQuery(message, message.lower(), constraints, filters=filters_from(constraints))


@pytest.mark.parametrize(("message", "kind"), [
    ("those little plug-in memory sticks, blue, 16 gigs or more", "usb flash drive"),
    ("those tiny speakers that go inside your ears, for my son. Philips, white, less than 30", "headphones"),
    ("sort of a padlock but not really? the steel cable that ties a laptop to the desk so nobody walks off with it", "security lock"),
    ("need tapes for the label maker, same brand", "label tape"),
    ("Same brand for the mouse please. There's only about 15 x 20 cm left on the tray for it.", "mouse"),
])
def test_a_thing_named_by_a_neighbouring_kind(message: str, kind: str) -> None:
    assert category_read(QueryParser(), message) == kind


def test_a_plug_in_thing_is_no_connector() -> None:
    assert category_read(QueryParser(), "is there a plug in thing that repeats the signal further?") != "connector"


@pytest.mark.parametrize(("message", "kind"), [
    ("two little boxes that sit either side of the monitor so the computer sound isn't so tinny", "monitor"),
    ("the screw-on glass bit for the front of my camera, for zooming in on birds. my camera's a Canon so it should be Canon too",
     "camera"),
    ("the screw-on glass bit for the front of my camera", "rack accessory"),  # (the rules' "screw": how it attaches)
])
def test_the_type_a_description_mentions_gives_way(message: str, kind: str) -> None:
    said = description(message, _parsed(message, kind))
    assert said is not None and said.replaces is not None and said.replaces.value == kind


def test_a_type_named_before_the_description_stands() -> None:
    message = "a camera for the garden, the thing that screws onto the wall"
    assert description(message, _parsed(message, "camera")) is None


@pytest.mark.parametrize(("message", "bounds"), [
    ("There's only about 15 x 20 cm left on the tray for it.", None),
    ("around 30 by 40 inches, under 60", (None, 60.0)),
    ("about 300 x 2", (240.0, 345.0)),
])
def test_a_size_across_is_no_price(message: str, bounds: tuple[float | None, float | None] | None) -> None:
    assert price_bounds(message) == bounds
