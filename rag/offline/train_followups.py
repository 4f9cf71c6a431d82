"""Train the learned reader of follow-ups (rag.conversation.refine_reader) on the golden conversations.

    python -m rag.offline.train_followups --output models/followups/v1 [--golden FILE ...]

Examples, from every golden file: each later turn after a turn with results, replayed through the follow-up
rules (``rag.conversation.followups.resolve``) with the products of the earlier turn's expected types as the
ones shown. A turn whose expected types share one with the turn before is a refinement, any other a new
search (the "switch" sets NX, NY... hold those). Each file also gives new searches said as follow-ups: every
first request with results, said after the first request of another conversation of the file whose types it
does not share. The model is scikit-learn's TF-IDF (words and word pairs, sublinear tf) and a logistic
regression, over the message with its type words, numbers and brands masked.

The two thresholds (``refine_from``, ``search_below``) are chosen by grouped k-fold cross-validation (a golden
file is one group): each fold's model reads its held-out files, and the decision the rules and the model make
together is scored on every replayed turn the rules read as a refinement or a new search. The thresholds kept
decide the most golden follow-ups right (refinements and new searches as their writers wrote them); ties go
to the better reading of first requests said after results (made up, so they only break ties), then to the
thresholds that act least. Figures come in three parts (golden refinements, golden new searches, first
requests said after results); the out-of-fold ones use thresholds chosen without the fold (nested).
"""

from __future__ import annotations

import argparse
import glob
import json
import math
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rag.catalog.loader import load_catalog
from rag.catalog.vocabulary import Vocabulary
from rag.conversation.followups import resolve
from rag.conversation.memory import Conversation, Turn
from rag.conversation.refine_reader import RefineReader, as_read, one_word
from rag.records import Product
from rag.understanding.constraints import QueryParser
from rag.understanding.typer import TypeReader

REFINE_FROM = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, math.inf)
SEARCH_BELOW = (0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3)


@dataclass(frozen=True, slots=True)
class Example:
    group: str  # the golden file
    user: str
    kinds: tuple[str, ...]  # the kinds shown before it
    text: str  # as the model reads it
    refine: bool  # the right decision
    rules: str  # the rules' decision (refine, search, compare, detail)
    asked_up: bool  # the rules asked whether their new search is a refinement
    asked_down: bool  # ... whether their refinement is a new search
    made_up: bool  # a first request said after another conversation's results


class _Recorder:
    """A second reader that answers no, and notes what it was asked."""

    def __init__(self) -> None:
        self.up = self.down = False

    def refines(self, message: str, shown_kinds: Iterable[str]) -> bool:
        self.up = True
        return False

    def switches(self, message: str, shown_kinds: Iterable[str]) -> bool:
        self.down = True
        return False

    def doubts(self, message: str, shown_kinds: Iterable[str]) -> bool:
        return False  # (a search run only when a refinement finds nothing: no decision of the rules)


