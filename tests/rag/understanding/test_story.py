"""Words of the shopper's story are not product types: what a product is to match, a fan of a brand."""

from __future__ import annotations

from rag.understanding import QueryParser, Vocabulary
from rag.understanding.story import without_match, without_story


def test_what_the_product_is_to_match_is_no_type() -> None:
    """Found on writer AZ: "black to match the furniture and 250 max" after 32 inch TVs searched furniture."""
    assert without_match("black to match the furniture and 250 max") == "black and 250 max"
    # ... of up to three words, to a conjunction (set OD: "to match the company lenovo laptops lol so black" after headsets)
    assert without_match("boss wants it to match the company lenovo laptops lol so black") == "boss wants it lol so black"
    assert without_match("black to match the desk and a mouse") == "black and a mouse"
    assert without_match("white so it matches our kitchen units") == "white"
    assert without_match("a matching case") == "a matching case"  # no "the ...": nothing to match
    parsed = QueryParser().parse("white washing machine to match the kitchen, under 400")
    assert parsed.filters.categories == ("washing machine",)
    assert "kitchen" not in parsed.text


def test_a_brand_fan_and_a_care_verb_are_no_types() -> None:
    is_brand = Vocabulary(brands=("Canon",)).brands.__contains__
    assert "fan" not in without_story("im a canon fan", lambda w: w == "canon").split()
    assert "care" not in without_story("dont care if in ear or over ear", is_brand).split()
    assert "fan" in without_story("a quiet desk fan", lambda w: False).split()


def test_a_gaming_desk_kitted_out_is_the_place() -> None:
    """Found on writer CZ: "anything alienware? kitting out my gaming desk" read the desk as furniture asked for."""
    assert "desk" not in without_story("kitting out my gaming desk", lambda w: False).split()
