"""How shoppers who learned English as a second language name things and limits (set PJ): the noun before its adjective
("a computer portable", "mobile smart"), a word of their own language ("of the marca HP", "aspirator"), a preposition
carried over ("below of 150", "put the limit on 800", "same brand like the phone"). Read with the other spellings
before anything else in a request (``rag.understanding.spelling.SPELLING``); each pattern is wrapped in word bounds.
"""

LEARNER = {
    # the noun first, as in French, Spanish or Italian: "I search a computer portable", "telephone smart", "player for dvd"
    r"(?:computers?|pcs?|ordinateurs?)\s+portables?": "laptop",
    r"(?:mobiles?|telephones?|cell(?:ular)?s?|phones?)\s+smart": "smartphone",
    r"smart\s+(?:telephones?|mobiles?|cellphones?|cell\s+phones?|cellulars?)": "smartphone",
    r"players?\s+(?:for|of)\s+(?:the\s+)?(dvds?|blu-?rays?|cds?|mp3)": r"\1 player",
    # "also" after the verb: "now i need also one bag for carry it", "my wife she want also a scanner"
    r"(need|needs|want|wants|search|searching|buy|take)\s+also(?=\s+(?:one|a|an|the|some|[a-z]+s)\b)": r"also \1",
    # "one" for "a", "for" before a verb for "to": "i need also one bag for carry it", "cover for protect it" (not "I want one
    # box on my desk that I plug the laptop into", set PI)
    r"(also\s+(?:need|want|search|buy)|also)\s+one\s+(?!(?:more|of|that|which|with|for|in|too|as|or|and|to|is|like)\b)(?=[a-z]{3,})": r"\1 a ",
    r"for\s+(carry|hold|protect|clean|connect|charge|keep|store|watch|play|print|scan|listen|take|make|cover)(?=\s)": r"to \1",
    # who it is for first: "for my girl also headphones, they must be white" (also headphones for my girl)
    r"(for\s+(?:my|his|her|our|the)\s+[a-z]+)\s+also\s+([a-z]+(?:\s+[a-z]+)?)(?=\s*[,.;!?]|$)": r"also \2 \1",
    # a word of the shopper's language: "of the marca HP" (Spanish, Italian), "aspirator" (a vacuum cleaner in Romanian,
    # Portuguese, Spanish), "an objective for this camera" (a lens in French, German, Russian)
    r"marcas?|marque": "brand",
    r"aspirat(?:or|ors|eur|ore|ador)": "vacuum cleaner",
    r"objectives?(?=\s+(?:for|of|to)\s+(?:the\s+|this\s+|my\s+|a\s+|that\s+)?(?:photo\s+)?cameras?\b)": "lens",
    r"(?:camera|photo)\s+objectives?": "camera lens",
    # ... or alone, as a thing to buy: "I need also an objective for it", "Do you have Sony objectives?" (set PR; not "my
    # objective is", "the main objective")
    r"(?<!my\s)(?<!our\s)(?<!the\s)(?<!main\s)(?<!primary\s)objective(?!\s+(?:is|was|here|of)\b)": "lens",
    r"(?<!my\s)(?<!our\s)(?<!the\s)(?<!main\s)(?<!primary\s)objectives(?!\s+(?:are|were|here|of)\b)": "lenses",
    # a thing said by what it does, in the words of a dictionary: "support for hang monitor", "an arm for hold the monitor",
    # "multiple socket with surge protect"
    r"(?:support|holder|stand)s?\s+(?:for|to)\s+hang(?:ing)?\s+(?:the\s+|my\s+|a\s+)?(monitor|screen|tv)s?": r"\1 mount",
    r"arms?\s+(?:for|to)\s+hold(?:ing)?\s+(?:the\s+|my\s+|a\s+)?(monitor|screen|tv)s?": r"\1 arm",
    r"(?:multiple|multi)[\s-]?(?:sockets?|plugs?|outlets?|prises?)": "power strip",
    r"surge\s+protect(?=\s|$|[,.!?])": "surge protection",
    # a bound with a preposition of the shopper's language: "below of 150", "maximum of 500", "put the limit on 800"
    r"(below|under|above|over|less\s+than|more\s+than|cheaper\s+than)\s+of(?=\s*\$?\s*\d)": r"\1",
    r"(?:put|set|make|fix)\s+(?:the\s+|my\s+)?(limit|max(?:imum)?|budget|cap|ceiling)\s+(?:on|in|to|at)(?=\s*\$?\s*\d)": r"\1 at",
    r"dolars?|dol+ares|dol+ers?|dólares": "dollars",  # (not "dollar sign", a dictated "$")
    # the maker said another way: "same brand like the phone", "network switch, same company"
    r"same\s+(?:brand|company|manufacturer|maker|make|marca|mark)\s+(?:like|than)": "same brand as",
    r"same\s+(?:company|manufacturer|maker|make|mark)": "same brand",
}


__all__ = ["LEARNER"]
