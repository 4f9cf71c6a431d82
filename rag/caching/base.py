"""The cache interface: namespaced bytes values, with JSON helpers.

A cache maps string keys to bytes within one *namespace* (``"query-embedding:<model>"``,
``"rerank-score:<model>"``, ``"hyde:<llm>"``). Callers choose what a key means and
how a value is encoded; the helpers here cover JSON-able values. A cache is a
speed-up only: every method may miss, and no method raises because a backend
is unavailable (backends degrade and count it in :class:`CacheStats`).
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class CacheStats:
    """Counters since construction. ``errors`` counts failed backend calls
    (e.g. Redis unreachable); ``fallbacks`` counts calls served by the
    in-process fallback instead of the configured backend."""

    backend: str
    namespace: str
    hits: int = 0
    misses: int = 0
    errors: int = 0
    fallbacks: int = 0


class Cache(ABC):
    """Key-value cache for bytes within a namespace.

    Subclasses implement :meth:`get_many` and :meth:`set_many`; single-key
    and JSON variants are built on them.
    """

    namespace: str

    @abstractmethod
    def get_many(self, keys: Iterable[str]) -> dict[str, bytes]:
        """The values found for ``keys`` (a missing key is absent from the result)."""

    @abstractmethod
    def set_many(self, items: Mapping[str, bytes]) -> None:
        """Store every ``key -> value``."""

    @abstractmethod
    def stats(self) -> CacheStats: ...

    def get(self, key: str) -> bytes | None:
        return self.get_many([key]).get(key)

    def set(self, key: str, value: bytes) -> None:
        self.set_many({key: value})

    def get_json(self, key: str) -> Any | None:
        """The decoded JSON value, or ``None`` on a miss (or an undecodable value)."""
        raw = self.get(key)
        if raw is None:
            return None
        try:
            return json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError):
            return None

    def set_json(self, key: str, value: Any) -> None:
        """Store a JSON-able value (raises ``TypeError`` for one that is not)."""
        self.set(key, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def check_key(key: object) -> str:
    if not isinstance(key, str):
        raise TypeError(f"cache keys are str, got {type(key).__name__}")
    return key


def check_value(key: str, value: object) -> bytes:
    if not isinstance(value, bytes | bytearray | memoryview):
        raise TypeError(f"cache values are bytes (use set_json for JSON-able values); {key!r} got {type(value).__name__}")
    return bytes(value)


def check_namespace(namespace: str) -> str:
    if not isinstance(namespace, str) or not namespace.strip():
        raise ValueError(f"a cache namespace is a non-empty string, got {namespace!r}")
    return namespace
