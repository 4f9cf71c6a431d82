"""The facade's records: what the front ends send in (ChatInput, FeedbackInput) and get back
(SearchOutcome, FeedbackRecord, ForgetReport, ServiceHealth), and its one error for a missing thing.
Immutable; :mod:`rag.app_services` re-exports them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rag.engines.base import Health
from rag.records import NO_FILTERS, Filters, Product, product_to_dict
from rag.retrieval import RetrievalResult
from rag.understanding.understood import UnderstoodResult


class NotFoundError(LookupError):
    """A product, ranking (request id) or affinity the caller named does not exist."""


# -- inputs and outputs ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChatInput:
    """One shopper message. Without a ``session_id`` a new session starts (its id is in the trace)."""

    message: str
    session_id: str | None = None
    user_id: str | None = None
    filters: Filters = NO_FILTERS
    owner: str | None = None  # the caller's identity (front ends); None only for trusted local callers (CLI)


@dataclass(frozen=True, slots=True)
class SearchOutcome:
    """A ranked list with its records: ``products`` holds each hit's record by id."""

    result: RetrievalResult
    understood: UnderstoodResult | None
    products: Mapping[str, Product]
    rerank: Mapping[str, object] | None = None

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of ``shopassist search --json`` (plus each hit's record)."""
        rows = []
        for rank, hit in enumerate(self.result.hits, start=1):
            product = self.products.get(hit.product_id)
            rows.append({
                "rank": rank,
                "product_id": hit.product_id,
                "score": round(hit.score, 6),
                "legs": {leg: {"rank": ev.rank, "score": round(ev.score, 6)} for leg, ev in hit.legs.items()},
                "product": None if product is None else {k: v for k, v in product_to_dict(product).items() if k != "content_hash"},
            })
        understood = None
        if self.understood is not None:
            understood = {
                **self.understood.parsed.describe(),
                "applied_filters": self.understood.applied.filters.describe(),
                "relaxed": [{"kind": c.kind, "text": c.text} for c in self.understood.relaxed],
            }
        return {
            "query": self.result.query,
            "mode": self.result.mode.value,
            "filters": self.result.filters.describe(),
            "understood": understood,
            "rerank": dict(self.rerank) if self.rerank else None,
            "results": rows,
            "timings_ms": {k: round(v, 3) for k, v in self.result.timings_ms.items()},
        }


@dataclass(frozen=True, slots=True)
class FeedbackInput:
    """What the shopper did: a thumbs on an answer (no product) or on a product, a click,
    add to cart or purchase. ``user_id`` defaults to the user of the ranking ``request_id`` names."""

    kind: str
    request_id: str | None = None
    product_id: str | None = None
    user_id: str | None = None
    reason: str | None = None
    comment: str | None = None
    value: float | None = None
    client_key: str | None = None  # a retry with the same key is stored once
    owner: str | None = None  # the caller's identity (front ends): its own turns and itself only


@dataclass(frozen=True, slots=True)
class FeedbackRecord:
    id: int
    kind: str
    user_id: str | None
    request_id: str | None
    product_id: str | None
    reason: str | None


@dataclass(frozen=True, slots=True)
class ForgetReport:
    """Rows removed per table, and rows left afterwards (all zero when forgetting worked)."""

    removed: Mapping[str, int]
    left: Mapping[str, int]
    sessions_cleared: int = 0

    @property
    def complete(self) -> bool:
        return not any(self.left.values())


@dataclass(frozen=True, slots=True)
class ServiceHealth:
    engine: Health
    generator: str
    store_ok: bool
    store_detail: str = ""

    @property
    def ok(self) -> bool:
        return self.engine.ok

    def to_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "engine": {"name": self.engine.engine, "ok": self.engine.ok, "detail": self.engine.detail,
                       **{k: v for k, v in self.engine.extra.items() if k != "path"}},
            "products": self.engine.products,
            "generator": self.generator,
            "store": {"ok": self.store_ok, "detail": self.store_detail},
        }
