"""A word that asks for a cheap one ("something cheap", "a budget laptop", "affordable"), read as a price cap at the kind's
low band (``rag.understanding.prices.read_price``) unless it is ruled out ("nothing cheap"), said of a price that does not
matter ("budget isn't an issue") or of the shopper's own or the cheap ones complained of ("I had a cheap stick fail")."""

from __future__ import annotations

import re

# ("the cheapest" orders what is found, cheapest first, and caps nothing: rag.understanding.extremes, set PW)
_CHEAP = re.compile(r"\b(?<!same\s)(?:(?<!looks\s)(?<!look\s)(?<!seems\s)(?<!feels\s)(?<!looked\s)cheap(?!est)(?!\s+seats?\b)|(?<!the\s)(?<!my\s)(?<!our\s)(?<!that\s)(?<!this\s)(?<!your\s)budget(?![\s-]*wise\b)(?!\s+(?:is\s+|stays\s+|remains\s+)?(?:the\s+)?same\b)(?!\s+(?:reality|check|cuts?|meetings?|workbooks?|spreadsheets?|sheets?|reports?|planning|airlines?|carriers?|flights?|hotels?|motels?|hostels?|travel|trips?)\b)|affordable|inexpensive|low[\s-]cost|bargain)\b")  # "same budget": the held one
# ... and so is the budget kept with other things the same ("same sizes and budget", set OE): blanked before "cheap" is read
_SAME_AND_BUDGET = re.compile(r"\bsame\s+(?:[a-z]+\s+){1,3}budget\b")
# "not the cheap stuff", "nothing cheap": the shopper rules cheap out, which is no price cap.
# "budget isnt really an issue", "price doesnt matter": no cap either
_NOT_AFTER = re.compile(r"\s+(?:is\s*n[o']?t|isnt|is\s+no|aint|doesn'?t|does\s+not|won'?t\s+be)\s+(?:really\s+|much\s+of\s+|a\s+big\s+|an?\s+)?"
                        r"(?:an?\s+)?(?:issue|problem|concern|matter|factor|thing)"
                        # ... nor the cheap ones complained of: "the super cheap ones break in a week" (set PA)
                        r"|\s+(?:ones?|stuff|models?|things?|brands?)\s+(?:always\s+|just\s+|all\s+|usually\s+|tend\s+to\s+)?"
                        r"(?:break|broke|die|died|fail|suck|fall\s+apart|don'?t\s+last|never\s+last|are\s+(?:junk|garbage|rubbish|trash|crap))"
                        # "the old cheap ones are too slow", "the cheap ones have bad quality", "cheap lenses I don't want" (set PR)
                        # ("the cheap ones we had before were painfully slow", set RB)
                        r"|\s+(?:ones?|stuff|models?|things?|[a-z]+s)\s+(?:(?:i|we|they)\s+(?:had|got|bought|used|tried)\s+(?:before\s+|last\s+time\s+)?)?"
                        r"(?:are|is|were|was|have|has)\s+(?:(?:too|so|really|very|always|just|all|[a-z]+ly)\s+)?"
                        r"(?:bad|poor|slow|weak|awful|terrible|junk|garbage|rubbish|crap)\b"
                        r"|(?:\s+[a-z]+)?\s+(?:i|we)\s+(?:don'?t|dont|do\s+not|won'?t)\s+(?:want|need|like|buy)\b")
_NOT_BEFORE = re.compile(r"\b(?:not|nothing|no|never|isn'?t|aren'?t|don'?t|dont|do\s+not)\s+(?:\w+\s+){0,2}$"
                         # ... nor the cheap one the shopper had: "I had a cheap stick fail memtest" (set QZ)
                         r"|\b(?:i|we)\s+(?:had|bought|got|tried|used)\s+(?:an?\s+|some\s+)?(?:really\s+|super\s+|very\s+)?$"
                         r"|\bthe\s+(?:last|old|previous)\s+(?:one\s+)?(?:was\s+)?(?:an?\s+)?$"
                         # ... nor someone's: "a friend's cheap no-name card corrupted all her photos" (set SD)
                         r"|\b(?:[a-z]+'s|his|her|their)\s+$"
                         # ... nor cheap said to be no need: "doesnt need to be that cheap actually, 15 to 30 is fine" (set QV)
                         r"|\b(?:doesn'?t|doesnt|does\s+not|don'?t|dont|needn'?t)\s+(?:need|have)\s+to\s+be\s+(?:(?:that|so|super|too|very|the)\s+)?$")


def cheap_word(text: str) -> re.Match[str] | None:
    """The first word of ``text`` that asks for a cheap one, or None."""
    return next((m for m in _CHEAP.finditer(_SAME_AND_BUDGET.sub(lambda m: " " * len(m.group(0)), text))
                 if not _NOT_BEFORE.search(text, 0, m.start()) and not _NOT_AFTER.match(text, m.end())), None)
