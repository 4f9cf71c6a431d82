"""The contract every search engine passes (embedded today, OpenSearch next).

A backend's test module subclasses :class:`EngineContract` and provides an
``engine`` fixture returning an empty engine. Products are real catalog rows
from ``tests/data/products.json``; vectors come from the deterministic fake
embedder so the suite needs no model.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import numpy as np
import pytest

from rag.engines.base import IndexDocument, SearchEngine
from rag.indexing.documents import DocumentBuilder
from rag.records import NO_FILTERS, Filters, NumericRange, Product

BUILDER = DocumentBuilder()


def make_docs(products, embedder, max_chunks: int = 1) -> list[IndexDocument]:
    docs = []
    for p in products:
        texts = BUILDER.chunks(p, max_words=12 if max_chunks > 1 else 96, max_chunks=max_chunks)
        docs.append(IndexDocument(p, BUILDER.lexical_fields(p), embedder.embed_documents(texts)))
    return docs


def most_common_brand(products: list[Product]) -> str:
    return Counter(p.brand for p in products).most_common(1)[0][0]


class EngineContract:
    """Subclass and provide an ``engine`` fixture (an empty engine)."""

    @pytest.fixture
    def loaded(self, engine: SearchEngine, tiny_products, fake_embedder):
        engine.upsert(make_docs(tiny_products, fake_embedder))
        engine.finalize()
        return engine

    # -- basic retrieval ----------------------------------------------------
    def test_lexical_finds_a_product_by_its_title_words(self, loaded, tiny_products) -> None:
        target = next(p for p in tiny_products if p.category == "notebook")
        hits = loaded.lexical(target.title, k=5)
        assert hits and hits[0].product_id == target.id
        assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
        assert all(h.leg == "bm25" for h in hits)

    def test_vector_finds_a_product_by_its_own_vector(self, loaded, tiny_products, fake_embedder) -> None:
        target = tiny_products[3]
        vec = fake_embedder.embed_documents([BUILDER.embedded_text(target)])[0]
        hits = loaded.vector(vec, k=5)
        assert hits[0].product_id == target.id
        assert hits[0].score == pytest.approx(1.0, abs=1e-3)
        assert all(h.leg == "dense" for h in hits)

    @pytest.mark.parametrize("leg", ["lexical", "vector"])
    def test_scores_non_increasing_and_products_unique(self, loaded, fake_embedder, leg) -> None:
        hits = self._search(loaded, fake_embedder, leg, "wireless bluetooth speaker black", k=50)
        scores = [h.score for h in hits]
        assert scores == sorted(scores, reverse=True)
        assert len({h.product_id for h in hits}) == len(hits)

    # -- filters run inside each leg -----------------------------------------
    def _search(self, engine, embedder, leg: str, query: str, k: int, filters: Filters = NO_FILTERS):
        if leg == "lexical":
            return engine.lexical(query, k, filters)
        return engine.vector(embedder.embed_query(query), k, filters)

    @pytest.mark.parametrize("leg", ["lexical", "vector"])
    def test_brand_filter_inside_the_leg(self, loaded, tiny_products, fake_embedder, leg) -> None:
        brand = most_common_brand(tiny_products)
        n_brand = sum(1 for p in tiny_products if p.brand == brand)
        # A query that matches other brands best: a post-filter over the top
        # k would come back short; a filter inside the leg fills k.
        k = min(3, n_brand)
        query = "notebook bag mouse speaker headphones " + brand
        hits = self._search(loaded, fake_embedder, leg, query, k, Filters(brands=(brand.upper(),)))
        by_id = {p.id: p for p in tiny_products}
        assert hits, "brand filter returned nothing"
        assert all(by_id[h.product_id].brand == brand for h in hits)
        if leg == "vector":
            assert len(hits) == k

    @pytest.mark.parametrize("leg", ["lexical", "vector"])
    def test_price_range_excludes_unknown_prices(self, loaded, tiny_products, fake_embedder, leg) -> None:
        prices = sorted(p.price for p in tiny_products if p.price is not None)
        lo, hi = prices[len(prices) // 4], prices[3 * len(prices) // 4]
        hits = self._search(loaded, fake_embedder, leg, "black", 50, Filters(price=NumericRange(lo, hi)))
        by_id = {p.id: p for p in tiny_products}
        assert all(by_id[h.product_id].price is not None and lo <= by_id[h.product_id].price <= hi for h in hits)
        if leg == "vector":
            expected = sum(1 for p in tiny_products if p.price is not None and lo <= p.price <= hi)
            assert len(hits) == expected

    @pytest.mark.parametrize("leg", ["lexical", "vector"])
    def test_category_and_numeric_attribute_filters(self, loaded, tiny_products, fake_embedder, leg) -> None:
        with_screen = [p for p in tiny_products if isinstance(p.attributes.get("screen_in"), float)]
        assert with_screen, "tests/data needs products with a screen size"
        cutoff = sorted(p.attributes["screen_in"] for p in with_screen)[len(with_screen) // 2]
        filters = Filters(numeric={"screen_in": NumericRange(min=cutoff)})
        hits = self._search(loaded, fake_embedder, leg, "screen display notebook", 50, filters)
        by_id = {p.id: p for p in tiny_products}
        assert hits
        assert all(by_id[h.product_id].attributes["screen_in"] >= cutoff for h in hits)
        category = with_screen[0].category
        hits = self._search(loaded, fake_embedder, leg, "black", 50, Filters(categories=(category,)))
        assert hits and all(by_id[h.product_id].category == category for h in hits)

    @pytest.mark.parametrize("leg", ["lexical", "vector"])
    def test_text_attribute_filter(self, loaded, tiny_products, fake_embedder, leg) -> None:
        coloured = [p for p in tiny_products if isinstance(p.attributes.get("colour"), str)]
        colour = Counter(p.attributes["colour"].split(",")[0].strip() for p in coloured).most_common(1)[0][0]
        hits = self._search(loaded, fake_embedder, leg, f"{colour} notebook speaker", 50, Filters(text={"colour": colour.title()}))
        by_id = {p.id: p for p in tiny_products}
        assert hits
        assert all(colour in by_id[h.product_id].attributes["colour"].lower() for h in hits)

    def test_filter_matching_nothing_gives_empty_lists(self, loaded, fake_embedder) -> None:
        nothing = Filters(brands=("no-such-brand-xyz",))
        assert loaded.lexical("notebook", 10, nothing) == []
        assert loaded.vector(fake_embedder.embed_query("notebook"), 10, nothing) == []

    # -- awkward queries ------------------------------------------------------
    @pytest.mark.parametrize("query", ["", "   ", "\t\n", "zzqxv blorptangle", "the and of"])
    def test_empty_whitespace_and_unknown_queries(self, loaded, query) -> None:
        assert loaded.lexical(query, 10) == []

    def test_query_with_syntax_characters(self, loaded) -> None:
        for query in ['"notebook', "notebook AND (", "15.6\" screen", "c++ -- 'quoted'", "*:*"]:
            hits = loaded.lexical(query, 5)
            assert isinstance(hits, list)

    def test_k_larger_than_catalog_and_zero(self, loaded, tiny_products, fake_embedder) -> None:
        vec = fake_embedder.embed_query("notebook")
        assert len(loaded.vector(vec, 10_000)) == len(tiny_products)
        assert len(loaded.lexical("black", 10_000)) <= len(tiny_products)
        assert loaded.vector(vec, 0) == [] and loaded.lexical("black", 0) == []

    def test_zero_vector_gives_empty(self, loaded, fake_embedder) -> None:
        assert loaded.vector(np.zeros(fake_embedder.dimension, dtype=np.float32), 5) == []

    # -- writes ---------------------------------------------------------------
    def test_upsert_replaces_a_product_visible_to_both_legs(self, loaded, tiny_products, fake_embedder) -> None:
        original = tiny_products[0]
        assert loaded.fetch([original.id])[original.id] == original  # read once: a cached record must not outlive the write
        changed = replace(original, title="Zanzibar quokka edition " + original.title, content_hash="changed")
        loaded.upsert(make_docs([changed], fake_embedder))
        hits = loaded.lexical("zanzibar quokka", 5)
        assert [h.product_id for h in hits] == [original.id]
        vec = fake_embedder.embed_documents([BUILDER.embedded_text(changed)])[0]
        assert loaded.vector(vec, 1)[0].product_id == original.id
        assert loaded.content_hashes()[original.id] == "changed"
        assert loaded.fetch([original.id])[original.id].title.startswith("Zanzibar")
        assert loaded.health().products == len(tiny_products)

    def test_delete_removes_from_both_legs(self, loaded, tiny_products, fake_embedder) -> None:
        target = next(p for p in tiny_products if p.category == "notebook")
        assert loaded.fetch([target.id])  # read once: a cached record must not outlive the delete
        assert loaded.delete([target.id, "no-such-id"]) == 1
        assert target.id not in {h.product_id for h in loaded.lexical(target.title, 50)}
        vec = fake_embedder.embed_documents([BUILDER.embedded_text(target)])[0]
        assert target.id not in {h.product_id for h in loaded.vector(vec, 50)}
        assert target.id not in loaded.content_hashes()
        assert loaded.fetch([target.id]) == {}
        assert loaded.delete([target.id]) == 0

    def test_multi_chunk_products_are_deduplicated(self, engine, tiny_products, fake_embedder) -> None:
        engine.upsert(make_docs(tiny_products, fake_embedder, max_chunks=4))
        engine.finalize()
        hits = engine.vector(fake_embedder.embed_query("notebook black"), len(tiny_products))
        assert len({h.product_id for h in hits}) == len(hits) == len(tiny_products)

    def test_fetch_round_trips_records(self, loaded, tiny_products) -> None:
        ids = [p.id for p in tiny_products[:5]]
        fetched = loaded.fetch([*ids, "missing"])
        assert set(fetched) == set(ids)
        for p in tiny_products[:5]:
            assert fetched[p.id] == p
        again = loaded.fetch([ids[3], "missing", ids[0], ids[3]])  # in the asked order, each once
        assert list(again) == [ids[3], ids[0]] and again[ids[0]] == tiny_products[0]

    def test_health(self, engine, loaded, tiny_products) -> None:
        health = loaded.health()
        assert health.ok and health.products == len(tiny_products)

    def test_empty_engine_is_unhealthy_but_searchable(self, engine, fake_embedder) -> None:
        assert not engine.health().ok
        assert engine.lexical("notebook", 5) == []
        assert engine.vector(fake_embedder.embed_query("notebook"), 5) == []
        assert engine.content_hashes() == {}
        assert engine.delete(["x"]) == 0
