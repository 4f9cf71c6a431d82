"""The product records (and stored documents) an engine read last, for one version of its products table.

Every search ends by fetching the records of its top hits: in the embedded engine that is a
filtered scan of the products table and a JSON decode per record, about 6 ms of CPU for 10
records on 2 cores, a quarter of a search API request's CPU. Records are immutable and a table
version never changes, so the records read for a version can be handed out again until the
version moves on (a write through the engine, or another process's commit once the engine
looks again). Bounded, least recently used first out, thread-safe.

The personalizer reads the candidates' stored vectors the same way (``export_documents``: three
Lance queries, 12-29 ms for 30 products), so exported documents are kept alike.

Hand-written rather than ``rag.caching.LRUCache``: that one stores bytes for sharing through
Redis, and a record's bytes would cost the very decode this saves.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from typing import Generic, TypeVar

V = TypeVar("V")


class RecordCache(Generic[V]):
    def __init__(self, max_entries: int = 4096) -> None:
        if max_entries < 0:
            raise ValueError(f"max_entries must be >= 0, got {max_entries}")
        self.max_entries = max_entries
        self._version: object = None
        self._records: OrderedDict[str, V] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._records)

    def get_many(self, version: object, ids: Sequence[str]) -> tuple[dict[str, V], list[str]]:
        """The records held for ``version`` among ``ids``, and the ids still to read."""
        found: dict[str, V] = {}
        with self._lock:
            if version != self._version:
                self._version, self._records = version, OrderedDict()
            for pid in ids:
                record = self._records.get(pid)
                if record is not None:
                    self._records.move_to_end(pid)
                    found[pid] = record
        return found, [pid for pid in ids if pid not in found]

    def put_many(self, version: object, records: Mapping[str, V]) -> None:
        """Keep ``records``, read at ``version`` (dropped if the version moved on meanwhile)."""
        if not self.max_entries:
            return
        with self._lock:
            if version != self._version:
                return
            self._records.update(records)
            for pid in records:
                self._records.move_to_end(pid)
            while len(self._records) > self.max_entries:
                self._records.popitem(last=False)


def read_through(cache: RecordCache[V], version: object, ids: Sequence[str],
                 read: Callable[[list[str]], Mapping[str, V]]) -> dict[str, V]:
    """The values of ``ids`` (missing ones absent), in the asked order: from ``cache`` where held,
    the rest from ``read`` (then kept)."""
    found, missing = cache.get_many(version, ids)
    if missing:
        fresh = read(missing)
        cache.put_many(version, fresh)
        found.update(fresh)
    return {key: found[key] for key in ids if key in found}
