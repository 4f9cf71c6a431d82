"""The learned type reader's word floors, chosen on whole turns out of fold.

    python -m rag.offline.train_typer --output /tmp/typer --fold-models /tmp/typer-folds --min-words 0
    python benchmarks/typer_floor.py --folds /tmp/typer-folds --runs /tmp/typer-runs

Every golden file the fold models name (``held_out_files``) is read by the fold model that never saw it, acting on every
message (train it with ``--min-words 0``), and by the rules alone. The conversations where the two read a different
product type in some turn (a follow-up read without the shopper's reasons, as `resolve` reads it) are scored twice
with `shopassist eval-chat --llm extractive`: with the rules alone (SHOPASSIST_LEARNED_TYPES=false) and with the fold
model; elsewhere the two runs read the same. A turn of fewer than N words reads as with the rules alone, so the two runs
give, at every floor N, the turns the model fixes and breaks (strict: outcome, type, constraints and claims all right).
A turn where the rules read no type is the model's to fill, so its floor may differ from the override's. The pair of
floors is chosen by leave-one-fold-out over the same folds. Prints a table and writes
benchmarks/results/typer_word_floor.json. Runs already in ``--runs`` are reused.
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


def readings(conversation: dict, rules, model) -> list[tuple[int, bool, bool]]:
    """Each turn as the type reader sees it: its words, whether the rules read a type in it (the model then
    overrides, else it fills), and whether the model acting on every message reads another type."""
    from rag.conversation.reasons import request_of

    out = []
    for i, turn in enumerate(conversation["turns"]):
        message = request_of(turn["user"]).text if i else turn["user"]
        by_rules, by_model = rules.parse(message).filters.categories, model.parse(message).filters.categories
        out.append((len(rules.normalize(message).split()), bool(by_rules), by_rules != by_model))
    return out


def main() -> None:
    from rag.catalog.vocabulary import Vocabulary
    from rag.understanding.constraints import QueryParser
    from rag.understanding.typer import Margins, TypeReader

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
    vocabulary = Vocabulary.load(Path(args.index))
    rules = QueryParser(vocabulary)
    rows = []  # (fold, words, the rules read a type, strict with rules, strict with model)
    total = 0
    for k, fold in enumerate(folds):  # a fold's changed conversations in one run: one start-up per run
        reader = TypeReader.load(fold)
        model = QueryParser(vocabulary, typer=reader.with_margins(Margins(reader.margins.override, reader.margins.fill, 0, 0)))
        changed, turns = [], []
        for name in sorted(n for n, f in fold_of.items() if f == k):
            conversations = json.loads((Path(args.golden_dir) / name).read_text())["conversations"]
            total += sum(len(c["turns"]) for c in conversations)
            for c in conversations:
                seen = readings(c, rules, model)
                if any(differs for *_, differs in seen):
                    changed.append({**c, "id": f"{name.removesuffix('.json')}.{c['id']}"})
                    turns += seen
        if not changed:
            continue
        golden = Path(args.runs) / "golden" / f"fold_{k}.json"
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(json.dumps({"conversations": changed}))
        run(golden, Path(args.runs) / "rules" / golden.name, {"SHOPASSIST_LEARNED_TYPES": "false"})
        run(golden, Path(args.runs) / "model" / golden.name, {"SHOPASSIST_TYPE_MODEL": str(fold)})
        by_rules = json.loads((Path(args.runs) / "rules" / golden.name).read_text())["turns"]
        by_model = json.loads((Path(args.runs) / "model" / golden.name).read_text())["turns"]
        rows += [(k, w, typed, strict(a), strict(b)) for (w, typed, _), a, b in zip(turns, by_rules, by_model, strict=True)]

    def net(part: list[tuple[int, int, bool, bool, bool]], over: float, fill: float) -> int:
        return sum(int(m) - int(r) for _, w, typed, r, m in part if w >= (over if typed else fill))

    def counts(over: float, fill: float) -> dict[str, float]:
        acting = [(r, m) for _, w, typed, r, m in rows if w >= (over if typed else fill)]
        return {"override_floor": over, "fill_floor": fill, "fixed": sum(1 for r, m in acting if m and not r),
                "broken": sum(1 for r, m in acting if r and not m), "net_per_turn": round(net(rows, over, fill) / total, 4)}

    table = [counts(f, f) for f in FLOORS]
    pairs = [(o, f) for o in FLOORS for f in FLOORS]
    nested, chosen = 0, []
    for k in range(len(folds)):
        train = [x for x in rows if x[0] != k]
        best = max(pairs, key=lambda p, train=train: (net(train, *p), p))
        chosen.append(list(best))
        nested += net([x for x in rows if x[0] == k], *best)
    best_all = max(pairs, key=lambda p: (net(rows, *p), p))
    report = {"turns": total, "turns_run": len(rows), "floors": table, "best_pair": counts(*best_all),
              "chosen_per_fold": chosen, "nested_out_of_fold_net_per_turn": round(nested / total, 4)}
    print(f"{total} turns, {len(rows)} in conversations where the model reads another type")
    print(f"{'override':>9} {'fill':>5} {'fixed':>6} {'broken':>7} {'net/turn':>9}")
    for t in [*table, report["best_pair"]]:
        print(f"{t['override_floor']:>9} {t['fill_floor']:>5} {t['fixed']:>6} {t['broken']:>7} {t['net_per_turn']:>9}")
    print(f"chosen per fold (override, fill) {chosen}; nested out of fold, net per turn {report['nested_out_of_fold_net_per_turn']}")
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
