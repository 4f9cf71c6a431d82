"""Rules that turn constraints in a shopper's message into filters.

Price ("under $50", "between 100 and 200 dollars", "€80-120", "cheap"), brand
(from the catalog's vocabulary, case-insensitive, one typo tolerated on longer
names), product type (the catalog's own category taxonomy, so "laptop" means
notebooks and "laptop bag" means bags) and numeric attributes ("16GB RAM",
"15 inch", "1TB", "under 2 kg"). Spelling variants ("head set", "blue tooth")
are normalized first. Each constraint carries a confidence: when a search
comes back empty, the least certain one is relaxed first (see ``relax``).

Rules, not a model: they run in well under a millisecond, explain themselves
in the trace, and an LLM step can be layered on later for what they miss.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from rag.catalog.categories import broader_category, derive_category, is_accessory, type_spans
from rag.catalog.vocabulary import Vocabulary, brand_key, within_one_edit
from rag.understanding import focus as asking
from rag.understanding.brand_kinds import brand_kind
from rag.understanding.connectors import with_connector
from rag.understanding.corrections import last_said, settled, taken_back
from rag.understanding.english import english_words, inflected
from rag.understanding.examples import without_examples
from rag.understanding.exclusions import without_exclusions, without_let_go
from rag.understanding.features import COLOURS, read_features
from rag.understanding.fits import FITS_UP_TO, as_floor, holder_kind
from rag.understanding.gifts import GIFT, NO_HINT_NOTE, gift_hint, starter
from rag.understanding.head import asked_type, head_type
from rag.understanding.lines import line_before_spec, line_brand, line_kind, named_line, referent
from rag.understanding.lists import first_of_list
from rag.understanding.needs import need_phrase, with_need
from rag.understanding.owned import (
    OWN_NOTE,
    in_story,
    not_mine,
    owned_again,
    tells_of_mine,
    without_owned,
    without_seen,
    without_story_specs,
)
from rag.understanding.parsed import Constraint, ParsedQuery, filters_from
from rag.understanding.prices import read_price
from rag.understanding.served import serves_only
from rag.understanding.specs import RAM_DEVICES, of_kind, read_specs
from rag.understanding.spelling import respelled
from rag.understanding.spoken import spelled_numbers
from rag.understanding.story import sized_kind, without_match, without_story
from rag.understanding.typer import TYPE_NOTE, TypeReader
from rag.understanding.typo_words import QUALIFIER_WORDS, TYPE_WORDS, UNIT_WORDS
from rag.understanding.uses import USE_NOUN, use_of

# Use-case and soft words: they describe the shopper's need, not the product
# type, so they rank (through the dense leg) but never filter, and a product
# title need not contain them to count as a match (``rag.generation.relevance``).
SOFT_WORDS = frozenset(
    ["quiet", "silent", "student", "students", "school", "college", "university", "office", "home", "work", "working", "kitchen", "family", "kids", "travel", "travelling", "traveling", "gym", "running", "sport", "sports", "meetings", "zoom", "calls", "video", "gaming", "gamer", "beginner", "beginners", "lightweight", "light", "portable", "small", "compact", "simple", "easy", "reliable", "durable", "good", "decent", "nice", "expensive", "affordable", "everyday", "daily", "casual", "living", "room", "bedroom", "teen", "teenager", "lover", "fan", "dad", "mom", "mum", "father", "mother", "wife", "husband", "boss", "friend", "son", "daughter", "gift", "present", "birthday", "christmas", "ideas", "idea", "carry", "make", "at", "too", "not", "very", "really", "hand", "hands", "protect", "protecting", "hold", "holding", "store", "storing"]
)

# Brands that are also everyday words: only taken when the message also names
# something the brand sells ("brother printer", not "a gift for my brother").
_BRAND_BEFORE = frozenset({"by", "from", "me", "go", "try", "prefer", "only", "rather"})
# ... and a switch to it: "switch to Brother, keep the 350 cap" (set NO)
# (and a brand the shopper has done well with: "I've had good luck with Thule before", set QE)
_BRAND_SWITCH = frozenset({("change", "to"), ("switch", "to"), ("move", "to"), ("go", "with"), ("stick", "with"), ("stick", "to"), ("make", "it"),
                           ("luck", "with")})
AMBIGUOUS_BRANDS = {
    "act", "equip", "chief", "jumbo", "sharp", "peach", "princess", "lena", "shuttle", "manhattan", "speck", "integral", "brother", "eminent", "denver", "origin storage",
    "case logic", "ram mounts", "step2", "thule", "vertiv", "lg", "backyard discovery",  # "movie nights in the backyard"
}
FILLER = re.compile(
    r"\b(?:i\s*(?:'m|am)\s+looking\s+for|i\s+(?:want|need|would\s+like)|looking\s+for|"
    r"show\s+me|can\s+you\s+(?:find|show\s+me|recommend)|please|recommend(?:\s+me)?|"
    r"something|anything|some|only|just)\b"
)

# Words of a sentence no short brand is typed as: "ink cartridges from HP, each under 30 dollars" is no Peach (set PX)
_FUNCTION_WORDS = frozenset(("each", "some", "much", "many", "such", "both", "only", "also", "just", "even", "then", "than", "them",
                             "they", "what", "when", "with", "this", "that", "your", "here", "over", "more", "less", "most", "same", "else"))
# Typos are corrected towards these from four letters on ("undr", "biger", "blak").
_BOUND_OR_COLOUR = QUALIFIER_WORDS + tuple(c for c in COLOURS if len(c) >= 4) + ("storage", "memory", "cheap", "cheapest", "budget")
_LINE_SERVED = re.compile(r"\b(?:my|our|his|her|their)\b(?!\s+(?:list|budget|max|limit|absolute)\b)|\b(?:for|with|fits?|to\s+fit)\s+(?:the|this|that)\b")  # (a line named as what it serves: "something for my galaxy")
_MADE_BY = re.compile(r"-(?:made|brand|branded|built|make)$")
_FOR = re.compile(r"(?<!looking\s)(?<!searching\s)(?<!shopping\s)(?<!asking\s)\b(for|to\s+fit|fits?|compatible\s+with|works?\s+(?:with|w/?))\s+(?:each\s+of\s+)?(?:my|a|an|the|our|his|her|your|this|that|those|these)?\s*(?:[a-z]+'s\s+)?(?!(?:under|below|over|around|about|less|more|up|max|at|when|whenever|if|now|later|ever|once)\b)([a-z][a-z0-9-]*(?:\s+[a-z][a-z0-9-]*)?)")
_NOW_NEED = re.compile(r"(?:\b(?:now|so|actually|just|and)|[,.;!?])\s+(?:(?:i\s+|we\s+|i'?m\s+|i'?ll\s+|we'?ll\s+)?(?:really\s+|also\s+)?"
                       r"(?:need|want|looking\s+for|do\s+(?:you|u)\s+(?:have|sell|carry))|(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:really\s+|just\s+)?after)\b"
                       # ("... still has a spinning hard drive ... IT said I can swap in an SSD myself", set QN)
                       r"|\b(?:i|we)\s+(?:can|could|will|'ll|am\s+going\s+to|'m\s+going\s+to)\s+(?:swap|put|fit|install|pop)\s+in\b")  # ("Moving my DAW off the laptop. I'm after a desktop", set QF)
# "desktop pc for my home office, want 8gb ram + 256gb ssd": specs after the need word are the head's, no new head
# (the type reads the text with its specs blanked out: a blank is where a spec was)
_SPEC_FIRST = re.compile(r"\s*(?:(?:at\s+least|min(?:imum)?|like|about)\s+)?(?:\d+(?:\.\d+)?\s*(?:gb|tb|gigs?|inch(?:es)?|in\b|\"|hz)|\s\s)")
def _sentence_at(text: str, at: int) -> str:
    """The sentence of ``text`` that holds the position ``at``."""
    start = max((m.end() for m in re.finditer(r"[.!?;]\s+", text[:at])), default=0)
    stop = re.search(r"[.!?;](?:\s|$)", text[at:])
    return text[start:at + stop.start()] if stop else text[start:]


def _beside_brand(text: str, is_brand: Callable[[str], str | None]) -> list[str]:
    """The words of ``text`` said right beside a brand or after "a", a product line's place: "hp laserjet", "poweredge,
    dell", "a color laserjet", "an officejet" (set PE)."""
    words = [w.strip(",.;:!?") for w in text.split()]
    return [w for i, w in enumerate(words) if len(w) > 3 and w.isalnum() and not is_brand(w)  # (no "clip-on": "philips clip-on cam")
            and ((i and (is_brand(words[i - 1]) or words[i - 1] in ("a", "an", "color", "colour", "mono")))
                 or (i + 1 < len(words) and is_brand(words[i + 1])))]


