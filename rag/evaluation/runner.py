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
class ViewReport:
    """Every mode's metrics under one view of the judgments (one file, or
    several stacked: ``rag.evaluation.judgments.judgment_views``)."""

    name: str
    queries: int  # in the means: judged queries with a doc rated >= 1
    judged_queries: int
    judgments: int
    metrics: Mapping[str, Mapping[str, float]]  # mode -> METRIC_KEYS

    def as_json(self) -> dict[str, object]:
        return {
            "judgments": self.name,
            "queries": self.queries,
            "judged_queries": self.judged_queries,
            "judgment_count": self.judgments,
            "modes": {mode: {k: _round(m[k]) for k in METRIC_KEYS} for mode, m in self.metrics.items()},
        }


@dataclass(frozen=True, slots=True)
class EvalReport:
    """``queries`` counts the queries in the means: those with a doc rated >= 1.

    ``modes`` carry the metrics under the last (most complete) view; ``views``
    holds every view's metrics, first to last (one view for one file).
    """

    queries: int
    judged_queries: int
    modes: tuple[ModeReport, ...]
    views: tuple[ViewReport, ...] = ()

    def as_json(self) -> dict[str, object]:
        return {
            "modes": {m.mode: m.as_json() for m in self.modes},
            "queries": self.queries,
            "judged_queries": self.judged_queries,
            "views": [view.as_json() for view in self.views],
            "stages_ms": {m.mode: m.stage_ms for m in self.modes},
            "stage_runs": {m.mode: {"queries": m.queries_run, **m.stage_runs} for m in self.modes},
        }

    def to_markdown(self) -> str:
        header = "| mode | NDCG@10 | condensed NDCG@10 | MRR | Hit@5 | Recall@100 | judged@10 | p50 ms | p99 ms |"
        latency = {m.mode: (m.p50_ms, m.p99_ms) for m in self.modes}
        views = self.views or (ViewReport("judgments", self.queries, self.judged_queries, 0,
                                          {m.mode: m.metrics for m in self.modes}),)
        lines: list[str] = []
        for view in views:
            if len(views) > 1:
                lines += ["", f"Judgments: {view.name} ({view.judgments} judgments; "
                              f"{view.queries} of {view.judged_queries} queries in the means)", ""]
            lines += [header, "|" + "---|" * 9]
            for mode, metrics in view.metrics.items():
                cells = [mode] + [_fmt(metrics[k]) for k in METRIC_KEYS]
                p50, p99 = latency.get(mode, (None, None))
                cells += [_fmt(p50, 1), _fmt(p99, 1)]
                lines.append("| " + " | ".join(cells) + " |")
        for m in self.modes:
            for stage, n in m.gated_stages().items():
                lines.append(f"{m.mode}: {stage} ran on {n} of {m.queries_run} queries")
        incomplete = [f"{mode} {metrics['judged@10']:.3f}" for mode, metrics in views[-1].metrics.items()
                      if metrics["judged@10"] < 1.0]
        if incomplete:
            lines.append("judged@10 < 1.00 under the last view (a comparison of these modes is not a result "
                         "until their top 10 are judged: `shopassist judge-pool`): " + ", ".join(incomplete))
        return "\n".join(lines)


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None or value != value else round(value, digits)


def _fmt(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None or value != value else f"{value:.{digits}f}"


Runner = Callable[[str], RetrievalResult]


@dataclass(frozen=True, slots=True)
class ModeRun:
    """One mode's rankings (query -> ranked product ids) and latencies."""

    mode: str
    runs: Mapping[str, Sequence[str]]
    totals_ms: Sequence[float]
    stages_ms: Mapping[str, Sequence[float]]

    def report(self, judgments: Judgments) -> ModeReport:
        stage_ms = {
            stage: {"p50": _round(percentile(v, 50), 3), "p99": _round(percentile(v, 99), 3)}
            for stage, v in self.stages_ms.items()
        }
        return ModeReport(
            mode=self.mode,
            metrics=evaluate_run(self.runs, judgments),
            p50_ms=percentile(self.totals_ms, 50),
            p99_ms=percentile(self.totals_ms, 99),
            stage_ms=stage_ms,
            runs=self.runs,
            stage_runs={stage: len(v) for stage, v in self.stages_ms.items()},
            queries_run=len(self.totals_ms),
        )


def run_mode(name: str, run_query: Runner, queries: Sequence[str], *, warmup: int = 3) -> ModeRun:
    """Run every query through ``run_query`` (after ``warmup`` untimed ones)."""
    for query in list(queries)[:warmup]:
        run_query(query)
    runs: dict[str, list[str]] = {}
    totals: list[float] = []
    stages: dict[str, list[float]] = {}
    for query in queries:
        t0 = time.perf_counter()
        result = run_query(query)
        totals.append((time.perf_counter() - t0) * 1000)
        runs[query] = [h.product_id for h in result.hits]
        for stage, ms in result.timings_ms.items():
            stages.setdefault(stage, []).append(ms)
    return ModeRun(mode=name, runs=runs, totals_ms=totals, stages_ms=stages)


def evaluate_mode(
    name: str,
    run_query: Runner,
    judgments: Judgments,
    *,
    warmup: int = 3,
) -> ModeReport:
    """Run every judged query through ``run_query`` and score the rankings."""
    return run_mode(name, run_query, judgments.queries, warmup=warmup).report(judgments)


def score_views(mode_runs: Sequence[ModeRun], views: Sequence[Judgments]) -> EvalReport:
    """Score each mode's rankings under every view; ``modes`` use the last one."""
    if not views:
        raise ValueError("score_views needs at least one view of the judgments")
    last = views[-1]
    view_reports = tuple(
        ViewReport(
            name=view.label or f"view {i + 1}",
            queries=len(answerable_queries(view)),
            judged_queries=len(view),
            judgments=view.num_judgments,
            metrics={run.mode: evaluate_run(run.runs, view) for run in mode_runs},
        )
        for i, view in enumerate(views)
    )
    return EvalReport(
        queries=len(answerable_queries(last)),
        judged_queries=len(last),
        modes=tuple(run.report(last) for run in mode_runs),
        views=view_reports,
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
    judgments: Judgments | Sequence[Judgments],
    modes: Sequence[RetrievalMode] = tuple(RetrievalMode),
    understanding: Mapping[str, UnderstandingRetriever] | None = None,
    extra: Mapping[str, Runner] | None = None,
) -> EvalReport:
    """Each retrieval mode, then each named query-understanding variant on the
    default hybrid mode (rows ``hybrid+qu`` etc.: the ablation's next stage),
    then the ``extra`` runners.

    ``judgments`` is one ``Judgments`` or the cumulative views of stacked files
    (``judgment_views``): every mode runs once over the last view's queries and
    is scored under each view."""
    views = (judgments,) if isinstance(judgments, Judgments) else tuple(judgments)
    runners: dict[str, Runner] = {mode.value: retrieval_runner(retriever, mode) for mode in modes}
    for name, variant in (understanding or {}).items():
        runners[name] = understanding_runner(variant, retriever.default_mode)
    runners.update(extra or {})
    queries = views[-1].queries
    return score_views([run_mode(name, runner, queries) for name, runner in runners.items()], views)
