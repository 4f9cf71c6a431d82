"""The personalization weight, chosen by cross-validation over queries.

Run: ``python benchmarks/persona_weight_cv.py [--sessions 24 --seeds 3 --folds 5]`` (the app's
index in ``SHOPASSIST_INDEX_DIR``). Writes ``benchmarks/results/persona_weight_cv.json``.

The rule, fixed before any figure was seen:

* **grid** ``0, 0.05, ..., 0.25``. The cap is a priori: at ``weight`` w a preference can
  swing a hit by at most 2w of normalized relevance, and 0.25 keeps that swing within half
  the relevance range, so relevance stays the larger part of every score;
* **gain** (what personalization is for): the demo personas' expected clicks on the top 10
  of each replayed ranking, personalized minus unpersonalized. Histories are generated as
  ``shopassist personas load`` does (one scratch store per seed) and replayed in time order
  with profiles built only from earlier events (``personalization.replay``); the simulated
  shopper is known, so E[clicks] is computed exactly from its click model (as
  ``benchmarks/personalization_replay.py`` does), not sampled;
* **cost** (what it must not spend): dev NDCG@10 (completed pool) of the first-pass order
  personalized for each persona's final profile, against the unpersonalized order, averaged
  over the personas;
* **choice** per fold: among the weights whose training cost is within one standard error
  of the unpersonalized dev NDCG@10 over the training queries (a drop smaller than the
  metric's own sampling noise), the one with the largest training gain (ties: the smaller
  weight). Folds split queries by sha256 of the text: the personas' queries for the gain,
  the dev queries for the cost. The app's weight is the median of the folds' choices; the
  out-of-fold gain and cost of each fold's choice are reported.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import tempfile
from pathlib import Path

from common import table, write
from personalization_replay import expected_clicks

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

GRID = (0.0, 0.05, 0.10, 0.15, 0.20, 0.25)


def fold_of(text: str, folds: int) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big") % folds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=24, help="sessions per persona (as demo mode)")
    parser.add_argument("--seeds", type=int, default=3, help="independent histories per persona")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--shown", type=int, default=10)
    args = parser.parse_args()

    from personalization.personalizer import StorePersonalizer
    from personalization.personas import load_personas, simulate, write_history
    from personalization.profile import price_position
    from personalization.reorder import ReorderConfig
    from personalization.replay import replay
    from personalization.store import open_store
    from rag.engines.base import stored_vectors
    from rag.evaluation.judgments import load_judgments_stack, merge_judgments
    from rag.evaluation.metrics import ndcg_at_k
    from rag.settings import get_settings
    from rag.wiring import build_search_services, ensure_index

    settings = get_settings()
    ensure_index(settings)
    services = build_search_services(settings)
    engine, understanding = services.engine, services.understanding
    personas = {p.user_id: p for p in load_personas()}
    cache: dict[str, list] = {}

    def search(query: str):
        if query not in cache:
            cache[query] = understanding.retrieve(query, k=30).result.hits
        return cache[query]

    def config(weight: float) -> ReorderConfig:
        return ReorderConfig(weight, settings.personalization_max_rise, settings.personalization_mmr_lambda)

    judgments = merge_judgments(load_judgments_stack([settings.judgments_path, *settings.judgments_extra_paths]))
    dev = [q for q in judgments if any(v > 0 for v in judgments[q].values())]
    first_pass = {q: search(q) for q in dev}
    fetched = {q: engine.fetch([h.product_id for h in hits]) for q, hits in first_pass.items()}
    base_ndcg = {q: ndcg_at_k([h.product_id for h in first_pass[q]], judgments[q], 10) for q in dev}

    gains: list[tuple[str, str, dict[float, float]]] = []  # (persona, query, weight -> delta E[clicks])
    costs: dict[float, dict[str, list[float]]] = {w: {q: [] for q in dev} for w in GRID}  # drop per persona x seed
    for seed in range(args.seeds):
        with tempfile.TemporaryDirectory() as tmp:
            store = open_store(f"sqlite:///{Path(tmp) / 'store.sqlite'}")
            queries: dict[str, list[str]] = {}
            for persona in personas.values():
                sessions = simulate(persona, search, engine.fetch, sessions=args.sessions, seed=seed, shown=args.shown)
                queries[persona.user_id] = [s.query for s in sessions]
                with store.begin() as db:
                    write_history(db, persona, sessions, engine.fetch, lambda ids: stored_vectors(engine, ids),
                                  half_life_days=settings.personalization_half_life_days)
            per_weight: dict[float, list[tuple[str, str, float]]] = {}
            for weight in GRID:
                rows: list[tuple[str, str, float]] = []
                turn = dict.fromkeys(personas, 0)

                def observe(user_id, base, personalized, cold, rows=rows, turn=turn, queries=queries) -> None:
                    query = queries[user_id][turn[user_id]]  # rankings replay in the order they were simulated
                    turn[user_id] += 1
                    if cold:
                        return
                    records = engine.fetch(list({*base[: args.shown], *personalized[: args.shown]}))
                    persona = personas[user_id]

                    def clicks(ids):
                        listed = [records[pid] for pid in ids[: args.shown]]
                        return expected_clicks([persona.likes(p, price_position(p, listed)) for p in listed])

                    rows.append((user_id, query, clicks(personalized) - clicks(base)))

                with store() as db:
                    replay(db, engine.fetch, list(personas), config=config(weight),
                           half_life_days=settings.personalization_half_life_days, observe=observe)
                per_weight[weight] = rows
                personalizer = StorePersonalizer(store, config(weight), vectors=lambda ids: stored_vectors(engine, ids))
                profiles = {u: personalizer.profile(u) for u in personas}
                for q in dev:
                    for user_id in personas:
                        order = personalizer.apply(profiles[user_id], first_pass[q], fetched[q]).hits
                        costs[weight][q].append(base_ndcg[q] - ndcg_at_k([h.product_id for h in order], judgments[q], 10))
            for i, (user_id, query, _) in enumerate(per_weight[GRID[0]]):
                gains.append((user_id, query, {w: per_weight[w][i][2] for w in GRID}))

    def gain(weight: float, keep) -> float:
        picked = [g[weight] for _, q, g in gains if keep(q)]
        return sum(picked) / len(picked) if picked else 0.0

    def cost(weight: float, keep) -> float:
        picked = [d for q in dev if keep(q) for d in costs[weight][q]]
        return sum(picked) / len(picked) if picked else 0.0

    folds = []
    for f in range(args.folds):
        train = lambda q, f=f: fold_of(q, args.folds) != f  # noqa: E731
        held = lambda q, f=f: fold_of(q, args.folds) == f  # noqa: E731
        train_base = [base_ndcg[q] for q in dev if train(q)]
        se = statistics.stdev(train_base) / len(train_base) ** 0.5
        feasible = [w for w in GRID if cost(w, train) <= se]
        choice = max(feasible, key=lambda w: (gain(w, train), -w)) if feasible else 0.0
        folds.append({"fold": f, "standard_error": round(se, 4), "feasible": feasible, "choice": choice,
                      "train_gain": round(gain(choice, train), 4), "train_cost": round(cost(choice, train), 4),
                      "held_out_gain": round(gain(choice, held), 4), "held_out_cost": round(cost(choice, held), 4),
                      "held_out_rankings": sum(held(q) for _, q, _ in gains),
                      "held_out_dev_queries": sum(held(q) for q in dev)})
    chosen = statistics.median(f["choice"] for f in folds)
    every = lambda q: True  # noqa: E731
    grid_rows = [{"weight": w, "gain": round(gain(w, every), 4), "cost": round(cost(w, every), 4),
                  **{f"gain_{personas[u].name}": round(statistics.fmean(g[w] for uu, _, g in gains if uu == u), 4)
                     for u in personas}} for w in GRID]
    held_rankings = sum(f["held_out_rankings"] for f in folds) or 1
    held_dev = sum(f["held_out_dev_queries"] for f in folds) or 1
    stats = {
        "sessions": args.sessions, "seeds": args.seeds, "folds": args.folds, "grid": list(GRID),
        "warm_rankings": len(gains), "dev_queries": len(dev), "unpersonalized_dev_ndcg@10": round(statistics.fmean(base_ndcg.values()), 4),
        "by_weight": grid_rows, "by_fold": folds, "chosen_weight": chosen,
        "out_of_fold_gain": round(sum(f["held_out_gain"] * f["held_out_rankings"] for f in folds) / held_rankings, 4),
        "out_of_fold_cost": round(sum(f["held_out_cost"] * f["held_out_dev_queries"] for f in folds) / held_dev, 4),
        "load_average": os.getloadavg(),
        "command": "python benchmarks/persona_weight_cv.py " + " ".join(sys.argv[1:]),
    }
    print(table(["weight", "E[clicks] gain (all)", *[f"gain {p.name}" for p in personas.values()], "dev NDCG@10 drop"],
                [[r["weight"], r["gain"], *[r[f"gain_{p.name}"] for p in personas.values()], r["cost"]] for r in grid_rows]))
    print(table(["fold", "1 SE", "feasible", "choice", "held-out gain", "held-out drop"],
                [[f["fold"], f["standard_error"], " ".join(map(str, f["feasible"])), f["choice"], f["held_out_gain"],
                  f["held_out_cost"]] for f in folds]))
    print(f"chosen weight (median of the folds): {chosen}; out of fold: gain {stats['out_of_fold_gain']}, "
          f"drop {stats['out_of_fold_cost']}")
    print(f"wrote {write('persona_weight_cv', stats)}")


if __name__ == "__main__":
    main()
