"""Which of a follow-up's constraints are its request's (``rag.conversation.reasons`` sets its reasons aside): a brand, a
colour or a size said only of the shopper's own things is no request ("HyperX ones only, my motherboard and cooler are red and
black"), and a price is one wherever it is said ("you get 40 from me for that one", set SI)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Protocol, TypeVar

from rag.conversation.budget import in_words
from rag.conversation.reasons import SPENT, Request, of_the_shown
from rag.understanding.constraints import ParsedQuery, filters_from
from rag.understanding.owned import tells_of_mine

#: The constraints a reason can name that are no request: "HyperX ones only, my motherboard and cooler are red and black"
_OF_A_THING = frozenset(["brand", "colour", "memory_gb", "storage_gb", "screen_in"])


class _Said(Protocol):
    kind: str
    text: str


_C = TypeVar("_C", bound=_Said)


def in_request(constraints: Sequence[_C], request: Request, asked: Sequence[_C], mine: Callable[[str], bool]) -> tuple[_C, ...]:
    """``constraints`` read from the whole message without the brands, colours and sizes said only in reasons that tell of
    the shopper's own things (``mine``: "the $40 one my cousin gave me can't drive my two 24 inch monitors": no 24 inches),
    with the request's own (``asked``, its parse) in their place: "my sister gave me a case that fits 10.4 inch tablets, so
    it needs to be a 10.4\"". A brand the request calls by the start of its name stays ("his motorola has survived three
    years, so let's go moto"). What money is kept for is no request either ("I need money left for a cooler": no Cooler
    Master). A price stays wherever it is said ("she says it has to be at least $400"), and so does a
    wish said in a reason ("she's into lenovo")."""
    said = request.text.lower()
    words = re.findall(r"[a-z][a-z0-9-]{3,}", said)
    # (a size the request points back at stays: "the laptops are 13 to 15 inch so filters in that range", set OI)
    dropped = [c for c in constraints if c.kind in _OF_A_THING and c.text.lower() not in said
               and not (c.kind in _SIZES and _THAT_SIZE.search(said))
               and not (c.kind == "brand" and any(str(getattr(c, "value", "")).lower().startswith(w) for w in words))
               and not (c.kind == "brand" and _THAT_BRAND.search(said))  # ("heard good things about Rowenta so that brand please", QI)
               and any(c.text.lower() in reason.lower()
                       and (mine(reason) or SPENT.search(reason) or (c.kind == "brand" and _possessed(c.text, reason)) or of_the_shown(reason)
                            # (a colour the request says itself: "Oh and in blue, all the black ones look the same on the train", set OT)
                            or (c.kind == "colour" and any(a.kind == "colour" for a in asked)))
                       for reason in request.set_aside)]
    kept = [c for c in constraints if all(c is not d for d in dropped)]
    gone = {c.kind for c in dropped} - {c.kind for c in kept}
    return (*kept, *(a for a in asked if a.kind in gone))


_SIZES = frozenset(["screen_in", "memory_gb", "storage_gb"])
#: A brand pointed back at in the request: "so that brand please", "has to be that make"
# (or the brand's makers: "I've had good luck with Thule before, let's stick to them", set QE)
# (or one of the brand's: "He's used Philips his whole life so it has to be one of theirs", set RE)
_THAT_BRAND = re.compile(r"\b(?:one\s+of\s+theirs|that\s+brand's)\b|\b(?:that|this|their)\s+(?:brand|make|maker|manufacturer)\b|\bstick\s+(?:to|with)\s+(?:them|those\s+guys)\b")
_THAT_SIZE = re.compile(r"\b(?:in|within)\s+(?:that|this|the\s+same)\s+(?:range|size)\b|\b(?:that|this|the\s+same)\s+size\b|\bthose\s+sizes\b|"
                        r"\b(?:to\s+fit|that\s+fits?|fitting)\s+(?:them|those|that|these)\b")


def _possessed(brand: str, reason: str) -> bool:
    """Whether a reason names ``brand`` as the make of a thing someone has: "right beside my lenovo dock", "for my gaming
    rig with an ASUS board" (not what someone likes: "my neighbour swears by netgear, show me those")."""
    low = reason.lower()
    return re.search(rf"\b(?:my|our|his|her|their)\s+(?:(?!(?:swears?|likes?|loves?|prefers?|trusts?|recommends?|wants?|says?|"
                     rf"into|by)\b)[\w'-]+\s+){{0,4}}{re.escape(brand.lower())}\s+[a-z]", low) is not None \
        or re.search(rf"\b{re.escape(brand.lower())}\s+[a-z]+(?:\s+[a-z]+)?\s+(?:that\s+|which\s+)?(?:we|i|they|he|she)\s+(?:already\s+|still\s+)?"
                     rf"(?:have|has|own|owns|use|uses|got|bought)\b", low) is not None \
        or re.search(rf"\b(?:going|goes|go|fits?|sits?|lives?)\s+(?:in|into|inside|on|under)\s+(?:an?|the|my|our|his|her|their)\s+(?:[\w'-]+\s+){{0,2}}"
                     rf"{re.escape(brand.lower())}\b", low) is not None  # "it's going in an old dell tower from 2012" (set OK)


def with_brand_kept(text: str, parsed: ParsedQuery, asked: ParsedQuery) -> str:
    """A new search's request ``text`` with the brand its reasons name (``parsed``: the whole message's) where the request
    points back at it and names none itself (``asked``): "He's used Philips his whole life so it has to be one of theirs"
    searches Philips (set RE); "ok that acer works. need a usb stick too" searches no Acer."""
    brands = [c.text for c in parsed.constraints if c.kind == "brand"]
    pointed = brands and _THAT_BRAND.search(text.lower()) and not any(c.kind == "brand" for c in asked.constraints)
    return f"{text}, {brands[0]}" if pointed else text


def request_words(text: str, parsed: ParsedQuery, asked: ParsedQuery) -> str:
    """A new search's words: its request ``text`` with the brand its reasons point back at (:func:`with_brand_kept`) and the
    price the whole message says (``parsed``) where the request (``asked``, its parse) says none: "also an SD card for the
    camera, at least 128 gigs. you get 40 from me for that one" searches memory cards under $40 (set SI)."""
    return with_price(with_brand_kept(text, parsed, asked), parsed, asked)


def with_price(text: str, parsed: ParsedQuery, asked: ParsedQuery) -> str:
    """``text`` with the price ``parsed`` (the whole message's) says, in words, where ``asked`` (the parse of ``text``'s words)
    says none: "I'm capping it at 100" said in a reason still prices the new search (set OK)."""
    return f"{text} {in_words(parsed.filters.price)}" if parsed.filters.price.bounded and not asked.filters.price.bounded else text


def of_request(parsed: ParsedQuery, request: Request, asked: ParsedQuery) -> ParsedQuery:
    """``parsed`` (the whole message's) without a brand, a colour or a size said only of the shopper's things or of the
    products shown (:func:`in_request`; ``asked``: the request's own parse)."""
    if request.set_aside and (kept := in_request(parsed.constraints, request, asked.constraints, tells_of_mine)) != tuple(parsed.constraints):
        return replace(parsed, constraints=kept, filters=filters_from(kept))
    return parsed


__all__ = ["in_request", "of_request", "request_words", "with_brand_kept", "with_price"]
