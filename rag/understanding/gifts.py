"""Gifts: a request for a present that names no product.

With a hint of what the person enjoys ("my nephew is into gaming", "she loves photography", "he
always has music on") the hint is what to search for, and the answer shows it without asking
(:func:`gift_hint`). With none ("a gift for my dad") the search runs on starting picks for the
recipient and the answer asks who it is for (``rag.generation.clarify``).

The hint is what is left of the request once the words of giving are set aside: occasions, the
people a gift is for, and the small words around them. What is left goes to the search as it is;
no list of hobbies here: ``rag.understanding.kinds`` reads the catalog kinds closest to the hint with the
query embedder ("photography" -> camera, photo paper, camera lens), and the search runs on the hint
within those kinds (``rag.understanding.relax``).
"""

from __future__ import annotations

import re

#: The people a shopper buys for or speaks of, by their relation ("my dad", "my sisters 30th", "my husbands shaver").
RELATIONS = ("dad", "mom", "mum", "father", "mother", "parent", "son", "daughter", "kid", "child", "boy", "girl", "wife",
             "husband", "partner", "girlfriend", "boyfriend", "bf", "gf", "friend", "boss", "coworker", "colleague",
             "teacher", "brother", "sister", "uncle", "aunt", "nephew", "niece", "cousin", "grandma", "grandpa", "grandad",
             "nan", "grandmother", "grandfather", "grandson", "granddaughter", "grandkid", "grandchild", "teen", "teenager", "baby", "toddler",
             # the people a thing is bought on behalf of, or seen with ("Flatmate's after desk speakers", "my gym buddy's Huawei watch", sets RH, RI)
             "flatmate", "roommate", "housemate", "buddy", "pal", "neighbour", "neighbor", "manager")

GIFT = re.compile(r"\b(?:(?:gift|present|birthday|bday|christmas|xmas|anniversary|secret\s+santa|stocking\s+stuffer)s?\b"
                  # (money of an occasion is a budget, not a gift: "i can go up to 40 actually, birthday money lol")
                  r"(?!\s+(?:money|cash|bonus|vouchers?|cards?|funds?|budget)\b)|"
                  # (a person: "something for my wife"; not "something for my morning caffeine fix", set MS)
                  rf"something\s+for\s+(?:my|a|an)\s+(?:(?:little|big|old|best|new|elderly|teenage)\s+)?(?:{'|'.join(RELATIONS)}|mate|bestie|"
                  r"hubby|wifey|fianc[eé]e?|neighbou?r|gran|granny|nana|nanna|grandpa|pops|in-laws?|\w+-in-law|godson|goddaughter|"
                  r"step\w+)s?\b|"
                  # "what should i get my dad for his 60th": buying for a person, a birthday by its number
                  r"(?:get|buy)\s+(?:for\s+)?(?:my|our)\s+(?:dad|father|mum|mom|mother|wife|husband|son|daughter|"
                  r"brother|sister|niece|nephew|grand\w+|boyfriend|girlfriend|partner|friend|boss|uncle|aunt|kids?)\b|"
                  r"(?:his|her|their)\s+\d{1,3}(?:st|nd|rd|th)\b|"
                  # "my niece turns 7 next week": a birthday said by the age
                  r"(?:turns|turning|will\s+be)\s+\d{1,2}\s+(?:next|this|on|in|tomorrow|soon)\b)")
STARTERS = {
    # a teen first: "my teen son" (said "my 15 yr old son") wants no toys
    r"\b(?:teen\w*)\b": "headphones portable speaker smartwatch",
    r"\b(?:dad|father|husband|grand(?:pa|father)|boss|him|man|men)\b": "wireless headphones smartwatch coffee maker",
    r"\b(?:mom|mum|mother|wife|grand(?:ma|mother)|her|woman|women)\b": "coffee maker headphones smartwatch",
    r"\b(?:daughter|son|kid|kids|child|children|girl|boy|niece|nephew)\b": "toy doll jigsaw puzzle",
}
DEFAULT_STARTER = "headphones portable speaker smartwatch coffee maker"

