"""What the query parser knows about the catalog: its brands and price bands.

Built from the products at ingest time and stored next to the index
(``vocabulary.json``), so parsing a message touches no catalog file.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rag.records import Product

VOCABULARY_FILE = "vocabulary.json"
_PUNCT = re.compile(r"[^a-z0-9]+")


def brand_key(text: str) -> str:
    """Case- and punctuation-free form: "StarTech.com" -> "startechcom"."""
    return _PUNCT.sub("", text.lower())


@dataclass(frozen=True, slots=True)
class Vocabulary:
    brands: tuple[str, ...]
    # category -> (p25, p50) of known prices; "*" is the whole catalog
    price_bands: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    # brand -> the categories it sells (to tell "Brother printer" from "my brother")
    brand_categories: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_products(cls, products: Iterable[Product]) -> Vocabulary:
        brands: Counter[str] = Counter()
        prices: dict[str, list[float]] = defaultdict(list)
        sells: dict[str, set[str]] = defaultdict(set)
        for p in products:
            if p.brand:
                brands[p.brand] += 1
                if p.category:
                    sells[p.brand].add(p.category)
            if p.price is not None:
                prices["*"].append(p.price)
                if p.category:
                    prices[p.category].append(p.price)
        bands = {}
        for category, values in prices.items():
            if len(values) >= 5:
                values.sort()
                bands[category] = (values[len(values) // 4], values[len(values) // 2])
        return cls(
            brands=tuple(b for b, _ in brands.most_common()),
            price_bands=bands,
            brand_categories={b: tuple(sorted(c)) for b, c in sells.items()},
        )

    def save(self, directory: Path) -> None:
        payload = {
            "brands": list(self.brands),
            "price_bands": {k: list(v) for k, v in self.price_bands.items()},
            "brand_categories": {k: list(v) for k, v in self.brand_categories.items()},
        }
        tmp = directory / (VOCABULARY_FILE + ".tmp")
        tmp.write_text(json.dumps(payload, indent=1))
        tmp.replace(directory / VOCABULARY_FILE)

    @classmethod
    def load(cls, directory: Path) -> Vocabulary | None:
        try:
            data = json.loads((directory / VOCABULARY_FILE).read_text())
        except (FileNotFoundError, ValueError):
            return None
        return cls(
            brands=tuple(data.get("brands", ())),
            price_bands={k: (float(v[0]), float(v[1])) for k, v in data.get("price_bands", {}).items()},
            brand_categories={k: tuple(v) for k, v in data.get("brand_categories", {}).items()},
        )
