"""Product cards and citation links: pure functions from records to HTML.

Cards are shown as chat messages (so each one gets the Chatbot's thumbs) and
carry an ``id`` the answer's ``[n]`` citations link to. The Chatbot sanitizes
HTML (no scripts, no ``onerror``), so the image is a CSS background layered
over a placeholder: when the image URL is reachable the photo covers it, when
it is not (offline, a dead link) the placeholder shows. Nothing waits for an
image: the browser fetches it after the card is on screen.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Mapping, Sequence

from rag.generation.context import SPEC_LABELS, short_title, spec_phrase
from rag.records import Product

#: The Icecat credit the footer shows (the catalog's licence asks for it).
ICECAT_CREDIT = (
    'Product data: <a href="https://icecat.biz" target="_blank" rel="noopener">Icecat (icecat.biz)</a>, '
    "Open Content License. Relevance judgments from the Chorus project (Apache-2.0)."
)

# Icecat serves one photo in several sizes; a card needs a small one.
_IMAGE_PREFERENCE = ("gallery_thumbs", "gallery_lows", "gallery_mediums", "thumbs", "lows")
_CITATION = re.compile(r"\[(\d{1,2})\](?!\()")
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")

# Placeholder colours (background, accent), picked by category so a page of cards is not uniform.
_PALETTE = (
    ("#eef2ff", "#4f46e5"), ("#ecfdf5", "#059669"), ("#fff7ed", "#ea580c"),
    ("#f0f9ff", "#0284c7"), ("#fdf2f8", "#db2777"), ("#f5f3ff", "#7c3aed"),
)


def card_anchor(request_id: str, number: int) -> str:
    """The element id of card ``number`` of one turn; citations link here."""
    return f"card-{_ID_UNSAFE.sub('', request_id)[:32]}-{number}"


def link_citations(text: str, request_id: str, count: int) -> str:
    """Turn each ``[n]`` with 1 <= n <= count into a Markdown link to its card.

    Out-of-range numbers stay plain text (the validator drops them anyway);
    an existing Markdown link ``[n](...)`` is left alone.
    """

    def link(match: re.Match[str]) -> str:
        n = int(match.group(1))
        if not 1 <= n <= count:
            return match.group(0)
        return f"[[{n}]](#{card_anchor(request_id, n)})"

    return _CITATION.sub(link, text)


def card_image_url(product: Product) -> str | None:
    """The smallest of the product's photos that suits a card, or None."""
    urls = [u for u in product.image_urls if u.startswith(("http://", "https://"))]
    for marker in _IMAGE_PREFERENCE:
        for url in urls:
            if f"/{marker}/" in url:
                return url
    return urls[0] if urls else None


def key_specs(product: Product, limit: int = 3) -> list[str]:
    """The shopper-facing specs (RAM, storage, screen, weight, colour), as phrases."""
    attrs = product.attributes
    out = []
    for key in SPEC_LABELS:
        phrase = spec_phrase(key, attrs.get(key), product.category)
        if phrase is None:
            continue
        out.append(phrase)
        if len(out) >= limit:
            break
    return out


def _initials(product: Product) -> str:
    words = [w for w in re.split(r"[\s\-/]+", product.brand or product.title) if w[:1].isalnum()]
    return "".join(w[0] for w in words[:2]).upper() or "?"


def _palette(product: Product) -> tuple[str, str]:
    key = (product.category or product.brand or product.id).encode("utf-8")
    return _PALETTE[hashlib.sha256(key).digest()[0] % len(_PALETTE)]


def image_html(product: Product, size: int = 76) -> str:
    """The card's picture: a placeholder (brand initials, category), with the photo over it."""
    background, accent = _palette(product)
    category = html.escape((product.category or "product")[:18])
    url = card_image_url(product)
    photo = ""
    if url:
        # Quotes and parentheses would end the CSS url(); Icecat URLs have neither, others are escaped.
        safe = url.replace("'", "%27").replace("(", "%28").replace(")", "%29").replace('"', "%22")
        photo = (
            f'<div class="sa-photo" style="position:absolute;inset:0;'
            f"background:url('{html.escape(safe, quote=True)}') center/contain no-repeat\"></div>"
        )
    return (
        f'<div class="sa-thumb" style="flex:none;width:{size}px;height:{size}px;border-radius:12px;'
        f"position:relative;overflow:hidden;background:{background};display:flex;flex-direction:column;"
        f'align-items:center;justify-content:center;gap:2px">'
        f'<span style="font:700 {size // 3}px/1 system-ui,sans-serif;color:{accent};letter-spacing:1px">'
        f"{html.escape(_initials(product))}</span>"
        f'<span style="font:500 9px/1.1 system-ui,sans-serif;color:{accent};opacity:.8;text-align:center;'
        f'padding:0 4px">{category}</span>{photo}</div>'
    )


def product_card(product: Product, number: int, request_id: str, *, cited: bool = False) -> str:
    """One product as a chat message: picture, [n] and title, brand, price, key specs, and a
    "More like this" link (the page's script turns it into an event; see :mod:`rag.ui.page`)."""
    specs = " · ".join(html.escape(s) for s in key_specs(product))
    badge = (
        '<span style="margin-left:6px;font-size:11px;color:#047857;background:#d1fae5;border-radius:999px;'
        'padding:1px 7px">cited</span>'
        if cited
        else ""
    )
    title = html.escape(short_title(product.title, max_words=12))
    full = html.escape(product.title, quote=True)
    category = html.escape(product.category or "")
    meta = " · ".join(part for part in (html.escape(product.brand), category) if part)
    return (
        f'<div id="{card_anchor(request_id, number)}" class="sa-card" '
        'style="display:flex;gap:12px;align-items:center;min-width:260px;max-width:560px">'
        f"{image_html(product)}"
        '<div style="min-width:0">'
        f'<div style="font-weight:600;line-height:1.3"><span class="sa-num" style="color:#6366f1">[{number}]</span> '
        f'<span class="sa-name" title="{full}">{title}</span>{badge}</div>'
        f'<div style="color:#4b5563;font-size:13px;margin-top:2px">{meta}</div>'
        f'<div class="sa-price" style="font-size:15px;font-weight:700;margin-top:2px">{html.escape(product.price_label)}</div>'
        + (f'<div style="color:#6b7280;font-size:12px;margin-top:2px">{specs}</div>' if specs else "")
        + f'<div class="sa-actions"><a class="sa-more" href="#more-{card_anchor(request_id, number)}">More like this'
        f'<span class="sa-sr"> {html.escape(short_title(product.title, max_words=8))}</span></a></div>'
        + "</div></div>"
    )


def turn_cards(products: Sequence[Product], citations: Mapping[int, str], request_id: str, *, start: int = 1) -> list[str]:
    """The cards of one answer, numbered as its citations are (from ``start``: "show more" continues)."""
    cited = set(citations)
    return [product_card(p, n, request_id, cited=n in cited) for n, p in enumerate(products, start=start)]
