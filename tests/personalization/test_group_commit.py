"""The group-commit writer: many writes, one transaction; a bad piece fails alone; the
profile it folds at the end of each batch equals a full recomputation. On SQLite and PostgreSQL,
with the pieces written as the CLI writes them (each looks its key up and flushes) and as the
server writes them (optimistic: no lookup, one flush per batch, ids after it)."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, select

from personalization.events import EVENT_WEIGHTS, EventKind, Interaction
from personalization.profile import product_keys
from personalization.repository import load_profile, record_interaction, record_turn
from personalization.store import AffinityRow, InteractionRow, RankingRow
from personalization.writer import AfterFlush, GroupCommitWriter
from rag.records import Product

T0 = datetime(2026, 1, 1, tzinfo=UTC)
PRODUCTS = [Product(f"p{i}", f"Brand{i % 3} thing {i}", f"Brand{i % 3}", ("mouse", "keyboard")[i % 2],
                    10.0 + 40 * i, "USD", "") for i in range(6)]
VECTORS = {p.id: np.eye(4, dtype=np.float32)[i % 4] + 0.1 for i, p in enumerate(PRODUCTS)}
KINDS = (EventKind.CLICK, EventKind.PURCHASE, EventKind.THUMBS_DOWN, EventKind.ADD_TO_CART)


def _event(n: int) -> tuple[Interaction, Product]:
    product = PRODUCTS[n % len(PRODUCTS)]
    event = Interaction(f"user-{n % 3}", KINDS[n % len(KINDS)], "r1", product.id,
                        at=T0 + timedelta(hours=n), client_key=f"k{n}")
    return event, product


OPTIMISTIC = {"optimistic": False}


@pytest.fixture(autouse=True, params=[False, True], ids=["checked", "optimistic"])
def optimistic(request):
    OPTIMISTIC["optimistic"] = request.param
    yield request.param
    OPTIMISTIC["optimistic"] = False


def _click(event: Interaction, product: Product | None, vector=None):
    def work(session, batch):
        if not OPTIMISTIC["optimistic"]:
            return record_interaction(session, event, product=product, vector=vector, defer=batch.defer).id
        row = record_interaction(session, event, product=product, vector=vector, defer=batch.defer,
                                 optimistic=not batch.isolated)
        return AfterFlush(lambda: row.id)
    return work


@pytest.fixture
def writer(sessions):
    with sessions.begin() as s:
        record_turn(s, {"request_id": "r1", "query": "mouse", "shown": [p.id for p in PRODUCTS]})
    w = GroupCommitWriter(sessions)
    yield w
    w.close()


def _gate(started: threading.Event, release: threading.Event):
    """A piece that holds the writer until ``release``: what queues meanwhile forms the next batch."""
    def work(_session, _batch):
        started.set()
        assert release.wait(30)
        return "gate"
    return work


def test_queued_writes_share_one_commit(sessions, writer):
    started, release = threading.Event(), threading.Event()
    gate = writer.submit_nowait(_gate(started, release))
    assert started.wait(30)
    futures = []
    for n in range(40):
        event, product = _event(n)
        futures.append(writer.submit_nowait(_click(event, product, VECTORS[product.id])))
    release.set()
    ids = [f.result(30) for f in futures]
    assert gate.result(30) == "gate"
    assert len(set(ids)) == 40
    assert writer.batches == 2 and writer.writes == 41  # the gate's batch, then all forty in one transaction
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(InteractionRow)) == 40


def test_a_bad_piece_fails_alone(sessions, writer):
    started, release = threading.Event(), threading.Event()
    writer.submit_nowait(_gate(started, release))
    assert started.wait(30)
    good_event, product = _event(0)
    good = writer.submit_nowait(_click(good_event, product))
    # The same client key for a different event: refused, and only this piece.
    clash = writer.submit_nowait(_click(Interaction("user-0", EventKind.PURCHASE, "r1", "p3", client_key="k0"), PRODUCTS[3]))
    late_event, late_product = _event(1)
    late = writer.submit_nowait(_click(late_event, late_product, VECTORS[late_product.id]))
    # A vector of the wrong dimension fails in the deferred profile fold, after its row was inserted.
    bad_vector = writer.submit_nowait(_click(Interaction("user-1", EventKind.CLICK, "r1", "p1", client_key="kv"),
                                             PRODUCTS[1], np.ones(7, dtype=np.float32)))
    release.set()
    assert isinstance(good.result(30), int) and isinstance(late.result(30), int)
    with pytest.raises(ValueError, match="already used"):
        clash.result(30)
    with pytest.raises(ValueError, match="dimension"):
        bad_vector.result(30)
    with sessions() as s:
        keys = set(s.scalars(select(InteractionRow.client_key)))
        assert keys == {"k0", "k1"}  # nothing of the two bad pieces, not even the bad vector's row
        counts = Counter()
        for row in s.scalars(select(AffinityRow).where(AffinityRow.kind == "brand")):
            counts.update({(row.user_id, row.key, k): n for k, n in row.counts.items()})
    assert counts == {("user-0", "brand0", "click"): 1, ("user-1", "brand1", "purchase"): 1}


def test_a_retry_with_the_same_key_is_stored_once(sessions, writer):
    event, product = _event(0)
    first = writer.submit(_click(event, product))
    again = writer.submit(_click(event, product))
    assert first == again
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(InteractionRow)) == 1


def test_a_batch_reads_the_profiles_of_all_its_shoppers_in_two_statements(sessions, writer):
    """Twelve clicks of three shoppers in one batch: their affinities and centroids are read in one
    statement each (not two per shopper), and the profiles they make are the same as folded one by one."""
    from sqlalchemy import event as sa_event

    for n in range(3):  # each shopper has a profile already: the batch below updates stored rows
        event, product = _event(n)
        writer.submit(_click(event, product, VECTORS[product.id]), user_id=event.user_id)
    reads: list[str] = []
    engine = sessions.kw["bind"]

    def count(_conn, _cursor, statement, *_args) -> None:
        text = " ".join(statement.split()).lower()
        if text.startswith("select") and (" from affinities" in text or " from centroids" in text):
            reads.append(text)

    started, release = threading.Event(), threading.Event()
    writer.submit_nowait(_gate(started, release))
    assert started.wait(30)
    sa_event.listen(engine, "before_cursor_execute", count)
    try:
        futures = []
        for n in range(3, 15):
            event, product = _event(n)
            futures.append(writer.submit_nowait(_click(event, product, VECTORS[product.id]), user_id=event.user_id))
        release.set()
        for future in futures:
            future.result(30)
    finally:
        sa_event.remove(engine, "before_cursor_execute", count)
    assert sum(" from affinities" in r for r in reads) == 1 and sum(" from centroids" in r for r in reads) == 1, reads
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(InteractionRow)) == 15


def test_batched_profiles_equal_a_full_recomputation(sessions, writer):
    """Sixty events from twelve threads, folded a batch at a time, against the profile recomputed from every row."""
    def post(indices):
        for n in indices:
            event, product = _event(n)
            writer.submit(_click(event, product, VECTORS[product.id]), user_id=event.user_id)

    threads = [threading.Thread(target=post, args=(range(i, 60, 12),)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    now = T0 + timedelta(days=5)
    by_id = {p.id: p for p in PRODUCTS}
    with sessions() as s:
        rows = s.scalars(select(InteractionRow)).all()
        assert len(rows) == 60
        for user in ("user-0", "user-1", "user-2"):
            profile = load_profile(s, user, now=now, half_life_days=30)
            expected: Counter = Counter()
            centroid = np.zeros(4)
            for row in (r for r in rows if r.user_id == user):
                weight = EVENT_WEIGHTS[EventKind(row.kind)] * 0.5 ** ((now - row.created_at.replace(tzinfo=UTC)).total_seconds() / (30 * 86400))
                for kind, key in product_keys(by_id[row.product_id]).items():
                    expected[(kind, key)] += weight
                vec = VECTORS[row.product_id]
                centroid += weight * vec / np.linalg.norm(vec)
            got = {(a.kind, a.key): a.weight for a in profile.affinities}
            assert got.keys() == expected.keys()
            for key, weight in expected.items():
                assert got[key] == pytest.approx(weight, rel=1e-9, abs=1e-12)
            assert profile.centroid == pytest.approx(centroid / np.linalg.norm(centroid), rel=1e-5, abs=1e-6)


def test_turns_and_feedback_share_the_writer(sessions, writer):
    writer.submit(lambda s, _b: record_turn(s, {"request_id": "r2", "user_id": "user-9", "query": "q"}) and None,
                  user_id="user-9")
    event = Interaction("user-9", EventKind.CLICK, "r2", "p0", client_key="c")
    writer.submit(_click(event, PRODUCTS[0]), user_id="user-9")
    with sessions() as s:
        assert s.get(RankingRow, "r2").user_id == "user-9"
        assert load_profile(s, "user-9").by_kind("brand")["brand0"].counts == {"click": 1}


def test_writer_settings_are_checked(sessions):
    with pytest.raises(ValueError, match="max_batch"):
        GroupCommitWriter(sessions, max_batch=0)
    with pytest.raises(ValueError, match="attempts"):
        GroupCommitWriter(sessions, attempts=0)


def test_a_repeated_key_in_an_optimistic_batch_is_found_by_the_redo(sessions, writer, optimistic):
    """A stored key sent again, and one key twice in one batch: the batch's flush fails on the unique
    index, the writer redoes it a savepoint per piece, and every repeat gets the first row's id."""
    event, product = _event(0)
    stored = writer.submit(_click(event, product))
    started, release = threading.Event(), threading.Event()
    writer.submit_nowait(_gate(started, release))
    assert started.wait(30)
    repeat = writer.submit_nowait(_click(event, product))
    fresh_event, fresh_product = _event(1)
    twice = [writer.submit_nowait(_click(fresh_event, fresh_product, VECTORS[fresh_product.id])) for _ in range(2)]
    other_event, other_product = _event(2)
    other = writer.submit_nowait(_click(other_event, other_product))
    release.set()
    assert repeat.result(30) == stored
    assert twice[0].result(30) == twice[1].result(30) != stored
    assert isinstance(other.result(30), int)
    with sessions() as s:
        assert sorted(s.scalars(select(InteractionRow.client_key))) == ["k0", "k1", "k2"]
        profile = load_profile(s, "user-1")
        assert profile.by_kind("brand")["brand1"].counts == {"purchase": 1}  # folded once, not twice


