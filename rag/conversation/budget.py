"""The budget a follow-up holds, moves or says again: the last search's price, "go back to my original budget", a price
in a search's words, and a range after a bound said on one side. Rules, read by ``rag.conversation.followups``."""

from __future__ import annotations

import re

from rag.conversation.letgo import keeps_brand, keeps_price
from rag.conversation.memory import Conversation, Turn
from rag.records import NumericRange
from rag.understanding.parsed import ParsedQuery
from rag.understanding.prices import PriceRead, read_price
from rag.understanding.spoken import SHARES, spelled_numbers


def kept_of_last(message: str, parsed: ParsedQuery, last: Turn) -> str:
    """The budget, brand and colour held that a new search keeps, in words ("under $30", "Logitech", "black"), or "". The budget is
    the last search's, or the one its message said where the search had to let it go (nothing matched it)."""
    held = last.filters
    words = [" ".join(held.brands)] if keeps_brand(message) and held.brands and not parsed.filters.brands else []
    price = held.price if held.price.bounded else read_price(spelled_numbers(last.message.lower())).price
    if keeps_price(message) and price is not None and price.bounded and not parsed.filters.price.bounded:
        words.append(in_words(price))
    if _SAME_COLOUR.search(message) and (colour := held.text.get("colour")) and "colour" not in parsed.filters.text:
        words.append(colour)  # "Plus a mouse in the same colour" after black keyboards (set OR)
    if _SAME_CAPACITY.search(message) and (size := held.numeric.get("storage_gb")) is not None and size.min \
            and "storage_gb" not in parsed.filters.numeric:
        words.append(f"at least {size.min:g}gb")  # "a memory card for my camera too. same size requirement" after 64GB sticks (set QP)
    return " ".join(words)


def with_kept(words: str, kept: str) -> str:
    """A new search's ``words`` with what it keeps of the last search (``kept_of_last``) said after them, as a sentence of
    its own where their last clause refuses something ("... other colour I don't want" then "Samsung" is no Samsung
    refused, set PJ)."""
    last_clause = re.split(r"[.,;!?]", words)[-1]
    # (or after an amount, which it would end otherwise: "plus a USB hub, same brand, 20-60", set PU)
    joint = ". " if re.search(r"\b(?:don'?t|do\s+not|doesn'?t|not|no|never|without|hate|hates)\b", last_clause, re.I) \
        else ", " if re.search(r"\d\s*(?:ish)?\s*$", words) else " "
    return f"{words.rstrip()}{joint}{kept}"


_SAME_COLOUR = re.compile(r"\b(?:same|matching)\s+(?:(?:brand|make|maker|size|budget|price)\s*(?:,|&|and|\+)\s*)*colou?r\b", re.I)  # ("same brand & colour", set OV)


_SAME_CAPACITY = re.compile(r"\bsame\s+(?:size|capacity|storage)\s+(?:requirement|minimum|min|limit|rule)\b|\bsame\s+(?:capacity|storage)\b(?!\s+as\b)", re.I)


_ORIGINAL = re.compile(r"\b(?:(?:go|going|get|goes)\s+)?back\s+to\s+(?:my|the|our|his|her|their)\s+(?:original|first|old|earlier|initial|starting)\s+"
                       r"(?:budget|price(?:\s+limit)?|limit|cap|max(?:imum)?|number)\b|\b(?:my|the|our)\s+(?:original|first|initial)\s+budget\s+"
                       r"(?:again|it\s+is|then|stands)\b", re.I)


def first_budget_again(message: str, conversation: Conversation) -> str:
    """``message`` with "go back to my original budget" said as the amount the search it refines began with: the price of
    the last new search, before the refinements since ("need an internal hdd ... $110 or less", "ok 150 then", then "nah
    go back to my original budget, 500 gigs will do" is under $110 again)."""
    if (m := _ORIGINAL.search(message)) is None:
        return message
    for turn in reversed(conversation.turns):
        if turn.intent != "refine":
            price = turn.filters.price if turn.filters.price.bounded else read_price(spelled_numbers(turn.message.lower())).price
            if price is not None and price.bounded:
                return f"{message[:m.start()]}{in_words(price)}{message[m.end():]}"
            return message
    return message


_SHARES = {**SHARES, "twice": 2.0, "double": 2.0}
#: A share of the budget held, said by what it was for: "no more than a quarter of what I set aside for the router", "half
#: of what the projector is allowed to cost" (set OQ)
_SHARE_OF_HELD = re.compile(r"\b(half|a\s+third|a\s+quarter|twice|double)\s+(?:of\s+)?(?:"
                            r"what\s+(?:i|we|you)\s+(?:set\s+aside|put\s+aside|allowed|budgeted|gave|said|planned|allocated)\b(?:\s+for\s+(?:the|my|our)\s+[a-z]+)?"
                            r"|what\s+the\s+[a-z]+\s+(?:is|was)\s+(?:allowed|meant|supposed)\s+to\s+cost)", re.I)  # ("double the budget": budget_scale)


