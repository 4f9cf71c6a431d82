from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from personalization.events import EventKind, Interaction
from personalization.personas import Persona, load_personas, remove_demo, simulate, write_history
from personalization.replay import replay
from personalization.repository import load_profile, record_interaction, record_turn
from personalization.store import InteractionRow, RankingRow, UserRow, open_store
from rag.records import FusedHit


def test_concurrent_writers_lose_nothing(store_url, catalog):
    sessions = open_store(store_url)
    with sessions.begin() as s:
        record_turn(s, {"request_id": "r", "query": "q", "shown": []})
    products = list(catalog.values())[:5]
    errors: list[BaseException] = []

    def write(worker: int) -> None:
        try:
            for i in range(25):
                p = products[i % len(products)]
                with sessions.begin() as s:
                    record_interaction(s, Interaction(f"u{worker % 2}", EventKind.CLICK, "r", p.id, client_key=f"{worker}-{i}"),
                                       product=p)
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(InteractionRow)) == 150
        if store_url.startswith("sqlite"):
            assert s.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        # 75 clicks per user: each product's brand counts add up to exactly that.
        for user in ("u0", "u1"):
            brands = load_profile(s, user).by_kind("brand")
            assert sum(a.counts.get("click", 0) for a in brands.values()) == 75
    sessions.kw["bind"].dispose()


def _search_over(catalog):
    """A deterministic stand-in for retrieval: products whose title shares a word with the query."""
    def search(query: str):
        words = set(query.lower().split())
        scored = [(len(words & set(p.title.lower().split())) + 1 / (1 + i), p.id) for i, p in enumerate(catalog.values())]
        return [FusedHit(pid, score) for score, pid in sorted(scored, reverse=True)[:15]]
    return search


def _lookup(catalog):
    return lambda ids: {i: catalog[i] for i in ids if i in catalog}


def test_shipped_personas_load():
    personas = load_personas()
    assert {p.name for p in personas} >= {"gamer", "photographer", "student"}
    assert all(p.user_id.startswith("demo-") and p.queries for p in personas)


def test_personas_are_demo_data_reproducible_and_removable(sessions, catalog):
    persona = Persona("tester", "likes Philips audio", ("Philips",), ("headphones", "headset"), 1, 100,
                      ("philips headset", "speaker", "headphones"))
    start = datetime(2026, 1, 1, tzinfo=UTC)
    first = simulate(persona, _search_over(catalog), _lookup(catalog), sessions=12, start=start)
    again = simulate(persona, _search_over(catalog), _lookup(catalog), sessions=12, start=start)
    assert first == again and any(s.events for s in first)
    with sessions.begin() as s:
        record_turn(s, {"request_id": "real", "user_id": "real-user", "query": "q", "shown": []})
        assert write_history(s, persona, first, _lookup(catalog)) == sum(len(x.events) for x in first)
    with sessions() as s:
        assert s.get(UserRow, "demo-tester").is_demo
        assert s.scalar(select(func.count()).select_from(RankingRow).where(RankingRow.is_demo.is_(True))) == 12
        assert not load_profile(s, "demo-tester").is_empty
    with sessions.begin() as s:
        remove_demo(s)
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(UserRow)) == 1  # the real user stays
        assert s.scalar(select(func.count()).select_from(RankingRow)) == 1
        assert s.scalar(select(func.count()).select_from(InteractionRow)) == 0


def test_replay_uses_only_earlier_events(sessions, catalog):
    """Two sessions: the first is cold (identical ranks), the second benefits from the first's purchase."""
    ids = list(catalog)
    liked = catalog["3484710"]  # Philips mouse
    others = [i for i in ids if catalog[i].brand != "Philips"][:6]
    # Five close candidates, the Philips mouse just below them, and a weak last one (the relevance scale's floor).
    fused = [[pid, 1.0 - 0.01 * n] for n, pid in enumerate([*others[:5], liked.id])] + [[others[5], 0.0]]
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    with sessions.begin() as s:
        for n, rid in enumerate(("a", "b")):
            record_turn(s, {"request_id": rid, "user_id": "u", "query": "mouse", "fused": fused, "shown": []},
                        created_at=t0 + timedelta(days=n))
            record_interaction(s, Interaction("u", EventKind.PURCHASE, rid, liked.id, at=t0 + timedelta(days=n, minutes=1)),
                               product=liked)
    with sessions() as s:
        report = replay(s, _lookup(catalog), ["u"])
    first, second = report.pairs
    assert first.cold and first.base_rank == first.personalized_rank == 6
    assert not second.cold and second.personalized_rank < second.base_rank == 6
    assert report.warm.pairs == 1 and report.overall.improved == 1


def test_replay_weights_clicks_by_inverse_examination_propensity(sessions, catalog):
    """A click at logged position 4 counts 1 / P(examined at 4) times a click at the top."""
    ids = list(catalog)[:6]
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    fused = [[pid, 1.0 - 0.1 * n] for n, pid in enumerate(ids)]
    with sessions.begin() as s:
        record_turn(s, {"request_id": "r", "user_id": "u", "query": "q", "fused": fused, "shown": ids}, created_at=t0)
        for pid in (ids[0], ids[3]):
            record_interaction(s, Interaction("u", EventKind.CLICK, "r", pid, at=t0 + timedelta(minutes=1)))
    with sessions() as s:
        report = replay(s, _lookup(catalog), ["u"], examination=lambda position: 1.0 / position)
    top, fourth = sorted(report.pairs, key=lambda p: p.base_rank)
    assert (top.logged_position, top.propensity, fourth.logged_position, fourth.propensity) == (1, 1.0, 4, 0.25)
    summary = report.overall
    assert summary.mean_rank_base == 2.5  # (1 + 4) / 2
    assert summary.ips_mean_rank_base == round((1 * 1 + 4 * 4) / 5, 3)  # weights 1 and 4
    assert summary.ips_mrr_base == round((1 * 1 + 4 * 0.25) / 5, 4)
    with sessions() as s, pytest.raises(ValueError, match="examination probability"):
        replay(s, _lookup(catalog), ["u"], examination=lambda position: 0.0)
