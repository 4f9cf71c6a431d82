"""The answer stage with a fake chat model behind the real LangChain interface."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.language_models import BaseChatModel
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_core.outputs import ChatResult

from rag.generation.answer import Answerer, AnswerOutcome, AnswerPlan
from rag.generation.llm import ChatModelChoice


class BrokenChatModel(BaseChatModel):
    """A model whose server is down."""

    @property
    def _llm_type(self) -> str:
        return "broken"

    def _generate(self, messages: Any, stop: Any = None, run_manager: Any = None, **kwargs: Any) -> ChatResult:
        raise ConnectionError("connection refused")


def run(answerer: Answerer, plan: AnswerPlan, grounding, config=None) -> tuple[list[str], AnswerOutcome]:
    chunks, outcome = [], None
    for piece in answerer.stream(plan, grounding, config):
        if isinstance(piece, AnswerOutcome):
            outcome = piece
        else:
            chunks.append(piece)
    assert outcome is not None
    return chunks, outcome


def fake(*responses: str) -> Answerer:
    return Answerer(ChatModelChoice(FakeListChatModel(responses=list(responses)), "fake"))


@pytest.fixture
def plan(items) -> AnswerPlan:
    return AnswerPlan("results", "a laptop under $500", "a laptop under $500", items)


def test_a_valid_model_answer_streams_sentence_by_sentence(plan, grounding) -> None:
    answer = "The HP Pavilion dv7 costs $109.95 and has 4 GB RAM [1]. The HP Compaq 6730b is even cheaper at $74.95 [3]."
    chunks, outcome = run(fake(answer), plan, grounding)
    assert len(chunks) == 2 and "".join(chunks) == answer
    assert outcome.generator == "fake" and outcome.report.ok
    assert dict(outcome.citations) == {1: plan.items[0].product_id, 3: plan.items[2].product_id}
    assert outcome.first_chunk_ms is not None and not outcome.fallbacks


def test_a_wrong_price_sentence_is_dropped_and_the_rest_kept(plan, grounding) -> None:
    answer = "[1] The HP Pavilion dv7 is only $19.99 today. [3] The HP Compaq 6730b costs $74.95 and has 2 GB RAM."
    chunks, outcome = run(fake(answer), plan, grounding)
    assert "$19.99" not in "".join(chunks)
    assert outcome.text == "The HP Compaq 6730b costs $74.95 and has 2 GB RAM [3]."
    assert outcome.dropped_sentences == ("[1] The HP Pavilion dv7 is only $19.99 today.",)
    assert outcome.report.ok


def test_out_of_range_citations_are_stripped(plan, grounding) -> None:
    _, outcome = run(fake("[9] A mystery laptop. [2] The Lenovo Legion Y540 is the gaming pick."), plan, grounding)
    assert "[9]" not in outcome.text and outcome.report.cited == (2,)


def test_no_valid_citation_regenerates_once_then_falls_back(plan, grounding) -> None:
    bad = "All of these cost $1."
    _, outcome = run(fake(bad, bad), plan, grounding)
    assert outcome.generator == "extractive" and outcome.attempts == 2
    assert outcome.report.ok and outcome.report.cited
    assert any("asked again" in f for f in outcome.fallbacks)
    assert any("extractive composer answered" in f for f in outcome.fallbacks)


def test_a_second_attempt_can_succeed(plan, grounding) -> None:
    _, outcome = run(fake("Sure!", "[2] The Lenovo Legion Y540 has 16 GB RAM."), plan, grounding)
    assert outcome.generator == "fake" and outcome.attempts == 2
    assert outcome.text == "The Lenovo Legion Y540 has 16 GB RAM [2]."


def test_a_sentence_never_opens_with_a_bare_citation(plan, grounding) -> None:
    _, outcome = run(fake("[1] The HP Pavilion dv7 costs $109.95. [2][3] Both others have more RAM!"), plan, grounding)
    assert outcome.text == "The HP Pavilion dv7 costs $109.95 [1]. Both others have more RAM [2][3]!"
    assert outcome.report.ok and outcome.report.cited == (1, 2, 3)


def test_a_failing_model_falls_back_to_the_extractive_composer(plan, grounding) -> None:
    _, outcome = run(Answerer(ChatModelChoice(BrokenChatModel(), "broken")), plan, grounding)
    assert outcome.generator == "extractive" and outcome.report.ok
    assert "ConnectionError" in outcome.fallbacks[0]


def test_no_model_answers_extractively_and_says_why(plan, grounding) -> None:
    _, outcome = run(Answerer(ChatModelChoice(None, "extractive", "no local LLM: not installed")), plan, grounding)
    assert outcome.generator == "extractive" and outcome.text.startswith("Here are the best matches")
    assert outcome.fallbacks == ("answer: no local LLM: not installed",)


def test_notes_and_question_come_from_code(items, grounding) -> None:
    plan = AnswerPlan("results", "laptop", "laptop", items, ("Nothing matched \u201cunder $500\u201d, so I left that constraint out.",), "What's your budget?")
    _chunks, outcome = run(fake("[2] The Lenovo Legion Y540 is the gaming pick."), plan, grounding)
    assert outcome.text.endswith("so I left that constraint out. What's your budget?")
    assert outcome.report.ok


def test_fixed_answers_never_reach_the_model(items, grounding) -> None:
    plan = AnswerPlan("refuse", "", "", fixed_text="I can't help with that.")
    _, outcome = run(Answerer(ChatModelChoice(BrokenChatModel(), "broken")), plan, grounding)
    assert outcome.text == "I can't help with that." and outcome.generator == "rules" and not outcome.fallbacks


def test_callbacks_reach_the_model(plan, grounding) -> None:
    class Recorder(BaseCallbackHandler):
        def __init__(self) -> None:
            self.starts = 0

        def on_chat_model_start(self, *args: Any, **kwargs: Any) -> None:
            self.starts += 1

    recorder = Recorder()
    run(fake("[2] The Lenovo Legion Y540 is the gaming pick."), plan, grounding, {"callbacks": [recorder]})
    assert recorder.starts == 1


def test_a_rambling_model_is_cut(plan, grounding) -> None:
    answer = " ".join(f"[{i % 5 + 1}] This is sentence number {w} of a long answer." for i, w in enumerate("abcdefgh"))
    chunks, _outcome = run(fake(answer), plan, grounding)
    assert len(chunks) == 4


def test_the_model_sees_and_may_cite_only_its_context_products(plan, grounding) -> None:
    # [5] exists in the shown list but not in the model's 3-product context: the sentence is dropped.
    answerer = Answerer(ChatModelChoice(FakeListChatModel(responses=["[5] The HP case is cheap. [2] The Lenovo Legion Y540 is the gaming pick."]), "fake"), context_products=3)
    _, outcome = run(answerer, plan, grounding)
    assert outcome.report.cited == (2,) and "[5]" not in outcome.text
