from __future__ import annotations

from dataclasses import replace

from rag.indexing.documents import DocumentBuilder


def test_lexical_fields_hold_title_brand_category_and_body(tiny_products) -> None:
    p = next(p for p in tiny_products if p.category == "notebook")
    fields = DocumentBuilder().lexical_fields(p)
    assert p.title in fields["title"] and fields["brand"] == p.brand
    assert fields["category"] == "notebook"
    assert "GB RAM" in fields["body"] or "inch" in fields["body"]
    assert "temperature" not in fields["body"].lower()


def test_embedded_text_is_title_and_description(tiny_products) -> None:
    p = next(p for p in tiny_products if p.description)
    assert DocumentBuilder().embedded_text(p) == f"{p.title}. {p.description}"


def test_chunks_repeat_the_title_and_never_come_back_empty(tiny_products) -> None:
    builder = DocumentBuilder(embed_attributes=True)
    p = max(tiny_products, key=lambda p: len(builder.embedded_text(p)))
    chunks = builder.chunks(p, max_words=30, max_chunks=3)
    assert 1 < len(chunks) <= 3 and all(c.startswith(p.title) for c in chunks)
    bare = replace(p, description="", attributes={})
    assert builder.chunks(bare, max_words=3, max_chunks=3) == [bare.title]
    assert builder.chunks(p, max_words=30, max_chunks=1) == [builder.embedded_text(p)]


def test_fingerprint_changes_with_the_recipe() -> None:
    assert DocumentBuilder().fingerprint != DocumentBuilder(embed_category=True).fingerprint
    assert DocumentBuilder().fingerprint == DocumentBuilder().fingerprint
