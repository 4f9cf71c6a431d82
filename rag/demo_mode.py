"""Demo mode (``SHOPASSIST_DEMO_MODE``, on for ``make run``): fictional personas with generated
histories, switchable in the app, loaded at start. Only demo rows are ever written or switched to:
a real shopper's rows are never touched."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from rag.engines.base import stored_vectors
from rag.settings import Settings

log = logging.getLogger(__name__)


def demo_persona_ids(settings: Settings, demo_users: Callable[[], list[str]]) -> frozenset[str]:
    """Ids of the demo personas (the personas file and the store's demo users); empty outside demo mode."""
    if not settings.demo_mode:
        return frozenset()
    from personalization.personas import load_personas

    try:
        ids = {p.user_id for p in load_personas()}
    except ValueError:
        ids = set()
    try:
        ids.update(demo_users())
    except Exception as exc:  # the store is optional for the personas in the file: say so, keep those
        log.warning("demo users unavailable from the store: %s", exc)
    return frozenset(ids)


def ensure_demo_personas(services: Any, *, sessions: int = 24, seed: int = 0, days: float = 60.0) -> int:
    """Load the demo personas' generated histories when none are loaded (as ``shopassist personas load``
    does) over an :class:`~rag.app_services.AppServices`; returns how many were loaded (0: already there)."""
    if not services.settings.demo_mode:
        raise ValueError("demo personas are loaded only in demo mode (SHOPASSIST_DEMO_MODE=1)")
    if services.demo_users():
        return 0
    from personalization.personas import load_personas, simulate, write_history

    engine, understanding = services.search_services.engine, services.search_services.understanding

    def search(query: str) -> Any:
        return understanding.retrieve(query, k=30).result.hits

    loaded = 0
    for persona in load_personas():
        simulated = simulate(persona, search, engine.fetch, sessions=sessions, seed=seed, days=days)
        with services.store.begin() as session:
            write_history(session, persona, simulated, engine.fetch, lambda ids: stored_vectors(engine, ids),
                          half_life_days=services.settings.personalization_half_life_days)
        loaded += 1
    return loaded
