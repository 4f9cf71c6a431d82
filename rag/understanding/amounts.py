"""The words of an amount of money, shared by the price rules (``rag.understanding.prices``) and the words of a floor
(``rag.understanding.floors``): the currency, the number ("1,200", "1.5k", "30ish"), and what one of an order is."""

from __future__ import annotations

import re

CUR = r"(?:\$|us\$|usd|€|euros?|eur|£|gbp|pounds?(?!\s*(?:weight|lb))|dollars?|bucks|bones)"
#: What a cap is called when it is moved: "raise the limit to 500", "bring the ceiling down to 400"
CAP_NOUN = r"(?:limit|budget|cap|max|ceiling|top(?:\s+end)?|upper\s+(?:limit|end)|price\s+limit)"  # ("bring the top down to 200", set PU)
NUM = r"(\d{1,3}(?:,\d{3})+|\d{1,3}(?:\.\d{3})+(?![\d.,])|\d+(?:\.\d+)?)\s*(k(?![a-z]))?(?:-?ish\b)?"  # "30ish max"; "1.500 dollar": 1,500 ("under 200 kingston": no k)
UNIT_AFTER = rf"(?:\s*{CUR})?"
# What one of an order is ("$350 a handset", "20 bucks a pair tops", "under $1000 each"): the price is of one of them
ONE_OF = (r"(?:unit|seat|head|person|user|pair|piece|drive|handset|laptop|notebook|phone|device|machine|desk|screen|monitor|pc|"
          r"computer|licen[cs]e|set|card|agent|kid|child|student|pupil|employee|box|kit|stick|player|tablet|camera|pop|cartridge|pack|refill|roll)")
# The price of one after an amount: "$350 a handset", "$50 per card", "80 each" (any "per" word: "40 bucks per agent"),
# "$40/ea", "$300/watch", "$300 ea."
PER_SHORT = r"\s*/\s*[a-z]+\b|\s+ea\b\.?"
PER = rf"(?:\s*\b(?:(?:a|an)\s+{ONE_OF}|per\s+[a-z]+|each|apiece)\b|{PER_SHORT})?"


def amount_value(digits: str, thousands: str | None = None) -> float:
    """The value of ``NUM``'s two groups: "1,200" and "1.200" are 1200 (a price has no third decimal: "1.500 dollar" is said
    with a dot for thousands), "1.5" with "k" is 1500."""
    value = float(digits.replace(",", "").replace(".", "") if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", digits) else digits.replace(",", ""))
    return value * 1000 if thousands else value
