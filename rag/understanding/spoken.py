"""Numbers said in words, read as digits before prices and sizes are read: "under fifty" -> "under 50", "a grand" ->
"1000", "two fifty" -> "250", "half a terabyte" -> "500gb", money's slang ("a c-note", "fiddy", "a buck twenty"), amounts
typed fast ("3 fifty", "1,2k"), and a size or an amount said relative to one value ("double the storage of my current
64GB phone" -> "128gb": :func:`relative_sizes`). Rules, read by ``rag.understanding.prices`` and the follow-up rules."""

from __future__ import annotations

import re
from collections.abc import Callable

# Money said in words ("under fifty", "a hundred bucks", "two grand"): read as digits first. Only tens,
# hundreds and grands: a lone "one" or "two" is a count ("one laptop"), not a price.
UNITS = {w: i for i, w in enumerate(["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"])}
TEENS = {w: 10 + i for i, w in enumerate(["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
                                             "eighteen", "nineteen"])}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SPELLED = re.compile(
    rf"\b(?:(a|{'|'.join(UNITS)}|{'|'.join(TEENS)}|(?<![\d.,$])[1-9])\s+)?(?:(hundred|grand|thousand)\b(?:(?:\s+and)?\s+({'|'.join([*_TENS, *TEENS])}|[1-9]\d(?![\d.]|\s*(?:gb|tb|inch|in\b|\"|%|k\b)))(?!\s+(?:point|hundred|thousand|grand)\b))?|"
    rf"({'|'.join(_TENS)}))\b")
# "less than fifteen bucks", "five dollars": a small amount said in words, its currency after it
_HUNDREDS_LEAD = "|".join(w for w in UNITS if w != "zero")
_SIZE_HUNDREDS = re.compile(rf"\b(a|{_HUNDREDS_LEAD})\s+(?:(hundred)(?:\s+and)?(?:\s+|(?=\s*(?:gb|gigs?|gigabytes?)\b)))?"
                            rf"(?:({'|'.join(_TENS)})(?:[\s-]({_HUNDREDS_LEAD}))?|({'|'.join(TEENS)}))?"
                            r"(?=\s*(?:gb|gigs?|gigabytes?|storage|ssd)\b)")
_STORAGE_NEXT = re.compile(r"\s*(?:storage|ssd)\b")
# "usb stick at least thirty 2 gig": a dictated number's tens said in words, its units in a digit (set PG)
_TENS_DIGIT = re.compile(rf"\b({'|'.join(_TENS)})\s+([1-9])(?=\s*(?:gigs?|gb|tb|inch\w*|in\b|\"|dollars?|bucks|[,.;!?]|$))")
_POINT = re.compile(rf"\b({'|'.join([*TEENS, *_TENS, *(w for w in UNITS if w != 'zero')])})\s+point\s+({'|'.join(UNITS)})\b")


def _size_hundreds(m: re.Match[str]) -> str:
    lead, hundred, tens, units, teens = m.groups()
    if (lead == "a" and not hundred) or not (hundred or tens or teens):
        return m.group(0)  # "a 64 gb", "one gig"
    rest = (_TENS[tens] if tens else 0) + (UNITS[units] if units else 0) + (TEENS[teens] if teens else 0)
    # "five twelve storage or more" (set PG): the size's unit unsaid
    return str((1 if lead == "a" else UNITS[lead]) * 100 + rest) + ("gb " if _STORAGE_NEXT.match(m.string, m.end()) else " ")


_TENS_UNITS = re.compile(rf"\b({'|'.join(_TENS)})[\s-]({'|'.join(w for w in UNITS if w != 'zero')})\b(?!\s+(?:hundred|thousand|grand))")  # "twenty-five"
# "under fifteen", "shouldn't cost more than fifteen", "go up another fifteen": a small amount after a limit's word, the
# message's or clause's last (set PA)
_SMALL_AFTER = re.compile(rf"\b(under|below|than|over|another|max|most)\s+({'|'.join(w for w in UNITS if w not in ('zero', 'one'))}|{'|'.join(TEENS)})"
                          r"(?=\s*(?:[,.;!?]|$))")
