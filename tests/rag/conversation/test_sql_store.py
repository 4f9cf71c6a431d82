"""Conversation memory in the interaction store: one table of LangChain messages,
shared by two store instances (replicas, or a restarted process), one insert per
turn, undo rewrites, the JSON files of older versions migrated, forget-me removes it."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from langchain_core.messages import AIMessage, HumanMessage
from sqlalchemy import func, select

from personalization.repository import forget_user, record_turn
from personalization.store import ConversationMessageRow, applied_migrations, make_engine, open_store
from rag.conversation import Conversation, SqlConversationStore, Turn
from rag.records import Filters, NumericRange

TABLE = ConversationMessageRow.__table__


def turn(i: int, **kw) -> Turn:
    return Turn(message=f"message {i}", intent="search", query=f"query {i}", shown=(f"p{i}", f"q{i}"),
                answer=f"answer {i} [1]", **kw)


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{(tmp_path / 'interactions.sqlite').as_posix()}"


def rows(sessions, session_id: str | None = None) -> int:
    with sessions() as s:
        stmt = select(func.count()).select_from(ConversationMessageRow)
        if session_id is not None:
            stmt = stmt.where(ConversationMessageRow.session_id == session_id)
        return s.scalar(stmt)


def test_two_instances_share_memory_and_a_turn_is_two_inserted_rows(url: str) -> None:
    one, two = SqlConversationStore(open_store(url), TABLE), SqlConversationStore(open_store(url), TABLE)
    filtered = turn(1, filters=Filters(brands=("HP",), price=NumericRange(None, 500.0), numeric={"memory_gb": NumericRange(16, None)}))
    one.save(Conversation("s1").with_turn(filtered))
    assert two.load("s1").turns == (filtered,)  # what another replica (or a restart) reads
    two.save(two.load("s1").with_turn(turn(2)))
    assert one.load("s1").turns == (filtered, turn(2))
    assert rows(one.sessions, "s1") == 4
    one.save(one.load("s1"))  # unchanged: nothing written
    assert rows(one.sessions, "s1") == 4
    assert one.load("other").turns == ()


def test_undo_rewrites_and_memory_keeps_the_last_turns(url: str) -> None:
    store = SqlConversationStore(open_store(url), TABLE, max_turns=3)
    conv = store.load("s1")
    for i in range(3):
        conv = store.load("s1").with_turn(turn(i))
        store.save(conv)
    store.save(replace(conv, turns=conv.turns[:1]))  # undo two turns
    assert store.load("s1").turns == (turn(0),)
    for i in range(1, 6):
        store.save(store.load("s1").with_turn(turn(i)))
    assert store.load("s1").turns == (turn(3), turn(4), turn(5))
    assert rows(store.sessions, "s1") == 6  # older turns are not kept past max_turns
    store.delete("s1")
    assert store.load("s1").turns == () and rows(store.sessions) == 0


def test_history_is_langchain_chat_history(url: str) -> None:
    store = SqlConversationStore(open_store(url), TABLE)
    store.save(Conversation("s1").with_turn(turn(1)))
    history = store.history("s1")
    messages = history.messages
    assert [type(m) for m in messages] == [HumanMessage, AIMessage]
    assert messages[0].content == "message 1" and messages[1].content == "answer 1 [1]"
    # Another LangChain app appends through the same history (e.g. RunnableWithMessageHistory).
    history.add_messages([HumanMessage("and a mouse?"), AIMessage("Try the Philips one.")])
    turns = store.load("s1").turns
    assert turns[0] == turn(1)
    assert (turns[1].message, turns[1].answer, turns[1].query, turns[1].shown) == ("and a mouse?", "Try the Philips one.", "", ())


def test_langchain_communitys_sql_history_reads_the_same_rows(url: str) -> None:
    sql = pytest.importorskip("langchain_community.chat_message_histories", reason="the bench extra installs it")
    store = SqlConversationStore(open_store(url), TABLE)
    store.save(Conversation("s1").with_turn(turn(1)))
    theirs = sql.SQLChatMessageHistory("s1", table_name="conversation_messages", connection=make_engine(url))
    assert [m.content for m in theirs.messages] == ["message 1", "answer 1 [1]"]
    theirs.add_messages([HumanMessage("more"), AIMessage("sure")])
    assert store.load("s1").turns[-1].answer == "sure"


def test_json_files_of_older_versions_move_into_the_store_once(url: str, tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    folder.mkdir()
    legacy = Conversation("old").with_turn(turn(1)).with_turn(turn(2, filters=Filters(categories=("notebooks",))))
    (folder / "old.json").write_text(json.dumps({"session_id": "old", "turns": [t.to_dict() for t in legacy.turns]}))
    (folder / "newer.json").write_text(json.dumps({"session_id": "newer", "turns": [turn(9).to_dict()]}))
    (folder / "broken.json").write_text("{not json")
    sessions = open_store(url)
    SqlConversationStore(sessions, TABLE).save(Conversation("newer").with_turn(turn(5)))  # written since

    store = SqlConversationStore(sessions, TABLE, legacy_folder=folder)
    assert store.load("old").turns == legacy.turns
    assert store.load("newer").turns == (turn(5),)  # the store's copy wins
    assert sorted(p.name for p in folder.iterdir()) == ["broken.json"]  # unreadable: left, with a warning
    again = SqlConversationStore(sessions, TABLE, legacy_folder=folder)
    assert again.load("old").turns == legacy.turns and rows(sessions, "old") == 4  # idempotent
    (folder / "broken.json").unlink()
    SqlConversationStore(sessions, TABLE, legacy_folder=folder).load("x")
    assert not folder.exists()


def test_the_migration_is_named_and_forget_me_removes_the_memory(url: str) -> None:
    sessions = open_store(url)
    assert "0005_conversation_messages" in applied_migrations(sessions.kw["bind"])
    store = SqlConversationStore(sessions, TABLE)
    for session_id, user in (("ann-1", "ann"), ("ann-2", "ann"), ("bob-1", "bob")):
        with sessions.begin() as s:
            record_turn(s, {"request_id": f"r-{session_id}", "session_id": session_id, "user_id": user,
                            "message": "hi", "query": "hi"}, shown=[])
        store.save(Conversation(session_id).with_turn(turn(1)))
    with sessions.begin() as s:
        removed = forget_user(s, "ann")
    assert removed["conversation_messages"] == 4
    assert store.load("ann-1").turns == () and store.load("ann-2").turns == ()
    assert store.load("bob-1").turns == (turn(1),)
