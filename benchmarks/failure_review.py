"""The worst dev queries for the default path, with what went wrong in each.

Run: ``.venv/bin/python benchmarks/failure_review.py`` (needs the app's index;
under a minute). The default path (hybrid + query understanding, settings as
configured) runs every judged query (top 100); the ``--worst`` queries with the
lowest NDCG@10 under the last view of the stacked judgments are listed with:
the parsed product type, the rank of the first product rated >= 2 in the top
100 (or "missing"), the judged@10, the top-3 titles with their ratings, and a
failure class read off those facts:

* ``no relevant product``: nothing judged >= 2 for the query at all (the
  catalog does not carry it; the right answer is to say so);
* ``missing from the top 100``: relevant products exist but retrieval never
  reaches them (a recall failure);
* ``ranked low``: the first relevant product is in the top 100 but below 5;
* ``wrong product type on top``: a relevant product is in the top 5 but the top
  3 are mostly judged 0 (accessories or a neighbouring type crowd the head);
* ``partly right``: the rest (relevant near the top, the head partly good).

The class is mechanical; the doc that uses this table says what was done
about each class. Writes ``benchmarks/results/failure_review.json``.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from common import table, write

from rag.evaluation.judgments import judgment_views, load_judgments_stack
from rag.evaluation.metrics import answerable_queries, evaluate_queries
from rag.settings import get_settings
from rag.wiring import build_search_services


def classify(first_relevant: int | None, any_relevant: bool, top3: Sequence[int]) -> str:
    if not any_relevant:
        return "no relevant product"
    if first_relevant is None:
        return "missing from the top 100"
    if first_relevant > 5:
        return "ranked low"
    if sum(1 for r in top3 if r == 0) >= 2:
        return "wrong product type on top"
    return "partly right"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--judgments", type=Path, action="append")
    ap.add_argument("--worst", type=int, default=15)
    args = ap.parse_args(argv)
    settings = get_settings()
    paths = args.judgments or [settings.judgments_path, *settings.judgments_extra_paths]
    view = judgment_views(load_judgments_stack(paths))[-1]
    services = build_search_services(settings)
    understanding = services.understanding
    runs, parsed_type = {}, {}
    for query in view.queries:
        understood = understanding.retrieve(query, k=100)
        runs[query] = [h.product_id for h in understood.result.hits]
        types = [str(c.value) for c in understood.parsed.constraints if c.kind == "category"]
        parsed_type[query] = ", ".join(types) or "-"
    per_query = evaluate_queries(runs, view)
    answerable = set(answerable_queries(view))
    ordered = sorted(view.queries, key=lambda q: (q not in answerable, per_query[q].ndcg_at_10, q))
    worst = [q for q in ordered if q in answerable][: args.worst]
    products = services.engine.fetch(sorted({d for q in worst for d in runs[q][:3]}))
    rows, payload = [], []
    for query in worst:
        judged = view.get(query)
        ranked = runs[query]
        first = next((i for i, d in enumerate(ranked, 1) if judged.get(d, 0) >= 2), None)
        top3 = [judged.get(d, 0) for d in ranked[:3]]
        kind = classify(first, any(r >= 2 for r in judged.values()), top3)
        heads = [f"{products[d].title[:48] if d in products else d} ({judged.get(d, '?')})" for d in ranked[:3]]
        m = per_query[query]
        rows.append([query, m.ndcg_at_10, parsed_type[query], first or "missing", m.judged_at_10, kind, "; ".join(heads)])
        payload.append({"query": query, "ndcg@10": round(m.ndcg_at_10, 4), "parsed_type": parsed_type[query],
                        "first_relevant_rank": first, "judged@10": m.judged_at_10, "class": kind,
                        "top3": [{"docid": d, "title": products[d].title if d in products else None,
                                  "rating": judged.get(d)} for d in ranked[:3]]})
    print(f"Judgments: {view.label}; {len(answerable)} answerable queries; the {len(worst)} worst for the default path")
    print(table(["query", "NDCG@10", "parsed type", "first rated >= 2", "judged@10", "class", "top 3 (rating)"], rows))
    print("classes:", dict(Counter(r[5] for r in rows)))
    print(f"wrote {write('failure_review', {'judgments': view.label, 'worst': payload})}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
