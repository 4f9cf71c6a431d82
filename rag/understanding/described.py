"""A product described instead of named: "the machine that puts stuff from the computer onto paper", "the little clicker
you move around next to the keyboard", "a thingy that turns one port into several".

Shoppers who do not know, or cannot remember, what a thing is called describe it: a vague word ("thing", "gizmo", "box",
"machine", "clicker") and what it does, looks like or goes with. The rules read no type there, or the type of a thing the
description mentions (the keyboard a mouse sits beside, the camera a lens screws onto). The description is read by the
query embedder against each catalog kind's name and seven descriptions of the kind in the same words
(``kind_descriptions.json``: written by three helper sessions that saw only the kinds' names, product counts and three
example titles each, never the assistant, its golden sets or their writers' files; told to describe the thing without
naming it). The nearest kind, when at least ``floor`` close, is the type asked for (a need: it filters, and the
description's words are the shopper's, not an item the catalog lacks).

The rules' type gives way only where the description holds it after a word of place or part ("next to the keyboard",
"with a lens on the front", "into the case"): a type named at the description's head ("the gaming box", "the battery
backup thing") or in its own words ("the little refill things the ink comes out of") stands.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from rag.catalog.categories import type_spans
from rag.understanding.kinds import KindReader
from rag.understanding.parsed import Constraint, ParsedQuery, filters_from

PACKAGED_DESCRIPTIONS = Path(__file__).with_name("kind_descriptions.json")

#: The vague words a description is built on.
_VAGUE = (r"thing|things|thingy|thingies|thingamajig|thingamabob|whatsit|gizmo|gizmos|gadget|gadgets|doohickey|doodad|"
          r"contraption|device|machine|box|boxes|bit|bits|sheet|film|clicker|board|widget")
#: A vague word after an article and up to three words of its look ("the little", "a proper picture-taking"), then what it
#: does or goes with ("that ...", "you ...", "with ...", "for ..."): the description, to the sentence's end.
DESCRIBED = re.compile(
    rf"\b(?:the|those|these|that|a|an|one\s+of\s+(?:the|those|these)|some|any|two|three|four)\s+((?:[a-z][a-z'-]*\s+){{0,3}}?(?:{_VAGUE}))\s+"
    r"(?:that|which|you|u|to|for|with|where|it|they|i|we|people|the|so|from|into)\b[^.?!;]*")
#: A word of place or part before a type the description mentions: "next to the keyboard", "with a lens on the front".
_PLACE = re.compile(r"\b(?:next\s+to|beside|by|into|onto|over|under|on|in|inside|with|from|for|behind|round|around|of|"
                    r"either\s+side\s+of|in\s+front\s+of)\s+(?:(?:the|a|an|my|your|our|his|her|their)\s+)?(?:[a-z-]+\s+)?$")
NOTE = "a thing described, read as"
#: How the thing attaches, no type of its own: "a plug in thing", "the screw-on glass bit".
_PLUGGED = re.compile(r"\b(?:plug|screw|clip|snap)[\s-]*(?:in|on)\b")
#: A thing the shopper owns, said after the description: "... my camera's a Canon so it should be Canon too".
_OWNED_AFTER = re.compile(r"\b(?:my|our|his|her|their)\s+$")
_FOR_IT = re.compile(r"\s+(?:for|to\s+go\s+with)\s+(?:it|them|that|this|those)\b")
#: Where a clause asks for a thing described: "and the gadget you poke camera cards into ...", "is there a plug in thing that ..."
_ASKS_FOR = re.compile(r"(?:^|[.?!;,:]\s*)\s*(?:(?:and|also|plus|now|oh|ok|so|next|then)[,\s]+)*(?:is\s+there\s+|(?:i\s+)?(?:need|want)\s+|got\s+any\s+)?"
                       r"(?=(?:the|those|these|a|an|one\s+of\s+(?:the|those|these)|some|any)\s)")


@dataclass(frozen=True, slots=True)
class Description:
    """The words that describe the thing, and the rules' type that gives way to what they read (None: none read)."""

    text: str
    replaces: Constraint | None


def description(message: str, parsed: ParsedQuery) -> Description | None:
    """The description in ``message`` when the rules read no type or only a thing it mentions (see the module), else None."""
    low = message.lower()
    m = DESCRIBED.search(low)
    if m is None or _typed_head(m):
        return None  # (a type before its vague word names the thing: "the battery backup thing", not "that dark film you ...")
    kinds = [c for c in parsed.constraints if c.kind == "category"]
    if not kinds:
        return Description(m.group(0), None)
    spans = [a for a, _, kind in type_spans(low, weak=True) if kind == kinds[0].value]
    if len(kinds) == 1 and spans and all(_mentioned(low, m, a) for a in spans) and any(a < m.end() for a in spans):
        return Description(m.group(0), kinds[0])
    return None


def asks_for_described(message: str) -> bool:
    """Whether a clause of ``message`` opens by asking for a thing described (no type before its vague word): a new thing."""
    low = message.lower()
    # (no type among its words, the vague word's own included, as "the board" of a motherboard would be; nor one for the thing
    # shown: "and a spare clicker for it", which the follow-up rules read as the shown kind's)
    return any((m := DESCRIBED.match(low, at.end())) is not None and not _FOR_IT.match(low, m.end(1))
               and not type_spans(_PLUGGED.sub(" ", m.group(1)), weak=True) for at in _ASKS_FOR.finditer(low))


def _mentioned(low: str, m: re.Match[str], at: int) -> bool:
    """Whether the type at ``at`` is a thing the description mentions by place or part ("next to the keyboard"), how it attaches
    ("screw-on"), or one the shopper owns, said after it ("my camera's a Canon")."""
    if m.start(1) <= at < m.end(1):
        return any(a <= at < b for a, b in ((p.start() + m.start(1), p.end() + m.start(1)) for p in _PLUGGED.finditer(m.group(1))))
    if at < m.start(1):
        return False
    return bool(_PLACE.search(low, m.end(1), at)) if at < m.end() else bool(_OWNED_AFTER.search(low, 0, at))


def _typed_head(m: re.Match[str]) -> bool:
    """Whether a type comes before the description's vague word ("the battery backup thing"), naming the thing."""
    look = _PLUGGED.sub(" ", m.group(1).rsplit(maxsplit=1)[0] if " " in m.group(1) else "")  # (how it connects: "a plug in thing")
    return bool(type_spans(look, weak=True))


def read_described(parsed: ParsedQuery, message: str, reader: Callable[[], KindReader],
                   embed: Callable[[Sequence[str]], np.ndarray], floor: float) -> ParsedQuery | None:
    """``parsed`` with the type its description reads (the nearest kind of ``reader()``, asked for only when the message
    describes a thing, at ``floor`` or closer), or None."""
    if (said := description(message, parsed)) is None:
        return None
    kind, score = (reader().nearest(embed([said.text])[0], 1) or (("", -1.0),))[0]
    if score < floor or (said.replaces is not None and said.replaces.value == kind):
        return None
    kept = tuple(c for c in parsed.constraints if c is not said.replaces)
    constraints = (*kept, Constraint("category", kind, said.text, 0.6, need=True))
    return replace(parsed, constraints=constraints, filters=filters_from(constraints),
                   notes=(*parsed.notes, f"{NOTE} {kind}"))
