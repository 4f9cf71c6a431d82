"""The web app. ``python app.py`` (or ``shopassist serve``) builds the index on
first run if it is missing, then serves a Gradio app: a chat tab (the
conversational assistant: streamed, cited, validated answers) and a search tab.

The app is built by :func:`build_app` from injected services, so tests can
build it over a small index; nothing is created at import time. Per-user data
(the chat session id) lives in ``gr.State``, never in module globals.
"""

from __future__ import annotations

import html
import logging
import uuid
from collections.abc import Iterator

import gradio as gr

from rag.records import Filters, NumericRange, Product
from rag.retrieval import RetrievalMode, RetrievalResult
from rag.services import SearchServices

ICECAT_CREDIT = (
    'Product data: <a href="https://icecat.biz" target="_blank">Icecat (icecat.biz)</a>, '
    "Open Content License. Relevance judgments from the Chorus project (Apache-2.0)."
)
log = logging.getLogger(__name__)


def _card(rank: int, product: Product | None, hit, explain: bool) -> str:
    if product is None:
        return ""
    image = product.image_urls[0] if product.image_urls else ""
    img = (
        f'<img src="{html.escape(image)}" alt="" loading="lazy" '
        "onerror=\"this.style.visibility='hidden'\" "
        'style="width:72px;height:72px;object-fit:contain;background:#f4f4f5;border-radius:8px">'
        if image
        else '<div style="width:72px;height:72px;background:#f4f4f5;border-radius:8px"></div>'
    )
    legs = ""
    if explain:
        parts = [f"{leg} #{ev.rank} ({ev.score:.3f})" for leg, ev in hit.legs.items()]
        legs = f'<div style="color:#6b7280;font-size:12px">fused {hit.score:.4f} ← {", ".join(parts)}</div>'
    category = html.escape(product.category or "")
    return (
        '<div style="display:flex;gap:12px;align-items:center;padding:8px 0;border-bottom:1px solid #e5e7eb">'
        f"{img}<div><div><b>{rank}. {html.escape(product.title)}</b></div>"
        f'<div style="color:#374151">{html.escape(product.brand)} · {category} · '
        f"<b>{html.escape(product.price_label)}</b></div>{legs}</div></div>"
    )


def render_results(result: RetrievalResult, products: dict[str, Product], explain: bool) -> str:
    if not result.query:
        return "<p>Type what you are looking for, e.g. <i>bluetooth speaker</i>.</p>"
    if not result.hits:
        hint = " Try removing a filter." if not result.filters.is_empty else " Try other words."
        return f"<p>No products found for <b>{html.escape(result.query)}</b>.{hint}</p>"
    cards = [_card(i, products.get(h.product_id), h, explain) for i, h in enumerate(result.hits, 1)]
    timing = ""
    if explain:
        timing = "<p style='color:#6b7280;font-size:12px'>" + ", ".join(
            f"{k} {v:.1f} ms" for k, v in result.timings_ms.items()
        ) + "</p>"
    return "".join(cards) + timing


def render_understood(understood) -> str:
    """One line saying which constraints were read from the message, and any relaxed."""
    if understood is None or not (understood.parsed.constraints or understood.relaxed):
        return ""
    parts = [f"{html.escape(c.kind)}: <b>{html.escape(c.text)}</b>" for c in understood.parsed.constraints]
    line = "Understood " + "; ".join(parts)
    if understood.relaxed:
        line += " — no exact match, so I relaxed " + ", ".join(html.escape(c.text) for c in understood.relaxed)
    return f'<p style="color:#374151;font-size:13px">{line}</p>'


def render_turn_products(result) -> str:
    """The products an answer cites, numbered as in the answer."""
    if result is None or not result.products:
        return ""
    cards = []
    for i, p in enumerate(result.products, start=1):
        cited = " ✓ cited" if i in result.citations else ""
        cards.append(
            f'<div style="padding:6px 0;border-bottom:1px solid #e5e7eb"><b>[{i}]</b> {html.escape(p.title[:120])}'
            f'<div style="color:#374151;font-size:13px">{html.escape(p.brand)} · {html.escape(p.category or "")} · '
            f"<b>{html.escape(p.price_label)}</b><span style='color:#059669'>{cited}</span></div></div>"
        )
    return "".join(cards)


def render_turn_meta(result) -> str:
    """Which generator answered, what was understood, and any fallback, from the trace."""
    if result is None:
        return ""
    t = result.trace
    parts = [f"answered by <b>{html.escape(result.generator)}</b>", f"plan {html.escape(t.plan)}"]
    if t.intent:
        parts.append(f"intent {html.escape(t.intent)}")
    if t.filters:
        parts.append("filters " + html.escape(", ".join(f"{k}={v}" for k, v in t.filters.items())))
    if t.hyde_text:
        parts.append("HyDE used")
    if "first_token" in t.timings_ms:
        parts.append(f"first words after {t.timings_ms['first_token']:.0f} ms")
    fallbacks = "".join(f"<div>fallback: {html.escape(f.reason)}</div>" for f in t.fallbacks)
    return f'<div style="color:#6b7280;font-size:12px">{" · ".join(parts)}{fallbacks}</div>'


