"""Derive a shopping category for a product that has none in the source.

Icecat rows carry no category field; only 1,532 of 19,406 have an
``attr_t_product_type`` (some of it junk such as "1"). Titles follow a pattern,
"{brand} {model code} {type words} {specs}" — "Xerox 006R90321 toner cartridge
Original Black 6 pc(s)" — though thousands of model codes are descriptive
names ("C2G 5m Cat6 Booted Unshielded (UTP) Network Patch Cable - White").
The taxonomy (``rag.catalog.taxonomy``: 155 canonical categories, ~3,600
phrases) was mined from the lower-case word n-grams that follow the model
code and from the last words of descriptive names, then checked by reading
samples of every category. ``derive_category`` explains the order of
evidence; phrases match on word boundaries, case-insensitively, longest
first, and a descriptive name's accessory outranks the device it serves.

Measured on the full catalog (19,406 products; a 2-core machine, CPython 3.11)
with ``python -m rag.catalog.measure data/icecat``:

- coverage 97.0% (18,823 products categorized, 154 categories in use);
- the title rules alone agree with Icecat's own ``product_type`` on 1,473 of
  the 1,528 rows that have a usable one (96.4%); most disagreements are
  near-synonyms (headset vs headphones, server barebone vs chassis);
- top 15: toner cartridge 1,762, networking cable 1,460, ink cartridge 1,284,
  cable 756, processor 658, labels 591, printer 498, cable adapter 425, fibre
  optic cable 349, printing paper 344, notebook 343, memory module 332, video
  cable 307, ups 286, printer accessory 259;
- a hand audit of 200 random products found 6 clearly wrong categories (~97%
  precision), e.g. a "Mouse Wrist Pillow" read as a mouse (since fixed).

The 583 uncategorized rows are mostly bare model codes ("Sony STP-GB1AM",
"Philips 8718696452523 not categorized") with no telling attributes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from rag.catalog.signatures import CARTRIDGES, cartridge_kind, category_from_attributes
from rag.catalog.taxonomy import ACCESSORY, TAXONOMY, Category
from rag.records import Product

__all__ = ["TAXONOMY", "Category", "broader_category", "category_names", "derive_category", "main_kind", "normalize_text", "type_spans"]


@dataclass(frozen=True, slots=True)
class _Matcher:
    """Compiled phrase alternations, built once per process on first use."""

    strong: re.Pattern[str]
    weak: re.Pattern[str]
    by_phrase: Mapping[str, Category]
    by_name: Mapping[str, Category]


_SEPARATOR = re.compile(r"[\s\-]+")


def _phrase_key(text: str) -> str:
    """The lookup key of a phrase or of a matched span: separators unified."""
    return _SEPARATOR.sub(" ", text.strip().lower())


def _phrase_pattern(phrase: str) -> str:
    words = _SEPARATOR.split(phrase.strip().lower())
    body = r"[\s\-]+".join(re.escape(w) for w in words)
    last = words[-1]
    # Plurals come for free, except for short words ("pc" + "s" is "pcs",
    # i.e. pieces) and words that already end in "s".
    if len(last) >= 3 and last[-1].isalpha() and last[-1] != "s":
        body += "(?:e?s)?"
    return body


def _alternation(phrases: list[str]) -> re.Pattern[str]:
    # Longest first: Python's alternation takes the first alternative that
    # matches at a position, so a match is the longest phrase starting there
    # ("notebook case", not "notebook").
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    body = "|".join(_phrase_pattern(p) for p in ordered)
    return re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])")


@cache
def _matcher() -> _Matcher:
    by_phrase: dict[str, Category] = {}
    strong: list[str] = []
    weak: list[str] = []
    names: dict[str, Category] = {}
    for category in TAXONOMY:
        if category.name in names:
            raise ValueError(f"category {category.name!r} appears twice in TAXONOMY")
        names[category.name] = category
        tagged = [(p, strong) for p in category.phrases] + [(p, weak) for p in category.weak]
        for phrase, bucket in tagged:
            key = _phrase_key(phrase)
            owner = by_phrase.get(key)
            if owner is not None and owner is not category:
                raise ValueError(
                    f"phrase {phrase!r} is claimed by both {owner.name!r} and {category.name!r}"
                )
            by_phrase[key] = category
            bucket.append(phrase)
    return _Matcher(_alternation(strong), _alternation(weak), by_phrase, names)


def category_names() -> tuple[str, ...]:
    """Every canonical category, in taxonomy order (for filters and UIs)."""
    return tuple(c.name for c in TAXONOMY)


_NOISE = re.compile(r"[®™©*]")
_PIECES = re.compile(r"\bpc\(s\)|\bpcs\b\.?", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Lower-case a title for phrase matching.

    "6 pc(s)" and "125 pcs." (pieces) become "pieces" so that they never
    read as the category "pc"; trademark signs are dropped.
    """
    text = _PIECES.sub("pieces", text)
    text = _NOISE.sub("", text)
    return _SPACES.sub(" ", text).strip().lower()


