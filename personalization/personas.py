"""Demo personas: shoppers with generated interaction histories, so a product
manager can show personalization at work. Every row they create is marked as
demo data (``users.is_demo``, ``rankings.is_demo``) and removed with one command.

A simulated session: the persona asks one of its queries, sees the
*unpersonalized* ranking, examines the top ``shown`` results with a position
bias, clicks the products it likes more often than the ones it does not, and
buys or adds to the cart some of the ones it clicked; now and then it gives a
thumbs down to a product it dislikes. Everything is seeded (sha256 of the
persona name and seed), so the same call writes the same history.
"""

from __future__ import annotations

import hashlib
import json
import random
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy.orm import Session

from personalization.events import EventKind, Interaction
from personalization.profile import price_position
from personalization.repository import demo_users, ensure_user, forget_user, record_interaction, record_turn
from rag.records import FusedHit, Product
from rag.settings import PROJECT_ROOT

PERSONAS_FILE = PROJECT_ROOT / "data" / "personas" / "personas.json"
DEMO_PREFIX = "demo-"

Search = Callable[[str], Sequence[FusedHit]]
Lookup = Callable[[Sequence[str]], Mapping[str, Product]]
Vectors = Callable[[Sequence[str]], Mapping[str, np.ndarray]]


@dataclass(frozen=True, slots=True)
class Persona:
    name: str
    description: str
    brands: tuple[str, ...]
    categories: tuple[str, ...]
    price_min: float
    price_max: float
    queries: tuple[str, ...]
    price_tier: str | None = None  # "lower" or "higher": the side of what is shown it picks from

    def __post_init__(self) -> None:
        if self.price_tier not in (None, "lower", "higher"):
            raise ValueError(f"persona {self.name!r}: price_tier must be 'lower', 'higher' or absent, got {self.price_tier!r}")

    @property
    def user_id(self) -> str:
        return f"{DEMO_PREFIX}{self.name}"

    def likes(self, product: Product, position: float | None = None) -> int:
        """How many of the persona's tastes ``product`` meets: brand, category, price (0-3).

        The price taste is the persona's range and, for a persona with a ``price_tier``, the
        side of what was shown: ``position`` is the product's
        :func:`~personalization.profile.price_position` among the products shown with it
        (None: nothing to compare with, and the range alone decides).
        """
        brand = not self.brands or product.brand.lower() in {b.lower() for b in self.brands}
        category = product.category in self.categories
        price = product.price is not None and self.price_min <= product.price <= self.price_max
        if price and position is not None and self.price_tier is not None:
            price = position <= 0 if self.price_tier == "lower" else position >= 0
        return int(brand) + int(category) + int(price)


def load_personas(path: Path = PERSONAS_FILE) -> tuple[Persona, ...]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return tuple(
            Persona(p["name"], p["description"], tuple(p["brands"]), tuple(p["categories"]),
                    float(p["price_min"]), float(p["price_max"]), tuple(p["queries"]), p.get("price_tier"))
            for p in data["personas"]
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"cannot read personas from {path}: {exc}") from exc


