"""The money a shopper has for a thing, said as where it comes from: "I've got 50 from doing chores", "we've got 300 in the
pot", "150 is what I've put aside", "the club treasurer approved 50 for it", "a gift card for 25 and I'll chuck in a tenner,
so 35 for a Logitech mouse".

Shoppers who budget in their own terms (a gift card or voucher, savings, an allowance, a refund, money pooled or approved)
name the amount they have, not a bound. What they have is what they can spend: a cap. Where they work it out aloud, the
amount after "so" is the total ("Grandma gave me 400 ... my parents said they'd add 150 to that. so 550"); otherwise the
amount said with where it comes from. A bare number is read only beside such words, never one a unit follows ("8 gig") or
a count ("three of us").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# (an amount, not a count of things: "she has like 40 kinds", "about 200 of them saved", "6000 photos"; nor a size said again or a
# total denied: "so 480 won't cut it")
_AMT = (r"\$?\s*(\d{2,5}(?:\.\d\d)?)\s*\$?(?:\s*(?:dollars?|bucks|usd))?(?!\d|[.,]\d)"
        r"(?=\s*(?:$|[,.;:!?)]|(?:for|from|in\s+(?:the|my|our|his|her|a|an)|on|left|to|is|was|of\s+(?:my|our|the|his|her|it)|saved|now|this|that|"
        r"and|so|but|max|tops|total|altogether|voucher|gift|note|bill|credit|an?\s+(?:week|month|quarter|year|term)|each|put|i|we|already|"
        r"then|after|plus|more|extra|as)\b))(?!\s*(?:won'?t|wont|isn'?t|is\s+not|doesn'?t|not|is\s+too|'s\s+too)\b)")
#: Words that say money is what is being talked of: where it comes from or what holds it.
_MONEY = re.compile(r"\b(?:gift\s*cards?|vouchers?|allowance|allowing\s+(?:myself|ourselves)|pocket\s+money|saved|savings|sav(?:e|ing)\s+up|"
                    r"put(?:ting)?\s+(?:aside|away|by)|sent\s+(?:me\s+|us\s+)?(?:another|an\s+extra)|\d+\s+(?:a|per|each)\s+(?:month|week|quarter|year|term)|"
                    r"(?:have|has|got)\s+\$?\d+\s+(?:to\s+spend|for\s+(?:it|this|that|them))|(?:gave|sent|give|gives)\s+(?:me|us)\s+\$?\d+|set(?:ting)?\s+aside|pot|jar|kitty|whip-?round|collected|raised|approved|refund(?:ed)?|chores|envelope|pay\s*checks?|wages|"
                    r"budget|money|cash|threw\s+in|chipped\s+in|chuck(?:ed)?\s+in|pool(?:ed|ing)|splitting|birthday|tenner|fiver|"
                    r"treasurer|grant|bonus|(?:summer|part-?time|weekend|saturday)\s+job|earned|earnings|tips)\b", re.I)  # ("150 left from my summer job", SD)
#: A refusal to go past an amount, money however it is said: "for that I'm not going past 40"
_NOT_PAST = r"\b(?:not|n'?t|never)\s+(?:going|go|spending|spend|paying|pay)\s+(?:past|over|above|beyond|more\s+than)"
#: The total worked out: "so 35 for a Logitech mouse", "so I have 100 for a Thule backpack", "so 80 now"
_SO = re.compile(rf"(?:\bso|\bthat'?s|\bwhich\s+is|\bmakes?)\s+(?:that'?s\s+|it'?s\s+|(?:i|we)\s+(?:have|had)\s+|(?:i|we)'?ve\s+got\s+|(?:i|we)\s+can\s+(?:do|spend)\s+)?{_AMT}"
                 r"(?!\s*(?:at\s+(?:the\s+)?(?:very\s+)?least|min(?:imum)?\b|or\s+(?:more|above|up|over)|and\s+(?:up|over|above)|plus\b|\+))", re.I)
#: The amount said with where it comes from.
_FROM = re.compile(
    rf"\b(?:got|have|has|had|collected|raised|saved(?:\s+up)?|approved|allotted|budgeted|refunded\s+(?:me|us)|sent\s+(?:me\s+|us\s+)?|"
    rf"gave\s+(?:me|us)|gets|allowing\s+(?:myself|ourselves)|put(?:ting)?\s+(?:aside|away|by|in)|set\s+aside|threw\s+in|chipped\s+in)\s+(?:like\s+|about\s+|another\s+|an?\s+extra\s+)?{_AMT}"
    rf"|\b(?:allowance|budget|savings|pot|kitty|left(?:\s+of\s+(?:my|our|the)\s+(?:[a-z]+\s+){{0,2}}?[a-z]+)?(?:\s+(?:this|that)\s+(?:month|week|term|year))?)"
    rf"\s+(?:is|comes\s+to|stops\s+at|=|:)\s*{_AMT}"
    rf"|\b(?:comes?\s+to|came\s+to|stops?\s+at)\s+{_AMT}"
    rf"|{_AMT}\s+(?:from|of|out\s+of)\s+(?:my|our|the|his|her)\s+(?:[a-z]+\s+){{0,2}}?(?:money|savings|allowance|wages|pay|bonus|fund|budget|refund)\b"
    rf"|{_AMT}\s+is\s+(?:what|all)\s+(?:i|we)(?:'ve|\s+have|'m|\s+am|'re|\s+are)?\s+(?:got|put|putting|set|saved|spending|using|allowed|budgeted)\b"
    rf"|\ban?\s+{_AMT}\s+(?:gift\s*card|voucher|gift\s+voucher|note|bill)\b"
    rf"|{_NOT_PAST}\s+{_AMT}", re.I)


@dataclass(frozen=True, slots=True)
class Funds:
    """The amount the shopper has for the thing, and the words that said it."""

    amount: float
    words: str
    total: bool = False  # worked out aloud ("... I'll add 150 to that. so 550"): it wins over an amount said before it


def funds(text: str, said: str | None = None) -> Funds | None:
    """The money ``text`` says the shopper has for the thing (see the module), or None. ``said``: the whole message, when
    ``text`` is what is left of it once other amounts were read ("gave me 400 ..." read, "so 550" left)."""
    if not _MONEY.search(said or text) and not re.search(_NOT_PAST, text, re.I):
        return None
    totals = [m for m in _SO.finditer(text) if _amount(m) >= 10]
    found = totals or [m for m in _FROM.finditer(text) if _amount(m) >= 10]
    if not found:
        return None
    m = found[-1]
    return Funds(_amount(m), m.group(0).strip(), bool(totals))


def _amount(m: re.Match[str]) -> float:
    return float(next(g for g in m.groups() if g))
