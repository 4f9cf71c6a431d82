"""Words of the shopper's story that look like product types and are not.

"a canon fan", "fan of logitech": a person who likes a brand, not a cooling fan; "dont care if in ear",
"IT only supports dell": verbs, not personal care or a warranty's support; "black to match the
furniture": the room the product is to suit, not furniture asked for; "kitting out my new desk": the
place being equipped, not a desk asked for. :func:`without_story` blanks
them from the text the product type is read from, :func:`without_match` drops the last from the request
(``rag.understanding.constraints.QueryParser.parse``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rag.catalog.categories import is_accessory, type_spans

_FAN_OF = re.compile(r"\b(?:a\s+)?(?:big\s+|huge\s+)?fans?\s+of\b|"
                     # a hobby, not a device asked for: "my son is really into pc gaming, what alienware stuff have you got"
                     r"\b(?:into|loves?|likes?|obsessed\s+with|mad\s+about|crazy\s+about)\s+(?:pc|computer|console)\s+gaming\b")
_BRAND_FAN = re.compile(r"\b([a-z0-9-]+)\s+(?:fans?|loyalists?|fanboy|fangirl|diehard)\b")
# "dont care if in ear or over ear", "who cares": the verb, not personal care ("hair care" stays)
_CARE_VERB = re.compile(r"\b(?:do\s*n[o']?t|dont|doesnt|does\s+not|didnt|never|not|who|i|we|really|couldnt|could\s+not|won'?t|wont|wouldn'?t|wouldnt)\s+cares?\b"
                        # a verb, not a warranty: "dell pls, IT only supports dell"
                        # ... "thats what work supports", "the office only supports hp"
                        r"|\b(?:it|only|what|that|which|they|we)\s+(?:only\s+)?supports?\b"
                        r"|\b(?:what|that|which)\s+(?:my\s+|our\s+|the\s+)?(?:work|job|office|company|employer|school|uni|it|boss)\s+"
                        r"(?:only\s+)?supports?\b"
                        r"|\b(?:work|job|office|company|employer|school|uni|boss)\s+(?:only\s+)?supports\b")
# What the product is to match: "black to match the furniture", "white so it matches our kitchen units"
# (up to three words, no conjunction: "to match the company lenovo laptops", set OD; "to match the desk and a mouse" keeps the mouse)
_NOT_AND = r"(?!(?:and|or|but|so|with|plus)\b)"
_MATCHES = re.compile(r"\b(?:to\s+|so\s+it\s+|that\s+|which\s+)?match(?:es|ing)?\s+(?:the|my|our|his|her|their|all\s+the)\s+"
                      rf"(?:{_NOT_AND}\w+\s+){{0,2}}{_NOT_AND}\w+")


# The place being equipped: "kitting out my new desk", "setting up our home office"
_EQUIPPED = re.compile(r"\b(?:kit\w*|fit\w*|deck\w*|set\w*)\s+out\s+(?:my|our|his|her|their|the)\s+(?:new\s+|home\s+|gaming\s+|work\s+)?\w+|"
                       r"\bsett?ing\s+up\s+(?:my|our|his|her|their|a)\s+(?:new\s+)?(?:desk|office|home\s+office|study|room|workspace)\b|"
                       # "redoing my desk setup", "revamping our home office": the place being redone
                       r"\b(?:redo\w*|re-doing|revamp\w*|overhaul\w*|refresh\w*|upgrad\w*|rebuild\w*|doing\s+up|sorting\s+out)\s+"
                       r"(?:my|our|his|her|their|the)\s+(?:new\s+|home\s+|work\s+|whole\s+)?(?:desk|office|study|workspace|set-?up)"
                       r"(?:\s+(?:set-?up|space|area))?\b|"
                       # "its for my home office desk", "for my desk setup": where it goes
                       # ... "for a desk setup", "for my pc setup"
                       r"\bfor\s+(?:my|our|the|his|her|a)\s+(?:new\s+|home\s+|work\s+)?(?:office\s+)?"
                       r"(?:desk(?:\s+set-?up)?|(?:pc|computer|gaming)\s+set-?up)\b|"
                       # the computer being built of parts: "I build a new PC. First I need a mainboard", "building my first PC"
                       # (set PR, PQ)
                       r"\b(?:build|building|built|assembl(?:e|ing)|putting\s+together)\s+(?:a|my|our|the|his|her)\s+"
                       r"(?:(?:new|first|own|gaming|custom)\s+){0,2}(?:pc|computer|rig|tower)\b")


# A statement about a kind, given as a reason: "prefer hp, ink is easy to find", "toner is cheap for those"
_SAID_OF = re.compile(r"\b[a-z]+(?=\s+(?:is|are)\s+(?:so\s+|really\s+|very\s+|pretty\s+)?(?:easy|easier|cheap|cheaper|hard|harder|"
                      r"expensive|pricey|everywhere|available|easy\s+to\s+find)\b)")


def without_match(text: str) -> str:
    """``text`` without what the product is to match ("black to match the furniture"): searched for, the
    furniture would be a type of its own, and a follow-up saying it a new search."""
    return " ".join(_MATCHES.sub(" ", text).split())


# What a budget or brand is the same as: "white please, same budget as the router" (set OJ)
_SAME_AS = re.compile(r"\bsame\s+(?:budget|price|limit|brand|make|colou?r|size)\s+as\s+(?:the|my|our|that|for\s+the)\s+(?:[a-z-]+\s+)?[a-z-]+")


# The thing's own body in a colour, not a computer case: "black chassis only, it's going in a black rack", "grey chassis"; a
# camera's lens mount, not a bracket: "Sony A-mount glass" (set OX)
_BODY = re.compile(r"\b(?:black|white|grey|gray|silver|blue|red|pink|gold)\s+(?:chassis|casing|housing)\b|\b(?:a|e|f|z|x|l|m|ef|ef-s|ef-m|rf|fe)-mount\b")


# A thing described by what it does, not named: the kinds in its description are what it serves, not it ("a machine to
# play her old movies on disc", "the box that plugs into the tv for playing games", "a handheld thing that prints
# out little sticky labels", set PI): blanked, so the kind is read from the need (``rag.understanding.kinds``)
_DESCRIBED = re.compile(r"\b(?:the|a|an|one\s+of\s+those|some|those|this)\s+(?:(?:little|small|tiny|big|handheld|separate|plug-in|"
                        r"flat|metal|plastic|square|black|white|clever|special)\s+)*(?:thing(?:y|ie)?|box|gadget|device|contraption|"
                        r"doohickey|gizmo|machine|unit)s?\s+(?:just\s+|only\s+)?(?:that|which|you|to|for|i|we|with)\b([^,.;:!?]*)")
# ... but not how it connects, nor what it does to a thing it serves
_PORTS = frozenset({"usb", "hdmi", "wifi", "wi-fi", "bluetooth", "ethernet", "usb-c"})
_INTO_A_PORT = re.compile(rf"\s+(?:in|into)\s+(?:an?\s+|the\s+)?(?:{'|'.join(sorted(_PORTS))})\b")
_SERVES = re.compile(r"\s*(?:(?:that|which|to)\s+)?(?:holds?|carr(?:y|ies)|charges?|protects?|mounts?|covers?|cleans?|hangs?|stores?|"
                     r"clips?|locks?|props?)\b")


def describes_a_thing(text: str) -> bool:
    """Whether ``text`` asks for a thing described by what it does ("a machine to play her old movies on disc")."""
    return _DESCRIBED.search(text.lower()) is not None


def _without_described(text: str) -> str:
    """``text`` with the kinds a described thing's description names blanked (:data:`_DESCRIBED`), each to as many spaces."""
    for m in reversed(list(_DESCRIBED.finditer(text))):
        if _SERVES.match(m.group(1)):
            continue  # what it does to a thing names what it is for: "the thing that holds the phone in the car" (set OJ)
        said = m.group(0)
        for a, b, kind in reversed(type_spans(said)):  # (its words before the description too: "a little plug-in gadget")
            # (not how it connects: "a little thing that plugs into usb and reads them" is a card reader)
            if said[a:b] not in _PORTS and not (is_accessory(kind) and _INTO_A_PORT.match(said, b)):
                text = text[: m.start() + a] + " " * (b - a) + text[m.start() + b:]
    return text


def without_story(text: str, is_brand: Callable[[str], object]) -> str:
    """``text`` with the story's type-like words blanked; ``is_brand`` tells a brand's name ("canon")."""
    text = _without_described(text)
    text = _BODY.sub(lambda m: m.group(0).split()[0] if " " in m.group(0) else " ", text)
    text = _SAID_OF.sub(" ", _EQUIPPED.sub(" ", _CARE_VERB.sub(" ", _SAME_AS.sub(lambda m: m.group(0).split(" as ")[0], text))))
    text = _BRAND_FAN.sub(lambda m: m.group(1) if is_brand(m.group(1)) else m.group(0), text)
    return _FAN_OF.sub(" ", text)


def sized_kind(text: str, size: str) -> str | None:
    """The kind of the type word right after a stated size ("a 13\" laptop": notebook), or None: a size said of
    the shopper's laptop is no size of the monitor asked for beside it."""
    at = text.find(size)
    if at < 0:
        return None
    after = text[at + len(size):]
    spans = type_spans(after, weak=True)
    return spans[0][2] if spans and not after[: spans[0][0]].strip() else None