_SPELLED_SMALL = re.compile(rf"\b({'|'.join(w for w in UNITS if w != 'zero')}|{'|'.join(TEENS)})"
                            r"(?=\s+(?:bucks|dollars?|usd|max|maximum|tops|at\s+most|or\s+(?:less|under|below))\b)")  # "black, fifteen max"
# Number words joined by hyphens ("the three-to-six-hundred-dollar bracket") and a range of hundreds in words
_HYPHENED = re.compile(rf"\b({'|'.join([*UNITS, *TEENS, *_TENS, 'hundred', 'thousand', 'grand', 'to', 'and'])})-(?=[a-z])")
_WORD_HUNDREDS = re.compile(rf"\b({'|'.join(w for w in UNITS if w != 'zero')})\s+(and|to|-)\s+({'|'.join(w for w in UNITS if w != 'zero')})\s+hundred\b")
# Money's slang: "under a c-note", "a benjamin", "a hundo"
_HUNDRED_SLANG = r"c[- ]?note|benjamin|hundo|hundy"
_SLANG_HUNDRED = re.compile(rf"\b(?:a\s+|one\s+)?(?:{_HUNDRED_SLANG})\b")  # "psu under a c note"
# ... several of them ("3 bills", "two benjamins", "2 hundo", "five hundy"), "a couple hundred" (or grand)
_SLANG_HUNDREDS = re.compile(rf"\b(\d|{'|'.join(w for w in UNITS if w not in ('zero', 'one'))})\s+(?:bills|benjamins|hundos?|hundys?|hundies|c-?notes)\b")
# A bill for its amount: "no more than a twenty", "under a tenner"
_BILLS = {"tenner": "10", "fiver": "5"}
_A_BILL = re.compile(r"\b(than|over|under|below|most|to|max|past|exceed)\s+a\s+(?:(10|20|50|100)\b(?!\s*(?:-|\"|\$|%|inch|in\b|gb|tb|gig|dollar|buck|usd|k\b|mm|cm|w\b|watt|mp\b|mbps|year|min|hour|day|pack|piece))|(tenner|fiver)\b)")
# ... or said to do: "a twenty should cover it"
_A_BILL_DOES = re.compile(r"\ba\s+(10|20|50|100)\s+(?=(?:should|will|would|ought\s+to|oughta)\s+(?:cover|do)\b)")
# "under a ton": a hundred in British slang, said after a limit's word (not "a ton of photos")
_A_TON = re.compile(r"\b(under|below|than|over|max|most|to|within|past|exceed)\s+a\s+ton\b(?!\s+of\b)")
# "a hundred and a half", "half a c-note" (set PA)
_HUNDRED_AND_A_HALF = re.compile(r"\b(?:a|one)\s+hundred\s+and\s+a\s+half\b")
_HALF_A_HUNDRED = re.compile(rf"\bhalf\s+(?:of\s+)?(?:a\s+|one\s+)?(?:{_HUNDRED_SLANG}|hundred)\b")
_COUPLE = re.compile(r"\ba\s+couple(?:\s+of)?\s+(hundred|grand|thousand)\b")


# A number of a size follows: "two fifty inch tvs" are two TVs, no $250
_SIZE_NEXT = re.compile(r"\s*(?:-|\s)?(?:inch|in\b|\"|gb|tb|gigs?)")


def _extra(word: str | None) -> int:
    """The tens after a hundred or a thousand: "a hundred and ten", "a hundred and 25" (set PA)."""
    return 0 if word is None else int(word) if word.isdigit() else _TENS.get(word) or TEENS[word]