def share_of_held(message: str, last: Turn | None) -> str:
    """``message`` with a share of the budget held said as its amount: "no more than half of what the projector is allowed
    to cost" after projectors under $500 is "no more than $250"."""
    if last is None or (m := _SHARE_OF_HELD.search(message)) is None or (cap := held_price(last).max) is None:
        return message
    return f"{message[:m.start()]}${_SHARES[' '.join(m.group(1).lower().split())] * cap:g}{message[m.end():]}"


def held_price(last: Turn, said: PriceRead | None = None) -> NumericRange:
    """The price the last search held: its filter, or the price its words said ("smartphone. my max is 500"); ``said``,
    those words' price where the caller has read it already."""
    if last.filters.price.bounded:
        return last.filters.price
    return (said or read_price(spelled_numbers(last.query.lower()))).price or NumericRange()


def in_words(price: NumericRange) -> str:
    """A price range as a shopper says it, for the search's words ("" when it has no bound)."""
    if price.min is not None and price.max is not None:
        return f"between ${price.min:g} and ${price.max:g}"
    return f"under ${price.max:g}" if price.max is not None else f"over ${price.min:g}" if price.min is not None else ""


def range_now(held: NumericRange, said: NumericRange) -> NumericRange:
    """The price (or a spec) after a follow-up: the one said, else the one held; one said on one side keeps the other side
    held when both can hold ("but nothing under 100" after "my budget is 300" is 100 to 300; "under 200" after "over 300"
    drops the floor; "anything past 25 inches won't fit" after "24 or bigger" is 24 to 25 inches, set OK)."""
    if said.min is not None and said.max is None and held.max is not None and said.min < held.max:
        return NumericRange(said.min, held.max)
    if said.max is not None and said.min is None and held.min is not None and held.min < said.max:
        return NumericRange(held.min, said.max)
    return said if said.bounded else held


_AMOUNT = r"\$?\s?(\d{1,5}(?:\.\d{1,2})?)(?:\s*(?:dollars?|bucks|usd))?"
_CAP_WORDS = r"(?:it|that|this|(?:the|my|our)\s+(?:budget|price|cap|max|limit|ceiling|top(?:\s+end)?))"
#: The budget held moved up by an amount (set PA): "go up another twenty on that", "stretch that by another hundred fifty", "I
#: can do 100 more", "add another $50"
_UP = re.compile(
    rf"\b(?:go|going|bump|push|stretch|raise|up|increase|move|add)\s+(?:{_CAP_WORDS}\s+)?(?:up\s+)?(?:by\s+)?"
    rf"(?:another|an?\s+(?:extra|additional|further)|extra)\s+{_AMOUNT}(?!\s*(?:gb|tb|gigs?|inch|\"|%|[a-z]+s\b))"
    rf"|\b(?:stretch|raise|bump|push|increase|up|move)\s+{_CAP_WORDS}\s+(?:up\s+)?by\s+{_AMOUNT}"
    rf"|\b(?:go|do|spend|pay|stretch|add|afford)\s+(?:up\s+)?(?:another\s+)?{_AMOUNT}\s+more\b(?!\s+(?:options|results|ones|of|products|items|choices))"
    rf"|\b(?:go|bump\s+it|push\s+it)\s+{_AMOUNT}\s+higher\b", re.I)
#: ... "knock a hundred off that", "take another 20 off", "lower it by 50"
_DOWN = re.compile(
    rf"\b(?:knock|take|shave|cut|chop|drop|trim|lop|slice)\s+(?:another\s+|an?\s+(?:extra|further)\s+)?{_AMOUNT}\s+off\b"
    rf"|\b(?:lower|drop|cut|reduce|bring|trim|take)\s+{_CAP_WORDS}\s+(?:down\s+)?by\s+(?:another\s+)?{_AMOUNT}"
    rf"|\b(?:go|do|spend|pay)\s+{_AMOUNT}\s+(?:less|lower)\b", re.I)


def budget_shift(message: str) -> float | None:
    """The amount a follow-up moves the budget held by (up positive, down negative), or None when it moves none."""
    said = spelled_numbers(message.lower())
    if (up := _UP.search(said)) is not None:
        return float(next(g for g in up.groups() if g))
    if (down := _DOWN.search(said)) is not None:
        return -float(next(g for g in down.groups() if g))
    return None


def shifted(held: NumericRange, shift: float) -> NumericRange:
    """The budget held moved by ``shift``: its cap, or its floor where it holds only a floor (never below nothing)."""
    if held.max is not None:
        return NumericRange(held.min, max(round(held.max + shift, 2), held.min or 0.0))
    return NumericRange(None if held.min is None else max(round(held.min + shift, 2), 0.0), None)


__all__ = ["budget_shift", "first_budget_again", "held_price", "in_words", "kept_of_last", "range_now", "share_of_held", "shifted"]
