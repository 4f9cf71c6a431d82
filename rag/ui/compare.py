"""Comparison of 2-4 products as one spec table, and the follow-up chips after an answer.

Pure functions from records (and the turn's trace) to HTML or text, tested without a browser.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Mapping, Sequence

from rag.chain.trace import Trace
from rag.generation.context import SPEC_LABELS, short_title
from rag.records import Product

COMPARE_MIN, COMPARE_MAX = 2, 4
_SPEC_NAMES = {"memory_gb": "RAM (GB)", "storage_gb": "Storage (GB)", "screen_in": "Screen (inch)",
               "weight_kg": "Weight (kg)", "colour": "Colour"}
# Raw catalog keys that repeat a normalized one above (shown once, normalized).
_DUPLICATES = {"weight": "weight_kg", "color": "colour"}


def _label(key: str) -> str:
    if key in _SPEC_NAMES:
        return _SPEC_NAMES[key]
    words = re.sub(r"_+", " ", key).strip()
    return words[:1].upper() + words[1:]


def _value(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def compare_rows(products: Sequence[Product], *, limit: int = 12) -> list[tuple[str, list[str]]]:
    """(row label, one value per product): the shopper-facing specs first, then other
    attributes that at least two of the products carry (so a row compares something)."""
    keys = [k for k in SPEC_LABELS if any(p.attributes.get(k) not in (None, "") for p in products)]
    counts: dict[str, int] = {}
    for product in products:
        for key, value in product.attributes.items():
            if value not in (None, "") and key not in SPEC_LABELS and _DUPLICATES.get(key) not in keys:
                counts[key] = counts.get(key, 0) + 1
    shared = sorted((k for k, n in counts.items() if n >= min(2, len(products))), key=lambda k: (-counts[k], k))
    rows = [(_label(k), [_value(p.attributes.get(k)) for p in products]) for k in [*keys, *shared][:limit]]
    return rows


def render_compare(products: Sequence[Product], numbers: Sequence[str] | None = None) -> str:
    """2-4 products side by side: price (the lowest marked), brand, category, then specs."""
    if not COMPARE_MIN <= len(products) <= COMPARE_MAX:
        raise ValueError(f"pick {COMPARE_MIN} to {COMPARE_MAX} products to compare, got {len(products)}")
    names = numbers or [""] * len(products)
    head = "".join(
        f'<th scope="col" title="{html.escape(p.title, quote=True)}">{html.escape(n + " " if n else "")}'
        f"{html.escape(short_title(p.title, max_words=7))}</th>"
        for p, n in zip(products, names, strict=True)
    )
    prices = [p.price for p in products if p.price is not None]
    lowest = min(prices) if len(prices) > 1 else None
    price_cells = "".join(
        f'<td class="sa-best">{html.escape(p.price_label)} (lowest)</td>'
        if lowest is not None and p.price == lowest else f"<td>{html.escape(p.price_label)}</td>"
        for p in products
    )
    body = [f'<tr><th scope="row">Price</th>{price_cells}</tr>',
            '<tr><th scope="row">Brand</th>' + "".join(f"<td>{html.escape(p.brand or '—')}</td>" for p in products) + "</tr>",
            '<tr><th scope="row">Type</th>' + "".join(f"<td>{html.escape(p.category or '—')}</td>" for p in products) + "</tr>"]
    for label, values in compare_rows(products):
        body.append(f'<tr><th scope="row">{html.escape(label)}</th>' + "".join(f"<td>{html.escape(v)}</td>" for v in values) + "</tr>")
    return (
        f'<div class="sa-compare-wrap" style="overflow-x:auto"><div style="font-weight:600;margin-bottom:4px">'
        f"Comparing {len(products)} products</div>"
        f'<table class="sa-compare"><thead><tr><th scope="col">Spec</th>{head}</tr></thead>'
        f'<tbody>{"".join(body)}</tbody></table></div>'
    )


def _round_down(price: float) -> int:
    """A round budget just under ``price`` (e.g. 437 → 400, 83 → 80, 27 → 25)."""
    if price < 10:
        return max(1, math.floor(price))
    step = 10 ** (len(str(int(price))) - 1)
    step = step // 2 if price < 2 * step else step
    return int(price // step * step) or step


def followups(trace: Trace | None, products: Mapping[str, Product], *, limit: int = 4) -> list[str]:
    """Follow-up requests to offer as chips after an answer, each one a message the chain reads:
    compare the first two, cheaper ones, a budget under the middle price, or one brand."""
    if trace is None or trace.plan not in ("results", "compare", "detail") or not trace.shown:
        return []
    shown = [products[pid] for pid in trace.shown if pid in products]
    out: list[str] = []
    if len(shown) >= 2 and trace.plan != "compare":
        out.append("compare 1 and 2")
    prices = sorted(p.price for p in shown if p.price)
    price_filter = trace.filters.get("price") if isinstance(trace.filters, Mapping) else None
    has_max = isinstance(price_filter, list | tuple) and len(price_filter) == 2 and price_filter[1] is not None
    if prices:
        out.append("cheaper ones?")
        middle = prices[len(prices) // 2]
        budget = _round_down(middle)
        if not has_max and budget > prices[0]:
            out.append(f"under ${budget}")
    brands = [p.brand for p in shown if p.brand]
    if len(set(brands)) > 1 and not trace.filters.get("brands"):
        out.append(f"only {brands[0]}")
    return out[:limit]
