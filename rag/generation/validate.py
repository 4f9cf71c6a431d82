"""Check an answer against the context it was written from.

Every sentence is checked on its own:

* citations ``[n]`` must point into the context; out-of-range ones are
  removed from the text and reported;
* every price the sentence states must be the price of a product it cites
  (or an amount the shopper used, as in "under $50");
* every brand it names must be the brand of a product it cites;
* every number with a unit (GB, TB, inch, kg, W, MP, Hz, mAh…) must appear
  in a cited product's record (normalized specs compared numerically, other
  units against the numbers in the title, description and attributes).

A sentence that states such a fact without citing inherits the citations of
the sentence before it ("[1] is the Dell XPS 13. It costs $999."); with
nothing to inherit, the fact is unsupported. The validator never rewrites a
fact; the answer stage drops failing sentences, regenerates or falls back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rag.generation.context import ContextItem

_CITATION = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")
# Not after an initial ("L.O.L. Surprise", "U.S."): a capital letter after a space or a dot.
_SENTENCE_BREAK = re.compile(r"(?<![\s.][A-Z]\.)(?<=[.!?])\s+(?=[A-Z\[\"'(*-])|\n+")
_MONEY = re.compile(
    r"(?:(?:US)?\$|USD\s?|€|EUR\s?|£|GBP\s?)\s?(\d[\d,]*(?:\.\d{1,2})?)(?![\d.,]\d|\d|\s?(?:GB|TB|MB|W|mAh|%)\b)"
    r"|(\d[\d,]*(?:\.\d{1,2})?)(?!\d)\s?(?:dollars|usd|euros?|eur)\b",
    re.IGNORECASE,
)
_QUANTITY = re.compile(
    r"(\d+(?:[.,]\d+)?)\s?(?:-\s?)?"
    r"(tb|gb|mb|inch(?:es)?|in\b|\"|”|''|kg|kilograms?|g\b|grams?|lbs?|w\b|watts?|mp\b|megapixels?|hz|khz|mhz|ghz|mah|mm\b|cm\b|m\b|hours?|h\b|ms\b)",
    re.IGNORECASE,
)
_CHEAPEST = re.compile(r"\b(?:cheapest|least expensive|lowest[- ]priced|lowest price|most affordable|best price)\b", re.I)
_PRICIEST = re.compile(r"\b(?:most expensive|priciest|highest[- ]priced|highest price)\b", re.I)
_ECHO = re.compile(r"\|\s*(?:brand|price|type|about)\s*:", re.I)
_NEGATION = re.compile(r"\b(?:no|not|none|couldn't|could not|didn't|don't|isn't|aren't|without|instead of|unavailable)\b", re.I)


@dataclass(frozen=True, slots=True)
class SentenceCheck:
    text: str  # the sentence with out-of-range citations removed
    citations: tuple[int, ...]  # valid citation numbers in the sentence
    issues: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.issues


@dataclass(frozen=True, slots=True)
class ValidationReport:
    sentences: tuple[SentenceCheck, ...]
    dropped_citations: tuple[int, ...] = ()  # out-of-range numbers removed
    cited: tuple[int, ...] = ()  # valid numbers, in order of first use

    @property
    def ok(self) -> bool:
        return all(s.ok for s in self.sentences)

    @property
    def issues(self) -> tuple[str, ...]:
        return tuple(i for s in self.sentences for i in s.issues)

    def to_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "cited": list(self.cited),
            "dropped_citations": list(self.dropped_citations),
            "issues": list(self.issues),
            "sentences": len(self.sentences),
        }


@dataclass(frozen=True, slots=True)
class Grounding:
    """What an answer may state beyond the context: the shopper's own numbers."""

    allowed_amounts: frozenset[float] = frozenset()
    allowed_numbers: frozenset[float] = frozenset()
    allowed_brands: frozenset[str] = frozenset()
    brand_vocabulary: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def from_message(cls, message: str, brand_vocabulary: Iterable[str] = ()) -> Grounding:
        vocab = frozenset(b for b in brand_vocabulary if len(b) > 1)
        return cls(
            frozenset(_amounts(message)),
            frozenset(float(q[0].replace(",", ".")) for q in _QUANTITY.findall(message)),
            frozenset(b for b in vocab if _mentions(message, b, case_sensitive=False)),
            vocab,
        )


