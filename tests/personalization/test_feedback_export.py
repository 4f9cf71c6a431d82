"""Every thumbs reaches the export (issue 15, low findings): all thumbs on an
answer (not only the last), thumbs on product cards, each with its product,
reason and comment; and a thumbs that names neither a request nor a shopper
is refused instead of stored where no export would ever show it. On SQLite and
PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from personalization.events import EventKind, Interaction
from personalization.feedback import FEEDBACK_COLUMNS, ExportFormat, feedback_frame, read_frame, write_frame
from personalization.repository import record_interaction, record_turn

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_a_thumbs_with_neither_request_nor_user_is_refused(sessions):
    with pytest.raises(ValueError, match="needs a request id or a user id"):
        Interaction(None, EventKind.THUMBS_UP)
    with pytest.raises(ValueError, match="needs a request id or a user id"):
        Interaction(None, EventKind.THUMBS_DOWN, product_id="p1", comment="bad")
    Interaction("alice", EventKind.THUMBS_UP)  # the shopper's, about no answer: kept for their profile
    Interaction(None, EventKind.THUMBS_UP, "r1")  # an anonymous rating of one answer


def _store_thumbs(sessions, catalog) -> list[str]:
    products = list(catalog.values())[:2]
    shown = [p.id for p in products]
    with sessions.begin() as s:
        record_turn(s, {"request_id": "r1", "user_id": "alice", "message": "mouse", "shown": shown}, created_at=T0)
        record_turn(s, {"request_id": "r2", "user_id": "bob", "message": "tv", "shown": shown},
                    created_at=T0 + timedelta(minutes=1))
        events = [
            Interaction("alice", EventKind.THUMBS_UP, "r1", at=T0 + timedelta(seconds=1)),
            Interaction("alice", EventKind.THUMBS_DOWN, "r1", reason="wrong price", comment="cheaper elsewhere",
                        at=T0 + timedelta(seconds=2)),
            Interaction("carol", EventKind.THUMBS_UP, "r1", reason="helpful", at=T0 + timedelta(seconds=3)),
            Interaction("alice", EventKind.THUMBS_DOWN, "r1", products[1].id, reason="not relevant",
                        at=T0 + timedelta(seconds=4)),
            Interaction("alice", EventKind.THUMBS_UP, "r1", products[0].id, at=T0 + timedelta(seconds=5)),
        ]
        for event in events:
            record_interaction(s, event, product=catalog.get(event.product_id or ""))
    return shown


def test_every_thumbs_on_an_answer_and_on_its_cards_is_exported(sessions, catalog):
    shown = _store_thumbs(sessions, catalog)
    with sessions() as s:
        frame = feedback_frame(s)
    assert {"thumbs_up", "thumbs_down", "thumbs_events"} <= set(FEEDBACK_COLUMNS) == set(frame.columns)
    r1 = frame.set_index("request_id").loc["r1"]
    events = json.loads(r1["thumbs_events"])
    assert [(e["thumbs"], e["product_id"], e["user_id"], e["reason"], e["comment"]) for e in events] == [
        ("up", "", "alice", "", ""),
        ("down", "", "alice", "wrong price", "cheaper elsewhere"),
        ("up", "", "carol", "helpful", ""),
        ("down", shown[1], "alice", "not relevant", ""),
        ("up", shown[0], "alice", "", ""),
    ]
    assert events[0]["at"].startswith("2026-03-01T12:00:01")
    assert (r1["thumbs_up"], r1["thumbs_down"]) == (3, 2)
    # The summary columns keep their meaning: the last thumbs on the whole answer.
    assert (r1["thumbs"], r1["thumbs_reason"]) == ("up", "helpful")
    r2 = frame.set_index("request_id").loc["r2"]
    assert (r2["thumbs_up"], r2["thumbs_down"], json.loads(r2["thumbs_events"])) == (0, 0, [])


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_the_thumbs_round_trip_through_every_export_format(sessions, catalog, tmp_path, fmt):
    _store_thumbs(sessions, catalog)
    with sessions() as s:
        frame = feedback_frame(s)
    back = read_frame(write_frame(frame, tmp_path / f"f.{fmt.value}", fmt), fmt)
    pd.testing.assert_frame_equal(back[["request_id", "thumbs_up", "thumbs_down", "thumbs_events"]],
                                  frame[["request_id", "thumbs_up", "thumbs_down", "thumbs_events"]])
