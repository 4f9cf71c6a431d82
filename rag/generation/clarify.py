"""Broad requests get top picks plus one short clarifying question.

"laptop" or "a gift for my dad" can be answered many ways; the shopper still
sees the best matches, and the assistant asks for the one thing that would
narrow them most (budget, use). A request that already names a brand, a price
or a spec is specific enough and gets no question, except a gift that says
nothing of the person ("secret santa, $25 limit"): the budget does not say who
it is for, so it is asked (the parse's own reading, ``rag.understanding.gifts``).
"""

from __future__ import annotations

import re

from rag.understanding.constraints import ParsedQuery
from rag.understanding.gifts import GIFT, gift_without_hint

# The parse's gift words, or a named product for a named person ("headphones for my dad").
_FOR_SOMEONE = re.compile(r"\bfor (?:my|a|an) (?:dad|mom|mum|father|mother|son|daughter|kid|child|wife|husband|friend|boss|teen\w*|grand\w+)\b", re.I)
# The person a gift is for, named: the question asks what they like, not who they are.
_PERSON = re.compile(r"\b(?:my|our)\s+(?:\d{1,2}\s*(?:yr|year)s?[\s-]*old\s+)?(?:dad|mom|mum|father|mother|son|daughter|kid|child|wife|"
                     r"husband|friend|boss|teen\w*|grand\w+|brother|sister|niece|nephew|boyfriend|girlfriend|partner|"
                     r"uncle|aunt|auntie|cousin|colleague|coworker|neighbou?r|in-?laws?)\b", re.I)
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
GIFT_QUESTION_WITH_BUDGET = "Who is it for, and what do they enjoy?"
PERSON_QUESTION = "What are they into, and what's your budget?"
PERSON_QUESTION_WITH_BUDGET = "What are they into?"


def clarifying_question(parsed: ParsedQuery, message: str) -> str | None:
    """A question when the request is broad, else None."""
    kinds = {c.kind for c in parsed.constraints}
    person = _PERSON.search(message) is not None  # "my dad" says who it is for: ask what they like
    if gift_without_hint(parsed.notes) and "brand" not in kinds:
        if person:
            return PERSON_QUESTION_WITH_BUDGET if "price" in kinds else PERSON_QUESTION
        return GIFT_QUESTION_WITH_BUDGET if "price" in kinds else GIFT_QUESTION
    if kinds & {"brand", "price", "memory_gb", "storage_gb", "screen_in", "weight_kg"}:
        return None
    if parsed.gift_hint:
        return None  # "my nephew is into gaming": the hint was searched for, nothing to ask
    if GIFT.search(message.lower()) or _FOR_SOMEONE.search(message):
        category = next((str(c.value) for c in parsed.constraints if c.kind == "category"), None)
        if person and category:
            return QUESTIONS.get(category, DEFAULT_QUESTION)  # "a laptop for my dad": what it is for, and the budget
        return PERSON_QUESTION if person else GIFT_QUESTION
    # One content word ("laptop", "headphones", "tv") is broad; "bluetooth speaker" already narrows.
    words = [w for w in re.findall(r"[a-z0-9]+", parsed.text.lower()) if w not in _STOP]
    if len(words) > 1:
        return None
    category = next((str(c.value) for c in parsed.constraints if c.kind == "category"), None)
    return QUESTIONS.get(category or "", DEFAULT_QUESTION)
