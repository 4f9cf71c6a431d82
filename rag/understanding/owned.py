"""The shopper's own device in trouble is not what they ask for.

"my desktop just shuts off when the power flickers", "built in cam on my laptop broke", "phone full
of pics of the kids": the type word names what the shopper already has, and the trouble it is in
is the need (a UPS, a webcam, somewhere to back up). :func:`without_owned` blanks such a type word
from the text the product type is read from, so the need decides (``rag.understanding.needs``, or
the kinds nearest the sentence, ``rag.understanding.kinds``). A device named with "for" ("a case for
my phone") is served, not owned in trouble, and "my laptop died, need a new one" wants the same kind again:
both stay. "upgrade my pc w an ssd" asks for the part, not the device it upgrades.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Protocol, TypeVar

from rag.catalog.categories import is_accessory, type_spans
from rag.understanding.elsewhere import seen_clauses

# Right before the type word: the shopper's own ("my laptop", "our old printer"), or the clause's start.
_OWNED_BEFORE = re.compile(r"(?:\b(?:my|our|his|her|their)\s+(?:old\s+|current\s+|work\s+|home\s+)?|(?:^|[,.;!?]\s*))$")
# In the same clause after it: trouble.
_TROUBLE = re.compile(
    r"\b(?:broke|broken|died|dies|dying|dead|shuts?\s+(?:off|down)|turns?\s+off|crash\w*|freez\w*|full|slow|"
    r"keeps|won'?t|doesn'?t|does\s+not|can'?t|cannot|stopped|isn'?t|only\s+has|has\s+no|lacks?|"
    r"ran\s+out|running\s+out|out\s+of\s+(?:space|storage|battery)|overheat\w*|cracked|lagg?\w*|"
    r"awful|terrible|rubbish|useless|potato|grainy|blurry|crap|trash)\b"
)
#: ... what the thing asked for is to prevent is no trouble: "a case for my camera so it doesn't get scratched" (set QE)
_SO_IT = re.compile(r"\bso\s+(?:that\s+)?(?:it|they)\s+$")
_CLAUSE = re.compile(r"[,;!?]|\.(?!\d)")  # (not a decimal point: "a huge 6.7\" thing")
_WANTED_LIKE = re.compile(r"\s+(?:for\s+(?:the\s+)?\w+\s+)?(?:that|which)\b")


# ... unless the shopper wants the same again: "my laptop died, need a new one".
_SAME_AGAIN = re.compile(r"\b(?:new\s+one|another\s+one|new\s+ones|replace\w*|upgrade\w*|a\s+better\s+one)\b|"
                         # "my mouse just died mid-meeting. logitech one under 40?": a brand's one of the same kind
                         # ... "my mouse just died. any logitech ones under 40 bucks?"
                         r"[.;!?]\s*(?:a\s+|an\s+|any\s+|some\s+)?[a-z]+\s+ones?\b(?!\s+(?:of|day|time|more|thing))|"
                         # "kettle died this morning :( want a philips one, nothing over 40"
                         r"\b(?:want|need|get|getting|after)\s+(?:a|an|another)\s+(?:new\s+)?[a-z]+\s+one\b(?!\s+(?:of|day|time|more|thing))|"
                         # "my video editing laptop just died. i need one with 32 gb or more of ram"
                         r"\b(?:want|need|get|after)\s+(?:a\s+new\s+)?one\s+(?:with|w/|that|which)\b")
# ... or says it is the old one, with no other type named: "my old phone is always full lol. samsung with
# 128gb storage" is replacing the phone ("phone full of pics" alone, or "my old desktop has no camera", are not).
_OLD_MINE = re.compile(r"\b(?:my|our|his|her|their)\s+(?:old|current)\s+$")


# The shopper's device being upgraded with a part: "upgrade my pc w an ssd" asks for the SSD.
_SWAPPED = re.compile(r"\b(?:swap|replace|trade|exchange|switch)\w*\s+(?:out\s+)?(?:my|our|the)\s+(?:old\s+)?$")
_UPGRADED = re.compile(r"\b(?:upgrad\w*|boost\w*|speed\s+up|put\w*|install\w*|add\w*)\s+(?:my|our)\s+(?:old\s+)?$")
_INSIDE_MINE = re.compile(r"\b(?:in|inside|into)\s+(?:my|our)\s+(?:old\s+)?$")
# "apc ups to protect 2 servers", "ups to power my pc": the device served by the one asked for (constraint set LB)
_SERVES = re.compile(r"\s+to\s+(?:protect|power|run|charge|back\s+up|keep|connect|hold|support|cool|carry|go\s+with)\s+"
                     r"(?:(?:my|our|the|his|her|their|a|an|all|both|\d+|two|three|four|five|six)\s+)*(?:[a-z-]+\s+)?"
                     # ... or what it is for: "graphics card for an old office pc", "a radio ... for the bathroom shelf",
                     # "intel cpu for a workstation upgrade" (constraint set KU)
                     r"|[^.;!?]*?(?<!looking\s)(?<!searching\s)(?<!time\s)\bfor\s+(?:an?|the|my|our|his|her|their)\s+(?!new\b|another\b)"
                     r"(?:[a-z-]+\s+){0,2}")  # (not "time for a new phone")
_FITS_MINE = re.compile(r"\b(?:fits?|go(?:es)?|slides?)\s+(?:in|into|inside)\s+(?:my|our)\s+(?:old\s+|work\s+|school\s+)?$")
_FROM_MINE = re.compile(r"\b(?:from|off)\s+(?:my|our)\s+(?:old\s+|work\s+|home\s+)?$")
_HAVE_ALREADY = re.compile(r"\b(?:already|i|we|i'?ve|we'?ve)\s+(?:already\s+)?(?:have|got|own)\s+(?:the\s+|a\s+|an\s+|my\s+|one\s+|some\s+)?"
                           r"(?:\w+\s+)?$")
#: A thing measured, said as where the asked thing goes: "shelf in my study is 45 cm deep and 50 cm wide" (set RW)
_MEASURED = re.compile(r"(?:\s+(?:in|on|at)\s+(?:my|our|the)\s+[a-z]+)?\s+(?:is|are|'s)\s+(?:about\s+|only\s+|roughly\s+|just\s+)?\d+(?:\.\d+)?\s*"
                       r"(?:cm|mm|m|in|inch(?:es)?|\"|ft|feet|foot)\b")
_WITH_PART = re.compile(r"^\s*(?:with|w/?|by\s+adding|by\s+putting\s+in)\s+(?:an?\s+|some\s+|more\s+)?")


def without_owned(text: str) -> str:
    """``text`` with each type word that names the shopper's own device in trouble blanked (none when
    the shopper wants the same kind again), or the device a part is to upgrade."""
    spans = type_spans(text, weak=True)
    for (start, end, _), (after, _, _) in pairwise(spans):
        if _SWAPPED.search(text, 0, start) and re.fullmatch(r"\s+(?:for|with)\s+(?:an?\s+|some\s+)?", text[end:after]):
            return text[:start] + " " * (end - start) + text[end:]  # "swap my old hdd for a 1tb ssd": the ssd
    for (start, end, _), (after, _, _) in pairwise(spans):
        if _UPGRADED.search(text, 0, start) and (m := _WITH_PART.match(text[end:])) and end + m.end() == after:
            return text[:start] + " " * (end - start) + text[end:]
    for (_, end, kind), (start, after_end, _) in pairwise(spans):
        # (an accessory's device stays: "a sleeve to protect my laptop" is a notebook bag)
        if (_INSIDE_MINE.search(text, end, start) and not _CLAUSE.search(text[end:start])) \
                or (_SERVES.fullmatch(text, end, start) and not is_accessory(kind)):
            # "upgrading the ram in my pc": the part is asked for, the device it goes in is owned; "a ups to protect 2
            # servers", "a graphics card for an old office pc": the device it serves is not asked for
            return text[:start] + " " * (after_end - start) + text[after_end:]
    for start, end, _ in spans:
        if _FITS_MINE.search(text, 0, start):  # "14 inch screen so it fits in my bag": the bag is owned
            return text[:start] + " " * (end - start) + text[end:]
        if _FROM_MINE.search(text, 0, start) and len(spans) == 1:  # "something to blast tunes from my desktop": a source
            return text[:start] + " " * (end - start) + text[end:]
        if _HAVE_ALREADY.search(text, 0, start):  # "already have the laptop, after peripherals": owned
            return text[:start] + " " * (end - start) + text[end:]
        if len(spans) > 1 and _MEASURED.match(text, end):  # "Shelf in my study is 45 cm deep ... where the printer goes": where it goes
            return text[:start] + " " * (end - start) + text[end:]
    if _SAME_AGAIN.search(text):
        return text
    out = text
    for start, end, _ in spans:
        if len(spans) == 1 and _OLD_MINE.search(text, 0, start):
            continue
        clause_end = m.start() if (m := _CLAUSE.search(text, end)) else len(text)
        # "headphones that wont fall out": a relative clause describes the item wanted, not trouble
        if _OWNED_BEFORE.search(text, 0, start) and (trouble := _TROUBLE.search(text, end, clause_end)) \
                and not _WANTED_LIKE.match(text, end) and not _SO_IT.search(text, end, trouble.start()):
            out = out[:start] + " " * (end - start) + out[end:]
    return out


def owned_again(text: str, is_brand: Callable[[str], object]) -> str | None:
    """The kind of the shopper's own device in trouble, asked for again when the next sentence opens with a brand
    ("my phone storage is always full. samsung w/ 128gb, under 400 pls": a Samsung phone), else None."""
    spans = type_spans(text, weak=True)
    kinds = {kind for *_, kind in spans}
    if len(kinds) != 1:
        return None
    end = max(b for _, b, _ in spans)
    m = re.search(r"[.;!?]\s*([a-z0-9][a-z0-9-]*)", text[end:])
    return kinds.pop() if m is not None and is_brand(m.group(1)) else None


# A brand or a size of the shopper's own thing or story ("my HP keeps bricking itself", "already got burned by a gigabyte
# board", "the 7\" one was useless", "my galaxy only has 64GB")
_MINE_BEFORE = re.compile(r"\b(?:my|our|his|her|their)\s+(?:old\s+|current\s+|last\s+)?$")
_STORY = re.compile(r"\b(?:had|bought|owned|burned|burnt|returned|broke|died|lost|was|were|last\s+(?:one|time)|fills?\s+up|filled\s+up|eats|ate)\b"
                    r"|\bthe\s+(?:old|previous)\b"  # "the old 4GB sticks from 2014 are holding it back" (set OM)
                    r"|\b(?:my|our|his|her)\s+(?:last|old|previous|current)\s+[a-z]+"  # "kept dropping my last phone, a huge 6.7\" thing"
                    r"|\b(?:my|our|his|her)\s+(?:[a-z]+\s+){0,2}(?:only\s+)?(?:has|have|holds?)\b"
                    # the thing inside the shopper's own device ("the 500GB drive in my desktop is stuffed")
                    r"|\b(?:in|inside)\s+(?:my|our|his|her|their)\s+(?!new\b|next\b)[a-z]+\s+(?:is|are|keeps?|fills?|only)\b")


class _Said(Protocol):
    kind: str
    text: str


_S = TypeVar("_S", bound=_Said)


class _Read(Protocol):
    kind: str
    text: str


_C = TypeVar("_C", bound=_Read)


def _clause_around(text: str, at: int) -> tuple[int, int]:
    """Where the clause holding ``at`` starts and ends (at punctuation)."""
    start = max((m.end() for m in _CLAUSE.finditer(text, 0, at)), default=0)
    end = m.start() if (m := _CLAUSE.search(text, at)) else len(text)
    return start, end


#: A clause that only names again the thing of the clause before: "a huge 6.7\" thing", "the 32 gig one"
_APPOSITIVE = re.compile(r"\s*(?:a|an|the|that|this)\s+(?:[\w\"'.-]+\s+){0,4}(?:thing|one|monster|beast|brick)\s*[.,;!?]?\s*$", re.I)


def in_story(text: str, spans: Sequence[tuple[int, int]]) -> set[int]:
    """Which of the values read at ``spans`` belong to the shopper's own thing or story, when some other one does
    not: "canon printer ... my HP keeps bricking itself" asks for Canon (every value stands when all are the story's)."""
    story = {i for i, (start, _) in enumerate(spans) if _story_at(text, start)}
    return story if len(story) < len(spans) else set()


def _story_at(text: str, start: int) -> bool:
    """Whether the value read at ``start`` belongs to the shopper's own thing or story (:func:`in_story`)."""
    clause, end = _clause_around(text, start)
    if clause > 0 and _APPOSITIVE.match(text, clause, end):
        clause = _clause_around(text, clause - 1)[0]  # "kept dropping my last phone, a huge 6.7\" thing": the phone's
    return bool(_MINE_BEFORE.search(text, clause, start) or _STORY.search(text, clause, end))


# A clause that tells of the shopper's own thing, now or before: "using a 22-inch HP right now", "our living room tv is
# a 40 inch philips", "we had a 40\" LG that died", "it shipped with a single 8GB stick", "camera card is 16gb"
_OWN_THING = re.compile(
    r"\b(?<!\bwhat\s)(?:my|our|his|her|their|(?!(?:it|that|there|he|she|what|who|here|let|where)'s)(?:[a-z]+'s))\s+(?:[\w'-]+\s+){0,4}?(?:still\s+|already\s+)?(?:is|was|'s|are|were|has|had|only\s+(?:has|had|holds?|came|got|lasts?)|holds?|held|came|shipped|gave|"
    r"died|broke|keeps?|fills?|runs?|takes?|got|drops?|stopped|won'?t|doesn'?t|can'?t|crash\w*|freez\w*|fails?|jams?|flickers?|chokes?|struggles?|lags?)\b"
    r"|^\s*(?:the\s+)?(?:old\s+|current\s+)?(?:[\w'-]+\s+){1,3}(?:is|was|are|were|only\s+(?:has|had|holds?))\s+(?:(?:a|an|only|just)\b|\d)"
    r"|\b(?:using|used)\s+(?:a|an|my|our|the)\b|\b(?:i'?m|im|i\s+am|we'?re|we\s+are)\s+still\s+(?:on|using|running|rocking|stuck\s+with)\s+(?:a|an|the|my|our|this|that)\b|\b(?:i|we|i'?ve|we'?ve)\s+(?:had|have|got|bought|owned|use|used)\s+(?:a|an|the|this|that)\b"
    r"|\b(?:bought|got|gave)\s+(?:my|our|him|her|them)\s+(?:\w+\s+)?(?:a|an)\b|\b(?:shipped|came)\s+with\b"
    # ("My boss bought me wireless earbuds for calls but the mic is useless", set RD)
    r"|\b(?:bought|got|gave)\s+(?:me|us)\s+(?:(?:a|an|some|these|those)\s+)?\w+"
    r"|^\s*(?:just\s+)?(?:got|have|own|bought|rocking|running)\s+(?:a|an|the|this|two|2)\b"  # "got an a7 III and want ..."
    r"|\bthe\s+[\w-]+\s+(?:i|we|he|she|they)\s+(?:got|bought|have|had|own|use|used)\b"  # "the photos off the canon i got for christmas"
    # ... and a thing ordered or got that goes back: "Sending back the 240GB SSD I ordered", "the memory card I got is only 16GB" (set RD)
    # (not "The headrest mount we bought is made for a 9-inch screen, so that's the size it has to be", set LM)
    r"|\bthe\s+(?:[\w-]+\s+){1,3}(?:i|we|he|she|they)\s+(?:just\s+)?(?:got|ordered|received|returned)\b"
    # "The Dell tower I work from home on is from 2013" (set OM)
    r"|^\s*the\s+(?:[\w-]+\s+){1,2}(?:i|we|he|she|they)\s+(?:work|game|play|study|type|edit|watch)\s+(?:from|on|at|in)\b"
    # ... "the monitor I'm staring at right now is a 19 inch" (set ST)
    r"|^\s*the\s+(?:[\w-]+\s+){1,2}(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:staring|squinting|looking|working|typing|sitting)\s+(?:at|on|in|with)\b"
    # a thing in trouble said at the clause's start: "ISP router keeps dropping wifi upstairs"
    r"|^\s*(?:the\s+)?(?:[\w'-]+\s+){1,3}(?:keeps|kept)\s+(?:dropping|crashing|dying|freezing|failing|cutting|disconnecting|losing|jamming)\b"
    r"|\b(?:lent|loaned|borrowed|handed\s+down)\b"  # "my neighbour lent me his 100 inch screen"
    # "my laptop's just shoved in a grocery bag": "'s" for "is" (not a possessive: "my son's school design project")
    r"|\b(?:my|our|his|her|their)\s+[\w-]+'s\s+(?:just|still|always|been|now|completely|totally|basically|so|too|really|broken|"
    r"dead|toast|dying|gone|full|slow|shot|[a-z]{3,}ed)\b"
    # "currently coding on a 21.5\" HP and it feels cramped"
    r"|\b(?:coding|working|gaming|typing|writing|editing|stuck|squinting)\s+(?:on|with|at)\s+(?:a|an|my|this|that|our)\b"
    r"|\b(?:the|that|this|my|our)\s+(?:old|current|existing)\s+[a-z]",  # "the old white toaster sticks out like a sore thumb"
    re.I,
)
# ... and a clause that asks, whatever else it tells ("my son is 8 and needs a tablet", "my budget is 500")
_ASKS = re.compile(
    r"\b(?:want\w*|need\w*|looking|look\s+for|(?:i'?m|we'?re|i\s+am)\s+after|search\w*|hunting\s+for|shopping\s+for|get|getting|buy|buying|should|must|has\s+to|have\s+to|got\s+to|gotta|next|"
    r"new|replac\w*|this\s+time|instead|(?<!full\s)(?<!down\s)(?<!out\s)(?<!broke\s)(?<!died\s)(?<!crashed\s)again|same|another|prefer\w*|rather|budget|limit|max(?:imum|imal|ed|es|ing)?|min(?:imum|imal|s)?|at\s+least|"
    r"or\s+(?:more|bigger|larger|higher|above|up|better|less|smaller|under)|up\s+to|tops|no\s+more|"
    # (not "more than" or "under": a story says them too, "freezes the moment I open more than 10 tabs")
    r"(?:i'?d|we'?d|i\s+would|we\s+would)\s+(?:like|love)|for\s+me|please|pls|can\s+(?:you|u|i)|do\s+(?:you|u)|any(?!\s+of\b)|something|someth\w*|spend|cap|ceiling|ideally|"
    # a wish or a rule of someone else's, or where it must fit ("her brother insists it has 16 gigs", "only accept a pink
    # one", "the alcove fits a 32 inch")
    r"keep\s+(?:it|them|the\s+(?:budget|price|cost))|match\w*|insists?|if\s+you\s+have|(?:a|an)\s+\w+\s+one\b|says|said|recommend\w*|suggest\w*|advis\w*|accept\w*|(?<!n't\s)(?<!nt\s)(?<!not\s)fits?|support\w*|deals?\s+with|loves?|swears?|trusts?|favou?rite|would\s+be\s+(?:great|perfect|ideal|nice|best|good|lovely))\b|\?",
    re.I,
)
# (a clause ends at punctuation, not a site's dot ("Dell.com keeps pushing ..."), a dash between words, before "so",
# "because" or "but", and before "and" with a request: "got an a7 III and want a proper sony lens")
# (and a bracket: "4 gigs of RAM at the very least (everything freezes on the current one)" asks for the RAM, set SQ)
_CLAUSES = re.compile(r"(?:[^.!?;:,()\n]|[.,](?=\d)|\.(?=(?:com|net|org|co)\b))+?(?:(?!\.(?:com|net|org|co)\b)[.!?;:,()]+(?!\d)|(?=\s+(?:so|because|cause|cuz|since|but)\b)|(?=\s[-\u2013\u2014]\s)"
                      r"|(?=\s+and\s+(?:i\s+|we\s+|now\s+)?(?:want|need|am\s+after|'m\s+after|looking)\b)|(?=\n)|$)", re.I)
# The shopper's own brand asked for again ("the same brand", "stick with", "loyal to")
KEEPS_BRAND = re.compile(r"\b(?:same\s+(?:brand|make|maker|company)|stick\w*\s+with|loyal|again|another\s+one|brand\s+i\s+trust)\b", re.I)


_SENTENCE = re.compile(r"(?:[^.!?;\n]|\.(?=\d))+")
#: A sentence's first clause that only names the shopper's thing: "Our Senseo pod machine," (its verb after the commas)
_NOUN_PHRASE = re.compile(r"\s*(?:my|our|his|her|their)\s+(?:[\w'-]+\s+){0,3}[\w'-]+\s*,", re.I)


_ANOTHER_TOO = re.compile(r"[\s,]*(?:so\s+)?(?:i'?ll\s+|i\s+|we'?ll\s+|we\s+)?(?:need|want|get|take|grab)\s+(?:one\s+of\s+those|a\s+new\s+one|another(?:\s+one)?|one)\s+"
                          r"(?:too|as\s+well)\b", re.I)


def _clauses(text: str) -> list[tuple[int, int]]:
    """Where each clause of ``text`` starts and ends (:data:`_CLAUSES`)."""
    return [(m.start(), m.end()) for m in _CLAUSES.finditer(text) if m.group(0).strip()]


def tells_of_mine(clause: str) -> bool:
    """Whether ``clause`` tells of the shopper's own thing, now or before ("my motherboard and cpu cooler are both red")."""
    return _OWN_THING.search(clause) is not None


def of_mine(text: str, spans: Sequence[tuple[int, int]]) -> set[int]:
    """Which of the values read at ``spans`` are said of the shopper's own thing, now or before ("using a 22-inch HP right
    now ... looking for a 27\" monitor": the 22 inches and HP), in a message that asks for something in another clause:
    not constraints on what is asked for. None of them when no other clause asks, but those of a thing seen elsewhere."""
    clauses = _clauses(text)
    # (and what another shop, an ad or someone else has: "Costco has the asus zenbook 14 for $899", set ON)
    seen = seen_clauses([text[a:b] for a, b in clauses])
    mine = [(_OWN_THING.search(text[a:b]) is not None and _ASKS.search(text[a:b]) is None) or elsewhere
            for (a, b), elsewhere in zip(clauses, seen, strict=True)]
    for a, b in (m.span() for m in _SENTENCE.finditer(text)):  # a sentence its commas cut, read whole
        whole = text[a:b].replace(",", " ")  # "Our Senseo pod machine, which was only $80, has started leaking" (set OM)
        comma = text.find(",", a, b)
        if comma > a and _NOUN_PHRASE.match(text, a, comma + 1) and _OWN_THING.search(whole) and not _ASKS.search(whole):
            mine = [own or a <= c < b for own, (c, _) in zip(mine, clauses, strict=True)]
    # (nor a thing of mine that another of is asked for next: "My iron's also packed up, so I'll need one of those too", set PY)
    mine = [own and not (i + 1 < len(clauses) and _ANOTHER_TOO.match(text, clauses[i + 1][0]) is not None) for i, own in enumerate(mine)]
    if not any(_ASKS.search(text[a:b]) for a, b in clauses):
        mine = seen  # (a thing seen elsewhere is set aside from a search's words too: "a buddy grabbed a dell s2721q ... a 27-inch monitor")
    if all(mine) or not any(mine):
        return set()
    return {i for i, (start, _) in enumerate(spans) for (a, b), own in zip(clauses, mine, strict=True) if own and a <= start < b}


def asked_at(text: str, spans: Sequence[tuple[int, int]]) -> set[int]:
    """Which of the values read at ``spans`` sit in a clause with a word of a request ("ideally silver so it matches")."""
    clauses = [(a, b) for a, b in _clauses(text) if _ASKS.search(text, a, b)]
    return {i for i, (start, _) in enumerate(spans) if any(a <= start < b for a, b in clauses)}


#: A bracket that lists things around the request: what the shopper has or runs ("the TV ran out of HDMI ports (apple tv,
#: switch, sonos arc, cable box)", "a dedicated smart home remote (hubitat app + alarm panel)", set SK), no item asked for
_LISTED = re.compile(r"\((?=[^()]*(?:,|\+|\band\b))[^()\d$]*\)")


def without_mine(text: str) -> str:
    """``text`` with the clauses said of the shopper's own thing (:func:`of_mine`) and the brackets that list things around
    the request (``_LISTED``) blanked, each to as many spaces: "isp's router drops wifi every evening. I'd like a tp-link
    router" names no "isp router" asked for."""
    text = _LISTED.sub(lambda m: " " * len(m.group(0)), text)
    clauses = _clauses(text)
    for i in of_mine(text, [(a, a + 1) for a, _ in clauses]):
        a, b = clauses[i]
        text = text[:a] + " " * (b - a) + text[b:]
    return text


def without_seen(text: str) -> str:
    """``text`` with the clauses that tell of a thing seen elsewhere (``rag.understanding.elsewhere``) blanked, each to as
    many spaces ("The camera shop downtown has the Canon RF 50mm ... What Canon lenses have you got": the lenses); the
    text as it is when every clause tells of one."""
    clauses = _clauses(text)
    seen = [span for span, elsewhere in zip(clauses, seen_clauses([text[a:b] for a, b in clauses]), strict=True) if elsewhere]
    if len(seen) == len(clauses):
        return text
    for a, b in seen:
        text = text[:a] + " " * (b - a) + text[b:]
    return text


#: How the trace says what was read as the shopper's own ("How I found these")
OWN_NOTE = "said of your own, not asked for"
_OF_A_THING = ("brand", "colour", "memory_gb", "storage_gb", "screen_in", "connectivity")  # ("my wireless mouse has started double clicking", set OM)


def not_mine(text: str, constraints: Sequence[_C], category: str | None) -> list[_C]:
    """``constraints`` without the brands, colours and sizes said only of the shopper's own thing (:func:`of_mine`). An
    accessory's are kept (the device it is for is the shopper's: "my laptop is a 15.6, need a sleeve"), and so is the
    brand when the shopper asks for it again ("my hp is a 17 inch brick ... HP again")."""
    if category is not None and is_accessory(category):
        return list(constraints)
    keeps_brand = KEEPS_BRAND.search(text) is not None
    said = [(i, m.start(), m.end()) for i, c in enumerate(constraints) if c.kind in _OF_A_THING and c.text
            and not (c.kind == "brand" and keeps_brand) for m in re.finditer(rf"(?<!\w){re.escape(c.text)}(?!\w)", text)]
    mine = of_mine(text, [(a, b) for _, a, b in said])
    owned = {i for i, *_ in said} - {i for n, (i, *_) in enumerate(said) if n not in mine}
    if all(i in owned for i, c in enumerate(constraints) if c.kind == "brand"):
        # a brand said only of the shopper's own is theirs by choice ("every screen at my office is a dell and I've never
        # seen one die"), unless the thing is in trouble ("my acer laptop has 4gb of ram and freezes")
        # (a brand seen elsewhere is no choice: "A 2TB Seagate Barracuda is $55 at Newegg", set ON)
        chosen = {i for i, a, _ in said if constraints[i].kind == "brand" and not _in_trouble(text, a) and not seen_elsewhere(text, a)}
        owned -= chosen
    return [c for i, c in enumerate(constraints) if i not in owned]


_TOO = re.compile(r"\b(?:too\s+(?:small|big|slow|old|heavy|tiny|noisy|loud|dim)|gone|leak\w*|gave\s+(?:out|up)|acting\s+up|packed\s+(?:in|up)|stutter\w*|drops?|dropping|died|dying|"
                  r"jams?|flicker\w*|cracked|stuck|sticks?|tore|torn|ripped|fails?|failing|dead|toast|kaput|"
                  # ("Our family PC is an HP with 4 gigs of memory and it takes ages to open anything", set QJ)
                  r"takes?\s+(?:ages|forever)|crawl\w*|(?:so|really|painfully)\s+slow|driving\s+me\s+(?:nuts|mad|crazy))\b")
# Words of a thing the shopper is fond of, trouble or not ("never seen one die", "always had")
_FOND = re.compile(r"\b(?:never|always|love[sd]?|trust\w*|reliable|great|happy|solid|swears?|favou?rite|best|support\w*)\b")


def seen_elsewhere(text: str, at: int) -> bool:
    """Whether the clause around ``at`` tells of a thing seen elsewhere (``rag.understanding.elsewhere``)."""
    clauses = _clauses(text)
    return any(a <= at < b and elsewhere for (a, b), elsewhere in zip(clauses, seen_clauses([text[a:b] for a, b in clauses]), strict=True))


def _in_trouble(text: str, at: int) -> bool:
    """Whether the clause around ``at`` tells of the shopper's thing in trouble, and of nothing they are fond of."""
    start, end = _clause_around(text, at)
    if not _TROUBLE.search(text, start, end) and not _TOO.search(text, start, end) and text[end:end + 1] == ",":
        # "Our Senseo pod machine, which was only $80, has started leaking": the sentence its commas cut (set OM)
        start, end = next((m.span() for m in _SENTENCE.finditer(text) if m.start() <= at < m.end()), (start, end))
    return bool(_TROUBLE.search(text, start, end) or _TOO.search(text, start, end)) and not _FOND.search(text, start, end)


def without_story_specs(text: str, specs: Sequence[_S]) -> list[_S]:
    """``specs`` without a size of the shopper's story where another of its kind is asked for ("portable dvd player with a
    9 inch screen ... the 7\" one was useless": 9)."""
    kept = list(specs)
    for kind in {s.kind for s in specs}:
        same = [s for s in specs if s.kind == kind]
        # (one may be read already, its words blanked: the story's one is the one still in the text)
        story = [s for s in same if s.text in text and _story_at(text, text.find(s.text))] if len(same) > 1 else []
        if len(story) < len(same):
            kept = [s for s in kept if all(s is not t for t in story)]
    return kept
