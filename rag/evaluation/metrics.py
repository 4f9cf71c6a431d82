"""Ranking-quality metrics for ``shopassist eval``.

Pure functions over one query's ranked docids (best first) and its graded
judgments ``{docid: rating}`` (0 irrelevant · 1 marginal · 2 partly relevant ·
3 relevant, see ``rag.evaluation.judgments``).

Conventions, chosen once here so every report means the same thing:

* **Graded metrics** (nDCG) use every rating: gain ``2**rating - 1``, discount
  ``log2(rank + 1)``; unjudged docs gain 0.
* **Binary metrics** (MRR, hit@k, recall@k) call a doc relevant when its rating
  is ``>= threshold``, default ``RELEVANCE_THRESHOLD = 2``. Rating 1 is not
  relevant by default: in the raters' file (``judgments_dev_individual.csv``,
  three raters per pair) the 118 pairs with final rating 1 are mostly wrong
  products — accessories for "desk"/"projector" (72 of 118 from those two
  queries), headlight bulbs for "night light" — and on average 1.8 of their 3
  raters gave 0, with a median rater rating of 0 for 72 of them. Pairs rated 2
  are partial matches a shopper could accept (a DVD player for "cd player", a
  car charger for "phone charger"); on average 1.9 of 3 raters gave them >= 2.
  Pass ``threshold=1`` for the lenient reading, ``3`` for the strict one.
* **Queries without relevant docs.** A query with no judged doc rated >= 1
  (ideal DCG 0) is *unanswerable*: every system scores 0 on it, so it says
  nothing about ranking quality. ``evaluate_run`` leaves such queries out of
  every mean (all six metrics) by default, like the usual trec-style reports
  that evaluate only queries with relevant judgments, so our numbers are
  comparable with them. On the dev set 12 of its 90 queries have no doc rated
  >= 1, so 78 queries count, and a perfect run now reaches 1.0 on nDCG@10
  and condensed nDCG@10. ``answerable_queries`` / ``unanswerable_queries``
  list the two groups; ``skip_unanswerable=False`` restores the old rule
  (unanswerable queries count as 0, which caps the dev set at 78/90).
  Which queries are unanswerable does not depend on ``threshold``, so the set
  of averaged queries is the same for every system and threshold.
  An answerable query that has no doc >= ``threshold`` (only rating-1 docs at
  the default threshold 2) still counts, with MRR and hit@k 0.0: the MRR /
  hit@5 ceiling on the dev set is 76/78 (2 answerable queries have only
  rating-1 docs). Recall is undefined there (0/0), so ``recall_at_k`` returns
  ``None`` and ``evaluate_run`` leaves those queries out of the recall mean.
  The per-query functions (``ndcg_at_k``, ``evaluate_queries``, …) still score
  every query; nDCG is 0.0 when the ideal DCG is 0.
* **Programmer errors raise.** A ranking with a duplicate docid raises
  ``ValueError`` naming it (ranking code must dedupe to product level, or the
  same product would be counted twice); a non-string docid raises
  ``TypeError`` (an ``int`` id would silently never match a judgment).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from types import MappingProxyType

from rag.evaluation.judgments import Judgments

logger = logging.getLogger(__name__)

#: Lowest rating that counts as relevant for MRR, hit@k and recall@k.
RELEVANCE_THRESHOLD = 2

#: Keys of ``evaluate_run``'s result, in report order.
METRIC_KEYS = ("ndcg@10", "ndcg@10_condensed", "mrr", "hit@5", "recall@100", "judged@10")

Ranking = Sequence[str]
Ratings = Mapping[str, int]


def ndcg_at_k(ranked: Ranking, judged: Ratings, k: int = 10) -> float:
    """Normalized DCG of the top ``k``; unjudged docs gain 0.

    DCG = sum over ranks r = 1..k of (2**rating - 1) / log2(r + 1). The ideal
    DCG ranks all judged ratings in descending order and keeps the top ``k``.
    Returns 0.0 when the ideal DCG is 0 (no judged doc rated >= 1): there is
    nothing to find. ``evaluate_run`` leaves such queries out of its means by
    default (see ``unanswerable_queries``).
    """
    _check_ranking(ranked)
    _check_k(k)
    ideal = _dcg(sorted(judged.values(), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return _dcg([judged.get(docid, 0) for docid in ranked[:k]]) / ideal


def condensed_ndcg_at_k(ranked: Ranking, judged: Ratings, k: int = 10) -> float:
    """nDCG@k on the condensed list: unjudged docs are removed first (Sakai, 2007).

    Judged-irrelevant docs (rating 0) stay. This scores a system on what the
    judges saw, so a new retriever is not punished for surfacing unjudged
    (possibly relevant) products; read it next to ``judged_at_k``.
    """
    _check_ranking(ranked)
    return ndcg_at_k([docid for docid in ranked if docid in judged], judged, k)


def mrr(ranked: Ranking, judged: Ratings, threshold: int = RELEVANCE_THRESHOLD) -> float:
    """Reciprocal rank of the first doc rated >= ``threshold`` in the whole list; 0.0 if none."""
    _check_ranking(ranked)
    _check_threshold(threshold)
    for rank, docid in enumerate(ranked, start=1):
        if judged.get(docid, 0) >= threshold:
            return 1.0 / rank
    return 0.0


def hit_at_k(
    ranked: Ranking, judged: Ratings, k: int = 5, threshold: int = RELEVANCE_THRESHOLD
) -> float:
    """1.0 if any of the top ``k`` is rated >= ``threshold``, else 0.0."""
    _check_ranking(ranked)
    _check_k(k)
    _check_threshold(threshold)
    return 1.0 if any(judged.get(docid, 0) >= threshold for docid in ranked[:k]) else 0.0


def recall_at_k(
    ranked: Ranking, judged: Ratings, k: int = 100, threshold: int = RELEVANCE_THRESHOLD
) -> float | None:
    """Relevant docs in the top ``k`` / all judged relevant docs.

    ``None`` when no judged doc reaches ``threshold`` (recall is 0/0 there);
    ``evaluate_run`` skips such queries in the recall mean.
    """
    _check_ranking(ranked)
    _check_k(k)
    _check_threshold(threshold)
    relevant = {docid for docid, rating in judged.items() if rating >= threshold}
    if not relevant:
        return None
    return len(relevant.intersection(ranked[:k])) / len(relevant)


def judged_at_k(ranked: Ranking, judged: Ratings, k: int = 10) -> float:
    """Share of the top ``k`` that has a judgment (of any rating).

    The denominator is ``min(k, len(ranked))``, so a short list is not
    penalized for its length; an empty ranking gives 0.0. Low values mean the
    other metrics rest on guesses about unjudged docs.
    """
    _check_ranking(ranked)
    _check_k(k)
    top = ranked[:k]
    if not top:
        return 0.0
    return sum(1 for docid in top if docid in judged) / len(top)


@dataclass(frozen=True, slots=True)
class QueryMetrics:
    """The six report metrics for one query; ``recall_at_100`` is None without relevant docs."""

    ndcg_at_10: float
    ndcg_at_10_condensed: float
    mrr: float
    hit_at_5: float
    recall_at_100: float | None
    judged_at_10: float

    def as_dict(self) -> dict[str, float | None]:
        """Values under the report keys of ``METRIC_KEYS``."""
        return dict(zip(METRIC_KEYS, asdict(self).values(), strict=True))


def evaluate_query(
    ranked: Ranking, judged: Ratings, threshold: int = RELEVANCE_THRESHOLD
) -> QueryMetrics:
    """All report metrics for one query."""
    return QueryMetrics(
        ndcg_at_10=ndcg_at_k(ranked, judged, k=10),
        ndcg_at_10_condensed=condensed_ndcg_at_k(ranked, judged, k=10),
        mrr=mrr(ranked, judged, threshold=threshold),
        hit_at_5=hit_at_k(ranked, judged, k=5, threshold=threshold),
        recall_at_100=recall_at_k(ranked, judged, k=100, threshold=threshold),
        judged_at_10=judged_at_k(ranked, judged, k=10),
    )


def evaluate_queries(
    run: Mapping[str, Ranking],
    judgments: Judgments | Mapping[str, Ratings],
    threshold: int = RELEVANCE_THRESHOLD,
) -> dict[str, QueryMetrics]:
    """Per-query metrics for every judged query, in the judgments' query order.

    Unanswerable queries are included here (scored 0 on nDCG, MRR and hit@5);
    only ``evaluate_run`` leaves them out of its means.

    A judged query missing from ``run`` is scored as an empty ranking. Queries
    in ``run`` without judgments are ignored (and logged: they usually mean the
    run's query strings differ from the judgments', e.g. by case or spacing).
    """
    by_query = _by_query(judgments)
    unjudged = [query for query in run if query not in by_query]
    if unjudged:
        logger.warning(
            "%d run queries have no judgments and are ignored, e.g. %r",
            len(unjudged),
            unjudged[:3],
        )
    return {
        query: evaluate_query(run.get(query, ()), judged, threshold=threshold)
        for query, judged in by_query.items()
    }


@dataclass(frozen=True, slots=True)
class RunMetrics:
    """Run-level means plus which queries they were taken over.

    ``means`` holds the six ``METRIC_KEYS``; ``evaluated`` lists the queries
    averaged (judgments' order), ``skipped`` the unanswerable queries left out
    (empty with ``skip_unanswerable=False``); ``recall_queries`` counts the
    evaluated queries that have a doc >= threshold (the recall mean's size).
    """

    means: Mapping[str, float]
    evaluated: tuple[str, ...]
    skipped: tuple[str, ...]
    recall_queries: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "means", MappingProxyType(dict(self.means)))


def answerable_queries(judgments: Judgments | Mapping[str, Ratings]) -> tuple[str, ...]:
    """Judged queries with at least one doc rated >= 1, in the judgments' order."""
    by_query = _by_query(judgments)
    return tuple(query for query, judged in by_query.items() if _is_answerable(judged))


def unanswerable_queries(judgments: Judgments | Mapping[str, Ratings]) -> tuple[str, ...]:
    """Judged queries with no doc rated >= 1 (ideal DCG 0), in the judgments' order."""
    by_query = _by_query(judgments)
    return tuple(query for query, judged in by_query.items() if not _is_answerable(judged))


def evaluate_run_details(
    run: Mapping[str, Ranking],
    judgments: Judgments | Mapping[str, Ratings],
    threshold: int = RELEVANCE_THRESHOLD,
    *,
    skip_unanswerable: bool = True,
) -> RunMetrics:
    """``evaluate_run``'s means together with the queries they cover; see there."""
    per_query = evaluate_queries(run, judgments, threshold=threshold)
    if not per_query:
        raise ValueError("no judged queries to evaluate; check the judgments file")
    skipped: tuple[str, ...] = ()
    if skip_unanswerable:
        skipped = unanswerable_queries(judgments)
        if len(skipped) == len(per_query):
            raise ValueError(
                f"all {len(per_query)} judged queries are unanswerable (no doc rated >= 1), "
                "so there is nothing to rank; check the judgments file, or pass "
                "skip_unanswerable=False to score them as zeros"
            )
        if skipped:
            logger.info(
                "%d of %d judged queries have no doc rated >= 1 and are left out of "
                "the means, e.g. %r",
                len(skipped),
                len(per_query),
                skipped[:3],
            )
    left_out = set(skipped)
    evaluated = tuple(query for query in per_query if query not in left_out)
    rows = [per_query[query].as_dict() for query in evaluated]
    means: dict[str, float] = {}
    for key in METRIC_KEYS:
        values = [row[key] for row in rows if row[key] is not None]
        means[key] = math.fsum(values) / len(values) if values else math.nan
    recall_queries = sum(1 for row in rows if row["recall@100"] is not None)
    return RunMetrics(
        means=means, evaluated=evaluated, skipped=skipped, recall_queries=recall_queries
    )


def evaluate_run(
    run: Mapping[str, Ranking],
    judgments: Judgments | Mapping[str, Ratings],
    threshold: int = RELEVANCE_THRESHOLD,
    *,
    skip_unanswerable: bool = True,
) -> dict[str, float]:
    """Mean of each metric over the answerable judged queries, under the keys of ``METRIC_KEYS``.

    By default queries with no judged doc rated >= 1 (``unanswerable_queries``)
    are left out of all six means; ``skip_unanswerable=False`` keeps them as
    zeros (the old rule). An answerable query without a doc >= ``threshold``
    still counts, with MRR and hit@5 0.0. A judged query missing from ``run``
    counts as an empty ranking (zeros). ``recall@100`` averages only the
    queries that have a doc >= ``threshold``; it is NaN if none has.

    Raises ``ValueError`` when there are no judged queries, or when
    ``skip_unanswerable`` is true and every judged query is unanswerable.
    """
    details = evaluate_run_details(
        run, judgments, threshold=threshold, skip_unanswerable=skip_unanswerable
    )
    return dict(details.means)


def percentile(values: Iterable[float], p: float) -> float | None:
    """The ``p``-th percentile (0..100) with linear interpolation, like ``numpy.percentile``.

    For latency reports (p50, p99). ``None`` for no values.
    """
    if not 0 <= p <= 100:
        raise ValueError(f"percentile p must be in 0..100, got {p!r}")
    ordered = sorted(float(value) for value in values)
    if not ordered:
        return None
    if any(math.isnan(value) for value in ordered):
        raise ValueError("percentile values contain NaN")
    position = (len(ordered) - 1) * p / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    fraction = position - low
    return ordered[low] + (ordered[high] - ordered[low]) * fraction


def _by_query(judgments: Judgments | Mapping[str, Ratings]) -> Mapping[str, Ratings]:
    return judgments.by_query if isinstance(judgments, Judgments) else judgments


def _is_answerable(judged: Ratings) -> bool:
    return any(rating >= 1 for rating in judged.values())


def _dcg(ratings: Iterable[int]) -> float:
    return math.fsum(
        (2**rating - 1) / math.log2(rank + 1) for rank, rating in enumerate(ratings, start=1)
    )


def _check_ranking(ranked: Ranking) -> None:
    if isinstance(ranked, str):
        raise TypeError("ranked must be a sequence of docids, not a single string")
    first_rank: dict[str, int] = {}
    for rank, docid in enumerate(ranked, start=1):
        if not isinstance(docid, str):
            raise TypeError(
                f"docid at rank {rank} is {type(docid).__name__} {docid!r}; docids are strings"
            )
        if docid in first_rank:
            raise ValueError(
                f"duplicate docid {docid!r} at ranks {first_rank[docid]} and {rank}; "
                "dedupe the ranking (to product level) before evaluating"
            )
        first_rank[docid] = rank


def _check_k(k: int) -> None:
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}")


def _check_threshold(threshold: int) -> None:
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise ValueError(
            f"threshold must be an integer rating >= 1 (e.g. 1, 2 or 3), got {threshold!r}"
        )
