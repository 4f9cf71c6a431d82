"""The type a request starts with is its head: "ssd 480gb or bigger, my old pc boots sooo slow".

The catalog's rules read a title's type with an accessory outranking the device it serves ("tv
wall mount" is a mount), and weak spec words ("ssd", "hdd") after the strong ones. A shopper's
request that opens with a type word, with no other type word in its clause, names what is asked
for first; the clauses after it are context, where type words are often not types at all ("boots"
is a verb there, not a cable boot).
"""

from __future__ import annotations

import re

from rag.catalog.categories import type_spans

# (after a word of chat and "now": "good, now the mouse. same brand and same budget as keyboard", set PJ)
_LEAD = re.compile(r"^\s*(?:(?:ok|okay|good|great|nice|perfect|cool|thanks|alright|right|now|so|next(?!\s+(?:on|up|thing|item)\b)|then)[,.!]?\s+)*"
                   # ("next on the list: a battery backup so the router ... ride out outages", set SK)
                   r"(?:(?:next|also)\s+(?:thing\s+|item\s+)?on\s+(?:the|my|our)\s+list\s*(?:is\s*)?[:,-]?\s+|next\s+up\s*[:,-]?\s+)?"
                   r"(?:(?:oh\s+)?(?:and|plus|also)\s+)?(?:(?:(?:i|we)(?:'ll|\s+will)?\s+(?:also\s+)?)?(?:need|want|looking\s+for|searching\s+for|show\s+me|got\s+any|any)\s+)?"
                   # (a count of them first: "8 HDMI cables to run from the docks", "qty 3 printers", set OI)
                   # (and its size or make: "Want some small speakers for my desk so I don't have to wear headphones", set QN)
                   r"(?:(?:qty|quantity)\s*:?\s*)?(?:(?:a|an|the|some|new|cheap|good|spare|extra|replacement|small|little|proper|decent|basic|simple|compact|\d{1,3}|x\d{1,3}|\d{1,3}x|two|three|four|five|six|"
                   r"seven|eight|nine|ten|twelve|twenty|wireless|cordless|bluetooth)\s+)*")  # ("a wireless presenter/clicker", set SZ)
# ("a mouse in the same colour so the desk matches"; "a replacement power supply while the case is open", set PY)
_CLAUSE_END = re.compile(r"[,.;!?]|\s(?:so|because|cause|since|while|whilst)\s")
_INTERJECTION = re.compile(r"\s*[a-z']+\s*[,.!]+\s+")
_WITH = re.compile(r"\b(?:with|w/?)\s+(?:an?\s+|built[- ]in\s+|its\s+own\s+)?$")
_PLACE = re.compile(r"\b(?:on|in|under|behind|beside|next\s+to|by)\s+(?:the|my|our|a|his|her)\s+$")
# ("a soundbar to sit underneath the tv", set QM)
_USE_VERB = re.compile(r"\bto\s+(?:move|carry|keep|store|back|take|put|play|watch|use|run|make|transfer|hold|edit|print|scan|sit|stand|rest|"
                       r"connect|plug|charge|stream|record|listen|read|bring|protect|clean|send|share|copy|save|hang|mount)\b")


