"""Candidate vs live on the golden set, the way the services would run each.

* **Reranker.** Every judged query is retrieved once by the app's first pass
  (query understanding + hybrid, top 100); the live model and the candidate
  each rerank the same top ``rerank_top_n`` with the serving settings (int8,
  fused with the first-pass order, ``rerank_*`` settings), through
  ``rag.wiring.make_reranker`` with the score cache off.
* **Embedder.** The whole catalog is re-embedded with the candidate into an
  index of its own (``run_ingest`` into the version's folder: 19,406 products
  at roughly 225 texts/s on this machine, a couple of minutes), then every
  judged query runs through the full first pass on each index. A pool of
  judged products would be cheaper, but a candidate embedder's gain or loss
  is precisely which products it brings in from *outside* such a pool, so it
  would measure the wrong thing.

Figures come from ``rag.evaluation.metrics.evaluate_run`` (unanswerable
queries left out, as in ``shopassist eval``) and are reported for every
answerable query and, separately, for the queries that do not occur in the
feedback triplets (``unseen``). No dev judgment is used in training (the
training data are the feedback triplets and the catalog-derived pairs), so
both figures are out of sample with respect to the judgments; the ``unseen``
subset also shows whether a gain comes only from queries the shoppers asked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rag.evaluation.judgments import Judgments
from rag.evaluation.metrics import METRIC_KEYS, answerable_queries, evaluate_run
from rag.records import FusedHit, Product

DEPTH = 100


@dataclass(frozen=True, slots=True)
class Comparison:
    """Metrics per subset (``all``, ``unseen``) for the live model and the candidate, and the query counts."""

    live: Mapping[str, Mapping[str, float]]
    candidate: Mapping[str, Mapping[str, float]]
    queries: Mapping[str, int]

    def to_json(self) -> dict[str, object]:
        return {"queries": dict(self.queries),
                "live": {k: dict(v) for k, v in self.live.items()},
                "candidate": {k: dict(v) for k, v in self.candidate.items()}}


def subsets(judgments: Judgments, training_queries: frozenset[str]) -> dict[str, Judgments]:
    """``all`` judged queries, and ``unseen``: those not asked in the training triplets (case-insensitive)."""
    seen = {q.strip().lower() for q in training_queries}
    unseen = {q: r for q, r in judgments.by_query.items() if q.strip().lower() not in seen}
    return {"all": judgments, "unseen": Judgments.from_mapping(unseen)}


def score(runs: Mapping[str, Sequence[str]], judged: Mapping[str, Judgments]) -> tuple[dict, dict]:
    """Metrics of ``runs`` on each subset, and how many answerable queries each has."""
    metrics, counts = {}, {}
    for name, j in judged.items():
        counts[name] = len(answerable_queries(j))
        if counts[name]:
            result = evaluate_run({q: runs[q] for q in j.queries}, j)
            metrics[name] = {k: round(float(result[k]), 4) for k in METRIC_KEYS}
    return metrics, counts


FirstPass = Callable[[str], Sequence[FusedHit]]


def compare_rerankers(
    first_pass: FirstPass,
    fetch: Callable[[Sequence[str]], Mapping[str, Product]],
    make: Callable[[str], object],
    live_model: str,
    candidate_model: str,
    judgments: Judgments,
    training_queries: frozenset[str],
    top_n: int,
) -> Comparison:
    """Rerank one shared first pass with each model; ``make(model)`` builds a ``Reranker``."""
    first = {q: list(first_pass(q)) for q in judgments.queries}
    wanted = sorted({h.product_id for hits in first.values() for h in hits[:top_n]})
    products = fetch(wanted)
    judged = subsets(judgments, training_queries)
    out = {}
    for who, model in (("live", live_model), ("candidate", candidate_model)):
        reranker = make(model)
        runs = {q: [h.product_id for h in reranker.rerank(q, hits, products, top_n)] for q, hits in first.items()}
        out[who], counts = score(runs, judged)
    return Comparison(out["live"], out["candidate"], counts)


def compare_first_passes(
    live: FirstPass,
    candidate: FirstPass,
    judgments: Judgments,
    training_queries: frozenset[str],
) -> Comparison:
    """The full first pass on the live index and on the candidate's own index."""
    judged = subsets(judgments, training_queries)
    out = {}
    for who, run in (("live", live), ("candidate", candidate)):
        runs = {q: [h.product_id for h in run(q)] for q in judgments.queries}
        out[who], counts = score(runs, judged)
    return Comparison(out["live"], out["candidate"], counts)


def first_pass(settings, embedder=None, index_dir: Path | None = None, k: int = DEPTH):
    """The app's first pass (understanding + hybrid) on ``index_dir`` with ``embedder``,
    and the engine behind it (for fetching product records)."""
    from rag.wiring import build_search_services

    services = build_search_services(settings.with_overrides(query_cache_size=0),
                                     embedder=embedder, index_dir=index_dir)
    understanding = services.understanding

    def run(query: str) -> Sequence[FusedHit]:
        return understanding.retrieve(query, k=k).result.hits

    return run, services.engine
