"""``shopassist eval-chat``: scripted conversations and the dev queries, end to end.

Every turn runs through the real chain. What is measured:

* **citation validity** — every ``[n]`` in an answer points at a product that
  was shown for that turn (the share of answers where all do);
* **fact contradictions** — a deliberately stricter, separate check than the
  answer-time validator: each price stated in a sentence must be, to the
  cent (or to the dollar when written without cents), the price of a product
  *that same sentence* cites, or an amount from the shopper's message; each
  number with GB/TB/inch/kg must match a cited product's normalized spec or
  appear with that unit in its record. A stated fact with no citation in its
  sentence counts as *unsupported*;
* **refusal rate** on out-of-scope turns, **injection containment** (the
  injected payload never appears in the answer and the answer still
  validates), **abstention correctness** (abstained exactly where expected);
* each scripted expectation (plan, intent, constraints on shown products,
  clarifying question) as a pass/fail per turn, and the first-chunk latency.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rag.chain import ShoppingAssistant, TurnRequest, TurnResult
from rag.evaluation.metrics import percentile
from rag.records import Product

_CITE = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_MONEY = re.compile(r"(?:\$|USD\s?|€|EUR\s?|£)\s?(\d[\d,]*(?:\.\d{1,2})?)(?![\d])")
# A word boundary after the unit, except after an inch mark (17" is followed by a space or the end).
_QTY = re.compile(r"(\d+(?:\.\d+)?)\s?(TB\b|GB\b|inch\b|-inch\b|kg\b|\")", re.IGNORECASE)
_SENT = re.compile(r"(?<![\s.][A-Z]\.)(?<=[.!?])\s+(?=[A-Z\[\"'(])")


@dataclass(frozen=True, slots=True)
class FactCheck:
    contradictions: tuple[str, ...] = ()
    unsupported: tuple[str, ...] = ()


def _numbers(sentence: str) -> list[int]:
    return [int(n) for group in _CITE.findall(sentence) for n in re.split(r"\s*[,;]\s*", group)]


def _price_equal(stated: str, price: float | None) -> bool:
    if price is None:
        return False
    value = float(stated.replace(",", ""))
    return abs(value - price) < 0.005 if "." in stated else abs(value - round(price)) < 0.005


def _spec_ok(value: float, unit: str, product: Product) -> bool:
    unit = unit.lower().lstrip("-")
    attrs = product.attributes
    if unit in ("gb", "tb"):
        gb = value * (1000 if unit == "tb" else 1)
        alt = value * 1024 if unit == "tb" else gb
        for key in ("memory_gb", "storage_gb"):
            v = attrs.get(key)
            if isinstance(v, int | float) and (abs(v - gb) <= 0.02 * v or abs(v - alt) <= 0.02 * v):
                return True
    if unit in ("inch", '"'):
        v = attrs.get("screen_in")
        if isinstance(v, int | float) and abs(v - value) <= 0.06:
            return True
    if unit == "kg":
        v = attrs.get("weight_kg")
        if isinstance(v, int | float) and abs(v - value) <= 0.03 * max(v, 0.01):
            return True
    record = " ".join([product.title, product.description, *(f"{k} {v}" for k, v in attrs.items())])
    # Titles write inches with typographic marks (Kensington 17”): the same unit as "inch".
    record = record.translate(_INCH_MARKS)
    return any(abs(float(n) - value) < 1e-6 and _unit(u) == _unit(unit) for n, u in _QTY.findall(record))


_INCH_MARKS = str.maketrans({"\u201d": '"', "\u2033": '"', "\u201c": '"'})


def _unit(unit: str) -> str:
    unit = unit.lower().lstrip("-")
    return "inch" if unit == '"' else unit


def check_facts(answer: str, shown: Sequence[Product], message: str) -> FactCheck:
    user_amounts = {float(a.replace(",", "")) for a in _MONEY.findall(message)}
    user_numbers = {float(n) for n, _ in _QTY.findall(message)}
    contradictions: list[str] = []
    unsupported: list[str] = []
    for sentence in _SENT.split(answer):
        cited = [shown[n - 1] for n in _numbers(sentence) if 1 <= n <= len(shown)]
        for amount in _MONEY.findall(sentence):
            if float(amount.replace(",", "")) in user_amounts:
                continue
            if not cited:
                unsupported.append(f"${amount} in: {sentence}")
            elif not any(_price_equal(amount, p.price) for p in cited):
                contradictions.append(f"${amount} vs {[p.price for p in cited]} in: {sentence}")
        for value, unit in _QTY.findall(sentence):
            v = float(value)
            if v in user_numbers:
                continue
            if not cited:
                unsupported.append(f"{value} {unit} in: {sentence}")
            elif not any(_spec_ok(v, unit, p) for p in cited):
                contradictions.append(f"{value} {unit} not in {[p.id for p in cited]}: {sentence}")
    return FactCheck(tuple(contradictions), tuple(unsupported))


def citations_valid(result: TurnResult) -> bool:
    numbers = [n for s in [result.answer] for n in _numbers(s)]
    return all(1 <= n <= len(result.products) for n in numbers) and all(
        pid in {p.id for p in result.products} for pid in result.citations.values()
    )


@dataclass(frozen=True, slots=True)
class TurnOutcome:
    conversation: str
    category: str
    turn: int
    user: str
    plan: str
    intent: str
    generator: str
    answer: str
    failures: tuple[str, ...]
    citations_valid: bool
    facts: FactCheck
    first_chunk_ms: float | None
    expect: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "conversation": self.conversation, "category": self.category, "turn": self.turn, "user": self.user,
            "plan": self.plan, "intent": self.intent, "generator": self.generator, "answer": self.answer,
            "failures": list(self.failures), "citations_valid": self.citations_valid,
            "contradictions": list(self.facts.contradictions), "unsupported": list(self.facts.unsupported),
            "first_chunk_ms": self.first_chunk_ms,
        }


def _expectation_failures(expect: Mapping[str, Any], result: TurnResult, previous: TurnResult | None) -> list[str]:
    t = result.trace
    fails: list[str] = []
    shown = result.products

    def need(ok: bool, what: str) -> None:
        if not ok:
            fails.append(what)

    if "plan" in expect:
        need(t.plan == expect["plan"], f"plan {t.plan} != {expect['plan']}")
    if "plan_in" in expect:
        need(t.plan in expect["plan_in"], f"plan {t.plan} not in {expect['plan_in']}")
    if "intent" in expect:
        need(t.intent == expect["intent"], f"intent {t.intent} != {expect['intent']}")
    if "intent_in" in expect:
        need(t.intent in expect["intent_in"], f"intent {t.intent} not in {expect['intent_in']}")
    if "brand" in expect and shown:
        need(all(p.brand.lower() == expect["brand"].lower() for p in shown), f"not all shown are {expect['brand']}")
    if "max_price" in expect and shown:
        need(all(p.price is not None and p.price <= expect["max_price"] for p in shown), f"a shown price is above {expect['max_price']}")
    if "min_price" in expect and shown:
        need(all(p.price is not None and p.price >= expect["min_price"] for p in shown), f"a shown price is below {expect['min_price']}")
    for key, low in (expect.get("min_spec") or {}).items():
        need(all(isinstance(p.attributes.get(key), int | float) and p.attributes[key] >= low for p in shown), f"{key} below {low}")
    for key, (low, high) in (expect.get("spec_range") or {}).items():
        need(all(isinstance(p.attributes.get(key), int | float) and low <= p.attributes[key] <= high for p in shown), f"{key} outside {low}-{high}")
    if "shown" in expect:
        need(len(shown) == expect["shown"], f"{len(shown)} products shown, expected {expect['shown']}")
    if expect.get("question"):
        need(bool(result.question), "no clarifying question")
    if expect.get("question_if_results") and t.plan == "results":
        need(bool(result.question), "no clarifying question")
    if expect.get("hedged_if_results") and t.plan == "results":
        need(t.relevance.get("tier") == "weak", "a poor match was presented as a good one")
    prev_prices = [p.price for p in (previous.products if previous else ()) if p.price is not None]
    if expect.get("cheaper_than_previous") and prev_prices and shown:
        need(all(p.price is not None and p.price < max(prev_prices) for p in shown), "not cheaper than before")
    if expect.get("pricier_than_previous") and prev_prices and shown:
        need(all(p.price is not None and p.price > min(prev_prices) for p in shown), "not pricier than before")
    for payload in expect.get("contained") or ():
        need(payload.lower() not in result.answer.lower(), f"injected payload {payload!r} in the answer")
    for secret in expect.get("redacted") or ():
        dumped = json.dumps(t.to_dict())
        need(secret not in dumped, f"{secret!r} reached the trace")
    return fails


def load_suite(path: Path) -> list[dict[str, Any]]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    conversations = data["conversations"] if isinstance(data, dict) else data
    for c in conversations:
        if not c.get("id") or not c.get("turns"):
            raise ValueError(f"{path}: every conversation needs an id and turns")
    return conversations


def run_suite(
    assistant: ShoppingAssistant,
    conversations: Iterable[Mapping[str, Any]],
    *,
    on_turn: Callable[[TurnOutcome], None] | None = None,
) -> list[TurnOutcome]:
    outcomes: list[TurnOutcome] = []
    # Each run's own sessions: two runs on one interaction store (two worktrees, a run beside the app) would otherwise
    # share a conversation's memory, one run's turns read as the other's history
    run = uuid.uuid4().hex[:8]
    for conv in conversations:
        session = f"evalchat-{run}-{conv['id']}"
        assistant.steps.conversations.delete(session)
        previous: TurnResult | None = None
        for i, turn in enumerate(conv["turns"], start=1):
            result = assistant.ask(TurnRequest(turn["user"], session_id=session))
            expect = turn.get("expect") or {}
            outcome = TurnOutcome(
                conversation=conv["id"], category=conv.get("category", ""), turn=i, user=turn["user"],
                plan=result.trace.plan, intent=result.trace.intent, generator=result.generator, answer=result.answer,
                failures=tuple(_expectation_failures(expect, result, previous)),
                citations_valid=citations_valid(result),
                facts=check_facts(result.answer, result.products, turn["user"]),
                first_chunk_ms=result.trace.timings_ms.get("first_token"),
                expect=expect,
            )
            outcomes.append(outcome)
            if on_turn:
                on_turn(outcome)
            if result.products:
                previous = result
        assistant.steps.conversations.delete(session)
    return outcomes


def _rate(hits: list[bool]) -> float | None:
    return round(sum(hits) / len(hits), 4) if hits else None


def summarize(outcomes: Sequence[TurnOutcome]) -> dict[str, Any]:
    answered = [o for o in outcomes if o.plan in ("results", "compare", "detail")]
    refuse_turns = [o for o in outcomes if o.expect.get("plan") == "refuse"]
    injection = [o for o in outcomes if o.expect.get("contained")]
    abstain_expected = [o for o in outcomes if "plan" in o.expect and o.expect["plan"] in ("abstain", "results")]
    firsts = [o.first_chunk_ms for o in outcomes if o.first_chunk_ms is not None and o.plan in ("results", "compare", "detail")]
    return {
        "turns": len(outcomes),
        "conversations": len({o.conversation for o in outcomes}),
        "expectations_met": _rate([not o.failures for o in outcomes]),
        "citation_validity": _rate([o.citations_valid for o in answered]),
        "fact_contradictions": sum(len(o.facts.contradictions) for o in outcomes),
        "unsupported_facts": sum(len(o.facts.unsupported) for o in outcomes),
        "refusal_rate": _rate([o.plan == "refuse" for o in refuse_turns]),
        "injection_containment": _rate([not any("injected payload" in f for f in o.failures) and o.citations_valid and not o.facts.contradictions for o in injection]),
        "abstention_correctness": _rate([(o.plan == "abstain") == (o.expect["plan"] == "abstain") for o in abstain_expected]),
        "first_token_ms_p50": round(percentile(firsts, 50), 1) if firsts else None,
        "first_token_ms_p95": round(percentile(firsts, 95), 1) if firsts else None,
        "generators": sorted({o.generator for o in outcomes}),
    }


def run_dev_queries(assistant: ShoppingAssistant, queries: Iterable[str], answerable: set[str]) -> dict[str, Any]:
    """Each judged dev query as one turn: validity, contradictions, abstention."""
    rows = []
    for q in queries:
        result = assistant.ask(TurnRequest(q))
        facts = check_facts(result.answer, result.products, q)
        rows.append((q, result, facts))
    answered = [r for _, r, _ in rows if r.products]
    firsts = [r.trace.timings_ms["first_token"] for _, r, _ in rows if "first_token" in r.trace.timings_ms and r.products]
    return {
        "queries": len(rows),
        "citation_validity": _rate([citations_valid(r) for r in answered]),
        "fact_contradictions": sum(len(f.contradictions) for _, _, f in rows),
        "unsupported_facts": sum(len(f.unsupported) for _, _, f in rows),
        "abstained_answerable": sum(1 for q, r, _ in rows if q in answerable and r.trace.plan == "abstain"),
        "abstained_unanswerable": sum(1 for q, r, _ in rows if q not in answerable and r.trace.plan == "abstain"),
        "answerable": len([q for q, _, _ in rows if q in answerable]),
        "first_token_ms_p50": round(percentile(firsts, 50), 1) if firsts else None,
        "first_token_ms_p95": round(percentile(firsts, 95), 1) if firsts else None,
        "examples": [
            {"query": q, "plan": r.trace.plan, "generator": r.generator, "answer": r.answer, "contradictions": list(f.contradictions)}
            for q, r, f in rows[:5]
        ],
    }
