"""The "How I found these" and profile panels, rendered from records."""

from __future__ import annotations

from datetime import UTC, datetime

from personalization.profile import Affinity, Profile
from rag.chain.ports import Boost
from rag.chain.trace import LegTrace, Trace
from rag.ui.panels import render_how_found, render_profile, render_timings, render_why_for_you


def _trace(products) -> Trace:
    a, b, c = (p.id for p in products[:3])
    return Trace.start(user_id="demo-gamer").with_(
        message="gaming mouse under $80",
        query="gaming mouse",
        intent="search",
        plan="results",
        generator="extractive",
        parsed={"constraints": [{"kind": "price", "text": "under $80"}]},
        filters={"price": [None, 80.0], "brands": ["Logitech"]},
        relaxed=("brand: Logitech",),
        hyde_text="A wired gaming mouse with 16000 dpi",
        legs=(LegTrace("bm25", (a, b), (3.1, 2.0)), LegTrace("dense", (b, c), (0.8, 0.7))),
        fused=((b, 0.0325), (a, 0.0164), (c, 0.0161)),
        rerank={"applied": True, "reason": "2+ words", "scores": {b: 0.91}},
        boosts=(Boost(a, 0.12, "you bought 2 logitech products"),),
        shown=(a, b),
        timings_ms={"bm25": 3.2, "dense": 4.5, "personalize": 0.9, "answer": 12.0, "first_token": 30.0},
    ).fallback("hyde", "LLM timed out; first pass kept")


def test_how_found_shows_every_part_of_the_trace(tiny_products) -> None:
    trace = _trace(tiny_products)
    products = {p.id: p for p in tiny_products[:3]}
    html = render_how_found(trace, products)
    for text in ("under $80", "≤ 80", "Logitech", "relaxed", "A wired gaming mouse", "bm25 #", "dense #",
                 "0.0325", "0.910", "+0.120", "LLM timed out", "first words after 30 ms", trace.request_id):
        assert text in html, text
    # the shown product [1] is the first row, with its bm25 rank 1 and no dense rank
    first_row = html.split("<tbody>")[1].split("</tr>")[0]
    assert "[1]" in first_row and ">1</td>" in first_row and ">—</td>" in first_row


def test_how_found_names_the_learned_ranker_when_it_ordered_the_list(tiny_products) -> None:
    products = {p.id: p for p in tiny_products[:3]}
    plain = render_how_found(_trace(tiny_products), products)
    assert "fused #" in plain and "learned ranker" not in plain
    ranked = render_how_found(_trace(tiny_products).with_(ranking="ltr:v1-dev"), products)
    assert "learned #" in ranked and "learned score" in ranked and "the learned ranker (ltr:v1-dev)" in ranked


def test_how_found_without_a_search_or_a_turn() -> None:
    assert "Ask something" in render_how_found(None, {})
    refused = Trace.start().with_(message="write a poem", plan="refuse")
    html = render_how_found(refused, {})
    assert "no search ran" in html and "not used" in html


def test_timings_in_funnel_order_with_milestones_apart() -> None:
    html = render_timings({"answer": 10.0, "bm25": 2.0, "first_token": 15.0})
    assert html.index('data-stage="bm25"') < html.index('data-stage="answer"')
    assert 'data-stage="first_token"' not in html and "first words after 15 ms" in html


def test_why_for_you_lists_boosts_with_reasons(tiny_products) -> None:
    trace = _trace(tiny_products)
    html = render_why_for_you(trace, {p.id: p for p in tiny_products})
    assert "you bought 2 logitech products" in html and "+0.120" in html
    assert "Pick a shopper" in render_why_for_you(trace.with_(user_id=None), {})
    assert "same for everyone" in render_why_for_you(trace.with_(boosts=()), {})


