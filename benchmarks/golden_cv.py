"""The named-item check's one knob chosen by cross-validation over the golden set's tuning part.

Run: ``SHOPASSIST_INDEX_DIR=<index> .venv/bin/python benchmarks/golden_cv.py`` (extractive answers).
The check (``rag.understanding.named``) reads the titles of the first ``named_lookup_depth``
products of a lexical search for a name; 0 turns it off. Each candidate runs the **tuning**
conversations of ``data/eval/golden_chat.json`` once (the held-out part is never run here); a
turn scores 1 when it is wholly right (outcome as expected, the top three of an accepted type
where the turn names types, every cited product honouring the constraints), else 0. Then
``rag.evaluation.cv.cross_validate`` picks a depth on the training folds and scores it on the
held-out fold (5 folds, mean of 3 seeds): in sample and out of fold, side by side.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from common import table, write

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rag.evaluation.cv import cross_validate
from rag.evaluation.golden import load_golden, run_golden
from rag.settings import LLMProvider, get_settings
from rag.wiring import build_assistant

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "eval" / "golden_chat.json"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--depths", type=int, nargs="+", default=[0, 10, 25, 50, 100])
    ap.add_argument("--default", type=int, default=50, help="the depth the chain ships with")
    ap.add_argument("--name", default="golden_cv_named_depth")
    args = ap.parse_args()
    tuning = [c for c in load_golden(GOLDEN) if c.get("split", "tuning") == "tuning"]
    assistant = build_assistant(get_settings().with_overrides(llm_provider=LLMProvider.EXTRACTIVE))
    per_turn: dict[str, dict[str, float]] = {}
    for depth in args.depths:
        assistant.steps.named_lookup_depth = depth
        turns = run_golden(assistant, tuning)
        per_turn[str(depth)] = {
            f"{t.conversation}#{t.turn} {t.user}": float(t.outcome_ok and t.type_at3 is not False and not t.constraint_fails)
            for t in turns
        }
    result = cross_validate("named_lookup_depth", per_turn, str(args.default))
    rows = [[depth, f"{result.in_sample[depth]:.4f}", result.picks.get(depth, 0)] for depth in per_turn]
    print(table(["depth", "turns wholly right (in sample)", "picked in folds"], rows))
    print(f"best in sample {result.best}; out of fold {result.out_of_fold:.4f} "
          f"(seeds {', '.join(f'{v:.4f}' for v in result.oof_by_seed)}); chosen {result.chosen}")
    write(args.name, {"turns": result.queries, "result": result.as_json()})


if __name__ == "__main__":
    main()
