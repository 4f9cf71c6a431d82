"""Read raw catalog rows from disk, without judging them.

A catalog path is a directory (every ``*.json.zip``, ``*.json`` and
``*.jsonl`` in it, sorted by name, not recursive) or a single such file. A
``.json`` file (or the ``.json`` inside a zip) holds one JSON list of rows; a
``.jsonl`` file holds one row per line. Parsing problems never stop the
stream: they come out as rows carrying an ``error`` so the loader can count
and show them next to the good rows, in file order.
"""

from __future__ import annotations

import hashlib
import json
import logging
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

SUFFIXES: tuple[str, ...] = (".json.zip", ".json", ".jsonl")


@dataclass(frozen=True, slots=True)
class RawRow:
    """One element of a catalog file, or one file or line that could not be read.

    ``row_number`` is 1-based within ``source`` (the file name, plus
    ``:member`` for a zip holding several files); it is 0 for a whole-file
    problem. ``value`` is the parsed JSON value, which need not be an object.
    ``error`` is set when nothing usable could be parsed.
    """

    source: str
    row_number: int
    value: object = None
    error: str | None = None

    @property
    def is_file_error(self) -> bool:
        """The whole file was unreadable (``row_number`` is 0)."""
        return self.error is not None and self.row_number == 0


def _suffix(path: Path) -> str | None:
    name = path.name.lower()
    return next((s for s in SUFFIXES if name.endswith(s)), None)


def catalog_files(path: str | Path) -> tuple[Path, ...]:
    """The catalog files under ``path``, in reading order.

    Raises ``FileNotFoundError`` for a missing path and ``ValueError`` for a
    file that is not a catalog file: both are configuration mistakes, not bad
    data.
    """
    root = Path(path)
    if not root.exists():
        raise FileNotFoundError(f"catalog path {str(root)!r} does not exist")
    if root.is_dir():
        return tuple(sorted((p for p in root.iterdir() if p.is_file() and _suffix(p)),
                            key=lambda p: p.name))
    if _suffix(root) is None:
        raise ValueError(
            f"catalog file {root.name!r} is not one of {', '.join('*' + s for s in SUFFIXES)}; "
            "pass a directory or a file with one of these suffixes"
        )
    return (root,)


def _rows_from_json(source: str, text: str) -> Iterator[RawRow]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        yield RawRow(source, 0, error=f"invalid JSON: {exc}")
        return
    if not isinstance(value, list):
        yield RawRow(source, 0, error=f"top level is a JSON {type(value).__name__}, "
                                      "expected a list of product objects")
        return
    for number, item in enumerate(value, start=1):
        yield RawRow(source, number, item)


def _rows_from_jsonl(source: str, text: str) -> Iterator[RawRow]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield RawRow(source, number, json.loads(line))
        except json.JSONDecodeError as exc:
            yield RawRow(source, number, error=f"invalid JSON line: {exc}")


def _rows_from_text(source: str, kind: str, data: bytes) -> Iterator[RawRow]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield RawRow(source, 0, error=f"not UTF-8 text: {exc}")
        return
    reader = _rows_from_jsonl if kind == ".jsonl" else _rows_from_json
    yield from reader(source, text)


def _rows_from_zip(path: Path) -> Iterator[RawRow]:
    try:
        with zipfile.ZipFile(path) as archive:
            members = sorted(
                info.filename for info in archive.infolist()
                if not info.is_dir() and _suffix(Path(info.filename)) in (".json", ".jsonl")
            )
            if not members:
                yield RawRow(path.name, 0, error="zip holds no .json or .jsonl file")
                return
            payloads = [(m, archive.read(m)) for m in members]
    except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
        # RuntimeError: encrypted members.
        yield RawRow(path.name, 0, error=f"unreadable zip: {exc}")
        return
    for member, data in payloads:
        source = path.name if len(payloads) == 1 else f"{path.name}:{member}"
        yield from _rows_from_text(source, _suffix(Path(member)) or ".json", data)


def _rows_from_file(path: Path) -> Iterator[RawRow]:
    kind = _suffix(path)
    if kind == ".json.zip":
        yield from _rows_from_zip(path)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield RawRow(path.name, 0, error=f"unreadable file: {exc}")
        return
    yield from _rows_from_text(path.name, kind or ".json", data)


def iter_raw_rows(path: str | Path) -> Iterator[RawRow]:
    """Every row of the catalog at ``path``, in file order, problems included.

    Rows are yielded as parsed, one file at a time, so memory holds one file.
    """
    for file in catalog_files(path):
        for row in _rows_from_file(file):
            if row.error is not None:
                logger.warning("catalog %s row %d: %s", row.source, row.row_number, row.error)
            yield row


def catalog_fingerprint(path: str | Path) -> str:
    """A sha256 (hex) over the catalog files' names and bytes.

    Any added, removed, renamed or edited catalog file changes it; files that
    are not catalog files (a LICENSE, judgments) do not. Used to key caches
    built from a catalog (e.g. a search index).
    """
    digest = hashlib.sha256()
    for file in catalog_files(path):
        # Length-prefixed name and size, so that no two file lists hash alike.
        name = file.name.encode("utf-8")
        digest.update(len(name).to_bytes(8, "big"))
        digest.update(name)
        digest.update(file.stat().st_size.to_bytes(8, "big"))
        with file.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    return digest.hexdigest()
