from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from personalization.events import EVENT_WEIGHTS, EventKind, Interaction
from personalization.personalizer import StorePersonalizer
from personalization.profile import Affinity, Profile, decay_factor, price_band
from personalization.reorder import ReorderConfig, reorder
from personalization.repository import load_profile, record_interaction, remove_affinity, set_affinity
from rag.records import FusedHit, Product

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _product(pid: str, brand: str, category: str, price: float) -> Product:
    return Product(pid, f"{brand} {category} {pid}", brand, category, price, "USD", "")


def test_decay_halves_every_half_life():
    assert decay_factor(0, 30) == 1.0
    assert decay_factor(30 * 86400, 30) == pytest.approx(0.5)
    assert decay_factor(90 * 86400, 30) == pytest.approx(0.125)
    with pytest.raises(ValueError):
        decay_factor(1, 0)


def test_price_bands():
    assert price_band(None) is None and price_band(0) is None
    assert price_band(19.99) == "0-25"
    assert price_band(120) == "100-250"
    assert price_band(9000) == "2500+"


def test_event_weights_are_ordered():
    w = EVENT_WEIGHTS
    assert w[EventKind.PURCHASE] > w[EventKind.ADD_TO_CART] > w[EventKind.CLICK] > w[EventKind.VIEW] > 0 > w[EventKind.THUMBS_DOWN]


def test_incremental_update_equals_recomputation(sessions):
    mouse = _product("m1", "Logitech", "mouse", 30)
    events = [(EventKind.PURCHASE, 0), (EventKind.CLICK, 10), (EventKind.THUMBS_DOWN, 25), (EventKind.VIEW, 40)]
    with sessions.begin() as s:
        for kind, day in events:
            record_interaction(s, Interaction("u", kind, product_id="m1", at=T0 + timedelta(days=day)), product=mouse)
    now = T0 + timedelta(days=70)
    with sessions() as s:
        profile = load_profile(s, "u", now=now, half_life_days=30)
    expected = sum(EVENT_WEIGHTS[k] * 0.5 ** ((70 - d) / 30) for k, d in events)
    brand = profile.by_kind("brand")["logitech"]
    assert brand.weight == pytest.approx(expected, rel=1e-9)
    assert profile.by_kind("category")["mouse"].weight == pytest.approx(expected, rel=1e-9)
    assert brand.counts == {"purchase": 1, "click": 1, "thumbs_down": 1, "view": 1}


def test_late_event_counts_as_if_in_order(sessions):
    mouse = _product("m1", "Logitech", "mouse", 30)
    with sessions.begin() as s:
        record_interaction(s, Interaction("u", EventKind.PURCHASE, product_id="m1", at=T0 + timedelta(days=30)), product=mouse)
        record_interaction(s, Interaction("u", EventKind.CLICK, product_id="m1", at=T0), product=mouse)
    with sessions() as s:
        w = load_profile(s, "u", now=T0 + timedelta(days=30), half_life_days=30).by_kind("brand")["logitech"].weight
    assert w == pytest.approx(5.0 + 0.5)


def test_thumbs_down_counts_against(sessions):
    p = _product("x", "Acme", "speaker", 40)
    with sessions.begin() as s:
        record_interaction(s, Interaction("u", EventKind.THUMBS_DOWN, product_id="x", at=T0), product=p)
    with sessions() as s:
        assert load_profile(s, "u", now=T0).by_kind("brand")["acme"].weight < 0


def test_centroid_follows_weighted_vectors(sessions):
    a, b = _product("a", "A", "mouse", 10), _product("b", "B", "mouse", 10)
    with sessions.begin() as s:
        record_interaction(s, Interaction("u", EventKind.PURCHASE, product_id="a", at=T0), product=a, vector=np.array([1.0, 0.0]))
        record_interaction(s, Interaction("u", EventKind.VIEW, product_id="b", at=T0), product=b, vector=np.array([0.0, 1.0]))
    with sessions() as s:
        profile = load_profile(s, "u", now=T0)
    expected = np.array([5.0, 0.2]) / np.linalg.norm([5.0, 0.2])
    np.testing.assert_allclose(profile.centroid, expected, rtol=1e-6)


def _hits(scores: dict[str, float]) -> list[FusedHit]:
    return [FusedHit(pid, score) for pid, score in sorted(scores.items(), key=lambda kv: -kv[1])]


def _profile(**brands: float) -> Profile:
    return Profile("u", T0, tuple(Affinity("brand", k, w, {"purchase": 2}) for k, w in brands.items()))


PRODUCTS = {
    "top": _product("top", "Sony", "headphones", 99),
    "p2": _product("p2", "Bose", "headphones", 120),
    "p3": _product("p3", "Logitech", "headphones", 60),
    "p4": _product("p4", "Logitech", "headphones", 70),
    "p5": _product("p5", "Jabra", "headphones", 80),
}


