"""The UI's event handlers over real services (tiny index, extractive answers, SQLite store)."""

from __future__ import annotations

import pandas as pd
import pytest

from rag.app_services import FeedbackInput
from rag.records import NO_FILTERS
from rag.ui.cards import card_anchor
from rag.ui.controller import ChatController, make_filters
from rag.ui.state import GUEST, NEW_SHOPPER, ChatSession


@pytest.fixture
def controller(services) -> ChatController:
    return ChatController(services)


def _turn(controller, message, session=None, filters=NO_FILTERS):
    views = list(controller.respond(message, session, filters))
    return views, views[-1]


def test_a_turn_streams_then_shows_cited_cards_and_the_trace(controller) -> None:
    views, last = _turn(controller, "hp notebook")
    assert len(views) >= 3  # the question, at least one chunk, the end
    assert views[0].session.messages[-1] == {"role": "user", "content": "hp notebook"}
    session = last.session
    answer_index = session.turn_starts[-1] + 1
    rid = session.refs[answer_index].request_id
    answer = session.messages[answer_index]["content"]
    assert f"(#{card_anchor(rid, 1)})" in answer
    cards = [i for i, ref in session.refs.items() if ref.product_id]
    assert cards and all(f'id="{card_anchor(rid, session.refs[i].number)}"' in session.messages[i]["content"] for i in cards)
    assert "answered by <b>extractive</b>" in last.how_found and rid in last.how_found


def test_filters_panel_combines_with_the_message(controller, tiny_products) -> None:
    brand = next(p.brand for p in tiny_products if p.category == "notebook")
    _, last = _turn(controller, "notebook under $5000", filters=make_filters([brand], None, None, None))
    trace = last.session.last_trace
    assert trace.filters["brands"] == [brand] and trace.filters["price"][1] == 5000
    shown = [last.session.last_products[pid] for pid in trace.shown]
    assert shown and all(p.brand == brand for p in shown)


def test_bad_price_range_is_refused_with_the_values() -> None:
    with pytest.raises(ValueError, match="min price 50 is above max price 10"):
        make_filters(None, None, 50, 10)
    with pytest.raises(ValueError, match="negative"):
        make_filters(None, None, -1, None)
    assert make_filters([], [], 0, 0).is_empty  # empty number fields arrive as 0
    assert make_filters(["HP"], [], 0, 300).price.max == 300


def test_thumbs_down_with_a_reason_lands_in_the_export(controller, services, tmp_path) -> None:
    session = controller.switch_user(NEW_SHOPPER)
    _, last = _turn(controller, "wireless mouse", session)
    session = last.session
    card = next(i for i, ref in session.refs.items() if ref.product_id)
    session, status, ask = controller.like(session, card, False)
    assert ask and "saved" in status and session.pending is not None
    session, status = controller.give_reason(session, "wrong price", "cheaper elsewhere")
    assert "wrong price" in status and session.pending is None
    answer = session.turn_starts[-1] + 1
    session, _, _ = controller.like(session, answer, False)
    session, _ = controller.give_reason(session, "not relevant", "")
    path, rows = controller.export("csv", include_demo=False, folder=tmp_path)
    frame = pd.read_csv(path, keep_default_na=False)
    row = frame[frame["request_id"] == session.refs[answer].request_id].iloc[0]
    assert row["thumbs"] == "down" and row["thumbs_reason"] == "not relevant" and rows == len(frame)
    profile = services.profile(session.user_id)
    product = session.last_products[session.refs[card].product_id]
    assert profile.by_kind("brand")[product.brand.lower()].weight < 0  # the card's thumbs down moved the profile


def test_like_on_a_message_without_a_turn_is_refused_politely(controller) -> None:
    _, status, ask = controller.like(ChatSession.new(), 0, True)
    assert not ask and "no answer" in status


def test_undo_takes_the_turn_back_and_memory_forgets_it(controller, services) -> None:
    _, first = _turn(controller, "hp notebook")
    _, second = _turn(controller, "cheaper ones?", first.session)
    assert second.session.last_trace.intent == "refine"
    earlier, message = controller.undo(second.session)
    assert message == "cheaper ones?" and earlier.messages == first.session.messages
    assert len(services.assistant.steps.conversations.load(earlier.session_id).turns) == 1
    retried = list(controller.retry(earlier, NO_FILTERS))[-1].session
    assert retried.messages[retried.turn_starts[-1]]["content"] == "hp notebook"
    assert len(services.assistant.steps.conversations.load(earlier.session_id).turns) == 1


def test_persona_history_changes_the_order(controller, services, tiny_products) -> None:
    _, guest = _turn(controller, "mouse")
    guest_order = guest.session.last_trace.shown
    assert len(guest_order) >= 2
    favourite = services.search_services.engine.fetch([guest_order[-1]])[guest_order[-1]]
    user = "shopper-fan"
    _, seed = _turn(controller, "mouse", ChatSession.new(user))
    for _ in range(3):
        services.record_feedback(FeedbackInput("purchase", seed.session.last_trace.request_id, favourite.id, user, value=10))
    _, personal = _turn(controller, "mouse", ChatSession.new(user))
    order = personal.session.last_trace.shown
    assert order != guest_order and order.index(favourite.id) < guest_order.index(favourite.id)
    assert favourite.brand.lower() in personal.why.lower() or "bought" in personal.why


def test_switch_user_and_forget_me(controller, services) -> None:
    assert controller.switch_user(GUEST).user_id is None
    assert controller.switch_user(NEW_SHOPPER).user_id.startswith("shopper-")
    with pytest.raises(ValueError):
        controller.switch_user("bad id with spaces")
    session = ChatSession.new("shopper-forget")
    assert "Set brand" in controller.set_affinity(session.user_id, "brand", "Sony", 3)
    assert "sony" in controller.profile_html(session.user_id)
    fresh, report = controller.forget(session)
    assert "Everything about you is deleted" in report and fresh.user_id == session.user_id
    assert "no history" in controller.profile_html(session.user_id)
    assert "guests have no profile" in controller.set_affinity(None, "brand", "x", 1).lower()


def test_analytics_reads_the_same_log(controller) -> None:
    _turn(controller, "usb stick")
    data = controller.analytics(include_demo=True)
    assert data["summary"]["turns"] >= 1
    assert {"stage", "percentile", "ms"} <= set(data["latency"].columns) and not data["latency"].empty
    assert not data["queries"].empty


def test_exports_reuse_one_folder_instead_of_a_new_one_per_refresh(controller, tmp_path, monkeypatch) -> None:
    """The Analytics tab exports on every refresh; each used to leave a new folder in /tmp."""
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    paths = [controller.export(fmt, include_demo=demo)[0] for fmt in ("csv", "parquet") for demo in (True, False)]
    again = [controller.export(fmt, include_demo=demo)[0] for fmt in ("csv", "parquet") for demo in (True, False)]
    assert paths == again and len({p.parent for p in paths}) == 1
    assert sorted(p.name for p in paths[0].parent.iterdir()) == sorted(p.name for p in paths)
    assert pd.read_csv(again[0], keep_default_na=False).columns[0] == "request_id"
    assert [p.name for p in tmp_path.iterdir()] == [paths[0].parent.name]
