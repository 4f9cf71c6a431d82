"""What a person does on the page, as small functions the browser tests and the
first-token benchmark share."""

from __future__ import annotations

import re

ANSWER_JS = """
() => {
  const marker = document.querySelector('#sa-how .sa-how-found');
  return marker ? marker.dataset.requestId : null;
}
"""


def last_request_id(page) -> str | None:
    return page.evaluate(ANSWER_JS)


def ask(page, text: str) -> str:
    """Send ``text`` and wait for the whole turn (its trace reaches the panel); returns its request id."""
    if page.locator("#sa-how").count() == 0:  # a closed accordion's content is not in the page
        page.locator("#sa-how-accordion button").first.click()
        page.wait_for_selector("#sa-how")
    before = last_request_id(page)
    box = page.locator("#sa-message textarea")
    box.fill(text)
    page.locator("#sa-send").click()
    page.wait_for_function(
        "(before) => { const m = document.querySelector('#sa-how .sa-how-found');"
        " return m && m.dataset.requestId && m.dataset.requestId !== before; }",
        arg=before,
    )
    return last_request_id(page)


def cards(page, request_id: str) -> list[dict[str, str]]:
    """The product cards of one turn, in order: element id, full title, [n] and text (the Chatbot strips data attributes).

    The anchor holds the request id as ``rag.ui.cards.card_anchor`` writes it (safe characters, 32 at most)."""
    return page.evaluate(
        """(rid) => [...document.querySelectorAll('#sa-chat .sa-card')]
             .filter(c => c.id.startsWith('card-' + rid.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 32) + '-'))
             .map(c => ({id: c.id, title: c.querySelector('.sa-name').getAttribute('title'),
                         number: parseInt(c.querySelector('.sa-num').innerText.replace(/[^0-9]/g, ''), 10), text: c.innerText}))""",
        request_id,
    )


def answer_links(page) -> list[str]:
    """The hrefs of the citation links in the chat's answers."""
    return page.evaluate(
        "() => [...document.querySelectorAll('#sa-chat a[href^=\"#card-\"]')].map(a => a.getAttribute('href'))"
    )


def pick(page, dropdown: str, option: str) -> None:
    """Choose ``option`` in a Gradio dropdown (``dropdown`` is its elem_id selector)."""
    page.locator(f"{dropdown} input").click()
    page.locator("[role=option]", has_text=option).first.click()


def price(text: str) -> float:
    match = re.search(r"\$([\d,]+\.\d\d)", text)
    if not match:
        raise AssertionError(f"no price in card text {text!r}")
    return float(match.group(1).replace(",", ""))


FIRST_TEXT_JS = """
([before]) => new Promise((resolve) => {
  const chat = document.querySelector('#sa-chat');
  const bots = () => chat.querySelectorAll('[data-testid="bot"]');
  const t0 = performance.now();
  const check = () => {
    const all = bots();
    // the typing indicator is not answer text: wait for the words that replace it
    if (all.length > before && !all[before].querySelector('.sa-typing') && all[before].innerText.trim().length > 0) {
      observer.disconnect();
      resolve(performance.now() - t0);
      return true;
    }
    return false;
  };
  const observer = new MutationObserver(check);
  observer.observe(chat, {subtree: true, childList: true, characterData: true});
  document.querySelector('#sa-send').click();
})
"""


def first_text_ms(page, text: str) -> float:
    """Milliseconds from pressing Send to the first answer text visible in the chat, measured in the page."""
    page.locator("#sa-message textarea").fill(text)
    before = page.evaluate("() => document.querySelectorAll('#sa-chat [data-testid=\"bot\"]').length")
    return float(page.evaluate(FIRST_TEXT_JS, [before]))


def card_numbers(page, request_id: str) -> list[int]:
    """The [n] of one turn's cards, in page order."""
    return [c["number"] for c in cards(page, request_id)]


def wait_for_tools(page) -> None:
    """After a turn the chips and the compare picker are drawn by a second event; wait for it."""
    page.wait_for_selector("#sa-chips button:not([hidden])", state="visible")


def chat_messages(page) -> int:
    return page.evaluate("() => document.querySelectorAll('#sa-chat [data-testid=\"bot\"], #sa-chat [data-testid=\"user\"]').length")


def settle(page) -> None:
    """Wait until no event is running (Gradio shows a progress overlay or a pending status while one is)."""
    page.wait_for_function("() => !document.querySelector('.progress-text, .eta-bar, #sa-chat .pending')")
    page.wait_for_timeout(200)
