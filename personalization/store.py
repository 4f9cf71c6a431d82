"""The interaction store: SQLAlchemy 2.0 ORM tables, the engine factory and
named, idempotent migrations.

Shape (after Metarank): a *ranking* row is what was shown for one request id;
*interaction* rows are what the shopper did, each pointing back at the
ranking's request id. Answers (text, citations, validation) hang off the
ranking. Profiles are derived rows (affinities, centroid) kept up to date
incrementally as interactions arrive.

Sessions are always passed in; nothing here opens one at import time.
SQLite (the default) runs in WAL mode with a busy timeout, so several writer
processes can log feedback at once without losing a committed row. PostgreSQL
(``postgresql+psycopg://``) is tested for real too; there a per-user advisory
lock orders one shopper's profile updates (:func:`lock_user`).

The row classes are the privacy boundary: free-text columns are PII-redacted
and user ids normalized (or refused) whenever a row takes a value.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    create_engine,
    event,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker, validates
from sqlalchemy.pool import StaticPool

from personalization.privacy import (  # noqa: F401  (re-exported: the store's public names)
    MAX_USER_ID_CHARS,
    TRACE_NESTED_TEXT_KEYS,
    TRACE_TEXT_KEYS,
    checked_user_id,
    normalize_user_id,
    redact_text,
    redact_trace,
)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class UserRow(Base):
    __tablename__ = "users"
    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    persona: Mapped[str | None] = mapped_column(String(64), nullable=True)

    @validates("id")
    def _check_id(self, _key: str, value: str) -> str:
        return normalize_user_id(value)


class ChatSessionRow(Base):
    __tablename__ = "chat_sessions"
    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"), index=True, nullable=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @validates("user_id")
    def _check_user_id(self, _key: str, value: str | None) -> str | None:
        return checked_user_id(value)


class RankingRow(Base):
    """What was shown for one request: the ranked ids with per-stage scores."""

    __tablename__ = "rankings"
    request_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"), index=True, nullable=True)
    session_id: Mapped[str | None] = mapped_column(String(128), index=True, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    message: Mapped[str] = mapped_column(Text, default="")  # redacted by the chain
    query: Mapped[str] = mapped_column(Text, default="")
    experiment: Mapped[str] = mapped_column(String(64), default="", index=True)  # A/B experiment name, "" if none
    variant: Mapped[str] = mapped_column(String(64), default="")
    items: Mapped[list] = mapped_column(JSON, default=list)  # [{product_id, rank, fused, rerank, boost}]
    trace: Mapped[dict] = mapped_column(JSON, default=dict)  # Trace.to_dict()
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    @validates("message", "query")
    def _redact_text(self, _key: str, value: str | None) -> str | None:
        return redact_text(value)

    @validates("user_id")
    def _check_user_id(self, _key: str, value: str | None) -> str | None:
        return checked_user_id(value)

    @validates("trace")
    def _redact_trace(self, _key: str, value: dict | None) -> dict:
        return redact_trace(value)


class AnswerRow(Base):
    __tablename__ = "answers"
    request_id: Mapped[str] = mapped_column(ForeignKey("rankings.request_id"), primary_key=True)
    text: Mapped[str] = mapped_column(Text, default="")
    generator: Mapped[str] = mapped_column(String(64), default="")
    citations: Mapped[dict] = mapped_column(JSON, default=dict)
    validation: Mapped[dict] = mapped_column(JSON, default=dict)

    @validates("text")
    def _redact_text(self, _key: str, value: str | None) -> str | None:
        return redact_text(value)


class InteractionRow(Base):
    __tablename__ = "interactions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"), index=True, nullable=True)
    request_id: Mapped[str | None] = mapped_column(ForeignKey("rankings.request_id"), index=True, nullable=True)
    product_id: Mapped[str | None] = mapped_column(String(128), nullable=True)
    kind: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(String(64), nullable=True)
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    value: Mapped[float | None] = mapped_column(Float, nullable=True)  # order value for purchases
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    # Idempotent retries: one row per (shopper, key), so a key is never shared between shoppers
    # (anonymous rows, user_id NULL, share one scope). 0004 replaced the older global uniqueness.
    client_key: Mapped[str | None] = mapped_column(String(128), nullable=True)

    __table_args__ = (
        Index("ux_interactions_user_client_key", text("coalesce(user_id, '')"), "client_key", unique=True),
    )

    @validates("user_id")
    def _check_user_id(self, _key: str, value: str | None) -> str | None:
        return checked_user_id(value)

    @validates("comment")
    def _redact_comment(self, _key: str, value: str | None) -> str | None:
        return redact_text(value)

    @validates("reason")
    def _redact_reason(self, _key: str, value: str | None) -> str | None:
        return redact_text(value, limit=64)


class AffinityRow(Base):
    """One decayed preference: weight as of ``updated_at`` (decay applied on read and on update)."""

    __tablename__ = "affinities"
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)  # brand | category | price_band
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    weight: Mapped[float] = mapped_column(Float, default=0.0)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    counts: Mapped[dict] = mapped_column(JSON, default=dict)  # {"purchase": 2, "click": 3}: for reasons
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)  # set by the shopper: events leave it alone


class CentroidRow(Base):
    __tablename__ = "centroids"
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), primary_key=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary)  # float32, L2-normalized sum of weighted vectors
    mass: Mapped[float] = mapped_column(Float, default=0.0)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ConversationMessageRow(Base):
    """One message of a session's conversation memory (``rag.conversation.SqlConversationStore``).

    The columns are those of LangChain's SQL chat message history (``id``,
    ``session_id``, ``message`` as ``message_to_dict`` JSON), so LangChain's
    own readers see the same conversations. Rows belong to a shopper through
    ``chat_sessions``; forget-me deletes them with the sessions.
    """

    __tablename__ = "conversation_messages"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(Text, index=True)
    message: Mapped[str] = mapped_column(Text)


#: Tables holding a shopper's rows; forget-me empties each of them for the user.
USER_TABLES = (InteractionRow, AffinityRow, CentroidRow, ChatSessionRow)


# -- migrations -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Migration:
    name: str
    apply: Callable[[Connection], None]


def _initial(conn: Connection) -> None:
    Base.metadata.create_all(conn, tables=[t.__table__ for t in (
        UserRow, ChatSessionRow, RankingRow, AnswerRow, InteractionRow, AffinityRow, CentroidRow,
    )])


def _created_at_indexes(conn: Connection) -> None:
    # create_all above already builds them on a fresh database; an older file gets them here.
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_interactions_user_kind ON interactions (user_id, kind)"))


def _rankings_experiment(conn: Connection) -> None:
    # A database made before this step has no experiment column; a fresh one got it from create_all.
    columns = {c["name"] for c in inspect(conn).get_columns("rankings")}
    if "experiment" not in columns:
        conn.execute(text("ALTER TABLE rankings ADD COLUMN experiment VARCHAR(64) NOT NULL DEFAULT ''"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_rankings_experiment ON rankings (experiment)"))


CLIENT_KEY_INDEX = (
    "CREATE UNIQUE INDEX IF NOT EXISTS ux_interactions_user_client_key ON interactions (coalesce(user_id, ''), client_key)"
)


def _client_key_per_user(conn: Connection) -> None:
    """client_key was unique across all shoppers: a replayed key returned another
    shopper's row, and a key claimed first swallowed the owner's later write.
    Replace that constraint with uniqueness per (shopper, key).

    A fresh database has the new index from create_all; an older one has the
    global constraint. PostgreSQL drops it by name. SQLite cannot drop a
    constraint declared inside CREATE TABLE, so the table is rebuilt (SQLite's
    documented recipe: new table, copy, drop, rename), in this transaction.
    """
    with warnings.catch_warnings():  # SQLite's reflection skips (and warns about) our expression index
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based index")
        global_unique = [u for u in inspect(conn).get_unique_constraints("interactions")
                         if u["column_names"] == ["client_key"]]
    if global_unique and conn.dialect.name == "sqlite":
        old_indexes = [row[0] for row in conn.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'interactions' AND sql IS NOT NULL"))]
        conn.execute(text("ALTER TABLE interactions RENAME TO interactions_before_0004"))
        for name in old_indexes:  # index names are global in SQLite: free them for the new table
            conn.execute(text(f'DROP INDEX IF EXISTS "{name}"'))
        InteractionRow.__table__.create(conn)
        columns = ", ".join(c.name for c in InteractionRow.__table__.columns)
        conn.execute(text(f"INSERT INTO interactions ({columns}) SELECT {columns} FROM interactions_before_0004"))
        conn.execute(text("DROP TABLE interactions_before_0004"))
        _created_at_indexes(conn)
    else:
        for constraint in global_unique:
            conn.execute(text(f'ALTER TABLE interactions DROP CONSTRAINT "{constraint["name"]}"'))
    conn.execute(text(CLIENT_KEY_INDEX))
def _conversation_messages(conn: Connection) -> None:
    # Conversation memory moved from JSON files into the store (its rows go with forget-me).
    Base.metadata.create_all(conn, tables=[ConversationMessageRow.__table__])


MIGRATIONS: tuple[Migration, ...] = (
    Migration("0001_initial", _initial),
    Migration("0002_interactions_user_kind_index", _created_at_indexes),
    Migration("0003_rankings_experiment", _rankings_experiment),
    Migration("0004_interactions_client_key_per_user", _client_key_per_user),
    Migration("0005_conversation_messages", _conversation_messages),
)


def migrate(engine: Engine) -> list[str]:
    """Apply every named migration not yet recorded; returns the names applied now.

    Idempotent: a second call applies nothing. Each migration and its record
    commit together, so a crash leaves either both or neither.
    """
    applied_now: list[str] = []
    with engine.begin() as conn:
        conn.execute(text(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name VARCHAR(128) PRIMARY KEY, applied_at VARCHAR(40) NOT NULL)"
        ))
    for migration in MIGRATIONS:
        with engine.begin() as conn:
            done = conn.execute(text("SELECT 1 FROM schema_migrations WHERE name = :n"), {"n": migration.name}).first()
            if done:
                continue
            migration.apply(conn)
            conn.execute(
                text("INSERT INTO schema_migrations (name, applied_at) VALUES (:n, :t)"),
                {"n": migration.name, "t": utcnow().isoformat()},
            )
            applied_now.append(migration.name)
    return applied_now


def applied_migrations(engine: Engine) -> list[str]:
    if not inspect(engine).has_table("schema_migrations"):
        return []
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(text("SELECT name FROM schema_migrations ORDER BY name"))]


# -- engine and sessions ---------------------------------------------------------------


def make_engine(url: str, *, busy_timeout_ms: int = 30_000) -> Engine:
    """An engine for ``url``; SQLite gets WAL, a busy timeout and foreign keys.

    ``sqlite://`` (in memory) uses one shared connection (StaticPool), as
    tests do. A file path's parent folder is created.
    """
    if not url or "://" not in url:
        raise ValueError(f"store URL {url!r} is not a SQLAlchemy URL; e.g. sqlite:///.shopassist/interactions.sqlite or postgresql+psycopg://user@host/db")
    if url.startswith("sqlite"):
        memory = url in ("sqlite://", "sqlite:///:memory:")
        if not memory:
            path = Path(url.split("///", 1)[1]) if "///" in url else None
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": busy_timeout_ms / 1000},
            poolclass=StaticPool if memory else None,
        )

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:
            # SQLAlchemy emits BEGIN itself (below), so the driver must not.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            if not memory:
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")  # durable at checkpoint; WAL keeps the file consistent
            cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn) -> None:
            # A write transaction takes the write lock up front (BEGIN IMMEDIATE): the
            # read-then-write of a profile update can never interleave with another
            # writer's (no lost increment, no duplicate first insert); waiting is the
            # busy timeout's job. Reads that say so begin deferred and never block.
            conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True)


READ_ONLY = "shopassist_read_only"


def read_only(session: Session) -> Session:
    """Mark ``session``'s transaction as a read: on SQLite it begins deferred
    instead of taking the write lock. Call before the first query."""
    session.connection(execution_options={READ_ONLY: True})
    return session


MEMOS = "transaction_memos"


def transaction_memo(session: Session, name: str) -> dict:
    """A dict kept in ``session.info`` for the current transaction only (a later one starts empty):
    what this transaction has already read or written (a ranking's owner, a user that exists, a
    shopper's profile rows), so a batch of writes reads each once. :func:`forget_memos` empties
    them when part of the transaction is rolled back (a savepoint), since they may name its rows."""
    transaction = session.get_transaction()
    if transaction is None:  # no transaction yet: nothing to remember across (a later one may differ)
        return {}
    memos = session.info.get(MEMOS)
    if memos is None or memos[0] is not transaction:
        memos = session.info[MEMOS] = (transaction, {})
    return memos[1].setdefault(name, {})


def forget_memos(session: Session) -> None:
    """Empty every :func:`transaction_memo` of ``session`` (after a savepoint rolled back)."""
    session.info.pop(MEMOS, None)


def lock_user(session: Session, user_id: str) -> None:
    """Serialize this transaction's writes to ``user_id``'s rows with every other writer's.

    A profile update reads and then writes (affinity counts, the centroid, the
    user's first row). SQLite already runs one write transaction at a time
    (BEGIN IMMEDIATE above); PostgreSQL runs them concurrently under READ
    COMMITTED, where two first events of one user both insert the user (a
    duplicate key) and two clicks both read the same count (a lost increment).
    A transaction-scoped advisory lock on the user's id orders them; it is
    released at commit or rollback, re-entrant within a transaction, and other
    users' writes never wait for it.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:user_id, 0))"), {"user_id": user_id})


def open_store(url: str) -> sessionmaker[Session]:
    """Engine + migrations + a session factory: what the services hold."""
    engine = make_engine(url)
    migrate(engine)
    return sessionmaker(engine, expire_on_commit=False)


class SessionFactory(Protocol):
    """What the services hold: ``store()`` opens a session, ``store.begin()`` a transaction
    (a ``sessionmaker`` or a :class:`LazyStore`)."""

    def __call__(self) -> Session: ...

    def begin(self) -> AbstractContextManager[Session]: ...


def check_store(store: SessionFactory) -> tuple[bool, str]:
    """(reachable, why not): one trivial query, never raised, for a health report."""
    try:
        with store() as session:
            session.execute(text("SELECT 1"))
    except Exception as exc:  # reported, never raised: health must answer
        return False, f"{type(exc).__name__}: {exc}"[:300]
    return True, ""


def count_rows_for_user(session: Session, user_id: str) -> dict[str, int]:
    """Rows anywhere in the store that belong to ``user_id`` (forget-me's proof)."""
    user_id = normalize_user_id(user_id)
    out: dict[str, int] = {}
    out["users"] = len(session.scalars(select(UserRow.id).where(UserRow.id == user_id)).all())
    out["rankings"] = len(session.scalars(select(RankingRow.request_id).where(RankingRow.user_id == user_id)).all())
    for table in USER_TABLES:
        out[table.__tablename__] = len(session.execute(select(table).where(table.user_id == user_id)).all())
    sessions = select(ChatSessionRow.id).where(ChatSessionRow.user_id == user_id)
    out[ConversationMessageRow.__tablename__] = len(session.scalars(
        select(ConversationMessageRow.id).where(ConversationMessageRow.session_id.in_(sessions))).all())
    return out


class LazyStore:
    """A session factory that opens (and migrates) the store on first use.

    Services hold one of these, so building the assistant touches no database
    until a turn actually needs a profile (anonymous turns never do).
    Calling it returns a new ``Session``, like a ``sessionmaker``.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self._factory: sessionmaker[Session] | None = None

    @property
    def factory(self) -> sessionmaker[Session]:
        if self._factory is None:
            self._factory = open_store(self.url)
        return self._factory

    def __call__(self) -> Session:
        return self.factory()

    def begin(self) -> AbstractContextManager[Session]:
        return self.factory.begin()
