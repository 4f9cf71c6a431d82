"""The parser's reading of every golden first turn, against the turn's expectations: a cheap check of a rule.

    python benchmarks/first_turn_parse.py --name first_turn_parse [--exclude mp mq ...] [--before OLD.json]

Each "results" first turn of the golden files (``data/eval/golden_chat*.json``, without the sets named in
``--exclude``, e.g. the held-out ones) is parsed as the chain parses it (the index's vocabulary, the learned type
reader of the settings), and its hard constraints are compared with the ones the writer expects: brand and colour
(the same set), price (the same bounds, within 6% or $1), memory, storage and screen size (the same number of each,
a floor where a floor is expected, a range within the expected one). A whole eval-chat run scores the products; this
scores only the reading, in seconds instead of half an hour, so a rule can be checked against every golden message
before it is measured on whole turns. Some older files expect sizes loosely ("15.6 inch laptop" as 15-16), so the
absolute share is a floor; compare runs (``--before``): the turns a change fixes and breaks are printed.
Prints a table and writes benchmarks/results/<name>.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rag.catalog.vocabulary import Vocabulary  # noqa: E402
from rag.settings import get_settings  # noqa: E402
from rag.understanding.constraints import QueryParser  # noqa: E402
from rag.wiring import make_type_reader  # noqa: E402

KINDS = ("brand", "colour", "price", "memory_gb", "storage_gb", "screen_in")
SIZES = ("memory_gb", "storage_gb", "screen_in")


def read(parsed) -> dict[str, object]:
    """The parse's hard constraints, as comparable values."""
    got: dict[str, object] = {}
    for c in parsed.constraints:
        if c.kind in ("brand", "colour"):
            got.setdefault(c.kind, set()).add(str(c.value).lower())  # type: ignore[union-attr]
        elif c.kind == "price":
            got["price"] = (c.value.min, c.value.max)
        elif c.kind in SIZES:
            got.setdefault(c.kind, []).append((c.value.min, c.value.max))  # type: ignore[union-attr]
    return got


def expected(expect: dict) -> dict[str, object]:
    want: dict[str, object] = {}
    for kind in ("brand", "colour"):
        if kind in expect:
            want[kind] = {str(expect[kind]).lower()}
    if "max_price" in expect or "min_price" in expect:
        want["price"] = (expect.get("min_price"), expect.get("max_price"))
    for kind, value in (expect.get("min_spec") or {}).items():
        want.setdefault(kind, []).append(("min", value))  # type: ignore[union-attr]
    for kind, value in (expect.get("spec_range") or {}).items():
        want.setdefault(kind, []).append(("range", tuple(value)))  # type: ignore[union-attr]
    return want


def _close(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) <= max(1.0, 0.06 * abs(b)))


def right(kind: str, got: dict, want: dict) -> bool:
    if kind in ("brand", "colour"):
        return got.get(kind, set()) == want.get(kind, set())
    if kind == "price":
        (a, b), (c, d) = got.get("price", (None, None)), want.get("price", (None, None))
        return _close(a, c) and _close(b, d)
    read_, said = got.get(kind, []), want.get(kind, [])
    if len(read_) != len(said):
        return False
    for (low, high), (how, value) in zip(read_, said, strict=True):
        if how == "min" and not (_close(low, value) and high is None):
            return False
        if how == "range" and not (low is not None and high is not None and value[0] - 1.5 <= low <= value[0] + 0.01
                                   and value[1] - 0.01 <= high <= value[1] + 1.5):
            return False
    return True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--name", default="first_turn_parse")
    ap.add_argument("--exclude", nargs="*", default=[], help="set names to leave out (golden_chat_constraints_<name>.json)")
    ap.add_argument("--before", type=Path, help="an earlier run's JSON: print the turns fixed and broken since")
    args = ap.parse_args(argv)
    settings = get_settings()
    parser = QueryParser(Vocabulary.load(Path(settings.index_dir)), typer=make_type_reader(settings))
    skip = {f"golden_chat_constraints_{name.lower()}.json" for name in args.exclude}
    turns: dict[str, dict] = {}
    for path in sorted((ROOT / "data" / "eval").glob("golden_chat*.json")):
        if path.name in skip:
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        for conversation in data["conversations"] if isinstance(data, dict) else data:
            turn = conversation["turns"][0]
            expect = turn.get("expect") or {}
            if expect.get("outcome", "results") != "results":
                continue
            parsed = parser.parse(turn["user"])
            got, want = read(parsed), expected(expect)
            types = set(expect.get("types") or ())
            turns[conversation["id"]] = {
                "file": path.name, "user": turn["user"],
                "wrong": [k for k in KINDS if (k in got or k in want) and not right(k, got, want)],
                "type_right": bool(types & set(parsed.filters.categories[:3])) if types else None,
            }
    n = len(turns)
    per_kind = {k: sum(k in t["wrong"] for t in turns.values()) for k in KINDS}
    summary = {"first_turns": n, "constraints_right": round(sum(not t["wrong"] for t in turns.values()) / n, 4),
               "type_right": round(sum(bool(t["type_right"]) for t in turns.values()) / n, 4), "wrong_by_kind": per_kind,
               "excluded": sorted(args.exclude)}
    print(f"{'first turns':28s} {n}")
    print(f"{'all constraints read right':28s} {summary['constraints_right']:.4f}")
    print(f"{'type in the parse':28s} {summary['type_right']:.4f}")
    for kind, wrong in per_kind.items():
        print(f"  {kind:26s} {wrong} wrong")
    if args.before is not None:
        old = json.loads(args.before.read_text(encoding="utf-8"))["turns"]
        fixed = [k for k, t in turns.items() if k in old and old[k]["wrong"] and not t["wrong"]]
        broken = [k for k, t in turns.items() if k in old and not old[k]["wrong"] and t["wrong"]]
        for tag, ids in (("fixed", fixed), ("broken", broken)):
            for k in ids:
                print(f"{tag:7s} {k} {turns[k]['user'][:110]!r} {turns[k]['wrong'] or old[k]['wrong']}")
        summary["since_before"] = {"fixed": len(fixed), "broken": len(broken)}
        print(f"since {args.before.name}: {len(fixed)} fixed, {len(broken)} broken")
    out = ROOT / "benchmarks" / "results" / f"{args.name}.json"
    out.write_text(json.dumps({"summary": summary, "turns": turns}, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
