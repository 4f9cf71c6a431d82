"""LanceDB imported from many threads at once, as a server's warm-up and its first request do."""

from __future__ import annotations

import subprocess
import sys


def test_lancedb_imports_once_from_many_threads_in_a_fresh_interpreter() -> None:
    code = """
import threading
from rag.engines.lancedb_import import lancedb_module
got, errors = [], []
def load():
    try:
        got.append(lancedb_module())
    except Exception as exc:
        errors.append(repr(exc))
threads = [threading.Thread(target=load) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
assert not errors, errors
assert len({id(m) for m in got}) == 1 and hasattr(got[0], "connect") and hasattr(got[0].query, "MultiMatchQuery")
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
