"""``python -m rag.offline.policy_study``: which cheap signal predicts where reranking helps.

For every judged query with a relevant product, the default first pass
(hybrid + query understanding, top 100) is reranked with the configured
reranker exactly as ``shopassist search`` would (top ``rerank_top_n``, fused
with the first pass). The per-query change in NDCG@10 and condensed NDCG@10
is then set against each signal the trigger could use:

* ``words``: words in the searched text (the ``auto`` policy's signal);
* ``leg_overlap``: share of BM25's top 10 that the dense leg also has;
* ``fused_margin``: relative drop of the fused score from #1 to #10;
* ``top1_agree``: whether both legs put the same product first;
* ``constraints``: constraints query understanding read from the message.

It prints the Spearman correlation of each signal with the gains, and what
``auto`` would do at each word threshold (how often it fires, the mean
gain over all queries). Queries are few (78), so read the correlations as
directions, not as precise values.
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Sequence
from pathlib import Path

from rag.evaluation.judgments import load_judgments
from rag.evaluation.metrics import answerable_queries, condensed_ndcg_at_k, ndcg_at_k

SIGNALS = ("words", "leg_overlap", "fused_margin", "top1_agree", "constraints")


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    """Spearman's rho with average ranks for ties (0.0 when either side is constant)."""
    if len(x) != len(y):
        raise ValueError(f"spearman needs equal lengths, got {len(x)} and {len(y)}")

    def ranks(values: Sequence[float]) -> list[float]:
        order = sorted(range(len(values)), key=lambda i: values[i])
        out = [0.0] * len(values)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
                j += 1
            for t in range(i, j + 1):
                out[order[t]] = (i + j) / 2
            i = j + 1
        return out

    a, b = ranks(x), ranks(y)
    ma, mb = sum(a) / len(a), sum(b) / len(b)
    num = sum((p - ma) * (q - mb) for p, q in zip(a, b, strict=True))
    den = math.sqrt(sum((p - ma) ** 2 for p in a) * sum((q - mb) ** 2 for q in b))
    return num / den if den else 0.0


def bootstrap_ci(values: Sequence[float], *, samples: int = 10_000, seed: int = 0) -> tuple[float, float]:
    """95% percentile-bootstrap interval of the mean (queries resampled with replacement)."""
    import random

    if not values:
        raise ValueError("bootstrap_ci needs at least one value")
    rng = random.Random(seed)
    n = len(values)
    means = sorted(sum(rng.choice(values) for _ in range(n)) / n for _ in range(samples))
    return means[int(0.025 * samples)], means[int(0.975 * samples) - 1]


def threshold_table(rows: Sequence[dict], signal: str = "words", *, samples: int = 10_000) -> list[dict]:
    """For each threshold t: rerank only queries with ``signal >= t`` (the others keep the first pass)."""
    out = []
    for t in sorted({r[signal] for r in rows}):
        fired = [r for r in rows if r[signal] >= t]
        gains = [r["d_ndcg"] if r[signal] >= t else 0.0 for r in rows]
        out.append({
            "threshold": t,
            "fires": len(fired),
            "ndcg@10_gain": sum(gains) / len(rows),
            "ndcg@10_gain_ci95": bootstrap_ci(gains, samples=samples),
            "condensed_gain": sum(r["d_cond"] for r in fired) / len(rows),
            "helped": sum(1 for r in fired if r["d_ndcg"] > 1e-9),
            "hurt": sum(1 for r in fired if r["d_ndcg"] < -1e-9),
        })
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--judgments", type=Path, default=None)
    ap.add_argument("--json", type=Path, default=None, help="write per-query rows and the tables here")
    args = ap.parse_args(argv)

    from rag.rerank.stage import first_pass_signals, rerank_result
    from rag.settings import Settings
    from rag.wiring import build_search_services, make_reranker

    settings = Settings(query_cache_size=0, rerank_cache_size=0)
    judgments = load_judgments(args.judgments or settings.judgments_path)
    services = build_search_services(settings)
    reranker = make_reranker(settings)
    rows = []
    for query in answerable_queries(judgments):
        understood = services.understanding.retrieve(query, k=100)
        first = understood.result
        reranked = rerank_result(reranker, services.engine, query, first, settings.rerank_top_n)
        before = [h.product_id for h in first.hits]
        after = [h.product_id for h in reranked.hits]
        judged = judgments[query]
        signals = first_pass_signals(first)
        bm25, dense = first.legs.get("bm25", ()), first.legs.get("dense", ())
        rows.append({
            "query": query,
            "d_ndcg": ndcg_at_k(after, judged) - ndcg_at_k(before, judged),
            "d_cond": condensed_ndcg_at_k(after, judged) - condensed_ndcg_at_k(before, judged),
            "words": signals.words,
            "leg_overlap": signals.leg_overlap if signals.leg_overlap is not None else 0.0,
            "fused_margin": signals.fused_margin if signals.fused_margin is not None else 1.0,
            "top1_agree": float(bool(bm25) and bool(dense) and bm25[0].product_id == dense[0].product_id),
            "constraints": len(understood.parsed.constraints),
        })
    n = len(rows)
    print(f"{n} queries; rerank everywhere: NDCG@10 {sum(r['d_ndcg'] for r in rows) / n:+.4f}, "
          f"condensed {sum(r['d_cond'] for r in rows) / n:+.4f} (reranker {settings.reranker_model})")
    corr = {s: {"ndcg@10": spearman([r[s] for r in rows], [r["d_ndcg"] for r in rows]),
                "condensed": spearman([r[s] for r in rows], [r["d_cond"] for r in rows])} for s in SIGNALS}
    print("\n| signal | Spearman with NDCG@10 gain | with condensed gain |\n|---|---|---|")
    for s, c in corr.items():
        print(f"| {s} | {c['ndcg@10']:+.3f} | {c['condensed']:+.3f} |")
    table = threshold_table(rows)
    print("\n| auto: rerank when words >= | fires | NDCG@10 gain | 95% bootstrap interval | condensed gain "
          "| helped | hurt |\n|---|---|---|---|---|---|---|")
    for t in table:
        low, high = t["ndcg@10_gain_ci95"]
        print(f"| {t['threshold']} | {t['fires']}/{n} | {t['ndcg@10_gain']:+.4f} | [{low:+.4f}, {high:+.4f}] "
              f"| {t['condensed_gain']:+.4f} | {t['helped']} | {t['hurt']} |")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"reranker": settings.reranker_model, "queries": n, "spearman": corr,
                                         "words_thresholds": table, "rows": rows}, indent=2))
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
