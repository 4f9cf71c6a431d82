"""The layering figures CI keeps (.ci/check_imports.py; import-linter checks the directions)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _checker():
    spec = importlib.util.spec_from_file_location("check_imports", ROOT / ".ci" / "check_imports.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_import_cycles_among_the_project_modules() -> None:
    assert _checker().analyse()["cycles"] == []


def test_settings_change_only_through_with_overrides() -> None:
    assert _checker().analyse()["model_copy"] == []


def test_the_checker_sees_a_cycle_and_a_private_import(tmp_path: Path) -> None:
    checker = _checker()
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    cycles = [sorted(c) for c in checker.strongly_connected(graph) if len(c) > 1]
    assert cycles == [["a", "b", "c"]]
    assert not checker.owner_allows("rag.api.app", "rag.cli")
    assert checker.owner_allows("rag.fusion.linear", "rag.fusion")
