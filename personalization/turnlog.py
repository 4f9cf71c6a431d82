"""Logging what was shown: each turn's ranking (and answer) by request id."""

from __future__ import annotations

import logging

from personalization.repository import record_turn
from personalization.writer import GroupCommitWriter

log = logging.getLogger(__name__)


def log_turn(sessions, result, *, variant: str | None = None, writer: GroupCommitWriter | None = None) -> bool:
    """Write ``result``'s ranking and answer (with the trace's experiment and
    variant unless ``variant`` is given); returns False (and logs why) when
    the store cannot take it, so a store outage never fails the shopper's turn.

    With ``writer`` (the server's), the turn joins the writer's next group
    commit and this returns once that commit is done; else it commits alone
    through ``sessions``.
    """
    trace = result.trace.to_dict()
    shown = [p.id for p in result.products]
    try:
        if writer is not None:
            user_id = str(trace["user_id"]) if trace.get("user_id") else None
            writer.submit(lambda session, _batch: record_turn(session, trace, variant=variant, shown=shown) and None,
                          user_id=user_id)
        else:
            with sessions.begin() as session:
                record_turn(session, trace, variant=variant, shown=shown)
    except Exception as exc:  # the store is optional for answering: degrade, say so
        log.warning("ranking for request %s not logged: %s: %s", trace.get("request_id"), type(exc).__name__, exc)
        return False
    return True
