"""The shopper's own device in trouble is not what they ask for.

"my desktop just shuts off when the power flickers", "built in cam on my laptop broke", "phone full
of pics of the kids": the type word names what the shopper already has, and the trouble it is in
is the need (a UPS, a webcam, somewhere to back up). :func:`without_owned` blanks such a type word
from the text the product type is read from, so the need decides (``rag.understanding.needs``, or
the kinds nearest the sentence, ``rag.understanding.kinds``). A device named with "for" ("a case for
my phone") is served, not owned in trouble, and "my laptop died, need a new one" wants the same kind again:
both stay. "upgrade my pc w an ssd" asks for the part, not the device it upgrades.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Protocol, TypeVar

from rag.catalog.categories import is_accessory, type_spans

# Right before the type word: the shopper's own ("my laptop", "our old printer"), or the clause's start.
_OWNED_BEFORE = re.compile(r"(?:\b(?:my|our|his|her|their)\s+(?:old\s+|current\s+|work\s+|home\s+)?|(?:^|[,.;!?]\s*))$")
# In the same clause after it: trouble.
_TROUBLE = re.compile(
    r"\b(?:broke|broken|died|dies|dying|dead|shuts?\s+(?:off|down)|turns?\s+off|crash\w*|freez\w*|full|slow|"
    r"keeps|won'?t|doesn'?t|does\s+not|can'?t|cannot|stopped|isn'?t|only\s+has|has\s+no|lacks?|"
    r"ran\s+out|running\s+out|out\s+of\s+(?:space|storage|battery)|overheat\w*|cracked|lagg?\w*|"
    r"awful|terrible|rubbish|useless|potato|grainy|blurry|crap|trash)\b"
)
_CLAUSE = re.compile(r"[,.;!?]")
_WANTED_LIKE = re.compile(r"\s+(?:for\s+(?:the\s+)?\w+\s+)?(?:that|which)\b")


# ... unless the shopper wants the same again: "my laptop died, need a new one".
_SAME_AGAIN = re.compile(r"\b(?:new\s+one|another\s+one|new\s+ones|replace\w*|upgrade\w*|a\s+better\s+one)\b|"
                         # "my mouse just died mid-meeting. logitech one under 40?": a brand's one of the same kind
                         # ... "my mouse just died. any logitech ones under 40 bucks?"
                         r"[.;!?]\s*(?:a\s+|an\s+|any\s+|some\s+)?[a-z]+\s+ones?\b(?!\s+(?:of|day|time|more|thing))|"
                         # "kettle died this morning :( want a philips one, nothing over 40"
                         r"\b(?:want|need|get|getting|after)\s+(?:a|an|another)\s+(?:new\s+)?[a-z]+\s+one\b(?!\s+(?:of|day|time|more|thing))|"
                         # "my video editing laptop just died. i need one with 32 gb or more of ram"
                         r"\b(?:want|need|get|after)\s+(?:a\s+new\s+)?one\s+(?:with|w/|that|which)\b")
# ... or says it is the old one, with no other type named: "my old phone is always full lol. samsung with
# 128gb storage" is replacing the phone ("phone full of pics" alone, or "my old desktop has no camera", are not).
_OLD_MINE = re.compile(r"\b(?:my|our|his|her|their)\s+(?:old|current)\s+$")


# The shopper's device being upgraded with a part: "upgrade my pc w an ssd" asks for the SSD.
_SWAPPED = re.compile(r"\b(?:swap|replace|trade|exchange|switch)\w*\s+(?:out\s+)?(?:my|our|the)\s+(?:old\s+)?$")
_UPGRADED = re.compile(r"\b(?:upgrad\w*|boost\w*|speed\s+up|put\w*|install\w*|add\w*)\s+(?:my|our)\s+(?:old\s+)?$")
_INSIDE_MINE = re.compile(r"\b(?:in|inside|into)\s+(?:my|our)\s+(?:old\s+)?$")
# "apc ups to protect 2 servers", "ups to power my pc": the device served by the one asked for (constraint set LB)
_SERVES = re.compile(r"\s+to\s+(?:protect|power|run|charge|back\s+up|keep|connect|hold|support|cool|carry|go\s+with)\s+"
                     r"(?:(?:my|our|the|his|her|their|a|an|all|both|\d+|two|three|four|five|six)\s+)*(?:[a-z-]+\s+)?"
                     # ... or what it is for: "graphics card for an old office pc", "a radio ... for the bathroom shelf",
                     # "intel cpu for a workstation upgrade" (constraint set KU)
                     r"|[^.;!?]*?(?<!looking\s)(?<!searching\s)(?<!time\s)\bfor\s+(?:an?|the|my|our|his|her|their)\s+(?!new\b|another\b)"
                     r"(?:[a-z-]+\s+){0,2}")  # (not "time for a new phone")
_FITS_MINE = re.compile(r"\b(?:fits?|go(?:es)?|slides?)\s+(?:in|into|inside)\s+(?:my|our)\s+(?:old\s+|work\s+|school\s+)?$")
_HAVE_ALREADY = re.compile(r"\b(?:already|i|we|i'?ve|we'?ve)\s+(?:already\s+)?(?:have|got|own)\s+(?:the\s+|a\s+|an\s+|my\s+|one\s+|some\s+)?"
                           r"(?:\w+\s+)?$")
_WITH_PART = re.compile(r"^\s*(?:with|w/?|by\s+adding|by\s+putting\s+in)\s+(?:an?\s+|some\s+|more\s+)?")


def without_owned(text: str) -> str:
    """``text`` with each type word that names the shopper's own device in trouble blanked (none when
    the shopper wants the same kind again), or the device a part is to upgrade."""
    spans = type_spans(text, weak=True)
    for (start, end, _), (after, _, _) in pairwise(spans):
        if _SWAPPED.search(text, 0, start) and re.fullmatch(r"\s+(?:for|with)\s+(?:an?\s+|some\s+)?", text[end:after]):
            return text[:start] + " " * (end - start) + text[end:]  # "swap my old hdd for a 1tb ssd": the ssd
    for (start, end, _), (after, _, _) in pairwise(spans):
        if _UPGRADED.search(text, 0, start) and (m := _WITH_PART.match(text[end:])) and end + m.end() == after:
            return text[:start] + " " * (end - start) + text[end:]
    for (_, end, kind), (start, after_end, _) in pairwise(spans):
        # (an accessory's device stays: "a sleeve to protect my laptop" is a notebook bag)
        if (_INSIDE_MINE.search(text, end, start) and not _CLAUSE.search(text[end:start])) \
                or (_SERVES.fullmatch(text, end, start) and not is_accessory(kind)):
            # "upgrading the ram in my pc": the part is asked for, the device it goes in is owned; "a ups to protect 2
            # servers", "a graphics card for an old office pc": the device it serves is not asked for
            return text[:start] + " " * (after_end - start) + text[after_end:]
    for start, end, _ in spans:
        if _FITS_MINE.search(text, 0, start):  # "14 inch screen so it fits in my bag": the bag is owned
            return text[:start] + " " * (end - start) + text[end:]
        if _HAVE_ALREADY.search(text, 0, start):  # "already have the laptop, after peripherals": owned
            return text[:start] + " " * (end - start) + text[end:]
    if _SAME_AGAIN.search(text):
        return text
    out = text
    for start, end, _ in spans:
        if len(spans) == 1 and _OLD_MINE.search(text, 0, start):
            continue
        clause_end = m.start() if (m := _CLAUSE.search(text, end)) else len(text)
        # "headphones that wont fall out": a relative clause describes the item wanted, not trouble
        if _OWNED_BEFORE.search(text, 0, start) and _TROUBLE.search(text, end, clause_end) \
                and not _WANTED_LIKE.match(text, end):
            out = out[:start] + " " * (end - start) + out[end:]
    return out


def owned_again(text: str, is_brand: Callable[[str], object]) -> str | None:
    """The kind of the shopper's own device in trouble, asked for again when the next sentence opens with a brand
    ("my phone storage is always full. samsung w/ 128gb, under 400 pls": a Samsung phone), else None."""
    spans = type_spans(text, weak=True)
    kinds = {kind for *_, kind in spans}
    if len(kinds) != 1:
        return None
    end = max(b for _, b, _ in spans)
    m = re.search(r"[.;!?]\s*([a-z0-9][a-z0-9-]*)", text[end:])
    return kinds.pop() if m is not None and is_brand(m.group(1)) else None


# A brand or a size of the shopper's own thing or story ("my HP keeps bricking itself", "already got burned by a gigabyte
# board", "the 7\" one was useless", "my galaxy only has 64GB")
_MINE_BEFORE = re.compile(r"\b(?:my|our|his|her|their)\s+(?:old\s+|current\s+|last\s+)?$")
_STORY = re.compile(r"\b(?:had|bought|owned|burned|burnt|returned|broke|died|lost|was|were|last\s+(?:one|time))\b"
                    r"|\b(?:my|our|his|her)\s+(?:[a-z]+\s+){0,2}(?:only\s+)?(?:has|have|holds?)\b"
                    # the thing inside the shopper's own device ("the 500GB drive in my desktop is stuffed")
                    r"|\b(?:in|inside)\s+(?:my|our|his|her|their)\s+(?!new\b|next\b)[a-z]+\s+(?:is|are|keeps?|fills?|only)\b")


class _Said(Protocol):
    kind: str
    text: str


_S = TypeVar("_S", bound=_Said)


def in_story(text: str, spans: Sequence[tuple[int, int]]) -> set[int]:
    """Which of the values read at ``spans`` belong to the shopper's own thing or story, when some other one does
    not: "canon printer ... my HP keeps bricking itself" asks for Canon (every value stands when all are the story's)."""
    story = set()
    for i, (start, _) in enumerate(spans):
        clause = max((m.end() for m in _CLAUSE.finditer(text, 0, start)), default=0)
        end = m.start() if (m := _CLAUSE.search(text, start)) else len(text)
        if _MINE_BEFORE.search(text, clause, start) or _STORY.search(text, clause, end):
            story.add(i)
    return story if len(story) < len(spans) else set()


def without_story_specs(text: str, specs: Sequence[_S]) -> list[_S]:
    """``specs`` without a size of the shopper's story where another of its kind is asked for ("portable dvd player with a
    9 inch screen ... the 7\" one was useless": 9)."""
    kept = list(specs)
    for kind in {s.kind for s in specs}:
        same = [s for s in specs if s.kind == kind and s.text in text]
        story = in_story(text, [(text.find(s.text), text.find(s.text) + len(s.text)) for s in same]) if len(same) > 1 else set()
        kept = [s for s in kept if all(s is not same[i] for i in story)]
    return kept