def _digits(m: re.Match[str]) -> str:
    # "thirty and eighty dollars" is two amounts: tens after "and" belong to a hundred or a thousand only
    lead, word, extra = m.group(1), m.group(2) or m.group(4), _extra(m.group(3))
    if word in _TENS and (lead in UNITS or (lead or "").isdigit()) and lead != "zero" and not _SIZE_NEXT.match(m.string, m.end()):
        # "two fifty max", "over one fifty", "under 3 fifty" (set OL): hundreds said as people say them
        return str(int(UNITS.get(lead, lead)) * 100 + _TENS[word])
    if (lead or "").isdigit():
        return m.group(0)  # "2 fifty inch tvs", "3 hundred" (read by the rules of digits)
    if word in _TENS:
        if lead == "a":
            return f"a {_TENS[word]}"  # "a twenty dollar bill"
        return str(_TENS[word]) if lead is None else m.group(0)  # "two fifty" is left as said
    if word in ("grand", "thousand") and lead is None:
        return m.group(0)  # "grand theft auto", "grand piano": a name, not a thousand
    if lead in TEENS and word != "hundred":
        return m.group(0)  # "fifteen thousand" is more than any product here: left as said
    count = 1 if lead in (None, "a") else UNITS[lead] if lead in UNITS else TEENS[lead]  # "fifteen hundred": 1500
    return str(count * (100 if word == "hundred" else 1000) + extra)


# A size said in words: "at least sixteen gigs of ram", "a thirty-two inch tv" (before the money words read "thirty")
_WORD_NUMBERS = {**UNITS, **TEENS, **_TENS}
_SPELLED_SIZE = re.compile(rf"\b((?:{'|'.join(_TENS)})(?:[\s-](?:{'|'.join(w for w in UNITS if w != 'zero')}))?|{'|'.join(TEENS)}|"
                           rf"{'|'.join(w for w in UNITS if w != 'zero')})[\s-]*(?=(?:gb|gigs?|gigabytes?|tb|terabytes?|inch(?:es)?)\b|\")")  # "nine-inch"
# The low end of a range of sizes said in words, its top read as digits already: "thirteen to 15inch", "eight or 16gb"
_WORD_LOW = re.compile(rf"\b({'|'.join([*(w for w in UNITS if w != 'zero'), *TEENS, *_TENS])})(\s*(?:to|-|–|or|and)\s*)"
                       r"(?=\d{1,4}(?:\.\d)?\s*(?:-?\s?inch|\"|gb|gigs?|tb|in\b))")
_DOUBLE = re.compile(r"\bdouble\s+(?:the\s+)?(\d{1,3})\s*(gb|gigs?|tb)\b")
_DOUBLE_THAT = re.compile(r"(\b(\d{1,4})\s*(gb|gigs?|tb)\b[^\d$]{0,80}?)\b(?:double|twice)\s+(?:that|it|this|as\s+much|the\s+(?:space|storage|ram|memory))\b")
_FULL_UNIT = re.compile(r"(\d) ?(g|t)(?:iga|era)bytes?\b")  # "sixteen gigabytes", read as digits, is "16gb" (no Gigabyte)


# A size said relative to the shopper's own, to one value (set OQ): "at least double the storage of my current 64GB phone",
# "twice what my current 1TB disk does", "3 inches bigger than the 24\" one I use now", "half of the $100 my last pair cost"
_DOUBLE_OF = re.compile(r"\b(?:double|twice)\s+(?:the\s+(?:storage|capacity|space|ram|memory)\s+(?:of|in|on)|what)\s+(?:my|our|the|his|her|their)\s+"
                        r"(?:[\w-]+\s+){0,3}?(\d{1,4})\s*(gb|gigs?|tb)\b(?:\s+(?:[a-z]+\s+)?(?:does|holds|has|had|did|takes)\b)?")
_BIGGER_BY = re.compile(r"\b(\d{1,2})\s*(?:inch(?:es)?|in|\")\s+(?:bigger|larger)\s+than\s+(?:the|my|our|his|her)\s+(?:current\s+|old\s+)?"
                        r"(\d{2}(?:\.\d)?)\s*(?:\"|-?\s?inch(?:es)?|in\b)(?:\s+one)?")
