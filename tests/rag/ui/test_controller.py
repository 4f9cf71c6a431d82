"""The UI's event handlers over real services (tiny index, extractive answers, SQLite store)."""

from __future__ import annotations

import pandas as pd
import pytest

from rag.app_services import FeedbackInput
from rag.identity import Forbidden
from rag.records import NO_FILTERS
from rag.ui.cards import card_anchor
from rag.ui.controller import ME, ChatController, make_filters
from rag.ui.state import GUEST, ChatSession
from tests.rag.ui.conftest import ANALYST_KEY


@pytest.fixture
def controller(services) -> ChatController:
    return ChatController(services)


def _turn(controller, message, session=None, filters=NO_FILTERS):
    views = list(controller.respond(message, session, filters))
    return views, views[-1]


def test_a_turn_streams_then_shows_cited_cards_and_the_trace(controller) -> None:
    views, last = _turn(controller, "hp notebook")
    assert len(views) >= 2  # the question with the typing indicator, (chunks that were not already piled up,) the end
    assert views[0].session.messages[-2] == {"role": "user", "content": "hp notebook"}
    assert "sa-typing" in views[0].session.messages[-1]["content"]
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
    session = controller.switch_user(ME, "shopper-thumbs")
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
    path, rows = services.export_feedback(tmp_path / "feedback.csv", "csv", include_demo=False)
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
    _, seed = _turn(controller, "mouse", ChatSession.new(user, owner=user))
    for _ in range(3):
        services.record_feedback(FeedbackInput("purchase", seed.session.last_trace.request_id, favourite.id, user, value=10))
    _, personal = _turn(controller, "mouse", ChatSession.new(user, owner=user))
    order = personal.session.last_trace.shown
    assert order != guest_order and order.index(favourite.id) < guest_order.index(favourite.id)
    assert favourite.brand.lower() in personal.why.lower() or "bought" in personal.why


def test_switch_user_and_forget_me(controller, services) -> None:
    owner = "shopper-forget"
    assert controller.switch_user(GUEST, owner).user_id is None
    session = controller.switch_user(ME, owner)
    assert session.user_id == owner and session.owner == owner
    with pytest.raises(ValueError):
        controller.switch_user("bad id with spaces", owner)
    assert "Set brand" in controller.set_affinity(session, "brand", "Sony", 3)
    assert "sony" in controller.profile_html(session.user_id)
    fresh, report = controller.forget(session)
    assert "Everything about you is deleted" in report and fresh.user_id == session.user_id
    assert "no history" in controller.profile_html(session.user_id)
    assert "guests have no profile" in controller.set_affinity(None, "brand", "x", 1).lower()


def test_the_picker_never_acts_on_another_shopper(controller, services) -> None:
    """Finding: "Shopping as" offered any persona and "Forget me" deleted it (no demo mode, no identity check)."""
    services.set_affinity("alice", "brand", "sony", 2)
    for victim in ("alice", "demo-gamer", "shopper-forget"):
        with pytest.raises(Forbidden):
            controller.switch_user(victim, "shopper-mallory")
    with pytest.raises(Forbidden):
        controller.switch_user(ME, None)  # no cookie: no "me"
    # A session whose user is not its owner (not reachable through the picker) edits and forgets nothing.
    forged = ChatSession.new("alice", owner="shopper-mallory")
    assert "guests have no profile" in controller.set_affinity(forged, "brand", "evil", 5).lower()
    assert "Guests have nothing stored" in controller.forget(forged)[1]
    assert "evil" not in controller.profile_html("alice") and "sony" in controller.profile_html("alice")


def test_chat_and_profile_edits_go_through_the_api_limits(controller) -> None:
    """Finding: the app stored a NUL and ANSI escapes in a message and a 100,001-character brand key."""
    views = list(controller.respond("mouse\x00\x1b[31m", None, NO_FILTERS))
    assert "control character" in views[-1].status and views[-1].session.last_trace is None
    session = controller.switch_user(ME, "shopper-limits")
    assert "limit is 128" in controller.set_affinity(session, "brand", "x" * 100_001, 1)
    assert "control character" in controller.set_affinity(session, "brand", "so\x00ny", 1)


def test_answers_are_text_not_html(controller) -> None:
    """Finding: a <form> and a remote image in an answer were rendered in the chat bubble."""
    from rag.ui.controller import safe_answer

    shown = safe_answer('Buy <form action="http://evil"><input></form> ![x](http://evil/pixel.png) [1]')
    assert "<form" not in shown and "&lt;form" in shown and "![" not in shown
    views = list(controller.respond("<img src=x onerror=alert(1)> ![p](http://evil.example/p.png) mouse", None, NO_FILTERS))
    asked = views[0].session.messages[-2]["content"]
    assert "<img" not in asked and "&lt;img" in asked and "![" not in asked
    _earlier, message = controller.undo(views[-1].session)
    assert message == "<img src=x onerror=alert(1)> ![p](http://evil.example/p.png) mouse"  # back in the box as typed


def test_analytics_need_the_analyst_key(controller) -> None:
    _turn(controller, "usb stick")
    for key in (None, "", "wrong-key-0123456789"):
        with pytest.raises(Forbidden):
            controller.analytics(True, key)
        with pytest.raises(Forbidden):
            controller.export_link("csv", True, key)
    data = controller.analytics(True, ANALYST_KEY)
    assert data["summary"]["turns"] >= 1
    assert {"stage", "percentile", "ms"} <= set(data["latency"].columns) and not data["latency"].empty
    assert not data["queries"].empty


def test_export_link_is_one_time_and_writes_no_file(controller, services, tmp_path, monkeypatch) -> None:
    """Finding: every refresh left a full feedback.csv in Gradio's shared temp folder (21.5 MB after 5)."""
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    link = controller.export_link("csv", True, ANALYST_KEY)
    ticket = link.split("ticket=", 1)[1]
    payload = services.identities.redeem("export", ticket)
    assert payload is not None and payload["format"] == "csv" and payload["demo"] is True
    assert services.identities.redeem("export", ticket) is None  # used once already
    assert services.identities.redeem("export", ticket[:-2] + "xx") is None  # forged
    assert list(tmp_path.iterdir()) == []
