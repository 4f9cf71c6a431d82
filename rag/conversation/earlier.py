"""A brand or budget said as an earlier search's: "same brand as the ups for that please" after UPSs, then surge protectors;
"a fitness band to count his steps. Same budget as the phone." after phones, then headphones (set QU).

The shopper names the earlier thing by its kind to say whose brand the thing shown now should be: the message refines what is
shown with that search's brand (set PG); where it names a thing of its own, the new search has that brand ("last thing, an
electric kettle - same brand as the coffee machine" after coffee makers, then irons, set PT). The brand of the search shown
last is kept by its own rule ("and a kettle, same brand as the coffee maker": ``rag.conversation.budget.kept_of_last``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rag.catalog.categories import type_spans
from rag.conversation.budget import in_words
from rag.conversation.memory import Conversation, Turn

_SAME_BRAND_AS = re.compile(r"\bsame\s+(?:brand|make|maker|manufacturer)\s+as\s+(?:the|my|our|that)\s+([a-z][\w-]*)(\s+[a-z][\w-]*)?", re.I)
_SAME_BUDGET_AS = re.compile(r"\bsame\s+(?:budget|price(?:\s+(?:limit|cap))?|limit|cap|max)\s+as\s+(?:for\s+)?(?:the|my|our|that|his|her|their)\s+"
                             r"([a-z][\w-]*)(\s+[a-z][\w-]*)?", re.I)


def _kinds(text: str) -> set[str]:
    return {kind for *_, kind in type_spans(text.lower())}


def _named(m: re.Match[str]) -> tuple[set[str], int]:
    """The kinds the words after "as the" name, and where those words end: "the coffee maker", "the ups"."""
    two = f"{m.group(1)}{m.group(2) or ''}".lower()
    if m.group(2) and any(end == len(two) for _, end, _ in type_spans(two)):
        return _kinds(two), m.end()
    return _kinds(m.group(1)), m.end(1)


def _said_as_earlier(message: str, conversation: Conversation, same_as: re.Pattern[str], holds: Callable[[Turn], str]) -> str:
    """``message`` with "same <thing> as the <kind>" (``same_as``) said as what ``holds`` reads of the earlier search of that
    kind ("" where it holds none), the kind said in a search's words or its search's ("phone", a "smartphone" searched);
    unchanged where the kind is the one shown
    last (in the shopper's words: "and a case for it" was searched as "a case for the smartphone", set SW), or no earlier
    search of it holds one."""
    m = same_as.search(message)
    last = conversation.last_search
    if m is None or last is None:
        return message
    named, end = _named(m)
    if not named or named & _kinds(last.message or last.query):
        return message
    for turn in reversed(conversation.turns):
        if turn is not last and turn.query and (held := holds(turn)) and named & (_kinds(turn.query) | _kinds(turn.message)):
            return f"{message[:m.start()]}{held}{message[end:]}"
    return message


def with_earlier_brand(message: str, conversation: Conversation) -> str:
    """``message`` with "same brand as the <kind>" said as the brand of the earlier search of that kind, where the kind is
    not the one shown last; else ``message`` unchanged."""
    return _said_as_earlier(message, conversation, _SAME_BRAND_AS, lambda turn: turn.filters.brands[0] if turn.filters.brands else "")


def with_earlier_budget(message: str, conversation: Conversation) -> str:
    """``message`` with "same budget as the <kind>" said as the price of the earlier search of that kind, where the kind is
    not the one shown last (that one's budget is kept by ``kept_of_last``); else ``message`` unchanged."""
    return _said_as_earlier(message, conversation, _SAME_BUDGET_AS, lambda turn: in_words(turn.filters.price))
