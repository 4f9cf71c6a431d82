"""What a shopper expects of the page (issue 14, item 7 and the page half of item 3), in Chromium:
photos, sort, show more, more like this, compare, follow-up chips, a complete font, names for
assistive technology, filters on a phone, the typing indicator, the byline and the scroll."""

from __future__ import annotations

import base64
import re
import time

import pytest

from rag.embeddings.fake import FakeEmbedder
from tests.browser.conftest import block_outside, screenshot
from tests.browser.pages import ask, card_numbers, cards, price, settle, wait_for_tools

# A 1x1 PNG, served for every product photo when a test lets "the network" answer.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")

WATCH_TYPING_JS = """
() => {
  window.__saSeen = [];
  const chat = document.querySelector('#sa-chat');
  const seen = () => {
    const bots = [...chat.querySelectorAll('[data-testid="bot"]')];
    const last = bots[bots.length - 1];
    if (!last) return;
    const typing = last.querySelector('.sa-typing');
    window.__saSeen.push(typing ? 'typing:' + typing.textContent.trim() : 'text:' + last.innerText.trim().slice(0, 40));
  };
  new MutationObserver(seen).observe(chat, {subtree: true, childList: true, characterData: true});
}
"""


class _SlowQueryEmbedder(FakeEmbedder):
    """The fake embedder, with a query that takes as long as a loaded machine's: a fast machine
    sends the stage and the first words in one frame, and the page rightly shows only the words."""

    def embed_queries(self, texts):
        time.sleep(0.8)
        return super().embed_queries(texts)


@pytest.fixture(scope="module")
def slow_page(browser, tmp_path_factory, tiny_products):
    from rag.server import create_server_app
    from tests.app_fixtures import LiveServer, make_app_services

    services = make_app_services(tmp_path_factory.mktemp("slow"), tiny_products, _SlowQueryEmbedder(dimension=64))
    with LiveServer(create_server_app(services.settings, services)) as live:
        context = browser.new_context(viewport={"width": 1440, "height": 1000})
        context.route("**/*", block_outside)
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(live.url)
        page.wait_for_selector("#sa-message textarea")
        try:
            yield page
        finally:
            context.close()


def test_typing_indicator_names_the_stage_before_the_first_words_and_the_byline_names_the_writer(slow_page) -> None:
    page = slow_page
    page.evaluate(WATCH_TYPING_JS)
    rid = ask(page, "wireless mouse")
    seen = page.evaluate("() => window.__saSeen")
    typing = [s for s in seen if s.startswith("typing:")]
    text = [i for i, s in enumerate(seen) if s.startswith("text:") and s != "text:"]
    assert typing, f"no typing indicator was shown: {seen[:10]}"
    from rag.ui.live import STAGE_LABELS  # whichever stage the observer caught first (a quick turn shows few)

    assert any(label in " ".join(typing) for label in STAGE_LABELS.values()), typing
    assert seen.index(typing[0]) < text[0], "the indicator came after the first words"
    answer = page.locator("#sa-chat [data-testid='bot']").filter(has=page.locator(".sa-byline")).last
    assert "Written by the extractive composer" in answer.inner_text()
    assert page.locator("#sa-chat .sa-typing").count() == 0, "the indicator stayed after the answer"
    assert cards(page, rid)


def test_the_start_of_the_answer_is_in_view_when_it_finishes(page) -> None:
    for text in ("wireless mouse", "hp notebook"):  # two turns: the chat is longer than its box
        ask(page, text)
    settle(page)
    page.wait_for_timeout(600)  # the scroll runs after the answer's last update
    where = page.evaluate(
        """() => { const chat = document.querySelector('#sa-chat');
             const users = chat.querySelectorAll('[data-testid="user"]');
             const q = users[users.length - 1].getBoundingClientRect();
             const log = chat.querySelector('[role="log"]') || chat;
             const box = log.getBoundingClientRect();
             return {top: q.top, bottom: q.bottom, boxTop: box.top, boxBottom: box.bottom}; }"""
    )
    assert where["boxTop"] - 2 <= where["top"] and where["bottom"] <= where["boxBottom"], where


