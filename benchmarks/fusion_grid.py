"""The fusion grid behind the README's default (RRF k and per-leg weights, linear fusion).

Run: ``.venv/bin/python benchmarks/fusion_grid.py`` (needs the app's index; about a minute).
Query embeddings are cached (the app's LRU) so only fusion changes between rows.
"""

from __future__ import annotations

from common import table, write

from rag.evaluation import load_judgments
from rag.evaluation.runner import evaluate_mode, retrieval_runner
from rag.retrieval import FusionConfig, HybridRetriever, RetrievalMode
from rag.settings import Normalization, get_settings
from rag.wiring import build_search_services, ensure_index


def main() -> None:
    # Quality only: the default query-embedding cache embeds each dev query
    # once for the whole grid.
    settings = get_settings()
    ensure_index(settings)
    services = build_search_services(settings)
    judgments = load_judgments(settings.judgments_path)
    embedder = services.embedder
    grid: list[tuple[str, RetrievalMode, FusionConfig]] = [
        ("bm25", RetrievalMode.BM25, FusionConfig()),
        ("dense", RetrievalMode.DENSE, FusionConfig()),
    ]
    for dense in (1.0, 1.3, 1.6, 2.0):
        for k in (20, 60):
            grid.append((f"rrf k={k} dense={dense}", RetrievalMode.HYBRID_RRF, FusionConfig(k, {"bm25": 1.0, "dense": dense})))
    for dense in (1.0, 1.5, 2.0):
        for norm in Normalization:
            grid.append((f"linear {norm.value} dense={dense}", RetrievalMode.HYBRID_LINEAR, FusionConfig(60, {"bm25": 1.0, "dense": dense}, norm)))
    rows, payload = [], {}
    for name, mode, fusion in grid:
        retriever = HybridRetriever(services.engine, embedder, candidates_per_leg=settings.candidates_per_leg, fusion=fusion)
        report = evaluate_mode(name, retrieval_runner(retriever, mode), judgments, warmup=0)
        m = report.metrics
        rows.append([name, m["ndcg@10"], m["ndcg@10_condensed"], m["mrr"], m["hit@5"], m["recall@100"], m["judged@10"]])
        payload[name] = dict(m)
        print(f"{name}: {m['ndcg@10']:.3f} / {m['ndcg@10_condensed']:.3f}", flush=True)
    print(table(["setting", "NDCG@10", "condensed", "MRR", "Hit@5", "Recall@100", "judged@10"], [[r[0]] + [round(v, 3) for v in r[1:]] for r in rows]))
    print(f"wrote {write('fusion_grid', {'grid': payload})}")


if __name__ == "__main__":
    main()
