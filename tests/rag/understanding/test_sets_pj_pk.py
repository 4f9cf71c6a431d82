"""Rules written after dev sets PJ (English as a second language) and PK (internet slang and emoji) were read: the noun
before its adjective ("computer portable", "mobile smart"), a word of the shopper's language ("marca", "aspirator", "an
objective for this camera"), a preposition carried over ("below of 150", "put the limit on 800"), "sub 50", "tbh" after an
amount, a phone's "128 gb memory", slang and greetings that name no missing item, an emoji that ends a phrase."""

from __future__ import annotations

import pytest

from rag.generation.relevance import in_name_position, unknown_words
from rag.records import Filters
from rag.understanding import QueryParser, Vocabulary
from rag.understanding.english import destretched

PARSER = QueryParser(Vocabulary(brands=("HP", "Newstar", "APC", "Rowenta", "Canon", "CHERRY", "Samsung", "TP-LINK")))


def _filters(message: str):
    return PARSER.parse(message).filters


@pytest.mark.parametrize(("message", "kind"), [
    ("hola, I search a computer portable of the marca HP, price maximum 700 dollar", "notebook"),
    ("Hello, i search mobile smart with 128 gb memory for photos, price max 500$", "smartphone"),
    ("and telephone smart too, same brand as watch, budget is 400 maximum", "smartphone"),
    ("also player for dvd, cheap, 50 dollar is the top", "dvd player"),
    ("ok. and aspirator... how you say, vacuum cleaner. Rowenta one, price max 150", "vacuum cleaner"),
    ("also an objective for this camera, of the same brand, the price under 500", "camera lens"),
    ("support for hang monitor, Newstar, maximum 80 dollar", "monitor mount"),
    ("and also an arm for hold the monitor on desk. I want Newstar brand, under 100 for it", "monitor mount"),
    ("multiple socket of APC with surge protect for my computer", "surge protector"),
])
def test_a_learners_name_for_a_thing_is_the_thing(message: str, kind: str) -> None:
    assert _filters(message).categories == (kind,)


def test_of_the_marca_is_the_brand() -> None:
    assert _filters("hola, I search a computer portable of the marca HP, price maximum 700 dollar").brands == ("HP",)


@pytest.mark.parametrize(("message", "cap"), [
    ("my wife she want also a scanner separate, below of 150", 150.0),
    ("still it is too much for me. put the limit on 800 and 8 giga RAM also will do", 800.0),
    ("for better sound we want to buy speakers too, for them max 100 dolars", 100.0),
    ("lookin for a cherry keyboard in black, sub 50 tbh", 50.0),
    ("sub-$100 mouse", 100.0),
])
def test_a_learners_or_a_chatters_cap_is_the_cap(message: str, cap: float) -> None:
    assert _filters(message).price.max == cap


def test_sub_before_a_size_is_no_price() -> None:
    assert _filters("a sub 10 inch tablet").price.max is None


def test_a_phones_memory_beyond_its_ram_is_its_storage() -> None:
    numeric = _filters("Hello, i search mobile smart with 128 gb memory for photos, price max 500$").numeric
    assert "memory_gb" not in numeric and numeric["storage_gb"].min == 128.0


def test_a_phones_ram_said_as_ram_stays_ram() -> None:
    numeric = _filters("phone with 8gb memory and 128gb").numeric
    assert numeric["memory_gb"].min == 8.0 and numeric["storage_gb"].min == 128.0


def test_a_type_after_same_budget_as_without_an_article_is_no_request() -> None:
    assert _filters("good, now the mouse. same brand and same budget as keyboard").categories == ("mouse",)


WORDS = frozenset({"desktop", "ram", "minimum", "editing", "tablet", "samsung", "storage", "camera", "canon", "notes", "take",
                   "find", "digitally", "coffee", "maker", "get", "into", "gb", "16gb", "64gb"})


@pytest.mark.parametrize("message", [
    "tryna find a desktop with 16gb of ram minimum for editing vids",
    "tryna take notes digitally this sem samsung tablet w 64gb storage or more",
    "coffee maker pleaseee",
    "hola, bonjour, coffee maker",
])
def test_slang_greetings_and_stretched_words_name_no_missing_item(message: str) -> None:
    assert unknown_words(message, WORDS) == []


def test_a_stretched_word_is_read_once_and_twice() -> None:
    assert destretched("pleaseee") == ("please", "pleasee") and destretched("good") == ()


def test_an_emoji_ends_the_phrase_before_a_type() -> None:
    assert not in_name_position("photography", "i wanna get into photography 📸 canon camera, 500 dollars tops")
    assert in_name_position("photography", "i wanna get into photography canon camera")


def test_a_price_said_loosely_and_widened_shows_the_nearest_first(tiny_products) -> None:
    from dataclasses import replace

    from rag.records import FusedHit, NumericRange
    from rag.retrieval.base import RetrievalMode, RetrievalResult
    from rag.understanding.parsed import Constraint
    from rag.understanding.widen import near_price_first

    products = {p.id: replace(p, price=price) for p, price in zip(tiny_products[:4], (40.95, 161.94, 119.95, 90.0), strict=True)}
    hits = tuple(FusedHit(pid, 1.0 - i / 10) for i, pid in enumerate(products))
    result = RetrievalResult("coffee machine", Filters(), RetrievalMode.HYBRID_RRF, hits, {})
    said = Constraint("price", NumericRange(80.0, 115.0), "~100ish", 0.45, loose=("min", "max"))
    ordered = near_price_first(result, said, lambda ids: {i: products[i] for i in ids})
    assert [products[h.product_id].price for h in ordered.hits] == [90.0, 119.95, 40.95, 161.94]
    assert near_price_first(result, None, lambda ids: {i: products[i] for i in ids}) is result
