"""A shopper correcting themselves in one message: "white... no, black actually", "netgear switch.. scratch that,
d-link". Of two values of one kind (two colours, two brands) with a correction word between them, the last one said
is the one asked for; without one, both stand ("logitech or microsoft")."""

from __future__ import annotations

import re
from collections.abc import Sequence

# The words that take back what was just said
# ("no" alone only before a pause: "white... no, black"; "samsung tv, no lg" refuses LG, it is no correction)
_CORRECTION = re.compile(r"\b(?:(?:no|nah|nope)(?=\s*[,.!;-])|scratch\s+that|wait|actually|i\s+mean|or\s+rather|on\s+second\s+thought|"
                         r"make\s+(?:it|that)|instead|rather)\b")


def last_said(text: str, spans: Sequence[tuple[int, int]]) -> int | None:
    """The index of the span to keep when a correction word stands between the first and the last of ``spans``
    (each a value's start and end in ``text``, in order), else None: every value stands."""
    if len(spans) < 2 or not _CORRECTION.search(text, spans[0][1], spans[-1][0]):
        return None
    return len(spans) - 1