def _rng(persona: Persona, seed: int) -> random.Random:
    digest = hashlib.sha256(f"{persona.name}:{seed}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


@dataclass(frozen=True, slots=True)
class SimulatedSession:
    request_id: str
    query: str
    at: datetime
    candidates: tuple[FusedHit, ...]  # the unpersonalized order the persona saw
    events: tuple[Interaction, ...]


def simulate(persona: Persona, search: Search, lookup: Lookup, *, sessions: int = 24, shown: int = 10,
             seed: int = 0, start: datetime | None = None, days: float = 60.0) -> list[SimulatedSession]:
    """The persona's sessions, in time order (nothing is written)."""
    if sessions < 1 or shown < 1:
        raise ValueError("sessions and shown must be at least 1")
    rng = _rng(persona, seed)
    start = start or datetime.now(UTC) - timedelta(days=days)
    out: list[SimulatedSession] = []
    for i in range(sessions):
        query = persona.queries[i % len(persona.queries)]
        hits = tuple(search(query))
        at = start + timedelta(days=days * i / sessions, minutes=rng.randint(0, 600))
        request_id = uuid.UUID(int=rng.getrandbits(128)).hex
        products = lookup([h.product_id for h in hits[:shown]])
        seen = [products[h.product_id] for h in hits[:shown] if h.product_id in products]
        events = respond(persona, rng, request_id, seen, at)
        out.append(SimulatedSession(request_id, query, at, hits, tuple(events)))
    return out


def respond(persona: Persona, rng: random.Random, request_id: str, seen: Sequence[Product],
            at: datetime, *, user_id: str | None = None) -> list[Interaction]:
    """The simulated shopper's actions on one shown list (best first).

    The click model is a position-based model (examination and
    attractiveness independent): the shopper examines position ``p`` with
    probability ``1 / (1 + 0.25 (p - 1))`` and clicks an examined product
    with a probability that grows with how many of its three tastes (brand,
    category, price: its range and, with a ``price_tier``, the cheaper or dearer side of
    the shown products of its category) the product meets: 0.05, 0.10, 0.35, 0.75. A
    clicked product meeting all three is carted or bought 35% of the time
    (half each; a purchase's value is the price); an examined product meeting
    at most one taste gets a thumbs down 8% of the time.
    """
    user = user_id or persona.user_id
    events: list[Interaction] = []
    offset = 0
    for position, product in enumerate(seen, start=1):
        if rng.random() > examine_probability(position):
            continue
        liked = persona.likes(product, price_position(product, seen))
        offset += 1
        when = at + timedelta(seconds=20 * offset)
        if rng.random() < CLICK_PROBABILITY[liked]:
            events.append(Interaction(user, EventKind.CLICK, request_id, product.id, at=when))
            if liked == 3 and rng.random() < 0.35:
                kind = EventKind.PURCHASE if rng.random() < 0.5 else EventKind.ADD_TO_CART
                value = product.price if kind is EventKind.PURCHASE else None
                events.append(Interaction(user, kind, request_id, product.id, value=value,
                                          at=when + timedelta(seconds=10)))
        elif liked <= 1 and rng.random() < 0.08:
            events.append(Interaction(user, EventKind.THUMBS_DOWN, request_id, product.id,
                                      reason="not-for-me", at=when))
    return events


#: P(click | examined) by the number of tastes met (0-3).
CLICK_PROBABILITY: tuple[float, ...] = (0.05, 0.10, 0.35, 0.75)


def examine_probability(position: int) -> float:
    """P(the shopper looks at the product shown at ``position``, 1-based): the position bias."""
    if position < 1:
        raise ValueError(f"positions start at 1, got {position}")
    return 1.0 / (1 + 0.25 * (position - 1))


def demo_trace(persona: Persona, session: SimulatedSession, shown: int) -> dict[str, object]:
    """The ranking record of a simulated session: the same keys a real Trace has."""
    return {
        "request_id": session.request_id, "created_at": session.at.isoformat(), "user_id": persona.user_id,
        "session_id": f"{persona.user_id}-{session.request_id[:8]}", "message": session.query, "query": session.query,
        "fused": [[h.product_id, round(h.score, 6)] for h in session.candidates],
        "shown": [h.product_id for h in session.candidates[:shown]], "plan": "results", "demo": True,
    }


def write_history(db: Session, persona: Persona, simulated: Sequence[SimulatedSession], lookup: Lookup,
                  vectors: Vectors | None = None, *, shown: int = 10, half_life_days: float = 30.0) -> int:
    """Store the persona's sessions (rankings and interactions, marked demo); returns the events written."""
    ensure_user(db, persona.user_id, is_demo=True, persona=persona.name)
    ids = sorted({e.product_id for s in simulated for e in s.events if e.product_id})
    vecs = vectors(ids) if vectors else {}
    products = lookup(sorted(set(ids) | {h.product_id for s in simulated for h in s.candidates[:shown]}))
    written = 0
    for s in simulated:
        record_turn(db, demo_trace(persona, s, shown), is_demo=True, created_at=s.at)
        peers = [products[h.product_id] for h in s.candidates[:shown] if h.product_id in products]
        for event in s.events:
            record_interaction(db, event, product=products.get(event.product_id), vector=vecs.get(event.product_id),
                               half_life_days=half_life_days, peers=peers)
            written += 1
    return written


def remove_demo(db: Session) -> dict[str, int]:
    """Forget every demo user (and everything they own)."""
    totals: dict[str, int] = {}
    for user_id in demo_users(db):
        for table, n in forget_user(db, user_id).items():
            totals[table] = totals.get(table, 0) + n
    return totals
