"""Words the shopper quotes from elsewhere: a listing, a spec sheet, a review, a manual ("the Kingston sheet reads "A400 SATA 3
2.5'' SSD - 480GB". I want a Kingston SSD with at least 480GB").

A quoted passage of a listing tells where the shopper has been reading, not what they ask for: its model names, sizes and
prices are another record's ("one listing said "4GB, 1.8-inch colour screen, $45.95" - too pricey for him, keep it below
40"), and its words ("set it up in ten minutes, has run 24/7 without a hiccup") name nothing the catalog lacks. Where the
words around it ask for something (a type, or a number of their own), the passage is set aside before the turn is read.
A short quote with no comma is a name asked about ("do you have the "Galaxy Tab S6"?") and stays; so does every quote of
a message whose own words ask for nothing.
"""

from __future__ import annotations

import re

from rag.catalog.categories import type_spans

#: A double-quoted passage; a quote mark right after a digit, before a word or a bracket, is an inch mark inside it ("26.4 cm
#: (10.4") display"), read as "\x00" while the passages are found
_QUOTED = re.compile(r"[\"“][^\"“”\x00]*(?:\x00[^\"“”\x00]*)*[\"”]")
_POINTS_BACK = re.compile(r"\b(?:than|as|like)\s+(?:that|this|those|these|it)\b|\b(?:that|this)\s+(?:spec|one|exact)\b")
_INCH = re.compile(r"(?<=\d)[\"”](?=\)|\s*[A-Za-z])")  # (not the passage's end: "... Android 10". Samsung tablet")


def without_quoted(message: str) -> str:
    """``message`` with each quoted passage of a listing (three words or more, or a comma) blanked, when the words around
    them ask for something; else ``message`` as it is."""
    probe = _INCH.sub("\x00", message)
    spans = [m.span() for m in _QUOTED.finditer(probe) if len(m.group(0).split()) >= 3 or "," in m.group(0)]
    if not spans:
        return message
    outside = message
    for a, b in reversed(spans):
        outside = outside[:a] + " " + outside[b:]
    if not (type_spans(outside.lower()) or re.search(r"\d", outside)) or _POINTS_BACK.search(outside.lower()):
        return message  # (nor where the words around point back at the passage: "I don't want less than that", set SC)
    return " ".join(outside.split())
