"""Scale: ingest time, index size, memory and hybrid latency at 19.4K, 100K and 1M products.

Run: ``nice -n 15 .venv/bin/python benchmarks/scale.py`` (about an hour on 2
cores, most of it the 1M index; ``--sizes 19406,100000`` for a quick run).
``--reuse`` keeps indexes already built under ``.shopassist/scale/`` (their
build figures were recorded when they were built) and reruns the queries
only, e.g. to retake latency when the machine is quiet. ``--drop-largest``
deletes the largest index at the end.

Catalogs: the real 19,406 products, then synthetic variants of them
(``benchmarks/synthetic.py``: brand from the same category, mutated model
code, neighbouring specs, jittered price). Vectors: the real products' vectors
come from the app's index (int8 MiniLM); ``--sample`` variants are embedded
with the same model, and every other variant gets its source's vector plus a
residual measured on that sample. The index is written through the engine's
own ``upsert`` and ``finalize`` (the ingest path minus the embedding model),
so every size is built the same way; the real catalog's full ingest with
embedding is ``benchmarks/ingest.py``.

Each size is built in its own process (peak RSS of the build) and queried in
another (peak RSS while serving, with the embedding model loaded): the 90 dev
queries, ``--repeat`` rounds, k=10, 100 candidates per leg, query vectors
computed beforehand (the query embedding's own latency is reported apart).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from common import RESULTS, table, write

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / ".shopassist" / "scale"
SCALE_DIR = DEFAULT_DIR  # replaced by --dir (passed on to the child processes)
PLOT = ROOT / "assets" / "scale.png"
BATCH = 5_000
SEED = 13
FILTER_CASES = ("none", "price<=100", "brand=HP")


# -- shared by the child processes --------------------------------------------
def _settings():
    from rag.settings import get_settings

    return get_settings().with_overrides(query_cache_size=0)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def _real_catalog(settings):
    from rag.catalog import load_catalog

    return load_catalog(settings.catalog_path, currency=settings.currency).products


def _source_vectors(settings, products) -> np.ndarray:
    """The real products' vectors, read from the app's index (built if missing)."""
    import lancedb

    from rag.engines.lancedb_engine import CHUNKS
    from rag.indexing.ingest import IndexRecipe
    from rag.wiring import ensure_index

    ensure_index(settings, progress=False)
    recipe = IndexRecipe.read(settings.index_dir)
    model_id = _embedder(settings).model_id
    if recipe is None or recipe.embedding_model != model_id or recipe.max_chunks != 1:
        raise SystemExit(
            f"{settings.index_dir} was built with {recipe}; the scale benchmark needs one vector per "
            f"product from {model_id}: run `shopassist ingest --rebuild` with embedding_max_chunks=1"
        )
    chunks = lancedb.connect(str(settings.index_dir)).open_table(CHUNKS)
    stored = chunks.search().select(["product_id", "vector"]).limit(chunks.count_rows()).to_arrow()
    by_id = dict(zip(stored["product_id"].to_pylist(), range(stored.num_rows), strict=True))
    matrix = np.stack(stored["vector"].to_numpy(zero_copy_only=False)).astype(np.float32)
    return matrix[[by_id[p.id] for p in products]]


_EMBEDDER = None


def _embedder(settings):
    global _EMBEDDER
    if _EMBEDDER is None:
        from rag.wiring import make_embedder

        _EMBEDDER = make_embedder(settings)
    return _EMBEDDER


def _calibration(settings, synth, sources: np.ndarray, sample: int) -> dict[str, object]:
    """Embed ``sample`` variants with the real model (cached): their vectors and residuals."""
    from synthetic import VectorSynthesizer

    from rag.indexing.documents import DocumentBuilder

    embedder = _embedder(settings)
    cache = SCALE_DIR / f"sample-{embedder.model_id.replace('/', '_').replace(':', '_')}-{SEED}-{sample}.npz"
    numbers = list(range(synth.real_size, synth.real_size + sample))
    src_idx = [synth.source_of(i) for i in numbers]
    if cache.exists():
        data = np.load(cache)
        embedded, embed_s = data["embedded"], float(data["embed_s"])
    else:
        builder = DocumentBuilder()
        texts = [builder.embedded_text(synth.product(i)) for i in numbers]
        t0 = time.perf_counter()
        embedded = embedder.embed_documents(texts).astype(np.float32)
        embed_s = time.perf_counter() - t0
        SCALE_DIR.mkdir(parents=True, exist_ok=True)
        np.savez(cache, embedded=embedded, embed_s=embed_s)
    residuals = VectorSynthesizer.residuals(embedded, sources[src_idx])
    # Held-out check: synthesize the second half from the first half's residuals.
    half = sample // 2
    probe = VectorSynthesizer(sources, residuals[:half], seed=SEED)
    synthetic = probe.synthesize(numbers[half:], src_idx[half:])
    agreement = VectorSynthesizer.agreement(embedded[half:], synthetic, sources[src_idx[half:]])
    return {
        "embedded": dict(zip(numbers, embedded, strict=True)),
        "residuals": residuals,
        "embed_s": embed_s,
        "embed_products_per_s": sample / embed_s,
        "agreement": agreement,
    }


# -- child: build one index ---------------------------------------------------
def build(size: int, sample: int) -> None:
    from synthetic import CatalogSynthesizer, VectorSynthesizer

    from rag.indexing.documents import DocumentBuilder, build_documents
    from rag.wiring import engine_factory

    settings = _settings()
    load_before = _load()
    products = _real_catalog(settings)
    sources = _source_vectors(settings, products)
    synth = CatalogSynthesizer(products, seed=SEED)
    variants = size - synth.real_size
    calib = _calibration(settings, synth, sources, min(sample, variants)) if variants >= 2 else None
    vectors = VectorSynthesizer(
        sources,
        calib["residuals"] if calib else np.zeros((1, sources.shape[1]), np.float32),
        embedded=calib["embedded"] if calib else None,
        seed=SEED,
    )
    index = SCALE_DIR / str(size)
    shutil.rmtree(index, ignore_errors=True)
    engine = engine_factory(settings)(index)
    builder = DocumentBuilder()
    gen_s = upsert_s = 0.0
    started = time.perf_counter()
    for numbers in synth.batches(size, BATCH):
        t0 = time.perf_counter()
        batch = [synth.product(i) for i in numbers]
        vecs = vectors.vectors(list(numbers), [synth.source_of(i) for i in numbers])
        docs = build_documents(batch, vecs, [1] * len(batch), builder)
        t1 = time.perf_counter()
        engine.upsert(docs)
        gen_s += t1 - t0
        upsert_s += time.perf_counter() - t1
        print(f"  {numbers.stop:,} / {size:,} products", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    engine.finalize()
    finalize_s = time.perf_counter() - t0
    report = {
        "size": size,
        "real_products": min(size, synth.real_size),
        "embedded_variants": len(calib["embedded"]) if calib else 0,
        "synthesized_variants": max(0, size - synth.real_size - (len(calib["embedded"]) if calib else 0)),
        "generate_s": gen_s,
        "upsert_s": upsert_s,
        "finalize_s": finalize_s,
        "ingest_s": upsert_s + finalize_s,
        "wall_s": time.perf_counter() - started,
        "peak_rss_mb": _peak_rss_mb(),
        "load_before": load_before,
        "load_after": _load(),
        "calibration": {k: v for k, v in (calib or {}).items() if k not in ("embedded", "residuals")},
    }
    (index / "scale_build.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report))


# -- child: query one index ---------------------------------------------------
#: Shares of products a filter lets through, one band per share, for a price and a brand filter.
BANDS = (0.001, 0.01, 0.1, 0.5)


def _filters(products_table) -> dict[str, object]:
    """The fixed cases (FILTER_CASES), then a price and a brand filter per selectivity band.

    Price: ``price <= q`` with ``q`` the band's quantile of the catalog's prices.
    Brand: the brands, taken from the most common down, whose summed share comes
    closest to the band without passing it (a single brand for the narrow bands).
    """
    from rag.records import Filters, NumericRange

    n = products_table.count_rows()
    cols = products_table.search().select(["price", "brand_key"]).limit(n).to_arrow()
    prices = np.sort(cols["price"].drop_null().to_numpy(zero_copy_only=False))
    brands, counts = np.unique(np.asarray(cols["brand_key"].fill_null("").to_pylist(), dtype=object),
                               return_counts=True)
    order = np.argsort(-counts, kind="stable")
    cases: dict[str, object] = {
        "none": Filters(),
        "price<=100": Filters(price=NumericRange(max=100.0)),
        "brand=HP": Filters(brands=("HP",)),
    }
    for band in BANDS:
        q = float(prices[max(0, min(len(prices) - 1, int(band * n) - 1))])
        cases[f"price band {band:g}"] = Filters(price=NumericRange(max=q))
        target = band * n
        if band >= 0.3:  # several brands, most common first, up to the band
            chosen, total = [], 0
            for i in order:
                if brands[i] and total + counts[i] <= target:
                    chosen.append(str(brands[i]))
                    total += int(counts[i])
        else:  # the one brand whose share is closest to the band
            i = min((j for j in order if brands[j]), key=lambda j: abs(counts[j] - target))
            chosen = [str(brands[i])]
        cases[f"brand band {band:g}"] = Filters(brands=tuple(chosen))
    return cases


def _selectivity(table_, where: str | None, total: int) -> float:
    return 1.0 if where is None else table_.count_rows(where) / total


#: Keeps the dense leg on Lance's own search, never the engine's FAISS index (the variants before it).
LANCE_DENSE = 2**62


def query(size: int, repeat: int, recall_queries: int, variant: str = "current") -> None:
    import lancedb

    from rag.engines.lancedb_engine import CHUNKS, PRODUCTS, LanceDBEngine, filters_to_sql
    from rag.evaluation import load_judgments, percentile
    from rag.retrieval import HybridRetriever
    from rag.wiring import engine_factory

    settings = _settings()
    load_before = _load()
    index = SCALE_DIR / str(size)
    if variant == "current":
        engine = engine_factory(settings)(index)
    elif variant == "lance-prefilter":  # the filtered dense leg as before the FAISS index: Lance's prefilter
        engine = LanceDBEngine(index, lexical_boosts=settings.lexical_boosts, filtered_ann_min_rows=LANCE_DENSE)
    elif variant.startswith("postfilter:"):  # post-filter any filter keeping at least this share, at any size
        engine = LanceDBEngine(index, lexical_boosts=settings.lexical_boosts, postfilter_min_rows=0,
                               postfilter_min_share=float(variant.split(":", 1)[1]), filtered_ann_min_rows=LANCE_DENSE)
    else:  # the engine before the bm25s leg and the exact filtered path: Lance FTS, range-only post-filter
        engine = LanceDBEngine(index, lexical_boosts=settings.lexical_boosts, lexical_index=False,
                               filtered_ann_min_rows=LANCE_DENSE)
    embedder = _embedder(settings)
    retriever = HybridRetriever.from_settings(engine, embedder, settings)
    judgments = load_judgments(settings.judgments_path)
    queries = list(judgments.queries)
    filters = _filters(lancedb.connect(str(index)).open_table(PRODUCTS))
    embed_ms, vectors = [], {}
    for q in queries:
        embedder.embed_query(q)  # warm-up
    for q in queries:
        t0 = time.perf_counter()
        vectors[q] = embedder.embed_query(q)
        embed_ms.append((time.perf_counter() - t0) * 1000)
    for f in filters.values():  # warm-up: index pages into memory
        for q in queries:
            retriever.retrieve(q, k=10, filters=f, query_vector=vectors[q])
    total = {name: [] for name in filters}
    legs = {name: {"bm25": [], "dense": []} for name in filters}
    for _ in range(repeat):
        for q in queries:
            for name, f in filters.items():  # interleaved, so load drift hits every case alike
                t0 = time.perf_counter()
                result = retriever.retrieve(q, k=10, filters=f, query_vector=vectors[q])
                total[name].append((time.perf_counter() - t0) * 1000)
                legs[name]["bm25"].append(result.timings_ms["bm25"])
                legs[name]["dense"].append(result.timings_ms["dense"])
    serving_rss = _peak_rss_mb()  # before the recall check below, whose exact scans read every vector
    chunks = lancedb.connect(str(index)).open_table(CHUNKS)
    n_chunks = chunks.count_rows()
    # The serving engine's ANN settings, and Lance's default HNSW breadth beside them.
    engines = {"engine": engine, "lance_default_ef": LanceDBEngine(index, ef=None, filtered_ann_min_rows=LANCE_DENSE)}
    recall: dict[str, dict[str, list[float]]] = {name: {"@10": [], "@100": []} for name in engines}
    for q in queries[:recall_queries]:
        exact = (
            chunks.search(vectors[q], vector_column_name="vector").distance_type("cosine")
            .bypass_vector_index().select(["product_id", "_distance"]).limit(100).to_arrow()["product_id"].to_pylist()
        )
        for name, eng in engines.items():
            ann = [h.product_id for h in eng.vector(vectors[q], 100)]
            recall[name]["@100"].append(len(set(ann) & set(exact)) / max(1, len(exact)))
            recall[name]["@10"].append(len(set(ann[:10]) & set(exact[:10])) / max(1, min(10, len(exact))))
    # Filtered recall: the share of the exact filtered top 10 (a full scan with the filter) the engine returns.
    filtered_recall: dict[str, list[float]] = {name: [] for name in filters}
    for q in queries[:recall_queries]:
        for name, f in filters.items():
            where = filters_to_sql(f)
            scan = chunks.search(vectors[q], vector_column_name="vector").distance_type("cosine").bypass_vector_index()
            if where:
                scan = scan.where(where, prefilter=True)
            exact = list(dict.fromkeys(scan.select(["product_id", "_distance"]).limit(30).to_arrow()["product_id"].to_pylist()))[:10]
            got = [h.product_id for h in engine.vector(vectors[q], 10, f)]
            filtered_recall[name].append(len(set(got) & set(exact)) / max(1, len(exact)))
    stats = {
        name: {
            "selectivity": _selectivity(chunks, filters_to_sql(f), n_chunks),
            "dense_recall@10": float(np.mean(filtered_recall[name])) if filtered_recall[name] else None,
            "filter": filters_to_sql(f) if len(filters_to_sql(f) or "") < 200 else f"{len(f.brands)} brands",
            "hybrid_ms": {f"p{p}": percentile(total[name], p) for p in (50, 95, 99)},
            "bm25_ms": {f"p{p}": percentile(legs[name]["bm25"], p) for p in (50, 99)},
            "dense_ms": {f"p{p}": percentile(legs[name]["dense"], p) for p in (50, 99)},
        }
        for name, f in filters.items()
    }
    print(json.dumps({
        "size": size,
        "variant": variant,
        "queries": len(queries),
        "repeat": repeat,
        "filters": stats,
        "query_embedding_ms": {f"p{p}": percentile(embed_ms, p) for p in (50, 99)},
        "ann_recall_vs_exact": {"queries": min(recall_queries, len(queries)),
                                **{k: float(np.mean(v)) for k, v in recall["engine"].items()},
                                "lance_default_ef": {k: float(np.mean(v)) for k, v in recall["lance_default_ef"].items()}},
        "serving_peak_rss_mb": serving_rss,
        "load_before": load_before,
        "load_after": _load(),
    }))


# -- parent -------------------------------------------------------------------
def _child(*args: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, *args, str(SCALE_DIR)], cwd=ROOT, stdout=subprocess.PIPE, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _du_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def _plot_rows(sizes: dict[str, dict[str, object]]) -> list[dict[str, object]]:
    rows = []
    for size, d in sizes.items():
        built, queried = d["build"], d["query"]
        f = queried["filters"]
        rows.append({
            "size": int(size), "ingest_s": built["ingest_s"], "index_mb": d["index_mb"],
            "build_rss_mb": built["peak_rss_mb"], "serving_rss_mb": queried["serving_peak_rss_mb"],
            "p50": {c: f[c]["hybrid_ms"]["p50"] for c in FILTER_CASES},
            "p99": {c: f[c]["hybrid_ms"]["p99"] for c in FILTER_CASES},
        })
    return sorted(rows, key=lambda r: r["size"])


def _plot(rows: list[dict[str, object]]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [r["size"] for r in rows]
    fig, axes = plt.subplots(1, 4, figsize=(16, 3.6))
    panels = [
        ("ingest (upsert + index build), s", [r["ingest_s"] for r in rows], None),
        ("index on disk, MB", [r["index_mb"] for r in rows], None),
        ("peak RSS, MB", [r["build_rss_mb"] for r in rows], [r["serving_rss_mb"] for r in rows]),
    ]
    for ax, (title, values, second) in zip(axes, panels, strict=False):
        ax.plot(sizes, values, "o-", label="build" if second else None)
        if second:
            ax.plot(sizes, second, "s--", label="serving")
            ax.legend()
        ax.set_title(title)
    ax = axes[3]
    for case, style in zip(FILTER_CASES, ("o-", "s--", "^:"), strict=True):
        ax.plot(sizes, [r["p99"][case] for r in rows], style, label=f"p99, filter {case}")
    ax.plot(sizes, [r["p50"]["none"] for r in rows], "x-", label="p50, no filter")
    ax.axhline(100, color="grey", lw=0.8, label="target p99, 100 ms")
    ax.set_title("hybrid retrieval latency, ms")
    ax.legend(fontsize=7, loc="upper left")
    for ax in axes:
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("products")
        ax.grid(True, which="both", alpha=0.3)
    fig.suptitle("Cost against catalog size (embedded LanceDB engine, 2 cores; beyond 19,406 the catalog is synthetic)")
    fig.tight_layout()
    PLOT.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(PLOT, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="19406,100000,1000000")
    parser.add_argument("--sample", type=int, default=2_000, help="variants embedded with the real model")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--recall-queries", type=int, default=30, help="queries for ANN recall vs exact scan")
    parser.add_argument("--reuse", action="store_true", help="keep indexes already built; rerun the queries")
    parser.add_argument("--drop-largest", action="store_true", help="delete the largest index at the end")
    parser.add_argument("--plot-only", action="store_true", help="redraw the plot from the last results JSON")
    parser.add_argument("--variant", default="current",
                        help="current; fts-only: the engine without its bm25s leg and exact filtered path (the "
                             "figures before); postfilter:SHARE: post-filter every filter keeping >= SHARE, at any size; "
                             "lance-prefilter: the dense leg on Lance's search (before the FAISS index)")
    parser.add_argument("--results", default="scale", help="name of the JSON written to benchmarks/results/")
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR,
                        help="where the indexes live (each size in its own folder; default .shopassist/scale)")
    args = parser.parse_args()
    global SCALE_DIR
    SCALE_DIR = args.dir.resolve()
    if args.plot_only:
        _plot(_plot_rows(json.loads((RESULTS / "scale.json").read_text())["sizes"]))
        print(f"wrote {PLOT}")
        return
    sizes = sorted(int(s) for s in args.sizes.split(","))
    payload: dict[str, dict[str, object]] = {}
    for size in sizes:
        index = SCALE_DIR / str(size)
        if args.reuse and (index / "scale_build.json").exists():
            built = json.loads((index / "scale_build.json").read_text())
            print(f"{size:,}: reusing the index built {time.ctime((index / 'scale_build.json').stat().st_mtime)}", flush=True)
        else:
            print(f"{size:,}: building", flush=True)
            built = _child("build", str(size), str(args.sample))
        print(f"{size:,}: querying", flush=True)
        queried = _child("query", str(size), str(args.repeat), str(args.recall_queries), args.variant)
        payload[str(size)] = {"build": built, "query": queried, "index_mb": _du_mb(index)}
    rows = _plot_rows(payload)
    headers = ["products", "upsert s", "index build s", "index MB", "build RSS MB", "serving RSS MB"]
    headers += [f"hybrid p50/p99 ms, {c}" for c in FILTER_CASES] + ["ANN recall@10", "load (1/5/15 min)"]
    lines = []
    for row in rows:
        q, b = payload[str(row["size"])]["query"], payload[str(row["size"])]["build"]
        lines.append(
            [f"{row['size']:,}", b["upsert_s"], b["finalize_s"], row["index_mb"], row["build_rss_mb"], row["serving_rss_mb"]]
            + [f"{row['p50'][c]:.1f} / {row['p99'][c]:.1f}" for c in FILTER_CASES]
            + [q["ann_recall_vs_exact"]["@10"], q["load_before"]]
        )
    print(table(headers, lines))
    band_rows = []
    for size in sizes:
        for case, f in payload[str(size)]["query"]["filters"].items():
            band_rows.append([f"{size:,}", case, f["selectivity"], f["hybrid_ms"]["p50"], f["hybrid_ms"]["p99"],
                              f["bm25_ms"]["p99"], f["dense_ms"]["p99"], f.get("dense_recall@10")])
    print(table(["products", "filter", "share passing", "hybrid p50 ms", "hybrid p99 ms", "BM25 leg p99 ms",
                 "dense leg p99 ms", "dense recall@10 (filtered)"], band_rows))
    for size in sizes:
        b = payload[str(size)]["build"]
        if b.get("calibration"):
            print(f"{size:,}: {b['real_products']:,} real, {b['embedded_variants']:,} variants embedded with the model, "
                  f"{b['synthesized_variants']:,} synthesized; vector agreement {b['calibration']['agreement']}")
    if args.results == "scale" and len(rows) > 1:  # the README's plot: only from a full run
        _plot(rows)
    path = write(args.results, {"variant": args.variant, "sizes": payload, "batch": BATCH, "seed": SEED, "filter_cases": list(FILTER_CASES)})
    print(f"wrote {path}")
    if args.drop_largest:
        shutil.rmtree(SCALE_DIR / str(sizes[-1]), ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in ("build", "query"):
        SCALE_DIR = Path(sys.argv[-1])
    if len(sys.argv) > 1 and sys.argv[1] == "build":
        build(int(sys.argv[2]), int(sys.argv[3]))
    elif len(sys.argv) > 1 and sys.argv[1] == "query":
        query(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
    else:
        main()
