"""The rerank step of the funnel: decide whether to rerank, then rescore the top.

One place so the CLI, the evaluation and the chain apply the reranker the
same way: :class:`RerankTrigger` decides from the first-pass result and says
why (:class:`RerankDecision`, for the trace), and :func:`rerank_result` fetches
the top ``top_n`` records, reranks, keeps the rest in first-pass order, and
times the step in the result's timings.

Why ``auto`` looks at the query's length and not at first-pass confidence:
on the dev judgments (``python -m rag.offline.policy_study``) the number of
words in the searched text was the signal that best predicted where the
shipped cross-encoder helped (Spearman +0.32 with the per-query NDCG@10
change, +0.25 with the condensed change). The "unsure first pass" signals
disagreed with each other: low BM25/dense top-10 overlap went with condensed
gains (-0.25), but so did a *large* fused-score margin (+0.26), and neither
tracked the NDCG@10 change. One-word queries name a product type or a brand,
which both legs already match; the cross-encoder gains where words interact
("camera bag", "micro sd card"). The confidence signals are still computed
and recorded, so a policy can be refitted from the ranking log.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, replace

from rag.engines.base import SearchEngine
from rag.rerank.base import Reranker
from rag.retrieval import RetrievalResult
from rag.settings import RerankPolicy, Settings

#: Depth at which the two legs' agreement and the fused margin are measured.
SIGNAL_DEPTH = 10


@dataclass(frozen=True, slots=True)
class RerankSignals:
    """Cheap facts about a first-pass result (microseconds to compute)."""

    words: int  # words in the searched text (after query understanding)
    candidates: int  # fused hits
    leg_overlap: float | None  # share of BM25's top 10 also in the dense top 10; None without both legs
    fused_margin: float | None  # (score #1 - score #10) / score #1 of the fused list; None under 10 hits


@dataclass(frozen=True, slots=True)
class RerankDecision:
    policy: RerankPolicy
    rerank: bool
    reason: str
    signals: RerankSignals

    def as_dict(self) -> dict[str, object]:
        """For the trace (``Trace.rerank``) and ``search --json``."""
        return {"applied": self.rerank, "policy": self.policy.value, "reason": self.reason,
                "signals": asdict(self.signals)}


@dataclass(frozen=True, slots=True)
class RerankOutcome:
    result: RetrievalResult  # reranked, or the first pass unchanged
    decision: RerankDecision


def first_pass_signals(result: RetrievalResult, depth: int = SIGNAL_DEPTH) -> RerankSignals:
    bm25, dense = result.legs.get("bm25"), result.legs.get("dense")
    overlap = None
    if bm25 and dense:
        top_bm25 = {h.product_id for h in bm25[:depth]}
        top_dense = {h.product_id for h in dense[:depth]}
        overlap = len(top_bm25 & top_dense) / min(depth, len(top_bm25), len(top_dense))
    margin = None
    if len(result.hits) >= depth and result.hits[0].score > 0:
        first, last = result.hits[0].score, result.hits[depth - 1].score
        margin = (first - last) / first
    return RerankSignals(len(result.query.split()), len(result.hits), overlap, margin)


@dataclass(frozen=True, slots=True)
class RerankTrigger:
    """The rerank policy: ``never``, ``always``, or ``auto`` (multi-word queries)."""

    policy: RerankPolicy = RerankPolicy.NEVER
    min_words: int = 2

    def __post_init__(self) -> None:
        if not isinstance(self.policy, RerankPolicy):
            raise TypeError(f"policy must be a RerankPolicy, got {self.policy!r}; use RerankPolicy.from_str")
        if self.min_words < 1:
            raise ValueError(f"min_words must be >= 1, got {self.min_words}")

    @classmethod
    def from_settings(cls, settings: Settings) -> RerankTrigger:
        return cls(settings.rerank_policy, settings.rerank_auto_min_words)

    def decide(self, result: RetrievalResult) -> RerankDecision:
        signals = first_pass_signals(result)
        if not result.hits:
            return RerankDecision(self.policy, False, "no candidates to rerank", signals)
        if self.policy is RerankPolicy.NEVER:
            return RerankDecision(self.policy, False, "policy never", signals)
        if self.policy is RerankPolicy.ALWAYS:
            return RerankDecision(self.policy, True, "policy always", signals)
        if signals.words >= self.min_words:
            reason = f"auto: {signals.words} words >= {self.min_words}, a multi-word query"
            return RerankDecision(self.policy, True, reason, signals)
        reason = (f"auto: {signals.words} word{'s' if signals.words != 1 else ''} < {self.min_words}; "
                  "a type or brand query, first pass kept")
        return RerankDecision(self.policy, False, reason, signals)


def rerank_result(
    reranker: Reranker, engine: SearchEngine, query: str, result: RetrievalResult, top_n: int
) -> RetrievalResult:
    """Rerank the top ``top_n`` of ``result`` unconditionally (``always``)."""
    if not result.hits:
        return result
    t0 = time.perf_counter()
    products = engine.fetch([h.product_id for h in result.hits[:top_n]])
    hits = reranker.rerank(query, list(result.hits), products, top_n)
    timings = dict(result.timings_ms) | {"rerank": (time.perf_counter() - t0) * 1000}
    return replace(result, hits=tuple(hits), timings_ms=timings)


def rerank_with_policy(
    trigger: RerankTrigger,
    reranker: Reranker | None,
    engine: SearchEngine,
    query: str,
    result: RetrievalResult,
    top_n: int,
) -> RerankOutcome:
    """Decide, then rerank when the decision says so.

    ``reranker`` may be ``None`` only for the ``never`` policy (no model is
    built when it can never run); anything else raises ``ValueError``.
    """
    decision = trigger.decide(result)
    if reranker is None and trigger.policy is not RerankPolicy.NEVER:
        raise ValueError(f"rerank policy {trigger.policy.value!r} needs a reranker; pass one or use 'never'")
    if not decision.rerank or reranker is None:
        return RerankOutcome(result, decision)
    return RerankOutcome(rerank_result(reranker, engine, query, result, top_n), decision)
