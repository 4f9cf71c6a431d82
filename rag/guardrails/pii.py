"""Redact personal data before anything is logged or stored.

Emails, phone numbers and payment card numbers (checked with the Luhn sum so
a 13–19 digit product code is left alone) become ``[email]``, ``[phone]`` and
``[card]``. Hand-written because the well-kept PII libraries (Presidio)
pull spaCy models that would have to be downloaded at run time.
"""

from __future__ import annotations

import re

_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# 13–19 digits, optionally grouped by spaces or dashes.
_CARD = re.compile(r"\b(?:\d[ -]?){12,18}\d\b")
# International or national phone numbers: at least 8 digits with the usual separators.
_PHONE = re.compile(r"(?<![\w.])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]\d{2,4}){1,4}(?![\w.])")


_DATE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _card(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    return "[card]" if 13 <= len(digits) <= 19 and _luhn_ok(digits) else match.group(0)


def _phone(match: re.Match[str]) -> str:
    text = match.group(0)
    digits = re.sub(r"\D", "", text)
    # Prices ("1,299.00"), sizes ("1920 1080") and years pass: a phone has 8+ digits
    # and at least one separator or a leading "+".
    if _DATE.fullmatch(text.strip()):
        return text
    if len(digits) < 8 or not (text.startswith("+") or re.search(r"[ .()-]", text)):
        return text
    return "[phone]"


def redact(text: str) -> str:
    """``text`` with emails, card numbers and phone numbers replaced."""
    text = _EMAIL.sub("[email]", text)
    text = _CARD.sub(_card, text)
    return _PHONE.sub(_phone, text)


def contains_pii(text: str) -> bool:
    return redact(text) != text
