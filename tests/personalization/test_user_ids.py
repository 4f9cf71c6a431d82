"""User ids are normalized (NFKC) or refused at the store's boundary: look-alike
ids (a Cyrillic letter in a Latin id, zero-width, bidi and control characters)
must not become separate shoppers (issue 15, low finding)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from personalization.events import EventKind, Interaction
from personalization.repository import (
    ensure_user,
    forget_user,
    load_profile,
    record_interaction,
    record_turn,
    set_affinity,
    validate_user_id,
)
from personalization.store import UserRow, count_rows_for_user

REFUSED = [
    ("\u0430lice", "Cyrillic"),  # Cyrillic а in a Latin id
    ("p\u0430ypal-fan", "Cyrillic"),
    ("b\u03bfb", "Greek"),  # Greek ο
    ("ali\u200bce", "U+200B"),  # zero-width space
    ("ali\u200dce", "U+200D"),  # zero-width joiner
    ("\ufeffalice", "U+FEFF"),  # byte-order mark
    ("alice\u202egnp.exe", "U+202E"),  # right-to-left override
    ("alice\u2066x\u2069", "U+2066"),  # bidi isolate
    ("ali\u00adce", "U+00AD"),  # soft hyphen
    ("alice\x00", "U+0000"),
    ("alice\x1b[31m", "U+001B"),  # ANSI escape
    ("al ice", "space"),
    ("alice\u3000", None),  # ideographic space: NFKC makes it a space, stripped at the end -> "alice"
    ("", "1-128"),
    ("x" * 129, "1-128"),
]
NORMALIZED = [
    ("\uff41\uff4c\uff49\uff43\uff45", "alice"),  # fullwidth letters
    ("e\u0301lise", "\u00e9lise"),  # combining accent composed
    ("\u2168-fan", "IX-fan"),  # Roman numeral compatibility character
    ("  bob  ", "bob"),
    ("\u592a\u90ceTaro", "\u592a\u90ceTaro"),  # Han with Latin: an allowed combination (UTS 39 highly restrictive)
    ("\u0441\u0430\u0448\u0430", "\u0441\u0430\u0448\u0430"),  # all Cyrillic: one script, kept
    ("user_42@shop.example", "user_42@shop.example"),
]


@pytest.mark.parametrize(("raw", "named"), [r for r in REFUSED if r[1] is not None])
def test_look_alike_and_invisible_ids_are_refused_with_a_clear_error(raw: str, named: str) -> None:
    with pytest.raises(ValueError, match="user id") as info:
        validate_user_id(raw)
    assert named in str(info.value)


@pytest.mark.parametrize(("raw", "expected"), [*NORMALIZED, ("alice\u3000", "alice")])
def test_compatibility_forms_are_normalized(raw: str, expected: str) -> None:
    assert validate_user_id(raw) == expected
    assert validate_user_id(expected) == expected


def test_a_fullwidth_id_is_the_same_shopper_everywhere_in_the_store(sessions, catalog):
    product = next(iter(catalog.values()))
    wide = "\uff41\uff4c\uff49\uff43\uff45"
    with sessions.begin() as s:
        record_turn(s, {"request_id": "r1", "user_id": wide, "session_id": "s1", "shown": [product.id]})
        record_interaction(s, Interaction(wide, EventKind.CLICK, "r1", product.id), product=product)
        set_affinity(s, wide, "brand", "acme", 2.0)
    with sessions() as s:
        assert s.scalars(select(UserRow.id)).all() == ["alice"]
        assert count_rows_for_user(s, "alice")["interactions"] == 1
        assert load_profile(s, wide).by_kind("brand")["acme"].weight == 2.0
    with sessions.begin() as s:
        forget_user(s, wide)
    with sessions() as s:
        assert not any(count_rows_for_user(s, "alice").values())


def test_the_store_refuses_a_look_alike_id_from_any_caller(sessions, catalog):
    product = next(iter(catalog.values()))
    with sessions.begin() as s:
        ensure_user(s, "alice")
    with sessions.begin() as s:
        record_turn(s, {"request_id": "r1", "shown": []})
    for write in (
        lambda s: record_turn(s, {"request_id": "r2", "user_id": "\u0430lice", "shown": []}),
        lambda s: record_interaction(s, Interaction("\u0430lice", EventKind.CLICK, "r1", product.id), product=product),
        lambda s: set_affinity(s, "ali\u200bce", "brand", "acme", 1.0),
        lambda s: s.add(UserRow(id="alice\u202e")),
    ):
        with pytest.raises(ValueError, match="user id"), sessions.begin() as s:
            write(s)
            s.flush()
    with sessions() as s:
        assert s.scalars(select(UserRow.id)).all() == ["alice"]
