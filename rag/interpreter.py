"""A guard for a race in CPython 3.11 before 3.11.8: two threads parsing Python source at once.

``ast.parse`` builds its Python objects with a recursion counter that CPython 3.11.0-3.11.7 keeps
in shared state; when a garbage collection inside one parse lets another thread parse too, one of
them fails with ``SystemError: AST constructor recursion depth mismatch`` (python/cpython#106905,
fixed in 3.11.8 by python/cpython#113035). LangChain parses the source of a chain's functions when
it describes them, from whichever thread runs the chain, and pytest parses test modules, so a
turn on a worker thread and anything else parsing at the same moment can collide (seen twice in
the test suite, in tests that touch no parsing of their own). On the affected versions,
:func:`guard_ast_parse` serializes ``ast.parse`` behind one lock; elsewhere it does nothing.
Parsing is rare and short (a function's source), so the lock costs nothing a shopper waits for.
"""

from __future__ import annotations

import ast
import functools
import sys
import threading

AFFECTED = (3, 11, 0) <= sys.version_info[:3] < (3, 11, 8)
_LOCK = threading.RLock()


def guard_ast_parse() -> bool:
    """Serialize ``ast.parse`` on an affected interpreter; True when the guard is (now) in place."""
    if not AFFECTED:
        return False
    if getattr(ast.parse, "_shopassist_guarded", False):
        return True
    unguarded = ast.parse

    @functools.wraps(unguarded)
    def parse(*args, **kwargs):
        with _LOCK:
            return unguarded(*args, **kwargs)

    parse._shopassist_guarded = True  # type: ignore[attr-defined]
    ast.parse = parse
    return True