def _one_edit_from(word: str, candidates: Iterable[str]) -> str | None:
    """The first of ``candidates`` within one edit of ``word`` (``within_one_edit``), or None."""
    return next((c for c in candidates if within_one_edit(c, word)), None)


def _names_a_product(words: list[str], i: int) -> bool:
    """Whether the word at ``i`` stands where a brand goes: before a type word or after "by"/"from"."""
    after = words[i + 1] if i + 1 < len(words) else ""
    return after in TYPE_WORDS or after.rstrip("s") in TYPE_WORDS or (i > 0 and words[i - 1] in ("by", "from", "brand"))


def _named_at_length(text: str, category: str | None) -> bool:
    """Whether ``text`` names ``category`` by a phrase of three words or more, not joined by "and" ("all in one
    printer/scanner/copier"; "keyboard and mouse" is a combo's phrase, which the learned reader may correct)."""
    return any(k == category and len(said := re.split(r"[\s/]+", text[a:b].strip())) >= 3 and "and" not in said
               for a, b, k in type_spans(text))


def _named_before(text: str, category: str | None) -> str | None:
    """The narrower kind said before ``category`` is said by its head word: "a laptop stand ... the stand can't be over
    fifty dollars" asks for a notebook stand."""
    spans = type_spans(text, weak=True)
    first = min((a for a, _, k in spans if k == category), default=len(text))
    # (not the shopper's own one: "The little Bluetooth speaker I got ... I'm after a proper set of computer speakers", set RD)
    return next((k for a, _, k in spans if a < first and broader_category(k) == category and not tells_of_mine(_sentence_at(text, a))),
                category) if category else None


