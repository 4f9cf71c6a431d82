"""Personalization on the demo personas' sessions: the offline replay, plus the
simulator's own expectation.

What ``shopassist personas load --sessions N --seed S`` then ``shopassist
replay`` do, in a scratch store per seed: each persona's sessions are generated through
the app's retrieval (top 30), then replayed in time order with profiles built
only from earlier events. Printed per persona and for all warm pairs (the
shopper had some history):

* the rank of clicked, carted or bought products without and with
  personalization (mean rank, MRR), plainly and weighted by inverse
  examination propensity (IPS; see ``personalization/replay.py``);
* for every warm ranking, clicked or not, what the replay's figures estimate,
  computed exactly: the simulated shopper is known, so each shown product's
  attractiveness (its click probability once examined, from the number of
  tastes it meets) is known too. "True" mean rank and reciprocal rank are the
  attractiveness-weighted mean of the shown products' ranks in each order
  (what the IPS figures converge to with unlimited clicks), and E[clicks] is
  the expected number of clicks on each order's top 10 under the click model
  (what an A/B test of the two orders would converge to).

``--seeds K`` pools K independent histories per persona (seeds 0..K-1) to
shrink the replay's sampling noise.

Writes ``benchmarks/results/personalization_replay.json`` (``..._<sessions>x<seeds>.json``
for other sizes).
"""

from __future__ import annotations

import argparse
import os
import tempfile
from dataclasses import asdict
from pathlib import Path

from common import table, write

from personalization.personas import (
    CLICK_PROBABILITY,
    examine_probability,
    load_personas,
    simulate,
    write_history,
)
from personalization.profile import price_position
from personalization.reorder import ReorderConfig
from personalization.replay import ReplaySummary, replay
from personalization.store import open_store
from rag.settings import get_settings
from rag.wiring import build_search_services, ensure_index


def expected_clicks(likes: list[int]) -> float:
    """Expected clicks on a list whose products meet ``likes`` tastes, best first."""
    return sum(examine_probability(position) * CLICK_PROBABILITY[liked] for position, liked in enumerate(likes, start=1))


def true_ranks(order: list[str], attractiveness: dict[str, float]) -> tuple[float, float]:
    """Attractiveness-weighted mean rank and reciprocal rank of the shown products in ``order``."""
    total = sum(attractiveness.values())
    rank = {pid: i for i, pid in enumerate(order, start=1)}
    return (sum(a * rank[pid] for pid, a in attractiveness.items()) / total,
            sum(a / rank[pid] for pid, a in attractiveness.items()) / total)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=24, help="sessions per persona")
    parser.add_argument("--seeds", type=int, default=1, help="independent histories per persona (seeds 0..K-1)")
    parser.add_argument("--shown", type=int, default=10, help="products the shopper looks through")
    args = parser.parse_args()
    settings = get_settings()
    ensure_index(settings)
    services = build_search_services(settings)
    engine, understanding = services.engine, services.understanding
    personas = {p.user_id: p for p in load_personas()}
    config = ReorderConfig(settings.personalization_weight, settings.personalization_max_rise,
                           settings.personalization_mmr_lambda)
    cache: dict[str, list] = {}

    def search(query: str):
        if query not in cache:
            cache[query] = understanding.retrieve(query, k=30).result.hits
        return cache[query]

    exact: dict[str, list[tuple[float, ...]]] = {u: [] for u in personas}
    pairs = []
    for seed in range(args.seeds):
        with tempfile.TemporaryDirectory() as tmp:
            store = open_store(f"sqlite:///{Path(tmp) / 'store.sqlite'}")
            logged: dict[str, list[list[str]]] = {}
            for persona in personas.values():
                sessions = simulate(persona, search, engine.fetch, sessions=args.sessions, seed=seed, shown=args.shown)
                logged[persona.user_id] = [[h.product_id for h in s.candidates[: args.shown]] for s in sessions]
                with store.begin() as db:
                    write_history(db, persona, sessions, engine.fetch, half_life_days=settings.personalization_half_life_days)
            turn = dict.fromkeys(personas, 0)

            def observe(user_id, base, personalized, cold, logged=logged, turn=turn) -> None:
                shown = logged[user_id][turn[user_id]]  # rankings replay in the order they were simulated
                turn[user_id] += 1
                if cold:
                    return
                records = engine.fetch(list({*shown, *personalized[: args.shown]}))
                persona = personas[user_id]
                def tastes(ids):  # a product's price taste is read among the products shown with it
                    listed = [records[pid] for pid in ids]
                    return [persona.likes(p, price_position(p, listed)) for p in listed]

                attractiveness = {pid: CLICK_PROBABILITY[liked] for pid, liked in zip(shown, tastes(shown), strict=True)}
                clicks = [expected_clicks(tastes(order[: args.shown])) for order in (base, personalized)]
                exact[user_id].append((*true_ranks(base, attractiveness), *true_ranks(personalized, attractiveness), *clicks))

            with store() as db:
                report = replay(db, engine.fetch, list(personas), config=config,
                                half_life_days=settings.personalization_half_life_days, observe=observe)
            pairs.extend(report.pairs)

    warm = [p for p in pairs if not p.cold]
    rows, payload = [], {"sessions": args.sessions, "seeds": args.seeds, "shown": args.shown,
                         "config": {"weight": config.weight, "max_rise": config.max_rise, "mmr_lambda": config.mmr_lambda},
                         "replay": {}, "exact": {}}
    parts = [("all (warm)", ReplaySummary.of(warm), [e for v in exact.values() for e in v]),
             *((u, ReplaySummary.of([p for p in warm if p.user_id == u]), exact[u]) for u in personas)]
    for name, s, exp in parts:
        n = len(exp) or 1
        m = [sum(e[i] for e in exp) / n for i in range(6)]
        payload["replay"][name] = asdict(s)
        payload["exact"][name] = {"rankings": len(exp), "true_mean_rank_base": round(m[0], 3),
                                  "true_mean_rank_personalized": round(m[2], 3), "true_mrr_base": round(m[1], 4),
                                  "true_mrr_personalized": round(m[3], 4), "expected_clicks_base": round(m[4], 4),
                                  "expected_clicks_personalized": round(m[5], 4)}
        rows.append([name, s.pairs, f"{s.mean_rank_base:.3f} / {s.mean_rank_personalized:.3f}",
                     f"{s.mrr_base:.4f} / {s.mrr_personalized:.4f}",
                     f"{s.ips_mean_rank_base:.3f} / {s.ips_mean_rank_personalized:.3f}",
                     f"{s.ips_mrr_base:.4f} / {s.ips_mrr_personalized:.4f}",
                     f"{s.improved} / {s.unchanged} / {s.worse}", len(exp),
                     f"{m[0]:.3f} / {m[2]:.3f}", f"{m[1]:.4f} / {m[3]:.4f}", f"{m[4]:.4f} / {m[5]:.4f}"])
    payload["loadavg"] = os.getloadavg()
    print(table(["", "pairs", "mean rank (without / with)", "MRR", "IPS mean rank", "IPS MRR", "better / same / worse",
                 "rankings", "true mean rank", "true MRR", "E[clicks] top 10"], rows))
    print(f"load average {payload['loadavg']}")
    name = "personalization_replay" if (args.sessions, args.seeds) == (24, 1) else \
        f"personalization_replay_{args.sessions}x{args.seeds}"
    print(f"wrote {write(name, payload)}")


if __name__ == "__main__":
    main()
