"""Screen sizes in a shopper's message: "27 inch", "24in", "15.6 inch", "between 13 and 15 inches",
"55 or bigger", "nothing bigger than 32 inch", "bigger than my old 32 inch", "no bigger than 24".

:func:`screen_sizes` returns the sizes said as ``screen_in`` constraints and the text with each range taken out.
A whole size is a band around it (``rag.understanding.fits.size_band``: a 23.8" monitor is sold as a 24" one), a
size said to the tenth is that size, a floor or a cap is the size said. The floor and cap words are shared with the
storage rules (``FLOOR_BEFORE``, ``FLOOR_AFTER``: "at least 512gb", "1tb or more").
"""

from __future__ import annotations

import re

from rag.records import NumericRange
from rag.understanding.fits import size_band
from rag.understanding.parsed import Constraint

# A size that is a floor: "at least 40 inches", "40 inches or bigger", "40+ inch".
# "bigger than my old 32 inch": strictly bigger, than the size the shopper has
_BIGGER = re.compile(r"(?<!no\s)(?<!nothing\s)(?<!not\s)(?:bigger|larger)\s+than\s+(?:(?:my|our|the)\s+(?:old\s+|current\s+|existing\s+)?)?$")
FLOOR_BEFORE = re.compile(r"(?<!no\s)(?<!nothing\s)(?<!not\s)(?<!any\s)(?:at\s+least|min(?:imum)?|over|above|more\s+than|>=?|≥)\s*$|"
                          # "at least as big as the 50 inch one at my parents' place"
                          r"\bat\s+least\s+as\s+(?:big|large)\s+as\s+(?:(?:the|my|our|his|her)\s+)?(?:\w+\s+)?$|"
                          r"\b(?:nothing|not|none|no)\s+(?:under|below|smaller\s+than|less\s+than)\s*$|"  # "nothing under 40 inch"
                          # "It mustn't be smaller than 27 inches", "the bag mustn't be made for anything smaller than 15.6\"" (set PM)
                          r"\b(?:can'?t|cannot|shouldn'?t|mustn'?t|must\s+not|won'?t|not)\s+be\s+(?:any\s+)?(?:(?:made|built)\s+for\s+anything\s+)?"
                          r"(?:smaller|less|under|below)(?:\s+than)?\s*$|"
                          # "Don't show me anything under 24 inches this time" (set OW)
                          r"\b(?:don'?t|dont|do\s+not)\s+(?:show|give|want|need)\s+(?:me\s+|us\s+)?(?:anything|any|the\s+ones|ones)\s+"
                          r"(?:under|below|smaller\s+than|less\s+than)\s*$|"
                          + _BIGGER.pattern)
# ... and a cap: "nothing bigger than 32 inch", "no more than 14 inch", "up to 32 inch", "32 inch max", "smaller than 24"
_CAP_BEFORE = re.compile(r"(?:(?:no|nothing|not)\s+(?:bigger|larger|more|over|above|past|beyond)(?:\s+than)?|smaller\s+than|up\s+to|at\s+most|max(?:imum)?|"
                         # "the screen can't be any more than 14 inches" (set OJ)
                         r"(?:can'?t|cannot|shouldn'?t|mustn'?t|won'?t)\s+be\s+(?:any\s+)?(?:bigger|larger|more|over)(?:\s+than)?|"
                         r"under|below|<=?|≤)\s*$")
_CAP_AFTER = re.compile(r"\s*(?:or\s+(?:smaller|less|under|below)|max(?:imum)?\b|tops\b|at\s+(?:the\s+)?most\b)")
FLOOR_AFTER = re.compile(r"\s*(?:(?:screen|display|monitor|ssd|hdd|storage|drive|laptops?|notebooks?|computer|tv)\s+)?(?:or\s+(?:more|bigger|larger|higher|above|over|greater|up)|"
                         r"and\s+(?:up|above|bigger|larger)|\+|plus\b|min(?:imum)?\b|at\s+(?:a\s+)?min(?:imum)?\b|at\s+(?:the\s+)?(?:very\s+)?least\b)")
