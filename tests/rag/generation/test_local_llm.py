"""The local provider with a real GGUF model: SmolLM2-135M (fast and poor) through llama-cpp-python."""

from __future__ import annotations

import pytest

from rag.generation.answer import Answerer, AnswerOutcome, AnswerPlan
from rag.generation.llm import build_chat_model
from rag.settings import Settings

pytestmark = pytest.mark.slow
pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed (dev extra)")


@pytest.fixture(scope="module")
def choice(tmp_path_factory):
    settings = Settings(
        llm_provider="local", llm_model="packaged:smollm2-135m", llm_max_tokens=48,
        models_dir=tmp_path_factory.mktemp("models"), llm_threads=2,
    )
    return build_chat_model(settings)


def test_the_packaged_model_loads_and_streams(choice) -> None:
    assert choice.name == "llama-cpp:smollm2-135m"
    chunks = list(choice.model.stream("Name one kind of laptop."))
    assert chunks and "".join(str(c.content) for c in chunks).strip()


def test_whatever_the_small_model_writes_the_answer_is_valid(choice, items, grounding) -> None:
    plan = AnswerPlan("results", "a laptop for gaming", "a laptop for gaming", items)
    pieces = list(Answerer(choice, timeout_s=60).stream(plan, grounding))
    outcome = pieces[-1]
    assert isinstance(outcome, AnswerOutcome)
    # A 135M model rarely cites correctly: its bad sentences are dropped and the
    # extractive composer answers; either way nothing unchecked reaches the shopper.
    assert outcome.report.ok and outcome.report.cited
    assert outcome.generator in ("llama-cpp:smollm2-135m", "extractive")
    assert "".join(p for p in pieces[:-1] if isinstance(p, str)).strip() == outcome.text


def test_hyde_writes_with_the_real_model(choice) -> None:
    from rag.understanding.hyde import HydeWriter

    written = HydeWriter(choice, max_tokens=32, timeout_s=60).write("quiet bluetooth speaker for the kitchen")
    assert written.text and len(written.text.split()) >= 3


def test_the_whole_chain_with_the_real_small_model(choice, tmp_path, tiny_products, fake_embedder) -> None:
    from rag.chain import TurnRequest
    from rag.engines import LanceDBEngine
    from rag.indexing.documents import DocumentBuilder
    from rag.indexing.ingest import sync_products
    from rag.settings import HydeMode
    from rag.understanding.hyde import HydeExpander, HydeWriter
    from tests.rag.chain.test_chain import assistant

    engine = LanceDBEngine(tmp_path / "idx")
    sync_products(tiny_products, engine, fake_embedder, DocumentBuilder(), max_tokens=128, max_chunks=1, progress=False)
    hyde = HydeExpander(HydeWriter(choice, max_tokens=32, timeout_s=60), engine, fake_embedder, mode=HydeMode.ALWAYS, depth=30)
    a = assistant(engine, tiny_products, fake_embedder, model=choice.model, hyde_expander=hyde)
    first = a.ask(TurnRequest("hp notebook for the office", session_id="e2e"))
    assert first.products and first.trace.validation["ok"] and first.citations
    assert first.trace.hyde_text and "llm_first_token" in first.trace.timings_ms
    follow = a.ask(TurnRequest("compare the first two", session_id="e2e"))
    assert follow.trace.intent == "compare" and follow.trace.validation["ok"]


def test_the_model_leaves_a_core_to_the_request_path(monkeypatch) -> None:
    import os

    from rag.generation.llm.llama_cpp_chat import default_threads

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert default_threads() == 1
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert default_threads() == 1
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(8)), raising=False)
    assert default_threads() == 7
