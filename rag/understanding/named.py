"""Named items: does the catalog carry the model or product line the shopper names?

A word check (``rag.generation.relevance.unknown_words``) sees a name no record holds ("bose").
It cannot see a name the catalog holds only around other products: "iphone" in the titles of
iPhone cases and chargers, "apple" in "charger for Apple iPod", a model number that no title
gives ("galaxy" is carried, a "galaxy s99" is not). Here a request's **name words** (what is left
once product types, brands, specs, prices, colours, soft and filler words are set aside) are
looked up in the titles of the products that hold them:

* a name in the request's head ("iphone 15 pro", "apple laptop") is carried when some product
  holding it *is* that item: of the asked type (or, with no type asked, not an accessory), and
  the name not only in its "for ..." clause ("Headset for iPhone" is no iPhone);
* a name in a "for ..." clause of the request, or beside an accessory type ("keyboard for an
  ipad", "galaxy case"), names the device served: carried when some title holds it at all.

Model numbers and letters after a name belong to it ("iphone 15", "xbox series x") and must
follow it in the same title. The lookup is the caller's (a lexical search for the name and the request),
so this module stays a pure function of the request and the records.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rag.catalog.categories import TAXONOMY, broader_category, is_accessory, normalize_text, type_spans
from rag.records import Product
from rag.understanding.constraints import SOFT_WORDS, ParsedQuery
from rag.understanding.english import (
    CHAT_SPELLINGS,
    GAME_TITLES,
    GRADE_WORD,
    LOOSE_WORDS,
    PEOPLE_AND_PLACES,
    WHEN_WORDS,
    english_words,
    superlative,
)
from rag.understanding.exclusions import without_refused
from rag.understanding.mixed import FOREIGN_WORDS
from rag.understanding.owned import without_mine

_TOKEN = re.compile(r"[a-z0-9][a-z0-9-]*")


def _generic_words() -> frozenset[str]:
    """Words of the type phrases of two or more categories ("usb", "memory", "mobile", "pro"):
    they describe products of many kinds, so they name no product line ("galaxy", a word of one
    category's phrases only, still does)."""
    seen: dict[str, set[str]] = {}
    for c in TAXONOMY:
        for phrase in (*c.phrases, *c.weak):
            for w in _TOKEN.findall(phrase.lower()):
                seen.setdefault(w, set()).add(c.name)
    return frozenset(w for w, names in seen.items() if len(names) >= 2 and w.isalpha() and len(w) > 1)


_GENERIC = _generic_words()
# "for" that says what an item serves; not the "for" of "looking for a 3d printer".
# A clause ends at its punctuation or at a conjunction: "its for uni so ill be carrying it around all day".
# (and at what the thing must do: "a backpack for overnight hikes that'll take my laptop too", set QS)
_CLAUSE_END = re.compile(r"[,.;:!?()]|\s-\s|\b(?:so|because|cause|cuz|coz|but|since|that|which)\b")
_WHO = re.compile(r"\bwho(?:'s|s)?\b")
_COMPAT = re.compile(r"(?<!looking\s)(?<!searching\s)(?<!shopping\s)(?<!asking\s)\b(?:for|fits?|compatible\s+with|to\s+fit|works\s+with)\b")
#: Words that name no product: grammar, requests, comparatives, materials of a request.
_NOT_NAMES = frozenset(
    ["a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "from", "by", "with", "without", "for", "fit", "fits", "compatible", "works", "my", "me", "i", "you", "your", "our", "we", "he", "she", "they", "him", "her", "his", "their", "is", "are", "be", "it", "its", "this", "that", "these", "those", "some", "any", "new", "best", "good", "great", "nice", "cheap", "cheaper", "cheapest", "quiet", "small", "big", "under", "over", "below", "above", "about", "around", "looking", "need", "needs", "want", "wants", "buy", "get", "show", "find", "please", "something", "anything", "one", "ones", "other", "another", "else", "only", "also", "just", "like", "likes", "love", "loves", "enjoy", "enjoys", "what", "which", "who", "how", "can", "could", "would", "should", "do", "does", "have", "has", "there", "here", "more", "less", "most", "least", "than", "very", "really", "too", "not", "no", "yes", "ok", "okay", "thanks", "thank", "hi", "hello", "recommend", "suggest", "options", "option", "alternative", "alternatives", "similar", "same", "up", "down", "inch", "inches", "dollar", "dollars", "bucks", "usd", "eur", "euro", "euros", "pound", "pounds", "gbp", "price", "budget", "max", "min", "around", "approx", "approximately", "kid", "kids", "child", "children", "man", "men", "woman", "women", "someone", "somebody", "stuff", "thing", "things", "thingy", "gadget", "gadgets", "gizmo", "doohickey", "contraption", "filters", "model", "version", "type", "kind", "bigger", "smaller", "lighter", "faster", "newer", "better", "pricier", "top", "high", "low", "end", "range", "set", "pack", "pair", "pieces", "black", "white", "grey", "gray", "silver", "blue", "red", "green", "yellow", "pink", "gold", "orange", "purple", "brown", "beige", "wireless", "wired", "bluetooth", "cordless", "corded", "cable-free",
     # what an item is for, not a product: "noise cancelling headphones for long flights"
     "long", "flights", "flight", "trips", "trip", "travel", "travelling", "traveling", "commute", "commuting",
     "journeys", "plane", "train", "bus",
     # when and where a shopper saw something: "the price on your site yesterday" names no product
     "yesterday", "today", "tomorrow", "tonight", "week", "weeks", "month", "months", "year", "years", "day", "days", "hour", "hours", "minute", "minutes", "ago", "last", "earlier", "before",
     "site", "website", "web", "online", "store", "shop", "ad", "advert", "email", "newsletter", "listed", "saw", "seen",
     # chat spellings
     "u", "ur", "ya", "pls", "plz", "thx", "guys", "yall", "im", "ive", "w", "w/",
     # how others rate it ("top rated logitech keyboard for less than 80?", set PW)
     "rated", "reviewed", "selling", "recommended", "popular",
     # plain or of the usual kind ("plus a regular spinning hard drive for backups", set PT)
     "regular", "normal", "standard", "ordinary", "traditional", "conventional", "classic", "basic", "plain", "spinning",
     "mechanical", "everyday",
     # insisting on the thing itself ("the actual samsung galaxy tab itself")
     "itself", "themselves", "actual", "actually", "real", "proper", "genuine", "original",
     # how it comes: "a ready made desktop pc" ("surface" in "microsoft surface laptop" is a name)
     "ready", "made", "readymade", "premade", "prebuilt", "pre-built", "built", "assembled", "complete", "whole",
     # doing it oneself ("want to sort it out myself at home")
     "myself", "yourself", "himself", "herself", "ourselves", "themself", "out", "off",
     # one more of what the shopper has ("want a second lens for it", "a spare charger"), or another ("need a different
     # washing machine", set RD)
     "first", "second", "third", "spare", "extra", "backup", "replacement", "additional", "different",
     # ... or one apart from what the shopper has ("want separate speakers", "a standalone mic")
     "separate", "standalone", "stand-alone", "dedicated",
     # how many, ordered ("ordering 20 keyboards for the call centre"), and a screen's size said as a kind ("a big-screen
     # smartphone")
     "ordering", "order", "ordered", "big-screen", "large-screen", "small-screen", "bigscreen",
     # asking what there is ("do you sell 3d printers" names "3d printers", not "sell 3d")
     "sell", "sells", "selling", "carry", "carries", "stock", "stocks", "got",
     # a size said loosely ("a 15 inch-ish laptop")
     "ish",
     # "samsung pls, im used to it": a habit, not a product ("used", "refurbished" condition is no model's name either)
     "used", "refurbished", "secondhand", "second-hand",
     # how it is used: "mostly for work + lots of chrome tabs" (browser tabs, no Galaxy Tab)
     "tabs", "browser", "browsers", "browsing",
     # when and where in a sentence: "bluetooth speaker for the garden when we have bbqs"
     "when", "whenever", "where", "while", "if", "because", "since", "until", "after",
     # the shopper's own one, or any one: "my current monitor is 24 inches", "whatever samsung tablet you carry"
     "current", "existing", "present", "trusty", "ancient", "whatever", "whichever",
     # what a thing is for, said with a verb: "a screen to project onto", "something to beam it onto" (set NV-OC, dev)
     "onto", "into", "project", "projecting", "beam", "as", "well",
     # ... or what is shown or printed on it ("a TV to play pet care videos", set RU)
     "play", "playing", "show", "showing", "stream", "streaming", "print", "printing", "scan", "scanning",
     # a price said with the words of a cap ("hp brand limit 40", set OD)
     "brand", "brands", "limit", "cap", "ceiling", "tops",
     # an office's layout and its desks ("cable management for the open plan office", set OI)
     "open", "plan", "open-plan", "hot", "desking",
     # a clause's start ("a GPU so DaVinci Resolve stops dropping frames", set QF)
     "so", "but", "cause", "cuz", "coz",
     # what a thing is part of ("a surge protector for the home cinema setup", set QM)
     "setup", "set-up", "setups",
     # a way through and a time of it ("get through phones like nobody's business", "for the first time", set QS)
     "through", "across", "past", "via", "time", "times",
     # whose a thing is, its provider's ("Next I'm replacing the ISP router, it runs hot", set RO)
     "isp", "isps", "provider", "provider's",
     # buying in quantity ("Bulk buying headphones for hostel guests", set SW)
     "bulk", "buying", "purchasing", "inexpensive",
     # what a thing is, said as goods ("the Braun grooming products you keep", "capacity per RAM stick", sets TA, TB)
     "products", "product", "items", "goods", "per"]
) | PEOPLE_AND_PLACES | WHEN_WORDS | GAME_TITLES


#: Type phrases that are one maker's product line: a name checked against the titles ("do you have the
#: playstation 5": the catalog's PlayStation 4s are no PS5; "nintendo switch": only cases for it), not a type word.
LINE_PHRASES = frozenset({"playstation", "xbox", "nintendo switch", "kindle"})
_LINE_FIRST = frozenset(p.split()[0] for p in LINE_PHRASES)
_LINE_WORDS = frozenset(w for p in LINE_PHRASES for w in p.split())


@dataclass(frozen=True, slots=True)
class NamedItem:
    """A run of name words in the request: "iphone 15 pro", "apple"."""

    words: tuple[str, ...]
    served: bool  # in a "for ..." clause, or beside an accessory type: the device an accessory serves
    modifier: str = ""  # the type words right after it ("headset" after "vr"), or "" when none follows

    @property
    def text(self) -> str:
        return " ".join(self.words)


def named_items(parsed: ParsedQuery, text: str | None = None) -> tuple[NamedItem, ...]:
    """The request's runs of name words (see the module's docstring). ``text``: the request as
    the parser normalized it (``QueryParser.normalize``), where its constraints' words were found.

    Once the request names a product type, a run is a name only where names go: in a "for ..."
    clause or beside an accessory type (the device served), holding a model number ("galaxy s20"),
    or right before a type word ("vr headset", "3d printer", "apple laptop"). The other words of
    a sentence ("back up *all* my photos", "show *slides* on the wall", "*built* in speakers") are
    the shopper's, not products the catalog lacks."""
    text = without_mine((text if text is not None else parsed.raw).lower())  # not the shopper's own ("isp's router drops ...")
    text = without_refused(text)  # nor what is refused ("no I don't want to hear about mechanical switches", set PH)
    text = re.sub(r"n['’]t\b", " not", text)  # "the members aren't juggling two remotes": no "aren" name (set QW)
    text = re.sub(r"\b([a-z])\s*&\s*([a-z])\b", r"\1n\2", text)  # "S&C coach": one word, no "s" and "c" (set RC)
    text = re.sub(r"(?<=[a-z])['’](?:s|re|m|ve|ll|d|t)\b", "", text)  # "she's", "they're": no "s" or "re" names
    text = _NO_NAME.sub(" ", text)
    for c in parsed.constraints:  # brands, prices, specs, colours: known words, not names
        if c.kind != "category":
            text = text.replace(c.text.lower(), " | ")
    text = _without_counts(_COUNT.sub(" ", text))  # "qty 3 printers", "desktop pcs x3": how many, no model (set OI)
    types = [str(c.value) for c in parsed.constraints if c.kind == "category"]
    accessory_type = any(is_accessory(t) for t in types)
    compat = _COMPAT.search(text)
    # "memory card", "laptop": type words, never names; but a maker's line is one ("playstation 5")
    typed = [t for t in type_spans(text) if text[t[0]:t[1]] not in LINE_PHRASES]
    runs: list[NamedItem] = []
    current: list[str] = []
    served = False
    about_a_person = False  # in a "who ..." clause of the "for ..." one: "a backpack for my granddaughter who's going travelling round europe"

    last_end = 0
    started = 0

    def close(at: int) -> None:
        while current and _TRAILING.fullmatch(current[-1]):
            current.pop()  # "playstation obviously", "gtx 1060 stays", "macbook already": the name ends before them
        if current and (served or len(current) == 1) and current[0].endswith("ing") and (_english(current[0]) or _doing(current[0])):
            current.clear()  # what it is for, said by a verb: "contact grills for making paninis" (set QP), or what is done:
            # "Restocking batteries for the remotes" (set RB)
        if current and served and (all(_english(w) for w in current) or (types and not accessory_type)) and current[-1].endswith("s") \
                and current[-1][:-1] in english_words():
            current.clear()  # ... or by what is done, in the plural: "a backpack for overnight hikes" (set QS; a device served is no plural
            # of the language: "a case for my kindle")
        if current and _doing(current[-1]) and all(_english(w) or _doing(w) for w in current):
            current.clear()  # what is done, said before what it is done to: "finally ditching paper scores", "piloting tablets" (SY, SZ)
        if current and len(current) == 1 and len(current[0]) == 1:
            current.clear()  # a letter alone names nothing: "the new closet in B wing" (set SZ)
        if current and all(w.endswith("proof") and w[:-5] in english_words() for w in current):
            current.clear()  # what it stands up to, no name: "sweatproof earbuds for the gym" (set QU)
        if current and _TO_DO.search(text, 0, started):
            current.clear()  # what is done with it, no name: "Handheld vac for our cleaner to do quick turnarounds between guests" (set RB)
        if current and not accessory_type and said_of(text[last_end:]):
            current.clear()  # the subject of what is said: "the RX 580 in there is dying" (set SP)
        if current and (not served or types) and not accessory_type and _OWN_BEFORE.search(text, 0, started):
            current.clear()  # the shopper's own ("my thinkpad x220 finally died", "already have a nintendo switch"), not asked
            # (nor a device of theirs that a device asked for serves: "a 27 inch gaming monitor for my Xbox Series X", set QK)
        # (what a device asked for serves, said in the plural, is a use: "a big monitor for the cctv feeds", set QX)
        if current:
            # The type right after the run, with nothing but spaces between ("photos, laptop" has a comma).
            span = next(((a, b) for a, b, _ in typed if a == at), None) if not text[last_end:at].strip() else None
            after = text[span[0]:span[1]] if span else ""
            if span and said_of(text[span[1]:]):
                current.clear()  # the subject of what is said, not asked for: "homelab rack needs battery backup"
                return
            if span and "furniture" not in types and any(a == span[0] and kind == "furniture" for a, _, kind in typed):
                current.clear()  # the furniture it goes on, no name: "a laptop for a tiny dorm desk", "fits the tiny pull-out desk" (set RG)
                return
            model = _has_model_number(current)
            # A number first is a spec or a count ("2 pack"), unless it names a kind of the type
            # after it ("3d printer", "4k tv").
            if (not current[0][0].isdigit() or (after and re.search(r"[a-z]", current[0]))) \
                    and (not types or (served and ((accessory_type and not about_a_person) or not all(_english(w) for w in current)))
                         or model or after or current[0] in _LINE_FIRST):
                # (a device "for the art department", "for the language lab": the people or the place it is for, in
                # words of the language, no device it serves; an accessory's "for my kindle" still names one)
                runs.append(NamedItem(tuple(current), served or accessory_type, after))
        current.clear()

    for m in re.finditer(r"\|" + r"|" + _TOKEN.pattern, text):
        word = m.group(0)
        # A "for ..." clause ends at the clause's end: "gift for my niece, she's obsessed with dolls"
        in_compat = compat is not None and m.start() >= compat.end() and not _CLAUSE_END.search(text, compat.end(), m.start())
        if current and _CLAUSE_END.search(text, last_end, m.start()):
            close(m.start())  # "galaxy, dropped it twice": a comma ends a name
        if current and _VERDICT.fullmatch(word):
            current.clear()  # the subject of a verdict on what was shown, not asked for: "k the a51 looks good" (set OD)
        if word == "|" or not _is_name(word) or any(a <= m.start() < b for a, b, _ in typed) or _STORY_VERB.fullmatch(word) \
                or word in _COUNT_WORDS or (word.isdigit() and _TIMES.match(text, m.end())):  # a count of time: "finally digitising 40 years of photos", "archiving ten years of RAW files" (set QF)
            close(m.start())
            continue
        if not current:
            started = m.start()
            served = in_compat
            about_a_person = in_compat and _WHO.search(text, compat.end(), m.start()) is not None  # type: ignore[union-attr]
        current.append(word)
        last_end = m.end()
    close(len(text))
    return tuple(runs)


# (or what is shown or printed on it: "a TV to play pet care videos", "we print adoption contracts", set RU)
_TO_DO = re.compile(r"\b(?:to\s+(?:do|make|manage|handle|speed\s+up|play|show|watch|stream|print|scan)|(?:we|i|they)\s+(?:print|scan|play|show|stream))\s+"
                    r"(?:the\s+|some\s+|our\s+|my\s+|a\s+|all\s+)?$")


#: Numbers that are no model: a temperature ("my cpu hits 90c", set QK), sizes said in the plural ("my two 24s")
_NO_NAME = re.compile(r"(?<![\w.])\d{2,3}\s?(?:°\s?)?c\b|(?<![\w.])\d{2}(?:\"|-?inch(?:es)?|in)?s\b|°"
                      # a cable's grade and a socket's country, no model: "short cat6 patch leads" (set SK), "US style sockets" (SO)
                      r"|\bcat\s?[5-8](?:e|a)?\b|\b(?:us|uk|eu|euro?|american|british|european)[\s-]style\b")


#: A count of the order: "qty 3", "quantity: 12", "x6", "3x", "6 pcs"
_COUNT = re.compile(r"\b(?:qty|quantity)\s*[:.]?\s*\d+\b|\bx\s?\d{1,3}\b|\b\d{1,3}x\b|\b\d+\s*(?:pcs|units)\b")
# ... and a number before things of a kind said in the plural, after a word of the language: "We are procuring 15 laptops",
# "quote 200 mice", "require 10 network switches" (set PC; not a model's: "iphone 15 plus cases")
_ORDER_WORDS = frozenset(["require", "requires", "need", "needs", "want", "quote", "order", "purchase", "procure", "buy", "get", "add",
                          "source", "supply", "provide", "deploy", "equip", "plus", "and", "also", "so", "lastly", "of", "for",
                          "with", "another", "additional", "us", "me", "them", "be", "are", "is", "take"])
_PLURAL_AFTER = re.compile(r"\b\d{1,4}(?=\s+(?!(?:years|months|weeks|days|hours|minutes|times)\b)((?:[a-z-]+\s+){0,2}(?:mice|[a-z]+s))\b)")


def _without_counts(text: str) -> str:
    def count(m: re.Match[str]) -> str:
        last = re.search(r"([a-z']+)[^a-z']*$", text[: m.start()])  # (the word before the count)
        before = last.group(1) if last else ""
        kinds = type_spans(m.group(1))
        said_to = not before or before in _ORDER_WORDS or before.endswith("ing") or (_english(before) and kinds and kinds[0][0] == 0)
        return " " if said_to and kinds and kinds[-1][1] == len(m.group(1)) else m.group(0)
    return _PLURAL_AFTER.sub(count, text)


# A name said as the shopper's own: "my thinkpad x220 died", "i shoot a nikon d750", "already have a nintendo switch"
# (constraint sets LL and LN, after their reads; a device an accessory is for stays a name: "my galaxy s20 needs a case")
# (a brand between: "My coworker swears by his Logitech MX Master", set ON; the brand read is a "|" here)
_OWN_BEFORE = re.compile(r"(?:\b(?:my|our|his|her|their|your)\s+(?:old\s+|current\s+|trusty\s+|main\s+|work\s+)?(?:\|\s+)?|"
                         # ("been rocking an RX 480 since 2016", set QK)
                         r"\b(?:been\s+)?(?:rocking|running|using|gaming\s+on|playing\s+on|stuck\s+with|stuck\s+on)\s+(?:an?\s+|the\s+|this\s+)?|"
                         r"\b(?:i|we|he|she|they)\s+(?:already\s+)?(?:have|has|had|own|owns|shoot|shoots|use|uses|got)\s+(?:an?\s+|the\s+)?|"
                         r"\balready\s+have\s+(?:an?\s+)?|"
                         r"\b(?:have|has|own|owns|got)\s+(?:an?\s+|the\s+)?[\w\s-]{1,40}?\s+and\s+(?:an?\s+|the\s+)?)$")  # ("... and an xbox one s")
# What is said of a thing right after it names it as the subject (sets ND, NL)
# (a need or trouble, not any "is": "a vr headset is what he wants" still asks for one; "our receipt printer is toast" does not)
_SAID_OF = re.compile(r"\s*(?:(?:in\s+there|in\s+it|inside)\s+(?=is\s|was\s|'s\s))?"  # ("the RX 580 in there is dying", set SP)
                      r"(?:needs|keeps|kept|broke|died|dies|drops|dropped|dropping|stutters|stuttering|lagging|stops|stopped|fails|failed|crashes|crashed|lags|freezes|"
                      r"(?:is|was|'s)\s+(?:toast|dead|broken|maxed|full|dying|gone|shot|busted|fried|kaput|done|failing|cracked)|"
                      # ... or a verdict on it: "the airline headphones are awful" (set SO)
                      r"(?:is|are|was|were)\s+(?:so\s+|just\s+|really\s+)?(?:awful|terrible|horrible|rubbish|useless|garbage|junk|trash|crap|dreadful)|"
                      # ... or that it plugs into what is asked for ("night light, monitor and humidifier all plug in there", set QV)
                      r"(?:all|both)\s+plug|plugs?\s+in(?:to)?)\b")


def said_of(after: str) -> bool:
    """Whether the words ``after`` a thing say it needs something or is in trouble: then it is the subject of what is
    said ("homelab rack needs battery backup", "memory is maxed out"), not an item asked for."""
    return _SAID_OF.match(after) is not None
_COUNT_WORDS = frozenset(["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "fifteen", "twenty",
                          "thirty", "forty", "fifty", "few", "couple", "several", "many"])
_TIMES = re.compile(r"\s+(?:years?|months?|weeks?|days?|hours?|minutes?|yrs|mins|times)\b")  # ("I go 5 times a week", set SP)
# A verdict on a name, which makes it the subject of what is said, not an item asked for ("k the a51 looks good", set OD)
_VERDICT = re.compile(r"looks|looked|seems|seemed|sounds|sounded")
# ... and what is said of it, which ends the name ("my thinkpad x220 finally died")
# ("so DaVinci Resolve stops dropping frames", set QF)
_STORY_VERB = re.compile(r"died|dies|lost|broke|leaked|snapped|cracked|stopped|stops|crashes|freezes|lags|failed|hurt|hurts|stolen|shot|sorted|fine")
# Words that follow a name in a sentence and are none of it (constraint set LL, after its read)
_TRAILING = re.compile(r"[a-z]{3,}ly|maybe|perhaps|fleet|fleets|but|and|or|already|stays?|again|anymore|still|too|though|tho|anyway|either|yet|now|then|here|there"
                       r"|page|listing|review|site|website|ad")  # (where it was read: "the S6 Lite page says ...", set SC)


def _doing(word: str) -> bool:
    """A verb's "-ing" form of the language ("piloting", "ditching", "mailing"), four letters or more before it."""
    stem = word[:-3]
    return word.endswith("ing") and len(stem) > 2 and (stem in english_words() or f"{stem}e" in english_words()
                                                       or (stem[-1] == stem[-2] and stem[:-1] in english_words()))


def _english(word: str) -> bool:
    """A word of the language, or words of it joined by hyphens ("runs cross-country", "a well-known brand")."""
    # (or its plural: "for bookings and emails", "for overnight hikes", set QQ)
    return word in english_words() or (word.endswith("s") and word[:-1] in english_words()) \
        or ("-" in word and all(p in english_words() or p in _PREFIXES for p in word.split("-") if p))


# Prefixes that join words of the language ("multi-monitor", "dual-band"). (Set PD's "a multi-monitor trading desk" is still
# read as a name the catalog lacks: a title holds "multi-monitor", and none is a desk.)
_PREFIXES = frozenset(["multi", "dual", "triple", "quad", "mini", "semi", "non", "anti", "pre", "co"])


def _has_model_number(words: Sequence[str]) -> bool:
    """A model number in a run: letters and digits in one word ("s20", "a51"), a number after a
    name ("iphone 11") or a letter after a word ("series x"); not a number after a word of the
    language ("day 2 already", "week 3")."""
    return any(
        (any(ch.isdigit() for ch in w) and any(ch.isalpha() for ch in w))
        or (w.isdigit() and i > 0 and words[i - 1] not in english_words())
        or (len(w) == 1 and w.isalpha() and i > 0)  # "xbox series x"
        for i, w in enumerate(words)
    )


def _is_name(word: str) -> bool:
    if word in _LINE_WORDS:
        return True  # "switch" of "nintendo switch" (outside a type phrase only: see named_items)
    if word in _NOT_NAMES or word in SOFT_WORDS or word in _GENERIC or word in CHAT_SPELLINGS or word in LOOSE_WORDS or superlative(word) \
            or word in FOREIGN_WORDS:
        return False  # (nor one that grades it: "whats the lightest laptop you've got", "loudest pc speakers", set PW)
    # A bare number is a model number ("iphone 15"); a number with a unit is a spec ("6gb", "65w").
    if ("-" in word and all(part in english_words() for part in word.split("-"))) \
            or GRADE_WORD.fullmatch(word):
        return False  # a compound of the language: "a high-speed document scanner" (set SA), "heavy-duty"
    if re.fullmatch(r"usb-?[abc]|type-?[abc]|thunderbolt-?\d?|hdmi|vga|dvi|displayport|\d(?:\.\d)?mm", word):
        return False  # a port, no model: "the USB-C monitor I have at work" (set SG)
    if re.fullmatch(r"\d+(?:st|nd|rd|th)", word) or ((m := re.fullmatch(r"\d+-([a-z]+)", word)) and m.group(1) in english_words()):
        return False  # "2nd year", "a 4-bay nas", "8-port": an ordinal or a count of a part, no model
    return not re.fullmatch(r"\d+(?:\.\d+)?(?:gb|tb|mb|w|v|mah|mm|cm|m|hz|k|p|kg|g|in|inch)", word)


def _series(words: Sequence[str]) -> str | None:
    """The prefix of a series said by it ("tm-series", "tm series": "tm"), or None."""
    if (m := re.fullmatch(r"([a-z0-9]+)-series", words[0])) is not None:
        return m.group(1)
    return words[0] if len(words) > 1 and words[1] == "series" else None


def title_tokens(product: Product) -> list[str]:
    return _TOKEN.findall(product.title.lower())


def _model(word: str) -> bool:
    """A model number or letter that belongs to the name before it ("15", "s21", "x")."""
    return len(word) == 1 or any(ch.isdigit() for ch in word)


def _holds(tokens: Sequence[str], words: Sequence[str]) -> int:
    """Where the name starts in a title's ``tokens`` (-1: nowhere). Its first word and the model
    numbers right after it must be next to each other ("iphone 15"); its other words may be
    anywhere in the title ("gps watch" in "... Galaxy Watch ... GPS")."""
    n = 1
    while n < len(words) and _model(words[n]):
        n += 1
    head, rest = tuple(words[:n]), set(words[n:])
    # (a word said in the plural is the title's in the singular: "galaxy watches" in "Galaxy Watch Active2")
    if not rest <= set(tokens) | {t + "s" for t in tokens} | {t + "es" for t in tokens}:
        return -1
    for i in range(len(tokens) - n + 1):
        if tuple(tokens[i : i + n]) == head:
            return i
    return -1


def _is_the_item(product: Product, at: int, tokens: Sequence[str], types: Sequence[str]) -> bool:
    """Is ``product`` the named item itself (not an accessory for it, not a "for ..." mention)?"""
    if "for" in tokens[:at] or "compatible" in tokens[:at]:
        return False
    # A title that names an accessory ("... game console case Sleeve case Nintendo") is one,
    # whatever category the record was filed under.
    if any(is_accessory(name) for _, _, name in type_spans(normalize_text(product.title))):
        return False
    if product.category in set(types) | {b for t in types if (b := broader_category(t)) is not None}:
        return True
    # Not of the asked type, but a device holding the name still shows the catalog carries it
    # ("samsung galaxy phone": the Galaxy phones are filed as smartphones, the request said phone).
    # An unfiled record counts too: its title named no accessory (checked above).
    return not is_accessory(product.category)


def missing_items(
    parsed: ParsedQuery,
    lookup: Callable[[str], Sequence[Product]],
    text: str | None = None,
) -> tuple[str, ...]:
    """The named items of ``parsed`` the catalog does not carry, as the shopper wrote them.

    ``lookup(text)`` returns products that may hold the name (a lexical search for the name and
    the request); a name none of whose titles holds its first word is left alone (no evidence
    either way)."""
    types = [str(c.value) for c in parsed.constraints if c.kind == "category"]
    asked = set(types) | {b for t in types if (b := broader_category(t)) is not None}
    missing: list[str] = []
    for item in named_items(parsed, text):
        # The name with the rest of the request: "cd drive" finds the CD/DVD drives that a search
        # for "cd" alone ranks below hundreds of CD cases.
        looked = lookup(f"{item.text} {parsed.text}".strip())
        if (line := _series(item.words)) and any(t.startswith(f"{line}-") or re.fullmatch(rf"{line}\d[\w-]*", t)
                                                 for p in looked for t in title_tokens(p)):
            continue  # a maker's series said by its prefix: "Epson TM-series" holds the "TM-T88IV" (set OX)
        holders = [(p, tokens) for p in looked if item.words[0] in (tokens := title_tokens(p))]
        shown = f"{item.text} {item.modifier}" if item.modifier and not item.served else item.text
        if not holders and item.words[0] in _LINE_FIRST:
            missing.append(shown)  # a maker's line no title holds ("kindle paperwhite") is not carried
            continue
        if not holders:
            # A kind of the asked type that no title names ("vr headset", "3d printer") is carried only
            # if a product of that type describes it ("backlit" in a keyboard's features). A word of the
            # language before a type describes the request, not a kind ("the actual printer", "my own
            # shipping labels"): only a name-like word (no English word: "vr", "oculus", "3d") counts.
            if item.modifier and not item.served and not all(_english(w) for w in item.words) and not any(
                    p.category in asked and set(item.words) <= _record_words(p) for p in looked):
                missing.append(shown)
            continue
        found = [(p, at, tokens) for p, tokens in holders if (at := _holds(tokens, item.words)) >= 0]
        if item.served:
            # An accessory names the device it serves in its title, or in what its record says it
            # works with ("Samsung EF-PG980 mobile phone case", compatibility: Galaxy S20).
            carried = bool(found) or any(_serves(p, item.words) for p in looked)
        elif item.words[0][0].isdigit():  # "3d printer": a 3D TV carries "3d", not a 3D printer
            carried = any(p.category in asked for p, _, _ in found)
        else:
            carried = any(_is_the_item(p, at, tokens, types) for p, at, tokens in found)
        if not carried:
            missing.append(shown)
    return tuple(missing)


def _serves(product: Product, words: Sequence[str]) -> bool:
    """Whether the record says it works with the named device: its compatibility values or a
    sentence of its description that says so hold the name, model number next to it."""
    said = [str(v) for k, v in product.attributes.items() if "compatib" in k]
    said += [s for s in re.split(r"(?<=[.!?;])\s+", product.description) if _WORKS_WITH.search(s.lower())]
    return any(_holds(_TOKEN.findall(text.lower()), words) >= 0 for text in said)


_WORKS_WITH = re.compile(r"\b(?:compatib\w*|works\s+with|designed\s+for|suitable\s+for|for\s+use\s+with)\b")


def _record_words(product: Product) -> set[str]:
    """The words that describe the record itself: its title, description and attribute values,
    less what it works with ("compatible products: PS4, PlayStation VR" makes no VR headset)."""
    values = " ".join(str(v) for k, v in product.attributes.items() if "compatib" not in k)
    own = " ".join(s for s in re.split(r"(?<=[.!?;])\s+", product.description) if not _WORKS_WITH.search(s.lower()))
    return set(_TOKEN.findall(f"{product.title} {own} {values}".lower()))
