"""The extractive composer's answers cite every product and pass the validator."""

from __future__ import annotations

from rag.generation import extractive
from rag.generation.validate import validate_answer


def test_results_answer_cites_and_validates(items, grounding) -> None:
    text = extractive.compose_results("a laptop under $500", items, question="What's your budget?")
    report = validate_answer(text, items, grounding)
    assert report.ok, report.issues
    assert report.cited[:3] == (1, 2, 3)
    assert "$9.94 [4]" in text  # the cheapest is named and cited
    assert text.endswith("What's your budget?")


def test_comparison_and_detail_validate(items, grounding) -> None:
    for text in (extractive.compose_comparison(items[:2]), extractive.compose_detail(items[1])):
        report = validate_answer(text, items, grounding)
        assert report.ok, report.issues
        assert report.cited
    assert "$109.95" in extractive.compose_comparison(items[:2])


def test_abstain_has_no_references(items, grounding) -> None:
    text = extractive.compose_abstain("a laptop under $500")
    report = validate_answer(text, items, grounding)
    assert report.ok and not report.cited


def test_short_names_drop_the_spec_list(items) -> None:
    assert items[0].display_name == "HP Pavilion dv7-1211ea Notebook Silver"
    assert items[3].display_name.startswith("Targus 15.6")


def test_stream_words_rebuilds_the_text() -> None:
    text = "Here are the best matches [1]."
    chunks = list(extractive.stream_words(text))
    assert len(chunks) == 6 and "".join(chunks) == text


def test_closest_matches_say_so_before_listing(items, grounding) -> None:
    text = extractive.compose_results("q", items, closest=True)
    assert text.startswith("I couldn't find an exact match for your request; the closest products in the catalog: ")
    assert "best match" not in text and "[1]" in text
    assert validate_answer(text, items, grounding).ok


def test_a_missing_item_is_named_before_the_closest_products(items, grounding) -> None:
    text = extractive.compose_results("q", items, closest=True, missing=("iphone 15 pro",))
    assert text.startswith("We don't carry the iphone 15 pro you asked for; the closest products in the catalog: ")
    assert validate_answer(text, items, grounding).ok
    # Only plain lower-case words are quoted back; anything else falls back to the general opening.
    odd = extractive.compose_results("q", items, closest=True, missing=("<b>free</b> $0",))
    assert odd.startswith("I couldn't find an exact match") and "free" not in odd
