"""The app builds from injected services and answers through the real Gradio server."""

from __future__ import annotations

import pytest

from rag.ui import ICECAT_CREDIT, build_app


@pytest.fixture(scope="module")
def live_url(services):
    demo = build_app(services)
    _, url, _ = demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=None, quiet=True)
    try:
        yield url
    finally:
        demo.close()


@pytest.fixture
def client(live_url, monkeypatch):
    monkeypatch.setenv("GRADIO_ANALYTICS_ENABLED", "False")
    from gradio_client import Client

    return Client(live_url, verbose=False)


def _text(message: dict) -> str:  # Gradio 6 sends content as a list of parts
    content = message["content"]
    return content if isinstance(content, str) else " ".join(part.get("text", "") for part in content)


def test_builds_with_injected_services_and_no_module_state(services) -> None:
    import rag.ui.app as module

    first, second = build_app(services), build_app(services)
    assert first is not second
    names = {n for n, v in vars(module).items() if isinstance(v, dict | list | set) and not n.isupper() and not n.startswith("__")}
    assert names == set(), f"per-user state must not live in module globals: {names}"
    assert "Icecat" in ICECAT_CREDIT


def test_chat_streams_a_cited_answer_with_cards(client) -> None:
    history, _, _, how, _, *_ = client.predict("hp notebook", [], [], None, None, api_name="/chat")
    texts = [_text(m) for m in history]
    assert texts[0] == "hp notebook"
    assert "[[1]](#card-" in texts[1]
    assert any('class="sa-card"' in t for t in texts[2:])
    assert "answered by <b>extractive</b>" in how and "Latency per stage" in how


def test_chat_reports_a_bad_filter_instead_of_failing(client) -> None:
    history, _, status, *_ = client.predict("hp notebook", [], [], 100, 5, api_name="/chat")
    assert "min price 100 is above max price 5" in status and history == []


def test_search_tab(client) -> None:
    html = client.predict("notebook under $5000", [], [], None, None, True, api_name="/search")
    assert "Understood" in html and "fused" in html
    assert "Type what you are looking for" in client.predict("  ", [], [], None, None, False, api_name="/search")


def test_the_page_runs_several_shoppers_events_at_once(services) -> None:
    # Gradio runs one event at a time by default: one shopper's turn would hold up everyone's.
    demo = build_app(services)
    assert demo._queue.default_concurrency_limit == services.settings.ui_concurrency > 1
    chat = next(d for d in demo.fns.values() if d.api_name == "chat")
    assert chat.concurrency_limit == "default"  # takes the queue's limit, not a fixed 1
