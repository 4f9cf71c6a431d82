"""What gets indexed: the lexical fields and the embedded text of a product.

The choices here are measured with ``shopassist eval`` (see the README's
"What gets indexed" table); change them only with a before/after run.

* Lexical (BM25, per-field boosts in settings): ``title`` = title + model
  code; ``brand``; ``category`` = the derived category; ``body`` = the
  description, the shopping-relevant text attributes, the names of true
  boolean features ("bluetooth", "noise cancelling") and the normalized specs
  written out ("16 GB RAM"). Logistics attributes (pallets, cartons,
  temperatures, humidity, certification codes) are left out: they match
  queries by accident and never by intent.
* Embedded (dense): a short text, ``title. description``. Measured on the dev
  set (MiniLM int8, exact search): title + description 0.621 NDCG@10 / 0.895
  condensed; adding the derived category 0.550 / 0.874 (it pulls vectors of
  unlike products together); category first 0.566 / 0.872; title alone
  0.539 / 0.838. Short texts also embed fast (the ingest budget). When a text
  exceeds the token budget it is cut into windows that each repeat the title,
  and the vector leg keeps each product's best window (``embedding_max_chunks``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np

from rag.engines.base import IndexDocument
from rag.records import Product

_NOISE = re.compile(
    r"temperature|humidity|country_of_origin|certification|package|pallet|carton|"
    r"master__outer|shipping|dimensions|ean|upc|unspsc|oem_code|harmonized|"
    r"sustainability|altitude|stepping|_code$|gtin|warranty|status|retail_only|"
    r"stacking|quantity_per",
)
_SPEC_LABELS = {
    "memory_gb": "{:g} GB RAM",
    "storage_gb": "{:g} GB storage",
    "screen_in": '{:g} inch screen',
    "weight_kg": "{:g} kg",
}


def _humanize(key: str) -> str:
    return " ".join(part for part in key.replace("__", "_").split("_") if part)


@dataclass(frozen=True, slots=True)
class DocumentBuilder:
    """Turns a product into index text; ``fingerprint`` changes when the recipe does."""

    include_attributes: bool = True
    include_features: bool = True
    embed_category: bool = False
    embed_description: bool = True
    embed_attributes: bool = False
    version: int = 2

    @property
    def fingerprint(self) -> str:
        raw = repr(
            (self.include_attributes, self.include_features, self.embed_category,
             self.embed_description, self.embed_attributes, self.version)
        )
        return hashlib.sha256(raw.encode()).hexdigest()[:16]

    def attribute_text(self, product: Product) -> str:
        parts: list[str] = []
        for key, value in product.attributes.items():
            if _NOISE.search(key):
                continue
            if isinstance(value, bool):
                if value and self.include_features:
                    parts.append(_humanize(key))
            elif isinstance(value, str):
                if self.include_attributes and value.strip():
                    parts.append(value.strip())
            elif key in _SPEC_LABELS and isinstance(value, (int, float)):
                parts.append(_SPEC_LABELS[key].format(value))
        return ". ".join(parts)

    def lexical_fields(self, product: Product) -> dict[str, str]:
        body = [product.description]
        attrs = self.attribute_text(product)
        if attrs:
            body.append(attrs)
        return {
            "title": f"{product.title} {product.model_code}".strip(),
            "brand": product.brand,
            "category": product.category or "",
            "body": " . ".join(p for p in body if p),
        }

    def embedded_text(self, product: Product) -> str:
        parts = [product.title]
        if self.embed_category and product.category and product.category.lower() not in product.title.lower():
            parts.append(product.category)
        if self.embed_description and product.description:
            parts.append(product.description)
        if self.embed_attributes:
            attrs = self.attribute_text(product)
            if attrs:
                parts.append(attrs)
        return ". ".join(parts)

    def chunks(self, product: Product, max_words: int, max_chunks: int) -> list[str]:
        """The embedded text in at most ``max_chunks`` windows of ``max_words`` words."""
        text = self.embedded_text(product)
        words = text.split()
        if max_chunks <= 1 or len(words) <= max_words:
            return [text]
        title_words = product.title.split()
        body = words[len(title_words):] if words[: len(title_words)] == title_words else words
        room = max(8, max_words - len(title_words))
        windows = [body[i : i + room] for i in range(0, len(body), room)][:max_chunks]
        if not windows:  # a long title and nothing else: one (truncated) window
            return [text]
        return [" ".join(title_words + w) for w in windows]


def build_documents(
    products: list[Product],
    vectors: np.ndarray,
    chunk_counts: list[int],
    builder: DocumentBuilder,
) -> list[IndexDocument]:
    """Pair each product with its lexical fields and its slice of ``vectors``."""
    docs: list[IndexDocument] = []
    start = 0
    for product, count in zip(products, chunk_counts, strict=True):
        docs.append(
            IndexDocument(
                product=product,
                lexical=builder.lexical_fields(product),
                vectors=vectors[start : start + count],
            )
        )
        start += count
    if start != len(vectors):
        raise ValueError(f"{len(vectors)} vectors for {start} chunks")
    return docs