# ... "no less RAM than my laptop has, which is 8GB", "at least as much RAM as my 8GB one": at least that
_NO_LESS = re.compile(r"\b(?:no\s+less|not\s+less|no\s+fewer)\s+(ram|memory|storage|space)\s+than\s+(?:my|our|the|his|her|their)\s+(?:[a-z]+\s+){1,3}?"
                      r"(?:has|had|does|did|came\s+with)\s*,?\s*(?:which\s+is\s+|at\s+|:\s*|-\s*)?(\d{1,4})\s*(gb|gigs?|tb)\b"
                      r"|\b(?:at\s+least\s+)?as\s+much\s+(ram|memory|storage|space)\s+as\s+(?:my|our|the|his|her|their)\s+(?:old\s+|current\s+)?(\d{1,4})\s*(gb|gigs?|tb)\b"
                      r"(?:\s+(?:one|[a-z]+))?")
# ... "the same size as the 32 inch one in our bedroom": that size
_SAME_SIZE = re.compile(r"\b(?:the\s+)?same\s+(?:screen\s+)?size\s+as\s+(?:the|my|our|his|her|their)\s+(?:old\s+|current\s+)?(\d{1,2}(?:\.\d)?)\s*"
                        r"(?:-?\s?inch(?:es)?|\"|in\b)(?:\s+one\b|(?=\s*(?:[,.;!?]|$)))")  # (not "as my 15.6 inch laptop": its own)
# ... "Our current one is 42 inches and we want at least 50 this time": a bare floor after a size said is a size
_SIZE_THEN_BARE = re.compile(r"(\b(\d{2}(?:\.\d)?)\s*(?:-?\s?inch(?:es)?|\")[^$\d]{1,60}?\b(?:at\s+least|minimum|min|or\s+bigger)\s+)(\d{2})\b(?!\s*(?:\$|dollars?|bucks|usd|k\b|%|inch|in\b|\"|gb|tb|\.\d|,\d))")
# ... "Nothing below 32 inches, but nothing above 43 either": a bare cap after a floor said of a size is a size (set OW)
_FLOOR_THEN_CAP = re.compile(r"(\b(?:at\s+least|nothing\s+(?:below|under|smaller\s+than)|no\s+(?:smaller|less)\s+than|not\s+(?:below|under))\s+"
                             r"(\d{2}(?:\.\d)?)\s*(?:-?\s?inch(?:es)?|\")[^$\d]{1,40}?\b(?:above|over|bigger\s+than|larger\s+than|past|beyond|up\s+to)\s+)"
                             r"(\d{2})\b(?!\s*(?:\$|dollars?|bucks|usd|k\b|%|inch|in\b|\"|gb|tb|\.\d|,\d))")
#: The shares of an amount shoppers say ("half of the $100"; ``rag.conversation.budget`` reads them of the budget held too)
SHARES = {"half": 0.5, "a third": 1 / 3, "a quarter": 0.25}
_SHARE_OF = re.compile(r"\b(half|a\s+third|a\s+quarter)\s+(?:of\s+)?(?:the\s+)?\$\s?(\d{2,5})\b")


def _in_inches(near: Callable[[float], bool]) -> Callable[[re.Match[str]], str]:
    """The substitution that says a bare number (group 3) in inches after a size said (group 2), when ``near`` holds of
    their ratio ("42 inches and we want at least 50": 50 inches; no "at least 10" after 42 inches)."""
    return lambda m: f"{m.group(1)}{m.group(3)} inches" if near(int(m.group(3)) / float(m.group(2))) else m.group(0)


