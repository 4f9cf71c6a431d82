"""One validation layer for what a person types, used by the HTTP API's schemas and the Gradio app alike.

Text a shopper types (messages, comments) may hold tabs and line breaks but no
other control characters: a NUL or an ANSI escape would be stored and exported
as it is (and PostgreSQL refuses a NUL outright). Names and keys (brands,
reasons, ids) hold no control characters at all. Lengths are bounded. Bad
input raises ``ValueError`` naming the field, the problem and the limit.
"""

from __future__ import annotations

import re

#: Text a shopper types: no control characters but tab and line breaks (also the API schemas' pattern).
TEXT = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"
#: Names and keys: no control characters at all.
NAME = r"^[^\x00-\x1f\x7f-\x9f]*$"
#: Brands, categories, price bands, reasons: the API's ``Short`` bound.
NAME_MAX = 128

_TEXT = re.compile(TEXT)
_NAME = re.compile(NAME)


def _first_bad(value: str, pattern: re.Pattern[str]) -> str:
    for i, ch in enumerate(value):
        if not pattern.match(ch):
            return f"a control character (U+{ord(ch):04X}) at position {i}"
    return "a control character"


def check_text(field: str, value: str, max_chars: int) -> str:
    """``value`` if it is free text within ``max_chars`` characters, else ``ValueError``."""
    if not isinstance(value, str):
        raise ValueError(f"{field} must be text, got {type(value).__name__}")
    if len(value) > max_chars:
        raise ValueError(f"{field} is {len(value)} characters; the limit is {max_chars}")
    if not _TEXT.match(value):
        raise ValueError(f"{field} contains {_first_bad(value, _TEXT)}; remove it")
    return value


def check_name(field: str, value: str, max_chars: int = NAME_MAX) -> str:
    """``value`` stripped if it is a name or key (1..``max_chars`` characters, no control characters)."""
    if not isinstance(value, str):
        raise ValueError(f"{field} must be text, got {type(value).__name__}")
    value = value.strip()
    if not value:
        raise ValueError(f"{field} must not be empty")
    if len(value) > max_chars:
        raise ValueError(f"{field} is {len(value)} characters; the limit is {max_chars}")
    if not _NAME.match(value):
        raise ValueError(f"{field} contains {_first_bad(value, _NAME)}; remove it")
    return value
