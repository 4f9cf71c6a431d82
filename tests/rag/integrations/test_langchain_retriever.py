"""The LangChain retriever over the tiny catalog: inside a stock LangChain RAG chain
(prompt | chat model | parser, with langchain-core's fake chat model), the same
top 10 as ``shopassist search``, product metadata, async, per-shopper
personalization and options from search_kwargs, invoke kwargs or the run's config."""

from __future__ import annotations

import asyncio
import csv
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.documents import Document
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import RunnablePassthrough
from typer.testing import CliRunner

from rag.cli import app
from rag.integrations.langchain_retriever import ShopAssistRetriever, configurable_retriever
from rag.integrations.product_search import ProductSearch
from rag.settings import get_settings

ROOT = Path(__file__).resolve().parents[3]
MOUSE = "3484710"  # the Philips wireless mouse in tests/data
#: Dev queries whose words the tiny catalog has, plus constraints query understanding turns into filters.
EXTRA_QUERIES = ["wireless mouse under $30", "hp notebook", "cheap usb cable", "philips", "16gb ram laptop", "   "]


def dev_queries() -> list[str]:
    with (ROOT / "data" / "icecat" / "judgments_dev.csv").open(encoding="utf-8") as fh:
        return list(dict.fromkeys(row["query"] for row in csv.DictReader(fh)))


@pytest.fixture
def retriever(cli_env: Path) -> ShopAssistRetriever:
    return ShopAssistRetriever.from_settings(get_settings())


def cli_ids(query: str, *options: str) -> list[str]:
    result = CliRunner().invoke(app, ["search", query, "--json", "-k", "10", *options])
    assert result.exit_code == 0, result.output
    return [row["product_id"] for row in json.loads(result.output)["results"]]


class PromptRecorder(BaseCallbackHandler):
    """Keeps what each chat model was asked (a real callback, as LangSmith's would be)."""

    def __init__(self) -> None:
        self.prompts: list[str] = []

    def on_chat_model_start(self, serialized, messages, **kwargs) -> None:
        self.prompts.extend(m.content for batch in messages for m in batch)


def format_docs(docs: list[Document]) -> str:
    return "\n\n".join(f"[{d.metadata['rank']}] {d.page_content}" for d in docs)


def rag_chain(retriever, answer: str):
    prompt = ChatPromptTemplate.from_messages([
        ("system", "Answer from these products only:\n\n{context}"),
        ("human", "{question}"),
    ])
    model = GenericFakeChatModel(messages=iter([AIMessage(answer)] * 10))
    return {"context": retriever | format_docs, "question": RunnablePassthrough()} | prompt | model | StrOutputParser()


def test_top_10_equals_shopassist_search_for_the_dev_queries(retriever: ShopAssistRetriever) -> None:
    queries = dev_queries()
    assert len(queries) == 90
    compared = 0
    for query in [*queries, *EXTRA_QUERIES]:
        expected = cli_ids(query)
        assert [d.metadata["id"] for d in retriever.invoke(query)] == expected, query
        compared += bool(expected)
    assert compared >= 60  # most dev queries find something in the 34 products
    # With explicit filters, as `--brand` / `--max-price` give them.
    assert [d.id for d in retriever.invoke("mouse", filters={"brands": ["Philips"]})] == cli_ids("mouse", "--brand", "Philips")
    assert [d.id for d in retriever.invoke("black", filters={"price": [None, 50]})] == cli_ids("black", "--max-price", "50")


def test_documents_carry_product_metadata_and_leg_evidence(retriever: ShopAssistRetriever, tiny_products) -> None:
    docs = retriever.invoke("wireless mouse", k=3)
    assert 1 <= len(docs) <= 3
    by_id = {p.id: p for p in tiny_products}
    for rank, doc in enumerate(docs, start=1):
        product = by_id[doc.id]
        meta = doc.metadata
        assert meta["id"] == doc.id and meta["rank"] == rank
        assert (meta["title"], meta["brand"], meta["price"], meta["category"]) == (
            product.title, product.brand, product.price, product.category)
        assert product.title in doc.page_content and product.brand in doc.page_content
        assert set(meta["legs"]) <= {"bm25", "dense", "ltr"} and meta["legs"]  # ltr: the learned ranking's evidence
        assert all(ev["rank"] >= 1 for ev in meta["legs"].values())
        json.dumps(meta)  # metadata stays JSON-ready (vector stores, LangSmith)
    scores = [d.metadata["score"] for d in docs]
    assert scores == sorted(scores, reverse=True)
    assert MOUSE in [d.id for d in retriever.invoke("wireless mouse")]


