"""Our search as a LangChain retriever: drop hybrid retrieval into any LangChain RAG chain.

    retriever = ShopAssistRetriever.from_settings(get_settings(), search_kwargs={"k": 5})
    chain = {"context": retriever | format_docs, "question": RunnablePassthrough()} | prompt | llm | StrOutputParser()

Each ``Document`` is one product: ``page_content`` a short plain-text card
(title, brand, category, price, the catalog description with instruction-like
sentences removed), ``id`` the product id, and ``metadata`` the record's fields
(``id``, ``title``, ``brand``, ``price``, ``currency``, ``category``), its
place in the list (``rank``, ``score``) and each leg's evidence
(``legs: {"bm25": {"rank", "score"}, "dense": {...}}``, plus ``rerank`` when
the reranker ran), and any personalization ``boost``.

Options (``k``, ``filters``, ``mode``, ``understand``, ``user_id``,
``rerank``; see :class:`~rag.integrations.product_search.SearchRequest`) come
from ``search_kwargs`` and can be overridden per call
(``retriever.invoke(q, user_id="u1")``) or per run through LangChain's
configurable fields (:func:`configurable_retriever`:
``config={"configurable": {"search_kwargs": {"user_id": "u1"}}}``).

Our engine's calls are synchronous, so the async path runs the same search in
LangChain's executor (``_aget_relevant_documents``), off the event loop.
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import AsyncCallbackManagerForRetrieverRun, CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import ConfigurableField, Runnable
from langchain_core.runnables.config import run_in_executor
from pydantic import ConfigDict, Field

from rag.generation.context import format_price
from rag.guardrails import sanitize_catalog_text
from rag.integrations.product_search import ProductSearch, SearchRequest, SearchResponse
from rag.records import Product
from rag.settings import Settings

#: Characters of the catalog description kept in ``page_content``.
DESCRIPTION_CHARS = 400


class ShopAssistRetriever(BaseRetriever):
    """Hybrid product search (BM25 + dense, query understanding, optional rerank and personalization)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    search: ProductSearch
    search_kwargs: dict[str, Any] = Field(default_factory=dict)

    def model_post_init(self, context: Any, /) -> None:
        super().model_post_init(context)
        SearchRequest.from_kwargs("", self.search_kwargs)  # a typo fails here, not on the first query

    @classmethod
    def from_settings(cls, settings: Settings, **kwargs: Any) -> ShopAssistRetriever:
        """Over the index, reranker and interaction store ``settings`` name (as ``shopassist search``)."""
        search_parts = {k: kwargs.pop(k) for k in ("search_services", "reranker", "personalizer") if k in kwargs}
        services = search_parts.pop("search_services", None)
        return cls(search=ProductSearch.from_settings(settings, search=services, **search_parts), **kwargs)

    def request(self, query: str, **overrides: Any) -> SearchRequest:
        return SearchRequest.from_kwargs(query, {**self.search_kwargs, **overrides})

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, **kwargs: Any
    ) -> list[Document]:
        return to_documents(self.search.search(self.request(query, **kwargs)))

    async def _aget_relevant_documents(
        self, query: str, *, run_manager: AsyncCallbackManagerForRetrieverRun, **kwargs: Any
    ) -> list[Document]:
        request = self.request(query, **kwargs)  # bad options raise before the executor
        response = await run_in_executor(None, self.search.search, request)
        return to_documents(response)


def configurable_retriever(retriever: ShopAssistRetriever) -> Runnable:
    """``retriever`` whose ``search_kwargs`` a run's config may replace (one shopper, one filter set, per call):
    ``chain.invoke(q, config={"configurable": {"search_kwargs": {"user_id": "u1", "k": 5}}})``."""
    return retriever.configurable_fields(
        search_kwargs=ConfigurableField(
            id="search_kwargs",
            name="Search options",
            description="k, filters, mode, understand, user_id, rerank (see SearchRequest)",
        )
    )


def page_content(product: Product) -> str:
    facts = [f"Brand: {product.brand}"] if product.brand else []
    if product.category:
        facts.append(f"Category: {product.category}")
    facts.append(f"Price: {format_price(product.price, product.currency)}")
    description = " ".join(sanitize_catalog_text(product.description or "").split())
    if len(description) > DESCRIPTION_CHARS:
        description = description[: DESCRIPTION_CHARS].rsplit(" ", 1)[0] + " …"
    return "\n".join(part for part in (product.title, ". ".join(facts) + ".", description) if part)


def to_documents(response: SearchResponse) -> list[Document]:
    """One ``Document`` per ranked hit whose record the engine has (in rank order)."""
    boosts = {b.product_id: b for b in response.boosts}
    documents = []
    for rank, hit in enumerate(response.result.hits, start=1):
        product = response.products.get(hit.product_id)
        if product is None:  # deleted between ranking and fetching: nothing to show
            continue
        metadata: dict[str, Any] = {
            "id": product.id,
            "title": product.title,
            "brand": product.brand,
            "price": product.price,
            "currency": product.currency,
            "category": product.category,
            "rank": rank,
            "score": hit.score,
            "legs": {leg: {"rank": ev.rank, "score": ev.score} for leg, ev in hit.legs.items()},
        }
        boost = boosts.get(hit.product_id)
        if boost is not None:
            metadata["boost"] = {"delta": boost.delta, "reason": boost.reason}
        documents.append(Document(page_content=page_content(product), metadata=metadata, id=product.id))
    return documents