def _post_from_a_process(url: str, prefix: str, n: int) -> None:
    """A second server process's writer: ``n`` clicks into the same store."""
    from personalization.store import open_store

    sessions = open_store(url)
    other = GroupCommitWriter(sessions)
    futures = []
    for i in range(n):
        event = Interaction(f"user-{i % 3}", EventKind.CLICK, "r1", PRODUCTS[i % len(PRODUCTS)].id,
                            at=T0 + timedelta(minutes=i), client_key=f"{prefix}{i}")
        futures.append(other.submit_nowait(_click(event, PRODUCTS[i % len(PRODUCTS)], VECTORS[PRODUCTS[i % len(PRODUCTS)].id])))
    for f in futures:
        f.result(60)
    other.close()


def test_two_processes_write_one_store_in_turns(store_url, sessions, writer, optimistic):
    """Two processes' writers on one store (SQLite: in turns on the ``.writer-lock`` flock): every
    write of both lands, and the profiles still equal their rows."""
    import multiprocessing

    child = multiprocessing.get_context("spawn").Process(target=_post_from_a_process, args=(store_url, "child-", 150))
    child.start()
    _post_from_a_process(store_url, "parent-", 150)
    child.join(120)
    assert child.exitcode == 0
    with sessions() as s:
        keys = set(s.scalars(select(InteractionRow.client_key)))
        assert {k for k in keys if k.startswith(("child-", "parent-"))} == \
            {f"{p}{i}" for p in ("child-", "parent-") for i in range(150)}
        counts = Counter()
        for row in s.scalars(select(AffinityRow).where(AffinityRow.kind == "brand")):
            counts[row.user_id] += row.counts.get("click", 0)
        assert counts == Counter({"user-0": 100, "user-1": 100, "user-2": 100})
    if store_url.startswith("sqlite"):
        assert Path(store_url.split("///", 1)[1] + ".writer-lock").exists()


