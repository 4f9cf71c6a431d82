"""The device a product line names: "a case for my galaxy s20" serves a smartphone.

The taxonomy knows types ("phone", "laptop"), not product lines; a line's kind is read from the
catalog instead (``Vocabulary.line_kinds``: the words of device titles that most devices holding
them share a kind with, "galaxy" -> smartphone for 32 of 44 devices). The last word of the line
that the catalog knows decides, the most specific one: "galaxy tab s6" is a tablet.

:func:`line_before_spec` reads the device a line names before a spec ("lenvo thinkpad w/ 16 gig ram" is a
notebook, not RAM); :func:`referent` reads what "for it" serves ("a galaxy a51, need a case for it").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence

from rag.catalog.categories import type_spans
from rag.catalog.vocabulary import LINE_TOKEN
from rag.understanding.english import english_words


def line_kind(thing: str, lines: Mapping[str, str], among: Collection[str] | None = None) -> str | None:
    """The device kind of the product line ``thing`` names (one of ``among`` when given), or None when the catalog does
    not say."""
    kinds = [lines[w] for w in LINE_TOKEN.findall(thing.lower())
             if w in lines and w not in _MODEL_SUFFIXES and (among is None or lines[w] in among)]
    return kinds[-1] if kinds else None


#: Words after a model's name that name a variant, not a line ("galaxy s10 lite": a phone, not an APC "lite" UPS).
_MODEL_SUFFIXES = frozenset({"lite", "plus", "pro", "max", "mini", "ultra", "se", "fe", "neo"})


def named_line(text: str, lines: Mapping[str, str], is_brand: Callable[[str], object] | None = None,
               among: Collection[str] | None = None) -> str | None:
    """The device kind of the product line ``text`` names by its words that are not English ("a51",
    "thinkpad"), and by an English word right after its brand when ``is_brand`` is given ("samsung
    galaxy"): "the", "kids" and "gaming" name lines too, so English words alone name none."""
    words = text.split()
    named = [w for i, w in enumerate(words)
             if w not in english_words() or (is_brand is not None and i and is_brand(words[i - 1]))]
    return line_kind(" ".join(named), lines, among) if named else None


def line_before_spec(text: str, specs: Sequence[str], lines: Mapping[str, str], is_brand: Callable[[str], object],
                     kinds: Collection[str]) -> str | None:
    """The device kind of a product line named before the first of ``specs`` ("galaxy w/ 128gb", "lenvo
    thinkpad w/ 16 gig ram"), when it is one of ``kinds`` (those a spec of memory or storage fits), or None.

    Only where a spec follows, so a line word alone decides nothing new (the words: :func:`named_line`)."""
    starts = [text.find(s) for s in specs if s and s in text]
    # (of those kinds: "Dell.com keeps pushing the Inspiron 15 at me ... an HP: 15.6 inch screen" names no "at" or "dell" line, set ON)
    return named_line(text[: min(starts)], lines, is_brand, kinds) if starts else None


_FOR_IT = re.compile(r"\b(?:for|to\s+fit|fits?)\s+(it|them)\b")


def referent(text: str, lines: Mapping[str, str]) -> str:
    """``text`` with "for it" naming the device said before the item ("my laptop is a 17 inch beast
    ... need a bag for it": a bag for the laptop, a laptop bag), or the kind of the product line
    said before it ("just got a galaxy a51, need a case for it": a phone case)."""
    for m in reversed(list(_FOR_IT.finditer(text))):
        before = type_spans(text[: m.start()])
        if len(before) >= 2:  # the item asked for, and before it the device it serves
            text = text[: m.start(1)] + text[before[-2][0]:before[-2][1]] + text[m.end(1):]
        elif before and (kind := named_line(text[: before[0][0]], lines) or _line_by_model(text[: before[0][0]], lines)) is not None:
            text = text[: m.start(1)] + kind + text[m.end(1):]
    return text


def _line_by_model(text: str, lines: Mapping[str, str]) -> str | None:
    """The kind of a line named by an English word before a model code the catalog lacks ("just got a galaxy s20":
    no S20 is sold, the Galaxy line is phones)."""
    kinds = [lines[m.group(1)] for m in re.finditer(r"\b([a-z]+)\s+[a-z]{0,3}\d+[a-z0-9]*\b", text) if m.group(1) in lines]
    return kinds[-1] if kinds else None


_MINE = re.compile(r"\b(?:my|our|his|her|their)\s+(?:old\s+|current\s+)?$")


#: The maker of a line the shopper has, asked for again: "made by the same company as my galaxy tab"
# (not a device's plain name: "same make as the computer" names no line, HERMA's "computer" labels; set QT)
_SAME_MAKER = re.compile(r"\bsame\s+(?:brand|company|maker|make|manufacturer)\s+as\s+(?:my|our|the|his|her|their)\s+(?:old\s+|current\s+|new\s+)?"
                         r"(?!(?:computer|computers|pc|machine|device|thing|one|laptop|phone|printer|tv|telly)\b)([a-z0-9-]+)")


def line_brand(text: str, category: str | None, lines: Mapping[str, str],
               makers: Mapping[str, tuple[str, int, int]]) -> tuple[str, str] | None:
    """(the brand, the word) of a product line asked for by its maker's own word ("galaxy phone w at least
    128gb": Samsung), when the line's devices are the kind asked for; not the shopper's own device ("my
    old galaxy") nor the device an accessory serves ("case for my galaxy": the case is no Samsung's, its kind
    is no smartphone). A word names a line only where most titles holding it put it right after the maker's
    name ("Samsung Galaxy A51"; not "action" figures, "energy" star or a "hob")."""
    if (m := _SAME_MAKER.search(text)) and (found := makers.get(m.group(1))) is not None and not type_spans(m.group(1), weak=True):
        return found[0], m.group(0)  # "the same company as my galaxy tab", "from the same maker as my EliteBook" (set OQ)
    if category is None:
        return None
    for m in LINE_TOKEN.finditer(text):
        word = m.group(0)
        found = makers.get(word)
        if found is None or lines.get(word) != category or _MINE.search(text, 0, m.start()):
            continue
        if found[2] * 2 < found[1]:
            continue  # a line's name where the titles put it after the maker's ("Samsung Galaxy"), not "Beko ... hob"
        after = text[m.end():].split()[:1]
        if word in english_words() and not (after and (any(ch.isdigit() for ch in after[0]) or type_spans(after[0], weak=True))):
            continue  # ... and a word of the language only before a model or a type ("galaxy a51"; not "board games")
        return found[0], word
    return None
