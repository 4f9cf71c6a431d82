"""What flows between the chain's steps, and what a turn returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from rag.chain.trace import Trace
from rag.conversation import Conversation, Resolved
from rag.generation.answer import AnswerPlan
from rag.generation.validate import Grounding
from rag.records import NO_FILTERS, Filters, FusedHit, Product, product_to_dict
from rag.retrieval import RetrievalResult
from rag.understanding.constraints import ParsedQuery
from rag.understanding.understood import UnderstoodResult


@dataclass(frozen=True, slots=True)
class TurnRequest:
    message: str
    session_id: str | None = None
    user_id: str | None = None
    filters: Filters = NO_FILTERS  # explicit filters from the UI panel: never relaxed
    request_id: str | None = None


@dataclass(frozen=True, slots=True)
class TurnState:
    request: TurnRequest
    trace: Trace
    conversation: Conversation
    message: str = ""  # the message with injected instructions removed
    plan: AnswerPlan | None = None  # set early for refusals and greetings
    resolved: Resolved | None = None
    parsed: ParsedQuery | None = None
    understood: UnderstoodResult | None = None
    result: RetrievalResult | None = None
    hits: tuple[FusedHit, ...] = ()
    products: Mapping[str, Product] = field(default_factory=dict)
    grounding: Grounding = field(default_factory=Grounding)
    search_filters: Filters = NO_FILTERS
    started: float = 0.0  # perf_counter() when the turn began

    def with_(self, **changes: Any) -> TurnState:
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class TurnResult:
    answer: str
    generator: str
    citations: Mapping[int, str]
    products: tuple[Product, ...]  # shown, in order; [n] cites products[n-1]
    trace: Trace
    question: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "request_id": self.trace.request_id,
            "answer": self.answer,
            "generator": self.generator,
            "citations": {str(n): pid for n, pid in self.citations.items()},
            "products": [
                {"number": i, **{k: v for k, v in product_to_dict(p).items() if k != "content_hash"}}
                for i, p in enumerate(self.products, start=1)
            ],
            "question": self.question,
            "trace": self.trace.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class AnswerChunk:
    """One streamed piece of the answer; the last chunk carries the result.

    Chunks add up (LangChain's ``invoke`` on a streaming step sums them), so
    ``chain.invoke`` returns one chunk with the whole text and the result.
    """

    text: str = ""
    result: TurnResult | None = None

    def __add__(self, other: AnswerChunk) -> AnswerChunk:
        return AnswerChunk(self.text + other.text, other.result or self.result)
