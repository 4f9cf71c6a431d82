"""Going back to a product asked about earlier in the chat: "ok back to the laptops. if I stretch to 1200 could I get 16 gigs
instead of 8?" after laptops, then mice.

The shopper names the kind of an earlier search (not the one shown last) with a word that points back at it ("back to",
"returning to", "re", "about that", "for the", "the ... from before", "the ... I asked about"), or opens the message with it
("the projector - actually it should cost more than 250"). The follow-up is then read against that search, as if its
products were the ones shown last: it refines them, keeping what was said for them (set PS). A kind named with no such word
("and a printer, under 200") is a new search, as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rag.catalog.categories import broader_category, main_kind, type_spans
from rag.conversation.memory import Conversation, Turn
from rag.records import Product

#: Words that point back at a thing asked about before, said right before its name
_BACK_BEFORE = re.compile(
    r"(?:\b(?:back\s+to|go(?:ing|es)?\s+back\s+to|return(?:ing)?\s+to|switch(?:ing)?\s+back\s+to|revisit(?:ing)?|re:?)"
    r"(?:\s+(?:that|the|those|these|my|our))?|\b(?:regarding|about|as\s+for|on|for|with)\s+(?:that|the|those|these|my|our)"
    r"|^\s*(?:ok(?:ay)?,?\s+|so,?\s+|now,?\s+|and\s+)?(?:that|the|those|these))\s+(?:[\w'-]+\s+){0,2}$", re.I)
#: ... or right after it
_BACK_AFTER = re.compile(r"\s*(?:(?:that|which)\s+)?(?:from\s+(?:before|earlier|the\s+start)|(?:i|we)\s+(?:asked|mentioned|wanted|"
                         r"said|looked|was\s+looking|were\s+looking)\b|(?:you\s+)?(?:showed|found)\b|(?:at\s+)?first\b|earlier\b|"
                         r"again\b|\s*[-–—:]|\s*,\s*(?:can|could|is|are|any|what|make|i'?d)\b)", re.I)
#: How many turns back a shopper is read as going (each earlier search's products are looked up to know its kind)
_REACH = 8
#: A spec's number before its noun: "16gb ram" names no memory module
_SPEC_BEFORE = re.compile(r"\d\s*(?:gb|tb|gigs?|mb)\s+(?:of\s+)?$")
#: Words of a product that say which search they name: a word of the kind, or of the words it was asked by
_WORD = re.compile(r"[a-z][a-z0-9-]{2,}")


def _kinds_of(turn: Turn, lookup: Callable[[Sequence[str]], Sequence[Product]]) -> set[str]:
    """The kind most of the turn's shown products are, and its broader kind."""
    main = main_kind(lookup(turn.shown))
    return {k for k in (main, broader_category(main) if main else None) if k}


def returned_to(message: str, conversation: Conversation, lookup: Callable[[Sequence[str]], Sequence[Product]]) -> Turn | None:
    """The earlier search the message goes back to (not the one shown last), or None. ``lookup``: the products by id."""
    last = conversation.last_search
    if last is None:
        return None
    text = message.lower()
    last_kinds = _kinds_of(last, lookup)
    for turn in reversed(conversation.turns[-_REACH:]):
        if turn is last or not turn.query or not turn.shown or (kinds := _kinds_of(turn, lookup)) & last_kinds or not kinds:
            continue
        # where the message names that search's kind: by a kind word, or by a word of the kind's name ("the watch" after
        # smartwatches) or of the words it was asked by ("the galaxy tab", "the dell server", "that msi laptop")
        said = [(start, end) for start, end, kind in type_spans(text, weak=True) if kind in kinds or broader_category(kind) in kinds]
        names = {w for k in kinds for w in k.split()} | {k.replace(" ", "") for k in kinds}
        said += [(m.start(), m.end()) for m in _WORD.finditer(text)
                 if m.group(0).rstrip("s") in names or any(len(m.group(0)) >= 5 and m.group(0).rstrip("s") in n for n in names)]
        others = [k for start, _, k in type_spans(text, weak=True) if k not in kinds and broader_category(k) not in kinds
                  and not any(a <= start < b for a, b in said) and not _SPEC_BEFORE.search(text[:start])]
        if not others and any(_BACK_BEFORE.search(text[:start]) or _BACK_AFTER.match(text[end:]) for start, end in said):
            return turn  # (a thing of its own named beside it is asked for: "a bag for the laptop" after laptops, then mice)
        if said:
            return None  # the latest search of the kind named decides (not an older one)
    return None


__all__ = ["returned_to"]
