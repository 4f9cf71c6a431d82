"""The product type a message asks for, read by a learned model: a second reader beside the rules.

The rules read a type from the words around a type word; they fail on voices nobody wrote a rule for
(a long story, a situation with no request in it). A linear model over the message's words, trained on
every golden conversation's first request (`python -m rag.offline.train_typer`), reads those better,
and the rules read short requests better (accessories named after their device, "screen protector for
a phone"; an item not carried, "iphone 12 128gb, do you have it"). So in a message of at least a few
words (15 in the shipped model) the parser's type gives way to the model's when the model disagrees
by a clear margin, and the model's type is taken where the rules read none. The margins are chosen by
cross-validation over the golden files and the word floor on whole turns out of fold (the model card
in the model's folder, docs/conversation-quality.md). The model reads the message as the parser
normalized it (typos and spellings mended).

The model ships as plain arrays (``rag.understanding.linear_text``), read with numpy.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rag.catalog.categories import broader_category, type_spans
from rag.understanding.head import MINE_SAID
from rag.understanding.linear_text import META_FILE, MODEL_FILE, LinearTextModel

TYPE_NOTE = "product type read by the learned reader"  # the parse's note when the model's type is used


@dataclass(frozen=True, slots=True)
class TypeReading:
    """The model's type for a message, and its margin over the runner-up."""

    type: str
    margin: float


@dataclass(frozen=True, slots=True)
class Margins:
    """When the model's type wins: over the rules' own type by a margin of ``override`` in a message of
    ``min_words`` words or more, or where the rules read none by ``fill`` in one of ``fill_min_words`` or
    more (``min_words`` when not set). A margin is the model's lead over its runner-up."""

    override: float
    fill: float
    min_words: int = 15
    fill_min_words: int | None = None

    @property
    def fill_floor(self) -> int:
        return self.min_words if self.fill_min_words is None else self.fill_min_words


class TypeReader(LinearTextModel):
    """Reads a message's product type with a TF-IDF + linear model; cheap (one sparse dot product)."""

    def __init__(self, vocabulary: dict[str, int], idf: np.ndarray, weights: np.ndarray, bias: np.ndarray,
                 classes: tuple[str, ...], margins: Margins) -> None:
        try:
            super().__init__(vocabulary, idf, weights, bias, classes)
        except ValueError:
            raise ValueError("type model arrays do not agree in shape") from None
        self.margins = margins

    @classmethod
    def load(cls, directory: str | Path) -> TypeReader:
        args, meta = cls.read_folder(directory)
        args.pop("ngrams")
        return cls(**args, margins=Margins(**meta["margins"]))

    def with_margins(self, margins: Margins) -> TypeReader:
        """The same model, deciding with other margins."""
        return TypeReader(self._vocab, self._idf, self._w, self._b, self.classes, margins)

    def save(self, directory: str | Path, **extra: object) -> None:
        """Write the model as ``load`` reads it (weights as float32), with ``extra`` in its meta file."""
        m = self.margins
        margins = {"override": min(m.override, 1e9), "fill": min(m.fill, 1e9), "min_words": m.min_words,
                   "fill_min_words": m.fill_min_words}
        self.write_folder(directory, margins=margins, **extra)

    def read(self, message: str) -> TypeReading | None:
        """The best type and its margin; None when no word of the message is known to the model."""
        if not (counts := self._known(message)):
            return None
        s = self._scores(counts)
        first, second = np.argsort(-s)[:2]
        return TypeReading(self.classes[int(first)], float(s[first] - s[second]))

    def checked(self, message: str, category: str | None, *, set_aside: tuple[str, ...] = (),
                gift: bool = False, is_brand: Callable[[str], object] | None = None) -> str | None:
        """The type to use: the rules' ``category`` unless the model's wins by its margin in a long
        ``message`` (see the module docstring). Never a type the shopper set aside, never a gift's
        guess, and never a type sharing a word with the rules' ("mouse pad" is no mouse). ``is_brand``: whether a word is a
        brand's; the rules below read past them ("Need a Philips dictation microphone" asks for a microphone outright, set SM)."""
        words = len(message.split())
        if words < (self.margins.min_words if category is not None else self.margins.fill_floor):
            return category
        reading = self.read(message)
        if reading is None or reading.type == category or reading.type in set_aside:
            return category
        if category is None:
            return reading.type if not gift and reading.margin >= self.margins.fill else None
        if set(reading.type.split()) & set(category.split()) or reading.margin < self.margins.override:
            return category
        text = message.lower()
        found = type_spans(text, weak=True)  # (read once, for both rules below, and only where the model would win)
        if _only_what_it_is_for(text, found, reading.type, category) or _inside_the_rules(text, found, reading.type, category) \
                or _asked_outright(text, found, reading.type, category):
            return category
        if is_brand is not None and (bare := re.sub(r"\b[a-z][\w&!-]*\s*", lambda m: "" if is_brand(m.group(0).strip()) else m.group(0), text)) != text \
                and _asked_past_its_brand(bare, type_spans(bare, weak=True), reading.type, category):
            return category
        return reading.type


