"""benchmarks/golden_runs.py: the set a golden file is, the verdict of a scored turn, and two runs compared turn by turn."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))  # the script imports ``common``

from golden_runs import compare, golden_files, set_name, verdicts

from rag.evaluation.golden import all_right


def _turn(conversation: str, n: int, *, outcome_ok: bool = True, type_at3: bool | None = True, fails: list[str] | None = None,
          claims: list[str] | None = None) -> dict:
    return {"conversation": conversation, "turn": n, "user": "x", "expect": {}, "outcome": "results", "outcome_ok": outcome_ok,
            "type_at3": type_at3, "constraint_fails": fails or [], "unsupported_claims": claims or [], "top3": []}


def test_set_names() -> None:
    assert set_name(Path("data/eval/golden_chat_constraints_py.json")) == "constraints_py"
    assert set_name(Path("data/eval/golden_chat_aaab.json")) == "aaab"
    assert set_name(Path("data/eval/golden_chat.json")) == "main"


def test_golden_files_chosen_and_left_out() -> None:
    assert sorted(set_name(f) for f in golden_files(["constraints_py", "main"], [])) == ["constraints_py", "main"]
    assert "constraints_qe" not in {set_name(f) for f in golden_files(None, ["constraints_qe"])}
    with pytest.raises(SystemExit):
        golden_files(["no_such_set"], [])


@pytest.mark.parametrize(("turn", "right"), [
    (_turn("k1", 1), True),
    (_turn("k1", 1, type_at3=None), True),  # a turn that names no type
    (_turn("k1", 1, outcome_ok=False), False),
    (_turn("k1", 1, type_at3=False), False),
    (_turn("k1", 1, fails=["123: brand HP != Dell"]), False),
    (_turn("k1", 1, claims=["wireless"]), False),
])
def test_all_right(turn: dict, right: bool) -> None:
    assert all_right(turn) is right


def test_two_runs_compared(tmp_path: Path) -> None:
    for folder, second in (("a", _turn("k1", 2, type_at3=False)), ("b", _turn("k1", 2))):
        (tmp_path / folder).mkdir()
        turns = [_turn("k1", 1), second, _turn("k2", 1, outcome_ok=folder == "a")]
        (tmp_path / folder / "constraints_zz.json").write_text(json.dumps({"turns": turns}))
    result = compare(verdicts(tmp_path / "a"), verdicts(tmp_path / "b"))
    assert result["total"] == {"turns": 3, "right_a": 2, "right_b": 2, "fixed": 1, "broken": 1}
    assert result["fixed"] == [("constraints_zz", "k1", 2)] and result["broken"] == [("constraints_zz", "k2", 1)]
