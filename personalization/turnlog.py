"""Logging what was shown: each turn's ranking (and answer) by request id."""

from __future__ import annotations

import logging

from personalization.repository import record_turn

log = logging.getLogger(__name__)


def log_turn(sessions, result, *, variant: str | None = None) -> bool:
    """Write ``result``'s ranking and answer (with the trace's experiment and
    variant unless ``variant`` is given); returns False (and logs why) when
    the store cannot take it, so a store outage never fails the shopper's turn."""
    trace = result.trace.to_dict()
    try:
        with sessions.begin() as session:
            record_turn(session, trace, variant=variant, shown=[p.id for p in result.products])
    except Exception as exc:  # the store is optional for answering: degrade, say so
        log.warning("ranking for request %s not logged: %s: %s", trace.get("request_id"), type(exc).__name__, exc)
        return False
    return True
