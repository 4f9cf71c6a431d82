"""Whether a follow-up refines the search shown, read by a learned model: a second reader beside the rules.

The follow-up rules (``rag.conversation.followups``) start a new search when a message names a type
other than the one shown or a subject of its own. They are written phrasing by phrasing, and fresh
voices keep finding phrasings they miss: "ok I can raise that to 500, but it needs to be white to match
the desk" names a desk, "bring the upper end down to 300, I need money left for a cooler" a cooler, and
both started a search for furniture or coolers that the shop answered as not carried.

The model reads the message with its type words masked: a type word of the kinds shown becomes
``zshown``, another ``zother``, a spec's noun (RAM, SSD, screen) ``zspec``; numbers become ``znum`` and
brands ``zbrand``; ``zstart`` marks the message's start, ``zleadother`` another type in its first four words and
``zaskother`` another type said as a thing wanted ("a spare zother", not "the zother"). So it learns where a type word sits ("to match the zother", "money left for a
zother") rather than which types are asked for after which. It is a logistic regression over words and
word pairs, trained on every golden follow-up (the refinements) and on first requests said after
another conversation's results and the golden follow-ups that switch product (the new searches), by
``python -m rag.offline.train_followups``. Its threshold is chosen by cross-validation over golden
files on the rules' and the model's decisions together (the model card in the model's folder).

It acts where the rules are in doubt, each way. A new search becomes a refinement where the rules read a
new subject, the message holds a constraint to refine with, and the model's probability of a refinement
reaches ``refine_from``. A refinement becomes a new search where that probability is below
``search_below``: "and I'm gonna need a headset for voice chat, up to $100" after laptops, whose first
clause the rules set aside as a reason. The new search
reads the whole message, "it" named as the kind shown ("and a case for it" after tablets: a case for
the tablet). Where the model only doubts a refinement (its probability below even odds), the refinement
stands but carries that new search, which the turn runs if the refinement finds nothing: "great. I'll grab
a mouse to use with it too - logitech, nothing over 30 bucks" after 16 GB Lenovo laptops filters laptops to
Logitech under $30, finds none, and searches Logitech mice under $30 instead.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol

import numpy as np

from rag.catalog.categories import type_spans
from rag.understanding.linear_text import LinearTextModel
from rag.understanding.typer import USE_VERBS

REFINE = "refine"
SEARCH = "search"
READ_NOTE = "read as a refinement by the learned reader"  # the resolution's note when the model decided
SWITCH_NOTE = "a new search, read by the learned reader"
EMPTY_NOTE = "a new search: the refinement found nothing of its kind, and the learned reader doubted it"
#: Below even odds of a refinement, the reader doubts one (not tuned: the model's own indifference point).
DOUBT_BELOW = 0.5

#: A type word that names a part or a spec of the thing shown when said with a size: "16gb ram", "a 512 ssd".
_SPEC_NOUNS = frozenset({"ram", "memory", "ssd", "storage", "hdd", "hard drive", "drive", "screen", "display"})
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_LEAD = 4  # the first words of a message
_WANTED = frozenset({"a", "an", "another", "extra", "spare", "some", "second", "new", "any"})
_TIES = frozenset({"the", "my", "our", "his", "her", "their", "your", "that", "this", "for", "to", "with", "in", "on",
                   "of", "from", "like", "as"})
_WORD = re.compile(r"[\w'&.-]*\w")  # a word, brands' own marks kept ("hp-branded" is no brand, "hyperx," is)


def masked(text: str, shown_kinds: Iterable[str], brands: frozenset[str]) -> str:
    """The message as the model reads it: lower case, its type words, numbers and one-word brands masked."""
    shown = set(shown_kinds)
    t = text.lower()
    for start, end, kind in reversed(type_spans(t, weak=True)):
        mask = "zspec" if t[start:end] in _SPEC_NOUNS else "zshown" if kind in shown else "zother"
        t = f"{t[:start]} {mask} {t[end:]}"
    t = _NUMBER.sub(" znum ", t)
    words = _WORD.sub(lambda m: "zbrand" if m.group(0) in brands else m.group(0), t).split()
    # where the other type sits: in the first words it is mostly what is asked ("and a zother, also zbrand"), later
    # mostly what the refinement is said of ("... to match the zother")
    return " ".join(["zstart", *(["zleadother"] if "zother" in words[:_LEAD] else []),
                     *(["zaskother"] if _asked_for(words) else []), *words])


def _asked_for(words: list[str]) -> bool:
    """Another type said as a thing wanted: after "a", "another", "an extra", "a spare" with no "the", "my" or
    preposition between ("and a spare black zother"), not "to match the zother" or "for my zother"."""
    for i, word in enumerate(words):
        if word == "zother":
            for before in reversed(words[max(0, i - 4):i]):
                if before in _TIES:
                    break
                if before in _WANTED:
                    return True
    return False


class FollowupReader(Protocol):
    """What the follow-up rules ask a second reader (a fake in tests, a recorder in training)."""

    def refines(self, message: str, shown_kinds: Iterable[str]) -> bool: ...

    def switches(self, message: str, shown_kinds: Iterable[str]) -> bool: ...

    def doubts(self, message: str, shown_kinds: Iterable[str]) -> bool: ...


#: "it" or "them" said of the thing shown, after a word that ties the new thing to it: "a case for it"
#: (not "for them": people, as often as things: "headphones for them to use with it" after the kids' DVD players)
#: (nor "keep it charged": the charge is the thing's, not a thing to search; nor "spend over 30 on that": money on it)
# (set OK: "a pad under it" after mice, "something to protect this one" after phones; "next to it" is where a thing goes)
# (and "for each one", "for whatever I end up with": "Plus a protective case for each one" after tablets, "I'll need a case for
# whatever I end up with" after phones, sets RB, RD)
_THE_SHOWN = re.compile(r"\b(?:(for)\s+(?:this one|that one|each one|each of them|every one|it|this|that|these|those|"
                        r"whatever\s+(?:i|we)\s+(?:end\s+up\s+with|get|go\s+for|pick|choose))|(with|(?<!next\s)(?<!close\s)to|in|into|under|underneath|beneath|fits?|match(?:es)?)\s+"
                        rf"(?:this one|that one|it|them|this|that|these|those)|({USE_VERBS})\s+(?:it|them|this one|that one))\b", re.I)


#: A cover for the thing shown, said by what it does: "and a cover that goes round the back so it doesnt smash" (set OJ)
_A_COVER_THAT = re.compile(r"\b((?:a|an|some)\s+(?:cover|case|sleeve|skin|bumper|shell)s?)(?=\s+(?:that|which)\b)", re.I)


def for_the_shown(message: str, kind: str | None) -> str:
    """The message with the thing shown named where "it" stands for it ("and a case for it": for the tablet), or where a
    cover is said by what it does ("a cover that goes round the back": a cover for the smartphone)."""
    if not kind:
        return message
    def named(m: re.Match[str]) -> str:
        if m.group(0).lower() == "for it" and _PAID_BEFORE.search(message, 0, m.start()):
            return m.group(0)  # what is paid for the new thing: "I'd rather not go past $40 for it" after lenses prices the bag (SN)
        return f"{m.group(1) or m.group(2) or m.group(3)} the {kind}"
    return _A_COVER_THAT.sub(lambda m: f"{m.group(1)} for the {kind}", _THE_SHOWN.sub(named, message), count=1)


_PAID_BEFORE = re.compile(r"(?:\d|\dk|bucks|dollars)\s+$", re.I)


class RefineReader(LinearTextModel):
    """The probability that a follow-up refines the search shown, and the threshold it acts from."""

    def __init__(self, vocabulary: dict[str, int], idf: np.ndarray, weights: np.ndarray, bias: np.ndarray,
                 classes: tuple[str, ...] = (SEARCH, REFINE), ngrams: int = 2, *, refine_from: float = math.inf,
                 search_below: float = 0.0, brands: frozenset[str] = frozenset(), normalize: Callable[[str], str] | None = None) -> None:
        super().__init__(vocabulary, idf, weights, bias, classes, ngrams)
        if set(classes) != {SEARCH, REFINE}:
            raise ValueError(f"a follow-up model's classes are {SEARCH!r} and {REFINE!r}, not {classes}")
        self.refine_from, self.search_below = refine_from, search_below
        self.brands, self._normalize = brands, normalize

    @classmethod
    def load(cls, directory: str | Path, *, brands: Iterable[str] = (),
             normalize: Callable[[str], str] | None = None) -> RefineReader:
        """The model in ``directory``; ``brands`` (the catalog's, any case) and ``normalize`` (the parser's
        spelling mender) make the masked message the model was trained on."""
        args, meta = cls.read_folder(directory)
        return cls(**args, refine_from=float(meta["refine_from"]), search_below=float(meta["search_below"]),
                   brands=one_word(brands), normalize=normalize)

    def save(self, directory: str | Path, **extra: object) -> None:
        self.write_folder(directory, refine_from=min(self.refine_from, 1e9), search_below=self.search_below, **extra)

    def with_thresholds(self, refine_from: float, search_below: float) -> RefineReader:
        return RefineReader(self._vocab, self._idf, self._w, self._b, self.classes, self.ngrams, refine_from=refine_from,
                            search_below=search_below, brands=self.brands, normalize=self._normalize)

    def text(self, message: str, shown_kinds: Iterable[str]) -> str:
        """What the model reads of ``message`` after results of ``shown_kinds``."""
        return as_read(message, shown_kinds, self.brands, self._normalize)

    def p_refine(self, message: str, shown_kinds: Iterable[str]) -> float:
        return self.probability(self.text(message, shown_kinds))

    def probability(self, text: str) -> float:
        """The probability of a refinement, for a message already masked (as ``text`` gives it)."""
        s = self.scores(text)
        decision = float(s[self.classes.index(REFINE)] - s[self.classes.index(SEARCH)])
        return 1.0 / (1.0 + math.exp(-decision))

    def refines(self, message: str, shown_kinds: Iterable[str]) -> bool:
        """A follow-up the rules read as a new search is a refinement."""
        return self.p_refine(message, shown_kinds) >= self.refine_from

    def switches(self, message: str, shown_kinds: Iterable[str]) -> bool:
        """A follow-up the rules read as a refinement is a new search."""
        return self.p_refine(message, shown_kinds) < self.search_below

    def doubts(self, message: str, shown_kinds: Iterable[str]) -> bool:
        """A refinement the rules read is as likely a new search: run that search if the refinement finds nothing."""
        return self.p_refine(message, shown_kinds) < DOUBT_BELOW


def as_read(message: str, shown_kinds: Iterable[str], brands: frozenset[str],
            normalize: Callable[[str], str] | None = None) -> str:
    """The message as the model reads it: mended by ``normalize`` (the parser's), then masked. The reader and its
    trainer both read through this, so a model reads what it was trained on."""
    return masked(normalize(message) if normalize else message, shown_kinds, brands)


def one_word(brands: Iterable[str]) -> frozenset[str]:
    """The brands a masked message marks: one word of three letters or more, lower case ("hp" is also a word
    of model names, and a brand of two words is rare in a follow-up)."""
    return frozenset(b.lower() for b in brands if " " not in b and len(b) > 2)


__all__ = ["DOUBT_BELOW", "EMPTY_NOTE", "READ_NOTE", "REFINE", "SEARCH", "SWITCH_NOTE", "FollowupReader", "RefineReader", "as_read", "for_the_shown", "masked", "one_word"]
