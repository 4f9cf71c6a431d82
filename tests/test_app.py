"""The search page builds from injected services and answers through the real Gradio server."""

from __future__ import annotations

import pytest

from rag.engines import LanceDBEngine
from rag.indexing.documents import DocumentBuilder
from rag.indexing.ingest import sync_products
from rag.retrieval import HybridRetriever, RetrievalMode
from rag.services import SearchServices
from rag.settings import Settings


@pytest.fixture(scope="module")
def services(tmp_path_factory, tiny_products, fake_embedder) -> SearchServices:
    engine = LanceDBEngine(tmp_path_factory.mktemp("idx"))
    sync_products(tiny_products, engine, fake_embedder, DocumentBuilder(), max_tokens=128, max_chunks=1, progress=False)
    from rag.understanding import QueryParser, UnderstandingRetriever, Vocabulary

    retriever = HybridRetriever(engine, fake_embedder)
    understanding = UnderstandingRetriever(QueryParser(Vocabulary.from_products(tiny_products)), retriever)
    return SearchServices(Settings(), engine, fake_embedder, retriever, understanding)


def test_results_render_titles_prices_and_credit(services, tiny_products) -> None:
    from app import render_results

    target = next(p for p in tiny_products if p.category == "notebook")
    result = services.retriever.retrieve(target.title, k=3)
    products = services.engine.fetch([h.product_id for h in result.hits])
    page = render_results(result, products, explain=True)
    assert target.title.split()[0] in page and "bm25 #" in page
    assert "No products" in render_results(services.retriever.retrieve("zzqxv", k=3, mode=RetrievalMode.BM25), {}, False)


def test_app_serves_searches_over_http(services, monkeypatch) -> None:
    monkeypatch.setenv("GRADIO_ANALYTICS_ENABLED", "False")
    from gradio_client import Client

    from app import ICECAT_CREDIT, build_app

    demo = build_app(services)
    _, url, _ = demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=None, quiet=True)
    try:
        client = Client(url, verbose=False)
        html = client.predict("notebook", "", None, "hybrid-rrf", False, api_name="/do_search")
        assert "notebook" in html.lower()
        empty = client.predict("   ", "", None, "hybrid-rrf", False, api_name="/do_search")
        assert "Type what you are looking for" in empty
        assert "Icecat" in ICECAT_CREDIT
        priced = client.predict("notebook under $5000", "", None, "hybrid-rrf", False, api_name="/do_search")
        assert "Understood" in priced and "under $5000" in priced
    finally:
        demo.close()


def test_chat_tab_streams_cited_answers_over_http(services, tiny_products, monkeypatch) -> None:
    monkeypatch.setenv("GRADIO_ANALYTICS_ENABLED", "False")
    from gradio_client import Client

    from app import build_app
    from rag.chain import ShoppingAssistant, Steps
    from rag.conversation import InMemoryConversationStore
    from rag.generation.answer import Answerer
    from rag.generation.llm import ChatModelChoice

    steps = Steps(
        engine=services.engine,
        understanding=services.understanding,
        answerer=Answerer(ChatModelChoice(None, "extractive", "no LLM in tests")),
        conversations=InMemoryConversationStore(),
        brand_vocabulary=frozenset(p.brand for p in tiny_products),
        relevance_none_below=0.0,
        relevance_weak_below=0.5,
    )
    demo = build_app(services, ShoppingAssistant(steps))
    _, url, _ = demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=None, quiet=True)
    try:
        client = Client(url, verbose=False)
        def text(message: dict) -> str:  # Gradio 6 sends content as a list of parts
            content = message["content"]
            return content if isinstance(content, str) else " ".join(part.get("text", "") for part in content)

        history, box, cards, meta = client.predict("hp notebook", [], "", None, api_name="/chat")
        answer = text(history[-1])
        assert "[1]" in answer and box == ""
        assert "[1]" in cards and "cited" in cards and "answered by <b>extractive</b>" in meta
        history, _, _, meta = client.predict("write a poem about the sea", history, "", None, api_name="/chat")
        assert "shopping assistant" in text(history[-1]) and "plan refuse" in meta
    finally:
        demo.close()
