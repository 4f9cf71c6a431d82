"""iter_raw_rows and catalog_fingerprint on small files under tmp_path."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from rag.catalog import RawRow, catalog_fingerprint, iter_raw_rows

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def rows() -> list[dict[str, object]]:
    return json.loads((DATA / "products.json").read_text(encoding="utf-8"))[:4]


def _zip(path: Path, member: str, payload: object) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, json.dumps(payload))
    return path


def _jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_json_zip(tmp_path: Path, rows: list[dict[str, object]]) -> None:
    path = _zip(tmp_path / "1.json.zip", "1.json", rows)
    got = list(iter_raw_rows(path))
    assert [r.value for r in got] == rows
    assert [(r.source, r.row_number) for r in got] == [("1.json.zip", n) for n in range(1, 5)]
    assert all(r.error is None for r in got)


def test_jsonl_with_a_bad_line_and_a_non_object(tmp_path: Path, rows: list[dict[str, object]]) -> None:
    path = _jsonl(tmp_path / "c.jsonl", [json.dumps(rows[0]), "{not json", "", "42", json.dumps(rows[1])])
    got = list(iter_raw_rows(path))
    assert [r.row_number for r in got] == [1, 2, 4, 5]  # blank line 3 is not a row
    assert got[0].value == rows[0] and got[3].value == rows[1]
    assert got[1].error is not None and not got[1].is_file_error
    assert got[2].value == 42 and got[2].error is None  # judged later, by the loader


def test_directory_reads_catalog_files_sorted_by_name(tmp_path: Path, rows: list[dict[str, object]]) -> None:
    _jsonl(tmp_path / "c.jsonl", [json.dumps(rows[3])])
    (tmp_path / "b.json").write_text(json.dumps(rows[2:3]), encoding="utf-8")
    _zip(tmp_path / "a.json.zip", "a.json", rows[:2])
    (tmp_path / "LICENSE").write_text("not a catalog", encoding="utf-8")
    (tmp_path / "judgments.csv").write_text("a,b\n", encoding="utf-8")
    got = list(iter_raw_rows(tmp_path))
    assert [r.source for r in got] == ["a.json.zip", "a.json.zip", "b.json", "c.jsonl"]
    assert [r.value for r in got] == rows


def test_unreadable_files_are_reported_not_fatal(tmp_path: Path, rows: list[dict[str, object]]) -> None:
    (tmp_path / "1.json").write_text("[{\"id\": \"1\",", encoding="utf-8")  # truncated
    (tmp_path / "2.json.zip").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "3.json").write_text(json.dumps({"id": "1"}), encoding="utf-8")  # not a list
    (tmp_path / "4.json").write_bytes(b"\xff\xfe\x00garbage")
    (tmp_path / "5.json").write_text(json.dumps(rows[:1]), encoding="utf-8")
    got = list(iter_raw_rows(tmp_path))
    errors = [r for r in got if r.is_file_error]
    assert [r.source for r in errors] == ["1.json", "2.json.zip", "3.json", "4.json"]
    assert all(r.row_number == 0 and r.error for r in errors)
    assert got[-1] == RawRow("5.json", 1, rows[0])


def test_missing_path_and_wrong_suffix_raise(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        list(iter_raw_rows(tmp_path / "missing"))
    other = tmp_path / "catalog.csv"
    other.write_text("id\n1\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"\*\.json"):
        list(iter_raw_rows(other))


def test_fingerprint_tracks_catalog_files_only(tmp_path: Path, rows: list[dict[str, object]]) -> None:
    _zip(tmp_path / "1.json.zip", "1.json", rows[:2])
    (tmp_path / "2.json").write_text(json.dumps(rows[2:]), encoding="utf-8")
    first = catalog_fingerprint(tmp_path)
    assert len(first) == 64 and first == catalog_fingerprint(tmp_path)

    (tmp_path / "README.txt").write_text("unrelated", encoding="utf-8")
    assert catalog_fingerprint(tmp_path) == first

    (tmp_path / "2.json").write_text(json.dumps(rows[2:3]), encoding="utf-8")
    edited = catalog_fingerprint(tmp_path)
    assert edited != first

    (tmp_path / "2.json").rename(tmp_path / "3.json")
    assert catalog_fingerprint(tmp_path) != edited


def test_fingerprint_of_a_single_file(tmp_path: Path, rows: list[dict[str, object]]) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    assert catalog_fingerprint(path) != catalog_fingerprint(DATA / "products.json")
