"""The whole assistant as a LangChain ``Runnable`` another LCEL chain can compose.

    assistant = AssistantRunnable.from_settings(get_settings())
    chain = RunnableLambda(ticket_to_message) | assistant | RunnableLambda(format_reply)

Input is :class:`AssistantInput` (or a dict of its fields, or a bare message
string); the session and shopper may also come from the run's config
(``{"configurable": {"session_id": ..., "user_id": ...}}``, the names
``RunnableWithMessageHistory`` uses). Output is a stream of
:class:`AssistantChunk`: text as it is written, and a last chunk whose
``output`` is the typed :class:`AssistantOutput` (answer, citations, products,
clarifying question, trace). Chunks add up, so ``invoke`` returns one chunk
with the whole text and the output, and a step after it in a chain receives
that sum. Callbacks in the config reach every step of our chain and its chat
model (LangSmith / Langfuse tracing nests under the caller's run).

It serves through :class:`~rag.app_services.AppServices`, as the app and the
HTTP API do: the input is validated there, each turn's ranking is logged (so
feedback and personalization work), and metrics are observed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from langchain_core.runnables import Runnable, RunnableConfig
from langchain_core.runnables.config import ensure_config
from pydantic import BaseModel, ConfigDict, Field

from rag.app_services import AppServices, ChatInput
from rag.chain import TurnResult
from rag.records import NO_FILTERS, Filters, NumericRange
from rag.settings import Settings


class AssistantFilters(BaseModel):
    """Explicit filters (the app's filter panel): never relaxed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    brands: list[str] = Field(default_factory=list)
    categories: list[str] = Field(default_factory=list)
    min_price: float | None = Field(default=None, ge=0)
    max_price: float | None = Field(default=None, ge=0)

    def to_filters(self) -> Filters:
        return Filters(brands=tuple(self.brands), categories=tuple(self.categories),
                       price=NumericRange(self.min_price, self.max_price))


class AssistantInput(BaseModel):
    """One shopper message. Without a ``session_id`` a new session starts (its id is in the output)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    message: str = Field(description="What the shopper typed")
    session_id: str | None = Field(default=None, description="Continue this conversation (follow-ups)")
    user_id: str | None = Field(default=None, description="The shopper, for personalization")
    filters: AssistantFilters | None = None


class ProductCard(BaseModel):
    """A product the answer shows; ``[number]`` in the answer cites it."""

    model_config = ConfigDict(frozen=True)

    number: int
    id: str
    title: str
    brand: str
    category: str | None
    price: float | None
    currency: str
    price_label: str


class AssistantOutput(BaseModel):
    model_config = ConfigDict(frozen=True)

    request_id: str
    session_id: str | None
    answer: str
    generator: str = Field(description="Who wrote the answer: the model's name or 'extractive'")
    citations: dict[int, str] = Field(description="[n] in the answer -> product id")
    products: list[ProductCard]
    question: str | None = Field(default=None, description="A clarifying question, when the request was vague")
    trace: dict[str, Any] = Field(default_factory=dict, description="How the products were found, stage by stage")

    @classmethod
    def from_result(cls, result: TurnResult) -> AssistantOutput:
        return cls(
            request_id=result.trace.request_id,
            session_id=result.trace.session_id,
            answer=result.answer,
            generator=result.generator,
            citations=dict(result.citations),
            products=[
                ProductCard(number=i, id=p.id, title=p.title, brand=p.brand, category=p.category, price=p.price,
                            currency=p.currency, price_label=p.price_label)
                for i, p in enumerate(result.products, start=1)
            ],
            question=result.question,
            trace=result.trace.to_dict(),
        )


class AssistantChunk(BaseModel):
    """A piece of the answer; the last one carries ``output``. ``a + b`` concatenates."""

    model_config = ConfigDict(frozen=True)

    text: str = ""
    output: AssistantOutput | None = None

    def __add__(self, other: AssistantChunk) -> AssistantChunk:
        return AssistantChunk(text=self.text + other.text, output=other.output or self.output)


def to_input(value: AssistantInput | Mapping[str, Any] | str) -> AssistantInput:
    if isinstance(value, AssistantInput):
        return value
    if isinstance(value, str):
        return AssistantInput(message=value)
    if isinstance(value, Mapping):
        return AssistantInput.model_validate(dict(value))
    raise TypeError(f"the assistant takes an AssistantInput, a dict of its fields or a message string, "
                    f"got {type(value).__name__}")


class AssistantRunnable(Runnable[AssistantInput, AssistantChunk]):
    """The shopping assistant over :class:`AppServices`, as a typed, streaming Runnable."""

    name = "shopassist"

    def __init__(self, services: AppServices) -> None:
        self.services = services

    @classmethod
    def from_settings(cls, settings: Settings) -> AssistantRunnable:
        """Everything from settings, as ``shopassist serve`` builds it (index, answer model, store)."""
        from rag.app_services import build_app_services

        return cls(build_app_services(settings))

    @property
    def InputType(self) -> type[AssistantInput]:
        return AssistantInput

    @property
    def OutputType(self) -> type[AssistantChunk]:
        return AssistantChunk

    def _chat(self, value: AssistantInput | Mapping[str, Any] | str, config: RunnableConfig) -> ChatInput:
        item = to_input(value)
        configurable = config.get("configurable") or {}
        filters = item.filters.to_filters() if item.filters is not None else NO_FILTERS
        return ChatInput(
            message=item.message,
            session_id=item.session_id or configurable.get("session_id"),
            user_id=item.user_id or configurable.get("user_id"),
            filters=filters,
        )

    def _stream_one(self, value: Any, config: RunnableConfig) -> Iterator[AssistantChunk]:
        request = self.services.turn_request(self._chat(value, config))  # ValueError before anything streams
        for chunk in self.services.stream_request(request, config):
            if chunk.result is not None:
                yield AssistantChunk(text=chunk.text, output=AssistantOutput.from_result(chunk.result))
            elif chunk.text:
                yield AssistantChunk(text=chunk.text)

    def _transform(self, inputs: Iterator[Any], run_manager: Any, config: RunnableConfig) -> Iterator[AssistantChunk]:
        # One input per call (stream and invoke pass exactly one); the child config
        # carries this run's callbacks into our chain, so its steps nest under it.
        from langchain_core.runnables.config import patch_config

        child = patch_config(config, callbacks=run_manager.get_child())
        for value in inputs:
            yield from self._stream_one(value, child)

    def stream(self, input: Any, config: RunnableConfig | None = None, **kwargs: Any) -> Iterator[AssistantChunk]:
        yield from self._transform_stream_with_config(iter([input]), self._transform, ensure_config(config), **kwargs)

    def transform(self, input: Iterator[Any], config: RunnableConfig | None = None, **kwargs: Any) -> Iterator[AssistantChunk]:
        yield from self._transform_stream_with_config(input, self._transform, ensure_config(config), **kwargs)

    def invoke(self, input: Any, config: RunnableConfig | None = None, **kwargs: Any) -> AssistantChunk:
        final: AssistantChunk | None = None
        for chunk in self.stream(input, config, **kwargs):
            final = chunk if final is None else final + chunk
        if final is None or final.output is None:  # the chain always ends with a result
            raise RuntimeError("the assistant finished without a result")
        return final