#: Verbs of what a thing does for another ("something to carry it in", "a thing to hang the tv on the wall with"); the
#: follow-up rules name "it" after them too (``rag.conversation.refine_reader.for_the_shown``)
USE_VERBS = "carry|charge|protect|hang|mount|clamp|hold|prop|lock|clean|cover|wrap|store|haul|transport|power|lug|schlep|tote"
#: What a thing is for, said after it: "2 monitors for the desktop pc", "a pen for the tablet", "a thing to hang the tv on
#: the wall with", "a mouse to use with the notebook", "for our office printers", what it is kept in ("while it rattles around
#: in my tote bag") ("for an ssd" is the thing wanted)
# (and what it is hooked up to: "a cable to hook the tv up"; not among the verbs that name "it", where "I'll hook it up to a
# monitor at home" is no monitor wanted)
# (and what a budget is the same as: "same budget as the router", set OJ)
# (and what it must fit: "has to fit a phone of 6.5 inches or more", set OK)
# (with no article after "same ... as": "same brand and same budget as keyboard", set PJ)
# (and what it matches, pointed at: "a mouse, in the same colour as that keyboard", set SQ)
_FOR = re.compile(rf"\b(?:for|with|to|in|inside|into|onto|hook|connect|plug|same\s+[a-z]+\s+as|{USE_VERBS})\s+(?:the|my|our|his|her|their|your)\s+(?:[a-z]+\s+)?$"
                  r"|\bsame\s+[a-z]+\s+as\s+(?:that|this|those|these)\s+(?:[a-z]+\s+)?$"
                  r"|\bsame\s+[a-z]+\s+as\s+$|\bfits?\s+(?:a|an|the|my|our|his|her|their|your)\s+(?:[a-z]+\s+)?$")
#: ... but not the thing wanted: "looking for the best ssd", "swapping it for the ssd", "I'm paying for the graphics card"
_WANTED_FOR = re.compile(r"\b(?:look\w*|shop\w*|search\w*|swap\w*|trad\w*|exchang\w*|replac\w*|ask\w*|after|market|go|opt\w*|pay\w*|paid|"
                         r"hop\w*|wish\w*|hunt\w*)\s+(?:(?:it|them|one|mine|out)\s+)?for\s+(?:the|a|an|my|our|his|her|their|your)\s+(?:[a-z]+\s+)?$")


def _only_what_it_is_for(text: str, found: Sequence[tuple[int, int, str]], kind: str, category: str) -> bool:
    """Whether ``text`` (its type spans ``found``) names ``kind`` only as what the thing asked for is for, after it: the
    rules' type, named before it or read from a use, stands."""
    # (said by its broader kind's word: the model's notebook bag in "rattles around in my tote bag")
    spans = [a for a, _, k in found if k == kind] or [a for a, _, k in found if k == broader_category(kind)]
    rules = [a for a, _, k in found if k == category]
    return bool(spans) and all(_FOR.search(text[:a]) and not _WANTED_FOR.search(text[:a]) for a in spans) \
        and all(r < spans[0] for r in rules)


def _inside_the_rules(text: str, found: Sequence[tuple[int, int, str]], kind: str, category: str) -> bool:
    """Whether ``kind`` is said only as a word of the rules' own type phrase: "printer paper" is paper, no printer."""
    # (or by a word of its own: "spare laptop chargers for our fleet" is chargers, set OI)
    return not any(k == kind for *_, k in found) and any(
        k == category and (re.search(rf"\b{re.escape(kind)}", text[a:b]) or any(
            m == kind for *_, m in type_spans(" ".join(text[a:b].split()[:-1]), weak=True))) for a, b, k in found)


