"""HyDE: written once per normalized query, fused as a leg, and never a point of failure."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_core.messages import AIMessageChunk
from langchain_core.outputs import ChatGenerationChunk, ChatResult

from rag.engines import LanceDBEngine
from rag.generation.llm import ChatModelChoice
from rag.indexing.documents import DocumentBuilder
from rag.indexing.ingest import sync_products
from rag.records import Filters, NumericRange
from rag.retrieval import HybridRetriever
from rag.settings import HydeMode
from rag.understanding.hyde import HydeExpander, HydeWriter, normalize_query

LISTING = "Portable Bluetooth speaker with 10 W output and a rechargeable battery for the kitchen."


class CountingModel(FakeListChatModel):
    calls: int = 0

    def _stream(self, *args: Any, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        self.calls += 1
        yield from super()._stream(*args, **kwargs)


class SlowModel(BaseChatModel):
    @property
    def _llm_type(self) -> str:
        return "slow"

    def _generate(self, *args: Any, **kwargs: Any) -> ChatResult:
        raise NotImplementedError

    def _stream(self, *args: Any, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        for word in LISTING.split():
            time.sleep(0.05)
            yield ChatGenerationChunk(message=AIMessageChunk(content=word + " "))


@pytest.fixture(scope="module")
def parts(tmp_path_factory, tiny_products, fake_embedder):
    engine = LanceDBEngine(tmp_path_factory.mktemp("hyde-idx"))
    sync_products(tiny_products, engine, fake_embedder, DocumentBuilder(), max_tokens=128, max_chunks=1, progress=False)
    return engine, HybridRetriever(engine, fake_embedder, candidates_per_leg=30)


def test_texts_are_cached_by_normalized_query() -> None:
    model = CountingModel(responses=[LISTING])
    writer = HydeWriter(ChatModelChoice(model, "fake"))
    first = writer.write("Kitchen  Speaker!")
    second = writer.write("kitchen speaker")
    assert first.text == LISTING and not first.cached
    assert second.text == LISTING and second.cached and model.calls == 1
    assert normalize_query("Kitchen  Speaker!") == normalize_query("kitchen speaker")


def test_failures_are_reported_not_raised() -> None:
    from tests.rag.generation.test_answer import BrokenChatModel

    assert "ConnectionError" in HydeWriter(ChatModelChoice(BrokenChatModel(), "x")).write("tv").error
    assert "no LLM" in HydeWriter(ChatModelChoice(None, "extractive", "not installed")).write("tv").error
    slow = HydeWriter(ChatModelChoice(SlowModel(), "slow"), timeout_s=0.2).write("tv")
    assert slow.text is None and "timed out" in slow.error
    assert "no usable text" in HydeWriter(ChatModelChoice(FakeListChatModel(responses=["OK"]), "x")).write("tv").error


@pytest.mark.parametrize(
    ("mode", "tier", "fires"),
    [(HydeMode.OFF, "none", False), (HydeMode.ALWAYS, "good", True), (HydeMode.AUTO, "good", False),
     (HydeMode.AUTO, "weak", True), (HydeMode.AUTO, "none", True)],
)
def test_trigger(parts, fake_embedder, mode, tier, fires) -> None:
    expander = HydeExpander(HydeWriter(ChatModelChoice(None, "extractive")), parts[0], fake_embedder, mode=mode)
    assert expander.should_fire(tier)[0] is fires


def test_the_leg_is_fused_and_filtered(parts, fake_embedder, tiny_products) -> None:
    engine, retriever = parts
    filters = Filters(price=NumericRange(None, 50))
    first = retriever.retrieve("music in the kitchen", k=30, filters=filters)
    writer = HydeWriter(ChatModelChoice(FakeListChatModel(responses=[LISTING]), "fake"))
    out = HydeExpander(writer, engine, fake_embedder, mode=HydeMode.ALWAYS, depth=30).expand(
        "music in the kitchen", first, filters, "weak"
    )
    prices = {p.id: p.price for p in tiny_products}
    assert out.fired and out.text == LISTING and "hyde" in out.result.legs
    assert all(prices[h.product_id] is not None and prices[h.product_id] <= 50 for h in out.result.legs["hyde"])
    assert any("hyde" in h.legs for h in out.result.hits)
    assert {"bm25", "dense", "hyde"} >= set().union(*(h.legs.keys() for h in out.result.hits))


def test_eval_row_runs_hyde_as_the_chain_does(parts, fake_embedder, tiny_products) -> None:
    """``shopassist eval --mode hybrid+qu+hyde``: the row's runner adds the HyDE leg
    when its expander fires (always), and leaves the first pass alone when it does not."""
    from rag.evaluation.runner import hyde_runner
    from rag.understanding import QueryParser, UnderstandingRetriever, Vocabulary

    engine, retriever = parts
    understanding = UnderstandingRetriever(QueryParser(Vocabulary.from_products(tiny_products)), retriever)
    always = HydeExpander(HydeWriter(ChatModelChoice(FakeListChatModel(responses=[LISTING] * 4), "fake")),
                          engine, fake_embedder, mode=HydeMode.ALWAYS, depth=30)
    never = HydeExpander(HydeWriter(ChatModelChoice(FakeListChatModel(responses=[LISTING] * 4), "fake")),
                         engine, fake_embedder, mode=HydeMode.OFF, depth=30)
    fired = hyde_runner(understanding, always, engine, retriever.default_mode, 0.36, 0.5)("speaker")
    plain = hyde_runner(understanding, never, engine, retriever.default_mode, 0.36, 0.5)("speaker")
    assert "hyde" in fired.legs and fired.hits
    assert "hyde" not in plain.legs
    assert [h.product_id for h in plain.hits] == [
        h.product_id for h in understanding.retrieve("speaker", k=100).result.hits
    ]
