"""Product cards and citation links are plain HTML from records."""

from __future__ import annotations

from dataclasses import replace

from rag.ui.cards import card_anchor, card_image_url, key_specs, link_citations, product_card, turn_cards


def test_citations_link_to_their_cards_and_out_of_range_stay_plain() -> None:
    text = link_citations("Try [1] or [3]; not [7]. See [2](#x).", "req-1", count=3)
    assert f"[[1]](#{card_anchor('req-1', 1)})" in text
    assert f"[[3]](#{card_anchor('req-1', 3)})" in text
    assert "not [7]." in text  # out of range: left as written
    assert "[2](#x)" in text and "[[2]]" not in text  # an existing link is left alone


def test_anchor_ids_are_html_safe() -> None:
    assert card_anchor('a"b<c>/d', 2) == "card-abcd-2"


def test_card_shows_title_brand_price_specs_and_anchor(tiny_products) -> None:
    product = next(p for p in tiny_products if p.attributes.get("memory_gb") and p.image_urls)
    html = product_card(product, 2, "req9", cited=True)
    assert f'id="{card_anchor("req9", 2)}"' in html
    assert product.brand in html and product.price_label in html and "[2]" in html
    assert "cited" in html
    assert key_specs(product) and key_specs(product)[0] in html
    assert card_image_url(product) in html and "gallery_thumbs" in card_image_url(product)


def test_card_without_image_is_a_placeholder_and_escapes_text(tiny_products) -> None:
    product = replace(tiny_products[0], title='<script>alert(1)</script> "Quoted"', image_urls=())
    html = product_card(product, 1, "r")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "url(" not in html  # no photo layer at all
    assert "sa-thumb" in html  # the placeholder


def test_image_url_with_css_breaking_characters_is_escaped(tiny_products) -> None:
    product = replace(tiny_products[0], image_urls=("https://x.test/a'b(c).jpg",))
    html = product_card(product, 1, "r")
    assert "a%27b%28c%29.jpg" in html


def test_turn_cards_number_in_order_and_mark_cited(tiny_products) -> None:
    cards = turn_cards(tiny_products[:3], {2: tiny_products[1].id}, "r")
    assert len(cards) == 3
    assert "[1]" in cards[0] and "cited" not in cards[0]
    assert "cited" in cards[1]
