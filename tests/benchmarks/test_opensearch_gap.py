"""benchmarks/opensearch_gap.py: the engine that pairs one engine's lexical leg with another's
dense leg, and the exact top-k the k-NN legs are measured against (the run itself is a benchmark)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))  # the script imports ``common``

from opensearch_gap import SplitEngine, exact_top, recall

from rag.engines.lancedb_engine import LanceDBEngine
from tests.contracts.engine_contract import make_docs


@pytest.fixture
def two_engines(tmp_path, tiny_products, fake_embedder) -> tuple[LanceDBEngine, LanceDBEngine]:
    best = LanceDBEngine(tmp_path / "idx")
    best.upsert(make_docs(tiny_products, fake_embedder))
    best.finalize()
    return best, LanceDBEngine(tmp_path / "idx", lexical_combine="sum")


def test_each_leg_comes_from_its_own_engine(two_engines, tiny_products, fake_embedder) -> None:
    best, summed = two_engines
    split = SplitEngine(summed, best)
    query = tiny_products[2].title
    assert [(h.product_id, h.score) for h in split.lexical(query, 5)] == [
        (h.product_id, h.score) for h in summed.lexical(query, 5)]
    assert split.lexical(query, 1)[0].score != best.lexical(query, 1)[0].score  # not the other engine's leg
    vec = fake_embedder.embed_query(query)
    assert split.vector(vec, 5) == best.vector(vec, 5)
    assert split.fetch([tiny_products[0].id])[tiny_products[0].id] == tiny_products[0]


def test_the_split_engine_refuses_writes(two_engines) -> None:
    split = SplitEngine(*two_engines)
    with pytest.raises(TypeError, match="read-only"):
        split.upsert([])
    with pytest.raises(TypeError, match="read-only"):
        split.delete(["x"])


def test_exact_top_is_the_brute_force_order_and_recall_counts_overlap() -> None:
    rng = np.random.default_rng(3)
    matrix = rng.normal(size=(50, 8)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    ids = [f"p{i:02d}" for i in range(50)]
    query = matrix[7] + 0.1 * matrix[9]
    top = exact_top(matrix, ids, query, 10)
    want = [ids[i] for i in np.argsort(-(matrix @ query), kind="stable")[:10]]
    assert top == want and top[0] == "p07"
    assert exact_top(matrix, ids, query, 500) == [ids[i] for i in np.argsort(-(matrix @ query), kind="stable")]
    assert recall(top[:5] + ["zz"] * 5, top, 10) == 0.5
    assert recall(["a"], [], 10) == 1.0
