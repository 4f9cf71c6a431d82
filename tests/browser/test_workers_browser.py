"""Several server workers, as a person sees them: the page is opened on an API
worker, which answers the API itself and forwards the Gradio app (its page,
queue and event streams) to the worker that serves it (rag.server.UIProxy).
A chat turn must come back whole, with its product cards."""

from __future__ import annotations

import os

import pytest

from tests.browser.conftest import block_outside
from tests.browser.pages import ask, cards


@pytest.fixture(scope="module")
def api_worker_url(browser_services):
    from rag.server import UIProxy, create_server_app
    from tests.app_fixtures import LiveServer

    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    settings = browser_services.settings
    with LiveServer(create_server_app(settings, browser_services)) as app_worker, \
            LiveServer(UIProxy(create_server_app(settings, browser_services, with_ui=False), app_worker.url)) as front:
        yield front.url


def test_a_chat_turn_through_an_api_worker(browser, api_worker_url):
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    context.route("**/*", block_outside)
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(api_worker_url)
        page.wait_for_selector("#sa-message textarea")
        first = ask(page, "wireless mouse")
        assert first and cards(page, first)
        second = ask(page, "a cheaper one")  # a follow-up: the session lives in the app's worker
        assert second and second != first and cards(page, second)
        cookie = next(c for c in context.cookies() if c["name"] == "shopassist_id")
        assert cookie["httpOnly"]  # one identity, issued through the forward
    finally:
        context.close()
