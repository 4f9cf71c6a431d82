"""Document-embedding cost per text by batch size (length-bucketed batches).

Run: ``.venv/bin/python benchmarks/embed_batching.py [--texts 1024] [--model packaged:minilm-int8]``.
Embeds a fixed random sample of the catalog's embedded texts (what ingest embeds)
once per batch size and reports process CPU
seconds (the figure that decides ingest time on a busy machine; the wall clock
is printed beside it with the load average), plus the largest difference of
any vector from the first configuration's (0 = bit-for-bit the same vectors).
The row "groups of 256" calls the embedder once per 256 texts, as ingest did
before it sorted the catalog by text length.
"""

from __future__ import annotations

import argparse
import os
import random
import time

import numpy as np
from common import table, write

from rag.catalog import load_catalog
from rag.embeddings import build_embedder
from rag.indexing import DocumentBuilder
from rag.settings import Settings


def measure(model: str, texts: list[str], batch_size: int, group: int | None) -> tuple[float, float, np.ndarray]:
    embedder = build_embedder(model, batch_size=batch_size)
    embedder.embed_documents(texts[:16])  # load the model outside the timing
    cpu, wall = time.process_time(), time.perf_counter()
    if group:
        vectors = np.concatenate([embedder.embed_documents(texts[i : i + group]) for i in range(0, len(texts), group)])
    else:
        vectors = embedder.embed_documents(texts)
    return time.process_time() - cpu, time.perf_counter() - wall, vectors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=1024)
    parser.add_argument("--model", default="packaged:minilm-int8")
    parser.add_argument("--batch-sizes", default="8,16,32,64")
    args = parser.parse_args()
    settings = Settings()
    builder = DocumentBuilder()
    products = load_catalog(settings.catalog_path, currency=settings.currency).products
    texts = random.Random(0).sample([builder.embedded_text(p) for p in products], args.texts)
    configs = [(int(b), None) for b in args.batch_sizes.split(",")]
    if len(texts) > 256:
        configs.append((64, 256))
    rows, results, reference = [], [], None
    for batch_size, group in configs:
        cpu, wall, vectors = measure(args.model, texts, batch_size, group)
        reference = vectors if reference is None else reference
        diff = float(np.abs(vectors - reference).max())
        label = f"{batch_size}" + (f" (groups of {group})" if group else "")
        rows.append([label, cpu, 1000 * cpu / len(texts), wall, f"{diff:.1e}"])
        results.append({"batch_size": batch_size, "group": group, "cpu_s": cpu, "wall_s": wall,
                        "cpu_ms_per_text": 1000 * cpu / len(texts), "max_abs_diff": diff})
    load = os.getloadavg()
    print(f"{args.model}, {len(texts)} catalog texts; load average {load[0]:.1f}")
    print(table(["batch size", "CPU s", "CPU ms/text", "wall s", "max |diff|"], rows))
    name = "embed_batching" if args.model == "packaged:minilm-int8" else "embed_batching_" + args.model.split(":")[-1]
    path = write(name, {"model": args.model, "texts": len(texts), "load_average": load, "rows": results})
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
