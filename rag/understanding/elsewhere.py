"""What the shopper saw elsewhere is not what they ask for here.

"Costco has the asus zenbook 14 for $899", "The Sony WH-1000XM5 is $399 at Best Buy", "A buddy grabbed a Dell S2721Q
at Micro Center", "Saw a curved 34\" Samsung in a Best Buy flyer": another shop's, an ad's or someone else's thing,
told to set the scene. Its brand, price, sizes and model name are not constraints here, and a model the catalog does not
carry is no reason to answer with "the closest" (set ON), unless the shopper asks for it again ("I want an ASUS laptop
too", "less than that"). :func:`tells_of_elsewhere` says whether a clause tells of such a thing and asks for nothing, and
:func:`seen_clauses` which of a message's clauses do, with the clauses around them that go on about the thing;
``rag.understanding.owned`` sets such clauses aside as it does the shopper's own thing (``of_mine``, ``without_seen``,
``seen_elsewhere``), ``rag.understanding.prices`` reads no price from them but the one pointed back at (:data:`THAT_PRICE`),
and ``rag.understanding.constraints`` reads the type and searches the words of what is asked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Shops and sites, by name or by kind ("the camera shop downtown", "Lenovo's own site", "the IT catalog")
_SHOPS = (r"costco|best\s*buy|walmart|wal-mart|amazon|newegg|micro\s*center|target|staples|gamestop|game\s*stop|b\s*&\s*h|"
          r"rei|verizon|at&t|t-mobile|sprint|comcast|the\s+apple\s+store|apple\s+store|cdw|office\s*depot|office\s*max|kohl'?s|"
          r"ebay|home\s*depot|lowe'?s|sam'?s\s+club|bj'?s|fry'?s|argos|currys|john\s+lewis|aliexpress|temu|craigslist|"
          # (not the shopper's own: "an epson receipt printer for the register at my shop", set PT)
          r"(?:a|the)\s+yard\s+sale|(?:the\s+)?(?:(?!(?:my|our|his|her|their)\b)[\w-]+\s+)?(?:shop|store|outlet|mall)"
          r"(?:\s+(?:downtown|nearby|next\s+door|down\s+the\s+road))?")
# A shop, an ad or a site where the thing was seen
_SEEN_AT = re.compile(
    rf"\b(?:at|on|from|off|through|via|in)\s+(?:the\s+|a\s+|an\s+)?(?:{_SHOPS})\b"
    rf"|^\s*(?:the\s+)?(?:{_SHOPS})(?:'s)?\s+(?:(?:just|also|still|now|currently)\s+)?"
    r"(?:has|had|have|wants|wanted|sells|sold|is\s+selling|was\s+selling|lists|listed|quoted|keeps|charges|is\s+pushing|"
    r"website|site|page|ad)\b"
    r"|\b[a-z][\w-]*\.com\b"
    r"|\b[a-z]+'s\s+(?:own\s+)?(?:website|web\s+site|site|online\s+store)\b"
    r"|\b(?:an?\s+|the\s+)?(?:ad|ads|advert|advertisement|flyer|flier|commercial|catalog|catalogue|listing)\b"
    r"|\b(?:quoted|quotes)\s+(?:me|us|them)\b",
    re.I,
)
# Someone else's thing: a friend's, a colleague's, "everyone at work uses", "the school next door bought" (not the shopper's
# office's: "every screen at my office is a dell and I've never seen one die" is their choice)
_PEOPLE = (r"friend|buddy|pal|mate|coworker|co-worker|colleague|classmate|roommate|flatmate|neighbou?r|teammate|"
           r"brother-in-law|sister-in-law|(?:a|some|this)\s+guy|everyone\s+at\s+(?:work|the\s+office)|"
           r"(?:the|a)\s+school\s+next\s+door|it\s+department|it\s+guy|the\s+it\s+team")
_SOMEONE_ELSES = re.compile(
    rf"\b(?:{_PEOPLE})(?:'s)?\s+(?:(?:[\w'-]+\s+){{0,4}}?)"
    r"(?:has|had|got|grabbed|bought|picked\s+up|uses|used|owns|swears|paid|built|found|showed|gave|lent|blew|looks|is|was)\b"
    r"|\b(?:on|at)\s+(?:a|my|our)\s+(?:" + _PEOPLE + r")'s\s+(?:desk|setup|computer)\b"
    r"|^\s*(?:i\s+)?saw\s+(?:a|an|the|some)\b",
    re.I,
)
# A clause that asks here, whatever it tells: "I want a Philips too", "do you have ...", "under $50"
_ASKS_HERE = re.compile(
    r"\b(?:i|we)\s*(?:'d|would|'m|am|are|'re)?\s*(?:really\s+|just\s+|also\s+|still\s+)?"
    r"(?:want|need|like|love\s+to|after|looking|prefer|rather|go|get|getting|buy|pay|spend|stretch|can)\b"
    r"|\b(?:do|have|got|can)\s+(?:you|u|ya)\b|\bany(?:thing|one)?\b|\bshow\s+me\b|\bplease\b|\bpls\b|\?"
    r"|\b(?:under|below|max|maximum|budget|at\s+least|or\s+(?:more|bigger|less|under)|up\s+to|no\s+more|tops|too|as\s+well)\b"
    # ... or must ("has to be cheaper than the $150 one I found on amazon"), or passes on what someone recommends or wants ("my
    # neighbour swears by netgear", "she wants an ASUS like her friend has")
    r"|\b(?:has|have|needs?|got)\s+to\b|\bmust\b|\bshould\b|\b(?:cheaper|less|more)\s+than\b"
    r"|\b(?:swears?|recommend\w*|suggest\w*|insists?|trusts?|vouch\w*)\b"
    # ... or equips the shopper's own counter: "Epson printer for the till at the shop" (set SP)
    r"|\bfor\s+(?:the|our|my)\s+(?:till|tills|register|registers|counter|checkout|front\s+desk|reception)\b"
    # ... or names as what someone has ("Logitech is what my neighbour uses", "27 inches is what my friend has", set PZ)
    r"|^\s*[\w.\"' -]+?\s+(?:is|are)\s+what\s+(?:my|our|his|her|their)\s+[\w'-]+\s+(?:uses|has|have|got|recommends|likes|trusts)\b"
    r"|\b(?:says|said|told\s+(?:me|us))\s+(?!(?:it|that|they|he|she)\s+(?:was|were|is|'s|cost|costs|paid|got)\b)"  # (not "says it was $99 at Staples")
    r"|\b(?:she|he|they|we|i)\s+(?:\w+\s+)?(?:wants?|needs?|likes?|prefers?|loves?)\b",
    re.I,
)


def tells_of_elsewhere(clause: str) -> bool:
    """Whether ``clause`` tells of a thing another shop, an ad or someone else has, and asks for nothing here."""
    return (_SEEN_AT.search(clause) is not None or _SOMEONE_ELSES.search(clause) is not None) and _ASKS_HERE.search(clause) is None


# A clause that goes on about the thing seen: "costco has the asus zenbook 14 for $899 but it only has 8 gigs of ram"
_GOES_ON = re.compile(r"^\s*(?:but\s+|and\s+|though\s+|although\s+)?(?:it|that(?:\s+one)?|they|which|this(?:\s+one)?|he|she)\s+"
                      r"(?:only\s+|just\s+|also\s+|still\s+|really\s+)?(?:has|had|have|is|was|are|were|'s|comes?|came|costs?|looks?|"
                      r"lacks?|got|gets|runs?|sounds?|feels?)\b", re.I)


_WHERE_SEEN = re.compile(r"^\s*(?:which|that)\s+(?:is|was|are|were|'s|costs?|goes|went|sells?|sold|retails?)\b", re.I)


def seen_clauses(clauses: Sequence[str]) -> list[bool]:
    """For each of a message's ``clauses``, whether it tells of a thing seen elsewhere (:func:`tells_of_elsewhere`), goes
    on about the one the clause before told of ("... but it only has 8 gigs of ram") or names the one the clause after
    tells where it was seen ("..., which is $120 at Walmart"), asking for nothing here."""
    seen: list[bool] = []
    for clause in clauses:
        goes_on = bool(seen) and seen[-1] and _GOES_ON.match(clause) is not None and _ASKS_HERE.search(clause) is None
        seen.append(goes_on or tells_of_elsewhere(clause))
    # ... or the clause a "which is $120 at Walmart" tells where it was seen: "My son's teacher asked for a TI-84, which is
    # $120 at Walmart" (set ON)
    return [s or (i + 1 < len(clauses) and seen[i + 1] and _WHERE_SEEN.match(clauses[i + 1]) is not None
                  and _ASKS_HERE.search(clause) is None) for i, (clause, s) in enumerate(zip(clauses, seen, strict=True))]


# The shopper points back at the price seen: "for less than that", "still cheaper than that Amazon price", "can you beat it"
THAT_PRICE = re.compile(r"\b(?:less|cheaper|lower|under|below)\s+(?:than\s+)?(?:that|this|theirs|it)\b(?!\s+(?:one|brand|model|size))"
                        r"|\b(?:cheaper|less|lower)\s+than\s+(?:that|the|their|his|her|what)\s+(?:[\w&'-]+\s+){0,2}?(?:price|quote|paid|charge)"
                        r"|\b(?:beat|undercut)\s+(?:that|this|it|their|the)\b(?:\s+price)?", re.I)  # (not "match": "black to match the desk")
