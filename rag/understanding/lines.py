"""The device a product line names: "a case for my galaxy s20" serves a smartphone.

The taxonomy knows types ("phone", "laptop"), not product lines; a line's kind is read from the
catalog instead (``Vocabulary.line_kinds``: the words of device titles that most devices holding
them share a kind with, "galaxy" -> smartphone for 32 of 44 devices). The last word of the line
that the catalog knows decides, the most specific one: "galaxy tab s6" is a tablet.
"""

from __future__ import annotations

from collections.abc import Mapping

from rag.catalog.vocabulary import LINE_TOKEN


def line_kind(thing: str, lines: Mapping[str, str]) -> str | None:
    """The device kind of the product line ``thing`` names, or None when the catalog does not say."""
    kinds = [lines[w] for w in LINE_TOKEN.findall(thing.lower()) if w in lines]
    return kinds[-1] if kinds else None
