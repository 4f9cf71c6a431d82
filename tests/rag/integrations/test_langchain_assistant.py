"""The assistant as a Runnable over the tiny catalog: typed schemas, streamed chunks
that add up to the typed output, the caller's callbacks nesting our chain's steps,
sessions from the input or the config, bad input named, turns logged like the app's."""

from __future__ import annotations

from uuid import UUID

import pytest
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.runnables import RunnableLambda
from pydantic import ValidationError

from rag.app_services import FeedbackInput
from rag.integrations.langchain_assistant import (
    AssistantChunk,
    AssistantInput,
    AssistantOutput,
    AssistantRunnable,
)
from tests.app_fixtures import make_app_services

MOUSE = "3484710"  # the Philips wireless mouse in tests/data


@pytest.fixture
def services(tmp_path, tiny_products, fake_embedder):
    return make_app_services(tmp_path, tiny_products, fake_embedder)


@pytest.fixture
def assistant(services) -> AssistantRunnable:
    return AssistantRunnable(services)


class RunTree(BaseCallbackHandler):
    """Every chain run's name and parent, as a tracer (LangSmith, Langfuse) sees them."""

    def __init__(self) -> None:
        self.runs: dict[UUID, tuple[str, UUID | None]] = {}

    def on_chain_start(self, serialized, inputs, *, run_id, parent_run_id=None, **kwargs) -> None:
        self.runs[run_id] = (kwargs.get("name") or (serialized or {}).get("name", ""), parent_run_id)

    def ancestors(self, name: str) -> list[str]:
        run_id = next(r for r, (n, _) in self.runs.items() if n == name)
        names = []
        while (parent := self.runs[run_id][1]) is not None and parent in self.runs:
            run_id = parent
            names.append(self.runs[run_id][0])
        return names


def test_schemas_are_typed(assistant: AssistantRunnable) -> None:
    assert assistant.InputType is AssistantInput and assistant.OutputType is AssistantChunk
    schema = assistant.get_input_jsonschema()
    assert set(schema["properties"]) == {"message", "session_id", "user_id", "filters"}
    assert schema["required"] == ["message"]
    output = assistant.get_output_jsonschema()
    assert "output" in output["properties"] and "AssistantOutput" in str(output)


def test_stream_yields_text_then_the_typed_output(assistant: AssistantRunnable) -> None:
    chunks = list(assistant.stream({"message": "wireless mouse", "user_id": "ann"}))
    assert len(chunks) > 2 and all(isinstance(c, AssistantChunk) for c in chunks)
    assert all(c.output is None for c in chunks[:-1])
    out = chunks[-1].output
    assert isinstance(out, AssistantOutput)
    text = "".join(c.text for c in chunks)
    assert text == out.answer and "[1]" in out.answer
    assert out.citations and set(out.citations.values()) <= {p.id for p in out.products}
    assert [p.number for p in out.products] == list(range(1, len(out.products) + 1))
    assert out.generator == "extractive" and out.trace["request_id"] == out.request_id
    whole = assistant.invoke("wireless mouse")  # invoke sums the chunks
    assert whole.output is not None and whole.text == whole.output.answer


def test_callbacks_nest_our_steps_under_the_callers_run(assistant: AssistantRunnable) -> None:
    tree = RunTree()
    outer = RunnableLambda(lambda ticket: {"message": ticket}, name="ticket") | assistant
    outer.invoke("wireless mouse", config={"callbacks": [tree], "run_name": "support_desk"})
    names = {name for name, _ in tree.runs.values()}
    assert {"support_desk", "shopassist", "shopping_turn", "retrieve", "answer"} <= names
    assert tree.ancestors("retrieve")[:3] == ["shopping_turn", "shopassist", "support_desk"]


def test_sessions_from_input_or_config_and_follow_ups(assistant: AssistantRunnable) -> None:
    first = assistant.invoke({"message": "hp notebook"}).output
    assert first is not None and first.session_id and first.products
    by_config = assistant.invoke("tell me more about the first one",
                                 config={"configurable": {"session_id": first.session_id}}).output
    assert by_config is not None and by_config.session_id == first.session_id
    assert by_config.products[0].id == first.products[0].id
    by_input = assistant.invoke(AssistantInput(message="tell me more about the first one", session_id=first.session_id))
    assert by_input.output is not None and by_input.output.products[0].id == first.products[0].id


def test_filters_are_applied_and_never_relaxed(assistant: AssistantRunnable) -> None:
    out = assistant.invoke({"message": "mouse", "filters": {"brands": ["HP"], "max_price": 100}}).output
    assert out is not None and out.products and all(p.brand == "HP" for p in out.products)


def test_bad_input_is_named(assistant: AssistantRunnable, services) -> None:
    with pytest.raises(ValidationError, match="sesion"):
        assistant.invoke({"message": "mouse", "sesion_id": "x"})
    with pytest.raises(ValueError, match="characters; the limit is"):
        assistant.invoke("x" * (services.settings.max_message_chars + 1))
    with pytest.raises(ValueError, match="session id"):
        assistant.invoke({"message": "mouse", "session_id": "../etc"})
    with pytest.raises(TypeError, match="AssistantInput"):
        assistant.invoke(42)


def test_turns_are_logged_so_feedback_personalizes(assistant: AssistantRunnable, services) -> None:
    first = assistant.invoke({"message": "wireless mouse", "user_id": "ann"}).output
    assert first is not None
    services.record_feedback(FeedbackInput("purchase", request_id=first.request_id, product_id=MOUSE, value=19.99))
    again = assistant.invoke({"message": "wireless mouse", "user_id": "ann"}).output
    assert again is not None and any(b["product_id"] == MOUSE and b["delta"] > 0 for b in again.trace["boosts"])


def test_ainvoke_runs_the_turn_off_the_event_loop(assistant: AssistantRunnable) -> None:
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:  # a fresh event loop, whatever loop earlier tests left in this thread
        out = pool.submit(asyncio.run, assistant.ainvoke({"message": "usb cable"})).result().output
    assert out is not None and out.products and out.answer
