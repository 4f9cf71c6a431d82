"""Rerank scores from a cache: the cross-encoder runs only on unseen pairs.

A pair's score depends on the scorer (``Reranker.model_id``: model, weights,
quantization, input recipe), the query as the scorer sees it
(``normalize_query``) and the product's content (``Product.content_hash``), so
the key is a 128-bit BLAKE2b digest of that triple (compact in the LRU and in
Redis). A changed product gets a new hash and is rescored; nothing needs
invalidating. Values are 8-byte little-endian floats.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Sequence

from rag.caching import Cache, CacheStats
from rag.records import Product
from rag.rerank.base import Reranker, product_text

_FLOAT = struct.Struct("<d")


#: One namespace for every scorer: the model id is part of each key, and it is
#: only known lazily (fingerprinting local weights reads the file).
RERANK_NAMESPACE = "rerank-score"


def _product_key(product: Product) -> str:
    if product.content_hash:
        return product.content_hash
    # A record built without a hash (tests, ad-hoc callers): key by the text the scorer reads.
    return "text:" + hashlib.sha256(product_text(product).encode("utf-8")).hexdigest()


class CachingReranker(Reranker):
    """Wraps ``inner``: same scores, same first-pass fusion, fewer model calls.

    ``cache`` is normally ``make_cache(settings, RERANK_NAMESPACE, n)`` (see
    ``rag.wiring.make_reranker``).
    """

    def __init__(self, inner: Reranker, cache: Cache) -> None:
        super().__init__(
            fuse_with_first_pass=inner.fuse_with_first_pass,
            fusion_k=inner.fusion_k,
            first_pass_weight=inner.first_pass_weight,
        )
        self.inner = inner
        self.cache = cache

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    def normalize_query(self, query: str) -> str:
        return self.inner.normalize_query(query)

    def warm_up(self) -> None:
        warm = getattr(self.inner, "warm_up", None)
        if warm is not None:
            warm()

    def stats(self) -> CacheStats:
        return self.cache.stats()

    def key(self, query: str, product: Product) -> str:
        text = f"{self.model_id}\x1f{self.normalize_query(query)}\x1f{_product_key(product)}"
        return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()

    def score_pairs(self, query: str, products: Sequence[Product]) -> list[float]:
        if not products:
            return []
        keys = [self.key(query, p) for p in products]
        stored = self.cache.get_many(dict.fromkeys(keys))
        scores: dict[str, float] = {}
        for key, raw in stored.items():
            if len(raw) == _FLOAT.size:  # anything else is not ours: rescore
                scores[key] = _FLOAT.unpack(raw)[0]
        todo = [i for i, key in enumerate(keys) if key not in scores]
        unique = list(dict.fromkeys(keys[i] for i in todo))
        if unique:
            first_index = {}
            for i in todo:
                first_index.setdefault(keys[i], i)
            fresh = self.inner.score_pairs(self.normalize_query(query), [products[first_index[k]] for k in unique])
            if len(fresh) != len(unique):
                raise RuntimeError(f"{type(self.inner).__name__} returned {len(fresh)} scores for {len(unique)} products")
            new = {key: float(score) for key, score in zip(unique, fresh, strict=True)}
            self.cache.set_many({key: _FLOAT.pack(score) for key, score in new.items()})
            scores.update(new)
        return [scores[key] for key in keys]