#: Words right before a type that ask for it outright: "I want headphones so only I hear it", "I need a replacement
#: remote", a sentence that starts with it ("... missing the speeches. spare batteries, canon, less than 60 each") (set OK)
# (and its colour: "need a white case fan for my build" is no phone case, set PV)
# (and what kind it is: "a rechargeable toothbrush", "image-stabilised binoculars", "a desk microphone", set QE, QF)
_MODIFIERS = (r"(?:(?:a|an|some|new|spare|replacement|proper|extra|second|separate|pair\s+of|couple\s+of|good|decent|small|little|cheap|basic|pc|"
              r"rechargeable|electric|cordless|portable|handheld|compact|desk|usb|universal|micro|[a-z]+-[a-z]+|"
              r"black|white|grey|gray|silver|blue|red|pink|green|gold|purple)\s+){0,3}$")
_ASKING = r"\b(?:want|wants|need|needs|buy|get|looking\s+for|searching\s+for|what\s+about|how\s+about)\s+"  # ("what about a separate mic", SY)
_OUTRIGHT = re.compile(_ASKING + _MODIFIERS)
# ... and with a word of what kind it is: "Need a dictation microphone" (set SM)
# ... or named as the next thing on a list: "next thing on my list is a wireless presenter/clicker" (set SZ)
_LIST_LEAD = re.compile(r"\b(?:next|also|last)\s+(?:thing\s+|item\s+|up\s+)?(?:on\s+(?:the|my|our)\s+list\s*)?(?:is\b|:|-)\s*(?:(?:wireless|cordless|bluetooth)\s+)?" + _MODIFIERS)
_OUTRIGHT_KIND = re.compile(_ASKING + r"(?:an?\s+)?(?!(?:a|an|the|some)\s)[a-z]+\s+" + _MODIFIERS)
# ... or asked of the shop: "can you find a wifi extender or booster too" (set RB)
_FIND_ME = re.compile(r"\b(?:can|could|would)\s+(?:you|u)\s+(?:please\s+)?(?:find|get|show|recommend)\s+(?:me\s+|us\s+)?" + _MODIFIERS)
# (after a word that adds it: "also a universal remote that'll run the TV and the blu-ray", set QM)
_SENTENCE_HEAD = re.compile(r"(?:^|[.!?;:]\s*)(?:(?:and|plus|also|then)\s+)?" + _MODIFIERS)
#: ... a sentence's head said as a request ends there or goes on to what it is for ("spare batteries, canon"; not "new laptop
#: only has 2 usb ports", "Hair salon, ...", "Cleaning out my late father's house")
_REQUEST_ENDS = re.compile(r"\s*(?:[,.;:!?]|$|(?:please|pls|for|with|under|below|that|which|from|by|in)\b)")


#: A question for what the shop stocks, right before the thing: "do you sell keyboards", "have you got any Logitech joysticks"
#: (set OO; the follow-up rules read it too, ``rag.conversation.subject``)
STOCK_QUESTION = re.compile(r"\b(?:do|does)\s+(?:you|u|ya)\s+(?:also\s+)?(?:sell|carry|stock|have|do)\s+(?:any\s+)?(?:[\w-]+\s+){0,2}$"
                            r"|\b(?:have|got)\s+(?:you\s+)?(?:got\s+)?any\s+(?:[\w-]+\s+){0,2}$")


