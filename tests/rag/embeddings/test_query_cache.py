from __future__ import annotations

import fakeredis
import numpy as np
import pytest

from rag.caching import LRUCache
from rag.caching.redis_cache import RedisCache
from rag.embeddings.cache import CachingEmbedder, query_embedding_namespace
from rag.embeddings.fake import FakeEmbedder
from rag.settings import Settings
from rag.wiring import make_embedder


class Counting(FakeEmbedder):
    def __init__(self) -> None:
        super().__init__(16)
        self.calls: list[str] = []

    def embed_documents(self, texts):
        self.calls.extend(texts)
        return super().embed_documents(texts)


def test_repeated_queries_are_embedded_once_and_match_the_inner_model() -> None:
    inner = Counting()
    cached = CachingEmbedder(inner, max_entries=2)
    first = cached.embed_query("bluetooth speaker")
    again = cached.embed_query("bluetooth speaker")
    np.testing.assert_array_equal(first, again)
    np.testing.assert_array_equal(first, FakeEmbedder(16).embed_query("bluetooth speaker"))
    assert inner.calls == ["bluetooth speaker"] and cached.hits == 1


def test_mixed_batches_keep_order_and_evict_least_recent() -> None:
    inner = Counting()
    cached = CachingEmbedder(inner, max_entries=2)
    cached.embed_queries(["a", "b"])
    out = cached.embed_queries(["b", "c", "a"])  # b and a hit, c misses
    np.testing.assert_array_equal(out, FakeEmbedder(16).embed_queries(["b", "c", "a"]))
    assert inner.calls == ["a", "b", "c"]
    assert set(cached.cache.keys()) == {"a", "c"}  # b was the least recently used


def test_duplicates_in_one_batch_are_embedded_once() -> None:
    inner = Counting()
    out = CachingEmbedder(inner, max_entries=4).embed_queries(["x", "x", "y"])
    assert inner.calls == ["x", "y"]
    np.testing.assert_array_equal(out[0], out[1])


def test_a_caller_cannot_corrupt_the_cache_and_documents_are_not_cached() -> None:
    cached = CachingEmbedder(Counting(), max_entries=4)
    vec = cached.embed_queries(["x"])[0]
    original = vec.copy()
    vec[0] = 99.0  # the caller's copy, not the cached value
    again = cached.embed_query("x")
    np.testing.assert_array_equal(again, original)
    assert again.shape == (16,) and again.dtype == np.float32
    assert cached.cache.get("x") == original.astype(np.float32).tobytes()
    cached.embed_documents(["doc", "doc"])
    assert cached.inner.calls.count("doc") == 2
    assert cached.embed_queries([]).shape == (0, 16)
    with pytest.raises(ValueError):
        CachingEmbedder(Counting(), max_entries=0)


def test_a_value_of_the_wrong_size_is_a_miss() -> None:
    inner = Counting()
    cache = LRUCache(query_embedding_namespace(inner.model_id), 4)
    cache.set("x", np.ones(8, dtype=np.float32).tobytes())  # another model's 8-d vector
    vec = CachingEmbedder(inner, 4, cache=cache).embed_query("x")
    np.testing.assert_array_equal(vec, FakeEmbedder(16).embed_query("x"))
    assert inner.calls == ["x"]


def test_replicas_share_vectors_through_redis() -> None:
    server = fakeredis.FakeServer()

    def replica() -> tuple[Counting, CachingEmbedder]:
        inner = Counting()
        ns = query_embedding_namespace(inner.model_id)
        cache = RedisCache(fakeredis.FakeRedis(server=server), ns, LRUCache(ns, 4))
        return inner, CachingEmbedder(inner, 4, cache=cache)

    inner_a, a = replica()
    inner_b, b = replica()
    va = a.embed_query("usb hub")
    vb = b.embed_query("usb hub")
    np.testing.assert_array_equal(va, vb)
    assert inner_a.calls == ["usb hub"] and inner_b.calls == []


def test_services_wrap_the_embedder_per_settings() -> None:
    fake = Settings(embedding_model="fake")
    wrapped = make_embedder(fake)
    assert isinstance(wrapped, CachingEmbedder) and isinstance(wrapped.cache, LRUCache)
    assert not isinstance(make_embedder(fake.with_overrides(query_cache_size=0)), CachingEmbedder)
