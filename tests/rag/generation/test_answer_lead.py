"""The default answer: an extractive lead at once, then the model's validated sentences, within a
deadline that holds while the model has not written a token, behind a bounded queue."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_core.messages import AIMessage, AIMessageChunk
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from rag.generation.answer import Answerer, AnswerOutcome, AnswerPlan
from rag.generation.llm import ChatModelChoice
from rag.generation.llm.queue import LLMQueue


class GatedChatModel(BaseChatModel):
    """Writes ``text`` only once ``gate`` is set: a model still reading a long prompt."""

    # (not "suits gaming": the output guard drops a shopper's word no product in the context has)
    text: str = "The Lenovo Legion Y540 has 16 GB RAM, the most here [2]."
    gate: Any = None
    started: Any = None

    @property
    def _llm_type(self) -> str:
        return "gated"

    def _generate(self, messages: Any, stop: Any = None, run_manager: Any = None, **kwargs: Any) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content="".join(c.text for c in self._stream(messages))))])

    def _stream(self, messages: Any, stop: Any = None, run_manager: Any = None, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        self.started.set()
        self.gate.wait(30)
        for word in self.text.split(" "):
            yield ChatGenerationChunk(message=AIMessageChunk(content=word + " "))


def run(answerer: Answerer, plan: AnswerPlan, grounding) -> tuple[list[str], AnswerOutcome]:
    chunks, outcome = [], None
    for piece in answerer.stream(plan, grounding):
        if isinstance(piece, AnswerOutcome):
            outcome = piece
        else:
            chunks.append(piece)
    assert outcome is not None
    return chunks, outcome


def lead(model: BaseChatModel, **kw: Any) -> Answerer:
    return Answerer(ChatModelChoice(model, "fake"), lead=True, **kw)


@pytest.fixture
def plan(items) -> AnswerPlan:
    return AnswerPlan("results", "a laptop for gaming", "a laptop for gaming", items)


def test_the_lead_comes_first_and_the_model_adds_validated_sentences(plan, grounding) -> None:
    model = FakeListChatModel(responses=["The Lenovo Legion Y540 has 16 GB RAM, the most here [2]. It costs $19.99 [1]."])
    chunks, outcome = run(lead(model), plan, grounding)
    assert chunks[0].startswith("Here are the best matches for your request:") and "[1]" in chunks[0]
    assert chunks[1] == " The Lenovo Legion Y540 has 16 GB RAM, the most here [2]."
    assert "$19.99" not in outcome.text and outcome.dropped_sentences == ("It costs $19.99 [1].",)
    assert outcome.writers == ("extractive", "fake") and outcome.generator == "extractive + fake"
    assert outcome.report.ok and outcome.llm["sentences_kept"] == 1 and not outcome.timed_out
    assert "".join(chunks) == outcome.text


def test_a_model_with_nothing_valid_leaves_the_whole_extractive_answer(plan, grounding) -> None:
    _chunks, outcome = run(lead(FakeListChatModel(responses=["All of these cost $1."])), plan, grounding)
    assert outcome.writers == ("extractive",) and outcome.generator == "extractive"
    assert "The lowest price here is $9.94 [4]." in outcome.text and outcome.report.ok
    assert any("no valid cited sentence" in f for f in outcome.fallbacks)


def test_the_deadline_holds_while_the_model_has_not_written_a_token(plan, grounding) -> None:
    gate, started = threading.Event(), threading.Event()
    model = GatedChatModel(gate=gate, started=started)
    line = LLMQueue(slots=1, max_waiting=1)
    try:
        chunks, outcome = run(lead(model, timeout_s=0.3, queue=line), plan, grounding)
    finally:
        gate.set()
    assert outcome.timed_out and outcome.llm["sentences_kept"] == 0
    assert any("timed out after 0.3 s" in f for f in outcome.fallbacks)
    assert outcome.writers == ("extractive",) and chunks[0].startswith("Here are the best matches")
    assert outcome.report.ok and outcome.model_first_token_ms is None


def test_a_full_queue_answers_without_the_model_and_says_its_place(plan, grounding) -> None:
    gate, started = threading.Event(), threading.Event()
    line = LLMQueue(slots=1, max_waiting=0)
    busy = lead(GatedChatModel(gate=gate, started=started), timeout_s=30, queue=line)
    first: list[AnswerOutcome] = []
    worker = threading.Thread(target=lambda: first.append(run(busy, plan, grounding)[1]))
    worker.start()
    try:
        assert started.wait(10)
        _, outcome = run(lead(FakeListChatModel(responses=["unused"]), queue=line), plan, grounding)
    finally:
        gate.set()
        worker.join(30)
    assert outcome.llm["queue_ahead"] == 1 and outcome.llm["skipped"].startswith("queue full")
    assert outcome.writers == ("extractive",) and outcome.report.ok and not outcome.timed_out
    assert any("not asked (queue full" in f for f in outcome.fallbacks)
    assert first and first[0].writers == ("extractive", "fake") and first[0].llm["queue_ahead"] == 0


def test_fixed_and_empty_answers_never_wait_for_the_model(items, grounding) -> None:
    plan = AnswerPlan("refuse", "", "", fixed_text="I can't help with that.")
    _, outcome = run(lead(FakeListChatModel(responses=["unused"])), plan, grounding)
    assert outcome.text == "I can't help with that." and outcome.writers == ("rules",) and not outcome.llm


def test_compare_leads_with_each_products_facts(items, grounding) -> None:
    plan = AnswerPlan("compare", "compare the first two", "compare", items[:2])
    chunks, outcome = run(lead(FakeListChatModel(responses=["The Lenovo Legion Y540 suits gaming with 16 GB RAM [2]."])), plan, grounding)
    assert chunks[0].count("has:") == 2 and outcome.report.ok
    assert outcome.text.endswith("[2].") and outcome.writers == ("extractive", "fake")


def test_the_queue_rejects_bad_sizes() -> None:
    with pytest.raises(ValueError, match="slots must be >= 1"):
        LLMQueue(slots=0)


def test_a_model_still_finishing_a_timed_out_answer_is_not_waited_for(plan, grounding) -> None:
    gate, started = threading.Event(), threading.Event()
    line = LLMQueue(slots=1, max_waiting=2)
    try:
        _, first = run(lead(GatedChatModel(gate=gate, started=started), timeout_s=0.2, queue=line), plan, grounding)
        assert first.timed_out
        _, second = run(lead(FakeListChatModel(responses=["unused"]), timeout_s=30, queue=line), plan, grounding)
        assert second.llm["skipped"] == "busy finishing a timed-out answer" and not second.timed_out
    finally:
        gate.set()
    for _ in range(200):  # the abandoned generation stops at its next token and frees the slot
        if line.depth == 0:
            break
        threading.Event().wait(0.05)
    assert line.depth == 0
    _, third = run(lead(FakeListChatModel(responses=["The Lenovo Legion Y540 has 16 GB RAM [2]."]), queue=line), plan, grounding)
    assert third.writers == ("extractive", "fake")


def test_warm_up_leaves_an_endpoint_alone(plan, grounding) -> None:
    model = FakeListChatModel(responses=["The Lenovo Legion Y540 has 16 GB RAM [2]."])
    answerer = lead(model)
    answerer.warm_up()  # not a local model: nothing to load, no request spent
    _, outcome = run(answerer, plan, grounding)
    assert outcome.writers == ("extractive", "fake")
