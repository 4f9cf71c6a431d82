"""Synthetic queries and their labels: by what the query asks for, not by source product."""

from __future__ import annotations

from rag.offline.rerank_training import (
    NEAR_MISS,
    NEGATIVE,
    POSITIVE,
    Intent,
    build_training_data,
    generate_queries,
)
from rag.offline.train_reranker import overlap_retriever
from rag.records import Product


def _p(pid: str, title: str, brand: str, category: str | None, **attrs: object) -> Product:
    return Product(id=pid, title=title, brand=brand, category=category, price=100.0, currency="USD",
                   description="", attributes=attrs)


def test_laptop_intent_labels_bags_negative_and_any_notebook_positive() -> None:
    laptop = Intent("notebook")
    assert laptop.label(_p("1", "HP ProBook 450 Notebook", "HP", "notebook")) == POSITIVE
    assert laptop.label(_p("2", "Lenovo ThinkPad T14", "Lenovo", "notebook")) == POSITIVE
    assert laptop.label(_p("3", "Targus laptop bag", "Targus", "notebook bag")) == NEGATIVE
    assert laptop.label(_p("4", "Mystery item", "X", None)) is None


def test_named_details_make_near_misses() -> None:
    hp15 = Intent("notebook", brand="HP", screen_in=15.0)
    assert hp15.label(_p("1", "HP ProBook", "HP", "notebook", screen_in=15.6)) == POSITIVE
    assert hp15.label(_p("2", "HP ProBook", "HP", "notebook", screen_in=13.3)) == NEAR_MISS
    assert hp15.label(_p("3", "Dell Latitude", "Dell", "notebook", screen_in=15.6)) == NEAR_MISS


def test_training_data_on_tiny_catalog(tiny_products) -> None:
    queries = generate_queries(tiny_products)
    assert any(q == "laptop" for q, _ in queries)
    data = build_training_data(tiny_products, overlap_retriever(tiny_products), progress=False)
    assert data.pairs and {p.label for p in data.pairs} >= {POSITIVE, NEGATIVE}
    by_id = {p.id: p for p in tiny_products}
    for pair in data.pairs:
        if pair.query == "laptop" and pair.label == POSITIVE:
            assert by_id[pair.product_id].category == "notebook"
        if pair.query == "laptop" and by_id[pair.product_id].category == "notebook bag":
            assert pair.label == NEGATIVE
