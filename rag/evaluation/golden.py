"""The conversational golden set: the whole turn scored as a shopper sees it.

``shopassist eval-chat --golden data/eval/golden_chat.json`` runs every
conversation through the real chain and scores each turn on:

* **type@3** — every one of the top three shown products is of a product type
  the turn accepts (``types``; accessories and components are not accepted for
  a request whose head is the device); ``type_any@3`` is the looser "at least one";
* **constraints** — every cited product (the shown ones when the answer cites
  none) honours each stated constraint: ``max_price``, ``min_price``,
  ``brand``, ``min_spec``, ``spec_range``, ``colour``, ``connectivity``;
  a product whose record does not say counts as not honouring it;
* **outcome** — what the turn did: ``refuse`` (plan refuse), ``not_carried``
  (abstained, or answered with the closest products marked as such, or
  dropped a constraint and said so), ``clarify`` (a clarifying question with
  starting picks) or ``results``; compared with the expected ``outcome``;
* **unsupported claims** — feature claims (wired/wireless, battery,
  noise cancelling, water resistance, comfort) the cited record does not
  support, plus the stricter price/spec fact check of ``chat_suite``;
* **latency** — first answer text and whole turn, per turn.

Every figure is reported for the ``tuning`` part, the ``heldout`` part and
both; the held-out part is never looked at while tuning.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rag.catalog.features import colour_matches, has_connectivity
from rag.chain import ShoppingAssistant, TurnRequest, TurnResult
from rag.evaluation.chat_suite import check_facts
from rag.evaluation.metrics import percentile
from rag.generation.claims import unsupported_claims
from rag.records import Product

OUTCOMES = ("results", "clarify", "not_carried", "refuse")


def observed_outcome(result: TurnResult) -> str:
    t = result.trace
    if t.plan == "refuse":
        return "refuse"
    if t.plan == "abstain":
        return "not_carried"
    if result.question and result.products:
        return "clarify"  # a question with starting picks, whatever their tier
    if t.relevance.get("tier") == "weak" or t.relaxed:
        return "not_carried"
    return "results"


def outcome_ok(expected: str, result: TurnResult) -> bool:
    seen = observed_outcome(result)
    if expected == "clarify":
        return bool(result.question) and bool(result.products)
    if expected == "results":
        # A question beside good results is fine; a hedge or a refusal is not.
        return seen in ("results", "clarify")
    return seen == expected


def cited_products(result: TurnResult) -> tuple[Product, ...]:
    by_id = {p.id: p for p in result.products}
    ids = dict.fromkeys(pid for _, pid in sorted(result.citations.items()) if pid in by_id)
    return tuple(by_id[pid] for pid in ids) or result.products


def constraint_failures(expect: Mapping[str, Any], product: Product) -> list[str]:
    fails: list[str] = []
    if "max_price" in expect and (product.price is None or product.price > expect["max_price"]):
        fails.append(f"price {product.price} > {expect['max_price']}")
    if "min_price" in expect and (product.price is None or product.price < expect["min_price"]):
        fails.append(f"price {product.price} < {expect['min_price']}")
    if "brand" in expect and product.brand.lower() != str(expect["brand"]).lower():
        fails.append(f"brand {product.brand} != {expect['brand']}")
    for key, low in (expect.get("min_spec") or {}).items():
        v = product.attributes.get(key)
        if not isinstance(v, int | float) or v < low:
            fails.append(f"{key} {v} < {low}")
    for key, (low, high) in (expect.get("spec_range") or {}).items():
        v = product.attributes.get(key)
        if not isinstance(v, int | float) or not low <= v <= high:
            fails.append(f"{key} {v} outside {low}-{high}")
    if "colour" in expect and colour_matches(product, expect["colour"]) is not True:
        fails.append(f"colour {product.attributes.get('colour')} != {expect['colour']}")
    if "connectivity" in expect and has_connectivity(product, expect["connectivity"]) is not True:
        fails.append(f"not {expect['connectivity']}")
    return fails


@dataclass(frozen=True, slots=True)
class GoldenTurn:
    conversation: str
    split: str
    category: str
    turn: int
    user: str
    expect: Mapping[str, Any]
    outcome: str
    outcome_ok: bool
    type_at3: bool | None  # None when the turn names no type or shows nothing it should
    type_any_at3: bool | None
    constraint_fails: tuple[str, ...]  # one per (cited product, failed constraint)
    cited: int
    claims: tuple[str, ...]
    facts: tuple[str, ...]
    first_ms: float | None
    turn_ms: float
    answer: str
    top3: tuple[str, ...] = field(default_factory=tuple)
    generator: str = ""

    @property
    def constraints_checked(self) -> bool:
        keys = ("max_price", "min_price", "brand", "min_spec", "spec_range", "colour", "connectivity")
        return self.outcome in ("results", "clarify") and any(k in self.expect for k in keys)

    def to_dict(self) -> dict[str, Any]:
        return {
            "conversation": self.conversation, "split": self.split, "category": self.category, "turn": self.turn,
            "user": self.user, "expect": dict(self.expect), "outcome": self.outcome, "outcome_ok": self.outcome_ok,
            "type_at3": self.type_at3, "type_any_at3": self.type_any_at3, "constraint_fails": list(self.constraint_fails),
            "cited": self.cited, "unsupported_claims": list(self.claims), "fact_issues": list(self.facts),
            "first_ms": self.first_ms, "turn_ms": round(self.turn_ms, 1), "top3": list(self.top3), "generator": self.generator, "answer": self.answer,
        }


def score_turn(conv: Mapping[str, Any], i: int, turn: Mapping[str, Any], result: TurnResult, turn_ms: float) -> GoldenTurn:
    expect = turn.get("expect") or {}
    outcome = observed_outcome(result)
    top3 = result.products[:3]
    types = {t.lower() for t in expect.get("types") or ()}
    type_at3 = type_any = None
    if types and expect.get("outcome", "results") in ("results", "clarify"):
        cats = [(p.category or "").lower() for p in top3]
        type_at3 = bool(cats) and all(c in types for c in cats)
        type_any = any(c in types for c in cats)
    fails: list[str] = []
    cited = cited_products(result) if result.trace.plan in ("results", "compare", "detail") else ()
    if outcome in ("results", "clarify"):
        for p in cited:
            fails += [f"{p.id}: {f}" for f in constraint_failures(expect, p)]
    facts = check_facts(result.answer, result.products, turn["user"])
    return GoldenTurn(
        conversation=conv["id"], split=conv.get("split", "tuning"), category=conv.get("category", ""), turn=i,
        user=turn["user"], expect=expect, outcome=outcome, outcome_ok=outcome_ok(expect.get("outcome", "results"), result),
        type_at3=type_at3, type_any_at3=type_any, constraint_fails=tuple(fails), cited=len(cited),
        claims=tuple(unsupported_claims(result.answer, result.products)),
        facts=facts.contradictions + facts.unsupported,
        first_ms=result.trace.timings_ms.get("first_token"), turn_ms=turn_ms, answer=result.answer,
        top3=tuple(f"{p.category}: {p.title[:60]}" for p in top3), generator=result.generator,
    )


def run_golden(
    assistant: ShoppingAssistant,
    conversations: Iterable[Mapping[str, Any]],
    *,
    on_turn: Callable[[GoldenTurn], None] | None = None,
) -> list[GoldenTurn]:
    out: list[GoldenTurn] = []
    for conv in conversations:
        session = f"golden-{conv['id']}"
        assistant.steps.conversations.delete(session)
        for i, turn in enumerate(conv["turns"], start=1):
            t0 = time.perf_counter()
            result = assistant.ask(TurnRequest(turn["user"], session_id=session))
            scored = score_turn(conv, i, turn, result, (time.perf_counter() - t0) * 1000)
            out.append(scored)
            if on_turn:
                on_turn(scored)
        assistant.steps.conversations.delete(session)
    return out


def all_right(turn: Mapping[str, Any]) -> bool:
    """Whether a scored turn (``GoldenTurn.to_dict()``, as the reports hold it) is wholly right: its outcome as expected, the
    top three of an accepted type where the turn names types, every cited product honouring the constraints, no claim the
    records do not support."""
    return bool(turn["outcome_ok"]) and turn.get("type_at3") is not False and not turn.get("constraint_fails") \
        and not turn.get("unsupported_claims")


def _rate(values: Sequence[bool]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def summarize_golden(turns: Sequence[GoldenTurn]) -> dict[str, Any]:
    def part(rows: Sequence[GoldenTurn]) -> dict[str, Any]:
        typed = [r for r in rows if r.type_at3 is not None]
        checked = [r for r in rows if r.constraints_checked]
        cited = sum(r.cited for r in checked)
        bad_products = sum(len({f.split(":")[0] for f in r.constraint_fails}) for r in checked)
        special = [r for r in rows if r.expect.get("outcome", "results") != "results"]
        firsts = [r.first_ms for r in rows if r.first_ms is not None]
        whole = [r.turn_ms for r in rows]
        return {
            "turns": len(rows),
            "type_at3": _rate([bool(r.type_at3) for r in typed]),
            "type_any_at3": _rate([bool(r.type_any_at3) for r in typed]),
            "typed_turns": len(typed),
            "constraints_honoured": round(1 - bad_products / cited, 4) if cited else None,
            "cited_products_checked": cited,
            "turns_all_constraints_honoured": _rate([not r.constraint_fails for r in checked]),
            "outcome_correct": _rate([r.outcome_ok for r in rows]),
            "clarify_notcarried_refuse_correct": _rate([r.outcome_ok for r in special]),
            "special_turns": len(special),
            "unsupported_claims": sum(len(r.claims) for r in rows),
            "fact_issues": sum(len(r.facts) for r in rows),
            "first_ms_p50": round(percentile(firsts, 50), 1) if firsts else None,
            "first_ms_p95": round(percentile(firsts, 95), 1) if firsts else None,
            "turn_ms_p50": round(percentile(whole, 50), 1) if whole else None,
            "turn_ms_p95": round(percentile(whole, 95), 1) if whole else None,
        }

    return {
        "all": part(turns),
        "tuning": part([t for t in turns if t.split == "tuning"]),
        "heldout": part([t for t in turns if t.split == "heldout"]),
    }


def load_golden(path) -> list[dict[str, Any]]:
    from rag.evaluation.chat_suite import load_suite

    conversations = load_suite(path)
    for c in conversations:
        if c.get("split", "tuning") not in ("tuning", "heldout"):
            raise ValueError(f"{c['id']}: split must be tuning or heldout, not {c.get('split')!r}")
        for t in c["turns"]:
            outcome = (t.get("expect") or {}).get("outcome", "results")
            if outcome not in OUTCOMES:
                raise ValueError(f"{c['id']}: outcome {outcome!r} is not one of {', '.join(OUTCOMES)}")
    return conversations
