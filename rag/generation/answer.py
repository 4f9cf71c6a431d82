"""Write the answer: stream validated sentences, repair, or fall back.

The model's tokens are gathered into sentences; each sentence is checked
against the numbered context as soon as it is complete (citations in range,
prices, brands and specs matching the cited records) and only then streamed
to the shopper, so nothing unchecked is ever shown. A failing sentence is
dropped and recorded. If the model produced no valid cited sentence, it is
asked once more; after that, or when the model errors or runs past its time
budget, the extractive composer answers. Notes (relaxed constraints) and a
clarifying question are added by code, never by the model.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from rag.generation import extractive
from rag.generation.context import ContextItem
from rag.generation.llm.factory import ChatModelChoice
from rag.generation.prompts import answer_messages
from rag.generation.validate import (
    Grounding,
    ValidationReport,
    check_sentence,
    citation_map,
    split_sentences,
    validate_answer,
)
from rag.guardrails.output import answer_leaks

# Kinds answered from fixed text, never by a model.
FIXED_KINDS = frozenset({"refuse", "greet", "abstain"})


@dataclass(frozen=True, slots=True)
class AnswerPlan:
    kind: str  # results | compare | detail | abstain | refuse | greet
    message: str  # the (cleaned) shopper message
    query: str  # the search it answers, as shown to the shopper
    items: tuple[ContextItem, ...] = ()
    notes: tuple[str, ...] = ()
    question: str | None = None  # one clarifying question for broad requests
    fixed_text: str | None = None  # refusals, greetings, abstentions


@dataclass(frozen=True, slots=True)
class AnswerOutcome:
    text: str
    generator: str  # "extractive", "rules", or the model's name
    report: ValidationReport
    citations: Mapping[int, str]
    fallbacks: tuple[str, ...] = ()
    dropped_sentences: tuple[str, ...] = ()
    first_chunk_ms: float | None = None
    model_first_token_ms: float | None = None  # the model's first raw token, before validation
    attempts: int = 0
    extra: Mapping[str, Any] = field(default_factory=dict)


def compose_extractive(plan: AnswerPlan) -> str:
    if plan.fixed_text is not None:
        return plan.fixed_text
    if not plan.items:
        return extractive.compose_abstain(plan.query)
    if plan.kind == "compare":
        return extractive.compose_comparison(plan.items)
    if plan.kind == "detail":
        return extractive.compose_detail(plan.items[0])
    return extractive.compose_results(plan.query, plan.items)


def _tail(plan: AnswerPlan) -> str:
    return " ".join([*plan.notes, *([plan.question] if plan.question else [])])


_BULLET = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s+")
MAX_SENTENCES = 4  # the prompt asks for 2-3; a rambling model is cut here


def _is_fragment(sentence: str) -> bool:
    """Too few words to say anything ("[1] [2]", "Sure!")."""
    return len(re.findall(r"[A-Za-z]{2,}", _CITE_RX.sub(" ", sentence))) < 3


_CITE_RX = re.compile(r"\[\d+(?:\s*[,;]\s*\d+)*\]")


class Answerer:
    def __init__(
        self, choice: ChatModelChoice, *, timeout_s: float = 30.0, attempts: int = 2, context_products: int = 3
    ) -> None:
        self.choice = choice
        self.timeout_s = timeout_s
        self.attempts = max(1, attempts)
        # The model sees the top few products only: every product costs ~50 prompt tokens,
        # and prompt evaluation dominates the time to the first token on 2 cores.
        self.context_products = max(1, context_products)

    @property
    def name(self) -> str:
        return self.choice.name

    def stream(self, plan: AnswerPlan, grounding: Grounding, config: Mapping[str, Any] | None = None) -> Iterator[str | AnswerOutcome]:
        """Yields text chunks, then one :class:`AnswerOutcome`."""
        t0 = time.perf_counter()
        first: list[float] = []

        def mark(chunk: str) -> str:
            if not first:
                first.append((time.perf_counter() - t0) * 1000)
            return chunk

        fallbacks: list[str] = []
        dropped: list[str] = []
        emitted: list[str] = []
        raw_first: list[float] = []
        generator = "rules" if plan.kind in FIXED_KINDS else "extractive"
        model_answered = False
        attempts = 0
        if plan.kind not in FIXED_KINDS and plan.items and self.choice.model is not None:
            for attempt in range(1, self.attempts + 1):
                attempts = attempt
                before = len(emitted)
                try:
                    for sentence in self._generate(plan, grounding, config, dropped, emitted, t0, raw_first):
                        yield mark(("" if not emitted[:-1] else " ") + sentence)
                except Exception as exc:  # the model or its server failed: answer without it
                    fallbacks.append(f"answer: {self.name} failed ({type(exc).__name__}: {exc}); extractive composer answered")
                    break
                if any(re.search(r"\[\d+\]", s) for s in emitted):
                    generator, model_answered = self.name, True
                    break
                if len(emitted) > before or attempt == self.attempts:
                    reason = "no valid cited sentence" + (f" ({len(dropped)} dropped)" if dropped else "")
                    fallbacks.append(f"answer: {self.name} gave {reason}; extractive composer answered")
                    break
                fallbacks.append(f"answer: {self.name} gave no valid cited sentence; asked again")
        elif plan.kind not in FIXED_KINDS and self.choice.model is None and self.choice.reason:
            fallbacks.append(f"answer: {self.choice.reason}")
        if not model_answered:
            text = compose_extractive(plan)
            for chunk in extractive.stream_words(("" if not emitted else " ") + text):
                yield mark(chunk)
            emitted.append(text)
        tail = _tail(plan) if plan.kind not in FIXED_KINDS else ""
        if tail:
            yield mark(" " + tail)
        full = " ".join([*emitted, *([tail] if tail else [])]).strip()
        report = validate_answer(full, plan.items, grounding)
        yield AnswerOutcome(
            text=full,
            generator=generator,
            report=report,
            citations=citation_map(report, plan.items),
            fallbacks=tuple(fallbacks),
            dropped_sentences=tuple(dropped),
            first_chunk_ms=first[0] if first else None,
            model_first_token_ms=raw_first[0] if raw_first else None,
            attempts=attempts,
        )

    def _generate(
        self,
        plan: AnswerPlan,
        grounding: Grounding,
        config: Mapping[str, Any] | None,
        dropped: list[str],
        emitted: list[str],
        t0: float,
        raw_first: list[float],
    ) -> Iterator[str]:
        """Stream the model; yield each sentence that passes validation."""
        assert self.choice.model is not None
        items = plan.items[: self.context_products]
        inherited: tuple[int, ...] = ()
        buffer = ""

        def judge(sentence: str) -> str | None:
            nonlocal inherited
            sentence = _BULLET.sub("", sentence).strip()
            if not sentence or _is_fragment(sentence):
                if sentence:
                    dropped.append(sentence)
                return None
            check, lost = check_sentence(sentence, items, grounding, inherited, shown=plan.items)
            # What an obeyed injection would smuggle in: markup, links, the shopper's own words or amounts.
            leaks = answer_leaks(check.text, plan.message, [i.product for i in plan.items],
                                 brands=grounding.brand_vocabulary)
            if not check.ok or leaks or (lost and not check.citations):
                dropped.append(sentence)
                return None
            inherited = check.citations or inherited
            emitted.append(check.text)
            return check.text

        messages = answer_messages(plan.message, items, plan.kind)
        start, dropped_before = len(emitted), len(dropped)
        for chunk in self.choice.model.stream(messages, config=dict(config or {})):
            if not raw_first and chunk.content:
                raw_first.append((time.perf_counter() - t0) * 1000)
            buffer += str(chunk.content)
            parts = split_sentences(buffer, grounding.brand_vocabulary)
            if len(parts) > 1 or buffer.endswith("\n"):
                complete, buffer = (parts, "") if buffer.endswith("\n") else (parts[:-1], parts[-1])
                for sentence in complete:
                    if (out := judge(sentence)) is not None:
                        yield out
            if len(emitted) - start >= MAX_SENTENCES:
                return  # closing the stream stops generation
            if len(emitted) == start and len(dropped) - dropped_before >= 2:
                return  # two bad sentences and nothing usable yet: stop paying for this attempt
            if time.perf_counter() - t0 > self.timeout_s:
                raise TimeoutError(f"answer took more than {self.timeout_s:g} s")
        for sentence in split_sentences(buffer, grounding.brand_vocabulary):
            if not re.search(r"[.!?)\]]\s*$", sentence):
                dropped.append(sentence)  # cut off by the token limit
                continue
            if (out := judge(sentence)) is not None:
                yield out
