from __future__ import annotations

import numpy as np
import pytest

from rag.embeddings.cache import CachingEmbedder
from rag.embeddings.fake import FakeEmbedder


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
    assert set(cached._cache) == {"a", "c"}  # b was the least recently used


def test_cached_vectors_are_read_only_and_documents_are_not_cached() -> None:
    cached = CachingEmbedder(Counting(), max_entries=4)
    vec = cached.embed_queries(["x"])[0]
    with pytest.raises(ValueError):
        cached._cache["x"][0] = 1.0
    assert vec.shape == (16,)
    cached.embed_documents(["doc", "doc"])
    assert cached.inner.calls.count("doc") == 2
    with pytest.raises(ValueError):
        CachingEmbedder(Counting(), max_entries=0)
