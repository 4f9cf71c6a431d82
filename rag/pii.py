"""Redact personal data before anything is logged or stored.

Emails, IBANs, payment card numbers and phone numbers become ``[email]``,
``[iban]``, ``[card]`` and ``[phone]``. The interaction store applies
:func:`redact` to every free-text column it writes (messages, queries,
answers, thumbs comments and reasons), so nothing reaches a table, an export
or a training file unredacted, whichever front end wrote it.

The checksums come from ``python-stdnum`` (a maintained library of number
formats): an IBAN must pass its country's length and format and the ISO 7064
mod-97 check; a card number must pass the Luhn check and start like a card
network's number (a 13-19 digit product code seldom does both), and a bare
13-digit string that is a valid EAN-13 is a product barcode, not a card.

Phone numbers are matched by shape (8-15 digits, written with a leading ``+``
or ``00`` or with separators), not with ``phonenumbers``: its matcher needs
the shopper's region to read a national number ("030 1234 5678"), which the
store does not know. Prices, sizes, dates, model numbers and version strings
are left alone; ``tests/rag/guardrails/test_pii.py`` holds the table of formats
that must and must not be redacted. Presidio was not used: it pulls spaCy
models that would have to be downloaded at run time.
"""

from __future__ import annotations

import re

from stdnum import ean, iban, luhn

_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")

# Two letters, two check digits, then 10-30 letters/digits, optionally grouped by single spaces.
# The match may run into a following word ("... 00 and"); _iban tries shorter prefixes.
_IBAN = re.compile(r"(?<![\w])[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]){10,30}(?![\w])")

# 13-19 digits, optionally grouped by single spaces or dashes.
_CARD = re.compile(r"(?<![\w.,+])(?:\d[ -]?){12,18}\d(?![\w])")

# The first digits of the card networks' numbers (Visa, Mastercard, Amex, Discover,
# JCB, Diners, UnionPay, Maestro, Mir): a Luhn-valid number starting otherwise is a code.
_CARD_PREFIX = re.compile(r"4|5[0-8]|2[2-7]|3[0478]|3[5689]|6[0-9]")

# Phone-shaped: an optional + or 00, groups of digits (the first may be in parentheses),
# separated by a space, dot, dash or slash, or a "(0)" trunk marker. _phone decides.
_PHONE = re.compile(
    r"(?<![\w.,/+-])"
    r"(?:\+|\b00)?"
    r"(?:\(\d{1,4}\)|\d{1,5})"
    r"(?:(?:[ .\-/]|[ ]?\(0\)[ ]?)?(?:\(\d{1,4}\)|\d{1,5})){1,7}"
    r"(?!\w|[.,\-/]?\d)"
)

_DATE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}")
_SEPARATOR = re.compile(r"[ .\-/()]")
_RANGE = re.compile(r"\s*\d{3,5}\s*-\s*\d{3,5}\s*")


def _iban(match: re.Match[str]) -> str:
    text = match.group(0)
    tokens = text.split(" ")
    for end in range(len(tokens), 0, -1):
        candidate = "".join(tokens[:end]).upper()
        if len(candidate) >= 14 and iban.is_valid(candidate):
            rest = " ".join(tokens[end:])
            return "[iban]" + (" " + rest if rest else "")
    return text


def _card(match: re.Match[str]) -> str:
    text = match.group(0)
    digits = re.sub(r"\D", "", text)
    if not (13 <= len(digits) <= 19 and luhn.is_valid(digits) and _CARD_PREFIX.match(digits)):
        return text
    if len(digits) == 13 and digits == text and ean.is_valid(digits):
        return text  # an unseparated EAN-13 barcode (13-digit cards are no longer issued)
    return "[card]"


def _phone(match: re.Match[str]) -> str:
    text = match.group(0)
    digits = re.sub(r"\D", "", text)
    international = text.startswith(("+", "00"))
    if not 8 <= len(digits) <= 15:
        return text
    if not (international or _SEPARATOR.search(text)):
        return text  # a bare run of digits: an id, a barcode, an order number
    if _DATE.fullmatch(text.strip()):
        return text
    if not international and len(digits) == 13 and ean.is_valid(digits):
        return text  # a grouped EAN-13 barcode or ISBN ("5 901234 123457", "978-3-16-148410-0")
    groups = [g for g in re.split(r"[ .\-/()]+", text.lstrip("+")) if g]
    if not international and _RANGE.fullmatch(text) and all(g[0] != "0" and g.endswith("0") for g in groups) \
            and int(groups[0]) < int(groups[1]):
        return text  # a price range of round amounts, "$1500-2500", "1200 - 1500" (set SR)
    if not international and set(re.findall(r"[ .\-/]", text)) == {"."} and min(len(g) for g in groups) == 1:
        return text  # a version string such as 10.0.19041.1
    return "[phone]"


def redact(text: str) -> str:
    """``text`` with emails, IBANs, card numbers and phone numbers replaced."""
    if not text:
        return text
    text = _EMAIL.sub("[email]", text)
    text = _IBAN.sub(_iban, text)
    text = _CARD.sub(_card, text)
    return _PHONE.sub(_phone, text)


def contains_pii(text: str) -> bool:
    return redact(text) != text
