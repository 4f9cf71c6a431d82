"""A cache shared by every replica: Redis, with an in-process fallback.

Used when ``SHOPASSIST_REDIS_URL`` is set. Redis is a speed-up, never a
dependency of a request: any Redis error (refused, timeout, auth, OOM) is
counted, logged once per outage, and the call is served by the in-process
``fallback`` cache instead. After an error Redis is left alone for
``retry_after_s`` so a dead server costs one timeout, not one per request.

Keys are ``shopassist:<namespace>:sha256:<digest of the key>``: a key is often a shopper's query,
and a one-way digest keeps their words out of a shared server (forget-me cannot reach a cache
entry that many shoppers share; docs/security.md), and Redis memory bounded by the value sizes.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from rag.caching.base import Cache, CacheStats, check_key, check_namespace, check_value

logger = logging.getLogger(__name__)

KEY_PREFIX = "shopassist"


def redact_url(url: str) -> str:
    """The URL with any password replaced by ``***`` (for logs and errors)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    user = f"{parts.username}:" if parts.username else ":"
    return urlunsplit(parts._replace(netloc=f"{user}***@{netloc}"))


class RedisCache(Cache):
    """``client`` is a ``redis.Redis`` (or a compatible fake, e.g. fakeredis).

    ``ttl_s`` > 0 makes entries expire; 0 keeps them until Redis evicts them.
    """

    def __init__(
        self,
        client: Any,
        namespace: str,
        fallback: Cache,
        *,
        ttl_s: int = 0,
        retry_after_s: float = 30.0,
        label: str = "redis",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if ttl_s < 0:
            raise ValueError(f"ttl_s must be >= 0 (0 = no expiry), got {ttl_s}")
        if retry_after_s < 0:
            raise ValueError(f"retry_after_s must be >= 0, got {retry_after_s}")
        from redis.exceptions import RedisError

        self._errors_caught: tuple[type[BaseException], ...] = (RedisError, OSError)
        self.client = client
        self.namespace = check_namespace(namespace)
        self.fallback = fallback
        self.ttl_s = ttl_s
        self.retry_after_s = retry_after_s
        self.label = label
        self._clock = clock
        self._lock = threading.Lock()
        self._down_until = 0.0
        self._outage_logged = False
        self._hits = self._misses = self._errors = self._fallbacks = 0

    def redis_key(self, key: str) -> str:
        digest = hashlib.sha256(check_key(key).encode("utf-8")).hexdigest()
        return f"{KEY_PREFIX}:{self.namespace}:sha256:{digest}"

    # --- availability -----------------------------------------------------

    def _available(self) -> bool:
        with self._lock:
            if self._clock() < self._down_until:
                self._fallbacks += 1
                return False
            return True

    def _failed(self, exc: BaseException, what: str) -> None:
        with self._lock:
            self._errors += 1
            self._fallbacks += 1
            self._down_until = self._clock() + self.retry_after_s
            first = not self._outage_logged
            self._outage_logged = True
        if first:
            logger.warning(
                "cache %s (%s) unavailable during %s: %s: %s; serving from the in-process cache, "
                "retrying Redis every %.0f s (further errors are counted, not logged)",
                self.namespace, self.label, what, type(exc).__name__, exc, self.retry_after_s,
            )
        else:
            logger.debug("cache %s: Redis %s failed again: %s", self.namespace, what, exc)

    def _recovered(self) -> None:
        if self._outage_logged:
            with self._lock:
                was_down, self._outage_logged = self._outage_logged, False
            if was_down:
                logger.warning("cache %s (%s): Redis is back", self.namespace, self.label)

    # --- the interface ----------------------------------------------------

    def get_many(self, keys: Iterable[str]) -> dict[str, bytes]:
        keys = [check_key(k) for k in keys]
        if not keys:
            return {}
        if not self._available():
            return self._count(keys, self.fallback.get_many(keys))
        try:
            values = self.client.mget([self.redis_key(k) for k in keys])
        except self._errors_caught as exc:
            self._failed(exc, "get")
            return self._count(keys, self.fallback.get_many(keys))
        self._recovered()
        return self._count(keys, {k: bytes(v) for k, v in zip(keys, values, strict=True) if v is not None})

    def _count(self, keys: list[str], found: dict[str, bytes]) -> dict[str, bytes]:
        """Hits and misses of this cache, whichever store served them."""
        with self._lock:
            self._hits += len(found)
            self._misses += len(keys) - len(found)
        return found

    def set_many(self, items: Mapping[str, bytes]) -> None:
        checked = {check_key(k): check_value(k, v) for k, v in items.items()}
        if not checked:
            return
        if not self._available():
            self.fallback.set_many(checked)
            return
        try:
            pipe = self.client.pipeline(transaction=False)
            for key, value in checked.items():
                pipe.set(self.redis_key(key), value, ex=self.ttl_s or None)
            pipe.execute()
        except self._errors_caught as exc:
            self._failed(exc, "set")
            self.fallback.set_many(checked)
            return
        self._recovered()

    def stats(self) -> CacheStats:
        with self._lock:
            return CacheStats(self.label, self.namespace, self._hits, self._misses, self._errors, self._fallbacks)
