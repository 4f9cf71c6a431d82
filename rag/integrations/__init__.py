"""Adapters that let other ecosystems use what we built.

* :mod:`rag.integrations.product_search`: the search ``shopassist search``
  runs (query understanding, filters, the rerank policy) plus optional
  per-shopper personalization, as one typed call.
* :mod:`rag.integrations.langchain_retriever`: that search as a LangChain
  ``BaseRetriever`` returning Documents with product metadata.
* :mod:`rag.integrations.langchain_assistant`: the whole assistant as a typed,
  streaming LangChain ``Runnable`` another LCEL chain can compose.

Modules import LangChain only where they adapt to it; nothing on the
request path of the app imports this package.
"""