def test_a_perfect_match_stays_on_top_against_a_strong_preference():
    hits = _hits({"top": 1.0, "p2": 0.6, "p3": 0.58, "p4": 0.5, "p5": 0.45})
    out = reorder(_profile(logitech=100.0, sony=-100.0), hits, PRODUCTS, ReorderConfig(weight=0.15))
    assert out.hits[0].product_id == "top"
    assert out.hits[1].product_id == "p3"  # the preference still acts below it


def test_boosts_are_bounded_and_carry_reasons():
    hits = _hits({"top": 1.0, "p2": 0.6, "p3": 0.55, "p4": 0.5, "p5": 0.45})
    out = reorder(_profile(logitech=10.0), hits, PRODUCTS, ReorderConfig(weight=0.15))
    assert {b.product_id for b in out.boosts} == {"p3", "p4"}
    assert all(0 < b.delta <= 0.15 for b in out.boosts)
    assert all(b.reason == "you bought 2 Logitech products" for b in out.boosts)


def test_no_hit_rises_more_than_max_rise():
    hits = _hits({"a": 1.0, "b": 0.99, "c": 0.98, "d": 0.97, "e": 0.96, "p3": 0.95, "z": 0.0})
    products = {pid: _product(pid, "Other", "x", 10) for pid in "abcdez"} | {"p3": PRODUCTS["p3"]}
    out = reorder(_profile(logitech=10.0), hits, products, ReorderConfig(weight=0.5, max_rise=2, mmr_lambda=1.0))
    assert [h.product_id for h in out.hits].index("p3") == 3


def test_mmr_spreads_a_brand_that_would_fill_the_page():
    hits = _hits({"l1": 1.0, "l2": 0.99, "l3": 0.98, "o1": 0.9, "z": 0.0})
    products = {f"l{i}": _product(f"l{i}", "Logitech", "mouse", 30) for i in (1, 2, 3)} | {
        "o1": _product("o1", "Other", "keyboard", 30), "z": _product("z", "Zed", "cable", 5)}
    plain = reorder(_profile(zzz=1.0), hits, products, ReorderConfig(mmr_lambda=1.0))
    diverse = reorder(_profile(zzz=1.0), hits, products, ReorderConfig(mmr_lambda=0.7))
    assert [h.product_id for h in plain.hits] == ["l1", "l2", "l3", "o1", "z"]
    assert [h.product_id for h in diverse.hits][:2] == ["l1", "o1"]


def test_cold_start_keeps_the_order_exactly(sessions):
    hits = _hits({"top": 1.0, "p2": 0.6, "p3": 0.55, "p4": 0.5, "p5": 0.45})
    personalizer = StorePersonalizer(sessions)
    for user in (None, "nobody"):
        out = personalizer.personalize(user, "headphones", hits, PRODUCTS)
        assert list(out.hits) == hits and out.boosts == ()


def test_hits_keep_their_scores():
    hits = _hits({"top": 1.0, "p2": 0.6, "p3": 0.55})
    out = reorder(_profile(logitech=5.0), hits, PRODUCTS)
    assert {h.product_id: h.score for h in out.hits} == {h.product_id: h.score for h in hits}


def test_shopper_edits_and_removals_apply(sessions):
    hits = _hits({"top": 1.0, "p2": 0.99, "p3": 0.98, "z": 0.0})
    products = {**PRODUCTS, "z": _product("z", "Zed", "cable", 5)}
    personalizer = StorePersonalizer(sessions, ReorderConfig(mmr_lambda=1.0))
    with sessions.begin() as s:
        record_interaction(s, Interaction("u", EventKind.PURCHASE, product_id="p3"), product=PRODUCTS["p3"])
    assert personalizer.personalize("u", "q", hits, products).hits[0].product_id == "p3"
    with sessions.begin() as s:
        set_affinity(s, "u", "brand", "Logitech", -5.0)
        # A new purchase does not override the shopper's own setting.
        record_interaction(s, Interaction("u", EventKind.PURCHASE, product_id="p4"), product=PRODUCTS["p4"])
    profile = personalizer.profile("u")
    assert profile.by_kind("brand")["logitech"].weight == -5.0
    order = [h.product_id for h in personalizer.personalize("u", "q", hits, products).hits]
    assert order.index("p3") == 2
    held = [(a.kind, a.key) for a in personalizer.profile("u").affinities]
    with sessions.begin() as s:
        for kind, key in held:
            assert remove_affinity(s, "u", kind, key)
    assert personalizer.profile("u").is_empty
    assert [h.product_id for h in personalizer.personalize("u", "q", hits, products).hits] == ["top", "p2", "p3", "z"]


def test_config_rejects_bad_values():
    with pytest.raises(ValueError, match="weight"):
        ReorderConfig(weight=2)
    with pytest.raises(ValueError, match="mmr_lambda"):
        ReorderConfig(mmr_lambda=0)
    with pytest.raises(ValueError, match="product id"):
        Interaction("u", EventKind.CLICK)
    with pytest.raises(ValueError, match="choose one of"):
        EventKind.from_str("like")
    assert replace(ReorderConfig(), weight=0.2).weight == 0.2
