"""``shopassist eval``: every retrieval mode over a judged query set.

For each mode, each judged query is retrieved once (top 100, warm), its ranked
ids scored with :mod:`rag.evaluation.metrics`, and each stage's latency
recorded. The index for an external ``--catalog`` lives apart from the app's,
under a folder named by the catalog's content fingerprint, so a second run is
an incremental no-op.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from rag.evaluation.judgments import Judgments
from rag.evaluation.metrics import METRIC_KEYS, answerable_queries, evaluate_run, percentile
from rag.retrieval import RetrievalMode, RetrievalResult, Retriever
from rag.understanding import UnderstandingRetriever

DEPTH = 100  # recall@100 needs the top 100


@dataclass(frozen=True, slots=True)
class ModeReport:
    mode: str
    metrics: Mapping[str, float]
    p50_ms: float | None
    p99_ms: float | None
    stage_ms: Mapping[str, Mapping[str, float | None]] = field(default_factory=dict)
    runs: Mapping[str, Sequence[str]] = field(default_factory=dict)
    # How many of the ``queries_run`` queries each stage ran on (a gated stage,
    # e.g. rerank under the ``auto`` policy, runs on fewer than all).
    stage_runs: Mapping[str, int] = field(default_factory=dict)
    queries_run: int = 0

    def as_json(self) -> dict[str, float | None]:
        out: dict[str, float | None] = {k: _round(self.metrics[k]) for k in METRIC_KEYS}
        out["p50_ms"] = _round(self.p50_ms)
        out["p99_ms"] = _round(self.p99_ms)
        return out

    def gated_stages(self) -> dict[str, int]:
        """Stages that ran on some but not all queries, with their counts."""
        return {s: n for s, n in self.stage_runs.items() if n < self.queries_run}


@dataclass(frozen=True, slots=True)
class EvalReport:
    """``queries`` counts the queries in the means: those with a doc rated >= 1."""

    queries: int
    judged_queries: int
    modes: tuple[ModeReport, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "modes": {m.mode: m.as_json() for m in self.modes},
            "queries": self.queries,
            "judged_queries": self.judged_queries,
            "stages_ms": {m.mode: m.stage_ms for m in self.modes},
            "stage_runs": {m.mode: {"queries": m.queries_run, **m.stage_runs} for m in self.modes},
        }

    def to_markdown(self) -> str:
        header = "| mode | NDCG@10 | condensed NDCG@10 | MRR | Hit@5 | Recall@100 | judged@10 | p50 ms | p99 ms |"
        lines = [header, "|" + "---|" * 9]
        for m in self.modes:
            cells = [m.mode] + [_fmt(m.metrics[k]) for k in METRIC_KEYS]
            cells += [_fmt(m.p50_ms, 1), _fmt(m.p99_ms, 1)]
            lines.append("| " + " | ".join(cells) + " |")
        for m in self.modes:
            for stage, n in m.gated_stages().items():
                lines.append(f"{m.mode}: {stage} ran on {n} of {m.queries_run} queries")
        return "\n".join(lines)


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None or value != value else round(value, digits)


def _fmt(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None or value != value else f"{value:.{digits}f}"


Runner = Callable[[str], RetrievalResult]


def evaluate_mode(
    name: str,
    run_query: Runner,
    judgments: Judgments,
    *,
    warmup: int = 3,
) -> ModeReport:
    """Run every judged query through ``run_query`` and score the rankings."""
    for query in list(judgments.queries)[:warmup]:
        run_query(query)
    runs: dict[str, list[str]] = {}
    totals: list[float] = []
    stages: dict[str, list[float]] = {}
    for query in judgments.queries:
        t0 = time.perf_counter()
        result = run_query(query)
        totals.append((time.perf_counter() - t0) * 1000)
        runs[query] = [h.product_id for h in result.hits]
        for stage, ms in result.timings_ms.items():
            stages.setdefault(stage, []).append(ms)
    stage_ms = {
        stage: {"p50": _round(percentile(v, 50), 3), "p99": _round(percentile(v, 99), 3)}
        for stage, v in stages.items()
    }
    return ModeReport(
        mode=name,
        metrics=evaluate_run(runs, judgments),
        p50_ms=percentile(totals, 50),
        p99_ms=percentile(totals, 99),
        stage_ms=stage_ms,
        runs=runs,
        stage_runs={stage: len(v) for stage, v in stages.items()},
        queries_run=len(totals),
    )


def retrieval_runner(retriever: Retriever, mode: RetrievalMode) -> Runner:
    def run(query: str) -> RetrievalResult:
        return retriever.retrieve(query, k=DEPTH, mode=mode)

    return run


def understanding_runner(understanding: UnderstandingRetriever, mode: RetrievalMode) -> Runner:
    def run(query: str) -> RetrievalResult:
        return understanding.retrieve(query, k=DEPTH, mode=mode).result

    return run


def reranking_runner(
    understanding: UnderstandingRetriever, reranker, engine, mode: RetrievalMode, top_n: int, trigger=None
) -> Runner:
    """Retrieval with understanding, then the reranker over the top ``top_n``:
    always, or where ``trigger`` (a ``rag.rerank.stage.RerankTrigger``) decides to."""

    from rag.rerank.stage import RerankTrigger, rerank_with_policy
    from rag.settings import RerankPolicy

    trigger = trigger or RerankTrigger(RerankPolicy.ALWAYS)

    def run(query: str) -> RetrievalResult:
        out = understanding.retrieve(query, k=DEPTH, mode=mode).result
        return rerank_with_policy(trigger, reranker, engine, query, out, top_n).result

    return run


def hyde_runner(understanding: UnderstandingRetriever, expander, engine, mode: RetrievalMode,
                none_below: float, weak_below: float) -> Runner:
    """Retrieval with understanding, then HyDE as the chain runs it: the
    expander (``rag.understanding.hyde.HydeExpander``, with its own mode,
    ``auto`` or ``always``) decides from the first pass's relevance tier."""

    from rag.generation import relevance

    def run(query: str) -> RetrievalResult:
        understood = understanding.retrieve(query, k=DEPTH, mode=mode)
        result = understood.result
        tier = relevance.assess_first_pass(engine, result.query or query, result,
                                           none_below=none_below, weak_below=weak_below).tier
        return expander.expand(result.query or query, result, understood.applied.filters, tier).result

    return run


def evaluate_retrieval(
    retriever: Retriever,
    judgments: Judgments,
    modes: Sequence[RetrievalMode] = tuple(RetrievalMode),
    understanding: Mapping[str, UnderstandingRetriever] | None = None,
    extra: Mapping[str, Runner] | None = None,
) -> EvalReport:
    """Each retrieval mode, then each named query-understanding variant on the
    default hybrid mode (rows ``hybrid+qu`` etc.: the ablation's next stage)."""
    reports = [
        evaluate_mode(mode.value, retrieval_runner(retriever, mode), judgments) for mode in modes
    ]
    for name, variant in (understanding or {}).items():
        runner = understanding_runner(variant, retriever.default_mode)
        reports.append(evaluate_mode(name, runner, judgments))
    for name, runner in (extra or {}).items():
        reports.append(evaluate_mode(name, runner, judgments))
    return EvalReport(
        queries=len(answerable_queries(judgments)),
        judged_queries=len(judgments),
        modes=tuple(reports),
    )
