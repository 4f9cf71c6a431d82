"""Many golden sets scored in one process, and two such runs compared turn by turn.

    python benchmarks/golden_runs.py run --out /tmp/runs/before                 # every golden file
    python benchmarks/golden_runs.py run --out /tmp/runs/after --sets constraints_py constraints_pz
    python benchmarks/golden_runs.py compare /tmp/runs/before /tmp/runs/after --show broken

``run`` builds the assistant once (extractive answers, the configured index) and scores each golden file with the same
code as ``shopassist eval-chat --golden FILE --llm extractive`` (``rag.evaluation.golden.run_golden``), writing one
report per file (``<set>.json``: the summary and every turn, as ``eval-chat --json`` writes it) into ``--out``; a
report already there is kept (a run stopped half way goes on). Starting the assistant once instead of once per file
saves its start-up on each of the 200-odd files. ``--part K/N`` scores every N-th file from the K-th, so N processes
share a run: the whole set in two (``--part 1/2`` and ``--part 2/2`` side by side) took 13 minutes on the 2-core machine
(2026-12-07, other work running). ``--exclude`` leaves out sets not to be read (held-out ones).

``compare`` reads two such folders and counts, per file and in all, the turns wholly right (``all_right``: outcome,
type, constraints and claims) in each and the turns one fixes and breaks against the other; ``--show`` prints those
turns. It prints a table and writes ``benchmarks/results/golden_runs_compare.json``.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from common import REPO_ROOT, table, write

from rag.evaluation.golden import all_right

GOLDEN_DIR = REPO_ROOT / "data" / "eval"


def set_name(path: Path) -> str:
    """``constraints_py`` for ``golden_chat_constraints_py.json``; ``main`` for ``golden_chat.json``."""
    return path.stem.removeprefix("golden_chat").removeprefix("_") or "main"


def golden_files(sets: list[str] | None, exclude: list[str]) -> list[Path]:
    files = sorted(GOLDEN_DIR.glob("golden_chat*.json"))
    chosen = [f for f in files if (not sets or set_name(f) in sets) and set_name(f) not in exclude]
    if sets and (missing := set(sets) - {set_name(f) for f in chosen}):
        raise SystemExit(f"no golden file for: {', '.join(sorted(missing))}")
    return chosen


def run(out: Path, files: list[Path]) -> None:
    from rag.settings import LLMProvider, get_settings
    from rag.wiring import build_assistant

    out.mkdir(parents=True, exist_ok=True)
    # (a scratch interaction store of its own: processes sharing a run never wait on one SQLite file, and the shopper's store
    # holds no evaluation's sessions)
    with tempfile.TemporaryDirectory(prefix="golden-runs-") as scratch:
        store = f"sqlite:///{(Path(scratch) / 'interactions.sqlite').as_posix()}"
        assistant = build_assistant(get_settings().with_overrides(llm_provider=LLMProvider.EXTRACTIVE, store_url=store))
        _score(assistant, out, files)


def _score(assistant, out: Path, files: list[Path]) -> None:
    from rag.evaluation.golden import load_golden, run_golden, summarize_golden

    for path in files:
        report = out / f"{set_name(path)}.json"
        if report.exists():
            continue
        turns = run_golden(assistant, load_golden(path))
        payload = {"golden": str(path.relative_to(REPO_ROOT)), "llm": "extractive",
                   "generators": sorted({t.generator for t in turns}), "summary": summarize_golden(turns),
                   "turns": [t.to_dict() for t in turns]}
        partial = report.with_suffix(".part")  # (written whole, then renamed: a stopped run leaves no half report)
        partial.write_text(json.dumps(payload, ensure_ascii=False, default=str), encoding="utf-8")
        partial.replace(report)
        right = sum(all_right(t) for t in payload["turns"])
        print(f"{set_name(path):28} {len(turns):5} turns  all right {right / max(1, len(turns)):.3f}", flush=True)


def verdicts(folder: Path) -> dict[tuple[str, str, int], tuple[bool, dict]]:
    """Each turn of each report in ``folder``: (set, conversation, turn) -> (all right, the turn)."""
    found = {}
    for report in sorted(folder.glob("*.json")):
        for turn in json.loads(report.read_text(encoding="utf-8"))["turns"]:
            found[(report.stem, turn["conversation"], turn["turn"])] = (all_right(turn), turn)
    return found


def compare(a: dict, b: dict) -> dict[str, object]:
    """Turns wholly right in each run and the turns ``b`` fixes and breaks against ``a``, per set and in all, over the turns
    both runs hold."""
    common = sorted(set(a) & set(b))
    per_set: dict[str, dict[str, int]] = {}
    fixed, broken = [], []
    for key in common:
        row = per_set.setdefault(key[0], {"turns": 0, "right_a": 0, "right_b": 0, "fixed": 0, "broken": 0})
        was, now = a[key][0], b[key][0]
        row["turns"] += 1
        row["right_a"] += was
        row["right_b"] += now
        if now and not was:
            row["fixed"] += 1
            fixed.append(key)
        elif was and not now:
            row["broken"] += 1
            broken.append(key)
    total = {k: sum(r[k] for r in per_set.values()) for k in ("turns", "right_a", "right_b", "fixed", "broken")}
    return {"per_set": per_set, "total": total, "fixed": fixed, "broken": broken}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="score golden files into a folder of reports")
    r.add_argument("--out", required=True, type=Path)
    r.add_argument("--sets", nargs="*", help="set names (constraints_py, aaab, main); every golden file when left out")
    r.add_argument("--exclude", nargs="*", default=[], help="set names left out (held-out sets not yet read)")
    r.add_argument("--part", default="1/1", help="K/N: every N-th file from the K-th, so N processes share a run")
    c = sub.add_parser("compare", help="two folders of reports, turn by turn")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    c.add_argument("--show", choices=["fixed", "broken"], help="print those turns")
    c.add_argument("--name", default="golden_runs_compare")
    args = ap.parse_args()
    if args.command == "run":
        k, n = (int(x) for x in args.part.split("/"))
        if not 1 <= k <= n:
            raise SystemExit(f"--part {args.part}: K must be 1 to N")
        run(args.out, golden_files(args.sets, args.exclude)[k - 1::n])
        return
    a, b = verdicts(args.a), verdicts(args.b)
    result = compare(a, b)
    rows = [[name, row["turns"], row["right_a"] / row["turns"], row["right_b"] / row["turns"], row["fixed"], row["broken"]]
            for name, row in sorted(result["per_set"].items()) if row["fixed"] or row["broken"]]
    t = result["total"]
    rows.append(["all", t["turns"], t["right_a"] / max(1, t["turns"]), t["right_b"] / max(1, t["turns"]), t["fixed"], t["broken"]])
    print(table(["set", "turns", "all right (a)", "all right (b)", "fixed", "broken"], rows))
    for key in result[args.show] if args.show else ():
        turn = b[key][1]
        print(f"{key[0]} {key[1]}#{key[2]}: {turn['user'][:160]!r}\n    expect {json.dumps(turn['expect'])[:200]}\n"
              f"    got {turn['outcome']} {[x[:50] for x in turn['top3']]} {turn['constraint_fails'][:2]}")
    write(args.name, {"a": args.a.name, "b": args.b.name, "total": t, "per_set": result["per_set"],
                      "fixed": [list(k) for k in result["fixed"]], "broken": [list(k) for k in result["broken"]]})


if __name__ == "__main__":
    main()
