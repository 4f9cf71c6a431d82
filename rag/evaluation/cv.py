"""Choosing a knob by k-fold cross-validation over queries.

A knob (fusion weights, field boosts, the category boost, the rerank policy, …)
has a grid of candidate values, one of them its *plain default* (the untuned
value: equal weights, equal boosts, the stage off). Every candidate is run once
over the judged queries, giving a per-query figure (NDCG@10). Then, for each of
``folds`` folds, the candidate with the best mean on the *other* folds is chosen
and scored on the held-out fold; the held-out scores of all folds make the
out-of-fold figure. It is the figure the procedure "tune on the dev set" earns on
queries it did not tune on, and it is reported next to the in-sample figure
(the best candidate's mean on all queries, which flatters the tuned choice).

Near-duplicate queries ("bluetooth speaker" / "bluetooth speakers", "smart
watch" / "smartwatch") go to the same fold (``query_groups``), or a candidate
would be tuned on a query and tested on its twin. Fold assignments are averaged
over several seeds, because with ~80 queries one split is noisy.

The verdict: a knob *wins out of fold* when the out-of-fold mean beats the plain
default's mean by more than ``margin``; then it takes the candidate best on all
queries, else it stays at its plain default.

Hand-written rather than scikit-learn's ``GroupKFold``: the grouping is ours,
the model selection is an argmax over a precomputed table (no estimator), and
the project does not otherwise depend on scikit-learn.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rag.catalog.vocabulary import TERM, plural_stem, terms


def query_groups(queries: Sequence[str], *, share_word: bool = False) -> list[int]:
    """A group id per query; queries in one group must share a fold.

    Near-duplicates are grouped: the same words up to plurals, or the same
    letters up to spaces ("smart watch" / "smartwatch"). With ``share_word``
    any two queries that share a word are grouped too (a stricter split).
    """
    parent = list(range(len(queries)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    keys = [terms(q) for q in queries]
    squashed = ["".join(plural_stem(w) for w in TERM.findall(q.lower())) for q in queries]
    for a in range(len(queries)):
        for b in range(a + 1, len(queries)):
            if keys[a] == keys[b] or squashed[a] == squashed[b] or (share_word and keys[a] & keys[b]):
                parent[find(a)] = find(b)
    return [find(i) for i in range(len(queries))]


def assign_folds(groups: Sequence[int], folds: int, seed: int = 0) -> list[int]:
    """Whole groups to folds, round-robin over a seeded shuffle of the groups."""
    if folds < 2:
        raise ValueError(f"need at least 2 folds, got {folds}")
    unique = sorted(set(groups))
    if len(unique) < folds:
        raise ValueError(f"{len(unique)} query groups cannot fill {folds} folds")
    random.Random(seed).shuffle(unique)
    fold_of = {g: i % folds for i, g in enumerate(unique)}
    return [fold_of[g] for g in groups]


@dataclass(frozen=True, slots=True)
class KnobResult:
    """One knob's cross-validation.

    ``in_sample`` is each candidate's mean over all queries; ``best`` the
    candidate with the highest one; ``out_of_fold`` the mean held-out figure of
    choosing by the training folds (averaged over seeds, spread in
    ``oof_by_seed``); ``picks`` how often each candidate was chosen over all
    folds and seeds; ``chosen`` the verdict (``best`` if it wins out of fold,
    else ``default``).
    """

    knob: str
    default: str
    in_sample: Mapping[str, float]
    best: str
    out_of_fold: float
    oof_by_seed: tuple[float, ...]
    picks: Mapping[str, int]
    wins: bool
    chosen: str
    queries: int
    folds: int
    margin: float = 0.0
    extra: Mapping[str, object] = field(default_factory=dict)

    @property
    def default_figure(self) -> float:
        return self.in_sample[self.default]

    def as_json(self) -> dict[str, object]:
        return {
            "knob": self.knob,
            "default": self.default,
            "default_figure": round(self.default_figure, 4),
            "best_in_sample": self.best,
            "best_in_sample_figure": round(self.in_sample[self.best], 4),
            "out_of_fold": round(self.out_of_fold, 4),
            "out_of_fold_by_seed": [round(v, 4) for v in self.oof_by_seed],
            "picks": dict(self.picks),
            "wins_out_of_fold": self.wins,
            "chosen": self.chosen,
            "queries": self.queries,
            "folds": self.folds,
            "margin": self.margin,
            "in_sample": {name: round(v, 4) for name, v in self.in_sample.items()},
            **self.extra,
        }


def cross_validate(
    knob: str,
    per_query: Mapping[str, Mapping[str, float]],
    default: str,
    *,
    folds: int = 5,
    seeds: int = 3,
    margin: float = 0.0,
    share_word: bool = False,
) -> KnobResult:
    """Cross-validate the choice among ``per_query``'s candidates.

    ``per_query`` maps candidate -> {query: figure}; every candidate must score
    the same queries. Ties on the training folds go to the default, then to the
    grid's order, so a candidate must be strictly better to be picked.
    """
    if default not in per_query:
        raise ValueError(f"default {default!r} is not among the candidates {sorted(per_query)}")
    queries = list(per_query[default])
    for name, scores in per_query.items():
        if set(scores) != set(queries):
            raise ValueError(f"candidate {name!r} scores other queries than the default {default!r}")
    if not queries:
        raise ValueError("no queries to cross-validate on")
    order = [default] + [name for name in per_query if name != default]
    in_sample = {name: math.fsum(per_query[name][q] for q in queries) / len(queries) for name in per_query}
    best = max(order, key=lambda name: in_sample[name])  # max keeps the first of equals
    groups = query_groups(queries, share_word=share_word)
    picks: Counter[str] = Counter()
    oof_by_seed = []
    for seed in range(seeds):
        fold_of = assign_folds(groups, folds, seed)
        held_out: list[float] = []
        for f in range(folds):
            train = [q for q, fq in zip(queries, fold_of, strict=True) if fq != f]
            test = [q for q, fq in zip(queries, fold_of, strict=True) if fq == f]
            pick = max(order, key=lambda name: math.fsum(per_query[name][q] for q in train))
            picks[pick] += 1
            held_out += [per_query[pick][q] for q in test]
        oof_by_seed.append(math.fsum(held_out) / len(held_out))
    out_of_fold = math.fsum(oof_by_seed) / len(oof_by_seed)
    wins = best != default and out_of_fold > in_sample[default] + margin
    return KnobResult(
        knob=knob, default=default, in_sample=in_sample, best=best, out_of_fold=out_of_fold,
        oof_by_seed=tuple(oof_by_seed), picks=dict(picks), wins=wins, chosen=best if wins else default,
        queries=len(queries), folds=folds, margin=margin,
    )
