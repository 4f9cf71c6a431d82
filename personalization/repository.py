"""Repository functions over the store. Every function takes the caller's
``Session`` and leaves committing to it (one session per request or turn)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime

import numpy as np
from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from personalization.events import Interaction
from personalization.profile import (
    AFFINITY_KINDS,
    HIGHER,
    LOWER,
    Affinity,
    Profile,
    as_utc,
    decayed,
    price_position,
)
from personalization.profile_fold import DEFAULT_HALF_LIFE_DAYS, ProfileUpdate
from personalization.store import (
    AffinityRow,
    AnswerRow,
    CentroidRow,
    ChatSessionRow,
    ConversationMessageRow,
    InteractionRow,
    RankingRow,
    UserRow,
    lock_user,
    normalize_user_id,
    transaction_memo,
    utcnow,
)
from rag.records import Product


def validate_user_id(user_id: str) -> str:
    """The normalized id (NFKC, stripped) or a ValueError naming the problem:
    see :func:`personalization.store.normalize_user_id`."""
    return normalize_user_id(user_id or "")


def ensure_user(session: Session, user_id: str, *, is_demo: bool = False, persona: str | None = None) -> UserRow:
    user_id = validate_user_id(user_id)
    lock_user(session, user_id)
    row = session.get(UserRow, user_id)
    if row is None:
        row = UserRow(id=user_id, is_demo=is_demo, persona=persona, created_at=utcnow())
        session.add(row)
        session.flush()
    return row


# -- rankings and answers -----------------------------------------------------------------


def ranking_items(trace: Mapping[str, object], shown: Sequence[str] | None = None) -> list[dict[str, object]]:
    """The shown ids in order, each with its per-stage scores from the trace."""
    fused = {pid: (rank, score) for rank, (pid, score) in enumerate(trace.get("fused") or [], start=1)}
    rerank_scores = dict((trace.get("rerank") or {}).get("scores") or {})
    boosts = {b["product_id"]: b for b in (trace.get("boosts") or [])}
    legs = {leg["name"]: {pid: r for r, pid in enumerate(leg["product_ids"], start=1)} for leg in (trace.get("legs") or [])}
    items = []
    for rank, pid in enumerate(shown if shown is not None else trace.get("shown") or [], start=1):
        item: dict[str, object] = {"product_id": pid, "rank": rank}
        if pid in fused:
            item["fused_rank"], item["fused"] = fused[pid]
        if pid in rerank_scores:
            item["rerank"] = rerank_scores[pid]
        if pid in boosts:
            item["boost"] = boosts[pid]["delta"]
        item["legs"] = {name: ranks[pid] for name, ranks in legs.items() if pid in ranks}
        items.append(item)
    return items


def record_turn(session: Session, trace: Mapping[str, object], *, variant: str | None = None, is_demo: bool = False,
                shown: Sequence[str] | None = None, created_at: datetime | None = None,
                experiment: str | None = None) -> RankingRow:
    """Log one turn (``Trace.to_dict()``): its ranking and, when it answered, the answer.

    ``experiment`` and ``variant`` default to the trace's (set by the
    experiment router). Idempotent per request id: logging the same turn
    twice keeps one row.
    """
    request_id = str(trace["request_id"])
    existing = session.get(RankingRow, request_id)
    if existing is not None:
        return existing
    user_id = validate_user_id(str(trace["user_id"])) if trace.get("user_id") else None
    if user_id:
        ensure_user(session, user_id, is_demo=is_demo)
    session_id = trace.get("session_id")
    if session_id and session.get(ChatSessionRow, session_id) is None:
        session.add(ChatSessionRow(id=str(session_id), user_id=user_id or None, started_at=created_at or utcnow()))
    row = RankingRow(
        request_id=request_id,
        user_id=user_id or None,
        session_id=session_id or None,
        created_at=created_at or utcnow(),
        message=str(trace.get("message") or ""),
        query=str(trace.get("query") or ""),
        experiment=str(trace.get("experiment") or "") if experiment is None else experiment,
        variant=str(trace.get("variant") or "") if variant is None else variant,
        items=ranking_items(trace, shown),
        trace=dict(trace),
        is_demo=is_demo,
    )
    session.add(row)
    session.flush()  # the ranking exists before the answer that points at it
    remember_owner(request_id, row.user_id)  # feedback on this turn comes next (checked by its foreign key)
    if trace.get("answer") or trace.get("generator"):
        session.add(AnswerRow(
            request_id=request_id,
            text=str(trace.get("answer") or ""),
            generator=str(trace.get("generator") or ""),
            citations=dict(trace.get("citations") or {}),
            validation=dict(trace.get("validation") or {}),
        ))
    session.flush()
    return row


# -- interactions and the incremental profile update --------------------------------------------


def record_interaction(
    session: Session,
    event: Interaction,
    *,
    product: Product | None = None,
    vector: np.ndarray | None = None,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
    defer: Callable[[Callable[[Session], None]], None] | None = None,
    peers: Sequence[Product] = (),
    optimistic: bool = False,
) -> InteractionRow:
    """Store one interaction and fold it into the user's profile.

    ``product`` (the record of ``event.product_id``) feeds the affinities and
    ``vector`` (its embedding) the centroid; a thumbs on a whole answer has
    neither and only logs. A repeated ``client_key`` returns the stored row of
    the same shopper (keys are scoped per shopper); the same key for a
    different event is refused.

    ``defer``: where to hand the profile update instead of applying it now;
    the group-commit writer passes its batch's ``defer``, so the update runs
    at the end of the batch, in the same transaction (a :class:`ProfileUpdate`).

    ``peers``: the products shown beside it in that turn (the ranking the event points
    to); they place ``product``'s price among its own category's (the price tier). Without
    them the tier is not updated; the other affinities are.

    ``optimistic``: the group-commit writer's first pass. The key is not looked up and the
    row is not flushed here (its id exists after the batch's flush): a repeated key then
    fails the batch's flush on the unique index, and the writer redoes the batch piece by
    piece, not optimistic, where the lookup returns the stored row.
    """
    if event.user_id:
        event = replace(event, user_id=validate_user_id(event.user_id))
        lock_user(session, event.user_id)  # before any read: the key check and the profile fold
    if event.client_key and not optimistic:
        same = session.scalars(select(InteractionRow).where(
            InteractionRow.client_key == event.client_key,
            InteractionRow.user_id == event.user_id if event.user_id else InteractionRow.user_id.is_(None),
        )).first()
        if same is not None:
            if (same.kind, same.request_id, same.product_id) != (event.kind.value, event.request_id, event.product_id):
                raise ValueError(
                    f"client key {event.client_key!r} was already used for another event ({same.kind} on "
                    f"request {same.request_id!r}, product {same.product_id!r}); a retry must repeat the same "
                    "event, a new event needs a new key"
                )
            return same
    if event.request_id and not ranking_user(session, event.request_id, remembered=optimistic)[0]:
        raise ValueError(f"no ranking was logged with request id {event.request_id!r}; log the turn first")
    if product is not None and event.product_id and product.id != event.product_id:
        raise ValueError(f"product record {product.id!r} does not match the event's product {event.product_id!r}")
    at = as_utc(event.at or utcnow())
    if event.user_id:
        users = transaction_memo(session, "users")
        if event.user_id not in users:
            users[event.user_id] = ensure_user(session, event.user_id) is not None
    row = InteractionRow(
        user_id=event.user_id, request_id=event.request_id, product_id=event.product_id, kind=event.kind.value,
        reason=event.reason, comment=event.comment, value=event.value, created_at=at, client_key=event.client_key,
    )
    session.add(row)
    if event.user_id and product is not None:
        update = ProfileUpdate(event.user_id, event.kind, product, vector, at, half_life_days,
                               price_position(product, peers))
        if defer is None:
            update.apply(session)
        else:
            defer(update)
    if not optimistic:
        session.flush()
    return row


# -- reading and editing the profile ---------------------------------------------------------------


def load_profile(session: Session, user_id: str, *, now: datetime | None = None,
                 half_life_days: float = DEFAULT_HALF_LIFE_DAYS) -> Profile:
    """The profile decayed to ``now``; an unknown user gets an empty one (cold start)."""
    now = as_utc(now or utcnow())
    user_id = validate_user_id(user_id)
    rows = session.scalars(select(AffinityRow).where(AffinityRow.user_id == user_id)).all()
    affinities = tuple(
        Affinity(r.kind, r.key, r.weight if r.pinned else decayed(r.weight, r.updated_at, now, half_life_days),
                 dict(r.counts or {}), r.pinned)
        for r in rows
    )
    centroid_row = session.get(CentroidRow, user_id)
    centroid, mass = None, 0.0
    if centroid_row is not None and centroid_row.mass > 0:
        vec = np.frombuffer(centroid_row.vector, dtype=np.float32)
        norm = float(np.linalg.norm(vec))
        if norm > 0:
            centroid = vec / norm
            mass = decayed(centroid_row.mass, centroid_row.updated_at, now, half_life_days)
    return Profile(user_id, now, affinities, centroid, mass)


def set_affinity(session: Session, user_id: str, kind: str, key: str, weight: float) -> None:
    """The shopper's edit: pin an affinity to ``weight`` (events no longer move it)."""
    if kind not in AFFINITY_KINDS:
        raise ValueError(f"unknown affinity kind {kind!r}; choose one of: {', '.join(AFFINITY_KINDS)}")
    if not key.strip():
        raise ValueError("affinity key must not be empty")
    key = key.strip().lower()
    if kind == "price_tier" and key not in (LOWER, HIGHER):
        raise ValueError(f"unknown price tier {key!r}; choose one of: {LOWER}, {HIGHER}")
    user_id = ensure_user(session, user_id).id
    row = session.get(AffinityRow, (user_id, kind, key))
    if row is None:
        row = AffinityRow(user_id=user_id, kind=kind, key=key, counts={})
        session.add(row)
    row.weight, row.pinned, row.updated_at = float(weight), True, utcnow()
    session.flush()


def remove_affinity(session: Session, user_id: str, kind: str, key: str) -> bool:
    """Remove one affinity; returns whether it existed."""
    user_id = validate_user_id(user_id)
    result = session.execute(delete(AffinityRow).where(
        AffinityRow.user_id == user_id, AffinityRow.kind == kind, AffinityRow.key == key.strip().lower()
    ))
    return bool(result.rowcount)


def forget_user(session: Session, user_id: str) -> dict[str, int]:
    """Delete every row of ``user_id``: interactions, profile, sessions and their
    conversation memory, rankings and their answers (and any interaction pointing
    at those rankings), the user."""
    user_id = validate_user_id(user_id)
    lock_user(session, user_id)  # no write of this user's interleaves with the deletes
    request_ids = select(RankingRow.request_id).where(RankingRow.user_id == user_id)
    _forget_owners(session.scalars(request_ids).all())
    counts: dict[str, int] = {}

    def run(name: str, stmt) -> None:
        counts[name] = counts.get(name, 0) + (session.execute(stmt).rowcount or 0)

    run("interactions", delete(InteractionRow).where(InteractionRow.user_id == user_id))
    run("interactions", delete(InteractionRow).where(InteractionRow.request_id.in_(request_ids)))
    run("answers", delete(AnswerRow).where(AnswerRow.request_id.in_(request_ids)))
    run("rankings", delete(RankingRow).where(RankingRow.user_id == user_id))
    run("affinities", delete(AffinityRow).where(AffinityRow.user_id == user_id))
    run("centroids", delete(CentroidRow).where(CentroidRow.user_id == user_id))
    sessions = select(ChatSessionRow.id).where(ChatSessionRow.user_id == user_id)
    run("conversation_messages", delete(ConversationMessageRow).where(ConversationMessageRow.session_id.in_(sessions)))
    run("chat_sessions", delete(ChatSessionRow).where(ChatSessionRow.user_id == user_id))
    run("users", delete(UserRow).where(UserRow.id == user_id))
    return counts


def demo_users(session: Session) -> list[str]:
    return list(session.scalars(select(UserRow.id).where(UserRow.is_demo.is_(True))).all())


ProductLookup = Callable[[Sequence[str]], Mapping[str, Product]]


_RANKING_OWNER = select(RankingRow.user_id).where(RankingRow.request_id == bindparam("request_id"))

#: Owners of the rankings this process has logged or read (request id -> user id). A ranking's owner never
#: changes; the ranking may be deleted (forget-me), which the interaction's foreign key then catches.
_OWNERS: dict[str, str | None] = {}
_OWNERS_MAX = 65_536
_OWNERS_LOCK = threading.Lock()
_UNKNOWN = object()


def remember_owner(request_id: str, owner: str | None) -> None:
    with _OWNERS_LOCK:
        _OWNERS[request_id] = owner
        if len(_OWNERS) > _OWNERS_MAX:
            del _OWNERS[next(iter(_OWNERS))]  # the oldest


def _forget_owners(request_ids: Sequence[str]) -> None:
    with _OWNERS_LOCK:
        for request_id in request_ids:
            _OWNERS.pop(request_id, None)


def ranking_user(session: Session, request_id: str, *, remembered: bool = False) -> tuple[bool, str | None]:
    """(logged, user id) of the ranking ``request_id`` names: feedback on a turn belongs to its shopper.

    Reads the owner column only (not the ranking's trace), once per transaction: a batch of
    feedback on one turn asks once. A ranking found also proves its owner's user row exists
    (a foreign key), which :func:`record_interaction` then need not read.

    ``remembered``: answer from what this process saw before, without a read (the group-commit
    writer's optimistic first pass: each click on a turn would otherwise read its ranking again).
    Safe there because the interaction row's foreign keys check the ranking and the user at the
    flush: a ranking forgotten since fails the batch, which is redone with ``remembered`` off.
    """
    known = transaction_memo(session, "rankings")
    if request_id in known:
        return True, known[request_id]
    owner_id = _OWNERS.get(request_id, _UNKNOWN) if remembered else _UNKNOWN  # one lookup: eviction may race
    if owner_id is _UNKNOWN:
        row = session.execute(_RANKING_OWNER, {"request_id": request_id}).first()
        if row is None:
            return False, None  # not remembered: the turn may be logged later in this transaction
        owner_id = row[0]
        remember_owner(request_id, owner_id)
    known[request_id] = owner_id
    if owner_id:
        transaction_memo(session, "users")[owner_id] = True
    return True, owner_id


def shown_ids(session: Session, request_id: str) -> list[str]:
    """The product ids the ranking ``request_id`` showed, in order (empty when it was not logged):
    the peers a product's price tier is read against when feedback on it arrives."""
    ranking = session.get(RankingRow, request_id)
    if ranking is None:
        return []
    items = ranking.items or []
    if items:
        return [str(i["product_id"]) for i in items]
    return [str(pid) for pid in (ranking.trace or {}).get("shown") or []]


def annotate_interaction(session: Session, interaction_id: int, *, reason: str | None = None,
                         comment: str | None = None) -> InteractionRow | None:
    """Set the reason (and comment) of a stored interaction in place (None: no such row).

    A reason given after a thumbs updates that same row, so the profile is not moved twice.
    """
    row = session.get(InteractionRow, int(interaction_id))
    if row is None:
        return None
    if reason is not None:
        row.reason = reason.strip() or None
    if comment is not None:
        row.comment = comment.strip() or None
    return row


def chat_session_ids(session: Session, user_id: str) -> list[str]:
    """The chat sessions stored for ``user_id`` (forget-me clears their memory too)."""
    return list(session.scalars(select(ChatSessionRow.id).where(ChatSessionRow.user_id == user_id)))
