"""The synthetic-catalog generator behind benchmarks/scale.py, on the tiny real catalog."""

from __future__ import annotations

import random

import numpy as np
import pytest

from benchmarks.synthetic import CatalogSynthesizer, VectorSynthesizer, jitter_price, mutate_code
from rag.catalog.rows import content_hash


@pytest.fixture(scope="module")
def synth(tiny_products):
    return CatalogSynthesizer(tiny_products, seed=5)


def test_real_products_come_first_unchanged(synth, tiny_products):
    assert [synth.product(i) for i in range(len(tiny_products))] == list(tiny_products)
    assert synth.source_of(3) == 3


def test_variants_are_deterministic_unique_and_valid(synth, tiny_products):
    n = len(tiny_products)
    variants = [synth.product(i) for i in range(n, n + 200)]
    assert variants == [CatalogSynthesizer(tiny_products, seed=5).product(i) for i in range(n, n + 200)]
    assert len({v.id for v in variants}) == 200
    for i, v in zip(range(n, n + 200), variants, strict=True):
        src = tiny_products[synth.source_of(i)]
        assert v.category == src.category
        assert v.model_code != src.model_code
        assert v.content_hash == content_hash(v)
        assert (v.price is None) == (src.price is None)
    # brands come from the source's category
    by_cat = {}
    for p in tiny_products:
        by_cat.setdefault(p.category, set()).add(p.brand)
    assert all(v.brand in by_cat[v.category] for v in variants)


def test_another_seed_gives_another_catalog(synth, tiny_products):
    n = len(tiny_products)
    other = CatalogSynthesizer(tiny_products, seed=6)
    assert [synth.product(i).title for i in range(n, n + 20)] != [other.product(i).title for i in range(n, n + 20)]


def test_mutate_code_keeps_words_and_always_changes():
    rng = random.Random(1)
    for code in ("TL-WN821N", "Address labels 88x35 mm", "Remote Switch Adapter", "09004079"):
        for _ in range(50):
            out = mutate_code(code, rng)
            assert out != code
            # plain words are never rewritten
            for word in code.split():
                if word.isalpha():
                    assert word in out.split()


def test_jitter_price_stays_positive_and_retail_shaped():
    rng = random.Random(2)
    prices = [jitter_price(50.0, rng) for _ in range(500)]
    assert all(p > 0 and round(p * 100) % 100 == 95 for p in prices)
    assert 35 < float(np.median(prices)) < 70
    assert jitter_price(None, rng) is None


def test_vectors_pass_real_ones_through_and_normalize_synthetic():
    rng = np.random.default_rng(0)
    sources = rng.normal(size=(4, 8)).astype(np.float32)
    sources /= np.linalg.norm(sources, axis=1, keepdims=True)
    embedded_variant = np.ones(8, dtype=np.float32) / np.sqrt(8)
    residuals = 0.1 * rng.normal(size=(3, 8)).astype(np.float32)
    vs = VectorSynthesizer(sources, residuals, embedded={5: embedded_variant})
    out = vs.vectors([0, 5, 6, 7], [0, 1, 2, 2])
    assert np.allclose(out[0], sources[0])
    assert np.allclose(out[1], embedded_variant)
    assert np.allclose(np.linalg.norm(out, axis=1), 1.0, atol=1e-5)
    assert np.sum(out[2] * sources[2]) > 0.9  # near its source, not equal to it
    assert np.array_equal(vs.vectors([6], [2]), vs.vectors([6], [2]))


def test_vector_synthesizer_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="dimension"):
        VectorSynthesizer(np.zeros((2, 8)), np.zeros((2, 4)))
