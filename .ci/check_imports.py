"""Import hygiene figures that CI keeps at zero.

Reads every Python file's imports with ``ast`` (imports inside functions and
``if TYPE_CHECKING:`` blocks included, unlike a runtime trace) and reports:

- import cycles among the project's modules (``rag``, ``personalization``,
  ``app``): strongly connected components of the module graph with more than
  one module;
- cross-module imports of private names: ``from m import _x`` (or a private
  module ``m._x``) from outside the module or package that owns ``_x``, in
  the packages, tests and benchmarks;
- imports of ``app.py`` (a thin script that nothing imports);
- ``model_copy(update=`` calls (settings change only through
  ``Settings.with_overrides``, which re-validates the whole object);
- the largest package module, in lines (limit: under 500).

``python .ci/check_imports.py`` prints the figures and exits 1 when any is
over its limit; ``--verbose`` lists every offender. import-linter (run by
``make test``) checks the layer directions; this script adds what it cannot:
function-level cycles, private names, settings copies and module size.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("rag", "personalization")
SCANNED = (*PACKAGES, "tests", "benchmarks")
MAX_MODULE_LINES = 500
MODEL_COPY = re.compile(r"model_copy\(\s*update\s*=")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def python_files() -> dict[str, Path]:
    files = {"app": ROOT / "app.py"}
    for top in SCANNED:
        for path in sorted((ROOT / top).rglob("*.py")):
            files[module_name(path)] = path
    return files


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def resolve(importer: str, is_package: bool, level: int, module: str | None) -> str:
    """The absolute module a (possibly relative) import names."""
    if level == 0:
        return module or ""
    base = importer.split(".") if is_package else importer.split(".")[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, module] if module else base)


def imports_of(name: str, path: Path, modules: set[str]) -> list[tuple[str, str | None, int]]:
    """(module, imported name or None, line) for every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    found: list[tuple[str, str | None, int]] = []
    top = name.split(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append((alias.name, None, node.lineno))
        elif isinstance(node, ast.ImportFrom):
            target = resolve(name, is_package, node.level, node.module)
            if node.level == 0 and top == "benchmarks" and f"benchmarks.{target}" in modules:
                target = f"benchmarks.{target}"  # the scripts run with benchmarks/ on sys.path
            for alias in node.names:
                found.append((target, alias.name, node.lineno))
    return found


def owner_allows(importer: str, owner: str) -> bool:
    """A private name may be used by its own module and, for a package, the modules inside it."""
    return importer == owner or importer.startswith(owner + ".")


def analyse() -> dict[str, list[str]]:
    files = python_files()
    modules = set(files)
    graph: dict[str, set[str]] = {m: set() for m in modules if m.split(".")[0] in (*PACKAGES, "app")}
    private: list[str] = []
    app_importers: list[str] = []
    for name, path in files.items():
        for target, imported, line in imports_of(name, path, modules):
            where = f"{path.relative_to(ROOT)}:{line}"
            full = f"{target}.{imported}" if imported else target
            # edges: to the submodule when a name is one, else to the module
            dest = full if full in modules else target
            if name in graph and dest in graph and dest != name:
                graph[name].add(dest)
            if target == "app" or full == "app":
                app_importers.append(f"{where}: {full}")
            # private names along the imported path
            parts = full.split(".")
            for i, part in enumerate(parts):
                if is_private(part):
                    owner = ".".join(parts[:i])
                    if owner and not owner_allows(name, owner):
                        private.append(f"{where}: {full}")
                    break
    cycles = [sorted(c) for c in strongly_connected(graph) if len(c) > 1]
    copies = []
    for path in files.values():
        source = path.read_text(encoding="utf-8")
        # over the whole text: a call split over lines (``model_copy(\n    update=``) counts too
        for match in MODEL_COPY.finditer(source):
            line = source.count("\n", 0, match.start()) + 1
            if "MODEL_COPY" not in source.splitlines()[line - 1]:
                copies.append(f"{path.relative_to(ROOT)}:{line}")
    sizes = sorted(
        ((len(p.read_text(encoding="utf-8").splitlines()), str(p.relative_to(ROOT)))
         for m, p in files.items() if m.split(".")[0] in PACKAGES),
        reverse=True,
    )
    return {
        "cycles": [" <-> ".join(c) for c in cycles],
        "private": private,
        "app_importers": app_importers,
        "model_copy": copies,
        "largest": [f"{n} {p}" for n, p in sizes[:5]],
        "_largest_n": [str(sizes[0][0])],
    }


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (the graph is a few hundred modules)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                result.append(component)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", "-v", action="store_true", help="list every offender")
    parser.add_argument("--root", type=Path, help="another checkout to measure (default: this one)")
    args = parser.parse_args()
    if args.root is not None:
        global ROOT
        ROOT = args.root.resolve()
    found = analyse()
    largest = int(found["_largest_n"][0])
    in_cycles = sum(len(c.split(" <-> ")) for c in found["cycles"])
    rows = [
        ("import cycles", len(found["cycles"]), f"{in_cycles} modules", 0),
        ("private cross-module imports", len(found["private"]), "", 0),
        ("model_copy(update=...)", len(found["model_copy"]), "", 0),
        ("imports of app.py", len(found["app_importers"]), "a thin script nothing imports", 0),
        ("largest package module (lines)", largest, found["largest"][0].split()[1], MAX_MODULE_LINES - 1),
    ]
    failed = False
    for label, value, note, limit in rows:
        ok = value <= limit
        failed |= not ok
        print(f"{label:32} {value:>5}  {'ok' if ok else 'OVER'}  {note}")
    if args.verbose or failed:
        for key in ("cycles", "private", "app_importers", "model_copy", "largest"):
            for item in found[key]:
                print(f"  {key}: {item}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
