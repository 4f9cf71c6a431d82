"""A shopper correcting themselves in one message: "white... no, black actually", "netgear switch.. scratch that,
d-link", "1tb. no wait, 2 TB at minimum". Of two values of one kind (two colours, two brands, two sizes, two prices)
with a correction word between them, the last one said is the one asked for; without one, both stand ("logitech or
microsoft", "16gb ram and 512gb storage")."""

from __future__ import annotations

import re
from collections.abc import Sequence

# The words that take back what was just said
# ("no" alone only before a pause: "white... no, black"; "samsung tv, no lg" refuses LG, it is no correction)
_WORDS = (r"(?:no|nah|nope|er+m?|uh+m?)(?=\s*[,.!;-])|nah(?=\s+\$?\d)|scratch\s+that|wait|actually(?!\s+(?:[a-z]+ed|is|was|are|were|has|had|does|did|says|said|thinks|uses|likes|loves|hates)\b)|i\s+mean|or\s+rather|on\s+second\s+thought|"
          # (not an adverb of the story: "my optometrist actually winced at my last check-up", set SQ)
          r"make\s+(?:it|that)|hmm+|sorry|correction|let\s+me\s+rethink|let'?s\s+say|change\s+that\s+to|"
          r"(?:let'?s\s+(?:just\s+)?|i'?ll\s+(?:just\s+)?)(?:settle|go)\s+(?:on|with)|settled\s+on|decided\s+on")  # ("between Netgear and TP-Link but let's just settle on TP-Link", set OR)
_CORRECTION = re.compile(rf"\b(?:{_WORDS}|instead|rather)\b")
# Of a size or a price, "instead" and "rather" may point back ("1 TB instead of the 512", "rather 16gb than 8"): not these
_TAKE_BACK = re.compile(rf"\b(?:{_WORDS})\b")
# A quantity as a shopper types it: "$200-$400", "1.5k", "42in", "2 TB", "16gigs", "300-600", "32"
_QUANTITY = re.compile(
    r"(?<![\w.])(\$\s*)?(\d+(?:\.\d+)?)\s*(k\b)?(\s*(?:-|–|to|and)\s*\$?\s*\d+(?:\.\d+)?\s*k?\b)?"
    r"(\s*(?:tb|gb|gigs?|gigabytes?|terabytes?)\b|(?<=\d)in\b|\s*(?:-?inch(?:es)?\b|\")|\s*(?:dollars|bucks|usd)\b)?")
_UNIT = {"t": "gb", "g": "gb", "i": "inch", "-": "inch", '"': "inch", "d": "usd", "b": "usd", "u": "usd"}
_NEAR = 80  # characters between a value, the word that takes it back, and the value that replaces it


def last_said(text: str, spans: Sequence[tuple[int, int]]) -> int | None:
    """The index of the span to keep when a correction word stands between the first and the last of ``spans``
    (each a value's start and end in ``text``, in order), else None: every value stands."""
    if len(spans) == 2 and _SWAP.search(text, 0, spans[0][0]) and _SWAP_TO.fullmatch(text, spans[0][1], spans[1][0]):
        return 1  # "on second thought swap APC for Tripp Lite" (set OQ)
    if len(spans) < 2:
        return None
    if not _CORRECTION.search(text, spans[0][1], spans[-1][0]):
        # "samsung or motorola, prob samsung", "white or black... eh, black", "going Samsung" (set QR)
        # ("torn between alienware and logitech, going logitech since alienware is pricey": the one settled on before the reason)
        if (before := _settled_before_reason(text, spans)) is not None:
            return before
        return len(spans) - 1 if _settles(text, spans) else None
    # the first said after the last correction word that is not one taken back: a value taken back and said again in a reason
    # stays taken back ("grey - no wait, black, grey shows every stain", set QG; "in white please. Actually no, white gets
    # dirty way too fast with my kids around, black", set LR)
    mark = [m for m in _CORRECTION.finditer(text, spans[0][1], spans[-1][0])][-1]
    taken = {text[a:b].lower() for a, b in spans if b <= mark.start()}
    fresh = [i for i, (a, b) in enumerate(spans) if a >= mark.end() and text[a:b].lower() not in taken]
    return fresh[0] if fresh else len(spans) - 1


