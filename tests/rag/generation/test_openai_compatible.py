"""The OpenAI-compatible provider against a local server speaking the chat-completions API."""

from __future__ import annotations

import json
import threading
import typing
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from rag.generation.answer import Answerer, AnswerOutcome, AnswerPlan
from rag.generation.llm import build_chat_model
from rag.settings import Settings

REPLY = "The Lenovo Legion Y540 costs $1,325.95 and has 16 GB RAM [2]."


class Handler(BaseHTTPRequestHandler):
    requests: typing.ClassVar[list[dict]] = []

    def log_message(self, *args) -> None:
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        Handler.requests.append({"path": self.path, "auth": self.headers.get("Authorization"), "body": body})
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        for i, word in enumerate(REPLY.split(" ")):
            delta = {"content": (" " if i else "") + word}
            chunk = {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": body["model"],
                     "choices": [{"index": 0, "delta": delta, "finish_reason": None}]}
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
        self.wfile.write(b"data: [DONE]\n\n")


@pytest.fixture
def server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    Handler.requests.clear()
    yield f"http://127.0.0.1:{srv.server_address[1]}/v1"
    srv.shutdown()


def test_streams_from_an_openai_compatible_server(server, items, grounding, monkeypatch) -> None:
    monkeypatch.setenv("SHOP_TEST_KEY", "sk-local")
    settings = Settings(llm_provider="openai", openai_base_url=server, openai_model="qwen2.5-7b", openai_api_key_env="SHOP_TEST_KEY")
    answerer = Answerer(build_chat_model(settings))
    plan = AnswerPlan("results", "gaming laptop", "gaming laptop", items)
    pieces = list(answerer.stream(plan, grounding))
    outcome = pieces[-1]
    assert isinstance(outcome, AnswerOutcome)
    assert outcome.generator == "openai:qwen2.5-7b" and outcome.text == REPLY and outcome.report.ok
    sent = Handler.requests[0]
    assert sent["path"] == "/v1/chat/completions" and sent["auth"] == "Bearer sk-local"
    assert sent["body"]["stream"] is True and sent["body"]["model"] == "qwen2.5-7b"
    assert "<products>" in sent["body"]["messages"][-1]["content"]


def test_a_dead_endpoint_falls_back(items, grounding) -> None:
    settings = Settings(llm_provider="openai", openai_base_url="http://127.0.0.1:9/v1", llm_timeout_s=2)
    plan = AnswerPlan("results", "gaming laptop", "gaming laptop", items)
    outcome = list(Answerer(build_chat_model(settings)).stream(plan, grounding))[-1]
    assert outcome.generator == "extractive" and outcome.report.ok
    assert "failed" in outcome.fallbacks[0]
