"""The FAISS index behind the filtered dense leg on large tables: exact enough, filter-true, saved by version."""

from __future__ import annotations

import numpy as np
import pytest

from rag.engines.filtered_vectors import FilteredVectors, list_count


def _unit(rows: int, dim: int, seed: int) -> np.ndarray:
    x = np.random.default_rng(seed).standard_normal((rows, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def _exact(vectors: np.ndarray, rows: np.ndarray, query: np.ndarray, passing: np.ndarray, k: int) -> list[int]:
    best: dict[int, float] = {}
    for chunk, row in enumerate(rows):
        if passing[row]:
            best[int(row)] = max(best.get(int(row), -2.0), float(vectors[chunk] @ query))
    return [r for r, _ in sorted(best.items(), key=lambda item: (-item[1], item[0]))[:k]]


@pytest.fixture
def built(tmp_path):
    vectors = _unit(3000, 32, 0)
    rows = np.arange(3000)
    return FilteredVectors.build(tmp_path / "ivf", vectors, rows, 3000, version=7), vectors, rows


def test_every_result_passes_the_filter_and_narrow_filters_are_exact(built):
    index, vectors, rows = built
    passing = np.zeros(3000, dtype=bool)
    passing[::50] = True  # 60 rows: every list is probed
    for seed in range(5):
        query = _unit(1, 32, 100 + seed)[0]
        found = index.search(query, 10, passing)
        assert all(passing[r] for r, _ in found)
        assert [r for r, _ in found] == _exact(vectors, rows, query, passing, 10)
        scores = [s for _, s in found]
        assert scores == sorted(scores, reverse=True)
        assert np.allclose(scores, [vectors[r] @ query for r, _ in found], atol=2e-3)


def test_a_broad_filter_probes_fewer_lists_and_still_finds_most_of_the_exact_top_10(built):
    index, vectors, rows = built
    passing = np.random.default_rng(1).random(3000) < 0.6
    assert index.probes(int(passing.sum())) <= index.probes(60)
    overlap = []
    for seed in range(10):
        query = _unit(1, 32, 200 + seed)[0]
        found = [r for r, _ in index.search(query, 10, passing)]
        assert all(passing[r] for r in found)
        overlap.append(len(set(found) & set(_exact(vectors, rows, query, passing, 10))) / 10)
    assert np.mean(overlap) >= 0.9


def test_a_filter_nothing_passes_finds_nothing(built):
    index, _, _ = built
    assert index.search(_unit(1, 32, 3)[0], 10, np.zeros(3000, dtype=bool)) == []


def test_several_chunks_per_product_count_the_product_once_by_its_best_chunk(tmp_path):
    vectors = _unit(600, 16, 4)
    rows = np.repeat(np.arange(200), 3)  # three chunks per product
    index = FilteredVectors.build(tmp_path / "ivf", vectors, rows, 200, version=1)
    passing = np.ones(200, dtype=bool)
    query = _unit(1, 16, 5)[0]
    found = index.search(query, 20, passing)
    assert len({r for r, _ in found}) == len(found) == 20
    assert [r for r, _ in found] == _exact(vectors, rows, query, passing, 20)


def test_saved_with_its_version_and_loaded_back(built, tmp_path):
    index, _vectors, _rows = built
    assert FilteredVectors.stored_version(tmp_path / "ivf") == 7
    assert FilteredVectors.stored_version(tmp_path / "missing") is None
    again = FilteredVectors.load(tmp_path / "ivf")
    query = _unit(1, 32, 9)[0]
    passing = np.ones(3000, dtype=bool)
    assert again.search(query, 5, passing) == index.search(query, 5, passing)


def test_about_as_many_lists_as_rows_per_list():
    assert list_count(1) == 1
    assert list_count(1_000_000) == 1000


def test_one_chunk_per_product_in_another_order_is_indexed_by_product_row(tmp_path):
    vectors = _unit(500, 16, 6)
    rows = np.random.default_rng(7).permutation(500)  # the chunks table's order is not the products'
    index = FilteredVectors.build(tmp_path / "ivf", vectors, rows, 500, version=2)
    assert not (tmp_path / "ivf" / "chunk_rows.npy").exists()  # ids are the product rows themselves
    passing = np.random.default_rng(8).random(500) < 0.3
    query = _unit(1, 16, 9)[0]
    found = index.search(query, 10, passing)
    assert [r for r, _ in found] == _exact(vectors, rows, query, passing, 10)
    by_row = {int(r): vectors[i] for i, r in enumerate(rows)}
    assert np.allclose([s for _, s in found], [by_row[r] @ query for r, _ in found], atol=2e-3)
    assert index.search(query, 3, None) == index.search(query, 3, np.ones(500, dtype=bool))


def test_building_loading_and_searching_leave_torch_threads_alone(tmp_path):
    """FAISS and torch share one OpenMP runtime in the process: the index must not change the reranker's threads."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        vectors = _unit(300, 16, 12)
        FilteredVectors.build(tmp_path / "ivf", vectors, np.arange(300), 300, version=1)
        FilteredVectors.load(tmp_path / "ivf").search(_unit(1, 16, 13)[0], 5, np.ones(300, dtype=bool))
        assert torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(before)
