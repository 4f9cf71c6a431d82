"""A bare number in a follow-up read as the spec the search holds: "make it 16" after "desktop with 8gb ram" is 16 GB of
RAM, "actually bigger, 15.6" after a 14 inch laptop 15.6 inches, "24 to 27 is fine too" after 27-inch monitors a range of
sizes, "make that 16gb" after 8 GB laptops RAM (:func:`bare_spec`, :func:`bare_gb`)."""

from __future__ import annotations

import re
from collections.abc import Callable

from rag.records import Filters, NumericRange
from rag.understanding.constraints import ParsedQuery
from rag.understanding.owned import asked_at
from rag.understanding.specs import RAM_DEVICES, ram_ceiling

# A number said with no unit, money or count around it ("make it 16", "actually bigger, 15.6").
_BARE = re.compile(r"(?<![\w$£€.,])(\d{1,4}(?:\.\d)?)(?![\w%$£€+]|\.\d|\s*(?:dollars?|bucks|usd|eur|euros?|quid|k\b|grand|more\b|results|options|"
                   r"-?\s*inch|\"|gb\b|tb\b|gigs?\b))")  # (nor one said with its unit: "you're showing me 24 inch screens, I need 27")
# ... in a message about a spec, not about money or counts of products
_NOT_A_SPEC = re.compile(r"\b(?:cheap\w*|pric\w*|cost\w*|budget|spend|pay|afford|show|give|options?|results?|items?|more\s+of)\b|[$£€]")
#: The unit each spec's bare number is said in, and the sizes that are plausible for it.
_UNITS: dict[str, tuple[str, Callable[[float], bool]]] = {
    "memory_gb": ("gb ram", lambda v: v in (4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128)),
    "storage_gb": ("gb storage", lambda v: v in (32, 64, 128, 256, 500, 512, 1000, 2000, 4000)),
    "screen_in": (" inch", lambda v: 10 <= v <= 100 or (3 <= v < 10 and v != int(v))),
}
_SPEC_WORDS = {"screen_in": r"bigger|smaller|larger|screen|inch\w*", "memory_gb": r"ram|memory", "storage_gb": r"storage|space|ssd|drive"}


def bare_spec(message: str, parsed: ParsedQuery, last: Filters, *, screens: bool = False) -> str | None:
    """The message with its one bare number given the unit of the spec the search already holds, when it can
    only be that spec: "make it 16" after "desktop with 8gb ram" is 16 GB of RAM, "actually bigger, 15.6" after a
    14 inch laptop 15.6 inches. None when the message states a spec of its own, or talks money or counts. ``screens``:
    screens were shown, whose size a number said as one ("I need a 27") is, held or not (set PB)."""
    low = _SAME_BUDGET.sub(lambda m: " " * len(m.group(0)), message.lower())  # ("24 to 27 is fine too, budget the same", set OF)
    if parsed.filters.numeric or _NOT_A_SPEC.search(low):
        return None
    for c in parsed.constraints:  # numbers the message already says as something ("700 max")
        if c.kind == "price" and not last.price.bounded and _AND_UP.fullmatch(c.text.lower()) and _near_a_held_size(c.text, last):
            continue  # (not a floor with no money said, near a size held and no budget held: "Make it 55 and up" after 50-inch TVs)
        low = low.replace(c.text.lower(), " " * len(c.text))
    # (not a size ruled out: "42 is way too big. 32 instead")
    numbers = [n for n in _BARE.finditer(low) if not _TOO_BIG.match(low, n.end()) and not _TAKEN_BACK.search(low, 0, n.start())]
    held = [k for k in _UNITS if k in last.numeric] or (["screen_in"] if screens and re.search(r"\b(?:an?|need|want|go|make\s+it)\s+\d{2}(?:\.\d)?\b(?!\s*(?:-|\$|k\b))", low) else [])
    # (one number, said once or again: "there's room for a 27 instead. Let's go 27.")
    # (or two, said as a range: "24 to 27 is fine too")
    ranged = len(numbers) == 2 and re.fullmatch(r"\s*(?:to|-|–)\s*", low[numbers[0].end():numbers[1].start()]) is not None
    if not numbers or (len({float(n.group(1)) for n in numbers}) != 1 and not ranged) or not held:
        return None
    if len(held) > 1:  # which spec: by its word ("bigger, 27")
        held = [k for k in held if re.search(rf"\b(?:{_SPEC_WORDS[k]})\b", low)]
    if len(held) != 1 or not all(_UNITS[held[0]][1](float(n.group(1))) for n in numbers):
        return None
    for n in reversed(numbers):
        message = message[:n.end()] + _UNITS[held[0]][0] + message[n.end():]
    return message


#: A short message around a bare amount that moves the budget: "hmm slim pickings. ok 150 then", "hmm actually lower, 120"
_MOVES = re.compile(r"\b(?:then|lower|higher|down|up|instead|actually|ok|okay|make\s+it|make\s+that|go|fine|tops|max|cap|limit|stretch|"
                    r"try|say|let'?s\s+say)\b")
_SHORT = 9  # words at most: a longer message says more than the budget


