"""Train the learned type reader (rag.understanding.typer) on the golden conversations.

    python -m rag.offline.train_typer --output models/typer/v7 --min-words 8 --fill-min-words 0 [--golden FILE ...] [--fold-models DIR]

Examples: the first turn of every golden conversation whose outcome is "results", labelled with its
first accepted type; the model is scikit-learn's TF-IDF (words, sublinear tf) and a linear SVM. The two
margins of ``TypeReader.checked`` are chosen by grouped k-fold cross-validation (a golden file is one
group: one writer's voice never sits on both sides): each fold's model reads its held-out files, every
first turn (also clarify, not-carried and refuse ones, where the right answer is the rules' own type) is
scored, and the margins that score best are kept. The out-of-fold figure uses margins chosen without
the fold (nested). ``--fold-models`` also writes each fold's model and the files it did not see, so a
whole-pipeline run can score every golden file by a model that never saw it.
"""

from __future__ import annotations

import argparse
import glob
import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rag.catalog.vocabulary import Vocabulary
from rag.understanding.constraints import QueryParser
from rag.understanding.typer import Margins, TypeReader

OVERRIDES = (0.2, 0.35, 0.5, 0.8, 1.2, math.inf)
FILLS = (0.0, 0.2, 0.5, 0.8, 1.2, math.inf)


@dataclass(frozen=True, slots=True)
class Example:
    group: str  # the golden file
    message: str  # as the parser normalizes it (the model reads that)
    outcome: str
    types: tuple[str, ...]
    rules: str | None  # the rules' own type
    set_aside: tuple[str, ...]
    gift: bool


def examples(files: list[str], parser: QueryParser) -> list[Example]:
    from rag.understanding.gifts import GIFT

    found = []
    for f in files:
        for conv in json.loads(Path(f).read_text(encoding="utf-8"))["conversations"]:
            turn = conv["turns"][0]
            parsed = parser.parse(turn["user"])
            found.append(Example(Path(f).name, parser.normalize(turn["user"]), turn["expect"].get("outcome", "results"),
                                 tuple(turn["expect"].get("types") or ()), next(iter(parsed.filters.categories), None),
                                 parsed.set_aside, GIFT.search(turn["user"].lower()) is not None))
    return found


def fit(train: list[Example], margins: Margins, c: float = 0.5) -> TypeReader:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    labelled = [e for e in train if e.outcome == "results" and e.types]
    vectorizer = TfidfVectorizer(min_df=2, sublinear_tf=True)
    x = vectorizer.fit_transform([e.message for e in labelled])
    svm = LinearSVC(C=c, random_state=0).fit(x, [e.types[0] for e in labelled])
    vocabulary = {w: int(i) for w, i in vectorizer.vocabulary_.items()}
    return TypeReader(vocabulary, vectorizer.idf_, svm.coef_, svm.intercept_, tuple(svm.classes_), margins)


def right(e: Example, decided: str | None) -> bool:
    """A results turn wants an accepted type; any other wants the rules' own reading left alone."""
    return decided in e.types if e.outcome == "results" else decided == e.rules


def score(rows: list[tuple[Example, TypeReader]], margins: Margins) -> float:
    return float(np.mean([right(e, r.with_margins(margins).checked(e.message, e.rules, set_aside=e.set_aside, gift=e.gift))
                          for e, r in rows]))


