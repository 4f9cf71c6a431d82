"""The words a typo is corrected towards (``rag.understanding.constraints.QueryParser.correct_typos``): the taxonomy's and
the feature words shoppers type, the units a price or a size is typed with, and the words of a bound."""

from __future__ import annotations

import re

from rag.catalog.categories import TAXONOMY

# Words a typo is corrected towards: every word of the taxonomy's phrases, plus
# the feature words shoppers type. Only words of 5+ letters that are not
# already known are corrected, by one edit ("labtop" -> "laptop", "hedphones"
# -> "headphones"): short words and brands are left alone (brands have their own
# one-typo match).
_FEATURE_WORDS = ("wireless", "bluetooth", "machine", "speaker", "speakers", "cordless", "computer", "coffee",
                  "gaming", "student", "printer", "monitor", "keyboard", "notebook", "laptop", "headphones",
                  "headset", "espresso", "vacuum", "cheaper", "smartphone", "camera", "tablet", "phone")


# Currency and unit words a price or a size is typed with: a typo of one ("dollers", "inchs") is corrected
# to it before any type word is tried ("dollers" is one edit from "rollers" too).
UNIT_WORDS = ("dollars", "dollar", "euros", "pounds", "bucks", "inches", "gigs", "gigabytes", "terabytes")
# The words a price or size bound is said with, corrected the same way from four letters on.
QUALIFIER_WORDS = ("under", "below", "bigger", "larger", "cheaper", "between")


def _type_words() -> frozenset[str]:
    words = set(_FEATURE_WORDS)
    for category in TAXONOMY:
        for phrase in (category.name, *category.phrases):
            words.update(w for w in re.findall(r"[a-z]+", phrase.lower()) if len(w) >= 4)
    return frozenset(words)


TYPE_WORDS = _type_words()


__all__ = ["QUALIFIER_WORDS", "TYPE_WORDS", "UNIT_WORDS"]
