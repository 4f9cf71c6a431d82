"""Internet slang around a request (set PK): "sub 50" is under $50, and "no cap" ("no lie") or "fr" ("for real") said
after a request take back no price cap. Read with the other spellings before anything else in a request
(``rag.understanding.spelling.SPELLING``); each pattern is wrapped in word bounds.
"""

SLANG = {
    # "cherry keyboard in black, sub 50 tbh", "sub-$100": under the amount (not "sub 10 inch" or "sub 2kg")
    r"sub[\s-]?(?=\$?\s*\d+(?:\.\d+)?k?(?![\d.])(?!\s*(?:inch|in\b|\"|”|″|kg|g\b|lbs?|mm|cm|ms|hz|w\b|watts?|gb|tb|mp)\b|\s*%))": "under ",
    # "under 50 tbh": no terabytes after the amount
    r"tbh|tbf|ngl|imho": "honestly",
    # "and philips only no cap": honestly, no price cap let go (not "no cap on the price", "there's no cap")
    r"(?<!there's\s)(?<!theres\s)(?<!there\sis\s)(?<!with\s)(?<!price\s)(?<!budget\s)(?<!spending\s)no\s+cap(?=\s*(?:$|[.,!?;]|"
    r"[\u2600-\u27bf\U0001f000-\U0001faff]|\s+(?:fr|tho|though|lol|ngl|tbh|bestie|bruh|bro|fam|deadass|for\s+real)\b))": "honestly",
}


__all__ = ["SLANG"]
