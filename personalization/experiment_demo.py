"""Demo traffic for an experiment, so a product manager can watch
``shopassist ab-report`` work before real shoppers arrive.

Simulated shoppers (copies of the demo personas, ``demo-<persona>-<n>``) send
their queries through the *real* experiment router: each is assigned a
variant by the same hash as a real user, and each turn runs that variant's
chain (rerank policy, personalization bounds and all). The shopper then reacts
to what that variant showed, with the personas' click model
(:func:`personalization.personas.respond`), and votes on the answer: a thumbs
up with probability 0.3 after clicking something, a thumbs down with
probability 0.2 after clicking nothing. Every row is demo data (``is_demo``)
and ``shopassist personas remove`` deletes it. A shopper's clicks update its
profile as it goes, so personalizing variants personalize from its second turn.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from personalization.events import EventKind, Interaction
from personalization.personas import Persona, respond
from personalization.repository import ensure_user, record_interaction, record_turn

#: The experiment ``shopassist experiment simulate`` runs when none is configured.
DEMO_EXPERIMENT: dict[str, object] = {
    "name": "demo-personalization",
    "control": "unpersonalized",
    "variants": [
        {"name": "unpersonalized", "weight": 1, "overrides": {"personalization": False}},
        {"name": "personalized", "weight": 1, "overrides": {"personalization": True}},
    ],
}


@dataclass(frozen=True, slots=True)
class TrafficSummary:
    experiment: str
    users: int
    turns: int
    events: int
    turns_by_variant: dict[str, int]


def _rng(user_id: str, seed: int) -> random.Random:
    digest = hashlib.sha256(f"{user_id}:{seed}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def answer_vote(rng: random.Random, user_id: str, request_id: str, events: Sequence[Interaction],
                at: datetime) -> Interaction | None:
    """The shopper's thumbs on the whole answer, or None."""
    clicked = any(e.kind is EventKind.CLICK for e in events)
    if clicked and rng.random() < 0.3:
        return Interaction(user_id, EventKind.THUMBS_UP, request_id, at=at)
    if not clicked and rng.random() < 0.2:
        return Interaction(user_id, EventKind.THUMBS_DOWN, request_id, reason="nothing-useful", at=at)
    return None


def simulate_traffic(assistant, store, personas: Sequence[Persona], *, users_per_persona: int = 20,
                     turns_per_user: int = 5, seed: int = 0, half_life_days: float = 30.0,
                     now: datetime | None = None, progress: Callable[[str], None] | None = None) -> TrafficSummary:
    """Run the simulated shoppers through ``assistant`` (an ExperimentAssistant) and log everything to ``store``.

    Turns are stamped an hour apart, ending before ``now``, so each turn's
    profile holds exactly the shopper's earlier turns.
    """
    from personalization.experiments import ExperimentAssistant
    from rag.chain import TurnRequest

    if users_per_persona < 1 or turns_per_user < 1:
        raise ValueError("users_per_persona and turns_per_user must be at least 1")
    if not isinstance(assistant, ExperimentAssistant):
        raise ValueError("simulated experiment traffic needs an experiment assistant (set an experiment first)")
    experiment = assistant.experiment
    now = now or datetime.now(UTC)
    start = now - timedelta(hours=turns_per_user + 1)
    by_variant: Counter[str] = Counter()
    users = turns = events_written = 0
    for persona in personas:
        for n in range(users_per_persona):
            user_id = f"{persona.user_id}-{n:03d}"
            rng = _rng(user_id, seed)
            users += 1
            for t in range(turns_per_user):
                at = start + timedelta(hours=t, minutes=rng.randint(0, 50))
                query = persona.queries[rng.randrange(len(persona.queries))]
                result = assistant.ask(TurnRequest(query, user_id=user_id))
                trace = result.trace.to_dict()
                request_id = str(trace["request_id"])
                shown = list(result.products)
                actions = respond(persona, rng, request_id, shown, at, user_id=user_id)
                vote = answer_vote(rng, user_id, request_id, actions, at + timedelta(minutes=5))
                products = {p.id: p for p in shown}
                with store.begin() as db:
                    ensure_user(db, user_id, is_demo=True, persona=persona.name)
                    record_turn(db, trace, is_demo=True, shown=[p.id for p in shown], created_at=at)
                    for event in [*actions, *([vote] if vote else [])]:
                        record_interaction(db, event, product=products.get(event.product_id or ""),
                                           half_life_days=half_life_days, peers=shown)
                        events_written += 1
                by_variant[str(trace.get("variant") or "")] += 1
                turns += 1
            if progress is not None:
                progress(user_id)
    return TrafficSummary(experiment.name, users, turns, events_written, dict(sorted(by_variant.items())))
