"""The sentence of a long message that asks for something.

A shopper who tells a story ("my old laptop finally croaked ... the battery swelled up and the
trackpad is popping out of the case ... I'm a grad student ... I've got $800 to spend on a new
laptop and that's it") names many things that are not asked for: the broken one, the devices
around it, the people and places of the story. Read whole, such a message names the wrong type
(the "case" the trackpad pops out of, the "warranty" of "wreck it within a year") and its words
make a search for the story. :func:`requested` scores every type word of a long message by what
asks for it in its sentence: a request's words before it ("I want", "looking for", "show me",
"can you", "it has to be", "what ... do you have?") or after it ("... would be perfect"), a price
said for it ("$200 max for the power supply"), "a", "another" or "new" before it; the shopper's
own ("my", "the"), what it is to fit or come with ("fits on a tray", "with a mic") and what a
thing already is ("it's a 6 year old pc") count against it. A type word nothing asks for is never
chosen. The weights were set on constraint set LC (a dev set of rambling stories). A short
message is its own request (``None``: read whole, as before).

Only the product type, the search's words and a size or price said in the asking sentence come
from it; the other constraints are read from the whole message (a limit is often said in a
sentence of its own: "Fifty dollars is my limit.").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from rag.catalog.categories import type_spans
from rag.understanding.parsed import Constraint

#: A message of fewer words, or fewer sentences, is read whole.
LONG_WORDS = 35
LONG_SENTENCES = 2


def _parts_of(stops: str) -> re.Pattern[str]:
    """The parts of a text that end at one of ``stops`` (a "." inside a number, "15.6", ends none)."""
    return re.compile(rf"[^{stops}\n]+(?:\.(?=\d)[^{stops}\n]*)*[{stops}\n]*")


# A sentence ends at its stop or a line break; a clause also at a comma or a colon
_SENTENCE = _parts_of(".!?;")
_CLAUSE = _parts_of(".!?;:,")
# The words of a request: what the shopper wants, needs or asks the shop for
_ASK = re.compile(
    # (not what to spend: "i only want to spend up to $30 on this")
    r"\b(?:(?:i|we|he|she|they)\s+(?:really\s+|just\s+|only\s+|still\s+)?(?:want|need|needs|wants)(?!\s+to\s+(?:spend|pay|go|keep|stay))|(?:i|we|he|she|they)'?d\s+like|"
    r"(?:i|we|he|she|they)\s+would\s+like|(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:looking|after|set\s+on|shopping)|looking\s+(?:for|at)|"
    r"show\s+me|(?:can|could|would)\s+(?:you|u)|do\s+(?:you|u)\s+(?:have|sell|carry|stock)|help\s+me\s+find|"
    r"(?:what|which)\s+(?:\w+\s+){1,3}(?:do|does|have|can|would|should)\s+(?:you|u|i)|"
    # a change to what is asked for: "i'm sold on going to a 27\" display", "i want to go down to a 14in screen"
    # (not where a thing goes: "the old 40 inch samsung is going to my mom's place")
    r"(?:go(?:ing)?|switch(?:ing)?|mov(?:e|ing)|upgrad(?:e|ing)|step(?:ping)?)\s+(?:(?:up|down)\s+to|to\s+an?)\b|sold\s+on|(?:has|have|needs?|got)\s+to\s+be|gotta\s+be|"
    r"(?:it|this|that|one)\s+(?:should|must|needs?\s+to)\s+be|(?:i'?m|i\s+am)\s+(?:replacing|budgeting|buying|getting)|"
    r"(?:time\s+for|go\s+for|recommend|suggest)|(?:want|need)\s+(?:an?|another|some|one|new)\b|thinking\s+(?:of\s+|about\s+)?(?:an?|some)\b|(?:to|will|gonna|going\s+to)\s+(?:buy|get|order|purchase|use|swap\s+in|put\s+in|install)\b|so\s*:|(?:going|go)\s+with|settled?\s+on|decided\s+on)")
# Before a type word: one asked for ("a new laptop", "an actual camera", "another hard drive")
_NEW = re.compile(r"\b(?:an?|another|new|proper|real|actual|decent|good|replacement)\s+(?:[\w'\"-]+\s+){0,3}$")
# Before a type word: the shopper's own or one of the story ("my old laptop", "the tv", "her backpack")
_OWNED = re.compile(r"\b(?:my|our|his|her|their|your|the|its|this|that|these|those|[a-z]+'s)\s+(?:[a-z']+\s+){0,2}$")
# ... what the asked thing is to fit or match, or comes with ("fits on a tray", "to match the tv stand", "with a mic")
_SERVES = re.compile(r"\b(?:fits?|fitting|on|onto|into|in|to\s+match|match(?:es)?|with|w/)\s+(?:an?\s+|the\s+|my\s+|our\s+)?(?:[a-z]+\s+)?$")
# ... what a price is for ("not paying more than 200 for a motherboard", "$200 max for the power supply")
_PRICED = re.compile(r"(?:\d|dollars?|bucks|max|grand|spend)\s+(?:\w+\s+)?(?:on|for)\s+(?:an?\s+|the\s+|this\s+|my\s+)?(?:new\s+)?$")
# ... not what a thing already is ("it's a 6 year old pc")
_IS_A = re.compile(r"\b(?:it'?s|its|is|was|are|were)\s+an?\s+(?:[\w'\"-]+\s+){0,3}$")
# ... nor a verb ("so he can film a lot of 4k")
_VERB_BEFORE = re.compile(r"\b(?:can|could|will|would|should|to|i|we|you|he|she|they)\s+$")
# After the type word: "a laptop would be perfect", "a kettle is what she needs", "a tablet please"
_ASK_AFTER = re.compile(r"\s+(?:(?:would|will|'d)\s+be\s+(?:perfect|great|ideal|lovely|nice|best|good)|(?:has|have|needs?)\s+to\s+be|must\s+be|"
                        r"(?:is|are)\s+what\s+(?:i|we|he|she|they)\s+(?:need|want|asked\s+for)|please\b|pls\b|plz\b)")
# A time is no warranty ("four weeks a year")
_TIME = re.compile(r"(?:years?|months?|weeks?|days?)")
# A request's words negated ("made me promise not to get a bargain bin knockoff")
_NOT = re.compile(r"\b(?:not|never|n't|dont|don't)\s+(?:\w+\s+){0,1}$")
# ... or wanting to do something else with the type than get it ("i want to run two monitors and a keyboard off it")
_OTHER_VERB = re.compile(r"\s*to\s+(?!(?:buy|get|order|purchase|have|find|see|try|pick|grab|surprise|treat|gift|give|go|switch|"
                         r"upgrade|replace|look|stay|stick|move|step|use|be)\b)[a-z]+\b")
_LOOSE = re.compile(r"(?:about|around|approximately|roughly|~)\b")
# A type word after a size is the size's noun, no type asked for ("she needs 16 gigs of ram minimum")
_SIZED = re.compile(r"\d\s*(?:gb|gigs?|g|tb|terabytes?|gigabytes?)?\s*(?:of\s+)?$")
# What is said of the shopper's own one when it is worn out ("the keyboard on my desk is missing the e key", "my wireless
# mouse has started double clicking", "my mum's phone is so old")
_WORN = re.compile(r"\b(?:died|dies|dead|dying|broke|broken|breaks|stopped|started|cracked|snapped|missing|overheat\w*|"
                   r"croaked|gave\s+up|failed|failing|faulty|leak\w*|clicking|freez\w*|wheez\w*|crackl?e?s?|"
                   r"(?:always|constantly|forever)\s+(?:out\s+of|running\s+out\s+of)\s+(?:ink|toner|paper|battery|space|storage)|"  # (set OJ)
                   r"can'?t\s+keep\s+up|won'?t\s+(?:turn|charge|work|read|hold|boot|open)|doesn'?t\s+work|"
                   r"fills?\s+up|(?:is|was|'s)\s+(?:so\s+|too\s+|really\s+|way\s+too\s+|basically\s+|just\s+)?(?:old|slow|full|ancient|dead|tiny|useless|garbage|a\s+toy))")
# A type word in a phrase of place or part ("on my desktop", "in my main rig"): no subject of what is said after it
_IN_PHRASE = re.compile(r"\b(?:on|in|of|from|with|at|for|to|into|onto|by|off|inside)\s+(?:my|our|his|her|their|the|[a-z]+'s)\s+(?:[a-z']+\s+){0,2}$")
#: A message of fewer words is read whole for the items it names (see :func:`without_story_clauses`).
STORY_WORDS = 20
# The words of the shopper's story: what they have, had or were given, and how it went
_STORY = re.compile(r"\b(?:my|our|his|her|their|got|had|has|have|already|was|were|used\s+to|came\s+with|lasted|stays?|fine)\b")
# A question for a fix, not a product: "what can i get so it stays on", "anything that fixes that", "something to ..."
_SOLUTION = re.compile(r"\b(?:what\s+(?:do|should|can|could|would)\s+(?:i|we)\s+(?:need|get|buy|use|do)|(?:anything|something)\s+"
                       r"(?:that|to|so)|how\s+(?:do|can|could)\s+(?:i|we))\b")
# A request for what the shopper has again ("philips again", "a new one", "replace it")
_AGAIN = re.compile(r"\b(?:again|replace(?:ment)?|replacing|new\s+one|another|so\s+i\s+want|i\s+want)\b")


def _sentences(text: str, parts: re.Pattern[str] = _SENTENCE) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in parts.finditer(text) if m.group(0).strip()]


def _score(text: str, sentence: tuple[int, int], start: int, end: int) -> float | None:
    """How surely the type word at ``start``-``end`` names what is asked for; None when nothing asks for it (no request's
    words beside it in its sentence, no price said for it): "last time my pc died in the middle of a work file" asks for
    no file."""
    a, b = sentence
    if _VERB_BEFORE.search(text, a, start):
        return None  # a verb, not a type: "so he can film a lot of 4k"
    asks = [3.0] if _ASK_AFTER.match(text, end) else []  # "a laptop would be perfect", "a kettle is what she needs"
    # (a question's words may hold the type: "what notebooks do you have?")
    ask = [m for m in _ASK.finditer(text, a, b) if m.start() < start and not _NOT.search(text, a, m.start())]
    if ask and (gap := len(text[ask[-1].end():start].split())) <= 10 and not _OTHER_VERB.match(text, ask[-1].end(), start):
        asks.append(3 - gap * 0.15)  # "i want to surprise him ... with a proper monitor", not "want to spend up to $30 on this, it's a pc"
    priced = _PRICED.search(text, a, start) is not None  # "$200 max for the power supply": what the price is for
    if not asks and not priced:
        return None
    score = max(asks, default=0.0) + (2 if priced else 0)
    if _NEW.search(text, a, start) and not _IS_A.search(text, a, start):
        score += 2
    if not priced and _OWNED.search(text, a, start):
        score -= 2  # (the price's "the" is no shopper's own: "for the power supply")
    if (serves := _SERVES.search(text, a, start)) and not re.search(r"\b(?:him|her|them|it|me|us)\s+$", text[a:serves.start()]):
        score -= 2  # (not what the thing is given with: "surprise him with a proper monitor", "replacing it with a ...")
    return score


def requested(text: str) -> tuple[str, str, str] | None:
    """The type a long ``text`` asks for, the sentence that asks for it and the words that name it (the type's phrase and
    up to three words right before it in its clause: "an actual camera", "these cherry keyboards"), or None for a short
    message (read whole) or one no sentence of which can be told to ask for a type."""
    if len(text.split()) < LONG_WORDS:
        return None
    sentences = _sentences(text)
    if len(sentences) < LONG_SENTENCES:
        return None
    spans = [s for s in type_spans(text, weak=True) if not _TIME.fullmatch(text[s[0]:s[1]]) and not _SIZED.search(text, 0, s[0])]
    said: dict[str, int] = {}
    for *_, kind in spans:
        said[kind] = said.get(kind, 0) + 1
    best: tuple[float, str, tuple[int, int], tuple[int, int]] | None = None
    for s, e, kind in spans:
        sentence = next((x for x in sentences if x[0] <= s < x[1]), None)
        if sentence is None:
            continue
        if (own := _score(text, sentence, s, e)) is None:
            continue
        score = own + min(0.5 * (said[kind] - 1), 1.0) + 0.1 * (s / len(text))
        if best is None or score > best[0]:
            best = (score, kind, sentence, (s, e))
    if (best is None or best[0] < 1) and (worn := _worn_out(text, sentences, spans)) is not None:
        return worn
    if best is None or best[0] < 1:
        return None
    return best[1], text[best[2][0]:best[2][1]].strip(), _named(text, best[2], best[3])


def _worn_out(text: str, sentences: list[tuple[int, int]], spans: list[tuple[int, int, str]]) -> tuple[str, str, str] | None:
    """Nothing asked for by a type word, and the shopper's own one is said to be worn out, in a message that asks for
    something: a new one of it ("the speakers on my desktop crackle ... my last set was philips so i want philips
    again", "the laptop she used through high school is a slow old thing ... what would you suggest?")."""
    if not (_AGAIN.search(text) or _ASK.search(text) or "?" in text) or _SOLUTION.search(text):
        return None  # (a fix asked for is a need, read by its own rules: "my pc just dies ... what can i get so it stays on?")
    for i, (s, e, kind) in enumerate(spans):
        sentence = next((x for x in sentences if x[0] <= s < x[1]), None)
        if sentence is None or not _OWNED.search(text, sentence[0], s) or _IN_PHRASE.search(text, sentence[0], s):
            continue
        # what is said of it: the words after it, up to the next type word that is no place of it ("the speakers on my
        # desktop crackle") or the sentence's end
        said_end = min([sentence[1], *(t[0] for t in spans[i + 1:] if t[0] < sentence[1] and not _IN_PHRASE.search(text, sentence[0], t[0]))])
        if _WORN.search(text, e, said_end):
            return kind, text[sentence[0]:sentence[1]].strip(), _named(text, sentence, (s, e))
    return None


def _named(text: str, sentence: tuple[int, int], span: tuple[int, int]) -> str:
    lead = re.split(r"[,;:()!?]|\s-\s", text[sentence[0]:span[0]])[-1].split()[-3:]
    return " ".join([*lead, text[span[0]:span[1]]])


def asked_price(read: Callable[[str], tuple[list[Constraint], str, list[str]]], text: str,
                asking: str | None) -> tuple[list[Constraint], str, list[str]]:
    """The price ``read`` from ``text``, or from the asking sentence where it says one ("i've gone through two cheap
    printers, both under a hundred bucks ... i'm only looking at printers that cost at least $200": at least 200, not
    a conflict with the story's)."""
    price, rest, notes = read(text)
    if asking is not None and (own := read(asking))[0] and not _LOOSE.match(own[0][0].text):
        return own[0], rest, own[2]  # (an amount said loosely there is no bound: "i have about 6000 photos of my dog")
    return price, rest, notes


def asked_specs(specs: list[Constraint], asked: list[Constraint]) -> list[Constraint]:
    """``specs`` with a size of the story replaced where the asking sentence says its own (``asked``) of the same kind
    ("my camera card is only 16 gb ... this time i want a memory card that's 64gb or bigger": 64 GB or more)."""
    kinds = {c.kind for c in asked}
    first = [c for i, c in enumerate(asked) if c.kind not in {a.kind for a in asked[:i]}]  # one of each kind, as said first
    return [c for c in specs if c.kind not in kinds] + first


def asking_text(text: str) -> str | None:
    """The sentences of a long ``text`` with a request's words in them ("i want to go down to a 14in screen"), whose sizes
    win over the story's ("my current laptop is a 17 inch brick"); None for a short text or one with none."""
    if len(text.split()) < LONG_WORDS:
        return None
    asking = [text[a:b] for a, b in _sentences(text) if _ASK.search(text, a, b)]
    return " ".join(asking) or None


def without_story_clauses(text: str) -> str | None:
    """``text`` with the clauses of the shopper's story blanked, for reading the items it names: in a message of
    ``STORY_WORDS`` words or more that asks for something in one clause and tells of what the shopper has in another
    ("im a drummer and my jvc in-ears were perfect until the cable snapped. got shure mics and a roland kit, i just want
    headphones from jvc again": the microphones are the shopper's, no item asked for); None when no clause can be told
    to be the story's."""
    if len(text.split()) < STORY_WORDS:
        return None
    clauses = _sentences(text, _CLAUSE)
    asking = [c for c in clauses if _ASK.search(text, *c) or text[c[0]:c[1]].rstrip().endswith("?")]
    story = [c for c in clauses if c not in asking and _STORY.search(text, *c)]
    if not asking or not story:
        return None
    for a, b in story:
        text = text[:a] + " " * (b - a) + text[b:]
    return text


def without_said(sentence: str, constraints: Iterable[Constraint]) -> str:
    """``sentence`` without the words its constraints were read from (the search's words are what is left)."""
    for c in constraints:
        if c.kind != "category":
            sentence = sentence.replace(c.text, " ")
    return sentence


def read(text: str) -> tuple[tuple[str, str, str] | None, str | None, str | None]:
    """What a message asks for, read three ways (each None where it does not apply): :func:`requested`,
    :func:`without_story_clauses` and :func:`asking_text`."""
    return requested(text), without_story_clauses(text), asking_text(text)


__all__ = ["LONG_SENTENCES", "LONG_WORDS", "STORY_WORDS", "asked_price", "asked_specs", "asking_text", "requested", "without_said", "without_story_clauses"]
