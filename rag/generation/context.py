"""The numbered product context an answer may use, and nothing else.

Each retrieved product becomes ``[n]`` with the facts an answer is allowed to
state: title, brand, price, category and the normalized specs. The same
records feed the prompt, the extractive composer and the validator, so what
the model was shown is exactly what its answer is checked against.
Descriptions are catalog *data*: instruction-like sentences are removed and
the prompt fences them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rag.catalog.categories import is_accessory
from rag.guardrails import sanitize_catalog_text
from rag.records import Product

# Normalized attributes shown to shoppers, with how to say them.
SPEC_LABELS: Mapping[str, str] = {
    "memory_gb": "{:g} GB RAM",
    "storage_gb": "{:g} GB storage",
    "screen_in": "{:g}-inch screen",
    "weight_kg": "{:g} kg",
    "colour": "{}",
}


def plain_number(value: float | int) -> str:
    """A number as a shopper reads it: never in scientific notation (``{:g}`` writes a
    0.000064 kg record as "6.4e-05", which reads as nonsense and as "05 kg" to the validator)."""
    if isinstance(value, int):
        return str(value)
    return f"{value:f}".rstrip("0").rstrip(".") or "0"


def spec_phrase(key: str, value: object, category: str | None = None) -> str | None:
    """The phrase for one of :data:`SPEC_LABELS`, or None for an empty value or a number
    that rounds to zero (a bad record: a 0.0000001 kg webcam says nothing to a shopper).
    An accessory's screen size is the screen it fits ("fits 15.6-inch screens" for a backpack)."""
    if value in (None, "") or isinstance(value, bool):
        return None
    if isinstance(value, float | int):
        text = plain_number(value)
        if text in ("0", "-0"):
            return None
        if key == "screen_in" and is_accessory(category):
            return f"fits {text}-inch screens"
        return SPEC_LABELS[key].replace("{:g}", text)
    return SPEC_LABELS[key].format(value)


@dataclass(frozen=True, slots=True)
class ContextItem:
    number: int  # 1-based, as cited: [number]
    product: Product

    @property
    def product_id(self) -> str:
        return self.product.id

    @property
    def specs(self) -> dict[str, object]:
        attrs = self.product.attributes
        return {k: attrs[k] for k in SPEC_LABELS if attrs.get(k) not in (None, "")}

    def spec_phrases(self, limit: int = 3) -> list[str]:
        phrases = (spec_phrase(k, v, self.product.category) for k, v in self.specs.items())
        return [p for p in phrases if p][:limit]

    @property
    def display_name(self) -> str:
        """A short name for sentences: brand + the title up to its spec list."""
        title, brand = short_title(self.product.title), self.product.brand.strip()
        if brand and not title.lower().startswith(brand.lower()):
            return f"{brand} {title}"
        return title


_TITLE_CUT = re.compile(r"\s\d+(?:[.,]\d+)?\s?cm\s\(|\s[-\u2013|,]\s|\s\(")


def short_title(title: str, max_words: int = 8) -> str:
    """Icecat titles list every spec; keep the name ("HP Pavilion dv7-1211ea Notebook Silver"). A name of two words
    or fewer before a comma or a dash is a line's, not the product's ("PAW Patrol , Mighty Pups Charged Up Chase's
    Deluxe Vehicle": five cards all said "PAW Patrol"), so the next clause joins it."""
    title = " ".join(title.split())
    head = _TITLE_CUT.split(title, maxsplit=1)[0]
    cut = _TITLE_CUT.search(title)
    if cut is not None and len(head.split()) <= 2 and cut.group(0).strip() in {",", "-", "\u2013", "|"}:
        head = f"{head}, {_TITLE_CUT.split(title[cut.end():], maxsplit=1)[0]}"
    words = head.split()
    return " ".join(words[:max_words]).rstrip(",;:") if words else title.strip()


def format_price(price: float | None, currency: str = "USD") -> str:
    if price is None:
        return "price not listed"
    symbol = {"USD": "$", "EUR": "€", "GBP": "£"}.get(currency.upper())
    amount = f"{price:,.2f}"
    return f"{symbol}{amount}" if symbol else f"{amount} {currency}"


def build_context(products: Sequence[Product], limit: int = 5) -> tuple[ContextItem, ...]:
    return tuple(ContextItem(i, p) for i, p in enumerate(products[:limit], start=1))


def render_context(items: Sequence[ContextItem], *, description_chars: int = 160, full_titles: bool = True) -> str:
    """The product block of the prompt: one numbered entry per product.

    ``full_titles=False`` keeps the prompt tight (Icecat titles repeat the
    specs): the short name plus the structured facts.
    """
    lines = []
    for item in items:
        p = item.product
        facts = [f"by {p.brand or 'an unlisted brand'}", format_price(p.price, p.currency)]
        if p.category:
            facts.append(p.category)
        facts.extend(item.spec_phrases(limit=5))
        description = sanitize_catalog_text(" ".join(p.description.split()))
        if not full_titles and len(item.specs) >= 2:
            description = ""  # the specs already say it, in fewer tokens (digits tokenize one by one)
        if len(description) > description_chars:  # cut at a word, never mid-number
            description = description[:description_chars].rsplit(" ", 1)[0].rstrip(",;:") + " …"
        title = sanitize_catalog_text(p.title if full_titles else item.display_name)
        entry = f"[{item.number}] {title}: " + ", ".join(facts) + "."
        if description and description.lower() not in p.title.lower():
            entry += f" Details: {description}"
        lines.append(entry)
    return "\n".join(lines)