def _asked_outright(text: str, found: Sequence[tuple[int, int, str]], kind: str, category: str) -> bool:
    """Whether the rules' type is asked for outright (``_OUTRIGHT``, ``_SENTENCE_HEAD``) and the model's ``kind`` is a thing
    of the story, named in it: the story's things do not outweigh the thing asked. (A kind the model reads from the story
    unnamed may know better: "a little camera that clips on top of the computer screen" is a webcam.)"""
    if any(k == category and _MESSAGE_HEAD.fullmatch(text[:a]) and _LIST_ENDS.match(text, b)
           and not _shares_word(text[a:b], kind, category) for a, b, k in found):  # (not "label printer": a label maker)
        return True  # the message opens with it, as an order's line: "presenters (clickers) for the training room, logitech" (set OI)
    if any(k == category and _OUTRIGHT.search(text[:a]) and _ADDED_AFTER.match(text, b) for a, b, k in found):
        return True  # a thing added outright: "so I'll want a presenter clicker too - Logitech" (set OP)
    if not any(k == kind for *_, k in found) and any(k == category and _OUTRIGHT.search(text[:a]) and _ASKED_ENDS.match(text, b)
                                                     and (text[a:b].strip().rstrip("s") in category or len(text[a:b].split()) >= 2)
                                                     and not _shares_word(text[a:b], kind, category) for a, b, k in found):
        return True  # ... or asked for outright by the type's own name as a sentence of its own, the model's kind unnamed: "I want
        # image-stabilised binoculars. Canon, ..." is no camera (set QE; not "a little camera that clips on top of the computer
        # screen": a webcam; nor "she also wants an arm, under 100": "arm" is no stand's own name, the model's monitor mount stands)
    if not any(k == kind for *_, k in found) and any(k == category and len(text[a:b].split()) >= 2
                                                     and not _shares_word(text[a:b], kind, category) and (
            (_SENTENCE_HEAD.search(text[:a]) and _REQUEST_ENDS.match(text, b)) or (_OUTRIGHT.search(text[:a]) and _WE_CAN.match(text, b)))
            for a, b, k in found):
        return True  # ... or by a name of two words or more at a sentence's head: "... keeps buffering. A wifi extender from Netgear"
        # (set QM; "something from Netgear to extend it" reads so), or asked for and what it is to do said: "Looking for a projection
        # screen we can put up and take down again" (set QM)
    kinds = [a for a, _, k in found if k == kind]
    if kinds and all(MINE_SAID.search(text, 0, a) for a in kinds) and any(
            k == category and _OPENS_SENTENCE.search(text, 0, a) and _REQUEST_ENDS.match(text, b) for a, b, k in found):
        return True  # the model's kind is only the shopper's own thing: "My reading nook lamp is so dim ... Philips bulb" (set QY)
    if any(k == category and _LIST_LEAD.search(text[:a]) for a, _, k in found):
        return True  # the next thing on the shopper's list, named: "next thing on my list is a wireless presenter/clicker" (set SZ)
    if any(k == category and _REFILL.search(text[:a]) for a, _, k in found):
        return True  # a refill of the thing named: "I'll need refill labels for it too" after a label maker (set QY)
    if not any(k == kind for *_, k in found) and any(k == category and _ANY_ONES.match(text, b) for a, b, k in found):
        return True  # the thing said, then asked for by pointing back: "keep blowing bulbs in the cab. got any philips ones" (set QX)
    if not any(k == kind for *_, k in found) and any(k == category and _FIND_ME.search(text[:a]) and len(text[a:b].split()) >= 2
                                                     and not _shares_word(text[a:b], kind, category) for a, b, k in found):
        return True  # a name of two words or more asked of the shop, the model's kind unnamed: "can you find a wifi extender" (RB)
    if not any(k == kind for *_, k in found) and any(k == category and STOCK_QUESTION.search(text[:a]) for a, _, k in found):
        return True  # a thing asked for by name, the model's kind unnamed: "have you got any Logitech joysticks" is no mouse (set OO)
    if not any(k == kind for *_, k in found) and any(k == category and _ALSO_OUTRIGHT.search(text[:a]) for a, _, k in found):
        return True  # ... or also needed outright, the model's kind unnamed: "so I also need a range extender for there" (set NY)
    if not any(k == kind for *_, k in found) and any(k == category and len(text[a:b].split()) >= 2
                                                     and not _shares_word(text[a:b], kind, category)
                                                     and (_ONE_OF_THOSE.search(text[:a]) or _ADDED_AFTER.match(text, b)) for a, b, k in found):
        return True  # ... or by a name of two words or more, pointed at or added, the model's kind unnamed: "And one of those power
        # banks so it doesn't die on me", "so a power bank too please" (sets QC, QH; not any name asked outright: "I need an all in
        # one (print/scan/copy)" is a printer, "a memory stick for keeping my photographs on" a USB stick, sets MR, MW)
    return any(k == kind for *_, k in found) and any(
        k == category and (_OUTRIGHT.search(text[:a]) or (_SENTENCE_HEAD.search(text[:a]) and _REQUEST_ENDS.match(text, b)))
        for a, b, k in found)


def _asked_past_its_brand(text: str, found: Sequence[tuple[int, int, str]], kind: str, category: str) -> bool:
    """Whether the rules' type is asked for outright once its brand is read past (``text`` without the brand words): with a
    word of what kind it is and the model's kind unnamed ("Need a Philips dictation microphone"), or by its name with the
    model's kind named after it ("I want a Philips universal remote that does tv/soundbar/blu-ray") (set SM)."""
    if any(k == category and text[a:b].strip().rstrip("s") == category.rstrip("s") and _MESSAGE_HEAD.fullmatch(text[:a])
           and _LIST_ENDS.match(text, b) for a, b, k in found):
        return True  # the message opens with the kind by its own name: "And DYMO labels for the patient record drawers" (SM)
    if not any(k == kind for *_, k in found):
        return any(k == category and _OUTRIGHT_KIND.search(text[:a]) and _ASKED_ENDS.match(text, b)
                   and not _shares_word(text[a:b], kind, category) for a, b, k in found)
    return any(k == category and _WANT_A.search(text[:a]) and len(text[a:b].split()) >= 2 for a, b, k in found)  # (not "an HP all-in-one")


