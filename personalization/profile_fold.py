"""The profile fold: one interaction's share of its shopper's profile, applied to the stored rows.

Affinities (brand, category, price tier ...) and the centroid of what the shopper engaged with decay
multiplicatively, so folding events one after another gives the same profile in any grouping (and the
same as a recomputation from the interactions). The group-commit writer defers each event's
:class:`ProfileUpdate` to the end of its batch and :meth:`ProfileUpdate.prefetch_batch` reads the
rows of every shopper in the batch at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from personalization.events import EventKind
from personalization.profile import as_utc, decayed, event_weight, fold_vector, product_keys, tier_key
from personalization.store import AffinityRow, CentroidRow, transaction_memo
from rag.records import Product

DEFAULT_HALF_LIFE_DAYS = 30.0


@dataclass(frozen=True, slots=True)
class ProfileUpdate:
    """One event's share of its shopper's profile: the affinities of ``product``, and the
    centroid when ``vector`` is given. Decay is multiplicative, so applying updates one
    after another gives the same profile in any grouping (and the same as a recomputation)."""

    user_id: str
    kind: EventKind
    product: Product
    vector: np.ndarray | None
    at: datetime
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS
    position: float | None = None  # the product's price among what was shown (price_position)

    def folds(self) -> list[tuple[str, str, float]]:
        """(affinity kind, key, weight) this event folds in."""
        weight = event_weight(self.kind)
        keys = [(kind, key, weight) for kind, key in product_keys(self.product).items()]
        tier = tier_key(self.position)
        if tier is not None and self.position is not None:
            # A pick at the very end of what was shown says more than one next to the middle.
            keys.append(("price_tier", tier, weight * abs(self.position)))
        return keys

    def apply(self, session: Session) -> None:
        keys = self.folds()
        rows = _profile_rows(session, self.user_id, [(kind, key) for kind, key, _ in keys],
                             centroid=self.vector is not None)
        _fold_affinities(session, rows, self.user_id, self.kind, keys, self.at, self.half_life_days)
        if self.vector is not None:
            _fold_centroid(session, rows, self.user_id, self.kind, self.vector, self.at, self.half_life_days)

    __call__ = apply  # deferred as itself: the writer finds prefetch_batch on its type

    @staticmethod
    def prefetch_batch(session: Session, updates: Sequence[ProfileUpdate]) -> None:
        """Read the rows every update of a batch folds, for all their shoppers at once: one statement for
        the affinities and one for the centroids, instead of two per shopper (each :meth:`apply` then
        finds its rows read). What an earlier fold of the transaction read already is not read again."""
        wanted: dict[str, set[tuple[str, str]]] = {}
        centroids: set[str] = set()
        for update in updates:
            wanted.setdefault(update.user_id, set()).update((kind, key) for kind, key, _ in update.folds())
            if update.vector is not None:
                centroids.add(update.user_id)
        _read_rows(session, wanted, centroids)


@dataclass(slots=True)
class _ProfileRows:
    """The profile rows of one shopper this transaction has read or added; ``absent``: keys
    read and not found (new to the shopper)."""

    affinities: dict[tuple[str, str], AffinityRow] = field(default_factory=dict)
    absent: set[tuple[str, str]] = field(default_factory=set)
    centroid: CentroidRow | None = None
    centroid_read: bool = False


#: Statements built once (their cache keys are computed once): the rows folds need, by shopper and key.
_AFFINITIES_OF_USERS = (select(AffinityRow)
                        .where(AffinityRow.user_id.in_(bindparam("users", expanding=True)),
                               AffinityRow.key.in_(bindparam("keys", expanding=True)))
                        .execution_options(populate_existing=True))  # rows kept from an earlier transaction are re-read
_CENTROIDS_OF_USERS = (select(CentroidRow).where(CentroidRow.user_id.in_(bindparam("users", expanding=True)))
                       .execution_options(populate_existing=True))


def _read_rows(session: Session, wanted: dict[str, set[tuple[str, str]]], centroids: set[str]) -> None:
    """Read, into the transaction's memo, the affinity rows ``wanted`` (shopper -> (kind, key)s) and the
    centroids of ``centroids``, skipping what the transaction read already: at most one statement each,
    whatever the number of shoppers. A key read and not found is remembered as new to its shopper."""
    held = transaction_memo(session, "profile_rows")
    for user in wanted.keys() | centroids:
        if user not in held:
            held[user] = _ProfileRows()
    missing = {user: {k for k in keys if k not in held[user].affinities and k not in held[user].absent}
               for user, keys in wanted.items()}
    missing = {user: keys for user, keys in missing.items() if keys}
    if missing:
        keys = sorted({key for keys in missing.values() for _, key in keys})
        for row in session.scalars(_AFFINITIES_OF_USERS, {"users": sorted(missing), "keys": keys}):
            if (row.kind, row.key) in missing[row.user_id]:
                held[row.user_id].affinities[(row.kind, row.key)] = row
        for user, keys in missing.items():
            held[user].absent.update(k for k in keys if k not in held[user].affinities)
    unread = sorted(user for user in centroids if not held[user].centroid_read)
    if unread:
        stored = {row.user_id: row for row in session.scalars(_CENTROIDS_OF_USERS, {"users": unread})}
        for user in unread:
            held[user].centroid, held[user].centroid_read = stored.get(user), True


def _profile_rows(session: Session, user_id: str, keys: Sequence[tuple[str, str]], *, centroid: bool) -> _ProfileRows:
    """``user_id``'s rows for ``keys`` (and the centroid), each read at most once per transaction
    and kept: later folds of the batch find them here, and a key read and not found is new. Only
    the keys an event touches are read, not the whole profile."""
    _read_rows(session, {user_id: set(keys)}, {user_id} if centroid else set())
    return transaction_memo(session, "profile_rows")[user_id]


def _fold_affinities(session: Session, rows: _ProfileRows, user_id: str, kind: EventKind,
                     keys: Sequence[tuple[str, str, float]], at: datetime, half_life: float) -> None:
    for aff_kind, key, weight in keys:
        row = rows.affinities.get((aff_kind, key))
        if row is None:
            rows.absent.discard((aff_kind, key))
            row = rows.affinities[(aff_kind, key)] = AffinityRow(user_id=user_id, kind=aff_kind, key=key, weight=0.0,
                                                                updated_at=at, counts={})
            session.add(row)
        counts = dict(row.counts or {})
        counts[kind.value] = int(counts.get(kind.value, 0)) + 1
        row.counts = counts
        if row.pinned:
            continue  # the shopper set this one; events still count, the weight stays theirs
        # An event older than the stored weight (a late or replayed event) decays forward instead.
        if at >= as_utc(row.updated_at):
            row.weight = decayed(row.weight, row.updated_at, at, half_life) + weight
            row.updated_at = at
        else:
            row.weight = row.weight + decayed(weight, at, row.updated_at, half_life)


def _fold_centroid(session: Session, rows: _ProfileRows, user_id: str, kind: EventKind, vector: np.ndarray,
                   at: datetime, half_life: float) -> None:
    row = rows.centroid
    weight = event_weight(kind)
    if row is None:
        current, mass, stamp = None, 0.0, at
    else:
        current = np.frombuffer(row.vector, dtype=np.float32).copy()
        stamp = as_utc(row.updated_at)
        factor = decayed(1.0, stamp, at, half_life) if at >= stamp else 1.0
        current, mass = current * factor, row.mass * factor
        if at < stamp:
            weight = decayed(weight, at, stamp, half_life)
    summed, mass = fold_vector(current, mass, vector, weight)
    if row is None:
        rows.centroid = CentroidRow(user_id=user_id, vector=summed.astype(np.float32).tobytes(), mass=mass, updated_at=at)
        session.add(rows.centroid)
    else:
        row.vector, row.mass, row.updated_at = summed.astype(np.float32).tobytes(), mass, max(stamp, at)
