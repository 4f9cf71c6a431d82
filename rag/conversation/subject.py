"""Whether a follow-up names something to search for of its own, beyond constraints, cue words and the kind shown,
whether a screen it names is the shown thing's or a thing of its own, and which shown products it points at by number."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rag.catalog.categories import broader_category, derive_category, is_accessory, type_spans
from rag.conversation.cues import FOR_THE, THIS_IS_A_GIFT
from rag.records import Product
from rag.understanding.brand_range import brand_only
from rag.understanding.constraints import SOFT_WORDS, Constraint, ParsedQuery, QueryParser
from rag.understanding.gifts import gift_without_hint
from rag.understanding.specs import RAM_DEVICES
from rag.understanding.typer import STOCK_QUESTION, TYPE_NOTE

#: Words of chat that name nothing to search for: "prefer dell tbh", "at least 55 inch tho".
CHAT_WORDS = frozenset(
    ["tbh", "tho", "lol", "haha", "hmm", "hm", "hmmm", "ah", "oh", "ohh", "idk", "imo", "imho", "btw", "fyi", "k",
     "yeah", "yea", "yep", "ya", "u", "ur", "thats", "that", "its", "well", "so", "kinda", "sorta", "honestly",
     "actually", "really", "guess", "think", "mean", "yes", "no", "sure", "cool", "great", "perfect", "hey", "hi",
     "thx", "ty", "cheers", "stuff", "things", "something", "all", "we", "my", "our", "mostly", "probably", "prob"]
)

#: The words that point at a product shown by its place ("the second one"), and its index.
ORDINALS = {
    "first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3,
    "fifth": 4, "5th": 4, "top": 0, "last": -1, "former": 0, "latter": 1,
}


def has_own_subject(parsed: ParsedQuery, shown_kind: str | None = None) -> bool:
    """Does the message name something to search for, beyond constraints, cue words and the kind shown ("so let's go
    tp-link for the switch too" after switches)?"""
    text = parsed.text.lower()
    for start, end, kind in reversed(type_spans(text, weak=True) if shown_kind else []):
        # (or its head word alone: "the case should be samsung too" after phone cases, set PA)
        if kind == shown_kind or (shown_kind and text[start:end].rstrip("s") == shown_kind.split()[-1]):
            text = text[:start] + " " + text[end:]
    for c in parsed.constraints:
        text = text.replace(c.text.lower(), " ")
    words = re.findall(r"[a-z0-9]+", text)
    filler = {"only", "just", "what", "about", "how", "any", "show", "me", "with", "without", "ones", "one", "them",
              "those", "these", "it", "please", "and", "but", "ok", "okay", "then", "now", "the", "a", "an", "in",
              "by", "made", "from", "instead", "same", "some", "something", "cheaper", "less", "expensive", "more",
              "lower", "priced", "affordable", "budget", "too", "pricier", "higher", "end", "premium", "better", "model",
              "version", "tell", "details", "detail", "info", "specs", "spec", "say", "of", "for", "there", "are", "is", "do", "you", "have", "i", "want", "need", "prefer", "like", "colour", "color",
              # what a size or a taste is said with: "50 inch or bigger", "samsung pls", "at least 8 gigs"
              "or", "bigger", "larger", "smaller", "up", "plus", "at", "least", "most", "min", "minimum",
              "max", "maximum", "pls", "plz", "thanks", "thank", "ideally", "preferably", "maybe", "needs", "should",
              "be", "must", "can", "could", "would", "got", "get", "inch", "inches", "gig", "gigs", "size",
              # a wish, not a new subject: "samsung if possible", "black if you have it"
              "if", "possible", "poss", "though", "anything", "nothing", "over", "under", "below", "above",
              # what is said about the last results: "thats pricey", "do they come in blue"
              "they", "come", "comes", "available", "price", "pricey", "pricy", "stock", "does", "did", "still",
              "to", "match", "matches", "matching", "go", "goes", "has", "had", "so", "let", "lets", "s", "also"}
    return any(w not in filler and w not in CHAT_WORDS and w not in SOFT_WORDS and w not in ORDINALS and not w.isdigit()
               for w in words)


#: Kinds with a screen of their own: "a bigger screen would be good" after them asks for a bigger one of them.
_SCREENED = frozenset({"notebook", "tablet", "smartphone", "tv", "monitor", "all-in-one pc", "e-book reader"})
#: Kinds that feed a screen they lack: "and a screen for it, 24-inch, no more than $200" after them asks for one.
_FEEDS_A_SCREEN = frozenset({"projector", "desktop pc", "graphics card", "game console", "docking station", "thin client", "pc barebone"})
_A_SCREEN = re.compile(r"\b(?:a|an|another|some|new|second|extra|spare)\s+(?:[a-z-]+\s+){0,2}?(?<!big\s)(?<!bigger\s)(?<!large\s)(?<!larger\s)screens?\b"
                       r"|\bsomething\s+to\s+(?:throw|project|cast|beam|shine)\s+(?:it|them|the\s+\w+)\s+(?:on|onto)\b")  # (set OX)


def screen_of_the_shown(c: Constraint, shown_kinds: Callable[[], frozenset[str]]) -> bool:
    """A need for more screen said of what was shown ("and a bigger screen would be good, 15 inch or
    more" after laptops): a refinement of them, not a search for monitors."""
    return c.need and re.search(r"\b(?:bigger|larger)\s+(?:screen|display)\b", c.text) is not None and bool(shown_kinds() & _SCREENED)


def wants_a_screen(text: str, shown_kind: str | None) -> bool:
    """A screen wanted (in lower-case ``text``) after a thing that feeds one: "and a screen to project onto, 100 inches or
    bigger" after projectors asks for a projection screen, not for projectors of 100 inches."""
    return shown_kind in _FEEDS_A_SCREEN and _A_SCREEN.search(text) is not None


#: A kind said as a thing wanted: "a case/cover for it", "one of those cases for it too", "an extra controller", or first
#: ("tapes for it too, stick with the same brand" after label makers, set RV)
_WANTED = r"(?:^(?:(?:and|also|plus|oh|ok)[,\s]+)*|\b(?:a|an|another|extra|spare|some|second|new|any|those|these)\s+)(?:(?!(?:the|my|our|his|her|their|that|with|for|to|and|on|in)\b)[\w/-]+\s+){0,2}"


def kinds_of(parsed: ParsedQuery, *, wanted_in: str | None = None) -> set[str]:
    """The kinds a parse asks for. With ``wanted_in`` (the words parsed), only those read from a use ("smth to carry the
    notebook in") or said as a thing wanted ("one of those cases for the tablet"; not "the gaming monitor and headset
    that go with the desktop pc"), and none where the learned type reader overrode the rules."""
    kinds = [c for c in parsed.constraints if c.kind == "category"]
    if wanted_in is None:
        return {str(c.value) for c in kinds}
    if any(n.startswith(TYPE_NOTE) for n in parsed.notes):
        return set()
    text = wanted_in.lower()  # (by its head word: "cases" of a tablet case)
    return {str(c.value) for c in kinds if c.need or re.search(rf"{_WANTED}(?:{_HEADS.get(head := str(c.value).split()[-1], re.escape(head))})(?:e?s)?\b", text)}


#: A kind's head word as shoppers say it: "a cover for the phone" wants a phone case (set OG)
_HEADS = {"case": "case|cover|sleeve|pouch|shell"}


#: A thing added to the order: "grab me some ink too", "a network switch for the office too", "speakers to go with it"
_ADDED = re.compile(r"\b(?:too|also|as\s+well|to\s+go\s+with)\b")  # (after the thing, a few words at most)
# (no article after "and": "And black ink cartridges for them, same brand", set PC)
_ADDING = re.compile(r"(?:(?:^|\b(?:next|now|needs?|wants?|like|grab\s+me|get\s+me|find\s+me|so|and|plus|also|(?:what|how)\s+about))\s+(?:a|an|some|\d{1,3})"
                     r"|^\s*(?:oh,?\s+)?(?:and|plus|also))"  # (no article only where the clause opens: not "my alienware keyboard and headset")
                     r"\s+(?:(?:pair|couple|set)s?\s+of\s+)?"
                     r"(?:(?:separate|second|spare|new|little|small|decent|proper|regular|normal|ordinary|standard|basic|plain|external|internal|portable)\s+)?"  # ("he'd also like a separate scanner", set OS)
                     # (a size or a colour between: "and a 24 inch monitor, same brand", set OL)
                     r"(?:(?:\d{1,3}(?:\.\d)?\s*(?:-\s*)?(?:inch(?:es)?|in|\"|gb|tb)|black|white|silver|grey|gray|red|blue|pink)[\s-]+)?$")  # (right before it)
#: ... or "next on the list is a spare black toner", "next up: a mouse" (set OR)
NEXT_ON_LIST = re.compile(r"\s*(?:(?:ok(?:ay)?|right|cool|great|perfect|lovely|nice|thanks|brilliant)[,.!]*\s+|and\s+)*next\s+(?:on\s+(?:the|my)\s+list|up|thing|item(?:\s+on\s+(?:the|my|our)\s+\w+)?|is\s+(?:a|an|the|some)\b)"
                          r"|\s*(?:and\s+)?also\s+on\s+(?:the|my|our)\s+list\b"  # ("also on the list is a printer", set QI)
                          # ... "2nd thing on the list: headphones", "item 2: surge protector", "item #2 = a display" (set PN)
                          r"|\s*(?:(?:\d(?:st|nd|rd|th)|second|third|fourth)\s+(?:thing|item)(?:\s+on\s+(?:the|my|our)\s+list)?|item\s+#?\d)\b"
                          # ... "last one is the bag", "last one, a backpack", "bag last, under 40", "screen next", "now the case" (set OY)
                          r"|\s*(?:and\s+)?(?:the\s+)?(?:last|final)\s+(?:one|thing|item|bit)(?:\s+for\s+now|\s+(?:for\s+)?today|\s+on\s+(?:the|my|our)\s+list)?\s*(?:,|:|-|\bis\b|\bwill\s+be\b)"
                          r"(?!\s*(?:it|it'?s|its|they|they'?re|that|this|the\s+(?:screen|price|budget|size|colou?r))\b)"  # ("last thing: it has to be a 15.6in screen", SY)  # ("last one for now - a PSU", SJ)
                          r"|\s*(?:great,?\s+|ok(?:ay)?,?\s+|and\s+)?now\s+the\b"
                          r"|\s*(?:and\s+)?(?:the\s+)?(?:(?!(?:the|a|an|my|that|this|me|it|one|take|show|give|want|like)\b)[a-z-]+\s+){1,2}(?:next|last)\b"
                          r"(?!\s+(?:time|week|year|month|one|night))", re.I)
WHILE_HERE = re.compile(r"\s*(?:oh\s+)?(?:and\s+)?(?:also\s+)?(?:while|since)\s+(?:i'?m|im|i\s+am|we'?re|we\s+are|you'?re|youre|you\s+are)\s+(?:here|at\s+it)\b")
_CUT = re.compile(r"[,;!?]|\.(?!\d)| - ")
_THE_ONE = re.compile(r"\b(?:the|my|our|his|her|(?<!\bof\s)their|this|that)\s+$")  # ("one of their surge protector strips too", set OU)
#: ... or said to be one more of them: "my boss wants privacy filters on everything now, so one of those too"
_ONE_OF_THOSE_TOO = re.compile(r"\b(?:one|some|a\s+couple)\s+of\s+(?:those|these|them)\s+(?:too|as\s+well)\b")


def adds_a_thing(text: str, asked: ParsedQuery, shown_kinds: frozenset[str], *, said_after: bool = False) -> bool:
    """Whether the request adds a thing of a kind not shown to the order in the clause that names it (``_ADDED``, ``_ADDING``): a
    switch the learned follow-up reader is not asked about (sets OH, OI)."""
    wanted = {str(c.value) for c in asked.constraints if c.kind == "category"} - shown_kinds
    # (or by the whole message: "while I'm at it, the tv's own sound is so weak ... speakers to hook up to it", set OK)
    opens = WHILE_HERE.match(text) is not None or NEXT_ON_LIST.match(text) is not None
    for a, b, kind in type_spans(text, weak=True):
        if kind not in wanted:
            continue
        start = max((m.start() for m in _CUT.finditer(text, 0, a)), default=-1)  # (a size's point is no cut: "plus a 21.5 inch monitor", PE)
        end = next((m.start() for m in _CUT.finditer(text, b)), len(text))
        # (not after an amount the request already said: "but no more than 1.5k, I also need a new tripod and a spare
        # battery" gives the reason for the budget, set MG)
        # (nor a thing said as "the" one, of which the clause tells: "the docking station they're shipping me is a Dell and
        # they'd really prefer the screen to be dell too", set OE; the cue a few words from the thing at most)
        # (``said_after``: only by a cue after it, "a kettle as well"; not "between a black mouse and a black monitor", set MO)
        if opens or (not re.search(r"\d", text[:start + 1]) and not _THE_ONE.search(text, 0, a) and (
                _ADDED.search(" ".join(text[b:end].split()[:5])) or (not said_after and (_ADDING.search(text[start + 1:a])
                                                                                    or STOCK_QUESTION.search(text[start + 1:a])))
                or _ONE_OF_THOSE_TOO.search(text))):
            return True  # (or asked for as stock, by a question: "Also, do you sell keyboards? any grey ones?" after monitors, set OO)
    return False


def match_spec(parsed: ParsedQuery, products: Sequence[Product]) -> tuple[str, ...]:
    """Shown products that satisfy every numeric constraint of the message ("the 17 inch one")."""
    numeric = parsed.filters.numeric
    if not numeric:
        return ()
    out = []
    for p in products:
        ok = True
        for key, rng in numeric.items():
            value = p.attributes.get(key)
            if not isinstance(value, int | float) or not rng.contains(float(value)):
                ok = False
                break
        if ok:
            out.append(p.id)
    return tuple(out)


def names_shown(named: str, kind: str | None) -> bool:
    """Whether ``named`` is the shown ``kind`` or a broader word for it: "... so a philips tv please" after TVs, "the bag i
    want in black" after notebook bags or backpacks (sets PJ, PK) refine them, keeping the sizes and the budget said before."""
    return kind is not None and (named == kind or broader_category(kind) == named or (kind, named) in (("backpack", "bag"), ("ups", "battery")))  # ("want a decent battery not a toy" after UPSs, SX)


def named_short(text: str, before: str, kind: str | None) -> set[str]:
    """The kinds ``text`` names by a word the last search (``before``) named the shown ``kind`` with: "arms in black pls"
    after "monitor arms" (shown monitor mounts) is no stand (set OI); "the monitor itself" is the monitor (set SN); so is a
    broader word for it ("keep the bag under $70" after backpacks) and the word the last search's head was said with ("black
    bracket only" after "a wall bracket", shown monitor mounts, set SW: both accessories, not "a new laptop to go in it" after
    "I walk the laptop ... a laptop backpack", set RJ)."""
    before, text = before.lower(), text.lower()
    spans = type_spans(before, weak=True)
    said = [before[a:b] for a, b, k in spans if k == kind]
    return {k for a, b, k in type_spans(text, weak=True)
            if k != kind and (any(re.search(rf"\b{re.escape(text[a:b])}s?\b", s) for s in said) or names_shown(k, kind)
                              or (spans and k == spans[0][2] and kind is not None and is_accessory(k) and is_accessory(kind) and re.search(rf"\b{re.escape(text[a:b])}\b", before[spans[0][0]:spans[0][1]])))
            and not _ITSELF.match(text, b)}


_ITSELF = re.compile(r"s?\s+(?:itself|themselves)\b")


_COUNTS = {"two": 2, "three": 3, "both": 2, "2": 2, "3": 3}
# (not "both" said of what must hold of the thing asked and the one before: "And a kettle as well, same budget. Both have to fit
# in one cupboard", set RG)
# (nor "both" of people: "scrap the black, they've both decided they want white now", "they both want blue ones", set RM)
_FIRST_N = re.compile(r"\b(?:first|top)\s+(two|three|2|3)\b|(?<!\bthey\s)(?<!\bthey've\s)(?<!\bwe\s)(?<!\bwe've\s)(?<!\byou\s)(?<!\btwins\s)"
                      r"\bboth\b(?!\s+(?:have|has|need|must|should|will|would|can|could|are|fit|go)\b)"
                      r"|\bthe\s+(two|three)\b", re.I)
# ("last time", "my last one", "first year": a time, no product shown; "top" of a range is no product either)
# ("a second one" is one more, "longer than the last" the shopper's last one: set OK)
# (not the shopper's old one: "a case so it doesn't end up like the last one", set OM)
# (nor the shopper's old one a story undid: "lightning took out the last one through the phone line", set RJ)
_ORDINAL = re.compile(r"(?<!\bmy\s)(?<!\bour\s)(?<!\ba\s)(?<!\ban\s)(?<!\bthan\sthe\s)(?<!\bthan\smy\s)(?<!\bup\slike\sthe\s)(?<!\bunlike\sthe\s)"
                      r"(?<!\btook\sout\sthe\s)(?<!\btaken\sout\sthe\s)(?<!\bknocked\sout\sthe\s)(?<!\bkilled\sthe\s)(?<!\bfried\sthe\s)(?<!\bbroke\sthe\s)(?<!\bwrecked\sthe\s)(?<!\bdestroyed\sthe\s)"
                      r"\b(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last|top|former|latter)\b"
                      r"(?!\s+(?:two|three|2|3|time|times|week|month|year|night|season|one\s+i|one\s+we|end|notch|of\s+the\s+line|bit|thing|piece|item|step|part|"
                      r"thoughts?)\b)"  # ("on second thought nothing under one-fifty", set PA)
                      # (nor the last thing on a list: "last one is the bag", "last one, a backpack", set OY)
                      r"(?!\s+one\s*(?:,|:|\s-|\s+is)\s+(?:the|a|an)\s+(?!(?:cheapest|best|most|least|one|same|first|second|better|nicer)\b))", re.I)  # ("Last bit is RAM", set OR)
_PAST_BEFORE = re.compile(r"\b(?:spent|paid|cost|bought|had|got)\s+(?:\w+\s+)?(?:on|for)\s+(?:the|my|our)\s+$", re.I)
_NUMBER_REF = re.compile(r"(?:\[(\d)\]|#(\d)|\bnumber\s+(\d)\b|\b(?:option|item|product|result)\s+(\d)\b)", re.I)


def refs_by_ordinal(message: str, shown: Sequence[str]) -> tuple[str, ...]:
    """The shown products a message points at by number or ordinal ("the first two", "#2", "the last one"); none where it
    opens with the next thing on a list ("bag last, under 40", set OY)."""
    if not shown or NEXT_ON_LIST.match(message):
        return ()
    if m := _FIRST_N.search(message):
        word = (m.group(1) or m.group(2) or "both").lower()
        return tuple(shown[: _COUNTS.get(word, 2)])
    picked: list[str] = []
    for m in _NUMBER_REF.finditer(message):
        n = int(next(g for g in m.groups() if g))
        if 1 <= n <= len(shown):
            picked.append(shown[n - 1])
    for m in _ORDINAL.finditer(message):
        if _PAST_BEFORE.search(message, max(0, m.start() - 30), m.start()):
            continue  # what was spent on the shopper's old one: "can't exceed the $2000 we spent on the last one" (set OQ)
        i = ORDINALS[m.group(1).lower()]
        if -len(shown) <= i < len(shown):
            picked.append(shown[i])
    return tuple(dict.fromkeys(picked))


# The parts a computer is built of: a case said on its own after one is the computer's ("Last thing is a case, black, under
# $100" after a graphics card and a power supply, set PQ)
_PC_PARTS = frozenset({"processor", "memory module", "motherboard", "internal hard drive", "internal ssd", "computer cooling",
                       "power supply unit", "graphics card", "sound card", "network card", "interface card", "optical drive"})


def case_for_the_shown(text: str, kind: str | None) -> str:
    """``text`` with a case or cover said on its own named as the shown kind's: "Please also source protective cases in
    black" after tablets searches tablet cases, no MP3 player's (set PC); after a computer's part, a computer case (set
    PQ); unchanged when none is said, or the kind has none."""
    if kind in _PC_PARTS:
        said, not_before = r"cases?", r"\s+for\b"
    elif kind is None or is_accessory(kind) or (narrow := derive_category(f"{kind} case")) in (None, "bag") or not is_accessory(narrow):
        return text
    else:  # (a bag said on its own too, where the kind has bags of its own: "it'll need a bag too" after laptops, set PQ)
        said, not_before = r"cases?|covers?|sleeves?" + ("|bags?" if narrow.endswith(" bag") else ""), r"\s+(?:for|to\s+fit|that\s+fits?)\b"
    for start, end, found in type_spans(text.lower()):
        if found == "bag" and re.fullmatch(said, text[start:end].lower().split()[-1]) and not re.match(not_before, text[end:]):
            return f"{text[:start]}computer case{text[end:]}" if kind in _PC_PARTS else f"{text[:end]} for the {kind}{text[end:]}"
    return text


def spec_noun_only(parsed: ParsedQuery, shown_kind: str | None) -> bool:
    """Whether the only kind the message names is the noun of the memory it asks of a computer shown: "RAM 8GB min" after
    laptops (set PN) asks for laptops with 8 GB, not for memory modules."""
    kinds = {str(c.value) for c in parsed.constraints if c.kind == "category"}
    return kinds == {"memory module"} and shown_kind in RAM_DEVICES - {"memory module"} and any(c.kind == "memory_gb" for c in parsed.constraints)


def for_the_shown_thing(text: str, kind: str | None, parser: QueryParser) -> bool:
    """Whether ``text`` names the kind shown as what the thing asked for is for ("a cover for the phone" after phones)."""
    return kind is not None and any(kind in {k, broader_category(k)} for m in FOR_THE.finditer(text)
                                    for *_, k in type_spans(parser.normalize(m.group(1))))


def starts_over(parsed: ParsedQuery, shown_kinds: Callable[[], frozenset[str]], parser: QueryParser) -> bool:
    """A request that is no refinement of the last search whatever its cue words: a gift ("my son
    wants an electric guitar for xmas, beginner one is fine" after phone cases), or a brand said on its
    own that sells none of the kinds just shown ("anything by thule? love their stuff" after UPSes)."""
    if (parsed.gift_hint is not None or gift_without_hint(parsed.notes)) and not THIS_IS_A_GIFT.search(parsed.raw):
        return True  # (not the thing shown, said to be a gift: "actually it has to be blue, it's a gift and she loves blue")
    if (brand := brand_only(parsed)) is None:
        return False
    kinds = shown_kinds()
    return bool(kinds) and not kinds & set(parser.vocabulary.brand_categories.get(brand, ()))


def a_thing_first(clause: str) -> bool:
    """A clause that opens with a kind and goes on to what it is for: "speakers to hook up to it" (set OK), "now a DVD player
    to sit under it" (set PM)."""
    text = re.sub(r"^(?:now|next|then)\s+(?:an?|some)\s+", "", clause.strip().lower())
    return any(a == 0 and re.match(r"\s*(?:to|for|that|which|with)\b", text[b:]) for a, b, _ in type_spans(text))
