"""Colour ("in black", "a clear case") and wired/wireless: filters on the head type."""

from __future__ import annotations

import re

from rag.understanding.corrections import last_said
from rag.understanding.owned import asked_at, in_story, of_mine
from rag.understanding.parsed import Constraint

COLOURS = ("black", "white", "grey", "gray", "silver", "blue", "red", "green", "yellow", "pink", "gold", "orange",
           "purple", "brown", "beige", "cyan", "magenta")  # (an ink's too: "it's the cyan that ran out", set OH)
# (no wall's colour, nor what a printer smears or a room is done in: "smearing everything into gray mush", "all white
# furniture", set OZ; an ink prints its colour)
# (a wall-mounted thing's colour is its own: "a black wall bracket for it", set QM)
_COLOUR = re.compile(rf"\b(?:in\s+)?({'|'.join(COLOURS)})\b(?!\s+(?:walls?(?!\s+(?:brackets?|mounts?|mounted|plates?|sockets?|chargers?|clocks?|lights?|lamps?|shelf|shelves|hooks?))|sheets?|boards?|background|ceiling|fence|"
                     r"mush|streaks?|smudges?|smears?|furniture|countertops?|decor|paint|lasers?|laser\s+dots?|dots?|"  # ("with the red laser dot", RF)
                     r"jacks?|ports?|sockets?|\d+(?:\.\d+)?\s*mm\b|"  # ("the sound card has the usual green 3.5mm out", SG)
                     r"juice|zest|peel|wine|tea|smoothies?|salads?|veg|vegetables|beans))")  # (nor a drink: "a juicer for fresh orange juice", set QB;
# "green smoothies after my morning workouts", set QU)
_CLEAR = re.compile(r"\b(transparent|see[\s-]?through|clear)(?=\s+(?:\w+\s+)?(?:case|cover|bumper|shell|sleeve)s?\b)"  # "clear case"
                    r"|\b(transparent|see[\s-]?through)(?=\s+(?:one|ones|please|pls|if)\b|\s*(?:[,.;!?]|$))")  # "transparent one please" (set OG)
_WIRELESS = re.compile(r"\b(?:wireless|bluetooth|cordless|cable[\s-]?free)\b")
_WIRED = re.compile(r"\b(?:wired|corded|with\s+a\s+cable)\b")
#: ... said of one option of two, no requirement: "a robot vacuum or a serious cordless one" (set SA)
_AN_OPTION = re.compile(r"\bor\s+(?:an?\s+)?(?:[\w-]+\s+)?$")


_SERVED_BEFORE = re.compile(r"\bfor\s+(?:the|my|our|his|her|their|your)\s+(?:[\w-]+\s+)?$")


def _an_option(text: str, m: re.Match[str]) -> bool:
    return _AN_OPTION.search(text, 0, m.start()) is not None and re.match(r"\s+ones?\b", text[m.end():]) is not None


def _asked(text: str, said: list[re.Match[str]]) -> int:
    """Which colour said is asked for: the one said with "instead", else the one a correction ends on (the last not of the
    shopper's own thing), else the first said in a clause that asks and not of the shopper's own thing, else the first
    not of their own thing ("lost my black earbuds again, want white headphones": white), else the first."""
    spans = [x.span(1) for x in said]
    if len({x.group(1) for x in said}) < 2:
        return 0
    story = in_story(text, spans) | of_mine(text, spans)
    chosen = [i for i, x in enumerate(said) if re.match(r"\s*(?:one\s+|ones\s+)?instead\b", text[x.end():])
              or re.search(r"[,;]\s*so\s+$", text[:x.start(1)])  # "... but she wants black, so black" (set OS)
              # ("we just painted the lounge a deep charcoal and the tv has to be black", set RP)
              or re.search(r"\b(?:(?:has|have|needs?|got)\s+to|must|should)\s+be\s+(?:in\s+)?$", text[:x.start(1)])]
    if chosen:
        return chosen[-1]  # "wait no, black instead. grey would clash": the one said with "instead"
    if (last := last_said(text, spans)) is not None:
        # (unless the last is the story's: "in silver. no wait, gray, my last one was silver and I'm sick of it")
        return last if last not in story else max((i for i in range(len(said)) if i not in story), default=last)
    asked = asked_at(text, spans) - story  # "... redid the office in white and grey ... ideally silver so it matches": silver
    return min(asked, default=next((i for i in range(len(said)) if i not in story), 0))


#: A colour refused by what is said of it ("make it silver, a black one would clash"), or one of a hyphenated run that names
#: a thing's look, not a colour asked ("the old red-white-yellow kind" of lead)
_REFUSED = re.compile(r"\s+(?:ones?\s+)?(?:would|will|'d|might|could)\s+(?:clash|stick\s+out|look\s+(?:wrong|odd|awful|bad|terrible|off))\b"
                      r"|\s+(?:ones?\s+)?(?:looks?|looked)\s+(?:so\s+)?(?:wrong|odd|awful|bad|terrible|off|horrible|ugly|cheap)\b"
                      r"|\s+(?:ones?\s+)?clash(?:es)?\b"
                      r"|\s+(?:ones?\s+)?(?:sticks?|stuck)\s+out\b")  # "the old black one sticks out like a sore thumb" (set OZ)
