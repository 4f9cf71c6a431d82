"""Personal data never reaches the store: every free-text field is redacted at
the store's boundary (the row classes), whichever caller writes it — a turn's
message, query, HyDE text and answer, a thumbs' comment and reason, and a
reason or comment attached later. Exports read what the store holds."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from personalization.events import EventKind, Interaction
from personalization.feedback import ExportFormat, feedback_frame, write_frame
from personalization.repository import record_interaction, record_turn
from personalization.store import Base, InteractionRow

EMAIL, PHONE, CARD, IBAN = "jane.doe@example.com", "+44 20 7946 0958", "4111 1111 1111 1111", "DE89 3704 0044 0532 0130 00"
PII = (EMAIL, PHONE, CARD, IBAN, "4111111111111111", "DE89370400440532013000", "7946 0958")
SAY = f"reach me at {EMAIL} or {PHONE}, card {CARD}, iban {IBAN}"


def _all_text(sessions) -> str:
    with sessions() as s:
        return "\n".join(repr(tuple(row)) for table in Base.metadata.sorted_tables for row in s.execute(select(table)))


def test_every_free_text_field_is_redacted_before_it_is_stored(sessions, tmp_path):
    trace = {"request_id": "r1", "user_id": "alice", "session_id": "s1", "message": SAY, "query": SAY,
             "hyde_text": SAY, "answer": SAY, "generator": "extractive", "shown": ["a"],
             "resolution": {"previous_query": SAY}, "parsed": {"text": SAY}}
    with sessions.begin() as s:
        record_turn(s, trace)
        record_interaction(s, Interaction("alice", EventKind.THUMBS_DOWN, "r1", comment=SAY, reason=f"call {PHONE}"))
        record_interaction(s, Interaction("alice", EventKind.CLICK, "r1", "a", comment=SAY))
    with sessions.begin() as s:  # a reason and comment attached after the thumbs (the app's annotate step)
        row = s.scalars(select(InteractionRow).where(InteractionRow.kind == "thumbs_down")).one()
        row.comment = f"later: {EMAIL}"
        row.reason = f"iban {IBAN}"
    stored = _all_text(sessions)
    for value in PII:
        assert value not in stored, value
    for marker in ("[email]", "[phone]", "[card]", "[iban]"):
        assert marker in stored
    with sessions() as s:
        frame = feedback_frame(s)
    for fmt in ExportFormat:
        path = write_frame(frame, tmp_path / f"feedback.{fmt.value}", fmt)
        if fmt is not ExportFormat.PARQUET:
            exported = path.read_text(encoding="utf-8")
            assert not [v for v in PII if v in exported], fmt
    assert "later: [email]" in frame.to_string()


def test_redaction_keeps_shopping_text_and_fits_the_reason_column(sessions):
    with sessions.begin() as s:
        record_turn(s, {"request_id": "r1", "message": "UE55RU7099 under $1,299.99, ean 8712581549527", "shown": []})
        row = record_interaction(s, Interaction(None, EventKind.THUMBS_UP, "r1", reason="a@b.co " + "x" * 57))
        assert len(row.reason) <= 64
    assert "UE55RU7099 under $1,299.99, ean 8712581549527" in _all_text(sessions)


@pytest.mark.parametrize("field", ["comment", "reason"])
def test_none_stays_none(sessions, field):
    with sessions.begin() as s:
        record_turn(s, {"request_id": "r1", "shown": []})
        row = record_interaction(s, Interaction(None, EventKind.THUMBS_UP, "r1"))
        assert getattr(row, field) is None