def relative_sizes(text: str) -> str:
    """``text`` with a size or an amount said relative to one the shopper names read as that one value: "double the storage
    of my current 64GB phone" -> "128gb", "3 inches bigger than the 24\" one" -> "27 inch", "half of the $100" -> "$50"."""
    text = _DOUBLE_OF.sub(lambda m: f"{2 * int(m.group(1))}{m.group(2)}", text)
    text = _BIGGER_BY.sub(lambda m: f"{int(m.group(1)) + float(m.group(2)):g} inch", text)
    text = _NO_LESS.sub(lambda m: f"at least {m.group(2) or m.group(5)}{m.group(3) or m.group(6)} {m.group(1) or m.group(4)}", text)
    text = _SAME_SIZE.sub(lambda m: f"{m.group(1)} inch", text)
    text = _SIZE_THEN_BARE.sub(_in_inches(lambda ratio: 0.5 <= ratio <= 2), text)
    text = _FLOOR_THEN_CAP.sub(_in_inches(lambda ratio: 1 < ratio <= 2), text)
    return _SHARE_OF.sub(lambda m: f"${SHARES[' '.join(m.group(1).split())] * int(m.group(2)):g}", text)


def _size_digits(m: re.Match[str]) -> str:
    return str(sum(_WORD_NUMBERS[w] for w in re.split(r"[\s-]", m.group(1))))


# "under 4 hundred", "between 2 and 6 hundred", "a buck fifty", "keep it under a buck twenty"
_DIGIT_HUNDREDS = re.compile(rf"\b(\d)\s+(and|to|-)\s+(\d)\s+hundred\b|\b(\d{{1,2}})\s+hundred\b|\ba\s+buck\s+({'|'.join(_TENS)})\b")


def _hundreds(m: re.Match[str]) -> str:
    if m.group(1):
        return f"{int(m.group(1)) * 100} {m.group(2)} {int(m.group(3)) * 100}"
    return str(int(m.group(4)) * 100) if m.group(4) else str(100 + _TENS[m.group(5)])


_SLANG_FIFTY = re.compile(r"\b(?:fiddy|fitty|fiddie)\b")
_FOURTY = re.compile(r"\bfourty\b")  # "nothing over fourty dolars pls"
_DOUBLE_DIGITS = re.compile(r"\b(?:stay|stays|keep\s+it|be|is)\s+in\s+(?:the\s+)?double[\s-]digits\b")
_K_RANGE = re.compile(r"(?<![\w.$])(\d(?:\.\d)?)\s*-\s*(\d{1,2}(?:\.\d)?)\s*k\b")
# "price range 300 to 1k", "300-1.5k": hundreds up to thousands, the top said in k (set OL)
_TO_K = re.compile(r"(?<![\w.$])([1-9]\d{2})(\s*(?:-|–|to)\s*)(\d(?:\.\d)?)\s*k\b")
# "under 1,2k": a decimal comma before a k is a tenth of a thousand, not a separator (set OL)
_COMMA_K = re.compile(r"(?<![\d.,])(\d),(\d)\s*k\b")
# "keep it to double digits": under a hundred (set OK)
_DOUBLE_DIGITS = re.compile(r"\b(?:to|in|under|within|at)\s+double\s+digits\b")
# "a grand and a half tops"
_GRAND_AND_A_HALF = re.compile(r"\b(a|one|two|three|four|five|[1-9])\s+(?:grand|thousand)\s+and\s+a\s+half\b"
                               r"|\b(one|two|three|four|five|[1-9])\s+and\s+a\s+half\s+(?:grand|thousand|k)\b")  # (sets OK, PA: "two and a half grand")


def _and_a_half(m: re.Match[str]) -> str:
    """The thousands and a half said: "a grand and a half" -> "1500", "two and a half grand" -> "2500"."""
    count = m.group(1) or m.group(2)
    return f"{(1 if count in ('a', 'one') else int(count) if count.isdigit() else UNITS[count]) * 1000 + 500}"


_HALF_A_GRAND = re.compile(r"\bhalf\s+a\s+(?:grand|thousand|k)\b")
# "below 2.5 grand", "3 grand max": a number of thousands
_GRANDS = re.compile(r"\b(\d+(?:\.\d+)?)\s*(?:grand|thousand)\b")
# Storage said in words: "a terabyte", "half a terabyte", "two tb" (a count of terabytes, never money)
_SPELLED_TB = re.compile(r"\b(half(?:\s+a)?|a|an|one|two|three|four|five|six|eight|ten)\s+(?:full\s+|whole\s+)?(?:terabytes?|teras?|tb)\b")  # "a full terabyte"
_TB_COUNTS = {"half a": 0.5, "half": 0.5, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "eight": 8, "ten": 10}


