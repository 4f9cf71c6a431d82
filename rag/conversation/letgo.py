"""What a follow-up lets go of, keeps for a new search, or how it scales what is held: "forget the brand", "forget the
price limit", "and a usb hub, same budget", "cut that budget in half". Rules, read by ``rag.conversation.followups``."""

from __future__ import annotations

import re

from rag.understanding.features import COLOUR_LET_GO

# The brand held no longer asked for: "forget the brand", "any brand is fine", "brand doesn't matter"
_ANY_BRAND = re.compile(
    r"\b(?:any|every|all|whatever|whichever|other)\s+(?:brand|make)s?\b(?!\s+(?:but|except))|"  # ("every brand is ok for me", set PR)
    r"\b(?:forget|drop|ditch|scrap|nevermind|never\s+mind|nvm|skip|lose|remove|ignore|don'?t\s+care\s+about)\s+(?:about\s+)?"
    r"(?:the|that|this)\s+(?:brand|make)\b|\bbrand\s+(?:doesn'?t|does\s+not|don'?t|really\s+doesn'?t)\s+(?:really\s+)?matter\b|"
    r"\bnot\s+(?:fussed|bothered|picky)\s+(?:about|on|with)\s+(?:the\s+)?brand|\bno\s+brand\s+(?:preference|loyalty)\b|"
    r"\bopen\s+to\s+(?:other|any)\s+brands?\b|"
    # "doesn't have to be the same brand", "I need not insist upon Lenovo", "widen the search to every manufacturer" (set TB, TA)
    r"\b(?:doesn'?t|does\s+not|don'?t|do\s+not|needn'?t)\s+(?:have|need)\s+to\s+be\s+the\s+same\s+(?:brand|make)\b|\bneed\s+not\s+insist\s+(?:up)?on\b|"
    r"\b(?:every|any|all|other)\s+(?:manufacturers?|makers?)\b|"
    # "eh, not married to Samsung tbh" (set OX)
    r"\bnot\s+(?:married|wedded|tied|attached|loyal|committed)\s+to\s+(?!(?:a|the|that|my|any)\s+(?:budget|price|size|colou?r)\b)", re.I)


# The budget held, scaled: "cut that budget in half", "halve my budget", "double the budget"
_HALF = re.compile(r"\b(?:cut|slash|chop|drop|bring|take)\s+(?:that|the|my|our|this)\s+(?:budget|price|limit|cap|max)\s+(?:down\s+)?(?:in|by)\s+half\b|"
                   r"\bhalve\s+(?:that|the|my|our|this)\s+(?:budget|price|limit|cap|max)\b|\bhalf\s+(?:that|the|my|our)\s+budget\b", re.I)
_DOUBLE = re.compile(r"\bdouble\s+(?:that|the|my|our|this)\s+(?:budget|price\s+limit|limit|cap|max)\b", re.I)


def budget_scale(message: str) -> float | None:
    """How a follow-up scales the budget held, or None when it does not."""
    return 0.5 if _HALF.search(message) else 2.0 if _DOUBLE.search(message) else None


# The price held no longer asked for: "forget the price limit", "price doesn't matter", "I'll pay whatever it takes"
_ANY_PRICE = re.compile(
    r"\b(?:forget|drop|ditch|scrap|nevermind|never\s+mind|nvm|skip|lose|remove|ignore)\s+(?:about\s+)?(?:the|that|this|my|our)\s+"
    r"(?:price|budget|spending)(?:\s+(?:limit|cap|max|ceiling))?\b|\b(?:forget|drop|ditch|scrap|remove|ignore)\s+(?:the|that|my)\s+"
    r"(?:\$?\d[\d,.]*k?\s*(?:dollars?|bucks)?\s+)?(?:limit|cap|max|budget)\b|"  # "forget the 150 limit, show me ones over $200"
    r"\b(?:price|budget|cost)\s+(?:doesn'?t|does\s+not|don'?t)\s+(?:really\s+)?matter\b|\bmoney\s+(?:is\s+)?no\s+object\b|"
    r"\bno\s+(?:price\s+|budget\s+)?(?:limit|cap)\b(?!\s+(?:of|at|is))|\bwhatever\s+it\s+(?:takes|costs)\b|\bany\s+price\b", re.I)


# The floor held no longer asked for: "screw the floor, anything under 1.5k" (set PF), "forget the minimum", "no minimum"
_NO_FLOOR = re.compile(
    r"\b(?:forget|drop|ditch|scrap|screw|lose|remove|ignore|nevermind|never\s+mind|nvm|no)\s+(?:about\s+)?(?:the\s+|that\s+|my\s+|our\s+)?"
    r"(?:price\s+)?(?:floor|minimum|min|lower\s+(?:limit|end|bound)|low\s+end|bottom(?:\s+end)?)\b(?!\s+(?:of|is|at)\b)", re.I)


def lets_floor_go_of(message: str) -> bool:
    """Whether the message drops the price floor held ("screw the floor, anything under 1.5k")."""
    return _NO_FLOOR.search(message) is not None


