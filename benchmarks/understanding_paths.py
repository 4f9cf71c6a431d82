"""Latency of understanding + retrieval by the path a request takes (the full catalog, warm, one client).

Run: ``.venv/bin/python benchmarks/understanding_paths.py [--repeat 5]``

The brand range, a gift's hint and a need read as kinds each run one filtered search per kind (three) after
the first pass (``rag/understanding/relax.py``); this times them beside a typed request and a plain keyword
query, through ``UnderstandingRetriever.retrieve`` with the learned ranking on (the default path up to
reranking), and says which path each request took. The requests are the golden sets' kind, not the dev
queries (which take the brand path twice in 90).
"""

from __future__ import annotations

import argparse
import time

from common import table, write

from rag.evaluation import percentile
from rag.settings import get_settings
from rag.wiring import build_search_services, ensure_index

PATHS = {
    "keyword": ["wireless mouse", "laptop", "coffee maker", "hdmi cable", "usb stick"],
    "typed": ["laptop for a student, 16GB RAM, under 800", "samsung tv 55 inch or bigger under 800",
              "black wireless mouse under 30", "dell monitor 27 inch under 300", "epson printer between 100 and 300"],
    "brand range": ["logitech", "got anything from kingston?", "what do you have from samsung", "show me msi stuff",
                    "im a canon fan, show me what u carry"],
    "gift hint": ["my nephew is into gaming, birthday present ideas under 100?", "present for my mum, she loves photography",
                  "xmas gift for my teenage son, he always has music on", "birthday gift for my sister who loves hiking",
                  "gift for my dad, he loves cooking"],
    "need read as kinds": ["wifi is terrible in my upstairs bedroom", "built in cam on my laptop broke and i have interviews",
                           "want to turn the blank wall in my living room into a movie screen",
                           "what should i get to watch netflix in the living room",
                           "wifi completely dies in the back bedroom, what do i buy to fix that"],
}
STAGES = {"brand range": "brand_range", "gift hint": "gift_kinds", "need read as kinds": "need_kinds"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--name", default="understanding_paths")
    args = parser.parse_args()
    settings = get_settings().with_overrides(query_cache_size=0)
    ensure_index(settings)
    understanding = build_search_services(settings).understanding
    understanding.warm_up()
    for queries in PATHS.values():  # warm-up
        for q in queries:
            understanding.retrieve(q, k=10)
    rows, payload = [], {}
    for path, queries in PATHS.items():
        totals, took = [], 0
        for _ in range(args.repeat):
            for q in queries:
                t0 = time.perf_counter()
                out = understanding.retrieve(q, k=10)
                totals.append((time.perf_counter() - t0) * 1000)
                took += STAGES.get(path, "") in out.result.timings_ms if path in STAGES else 1
        share = took / (args.repeat * len(queries))
        p50, p99 = percentile(totals, 50), percentile(totals, 99)
        rows.append([path, len(queries), f"{share:.0%}", f"{p50:.1f}", f"{p99:.1f}"])
        payload[path] = {"queries": queries, "took_the_path": share, "p50_ms": round(p50, 2), "p99_ms": round(p99, 2),
                         "runs": len(totals)}
    print(table(["path", "requests", "took the path", "p50 ms", "p99 ms"], rows))
    print(f"wrote {write(args.name, {'repeat': args.repeat, 'paths': payload})}")


if __name__ == "__main__":
    main()