_WANT_A = re.compile(r"\b(?:want|wants|need|needs|looking\s+for)\s+(?:a|an|some)\s+" + _MODIFIERS)
_OPENS_SENTENCE = re.compile(r"[.!?;:]\s+(?:[\w&-]+\s+)?$")  # (its maker may come first: "... at the page. Philips bulb, under 60")
_REFILL = re.compile(r"\brefills?\s+(?:of\s+)?$")
_ANY_ONES = re.compile(r"[^.;!?]{0,40}?[.;!?,]?\s*(?:got|have|sell|stock|carry|do\s+you\s+(?:have|sell|do))\s+any\s+(?:[\w-]+\s+){0,2}ones?\b")


def _shares_word(name: str, kind: str, category: str = "") -> bool:
    """Whether a name said shares a word with the model's ``kind`` ("label printer" and label maker; a plural counts as its
    singular): then the model's kind may be the name's own, and the rules' reading does not stand against it. Not when the
    name is the rules' ``category`` by its own name ("also some labels to caption the pages" is labels, set QY)."""
    if category and name.strip().rstrip("s") == category.rstrip("s"):
        return False
    return bool({w.rstrip("s") for w in name.split()} & set(kind.split()))


_WE_CAN = re.compile(r"\s+(?:we|i|you)\s+can\b")
_SENTENCE_ENDS = re.compile(r"\s*(?:[,.;!?]|$)")  # (or a list's: "Karaoke night at ours next Saturday!! I need a microphone, Philips", set QM)
# ... or what it is for, pointed back at, or what it is to do ("Need an enclosure for it", "I need a router to sit behind it", SG)
_ASKED_ENDS = re.compile(r"\s*(?:[,.;!?]|$)|\s+for\s+(?:it|them)\b|\s+so\s+(?:i|we)\s+(?:can\s+|could\s+)?(?:stop|don'?t|do\s+not|won'?t)\b|\s+to\s+(?:sit|go|plug|connect|hook|run|work|live|hang)\b")
_ONE_OF_THOSE = re.compile(r"\bone\s+of\s+(?:those|these|them|the)\s+" + _MODIFIERS)
#: A thing the shopper also needs, said before it: "so I also need a range extender" (not "I need a memory stick": a card's name too)
_ALSO_OUTRIGHT = re.compile(r"\b(?:i|we)\s+also\s+need\s+" + _MODIFIERS)  # (not "she also wants a speaker she can take to the beach")
#: A thing added, said right after it: "a presenter clicker too" (set OP)
_ADDED_AFTER = re.compile(r"(?:\s+[a-z]+)?\s+(?:too|as\s+well|also)\b")
# (or a follow-up's "and the ... to ...": "and the shiny paper to print the photos on" is no printer, set OJ)
# (and where it goes first: "then for downstairs a micro hi-fi for the living room", set QM)
_MESSAGE_HEAD = re.compile(r"\s*(?:(?:and\s+)?then\s+)?(?:for\s+(?:the\s+)?[a-z]+\s+)?(?:(?:and|plus|also)\s+(?:the\s+|some\s+)?)?(?:(?:\d{1,3}|one|two|three|four|five|six|ten)\s+)?" + _MODIFIERS)  # ("Also one rack cabinet: APC", set PC)
# (a line goes on to what it is for: "and a power bank for trips. anything under one-twenty is fine", set PA)
# (or to its price, or ends: "plus a wifi extender under 250, same brand", set PF)
# (or to why: "and a wifi extender so it reaches out there", set PV)
_LIST_ENDS = re.compile(r"\s*(?:[,(;:.]|$|so\b|because\b|since\b|for\s+(?:the|our|my|a|an|[a-z]+s)\b|to\s+[a-z]+\s+(?:the|my|our|it|them)\b"
                        # ("and a spare battery too, same brand", "and a cheap PC mic for voice chat on discord", sets PE, OX)
                        r"|too\b|as\s+well\b|for\s+(?:voice|video|music|work|school|gaming|zoom|calls?|[a-z]+ing)\b"
                        r"|(?:under|below|less\s+than|max|up\s+to|<|≤)\s*\$?\d)")


__all__ = ["META_FILE", "MODEL_FILE", "TYPE_NOTE", "USE_VERBS", "Margins", "TypeReader", "TypeReading"]
