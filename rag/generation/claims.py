"""Feature claims in an answer, checked against the records the sentence cites.

A sentence that calls a product wireless, wired, long on battery, noise
cancelling, water resistant or comfortable must cite products whose records
say so (``rag.catalog.features`` reads the same fields for filters and for
evaluation). A claim is *unsupported* when any product the sentence rests on
contradicts it or does not state it: a headset listed as wired has no
"battery life", and "comfortable" needs an ergonomic, padded or cushioned
record. Negated sentences ("none of these is wireless") and the shopper's own
words quoted back (“wireless mouse”) are not claims.

Two more rules of form live here: a product is named once per answer, and no
sentence opens with a bare citation ("[1] is great").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rag.catalog import features
from rag.records import Product

_NEGATION = re.compile(r"\b(?:no|not|none|neither|nor|without|isn't|aren't|doesn't|don't|lacks?|unlike)\b", re.I)
_QUOTED = re.compile(r"\u201c[^\u201d]*\u201d|\"[^\"]*\"")
_CITATION = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")


@dataclass(frozen=True, slots=True)
class Claim:
    name: str
    pattern: re.Pattern[str]
    supported: Callable[[Product], bool | None]


CLAIMS: tuple[Claim, ...] = (
    Claim("wireless", re.compile(r"\b(?:wireless(?:ly)?|bluetooth|cordless|cable[- ]free)\b", re.I),
          lambda p: features.has_connectivity(p, "wireless")),
    Claim("wired", re.compile(r"\bwired\b", re.I), lambda p: features.has_connectivity(p, "wired")),
    Claim("battery", re.compile(r"\bbattery(?:[- ]powered| life)?\b|\brechargeable\b|\bhours? of (?:play|playback|use)\b", re.I),
          features.supports_battery),
    Claim("noise cancelling", re.compile(r"\bnoise[- ]?(?:cancel\w*|reduc\w*|isolat\w*)|\bANC\b", re.I),
          features.supports_noise_cancelling),
    Claim("water resistance", re.compile(r"\b(?:water|sweat|splash)[- ]?(?:proof|resistant|resistance)\b|\bIPX?\d\b", re.I),
          features.supports_water_resistance),
    Claim("comfort", re.compile(r"\bcomfort(?:able|ably)?\b|\bcomfy\b", re.I), features.supports_comfort),
)


def _in_title(claim: Claim, product: Product) -> bool:
    return claim.pattern.search(product.title) is not None


def _segments(sentence: str, basis: Sequence[Product], numbers: Sequence[int] | None) -> list[tuple[str, list[Product]]]:
    """The sentence cut after each citation: "A (…) [1]; B (…) [2]." gives ("A (…)", [p1]), ("B (…)", [p2]).
    Text after the last citation rests on everything the sentence cites."""
    if numbers is None:
        return [(sentence, list(basis))]
    by_number = dict(zip(numbers, basis, strict=False))
    out: list[tuple[str, list[Product]]] = []
    start = 0
    for m in _CITATION.finditer(sentence):
        cited = [by_number[int(n)] for n in re.split(r"\s*[,;]\s*", m.group(1)) if int(n) in by_number]
        out.append((sentence[start:m.start()], cited))
        start = m.end()
    tail = sentence[start:]
    if tail.strip(" .;,!?"):
        out.append((tail, list(basis)))
    return out or [(sentence, list(basis))]


def claim_issues(sentence: str, basis: Sequence[Product], numbers: Sequence[int] | None = None) -> list[str]:
    """The feature claims in ``sentence`` that ``basis`` (the products it rests on) does not support.

    With ``numbers`` (the citation number of each product in ``basis``), a claim
    is checked against the products cited right after it, so one product's name
    ("CHERRY Comfort") is not read as a claim about its neighbour."""
    text = _QUOTED.sub(" ", sentence)
    if _NEGATION.search(text):
        return []
    issues: list[str] = []
    for segment, products in _segments(text, basis, numbers):
        for claim in CLAIMS:
            if not claim.pattern.search(segment):
                continue
            if not products:
                issues.append(f"claims {claim.name} without citing a product")
                continue
            lacking = [p for p in products if not _in_title(claim, p) and claim.supported(p) is not True]
            if lacking:
                issues.append(f"claims {claim.name}, which the record of {', '.join(p.id for p in lacking)} does not support")
    return list(dict.fromkeys(issues))


def _sentences(answer: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n+", answer) if s.strip()]


def unsupported_claims(answer: str, shown: Sequence[Product]) -> list[str]:
    """Every unsupported feature claim in an answer (the evaluation's count).

    A sentence without citations rests on the sentence before it, as in the validator."""
    out: list[str] = []
    inherited: list[Product] = []
    for sentence in _sentences(answer):
        numbers = [int(n) for g in _CITATION.findall(sentence) for n in re.split(r"\s*[,;]\s*", g)]
        valid = [n for n in dict.fromkeys(numbers) if 1 <= n <= len(shown)]
        cited = [shown[n - 1] for n in valid]
        issues = claim_issues(sentence, cited, valid) if cited else claim_issues(sentence, inherited)
        out += [f"{issue}: {sentence}" for issue in issues]
        inherited = cited or inherited
    return out


def starts_with_citation(sentence: str) -> bool:
    return re.match(r"\s*\[\d+(?:\s*[,;]\s*\d+)*\]", sentence) is not None


def move_leading_citation(sentence: str) -> str:
    """``"[1] The HP is light."`` -> ``"The HP is light [1]."``"""
    m = re.match(r"\s*((?:\[\d+(?:\s*[,;]\s*\d+)*\]\s*)+)(.*)$", sentence, re.S)
    if not m or not m.group(2).strip():
        return sentence
    tags = "".join(m.group(1).split())
    body = m.group(2).strip()
    body = body[:1].upper() + body[1:]
    end = re.search(r"[.!?:]+$", body)
    return f"{body[: end.start()]} {tags}{end.group(0)}" if end else f"{body} {tags}"


def repeated_products(
    sentences: Sequence[str], names: dict[int, str], citations: Sequence[Sequence[int]] | None = None
) -> list[int]:
    """Sentence indexes that name (by full display name) a product an earlier sentence already named.

    With ``citations`` (each sentence's cited numbers), a product counts as named only where the
    sentence also cites it: an uncited mention (a model's lead-in, streamed before the model failed
    and the extractive composer took over) does not make the grounded, cited mention a repeat.
    """
    seen: set[int] = set()
    repeats: list[int] = []
    for i, sentence in enumerate(sentences):
        named = {n for n, name in names.items() if name and name in sentence}
        if named & seen:
            repeats.append(i)
        seen |= named if citations is None else named & set(citations[i])
    return repeats