class Replay:
    """The follow-up rules run over golden turns, with the expected types' products as the ones shown."""

    def __init__(self, parser: QueryParser, products: Iterable[Product]) -> None:
        self.parser = parser
        self.by_id = {p.id: p for p in products}
        self.by_kind: dict[str, list[Product]] = defaultdict(list)
        for p in self.by_id.values():
            if p.category:
                self.by_kind[p.category].append(p)
        self.brands = one_word(parser.vocabulary.brands)

    def shown(self, expect: dict) -> tuple[str, ...]:
        def fits(p: Product) -> bool:
            return (expect.get("max_price") is None or (p.price is not None and p.price <= expect["max_price"])) \
                and (expect.get("min_price") is None or (p.price is not None and p.price >= expect["min_price"])) \
                and (not expect.get("brand") or p.brand.lower() == expect["brand"].lower())
        ids: list[str] = []
        for kind in expect.get("types") or ():
            ids += [p.id for p in ([p for p in self.by_kind.get(kind, []) if fits(p)] or self.by_kind.get(kind, []))[:5]]
        return tuple(ids[:5])

    def turns(self, group: str, turns: list[dict], *, made_up: bool = False) -> list[Example]:
        """The examples of one conversation's later turns."""
        found = []
        conversation = Conversation(group)
        before: dict | None = None
        for turn in turns:
            expect, recorder = turn["expect"], _Recorder()
            resolved, parsed = resolve(turn["user"], conversation, self.parser,
                                       lambda ids: [self.by_id[i] for i in ids if i in self.by_id], recorder)
            if before is not None and before.get("outcome", "results") == "results" and before.get("types") \
                    and expect.get("outcome", "results") == "results":
                kinds = set(before["types"])
                found.append(Example(group, turn["user"], tuple(sorted(kinds)), as_read(turn["user"], kinds, self.brands, self.parser.normalize),
                                     bool(kinds & set(expect.get("types") or ())), resolved.intent.value,
                                     recorder.up, recorder.down, made_up))
            filters = resolved.filters if resolved.intent.value == "refine" else parsed.filters
            conversation = conversation.with_turn(Turn(turn["user"], resolved.intent.value, resolved.query or turn["user"],
                                                       filters, self.shown(expect)))
            before = expect
        return found


def examples(files: list[str], replay: Replay, seed: int = 0) -> list[Example]:
    rng = random.Random(seed)
    found: list[Example] = []
    for f in files:
        group = Path(f).name
        conversations = json.loads(Path(f).read_text(encoding="utf-8"))["conversations"]
        firsts = [c["turns"][0] for c in conversations
                  if c["turns"][0]["expect"].get("outcome", "results") == "results" and c["turns"][0]["expect"].get("types")]
        for c in conversations:
            found += replay.turns(group, c["turns"])
        for first in firsts:
            others = [o for o in firsts if not set(o["expect"]["types"]) & set(first["expect"]["types"])]
            if others:
                found += replay.turns(group, [rng.choice(others), first], made_up=True)
    return found


def fit(train: list[Example], c: float = 4.0) -> RefineReader:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(min_df=2, sublinear_tf=True, ngram_range=(1, 2))
    x = vectorizer.fit_transform([e.text for e in train])
    model = LogisticRegression(C=c, max_iter=2000, class_weight="balanced").fit(x, [int(e.refine) for e in train])
    weights = np.vstack([np.zeros_like(model.coef_[0]), model.coef_[0]])  # (search, refine): the refine row is the decision
    return RefineReader({w: int(i) for w, i in vectorizer.vocabulary_.items()}, vectorizer.idf_, weights,
                        np.array([0.0, float(model.intercept_[0])]))


def decided(e: Example, p: float, refine_from: float, search_below: float) -> bool:
    """Refine or not, as the rules and the model decide together."""
    if e.rules == "search":
        return e.asked_up and p >= refine_from
    return not (e.asked_down and p < search_below)


PARTS = {  # the turns scored apart: golden refinements, golden new searches, first requests said after results
    "golden_refinements": lambda e: not e.made_up and e.refine,
    "golden_new_searches": lambda e: not e.made_up and not e.refine,
    "first_requests_after_results": lambda e: e.made_up,
}


def accuracies(rows: list[tuple[Example, float]], refine_from: float, search_below: float) -> dict[str, float]:
    out = {}
    for name, keep in PARTS.items():
        right = [decided(e, p, refine_from, search_below) == e.refine for e, p in rows if keep(e)]
        out[name] = float(np.mean(right)) if right else float("nan")
    return out