def test_profile_lists_affinities_with_evidence() -> None:
    now = datetime.now(UTC)
    profile = Profile("demo-gamer", now, (
        Affinity("brand", "logitech", 6.5, {"purchase": 1, "click": 2}),
        Affinity("category", "mouse", -1.0, {}, pinned=True),
    ))
    html = render_profile("demo-gamer", profile)
    assert "logitech" in html and "+6.50" in html and "you bought 1" in html
    assert "(set by you)" in html and "-1.00" in html
    assert "no history" in render_profile("u1", Profile("u1", now))
    assert "Guest" in render_profile(None, None)


def test_how_found_shows_a_need_read_as_kinds_and_the_parse_notes(tiny_products) -> None:
    """"my mum cant really use a smartphone ... see new pics of the grandkids": the panel said "read from the
    message: nothing" though the search ran on photo frames with the phone set aside."""
    products = {p.id: p for p in tiny_products[:3]}
    trace = _trace(tiny_products).with_(parsed={"constraints": [], "notes": ["not searched for: smartphone"],
                                                "need_kinds": ["digital photo frame"]})
    html = render_how_found(trace, products)
    assert "read as a need for: <b>digital photo frame</b>" in html and "note: not searched for: smartphone" in html
    assert "read as a need" not in render_how_found(_trace(tiny_products), products)


def test_how_found_shows_a_follow_ups_reasons_set_aside(tiny_products) -> None:
    """"samsung only - our soundbar is a samsung": the soundbar was the shopper's reason, and the panel says so."""
    products = {p.id: p for p in tiny_products[:3]}
    trace = _trace(tiny_products).with_(resolution={"intent": "refine", "set_aside": ["our soundbar is a samsung"]})
    html = render_how_found(trace, products)
    assert "read as your reasons, not as a request: <i>our soundbar is a samsung</i>" in html
    assert "your reasons" not in render_how_found(_trace(tiny_products), products)


def test_how_found_says_the_maker_of_the_device_an_accessory_is_for_in_words(tiny_products) -> None:
    """"case for my samsung galaxy": Samsung is read as the phone's maker (no filter), and the panel says so."""
    products = {p.id: p for p in tiny_products[:3]}
    trace = _trace(tiny_products).with_(parsed={"constraints": [{"kind": "served_brand", "text": "samsung"},
                                                                {"kind": "screen_in", "text": "6.7 inch"}]})
    html = render_how_found(trace, products)
    assert "for a device by: <b>samsung</b>" in html and "screen: <b>6.7 inch</b>" in html and "served_brand" not in html


def test_how_found_says_how_a_follow_up_was_read(tiny_products) -> None:
    # "eh forget the brand, just keep it under $20" dropped the brand held; the panel says so
    trace = _trace(tiny_products).with_(intent="refine", resolution={"intent": "refine", "note": "refined the previous search, any brand"})
    assert "follow-up: refined the previous search, any brand" in render_how_found(trace, {p.id: p for p in tiny_products[:3]})
    assert "follow-up:" not in render_how_found(_trace(tiny_products), {p.id: p for p in tiny_products[:3]})


def test_how_found_says_what_was_left_out(tiny_products) -> None:
    # "I've got a 14 inch EliteBook and I'm after an HP docking station for it" (set PL): no dock has a screen size
    html = render_how_found(_trace(tiny_products).with_(left_out=("screen_in: 14 inch",)), {p.id: p for p in tiny_products[:3]})
    assert "left out (no product of the kind has it): screen_in: 14 inch" in html


def test_how_found_says_which_brand_was_let_go(tiny_products) -> None:
    # "forget the Netgear, any brand is fine, but it should be black": the searched words still say "netgear" (set PJ)
    trace = _trace(tiny_products).with_(resolution={"intent": "refine", "note": "refined the previous search, any brand", "let_go": ["Netgear"]})
    html = render_how_found(trace, {p.id: p for p in tiny_products[:3]})
    assert "let go (not read from the searched words): Netgear" in html
