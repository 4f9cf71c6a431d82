"""Words of a shopper stepping away from the chat and coming back: "sorry someone at the door. under 30", "one sec— ok. a
case to go on it", "back - boss walked in. also a 24 inch screen for it", "sorry was on the phone — under 60".

Typed between other things (set RZ), a message opens with why the shopper went quiet. Those words ask for nothing, but
they can name a thing ("the phone", "the door") that would be read as the product asked for; they are set aside before
the turn is read. Only an opening aside goes: an apology or a pause followed by what called the shopper away, or a pause
word ("one sec", "back", "brb") closed by a stop or a dash. A bare "sorry" stays (it opens a correction: "sorry, 26 inch").
"""

from __future__ import annotations

import re

_PAUSE = (r"(?:sorry|sry|soz|apologies|one\s+sec(?:ond)?|hang\s+on|brb|(?:ok(?:ay)?\s+|i'?m\s+)?back(?!\s+to\b)|"
          r"ok(?:ay)?|right)")
_CLOSE = r"[\s,.!;:—–-]"
# what called the shopper away
_AWAY = (r"(?:(?:i\s+)?(?:was|got|had\s+to\s+(?:take|grab|answer|jump\s+on))\s+(?:on\s+)?(?:the|a)\s+(?:phone|call)|"
         r"(?:some(?:one|body)|the\s+(?:courier|postman|delivery\s+guy|neighbou?r))\s+(?:was\s+|is\s+)?at\s+the\s+door|"
         r"(?:my\s+|the\s+)?(?:kids?|baby|toddler|dog)\s+(?:was\s+|is\s+|started\s+)?(?:crying|barking|screaming)|"
         r"(?:my\s+|the\s+)?boss\s+(?:walked|came)\s+in|(?:got\s+)?(?:pulled|dragged)\s+into\s+a\s+meeting|"
         r"(?:the\s+)?meeting\s+ran\s+(?:over|long))")
_ASIDE = re.compile(rf"^\s*(?:{_PAUSE}{_CLOSE}+)*(?:{_AWAY}|(?<!\w)(?!sorry\b){_PAUSE}(?=\s*[.!;—–-]))(?:{_CLOSE}+ok(?:ay)?\b)?{_CLOSE}*",
                    re.IGNORECASE)


def without_asides(message: str) -> str:
    """``message`` without an opening aside of a shopper stepping away ("sorry someone at the door."); ``message`` as it is
    when nothing would be left."""
    m = _ASIDE.match(message)
    if not m or not m.group(0).strip() or not message[m.end():].strip():
        return message
    return message[m.end():]
