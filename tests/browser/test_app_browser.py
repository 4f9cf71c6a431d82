"""What a shopper, a demo and an analyst see in a real browser (Chromium, headless)."""

from __future__ import annotations

import pandas as pd

from tests.browser.conftest import ANALYST_KEY, PERSONA, PERSONA_QUERY, screenshot
from tests.browser.pages import answer_links, ask, cards, chat_messages, pick, price, settle


def test_question_streams_an_answer_whose_citations_link_to_cards(page) -> None:
    rid = ask(page, "hp notebook")
    shown = cards(page, rid)
    assert shown, "no product cards under the answer"
    from rag.ui.cards import card_anchor

    links = [href for href in answer_links(page) if href.startswith("#" + card_anchor(rid, 1)[:-1])]
    assert links, "the answer has no citation links"
    ids = {c["id"] for c in shown}
    assert all(href[1:] in ids for href in links), (links, ids)
    assert all("$" in c["text"] or "price unknown" in c["text"] for c in shown)
    # offline: the placeholder shows (initials), never a broken image
    assert page.locator("#sa-chat .sa-card .sa-thumb").count() == len(shown)
    assert "Icecat" in page.locator("#sa-footer").inner_text()
    page.set_viewport_size({"width": 1440, "height": 1500})  # the chat is 72vh: answer and cards in one view
    page.wait_for_timeout(500)
    screenshot(page, "chat-tiny.png")
    page.wait_for_selector("#sa-how table")
    how = page.locator("#sa-how").inner_text()
    assert "Latency per stage" in how and "bm25 #" in how and "answered by extractive" in how
    screenshot(page, "how_found-tiny.png", element="#sa-how-accordion")


def test_filter_panel_limits_the_cards(page) -> None:
    page.locator("#sa-max input").fill("400")
    page.locator("#sa-max input").press("Tab")
    rid = ask(page, "notebook")
    shown = cards(page, rid)
    assert shown and all(price(c["text"]) <= 400 for c in shown), [c["text"] for c in shown]
    assert "price" in page.locator("#sa-how").inner_text()


def test_a_wrong_price_range_says_so_and_keeps_the_typed_message(page) -> None:
    earlier = ask(page, "wireless mouse")
    shown = chat_messages(page)
    for field, value in (("#sa-min", "100"), ("#sa-max", "5")):
        page.locator(f"{field} input").fill(value)
        page.locator(f"{field} input").press("Tab")
    page.locator("#sa-message textarea").fill("hp notebook")
    page.locator("#sa-send").click()
    page.wait_for_function("() => document.querySelector('#sa-status').innerText.includes('above max price')")
    settle(page)
    page.wait_for_timeout(500)  # every event of the refused turn has run: nothing may clear the page after it
    assert "above max price" in page.locator("#sa-status").inner_text()
    assert page.locator("#sa-message textarea").input_value() == "hp notebook"
    assert chat_messages(page) == shown and cards(page, earlier), "a refused request must leave the conversation as it was"
    page.locator("#sa-max input").fill("0")
    page.locator("#sa-max input").press("Tab")
    page.locator("#sa-min input").fill("0")
    page.locator("#sa-min input").press("Tab")
    rid = ask(page, "hp notebook")  # the same message, once the range is fixed
    assert cards(page, rid)
    assert "above max price" not in page.locator("#sa-status").inner_text()


def test_switching_persona_changes_the_order(page) -> None:
    guest = [c["title"] for c in cards(page, ask(page, PERSONA_QUERY))]
    pick(page, "#sa-user", "Gamer")
    page.wait_for_function("() => document.querySelector('#sa-profile').innerText.includes('demo-gamer')")
    personal = [c["title"] for c in cards(page, ask(page, PERSONA_QUERY))]
    assert guest and personal and personal != guest
    favourite = guest[-1]  # the fixture's purchases were of this product
    assert personal.index(favourite) < guest.index(favourite)
    why = page.locator("#sa-why").inner_text()
    assert "bought" in why


def test_thumbs_down_with_a_reason_reaches_the_export(page) -> None:
    from rag.ui.cards import card_anchor

    rid = ask(page, "wireless mouse")
    anchor = card_anchor(rid, 1)[:-1]  # "card-<id>-", as the citations link it
    answer = page.locator("#sa-chat [data-testid='bot']").filter(has=page.locator(f"a[href^='#{anchor}']")).last
    answer.hover()
    # the answer's own buttons sit in the message row right after it
    page.locator("#sa-chat button[aria-label^='Dislike']").nth(
        page.evaluate(
            """(anchor) => { const bots = [...document.querySelectorAll('#sa-chat [data-testid="bot"]')];
                 return bots.findIndex(b => b.querySelector(`a[href^="#${anchor}"]`)); }""",
            anchor,
        )
    ).click()
    page.wait_for_selector("#sa-reason", state="visible")
    pick(page, "#sa-reason-pick", "wrong price")
    page.locator("#sa-comment textarea").fill("cheaper at the shop next door")
    page.locator("#sa-reason-send").click()
    page.wait_for_function("() => document.querySelector('#sa-status').innerText.includes('Reason saved')")

    page.get_by_role("tab", name="Analytics").click()
    page.wait_for_function("() => document.querySelector('#sa-stats').innerText.includes('locked')")
    assert page.locator("#sa-download-link").count() == 0  # nothing without the analyst key
    page.locator("#sa-analyst-key input").fill(ANALYST_KEY)
    page.locator("#sa-refresh").click()
    page.wait_for_function("() => document.querySelector('#sa-stats').innerText.includes('turns')")
    page.wait_for_selector("#sa-latency canvas, #sa-latency svg")
    with page.expect_download() as download:
        page.locator("#sa-download-link").click()
    frame = pd.read_csv(download.value.path(), keep_default_na=False)
    row = frame[frame["request_id"] == rid]
    assert len(row) == 1, f"turn {rid} not in the export"
    assert row.iloc[0]["thumbs"] == "down" and row.iloc[0]["thumbs_reason"] == "wrong price"
    assert row.iloc[0]["thumbs_comment"] == "cheaper at the shop next door"
    assert PERSONA in set(frame["user_id"])
    screenshot(page, "analytics.png", asset=True)


def test_the_served_app_answers_at_the_root_beside_the_api(browser, browser_services) -> None:
    """What ``make run`` serves: the UI mounted at "/" of the FastAPI app (rag/server.py)."""
    from rag.server import create_server_app
    from tests.app_fixtures import LiveServer
    from tests.browser.conftest import block_outside

    app = create_server_app(browser_services.settings, browser_services)
    with LiveServer(app) as server:
        context = browser.new_context(viewport={"width": 1440, "height": 1000})
        context.route("**/*", block_outside)
        try:
            page = context.new_page()
            page.set_default_timeout(30_000)
            page.goto(server.url + "/")
            page.wait_for_selector("#sa-message textarea")
            rid = ask(page, "wireless mouse")
            assert cards(page, rid)
            assert page.request.get(server.url + "/healthz").ok
        finally:
            context.close()