def best(rows: list[tuple[Example, float]]) -> tuple[float, float]:
    """The thresholds that decide the most golden follow-ups right (refinements and new searches as their writers
    wrote them); ties go to the better reading of first requests said after results, then to the thresholds that
    act least."""
    def key(t: tuple[float, float]) -> tuple[int, float, float, float]:
        golden = sum(decided(e, p, *t) == e.refine for e, p in rows if not e.made_up)
        return golden, accuracies(rows, *t)["first_requests_after_results"], t[0], -t[1]
    return max(((u, d) for u in REFINE_FROM for d in SEARCH_BELOW), key=key)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--golden", nargs="*", help="golden files (default: every data/eval/golden_chat*.json)")
    ap.add_argument("--exclude", nargs="*", default=[], help="golden files left out (held-out sets not yet read)")
    ap.add_argument("--index", default=".shopassist/index", help="the index folder (its vocabulary feeds the rules)")
    ap.add_argument("--catalog", default="data/icecat")
    ap.add_argument("--type-model", default="models/typer/v7", help="the learned type reader the parser serves with")
    ap.add_argument("--output", required=True)
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args(argv)
    files = sorted(f for f in (args.golden or glob.glob("data/eval/golden_chat*.json"))
                   if Path(f).name not in {Path(x).name for x in args.exclude})
    parser = QueryParser(Vocabulary.load(Path(args.index)), typer=TypeReader.load(args.type_model))
    rows = [e for e in examples(files, Replay(parser, load_catalog(args.catalog).products)) if e.rules in ("refine", "search")]
    groups = sorted({e.group for e in rows})
    fold_of = {g: i % args.folds for i, g in enumerate(groups)}
    oof: list[list[tuple[Example, float]]] = []
    for k in range(args.folds):
        reader = fit([e for e in rows if fold_of[e.group] != k])
        oof.append([(e, reader.probability(e.text)) for e in rows if fold_of[e.group] == k])
    nested: list[tuple[Example, float, bool]] = []
    for k in range(args.folds):
        chosen = best([r for j, part in enumerate(oof) if j != k for r in part])
        nested += [(e, p, decided(e, p, *chosen)) for e, p in oof[k]]
    every = [r for part in oof for r in part]
    refine_from, search_below = best(every)
    alone = accuracies(every, math.inf, 0.0)
    figures: dict[str, object] = {"examples": len(rows), "files": len(files), "folds": args.folds}
    for name, keep in PARTS.items():  # out of fold: each fold's model, with thresholds chosen without the fold
        right = [d == e.refine for e, p, d in nested if keep(e)]
        figures[name] = {"turns": len(right), "rules_alone": None if math.isnan(alone[name]) else alone[name],
                         "with_model_out_of_fold": float(np.mean(right)) if right else None}
    final = fit(rows).with_thresholds(refine_from, search_below)
    final.save(args.output, trained_on=[Path(f).name for f in files], figures=figures)
    Path(args.output, "MODEL_CARD.md").write_text(card(refine_from, search_below, figures), encoding="utf-8")
    print(json.dumps({"refine_from": refine_from, "search_below": search_below, **figures}, indent=1))


def _figure(value: float | None) -> str:
    return "-" if value is None or math.isnan(value) else f"{value:.3f}"


def card(refine_from: float, search_below: float, figures: dict) -> str:
    lines = ["# The learned reader of follow-ups", "",
             "Written by `python -m rag.offline.train_followups` (see its docstring and rag/conversation/refine_reader.py).", "",
             f"- a new search the rules read is a refinement from p(refine) >= {refine_from:g}",
             f"- a refinement the rules read is a new search below p(refine) < {search_below:g}",
             f"- {figures['examples']} replayed turns from {figures['files']} golden files, {figures['folds']} folds by file", "",
             "| turns | n | rules alone | rules + model, out of fold |", "|---|---:|---:|---:|"]
    for key in PARTS:
        f = figures[key]
        lines.append(f"| {key.replace('_', ' ')} | {f['turns']} | {_figure(f['rules_alone'])} | {_figure(f['with_model_out_of_fold'])} |")
    lines += ["", "Out of fold: each fold's turns read by a model that did not see its files, with thresholds chosen "
              "without them (nested).", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
