"""The chain: LangChain LCEL wiring of the funnel's steps, nothing else.

    guard → understand → retrieve (+fuse) → HyDE (gated) → rerank → personalize → plan → answer (+validate)

Every step is a ``RunnableLambda`` over the immutable :class:`TurnState`;
the answer step is a ``RunnableGenerator`` that streams :class:`AnswerChunk`
objects, the last of which carries the :class:`TurnResult` with the trace.
LangChain callbacks passed in ``config`` reach every step and the chat model,
so LangSmith or Langfuse tracing works by setting their environment variables.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from langchain_core.runnables import Runnable, RunnableConfig, RunnableGenerator, RunnableLambda

from rag.chain.state import AnswerChunk, TurnRequest, TurnResult, TurnState
from rag.chain.steps import Steps
from rag.chain.trace import Trace
from rag.conversation import Conversation


def build_chain(steps: Steps) -> Runnable[TurnState, AnswerChunk]:
    return (
        RunnableLambda(steps.guard, name="guard")
        | RunnableLambda(steps.understand, name="understand")
        | RunnableLambda(steps.retrieve, name="retrieve")
        | RunnableLambda(steps.hyde, name="hyde")
        | RunnableLambda(steps.rerank, name="rerank")
        | RunnableLambda(steps.personalize, name="personalize")
        | RunnableLambda(steps.plan, name="plan")
        | RunnableGenerator(steps.answer, name="answer")
    ).with_config(run_name="shopping_turn")


class ShoppingAssistant:
    """One turn at a time: ``stream`` yields chunks, ``ask`` returns the result."""

    def __init__(self, steps: Steps) -> None:
        self.steps = steps
        self.chain = build_chain(steps)

    def start(self, request: TurnRequest) -> TurnState:
        conversation = (
            self.steps.conversations.load(request.session_id) if request.session_id else Conversation("")
        )
        trace = Trace.start(session_id=request.session_id, user_id=request.user_id, request_id=request.request_id)
        return TurnState(request=request, trace=trace, conversation=conversation, started=time.perf_counter())

    def stream(self, request: TurnRequest, config: RunnableConfig | None = None) -> Iterator[AnswerChunk]:
        yield from self.chain.stream(self.start(request), config=config)

    def ask(self, request: TurnRequest, config: RunnableConfig | None = None) -> TurnResult:
        result = None
        for chunk in self.stream(request, config):
            result = chunk.result or result
        assert result is not None
        return result
