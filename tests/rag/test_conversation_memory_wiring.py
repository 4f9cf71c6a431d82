"""Conversation memory as the app and the CLI build it: in the interaction store
(so a follow-up in another process or replica resolves, and nothing is written
to ``sessions_dir``), and gone after forget-me, from the app and from the CLI."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

from sqlalchemy import func, select
from typer.testing import CliRunner

from personalization.store import ConversationMessageRow, open_store
from rag.app_services import ChatInput
from rag.chain import ShoppingAssistant
from rag.cli import app
from rag.conversation import SqlConversationStore
from tests.app_fixtures import make_app_services

runner = CliRunner()


def message_rows(url: str) -> dict[str, int]:
    with open_store(url)() as s:
        stmt = select(ConversationMessageRow.session_id, func.count()).group_by(ConversationMessageRow.session_id)
        return dict(s.execute(stmt).all())


def test_the_cli_keeps_sessions_in_the_store_and_forget_removes_them(cli_env: Path) -> None:
    url = os.environ["SHOPASSIST_STORE_URL"]
    first = runner.invoke(app, ["ask", "hp notebook", "--session", "s1", "--user", "ann", "--json"])
    assert first.exit_code == 0, first.output
    follow = runner.invoke(app, ["ask", "compare the first two", "--session", "s1", "--user", "ann", "--json"])
    assert json.loads(follow.output)["trace"]["intent"] == "compare"  # resolved from the store, another "process"
    runner.invoke(app, ["ask", "usb cable", "--session", "b1", "--user", "bob", "--json"])
    assert message_rows(url) == {"s1": 4, "b1": 2}
    assert not (cli_env / "sessions").exists()
    forgot = runner.invoke(app, ["profile", "forget", "ann", "--yes"])
    assert forgot.exit_code == 0, forgot.output
    assert json.loads(forgot.output)["removed"]["conversation_messages"] == 4
    assert message_rows(url) == {"b1": 2}


def test_forget_me_in_the_app_removes_the_memory_and_proves_it(tmp_path, tiny_products, fake_embedder) -> None:
    services = make_app_services(tmp_path, tiny_products, fake_embedder)
    memory = SqlConversationStore(services.store, ConversationMessageRow.__table__)
    services = replace(services, assistant=ShoppingAssistant(replace(services.assistant.steps, conversations=memory)))
    first = services.run_turn(ChatInput("hp notebook", user_id="ann"))
    session = first.trace.session_id
    services.run_turn(ChatInput("cheaper ones?", session_id=session, user_id="ann"))
    other = services.run_turn(ChatInput("usb cable", user_id="bob")).trace.session_id
    assert len(memory.load(session).turns) == 2
    report = services.forget("ann")
    assert report.complete and report.sessions_cleared == 1
    assert report.removed["conversation_messages"] == 4 and report.left["conversation_turns"] == 0
    assert memory.load(session).turns == () and len(memory.load(other).turns) == 1
