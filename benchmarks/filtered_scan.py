"""How many passing rows the filtered dense leg scores per query (``SCAN_ROWS``): recall against latency.

Run after ``benchmarks/scale.py`` has built an index (default: the 1M one):
``PYTHONPATH=. python benchmarks/filtered_scan.py [--index .shopassist/scale/1000000] [--queries 40]``.

For each filter case of ``scale.py`` (price and brand bands by selectivity) and each candidate value,
the FAISS index of ``rag/engines/filtered_vectors.py`` answers the first ``--queries`` dev queries with
``k = 10``; recall@10 is against the exact filtered top 10 computed here from the index's own float16
vectors (all of them, one matrix product per query), latency is the leg alone. The rule the engine's
value was picked by is fixed here, not by quality judgments: the smallest value whose recall matches
the Lance prefilter's in the broad bands (``scale.py --variant lance-prefilter`` measures that).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
from common import table, write


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, default=Path(".shopassist/scale/1000000"))
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--values", type=int, nargs="+", default=[16_000, 32_000, 64_000, 128_000])
    parser.add_argument("--name", default="filtered_scan")
    args = parser.parse_args()

    import lancedb
    import scale

    from rag.engines import filtered_vectors as fv
    from rag.engines.lancedb_engine import PRODUCTS, LanceDBEngine
    from rag.evaluation import load_judgments
    from rag.wiring import make_embedder

    settings = scale._settings()
    engine = LanceDBEngine(args.index)
    lexical = engine._current_lexical_index(engine._table(PRODUCTS))
    if lexical is None or fv.FilteredVectors.stored_version(args.index / fv.DIRNAME) != lexical.version:
        raise SystemExit(f"{args.index} has no current filtered vector index; build it with benchmarks/scale.py")
    side = fv.FilteredVectors.load(args.index / fv.DIRNAME)
    vectors = np.asarray(side._vectors, dtype=np.float32)
    embedder = make_embedder(settings)
    queries = list(load_judgments(settings.judgments_path).queries)[: args.queries]
    query_vectors = {q: embedder.embed_query(q) for q in queries}
    cases = scale._filters(lancedb.connect(str(args.index)).open_table(PRODUCTS))
    masks = {name: lexical.columns.mask(f) for name, f in cases.items() if not f.is_empty}
    exact = {}
    for name, mask in masks.items():
        rows = np.flatnonzero(mask)
        passing = vectors[rows]
        for q in queries:
            exact[name, q] = set(rows[np.argsort(-(passing @ query_vectors[q]))[:10]].tolist())
    results: dict[str, dict[str, dict[str, float]]] = {}
    for value in args.values:
        fv.SCAN_ROWS = value
        results[str(value)] = {}
        for name, mask in masks.items():
            recall, ms = [], []
            for q in queries:
                t0 = time.perf_counter()
                found = side.search(query_vectors[q], 10, mask)
                ms.append((time.perf_counter() - t0) * 1000)
                recall.append(len({row for row, _ in found} & exact[name, q]) / 10)
            results[str(value)][name] = {"share": float(mask.mean()), "recall@10": float(np.mean(recall)),
                                         "p50_ms": float(np.percentile(ms, 50)), "p99_ms": float(np.percentile(ms, 99))}
    names = list(masks)
    print(table(["filter", "share", *[f"{v:,}: recall@10 / p99 ms" for v in args.values]],
                [[n, round(results[str(args.values[0])][n]["share"], 3),
                  *[f"{results[str(v)][n]['recall@10']:.3f} / {results[str(v)][n]['p99_ms']:.1f}" for v in args.values]]
                 for n in names]))
    path = write(args.name, {"index": str(args.index), "queries": len(queries), "values": results})
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