# A bare floor right after a kind sold by its screen's size: "samsung tv 40+", "projection screen 100+" (set OV)
_KIND_PLUS = re.compile(r"\b(tvs?|monitors?|screens?|displays?|tellys?)\s+(\d{2,3})\s*\+(?!\s*(?:inch|in\b|\"|gb|tb|\$|dollars?|bucks))")
# A screen said as a panel with its size: "a 22\" panel to hang off it" (set OX)
_PANEL = re.compile(r"\b(\d{2}(?:\.\d)?)\s*(?:\"|”|-?\s?inch(?:es)?|in\b)\s+panels?\b")
# A size said as a thing: "a 27er", "a 55-incher" (set OX)
_INCHER = re.compile(r"\b(\d{2}(?:\.\d)?)(?:-?\s?inchers?|ers?)\b")
# "ups between 1 and 2k": thousands at both ends (set OV)
_K_BETWEEN = re.compile(r"(\bbetween\s+)(\d(?:\.\d)?)\s+and\s+(\d{1,2}(?:\.\d)?)\s*k\b")
_EVEN = re.compile(r"\ban?\s+(?:even|round|flat|cool|clean|straight)\s+(hundred|thousand|grand)\b")


# A hundreds word before tens said as digits, as money: "one twenty-five is my limit" (its tens read "25" first, set QS)
_HUNDREDS_THEN_TENS = re.compile(r"\b(one|two|three|four|five|six|seven|eight|nine)\s+([1-9]\d)\b"
                                 r"(?=\s*(?:is\s+(?:my|the|our)\b|max\b|tops\b|dollars\b|bucks\b|at\s+most\b|or\s+less\b|limit\b|budget\b))")  # (not "two 24s")


