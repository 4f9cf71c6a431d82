"""What a request says it does not want: "an actual printer, not toner or paper", "a mouse, not logitech",
"my mum cant really use a smartphone".

The negated phrase is set aside before the product type, the brands and the search text are read, so a
type or a brand named only to be refused never becomes the request's own.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rag.catalog.categories import type_spans

# "an actual printer, not toner or paper", "a phone itself (not a case or charger)": what follows a
# negation up to the end of its clause, set aside when it names a product type or a brand; "not over
# $300" and "not too expensive" name none and stay. A bare "no" is no exclusion: "my pc has no camera"
# asks for a camera.
_EXCLUSION = re.compile(r"\b(?:not|but\s+not|except|rather\s+than|instead\s+of|"
                        # "forget canon, brother instead", "ditch the hp idea"
                        r"forget(?:\s+about)?|ditch|scrap|skip|(?<!from\s)scratch(?!\s+that)|"  # (not "furnishing my first apartment from scratch", set QO)
                        # "Drop Netgear. IT just told me it has to be D-Link" (set PM; not "drop it to 300", "drop the price")
                        r"drop(?!\s+(?:it|that|this|them|to|down|by|below|under|\$|\d|the\s+(?:price|budget|cap|limit|max|floor|min\w*)|my|our))|"
                        # "never mind HP, ... Philips please"
                        r"never\s*mind|nvm|"
                        # ("A simple point-and-shoot camera please, no swapping lenses", set QT)
                        r"no\s+(?:swapping|changing|interchangeable|extra|separate)|"
                        # "i'd rather watch films on my bedroom wall than buy another tv"
                        r"than\s+(?:buy(?:ing)?|get(?:ting)?)(?:\s+(?:another|a\s+new))?|"
                        r"(?:i\s+)?(?:do\s*n[o']?t|dont|no)\s+(?:need|want)(?:\s+any)?(?:\s+more)?|"  # "i dont need lenses or bags"
                        # "she cant really use a smartphone": a kind the person cannot use (not "cant use my mouse"; not "cant work
                        # without a webcam", which asks for one)
                        r"(?:can'?t|cannot|can\s+not)\s+(?:really\s+|even\s+)?use(?!\s+(?:my|our|his|her|their|the|it)\b))"
                        # (a bound is no exclusion: "not paying more than 40 dollars for a kettle")
                        # ("it must not cost more than one thousand dollars", "not costing above 30", "not passing 200")
                        # ("I don't want to go above 500 for the lens", set OW; "I'm not leaving Samsung": a brand kept)
                        r"(?!\s+(?:leaving|switching\s+from|giving\s+up|moving\s+(?:away\s+)?from|ditching|abandoning)\b)"
                        # ("not taking out a second mortgage for a mouse": a joke about the price, set RX)
                        r"(?!\s+(?:taking\s+out|selling|wasting|blowing|remortgag\w*)\b)"
                        r"(?!\s+(?:to\s+)?(?:(?:cost|costs|costing|be|go|get|come|run|spend|pay)\s+)?(?:paying|spending|going|dropping|shelling|forking|over|above|under|below|more|less|higher|lower|"
                        r"bigger|smaller|cheaper|pricier|too|exceeding|passing)\b)"
                        # ("not the bargain-bin stuff, so 35 minimum": what a floor is for, set PL)
                        r"(?!\s+(?:the\s+|some\s+|any\s+)?(?:junk|garbage|trash|crap|rubbish|flimsy|bargain[\w-]*|knock-?offs?|cheapo\w*|no-?name)\b)"
                        # ("I'm not settling for less than 8GB of RAM", "I'd not accept under 8GB", "not a gig under 16", set PM)
                        r"(?!\s+(?:(?:settl\w*\s+for|accept\w*|tak(?:e|ing))\s+(?:anything\s+|any\s+)?|an?\s+(?:gig|penny|cent|dime|dollar|buck|inch|single)\w*\s+)"
                        r"(?:less|under|below|smaller|fewer|more|over|above|lower)\b)"
                        # ... up to the end of its clause, or to what is wanted instead ("dont need a new printer just
                        # the cartridges")
                        # ("don't want to learn something new so it has to be samsung": what follows "so" is wanted)
                        # ("Let's drop Samsung and look at motorola instead": what is looked at instead is wanted, set LK)
                        r"\s+(?:an?\s+|the\s+|any\s+)?([^,.;:()!?]+?)(?=\s+(?:just|only|but|so|because|i\s+need|need|want)\b|\s[-–—]\s|[,.;:()!?]|$"
                        r"|\s+and\s+(?:look|go|show|try|switch|see|check|find|give)\b"
                        # ("instead of a telly I'm doing a projector in the new flat": what the shopper does instead is wanted, set QO)
                        r"|\s+(?:i'?m|im|i\s+am|we'?re|i'?ll|we'?ll|i'?d|we'?d|i\s+will|we\s+will)\s)")


# A brand the shopper does not insist on, and does not refuse either: "I want a 27-inch monitor as well, doesn't need to
# be Dell" (set ON)
# ... or welcomes without asking for it: "I wouldn't say no to a Seagate, but the main thing is ..." (set PM)
_NEED_NOT_BE = re.compile(r"\b(?:(?:does\s*n[o']?t|doesnt|do\s*n[o']?t|dont|need\s*n[o']?t|neednt)\s+(?:(?:need|have)\s+to|gotta)\s+be|"
                          r"wouldn'?t\s+(?:say\s+no\s+to|mind))\s+"
                          r"(?:an?\s+|the\s+)?(?:actual\s+|real\s+|genuine\s+)?([a-z0-9&!-]+)(?:\s+(?:one|brand))?\b")  # ("an actual rowenta", TC)


# ... or names for what its ones cost: "actually no, Targus, the Thule ones I've seen are way more than I want to spend" (set RY)
_PRICED_OUT = re.compile(r"\b(?:the|those)\s+([a-z0-9&!-]+)\s+ones?\s+(?:i'?ve\s+seen\s+|you\s+showed\s+(?:me\s+)?)?(?:are|were|look|seem)\s+"
                         r"(?:way\s+|a\s+bit\s+|far\s+|much\s+|all\s+|just\s+)*"
                         r"(?:more\s+than\s+(?:i|we)\s+(?:want|wanna|would\s+like|'?d\s+like)\s+to\s+(?:spend|pay)|too\s+(?:pricey|expensive|dear|much)|"
                         r"over\s+(?:my|our|the)\s+budget|out\s+of\s+(?:my|our)\s+(?:budget|price\s+range|league)|overpriced)")


# ... or names only as examples of any: "Targus, Case Logic, whoever - brand isn't important" (set SN)
_ANY_OF = re.compile(r"(?:^|(?<=[.!?;]\s))((?:[a-z][\w&.!-]*(?:\s+[a-z][\w&.!-]*)?\s*(?:,|/|\bor\b)\s*){1,4})(?=(?:or\s+)?(?:whoever|whichever|anyone)\b)")


def _all_brands(listed: str, is_brand: Callable[[str], str | None]) -> bool:
    """Whether ``listed`` ("targus, case logic, ") names two brands or more and nothing else."""
    items = [i for i in re.split(r"\s*(?:,|/|\bor\b)\s*", listed) if i]
    return len(items) > 1 and all(is_brand(i) or any(is_brand(w) for w in i.split()) for i in items)


def without_let_go(text: str, is_brand: Callable[[str], str | None]) -> str:
    """``text`` without a brand the shopper does not insist on ("doesn't need to be dell") or names for its prices ("the
    Thule ones are way more than I want to spend"): left out, not set aside."""
    text = _PRICED_OUT.sub(lambda m: " " if is_brand(m.group(1)) else m.group(0), text)
    text = _ANY_OF.sub(lambda m: " " if _all_brands(m.group(1), is_brand) else m.group(0), text)
    return _NEED_NOT_BE.sub(lambda m: " " if is_brand(m.group(1)) else m.group(0), text)


# "no Acer, we've had nothing but trouble", "no Epson or HP please": brands after a bare "no", said alone (set OW; "my pc has no
# camera" and "no sharp edges" name none)
_NO_BRANDS = re.compile(r"\bno\s+([a-z][\w&!-]*(?:\s*(?:/|\s(?:or|nor|and))\s+[a-z][\w&!-]*)*)"
                        r"(?=\s*(?:[,.;!?)]|$)|\s+(?:please|pls|thanks|stuff|products?|brands?|this\s+time|again|at\s+all|whatsoever|either|ever)\b)")


def without_exclusions(text: str, is_brand: Callable[[str], str | None]) -> tuple[str, list[str]]:
    """``text`` without its excluded product types and brands ("not logitech", "no acer"), and what was set aside."""
    excluded: list[str] = []
    for m in reversed(list(_NO_BRANDS.finditer(text))):
        brands = [is_brand(word) for word in re.split(r"\s*(?:/|\s(?:or|nor|and)\s)\s*", m.group(1))]
        if all(brands):
            excluded[:0] = [b for b in brands if b]
            text = text[: m.start()] + " " + text[m.end():]
    for m in reversed(list(_EXCLUSION.finditer(text))):
        named = [category for _, _, category in type_spans(m.group(1))]
        named += [brand for word in m.group(1).split() if (brand := is_brand(word))]
        if named:
            excluded[:0] = named
            text = text[: m.start()] + " " + text[m.end():]
    return " ".join(text.split()), excluded


def without_refused(text: str) -> str:
    """``text`` with each negated phrase that names a product type blanked, each to as many spaces: "no I don't want to
    hear about mechanical switches" names no item the catalog lacks (set PH)."""
    for m in reversed(list(_EXCLUSION.finditer(text))):
        if type_spans(m.group(1)):
            text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end():]
    return text