def best_margins(rows: list[tuple[Example, TypeReader]]) -> Margins:
    """The margins that read the most first turns right, the model acting on every message; ties go to the
    larger margins (the rules' type kept more often)."""
    return max((Margins(o, f, 0) for o in OVERRIDES for f in FILLS),
               key=lambda m: (score(rows, m), m.override, m.fill))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--golden", nargs="*", help="golden files (default: every data/eval/golden_chat*.json)")
    ap.add_argument("--index", default=".shopassist/index", help="the index folder (its vocabulary feeds the rules)")
    ap.add_argument("--output", required=True)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--fold-models", help="also write each fold's model here")
    ap.add_argument("--min-words", type=int, default=15,
                    help="the model overrides the rules' type in messages of this many words or more (v4 to v6: 8, chosen on "
                         "whole turns out of fold by benchmarks/typer_floor.py; docs/conversation-quality.md); the "
                         "margins are chosen on every message")
    ap.add_argument("--fill-min-words", type=int, default=None,
                    help="where the rules read no type, the model acts from this many words (default: --min-words; v4 to v6: 0)")
    args = ap.parse_args(argv)
    files = sorted(args.golden or glob.glob("data/eval/golden_chat*.json"))
    rows = examples(files, QueryParser(Vocabulary.load(Path(args.index))))
    groups = sorted({e.group for e in rows})
    fold_of = {g: i % args.folds for i, g in enumerate(groups)}  # files in name order, dealt round the folds
    oof: list[list[tuple[Example, TypeReader]]] = []
    held_out: dict[int, tuple[TypeReader, Path, list[str]]] = {}
    for k in range(args.folds):
        reader = fit([e for e in rows if fold_of[e.group] != k], Margins(math.inf, math.inf, 0))
        oof.append([(e, reader) for e in rows if fold_of[e.group] == k])
        if args.fold_models:
            out = Path(args.fold_models) / f"fold_{k}"
            held_out[k] = (reader, out, sorted(g for g in groups if fold_of[g] == k))
    nested = []
    for k in range(args.folds):
        chosen = best_margins([r for j, part in enumerate(oof) if j != k for r in part])
        nested += [right(e, r.with_margins(chosen).checked(e.message, e.rules, set_aside=e.set_aside, gift=e.gift)) for e, r in oof[k]]
    every = [r for part in oof for r in part]
    chosen = best_margins(every)
    margins = Margins(chosen.override, chosen.fill, args.min_words, args.fill_min_words)
    figures = {
        "first_turns": len(rows), "files": len(files), "folds": args.folds,
        "rules_alone": score(every, Margins(math.inf, math.inf, 0)),
        "with_model_out_of_fold": float(np.mean(nested)),
        "with_model_in_sample_margins": score(every, chosen),
        "with_model_from_min_words": score(every, margins),
    }
    final = fit(rows, margins)
    for reader, out, unseen in held_out.values():  # each fold's model, with the margins and word floor shipped
        reader.with_margins(margins).save(out, held_out_files=unseen)
    final.save(args.output, trained_on=[Path(f).name for f in files], figures=figures)
    Path(args.output, "MODEL_CARD.md").write_text(card(margins, figures, files), encoding="utf-8")
    print(json.dumps({"margins": [margins.override, margins.fill, margins.min_words, margins.fill_floor],
                      **figures}, indent=1))


def card(margins: Margins, figures: dict[str, object], files: list[str]) -> str:
    def pct(key: str) -> str:
        value = figures.get(key)
        return "-" if value is None else f"{value:.3f}"

    return f"""# Learned type reader

A TF-IDF (words, sublinear tf) + linear SVM model of the product type a message asks for
(`rag/understanding/typer.py`), trained by `python -m rag.offline.train_typer` on the first turn of every
"results" conversation in {figures["files"]} golden files ({figures["first_turns"]} first turns in all; the files are listed in
`meta.json`), each as the parser normalizes it. It checks the rules' type in messages of {margins.min_words} words or more:
the model's type wins when its margin over its runner-up is at least {margins.override:g} and it shares no word with the
rules' type, and it is taken where the rules read none, in messages of {margins.fill_floor} words or more, when its margin
over its runner-up is at least {min(margins.fill, 1e9):g} (never a type set aside, never for a gift).

The margins were chosen by {figures["folds"]}-fold cross-validation over the golden files (a file is one writer's voice
and never sits on both sides), the model acting on every message. A first turn is read right when the type used is
an accepted one ("results") or when the rules' own reading is left alone (clarify, not carried, refuse):

| first turns read right ({figures["first_turns"]}) | |
|---|---|
| the rules alone | {pct("rules_alone")} |
| rules + model, margins chosen without the fold (out of fold) | {pct("with_model_out_of_fold")} |
| rules + model, the chosen margins | {pct("with_model_in_sample_margins")} |
| the same, the model acting from its word floors ({margins.min_words} / {margins.fill_floor}) | {pct("with_model_from_min_words")} |

The word floors ({margins.min_words} words to override the rules, {margins.fill_floor} to fill where they read none) were chosen on
whole turns, not here: `benchmarks/typer_floor.py` scores the golden conversations the fold models (`--fold-models`)
read differently from the rules, each file by the fold model that never saw it (docs/conversation-quality.md).
Short requests the rules read right and the later stages finish ("screen protector for a phone", "iphone 12 128gb, do
you have it") are where the model acting on every message broke turns.
"""


if __name__ == "__main__":
    main()
