"""The described-thing reader's floor (``Settings.described_similarity``) chosen by leave-one-set-out cross-validation.

Run: ``.venv/bin/python benchmarks/described_floor_cv.py [--exclude constraints_ro constraints_rp]`` (needs the index).

Every turn of every golden file (but those excluded: the held-out sets) whose message holds a description the reader
would read (``rag.understanding.described.description``: a vague word and what the thing does, the rules' type none or
one it mentions by place) is scored: the kind its description is nearest (names and ``kind_descriptions.json``), and
the rules' own type, each right when the turn accepts it. A floor changes the turns whose nearest kind scores at least
it. Each golden file in turn is held out: the floor that fixes most turns net of those it breaks on the others is
chosen (the highest among ties) and scored on it. The figure is the out-of-fold count of turns fixed and broken (a
turn's type read from its message alone: the whole pipeline's figure is the golden runs').
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from common import table, write

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rag.settings import get_settings
from rag.understanding import QueryParser, Vocabulary
from rag.understanding.described import description
from rag.understanding.kinds import KindReader, load_needs
from rag.wiring import make_embedder, make_type_reader

EVAL = Path(__file__).resolve().parents[1] / "data" / "eval"
FLOORS = tuple(round(0.45 + 0.01 * i, 2) for i in range(31))


def rows(exclude: set[str]) -> list[dict[str, object]]:
    settings = get_settings()
    embedder = make_embedder(settings)
    vocabulary = Vocabulary.load(settings.index_dir)
    parser = QueryParser(vocabulary, typer=make_type_reader(settings))
    reader = KindReader.embed(sorted(vocabulary.kinds), embedder.embed_queries, load_needs(settings.kind_descriptions_file))
    found = []
    for path in sorted(EVAL.glob("golden_chat*.json")):
        name = path.stem.removeprefix("golden_chat").lstrip("_") or "base"
        if name in exclude:
            continue
        for conversation in json.loads(path.read_text(encoding="utf-8"))["conversations"]:
            for turn in conversation["turns"]:
                accepted = turn["expect"].get("types")
                if not accepted or (said := description(turn["user"], parser.parse(turn["user"]))) is None:
                    continue
                kind, score = reader.nearest(embedder.embed_queries([said.text])[0], 1)[0]
                rules = str(said.replaces.value) if said.replaces is not None else None
                if kind != rules:
                    found.append({"set": name, "message": turn["user"], "read": kind, "score": round(score, 4), "rules": rules,
                                  "read_right": kind in accepted, "rules_right": rules in accepted})
    return found


def net(found: list[dict[str, object]], floor: float) -> int:
    return sum(int(r["read_right"]) - int(r["rules_right"]) for r in found if r["score"] >= floor)


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--exclude", nargs="*", default=["constraints_ro", "constraints_rp"], help="golden sets never read (held out)")
    found = rows(set(args.parse_args().exclude))
    sets = sorted({str(r["set"]) for r in found})
    fixed = broken = 0
    chosen = {}
    for held in sets:
        train = [r for r in found if r["set"] != held]
        floor = max(FLOORS, key=lambda f: (net(train, f), f))
        chosen[held] = floor
        test = [r for r in found if r["set"] == held and r["score"] >= floor]
        fixed += sum(bool(r["read_right"]) and not r["rules_right"] for r in test)
        broken += sum(bool(r["rules_right"]) and not r["read_right"] for r in test)
    floor = max(FLOORS, key=lambda f: (net(found, f), f))
    print(table(["set held out", "floor chosen on the others"], [[s, chosen[s]] for s in sets]))
    print(f"\nout of fold: {fixed} turns fixed, {broken} broken; floor on all sets: {floor}")
    path = write("described_floor_cv", {"floors": list(FLOORS), "chosen": chosen, "out_of_fold": {"fixed": fixed, "broken": broken},
                                         "floor": floor, "turns": found})
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
