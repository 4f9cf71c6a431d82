"""Shopper queries written from catalog fields for the bi-encoder, with hard negatives and in-batch masks."""

from __future__ import annotations

from rag.offline.embedder_queries import in_batch_ok, mine_examples, product_queries
from rag.offline.rerank_training import LOOSE, NEGATIVE, POSITIVE, Intent
from rag.offline.train_reranker import overlap_retriever
from rag.records import Product


def _p(pid: str, title: str, brand: str, category: str | None) -> Product:
    return Product(id=pid, title=title, brand=brand, category=category, price=100.0, currency="USD", description="")


def test_every_query_is_answered_by_the_product_it_was_written_from(tiny_products) -> None:
    by_id = {p.id: p for p in tiny_products}
    queries = product_queries(tiny_products, per_category=5, seed=1)
    assert queries
    for query, intent, pid in queries:
        assert intent.label(by_id[pid]) in (POSITIVE, LOOSE)
        assert query == query.lower().strip() and by_id[pid].title.lower() != query  # not a title
    assert product_queries(tiny_products, per_category=5, seed=1) == queries  # same seed, same queries


def test_in_batch_negatives_skip_what_the_query_also_asks_for() -> None:
    laptop = Intent("notebook")
    assert not in_batch_ok(laptop, _p("1", "Lenovo ThinkPad T14", "Lenovo", "notebook"))  # another laptop: relevant
    assert not in_batch_ok(laptop, _p("2", "Mystery item", "X", None))  # cannot be rated
    assert in_batch_ok(laptop, _p("3", "Targus laptop bag", "Targus", "notebook bag"))


def test_hard_negatives_are_first_pass_results_of_another_type(tiny_products) -> None:
    by_id = {p.id: p for p in tiny_products}
    queries = product_queries(tiny_products, per_category=5, seed=1)
    examples, stats = mine_examples(queries, tiny_products, overlap_retriever(tiny_products), progress=False)
    assert examples and stats["examples"] == len(examples)
    for e in examples:
        assert e.intent.label(by_id[e.negative_id]) == NEGATIVE
        assert e.intent.label(by_id[e.positive_id]) in (POSITIVE, LOOSE)