def test_inside_a_stock_rag_chain_the_prompt_gets_the_products(retriever: ShopAssistRetriever) -> None:
    recorder = PromptRecorder()
    chain = rag_chain(retriever, "The Philips mouse [1] fits.")
    assert chain.invoke("wireless mouse", config={"callbacks": [recorder]}) == "The Philips mouse [1] fits."
    top = retriever.invoke("wireless mouse")[0]
    assert f"[1] {top.page_content}" in recorder.prompts[0]
    assert "wireless mouse" in recorder.prompts[1]
    streamed = list(chain.stream("wireless mouse"))
    assert len(streamed) > 1 and "".join(streamed) == "The Philips mouse [1] fits."


def test_async_matches_sync(retriever: ShopAssistRetriever) -> None:
    queries = ["wireless mouse", "hp notebook", "usb cable"]

    async def run():
        return await retriever.abatch(queries), await rag_chain(retriever, "ok").ainvoke("hp notebook")

    with ThreadPoolExecutor(1) as pool:  # a fresh event loop, whatever loop earlier tests left in this thread
        docs, answer = pool.submit(asyncio.run, run()).result()
    assert [[d.id for d in batch] for batch in docs] == [[d.id for d in retriever.invoke(q)] for q in queries]
    assert answer == "ok"


def test_options_from_search_kwargs_call_and_config(cli_env: Path) -> None:
    settings = get_settings()
    three = ShopAssistRetriever.from_settings(settings, search_kwargs={"k": 3})
    assert len(three.invoke("notebook")) == 3
    assert len(three.invoke("notebook", k=5)) == 5  # a call's option wins
    configurable = configurable_retriever(three)
    assert len(configurable.invoke("notebook")) == 3
    assert len(configurable.invoke("notebook", config={"configurable": {"search_kwargs": {"k": 2}}})) == 2
    philips = three.invoke("mouse", filters={"brands": ["Philips"]}, k=10)
    assert philips and all(d.metadata["brand"] == "Philips" for d in philips)
    assert three.invoke("   ") == []


def test_bad_options_say_what_is_allowed(cli_env: Path) -> None:
    settings = get_settings()
    with pytest.raises(ValueError, match=r"unknown search option.*'kk'.*allowed"):
        ShopAssistRetriever.from_settings(settings, search_kwargs={"kk": 3})
    retriever = ShopAssistRetriever.from_settings(settings)
    with pytest.raises(ValueError, match="k must be between 1 and 100"):
        retriever.invoke("mouse", k=0)
    with pytest.raises(ValueError, match="hybrid-rrf"):
        retriever.invoke("mouse", mode="borda")
    with pytest.raises(ValueError, match="needs a reranker"):
        retriever.invoke("mouse", rerank="always")  # the default policy builds no reranker


def test_a_shoppers_history_personalizes_the_documents(tmp_path, tiny_products, fake_embedder) -> None:
    from rag.app_services import FeedbackInput
    from tests.app_fixtures import make_app_services

    services = make_app_services(tmp_path, tiny_products, fake_embedder)
    search = services.search_services
    retriever = ShopAssistRetriever(search=ProductSearch(
        engine=search.engine, retriever=search.retriever, understanding=search.understanding,
        personalizer=services.assistant.steps.personalizer,
    ))
    anonymous = [d.id for d in retriever.invoke("wireless mouse")]
    assert [d.id for d in retriever.invoke("wireless mouse", user_id="ann")] == anonymous  # no history yet
    services.record_feedback(FeedbackInput("purchase", product_id=MOUSE, user_id="ann", value=19.99))
    docs = retriever.invoke("wireless mouse", user_id="ann")
    boosted = {d.id: d.metadata["boost"] for d in docs if "boost" in d.metadata}
    assert boosted[MOUSE]["delta"] > 0 and "philips" in boosted[MOUSE]["reason"].lower()
    assert [d.id for d in docs].index(MOUSE) <= anonymous.index(MOUSE)
    assert [d.id for d in retriever.invoke("wireless mouse", user_id="bob")] == anonymous
