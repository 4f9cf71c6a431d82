"""The facade both front ends call, over the tiny catalog: turns are logged,
feedback moves the profile and the next ranking, forget-me empties the store,
the export is the CLI's."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from personalization.feedback import ExportFormat, read_frame
from personalization.store import Base
from rag.app_services import ChatInput, FeedbackInput, NotFoundError
from rag.records import Filters, NumericRange
from tests.app_fixtures import make_app_services

MOUSE = "3484710"  # the Philips wireless mouse in tests/data


@pytest.fixture
def services(tmp_path, tiny_products, fake_embedder):
    return make_app_services(tmp_path, tiny_products, fake_embedder)


def test_turn_streams_logs_and_personalizes_after_feedback(services) -> None:
    chunks = list(services.stream_turn(ChatInput("wireless mouse", user_id="ann")))
    result = chunks[-1].result
    assert result is not None and "".join(c.text for c in chunks).strip()
    assert result.trace.session_id and result.generator == "extractive"
    order = [p.id for p in result.products]
    assert MOUSE in order and "[" in result.answer

    stored = services.record_feedback(FeedbackInput("purchase", request_id=result.trace.request_id, product_id=MOUSE, value=19.99))
    assert stored.user_id == "ann" and stored.kind == "purchase"  # the user comes from the logged ranking
    services.record_feedback(FeedbackInput("thumbs_down", request_id=result.trace.request_id, reason="too-expensive"))
    profile = services.profile("ann")
    assert profile.by_kind("brand")["philips"].counts == {"purchase": 1}

    warm = services.run_turn(ChatInput("wireless mouse", user_id="ann"))
    boosts = {b.product_id: b for b in warm.trace.boosts}
    assert boosts[MOUSE].delta > 0
    assert [p.id for p in warm.products].index(MOUSE) <= order.index(MOUSE)
    assert [p.id for p in services.run_turn(ChatInput("wireless mouse", user_id="bob")).products] == order

    frame = services.feedback_frame()
    row = frame[frame.request_id == result.trace.request_id].iloc[0]
    assert row.thumbs == "down" and row.thumbs_reason == "too-expensive" and row.purchases == 1


def test_follow_up_uses_the_session_memory(services) -> None:
    first = services.run_turn(ChatInput("hp notebook"))
    follow = services.run_turn(ChatInput("tell me more about the first one", session_id=first.trace.session_id))
    assert follow.trace.session_id == first.trace.session_id
    assert follow.products and follow.products[0].id == first.products[0].id


def test_search_ranks_with_records_and_filters(services, tiny_products) -> None:
    outcome = services.search("notebook", k=3)
    data = outcome.to_dict()
    assert 1 <= len(data["results"]) <= 3
    assert all(r["product"]["title"] for r in data["results"]) and "notebook" in data["results"][0]["product"]["title"].lower()
    cheap = services.search("notebook", filters=Filters(price=NumericRange(None, 1.0)))
    assert cheap.result.hits == ()
    priced = services.search("notebook under $5000")
    assert priced.to_dict()["understood"]["constraints"]


def test_profile_edit_remove_and_forget(services) -> None:
    turn = services.run_turn(ChatInput("wireless mouse", user_id="cat"))
    services.record_feedback(FeedbackInput("click", request_id=turn.trace.request_id, product_id=MOUSE))
    services.set_affinity("cat", "brand", "Sony", 2.0)
    assert services.profile("cat").by_kind("brand")["sony"].pinned
    services.remove_affinity("cat", "brand", "sony")
    with pytest.raises(NotFoundError):
        services.remove_affinity("cat", "brand", "sony")
    report = services.forget("cat")
    assert report.complete and report.removed["interactions"] == 1 and report.sessions_cleared == 1
    assert services.profile("cat").is_empty
    # The conversation memory of the forgotten shopper's session is gone too.
    assert services.assistant.steps.conversations.load(turn.trace.session_id).turns == ()
    with services.store() as session:
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)).all():
                assert "cat" not in repr(tuple(row)).replace("category", "")


def test_export_is_the_cli_export(services, tmp_path) -> None:
    turn = services.run_turn(ChatInput("wireless mouse", user_id="dan"))
    services.record_feedback(FeedbackInput("thumbs_up", request_id=turn.trace.request_id, reason="helpful"))
    for fmt in ExportFormat:
        path, rows = services.export_feedback(tmp_path / f"out.{fmt.value}", fmt.value)
        frame = read_frame(path, fmt)
        assert rows == len(frame) == 1 and frame.iloc[0].thumbs_reason == "helpful"
    data, rows = services.export_feedback_bytes("csv")
    assert rows == 1 and data.startswith(b"request_id,")


def test_bad_input_is_refused_by_name(services) -> None:
    with pytest.raises(ValueError, match="limit is 1000"):
        services.run_turn(ChatInput("x" * 1001))
    with pytest.raises(ValueError, match="session id"):
        services.run_turn(ChatInput("mouse", session_id="../etc"))
    with pytest.raises(ValueError, match="user id"):
        services.run_turn(ChatInput("mouse", user_id="two words"))
    with pytest.raises(ValueError, match="choose one of"):
        services.record_feedback(FeedbackInput("like", product_id=MOUSE))
    with pytest.raises(NotFoundError, match="no product"):
        services.record_feedback(FeedbackInput("click", product_id="missing"))
    with pytest.raises(NotFoundError, match="request id"):
        services.record_feedback(FeedbackInput("click", request_id="nope", product_id=MOUSE))
    with pytest.raises(ValueError, match="needs a product"):
        services.record_feedback(FeedbackInput("click"))
    with pytest.raises(ValueError, match="k must be"):
        services.search("mouse", k=0)
    with pytest.raises(ValueError, match="brand, category, price_band"):
        services.set_affinity("u", "colour", "red", 1.0)


def test_health_names_engine_size_and_generator(services, tiny_products) -> None:
    health = services.health().to_dict()
    assert health["ok"] and health["products"] == len(tiny_products)
    assert health["generator"] == "extractive" and health["store"]["ok"]


def test_feedback_on_a_shown_product_teaches_its_price_side(services) -> None:
    """The facade reads what the turn showed, so a pick's price tier is learned from real feedback."""
    turn = services.run_turn(ChatInput("wireless mouse", user_id="cal"))
    shown = [p for p in turn.products if p.category == turn.products[0].category and p.price]
    assert len({p.price for p in shown}) >= 2, "the tiny catalog shows mice at more than one price"
    cheapest = min(shown, key=lambda p: p.price)
    services.record_feedback(FeedbackInput("purchase", request_id=turn.trace.request_id, product_id=cheapest.id))
    tiers = services.profile("cal").by_kind("price_tier")
    assert set(tiers) == {"lower-priced"} and tiers["lower-priced"].counts == {"purchase": 1}
    assert services.profile("cal").price_lean() < 0
    # feedback without a turn to read the peers from leaves the tier alone
    services.record_feedback(FeedbackInput("click", product_id=max(shown, key=lambda p: p.price).id, user_id="cal"))
    assert set(services.profile("cal").by_kind("price_tier")) == {"lower-priced"}