def split_sentences(text: str, protect: Iterable[str] = ()) -> list[str]:
    """Sentences of ``text``; names in ``protect`` ("be quiet!") never end one."""
    masked = text.strip()
    names = sorted((n for n in protect if re.search(r"[.!?]", n)), key=len, reverse=True)
    for i, name in enumerate(names):
        masked = masked.replace(name, f"\x00{i}\x00")
    out = []
    for sentence in _SENTENCE_BREAK.split(masked):
        for i, name in enumerate(names):
            sentence = sentence.replace(f"\x00{i}\x00", name)
        if sentence.strip():
            out.append(sentence.strip())
    return out


def _amounts(text: str) -> list[float]:
    out = []
    for a, b in _MONEY.findall(text):
        raw = (a or b).replace(",", "")
        try:
            out.append(float(raw))
        except ValueError:
            continue
    return out


def _mentions(text: str, brand: str, *, case_sensitive: bool = True) -> bool:
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.search(rf"(?<![\w-]){re.escape(brand)}(?![\w-])", text, flags) is not None


_UNIT_ALIASES = {
    "inche": "inch", "in": "inch", '"': "inch", "”": "inch", "''": "inch",
    "kilogram": "kg", "gram": "g", "lb": "lb", "watt": "w", "megapixel": "mp", "hour": "h",
}
_TO_BASE = {"tb": ("gb", 1000.0), "mb": ("gb", 0.001), "g": ("kg", 0.001), "mhz": ("ghz", 0.001), "khz": ("hz", 1000.0)}


def _unit(raw: str) -> str:
    u = raw.lower().rstrip("s") if raw.lower() not in ("ms",) else raw.lower()
    return _UNIT_ALIASES.get(u, u)


def _base(value: float, unit: str) -> tuple[float, str]:
    if unit in _TO_BASE:
        target, factor = _TO_BASE[unit]
        return value * factor, target
    return value, unit


def _record_quantities(item: ContextItem) -> list[tuple[float, str]]:
    p = item.product
    text = " ".join([p.title, p.description, *(f"{k} {v}" for k, v in p.attributes.items())])
    out = []
    for raw, unit in _QUANTITY.findall(text):
        try:
            out.append(_base(float(raw.replace(",", ".")), _unit(unit)))
        except ValueError:
            continue
    return out


def _close(a: float, b: float, rel: float = 0.03) -> bool:
    return abs(a - b) <= rel * max(abs(a), abs(b), 0.01)


def _price_matches(amount: float, price: float | None) -> bool:
    # "$499" for 499.00 and "$500" for 499.99 (rounded to the dollar) both pass.
    return price is not None and (abs(amount - price) < 0.005 or abs(amount - round(price)) < 0.005)


def _quantity_ok(value: float, raw_unit: str, items: Sequence[ContextItem]) -> bool:
    unit = _unit(raw_unit)
    value_b, unit_b = _base(value, unit)
    alt = value * 1024 if unit == "tb" else None  # 1 TB written for 1024 GB
    for item in items:
        specs = item.specs
        if unit_b == "gb":
            for key in ("memory_gb", "storage_gb"):
                v = specs.get(key)
                if isinstance(v, int | float) and (_close(v, value_b) or (alt is not None and _close(v, alt))):
                    return True
        if unit_b == "inch":
            v = specs.get("screen_in")
            if isinstance(v, int | float) and abs(v - value) <= 0.06:
                return True
        if unit_b == "kg":
            v = specs.get("weight_kg")
            if isinstance(v, int | float) and _close(v, value_b):
                return True
        if any(u == unit_b and _close(v, value_b, 0.005) for v, u in _record_quantities(item)):
            return True
        # Icecat stores many specs as bare numbers ("polling_rate": 125): the value itself counts.
        if any(isinstance(v, int | float) and not isinstance(v, bool) and _close(float(v), value, 0.001)
               for v in item.product.attributes.values()):
            return True
    return False


