"""Offline replay: where did the clicked or bought product rank, with and
without personalization, over logged sessions?

Sessions are replayed in time order per user. Before each logged ranking the
user's profile is rebuilt from the interactions logged *before* it (in a
scratch in-memory store, through the same incremental update the live store
uses), so no session is scored with knowledge of itself or of the future.
The unpersonalized order is the ranking's logged candidate list
(``trace.fused``); the personalized order is that list reordered by the
profile exactly as the chain does.
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


@dataclass(frozen=True, slots=True)
class RankPair:
    user_id: str
    request_id: str
    product_id: str
    kind: str
    base_rank: int
    personalized_rank: int
    cold: bool  # the profile was empty at that point


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

    @classmethod
    def of(cls, pairs: Sequence[RankPair]) -> ReplaySummary:
        n = len(pairs)
        if not n:
            return cls(0, 0.0, 0.0, 0.0, 0.0, 0, 0, 0, 0)
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


def replay(db: Session, lookup: Lookup, users: Sequence[str], *, config: ReorderConfig | None = None,
           half_life_days: float = 30.0) -> ReplayReport:
    scratch = open_store("sqlite://")
    personalizer = StorePersonalizer(scratch, config or ReorderConfig(), half_life_days=half_life_days)
    pairs: list[RankPair] = []
    for user_id in users:
        rankings = db.scalars(select(RankingRow).where(RankingRow.user_id == user_id)
                              .order_by(RankingRow.created_at, RankingRow.request_id)).all()
        events = db.scalars(select(InteractionRow).where(InteractionRow.user_id == user_id)
                            .order_by(InteractionRow.created_at, InteractionRow.id)).all()
        needed = {pid for r in rankings for pid, _ in (r.trace or {}).get("fused") or []} | {e.product_id for e in events if e.product_id}
        products = lookup(sorted(needed))
        folded = 0
        for ranking in rankings:
            at = as_utc(ranking.created_at)
            with scratch.begin() as s:
                while folded < len(events) and as_utc(events[folded].created_at) < at:
                    row = events[folded]
                    record_interaction(s, _event(row), product=products.get(row.product_id or ""), half_life_days=half_life_days)
                    folded += 1
            positives = list(dict.fromkeys(
                e.product_id for e in events
                if e.request_id == ranking.request_id and e.product_id and EventKind(e.kind) in POSITIVE_KINDS
            ))
            candidates = [FusedHit(pid, float(score)) for pid, score in (ranking.trace or {}).get("fused") or []]
            base = [h.product_id for h in candidates]
            positives = [p for p in positives if p in base]
            if not positives:
                continue
            with scratch() as s:
                profile = load_profile(s, user_id, now=at, half_life_days=half_life_days)
            personalized = [h.product_id for h in personalizer.apply(profile, candidates, products).hits]
            strongest = {e.product_id: e.kind for e in events if e.request_id == ranking.request_id}
            for pid in positives:
                pairs.append(RankPair(user_id, ranking.request_id, pid, strongest.get(pid, ""),
                                      base.index(pid) + 1, personalized.index(pid) + 1, profile.is_empty))
    by_user = {u: ReplaySummary.of([p for p in pairs if p.user_id == u]) for u in users}
    return ReplayReport(ReplaySummary.of(pairs), ReplaySummary.of([p for p in pairs if not p.cold]), by_user, tuple(pairs))
