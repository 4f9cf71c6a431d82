"""Conversation memory in the interaction store, as LangChain chat message history.

Each turn is two LangChain messages in one table of the store (any SQLAlchemy
URL: SQLite by default, PostgreSQL for several replicas): the shopper's
(redacted) message as a ``HumanMessage`` and the answer as an ``AIMessage``
whose ``additional_kwargs["shopassist_turn"]`` keeps what follow-ups resolve
against (intent, search text, filters, the ids shown in order). Rows have
the columns of LangChain's SQL chat message history (``id``, ``session_id``,
``message`` as ``message_to_dict`` JSON), so a LangChain application can read
a shopper's conversation (``store.history(session_id)`` is a
``BaseChatMessageHistory`` for ``RunnableWithMessageHistory``), and so can
langchain-community's ``SQLChatMessageHistory`` pointed at the same table.

Why not langchain-community's ``SQLChatMessageHistory`` itself: the package is
being sunset (it warns so on import, langchain-community issue 674) and its
class opens its own engine and session per call, so a turn's read-compare-write
cannot be one transaction, nor share the store's SQLite settings (WAL, busy
timeout, ``BEGIN IMMEDIATE``). ``langchain-postgres``, the maintained
successor, serves PostgreSQL only, and the default store is SQLite. What is
written here is the part of it we need over langchain-core's maintained
``BaseChatMessageHistory`` and message serialization.

The table and its migration belong to the store (``personalization.store``);
it is injected here, with the store's session factory, so this stage never
imports ``personalization``. Forget-me deletes a shopper's sessions' rows in
the same transaction as the rest of their data.

Conversations written by older versions as JSON files (one per session in
``sessions_dir``) are moved into the store on first use: see
:func:`migrate_json_conversations`.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langchain_core.chat_history import BaseChatMessageHistory
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, message_to_dict, messages_from_dict
from sqlalchemy import Table, delete, insert, select
from sqlalchemy.orm import Session

from rag.conversation.memory import Conversation, ConversationStore, Turn, validate_session_id
from rag.records import filters_from_dict

log = logging.getLogger(__name__)

#: The key in the answer message's ``additional_kwargs`` that holds the turn's search.
TURN_KEY = "shopassist_turn"

Sessions = Any  # a session factory: ``sessions()`` -> Session, ``sessions.begin()`` (sessionmaker, LazyStore)


def turn_to_messages(turn: Turn) -> list[BaseMessage]:
    data = turn.to_dict()
    search = {k: data[k] for k in ("intent", "query", "filters", "shown", "let_go") if k in data}
    return [HumanMessage(content=turn.message), AIMessage(content=turn.answer, additional_kwargs={TURN_KEY: search})]


def messages_to_turns(messages: Sequence[BaseMessage]) -> list[Turn]:
    """Pairs of (human, AI) messages as turns. Messages another application added
    (no ``shopassist_turn``) become turns without a search; a human message with
    no answer after it is a turn with an empty answer."""
    turns: list[Turn] = []
    pending: str | None = None
    for message in messages:
        if isinstance(message, HumanMessage):
            if pending is not None:
                turns.append(Turn(message=pending, intent="chat", query=""))
            pending = message.text
        elif isinstance(message, AIMessage):
            search = message.additional_kwargs.get(TURN_KEY) or {}
            turns.append(Turn(
                message=pending or "",
                intent=str(search.get("intent", "chat")),
                query=str(search.get("query", "")),
                filters=filters_from_dict(search.get("filters") or {}),
                shown=tuple(str(x) for x in search.get("shown") or ()),
                answer=message.text,
                let_go=tuple(str(x) for x in search.get("let_go") or ()),
            ))
            pending = None
    if pending is not None:
        turns.append(Turn(message=pending, intent="chat", query=""))
    return turns


def _encode(message: BaseMessage) -> str:
    return json.dumps(message_to_dict(message), ensure_ascii=False)


def _decode(rows: Iterable[str]) -> list[BaseMessage]:
    return messages_from_dict([json.loads(r) for r in rows])


class SqlChatHistory(BaseChatMessageHistory):
    """One session's messages in the store's conversation table (a LangChain chat message history)."""

    def __init__(self, session_id: str, sessions: Sessions, table: Table,
                 reader: Callable[[], Session] | None = None) -> None:
        self.session_id = validate_session_id(session_id)
        self.sessions = sessions
        self.table = table
        self.reader = reader or sessions

    @property
    def messages(self) -> list[BaseMessage]:  # type: ignore[override]
        with self.reader() as session:
            return _decode(self._rows(session))

    def _rows(self, session: Session) -> list[str]:
        t = self.table
        return list(session.scalars(select(t.c.message).where(t.c.session_id == self.session_id).order_by(t.c.id)))

    def add_messages(self, messages: Sequence[BaseMessage]) -> None:
        with self.sessions.begin() as session:
            self._insert(session, messages)

    def _insert(self, session: Session, messages: Sequence[BaseMessage]) -> None:
        if messages:
            session.execute(insert(self.table), [{"session_id": self.session_id, "message": _encode(m)} for m in messages])

    def clear(self) -> None:
        with self.sessions.begin() as session:
            self._clear(session)

    def _clear(self, session: Session) -> None:
        session.execute(delete(self.table).where(self.table.c.session_id == self.session_id))


@dataclass(frozen=True, slots=True)
class LegacyMigration:
    """What :func:`migrate_json_conversations` did: session ids per outcome."""

    imported: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()  # already in the store: the store's copy wins, the file goes
    unreadable: tuple[str, ...] = ()  # left in place, with a warning


class SqlConversationStore(ConversationStore):
    """Sessions' memory in the interaction store: shared by replicas, kept across restarts.

    ``sessions`` is the store's session factory (opened and migrated on first
    use), ``table`` its conversation table (``personalization.store.ConversationMessageRow.__table__``).
    ``reader``: sessions for reads (e.g. marked read-only, so SQLite does not take
    its write lock to load a conversation); by default ``sessions``.
    ``legacy_folder``: JSON conversation files of older versions, moved into the
    store the first time this store is used (once per process).
    """

    def __init__(self, sessions: Sessions, table: Table, *, reader: Callable[[], Session] | None = None,
                 legacy_folder: Path | None = None, max_turns: int = 20) -> None:
        if max_turns < 1:
            raise ValueError(f"max_turns must be >= 1, got {max_turns}")
        self.sessions = sessions
        self.reader = reader
        self.table = table
        self.legacy_folder = Path(legacy_folder) if legacy_folder is not None else None
        self.max_turns = max_turns
        self._migrated = legacy_folder is None
        self._lock = threading.Lock()

    def history(self, session_id: str) -> SqlChatHistory:
        """The session's messages as LangChain chat history (e.g. ``get_session_history`` of
        ``RunnableWithMessageHistory``)."""
        self._migrate_once()
        return SqlChatHistory(session_id, self.sessions, self.table, self.reader)

    def load(self, session_id: str) -> Conversation:
        turns = messages_to_turns(self.history(session_id).messages)
        return Conversation(session_id, tuple(turns[-self.max_turns:]), self.max_turns)

    def save(self, conversation: Conversation) -> None:
        """Store ``conversation``'s turns as the session's memory, in one transaction.

        The usual save adds one turn to what :meth:`load` returned: only that
        turn's two messages are inserted. Anything else (an undo that dropped
        turns, a conversation past ``max_turns``) rewrites the session's rows.
        """
        history = self.history(conversation.session_id)
        new = list(conversation.turns)
        with self.sessions.begin() as session:
            stored = messages_to_turns(_decode(history._rows(session)))
            window = stored[-self.max_turns:]
            if new == window and len(stored) == len(window):
                return
            appended = (
                new
                and len(stored) < self.max_turns
                and len(new) == len(window) + 1
                and new[:-1] == window
            )
            if appended:
                history._insert(session, turn_to_messages(new[-1]))
                return
            history._clear(session)
            history._insert(session, [m for turn in new for m in turn_to_messages(turn)])

    def delete(self, session_id: str) -> None:
        self.history(session_id).clear()

    def _migrate_once(self) -> None:
        if self._migrated:
            return
        with self._lock:
            if not self._migrated:
                assert self.legacy_folder is not None
                self._migrated = True  # one attempt per process, whatever happens
                report = migrate_json_conversations(self.legacy_folder, self)
                if report.imported or report.kept or report.unreadable:
                    log.info("conversation files in %s: %d moved into the store, %d already there, %d unreadable",
                             self.legacy_folder, len(report.imported), len(report.kept), len(report.unreadable))


def migrate_json_conversations(folder: Path, store: SqlConversationStore,
                               *, on_file: Callable[[Path], None] | None = None) -> LegacyMigration:
    """Move the JSON conversation files of older versions (``<session_id>.json``
    in ``folder``) into ``store`` and delete them; idempotent.

    A session the store already has keeps the store's turns (it is newer: the
    app wrote there since). An unreadable file stays where it is, with a warning.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return LegacyMigration()
    imported, kept, unreadable = [], [], []
    for path in sorted(folder.glob("*.json")):
        if on_file is not None:
            on_file(path)
        session_id = path.stem
        try:
            validate_session_id(session_id)
            data = json.loads(path.read_text(encoding="utf-8"))
            turns = tuple(Turn.from_dict(t) for t in data.get("turns", []))
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            log.warning("conversation file %s not migrated: %s: %s", path, type(exc).__name__, exc)
            unreadable.append(session_id)
            continue
        history = SqlChatHistory(session_id, store.sessions, store.table)
        with store.sessions.begin() as session:
            if history._rows(session):
                kept.append(session_id)
            else:
                history._insert(session, [m for turn in turns for m in turn_to_messages(turn)])
                imported.append(session_id)
        path.unlink()
    for leftover in folder.glob("*.tmp"):  # half-written files of the old atomic writer
        leftover.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        folder.rmdir()  # only when empty
    return LegacyMigration(tuple(imported), tuple(kept), tuple(unreadable))
