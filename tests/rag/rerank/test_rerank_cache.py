"""The rerank-score cache: same scores as the scorer, fewer scorer calls."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import fakeredis

from rag.caching import LRUCache
from rag.caching.redis_cache import RedisCache
from rag.records import FusedHit, LegEvidence, Product
from rag.rerank import FakeReranker
from rag.rerank.cached import RERANK_NAMESPACE, CachingReranker


class CountingReranker(FakeReranker):
    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self.scored: list[tuple[str, str]] = []

    def score_pairs(self, query: str, products: Sequence[Product]) -> list[float]:
        self.scored.extend((query, p.id) for p in products)
        return super().score_pairs(query, products)


def _hits(products: Sequence[Product]) -> list[FusedHit]:
    return [FusedHit(p.id, 1.0 / (i + 1), {"bm25": LegEvidence(i + 1, 1.0)}) for i, p in enumerate(products)]


def test_cached_reranking_matches_the_scorer_and_scores_each_pair_once(tiny_products) -> None:
    products = {p.id: p for p in tiny_products}
    hits = _hits(tiny_products[:12])
    plain = FakeReranker(fuse_with_first_pass=True, first_pass_weight=2.0).rerank("wireless mouse", hits, products, 10)
    inner = CountingReranker(fuse_with_first_pass=True, first_pass_weight=2.0)
    cached = CachingReranker(inner, LRUCache(RERANK_NAMESPACE, 100))
    first = cached.rerank("wireless mouse", hits, products, 10)
    again = cached.rerank("  Wireless   MOUSE ", hits, products, 10)  # same normal form for this scorer
    assert first == plain and again == plain
    assert len(inner.scored) == 10
    assert cached.stats().hits == 10 and cached.stats().misses == 10


def test_a_changed_product_or_another_model_is_rescored(tiny_products) -> None:
    inner = CountingReranker()
    cache = LRUCache(RERANK_NAMESPACE, 100)
    cached = CachingReranker(inner, cache)
    product = tiny_products[0]
    cached.score_pairs("mouse", [product])
    cached.score_pairs("mouse", [replace(product, title=product.title + " v2", content_hash="changed")])
    assert len(inner.scored) == 2

    class OtherModel(CountingReranker):
        pass

    other = OtherModel()
    CachingReranker(other, cache).score_pairs("mouse", [product])
    assert len(other.scored) == 1, "another model id must not read this model's scores"


def test_products_without_a_hash_are_keyed_by_their_text(tiny_products) -> None:
    inner = CountingReranker()
    cached = CachingReranker(inner, LRUCache(RERANK_NAMESPACE, 10))
    a = replace(tiny_products[0], content_hash="")
    b = replace(tiny_products[1], content_hash="")
    assert cached.key("q", a) != cached.key("q", b)
    assert cached.score_pairs("q", [a, b, a]) == FakeReranker().score_pairs("q", [a, b, a])
    assert len(inner.scored) == 2


def test_scores_survive_a_redis_round_trip_and_an_outage(tiny_products) -> None:
    server = fakeredis.FakeServer()
    inner = CountingReranker()
    cache = RedisCache(fakeredis.FakeRedis(server=server), RERANK_NAMESPACE, LRUCache(RERANK_NAMESPACE, 10))
    cached = CachingReranker(inner, cache)
    expected = FakeReranker().score_pairs("usb cable", tiny_products[:5])
    assert cached.score_pairs("usb cable", tiny_products[:5]) == expected
    assert cached.score_pairs("usb cable", tiny_products[:5]) == expected
    assert len(inner.scored) == 5
    server.connected = False
    assert cached.score_pairs("usb cable", tiny_products[:5]) == expected  # rescored, not broken
    assert cache.stats().errors >= 1


def test_cross_encoder_ids_name_weights_and_settings_without_loading_the_model() -> None:
    from rag.rerank.cross_encoder import CrossEncoderReranker
    from rag.settings import Settings

    folder = Settings().reranker_model
    int8 = CrossEncoderReranker(folder, quantize="int8", max_length=64)
    fp32 = CrossEncoderReranker(folder, quantize="none", max_length=64)
    assert int8.model_id != fp32.model_id
    assert int8.model_id.startswith("cross-encoder/v2-minilm-l6-synth@")
    assert "model" not in vars(int8), "computing the id must not load the model"
    assert int8.normalize_query("  HP  ProBook ") == "hp probook"  # the shipped tokenizer is uncased
    remote = CrossEncoderReranker("org/some-cased-model")
    assert remote.model_id.startswith("cross-encoder/org/some-cased-model/")
    assert remote.normalize_query(" HP  ProBook") == "HP ProBook"
