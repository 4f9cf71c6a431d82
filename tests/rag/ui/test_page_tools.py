"""The page's tools without a browser: sort, show more, more like this, compare, chips, the
typing indicator's stages and the byline (real services over the tiny catalog)."""

from __future__ import annotations

import operator
import threading
from dataclasses import replace

import pytest

from rag.app_services import NotFoundError
from rag.chain.trace import Fallback, Trace
from rag.records import NO_FILTERS, Filters, NumericRange
from rag.ui import shelf
from rag.ui.compare import compare_rows, followups, render_compare
from rag.ui.controller import ChatController, byline, timeout_note
from rag.ui.live import Stage, stream_with_stages, typing_html


@pytest.fixture
def controller(services) -> ChatController:
    return ChatController(services)


def _session(controller, message="notebook", filters=NO_FILTERS, sort=None):
    return list(controller.respond(message, None, filters, sort=sort))[-1].session


def _cards(session):
    rid = session.last_trace.request_id
    return [(session.refs[i], session.last_products[session.refs[i].product_id]) for i in shelf.turn_card_slots(session, rid)]


def test_turn_shows_a_typing_indicator_with_the_stage_before_the_first_words(controller) -> None:
    views = list(controller.respond("hp notebook", None, NO_FILTERS))
    assert views[0].session.messages[-2]["content"] == "hp notebook"  # the question and the indicator at once
    contents = [v.session.messages[-1]["content"] for v in views]
    typing = [c for c in contents if "sa-typing" in c]
    assert "sa-typing" in contents[0] and "sa-typing" not in contents[-1]
    first_text = next(i for i, c in enumerate(contents) if "sa-typing" not in c)
    assert all("sa-typing" in c for c in contents[:first_text])
    assert any("Searching the catalog" in c or "Reading your message" in c for c in typing)


def test_stream_with_stages_names_each_step_ticks_while_waiting_and_raises_errors() -> None:
    released = threading.Event()

    def slow(config):
        for handler in config["callbacks"]:
            handler.on_chain_start({}, {}, name="retrieve")
        released.wait(timeout=30)  # the model "thinks" until the test has seen a tick
        yield "text"

    events = stream_with_stages(slow, tick_s=0.01)
    started = next(events)
    assert isinstance(started, Stage) and started.name in ("guard", "retrieve")
    ticks = []
    while len(ticks) < 2:  # the step that started, then a tick while nothing else arrives
        event = next(events)
        assert isinstance(event, Stage)
        if event.name == "retrieve":
            ticks.append(event)
    released.set()
    rest = list(events)
    assert rest[-1] == "text" and ticks[-1].name == "retrieve"
    assert ticks[-1].elapsed_s >= ticks[0].elapsed_s and "Searching the catalog" in typing_html(ticks[-1])

    def broken(config):
        raise RuntimeError("engine down")
        yield  # pragma: no cover

    with pytest.raises(RuntimeError, match="engine down"):
        list(stream_with_stages(broken))


def test_stream_with_stages_folds_what_piled_up_while_the_page_was_busy() -> None:
    from rag.chain.state import AnswerChunk

    queued = threading.Event()

    def quick(config):
        for name in ("retrieve", "answer"):
            for handler in config["callbacks"]:
                handler.on_chain_start({}, {}, name=name)
        yield AnswerChunk("Here are ")
        yield AnswerChunk("three mice.")
        yield AnswerChunk("", result="the result")
        queued.set()  # runs once the last chunk is in the queue

    events = stream_with_stages(quick, merge=operator.add)
    assert queued.wait(timeout=30)  # a busy consumer: everything piled up before it reads
    folded = list(events)
    assert folded == [AnswerChunk("Here are three mice.", "the result")], folded  # no stale stage, one chunk
    assert [e for e in stream_with_stages(quick) if not isinstance(e, Stage)] == [
        AnswerChunk("Here are "), AnswerChunk("three mice."), AnswerChunk("", "the result")]  # without merge: each


def test_byline_names_the_writer_and_a_timeout_as_such() -> None:
    trace = Trace.start()
    assert "extractive composer" in byline(replace(trace, generator="extractive"))
    assert "Written by llama-cpp:qwen2.5" in byline(replace(trace, generator="llama-cpp:qwen2.5"))
    timed_out = replace(trace, generator="extractive", fallbacks=(Fallback(
        "answer", "answer: llama-cpp:qwen2.5 failed (TimeoutError: answer took more than 30 s); extractive composer answered"),))
    note = timeout_note(timed_out)
    assert note.startswith("llama-cpp:qwen2.5 timed out after 30 s") and "extractive composer" in note
    assert "sa-timeout" in byline(timed_out) and "Written by" not in byline(timed_out)
    assert timeout_note(replace(trace, fallbacks=(Fallback("hyde", "timed out"),))) == ""


