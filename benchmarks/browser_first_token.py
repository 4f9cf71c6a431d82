"""First answer text visible in a real browser, from pressing Send, at 1 and at N concurrent shoppers.

Run: ``python benchmarks/browser_first_token.py [--queries 20] [--llm local] [--shoppers 1 4]``.

Serves the real app (``build_app`` over the app's index in ``SHOPASSIST_INDEX_DIR``,
the full 19,406-product catalog after ``shopassist ingest``) on loopback,
drives it with Debian's Chromium through Playwright (the same flags and helpers
as ``tests/browser``). For each concurrency level, that many shoppers (one
browser context each: their own cookie, their own conversation) send the
first N dev queries in rounds, all pressing Send together; each measures *in
its page* (``performance.now()``) the time from its Send click to the first
answer text in the chat (text holding a citation "[n]" or a fixed answer: a
typing indicator or a stage line does not count) and to the end of the turn
(its trace reaching the "How I found these" panel). That includes the Gradio
queue, the websocket/SSE hop and the browser's render. Beside them, from the
logged trace of each turn: the server-side first words, who wrote the answer
(``writers``), the model's place in its queue and whether it timed out
(past ``llm_timeout_s``). One warm-up query per shopper runs first. Turns are
logged to a scratch interaction store, never the app's. Requests that leave
loopback (product photos) are aborted, as offline.
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
from tests.browser.pages import ask, last_request_id

START_JS = """
([before, rid]) => {
  const chat = document.querySelector('#sa-chat');
  const state = {first: null, done: null};
  window.__sa = state;
  const t0 = performance.now();
  const answered = /\\[\\d+\\]|couldn't find|can't help|could you|which /i;
  const check = () => {
    const bots = chat.querySelectorAll('[data-testid="bot"]');
    if (state.first === null && bots.length > before && answered.test(bots[before].innerText)) {
      state.first = performance.now() - t0;
    }
    const m = document.querySelector('#sa-how .sa-how-found');
    if (state.done === null && m && m.dataset.requestId && m.dataset.requestId !== rid) {
      state.done = performance.now() - t0;
    }
    if (state.first !== null && state.done !== null) observer.disconnect();
  };
  const observer = new MutationObserver(check);
  observer.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
  document.querySelector('#sa-send').click();
}
"""


def run_level(browser, url: str, queries: list[str], shoppers: int, timeout_ms: int) -> list[dict[str, object]]:
    """``shoppers`` pages send each query together; returns one row per turn."""
    pages = []
    for _ in range(shoppers):
        context = browser.new_context(viewport={"width": 1440, "height": 1000})
        context.route("**/*", block_outside)
        page = context.new_page()
        page.set_default_timeout(timeout_ms)
        page.goto(url)
        page.wait_for_selector("#sa-message textarea")
        pages.append(page)
    for page in pages:
        ask(page, "wireless mouse")  # warm-up (also opens the How I found these panel)
    rows: list[dict[str, object]] = []
    for query in queries:
        befores = []
        for page in pages:
            page.locator("#sa-new").click()
            page.wait_for_function("() => !document.querySelector('#sa-chat [data-testid=\"bot\"]')")
            befores.append(last_request_id(page))
            page.locator("#sa-message textarea").fill(query)
        for page, before in zip(pages, befores, strict=True):  # all press Send within a few ms
            count = page.evaluate("() => document.querySelectorAll('#sa-chat [data-testid=\"bot\"]').length")
            page.evaluate(START_JS, [count, before])
        for shopper, page in enumerate(pages):
            page.wait_for_function("() => window.__sa.first !== null && window.__sa.done !== null")
            state = page.evaluate("() => window.__sa")
            rows.append({"query": query, "shopper": shopper, "browser_first_ms": round(state["first"], 1),
                         "browser_turn_ms": round(state["done"], 1), "request_id": last_request_id(page)})
    for page in pages:
        page.context.close()
    return rows


def summary(values: list[float]) -> dict[str, float | None]:
    from rag.evaluation import percentile

    if not values:
        return {"p50": None, "p95": None, "max": None}
    return {"p50": round(percentile(values, 50), 1), "p95": round(percentile(values, 95), 1), "max": round(max(values), 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=20, help="first N dev queries")
    parser.add_argument("--llm", default="extractive", help="extractive | local | openai | auto")
    parser.add_argument("--shoppers", type=int, nargs="+", default=[1, 4], help="concurrency levels")
    parser.add_argument("--gradio-concurrency", type=int, default=None,
                        help="Gradio's default concurrency limit for events (default: as the app is built)")
    parser.add_argument("--out", default=None, help="results file name (default browser_first_token[_<llm>])")
    args = parser.parse_args()
    if chromium_path() is None:
        raise SystemExit("Chromium not found at /usr/bin/chromium: apt-get install chromium (make setup does)")

    from playwright.sync_api import sync_playwright

    from rag.app_services import build_app_services
    from rag.evaluation import load_judgments
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
    services.assistant.steps.answerer.warm_up()  # loads a local model and reads its system prompt
    demo = build_app(services)
    if args.gradio_concurrency is not None:
        demo.queue(default_concurrency_limit=args.gradio_concurrency)
    _, url, _ = demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=None, quiet=True, css=APP_CSS)
    levels: dict[str, dict[str, object]] = {}
    timeout_ms = int(max(120.0, 20 * settings.llm_timeout_s) * 1000)
    try:
        with sync_playwright() as playwright:
            chromium = launch_browser(playwright)
            for shoppers in args.shoppers:
                load_before = os.getloadavg()
                rows = run_level(chromium, url, queries, shoppers, timeout_ms)
                levels[str(shoppers)] = {"rows": rows, "load_average_before": load_before, "load_average_after": os.getloadavg()}
            chromium.close()
    finally:
        demo.close()

    frame = services.feedback_frame()
    logged = {r["request_id"]: r for _, r in frame.iterrows()}
    out_rows, payload = [], {}
    for shoppers, level in levels.items():
        rows = level["rows"]
        for row in rows:
            record = logged.get(row["request_id"])
            timings = json.loads(record["timings_ms"]) if record is not None else {}
            fallbacks = json.loads(record["fallbacks"]) if record is not None and record["fallbacks"] else []
            row["server_first_token_ms"] = timings.get("first_token")
            row["server_answer_ms"] = timings.get("answer")
            row["generator"] = record["generator"] if record is not None else None
            row["model_timed_out"] = any("timed out" in str(f) for f in fallbacks)
            row["model_not_asked"] = any("not asked" in str(f) for f in fallbacks)
        first = [float(r["browser_first_ms"]) for r in rows]
        turn = [float(r["browser_turn_ms"]) for r in rows]
        llm_rows = [r for r in rows if r.get("generator") and "+" in str(r["generator"])]
        # The stated limit is the model's part of the answer; 0.5 s of slack for validating and logging.
        past = [r for r in rows if r["server_answer_ms"] is not None and float(r["server_answer_ms"]) > settings.llm_timeout_s * 1000 + 500]
        stats = {
            "turns": len(rows),
            "browser_first_text_ms": summary(first),
            "browser_turn_ms": summary(turn),
            "server_first_token_ms": summary([float(r["server_first_token_ms"]) for r in rows if r["server_first_token_ms"] is not None]),
            "answers_with_model_sentences": len(llm_rows),
            "model_timed_out": sum(bool(r["model_timed_out"]) for r in rows),
            "model_not_asked_busy": sum(bool(r["model_not_asked"]) for r in rows),
            "answer_step_past_stated_timeout": len(past),
            "load_average_before": level["load_average_before"],
            "load_average_after": level["load_average_after"],
            "rows": rows,
        }
        payload[shoppers] = stats
        out_rows.append([shoppers, len(rows), stats["browser_first_text_ms"]["p50"], stats["browser_first_text_ms"]["p95"],
                         stats["browser_turn_ms"]["p50"], stats["browser_turn_ms"]["p95"], stats["browser_turn_ms"]["max"],
                         f"{len(llm_rows)}/{len(rows)}", stats["model_timed_out"], stats["model_not_asked_busy"], len(past), f"{level['load_average_before'][0]:.2f} / {level['load_average_after'][0]:.2f}"])
    result = {
        "generator": services.generator,
        "products": products,
        "queries": len(queries),
        "llm_timeout_s": settings.llm_timeout_s,
        "llm_lead": settings.llm_lead,
        "gradio_concurrency": args.gradio_concurrency,
        "levels": payload,
        "chromium": chromium_path(),
        "command": "python benchmarks/browser_first_token.py " + " ".join(sys.argv[1:]),
    }
    print(f"generator {services.generator}; {products:,} products; model budget {settings.llm_timeout_s:g} s; "
          f"Gradio concurrency {args.gradio_concurrency or 'as built'}")
    print(table(
        ["shoppers", "turns", "first text p50 ms", "p95 ms", "turn p50 ms", "turn p95 ms", "turn max ms",
         "with model sentences", "model timed out", "model not asked (busy)", "past timeout", "load 1-min before/after"],
        out_rows,
    ))
    name = args.out or ("browser_first_token" + ("" if args.llm == "extractive" else f"_{args.llm}"))
    print(f"wrote {write(name, result)}")


if __name__ == "__main__":
    main()
