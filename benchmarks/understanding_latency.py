"""Query-understanding cost: the rule parser alone and retrieval with it (warm, one client).

Run: ``.venv/bin/python benchmarks/understanding_latency.py [--repeat 20]``.
Messages: the 90 dev queries plus the constraint phrasings of the parser's
test table, so price, brand, spec and type rules all fire.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from common import table, write

from rag.evaluation import load_judgments, percentile
from rag.settings import get_settings
from rag.wiring import build_search_services, ensure_index

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.rag.understanding.test_constraint_parser import CASES


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    # Uncached query embeddings: every timing includes a real embedding.
    settings = get_settings().with_overrides(query_cache_size=0)
    ensure_index(settings)
    services = build_search_services(settings)
    understanding = services.understanding
    messages = list(load_judgments(settings.judgments_path).queries) + [c[0] for c in CASES]
    for m in messages:  # warm-up
        understanding.retrieve(m, k=10)
    parse_ms, total_ms, plain_ms = [], [], []
    for _ in range(args.repeat):
        for m in messages:
            t0 = time.perf_counter()
            understanding.parser.parse(m)
            parse_ms.append((time.perf_counter() - t0) * 1000)
    for _ in range(max(1, args.repeat // 4)):
        for m in messages:
            t0 = time.perf_counter()
            understanding.retrieve(m, k=10)
            total_ms.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            services.retriever.retrieve(m, k=10)
            plain_ms.append((time.perf_counter() - t0) * 1000)
    rows = [
        ["parse only", percentile(parse_ms, 50), percentile(parse_ms, 95), percentile(parse_ms, 99)],
        ["hybrid retrieval (with embedding)", percentile(plain_ms, 50), percentile(plain_ms, 95), percentile(plain_ms, 99)],
        ["hybrid + understanding (with embedding)", percentile(total_ms, 50), percentile(total_ms, 95), percentile(total_ms, 99)],
    ]
    print(f"{len(messages)} messages, parse x {args.repeat}, retrieval x {max(1, args.repeat // 4)}")
    print(table(["stage", "p50 ms", "p95 ms", "p99 ms"], rows))
    payload = {r[0]: {"p50": r[1], "p95": r[2], "p99": r[3]} for r in rows}
    print(f"wrote {write('understanding_latency', {'stages': payload, 'messages': len(messages)})}")


if __name__ == "__main__":
    main()