def bare_price(message: str, parsed: ParsedQuery, last: Filters, held_price: Callable[[], NumericRange]) -> str | None:
    """The message with its one bare amount said as the budget, when the search held a price (``held``: its filter or
    the price its words said, read only once the message could be one), holds no spec the number could be and the message
    says nothing else: "ok 150 then" after
    "$110 or less" is under $150, "hmm actually lower, 120" after "less than two hundred" under $120 (set OH). A search
    that held a floor only keeps it a floor ("over $N")."""
    low = message.lower()
    if parsed.constraints or len(low.split()) > _SHORT or not _MOVES.search(low) or not (held := held_price()).bounded:
        return None
    numbers = [n for n in _BARE.finditer(low) if float(n.group(1)) >= 5]
    if len(numbers) != 1 or (any(k in last.numeric for k in _UNITS) and bare_spec(message, parsed, last) is not None):
        return None
    n = numbers[0]
    said = f"over ${n.group(1)}" if held.max is None else f"under ${n.group(1)}"
    return message[:n.start()] + said + message[n.end():]


_AND_UP = re.compile(r"\s*(\d{1,3}(?:\.\d)?)\s*(?:\+|and\s+(?:up|above|over|bigger|larger)|or\s+(?:above|over|bigger|larger))\s*")


def _near_a_held_size(said: str, last: Filters) -> bool:
    """Whether the amount of ``said`` is within half to twice a size the search holds ("55 and up" after 50 inches)."""
    value = float(_AND_UP.fullmatch(said.lower()).group(1))  # type: ignore[union-attr]
    return any((held.min or held.max or 0) and 0.5 <= value / (held.min or held.max) <= 2  # type: ignore[operator]
               for key, held in last.numeric.items() if key in _UNITS)
_SAME_BUDGET = re.compile(r"\b(?:same\s+budget|budget\s+(?:is\s+|stays\s+)?(?:the\s+)?same)\b")
_TOO_BIG = re.compile(r"\s*(?:is|was|'s|would\s+be|will\s+be)\s+(?:way\s+|much\s+|far\s+|a\s+bit\s+|just\s+|definitely\s+)?too\s+(?:big|small|large|much|little|wide|tall)\b")
# ... or taken back before it: "actually scratch the 24, make it 27"
_TAKEN_BACK = re.compile(r"\b(?:scratch|forget|ditch|drop|not|instead\s+of|rather\s+than|no)\s+(?:the\s+|that\s+)?$")
# A size in GB with nothing around it that says RAM or storage: "make that 16gb"
_BARE_GB = re.compile(r"(?<![\w.])(\d{1,3})\s*(?:gb|gigs?)\b(?!\s*(?:of\s+)?(?:ram|memory|storage|ssd|hdd|drive|space|card|stick))")


def bare_gb(message: str, parsed: ParsedQuery, last: Filters, shown_kinds: Callable[[], frozenset[str]]) -> str | None:
    """The message with a bare GB said as RAM when the search holds a RAM size (or devices sized by their RAM were
    shown: "16 gigs minimum" after laptops) and no storage size and the number is a RAM size: "make that 16gb" after
    "desktop pc 8gb ram" asks for 16 GB of RAM, which a bare GB with no kind beside it would otherwise read as storage.
    With a storage size held too, only a number far below it is RAM."""
    low = message.lower()
    if set(parsed.filters.numeric) != {"storage_gb"}:
        return None
    # (memory modules shown are no such devices: "ram" spelled out would name them as a new search)
    # (memory modules shown, the module's size: "only the 16 gig and up sticks tho" after HyperX RAM)
    if "memory_gb" not in last.numeric and not (shown_kinds() and shown_kinds() <= RAM_DEVICES):
        return None
    if re.search(rf"\b(?:{_SPEC_WORDS['storage_gb']}|{_SPEC_WORDS['memory_gb']})\b", low):
        return None
    found = list(_BARE_GB.finditer(low))
    if len(found) > 1 and len({float(m.group(1)) for m in found}) == 1:
        found = found[-1:]  # one size said twice: "his friends told him 16gb is the minimum these days 🙄 ok, 16gb" (set QK)
    if len(found) > 1:  # "make it 16 gigs at least - ... his buddy's 8 gig machine chokes": the one not said of someone's own
        found = [found[i] for i in asked_at(low, [(m.start(), m.end()) for m in found])]
    if len(found) != 1 or not _UNITS["memory_gb"][1](value := float(found[0].group(1))) \
            or value > ram_ceiling(last.categories or shown_kinds()):
        return None
    # (a storage size held too: the number is RAM when far below it, "make it 32gb" after 16 GB RAM and 512 GB)
    if (held := last.numeric.get("storage_gb")) is not None and (held.min or 0) < 4 * value:
        return None
    return message[:found[0].end()] + " ram" + message[found[0].end():]


__all__ = ["bare_gb", "bare_price", "bare_spec"]


#: A spec held, doubled: "twice that at the very least" after "usb stick, 64GB minimum" (set OQ)
_TWICE_THAT = re.compile(r"\b(?:twice|double)\s+(?:that|it|this|the\s+(?:storage|space|capacity|ram|memory))\b(?!\s+(?:of|in|on)\b)", re.I)


def twice_held(message: str, last: Filters) -> str:
    """``message`` with "twice that" said as twice the storage (else the memory) the search holds, when it says no size of
    its own: "twice that at the very least" after 64 GB sticks is 128 GB."""
    if (m := _TWICE_THAT.search(message)) is None or re.search(r"\d\s*(?:gb|gigs?|tb)\b", message, re.I):
        return message
    for kind, unit in (("storage_gb", "gb storage"), ("memory_gb", "gb ram")):
        held = last.numeric.get(kind)
        if held is not None and held.min is not None:
            return f"{message[:m.start()]}{2 * held.min:g}{unit}{message[m.end():]}"
    return message
