"""Is anything retrieved actually what the shopper asked for?

Two cheap signals, read from the first pass: the best dense (cosine)
similarity between the query and a product, and how many of the query's
content words appear in the top products' titles, brands and types; and
whether a content word appears in no product of the catalog at all (a brand
or an item it does not carry: "bose", "pancakes"). Three tiers: ``good`` (answer), ``weak`` (answer, but say these are the closest
matches) and ``none`` (abstain: no references, a suggestion to broaden).
Thresholds were read off the dev queries and a list of out-of-catalog
requests (``benchmarks/abstain_calibration.py`` prints both).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rag.catalog.categories import derive_category, is_accessory
from rag.catalog.taxonomy import NICKNAMES
from rag.catalog.vocabulary import one_edit_variants
from rag.catalog.vocabulary import plural_stem as _stem
from rag.generation.head_named import OWNERS as _OWNERS
from rag.generation.head_named import head_names, only_type_named
from rag.records import Product
from rag.retrieval import RetrievalResult
from rag.understanding.constraints import SOFT_WORDS
from rag.understanding.english import (
    AGE_GROUP,
    CHAT_SPELLINGS,
    GAME_TITLES,
    GRADE_WORD,
    ISH_WORDS,
    LOOSE_WORDS,
    PEOPLE_AND_PLACES,
    WHEN_WORDS,
    destretched,
    english_words,
    superlative,
)
from rag.understanding.gifts import RELATIONS
from rag.understanding.head import asks_anew
from rag.understanding.mixed import FOREIGN_WORDS
from rag.understanding.named import said_of
from rag.understanding.owned import without_mine

# Soft words describe the need, not the product, except those that name a product line
# ("gaming notebook", "gaming mouse"): a title is expected to carry these.
_NEED_WORDS = SOFT_WORDS - {"gaming", "gamer"}

# Calibrated for all-MiniLM-L6-v2 (the packaged embedder); another embedding
# model has other cosine ranges: set SHOPASSIST_RELEVANCE_NONE_BELOW / _WEAK_BELOW.
NONE_BELOW = 0.36  # dense cosine under which nothing is a match, whatever the words say
WEAK_BELOW = 0.50  # under this, partial word coverage means "closest matches"

_STOP = frozenset(
    ["a", "an", "the", "and", "or", "for", "with", "without", "of", "in", "on", "to", "from", "by", "my", "me", "i", "you", "your", "is", "are", "be", "it", "this", "that", "some", "any", "new", "best", "good", "great", "nice", "cheap", "quiet", "small", "big", "under", "over", "below", "above", "about", "around", "looking", "need", "want", "buy", "get", "show", "find", "please", "something", "one", "ones",
     # pronouns and verbs of liking: "he likes coffee" asks for coffee things, not for "likes"
     "he", "she", "they", "him", "her", "his", "hers", "them", "their", "we", "our", "us", "its",
     "no", "nope", "yes",  # ("tablet, under 600. and no I don't want an e-reader", set PH)
     "like", "likes", "love", "loves", "enjoy", "enjoys", "into", "uses", "use", "using",
     # contractions typed without the apostrophe ("headphones that wont fall out"): words of the
     # sentence, never a product's name
     "wont", "dont", "cant", "doesnt", "isnt", "arent", "didnt", "wasnt", "shouldnt", "wouldnt", "couldnt",
     "im", "ive", "youre", "thats", "whats", "theres", "hes", "shes", "theyre", "lets",
     # asking what there is ("got anything from kingston?", "philips stuff")
     "got", "have", "has", "anything", "stuff", "things", "products", "items",
     # asking what the shop has ("what do you have from cherry", "do you sell ...")
     "what", "whats", "which", "do", "does", "sell", "sells", "carry", "stock", "offer", "there",
     # a bound said in words ("with at least 8gb ram")
     "least", "most", "less", "more", "than",
     # the shopper's own things and times ("need a new phone, mine cracked again")
     "mine", "again", "ll", "ve", "re",
     # words that describe, never name ("whatever samsung tablet you carry", "our ancient file server")
     "had", "whatever", "whichever", "ancient", "current", "existing", "trusty", "proper", "decent", "basic",
     # ... and sizes and tastes said of it ("after a massive telly", "he's very particular")
     "massive", "huge", "giant", "enormous", "tiny", "little", "large", "particular", "picky", "fussy",
     # a price's own words ("in the 100 to 300 dollar bracket")
     "bracket"]
) | PEOPLE_AND_PLACES | GAME_TITLES  # "company phones", "digital signage in the lobby"; "audio in CS2" (set QK)


def _known(word: str, words: frozenset[str]) -> bool:
    forms = {word, word + "s", word + "es"}
    if forms & words:
        return True
    if "-" in word and all(_known(part, words) or part in english_words() for part in word.split("-") if part):
        return True  # (words of the language joined: "desk-side PCs", "body-worn cameras", set PC)
    # A typo of a catalog word ("hedphones") is not an unknown item; short words must match
    # exactly, or every four-letter brand would pass as a typo of some other word ("bose", "base").
    # A word of the language is a typo only of its own stem ("photography": "photograph"), not of
    # another word ("drone" is not "done").
    if len(word) < 5:
        return False
    variants = one_edit_variants(word) & words
    if word in english_words():
        return any(word.startswith(v) for v in variants)
    return bool(variants)


#: Words of a request, not of a product: units, money, comparatives, kinds of people. A record
#: need not hold them for the request to be carried ("headphones under 50 dollars").
_REQUEST_WORDS = frozenset(
    ["inch", "inches", "dollar", "dollars", "bucks", "usd", "eur", "euro", "euros", "pound", "pounds", "gbp",
     "cheaper", "cheapest", "pricier", "bigger", "smaller", "lighter", "faster", "newer", "better", "best",
     "kid", "kids", "child", "children", "boy", "boys", "girl", "girls", "man", "men", "woman", "women",
     "grandma", "grandpa", "someone", "somebody", "stuff", "thing", "things", "anything", "recommend",
     "recommendation", "suggest", "suggestion", "options", "option", "alternative", "alternatives",
     "similar", "same", "other", "another", "else", "only", "also", "just", "like", "tall", "cool",
     # hedges and degrees ("a PlayStation maybe?", "a much bigger one", set SR)
     "maybe", "perhaps", "probably", "possibly", "much",
     # insisting on the thing itself ("the actual samsung galaxy tab itself, not a cover")
     "itself", "themselves", "actual", "actually",
     # how many ("i already have a few lenses", "gave up after nine years")
     "few", "couple", "several", "many", "bunch", "pile", "piles", "heap", "heaps", "handful", "stack", "stacks",  # ("a pile of short cat6 patch leads", set SK)
     "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "fifteen", "twenty",
     "thirty", "forty", "fifty", "hundred", "thousand", "dozen",
     # a contraction's first half ("don't stand out", "isn't cutting it"), the shopper's internet provider ("our ISP
     # supports"), where cheap things sit ("spare me the bargain bin stuff") (sets MW-NC)
     "don", "doesn", "isn", "aren", "wasn", "weren", "won", "didn", "couldn", "shouldn", "wouldn", "haven", "hasn",
     "isp", "isps", "bargain", "inexpensive",
     # a brand not asked for ("brand agnostic") (set ND)
     "agnostic", "neutral",
     # taking a thing while here ("I'll grab some spare ink cartridges while I'm here", set QI)
     "grab", "here",
     # how a thing works ("the ones that flick through photos by themselves", set OJ: read stemmed, "themselve")
     "themselve", "himself", "herself", "yourself", "myself", "ourselve"]
)


def unknown_words(query: str, words: frozenset[str]) -> list[str]:
    """The query's content words that no product in the catalog holds (``words``: the
    catalog's word list, :attr:`rag.catalog.vocabulary.Vocabulary.words`); none when it is empty.
    A superlative grades the request ("the biggest tv"), whatever the titles say."""
    if not words:
        return []
    return [w for w in dict.fromkeys(content_words(query))
            if w not in _REQUEST_WORDS and w not in LOOSE_WORDS and w not in NICKNAMES and w not in CHAT_SPELLINGS and w not in FOREIGN_WORDS and w not in ISH_WORDS and not w.endswith("-ish") and w not in WHEN_WORDS
            and not superlative(w) and w not in RELATIONS  # "grandkid pics": a person, never a product's name
            and not (re.fullmatch(r"x\d+s?", w) and re.search(rf"\d{w}\b", query.lower()))  # a print's size: "my own 4x6s" (set QF)
            and not _known(w, words)
            and not (w.endswith("proof") and w[:-5] in english_words())  # "sweatproof earbuds for the gym" (set QU)
            and not any(d in english_words() or _known(d, words) for d in destretched(w))]  # "pleaseee", "sooo"


#: A taste said before a colour and a type: "she hates black phones".
_LIKING = frozenset({"hates", "hate", "dislikes", "prefers", "loves", "likes", "wants", "needs", "uses", "owns", "adores"})
#: People said as owners without an apostrophe ("my husbands shaver", "my sons laptop").
_PEOPLES = frozenset(f"{w}s" for w in RELATIONS) | {"wifes", "guy", "guys"}  # ("our IT guy will support", set SC)


#: What a thing is said to be like: "sounds like a jet engine"
_LOOKS = frozenset({"looks", "look", "looked", "sounds", "sound", "sounded", "feels", "feel", "felt", "is", "was"})


_WHERE_IT_GOES = frozenset({"bedside", "nightstand", "poolside", "patio", "porch", "dorm", "garden", "balcony", "campsite",
                            # a room of the home: "we're upgrading the lounge TV" (set QB)
                            "lounge", "bedroom", "playroom", "nursery", "hallway", "conservatory", "den", "loft", "attic",
                            "basement", "garage", "kitchen", "bathroom", "livingroom", "sunroom",
                            # ... and the small spaces people live in ("the back of the cabin door on our boat", set RG)
                            "cabin", "caravan", "narrowboat", "bedsit", "shed", "barn", "van", "boat",
                            # ... and the rooms of a workplace ("the pharmacy software only certifies theirs", set SM)
                            "pharmacy", "dispensary", "clinic", "surgery", "reception", "lobby", "ward", "classroom", "staffroom"})
# ... and what a thing is like to use, said of it: "she needs a loud handset" (set PO)
_HOW_IT_IS = frozenset({"loud", "louder", "chunky", "sturdy", "comfy", "clearer", "brighter", "grippy", "lighter",
                        "serious", "tough", "toughest", "rugged", "beefy", "hardy",  # ("I need a serious vacuum cleaner", set RU)
                        "whole", "entire",  # ("kill standby power to the whole TV corner", set RO)
                        "plasticky", "flimsy", "tinny", "clunky", "creaky",
                        "awful", "terrible", "horrible", "dreadful", "rubbish"})  # ("sound on flat screens is always awful so I want speakers", SR)  # ("burned by cheap plasticky machines", set SA)


#: A span of time after a verb, no warranty named: "a keyboard that'll survive years of heavy typing" (set SA)
_SPANS_OF_TIME = frozenset({"years", "year", "months", "month", "decades", "decade"})
_OBJECT_HEADS = frozenset({"every", "the", "a", "an", "my", "all", "our", "his", "her", "their", "it", "them", "each", "its"})
_ANY_WHAT = frozenset({"chance", "way", "luck", "idea", "news", "update", "time", "ideas", "tips", "advice",
                       # ("the last one never gave us any trouble", set RH)
                       "trouble", "problem", "issue", "bother", "hassle",
                       # what is left open: "toaster next, any kind, just needs two slots" (set SO)
                       "kind", "sort", "type", "brand", "colour", "color", "size", "model", "make"})
#: Where "any" is no asking: "A full-size one won't fit in any cupboard in my flat" (set RG)
_PLACE_BEFORE = frozenset({"in", "into", "on", "onto", "under", "inside", "through", "at"})
_MODALS = frozenset({"can", "could", "to", "will", "would", "should", "must", "might", "may"})
_SUBJECTS = frozenset({"i", "we", "you", "he", "she", "they", "u"})
#: What a person needs that is no product: "toddler needs a haircut and he will NOT sit still" (set QV)
_NO_THING = frozenset({"haircut", "trim", "nap", "break", "holiday", "rest", "bath", "shower", "wash", "hug", "reboot", "restart"})
_ITS_OWN = frozenset({"ours", "mine", "it", "this", "that", "hers", "his", "theirs", "one", "thing"})


def in_name_position(word: str, query: str) -> bool:
    """Whether ``word`` (a stemmed content word of ``query``) sits where a product's name goes:
    it holds a digit, it comes right before a word that names a product type, or right after
    "by", "from" or "brand", or after what asks for an item ("sell", "carry", "stock", "any",
    "need a", "looking for a")."""
    # Punctuation ends a phrase: "video call the grandkids. desktop, 8gb ram" names no "grandkids".
    # (an emoji ends one too: "i wanna get into photography 📸 canon camera" names no "photography" camera, set PK)
    tokens = re.findall(r"[a-z][a-z0-9-]*|\d+|[.,;:!?\u2600-\u27bf\U0001f000-\U0001faff]", query.lower())
    if AGE_GROUP.fullmatch(word):
        return False  # a team's age group: "film our U14 games from the touchline" (set RC)
    if re.search(rf"\b(?:works?|working|compatible|connects?|plugs?)\s+(?:with|to|into)\s+(?:a|an|my|the|our)\s+{re.escape(word)}\b", query.lower()):
        return False  # the device it goes with, not one asked for: "monitors ... that'd work with a PS5" (set SG)
    if any(ch.isdigit() for ch in word):
        # (a model said where it was seen elsewhere is blanked from ``query``: "The Sony WH-1000XM5 is $399 at Best Buy", set ON)
        return word in query.lower() or any(_stem(t) == word for t in tokens)
    for i, token in enumerate(tokens):
        if _stem(token) != word:
            continue
        if token in _PEOPLES or token in _LIKING or token in RELATIONS:
            continue  # "my husbands shaver": whose it is, not a name; "she hates black phones": a taste; "grandkid pics"
        if token in _WHERE_IT_GOES or token in _HOW_IT_IS:
            continue  # where it goes or what it is like, no name: "Bedside clock radio wanted" (set PM), "a loud handset" (PO)
        if GRADE_WORD.fullmatch(token):
            continue  # how good or what kind, no name: "audiophile-grade headphones" (set SA)
        if token.endswith("ly") and token in english_words():
            continue  # an adverb of the language: "the cheap ones are basically toys"
        if i > 0 and tokens[i - 1] in _OWNERS:
            continue  # the shopper's own thing: "setting up my dorm desk and want computer speakers"
        if re.search(rf"\b{re.escape(token)}['’](?!\w)", query.lower()):
            continue  # whose it is, said as a plural's possessive: "the new hires' desks"
        if token.endswith("ed") and token in english_words() and ({token[:-2], token[:-1]} | ({token[:-3]} if token[-3:-2] == token[-4:-3] else set())) & english_words():
            continue  # a verb's participle of the language, not a name: "it has to fit in the checked case" (set QE)
        if token.endswith("ed") and token in english_words() and tokens[i + 1:i + 2] and tokens[i + 1] in _OBJECT_HEADS:
            continue  # a verb done to what follows, no name: "the cheap knock-off I tried smeared every label" (set QZ)
        if token.endswith("ing") and len(token) > 6 and token in english_words():
            continue  # "refreshing workstations at our dental practice"
        if token.endswith("ing") and ({token[:-3], token[:-3] + "e", token[:-3] + "y"} | ({token[:-4]} if token[-4:-3] == token[-5:-4] else set())) & english_words():
            continue  # a verb of the language, not a name: "just for moving files between work and home", "from dropping it", "trying to stop buying bottled water" (set RO)
        if i > 1 and tokens[i - 1] == "from" and (tokens[i - 2] in _WORK or (i > 2 and tokens[i - 2].endswith("ly") and tokens[i - 3] in _WORK)):
            continue  # where the shopper works from: "I work from cafes a lot" (set OK), "working remotely from Bali" (set SO)
        if i > 1 and tokens[i - 1] == "from" and re.fullmatch(r"visit\w*|dr[io]ve\w*|fl[ey]\w*|mov\w*|came|coming|come|here|back|travel\w*|home", tokens[i - 2]):
            continue  # where someone comes from: "my dad, who's visiting from Ohio for 3 weeks" (set OZ)
        if any(j > 0 and tokens[j:j + 2] in (["like", "a"], ["like", "an"]) and (tokens[j - 1].endswith("ing") or tokens[j - 1] in _LOOKS)
               for j in (i - 2, i - 3)):
            continue  # a simile: "the monitor there is flickering like a horror film" (set OK), "sound like an old typewriter" (PI)
        if i > 1 and tokens[i - 1] in _MODALS and tokens[i - 2] in _SUBJECTS and token in english_words():
            continue  # what the shopper can do with it: "a tablet for the kitchen so I can follow baby food recipes" (set QV)
        if said_of(" " + " ".join(tokens[i + 1:i + 3])):
            continue  # the subject of what is said, not asked for: "so DaVinci Resolve stops dropping frames" (set QF)
        if i > 0 and tokens[i - 1] in _DONE_WITH:
            continue  # what is done with it, no name: "we print adoption contracts and scan vet records" (set RU)
        # Right before a type word, or in the words that describe it ("bose noise cancelling headphones").
        for j, following in enumerate(tokens[i + 1 : i + 4], start=i + 1):
            if following not in _SPANS_OF_TIME and type_named(following) is not None:
                # (not the subject of what is said: "homelab rack needs battery backup")
                return not said_of(" " + " ".join(tokens[j + 1: j + 3]))
            if following in _STOP or following in _REQUEST_WORDS or not following[0].isalpha() or any(ch.isdigit() for ch in following):
                break  # "at least 8gb ram": a size, not words describing the type
        if i > 0 and tokens[i - 1] == "brand" and token in english_words():
            continue  # how the shopper is about brands: "has to be philips (brand loyal, sorry)"
        if i > 1 and tokens[i - 2] == "from" and tokens[i - 1] in ("a", "the"):
            continue  # where a thing came from, not its maker: "my current one from a supermarket shelf" (set QZ)
        if i > 1 and tokens[i - 1] in ("sell", "carry", "stock") and tokens[i - 2] in _MODALS:
            continue  # what someone can do with it, not asked of the shop: "so the leaders can carry risk assessments" (set QW)
        if i > 0 and tokens[i - 1] == "any" and (token in _ANY_WHAT or (i > 1 and tokens[i - 2] in _PLACE_BEFORE)):
            continue  # a question's words: "Any chance I could swap them for JVC headphones?" (set RD)
        if i > 0 and tokens[i - 1] in ("i", "we", "they", "you") and token in english_words():
            continue  # a verb of the shopper's: "I swear guests eat remotes" (set RB)
        if i > 1 and tokens[i - 1] == "by" and (token in english_words() or token.endswith("s")) and (tokens[i - 2].endswith(("ed", "en")) or tokens[i - 2] in ("together", "run", "made")):
            continue  # who or what does it, no maker: "the office network is held together by hope and tape" (set RX), "overtaken by pensioners" (SQ)
        if i > 0 and tokens[i - 1] in ("by", "from", "brand", "sell", "carry", "stock", "any"):
            return True  # "headphones by bose"; "do you sell drones", "got any treadmills"
        if i > 1 and tokens[i - 1] == "have" and tokens[i - 2] in ("you", "u", "ya"):
            return True  # "do u have sewing machines" (not "i have really long hair")
        if i > 2 and tokens[i - 1] in ("a", "an") and tokens[i - 2] in ("needs", "need") and tokens[i - 3] in _ITS_OWN:
            continue  # what the shopper's own thing needs: "ours needs a reboot every single day" (set QZ)
        if i > 0 and tokens[i - 1] in ("a", "an") and tokens[i + 1:i + 2] not in (["one"], ["ones"]) and token not in _NO_THING \
                and (i == 1 or tokens[i - 2] in ("need", "needs", "want", "wants", "buy", "get", "getting") or tokens[max(0, i - 3):i - 1] == ["looking", "for"]) \
                and tokens[max(0, i - 3):i - 2] not in (["t"], ["not"], ["never"]):  # (not refused: "i don't want a visitor ...", set SA)
            # "looking for a drone with a 4k camera" (searched as "a drone with ..."): the item asked for, by
            # name; not a word before "one" ("i just dont want a weak one")
            return True
    return False


_WORK = frozenset({"work", "works", "working", "worked", "study", "studying", "stream", "streaming"})
#: Verbs of what is done with a thing: the word after one is what it is done to ("print adoption contracts").
_DONE_WITH = frozenset({"print", "prints", "printing", "scan", "scans", "scanning", "play", "plays", "playing", "watch", "watching",
                        "stream", "streaming", "record", "recording", "edit", "editing", "store", "storing", "copy", "film", "filming"})


#: What someone is said to want, up to two words before the item ("wants an electric guitar").
_ASKED_FOR = r"\b(?:wants?|needs?|asked\s+for|asking\s+for|after)\s+(?:an?\s+|some\s+|the\s+)?(?:[a-z]+\s+){0,2}"


def asked_for(word: str, text: str) -> bool:
    """Whether ``text`` says someone wants ``word`` ("my son wants an electric guitar"): in a gift's
    story that word is the item asked for, not a word about the person."""
    return re.search(_ASKED_FOR + re.escape(word.lower()), text.lower()) is not None


def content_words(text: str) -> list[str]:
    """The words a matching product should carry; use-case and soft words
    ("for a student", "quiet", "for the kitchen") describe the need, not the
    product, so a title need not contain them."""
    return [
        _stem(w) for w in re.findall(r"[a-z][a-z0-9-]*", text.lower())
        if w not in _STOP and w not in _NEED_WORDS and len(w) > 1
    ]


@dataclass(frozen=True, slots=True)
class Relevance:
    tier: str  # good | weak | none
    dense_top: float
    coverage: float
    reason: str
    unknown: tuple[str, ...] = ()  # the request's words no product holds, that made the tier weak

    def to_dict(self) -> dict[str, object]:
        return {"tier": self.tier, "dense_top": round(self.dense_top, 4), "coverage": round(self.coverage, 3), "reason": self.reason}


def assess(
    query: str,
    result: RetrievalResult,
    products: Mapping[str, Product],
    top: int = 3,
    *,
    none_below: float = NONE_BELOW,
    weak_below: float = WEAK_BELOW,
    expansion: str | None = None,
    catalog_words: frozenset[str] = frozenset(),
    enforced: Iterable[str] = (),
    typed: bool = False,
    of_type: bool = False,
    needed: bool = False,
    brand_only: bool = False,
    gift: bool = False,
    story: bool = False,
    branded: bool = False,
) -> Relevance:
    """``expansion`` is the HyDE text when that leg ran. It can lift ``none`` to
    ``weak`` (answered as "the closest products") when at least half of the
    words of its title name the top products, never to ``good``: a listing the LLM made up
    must not turn "sofa" into a confident answer. A query word that no product in
    ``catalog_words`` holds makes ``good`` at most ``weak``: the shopper named something
    the catalog does not carry, and the answer says these are the closest products.

    Coverage is the best share of the query's words that **one** top product covers (words
    spread over several products, "electric" in a knife's title and "bike" in a puzzle's, are no
    match for "electric bike"). A word is covered by a product whose title, brand or type holds
    it, whose type it names ("laptop" on a notebook), or by ``enforced``: the words of the
    constraints the final search filtered on ("1tb storage", "under 800"), which every hit
    honours whatever its title says. ``typed``: the search was filtered to the product type the
    request names (and every stated constraint), so its products match even at a low similarity
    or with words of the request in no title (the small embedder scores "a puzzle for the family"
    under any puzzle's title; "24in monitor somewhere between $100 and $200" has "somewhere").
    ``of_type``: the request named a type and nothing else, and the top products are all of it
    (the open search, not filtered): as for ``typed``, an unknown word counts only where names go
    ("need a new phone, nothing fancy"); a ``weak`` tier is lifted ("need a new phone, mine cracked
    again"), ``none`` only when every word is covered ("xbox series x" shows other consoles: the
    named-item check keeps them "the closest").
    ``brand_only``: the request named a brand and nothing else, and the search was filtered to it
    (``rag.understanding.brand_range``).
    ``story``: the request is a long sentence of the shopper's situation that names no type or brand
    ("my beard has gotten ridiculous and i cant get to the barber"): as for ``typed``, an unknown word
    counts only where names go ("thinking of getting a *treadmill*"), not "gotten" or "ridiculous".
    ``branded``: the search was also filtered to a brand the shopper named ("anything from thule? after a laptop
    backpack that'll survive my commute"): of the asked type and brand, its products are the answer, as with ``typed``
    and two stated constraints.
    ``needed``: that type was read from a need in words ("my wifi doesn't reach the bedroom"), whose
    words no product title carries: its products are the answer, not the closest ones."""
    if not result.hits:
        return Relevance("none", 0.0, 0.0, "nothing retrieved")
    dense = result.legs.get("dense") or ()
    dense_top = max((h.score for h in dense), default=0.0)
    words = content_words(query)
    enforced = list(enforced)
    held = {w for text in enforced for w in content_words(text)}
    tops = [p for h in result.hits[:top] if (p := products.get(h.product_id)) is not None]
    text = " ".join(f"{p.title} {p.brand} {p.category or ''}" for p in tops)
    have = {_stem(w) for w in re.findall(r"[a-z][a-z0-9-]*", text.lower())}
    coverage = max((_coverage(words, p, held) for p in tops), default=0.0) if words else 1.0
    verdict = _tier(dense, dense_top, coverage, none_below, weak_below)
    if gift and result.hits:
        # A gift for someone into "photography": the search ran on the hint within the catalog kinds
        # nearest it (rag.understanding.gifts); its products are the ideas asked for, not "the closest".
        verdict = Relevance("good", dense_top, coverage, "a gift's hint: products of the kinds nearest it")
    if brand_only and result.hits:
        # A brand and nothing else ("got anything from kingston?"): the search was filtered to it, so
        # every hit is the answer, whatever the similarity to so few words.
        verdict = Relevance("good", dense_top, coverage, "a brand's range: every hit is of the brand asked for")
    # (A type and two more stated constraints, all enforced, are the request however chatty its words:
    # "replacing the old telly - want a 65\" one and dont want to spend more than 800".)
    # ... and so is a type asked for by its one word (``asks_anew``, rag.understanding.head: "time for a new phone", "looking for a tablet
    # itself", "... zoom lectures. laptop, around 600": the small embedder scores the story low against any title),
    # with no word the catalog lacks where names go. A word before the type makes another item of catalog words
    # ("a dash cam", "a record player": not carried).
    # ... and a type named by its own one word at the request's head, which every top product is ("beamer for movie
    # nights, from 300 to 600": a use the titles do not say scores low against any projector's title; not "a dash cam",
    # a kind of two words the catalog may not carry, nor "her notebook is fine")
    if typed and dense and (verdict.tier == "weak" or (verdict.tier == "none" and (coverage >= 1 or needed or len(enforced) >= 2
                                                                                 or branded or ((asks_anew(query) or head_names(query, tops)
                                                                                                    or (enforced and only_type_named(query, tops)))
                                                                                     and not [
                                                                                     w for w in unknown_words(query, catalog_words)
                                                                                     if w not in held and in_name_position(w, query)])))):
        # Every hit is of the asked type and honours every stated constraint: words the titles lack
        # are the shopper's own ("somewhere", "pls", "nothing fancy"), not a missing product, unless
        # the similarity is also too low to trust (``none`` stays, but for a product covering every
        # word). A named item the catalog lacks still makes it "the closest" (unknown words below;
        # the chain's named-item check).
        verdict = Relevance("good", dense_top, coverage, "a search filtered to the asked type and constraints")
    if of_type and dense and verdict.tier == "none" and coverage >= 1:
        # "what about tablets": every word is a tablet's, and the top products are tablets
        verdict = Relevance("good", dense_top, coverage, "the asked type, every word covered")
    elif of_type and dense and verdict.tier == "weak":
        # "need a new phone, mine cracked again": the top products are all phones; the other words
        # are the shopper's (an unknown one where names go, or a named item the catalog lacks, still
        # makes it "the closest": below, and the chain's named-item check)
        verdict = Relevance("good", dense_top, coverage, "the asked type on top, the other words the shopper's")
    # A need in words talks about the shopper's life ("video call my grandkids"), a gift about the
    # person ("she loves photography"): their unknown words name no product the catalog lacks.
    unknown = [] if brand_only else [w for w in unknown_words(query, catalog_words) if w not in held]
    if needed:
        # ... but for the item someone is said to want, by name: "my son wants a drone with a camera for his
        # birthday" is no camera gift
        # (or asked the shop for: "do u sell drones? my son wants one with a camera for his birthday")
        unknown = [w for w in unknown if re.search(rf"\b(?:(?:wants?|asked\s+for|asking\s+for)\s+an?|(?:sell|carry|stock|have)\s+(?:any\s+)?)\s*"
                                                   rf"{re.escape(w)}", query.lower())]
    if gift:
        # ... except the item the person is said to want ("my son wants an electric guitar for xmas").
        unknown = [w for w in unknown if asked_for(w, query)]
    if typed or of_type or (story and not gift) or branded:  # (or a brand: "is there a Brita filter jug?", set RO)
        # The search already holds the asked type and every stated constraint: an unknown word is
        # a product's name only where names go ("bose headphones", "headphones by bose", "s20"),
        # not a word of the sentence ("a dell monitor somewhere between 24 and 27 inches").
        # (not in a clause that tells of the shopper's own thing: "handwritten labels on our files are unreadable. DYMO
        # label maker ..." asks for no "handwritten labels")
        asked = without_mine(query) if unknown else query
        unknown = [w for w in unknown if in_name_position(w, asked)]
        if tops and not any(p.category and is_accessory(p.category) for p in tops):
            # "moniter 27 inh for my ps5": the shopper's own device, served by a device of its own (a monitor, not a
            # case), is no item asked for; an accessory's device still is (the named-item check reads its titles)
            unknown = [w for w in unknown if not serves_mine(w, query)]
    if verdict.tier == "good" and unknown:
        return Relevance("weak", dense_top, coverage,
                         f"{len(unknown)} word(s) of the request appear in no product of the catalog", tuple(unknown))
    if expansion and verdict.tier == "none":
        # The listing's title (its first clause) names the product type; the rest is filler.
        extra = list(dict.fromkeys(content_words(re.split(r"[.,;:\n]| - | \u2013 ", expansion.strip(' "'))[0])))[:6]
        extra_coverage = sum(w in have for w in extra) / len(extra) if extra else 0.0
        if extra_coverage >= 0.5:
            return Relevance("weak", dense_top, coverage, f"the HyDE listing names the top products ({extra_coverage:.2f})")
    return verdict


def serves_mine(word: str, query: str) -> bool:
    """Whether ``word`` names the shopper's own device or thing something is for ("for my ps5", "to go with our xbox",
    "flash drives for the conference goodie bags")."""
    # (or for what it serves, said alone: "27\" monitor for ps5 + pc", set QK)
    return re.search(rf"\b(?:for|with|w/?|to)\s+(?:(?:my|our|his|her|their|the)\s+(?:[a-z]+\s+){{0,2}})?{re.escape(word)}", query.lower()) is not None


def _coverage(words: Sequence[str], product: Product, held: set[str]) -> float:
    """The share of ``words`` one product covers (see :func:`assess`)."""
    own = {_stem(w) for w in re.findall(r"[a-z][a-z0-9-]*", f"{product.title} {product.brand} {product.category or ''}".lower())}
    covered = sum(w in own or w in held or (product.category is not None and type_named(w) == product.category) for w in words)
    return covered / len(words)


@lru_cache(maxsize=4096)
def type_named(word: str) -> str | None:
    """The product type one word names on its own ("laptop" -> notebook), or None."""
    # Not a two-letter word made plural: "up" is no "ups" ("gave up after 12 years").
    return derive_category(word) or (derive_category(word + "s") if len(word) > 2 else None)


def assess_first_pass(
    engine, query: str, result: RetrievalResult, top: int = 3, *,
    none_below: float = NONE_BELOW, weak_below: float = WEAK_BELOW,
) -> Relevance:
    """:func:`assess` of a first pass whose top products still need fetching from
    ``engine`` (what decides whether HyDE fires)."""
    products = engine.fetch([h.product_id for h in result.hits[:top]])
    return assess(query, result, products, top, none_below=none_below, weak_below=weak_below)


def _tier(dense, dense_top: float, coverage: float, none_below: float, weak_below: float) -> Relevance:
    if not dense:  # a lexical-only run: words decide
        tier = "good" if coverage >= 1 else "weak" if coverage > 0 else "none"
        return Relevance(tier, 0.0, coverage, "lexical only")
    if dense_top < none_below:
        return Relevance("none", dense_top, coverage, f"best similarity {dense_top:.2f} < {none_below}")
    if coverage == 0 and dense_top < weak_below:
        return Relevance("none", dense_top, coverage, "no query word in the top products and low similarity")
    if coverage < 1 and dense_top < weak_below:
        return Relevance("weak", dense_top, coverage, "partial word match and low similarity")
    return Relevance("good", dense_top, coverage, "")


def abstain_suggestions(filters_applied: bool) -> Sequence[str]:
    tips = ["use a more general product name"]
    if filters_applied:
        tips.append("drop the brand, price or spec limit")
    return tips
