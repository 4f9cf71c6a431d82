"""The in-process LRU: eviction order, counters, types, threads."""

from __future__ import annotations

import threading

import pytest

from rag.caching import LRUCache, make_cache
from rag.settings import Settings


def test_get_set_and_least_recently_used_eviction() -> None:
    cache = LRUCache("t", max_entries=2)
    cache.set("a", b"1")
    cache.set("b", b"2")
    assert cache.get("a") == b"1"  # a becomes the most recent
    cache.set("c", b"3")  # evicts b
    assert cache.keys() == ["a", "c"]
    assert cache.get("b") is None
    stats = cache.stats()
    assert (stats.hits, stats.misses, stats.errors, stats.backend) == (1, 1, 0, "memory")


def test_many_variants_and_overwrite() -> None:
    cache = LRUCache("t", max_entries=10)
    cache.set_many({"x": b"1", "y": b"2"})
    cache.set("x", b"one")
    assert cache.get_many(["x", "y", "z"]) == {"x": b"one", "y": b"2"}
    assert len(cache) == 2


def test_json_helpers_round_trip_and_reject_bad_values() -> None:
    cache = LRUCache("t", max_entries=4)
    cache.set_json("hyde", {"text": "A 15.6 inch notebook …", "ms": 12.5})
    assert cache.get_json("hyde") == {"text": "A 15.6 inch notebook …", "ms": 12.5}
    assert cache.get_json("missing") is None
    cache.set("raw", b"\xff not json")
    assert cache.get_json("raw") is None
    with pytest.raises(TypeError, match="bytes"):
        cache.set("k", "a str")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="str"):
        cache.get(3)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        cache.set_json("k", {1, 2})


def test_bad_construction_names_the_value() -> None:
    with pytest.raises(ValueError, match="max_entries must be >= 1, got 0"):
        LRUCache("t", 0)
    with pytest.raises(ValueError, match="namespace"):
        LRUCache("  ", 3)


def test_concurrent_writers_never_exceed_the_bound() -> None:
    cache = LRUCache("t", max_entries=50)

    def work(offset: int) -> None:
        for i in range(500):
            cache.set(f"{offset}-{i}", b"v")
            cache.get(f"{offset}-{i - 1}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(cache) == 50
    stats = cache.stats()
    assert stats.hits + stats.misses == 8 * 500


def test_factory_gives_an_lru_without_a_redis_url() -> None:
    cache = make_cache(Settings(), "query-embedding:x", 7)
    assert isinstance(cache, LRUCache) and cache.max_entries == 7 and cache.namespace == "query-embedding:x"