def test_photos_show_when_they_load_and_a_placeholder_when_offline(browser, app_url) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    served: list[str] = []

    def route(r) -> None:
        if "images.icecat.biz" in r.request.url:
            served.append(r.request.url)
            r.fulfill(status=200, content_type="image/png", body=PNG)
        else:
            block_outside(r)

    context.route("**/*", route)
    try:
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(app_url)
        page.wait_for_selector("#sa-message textarea")
        rid = ask(page, "wireless mouse")
        shown = cards(page, rid)
        page.wait_for_function("(n) => performance.getEntriesByType('resource')"
                               ".filter(e => e.name.includes('images.icecat.biz')).length >= n", arg=len(shown))
        assert len(set(served)) >= len(shown), served
        photos = page.locator("#sa-chat .sa-card .sa-photo")
        assert photos.count() == len(shown)
        assert "images.icecat.biz" in photos.first.evaluate("e => getComputedStyle(e).backgroundImage")
    finally:
        context.close()


def test_sort_by_price_reorders_the_cards_and_keeps_their_numbers(page) -> None:
    rid = ask(page, "notebook")
    before = {c["id"]: c["text"] for c in cards(page, rid)}
    assert len(before) >= 3
    page.locator("#sa-sort input").click()
    page.locator("[role=option]", has_text="Price: low to high").first.click()
    page.wait_for_function(
        """(rid) => { const p = [...document.querySelectorAll('#sa-chat .sa-card')].filter(c => c.id.includes(rid.slice(0, 32)))
             .map(c => parseFloat((c.innerText.match(/\\$([\\d,]+\\.\\d\\d)/) || [0, 'NaN'])[1].replace(/,/g, '')));
             return p.length > 1 && p.every((v, i) => i === 0 || p[i - 1] <= v); }""",
        arg=rid,
    )
    after = cards(page, rid)
    prices = [price(c["text"]) for c in after]
    assert prices == sorted(prices)
    assert {c["id"]: c["text"] for c in after} == before  # same cards, each with its own number
    page.locator("#sa-sort input").click()
    page.locator("[role=option]", has_text="Price: high to low").first.click()
    page.wait_for_function(
        """(rid) => { const p = [...document.querySelectorAll('#sa-chat .sa-card')].filter(c => c.id.includes(rid.slice(0, 32)))
             .map(c => parseFloat((c.innerText.match(/\\$([\\d,]+\\.\\d\\d)/) || [0, 'NaN'])[1].replace(/,/g, '')));
             return p.length > 1 && p.every((v, i) => i === 0 || p[i - 1] >= v); }""",
        arg=rid,
    )


def test_show_more_adds_the_next_results(page) -> None:
    rid = ask(page, "mouse")
    wait_for_tools(page)
    first = card_numbers(page, rid)
    page.locator("#sa-show-more").click()
    page.wait_for_function("(n) => document.querySelectorAll('#sa-chat .sa-card').length > n", arg=len(first))
    more = card_numbers(page, rid)
    assert more[: len(first)] == first and len(more) > len(first)
    assert more[len(first):] == list(range(len(first) + 1, len(more) + 1))
    titles = [c["title"] for c in cards(page, rid)]
    assert len(set(titles)) == len(titles), "show more repeated a product"


def test_more_like_this_on_a_card_adds_similar_products(page) -> None:
    rid = ask(page, "wireless mouse")
    first = cards(page, rid)[0]
    link = page.locator(f"#{first['id']} a.sa-more")
    assert "More like this" in link.inner_text()
    before = page.locator("#sa-chat .sa-card").count()
    link.click()
    page.wait_for_function("() => [...document.querySelectorAll('#sa-chat [data-testid=\"bot\"]')].some(b => b.innerText.startsWith('More like'))")
    page.wait_for_function("(n) => document.querySelectorAll('#sa-chat .sa-card').length > n", arg=before)
    heading = page.evaluate("() => [...document.querySelectorAll('#sa-chat [data-testid=\"bot\"]')]"
                            ".map(b => b.innerText.trim()).filter(t => t.startsWith('More like')).pop()")
    assert heading.startswith("More like [1]")
    similar = page.evaluate("() => [...document.querySelectorAll('#sa-chat .sa-card')].filter(c => c.id.startsWith('card-like'))"
                            ".map(c => c.querySelector('.sa-name').getAttribute('title'))")
    assert similar and first["title"] not in similar


def test_compare_two_products_as_a_spec_table(page) -> None:
    rid = ask(page, "notebook")
    wait_for_tools(page)
    shown = cards(page, rid)
    boxes = page.locator("#sa-compare-pick input[type=checkbox]")
    page.wait_for_selector("#sa-compare-pick input[type=checkbox]")  # drawn by the tools event, after the chips
    assert boxes.count() >= 2
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.locator("#sa-compare").click()
    page.wait_for_selector("#sa-chat table.sa-compare")
    table = page.locator("#sa-chat table.sa-compare").last
    headers = table.locator("thead th").all_inner_texts()
    assert len(headers) == 3 and headers[0] == "Spec"
    rows = table.locator("tbody th").all_inner_texts()
    assert rows[:3] == ["Price", "Brand", "Type"]
    assert any(shown[0]["title"][:15] in h or h.startswith("[1]") for h in headers[1:]), (headers, shown[0]["title"])
    screenshot(page, "compare-tiny.png", element="#sa-chat")