#: The words that settle on the value after them: "going Samsung", "I'll go Philips", "go cherry", "so 32", "prob samsung"
_SETTLE = re.compile(r"\b(?:going(?:\s+with|\s+for)?|go(?:\s+with|\s+for)?|i'?ll\s+(?:go|do|take|get)(?:\s+with|\s+for|\s+the)?|prob(?:ably)?|so|"
                     r"let'?s\s+(?:do|go|get)(?:\s+with|\s+for)?|ok(?:ay)?,?|eh,?)\s+(?:the\s+|an?\s+)?$")


_DOES = re.compile(r"\b(?:that|which|they|it|its|it's|to|will|would|can|could|might|is|are|they're|ones?)\s+$|'ll\s+$")
_WEIGHED_WITH = re.compile(r"\b(?:or|and|vs|versus|between)\b|/")


def _settles(text: str, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether the shopper weighs values and settles on the last one said: it is said again after another ("asus or
    netgear... netgear", "Comparing Philips and Dell for a week now. Dell it is"), or after a word that settles on it
    ("going Samsung")."""
    low = text.lower()
    a, b = spans[-1]
    value = low[a:b]
    first = m.start() if (m := re.search(rf"(?<!\w){re.escape(value)}(?!\w)", low)) else -1  # (as a word: no "hp" in "shop")
    # (the values weighed side by side: "asus or netgear", "Philips and Dell", not "a blue one ..., I keep losing the black ones at the
    # bottom of my black laptop bag")
    weighed = [x for x, y in spans[:-1] if low[x:y] != value and _WEIGHED_WITH.search(low[min(y, first + len(value)):max(x, first)])
               and abs(x - first) <= 40]
    settle = _SETTLE.search(low, 0, a)
    # (not a verb of what a thing does: "I don't like the clear ones that go yellow", set OE)
    return (0 <= first < a and bool(weighed)) or (settle is not None and not _DOES.search(low, 0, settle.start()))


_REASON = re.compile(r"\b(?:since|because|cause|cos|coz|as)\b|'cause\b")


def _settled_before_reason(text: str, spans: Sequence[tuple[int, int]]) -> int | None:
    """The index of a value settled on before a reason that names the others ("torn between alienware and logitech, going
    logitech since alienware is pricey": logitech), else None."""
    low = text.lower()
    for i in range(len(spans) - 2, -1, -1):
        a, b = spans[i]
        settle = _SETTLE.search(low, 0, a)
        if settle is not None and not _DOES.search(low, 0, settle.start()) and _REASON.search(low, b, spans[i + 1][0]):
            return i
    return None


#: One value swapped for another: "swap APC for Tripp Lite", "replace my HP with a Canon"
_SWAP = re.compile(r"\b(?:swap|switch|change|replace|trade|exchange)\w*\s+(?:out\s+)?(?:the\s+|my\s+|our\s+)?$")
_SWAP_TO = re.compile(r"\s*(?:for|to|with|into)\s+(?:an?\s+|the\s+|some\s+)?")


def _quantities(text: str) -> list[tuple[int, int, str, float, str, bool]]:
    """Every quantity in ``text``: start, end, kind ("gb", "inch", "usd" or "bare"), value, the unit as said, and whether
    it is a range ("200 and 300", "$100-$200")."""
    found = []
    for m in _QUANTITY.finditer(text):
        unit = (m.group(5) or "").strip()
        kind = _UNIT[unit[0]] if unit else "usd" if m.group(1) or m.group(3) else "bare"
        value = float(m.group(2)) * (1000 if m.group(3) or unit.startswith("t") else 1)
        found.append((m.start(), m.end(), kind, value, unit, m.group(4) is not None))
    return found


def _alike(before: float, after: float) -> bool:
    return before > 0 and after > 0 and 1 / 4 <= after / before <= 4  # "16gb ... no, 32": a size taken back, not "700"


_FLOOR_BEFORE = re.compile(r"(?:(?:nothing|none|not|no)\s+(?:under|below|less\s+than|cheaper\s+than|lower\s+than)|at\s+least|over|above|"
                           r"more\s+than|min(?:imum)?|starting\s+at)\s*\$?\s*$")
_CAP_BEFORE = re.compile(r"(?:under|below|less\s+than|up\s+to|max(?:imum)?|at\s+most|no\s+more\s+than|<=?)\s*\$?\s*$")


def _side(before: str) -> int:
    """Which bound the words before a value make it: 1 a floor, -1 a cap, 0 neither."""
    return 1 if _FLOOR_BEFORE.search(before) else -1 if _CAP_BEFORE.search(before) else 0


# Two sizes or amounts weighed: "32 or 42 inch", "between 24 and 27 inch", "a 14\" and a 15.6\"", "8 or 16 gigs", "200 or 250"
_SIZE = r"(?:\"|”|-?\s*inch(?:es)?\b|in\b|\s*gb\b|\s*gigs?\b|\s*tb\b)"
_WEIGHED = re.compile(rf"(?:\b(?:between|torn\s+between|either)\s+)?(?:an?\s+)?(?<![\w.$])(\$?)(\d+(?:\.\d+)?)({_SIZE})?\s*(?:or|and|vs\.?|versus)\s+"
                      rf"(?:an?\s+)?\$?(\d+(?:\.\d+)?)(?![\d.])({_SIZE})?")


def settled(text: str) -> str:
    """``text`` with two sizes or amounts weighed said as the one the shopper settles on, said again after them ("32 or 42
    inch? room's tiny, so 32": 32 inch; "8 or 16 gigs... 8's fine": 8 gigs; "200 or 250 as the top? go with 250": 250)
    (set QR). Without one said again, both stand ("between 24 and 27 inches" is a range)."""
    for m in reversed(list(_WEIGHED.finditer(text))):
        first, second = m.group(2), m.group(4)
        unit = m.group(5) or m.group(3) or ""
        if not unit and not re.search(r"\bor\b", m.group(0)):
            continue  # ("between 200 and 300" is a range whatever follows)
        again = re.search(rf"(?<!\d)(?<!\d\.)(?:{re.escape(first)}|{re.escape(second)})(?!\.?\d)", text[m.end():m.end() + _NEAR])
        if again is None or first == second:
            continue
        article = "a " if re.match(r"(?:\w+\s+)*an?\s", m.group(0)) else ""
        text = text[:m.start()] + f"{article}{m.group(1)}{again.group(0)}{unit}" + text[m.end():]
    return text


def taken_back(text: str) -> str:
    """``text`` with each size or price the shopper took back said as the value that replaced it ("1tb. no wait, 2 TB
    at minimum": 2 TB twice; "under 50 - actually make that 45": under 45), so every reader keeps the words around it
    ("under", "or bigger"). A bare number that replaces a value takes its unit ("16gigs.. no, 32": 32 gigs). A value is
    taken back when a correction word follows it and a value of its kind, near it in size, follows that."""
    for mark in reversed(list(_TAKE_BACK.finditer(text))):
        quantities = _quantities(text)
        before = [q for q in quantities if q[1] <= mark.start() and mark.start() - q[1] <= _NEAR]
        after = [q for q in quantities if q[0] >= mark.end() and q[0] - mark.end() <= _NEAR]
        if not before or not after:
            continue
        old = before[-1]
        new = next((q for q in after if q[2] == old[2] and _alike(old[3], q[3])), None) or next(
            (q for q in after if q[2] == "bare" and _alike(old[3], q[3]) and q[3] >= 2), None)
        if new is None or (new[5] and not old[5]) or _side(text[:old[0]]) * _side(text[:new[0]]) < 0:
            # (a range is no single amount said again: "anything below $200 is a toy, so let's say between 200 and 300"; nor a
            # bound of the other side: "under 1200 - actually, nothing under 800 either", set OH)
            continue
        said = text[new[0]:new[1]].rstrip()
        if new[2] == "bare" and old[2] != "bare":
            said = "$" + said if old[2] == "usd" and not old[4] else f"{said} {old[4]}"
        gap = text[old[0]:old[1]][len(text[old[0]:old[1]].rstrip()):]
        tail = text[new[0]:new[1]][len(text[new[0]:new[1]].rstrip()):]
        text = text[:old[0]] + said + gap + text[old[1]:new[0]] + said + tail + text[new[1]:]
    return text
