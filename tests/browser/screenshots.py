"""The page's screenshots in ``assets/``, taken in Chromium on the real catalog.

Run (after ``make ingest``, or with ``SHOPASSIST_INDEX_DIR`` pointing at a built index)::

    .venv/bin/python -m tests.browser.screenshots [--llm extractive]

It serves the whole app (API + page, as ``make run`` does) over the configured index
with a scratch interaction store, aborts every request that leaves loopback (so product
photos fail as they do offline and the cards show their placeholder), and writes
``assets/page-*.png``, ``assets/chat.png`` and ``assets/how_found.png``.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from tests.browser.conftest import ASSETS, block_outside, chromium_path, launch_browser
from tests.browser.pages import ask, cards, settle, wait_for_tools

# The typing indicator lasts as long as the stages before the first words: keep a copy of the
# chat as it looked then (the last indicator drawn), to screenshot after the turn.
KEEP_TYPING_JS = """
() => {
  const chat = document.querySelector('#sa-chat');
  new MutationObserver(() => {
    const bots = chat.querySelectorAll('[data-testid="bot"]');
    const last = bots[bots.length - 1];
    if (!last || !last.querySelector('.sa-typing')) return;  // only while the indicator is the last message
    const copy = chat.cloneNode(true);
    copy.id = 'sa-typing-snapshot';
    copy.style.display = 'none';
    document.querySelector('#sa-typing-snapshot')?.remove();
    chat.after(copy);
  }).observe(chat, {subtree: true, childList: true, characterData: true});
}
"""
SHOW_TYPING_JS = """() => { const copy = document.querySelector('#sa-typing-snapshot'); if (!copy) return false;
  document.querySelector('#sa-chat').style.display = 'none'; copy.style.display = ''; return true; }"""
HIDE_TYPING_JS = """() => { document.querySelector('#sa-typing-snapshot').remove();
  document.querySelector('#sa-chat').style.display = ''; }"""


def shoot(page, name: str, element: str | None = None) -> Path:
    ASSETS.mkdir(exist_ok=True)
    path = ASSETS / name
    (page.locator(element) if element else page).screenshot(path=str(path))
    print(f"wrote {path}")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--llm", default="extractive", help="extractive | local | openai | auto")
    args = parser.parse_args()
    if chromium_path() is None:
        raise SystemExit("Chromium not found at /usr/bin/chromium: apt-get install chromium (make setup does)")

    from playwright.sync_api import sync_playwright

    from rag.app_services import build_app_services
    from rag.server import create_server_app
    from rag.settings import LLMProvider, get_settings
    from tests.app_fixtures import LiveServer

    scratch = Path(tempfile.mkdtemp(prefix="shopassist-shots-"))
    settings = get_settings().with_overrides(llm_provider=LLMProvider.from_str(args.llm),
                                             store_url=f"sqlite:///{(scratch / 'interactions.sqlite').as_posix()}")
    services = build_app_services(settings)
    print(f"{services.search_services.engine.health().products:,} products; answers by {services.generator}")
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    with LiveServer(create_server_app(settings, services)) as live, sync_playwright() as playwright:
        chromium = launch_browser(playwright)
        context = chromium.new_context(viewport={"width": 1440, "height": 1200})
        context.route("**/*", block_outside)
        page = context.new_page()
        page.set_default_timeout(180_000)
        page.goto(live.url)
        page.wait_for_selector("#sa-message textarea")
        ask(page, "wireless mouse")  # warm-up: models load, the panel opens

        # The typing indicator, caught while the turn runs.
        page.locator("#sa-new").click()
        page.wait_for_function("() => !document.querySelector('#sa-chat [data-testid=\"bot\"]')")
        page.evaluate(KEEP_TYPING_JS)
        page.locator("#sa-message textarea").fill("laptop for a student, 16GB RAM, under 800")
        page.locator("#sa-send").click()
        page.wait_for_function("() => document.querySelectorAll('#sa-chat .sa-card').length > 0")
        settle(page)
        page.wait_for_timeout(800)
        if page.evaluate(SHOW_TYPING_JS):  # the chat as it was while the indicator showed
            shoot(page, "page-typing.png", "#sa-typing-snapshot")
            page.evaluate(HIDE_TYPING_JS)
        else:
            print("the typing indicator was not seen (the turn was too quick)")
        page.evaluate("() => window.scrollTo(0, 0)")
        wait_for_tools(page)
        page.wait_for_timeout(800)
        page.locator("#sa-new").click()
        page.wait_for_function("() => !document.querySelector('#sa-chat [data-testid=\"bot\"]')")
        ask(page, "hp notebook with 16gb ram")
        settle(page)
        wait_for_tools(page)
        page.wait_for_timeout(800)
        page.evaluate("() => window.scrollTo(0, 0)")
        shoot(page, "chat.png")
        page.wait_for_selector("#sa-how table")
        shoot(page, "how_found.png", "#sa-how-accordion")

        # Sort by price, show more, compare two.
        page.locator("#sa-new").click()
        page.wait_for_function("() => !document.querySelector('#sa-chat [data-testid=\"bot\"]')")
        rid = ask(page, "bluetooth speaker")
        wait_for_tools(page)
        page.locator("#sa-show-more").click()
        page.wait_for_function("() => /more results|No more results/.test(document.querySelector('#sa-status').innerText)")
        print("after show more:", len(cards(page, rid)), "cards")
        page.locator("#sa-sort input").click()
        page.locator("[role=option]", has_text="Price: low to high").first.click()
        settle(page)
        wait_for_tools(page)
        boxes = page.locator("#sa-compare-pick input[type=checkbox]")
        for i in range(3):
            boxes.nth(i).check()
        page.locator("#sa-compare").click()
        page.wait_for_selector("#sa-chat table.sa-compare")
        settle(page)
        page.wait_for_timeout(500)
        page.locator("#sa-chat table.sa-compare").last.scroll_into_view_if_needed()
        shoot(page, "page-compare.png", "#sa-chat")

        # More like this on a card.
        page.locator("#sa-new").click()
        page.wait_for_function("() => !document.querySelector('#sa-chat [data-testid=\"bot\"]')")
        rid = ask(page, "canon camera")
        first = cards(page, rid)[0]
        page.locator(f"#{first['id']} a.sa-more").click()
        page.wait_for_function("() => [...document.querySelectorAll('#sa-chat .sa-card')].some(c => c.id.startsWith('card-like'))")
        settle(page)
        page.wait_for_timeout(500)
        page.evaluate("() => [...document.querySelectorAll('#sa-chat [data-testid=\"bot\"]')]"
                      ".find(b => b.innerText.trim().startsWith('More like')).scrollIntoView({block: 'start'})")
        shoot(page, "page-more-like.png", "#sa-chat")
        context.close()

        # A phone: filters first, then the chat.
        phone = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                     device_scale_factor=2)
        phone.route("**/*", block_outside)
        page = phone.new_page()
        page.set_default_timeout(180_000)
        page.goto(live.url)
        page.wait_for_selector("#sa-message textarea")
        page.locator("#sa-max input").fill("60")
        page.locator("#sa-max input").press("Tab")
        ask(page, "quiet bluetooth speaker")
        settle(page)
        page.evaluate("() => window.scrollTo(0, 0)")
        shoot(page, "page-phone.png")
        phone.close()
        chromium.close()


if __name__ == "__main__":
    main()
