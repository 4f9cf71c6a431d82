"""What the embedded engine's side indexes (the bm25s leg, the FAISS dense leg) share on disk.

Each is a folder in the index dir holding a ``meta.json`` with its format and the
``products`` table version it was built from. It is written to a temporary folder
and then swapped in, so a reader never sees half an index.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path


def building_folder(directory: Path) -> Path:
    """An empty temporary folder beside ``directory`` to build the next index in."""
    tmp = directory.with_name(directory.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    return tmp


def swap_in(tmp: Path, directory: Path) -> None:
    """Replace ``directory`` with the finished ``tmp`` (the old one moved aside, then removed)."""
    old = directory.with_name(directory.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if directory.exists():
        directory.rename(old)
    tmp.rename(directory)
    shutil.rmtree(old, ignore_errors=True)


def stored_version(directory: Path, fmt: int) -> int | None:
    """The table version the index in ``directory`` was built from; None when missing, unreadable or of another format."""
    try:
        meta = json.loads((directory / "meta.json").read_text())
    except (FileNotFoundError, ValueError):
        return None
    return int(meta["version"]) if meta.get("format") == fmt else None