# "15.6 inch", "24in", and a size with a decimal said before the screen or the device ("a 15.6 screen"); a bare number
# said bigger or smaller is a size too ("55 or bigger", "no bigger than 24": money is never bigger or smaller)
_SCREEN = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d\d?)?)(?:ish)?\s*(?:\+\s*)?(?:(?:-|\s)?(?:inch(?:es)?|in\b(?!\s+(?:petty\s+cash|cash|savings|"
                     r"store\s+credit|credit|vouchers?|gift\s+cards?)\b)|\"|”|''|″)|"  # ("we've got 100 in petty cash")
                     r"(?<=\.\d)(?=\s+(?:screen|display|laptop|notebook|monitor)\b)|(?=\s*(?:or|and)\s+(?:bigger|larger)\b)|"
                     # (to the tenth, "or more" too: "My phone has a 6.1 inch screen. I want bigger, 6.5 or more.", set RL)
                     r"(?<=\.\d)(?=\s*(?:or|and)\s+(?:more|up|above)\b))|"
                     r"(?:(?<=bigger than )|(?<=larger than )|(?<=smaller than ))"  # a lookbehind of one width each
                     r"(\d{1,2}(?:\.\d)?)(?![\d.]|\s*(?:gb|tb|mb|gigs?|teras?|k\b|%|\$|dollars?|bucks|quid))"  # ("smaller than 16 gigs": memory)
                     # ... and a screen's size said bare, to the tenth, that only screens are sold in ("hp probook 15.6 under a
                     # grand", "dell monitor 23.8", set OD)
                     r"|(?<![\d.$£€])(10\.1|11\.6|12\.5|13\.3|14\.1|15\.4|15\.6|17\.3|18\.5|19\.5|21\.5|23\.6|23\.8|31\.5)"
                     r"(?![\d.]|\s*(?:gb|tb|mb|ghz|gigs?|k\b|%|\$|dollars?|bucks|quid|kg|lbs?|pounds|mm|cm|mp|x\b))"
                     # ... or any size to the tenth said of the screen ("Screen needs to be 6.7.", set SI)
                     r"|(?:(?<=screen needs to be )|(?<=screen has to be )|(?<=screen should be )|(?<=screen must be )|(?<=screen size of )"
                     r"|(?<=screen of )|(?<=display of ))(\d{1,2}\.\d)(?!\d|\.\d|\s*(?:gb|tb|ghz|k\b|%|\$|dollars?|bucks|mp|mm|cm))")
# ("anything from 40\" up to 50\"": a unit after each end)
_UNIT = r"(?:-|\s)?(?:inch(?:es)?|in\b|\"|”|''|″)"
# ("from 23 until 25 inch", set OT; "between 6.1 and 6.5" after phones: two sizes to the tenth, with no unit, are no money)
_SCREEN_RANGE = re.compile(rf"(?:between\s+|from\s+)?(?<![\d.])(\d{{1,2}}(?:\.\d)?)\s*(?:{_UNIT}\s*)?(?:and|to|up\s+to|until|till|-|–)\s*(\d{{1,2}}(?:\.\d)?)\s*{_UNIT}|"
                           r"(?<![\d.$£€])\b(?:between|from)\s+(\d{1,2}(\.\d)?)\s*(?:and|to|until|till|-)\s*(\d{1,2}(?(4)\.\d|))(?!\d|\.\d|\s*(?:k\b|%|\$|"
                           r"kg|kilos?|lbs?|pounds?|m\b|mm|cm|met(?:re|er)s?|ft|feet|gb|tb|gigs?|ghz|mp\b|dollars?|bucks|quid|euros?))")
# ... and so is one refused ("no 17 inch monsters please", "not 15.6": any size, said bare or with its unit) or that will not fit ("anything past 25 inches won't fit") (set OK)
_REFUSED = re.compile(r"\b(?:no|not)\s+(?:an?\s+)?$")
_WONT_FIT = re.compile(r"\s*(?:screens?\s+|monitors?\s+|tvs?\s+|laptops?\s+)?(?:won'?t|wouldn'?t|will\s+not|would\s+not|doesn'?t|does\s+not|"
                       r"don'?t|do\s+not|can'?t|cannot)\s+(?:\w+\s+)?fit\b|\s*(?:is|are|would\s+be|will\s+be)\s+too\s+(?:big|large|wide)\b")
_MINE_BEFORE = re.compile(r"\b(?:my|our)\s+(?:old|current|existing)\s+$|\breplacing\s+(?:is\s+)?(?:(?:a|an|my|our|the)\s+)?$")
# A size said to be wrong is no size asked for: "a 15 inch-ish screen, 13 is too small for me"
# ("the one it's replacing is a 26\", way too small", set SJ)
_TOO = re.compile(r"\s*(?:screens?\s+)?(?:(?:is|are|was|'s)\s+|,\s*)(?:way\s+|far\s+|a\s+bit\s+|just\s+|much\s+)?too\s+(?:small|big|tiny|large|little|huge)\b")


def _watch_size(value: float, text: str) -> bool:
    """A watch's screen ("the screen has to be at least 1.3 inches", set OP): a size under 3 inches to the tenth, of a screen,
    in no text of a drive ("2.5 inch ssd" is a drive's form factor)."""
    # (a "smartwatch" or its "face" too: "smartwatch for my mum with a bigger face, 1.35 inches or more", set PO)
    return 1 <= value < 3 and value != int(value) and re.search(r"\b(?:screen|display|face|\w*watch\w*)\b", text) is not None \
        and re.search(r"\b(?:drive|hdd|ssd|disk|bay|enclosure|caddy)s?\b", text) is None


def screen_sizes(text: str) -> tuple[list[Constraint], str]:
    """The screen sizes said in ``text`` and ``text`` without its ranges (see the module's docstring)."""
    found: list[Constraint] = []
    ends: set[float] = set()
    for m in _SCREEN_RANGE.finditer(text):  # "between 24 and 27 inch": both ends, then no single size
        lo, hi = sorted((float(m.group(1) or m.group(3)), float(m.group(2) or m.group(5))))
        # (two whole numbers with no unit are a size when one of them is said as a size: "27 inch is okay also, so from 23 until 27")
        bare = m.group(3) is not None and m.group(4) is None and not re.search(rf"(?<![\d.])(?:{int(lo)}|{int(hi)})\s*{_UNIT}", text)
        if 3 <= lo < hi <= 100 and not bare:
            found.append(Constraint("screen_in", NumericRange(lo - 0.1, hi + 0.05), m.group(0), 0.75))  # "13 to 15": no 15.6
            ends |= {lo, hi}
            text = text.replace(m.group(0), " ")
    for m in _SCREEN.finditer(text):
        said = m.group(1) or m.group(2) or m.group(3) or m.group(4)
        value = float(said)
        if value in ends and not (FLOOR_BEFORE.search(text, 0, m.start()) or _CAP_BEFORE.search(text, 0, m.start())):
            continue  # an end of a range said ("27 inch is okay also, so from 23 until 27")
        if (3 <= value <= 200 or _watch_size(value, text)) and not _TOO.match(text, m.end()) and not _REFUSED.search(text, 0, m.start()):
            wont_fit = _WONT_FIT.match(text, m.end()) is not None  # "anything past 25 inches won't fit": a cap (set OK)
            floor = not wont_fit and (FLOOR_BEFORE.search(text, 0, m.start()) or FLOOR_AFTER.match(text, m.end()) or "+" in m.group(0))
            cap = not floor and (wont_fit or _CAP_BEFORE.search(text, 0, m.start()) or _CAP_AFTER.match(text, m.end()))
            # a cap is the size said ("14 inch or smaller": no 14.1), to the tenth it was said in
            # ... and a size said to the tenth ("a 15.6 inch screen") is that size, no 15.4
            rng = NumericRange(value + 0.1, None) if _BIGGER.search(text, 0, m.start()) else NumericRange(value, None) if floor \
                else NumericRange(None, value + 0.05) if cap else NumericRange(value - 0.05, value + 0.05) if "." in said \
                else size_band(value)
            found.append(Constraint("screen_in", rng, m.group(0).strip(), 0.75))
    if len(found) >= 2:  # "27 inch or bigger, my old 22in is tiny": the old one is mine
        found = [c for c in found if not _MINE_BEFORE.search(text[: text.find(c.text)])]
    return found, text
