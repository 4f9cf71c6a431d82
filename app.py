"""The web app. ``python app.py`` (or ``shopassist serve``) builds the index on
first run if it is missing, then serves a Gradio search page over it.

The page is built by :func:`build_app` from injected services, so tests can
build it over a small index; nothing is created at import time.
"""

from __future__ import annotations

import html
import logging

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


def build_app(services: SearchServices) -> gr.Blocks:
    """The search page over ``services`` (engine, embedder, retriever)."""

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

    with gr.Blocks(title="Shopping assistant — search") as demo:
        gr.Markdown("## 🛍️ Shopping assistant\nSearch 19,406 real electronics products.")
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
        gr.HTML(f'<footer style="color:#6b7280;font-size:12px;margin-top:16px">{ICECAT_CREDIT}</footer>')
        inputs = [query, brand, max_price, mode, explain]
        button.click(do_search, inputs, results)
        query.submit(do_search, inputs, results)
    return demo


def main(host: str | None = None, port: int | None = None) -> None:
    from rag.cli import _ensure_index
    from rag.services import build_search_services
    from rag.settings import get_settings

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    settings = get_settings()
    _ensure_index(settings)
    services = build_search_services(settings)
    build_app(services).launch(
        server_name=host or settings.app_host, server_port=port or settings.app_port
    )


if __name__ == "__main__":
    main()
