"""What the query parser knows about the catalog: its brands, price bands and words.

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

from rag.catalog.taxonomy import DEVICE, TAXONOMY
from rag.records import Product

VOCABULARY_FILE = "vocabulary.json"
_PUNCT = re.compile(r"[^a-z0-9]+")
#: A word as the relevance check reads a message (``rag.generation.relevance.content_words``).
WORD = re.compile(r"[a-z][a-z0-9-]*")
#: A word as query grouping and the learned ranking's coverage features read it (letters or digits).
TERM = re.compile(r"[a-z0-9]+")


def plural_stem(word: str) -> str:
    """A word with a plural 's' stripped ("speakers" -> "speaker"); short words and "-ss" stay."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def terms(text: str) -> frozenset[str]:
    """Lower-cased words with a plural 's' stripped ("speakers" -> "speaker")."""
    return frozenset(plural_stem(w) for w in TERM.findall(text.lower()))


def catalog_words(product: Product) -> set[str]:
    """Every word a product's record holds (title, brand, type, description, attributes), lower case;
    a hyphenated word also gives its parts."""
    text = " ".join([product.title, product.brand, product.category or "", product.description,
                     *(f"{k} {v}" for k, v in product.attributes.items())]).lower()
    words = set(WORD.findall(text))
    words |= {part for w in words if "-" in w for part in w.split("-") if part}
    return words


def brand_key(text: str) -> str:
    """Case- and punctuation-free form: "StarTech.com" -> "startechcom"."""
    return _PUNCT.sub("", text.lower())


@dataclass(frozen=True, slots=True)
class Vocabulary:
    brands: tuple[str, ...]
    # category -> (p25, p50) of known prices; "*" is the whole catalog
    price_bands: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    # brand -> the categories it sells, most products first (to tell "Brother printer" from "my brother",
    # and to show a brand's range: rag.understanding.brand_range)
    brand_categories: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # ... and how many products of each (a brand's one-off, often misfiled, is no part of its range)
    brand_category_counts: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    # Every word any record holds: a message word outside it names something the catalog does not
    # carry ("bose", "dyson"). Empty for an index built before it was stored: the check is then off.
    words: frozenset[str] = frozenset()
    # A product line's word -> the device kind most of its devices are ("galaxy" -> smartphone, "a51"
    # -> smartphone): what "a case for my galaxy s20" serves (rag.understanding.lines). Empty for an
    # index built before it was stored.
    line_kinds: Mapping[str, str] = field(default_factory=dict)
    # A product line's word -> (the brand that makes its devices, how many, how many titles name it after the
    # brand): "galaxy" -> (Samsung, 32, 32); a line asked for names its maker (rag.understanding.lines.line_brand).
    # Empty for an index built before it was stored.
    line_brands: Mapping[str, tuple[str, int, int]] = field(default_factory=dict)

    @property
    def kinds(self) -> frozenset[str]:
        """The kinds the catalog files a product as (empty when the index says nothing of them)."""
        return frozenset(self.price_bands) - {"*"} | {c for kinds in self.brand_categories.values() for c in kinds}

    @classmethod
    def from_products(cls, products: Iterable[Product]) -> Vocabulary:
        brands: Counter[str] = Counter()
        prices: dict[str, list[float]] = defaultdict(list)
        sells: dict[str, Counter[str]] = defaultdict(Counter)
        words: set[str] = set()
        lines: dict[str, Counter[str]] = defaultdict(Counter)
        makers: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
        named: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
        for p in products:
            words |= catalog_words(p)
            if p.category and _RANK.get(p.category) == DEVICE and p.category not in _PARTS:
                for token in set(LINE_TOKEN.findall(p.title.lower())):
                    lines[token][p.category] += 1
                    makers[token][(p.category, p.brand or "")] += 1
                    # ... and whether the line's name follows its maker's ("Samsung Galaxy A51", not "Spin Master ... Action")
                    named[token][(p.category, p.brand or "")] += bool(p.brand) and f"{p.brand.lower()} {token}" in p.title.lower()
            if p.brand:
                brands[p.brand] += 1
                if p.category:
                    sells[p.brand][p.category] += 1
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
            brand_categories={b: tuple(sorted(c, key=lambda name: (-c[name], name))) for b, c in sells.items()},
            brand_category_counts={b: dict(c) for b, c in sells.items()},
            words=frozenset(words),
            line_kinds=(kinds := _line_kinds(lines)),
            line_brands=_line_brands(makers, named, kinds, set(brands)),
        )

    def save(self, directory: Path) -> None:
        payload = {
            "brands": list(self.brands),
            "price_bands": {k: list(v) for k, v in self.price_bands.items()},
            "brand_categories": {k: list(v) for k, v in self.brand_categories.items()},
            "brand_category_counts": {k: dict(sorted(v.items())) for k, v in self.brand_category_counts.items()},
            "words": sorted(self.words),
            "line_kinds": dict(sorted(self.line_kinds.items())),
            "line_brands": {k: list(v) for k, v in sorted(self.line_brands.items())},
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
            brand_category_counts={k: {c: int(n) for c, n in v.items()} for k, v in data.get("brand_category_counts", {}).items()},
            words=frozenset(data.get("words", ())),
            line_kinds=dict(data.get("line_kinds", {})),
            line_brands={k: (str(v[0]), int(v[1]), int(v[2])) for k, v in data.get("line_brands", {}).items()},
        )


