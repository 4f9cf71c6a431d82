"""A list of things needed, one taken first: "I need a laptop, a mouse and some kind of bag to carry it all. laptop
first pls - 16gb ram minimum" asks for the laptop now (set OY). :func:`first_of_list` blanks the other kinds listed, so
the type, the constraints and the search are the one picked; the follow-up rules take the next ones ("last one is the
bag", ``rag.conversation.subject``).
"""

from __future__ import annotations

import re

from rag.catalog.categories import type_spans

# The one picked: "laptop first", "the desktop first", "start with the laptop", "Lens first:", "power strips first"
_FIRST_AFTER = re.compile(r"\s*(?:one\s+)?(?:first|1st)\b(?!\s+(?:time|one|year|week|month|day|proper|real|ever)\b)")
_FIRST_BEFORE = re.compile(r"\b(?:start(?:ing)?\s+with|begin(?:ning)?\s+with|first\s+(?:up|off)\s*[:,-]?|first\s*[:,-])\s+(?:the\s+|a\s+|an\s+)?$")
# A spec's noun is no kind listed: "8GB RAM or more"
_SPEC_BEFORE = re.compile(r"\d\s*(?:gb|tb|mb|gigs?|g)\s+(?:of\s+)?$")


def first_of_list(text: str) -> str:
    """``text`` with the kinds it lists blanked but the one it says to take first, each to as many spaces; ``text`` as it
    is when it lists one kind or picks none."""
    spans = type_spans(text, weak=True)
    if len({kind for *_, kind in spans}) < 2:
        return text
    at = next(((a, b) for a, b, _ in spans if _FIRST_AFTER.match(text, b) or _FIRST_BEFORE.search(text, 0, a)), None)
    if at is None:
        return text
    # (by its head word, the kind it was listed as: "need a laptop bag and a lock cable. bag first" is the laptop bag)
    head = text[at[0]:at[1]].split()[-1].rstrip("s")
    picked = next((kind for a, b, kind in spans if text[a:b].split()[-1].rstrip("s") == head and (a, b) != at),
                  next(kind for a, b, kind in spans if (a, b) == at))
    for a, b, kind in spans:
        if kind != picked and not _SPEC_BEFORE.search(text, 0, a):
            text = text[:a] + " " * (b - a) + text[b:]
    return text

