"""Every peer benchmark runs on a fresh clone with ``make bench``: it is in the
target, and every package it imports is a runtime dependency or in the ``bench``
extra (which the target installs)."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PEERS = [*sorted((ROOT / "benchmarks").glob("*peer*.py")), ROOT / "benchmarks" / "langchain_retriever.py"]
#: The project's packages and the benchmark scripts themselves (one may import another's helpers).
LOCAL = {"rag", "personalization", "benchmarks", "tests"} | {p.stem for p in (ROOT / "benchmarks").glob("*.py")}
#: Import names that differ from their distribution's, for environments without the bench extra.
ALIASES = {"Stemmer": "pystemmer"}


def requirement_name(spec: str) -> str:
    return re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0].lower().replace("_", "-")


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found - LOCAL - set(sys.stdlib_module_names)


def test_every_peer_benchmark_is_in_make_bench_and_its_packages_are_declared() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {requirement_name(r) for r in project["dependencies"] + project["optional-dependencies"]["bench"]}
    bench_target = re.search(r"^bench:.*?(?=^\S|\Z)", (ROOT / "Makefile").read_text(), flags=re.M | re.S).group(0)
    assert "BENCH_STAMP" in bench_target  # the target installs the bench extra first
    distributions = packages_distributions()
    assert len(PEERS) >= 3
    for peer in PEERS:
        assert f"benchmarks/{peer.name}" in bench_target, f"make bench does not run {peer.name}"
        for module in imported_modules(peer):
            installed = {d.lower().replace("_", "-") for d in distributions.get(module, [])}
            names = installed or {ALIASES.get(module, module.lower().replace("_", "-"))}
            assert names & declared, f"{peer.name} imports {module} ({names}): not in the dependencies or the bench extra"