def build_app(services: SearchServices, assistant=None) -> gr.Blocks:
    """The app over ``services`` (engine, embedder, retriever); with an
    ``assistant`` (:class:`rag.chain.ShoppingAssistant`) it opens on the chat."""

    def do_search(
        query: str, brand: str, max_price: float | None, mode: str, explain: bool
    ) -> str:
        query = (query or "")[:500]
        try:
            filters = Filters(
                brands=tuple(b.strip() for b in (brand or "").split(",") if b.strip()),
                price=NumericRange(None, float(max_price) if max_price else None),
            )
            chosen = RetrievalMode.from_str(mode)
            understood = None
            if services.understanding is not None and services.settings.understand_queries:
                understood = services.understanding.retrieve(query, k=10, filters=filters, mode=chosen)
                result = understood.result
            else:
                result = services.retriever.retrieve(query, k=10, filters=filters, mode=chosen)
        except ValueError as exc:
            return f"<p>{html.escape(str(exc))}</p>"
        products = services.engine.fetch([h.product_id for h in result.hits])
        return render_understood(understood) + render_results(result, products, explain)

    def do_chat(message: str, history: list, session: str, brand: str, max_price: float | None) -> Iterator:
        from rag.chain import TurnRequest

        message = (message or "")[:1000]
        history = [*(history or []), {"role": "user", "content": message}]
        try:
            filters = Filters(
                brands=tuple(b.strip() for b in (brand or "").split(",") if b.strip()),
                price=NumericRange(None, float(max_price) if max_price else None),
            )
        except ValueError as exc:
            yield [*history, {"role": "assistant", "content": str(exc)}], "", "", ""
            return
        text, result = "", None
        for chunk in assistant.stream(TurnRequest(message, session_id=session, filters=filters)):
            text += chunk.text
            result = chunk.result or result
            yield [*history, {"role": "assistant", "content": text}], "", "", ""
        answer = result.answer if result is not None else text
        yield [*history, {"role": "assistant", "content": answer}], "", render_turn_products(result), render_turn_meta(result)

    def new_session() -> tuple[list, str, str, str]:
        return [], uuid.uuid4().hex, "", ""

    with gr.Blocks(title="Shopping assistant") as demo:
        gr.Markdown("## 🛍️ Shopping assistant\nAsk for what you need among 19,406 real electronics products.")
        if assistant is not None:
            with gr.Tab("Chat"):
                session = gr.State(lambda: uuid.uuid4().hex)
                with gr.Row():
                    with gr.Column(scale=3):
                        chatbot = gr.Chatbot(label="Assistant", height=420)
                        message = gr.Textbox(label="Message", placeholder="a quiet bluetooth speaker under $50 for the kitchen")
                        with gr.Row():
                            send = gr.Button("Send", variant="primary")
                            clear = gr.Button("New conversation")
                    with gr.Column(scale=2):
                        chat_brand = gr.Textbox(label="Only brands (comma separated)", placeholder="Sony, JBL")
                        chat_max = gr.Number(label="Max price ($)", value=None, minimum=0)
                        cards = gr.HTML(label="Products")
                        meta = gr.HTML()
                chat_inputs = [message, chatbot, session, chat_brand, chat_max]
                chat_outputs = [chatbot, message, cards, meta]
                send.click(do_chat, chat_inputs, chat_outputs, api_name="chat")
                message.submit(do_chat, chat_inputs, chat_outputs, api_name=False)
                clear.click(new_session, None, [chatbot, session, cards, meta], api_name=False)
        with gr.Tab("Search"):
            with gr.Row():
                query = gr.Textbox(label="What are you looking for?", placeholder="bluetooth speaker", scale=4)
                button = gr.Button("Search", variant="primary", scale=1)
            with gr.Row():
                brand = gr.Textbox(label="Brand (comma separated)", placeholder="Sony, JBL")
                max_price = gr.Number(label="Max price ($)", value=None, minimum=0)
                mode = gr.Dropdown(
                    [m.value for m in RetrievalMode], value=services.retriever.default_mode.value, label="Mode"
                )
                explain = gr.Checkbox(label="Explain (leg ranks and scores)", value=False)
            results = gr.HTML()
            inputs = [query, brand, max_price, mode, explain]
            button.click(do_search, inputs, results)
            query.submit(do_search, inputs, results)
        gr.HTML(f'<footer style="color:#6b7280;font-size:12px;margin-top:16px">{ICECAT_CREDIT}</footer>')
    return demo


def main(host: str | None = None, port: int | None = None) -> None:
    """Serve the app at "/" and the HTTP API (/api, /docs, /healthz, /metrics) in one process."""
    from rag.api.server import serve
    from rag.settings import get_settings

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    serve(get_settings(), host=host, port=port)


if __name__ == "__main__":
    main()