def head_type(text: str) -> str | None:
    """The type of the words the request starts with, when no other type word follows in their
    clause (a compound such as "tv wall mount" is left to the catalog's rules), else None."""
    spans = sorted(type_spans(text, weak=True))
    first = None
    # (after a word of chat said on its own: "awesome. now a mouse in the same colour so the desk matches", set PT)
    # (or a later sentence's, when the sentences before name only the shopper's own things: "my phone never lasts a 14 hour
    # shift. power bank please", set QX)
    later, said_before = _later_opening(text)
    for opening in (0, *((m.end(),) if (m := _INTERJECTION.match(text)) and not type_spans(m.group(0)) else ()),
                    *(() if later is None else (later,))):
        start = opening + _LEAD.match(text[opening:]).end()
        start += len(text[start:]) - len(text[start:].lstrip())  # a spec set aside before the type ("need a 64gb usb stick")
        # (a later sentence's head may be said with its maker first: "... at the page. Philips bulb, under 60", set QY)
        starts = (start, start + m.end()) if opening == later and (m := re.match(r"[\w&-]+\s+", text[start:])) else (start,)
        if (first := next((s for s in spans if s[0] in starts), None)) is not None:
            if opening == later and (not _ASKED_ENDS.match(text, first[1]) or any(
                    len(w) >= 4 and (w in head or head in w) for w in said_before for head in text[first[0]:first[1]].split())):
                first = None  # (a later sentence's head asks when it ends there: not "Canon mount obviously", set MB)
                continue
            break
    if first is None:
        return None
    clause_end = m.start() if (m := _CLAUSE_END.search(text, first[1])) else len(text)
    if (use := _USE_VERB.search(text, first[1], clause_end)) is not None:
        clause_end = use.start()  # "usb stick to move files between work and home": the files are moved, not asked for
    # (a type said as what the head comes with is a feature of it: "a headset with a microphone for church zoom meetings")
    # (nor one said as where it goes: "we'll also need spare toner on the shelf for when it runs out", set OK)
    if any(first[1] <= s[0] < clause_end and not _WITH.search(text, 0, s[0]) and not _PLACE.search(text, 0, s[0]) for s in spans):
        return None  # another type word in its clause ("tv wall mount", "hdmi to vga cable"): the catalog's rules decide
    return first[2]


def _later_opening(text: str) -> tuple[int | None, set[str]]:
    """Where the first later sentence starts whose sentences before name only the shopper's own things (and name some), and
    the words those things are named by (a head naming one of them again is left to the rules: "... on her home phone ... a
    new phone for the landline"); None and no words when there is none."""
    for m in _SENTENCE_START.finditer(text):
        before = type_spans(text[:m.start()], weak=True)
        if before and all(MINE_SAID.search(text, 0, a) for a, *_ in before):
            return m.end(), {w for a, b, _ in type_spans(text[:m.end()], weak=True) for w in text[a:b].split()}
    return None, set()


# A question of its own that asks whether the shop has a type: "do u sell 3d printers?", "any kindles or e-readers?"
_ASKED = re.compile(r"^\s*(?:(?:(?:do|does)\s+(?:you|u|ya|the\s+shop)\s+(?:sell|have|carry|stock|do)|got|have\s+(?:you|u)\s+got|"
                    r"any|are\s+there\s+any)\s+(?:any\s+)?)?([^?]{2,60})\?")
_OWN = re.compile(r"\b(?:my|our|his|her|their|i|we|is|are|does|do|should|can|will|would)\b")


# ... or after it, in a question the shop is asked: "We're putting the TV, soundbar and console all on one wall. What APC surge
# protectors do you carry?", "Does Newstar make TV wall brackets? Want to put the TV up on the wall" (set QB)
_ASKED_LATER = re.compile(r"(?:^|[.!?]\s+)(?:what|which)\s+([^?.!]{2,60}?)\s+(?:do|does|can)\s+(?:you|u|ya)\s+(?:carry|have|sell|stock|offer)\b[^?.!]*\?"
                          r"|(?:^|[.!?]\s+)(?:does|do)\s+[\w!&-]+\s+(?:make|do|sell)\s+([^?.!]{2,60})\?")


def asked_type(text: str) -> str | None:
    """The type a request asks the shop for in a question of its own, before the shopper's story ("do u sell
    3d printers? my son wants to print little figures for his board games", "beginner 3d printer? want to print
    little figures w my kids") or after it (:data:`_ASKED_LATER`): the one kind its words name (however many words name
    it: "kindles or e-readers"), else None."""
    for later in _ASKED_LATER.finditer(text):
        if not _OWN.search(asked := later.group(1) or later.group(2)) and len(kinds := {k for *_, k in type_spans(asked, weak=True)}) == 1:
            return kinds.pop()
    m = _ASKED.match(text)
    if m is None or (m.start(1) == len(text) - len(text.lstrip()) and _OWN.search(m.group(1))):
        return None  # a bare question about the shopper's own things ("is my laptop too old?") asks for nothing
    if re.search(r"\b(?:for|fits?|to\s+fit|compatible\s+with|works?\s+with)\b", m.group(1)):
        return None  # what the item serves is read by the request's own rules ("a good case for the galaxy s20?")
    kinds = {kind for *_, kind in type_spans(m.group(1), weak=True)}
    return kinds.pop() if len(kinds) == 1 else None


