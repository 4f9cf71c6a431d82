"""LanceDB, imported on first use under one lock.

The engine imports LanceDB lazily, so commands that never open the index start fast. A server warms its index in a
background thread while the first request may arrive: two threads importing the package at once can each see the
other's half-initialized module ("module 'lancedb' has no attribute 'connect'", seen once in a Chromium run whose
first turn came during the warm-up). Python's import lock is per module, and a package whose modules import one
another in a cycle is not safe to import from two threads at once; one lock around the whole import is.
"""

from __future__ import annotations

import threading
from types import ModuleType

_LOCK = threading.Lock()


def lancedb_module() -> ModuleType:
    """The ``lancedb`` package with its ``query`` module loaded, imported once whichever thread asks first."""
    with _LOCK:
        import lancedb
        import lancedb.query  # noqa: F401  (loaded here, under the lock, not by a later ``from lancedb.query import``)

        return lancedb


__all__ = ["lancedb_module"]