class QueryParser:
    """Parses a message into search text plus constraints; cheap to build and to run."""

    def __init__(self, vocabulary: Vocabulary | None = None, *, use_category: bool = True,
                 typer: TypeReader | None = None) -> None:
        self._vocab = vocabulary or Vocabulary(brands=())
        self._kinds = self._vocab.kinds  # the kinds the catalog files products as
        self._typer = typer  # the learned second reader of the type (rag.understanding.typer), or rules alone
        self._use_category = use_category
        self._exact: dict[str, str] = {}
        for brand in self._vocab.brands:
            key = brand_key(brand)
            if key:
                self._exact.setdefault(key, brand)
                if brand.lower().endswith(".com") and len(key) >= 7:
                    self._exact.setdefault(key[:-3], brand)  # "startech": the name without its ".com"
            first = brand.lower().split()[0]
            first_key = brand_key(first)
            if " " in brand and len(first_key) >= 5 and first_key not in AMBIGUOUS_BRANDS:
                self._exact.setdefault(first_key, brand)
        self._fuzzy = {k: b for k, b in self._exact.items() if len(k) >= 5}
        self._lines = tuple(w for w in self._vocab.line_kinds if len(w) >= 6 and w.isalpha() and w not in english_words())

    @property
    def vocabulary(self) -> Vocabulary:
        return self._vocab

    # -- pieces -------------------------------------------------------------
    def normalize(self, message: str) -> str:
        # (no maker said as a kind's example: "Beats type headphones", rag.understanding.examples)
        text = respelled(" ".join(without_examples(message, self._is_brand).lower().split()))
        corrected = self.correct_typos(text)  # (a corrected word may be one the spellings read: "phnoe" -> "phone" -> smartphone)
        return without_let_go(spelled_numbers(respelled(corrected) if corrected != text else corrected), self._is_brand)  # no brand in "doesn't need to be dell"

    def correct_typos(self, text: str) -> str:
        """One-edit typos in product-type and feature words, corrected; brands untouched."""

        def fix(m: re.Match[str]) -> str:
            word = m.group(0)
            if word in english_words() or inflected(word):
                return word  # "buying", "never", "things", "freezes": words of the language, not typos
            if len(word) >= 4 and word not in _BOUND_OR_COLOUR and word not in self._vocab.words \
                    and (qualifier := _one_edit_from(word, _BOUND_OR_COLOUR)):
                return qualifier  # "undr 1000", "65 inch or biger", "blak"
            # From four letters on ("mous", "cabl"): shorter ones are too often a model's or a brand's.
            if len(word) < 4 or word in TYPE_WORDS or word in SOFT_WORDS or brand_key(word) in self._exact:
                return word
            if word in self._vocab.words:  # a word of the catalog's records ("iphone") is no typo of "phone"
                return word
            if (word.endswith("s") and word[:-1] in TYPE_WORDS) or word in UNIT_WORDS:
                return word
            if (found := _one_edit_from(word, UNIT_WORDS)) is not None:
                return found
            for form in dict.fromkeys((word, word.replace("f", "ph"))):  # "smartfone", "hedfones"
                # Four letters only miss one ("mous", "cabl"); "bose", "xbox" are names, not typos.
                lengths = (len(form) + 1,) if len(form) == 4 else (len(form), len(form) + 1, len(form) - 1)
                near = [t for n in lengths for t in _TYPE_BY_LENGTH.get(n, ())]
                # A typo rarely changes the first letter ("mous" is "mouse" before "sous"), and a missed
                # key is the commonest ("scren" is "screen" before "screw").
                near.sort(key=lambda t: (t[0] != form[0], len(t) != len(form) + 1))
                if (found := _one_edit_from(form, near)) is not None:
                    return found
            # a type said in the plural ("NEC projecters") and a maker's line ("thinkpadd laptops"), one edit away (set PT)
            if word.endswith("s") and len(word) >= 6 and (found := _one_edit_from(word[:-1], _TYPE_BY_LENGTH.get(len(word) - 1, ()))):
                return f"{found}s"
            return next((line for line in self._lines if _one_edit_from(word, (line,))), word)

        return re.sub(r"[a-z]+", fix, text)

    def _brands(self, text: str, category: str | None) -> list[Constraint]:
        # (a brand said with what it made: "a samsung-made phone case", "sony-branded")
        words = [_MADE_BY.sub("", w) for w in re.findall(r"[a-z0-9][a-z0-9.!'&-]*", text)]
        found: list[Constraint] = []
        seen: set[str] = set()
        # a word of a type's own phrase names no brand alone: "a cpu cooler" is no Cooler Master
        phrased = {w for a, b, _ in type_spans(text) if " " in text[a:b].strip() for w in text[a:b].split()}
        for size in (3, 2, 1):
            for i in range(len(words) - size + 1):
                span = " ".join(words[i : i + size])
                if size > 1 and re.search(r"[.!?]\s", span):
                    continue  # no brand across a sentence's end: "a botanical art project. A scanner" names no Projecta (set QY)
                key = brand_key(span)
                brand = self._exact.get(key) if size > 1 or span not in phrased else None
                if brand is not None and size > 1 and span != " ".join(re.findall(r"[a-z0-9]+", brand.lower())) and ((any(
                        len(w) == 1 for w in words[i : i + size]) and len(key) < 6) or all(len(w) <= 3 and (w in english_words() or (w.isalpha() and len(w) < 3)) for w in words[i : i + size])):
                    brand = None  # "ok i can go up to 30" is no OKI, "i can [spend] on this" no Canon: short words join a brand only as it is spelled
                confidence = 0.95
                # A product type word ("power") is no typo of a brand ("2-Power").
                if brand is None and size == 1 and len(key) >= 5 and span not in TYPE_WORDS and span not in SOFT_WORDS:
                    brand = self._fuzzy_match(key)
                    confidence = 0.7
                    if brand is not None and span.rstrip(".!?'&-") in english_words() and (
                            not _names_a_product(words, i) or (i and words[i - 1] in ("we", "i", "they", "us", "you", "who", "people"))):
                        brand = None  # "we drink tea" is no D-Link; "phillips hedphones" is Philips
                if brand is None and size == 1 and category is not None and 3 <= len(key) < 5 \
                        and span not in TYPE_WORDS and span not in SOFT_WORDS and span not in _FUNCTION_WORDS:
                    brand = self._short_typo(key, category)
                    confidence = 0.6
                if brand is None or brand in seen or (span.endswith("'s") and i and words[i - 1] in ("my", "his", "her", "our", "your", "their")) \
                        or (span in ("brother", "princess") and (words[i + size: i + size + 1] in (["wants"], ["needs"], ["asked"], ["says"])
                                                              or (i and words[i - 1] in ("my", "his", "her", "our", "your", "their")))):
                    continue  # (a person's: "for my brother's home office", set OS; a person: "Brother wants a desktop PC", set RE; "me and my brother", SD)
                if i > 1 and words[i - 1] in ("last", "previous") and words[i - 2] in ("my", "his", "her", "our", "their"):
                    continue  # the one they had: "she wants Canon after a bad experience with her last HP" (set RH)
                if (brand.lower() in AMBIGUOUS_BRANDS or brand_key(brand) in AMBIGUOUS_BRANDS) \
                        and not (i > 0 and words[i - 1] in _BRAND_BEFORE and words[i + size: i + size + 1] != ["to"]) \
                        and tuple(words[max(0, i - 2):i]) not in _BRAND_SWITCH \
                        and not {"brand", "manufacturer", "maker"} & set(words[max(0, i - 4):i]) \
                        and words[i + size: i + size + 1] not in (["instead"], ["only"], ["brand"], ["branded"], ["ones"]) \
                        and not re.search(rf"(?:^|[,;:]\s*){re.escape(span)}\s*[.!?]*\s*$", text) \
                        and not re.search(rf"\ban?\s+{re.escape(span)}(?:\s*[,.;!?]|\s*$|\s+(?:please|pls|too)\b)", text):  # "she'd like a Sharp, ..." (QC)
                    # "anything by thule?", "show me thule instead", "thule only": the brand named as such (not a journey's
                    # start: "we drive from Denver to my in-laws", set OZ)
                    sells = self._vocab.brand_categories.get(brand, ())
                    if category is None or category not in sells:
                        continue
                seen.add(brand)
                found.append(Constraint("brand", brand, span, confidence))
        return found

    def _carries(self, kind: str | None) -> bool:
        return kind is None or not self._kinds or kind in self._kinds

    def _is_brand(self, word: str) -> str | None:
        """The brand ``word`` names exactly (no typo allowance), if any."""
        return self._exact.get(brand_key(word))

    is_brand = _is_brand  # (the chain's guard reads a maker said as a kind's example with it: rag.understanding.examples)

    def _fuzzy_match(self, key: str) -> str | None:
        # A "k" typed for the "c" or "ch" it sounds like ("logitek") is one typo, not two; a plural of the language is
        # no typo of a name without the "s" ("long car trips": no Tripp Lite, set OK; "phillips" is Philips).
        for form in dict.fromkeys((key, key.replace("k", "c"), key.replace("k", "ch"))):
            for candidate, brand in self._fuzzy.items():
                if abs(len(candidate) - len(form)) <= 1 and within_one_edit(candidate, form) \
                        and not (form.endswith("s") and not candidate.endswith("s") and candidate != form[:-1] and form[:-1] in english_words()):
                    return brand
        return None

    def _short_typo(self, key: str, category: str) -> str | None:
        """A brand of four or five letters typed one letter short ("del monitor"), when that brand
        sells the product type asked for: three letters match too many words on their own."""
        for candidate, brand in self._exact.items():
            if len(candidate) == len(key) + 1 and within_one_edit(candidate, key) \
                    and category in self._vocab.brand_categories.get(brand, ()):
                return brand
        return None

    def _price(self, text: str, category: str | None) -> tuple[list[Constraint], str, list[str]]:
        band = self._vocab.price_bands.get(category or "*") or self._vocab.price_bands.get("*")
        read = read_price(text, band[0] if band else None)
        found = [Constraint("price", read.price, read.words, read.confidence, loose=read.loose)] if read.price is not None else []
        return found, read.text, list(read.notes)

    def _category(self, text: str) -> str | None:
        """The product type, read from the head of the request, or from what the product is to
        do to a thing named after it ("something to carry my laptop": a laptop bag). A generic
        type narrows to the kind made for the thing it serves: "a sleeve to protect my laptop"
        and "case for my phone" are a laptop sleeve (notebook bag) and a phone case, while
        "backpack for my laptop" stays a backpack (a notebook bag is no kind of backpack)."""
        text = referent(text, self._vocab.line_kinds)
        if (asked := asked_type(text)) is not None:
            return asked  # "do u sell 3d printers? my son wants to print little figures": the printer is asked for
        # "we mounted the bracket ... so now i need the actual tv": context first, then the request
        # (not a need to do something with a thing: "usb stick, just need to move files between work and home";
        # getting one is still a request: "my old pc is crawling, want to swap in an internal ssd")
        if (now := list(_NOW_NEED.finditer(text))) and type_spans(text[:now[-1].start()]) \
                and type_spans(text[now[-1].end():], weak=True) and not re.match(
                    # ("just need to get it off the cabinet": getting the thing said before somewhere is no request)
                    r"\s*to\s+(?:(?!(?:swap|put|get|buy|add|install|upgrade|replace|fit|try|grab|pick|order|find|have|pop)\b)|"
                    r"(?:get|put|have)\s+(?:it|them|that)\b)",
                    text[now[-1].end():]) and not _SPEC_FIRST.match(text[now[-1].end():]) \
                and (later := self._category(text[now[-1].end():])) is not None:
            # ... the kind said before when narrower ("laptop bag ... need the bag"), or the whole request when the
            # words after name none of their own ("samsung watches? want one that works w my samsung phone")
            # (not the shopper's own one: "The little Bluetooth speaker I got ... I'm after a proper set of computer speakers", RD)
            return next((k for a, _, k in type_spans(text[:now[-1].start()]) if broader_category(k) == later
                         and not tells_of_mine(_sentence_at(text, a))), later)
        use = use_of(text)
        served = use or _FOR.search(text)
        if served is None:
            # "hp printer that doesnt eat ink": a type before a relative clause is the head; a word
            # after "to" is a verb ("a second screen to plug my laptop into" is no plug)
            # ("a basic philps dvd player to plug into the tv" is no plug, set PT)
            head_clause = re.sub(r"\bto\s+[a-z]+\s+(?:in|into|on|onto|with)\s+(?:my|our|the|an?|it|them)\b(?:\s+[a-z]+)?|"
                                 r"\bto\s+[a-z]+(?=\s+(?:my|our|the|an?|it|them)\b)", " ", re.split(r"\b(?:that|which)\b", text, maxsplit=1)[0])
            return head_type(text) or derive_category(head_clause if type_spans(head_clause) else text)
        thing = re.sub(r"\s+(?:in|on|to|at|with|and|around|while|when|from|off|onto|up)$", "", served.group(2))  # "carry my laptop in", "hang the projector from the ceiling" (QP)
        head = type_spans(text[: served.start()]) or type_spans(text[: served.start()], weak=True)  # "an ssd for my laptop"
        if use is not None and not head:
            noun = next(n for verb, n in USE_NOUN.items() if use.group(1).startswith(verb))
            for words in (thing, thing.split()[0]):
                if (found := derive_category(f"{words} {noun}")) is not None:
                    return found
        found = derive_category(text)
        if head and (lead := head_type(text[: served.start()])) is not None and found in {k for *_, k in head}:
            found = lead  # "a headset with a microphone for church zoom meetings": the head, what it comes with a feature
        if head and found != head[-1][2] and found == derive_category(thing):
            found = head[-1][2]  # "a canon lens for my dslr": the lens, not the camera it serves
        cut = re.search(r"[,.;!?]", text[served.end():])
        if head and found != head[-1][2] and cut and found not in {k for *_, k in type_spans(text[: served.end() + cut.start()], weak=True)}:
            found = head[-1][2]  # "a 3d printer for my son, he wants to print minecraft figures": not the story's toy
        owned = re.search(r"\b(?:my|our|his|her|your)\b", served.group(0)) is not None
        if not head and owned and found is not None and found == derive_category(thing):
            # Only the thing served names a type ("logitech stuff for my pc"): what is asked for is
            # something for it, not the thing itself; no type, the rest of the request decides.
            found = None
        # the thing served as the catalog may name it, said in the plural too ("a carry case for each of those laptops", set PC)
        served_as = (thing, thing.split()[0], re.sub(r"(?<!s)s\b", "", thing), line_kind(thing, self._vocab.line_kinds) or "")
        if not head:
            # No type before "for": the thing served names it with the head's words ("cover for my
            # tablet" is a tablet cover, an accessory), never the thing itself.
            words = text[: served.start()].split()
            for thing_words in served_as:
                if words and (narrow := derive_category(f"{thing_words} {words[-1]}")) is not None \
                        and (is_accessory(narrow) or narrow.split()[-1] == words[-1]):  # ("rolls of tape for the label maker")
                    return narrow
        elif found == head[-1][2]:
            word = text[head[-1][0]:head[-1][1]].split()[-1]
            # "case for my galaxy s20": the line's kind from the catalog when no type word names it
            for words in served_as:
                narrow = derive_category(f"{words} {word}")
                # (or the same head noun, of the kind served: "a ceiling mount for the projector" is a projector mount, no
                # monitor's; "raid controller card for the file server" no game controller)
                if narrow is not None and narrow != found and (derive_category(narrow.split()[-1]) == found or (
                        narrow.split()[-1] == word and (served_kind := derive_category(words)) is not None and served_kind in narrow)):
                    return narrow
        return found

    # -- entry point ----------------------------------------------------------
    def parse(self, message: str) -> ParsedQuery:
        normalized = self.normalize(message or "")
        if not normalized:
            return ParsedQuery(raw=message or "", text="")
        text = first_of_list(taken_back(settled(normalized)))  # "1tb. no wait, 2 TB at minimum": no 1 TB; "a laptop, a mouse ... laptop first": the laptop
        constraints: list[Constraint] = []
        notes: list[str] = []
        text, excluded = without_exclusions(without_match(text), self._is_brand)
        # a long story: the type its asking sentence names, the message without its story (named items), its asking sentences
        focus, asked, ask = asking.read(text) if self._use_category else (None, None, None)
        notes += [f"not searched for: {', '.join(excluded)}"] if excluded else []
        numeric, text = read_specs(text)
        numeric = asking.asked_specs(numeric, read_specs(ask)[0] if ask else [])  # a story's size: the asked one wins
        # The product type comes from what is left once specs are set aside:
        # "notebook with 8gb ram" is a notebook, not a memory module.
        type_text = text
        for c in numeric:
            type_text = type_text.replace(c.text, " ")
        type_text = read_price(type_text, per_unit=False).text  # nor a price's own words ("cap it at 1000", "the 100 to 300 dollar bracket")
        type_text = without_story(type_text, self._is_brand)  # "a canon fan", "to match the furniture"
        typed = normalized  # not the type of a thing seen elsewhere: "The camera shop downtown has ... What Canon lenses" (set ON), nor its words searched
        if type_spans(unseen := without_seen(type_text), weak=True):
            type_text, typed = unseen, without_seen(normalized)
        # The need reads the whole sentence ("my laptop is nearly full"); the type skips the shopper's
        # own device in trouble ("my desktop just shuts off": owned, not asked for).
        category, need = (focus[0], None) if focus else with_need(type_text, self._category(without_owned(type_text))) \
            if self._use_category else (None, None)
        if category is not None and (category in excluded or any(broader_category(e) == category for e in excluded)):
            # "not ink, not toner ... every search gives me cartridges": a kind set aside is not asked for again
            kept = type_text
            for a, b, name in type_spans(type_text, weak=True):
                if name in excluded or any(broader_category(e) == name for e in excluded):
                    kept = kept[:a] + " " * (b - a) + kept[b:]
            category, need = with_need(kept, self._category(without_owned(kept)))
        # (a kind the rules read that the catalog files nothing as, "record player", is said to be not carried: the
        # model, which knows only carried kinds, has no say over it)
        # (a type named by a phrase of three words or more stands: "hp all in one printer/scanner/copier thingy" is no scanner)
        if self._typer is not None and self._carries(category) and not _named_at_length(type_text, category) and category != (checked := self._typer.checked(
                typed, category, set_aside=tuple(excluded), gift=GIFT.search(type_text) is not None, is_brand=self._is_brand)):
            notes.append(f"{TYPE_NOTE}: {checked}" + (f" (the rules read {category})" if category else ""))
            # the learned reader's type won by its margin. One its words do not name was read from
            # the shopper's situation, as a need is ("the guy next to me reads my screen": a privacy filter);
            # in a short message it is a guess from a word or two ("black cans"; "a sofa for the living room" is
            # no TV): no need, so a word no product holds still makes the answer "the closest"
            named = any(k == checked for _, _, k in type_spans(type_text))
            story = len(normalized.split()) >= self._typer.margins.min_words
            category, need = checked, need or (None if named or not story else checked)
        if not type_spans(type_text) and not _LINE_SERVED.search(type_text) and all(  # (or a form's word: "1U or tower PowerEdge")
                type_text[a:b] in ("tower", "rack") for a, b, _ in type_spans(type_text, weak=True)) and (
                line := named_line(" ".join(_beside_brand(type_text, self._is_brand)), self._vocab.line_kinds)) and not is_accessory(line):
            category, need = line, None  # "HP LaserJet, something in the $100-300 range": the printer its line names, no toner (OX)
        category = with_connector(_named_before(type_text, category), type_text)  # "a laptop stand ... The stand" (set OE); "a cable, hdmi"
        if focus and category is not None and (need_said := need_phrase(type_text)) and broader_category(need_said[0]) == category:
            category = need_said[0]  # "... carry my 15.6\" work laptop home ... I'm looking for a Targus bag" (set OE)
        if need is None and category is not None and (use := use_of(type_text)) and not type_spans(type_text[: use.start()]):
            need = use.group(0)  # "something to hang my tv on the wall": read from its use, as a need is
        if category is not None and need is None and GIFT.search(type_text) and (spans := [
                a for a, _, kind in type_spans(type_text) if kind == category]) and all(
                re.search(r"\b(?:his|her|their)\s+(?:own\s+|old\s+|new\s+)?$", type_text[:a]) for a in spans):
            category = None  # a gift for someone "on his pc gaming all the time": his pc is his, not the gift
        if category is None and (line := line_before_spec(text, [c.text for c in numeric], self._vocab.line_kinds,
                                                          self._is_brand, RAM_DEVICES)) is not None:
            category = line  # "lenvo thinkpad w/ 16 gig ram": the line names the device, not the spec's "ram"
        if category is None and numeric and (again := owned_again(type_text, self._is_brand)) is not None:
            category = again  # "my phone storage is always full. samsung w/ 128gb": the same kind again, by brand and spec
        if category is None and all(c.kind != "storage_gb" for c in numeric) and any(  # (not a device's: "RAM minimum 8 GB and
                c.kind == "memory_gb" and re.search(r"\bram\b(?!\s+[a-z])", c.text)  # storage minimum 512 GB", "samsung
                and not re.search(r"\b(?:w/?|with)\s*$", text[:max(text.find(c.text), 0)]) for c in numeric):  # flagship w/ 8gb ram")
            category = "memory module"  # "hyperx ram 16gb+": the spec is all that names a type
        price, text, price_notes = asking.asked_price(lambda said: self._price(said, category), text, focus[1] if focus else None)
        notes += price_notes
        numeric = of_kind(numeric, category, text)  # ("16gb laptop" is RAM, an mp3 player's memory is its storage)
        category = holder_kind(category, text, numeric)  # a bag that takes a laptop, an arm that holds a screen
        if category in FITS_UP_TO:
            numeric = [as_floor(c, category) if c.kind == "screen_in" else c for c in numeric]
        elif category is not None and not is_accessory(category):  # "wfh on a 13\" laptop ... need a bigger screen": the laptop's
            numeric = [c for c in numeric if c.kind != "screen_in" or sized_kind(text, c.text) in (None, category)]
        numeric = without_story_specs(text, numeric)
        brands = [b for b in self._brands(text, category) if b.value not in excluded]  # "NOT hyperx ... the hyperx one I had"
        # ("make it a samsung. or lg. no, samsung": where a brand is said last, its words without a stop after them, set LR)
        placed = sorted(((max([text.rfind(b.text), *(m.start() for m in re.finditer(rf"\b{re.escape(b.text.rstrip('.!?,;'))}\b", text))]), b)
                         for b in brands if b.text in text), key=lambda x: x[0])
        if (kept := last_said(text, [(at, at + len(b.text)) for at, b in placed])) is not None:
            brands = [placed[kept][1]]
        elif story := in_story(text, [(at, at + len(b.text)) for at, b in placed]):  # "canon printer ... my HP keeps bricking"
            brands = [b for b in brands if all(b is not placed[i][1] for i in story)]
        if not brands and (made := line_brand(text, category, self._vocab.line_kinds, self._vocab.line_brands)):
            brands = [Constraint("brand", made[0], made[1], 0.6)]  # "galaxy phone": a Samsung
        if category and brands:
            category = brand_kind(category, type_text, [str(b.value) for b in brands], self._vocab.brand_categories)
        # "case for my samsung": the phone's maker, read (the trace shows it, no name is missing) but no filter
        serving = [serves_only(text, b.text, category) for b in brands]
        served = [Constraint("served_brand", b.value, b.text, b.confidence) for b, s in zip(brands, serving, strict=True) if s]
        brands = [b for b, s in zip(brands, serving, strict=True) if not s]
        features = read_features(text)
        said = price + brands + served + numeric + features
        constraints += (kept := not_mine(normalized, said, category))  # not the shopper's own thing's
        if mine := [c.text for c in said if all(c is not k for k in kept)]:
            notes.append(f"{OWN_NOTE}: {', '.join(mine)}")
        if category:
            constraints.append(Constraint("category", category, need or category, 0.6, need=need is not None))
        search_text = " ".join(FILLER.sub(" ", asking.without_said(focus[2], constraints) if focus else without_seen(text) if typed != normalized else text).split()) or " ".join(text.split())
        hint = None
        if category is None and GIFT.search(text):
            if hint := gift_hint(search_text):
                notes.append(f"a gift for someone into \u201c{hint}\u201d: searched for it")
                search_text = hint
            else:
                picks = starter(text)
                notes.append(f"{NO_HINT_NOTE}: starting picks from \u201c{picks}\u201d")
                search_text = picks
        return ParsedQuery(
            raw=message,
            text=search_text,
            constraints=tuple(constraints),
            notes=tuple(notes),
            filters=filters_from(tuple(constraints)),
            gift_hint=hint or None,
            set_aside=tuple(excluded),
            focus=asked or (focus[1] if focus else None),
        )


_TYPE_BY_LENGTH: dict[int, tuple[str, ...]] = {n: tuple(w for w in sorted(TYPE_WORDS) if len(w) == n) for n in {len(w) for w in TYPE_WORDS}}


__all__ = ["AMBIGUOUS_BRANDS", "QUALIFIER_WORDS", "SOFT_WORDS", "Constraint", "ParsedQuery", "QueryParser", "filters_from"]
