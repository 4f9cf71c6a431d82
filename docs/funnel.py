"""Draw the funnel (assets/funnel.png and assets/funnel.svg) from the code.

Run: ``python docs/funnel.py`` (needs Graphviz's ``dot``: ``apt-get install graphviz``).

The steps and their order are read from the chain itself: ``build_chain`` is
built over a probe and LangChain's ``get_graph()`` lists its nodes. Each step
is labelled with the folders that implement it (``FOLDERS`` below, checked to
exist), and the side paths (the store personalization reads, the trace every
step writes) are drawn beside the main line.
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rag.chain.chain import build_chain  # noqa: E402 - after the path above

#: Which folders implement each step of the chain (what the README's folder table says).
FOLDERS: dict[str, tuple[str, str]] = {
    "guard": ("rag/guardrails/", "scope, prompt injection, redaction"),
    "understand": ("rag/conversation/ + rag/understanding/", "follow-ups; constraints become filters"),
    "retrieve": ("rag/retrieval/ + rag/fusion/ + rag/engines/", "BM25 and dense legs on 1..N engines, fused per product"),
    "hyde": ("rag/understanding/hyde.py", "hypothetical product as a third leg (gated)"),
    "rerank": ("rag/rerank/", "cross-encoder on the top 30 (policy-gated)"),
    "personalize": ("personalization/", "profile boosts, bounded, with MMR"),
    "plan": ("rag/generation/relevance.py, clarify.py", "answer, closest matches, clarify or abstain"),
    "answer": ("rag/generation/", "LLM or extractive, [n] citations, facts checked"),
}


class _Probe:
    """Stands in for ``Steps``: every attribute is a step that passes its input through."""

    def __getattr__(self, name: str):
        def step(items):
            yield from items

        step.__name__ = name
        return step


def chain_steps() -> list[str]:
    graph = build_chain(_Probe()).get_graph()
    names = [node.name for node in graph.nodes.values()]
    return [n for n in names if not n.endswith(("_input", "_output"))]


def dot_source(steps: list[str]) -> str:
    unknown = [s for s in steps if s not in FOLDERS]
    if unknown:
        raise SystemExit(f"no folder for chain step(s) {unknown}: add them to FOLDERS")
    for folders, _ in FOLDERS.values():
        for part in folders.replace(",", " + ").split(" + "):
            path = part.strip().split()[0]
            if "/" in path and not (ROOT / path).exists() and not (ROOT / "rag/generation" / path).exists():
                raise SystemExit(f"{path} does not exist: update FOLDERS")
    lines = [
        "digraph funnel {",
        '  graph [rankdir=TB, bgcolor="white", pad=0.3, nodesep=0.6, ranksep=0.22, fontname="Helvetica"];',
        '  node [shape=box, style="rounded,filled", fillcolor="#eef4fb", color="#4a78b5", fontname="Helvetica", fontsize=11, width=4.2];',
        '  edge [color="#4a78b5", arrowsize=0.7];',
        '  message [label="shopper message\\n(+ history)", shape=note, fillcolor="#fff7e0", color="#b58a2a"];',
        '  ui [label="streamed to the UI / API\\nwith cards and citations", shape=note, fillcolor="#fff7e0", color="#b58a2a"];',
    ]
    for step in steps:
        folders, what = FOLDERS[step]
        lines.append(f'  {step} [label=<<b>{step}</b><br/><font point-size="9">{what}</font>'
                     f'<br/><font point-size="9" color="#555555">{folders}</font>>];')
    chain = ["message", *steps, "ui"]
    lines += [f"  {a} -> {b};" for a, b in itertools.pairwise(chain)]
    lines += [
        '  store [label="interaction store\\n(SQLAlchemy)", shape=cylinder, fillcolor="#f1f1f1", color="#777777"];',
        '  trace [label="one Trace per turn\\n(rag/chain/trace.py)", shape=note, fillcolor="#f1f1f1", color="#777777"];',
        '  store -> personalize [style=dashed, color="#777777"];',
        '  answer -> trace [style=dashed, color="#777777", label=" ranking log,\\n feedback, eval", fontsize=9];',
        '  trace -> store [style=dashed, color="#777777"];',
        "  { rank=same; personalize; store; }",
        "  { rank=same; ui; trace; }",
        "}",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    dot = shutil.which("dot")
    if dot is None:
        raise SystemExit("Graphviz's dot is not installed (apt-get install graphviz)")
    source = dot_source(chain_steps())
    for fmt in ("svg", "png"):
        out = ROOT / "assets" / f"funnel.{fmt}"
        extra = ["-Gdpi=110"] if fmt == "png" else []
        subprocess.run([dot, f"-T{fmt}", *extra, "-o", str(out)], input=source, text=True, check=True)
        print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
