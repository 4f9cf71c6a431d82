"""The Search tab's results: a ranked list of cards, with leg ranks when asked."""

from __future__ import annotations

import html

from rag.app_services import SearchOutcome
from rag.ui.cards import image_html, key_specs


def render_understood(outcome: SearchOutcome) -> str:
    """One line saying which constraints were read from the query, and any relaxed."""
    understood = outcome.understood
    if understood is None or not (understood.parsed.constraints or understood.relaxed):
        return ""
    parts = [f"{html.escape(c.kind)}: <b>{html.escape(c.text)}</b>" for c in understood.parsed.constraints]
    line = "Understood " + "; ".join(parts)
    if understood.relaxed:
        line += " — no exact match, so I relaxed " + ", ".join(html.escape(c.text) for c in understood.relaxed)
    return f'<p style="color:#374151;font-size:13px">{line}</p>'


def render_search(outcome: SearchOutcome, explain: bool) -> str:
    result = outcome.result
    if not result.query.strip():
        return "<p>Type what you are looking for, e.g. <i>bluetooth speaker</i>.</p>"
    if not result.hits:
        hint = " Try removing a filter." if not result.filters.is_empty else " Try other words."
        return render_understood(outcome) + f"<p>No products found for <b>{html.escape(result.query)}</b>.{hint}</p>"
    rows = []
    for rank, hit in enumerate(result.hits, start=1):
        product = outcome.products.get(hit.product_id)
        if product is None:
            continue
        legs = ""
        if explain:
            parts = [f"{html.escape(leg)} #{ev.rank} ({ev.score:.3f})" for leg, ev in hit.legs.items()]
            legs = f'<div style="color:#6b7280;font-size:12px">fused {hit.score:.4f} ← {", ".join(parts)}</div>'
        specs = " · ".join(html.escape(s) for s in key_specs(product))
        rows.append(
            '<div class="sa-result" style="display:flex;gap:12px;align-items:center;padding:8px 0;border-bottom:1px solid #e5e7eb">'
            f"{image_html(product, 64)}<div><div><b>{rank}. {html.escape(product.title)}</b></div>"
            f'<div style="color:#374151">{html.escape(product.brand)} · {html.escape(product.category or "")} · '
            f"<b>{html.escape(product.price_label)}</b></div>"
            + (f'<div style="color:#6b7280;font-size:12px">{specs}</div>' if specs else "")
            + f"{legs}</div></div>"
        )
    timing = ""
    if explain:
        timing = "<p style='color:#6b7280;font-size:12px'>" + ", ".join(
            f"{html.escape(k)} {v:.1f} ms" for k, v in result.timings_ms.items()
        ) + "</p>"
    return render_understood(outcome) + "".join(rows) + timing
