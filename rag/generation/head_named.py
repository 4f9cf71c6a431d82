"""The product type a request names where it asks for it: by one word at its head ("beamer for movie nights", "need a hoover
..."), right after a verb that asks for it, or as the one type it names at all. ``rag.generation.relevance`` trusts a search
filtered to that type however low the story's words score against its titles."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.catalog.categories import type_spans
from rag.records import Product
from rag.understanding.head import VERB_BEFORE

#: Whose a thing is, said before it.
OWNERS = frozenset({"my", "our", "his", "her", "their"})


#: What may come before a type word at a request's head: "beamer ...", "need a hoover ...", "looking for an iron ..."
#: (a plain word of its size or kind between: "also a little handheld vacuum for all the crumbs", "After a little radio for the
#: narrowboat galley", sets QV, RG)
_PLAIN_WORDS = ("little", "small", "tiny", "compact", "simple", "basic", "decent", "cheap", "proper", "handheld", "portable", "good", "nice", "big",
                "desk")
_PLAIN = rf"(?:(?:{'|'.join(_PLAIN_WORDS)})\s+){{0,2}}"


def _one_word(span: str) -> bool:
    """Whether a type's words are one word, or one after a plain word of its kind ("handheld vacuum", set QV)."""
    words = span.split()
    return len(words) == 1 or (len(words) == 2 and words[0] in _PLAIN_WORDS)


_HEAD = re.compile(r"\s*(?:(?:also|plus|oh)\s+)*(?:(?:i\s+|we\s+)?(?:need|want|looking\s+for|after)\s+)?(?:(?:a|an|the|some)\s+)?" + _PLAIN)


#: ... or right after a verb that asks for it, anywhere: "we finally got the council to approve a projector for the hall"
#: (or at the head of a clause that asks with "so": "Dad does the household budget by hand every month, so a desk calculator for
#: him", set RE)
_ASKED_BEFORE = re.compile(r"(?:\b(?:need|needs|want|wants|get|getting|buy|buying|order|approved?|looking\s+for|after|search(?:ing)?(?:\s+for)?|seek(?:ing)?)\s+"
                           r"(?:(?:a|an|the|some|new|another)\s+){1,2}|(?:[,.;:]|\bso)\s+(?:an?|some)\s+)" + _PLAIN + "$")


def head_names(query: str, tops: Sequence[Product]) -> bool:
    """Whether every top product is of a type named by one word at the request's head (:data:`_HEAD`), or right after a
    verb that asks for it (:data:`_ASKED_BEFORE`)."""
    text = query.lower()
    # (a weak word too, which every top product is: "desktop for the reception at my dental practice")
    # (or by the kind's own name, which the catalog carries: "...: a security camera for the front of the house", set RT)
    named = {kind for start, end, kind in type_spans(text, weak=True) if (_one_word(text[start:end]) or text[start:end] == kind)
             and (_HEAD.fullmatch(text, 0, start) or _ASKED_BEFORE.search(text, 0, start))}
    return bool(tops) and all(p.category in named for p in tops)


_THEIRS = re.compile(rf"\b(?:{'|'.join(sorted(OWNERS))})\s+$")
_FOR_THING = re.compile(r"\bfor\s+(?:the|my|our|his|her|their)\s+(?:[a-z]+\s+)?$")


def only_type_named(query: str, tops: Sequence[Product]) -> bool:
    """Whether the request names one product type and no other, and every top product is of it ("raised exactly $500 at
    a bake sale. That's every penny we have for a projector": a stated price beside it, the story's words score low)."""
    low = query.lower()
    # (not a thing the product is for: "a label maker for the filing cabinets", set OM)
    # (nor the shopper's own things beside another named: "she also wants our folders labelled neatly... would a label maker be
    # overkill?", set QP; "our tv looks like a postage stamp ... something 65 inches or bigger" still names a TV)
    spans = [(start, kind) for start, _, kind in type_spans(low) if not _FOR_THING.search(low, 0, start) and not VERB_BEFORE.search(low, 0, start)]
    named = {kind for start, kind in spans if not _THEIRS.search(low, 0, start)} or {kind for _, kind in spans}
    return len(named) == 1 and bool(tops) and all(p.category in named for p in tops)
