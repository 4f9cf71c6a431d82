"""Specs in a shopper's message: memory ("16gb ram"), storage ("1tb", "512 gigs of space"), screen sizes
(``rag.understanding.sizes``) and weight ("under 2kg"). A bare "NNgb" is read as storage here;
``rag.understanding.constraints.QueryParser.parse`` turns it into RAM once the product type is known. A size said
of the shopper's own thing gives way to the one asked for ("my galaxy only has 64GB ... 128 gigs this time",
``rag.understanding.owned``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rag.catalog.categories import type_spans
from rag.records import NumericRange
from rag.understanding.owned import in_story, of_mine, seen_elsewhere
from rag.understanding.parsed import Constraint
from rag.understanding.sizes import FLOOR_AFTER, FLOOR_BEFORE, screen_sizes

_MEMORY = re.compile(r"(\d+(?:\.\d+)?)\s*(gb|g|gigs?|mb)\s*(?:or\s+(?:more|above|higher)\s+|\+\s*)?(?:of\s+)?(?:ram|memory|ddr\d?)\b|\b(?:ram|memory)\s*(?:of\s+|(?:should|must|has\s+to|needs?\s+to)\s+be\s+(?:at\s+least\s+|min(?:imum)?\s+)?|(?:at\s+)?min(?:imum)?\s+|at\s+least\s+)?(\d+)\s*(gb|mb)\b")
# The spec's own noun ("1tb storage", "512gb of space") belongs to the spec, not to the product type.
_STORAGE = re.compile(r"(?<![\d.])(?![2-5]g\b)(\d+(?:\.\d+)?)\s*(tb|gb|gigs?|gigabytes?|terabytes?|g)\b(?:\s+(?:of\s+)?(?:storage|space|capacity)\b)?")
_WEIGHT = re.compile(
    r"(?:under|below|less\s+than|lighter\s+than|max(?:imum)?|up\s+to|at\s+most)\s*(\d+(?:\.\d+)?)\s*(kg|kilos?|kilograms?|g|grams?|lbs?|pounds?)\b"
)
_SIZE_AGAIN = re.compile(r"(?<![\d.$])(\d{2,4})\s*(?:and\s+up|or\s+more|and\s+above|or\s+bigger|\+)(?!\s*(?:gb|tb|gigs?|\$|dollars?|bucks))")
# A bare "NNgb" up to this size on a computer (64) or a phone or tablet (16) means RAM ("16gb laptop", "moto phone w 64gb": storage).
MAX_RAM_GB = {"*": 64, "smartphone": 16, "tablet": 16}
RAM_DEVICES = {"notebook", "desktop pc", "pc", "all-in-one pc", "tablet", "smartphone", "workstation", "server", "memory module"}
# Kinds whose memory is their storage: "MP3 player, memory 8 GB at least" (set OT)
STORAGE_DEVICES = {"mp3 player", "memory card", "usb flash drive", "internal hard drive", "internal ssd", "external hard drive", "data tape"}
# A size said to be storage ("64gb storage") is no RAM on a computer
_STORAGE_NOUN = re.compile(r"\b(?:storage|space|capacity)\b")


def ram_ceiling(categories: Iterable[str]) -> int:
    """The most GB a bare "NNgb" can mean as RAM on any of these kinds (64 on a computer, 16 on a phone)."""
    return min((MAX_RAM_GB.get(c, MAX_RAM_GB["*"]) for c in categories), default=MAX_RAM_GB["*"])


def of_kind(numeric: list[Constraint], category: str | None, text: str) -> list[Constraint]:
    """``numeric`` as the product type reads it: a bare "NNgb" on a computer, a phone or a tablet is RAM ("16gb laptop"),
    unless it is said to be storage ("64gb storage"); the memory of a thing that only stores is its storage ("MP3 player,
    memory 8 GB at least")."""
    if category in STORAGE_DEVICES:  # (not RAM said as such: "8 gigs RAM min and at least a 256 SSD" is a laptop's, set OX)
        # (nor a screen: a bare size of a card or a stick is its capacity, "a micro sd for my gopro, 128 or bigger", set QG)
        return [Constraint("storage_gb", c.value, c.text, c.confidence) if (c.kind == "memory_gb" and not re.search(r"\b(?:ram|ddr\d?)\b", c.text))
                or (c.kind == "screen_in" and re.fullmatch(r"(?:16|32|64|128|256|512)\+?", c.text.strip())) else c for c in numeric]
    if category not in RAM_DEVICES:
        return numeric
    ceiling = MAX_RAM_GB.get(category, MAX_RAM_GB["*"])
    if any(c.kind == "memory_gb" and (c.value.min or 0) > ceiling and not re.search(r"\b(?:ram|ddr\d?)\b", c.text)  # type: ignore[union-attr]
           for c in numeric):
        # "mobile smart with 128 gb memory for photos": more memory than any phone has RAM is its storage (set PJ)
        stored = [Constraint("storage_gb", c.value, c.text, c.confidence) if c.kind == "memory_gb" and (c.value.min or 0) > ceiling  # type: ignore[union-attr]
                  and not re.search(r"\b(?:ram|ddr\d?)\b", c.text) else c for c in numeric]
        numeric = [c for i, c in enumerate(stored) if c.kind != "storage_gb" or all(d.kind != "storage_gb" or d.value != c.value for d in stored[:i])]
    return [Constraint("memory_gb", c.value, c.text, c.confidence)
            if c.kind == "storage_gb" and c.value.min is not None  # type: ignore[union-attr]
            and c.value.min <= MAX_RAM_GB.get(category, MAX_RAM_GB["*"])  # type: ignore[union-attr]
            and not _STORAGE_NOUN.search(c.text)  # "64gb storage": said to be storage, and
            and not re.search(re.escape(c.text) + r"(?:\s+(?:or|and|of|more|plus|\+|min\w*)){0,3}\s+(?:storage|space)\b", text)
            else c
            for c in numeric]


#: A size asked as a multiple of the one said: "at least double that memory", "one at least four times that size" (set RL)
_TIMES = {"double": 2, "twice": 2, "two times": 2, "triple": 3, "three times": 3, "four times": 4, "quadruple": 4}
_TIMES_THAT = re.compile(rf"\b({'|'.join(_TIMES)})\s+(?:that|this|the|my|its|what\s+i\s+have)\b(?!\s+(?:budget|price|money|cost|amount|cap|limit))(?:\s+(memory|ram|storage|size|space|capacity))?")


def _times_that(text: str, found: list[Constraint]) -> list[Constraint]:
    """``found`` with the one memory or storage size said, times the multiple asked after it, as a floor."""
    m = _TIMES_THAT.search(text)
    if m is None:
        return found
    kinds = ("memory_gb",) if m.group(2) in ("memory", "ram") else ("storage_gb",) if m.group(2) else ("memory_gb", "storage_gb")
    said = [c for c in found if c.kind in kinds and c.value.min is not None and text.find(c.text) < m.start()]  # type: ignore[union-attr]
    if len(said) != 1:
        return found
    low = said[0].value.min * _TIMES[m.group(1)]  # type: ignore[union-attr]
    return [Constraint(c.kind, NumericRange(low, None), m.group(0), c.confidence) if c is said[0] else c for c in found]


def _floored(text: str, start: int, end: int) -> bool:
    """Whether the size said at ``text[start:end]`` is said as a floor ("at least 128gb", "16gb or bigger")."""
    return start >= 0 and (FLOOR_BEFORE.search(text, 0, start) is not None or FLOOR_AFTER.match(text, end) is not None)


def read_specs(text: str) -> tuple[list[Constraint], str]:
    """Spec constraints. A bare "NNgb" is read as storage here; ``parse``
    turns it into RAM once the product type is known."""
    found: list[Constraint] = []
    for m in _WEIGHT.finditer(text):
        value, unit = float(m.group(1)), m.group(2)
        kg = value / 1000 if unit.startswith("g") else value * 0.4536 if unit.startswith(("lb", "pound")) else value
        found.append(Constraint("weight_kg", NumericRange(None, round(kg, 3)), m.group(0), 0.8))
        text = text.replace(m.group(0), " ")
    types = type_spans(text)
    for m in _MEMORY.finditer(text):
        if any(m.start() <= start < m.end() < end for start, end, _ in types):
            continue  # "16gb memory card": the word starts a product type, so "16gb" is a bare size
        value = float(m.group(1) or m.group(3))
        unit = (m.group(2) or m.group(4) or "gb").lower()
        gb = value / 1024 if unit == "mb" else value
        found.append(Constraint("memory_gb", NumericRange(gb, None), m.group(0), 0.8))
    sizes, text = screen_sizes(text)
    found += sizes
    for m in _STORAGE.finditer(text):
        value, unit = float(m.group(1)), m.group(2)
        gb = value * 1000 if unit.startswith("t") else value
        if (ram := next((c for c in found if c.kind == "memory_gb"), None)) and not unit.startswith("t") and gb <= MAX_RAM_GB["*"]:
            if of_mine(text, [((at := text.find(ram.text)), at + len(ram.text)), m.span()]) == {0}:  # "my acer has 4gb of ram ...
                found = [Constraint("memory_gb", NumericRange(gb, None), m.group(0), 0.8) if c is ram else c for c in found]  # 16GB"
            continue
        # A bare round size allows a little under ("500gb": a 480 GB drive, "1tb": 960 GB); a stated floor does not, nor
        # a size in powers of two, which the records give as said ("512gb storage": no 500 GB desktop, writer KC)
        floor = _floored(text, *m.span())
        exact = floor or (gb == int(gb) and int(gb) & (int(gb) - 1) == 0)
        said = Constraint("storage_gb", NumericRange(gb if exact else round(gb * 0.96, 3), None), m.group(0), 0.7)
        # one size only; the same said again as a floor is the floor ("a terabyte would be better, so 1 tb at least")
        found = [said if c.kind == "storage_gb" and floor and c.value.min == round(gb * 0.96, 3) else c for c in found]  # type: ignore[union-attr]
        if not (held := [c for c in found if c.kind == "storage_gb"]):
            found.append(said)
        elif floor and not _floored(text, at := text.find(held[0].text), at + len(held[0].text)):
            found = [said if c is held[0] else c for c in found]  # the size wanted, said as a floor after the shopper's own: "the
            # 256gb ssd in my desktop ... 960gb at the very least", "currently one 8gb stick, want a 16gb or bigger module" (set RL)
        elif {0} in (in_story(text, both := [((at := text.find(held[0].text)), at + len(held[0].text)), m.span()]), of_mine(text, both)):
            found = [said if c is held[0] else c for c in found]  # "my galaxy only has 64GB ... 128 gigs this time"
    for m in _SIZE_AGAIN.finditer(text):  # a size said again bare, as a floor: "1TB or more. well 960GB counts too I guess, so 960 and up"
        if (held := next((c for c in found if c.kind == "storage_gb"), None)) and re.search(rf"(?<![\d.]){m.group(1)}\s*(?:gb|gigs?)\b", text):
            found = [Constraint("storage_gb", NumericRange(float(m.group(1)), None), m.group(0), 0.7) if c is held else c for c in found]
    found = _times_that(text, found)
    # a size said twice is one ("14 inch... no wait, i mean 14 inch"), in the words said first, unless those tell of a thing
    # seen elsewhere ("My parents got a 32\" Philips TV off a Black Friday ad ... I want a Philips 32 inch too", set ON)
    kept: dict[tuple[str, object], Constraint] = {}
    for c in found:
        if (c.kind, c.value) not in kept or seen_elsewhere(text, max(text.find(kept[c.kind, c.value].text), 0)):
            kept[c.kind, c.value] = c
    return [kept.pop((c.kind, c.value)) for c in found if (c.kind, c.value) in kept], text


__all__ = ["MAX_RAM_GB", "RAM_DEVICES", "STORAGE_DEVICES", "of_kind", "ram_ceiling", "read_specs"]
