"""Two learned type readers compared on whole turns, where they read the golden messages differently.

    mkdir -p /tmp/typer-v6 && for f in model.npz meta.json; do git show c22e2c8:models/typer/v6/$f > /tmp/typer-v6/$f; done
    python benchmarks/typer_compare.py --a /tmp/typer-v6 --b models/typer/v7 --runs /tmp/typer-compare --exclude py pz

Every message of every golden file (but the ones excluded: held-out sets not yet read) is parsed by the rules with
reader A and with reader B. A conversation in which any message's product type or brands differ is kept, in a golden
file of its source file's name, and each such file is scored twice with `shopassist eval-chat --llm extractive`: with
SHOPASSIST_TYPE_MODEL set to A and to B; elsewhere the two read the same. Prints the turns each fixes and breaks (strict:
outcome, type, constraints and claims all right) and writes benchmarks/results/typer_compare.json. Runs already in
``--runs`` are reused.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def run(golden: Path, out: Path, model: str) -> None:
    if out.exists():
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([str(Path(sys.executable).parent / "shopassist"), "eval-chat", "--golden", str(golden), "--llm", "extractive",
                    "--json", str(out)], check=True, env={**os.environ, "SHOPASSIST_TYPE_MODEL": model}, stdout=subprocess.DEVNULL)


def main() -> None:
    from rag.catalog.vocabulary import Vocabulary
    from rag.evaluation.golden import (
        all_right as strict,  # (the whole-turn verdict golden_runs.py counts too)
    )
    from rag.understanding.constraints import QueryParser
    from rag.understanding.typer import TypeReader

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--a", required=True, help="the first type reader's folder")
    ap.add_argument("--b", required=True, help="the second type reader's folder")
    ap.add_argument("--runs", required=True, help="where the changed golden files and the eval-chat results go (reused)")
    ap.add_argument("--golden-dir", default="data/eval")
    ap.add_argument("--exclude", nargs="*", default=[], help="set names left out (golden_chat_constraints_<name>.json)")
    ap.add_argument("--index", default=".shopassist/index", help="the index folder (its vocabulary feeds the rules)")
    ap.add_argument("--output", default=str(RESULTS / "typer_compare.json"))
    args = ap.parse_args()
    vocabulary = Vocabulary.load(Path(args.index))
    parsers = [QueryParser(vocabulary, typer=TypeReader.load(m)) for m in (args.a, args.b)]
    left_out = {f"golden_chat_constraints_{name}.json" for name in args.exclude}
    runs = Path(args.runs)
    fixed = broken = turns = conversations = files = 0
    per_file = []
    for path in sorted(Path(args.golden_dir).glob("golden_chat*.json")):
        if path.name in left_out:
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        changed = []
        for conversation in data["conversations"]:
            for turn in conversation["turns"]:
                a, b = (p.parse(turn["user"]).filters for p in parsers)
                if a.categories != b.categories or a.brands != b.brands:
                    changed.append(conversation)
                    break
        if not changed:
            continue
        golden = runs / "golden" / path.name
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(json.dumps({**data, "conversations": changed}), encoding="utf-8")
        run(golden, runs / "a" / path.name, args.a)
        run(golden, runs / "b" / path.name, args.b)
        by_a = json.loads((runs / "a" / path.name).read_text(encoding="utf-8"))["turns"]
        by_b = json.loads((runs / "b" / path.name).read_text(encoding="utf-8"))["turns"]
        up = sum(1 for x, y in zip(by_a, by_b, strict=True) if strict(y) and not strict(x))
        down = sum(1 for x, y in zip(by_a, by_b, strict=True) if strict(x) and not strict(y))
        fixed, broken, turns = fixed + up, broken + down, turns + len(by_a)
        conversations, files = conversations + len(changed), files + 1
        per_file.append({"file": path.name, "conversations": len(changed), "turns": len(by_a), "fixed": up, "broken": down,
                         "strict_a": sum(map(strict, by_a)), "strict_b": sum(map(strict, by_b))})
    strict_a = sum(f["strict_a"] for f in per_file)
    strict_b = sum(f["strict_b"] for f in per_file)
    summary = {"a": Path(args.a).name, "b": Path(args.b).name, "files": files, "conversations": conversations, "turns": turns,
               "strict_a": round(strict_a / turns, 4) if turns else None, "strict_b": round(strict_b / turns, 4) if turns else None,
               "fixed_by_b": fixed, "broken_by_b": broken, "excluded": sorted(args.exclude)}
    print(f"{'files':>6} {'convs':>6} {'turns':>6} {'strict A':>9} {'strict B':>9} {'fixed':>6} {'broken':>7}")
    print(f"{files:>6} {conversations:>6} {turns:>6} {summary['strict_a']!s:>9} {summary['strict_b']!s:>9} {fixed:>6} {broken:>7}")
    Path(args.output).write_text(json.dumps({"summary": summary, "per_file": per_file}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
