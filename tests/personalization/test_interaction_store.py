from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import inspect, select, text

from personalization.events import EventKind, Interaction
from personalization.repository import forget_user, record_interaction, record_turn
from personalization.store import MIGRATIONS, Base, InteractionRow, applied_migrations, make_engine, migrate


def test_migrations_are_named_and_idempotent(store_url):
    engine = make_engine(store_url)
    assert migrate(engine) == [m.name for m in MIGRATIONS]
    assert migrate(engine) == []
    assert applied_migrations(engine) == sorted(m.name for m in MIGRATIONS)
    tables = set(inspect(engine).get_table_names())
    assert {"users", "rankings", "interactions", "answers", "affinities", "centroids", "chat_sessions"} <= tables
    engine.dispose()


def test_sqlite_file_runs_in_wal_mode(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'sub' / 'store.sqlite'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_bad_url_is_refused():
    with pytest.raises(ValueError, match="SQLAlchemy URL"):
        make_engine("interactions.sqlite")


def _trace(request_id: str, user: str | None, shown=("a", "b")) -> dict:
    return {
        "request_id": request_id, "user_id": user, "session_id": f"s-{user}" if user else None,
        "message": "mouse", "query": "mouse", "fused": [["a", 0.9], ["b", 0.8], ["c", 0.1]],
        "legs": [{"name": "bm25", "product_ids": ["b", "a"], "scores": [2.0, 1.0]}],
        "rerank": {}, "boosts": [{"product_id": "b", "delta": 0.1, "reason": "r"}],
        "shown": list(shown), "answer": "Try [1].", "generator": "extractive", "citations": {"1": "a"},
        "validation": {"valid": True},
    }


def test_turn_logging_keeps_per_stage_scores_and_is_idempotent(sessions):
    with sessions.begin() as s:
        row = record_turn(s, _trace("r1", "u1"))
        record_turn(s, _trace("r1", "u1"))
        assert row.items[0] == {"product_id": "a", "rank": 1, "fused_rank": 1, "fused": 0.9, "legs": {"bm25": 2}}
        assert row.items[1]["boost"] == 0.1
    with sessions() as s:
        assert s.execute(text("SELECT count(*) FROM rankings")).scalar() == 1
        assert s.execute(text("SELECT count(*) FROM answers")).scalar() == 1


def test_interaction_must_point_at_a_logged_ranking(sessions, catalog):
    product = next(iter(catalog.values()))
    with sessions.begin() as s, pytest.raises(ValueError, match="no ranking"):
        record_interaction(s, Interaction("u1", EventKind.CLICK, request_id="nope", product_id=product.id), product=product)


def test_client_key_makes_retries_idempotent(sessions, catalog):
    product = next(iter(catalog.values()))
    event = Interaction("u1", EventKind.CLICK, product_id=product.id, client_key="k1")
    for _ in range(3):
        with sessions.begin() as s:
            record_interaction(s, event, product=product)
    with sessions() as s:
        assert len(s.scalars(select(InteractionRow)).all()) == 1


def test_forget_me_leaves_nothing(sessions, catalog):
    products = list(catalog.values())
    with sessions.begin() as s:
        record_turn(s, _trace("r1", "alice"))
        record_turn(s, _trace("r2", "bob"))
        for i, p in enumerate(products[:4]):
            at = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=i)
            record_interaction(s, Interaction("alice", EventKind.PURCHASE, request_id="r1", product_id=p.id, at=at),
                               product=p, vector=[1.0, 0.0, 0.5])
            record_interaction(s, Interaction("bob", EventKind.CLICK, request_id="r2", product_id=p.id), product=p)
        # Bob thumbs alice's answer up: it points at her ranking, so it goes with it.
        record_interaction(s, Interaction("bob", EventKind.THUMBS_UP, request_id="r1"))
    with sessions.begin() as s:
        removed = forget_user(s, "alice")
    assert removed["users"] == 1 and removed["rankings"] == 1 and removed["affinities"] > 0
    with sessions() as s:
        for table in Base.metadata.sorted_tables:
            for row in s.execute(select(table)).all():
                text_row = repr(tuple(row))
                assert "alice" not in text_row and "'r1'" not in text_row, (table.name, text_row)
        # Bob is untouched (minus his thumbs on alice's answer).
        assert s.execute(text("SELECT count(*) FROM interactions WHERE user_id='bob'")).scalar() == 4
        assert s.execute(text("SELECT count(*) FROM rankings")).scalar() == 1


def test_csv_exports_defuse_formulas_and_read_back_exactly(tmp_path) -> None:
    """Shopper text that a spreadsheet would run as a formula is written with a
    leading apostrophe; read_frame undoes it, so the round trip stays exact."""
    import pandas as pd

    from personalization.feedback import ExportFormat, read_frame, write_frame

    texts = ["=HYPERLINK(\"http://evil\")", "+1 555", "-cheap", "@SUM(A1)", "'quoted", "plain", "a = b", ""]
    frame = pd.DataFrame({"query": texts, "clicks": range(len(texts))}).astype({"clicks": "int64"})
    path = write_frame(frame, tmp_path / "f.csv", ExportFormat.CSV)
    raw = pd.read_csv(path, keep_default_na=False, dtype=str)["query"].tolist()
    assert raw == ["'=HYPERLINK(\"http://evil\")", "'+1 555", "'-cheap", "'@SUM(A1)", "''quoted", "plain", "a = b", ""]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in raw)
    pd.testing.assert_frame_equal(read_frame(path, ExportFormat.CSV), frame)
