"""Write the answer: an extractive lead at once, then the model's validated sentences.

In the default mode (``lead=True``) the shopper sees a one-line grounded lead
written from the records (the best matches with their prices and specs) as
soon as the products are known; the model then adds one or two sentences on
which product suits the request and why, each validated before it is shown,
within a deadline that holds even while the model is still reading its
prompt (``rag.generation.llm.queue``). Turns wait for the model in a bounded
line; a turn that finds it full, or whose deadline passes, keeps its
extractive answer, and the outcome records who wrote what, the turn's place
in the line and whether the model timed out.

With ``lead=False`` the model writes the whole answer first (the earlier
behaviour, kept for endpoints fast enough to need no lead). The model's tokens are gathered into sentences; each sentence is checked
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
from collections.abc import Generator, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from rag.generation import extractive
from rag.generation.context import ContextItem
from rag.generation.llm.factory import ChatModelChoice
from rag.generation.llm.queue import LLMQueue, stream_until
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
    closest: bool = False  # nothing matched exactly: the answer opens by saying so
    missing: tuple[str, ...] = ()  # named items the catalog does not carry (said in that opening)


@dataclass(frozen=True, slots=True)
class AnswerOutcome:
    text: str
    generator: str  # "extractive", "rules", the model's name, or "extractive + <model>" (lead + model)
    report: ValidationReport
    citations: Mapping[int, str]
    fallbacks: tuple[str, ...] = ()
    dropped_sentences: tuple[str, ...] = ()
    first_chunk_ms: float | None = None
    model_first_token_ms: float | None = None  # the model's first raw token, before validation
    attempts: int = 0
    extra: Mapping[str, Any] = field(default_factory=dict)
    writers: tuple[str, ...] = ()  # who wrote the shown text, in order: "rules", "extractive", a model name
    llm: Mapping[str, Any] = field(default_factory=dict)  # the model's part: queue place, wait, timed out, kept

    @property
    def timed_out(self) -> bool:
        return bool(self.llm.get("timed_out"))


def compose_extractive(plan: AnswerPlan) -> str:
    if plan.fixed_text is not None:
        return plan.fixed_text
    if not plan.items:
        return extractive.compose_abstain(plan.query)
    if plan.kind == "compare":
        return extractive.compose_comparison(plan.items)
    if plan.kind == "detail":
        return extractive.compose_detail(plan.items[0])
    return extractive.compose_results(plan.query, plan.items, closest=plan.closest, missing=plan.missing)


def extractive_sentences(plan: AnswerPlan) -> tuple[list[str], int]:
    """The extractive answer of a plan with items, as sentences, and how many of them form the lead."""
    if plan.kind == "compare" and len(plan.items) >= 2:
        sentences = extractive.comparison_sentences(plan.items)
        return sentences, min(3, len(plan.items))  # each compared product's facts; then "the cheaper one"
    if plan.kind == "detail":
        return [extractive.compose_detail(plan.items[0])], 1
    return extractive.result_sentences(plan.items, closest=plan.closest, missing=plan.missing), 1


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
        self,
        choice: ChatModelChoice,
        *,
        timeout_s: float = 30.0,
        attempts: int = 2,
        context_products: int = 3,
        lead: bool = False,
        queue: LLMQueue | None = None,
        lead_sentences: int = 2,
    ) -> None:
        self.choice = choice
        self.timeout_s = timeout_s
        self.attempts = max(1, attempts)
        # The model sees the top few products only: every product costs ~50 prompt tokens,
        # and prompt evaluation dominates the time to the first token on 2 cores.
        self.context_products = max(1, context_products)
        self.lead = lead
        self.queue = queue or LLMQueue()
        self.lead_sentences = max(1, lead_sentences)  # the model's sentences after the lead

    @property
    def name(self) -> str:
        return self.choice.name

    def warm_up(self) -> None:
        """Load a local model and read the fixed system prompt once (llama.cpp keeps it for the next
        prompt that starts the same way), so the first shopper does not pay for either: loading
        alone takes longer than the answer's whole budget on 2 cores. An endpoint needs nothing."""
        from rag.generation.llm.llama_cpp_chat import LlamaCppChatModel

        if isinstance(self.choice.model, LlamaCppChatModel):
            self.choice.model.load()
            self.choice.model.invoke(answer_messages("", (), "results", after_lead=self.lead), max_tokens=1)

    def stream(self, plan: AnswerPlan, grounding: Grounding, config: Mapping[str, Any] | None = None) -> Iterator[str | AnswerOutcome]:
        """Yields text chunks, then one :class:`AnswerOutcome`."""
        if self.lead and plan.kind not in FIXED_KINDS and plan.items and self.choice.model is not None:
            yield from self._stream_after_lead(plan, grounding, config)
            return
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
        timed_out = False
        attempts = 0
        if plan.kind not in FIXED_KINDS and plan.items and self.choice.model is not None:
            for attempt in range(1, self.attempts + 1):
                attempts = attempt
                before = len(emitted)
                try:
                    for sentence in self._generate(plan, grounding, config, dropped, emitted, t0, raw_first):
                        yield mark(("" if not emitted[:-1] else " ") + sentence)
                except Exception as exc:  # the model or its server failed: answer without it
                    timed_out = isinstance(exc, TimeoutError)
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
        # The tail (notes, a clarifying question) is written by code from the shopper's own words, not
        # about a product: "you asked for Lenovo, but the panel is set to HP" is not a brand claim.
        report = validate_answer(" ".join(emitted).strip() or full, plan.items, grounding)
        llm = {"model": self.name, "timed_out": timed_out, "budget_s": self.timeout_s} if attempts else {}
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
            writers=(generator,),
            llm=llm,
        )

    def _stream_after_lead(
        self, plan: AnswerPlan, grounding: Grounding, config: Mapping[str, Any] | None
    ) -> Iterator[str | AnswerOutcome]:
        """The extractive lead at once, then up to ``lead_sentences`` validated model sentences
        within ``timeout_s``; the rest of the extractive answer when the model adds nothing."""
        assert self.choice.model is not None
        t0 = time.perf_counter()
        deadline = time.monotonic() + self.timeout_s
        sentences, lead_count = extractive_sentences(plan)
        lead = " ".join(sentences[:lead_count])
        yield lead
        first_chunk_ms = (time.perf_counter() - t0) * 1000
        emitted: list[str] = [lead]
        dropped: list[str] = []
        raw_first: list[float] = []
        fallbacks: list[str] = []
        ticket = self.queue.enter(deadline)
        llm: dict[str, Any] = {"model": self.name, "queue_ahead": ticket.ahead, "queue_wait_ms": round(ticket.waited_ms, 1),
                               "budget_s": self.timeout_s, "timed_out": False}
        kept = 0
        if not ticket.admitted:
            llm["skipped"] = ticket.reason
            llm["timed_out"] = ticket.reason.startswith("deadline")
            fallbacks.append(f"answer: {self.name} not asked ({ticket.reason}); the extractive answer stands")
        else:
            before = len(emitted)
            try:
                for sentence in self._generate(plan, grounding, config, dropped, emitted, t0, raw_first,
                                               deadline=deadline, after_lead=True):
                    yield " " + sentence
            except TimeoutError:
                llm["timed_out"] = True
                fallbacks.append(f"answer: {self.name} timed out after {self.timeout_s:g} s; "
                                 f"{len(emitted) - before} of its sentences shown")
            except Exception as exc:  # the model or its server failed: the extractive answer stands
                fallbacks.append(f"answer: {self.name} failed ({type(exc).__name__}: {exc}); the extractive answer stands")
            kept = len(emitted) - before
            if kept == 0 and not llm["timed_out"] and not any(f.startswith(f"answer: {self.name} failed") for f in fallbacks):
                reason = "no valid cited sentence" + (f" ({len(dropped)} dropped)" if dropped else "")
                fallbacks.append(f"answer: {self.name} gave {reason}; the extractive answer stands")
        llm["sentences_kept"] = kept
        llm["sentences_dropped"] = len(dropped)
        if kept == 0 and sentences[lead_count:]:
            rest = " ".join(sentences[lead_count:])
            yield " " + rest
            emitted.append(rest)
        tail = _tail(plan)
        if tail:
            yield " " + tail
        full = " ".join([*emitted, *([tail] if tail else [])]).strip()
        # The tail (notes, a clarifying question) is written by code from the shopper's own words, not
        # about a product: "you asked for Lenovo, but the panel is set to HP" is not a brand claim.
        report = validate_answer(" ".join(emitted).strip() or full, plan.items, grounding)
        writers = ("extractive", self.name) if kept else ("extractive",)
        yield AnswerOutcome(
            text=full,
            generator=" + ".join(writers),
            report=report,
            citations=citation_map(report, plan.items),
            fallbacks=tuple(fallbacks),
            dropped_sentences=tuple(dropped),
            first_chunk_ms=first_chunk_ms,
            model_first_token_ms=raw_first[0] if raw_first else None,
            attempts=1 if ticket.admitted else 0,
            writers=writers,
            llm=llm,
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
        *,
        deadline: float | None = None,
        after_lead: bool = False,
    ) -> Iterator[str]:
        """Stream the model; yield each sentence that passes validation."""
        assert self.choice.model is not None
        items = plan.items[: self.context_products]
        inherited: tuple[int, ...] = ()
        buffer = ""
        limit = self.lead_sentences if after_lead else MAX_SENTENCES

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

        messages = answer_messages(plan.message, items, plan.kind, after_lead=after_lead)
        start, dropped_before = len(emitted), len(dropped)
        if deadline is None:
            chunks: Generator[str, None, None] = (str(c.content) for c in self.choice.model.stream(messages, config=dict(config or {})))
        else:  # the caller holds a place in the queue; the worker gives it back
            chunks = stream_until(self.choice.model, messages, config, deadline, self.queue)
        try:
            for chunk in chunks:
                if not raw_first and chunk:
                    raw_first.append((time.perf_counter() - t0) * 1000)
                buffer += chunk
                parts = split_sentences(buffer, grounding.brand_vocabulary)
                if len(parts) > 1 or buffer.endswith("\n"):
                    complete, buffer = (parts, "") if buffer.endswith("\n") else (parts[:-1], parts[-1])
                    for sentence in complete:
                        if (out := judge(sentence)) is not None:
                            yield out
                if len(emitted) - start >= limit:
                    return  # closing the stream stops generation
                if len(emitted) == start and len(dropped) - dropped_before >= 2:
                    return  # two bad sentences and nothing usable yet: stop paying for this attempt
                if deadline is None and time.perf_counter() - t0 > self.timeout_s:
                    raise TimeoutError(f"answer took more than {self.timeout_s:g} s")
        finally:
            chunks.close()  # stops the model (and, past a deadline, hands its queue slot on)
        for sentence in split_sentences(buffer, grounding.brand_vocabulary):
            if not re.search(r"[.!?)\]]\s*$", sentence):
                dropped.append(sentence)  # cut off by the token limit
                continue
            if (out := judge(sentence)) is not None:
                yield out