def _lookup(span: str) -> Category | None:
    by_phrase = _matcher().by_phrase
    key = _phrase_key(span)
    for candidate in (key, key[:-1], key[:-2]):  # the phrase, or its plural
        if candidate in by_phrase:
            return by_phrase[candidate]
    return None


_WORD_START = re.compile(r"(?<![a-z0-9])[a-z0-9(]")


def _spans(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """Non-overlapping phrase matches, longest first, in text order.

    Longest-first (not leftmost-first) so that "colour ribbon cartridge"
    reads as "ribbon cartridge", not "colour ribbon" + "cartridge".
    """
    candidates = [
        match
        for start in _WORD_START.finditer(text)
        if (match := pattern.match(text, start.start())) is not None
    ]
    candidates.sort(key=lambda m: (m.start() - m.end(), m.start()))
    chosen: list[re.Match[str]] = []
    for match in candidates:
        if all(match.end() <= c.start() or match.start() >= c.end() for c in chosen):
            chosen.append(match)
    return sorted(chosen, key=lambda m: m.start())


def type_spans(text: str, *, weak: bool = False) -> list[tuple[int, int, str]]:
    """Where ``text`` (already lower case) names a product type: (start, end, category) of each
    phrase, longest first and not overlapping, in text order ("16gb memory card" holds
    "memory card" at 5-16). ``weak``: the weak phrases too ("desktop", "hdd"), which name a type
    only when nothing else does."""
    spans = [(m.start(), m.end(), c.name) for m in _spans(_matcher().strong, text) if (c := _lookup(m.group(0))) is not None]
    if weak:
        spans += [(m.start(), m.end(), c.name) for m in _spans(_matcher().weak, text)
                  if (c := _lookup(m.group(0))) is not None and all(m.end() <= a or m.start() >= b for a, b, _ in spans)]
    return sorted(spans)


_RANK = {c.name: c.rank for c in TAXONOMY}


def is_accessory(name: str | None) -> bool:
    """Whether the category ``name`` serves a device (a case, a bag, a cable, a mount; ``ACCESSORY``
    rank or above); False for a device, an unknown name or None."""
    return _RANK.get(name or "", 0) >= ACCESSORY


def broader_category(name: str) -> str | None:
    """The category named by a category's head word alone: "portable speaker" -> "speakers",
    "notebook bag" -> "bag", "usb cable" -> "cable"; None for "notebook", and None where the head
    word is only a phrase of an unrelated category ("vacuum cleaner" is no "cleaning kit")."""
    words = name.split()
    if len(words) < 2:
        return None
    found = _lookup(words[-1])
    if found is None or found.name == name or found.name not in (words[-1], words[-1] + "s"):
        return None
    return found.name


def sibling_categories(name: str) -> tuple[str, ...]:
    """The other categories whose names end in the same two words: "external hard drive" -> ("internal hard
    drive",); none for a name of fewer than three words."""
    words = name.split()
    if len(words) < 3:
        return ()
    tail = " ".join(words[-2:])
    return tuple(c.name for c in TAXONOMY if c.name != name and c.name.endswith(" " + tail))


def _matches(pattern: re.Pattern[str], text: str) -> list[Category]:
    found = []
    for match in _spans(pattern, text):
        category = _lookup(match.group(0))
        if category is not None:
            found.append(category)
    return found


def _first(pattern: re.Pattern[str], text: str) -> Category | None:
    found = _matches(pattern, text)
    return found[0] if found else None


# Icecat names a part by its family, then the part: "handheld mobile computer
# spare part Battery", "coffee maker part/accessory Water filter", "printer
# kit Printer fuser kit". What follows the family (and such a marker) wins.
_MARKERS = (
    r"part/accessory|accessory/supply|spare parts?|accessories|accessory|components?"
    r"|parts?|supply|supplies|kits?"
)
_PART_MARKER = re.compile(rf"\s*(?:({_MARKERS})(?![a-z0-9]))?\s*")
_ENDS_IN_MARKER = re.compile(rf"(?:{_MARKERS})$")


def _type_words(pattern: re.Pattern[str], text: str) -> Category | None:
    """The first phrase of the type words after the model code.

    When that phrase names a family followed by a part marker ("… spare part
    Battery", "… accessory Holder"), or itself ends in one ("printer kit
    Printer fuser kit"), the phrase right after it is the product.
    """
    spans = _spans(pattern, text)
    if not spans:
        return None
    match = spans[0]
    marker = _PART_MARKER.match(text, match.end())
    ends_in_marker = _ENDS_IN_MARKER.search(match.group(0)) is not None
    if marker is not None and (marker.group(1) or ends_in_marker):
        part = pattern.match(text, marker.end())
        if part is not None:
            return _lookup(part.group(0))
    return _lookup(match.group(0))


# What follows these words describes compatibility or specs, not the product:
# "Privacy Filter for Notebooks", "KVM Switch with 17-in. LCD".
_CLAUSE_BREAK = re.compile(
    r"\s+-\s+|\s+for\s+|\s+with\s+|\s+w/\s*|,\s*|\s+compatible\s+|\s+to be used\s+"
    r"|:\s+|;\s+|\s+incl\.?\s+|\s+including\s+|\.\s+|\s+\+\s+|\s+and\s+\d"
)


def _head_noun(pattern: re.Pattern[str], text: str, *, whole: bool = False) -> Category | None:
    """The category a descriptive name is about.

    Only the first clause counts, unless ``whole``. The highest
    ``Category.rank`` wins ("Backpack Notebook 15.6\"" is a backpack), then the
    last match: English puts the head noun last ("Notebook Hard Drive",
    "Wireless Notebook Mouse").
    """
    head = text if whole else _CLAUSE_BREAK.split(text, maxsplit=1)[0]
    found = _matches(pattern, head)
    if not found:
        return None
    best = max(c.rank for c in found)
    return [c for c in found if c.rank == best][-1]


def _remainder_after(code: str, text: str) -> str | None:
    """Text after the model code, where Icecat titles put the product type."""
    if len(code) < 2:
        return None
    at = text.find(code)
    if at < 0:
        return None
    return text[at + len(code):].strip() or None


def _without_brand(text: str, brand: str) -> str:
    """Drop a leading brand: "Cooler Master …" is not a cooler."""
    brand = normalize_text(brand)
    if brand and text.startswith(brand + " "):
        return text[len(brand) + 1:]
    return text


_FOCAL_LENGTH = re.compile(r"(?<![a-z0-9])\d+(?:-\d+)?\s?mm\s+f/?\s?\d")


#: Makers whose every product is a toy of some kind: a title's other type word names the toy's theme, not its kind
#: ("Sylvanian Families Baby Crib" is no personal care, "Sylvanian Families Red Roof Country Home" no rack
#: accessory, "L.O.L. Surprise! Furniture" no furniture: writers BT and AK, "sylvanian families stuff pls").
TOY_MAKERS = frozenset({"sylvanian families", "mga entertainment", "zapf", "spin master", "ses creative"})
_TOY_KINDS = frozenset({"toy", "doll", "doll accessory", "jigsaw puzzle"})


def derive_category(
    title: str,
    attributes: Mapping[str, object] | None = None,
    *,
    model_code: str = "",
    brand: str = "",
) -> str | None:
    """The canonical category of a product, or ``None`` when nothing signals one (see :func:`_derive`); a
    toy maker's product is a toy of some kind whatever its title's other words (``TOY_MAKERS``)."""
    found = _derive(title, attributes, model_code=model_code, brand=brand)
    if brand.lower() in TOY_MAKERS and found not in _TOY_KINDS:
        return "toy"
    return found


def _derive(
    title: str,
    attributes: Mapping[str, object] | None = None,
    *,
    model_code: str = "",
    brand: str = "",
) -> str | None:
    """The canonical category of a product, or ``None`` when nothing signals one.

    ``attributes`` are the typed attributes (prefix-stripped keys, see
    ``rag.catalog.attributes``). ``model_code`` and ``brand`` are optional but
    make the title rules much sharper. Evidence, most trusted first:

    1. ``attributes["product_type"]``: Icecat's own type (on ~8% of rows);
       junk values such as "1" match no phrase and fall through.
    2. A lens model code ("EF 28mm f/1.8 USM") is a camera lens.
    3. The words right after the model code. Icecat titles read
       "{brand} {model code} {type words} {specs}", so the first phrase there
       is the type ("… notebook case 39.6 cm" is a notebook bag, while the
       "250 GB HDD" later in a notebook title is only a spec); "… spare part
       Battery" is the battery.
    4. The head noun of the title's first clause (brand removed), then of the
       model code itself: many model codes are descriptive names
       ("Wireless Notebook Mouse"). An accessory outranks the device it serves.
    5. Attribute signatures (``rag.catalog.signatures``): a toner page yield
       means a toner cartridge, a rear camera and a 6" screen a smartphone.
    6. The head noun of the whole title, then weak spec words anywhere in it
       ("DDR2", "HDD", "Desktop").

    Ink versus toner is finally settled by the attributes when they say
    (page yields, print technology): "Print Cartridge" names both.
    """
    attributes = attributes or {}
    matcher = _matcher()
    found: Category | None = None
    product_type = attributes.get("product_type")
    if isinstance(product_type, str) and product_type.strip():
        found = _head_noun(matcher.strong, normalize_text(product_type))
    if found is not None:
        return found.name
    text = normalize_text(title)
    code = normalize_text(model_code)
    if _FOCAL_LENGTH.search(code):
        # Lens model codes carry focal length and aperture ("EF 28mm f/1.8
        # USM"); the words after them ("SLR Black") name the camera they fit.
        return "camera lens"
    rest = _remainder_after(code, text)
    if rest is not None:
        found = _type_words(matcher.strong, rest)
    if found is None:
        found = _head_noun(matcher.strong, _without_brand(text, brand))
    if found is None and code:
        found = _head_noun(matcher.strong, code)
    if found is None:
        name = category_from_attributes(attributes)
        found = matcher.by_name[name] if name is not None else None
    if found is None:
        found = _head_noun(matcher.strong, _without_brand(text, brand), whole=True)
    if found is None:
        found = _first(matcher.weak, text)
    if found is not None and found.name in CARTRIDGES:
        # "Print Cartridge" and even Icecat's own "toner cartridge" are used for
        # inkjet supplies too; a page yield or print technology settles it.
        found = matcher.by_name.get(cartridge_kind(attributes) or "", found)
    return found.name if found is not None else None


def main_kind(products: Iterable[Product]) -> str | None:
    """The kind most of ``products`` are (the first on a tie), or None when none has one."""
    kinds = [p.category for p in products if p.category]
    return max(kinds, key=lambda k: (kinds.count(k), -kinds.index(k))) if kinds else None
