"""The learned type reader's word floor, chosen on whole turns out of fold.

    python -m rag.offline.train_typer --output /tmp/typer --fold-models /tmp/typer-folds --min-words 0
    python benchmarks/typer_floor.py --folds /tmp/typer-folds --runs /tmp/typer-runs

Scores every golden file the fold models name (``held_out_files``) twice with `shopassist eval-chat --llm
extractive`: with the rules alone (SHOPASSIST_LEARNED_TYPES=false) and with the fold model that never saw the file
acting on every message (train it with ``--min-words 0``). A turn of fewer than N words reads as with the rules alone,
so the two runs give the strict score (a turn's outcome, type, constraints and claims all right) at every floor N.
The floor is then chosen by leave-one-fold-out over the same folds. Prints a table and writes
benchmarks/results/typer_word_floor.json. Runs already in ``--runs`` are reused (about 15 minutes each on 2 cores).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

FLOORS = (0, 10, 15, 20, 25, 30, 35)
RESULTS = Path(__file__).resolve().parent / "results"


def run(golden: Path, out: Path, env: dict[str, str]) -> None:
    if out.exists():
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([str(Path(sys.executable).parent / "shopassist"), "eval-chat", "--golden", str(golden), "--llm", "extractive",
                    "--json", str(out)], check=True, env={**os.environ, **env}, stdout=subprocess.DEVNULL)


def strict(turn: dict) -> bool:
    return bool(turn["outcome_ok"]) and turn.get("type_at3") is not False and not turn.get("constraint_fails") \
        and not turn.get("unsupported_claims")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", required=True, help="fold models written by train_typer --fold-models")
    ap.add_argument("--runs", required=True, help="where the eval-chat results go (and are reused from)")
    ap.add_argument("--golden-dir", default="data/eval")
    args = ap.parse_args()
    folds = sorted(Path(args.folds).glob("fold_*"))
    fold_of = {name: k for k, f in enumerate(folds)
               for name in json.loads((f / "meta.json").read_text())["held_out_files"]}
    rows = []  # (fold, words, strict with rules, strict with model)
    for name, k in sorted(fold_of.items()):
        golden = Path(args.golden_dir) / name
        run(golden, Path(args.runs) / "rules" / name, {"SHOPASSIST_LEARNED_TYPES": "false"})
        run(golden, Path(args.runs) / "model" / name, {"SHOPASSIST_TYPE_MODEL": str(folds[k])})
        rules = json.loads((Path(args.runs) / "rules" / name).read_text())["turns"]
        model = json.loads((Path(args.runs) / "model" / name).read_text())["turns"]
        rows += [(k, len(a["user"].split()), strict(a), strict(b)) for a, b in zip(rules, model, strict=True)]

    def score(part: list[tuple[int, int, bool, bool]], floor: float) -> float:
        return sum(m if w >= floor else r for _, w, r, m in part) / len(part)

    table = []
    for floor in FLOORS:
        fixed = sum(1 for _, w, r, m in rows if w >= floor and m and not r)
        broken = sum(1 for _, w, r, m in rows if w >= floor and r and not m)
        table.append({"floor": floor, "fixed": fixed, "broken": broken, "strict": round(score(rows, floor), 4)})
    nested, chosen = [], []
    for k in range(len(folds)):
        train = [x for x in rows if x[0] != k]
        best = max(FLOORS, key=lambda f, train=train: (score(train, f), f))
        chosen.append(best)
        nested += [m if w >= best else r for kk, w, r, m in rows if kk == k]
    report = {"turns": len(rows), "rules_alone": round(score(rows, float("inf")), 4), "floors": table,
              "chosen_per_fold": chosen, "nested_out_of_fold": round(sum(nested) / len(nested), 4)}
    print(f"{'floor':>6} {'fixed':>6} {'broken':>7} {'strict':>8}")
    print(f"{'rules':>6} {'':>6} {'':>7} {report['rules_alone']:>8}")
    for t in table:
        print(f"{t['floor']:>6} {t['fixed']:>6} {t['broken']:>7} {t['strict']:>8}")
    print(f"chosen per fold {chosen}; nested out of fold {report['nested_out_of_fold']}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "typer_word_floor.json").write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
