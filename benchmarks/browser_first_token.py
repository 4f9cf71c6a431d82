"""First streamed answer text visible in a real browser, from pressing Send.

Run: ``.venv/bin/python benchmarks/browser_first_token.py [--queries 20] [--llm extractive]``.

Serves the real app (``build_app`` over the app's index in ``SHOPASSIST_INDEX_DIR``,
the full 19,406-product catalog after ``shopassist ingest``) on loopback,
drives it with Debian's Chromium through Playwright (the same flags and helpers
as ``tests/browser``) and, for each of the first N dev queries in a new
conversation, measures *in the page* (``performance.now()``) the time from the
Send click to the first non-empty answer text in the chat. That includes the
Gradio queue, the websocket/SSE hop and the browser's render. Beside it, the
server-side ``first_token`` of the same turn (from the turn's start, read
from the logged trace) shows how much the browser path adds. One warm-up
query runs first. Turns are logged to a scratch interaction store, never the
app's. Requests that leave loopback (product photos) are aborted, as offline.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from common import table, write

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.browser.conftest import block_outside, chromium_path, launch_browser
from tests.browser.pages import ask, first_text_ms, last_request_id


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=20, help="first N dev queries")
    parser.add_argument("--llm", default="extractive", help="extractive | local | openai | auto")
    args = parser.parse_args()
    if chromium_path() is None:
        raise SystemExit("Chromium not found at /usr/bin/chromium: apt-get install chromium (make setup does)")

    from playwright.sync_api import sync_playwright

    from rag.app_services import build_app_services
    from rag.evaluation import load_judgments, percentile
    from rag.settings import LLMProvider, get_settings
    from rag.ui import APP_CSS, build_app
    from rag.wiring import ensure_index

    scratch = Path(tempfile.mkdtemp(prefix="shopassist-bench-"))
    settings = get_settings().with_overrides(llm_provider=LLMProvider.from_str(args.llm), store_url=f"sqlite:///{(scratch / 'interactions.sqlite').as_posix()}")
    ensure_index(settings)
    services = build_app_services(settings)
    products = services.search_services.engine.health().products
    queries = list(load_judgments(settings.judgments_path).queries)[: args.queries]
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    demo = build_app(services)
    _, url, _ = demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=None, quiet=True, css=APP_CSS)
    load_before = os.getloadavg()
    browser_ms: list[float] = []
    request_ids: list[str] = []
    try:
        with sync_playwright() as playwright:
            chromium = launch_browser(playwright)
            context = chromium.new_context(viewport={"width": 1440, "height": 1000})
            context.route("**/*", block_outside)
            page = context.new_page()
            page.set_default_timeout(120_000)
            page.goto(url)
            page.wait_for_selector("#sa-message textarea")
            ask(page, "wireless mouse")  # warm-up (also opens the How I found these panel)
            for query in queries:
                page.locator("#sa-new").click()
                page.wait_for_function("() => !document.querySelector('#sa-chat [data-testid=\"bot\"]')")
                before = last_request_id(page)
                browser_ms.append(first_text_ms(page, query))
                page.wait_for_function(
                    "(b) => { const m = document.querySelector('#sa-how .sa-how-found'); return m && m.dataset.requestId !== b; }",
                    arg=before,
                )
                request_ids.append(last_request_id(page))
            chromium.close()
    finally:
        demo.close()
    load_after = os.getloadavg()

    frame = services.feedback_frame()
    timings = {r["request_id"]: json.loads(r["timings_ms"]) for _, r in frame.iterrows()}
    server_ms = [timings[rid]["first_token"] for rid in request_ids if "first_token" in timings.get(rid, {})]
    stats = {
        "generator": services.generator,
        "queries": len(browser_ms),
        "products": products,
        "browser_first_text_ms": {
            "p50": percentile(browser_ms, 50), "p95": percentile(browser_ms, 95),
            "max": max(browser_ms), "mean": sum(browser_ms) / len(browser_ms),
        },
        "server_first_token_ms": {"p50": percentile(server_ms, 50), "p95": percentile(server_ms, 95)},
        "per_query": [{"query": q, "browser_ms": round(b, 1)} for q, b in zip(queries, browser_ms, strict=True)],
        "load_average_before": load_before,
        "load_average_after": load_after,
        "chromium": chromium_path(),
        "command": "python benchmarks/browser_first_token.py " + " ".join(sys.argv[1:]),
    }
    b, s = stats["browser_first_text_ms"], stats["server_first_token_ms"]
    print(table(
        ["generator", "products", "queries", "browser first text p50 ms", "p95 ms", "max ms", "server first token p50 ms", "load 1-min before/after"],
        [[stats["generator"], products, len(browser_ms), b["p50"], b["p95"], b["max"], s["p50"],
          f"{load_before[0]:.2f} / {load_after[0]:.2f}"]],
    ))
    path = write("browser_first_token" + ("" if args.llm == "extractive" else f"_{args.llm}"), stats)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
