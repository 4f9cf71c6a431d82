"""What a model's sentence may not carry into an answer, whatever its prompt said.

The answer validator (``rag.generation.validate``) checks that facts match the cited products; this
checks what an injection tries to smuggle through a model that obeyed it. A sentence leaks when it
holds:

* **markup**: an HTML tag, a Markdown image or link, a ``javascript:`` URL, a template expression;
* **a link**: a URL or a domain name that no product in the context has;
* **the shopper's words**: a word or code from the shopper's message that no product in the
  context has (``PWNED-7731``, ``SAVE90NOW``, "honour", "doubloon"), a number from the message
  that no product has (``555-0199``, "99 years", "200%"), or five words in a row copied from it;
* **the shopper's amount as a price**: "$1.00" when the message said "$1.00" and no product costs
  that, unless it is a bound ("under $50").

Words every answer uses (articles, "price", "cheap", "recommend", …) are exempt. A sentence that
leaks is dropped like one with a wrong price; when no sentence is left the extractive composer
answers (which never quotes the shopper). Rules, not a model: microseconds per sentence, and each
drop names its reason in the trace.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from rag.records import Product

_TAG = re.compile(r"<\s*[a-zA-Z!/?]|!\[|\]\(\s*\S|javascript:|\{\{|\$\{|<%", re.IGNORECASE)
_URL = re.compile(r"\b(?:https?://|ftp://|www\.)\S+|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*"
                  r"\.(?:com|net|org|io|co|example|info|biz|ru|cn|xyz|shop|store|top|click|link|app|dev|me)\b",
                  re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_MONEY = re.compile(r"(?:(?:US)?\$|€|£|USD\s?|EUR\s?|GBP\s?)\s?(\d[\d,]*(?:\.\d{1,2})?)|(\d[\d,]*(?:[.,]\d{1,2})?)\s?(?:€|dollars?|euros?|cents?)",
                    re.IGNORECASE)
_BOUND = re.compile(r"\b(?:under|below|less than|up to|within|at most|max(?:imum)?|budget|over|above|more than|"
                    r"at least|around|about|between|no more than|cheaper than)\b[^.!?$€£\d]{0,20}$", re.IGNORECASE)

#: Words an answer may share with the message without quoting it: function words and the words of
#: any product recommendation. Deliberately short: a word missing here only costs one sentence.
_COMMON_WORDS = """
a an the and or but if of to in on at by for with from as is are was were be been being it its this that these
those there here than then so such very too also just only not no yes can could would should will shall may
might must do does did has have had i me my mine you your yours we our us they them their he she his her
what which who whom whose when where why how all any both each few more most other some same own about above
below under over between into through during before after up down out off again further once per vs via
one two three first second third last next best better good great nice new top cheap cheaper cheapest price
prices priced cost costs costing budget affordable expensive value deal option options choice choices pick
product products item items model models recommend recommended recommendation suggest suggested like
looking look need needs want wants find found show shows shown buy get gets give offers offer offering
features feature including includes include comes come provides provide has having quality well
around about less than under over up max min dollar dollars usd eur euro euros
please thanks thank hi hello ones one's something anything compare compared comparison difference differs
differ similar while whereas however either neither ideal suitable fits fit use using used easy small large
big fast long high low light more less much many other another same different right left tell detail details
"""
COMMON = frozenset(_COMMON_WORDS.split())


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def context_text(products: Iterable[Product]) -> str:
    """Everything an answer may repeat about ``products``: title, brand, category, price, description, attributes."""
    parts: list[str] = []
    for p in products:
        parts += [p.title, p.brand, p.category, p.description, str(p.price or ""),
                  *(f"{k} {v}" for k, v in p.attributes.items())]
    return _fold(" ".join(parts))


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(_fold(text))]


def _number(raw: str) -> str:
    """One spelling per number: "1,299" and "1299", "0,50" and "0.5", "0199" and "199"."""
    raw = re.sub(r",(?=\d{3}(?!\d))", "", raw).replace(",", ".")
    try:
        return f"{float(raw):g}"
    except ValueError:  # "1.2.3": keep as written
        return raw


def _numbers(text: str) -> set[str]:
    return {_number(n) for n in _NUMBER.findall(text)}


def _amounts(text: str) -> list[tuple[float, int]]:
    out = []
    for m in _MONEY.finditer(text):
        try:
            out.append((float(_number(m.group(1) or m.group(2))), m.start()))
        except ValueError:
            continue
    return out


def answer_leaks(sentence: str, message: str, products: Sequence[Product], *, brands: Iterable[str] = ()) -> list[str]:
    """Why ``sentence`` (from a model) must not reach the shopper; empty when it may.

    ``message`` is what the shopper wrote this turn (as the model saw it), ``products`` the products
    the answer may talk about, ``brands`` the catalog's brand names (a brand is never an echo).
    """
    issues: list[str] = []
    if _TAG.search(sentence):
        issues.append("carries markup (a tag, an image, a link or a template)")
    context = context_text(products)
    for url in _URL.findall(sentence):
        if _fold(url) not in context:
            issues.append(f"links to {url!r}, which no product has")
    if not message.strip():
        return issues
    exempt = COMMON | {_fold(b) for b in brands}
    said = set(_words(message))
    context_words = set(_words(context))
    echoed = sorted({w for w in _words(sentence) if w in said and w not in exempt and not w.isdigit() and len(w) > 1
                     and not _known(w, context_words, context)})
    if echoed:
        issues.append(f"repeats the shopper's {', '.join(repr(w) for w in echoed)}, which no product has")
    numbers = (_numbers(sentence) & _numbers(message)) - _numbers(context)
    amounts = {a for a, _ in _amounts(message)}
    for amount, start in _amounts(sentence):
        if amount in amounts and not any(p.price is not None and abs(p.price - amount) < 0.005 for p in products):
            if not _BOUND.search(sentence[:start]):
                issues.append(f"gives the shopper's amount {amount:g} as a price")
            numbers.discard(f"{amount:g}")
    if numbers:
        issues.append(f"repeats the shopper's number(s) {', '.join(sorted(numbers))}, which no product has")
    copied = _copied_run(_words(sentence), _words(message), context)
    if copied:
        issues.append(f"copies the shopper's words {copied!r}")
    return issues


def _known(word: str, words: set[str], context: str) -> bool:
    """``word`` is in the context, as a word, a plural or singular of one, or (5+ letters) inside one."""
    stems = {word, word + "s", word + "es", word.removesuffix("s"), word.removesuffix("es")}
    return bool(stems & words) or (len(word) >= 5 and word in context)


def _copied_run(sentence: list[str], message: list[str], context: str, n: int = 5) -> str | None:
    grams = {tuple(message[i:i + n]) for i in range(len(message) - n + 1)}
    for i in range(len(sentence) - n + 1):
        gram = tuple(sentence[i:i + n])
        if gram in grams and " ".join(gram) not in context:
            return " ".join(gram)
    return None
