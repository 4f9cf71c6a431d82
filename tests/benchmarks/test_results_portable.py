"""Committed benchmark results name no machine's folders (a checkout path, a home, a scratch dir)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

RESULTS = Path(__file__).resolve().parents[2] / "benchmarks" / "results"
MACHINE_PATH = re.compile(r"(?<![\w.])/(?:work|tmp|home|root|Users|var/folders)/")


def _strings(value: object):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@pytest.mark.parametrize("path", sorted(RESULTS.glob("*.json")), ids=lambda p: p.name)
def test_result_names_no_machine_path(path: Path) -> None:
    found = [s for s in _strings(json.loads(path.read_text())) if MACHINE_PATH.search(s)]
    assert not found, f"{path.name} holds machine paths: {found[:3]}"


def test_the_pattern_catches_a_machine_path() -> None:
    assert MACHINE_PATH.search("/work/main/models/x") and MACHINE_PATH.search("see /tmp/rr/v1")
    assert not MACHINE_PATH.search("models/reranker/v2") and not MACHINE_PATH.search("a/tmp/b")


def test_common_write_relativizes_checkout_paths(tmp_path, monkeypatch) -> None:
    import sys

    sys.path.insert(0, str(RESULTS.parent))
    import common

    monkeypatch.setattr(common, "RESULTS", tmp_path)
    out = common.write("x", {"model": str(common.REPO_ROOT / "models" / "m")})
    assert json.loads(out.read_text())["model"] == "models/m"
