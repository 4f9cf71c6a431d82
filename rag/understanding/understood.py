"""What understanding's retrieval returns: the parse, what the final search used, what was relaxed or left out, and the
result (``rag.understanding.relax.UnderstandingRetriever``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from rag.retrieval import RetrievalResult
from rag.understanding.constraints import Constraint, ParsedQuery


@dataclass(frozen=True, slots=True)
class UnderstoodResult:
    parsed: ParsedQuery  # everything the parser found
    applied: ParsedQuery  # what the final search used
    relaxed: tuple[Constraint, ...]
    result: RetrievalResult
    timings_ms: dict[str, float] = field(default_factory=dict)
    # Typed constraints that disagree with the shopper's panel filters, in words for the answer and the trace.
    conflicts: tuple[str, ...] = ()
    # What reordered the first pass (the learned ranker's id), or why it did not: for the trace.
    ranking: str = "first pass"
    # Why the learned ranking failed (the first pass was kept), or None: the chain's fallback record.
    ranking_failure: str | None = None
    # The kinds a need said as a sentence was read as (rag.understanding.kinds), or () when none was.
    need_kinds: tuple[str, ...] = ()
    # Specs no product of the asked kind carries, left out (the shopper's own thing's: "my 14 inch EliteBook" for a dock).
    left_out: tuple[Constraint, ...] = ()


__all__ = ["UnderstoodResult"]
