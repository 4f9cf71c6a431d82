"""Where the default path loses MRR on the dev queries, out of fold.

Run: ``.venv/bin/python benchmarks/ltr_misses.py`` (needs the app's index; under a minute). The
first pass (hybrid + query understanding, top 100) runs every answerable dev query; the learned
ranking of its top 30 is trained on the other folds only (``rag.offline.ltr_study``: 5 folds over
queries, the shipped stage's features, ``--seeds`` fold assignments). For each query with a
product rated >= 2 whose reciprocal rank out of fold is under 1, it lists the first pass's
reciprocal rank, the out-of-fold one (mean over seeds), the top 3 out of fold with their ratings,
and the products rated >= 2 (what the judgments call relevant). The 1 - RR summed over them is
what MRR loses on queries that can be answered; the queries with no product rated >= 2 lose 1
each whatever the ranking. Writes ``benchmarks/results/ltr_misses.json``.
"""

from __future__ import annotations

import argparse
import statistics

from common import table, write

from rag.evaluation.judgments import load_judgments_stack, merge_judgments
from rag.evaluation.metrics import mrr
from rag.offline.ltr_study import VARIANTS, collect_cases, out_of_fold_runs
from rag.settings import Settings


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=8)
    args = ap.parse_args()
    settings = Settings(query_cache_size=0, rerank_cache_size=0, learned_ranking=False)  # the first pass alone
    judgments = merge_judgments(load_judgments_stack([settings.judgments_path, *settings.judgments_extra_paths]))
    cases = collect_cases(settings, judgments, 30, with_ce=False)
    shipped = VARIANTS[0]  # without the cross-encoder: the stage on by default
    first = {c.query: [h.product_id for h in c.head] + list(c.tail) for c in cases}
    products = {pid: p for c in cases for pid, p in c.products.items()}
    runs = [out_of_fold_runs(cases, judgments, shipped, seed=s) for s in range(args.seeds)]
    unanswerable = [q for q in first if not any(g >= 2 for g in judgments[q].values())]
    rows, out = [], []
    for q in first:
        if q in unanswerable:
            continue
        rr = statistics.fmean(mrr(r[q], judgments[q]) for r in runs)
        if rr >= 0.999:
            continue
        relevant = [p for p, g in judgments[q].items() if g >= 2]
        fetched = {**products, **settings_fetch(relevant, products)}
        top3 = [f"{fetched[p].title[:40] if p in fetched else p} ({judgments[q].get(p, '?')})" for p in runs[0][q][:3]]
        rel = [f"{fetched[p].title[:40] if p in fetched else p} ({judgments[q][p]})" for p in relevant[:3]]
        out.append({"query": q, "first_pass_rr": round(mrr(first[q], judgments[q]), 3), "oof_rr": round(rr, 3),
                    "lost": round(1 - rr, 3), "top3": top3, "relevant": rel, "relevant_count": len(relevant)})
    out.sort(key=lambda r: -r["lost"])
    for r in out:
        rows.append([r["query"], r["first_pass_rr"], r["oof_rr"], "; ".join(r["top3"]),
                     f"{r['relevant_count']}: " + "; ".join(r["relevant"])])
    lost = sum(r["lost"] for r in out)
    n = len(first)
    print(table(["query", "RR first pass", "RR out of fold", "top 3 out of fold (rating)", "rated >= 2"], rows))
    print(f"\n{len(first)} queries: {len(unanswerable)} with no product rated >= 2 lose {len(unanswerable)}; "
          f"{len(out)} answerable queries lose {lost:.2f}; MRR out of fold {(n - len(unanswerable) - lost) / n:.3f}")
    write("ltr_misses", {"queries": n, "unanswerable": unanswerable, "answerable_losses": out,
                         "lost_on_answerable": round(lost, 3), "seeds": args.seeds,
                         "mrr_out_of_fold": round((n - len(unanswerable) - lost) / n, 4)})


def settings_fetch(ids, known):
    """Records of the relevant products the first pass never reached (for their titles)."""
    missing = [p for p in ids if p not in known]
    if not missing:
        return {}
    from rag.wiring import build_search_services

    return build_search_services(Settings(query_cache_size=0, learned_ranking=False)).engine.fetch(missing)


if __name__ == "__main__":
    main()