def test_sort_by_price_reorders_cards_and_keeps_numbers(controller) -> None:
    session = _session(controller)
    by_rank = _cards(session)
    low = _cards(controller.sort(session, "Price: low to high"))
    prices = [p.price for _, p in low if p.price is not None]
    assert prices == sorted(prices) and len(low) == len(by_rank)
    assert {r.number: p.id for r, p in low} == {r.number: p.id for r, p in by_rank}  # [n] still names the same product
    high = _cards(controller.sort(session, "Price: high to low"))
    assert [p.price for _, p in high if p.price is not None] == sorted(prices, reverse=True)
    assert _cards(controller.sort(controller.sort(session, "Price: low to high"), "Best match")) == by_rank
    assert [p.price for _, p in _cards(_session(controller, sort="Price: low to high")) if p.price] == prices
    with pytest.raises(ValueError, match="Price: low to high"):
        controller.sort(session, "cheapest")


def test_show_more_continues_the_ranking_without_repeats(controller) -> None:
    session = _session(controller, "mouse")
    before = _cards(session)
    more, note = controller.show_more(session, None, count=2)
    after = _cards(more)
    assert "Added" in note and len(after) == len(before) + 2
    assert [r.number for r, _ in after] == list(range(1, len(after) + 1))
    assert len({p.id for _, p in after}) == len(after)
    fused = [pid for pid, _ in session.last_trace.fused if pid not in {p.id for _, p in before}]
    assert [p.id for _, p in after[len(before):]] == fused[:2]
    assert "Ask for something first" in controller.show_more(None, None)[1]


def test_more_like_this_adds_neighbours_of_the_card(controller, services) -> None:
    session = _session(controller, "mouse")
    ref, seed = _cards(session)[0]
    more, note = controller.more_like(session, shelf.card_ref(ref), NO_FILTERS, count=3)
    added = [r for i, r in more.refs.items() if r.anchor]
    assert "products like" in note and added and all(r.product_id != seed.id for r in added)
    assert more.messages[len(session.messages)]["content"].startswith("More like [1]")
    assert all(more.last_products[r.product_id].category == seed.category for r in added)
    assert shelf.find_card(more, added[0].anchor) == added[0]
    assert "no longer on the page" in controller.more_like(session, "card-nope-1", NO_FILTERS)[1]


def test_similar_keeps_the_category_and_the_filters(services, tiny_products) -> None:
    seed = next(p for p in tiny_products if p.price)
    cap = Filters(price=NumericRange(None, seed.price))
    found = services.similar(seed.id, k=5, filters=cap)
    assert seed.id not in {p.id for p in found}
    assert all(p.category == seed.category and p.price is not None and p.price <= seed.price for p in found)
    with pytest.raises(NotFoundError):
        services.similar("no-such-product")
    with pytest.raises(ValueError, match="k must be"):
        services.similar(seed.id, k=0)


def test_compare_two_to_four_products_as_a_table(controller, tiny_products) -> None:
    session = _session(controller)
    choices = shelf.compare_choices(session)
    assert len(choices) >= 2 and choices[0][0].startswith("[1] ")
    ids = [pid for _, pid in choices[:2]]
    compared, note = controller.compare(session, ids)
    table = compared.messages[-1]["content"]
    assert note == "Comparing 2 products."
    assert 'class="sa-compare"' in table and table.count('<th scope="col"') == 3 and "(lowest)" in table
    assert "Pick 2 to 4" in controller.compare(session, ids[:1])[1]
    with pytest.raises(ValueError):
        render_compare(tiny_products[:5])
    rows = dict(compare_rows(tiny_products[:3]))
    assert all(len(values) == 3 for values in rows.values())


def test_followups_offer_requests_the_chain_reads(controller) -> None:
    session = _session(controller, "mouse")
    chips = followups(session.last_trace, session.last_products)
    assert chips and chips[0] == "compare 1 and 2" and "cheaper ones?" in chips and len(chips) <= 4
    assert followups(None, {}) == []
    assert followups(replace(session.last_trace, plan="refuse"), session.last_products) == []
