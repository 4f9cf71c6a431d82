"""The price tier (a shopper's lean to the cheaper or dearer of what is shown) and the
informative shares: the preference acting *within* one product type."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from personalization.events import EventKind, Interaction
from personalization.personas import Persona, respond
from personalization.profile import HIGHER, LOWER, Affinity, Profile, price_position, tier_key
from personalization.reorder import ReorderConfig, informative, reorder, signals
from personalization.repository import load_profile, record_interaction, record_turn, set_affinity, shown_ids
from rag.records import FusedHit, Product

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _product(pid: str, brand: str, category: str, price: float | None) -> Product:
    return Product(pid, f"{brand} {category} {pid}", brand, category, price, "USD", "")


MICE = [_product(f"m{i}", "HP", "mouse", price) for i, price in enumerate((9.0, 16.0, 25.0, 40.0, 80.0))]


def test_price_position_ranks_within_the_category():
    assert price_position(MICE[0], MICE) == -1.0  # the cheapest
    assert price_position(MICE[-1], MICE) == 1.0  # the dearest
    assert price_position(MICE[2], MICE) == 0.0  # the middle
    assert price_position(MICE[1], MICE) == pytest.approx(-0.5)
    # another category's prices do not count: a $5 cable does not make the $9 mouse mid-priced
    cable = _product("c", "HP", "cable", 5.0)
    assert price_position(MICE[0], [*MICE, cable]) == -1.0
    # the product need not be among its peers, and ties share their rank
    assert price_position(_product("x", "HP", "mouse", 9.0), MICE) == pytest.approx(-1 + 1 / 5)


def test_price_position_is_none_without_a_comparison():
    assert price_position(MICE[0], [MICE[0]]) is None
    assert price_position(MICE[0], [_product("same", "HP", "mouse", 9.0)]) is None
    assert price_position(_product("free", "HP", "mouse", None), MICE) is None
    assert price_position(MICE[0], []) is None
    assert tier_key(None) is None and tier_key(0.0) is None
    assert tier_key(-0.2) == LOWER and tier_key(0.7) == HIGHER


def _log_turn(s, request_id: str, shown: list[Product]) -> None:
    record_turn(s, {"request_id": request_id, "user_id": "u", "query": "mouse", "shown": [p.id for p in shown]},
                created_at=T0)


def test_a_pick_feeds_the_tier_of_its_side_weighted_by_how_far_out(sessions):
    with sessions.begin() as s:
        _log_turn(s, "r1", MICE)
        assert shown_ids(s, "r1") == [p.id for p in MICE] and shown_ids(s, "nope") == []
        record_interaction(s, Interaction("u", EventKind.PURCHASE, "r1", "m0", at=T0), product=MICE[0], peers=MICE)
        record_interaction(s, Interaction("u", EventKind.CLICK, "r1", "m3", at=T0), product=MICE[3], peers=MICE)
        record_interaction(s, Interaction("u", EventKind.CLICK, "r1", "m2", at=T0), product=MICE[2], peers=MICE)  # the middle
        record_interaction(s, Interaction("u", EventKind.CLICK, "r1", "m4", at=T0), product=MICE[4])  # no peers given
    with sessions() as s:
        profile = load_profile(s, "u", now=T0)
    tiers = profile.by_kind("price_tier")
    assert set(tiers) == {LOWER, HIGHER}
    assert tiers[LOWER].weight == pytest.approx(5.0)  # a purchase at the very cheapest end
    assert tiers[HIGHER].weight == pytest.approx(0.5)  # a click half-way out
    assert tiers[LOWER].counts == {"purchase": 1} and tiers[HIGHER].counts == {"click": 1}
    assert profile.price_lean() == pytest.approx((0.5 - 5.0) / (5.0 + 0.5 + 1.0))
    assert profile.by_kind("brand")["hp"].counts == {"purchase": 1, "click": 3}  # the other kinds as before


def test_only_the_two_tiers_can_be_pinned(sessions):
    with sessions.begin() as s:
        with pytest.raises(ValueError, match="lower-priced, higher-priced"):
            set_affinity(s, "u", "price_tier", "cheap", 1.0)
        set_affinity(s, "u", "price_tier", "Lower-Priced", 1.0)
    with sessions() as s:
        profile = load_profile(s, "u", now=T0)
    assert profile.price_lean() == pytest.approx(-0.5)
    assert profile.by_kind("price_tier")[LOWER].reason() == "you told us you prefer lower-priced options"


def _tier_profile(lower: float, higher: float) -> Profile:
    return Profile("u", T0, (Affinity("price_tier", LOWER, lower, {"purchase": 3}),
                             Affinity("price_tier", HIGHER, higher, {"click": 1})))


def _hits(ids_scores: list[tuple[str, float]]) -> list[FusedHit]:
    return [FusedHit(pid, score) for pid, score in ids_scores]


def test_a_budget_lean_puts_the_cheaper_of_near_equal_matches_first_and_says_why():
    products = {p.id: p for p in MICE}
    hits = _hits([("m4", 1.0), ("m3", 0.99), ("m0", 0.98), ("m1", 0.5), ("m2", 0.0)])
    config = ReorderConfig(weight=0.15, mmr_lambda=1.0)
    budget = reorder(_tier_profile(lower=20.0, higher=0.0), hits, products, config)
    premium = reorder(_tier_profile(lower=0.0, higher=20.0), hits, products, config)
    assert [h.product_id for h in budget.hits][:3] == ["m0", "m3", "m4"]
    assert [h.product_id for h in premium.hits][:3] == ["m4", "m3", "m0"]
    boosts = {b.product_id: b for b in budget.boosts}
    assert boosts["m0"].delta > 0 > boosts["m4"].delta
    assert boosts["m0"].reason == "you bought 3 of the lower-priced options shown"
    # the bound: a preference read in [-1, 1] moves a hit by at most the weight
    assert all(abs(b.delta) <= 0.15 + 1e-12 for b in budget.boosts)


def test_a_strong_match_is_not_buried_by_a_full_lean():
    products = {p.id: p for p in MICE}
    hits = _hits([("m4", 1.0), ("m0", 0.69), ("m1", 0.6), ("m2", 0.3), ("m3", 0.0)])  # gap 0.31 > 2 x 0.15
    out = reorder(_tier_profile(lower=1e6, higher=0.0), hits, products, ReorderConfig(weight=0.15, mmr_lambda=1.0))
    assert out.hits[0].product_id == "m4"


def test_a_signal_that_reads_the_same_for_every_candidate_gets_no_share():
    # every candidate is an HP mouse: the brand and category affinities cannot order them
    profile = Profile("u", T0, (Affinity("brand", "hp", 10.0, {"purchase": 2}), Affinity("category", "mouse", 10.0, {"purchase": 2}),
                                Affinity("price_tier", LOWER, 10.0, {"purchase": 2})))
    readings = [signals(profile, p, position=price_position(p, MICE)) for p in MICE]
    shares = informative(readings)
    assert shares == {"price_tier": pytest.approx(1.0)}
    out = reorder(profile, _hits([(p.id, 1.0 - i * 0.01) for i, p in enumerate(MICE)]), {p.id: p for p in MICE},
                  ReorderConfig(weight=0.15, mmr_lambda=1.0))
    assert all("HP" not in b.reason and "mouse" not in b.reason for b in out.boosts)  # reasons name what moved them
    assert max(b.delta for b in out.boosts) == pytest.approx(0.15 * abs(profile.price_lean()), abs=1e-4)


def test_a_pinned_brand_alone_gets_the_whole_weight_and_only_its_products_are_named():
    products = {"a": _product("a", "Philips", "mouse", 30), "b": _product("b", "HP", "mouse", 30),
                "c": _product("c", "HP", "mouse", 30), "z": _product("z", "HP", "mouse", 30)}
    profile = Profile("u", T0, (Affinity("brand", "philips", 1.0, {}, pinned=True),))
    hits = _hits([("b", 1.0), ("c", 0.95), ("a", 0.9), ("z", 0.0)])
    out = reorder(profile, hits, products, ReorderConfig(weight=0.15, mmr_lambda=1.0))
    assert [h.product_id for h in out.hits][:2] == ["a", "b"]
    assert [(b.product_id, b.delta, b.reason) for b in out.boosts] == [("a", 0.15, "you told us you like Philips products")]


def test_no_lean_leaves_the_order_alone():
    products = {p.id: p for p in MICE}
    hits = _hits([("m4", 1.0), ("m3", 0.99), ("m0", 0.98), ("m1", 0.5), ("m2", 0.0)])
    out = reorder(_tier_profile(lower=4.0, higher=4.0), hits, products, ReorderConfig(weight=0.15, mmr_lambda=1.0))
    assert [h.product_id for h in out.hits] == [h.product_id for h in hits] and out.boosts == ()


def test_a_budget_persona_clicks_the_cheaper_side_more_often():
    persona = Persona("budget", "", (), ("mouse",), 1, 100, ("mouse",), price_tier="lower")
    assert persona.likes(MICE[0], -1.0) == 3 and persona.likes(MICE[4], 1.0) == 2
    assert persona.likes(MICE[4]) == 3  # nothing to compare with: the range alone decides
    with pytest.raises(ValueError, match="price_tier"):
        Persona("x", "", (), (), 1, 2, (), price_tier="cheap")
    rng = random.Random(7)
    clicks = {p.id: 0 for p in MICE}
    for n in range(400):
        for e in respond(persona, rng, f"r{n}", MICE, T0 + timedelta(minutes=n)):
            if e.kind is EventKind.CLICK:
                clicks[e.product_id] += 1
    assert clicks["m0"] + clicks["m1"] > 1.5 * (clicks["m3"] + clicks["m4"])
