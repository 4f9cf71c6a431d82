"""What a feedback event needs read before its write: the product's record and vector, and what its turn showed.

A click or a thumbs on a product folds the product into the shopper's profile: its record
(brand, category, price band) and its stored vector (the centroid), and the products shown
beside it in that turn (its price tier among them). The engine's lookups cost tens of
milliseconds, and feedback goes to the few products just shown, several events per turn, so
both are kept per process, least recently used out. :meth:`FeedbackLookups.held` tells a
server whether an event's reads are all held, so it can check the event on its event loop
instead of handing it to a thread (a hop that cost about 8% of the loop's time per write).

A record changed by a later ingest is seen once its entry ages out or the server restarts;
what a turn showed never changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from rag.app_records import NotFoundError
from rag.engines.base import SearchEngine, stored_vectors
from rag.engines.record_cache import RecordCache
from rag.records import Product

#: Products kept (record and vector) and turns kept (what each showed).
MAX_PRODUCTS = 4096
MAX_TURNS = 1024
_VERSION = 0  # one version for the process: entries leave by age, not by a table version


class FeedbackLookups:
    """The product and turn reads behind feedback, kept. ``shown_ids(request_id)`` reads the
    store for the ids a logged turn showed (empty when it was not logged)."""

    def __init__(self, engine: SearchEngine, shown_ids: Callable[[str], Sequence[str]]) -> None:
        self.engine = engine
        self.shown_ids = shown_ids
        self._products: RecordCache[tuple[Product, np.ndarray | None]] = RecordCache(MAX_PRODUCTS)
        self._peers: RecordCache[tuple[Product, ...]] = RecordCache(MAX_TURNS)

    def held(self, product_id: str | None, request_id: str | None) -> bool:
        """Whether :meth:`product` and :meth:`peers` would answer without reading anything."""
        if not product_id:
            return True
        if self._products.get_many(_VERSION, [product_id])[1]:
            return False
        return not request_id or not self._peers.get_many(_VERSION, [request_id])[1]

    def product(self, product_id: str) -> tuple[Product, np.ndarray | None]:
        """The product's record and stored vector; an unknown id raises :class:`NotFoundError` (not kept)."""
        found, missing = self._products.get_many(_VERSION, [product_id])
        if not missing:
            return found[product_id]
        product = self.engine.fetch([product_id]).get(product_id)
        if product is None:
            raise NotFoundError(f"no product {product_id!r} in the index")
        value = (product, stored_vectors(self.engine, [product_id]).get(product_id))
        self._products.put_many(_VERSION, {product_id: value})
        return value

    def peers(self, request_id: str) -> tuple[Product, ...]:
        """The products the logged turn ``request_id`` showed, in order; a turn not logged (yet)
        gives none and is not kept."""
        found, missing = self._peers.get_many(_VERSION, [request_id])
        if not missing:
            return found[request_id]
        ids = list(self.shown_ids(request_id))
        records = self.engine.fetch(ids) if ids else {}
        peers = tuple(records[pid] for pid in ids if pid in records)
        if peers:
            self._peers.put_many(_VERSION, {request_id: peers})
        return peers
