"""The packaged int8 MiniLM (real model, loads offline in about a second) and the fake."""

from __future__ import annotations

import numpy as np
import pytest

from rag.embeddings import build_embedder
from rag.embeddings.fake import FakeEmbedder


@pytest.fixture(scope="session")
def minilm_int8():
    return build_embedder("packaged:minilm-int8", max_tokens=64)


def test_int8_minilm_gives_normalized_vectors_and_sensible_similarity(minilm_int8) -> None:
    docs = minilm_int8.embed_documents(
        ["JBL Flip 5 portable bluetooth speaker", "HP LaserJet toner cartridge black", "wireless speaker"]
    )
    assert docs.shape == (3, 384) and docs.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(docs, axis=1), 1.0, atol=1e-5)
    query = minilm_int8.embed_query("bluetooth speaker")
    sims = docs @ query
    assert sims[0] > sims[1] and sims[2] > sims[1]


def test_batch_order_is_preserved(minilm_int8) -> None:
    texts = ["a much longer text about a gaming laptop with 16 GB of RAM", "mouse", "usb stick 64 GB"]
    together = minilm_int8.embed_documents(texts)
    alone = np.stack([minilm_int8.embed_documents([t])[0] for t in texts])
    np.testing.assert_allclose(together, alone, atol=1e-4)


def test_empty_input(minilm_int8) -> None:
    assert minilm_int8.embed_documents([]).shape[0] == 0


def test_fake_embedder_is_deterministic_and_word_sensitive() -> None:
    a, b = FakeEmbedder(16), FakeEmbedder(16)
    np.testing.assert_array_equal(a.embed_query("red shoes"), b.embed_query("red shoes"))
    v = a.embed_documents(["red shoes", "red running shoes", "blue laptop"])
    assert v[0] @ v[1] > v[0] @ v[2]


def test_bare_onnx_path_needs_a_tokenizer() -> None:
    with pytest.raises(ValueError, match="embedding_tokenizer"):
        build_embedder("/models/x.onnx")


def test_length_buckets_run_in_parallel_and_give_each_text_its_own_vector() -> None:
    """Many small batches on two workers: each text's vector is the one it gets alone
    (padding is masked, so bucketing and parallel batches change nothing)."""
    embedder = build_embedder("packaged:minilm-int8", max_tokens=64, batch_size=2)
    texts = [
        "mouse",
        "a much longer text about a gaming laptop with 16 GB of RAM and a 15.6 inch screen",
        "usb stick 64 GB",
        "HP LaserJet toner cartridge black, 2,300 pages",
        "JBL Flip 5 portable bluetooth speaker",
    ]
    together = embedder.embed_documents(texts)
    alone = np.stack([embedder.embed_documents([t])[0] for t in texts])
    np.testing.assert_allclose(together, alone, atol=1e-6)