# ... or the brand held named: "Forget ASUS, every brand is ok for me", "forget the netgear" (sets PR, PS)
# ("I'm not fussed about Sharp after all", "don't care about the Philips", set QB)
_FORGET = (r"\b(?:forget|drop|ditch|scrap|skip|lose|nevermind|never\s+mind|nvm|no\s+more|not\s+(?:fussed|bothered|picky|set|hung\s+up)|"
           r"(?:don'?t|do\s+not|doesn'?t)\s+(?:really\s+)?care|"
           # "hmm it doesn't have to be samsung. just keep it below $250" (set QV)
           r"(?:doesn'?t|doesnt|does\s+not|don'?t|dont|needn'?t)\s+(?:really\s+|necessarily\s+)?(?:have|need)\s+to\s+be(?:\s+an?)?)"
           r"\s+(?:about\s+|on\s+|with\s+)?(?:the\s+)?")  # (not "don't mind": a yes)


def lets_brand_go_of(message: str, held: tuple[str, ...] = ()) -> bool:
    """Whether the message drops the brand held ("eh forget the brand, just keep it under $20", "forget the netgear")."""
    return _ANY_BRAND.search(message) is not None or any(
        re.search(rf"{_FORGET}{re.escape(b)}(?![\w-])", message, re.I) for b in held)


def lets_price_go_of(message: str) -> bool:
    """Whether the message drops the price held ("make that 32 gigs and forget the price limit")."""
    return _ANY_PRICE.search(message) is not None


# A spec held no longer asked for: "forget the 512 storage requirement, whatever it comes with is fine", "ram doesn't matter"
_SPEC_WORDS = {"storage_gb": r"storage|ssd|hdd|drive|disk|space", "memory_gb": r"ram|memory", "screen_in": r"screen(?:\s+size)?|size|inches"}
_ANY_SPEC = {key: re.compile(
    rf"\b(?:forget|drop|ditch|scrap|nevermind|never\s+mind|nvm|skip|lose|remove|ignore)\s+(?:about\s+)?(?:the|that|this|my)\s+"
    rf"(?:\d+(?:\.\d)?\s*(?:gb|tb|gigs?|inch(?:es)?|\"|-inch)?\s+)?(?:{words})\b|\b(?:{words})\s+(?:doesn'?t|does\s+not|don'?t)\s+(?:really\s+)?matter\b"
    # ("tbh the screen size isn't a big deal, forget about that bit", set QI)
    rf"|\b(?:{words})\s+(?:isn'?t|is\s+not|aren'?t|are\s+not)\s+(?:really\s+|that\s+|too\s+)?(?:a\s+(?:big\s+)?deal|important|a\s+priority|an\s+issue)\b",
    re.I) for key, words in _SPEC_WORDS.items()}


_ANY_COLOUR = re.compile(rf"{COLOUR_LET_GO}|\b(?:colou?r|shade)\s+(?:doesn'?t|does\s+not|don'?t|won'?t)\s+(?:really|actually)\s+matter\b"
                         r"|\b(?:forget|scratch|drop|ditch|ignore|never\s*mind|nvm)\s+(?:about\s+)?(?:the\s+)?colou?r\b"
                         # ("eh, the colour isn't that important after all", set RP)
                         r"|\bcolou?r\s+(?:isn'?t|is\s+not)\s+(?:really\s+|that\s+|too\s+|so\s+)?(?:important|a\s+(?:big\s+)?deal|a\s+priority)\b", re.I)


def specs_let_go_of(message: str) -> frozenset[str]:
    """The specs held that the message drops ("forget the 512 storage requirement": storage_gb), and the colour ("eh,
    colour doesn't actually matter, any colour is fine": colour, set OY)."""
    return frozenset([*(key for key, pattern in _ANY_SPEC.items() if pattern.search(message)),
                      *(["colour"] if _ANY_COLOUR.search(message) else [])])


# What a new search keeps of the last one: "and a usb hub, same budget", "matching mouse too? same brand"
_SAME_PRICE = re.compile(r"\bsame\s+(?:\$?\d[\d,.]*\s*(?:dollars?|bucks)?\s+)?(?:budget|price|limit|cap|max|money|spend|range|ceiling|floor|minimum)\b",
                         re.I)
# ("by the same folks", set PA; not "for the same people")
# ("would also like a kettle from them" after Philips coffee makers, set SB)
_SAME_BRAND = re.compile(r"\bsame\s+(?:brand|make|maker|manufacturer)\b|\b(?:by|from)\s+the\s+same\s+(?:company|folks|people|guys|firm|label)\b"
                         r"|\b(?:by|from)\s+them\s*(?:$|[.,;!?]|too\b|as\s+well\b|please\b)", re.I)


def keeps_price(message: str) -> bool:
    """Whether a new search keeps the price held ("and a headset w mic, same budget")."""
    return _SAME_PRICE.search(message) is not None


def keeps_brand(message: str) -> bool:
    """Whether a new search keeps the brand held ("matching mouse too? same brand, less than 50")."""
    return _SAME_BRAND.search(message) is not None
