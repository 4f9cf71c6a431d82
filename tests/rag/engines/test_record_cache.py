"""The embedded engine's cache of fetched records: bounded, per table version."""

from __future__ import annotations

import pytest

from rag.engines.record_cache import RecordCache


def test_records_are_held_for_their_version_only(tiny_products) -> None:
    a, b, c = tiny_products[:3]
    cache = RecordCache(max_entries=2)
    assert cache.get_many(1, [a.id]) == ({}, [a.id])
    cache.put_many(1, {a.id: a, b.id: b})
    assert cache.get_many(1, [b.id, c.id, a.id]) == ({b.id: b, a.id: a}, [c.id])
    cache.put_many(1, {c.id: c})  # a was used last, so b goes
    assert cache.get_many(1, [a.id, b.id, c.id]) == ({a.id: a, c.id: c}, [b.id])
    assert cache.get_many(2, [a.id]) == ({}, [a.id])  # a new version forgets everything
    cache.put_many(1, {a.id: a})  # read at a version that has moved on: not kept
    assert len(cache) == 0


def test_a_zero_size_cache_holds_nothing_and_a_negative_one_is_refused(tiny_products) -> None:
    cache = RecordCache(max_entries=0)
    cache.get_many(1, [])
    cache.put_many(1, {tiny_products[0].id: tiny_products[0]})
    assert len(cache) == 0
    with pytest.raises(ValueError, match="max_entries"):
        RecordCache(max_entries=-1)