def check_sentence(
    sentence: str,
    items: Sequence[ContextItem],
    grounding: Grounding,
    inherited: tuple[int, ...] = (),
    shown: Sequence[ContextItem] | None = None,
) -> tuple[SentenceCheck, tuple[int, ...]]:
    """Validate one sentence; returns the check and the out-of-range numbers it dropped.

    ``items`` are the products the sentence may cite; ``shown`` (default: the
    same) are all the products the shopper sees, against which "the cheapest"
    and "the most expensive" must hold."""
    valid_numbers = {i.number for i in items}
    cited: list[int] = []
    dropped: list[int] = []

    def _strip(match: re.Match[str]) -> str:
        kept = []
        for raw in re.split(r"\s*[,;]\s*", match.group(1)):
            n = int(raw)
            (kept if n in valid_numbers else dropped).append(n)
        cited.extend(kept)
        return "".join(f"[{n}]" for n in kept)

    text = _CITATION.sub(_strip, sentence)
    text = re.sub(r"\s+([.,;!?])", r"\1", re.sub(r" {2,}", " ", text)).strip()
    basis_numbers = tuple(dict.fromkeys(cited)) or inherited
    basis = [i for i in items if i.number in basis_numbers]
    issues: list[str] = []
    if _ECHO.search(text):
        issues.append("copies the product list instead of answering")
    # "the cheapest" / "the most expensive" must be true among the products shown.
    priced = [i.product.price for i in (shown if shown is not None else items) if i.product.price is not None]
    if basis and priced:
        if _CHEAPEST.search(text) and not _NEGATION.search(text) and any(i.product.price != min(priced) for i in basis[:1]):
            issues.append(f"calls cited {sorted(basis_numbers)} the cheapest, but it is not")
        if _PRICIEST.search(text) and not _NEGATION.search(text) and any(i.product.price != max(priced) for i in basis[:1]):
            issues.append(f"calls cited {sorted(basis_numbers)} the most expensive, but it is not")
    stated = False  # does the sentence state a price, a brand or a spec of a product?
    # Prices.
    for amount in _amounts(text):
        if amount in grounding.allowed_amounts:
            continue
        stated = True
        if not basis:
            issues.append(f"states a price ({amount:g}) without citing a product")
        elif not any(_price_matches(amount, i.product.price) for i in basis):
            issues.append(f"price {amount:g} does not match cited {sorted(basis_numbers)}")
    # Brands (as written in the catalog, so "sharp image" is not the brand Sharp).
    for brand in grounding.brand_vocabulary:
        if not _mentions(text, brand):
            continue
        stated = True
        if basis and any(i.product.brand.lower() == brand.lower() or _mentions(i.product.title, brand) for i in basis):
            continue  # its brand, or a name in its title ("… for Xbox One")
        if brand in grounding.allowed_brands and _NEGATION.search(text):
            continue  # "I found no Sony headphones, but [1] ..."
        if basis or brand not in grounding.allowed_brands:
            issues.append(f"brand {brand} is not the brand of cited {sorted(basis_numbers)}")
    # Numeric specs.
    without_money = _MONEY.sub(" ", text)
    for raw, unit in _QUANTITY.findall(without_money):
        value = float(raw.replace(",", "."))
        if value in grounding.allowed_numbers:
            continue
        stated = True
        if not basis:
            issues.append(f"states {raw} {unit} without citing a product")
        elif not _quantity_ok(value, unit, basis):
            issues.append(f"{raw} {unit} not in the record of cited {sorted(basis_numbers)}")
    own = tuple(dict.fromkeys(cited))
    if not issues and not own and inherited and stated:
        # "It costs $999." after "[2] The Dell ...": the fact was checked against [2]; say so.
        tag = "".join(f"[{n}]" for n in inherited)
        text = re.sub(r"\s*([.!?]*)$", lambda m: f" {tag}{m.group(1)}", text, count=1)
        own = inherited
    return SentenceCheck(text, own, tuple(issues)), tuple(dropped)


def validate_answer(answer: str, items: Sequence[ContextItem], grounding: Grounding | None = None) -> ValidationReport:
    grounding = grounding or Grounding()
    checks: list[SentenceCheck] = []
    dropped: list[int] = []
    inherited: tuple[int, ...] = ()
    for sentence in split_sentences(answer, grounding.brand_vocabulary):
        check, lost = check_sentence(sentence, items, grounding, inherited)
        checks.append(check)
        dropped.extend(lost)
        inherited = check.citations or inherited
    cited = tuple(dict.fromkeys(n for c in checks for n in c.citations))
    return ValidationReport(tuple(checks), tuple(dict.fromkeys(dropped)), cited)


def citation_map(report: ValidationReport, items: Sequence[ContextItem]) -> dict[int, str]:
    by_number = {i.number: i.product_id for i in items}
    return {n: by_number[n] for n in report.cited}
