"""Broad requests get top picks plus one short clarifying question.

"laptop" or "a gift for my dad" can be answered many ways; the shopper still
sees the best matches, and the assistant asks for the one thing that would
narrow them most (budget, use). A request that already names a brand, a price
or a spec is specific enough and gets no question.
"""

from __future__ import annotations

import re

from rag.understanding.constraints import ParsedQuery

_GIFT = re.compile(r"\b(?:gift|present|birthday|christmas|for (?:my|a|an) (?:dad|mom|mum|father|mother|son|daughter|kid|child|wife|husband|friend|boss|teen\w*|grand\w+))\b", re.I)
_STOP = frozenset(
    ["a", "an", "the", "some", "any", "for", "me", "my", "i", "need", "want", "looking", "buy", "get", "show", "find", "good", "best", "new", "please", "something", "to", "with", "of", "in", "on", "and", "or", "cheap", "nice", "great", "recommend", "recommendation", "suggest", "what", "which", "is", "are"]
)
QUESTIONS = {
    "notebook": "What's your budget, and is it mainly for work, study or gaming?",
    "desktop pc": "What's your budget, and is it for office work, creative work or gaming?",
    "tablet": "What's your budget, and which screen size do you prefer?",
    "smartphone": "What's your budget, and does camera or battery life matter most?",
    "tv": "What screen size and budget do you have in mind?",
    "monitor": "What screen size and budget do you have in mind, and is it for office work or gaming?",
    "headphones": "Do you prefer over-ear or in-ear, and what's your budget?",
    "camera": "What's your budget, and what will you mostly photograph?",
    "printer": "Is it for photos or documents, and what's your budget?",
}
DEFAULT_QUESTION = "What's your budget, and what will you mainly use it for?"
GIFT_QUESTION = "Who is it for and what do they enjoy, and what's your budget?"


def clarifying_question(parsed: ParsedQuery, message: str) -> str | None:
    """A question when the request is broad, else None."""
    if any(c.kind in ("brand", "price", "memory_gb", "storage_gb", "screen_in", "weight_kg") for c in parsed.constraints):
        return None
    if parsed.gift_hint:
        return None  # "my nephew is into gaming": the hint was searched for, nothing to ask
    if _GIFT.search(message):
        return GIFT_QUESTION
    # One content word ("laptop", "headphones", "tv") is broad; "bluetooth speaker" already narrows.
    words = [w for w in re.findall(r"[a-z0-9]+", parsed.text.lower()) if w not in _STOP]
    if len(words) > 1:
        return None
    category = next((str(c.value) for c in parsed.constraints if c.kind == "category"), None)
    return QUESTIONS.get(category or "", DEFAULT_QUESTION)