def test_what_one_transaction_read_is_not_trusted_by_the_next(sessions, writer):
    """The per-transaction memos (a ranking's owner, users that exist) end with their transaction: after
    the shopper is forgotten, the same session's next transaction writes them anew instead of relying on
    rows that are gone."""
    from personalization.repository import forget_user, ranking_user

    with sessions.begin() as s:
        record_turn(s, {"request_id": "r-mine", "user_id": "user-5", "query": "mouse"})
    session = sessions()
    try:
        assert ranking_user(session, "r-mine") == (True, "user-5")
        record_interaction(session, Interaction("user-5", EventKind.CLICK, None, "p0", client_key="a"), product=PRODUCTS[0])
        session.commit()
        with sessions.begin() as other:
            forget_user(other, "user-5")
        assert ranking_user(session, "r-mine") == (False, None)
        record_interaction(session, Interaction("user-5", EventKind.CLICK, None, "p1", client_key="b"), product=PRODUCTS[1])
        session.commit()
    finally:
        session.close()
    with sessions() as s:
        assert list(s.scalars(select(InteractionRow.client_key).where(InteractionRow.user_id == "user-5"))) == ["b"]


def test_a_remembered_owner_of_a_forgotten_turn_writes_nothing(sessions, writer, optimistic):
    """The writer's first pass takes a turn's owner from the process's memory (no read); a turn another
    process forgot since is caught by the interaction's foreign keys, and the redo, which reads, refuses it."""
    from personalization.repository import forget_user, remember_owner

    with sessions.begin() as s:
        record_turn(s, {"request_id": "r-gone", "user_id": "user-7", "query": "mouse"})
    with sessions.begin() as s:
        forget_user(s, "user-7")
    remember_owner("r-gone", "user-7")  # as a worker that logged the turn, before another one forgot it
    event = Interaction("user-7", EventKind.CLICK, "r-gone", PRODUCTS[0].id, client_key="gone-1")
    with pytest.raises(ValueError, match="no ranking was logged"):
        writer.submit(_click(event, PRODUCTS[0], VECTORS[PRODUCTS[0].id]), user_id="user-7")
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(InteractionRow).where(InteractionRow.request_id == "r-gone")) == 0
        assert s.scalar(select(func.count()).select_from(AffinityRow).where(AffinityRow.user_id == "user-7")) == 0
        assert s.get(RankingRow, "r-gone") is None
    from personalization.store import UserRow
    with sessions() as s:
        assert s.get(UserRow, "user-7") is None  # forgotten stays forgotten
