"""Request and response models of the HTTP API (published as OpenAPI).

Requests reject unknown fields and name the bad value; sizes are bounded here
(and the message length again by settings, in the facade).
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from rag.inputs import NAME as INPUT_NAME
from rag.inputs import TEXT as INPUT_TEXT
from rag.records import Filters, NumericRange

#: Ids the store and the conversation memory accept.
SESSION_ID = r"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$"
USER_ID = r"^[^\s\x00-\x1f\x7f-\x9f]{1,128}$"
#: Text a shopper types and names/keys: one definition for the API and the app (rag/inputs.py).
TEXT, NAME = INPUT_TEXT, INPUT_NAME
#: A hard upper bound for a message in the schema; the configured limit
#: (``max_message_chars``, 1000 by default) is checked too and is usually lower.
MESSAGE_MAX = 20_000

Short = Annotated[str, StringConstraints(min_length=1, max_length=128, strip_whitespace=True, pattern=NAME)]
RetrievalModeName = Literal["bm25", "dense", "hybrid-rrf", "hybrid-linear"]
EventKindName = Literal["view", "click", "add_to_cart", "purchase", "thumbs_up", "thumbs_down"]
AffinityKind = Literal["brand", "category", "price_band", "price_tier"]
ExportFormatName = Literal["csv", "parquet", "jsonl"]
Price = Annotated[float, Field(ge=0, le=1e9, allow_inf_nan=False)]


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)  # no coercion: true is not a price


class FiltersIn(_Request):
    """Explicit filters (the UI's panel): never relaxed, combined with constraints in the text."""

    brands: list[Short] = Field(default_factory=list, max_length=50)
    categories: list[Short] = Field(default_factory=list, max_length=50)
    min_price: Price | None = None
    max_price: Price | None = None

    @model_validator(mode="after")
    def _range(self) -> FiltersIn:
        if self.min_price is not None and self.max_price is not None and self.min_price > self.max_price:
            raise ValueError(f"min_price {self.min_price} is above max_price {self.max_price}")
        return self

    def to_filters(self) -> Filters:
        return Filters(brands=tuple(self.brands), categories=tuple(self.categories),
                       price=NumericRange(self.min_price, self.max_price))


class SearchRequest(_Request):
    query: str = Field(max_length=MESSAGE_MAX, pattern=TEXT, examples=["wireless mouse under $30"])
    k: int = Field(default=10, ge=1, le=100)
    mode: RetrievalModeName | None = Field(default=None, description="Default from settings: hybrid-linear (SHOPASSIST_FUSION_MODE=linear), hybrid-rrf when it is rrf.")
    filters: FiltersIn = Field(default_factory=FiltersIn)
    understand: bool = Field(default=True, description="Turn price, brand and spec constraints in the query into filters.")


class ChatRequest(_Request):
    message: str = Field(max_length=MESSAGE_MAX, pattern=TEXT, examples=["a quiet bluetooth speaker under $50"])
    session_id: str | None = Field(default=None, pattern=SESSION_ID,
                                   description="Continue a conversation; leave out to start one (its id comes back).")
    user_id: str | None = Field(default=None, pattern=USER_ID,
                                description="Personalize for this shopper: the caller (the default) or, in demo "
                                            "mode, a demo persona.")
    filters: FiltersIn = Field(default_factory=FiltersIn)


class FeedbackRequest(_Request):
    """A thumbs on an answer (no product_id) or a product, or a click, add to cart or purchase."""

    kind: EventKindName
    request_id: str | None = Field(default=None, min_length=1, max_length=64, pattern=NAME,
                                   description="The turn's request id (from the chat's events).")
    product_id: str | None = Field(default=None, min_length=1, max_length=128, pattern=NAME)
    user_id: str | None = Field(default=None, pattern=USER_ID, description="Default: the turn's shopper.")
    reason: str | None = Field(default=None, max_length=64, pattern=NAME, examples=["wrong-price", "not-relevant"])
    comment: str | None = Field(default=None, max_length=2000, pattern=TEXT)
    value: Price | None = Field(default=None, description="Order value (purchases).")
    client_key: str | None = Field(default=None, min_length=1, max_length=128, pattern=NAME,
                                   description="Idempotency key: a retry with the same key is stored once.")

    @model_validator(mode="after")
    def _product_needed(self) -> FeedbackRequest:
        if self.kind not in ("thumbs_up", "thumbs_down") and not self.product_id:
            raise ValueError(f"a {self.kind} event needs a product_id")
        return self


class FeedbackResponse(BaseModel):
    id: int
    kind: str
    user_id: str | None
    request_id: str | None
    product_id: str | None
    reason: str | None


class AffinitySet(_Request):
    kind: AffinityKind
    key: Short
    weight: float = Field(ge=-100, le=100, allow_inf_nan=False,
                          description="Positive: show more; negative: show less. Pinned: events no longer move it.")


class AffinityKey(_Request):
    kind: AffinityKind
    key: Short


class ProfilePatch(_Request):
    set: list[AffinitySet] = Field(default_factory=list, max_length=50)
    remove: list[AffinityKey] = Field(default_factory=list, max_length=50)

    @model_validator(mode="after")
    def _something(self) -> ProfilePatch:
        if not self.set and not self.remove:
            raise ValueError("nothing to change: give 'set' and/or 'remove'")
        return self


class AffinityOut(BaseModel):
    key: str
    weight: float
    counts: dict[str, int]
    pinned: bool
    reason: str = Field(description="Why, in words: 'you bought 1 and looked at 3 philips products'.")


class CentroidOut(BaseModel):
    dimension: int
    mass: float


class ProfileResponse(BaseModel):
    user_id: str
    as_of: str
    empty: bool
    brand: list[AffinityOut]
    category: list[AffinityOut]
    price_band: list[AffinityOut]
    price_tier: list[AffinityOut] = Field(default_factory=list, description="lower-priced / higher-priced: the side of what was shown the shopper picks from.")
    centroid: CentroidOut | None
    removed: list[AffinityKey] = Field(default_factory=list, description="PATCH: the removals that applied.")
    not_found: list[AffinityKey] = Field(default_factory=list, description="PATCH: removals of affinities that did not exist.")

    @classmethod
    def from_profile(cls, profile: Any, **extra: Any) -> ProfileResponse:
        data = profile.to_dict()
        groups = {}
        for kind in ("brand", "category", "price_band", "price_tier"):
            by_key = profile.by_kind(kind)
            groups[kind] = [AffinityOut(**row, reason=by_key[row["key"]].reason()) for row in data[kind]]
        return cls(user_id=profile.user_id, as_of=data["as_of"], empty=profile.is_empty,
                   centroid=data["centroid"], **groups, **extra)


class ForgetResponse(BaseModel):
    removed: dict[str, int]
    left: dict[str, int]
    sessions_cleared: int
    complete: bool


class LegRank(BaseModel):
    rank: int
    score: float


class ProductOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    title: str
    brand: str
    category: str | None = None
    price: float | None = None
    currency: str | None = None


class SearchHit(BaseModel):
    rank: int
    product_id: str
    score: float
    legs: dict[str, LegRank]
    product: ProductOut | None


class SearchResponse(BaseModel):
    query: str
    mode: str
    filters: dict[str, Any]
    understood: dict[str, Any] | None
    rerank: dict[str, Any] | None
    results: list[SearchHit]
    timings_ms: dict[str, float]

    @field_validator("timings_ms")
    @classmethod
    def _finite(cls, value: dict[str, float]) -> dict[str, float]:
        return {k: v for k, v in value.items() if math.isfinite(v)}


class HealthResponse(BaseModel):
    ok: bool
    engine: dict[str, Any]
    products: int
    generator: str
    store: dict[str, Any]


class ExportQuery(BaseModel):
    """The export's query string; an unknown parameter is refused (a typo never silently widens the export)."""

    model_config = ConfigDict(extra="forbid")
    format: ExportFormatName = Field(default="csv", description="csv | parquet | jsonl")
    since: datetime | None = Field(default=None, description="From this ISO time (inclusive; UTC if no zone).")
    until: datetime | None = Field(default=None, description="Up to this ISO time (exclusive).")
    demo: bool = Field(default=True, description="Include demo persona data.")


class IdentityResponse(BaseModel):
    user_id: str = Field(description="Your shopper id (use it, or `me`, in /api/users/{user_id}/profile).")
    token: str = Field(description="Send as `Authorization: Bearer <token>`.")


class ErrorResponse(BaseModel):
    error: str
    detail: Any = None


# -- what API clients receive: text that cannot turn into markup -----------------------------------
# An API client may put an answer (or a product title from a poisoned catalog) into a web page.
# Angle brackets become the look-alike single guillemets, so no tag survives however the text is
# rendered (HTML-escaping would show "&lt;" to clients that render text), and a Markdown image
# opener "![" loses its meaning ("! [") so no remote image loads. The raw message is not sent back.

_ANGLES = str.maketrans({"<": "\u2039", ">": "\u203a"})


def client_text(text: str) -> str:
    """``text`` with no HTML tag and no Markdown image left in it."""
    return text.translate(_ANGLES).replace("![", "! [")


def client_safe(value: Any) -> Any:
    """``value`` (a turn's JSON) with :func:`client_text` applied to every string, keys included."""
    if isinstance(value, str):
        return client_text(value)
    if isinstance(value, dict):
        return {client_safe(k): client_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [client_safe(v) for v in value]
    return value


def client_turn(turn: dict[str, Any]) -> dict[str, Any]:
    """A finished turn as API clients get it: safe text, and the shopper's message not echoed back."""
    trace = {k: v for k, v in (turn.get("trace") or {}).items() if k != "message"}
    return client_safe({**turn, "trace": trace})


class ClientTextStream:
    """:func:`client_text` over streamed chunks: a chunk ending in "!" waits for the next one."""

    def __init__(self) -> None:
        self.held = ""

    def feed(self, chunk: str) -> str:
        text, self.held = self.held + chunk, ""
        if text.endswith("!"):
            text, self.held = text[:-1], "!"
        return client_text(text)

    def flush(self) -> str:
        text, self.held = self.held, ""
        return client_text(text)
