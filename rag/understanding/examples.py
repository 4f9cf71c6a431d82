"""A maker or a model said as an example of a kind, not asked for (set TC): "Beats type headphones", "an APC-type battery
backup", "a Cabbage Patch style baby doll", "something Lego-ish", "a Blue Yeti knockoff", "a TI-84 or equivalent",
"a keyboard like the apple magic keyboard but for windows", "something like a Thunderbolt display", "a Maytag. well, a washing
machine", "an Epilady type thing. an epilator I mean".

:func:`without_examples` takes the example's name out of the message before it is read, so the kind stays, no brand is asked
and no named item is missing; a name the shopper then insists on ("make sure it's genuine Brita") is a brand as ever. A word
is a name when it is no word of the language, a brand's, or written with a capital inside the message (the shopper's
"Beats", "Bose", "Lego" are words of the language too).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rag.catalog.categories import type_spans
from rag.understanding.english import english_words
from rag.understanding.spelling import respelled

_WORD = r"[A-Za-z][\w'&.+]*(?:-[A-Za-z0-9][\w'&+]*)*"
_RUN = rf"((?:{_WORD}\s+){{0,2}}{_WORD})"
# "Beats type headphones", "APC-type", "ravensburger style jigsaw", "iPhone-ish" (not "usb type c", "type-a")
_TYPE = re.compile(rf"{_RUN}(?:[\s-]+(?:type|style|esque|kind\s+of|sort\s+of)\b(?![\s-]*[abc]\b)(?!\s+(?:machines?|makers?)\b)|-ish\b)", re.I)  # (an "espresso type machine" is one)
# "a Blue Yeti knockoff", "a TI-84 or equivalent", "an Anker clone"
_KNOCKOFF = re.compile(rf"{_RUN}(?:\s+(?:knock-?offs?|clones?|dupes?|look-?alikes?)\b|\s+or\s+(?:an?\s+)?(?:equivalent|similar)\b)", re.I)
# "a Maytag. well, a washing machine", "i need a rowenta... well, a steam iron"; "a Brita. a water filter jug I mean"
_WELL = re.compile(rf"\b(?:an?)\s+{_RUN}\s*(?:\.{{1,3}}|…|,)\s*(?:well|or\s+rather)\s*,?\s+(?=(?:an?|some)\s)", re.I)
_I_MEAN = re.compile(rf"\b(?:an?)\s+{_RUN}\s*(?:\.{{1,3}}|…|,)\s+(?=(?:an?|some)\s+[^.!?]{{1,60}}?\bi\s+mean\b)", re.I)
# "a mouse, like the apple magic mouse, in black", "like the Logitech Spotlight but any brand", "something like a Thunderbolt display"
# (not the verb: "I'd like a StarTech one", "we'd like the black one", "she likes")
_LIKE = re.compile(r"\b(?:(something|anything|one)\s+)?(?<!'d\s)(?<!\bwould\s)(?<!\bshould\s)(?<!\balso\s)(?<!\breally\s)(?<!\bi\s)(?<!\bwe\s)(?<!\bthey\s)(?<!\byou\s)(?<!\bid\s)(?<!\bdo\s)(?<!\bdon't\s)(?<!\bdont\s)like\s+(?:the|a|an|my|those|them|that)\s+(?!(?:for|in|with|but|and|so|under|below)\b)([^,.;!?]*?)(?=\s*(?:[,.;!?]|$|\s(?:but|in|for|with|under|below|and|so)\b))", re.I)


_GRAMMAR = frozenset(["a", "an", "the", "is", "in", "of", "for", "to", "my", "our", "some", "any", "at", "on", "or", "and", "it", "its",
                      "i", "me", "we", "you", "like", "those", "these", "that", "this", "one", "get", "want", "need", "got"])


def _is_name(word: str, is_brand: Callable[[str], object]) -> bool:
    low = word.lower()
    if low in _GRAMMAR or not low[:1].isalpha():
        return False
    return low not in english_words() or bool(is_brand(low)) or any(ch.isupper() for ch in word)


def _names(run: str, is_brand: Callable[[str], object]) -> str:
    """The longest tail of ``run`` made of names only ("some Beats" -> "Beats"), or "" when its last word is none."""
    words = run.split()
    tail: list[str] = []
    for word in reversed(words):
        # (a kind's word ends the name: "an Apple Watch type thing" is a smartwatch, its "watch" no kind of its own; so does a
        # name the learned reader knows as its kind's, "a fitbit type thing from huawei", set MC)
        if not _is_name(word, is_brand) or type_spans(respelled(word.lower()), weak=True) or word.lower() in ("watch", "fitbit"):
            break
        tail.insert(0, word)
    return " ".join(tail)


def without_examples(message: str, is_brand: Callable[[str], object]) -> str:
    """``message`` without the names it gives only as examples of a kind (see the module's docstring)."""
    for pattern in (_WELL, _I_MEAN):
        message = pattern.sub(lambda m: m.group(0).replace(m.group(1), " ", 1) if _names(m.group(1), is_brand) == m.group(1) else m.group(0), message)
    for pattern in (_TYPE, _KNOCKOFF):
        message = pattern.sub(lambda m: _without_name(m, is_brand), message)
    return _LIKE.sub(lambda m: _without_like(m, is_brand), message)


def _without_name(m: re.Match[str], is_brand: Callable[[str], object]) -> str:
    run = m.group(1)
    names = _names(run, is_brand)
    if not names:
        return m.group(0)
    # (a maker's line, its maker named: "Netgear ProSafe-type thing", "Logitech Performance MX or similar" ask for the maker)
    makers = [w for w in names.split() if is_brand(w.lower())]
    kept = " ".join(makers) if makers and len(names.split()) > len(makers) else ""
    return f"{run[: len(run) - len(names)]}{kept} "


def _without_like(m: re.Match[str], is_brand: Callable[[str], object]) -> str:
    """The "like the ..." of a model named as the kind's example: said after the kind, all of it goes ("a keyboard like the apple
    magic keyboard"); after "something like", its names only ("something like a Thunderbolt display": a display)."""
    said = m.group(2)
    words = said.split()
    named = any(_is_name(w, is_brand) for w in words)
    kinds = {k for *_, k in type_spans(m.string[: m.start()].lower(), weak=True)}
    if (words and all(_is_name(w, is_brand) for w in words)) or (
            m.group(1) is None and kinds & {k for *_, k in type_spans(said.lower(), weak=True)}):
        return " "  # (a model of the kind said before it, "a keyboard like the apple magic keyboard", or by its name alone; not
        # "something to hold the monitor up like a desk arm um newstar brand", set PG)
    kept = [w for w in words if not _is_name(w, is_brand)]
    if not named or not kept or m.group(1) is None:  # (its names only after "something like": not "like a desk arm um newstar brand")
        return m.group(0)
    return m.group(0).replace(said, " ".join(kept))


__all__ = ["without_examples"]