# A type asked for by its one word: a new one ("time for a new phone"), asked for ("looking for a tablet itself"), or
# alone at a sentence's start with the story before it ("... for essays and zoom lectures. laptop, around 600").
_ANEW = re.compile(r"\b(?:an?\s+new|another|a\s+replacement|a\s+new\s+one,?\s+a)\s+$|[.;!?]\s*(?:an?\s+)?$|^\s*an?\s+$|"
                   r"\b(?:looking\s+for|need|want|after)\s+an?\s+$")  # "looking for a tablet itself, not a cover ..."


_FOR_THE = re.compile(r"\bfor\s+(?:all\s+)?(?:the|my|our|those|these|his|her|their)\s+(?:[a-z]+\s+)?$")
_ADDED_ANEW = re.compile(r"\s*(?:oh,?\s+)?(?:and|plus|also)\s+an?\s+")
# ... or the shopper's own one said to be worn out ("she drinks tea all day and her kettle is ancient"): a new one
_WORN_OUT = re.compile(r"\s+(?:is|was|'s)\s+(?:so\s+|really\s+|pretty\s+|super\s+|literally\s+|getting\s+)?"
                       r"(?:ancient|falling\s+apart|on\s+its\s+last\s+legs|knackered|dying|busted|clapped\s+out)\b")
#: What makes the word after it a verb: "to plug into the hotel socket" names no connector (set SO)
VERB_BEFORE = re.compile(r"\bto\s+$")
_MINE_BEFORE = re.compile(r"\b(?:my|our|his|her|their)\s+(?:old\s+)?$")
_SENTENCE_START = re.compile(r"[.!?]+\s+")
_ASKED_ENDS = re.compile(r"\s*(?:[,.;:!?]|$|(?:please|pls|under|below|for|with|from|by)\b)")
#: The shopper's own thing, said up to two words before its type: "my reading nook lamp is so dim" (set QY; the learned type
#: reader's checks read it too, ``rag.understanding.typer``)
MINE_SAID = re.compile(r"\b(?:my|our|his|her|their)\s+(?:[a-z]+\s+){0,2}$")


def asks_anew(query: str) -> bool:
    """Whether ``query`` asks for a type by its one word (see ``_ANEW``, ``_WORN_OUT``)."""
    low = query.lower()
    # one word: a kind named by two ("a dash cam", "a record player") may be one the catalog lacks (named.py)
    # (or by the kind's own name, which the catalog carries: "and a power bank so my switch doesn't die on the train", set QK)
    # (or added, the one kind named: "and a power bank so my switch doesn't die on the train", not "and a notebook and a
    # filing cabinet")
    spans = [s for s in type_spans(low) if not VERB_BEFORE.search(low, 0, s[0])]  # (not a verb: "a power strip to plug into the hotel socket", SO)
    # (not "my switch", nor what it is for: "also a label maker for all the files I'm going to scan", set QZ)
    one = len({kind for start, _, kind in spans if not _MINE_BEFORE.search(low[:start]) and not _FOR_THE.search(low[:start])}) == 1
    return any((" " not in low[start:end].strip() or low[start:end].strip() == kind) and (
        _ANEW.search(low[:start]) or (one and _ADDED_ANEW.fullmatch(low[:start])) or (
            _MINE_BEFORE.search(low[:start]) and _WORN_OUT.match(low, end))) for start, end, kind in spans)
