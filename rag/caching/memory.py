"""The default cache: a bounded, thread-safe, in-process LRU."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping

from rag.caching.base import Cache, CacheStats, check_key, check_namespace, check_value


class LRUCache(Cache):
    """Least-recently-used eviction once ``max_entries`` keys are stored.

    One lock guards the dict and the counters; every operation is O(1) per key.
    """

    def __init__(self, namespace: str, max_entries: int = 4096) -> None:
        if max_entries < 1:
            raise ValueError(f"max_entries must be >= 1, got {max_entries}")
        self.namespace = check_namespace(namespace)
        self.max_entries = max_entries
        self._data: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self._hits = 0
        self._misses = 0

    def __len__(self) -> int:
        return len(self._data)

    def keys(self) -> list[str]:
        """Keys from least to most recently used (for tests and inspection)."""
        with self._lock:
            return list(self._data)

    def get_many(self, keys: Iterable[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        with self._lock:
            for key in keys:
                value = self._data.get(check_key(key))
                if value is None:
                    self._misses += 1
                    continue
                self._data.move_to_end(key)
                found[key] = value
                self._hits += 1
        return found

    def set_many(self, items: Mapping[str, bytes]) -> None:
        checked = [(check_key(k), check_value(k, v)) for k, v in items.items()]
        with self._lock:
            for key, value in checked:
                self._data[key] = value
                self._data.move_to_end(key)
            while len(self._data) > self.max_entries:
                self._data.popitem(last=False)

    def stats(self) -> CacheStats:
        with self._lock:
            return CacheStats("memory", self.namespace, self._hits, self._misses)