_RANK = {c.name: c.rank for c in TAXONOMY}
#: A word of a device's title that may name its line: letters, digits and "+" ("galaxy", "a51").
#: Parts named after the device they go in ("Lenovo ThinkPad Battery", "Dell Latitude hard drive"):
#: no line of their own ("thinkpad" had read battery: 10 batteries beside 8 notebooks).
_PARTS = frozenset({"battery", "internal hard drive", "internal ssd", "memory module", "processor",
                    "motherboard", "graphics card", "network card", "interface card", "computer case",
                    "power supply unit", "computer cooling"})
LINE_TOKEN = re.compile(r"(?<![a-z0-9])[a-z][a-z0-9+]+")


def _line_kinds(lines: Mapping[str, Counter[str]], least: int = 3, share: float = 0.4) -> dict[str, str]:
    """The words of device titles whose devices are mostly of one kind: at least ``least`` devices,
    ``share`` of them of one kind and more than of any other ("galaxy": 32 smartphones of 50
    devices; "tab": 8 tablets of 18, beside labels' and office supplies' tabs)."""
    out = {}
    for token, kinds in lines.items():
        total = sum(kinds.values())
        (kind, count), *rest = kinds.most_common(2)
        if total >= least and count / total >= share and (not rest or rest[0][1] < count):
            out[token] = kind
    return out


def _line_brands(makers: Mapping[str, Counter[tuple[str, str]]], named: Mapping[str, Counter[tuple[str, str]]],
                 kinds: Mapping[str, str], brands: set[str], least: int = 3, share: float = 0.9) -> dict[str, tuple[str, int, int]]:
    """The words of device titles whose devices of the line's kind (``kinds``) are, ``share`` of them and
    at least ``least``, one brand's ("galaxy": 32 of 32 smartphones are Samsung's, beside APC's Galaxy
    UPSes; "thinkpad", "ideapad"), with how many, and in how many titles the word follows the brand's name;
    not a brand's own name."""
    out = {}
    lowered = {b.lower() for b in brands}
    for token, kind in kinds.items():
        by = Counter({brand: n for (k, brand), n in makers.get(token, Counter()).items() if k == kind})
        if not by or token in lowered:
            continue
        (brand, count), total = by.most_common(1)[0], sum(by.values())
        if brand and count >= least and count / total >= share:
            out[token] = (brand, count, named[token][(kind, brand)])
    return out


# -- typos: one edit (a brand against the brand list; a word against every catalog word) --

def within_one_edit(a: str, b: str) -> bool:
    """Damerau-Levenshtein distance <= 1: one insertion, deletion, substitution
    or swap of neighbours ("samsnug" -> "samsung"), the common single typo."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    if len(a) > len(b):
        a, b = b, a
    return any(b[:i] + b[i + 1:] == a for i in range(len(b)))


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def one_edit_variants(word: str) -> set[str]:
    """Every string one deletion, swap, replacement or insertion away (Norvig's spelling corrector).

    Asks the other way round from :func:`within_one_edit`: is any word of a large set one edit
    away (a set lookup per variant), not is this pair. Hand-written rather than a spelling
    library: the catalog's own words are the dictionary (a library would bring its own list)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + b[1:] for a, b in splits if b}
            | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            | {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
            | {a + c + b for a, b in splits for c in _LETTERS})
