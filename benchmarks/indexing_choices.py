"""The "What gets indexed" tables: embedded-text recipes and BM25 field boosts.

Run: ``.venv/bin/python benchmarks/indexing_choices.py [--skip-dense]``.
The dense part embeds the full catalog once per recipe (about 10 minutes on
2 cores in all) and scores with exact cosine in numpy, so it measures the
text, not the index. The BM25 part re-queries the app's index with each
boost setting.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np
from common import table, write

from rag.catalog import load_catalog
from rag.engines import LanceDBEngine
from rag.evaluation import evaluate_run, load_judgments
from rag.indexing.documents import DocumentBuilder
from rag.records import Product
from rag.retrieval import HybridRetriever, RetrievalMode
from rag.settings import get_settings
from rag.wiring import ensure_index, make_embedder


def _windows(product: Product, builder: DocumentBuilder, max_words: int, max_chunks: int) -> list[str]:
    return builder.chunks(product, max_words=max_words, max_chunks=max_chunks)


def dense_part(settings, judgments) -> list[list[object]]:
    products = load_catalog(settings.catalog_path).products
    embedder = make_embedder(settings)
    queries = list(judgments.queries)
    q = embedder.embed_queries(queries)
    ids = [p.id for p in products]
    with_attrs = DocumentBuilder(embed_attributes=True)
    recipes: dict[str, Callable[[Product], list[str]]] = {
        "title + description (default)": lambda p: [DocumentBuilder().embedded_text(p)],
        "title + category + description": lambda p: [DocumentBuilder(embed_category=True).embedded_text(p)],
        "category first, then title + description": lambda p: [f"{p.category or ''}: {p.title}. {p.description}"],
        "title only": lambda p: [p.title],
        "title + description + attributes, 1 window of 96 words": lambda p: _windows(p, with_attrs, 96, 1),
        "title + description + attributes, up to 3 windows": lambda p: _windows(p, with_attrs, 96, 3),
    }
    rows = []
    for name, recipe in recipes.items():
        texts, owner = [], []
        for i, product in enumerate(products):
            for text in recipe(product):
                texts.append(text)
                owner.append(i)
        t0 = time.perf_counter()
        vectors = embedder.embed_documents(texts)
        seconds = time.perf_counter() - t0
        sims = q @ vectors.T
        run = {}
        owners = np.asarray(owner)
        for qi, query in enumerate(queries):
            best = np.full(len(products), -np.inf)
            np.maximum.at(best, owners, sims[qi])  # best window per product
            run[query] = [ids[i] for i in np.argsort(-best)[:100]]
        m = evaluate_run(run, judgments)
        rows.append([name, round(m["ndcg@10"], 3), round(m["ndcg@10_condensed"], 3), len(texts), round(seconds)])
        print(rows[-1], flush=True)
    return rows


def bm25_part(settings, judgments) -> list[list[object]]:
    ensure_index(settings)
    variants = {
        "four fields, equal boosts (default)": {"title": 1, "brand": 1, "category": 1, "body": 1},
        "without the category field": {"title": 1, "brand": 1, "category": 0, "body": 1},
        "title boosted 2x": {"title": 2, "brand": 1, "category": 1, "body": 1},
        "title 2, brand 1, category 1.5, body 1": {"title": 2, "brand": 1, "category": 1.5, "body": 1},
    }
    rows = []
    for name, boosts in variants.items():
        engine = LanceDBEngine(settings.index_dir, lexical_boosts=boosts)
        retriever = HybridRetriever(engine, make_embedder(settings))
        run = {q: [h.product_id for h in retriever.retrieve(q, k=100, mode=RetrievalMode.BM25).hits] for q in judgments.queries}
        m = evaluate_run(run, judgments)
        rows.append([name, round(m["ndcg@10"], 3), round(m["ndcg@10_condensed"], 3), round(m["recall@100"], 3)])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-dense", action="store_true", help="only the BM25 table (fast)")
    args = parser.parse_args()
    settings = get_settings()
    judgments = load_judgments(settings.judgments_path)
    bm25 = bm25_part(settings, judgments)
    print(table(["BM25 variant", "NDCG@10", "condensed", "Recall@100"], bm25))
    dense = [] if args.skip_dense else dense_part(settings, judgments)
    if dense:
        print(table(["embedded text", "NDCG@10", "condensed", "texts", "embed s"], dense))
    print(f"wrote {write('indexing_choices', {'bm25': bm25, 'dense': dense})}")


if __name__ == "__main__":
    main()