def test_follow_up_chips_send_their_request(page) -> None:
    ask(page, "mouse")
    wait_for_tools(page)
    chips = page.locator("#sa-chips button:visible")
    labels = chips.all_inner_texts()
    assert labels and "compare 1 and 2" in labels, labels
    before = page.evaluate("() => document.querySelector('#sa-how .sa-how-found').dataset.requestId")
    page.locator("#sa-chips button:visible", has_text="cheaper ones?").click()
    page.wait_for_function(
        "(b) => { const m = document.querySelector('#sa-how .sa-how-found'); return m && m.dataset.requestId !== b; }", arg=before)
    users = page.locator("#sa-chat [data-testid='user']").all_inner_texts()
    assert users[-1].strip() == "cheaper ones?"


def test_the_page_uses_a_complete_font(page) -> None:
    """Gradio's Source Sans Pro ships as a subset (its semibold lacks most capitals): no text on the page uses it."""
    ask(page, "hp notebook")
    fonts = page.evaluate(
        """() => ({title: getComputedStyle(document.querySelector('#sa-chat .sa-card .sa-name')).fontFamily,
                   body: getComputedStyle(document.querySelector('#sa-message textarea')).fontFamily,
                   subset: [...document.querySelectorAll('body *')].filter(e => e.childElementCount === 0 && e.textContent.trim())
                     .filter(e => getComputedStyle(e).fontFamily.includes('Source Sans')).map(e => e.tagName + ': ' + e.textContent.trim().slice(0, 30))})"""
    )
    assert fonts["title"].startswith("system-ui") and fonts["body"].startswith("system-ui"), fonts
    assert fonts["subset"] == [], fonts["subset"][:5]


def test_cards_and_their_thumbs_have_names(page) -> None:
    rid = ask(page, "wireless mouse")
    shown = cards(page, rid)
    page.wait_for_timeout(300)  # the relabelling runs on the next animation frame
    named = page.evaluate(
        """() => [...document.querySelectorAll('#sa-chat [data-testid="bot"]')].filter(b => b.querySelector('.sa-card'))
             .map(b => b.getAttribute('aria-label'))"""
    )
    assert len(named) >= len(shown)
    assert all(re.match(r"^Product \[\d+\] \S", n) and "<" not in n for n in named), named
    for card in shown:
        assert any(card["title"][:20] in n for n in named), (card["title"], named)
    likes = page.locator("#sa-chat button[aria-label^='Like [']").all()
    dislikes = page.locator("#sa-chat button[aria-label^='Dislike [']").all()
    assert len(likes) >= len(shown) and len(dislikes) >= len(shown)
    assert page.locator("#sa-chat button[aria-label='Like this answer']").count() >= 1
    label = likes[0].get_attribute("aria-label")
    assert label.startswith("Like [1] ") and "$" in label


def test_filters_are_reachable_on_a_phone(browser, app_url) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    context.route("**/*", block_outside)
    try:
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(app_url)
        page.wait_for_selector("#sa-message textarea")
        box = page.locator("#sa-max input").bounding_box()
        assert box is not None and box["y"] + box["height"] <= 844, box  # on the first screen, above the chat
        page.locator("#sa-max input").fill("400")
        page.locator("#sa-max input").press("Tab")
        rid = ask(page, "notebook")
        shown = cards(page, rid)
        assert shown and all(price(c["text"]) <= 400 for c in shown)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390 + 1, f"the page scrolls sideways on a phone ({width} px)"
        screenshot(page, "phone-tiny.png")
    finally:
        context.close()


def test_the_reason_row_comes_into_view_after_a_thumbs(page) -> None:
    page.set_viewport_size({"width": 1440, "height": 800})
    rid = ask(page, "wireless mouse")
    card = cards(page, rid)[0]
    page.locator(f"#sa-chat button[aria-label^='Dislike [{card['number']}]']").first.click()
    page.wait_for_selector("#sa-reason", state="visible")
    page.wait_for_function(
        "() => { const r = document.querySelector('#sa-reason').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; }")
    assert card["title"][:20] in page.locator("#sa-reason").inner_text()
