"""docs/langchain.md's examples run as written, over the tiny catalog (``cli_env``)."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[3] / "docs" / "langchain.md"


def python_blocks(text: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def test_every_example_in_the_langchain_doc_runs(cli_env: Path) -> None:
    blocks = python_blocks(DOC.read_text(encoding="utf-8"))
    assert len(blocks) >= 5
    namespace: dict[str, object] = {"__name__": "docs_langchain"}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for block in blocks:
            exec(compile(block, str(DOC), "exec"), namespace)
    printed = out.getvalue()
    assert "Try [1]." in printed  # the stock RAG chain over the retriever
    reply = namespace["reply"]
    assert isinstance(reply, str) and "[1]" in reply and "id " in reply  # answer + product cards
    follow_up = namespace["follow_up"]
    assert follow_up.output.session_id == namespace["session"] and follow_up.output.answer
    assert "AssistantInput ['filters', 'message', 'session_id', 'user_id']" in printed
