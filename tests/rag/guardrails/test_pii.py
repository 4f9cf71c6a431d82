"""The table of formats the PII redactor must redact, and the shopping text
(prices, sizes, dates, model numbers, barcodes) it must leave alone."""

from __future__ import annotations

import pytest

from rag.pii import contains_pii, redact

REDACTED = [
    # emails
    ("mail me at jane.doe+shop@example.co.uk", "mail me at [email]"),
    ("JOHN_SMITH@Mail.Example.org is mine", "[email] is mine"),
    # phones: international and national formats
    ("call +44 20 7946 0958 today", "call [phone] today"),
    ("call +1 (415) 555-2671", "call [phone]"),
    ("+1-415-555-2671", "[phone]"),
    ("Tel. +49 30 12345678", "Tel. [phone]"),
    ("+49 (0)30 1234 5678 ab 9 Uhr", "[phone] ab 9 Uhr"),
    ("appelez le +33 1 23 45 67 89", "appelez le [phone]"),
    ("0033 1 23 45 67 89", "[phone]"),
    ("whatsapp +91 98765 43210", "whatsapp [phone]"),
    ("+81 3-1234-5678", "[phone]"),
    ("+61 2 9876 5432", "[phone]"),
    ("+86 138 0013 8000", "[phone]"),
    ("sms +4915112345678 please", "sms [phone] please"),
    ("my number is (555) 123-4567", "my number is [phone]"),
    ("555.123.4567", "[phone]"),
    ("ruf an: 030 1234 5678", "ruf an: [phone]"),
    ("mobile 07700 900123", "mobile [phone]"),
    ("mon portable 06 12 34 56 78", "mon portable [phone]"),
    # payment cards: Luhn-valid, with a card network's prefix; spaced, dashed or plain
    ("card 4111 1111 1111 1111 exp 12/29", "card [card] exp 12/29"),
    ("card 4111-1111-1111-1111", "card [card]"),
    ("4012888888881881", "[card]"),
    ("mastercard 5500 0000 0000 0004", "mastercard [card]"),
    ("mc 2223 0031 2200 3222", "mc [card]"),
    ("amex 3782 822463 10005", "amex [card]"),
    ("discover 6011-1111-1111-1117.", "discover [card]."),
    ("jcb 3530111333300000", "jcb [card]"),
    # IBANs of several countries: grouped, compact, lower case
    ("IBAN DE89 3704 0044 0532 0130 00 please", "IBAN [iban] please"),
    ("GB82 WEST 1234 5698 7654 32", "[iban]"),
    ("to FR14 2004 1010 0505 0001 3M02 606.", "to [iban]."),
    ("NL91ABNA0417164300", "[iban]"),
    ("ES91 2100 0418 4502 0005 1332", "[iban]"),
    ("IT60 X054 2811 1010 0000 0123 456", "[iban]"),
    ("BE71 0961 2345 6769", "[iban]"),
    ("CH93 0076 2011 6238 5295 7", "[iban]"),
    ("iban: de89370400440532013000", "iban: [iban]"),
    # several at once
    ("jane@example.com, +44 20 7946 0958, 4111 1111 1111 1111", "[email], [phone], [card]"),
]

LEFT_ALONE = [
    "laptop under $1,299.99 with 16GB RAM",
    "price 1.299,00 € or 1,299.00 - 1,499.00",
    "Samsung UE55RU7099 55 inch tv",
    "Galaxy SM-G991B 128GB",
    "RTX 4090 vs RX 7900 XTX",
    "ean 8712581549527 toner",  # 13 digits, fails the Luhn check
    "EAN 4006381333931",  # a valid EAN-13 that also passes Luhn: a barcode, not a card
    "barcode 5 901234 123457",  # a valid EAN-13, grouped
    "ISBN 978-3-16-148410-0",
    "between 100 and 200 dollars",
    "I guess I'd say $1500-2500, firm on both ends",  # a price range of round amounts
    "somewhere in the 1200-1500 range",
    "1920 x 1080 monitor, 3840x2160 too",
    "released 2019-10-01",
    "delivered 10/12/2023",
    "firmware 10.0.19041.1",
    "100-240 V, 50/60 Hz",
    "size 12 x 30 x 4.5 cm",
    "4111 1111 1111 1112",  # fails the Luhn check
    "XY12 ABCD 1234 EFGH 56",  # IBAN-shaped, no such country
    "order 12345678",  # a bare number, no phone shape
    "DE12 wireless mouse",
    "GB 2024 edition",
    "",
]


@pytest.mark.parametrize(("text", "expected"), REDACTED)
def test_personal_data_is_redacted(text: str, expected: str) -> None:
    assert redact(text) == expected
    assert contains_pii(text)


@pytest.mark.parametrize("text", LEFT_ALONE)
def test_shopping_text_is_left_alone(text: str) -> None:
    assert redact(text) == text
    assert not contains_pii(text)


def test_redaction_is_idempotent() -> None:
    for text, _ in REDACTED:
        once = redact(text)
        assert redact(once) == once
