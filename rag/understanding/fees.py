"""The other costs said around a price: shipping, delivery, handling, gift wrap, a warranty, a setup fee, a coupon or a
gift card ("$50 with shipping included, and shipping is $5", "under $120 a piece counting the $8 per-drive shipping", "I'll
pay at most $150 once my $20 coupon comes off", "$900 for everything and the wall-mount installation is $60").

The shop's prices are the items' own. A fee the shopper's limit has to cover comes off the cap ($45 for the keyboard); one
paid apart ("sales tax comes on top", "I'll pay the freight separately", "from a different fund", "I'm skipping the
warranty") leaves the cap as said; money that comes off at the till (a coupon, store credit, a gift card) lets the tag go
that much higher. Part of the budget kept for something else ("$1000 but $120 of that is going to the setup") is a fee
the cap covers. Either way the amount of a fee is no price of its own, and its words are set aside before the price is
read (set SS).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.understanding.amounts import CUR, NUM, amount_value

_FEE = (r"(?:shipping|delivery(?:\s+(?:fee|charge))?|postage|handling(?:\s+(?:fee|charge))?|freight|gift[\s-]?wrap(?:ping)?|"
        r"monogramm?ing(?:\s+fee)?|(?:in-store\s+)?setup(?:\s+(?:fee|service))?|installation|(?:[\w/-]+\s+)?activation\s+fee|"
        r"(?:[\w-]+\s+){0,2}?warranty|protection\s+plan|(?:[\w-]+\s+)?(?:fee|charge|surcharge))")
_MONEY = rf"{CUR}\s*{NUM}(?:\s*{CUR})?|{NUM}\s*{CUR}"
# "$8 per-drive shipping", "the $99 three-year warranty", "the $4 handling charge", "their $5 delivery"
_AMOUNT_FEE = re.compile(rf"(?:{_MONEY})\s+(?:(?!(?:with|for|and|or|including|incl|plus|to|in|of|before|after|not|counting|max|tops)\b)[\w-]+\s+)?{_FEE}\b", re.I)
# ... and the word that says a cap holds them, right after its amount: "80 delivered is my limit", "$300 shipped"
_HOLDS_THEM = re.compile(r"(?<=\d)\s+(?:delivered|shipped)\b", re.I)
# "shipping is $5", "shipping on keyboards is $5", "the wall-mount installation is $60", "shipping's a flat 5 dollars"
_FEE_AMOUNT = re.compile(rf"\b{_FEE}(?:\s+on\s+[\w-]+)?\s*(?:is|'s|costs?|of|=|:|comes\s+to|will\s+be)\s+(?:a\s+)?(?:flat\s+)?(?:another\s+)?(?:{_MONEY})", re.I)
# "they charge $6 for delivery", "they quoted me $7 shipping", "they charge $5 to gift wrap", "they want $35 for delivery"
_CHARGED = re.compile(rf"\b(?:charges?|charging|quoted\s+(?:me|us)|want)\s+(?:{_MONEY})\s+(?:for\s+|to\s+)?(?:the\s+)?(?:[\w-]+\s+)?{_FEE}\b", re.I)
# "$120 of that is going to the in-store setup", "$50 of that is for the Office license", "keep $50 of that $200 for a spare"
_OF_THAT = re.compile(rf"(?:{_MONEY})\s+of\s+(?:that|it|this|the\s+budget)(?:\s+(?P<total>{_MONEY}))?\s+(?:is\s+)?(?:going\s+to|goes\s+to|is\s+for|for|to\s+go\s+to)\b", re.I)
# a threshold for free delivery, no price: "delivery is free over $50", "shipping's free on orders over $100"
_FREE_OVER = re.compile(rf"\b(?:shipping|delivery|postage)(?:'s|\s+is)?\s+free\s+(?:on\s+(?:orders|anything)\s+)?(?:over|above)\s+(?:{_MONEY})", re.I)
# money off at the till: "my $20 coupon", "a $10-off keyboard coupon" (a gift card or a voucher is money to spend, read as
# the budget by ``rag.understanding.funds``)
_CREDIT = re.compile(rf"(?:{_MONEY})(?:-off)?\s+(?:[\w-]+\s+){{0,2}}?(?:coupon(?:\s+code)?|discount\s+code)\b", re.I)

#: the fee said to be paid apart from the limit, or not bought
_APART = re.compile(r"\b(?:separate(?:ly)?|on\s+top|extra|excluding|excl\b|not\s+counting|different\s+(?:pot|fund|budget)|reimburs\w*|ignore|"
                    r"skip\w*|declin\w*|passing\s+on|not\s+getting|(?:don'?t|no\s+need\s+to)\s+(?:leave|hold)|before\s+(?:their|the|any)|plus\s+(?:tax|shipping|whatever)|"
                    r"i'?ll\s+(?:pay|cover|decide)|aside\s+from|free)\b", re.I)
#: the fee said to be inside the limit
_INSIDE = re.compile(r"\b(?:including|included|inclusive|incl|(?<!not\s)counting|all\s+in|delivered|shipped|with\s+(?:the\s+)?(?:shipping|delivery|postage)(?:\s+in)?|"
                     r"(?:has|have|needs?)\s+to\s+(?:cover|include|fit)|comes?\s+out\s+of\s+(?:that|it|the)|out\s+of\s+that|leave\s+room|account\s+for|"
                     r"whatever'?s\s+left|gets\s+the\s+rest|once\s+(?:their|the|my)\s+[\w$ -]*?(?:is\s+)?added|after\s+the\s+[\w$ -]*?(?:is\s+)?added|"
                     r"i\s+do\s+want|(?:with|for)\s+everything|so\s+the\s+[\w-]+\s+(?:itself\s+)?(?:gets|has\s+to))\b", re.I)
_CLAUSE = re.compile(r"[^.;!?—]+")


@dataclass(frozen=True, slots=True)
class Extras:
    """What the costs around a price change: ``off`` comes off the cap, ``on`` goes on it; ``spans`` are their words.
    ``parts``: a part of a total kept for something else, with the total when said ("keep $50 of that $200 for ink, so
    the printer itself has to be $150 or less": the cap said is the rest, the part comes off only a cap of the total)."""

    off: float = 0.0
    on: float = 0.0
    spans: tuple[tuple[int, int], ...] = ()
    parts: tuple[tuple[float, float | None], ...] = ()

    def note(self, cap: float, moved: float) -> str:
        """How the cap moved, for the trace ("How I found these"): "the $50 said, less $5 it has to cover"."""
        parts = []
        if off := self.off + sum(part for part, total in self.parts if total in (None, cap)):
            parts.append(f"less ${off:g} it has to cover")
        if self.on:
            parts.append(f"plus ${self.on:g} off at the till")
        return f"price: the ${cap:g} said, {' and '.join(parts)}: ${moved:g}"

    def moved(self, cap: float) -> float:
        """``cap`` less what it has to cover, plus the money off at the till."""
        return cap - self.off + self.on - sum(part for part, total in self.parts if total in (None, cap))

    def without(self, text: str) -> str:
        """``text`` with the words of each cost blanked, each to as many spaces."""
        for a, b in sorted(self.spans, reverse=True):
            text = text[:a] + " " * (b - a) + text[b:]
        return text


def _amount(words: str) -> float:
    m = re.search(NUM, words)
    return amount_value(m.group(1), m.group(2)) if m else 0.0


def extras(text: str) -> Extras:
    """The costs ``text`` says around its price, and whether the cap covers them."""
    off = on = 0.0
    spans: list[tuple[int, int]] = [m.span() for m in _FREE_OVER.finditer(text)] + [m.span() for m in _HOLDS_THEM.finditer(text)]
    parts: list[tuple[float, float | None]] = []
    clauses = [(m.start(), m.end()) for m in _CLAUSE.finditer(text)]
    for pattern in (_AMOUNT_FEE, _FEE_AMOUNT, _CHARGED, _OF_THAT):
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in spans):
                continue
            spans.append(m.span())
            if pattern is _OF_THAT:
                parts.append((_amount(m.group(0)), _amount(m.group("total")) if m.group("total") else None))
                continue
            start, end = next(((a, b) for a, b in clauses if a <= m.start() < b), (0, len(text)))
            around = text[max(0, start - 60):min(len(text), end + 80)]
            if _INSIDE.search(around) and not (_APART.search(text[start:end]) and not _INSIDE.search(text[start:end])):
                off += _amount(m.group(0))
    for m in _CREDIT.finditer(text):
        if not any(a < m.end() and m.start() < b for a, b in spans):
            spans.append(m.span())
            on += _amount(m.group(0))
    return Extras(off, on, tuple(spans), tuple(parts))
