"""The interaction store: SQLAlchemy 2.0 ORM tables, the engine factory and
named, idempotent migrations.

Shape (after Metarank): a *ranking* row is what was shown for one request id;
*interaction* rows are what the shopper did, each pointing back at the
ranking's request id. Answers (text, citations, validation) hang off the
ranking. Profiles are derived rows (affinities, centroid) kept up to date
incrementally as interactions arrive.

Sessions are always passed in; nothing here opens one at import time.
SQLite (the default) runs in WAL mode with a busy timeout, so several writer
processes can log feedback at once without losing a committed row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
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
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.pool import StaticPool


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


class ChatSessionRow(Base):
    __tablename__ = "chat_sessions"
    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"), index=True, nullable=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


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


class AnswerRow(Base):
    __tablename__ = "answers"
    request_id: Mapped[str] = mapped_column(ForeignKey("rankings.request_id"), primary_key=True)
    text: Mapped[str] = mapped_column(Text, default="")
    generator: Mapped[str] = mapped_column(String(64), default="")
    citations: Mapped[dict] = mapped_column(JSON, default=dict)
    validation: Mapped[dict] = mapped_column(JSON, default=dict)


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
    client_key: Mapped[str | None] = mapped_column(String(128), nullable=True, unique=True)  # idempotent retries


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


def _conversation_messages(conn: Connection) -> None:
    # Conversation memory moved from JSON files into the store (its rows go with forget-me).
    Base.metadata.create_all(conn, tables=[ConversationMessageRow.__table__])


MIGRATIONS: tuple[Migration, ...] = (
    Migration("0001_initial", _initial),
    Migration("0002_interactions_user_kind_index", _created_at_indexes),
    Migration("0003_rankings_experiment", _rankings_experiment),
    Migration("0004_conversation_messages", _conversation_messages),
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


def default_store_url(root: Path) -> str:
    return f"sqlite:///{(root / 'interactions.sqlite').as_posix()}"


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


def open_store(url: str) -> sessionmaker[Session]:
    """Engine + migrations + a session factory: what the services hold."""
    engine = make_engine(url)
    migrate(engine)
    return sessionmaker(engine, expire_on_commit=False)


def count_rows_for_user(session: Session, user_id: str) -> dict[str, int]:
    """Rows anywhere in the store that belong to ``user_id`` (forget-me's proof)."""
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

    def begin(self):
        return self.factory.begin()
