"""``make_cache``: the in-process LRU, or Redis when a URL is configured."""

from __future__ import annotations

from rag.caching.base import Cache
from rag.caching.memory import LRUCache
from rag.settings import Settings


def make_cache(settings: Settings, namespace: str, max_entries: int) -> Cache:
    """A cache for ``namespace``.

    Without ``settings.redis_url`` it is an in-process LRU of ``max_entries``.
    With one, it is Redis (entries expire after ``settings.redis_ttl_s`` when
    > 0), backed by an LRU of ``max_entries`` that serves while Redis is
    unreachable. Construction opens no connection; Redis is contacted on first use.
    """
    local = LRUCache(namespace, max_entries)
    if not settings.redis_url:
        return local
    import redis

    from rag.caching.redis_cache import RedisCache, redact_url

    url = settings.redis_url.get_secret_value()
    timeout = settings.redis_timeout_ms / 1000.0
    client = redis.Redis.from_url(
        url,
        socket_timeout=timeout,
        socket_connect_timeout=timeout,
        health_check_interval=30,
    )
    return RedisCache(client, namespace, local, ttl_s=settings.redis_ttl_s, label=f"redis {redact_url(url)}")
