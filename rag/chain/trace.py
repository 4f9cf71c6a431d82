"""The one record of a turn, filled in by every stage.

The UI's "how I found these" panel, the ranking log, the feedback export and
the evaluation all read this record. It is immutable: each stage returns a
new trace with its part added (``trace.with_(...)``), so a stage can never
change what an earlier stage recorded. Messages are stored redacted.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime

from rag.chain.ports import Boost

#: The names in ``Trace.timings_ms``, in the order the funnel runs them (the UI's
#: "How I found these" panel and the stage-latency benchmark both list them so).
STAGE_ORDER = (
    "guard", "resolve", "understand", "embed", "bm25", "dense", "fusion", "ltr", "hyde_llm", "hyde_search",
    "hyde_fusion", "rerank", "fetch", "personalize", "plan", "first_chunk", "llm_first_token", "answer", "first_token",
)


@dataclass(frozen=True, slots=True)
class LegTrace:
    name: str  # "bm25", "dense", "hyde", "bm25+category", ...
    product_ids: tuple[str, ...]
    scores: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class Fallback:
    stage: str  # "hyde", "answer", "engine", "understand", ...
    reason: str  # what failed and what served instead


@dataclass(frozen=True, slots=True)
class Trace:
    request_id: str
    created_at: str
    message: str = ""  # redacted
    session_id: str | None = None
    user_id: str | None = None
    scope: str = ""
    injection: tuple[str, ...] = ()  # names of the injection patterns removed from the message
    intent: str = ""
    resolution: Mapping[str, object] = field(default_factory=dict)
    query: str = ""  # the rewritten search text
    parsed: Mapping[str, object] = field(default_factory=dict)
    filters: Mapping[str, object] = field(default_factory=dict)
    relaxed: tuple[str, ...] = ()
    left_out: tuple[str, ...] = ()  # specs no product of the asked kind carries ("screen_in: 14 inch" for a dock)
    conflicts: tuple[str, ...] = ()  # where the filter panel and the typed words disagreed (the panel won)
    hyde_text: str | None = None
    hyde_reason: str = ""
    legs: tuple[LegTrace, ...] = ()
    fused: tuple[tuple[str, float], ...] = ()  # the first pass's order, after the learned ranking when it ran
    ranking: str = ""  # what ordered ``fused``: "first pass" or the learned ranker's id (rag/rerank/ltr.py)
    rerank: Mapping[str, object] = field(default_factory=dict)  # applied, reason, scores
    boosts: tuple[Boost, ...] = ()
    shown: tuple[str, ...] = ()
    plan: str = ""  # results | compare | detail | clarify | abstain | refuse | greet
    relevance: Mapping[str, object] = field(default_factory=dict)
    answer: str = ""
    generator: str = ""
    writers: tuple[str, ...] = ()  # who wrote the shown answer, in order: "rules", "extractive", a model's name
    # The model's part of the answer: model, queue_ahead (turns ahead of this one in its line),
    # queue_wait_ms, budget_s, timed_out, skipped (why it was not asked), sentences_kept / _dropped.
    llm: Mapping[str, object] = field(default_factory=dict)
    citations: Mapping[int, str] = field(default_factory=dict)
    validation: Mapping[str, object] = field(default_factory=dict)
    timings_ms: Mapping[str, float] = field(default_factory=dict)
    fallbacks: tuple[Fallback, ...] = ()
    experiment: str = ""  # the A/B experiment the turn's user is in (personalization/experiments.py)
    variant: str = ""  # and the variant that served the turn

    @classmethod
    def start(cls, *, session_id: str | None = None, user_id: str | None = None, request_id: str | None = None) -> Trace:
        return cls(
            request_id=request_id or uuid.uuid4().hex,
            created_at=datetime.now(UTC).isoformat(timespec="milliseconds"),
            session_id=session_id,
            user_id=user_id,
        )

    def with_(self, **changes: object) -> Trace:
        return replace(self, **changes)

    def timed(self, stage: str, ms: float) -> Trace:
        return replace(self, timings_ms={**self.timings_ms, stage: round(ms, 3)})

    def fallback(self, stage: str, reason: str) -> Trace:
        return replace(self, fallbacks=(*self.fallbacks, Fallback(stage, reason)))

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["citations"] = {str(k): v for k, v in self.citations.items()}
        data["fused"] = [[pid, score] for pid, score in self.fused]
        return data
