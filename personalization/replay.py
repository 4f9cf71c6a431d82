"""Offline replay: where did the clicked or bought product rank, with and
without personalization, over logged sessions?

Sessions are replayed in time order per user. Before each logged ranking the
user's profile is rebuilt from the interactions logged *before* it (in a
scratch in-memory store, through the same incremental update the live store
uses), so no session is scored with knowledge of itself or of the future.
The unpersonalized order is the ranking's logged candidate list
(``trace.fused``); the personalized order is that list reordered by the
profile exactly as the chain does.

Clicks are biased towards the positions the logged list put them in: a
shopper looks at the top more often than at position 8, so a product clicked
at the top may be no better liked than one clicked lower down, and the rank of
clicked products favours the list that was logged. Besides the plain means,
the replay reports them weighted by inverse propensity (IPS; Joachims,
Swaminathan and Schnabel, 2017): each clicked product counts
``1 / P(examined | its logged position)``, which makes the average rank of
clicked products an unbiased estimate of the average rank of the products the
shopper *likes*, for any order, as long as the examination model is right.
The default examination model is the demo personas' (``personas.examine_probability``);
for real traffic it has to be estimated (e.g. from randomized swaps) and passed in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from personalization.events import POSITIVE_KINDS, EventKind, Interaction
from personalization.personalizer import StorePersonalizer
from personalization.profile import as_utc
from personalization.reorder import ReorderConfig
from personalization.repository import load_profile, record_interaction
from personalization.store import InteractionRow, RankingRow, open_store
from rag.records import FusedHit, Product

Lookup = Callable[[Sequence[str]], Mapping[str, Product]]
Examination = Callable[[int], float]  # 1-based position shown -> P(the shopper looks at it)


@dataclass(frozen=True, slots=True)
class RankPair:
    user_id: str
    request_id: str
    product_id: str
    kind: str
    base_rank: int
    personalized_rank: int
    cold: bool  # the profile was empty at that point
    logged_position: int | None = None  # where the shopper saw it (1-based); None if not among the shown
    propensity: float = 1.0  # P(examined | logged position)


@dataclass(frozen=True, slots=True)
class ReplaySummary:
    pairs: int
    mean_rank_base: float
    mean_rank_personalized: float
    mrr_base: float
    mrr_personalized: float
    improved: int
    unchanged: int
    worse: int
    cold: int
    # The same means weighted by 1 / propensity (self-normalized IPS): position bias removed.
    ips_mean_rank_base: float = 0.0
    ips_mean_rank_personalized: float = 0.0
    ips_mrr_base: float = 0.0
    ips_mrr_personalized: float = 0.0

    @classmethod
    def of(cls, pairs: Sequence[RankPair]) -> ReplaySummary:
        n = len(pairs)
        if not n:
            return cls(0, 0.0, 0.0, 0.0, 0.0, 0, 0, 0, 0)
        weights = [1.0 / p.propensity for p in pairs]
        total = sum(weights)

        def ips(values) -> float:
            return sum(w * v for w, v in zip(weights, values, strict=True)) / total

        return cls(
            n,
            round(sum(p.base_rank for p in pairs) / n, 3),
            round(sum(p.personalized_rank for p in pairs) / n, 3),
            round(sum(1 / p.base_rank for p in pairs) / n, 4),
            round(sum(1 / p.personalized_rank for p in pairs) / n, 4),
            sum(p.personalized_rank < p.base_rank for p in pairs),
            sum(p.personalized_rank == p.base_rank for p in pairs),
            sum(p.personalized_rank > p.base_rank for p in pairs),
            sum(p.cold for p in pairs),
            round(ips([p.base_rank for p in pairs]), 3),
            round(ips([p.personalized_rank for p in pairs]), 3),
            round(ips([1 / p.base_rank for p in pairs]), 4),
            round(ips([1 / p.personalized_rank for p in pairs]), 4),
        )


@dataclass(frozen=True, slots=True)
class ReplayReport:
    overall: ReplaySummary
    warm: ReplaySummary  # only pairs where the user had history
    by_user: Mapping[str, ReplaySummary]
    pairs: tuple[RankPair, ...] = field(default=(), repr=False)

    def to_dict(self) -> dict[str, object]:
        return {"overall": asdict(self.overall), "warm": asdict(self.warm),
                "by_user": {u: asdict(s) for u, s in self.by_user.items()}}


def _event(row: InteractionRow) -> Interaction:
    return Interaction(row.user_id, EventKind(row.kind), None, row.product_id, row.reason, row.comment, row.value,
                       as_utc(row.created_at))


def _shown_positions(ranking: RankingRow) -> dict[str, int]:
    items = ranking.items or []
    if items:
        return {str(i["product_id"]): int(i.get("rank") or n) for n, i in enumerate(items, start=1)}
    return {pid: n for n, pid in enumerate((ranking.trace or {}).get("shown") or [], start=1)}


def replay(db: Session, lookup: Lookup, users: Sequence[str], *, config: ReorderConfig | None = None,
           half_life_days: float = 30.0, examination: Examination | None = None,
           observe: Callable[[str, Sequence[str], Sequence[str], bool], None] | None = None) -> ReplayReport:
    """Replay ``users``' logged rankings; ``examination`` is the position-bias
    model for the IPS figures (default: the demo personas' click model).
    ``observe(user_id, base_ids, personalized_ids, cold)`` sees every replayed
    ranking, clicked or not (benchmarks/personalization_replay.py scores them)."""
    if examination is None:
        from personalization.personas import examine_probability as examination
    scratch = open_store("sqlite://")
    personalizer = StorePersonalizer(scratch, config or ReorderConfig(), half_life_days=half_life_days)
    pairs: list[RankPair] = []
    for user_id in users:
        rankings = db.scalars(select(RankingRow).where(RankingRow.user_id == user_id)
                              .order_by(RankingRow.created_at, RankingRow.request_id)).all()
        events = db.scalars(select(InteractionRow).where(InteractionRow.user_id == user_id)
                            .order_by(InteractionRow.created_at, InteractionRow.id)).all()
        needed = {pid for r in rankings for pid, _ in (r.trace or {}).get("fused") or []} | {e.product_id for e in events if e.product_id}
        needed |= {pid for r in rankings for pid in _shown_positions(r)}
        products = lookup(sorted(needed))
        peers = {r.request_id: [products[pid] for pid in _shown_positions(r) if pid in products] for r in rankings}
        folded = 0
        for ranking in rankings:
            at = as_utc(ranking.created_at)
            with scratch.begin() as s:
                while folded < len(events) and as_utc(events[folded].created_at) < at:
                    row = events[folded]
                    record_interaction(s, _event(row), product=products.get(row.product_id or ""), half_life_days=half_life_days,
                                       peers=peers.get(row.request_id or "", ()))
                    folded += 1
            positives = list(dict.fromkeys(
                e.product_id for e in events
                if e.request_id == ranking.request_id and e.product_id and EventKind(e.kind) in POSITIVE_KINDS
            ))
            candidates = [FusedHit(pid, float(score)) for pid, score in (ranking.trace or {}).get("fused") or []]
            base = [h.product_id for h in candidates]
            positives = [p for p in positives if p in base]
            if not positives and observe is None:
                continue
            with scratch() as s:
                profile = load_profile(s, user_id, now=at, half_life_days=half_life_days)
            personalized = [h.product_id for h in personalizer.apply(profile, candidates, products).hits]
            if observe is not None:
                observe(user_id, base, personalized, profile.is_empty)
            strongest = {e.product_id: e.kind for e in events if e.request_id == ranking.request_id}
            shown_at = _shown_positions(ranking)
            for pid in positives:
                position = shown_at.get(pid)
                propensity = examination(position) if position else 1.0
                if not 0 < propensity <= 1:
                    raise ValueError(f"examination probability at position {position} must be in (0, 1], got {propensity}")
                pairs.append(RankPair(user_id, ranking.request_id, pid, strongest.get(pid, ""),
                                      base.index(pid) + 1, personalized.index(pid) + 1, profile.is_empty,
                                      position, propensity))
    by_user = {u: ReplaySummary.of([p for p in pairs if p.user_id == u]) for u in users}
    return ReplayReport(ReplaySummary.of(pairs), ReplaySummary.of([p for p in pairs if not p.cold]), by_user, tuple(pairs))
