"""The learned type reader's word floor, chosen on whole turns out of fold.

    python -m rag.offline.train_typer --output /tmp/typer --fold-models /tmp/typer-folds --min-words 0
    python benchmarks/typer_floor.py --folds /tmp/typer-folds --runs /tmp/typer-runs

Scores every golden file the fold models name (``held_out_files``) twice with `shopassist eval-chat --llm
extractive`: with the rules alone (SHOPASSIST_LEARNED_TYPES=false) and with the fold model that never saw the file
acting on every message (train it with ``--min-words 0``). A turn of fewer than N words reads as with the rules alone,
so the two runs give the strict score (a turn's outcome, type, constraints and claims all right) at every floor N;
a turn where the rules read no type is the model's to fill, so its floor can differ from the override's. The pair
of floors is then chosen by leave-one-fold-out over the same folds. Prints a table and writes
benchmarks/results/typer_word_floor.json. Runs already in ``--runs`` are reused (about 15 minutes each on 2 cores).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

FLOORS = (0, 3, 5, 8, 10, 12, 15, 20, 25, 30, 35)
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


def reads(turns: list[dict], index: str) -> list[tuple[int, bool]]:
    """Each turn's message as the type reader sees it: its words, and whether the rules read a type in it (the
    model then overrides, else it fills). A follow-up is read without the shopper's reasons, as `resolve` does."""
    from rag.catalog.vocabulary import Vocabulary
    from rag.conversation.reasons import request_of
    from rag.understanding.constraints import QueryParser

    parser = QueryParser(Vocabulary.load(Path(index)))
    out = []
    for t in turns:
        message = request_of(t["user"]).text if t["turn"] > 1 else t["user"]
        out.append((len(parser.normalize(message).split()), bool(parser.parse(message).filters.categories)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", required=True, help="fold models written by train_typer --fold-models")
    ap.add_argument("--runs", required=True, help="where the eval-chat results go (and are reused from)")
    ap.add_argument("--golden-dir", default="data/eval")
    ap.add_argument("--index", default=".shopassist/index", help="the index folder (its vocabulary feeds the rules)")
    ap.add_argument("--output", default=str(RESULTS / "typer_word_floor.json"))
    args = ap.parse_args()
    folds = sorted(Path(args.folds).glob("fold_*"))
    fold_of = {name: k for k, f in enumerate(folds)
               for name in json.loads((f / "meta.json").read_text())["held_out_files"]}
    rows = []  # (fold, words, the rules read a type, strict with rules, strict with model)
    for name, k in sorted(fold_of.items()):
        golden = Path(args.golden_dir) / name
        run(golden, Path(args.runs) / "rules" / name, {"SHOPASSIST_LEARNED_TYPES": "false"})
        run(golden, Path(args.runs) / "model" / name, {"SHOPASSIST_TYPE_MODEL": str(folds[k])})
        rules = json.loads((Path(args.runs) / "rules" / name).read_text())["turns"]
        model = json.loads((Path(args.runs) / "model" / name).read_text())["turns"]
        rows += [(k, w, typed, strict(a), strict(b))
                 for (w, typed), a, b in zip(reads(rules, args.index), rules, model, strict=True)]

    def score(part: list[tuple[int, int, bool, bool, bool]], over: float, fill: float) -> float:
        return sum(m if w >= (over if typed else fill) else r for _, w, typed, r, m in part) / len(part)

    def counts(over: float, fill: float) -> dict[str, float]:
        acting = [(r, m) for _, w, typed, r, m in rows if w >= (over if typed else fill)]
        return {"override_floor": over, "fill_floor": fill, "fixed": sum(1 for r, m in acting if m and not r),
                "broken": sum(1 for r, m in acting if r and not m), "strict": round(score(rows, over, fill), 4)}

    table = [counts(f, f) for f in FLOORS]
    pairs = [(o, f) for o in FLOORS for f in FLOORS]
    nested, chosen = [], []
    for k in range(len(folds)):
        train = [x for x in rows if x[0] != k]
        best = max(pairs, key=lambda p, train=train: (score(train, *p), p))
        chosen.append(list(best))
        nested += [m if w >= (best[0] if typed else best[1]) else r for kk, w, typed, r, m in rows if kk == k]
    best_all = max(pairs, key=lambda p: (score(rows, *p), p))
    report = {"turns": len(rows), "filled_turns": sum(1 for x in rows if not x[2]),
              "rules_alone": round(score(rows, float("inf"), float("inf")), 4), "floors": table,
              "best_pair": counts(*best_all), "chosen_per_fold": chosen,
              "nested_out_of_fold": round(sum(nested) / len(nested), 4)}
    print(f"{'override':>9} {'fill':>5} {'fixed':>6} {'broken':>7} {'strict':>8}")
    print(f"{'rules':>9} {'':>5} {'':>6} {'':>7} {report['rules_alone']:>8}")
    for t in [*table, report["best_pair"]]:
        print(f"{t['override_floor']:>9} {t['fill_floor']:>5} {t['fixed']:>6} {t['broken']:>7} {t['strict']:>8}")
    print(f"chosen per fold (override, fill) {chosen}; nested out of fold {report['nested_out_of_fold']}")
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
