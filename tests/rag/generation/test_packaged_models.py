"""Packaged GGUF models: parts assembled in order, checked against a sha256, nothing downloaded."""

from __future__ import annotations

import hashlib
import sys

import pytest

from rag.generation.llm import packaged
from rag.generation.llm.packaged import ModelUnavailable, PackagedModel, resolve_gguf


@pytest.fixture
def parts(tmp_path, monkeypatch):
    """Three importable part packages, each with one data/partNN.bin."""
    root = tmp_path / "site"
    blobs = [b"GGUF" + bytes(range(50)), b"middle" * 10, b"end"]
    for i, blob in enumerate(blobs, start=1):
        pkg = root / f"fakepart{i}"
        (pkg / "data").mkdir(parents=True)
        (pkg / "__init__.py").write_text("")
        (pkg / "data" / f"part{i:02d}.bin").write_bytes(blob)
    monkeypatch.syspath_prepend(str(root))
    for i in range(1, 4):
        sys.modules.pop(f"fakepart{i}", None)
    whole = b"".join(blobs)
    model = PackagedModel("fake-1b", "fake.gguf", hashlib.sha256(whole).hexdigest(), parts=("fakepart1", "fakepart2", "fakepart3"))
    monkeypatch.setitem(packaged.PACKAGED, "fake-1b", model)
    return model, whole


def test_parts_are_concatenated_in_order_and_verified(parts, tmp_path) -> None:
    _model, whole = parts
    path = resolve_gguf("packaged:fake-1b", tmp_path / "models")
    assert path.read_bytes() == whole
    assert resolve_gguf("packaged:fake-1b", tmp_path / "models") == path  # second call reuses it


def test_a_wrong_checksum_leaves_no_model_behind(parts, tmp_path, monkeypatch) -> None:
    model, _ = parts
    monkeypatch.setitem(packaged.PACKAGED, "fake-1b", PackagedModel(model.name, model.filename, "0" * 64, parts=model.parts))
    with pytest.raises(ModelUnavailable, match="sha256"):
        resolve_gguf("packaged:fake-1b", tmp_path / "models")
    assert not list((tmp_path / "models").iterdir())


def test_a_corrupted_model_file_is_refused(parts, tmp_path) -> None:
    path = resolve_gguf("packaged:fake-1b", tmp_path / "models")
    path.write_bytes(b"GGUF tampered")
    with pytest.raises(ModelUnavailable, match="corrupt"):
        resolve_gguf("packaged:fake-1b", tmp_path / "models")


def test_missing_parts_and_unknown_names_say_what_to_do(tmp_path, monkeypatch) -> None:
    monkeypatch.setitem(packaged.PACKAGED, "ghost", PackagedModel("ghost", "g.gguf", "0" * 64, parts=("no_such_part_pkg",), install_hint="pip install ghost"))
    with pytest.raises(ModelUnavailable, match="pip install ghost"):
        resolve_gguf("packaged:ghost", tmp_path)
    with pytest.raises(ModelUnavailable, match="choose one of"):
        resolve_gguf("packaged:nope", tmp_path)
    with pytest.raises(ModelUnavailable, match="does not exist"):
        resolve_gguf(str(tmp_path / "missing.gguf"), tmp_path)


def test_a_plain_path_is_used_as_is(tmp_path) -> None:
    path = tmp_path / "my.gguf"
    path.write_bytes(b"GGUF")
    assert resolve_gguf(str(path), tmp_path) == path