def spelled_numbers(text: str) -> str:
    """``text`` with money said in words as digits: "under fifty" -> "under 50", "a grand" -> "1000", "2.5 grand" ->
    "2500", "two fifty" -> "250", "4 hundred" -> "400", "half a grand" -> "500"; and sizes said in words as digits:
    "half a terabyte" -> "500gb", "sixteen gigs" -> "16gigs", "double the 8 gigs" -> "16gigs", "64 gigabytes" -> "64gb"."""
    text = _FOURTY.sub("forty", _SLANG_FIFTY.sub("fifty", text))  # "black headset under fiddy"
    text = _HALF_A_HUNDRED.sub("50 dollars", _HUNDRED_AND_A_HALF.sub("150", text))  # "half a c-note max" (set PA)
    text = _DOUBLE_DIGITS.sub("under 100", text)  # "needs to stay in double digits price-wise"
    text = _EVEN.sub(r"a \1", text)  # "can we bring the max down to an even thousand?" (set ON)
    text = _KIND_PLUS.sub(r"\1 \2+ inch", text)  # "samsung tv 40+", "projection screen 100+": a size (set OV)
    text = _INCHER.sub(r"\1 inch", text)  # "hunting a 27er for the desk", "a 4K 55-incher" (set OX)
    text = _PANEL.sub(lambda m: f"{m.group(1)} inch {'monitor' if float(m.group(1)) < 40 else 'tv'}", text)  # "a 22\" panel" (set OX)
    text = _K_BETWEEN.sub(lambda m: f"{m.group(1)}{float(m.group(2)) * 1000:g} and {float(m.group(3)) * 1000:g}", text)  # "between 1 and 2k"
    text = _COMMA_K.sub(r"\1.\2k", text)  # "under 1,2k pls"
    text = _K_RANGE.sub(lambda m: f"{float(m.group(1)) * 1000:g}-{float(m.group(2)) * 1000:g}", text)  # "lenovo lappy, 1-1.5k"
    text = _TO_K.sub(lambda m: f"{m.group(1)}{m.group(2)}{float(m.group(3)) * 1000:g}", text)  # "price range 300 to 1k"
    text = _TENS_DIGIT.sub(lambda m: str(_TENS[m.group(1)] + int(m.group(2))), text)
    text = _SIZE_HUNDREDS.sub(_size_hundreds, text)  # "a hundred twenty eight gigs", "four eighty gigs", "five twelve gb"
    text = _POINT.sub(lambda m: f"{_WORD_NUMBERS[m.group(1)]}.{UNITS[m.group(2)]}", text)  # "fifteen point six inch"
    text = _INCHER.sub(r"\1 inch", _TENS_UNITS.sub(lambda m: str(_TENS[m.group(1)] + UNITS[m.group(2)]), text))  # "a twenty-four incher"
    text = _HUNDREDS_THEN_TENS.sub(lambda m: str(100 * UNITS[m.group(1)] + int(m.group(2))), text)  # "one twenty-five is my limit" (QS)
    for _ in range(4):  # "three-to-six-hundred-dollar": one hyphen after another
        text = _HYPHENED.sub(r"\1 ", text)
    text = _WORD_HUNDREDS.sub(lambda m: f"{UNITS[m.group(1)]} {m.group(2)} {UNITS[m.group(3)]} hundred", text)
    text = _FULL_UNIT.sub(r"\1\2b", _SPELLED_SIZE.sub(_size_digits, text))
    text = _WORD_LOW.sub(lambda m: f"{_WORD_NUMBERS[m.group(1)]}{m.group(2)}", text)  # "thirteen to 15inch" (set PA)
    text = _DOUBLE.sub(lambda m: f"{2 * int(m.group(1))}{m.group(2)}", text)  # "at least double the 8 gigs of ram": 16
    text = relative_sizes(text)
    # "my old one only has 64 GB ... so I'd need at least double that": 128gb
    text = _DOUBLE_THAT.sub(lambda m: f"{m.group(1)}{2 * int(m.group(2))}{m.group(3)}", text)
    text = _HALF_A_GRAND.sub("500", _GRAND_AND_A_HALF.sub(_and_a_half, _DIGIT_HUNDREDS.sub(_hundreds, _DOUBLE_DIGITS.sub("under 100", text))))
    text = _COUPLE.sub(lambda m: "200" if m.group(1) == "hundred" else "2000", text)
    text = _A_TON.sub(r"\1 100 dollars", text)
    text = _SLANG_HUNDREDS.sub(lambda m: f"{100 * (int(g) if (g := m.group(1)).isdigit() else UNITS[g])} dollars", text)
    text = _SLANG_HUNDRED.sub("100 dollars", text)
    text = _GRANDS.sub(lambda m: f"{float(m.group(1)) * 1000:g}", _SPELLED.sub(_digits, text))
    text = _SPELLED_SMALL.sub(lambda m: str(_WORD_NUMBERS[m.group(1)]), text)
    text = _SMALL_AFTER.sub(lambda m: f"{m.group(1)} {_WORD_NUMBERS[m.group(2)]}", text)
    text = _A_BILL.sub(lambda m: f"{m.group(1)} {m.group(2) or _BILLS[m.group(3)]} dollars", text)
    text = _A_BILL_DOES.sub(lambda m: f"{m.group(1)} dollars ", text)
    text = _SPELLED_TB.sub(lambda m: (lambda tb: f"{tb:g}tb" if tb >= 1 else f"{tb * 1000:g}gb")(
        _TB_COUNTS[" ".join(m.group(1).split())]), text)
    return _BARE_TB.sub("1tb", text)


# A terabyte said with no count is one: "terabyte or more ssd", "a tera or more", "at least a tera"
_BARE_TB = re.compile(r"(?<![\w.])(?:a\s+)?(?:terabytes?|teras?)\b(?=\s+(?:or\s+(?:more|bigger|larger|above)|plus|\+|min\w*|at\s+least)"
                      r"|\s*(?:ssd|hdd|drive|of\s+(?:storage|space))\b)|(?<=\bleast\s)(?:a\s+)?(?:terabyte|tera)\b")