_OCCASIONS = ["gift", "gifts", "present", "presents", "birthday", "bday", "christmas", "xmas", "holiday", "holidays",
              "anniversary", "graduation", "valentine", "valentines", "wedding", "housewarming", "retirement",
              "secret", "santa", "stocking", "stuffer", "day", "fathers", "mothers", "idea", "ideas", "occasion",
              "turns", "turning", "next", "week", "weekend", "month", "soon", "tomorrow", "coming", "will",
              "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_PEOPLE = [*RELATIONS, "parents", "kids", "children", "boys", "girls", "friends", "colleagues", "grandparents", "teens",
           "teenage", "adult", "adults", "man", "woman", "guy", "lady", "someone", "somebody", "person", "people", "family",
           "year", "years", "old", "yo", "little", "big", "him", "her", "them", "he", "she", "they", "his", "hers", "their"]
_AROUND = ["a", "an", "the", "for", "from", "my", "our", "to", "of", "in", "on", "at", "and", "or", "is", "are", "was", "be",
           "who", "what", "which", "that", "this", "some", "any", "something", "anything", "good", "nice", "great",
           "cool", "best", "perfect", "need", "want", "looking", "get", "buy", "find", "give", "recommend",
           "suggest", "suggestions", "please", "help", "me", "i", "im", "i'm", "can", "could", "should", "would",
           "do", "does", "you", "have", "has", "into", "loves", "love", "likes", "like", "enjoys", "enjoy",
           "always", "really", "very", "so", "lot", "lots", "all", "time", "obsessed", "with", "crazy", "about",
           "fan", "huge", "turning", "just", "new", "under", "budget", "thinking", "hmm", "maybe",
           # life events a gift marks, and the contractions around them ("a coworker who's leaving")
           "leaving", "moving", "retiring", "graduating", "starting", "getting", "married", "engaged", "expecting",
           "who's", "whos", "she's", "shes", "he's", "hes", "they're", "theyre", "it's", "its", "what's", "whats",
           # not knowing the person is no hint ("secret santa at work, i barely know the guy")
           "work", "office", "know", "knowing", "barely", "hardly", "clue", "sure",
           "limit", "spend", "around", "max", "anyone",
           # asking for ideas, and family said around the person ("my brother in law, no clue what he's into, help?")
           "law", "inlaw", "in-law", "no", "not", "tips", "advice", "stuff", "things", "thing", "random",
           "everyone", "everybody", "anybody", "spending", "price", "bucks", "dollars", "usd", "cheap", "tho", "lol",
           "pls", "plz", "got", "gonna", "wanna", "sort", "kind", "type", "bit", "suggestion", "coworkers",
           "dunno", "idk", "whatever", "don't", "dont", "he'd", "she'd", "they'd", "might",
           # not knowing what they like is no hint either ("honestly no idea what shes into")
           "honestly", "idea", "ideas", "wifes", "hubby", "hubbys"]
_GIVING = frozenset(_OCCASIONS + _PEOPLE + _AROUND)


#: The parse's note for a gift with no hint (the clarifying question reads it).
NO_HINT_NOTE = "a gift with no product named"


def gift_without_hint(notes: tuple[str, ...]) -> bool:
    """Whether a parse's ``notes`` say it is a gift with no hint (the starting picks and the question)."""
    return any(n.startswith(NO_HINT_NOTE) for n in notes)


def gift_hint(text: str) -> str:
    """What the person enjoys, as the search should read it ("gaming", "photography", "music"),
    or "" when the request says nothing but that it is a gift for someone."""
    words = re.findall(r"[a-z][a-z0-9'-]*", re.sub(r"['’]s\b", "", text.lower()))  # "my dad's 60th": dad
    # ... and typed without the apostrophe: "my sisters 30th", "my dads 60th"
    return " ".join(w for w in words if w not in _GIVING and w[:-1] not in _PEOPLE and len(w) > 2)


def starter(text: str) -> str:
    """The starting picks for a gift with no hint, by the recipient the request names."""
    return next((q for pattern, q in STARTERS.items() if re.search(pattern, text)), DEFAULT_STARTER)

