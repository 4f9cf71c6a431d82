"""``client_key`` idempotency is scoped per shopper (issue 15, medium finding):
replaying another shopper's key must not return their row, and a key another
shopper claimed first must not swallow the victim's later write. On SQLite and
PostgreSQL, including a database made before the scoping (its migration)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, inspect, select, text
from sqlalchemy.exc import IntegrityError

from personalization.events import EventKind, Interaction
from personalization.repository import record_interaction, record_turn
from personalization.store import InteractionRow, UserRow, make_engine, migrate, open_store


def _rows(sessions) -> list[tuple[str | None, str | None, str]]:
    with sessions() as s:
        return [(r.user_id, r.client_key, r.kind) for r in s.scalars(select(InteractionRow).order_by(InteractionRow.id))]


def test_replaying_another_shoppers_key_does_not_return_their_row(sessions, catalog):
    product = next(iter(catalog.values()))
    with sessions.begin() as s:
        alice = record_interaction(s, Interaction("alice", EventKind.PURCHASE, product_id=product.id, value=10.0,
                                                  client_key="k-1"), product=product)
        alice_id = alice.id
    with sessions.begin() as s:
        replay = record_interaction(s, Interaction("mallory", EventKind.PURCHASE, product_id=product.id, value=10.0,
                                                   client_key="k-1"), product=product)
        assert replay.id != alice_id and replay.user_id == "mallory"
    assert _rows(sessions) == [("alice", "k-1", "purchase"), ("mallory", "k-1", "purchase")]


def test_a_key_claimed_first_by_someone_else_does_not_swallow_the_victims_write(sessions, catalog):
    product = next(iter(catalog.values()))
    with sessions.begin() as s:
        record_interaction(s, Interaction("mallory", EventKind.CLICK, product_id=product.id, client_key="guess"),
                           product=product)
    with sessions.begin() as s:
        row = record_interaction(s, Interaction("alice", EventKind.CLICK, product_id=product.id, client_key="guess"),
                                 product=product)
        assert row.user_id == "alice"
    assert ("alice", "guess", "click") in _rows(sessions)


def test_the_same_shoppers_retry_is_stored_once_and_a_reused_key_for_another_event_is_refused(sessions, catalog):
    first, second = list(catalog.values())[:2]
    for _ in range(3):
        with sessions.begin() as s:
            record_interaction(s, Interaction("alice", EventKind.CLICK, product_id=first.id, client_key="k"), product=first)
    with sessions.begin() as s, pytest.raises(ValueError, match="client key 'k' was already used"):
        record_interaction(s, Interaction("alice", EventKind.PURCHASE, product_id=second.id, client_key="k"), product=second)
    assert _rows(sessions) == [("alice", "k", "click")]


def test_the_database_refuses_a_duplicate_key_within_one_shopper_only(sessions):
    with sessions.begin() as s:
        s.add_all([UserRow(id="alice"), UserRow(id="bob")])
    with sessions.begin() as s:
        s.add_all([InteractionRow(user_id=u, kind="thumbs_up", client_key="same") for u in ("alice", "bob", None)])
    with pytest.raises(IntegrityError), sessions.begin() as s:
        s.add(InteractionRow(user_id="alice", kind="thumbs_up", client_key="same"))
    with pytest.raises(IntegrityError), sessions.begin() as s:
        s.add(InteractionRow(user_id=None, kind="thumbs_up", client_key="same"))  # anonymous rows share one scope
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(InteractionRow)) == 3


# -- a store made before the scoping: its global unique constraint is replaced ------------------

_OLD_INTERACTIONS = {  # the interactions table as 0001_initial made it before 0004 (client_key unique on its own)
    "sqlite": "CREATE TABLE interactions (id INTEGER NOT NULL, user_id VARCHAR(128), request_id VARCHAR(64), "
              "product_id VARCHAR(128), kind VARCHAR(32) NOT NULL, reason VARCHAR(64), comment TEXT, value FLOAT, "
              "created_at DATETIME NOT NULL, client_key VARCHAR(128), PRIMARY KEY (id), UNIQUE (client_key), "
              "FOREIGN KEY(user_id) REFERENCES users (id), FOREIGN KEY(request_id) REFERENCES rankings (request_id))",
    "postgresql": "CREATE TABLE interactions (id SERIAL NOT NULL, user_id VARCHAR(128), request_id VARCHAR(64), "
                  "product_id VARCHAR(128), kind VARCHAR(32) NOT NULL, reason VARCHAR(64), comment TEXT, "
                  "value FLOAT, created_at TIMESTAMP WITH TIME ZONE NOT NULL, client_key VARCHAR(128), "
                  "PRIMARY KEY (id), UNIQUE (client_key), FOREIGN KEY(user_id) REFERENCES users (id), "
                  "FOREIGN KEY(request_id) REFERENCES rankings (request_id))",
}
_OLD_INDEXES = ("ix_interactions_user_id", "ix_interactions_request_id", "ix_interactions_created_at")


def _make_old_store(url: str) -> None:
    engine = make_engine(url)
    migrate(engine)
    with engine.begin() as conn:
        dialect = conn.dialect.name
        conn.execute(text("DROP TABLE interactions"))
        conn.execute(text(_OLD_INTERACTIONS[dialect]))
        for name, column in zip(_OLD_INDEXES, ("user_id", "request_id", "created_at"), strict=True):
            conn.execute(text(f"CREATE INDEX {name} ON interactions ({column})"))
        conn.execute(text("CREATE INDEX ix_interactions_user_kind ON interactions (user_id, kind)"))
        conn.execute(text("DELETE FROM schema_migrations WHERE name >= '0004'"))
        conn.execute(text("INSERT INTO users (id, created_at, is_demo) VALUES ('alice', CURRENT_TIMESTAMP, false)"))
        conn.execute(text("INSERT INTO interactions (user_id, product_id, kind, created_at, client_key) "
                          "VALUES ('alice', 'p1', 'click', CURRENT_TIMESTAMP, 'k-1'), "
                          "(NULL, 'p2', 'click', CURRENT_TIMESTAMP, NULL)"))
    engine.dispose()


def _index_names(engine) -> set[str]:
    # SQLAlchemy's SQLite reflection skips expression indexes: ask the catalogs directly.
    query = ("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'interactions'"
             if engine.dialect.name == "sqlite" else
             "SELECT indexname FROM pg_indexes WHERE tablename = 'interactions' AND schemaname = current_schema()")
    with engine.connect() as conn:
        return {row[0] for row in conn.execute(text(query))}


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_the_named_migration_rescopes_an_old_store_and_is_idempotent(store_url, catalog):
    _make_old_store(store_url)
    engine = make_engine(store_url)
    applied = migrate(engine)
    assert "0004_interactions_client_key_per_user" in applied
    assert migrate(engine) == []
    inspector = inspect(engine)
    assert not [u for u in inspector.get_unique_constraints("interactions") if u["column_names"] == ["client_key"]]
    assert {"ux_interactions_user_client_key", "ix_interactions_user_id", "ix_interactions_request_id",
            "ix_interactions_created_at", "ix_interactions_user_kind"} <= _index_names(engine)
    assert "interactions_before_0004" not in inspector.get_table_names()
    engine.dispose()
    sessions = open_store(store_url)
    product = next(iter(catalog.values()))
    with sessions.begin() as s:
        record_turn(s, {"request_id": "r", "query": "q", "shown": []})
        record_interaction(s, Interaction("bob", EventKind.CLICK, "r", product.id, client_key="k-1"), product=product)
    assert _rows(sessions) == [("alice", "k-1", "click"), (None, None, "click"), ("bob", "k-1", "click")]
    with sessions.begin() as s:  # the old rows keep working: a new row gets the next id
        row = record_interaction(s, Interaction("alice", EventKind.CLICK, "r", product.id, client_key="k-2"), product=product)
        assert row.id == 4
    sessions.kw["bind"].dispose()