_RUN = "|".join(COLOURS)
_HYPHENED = re.compile(rf"\b(?:(?:{_RUN})-){{2,}}(?:{_RUN})\b")  # three or more ("black-red" is a colour asked)


#: The colour let go, however it is said: "colour doesn't matter", "any colour", "colour is not important" (the follow-up
#: rules read it too, with more ways of saying it: ``rag.conversation.letgo``)
COLOUR_LET_GO = (r"\b(?:colou?r|shade)\s+(?:doesn'?t|does\s+not|don'?t|won'?t)\s+matter\b|\bany\s+colou?r\b"
                 r"|\bcolou?r\s+(?:is\s+)?(?:not\s+important|irrelevant|whatever)\b")
#: A colour taken back after it is said: "white if they have it - no, colour doesn't matter"
_ANY_COLOUR = re.compile(rf"{COLOUR_LET_GO}|\b(?:whatever|any)\s+colou?r\s+(?:is\s+)?(?:fine|ok|okay)\b")


_PLACE_BEFORE = re.compile(r"\b(?:into|inside|onto|next\s+to|beside|under|behind)\s+(?:the|my|her|his|our|their|a)\s+(?:[a-z]+\s+)?$")


def _refused(text: str, m: re.Match[str]) -> bool:
    if _said_not(text, m):
        return True
    if _PLACE_BEFORE.search(text[:m.start(1)]) and re.match(r"\s+[a-z]{3,}", text[m.end(1):]):
        return True  # the colour of where it goes: "it has to slide into the little purple backpack she picked out" (set OJ)
    return any(r.start() <= m.start(1) < r.end() for r in _HYPHENED.finditer(text)) or _REFUSED.match(text, m.end()) is not None


def _said_not(text: str, m: re.Match[str]) -> bool:
    """Whether the colour at ``m`` is refused in words ("not black", "no grey or silver ones", "I don't want the pink")."""
    if re.search(r"\b(?:not|instead\s+of|rather\s+than)\s+(?:the\s+)?$", text[:m.start(1)]):
        return True  # "cyan then, not the black" (set OH), "black is now acceptable instead of grey" (set PC)
    if re.search(rf"(?<!hmm\s)(?<!hmmm\s)(?<!wait\s)(?<!actually\s)(?<!oh\s)(?<!-\s)(?<!—\s)"  # (not a correction: "black - hmm no grey")
                 rf"\b(?:no|not|none\s+in|nothing\s+in|never|anything\s+but|enough|sick\s+of|tired\s+of|fed\s+up\s+with|scratch|ditch)\s+"
                 rf"(?:the\s+|a\s+|an\s+|any\s+|in\s+|all\s+the\s+)?(?:(?:{_RUN})\s*(?:/|\s(?:or|and|nor))\s*)*$", text[:m.start(1)]):
        return True  # "no grey or silver ones pls, black only", "and none in grey please. black", "enough black stuff" (set OW),
        # "scratch white, grey goes better with the carpet" (set OU)
    if re.search(rf"\b(?:don'?t|do\s+not|won'?t)\s+(?:want|like|need)\s+(?:the\s+|a\s+|any\s+)?(?:(?:{_RUN})\s+(?:or|and|nor)\s+)?$", text[:m.start(1)]):
        return True  # "and make it black, I don't want the pink or silver ones" (set OR)
    # "black. and don't show me some weird gradient purple thing again" (set PH)
    return re.search(r"\b(?:don'?t|do\s+not|never)\s+(?:show|give|send|suggest)\s+(?:me\s+|us\s+)?(?:the\s+|a\s+|an\s+|any\s+|some\s+)?(?:[\w-]+\s+){0,3}$",
                     text[:m.start(1)]) is not None


def read_features(text: str) -> list[Constraint]:
    """Colour ("in black") and wired/wireless: filters on the head type."""
    found: list[Constraint] = []
    colours = list(_COLOUR.finditer(text))
    refused = {m.group(1) for m in colours if _said_not(text, m)}
    # (a colour refused stays refused when said again: "not black though, everyone's is black and they get mixed up. blue",
    # set QK)
    said = [m for m in colours if m.group(1) not in refused and not _refused(text, m)]  # "white... no, black actually": the last
    if said and _ANY_COLOUR.search(text, said[-1].end()) is not None:
        said = []  # "white if they have it - no, colour doesn't matter" (set OH)
    m = said[_asked(text, said)] if said else _CLEAR.search(text)
    if m:
        colour = "grey" if m.group(1) == "gray" else "transparent" if m.re is _CLEAR else m.group(1)
        found.append(Constraint("colour", colour, m.group(0), 0.5))
    # (not the device the asked thing serves: "AA batteries ... for the wireless mic packs", set SY)
    wireless = next((w for w in _WIRELESS.finditer(text) if not _SERVED_BEFORE.search(text, 0, w.start())), None)
    wired = _WIRED.search(text)
    if any(m is not None and _an_option(text, m) for m in (wireless, wired)):
        wireless = wired = None
    if wireless and not wired:
        found.append(Constraint("connectivity", "wireless", wireless.group(0), 0.55))
    elif wired and not wireless:
        found.append(Constraint("connectivity", "wired", wired.group(0), 0.55))
    return found
