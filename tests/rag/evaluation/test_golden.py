"""The golden set's file and the per-turn scoring rules."""

from pathlib import Path

import pytest

from rag.evaluation.golden import constraint_failures, load_golden

GOLDEN = Path(__file__).resolve().parents[3] / "data" / "eval" / "golden_chat.json"


def test_the_golden_set_is_large_split_and_well_formed() -> None:
    conversations = load_golden(GOLDEN)
    turns = [t for c in conversations for t in c["turns"]]
    assert len(turns) >= 150
    held = [c for c in conversations if c["split"] == "heldout"]
    assert 0.25 <= len(held) / len(conversations) <= 0.4
    outcomes = {t["expect"].get("outcome", "results") for t in turns}
    assert outcomes == {"results", "clarify", "not_carried", "refuse"}
    assert any(len(c["turns"]) >= 3 for c in conversations)


def test_a_bad_outcome_is_a_clear_error(tmp_path) -> None:
    bad = tmp_path / "g.json"
    bad.write_text('{"conversations": [{"id": "x", "turns": [{"user": "hi", "expect": {"outcome": "maybe"}}]}]}')
    with pytest.raises(ValueError, match="maybe"):
        load_golden(bad)


def test_constraints_are_checked_on_the_record(tiny_products) -> None:
    by_id = {p.id: p for p in tiny_products}
    wired = by_id["3794547"]  # Philips Earhook Headphones, wired, black
    assert constraint_failures({"connectivity": "wireless"}, wired) == ["not wireless"]
    assert constraint_failures({"connectivity": "wired", "colour": "black", "brand": "philips"}, wired) == []
    assert constraint_failures({"max_price": 1.0}, wired)
