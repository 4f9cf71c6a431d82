"""One search call: understand, retrieve, rerank (by policy), personalize, join records.

The same steps, in the same order and with the same depths, as
``shopassist search`` (and the app's ``/api/search``): query understanding
turns constraints into filters (relaxed when they empty the result), the
rerank trigger decides from the first pass, the top ``k`` are kept. A
``user_id`` adds the chain's personalization stage on top (profile-weighted,
bounded reordering of the head), which ``shopassist search`` has no option for.

Scorers return ids; the records are fetched once, here, at the edge.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from rag.chain.ports import Boost, Personalizer
from rag.engines.base import SearchEngine
from rag.records import NO_FILTERS, Filters, Product, filters_from_dict
from rag.rerank.base import Reranker
from rag.rerank.stage import RerankDecision, RerankTrigger, rerank_with_policy
from rag.retrieval import HybridRetriever, RetrievalMode, RetrievalResult
from rag.settings import RerankPolicy, Settings
from rag.understanding import UnderstandingRetriever
from rag.understanding.understood import UnderstoodResult

#: The largest ``k`` one search returns (the app's search API allows 100 too).
MAX_K = 100


@dataclass(frozen=True, slots=True)
class SearchRequest:
    """What one search asks for; :meth:`from_kwargs` validates loose input (LangChain ``search_kwargs``)."""

    query: str
    k: int = 10
    filters: Filters = NO_FILTERS
    mode: RetrievalMode | None = None
    understand: bool = True
    user_id: str | None = None
    rerank: RerankPolicy | None = None  # None: the configured policy

    def __post_init__(self) -> None:
        if not isinstance(self.query, str):
            raise TypeError(f"query must be a string, got {type(self.query).__name__}")
        if not 1 <= self.k <= MAX_K:
            raise ValueError(f"k must be between 1 and {MAX_K}, got {self.k}")

    #: The keys :meth:`from_kwargs` accepts.
    KEYS = ("k", "filters", "mode", "understand", "user_id", "rerank")

    @classmethod
    def from_kwargs(cls, query: str, kwargs: Mapping[str, Any]) -> SearchRequest:
        """``filters`` may be a :class:`Filters` or its ``describe()`` dict
        (``{"brands": [...], "categories": [...], "price": [min, max], "memory_gb": [16, null]}``);
        ``mode`` and ``rerank`` their names (``"hybrid-rrf"``, ``"auto"``)."""
        unknown = sorted(set(kwargs) - set(cls.KEYS))
        if unknown:
            raise ValueError(f"unknown search option(s) {unknown}; allowed: {list(cls.KEYS)}")
        filters = kwargs.get("filters") or NO_FILTERS
        if isinstance(filters, Mapping):
            filters = filters_from_dict(filters)
        elif not isinstance(filters, Filters):
            raise TypeError(f"filters must be a Filters or a dict, got {type(filters).__name__}")
        mode = kwargs.get("mode")
        rerank = kwargs.get("rerank")
        user_id = kwargs.get("user_id")
        return cls(
            query=query,
            k=int(kwargs.get("k", 10)),
            filters=filters,
            mode=RetrievalMode.from_str(mode) if isinstance(mode, str) else mode,
            understand=bool(kwargs.get("understand", True)),
            user_id=str(user_id) if user_id else None,
            rerank=RerankPolicy.from_str(rerank) if isinstance(rerank, str) else rerank,
        )


@dataclass(frozen=True, slots=True)
class SearchResponse:
    """The ranked list (``result.hits``, at most ``k``), each hit's record, and what each stage did."""

    result: RetrievalResult
    products: Mapping[str, Product]
    understood: UnderstoodResult | None = None
    rerank: RerankDecision | None = None
    boosts: tuple[Boost, ...] = ()

    @property
    def ids(self) -> list[str]:
        return [h.product_id for h in self.result.hits]


class ProductSearch:
    """The search pipeline over injected parts; cheap to build, safe to share across threads.

    A plain class rather than a dataclass: pydantic models (the LangChain
    retriever) hold it as an opaque instance instead of introspecting its fields.
    """

    def __init__(
        self,
        engine: SearchEngine,
        retriever: HybridRetriever,
        understanding: UnderstandingRetriever | None = None,
        *,
        reranker: Reranker | None = None,
        trigger: RerankTrigger | None = None,
        rerank_top_n: int = 30,
        understand_queries: bool = True,
        personalizer: Personalizer | None = None,
    ) -> None:
        if rerank_top_n < 1:
            raise ValueError(f"rerank_top_n must be >= 1, got {rerank_top_n}")
        self.engine = engine
        self.retriever = retriever
        self.understanding = understanding
        self.reranker = reranker
        self.trigger = trigger or RerankTrigger()
        self.rerank_top_n = rerank_top_n
        self.understand_queries = understand_queries
        self.personalizer = personalizer

    @classmethod
    def from_settings(cls, settings: Settings, *, search: Any = None, reranker: Reranker | None = None,
                      personalizer: Personalizer | None = None) -> ProductSearch:
        """Built as ``shopassist search`` builds it: the index in ``settings.index_dir``,
        the reranker only when the policy can rerank, the store-backed personalizer
        (opened on first use by a shopper) unless personalization is off."""
        from rag.wiring import build_search_services, make_personalizer, make_reranker

        search = search or build_search_services(settings)
        trigger = RerankTrigger.from_settings(settings)
        if reranker is None and trigger.policy is not RerankPolicy.NEVER:
            reranker = make_reranker(settings)
        return cls(
            engine=search.engine,
            retriever=search.retriever,
            understanding=search.understanding,
            reranker=reranker,
            trigger=trigger,
            rerank_top_n=settings.rerank_top_n,
            understand_queries=settings.understand_queries,
            personalizer=personalizer if personalizer is not None else make_personalizer(settings),
        )

    def search(self, request: SearchRequest) -> SearchResponse:
        trigger = self.trigger if request.rerank is None else replace(self.trigger, policy=request.rerank)
        if trigger.policy is not RerankPolicy.NEVER and self.reranker is None:
            raise ValueError(f"rerank policy {trigger.policy.value!r} needs a reranker; build the search with one "
                             "(SHOPASSIST_RERANK_POLICY=auto or always) or pass rerank='never'")
        personalizing = request.user_id is not None and self.personalizer is not None
        reranking = trigger.policy is not RerankPolicy.NEVER
        # The reranker sees its whole top_n, and so does the personalizer (as in the chain).
        depth = max(request.k, self.rerank_top_n) if (reranking or personalizing) else request.k
        understood = None
        if request.understand and self.understanding_queries_on:
            assert self.understanding is not None
            understood = self.understanding.retrieve(request.query, k=depth, filters=request.filters, mode=request.mode)
            result = understood.result
        else:
            result = self.retriever.retrieve(request.query, k=depth, filters=request.filters, mode=request.mode)
        decision = None
        if reranking:
            outcome = rerank_with_policy(trigger, self.reranker, self.engine, request.query, result, self.rerank_top_n)
            decision, result = outcome.decision, outcome.result
        boosts: tuple[Boost, ...] = ()
        products: Mapping[str, Product] = {}
        if personalizing and result.hits:
            assert self.personalizer is not None and request.user_id is not None
            head = result.hits[: max(self.rerank_top_n, request.k)]
            products = self.engine.fetch([h.product_id for h in head])
            out = self.personalizer.personalize(request.user_id, result.query, head, products)
            result, boosts = replace(result, hits=(*out.hits, *result.hits[len(head):])), out.boosts
        result = replace(result, hits=result.hits[: request.k])
        missing = [h.product_id for h in result.hits if h.product_id not in products]
        if missing:
            products = {**products, **self.engine.fetch(missing)}
        return SearchResponse(result, products, understood, decision, boosts)

    @property
    def understanding_queries_on(self) -> bool:
        return self.understand_queries and self.understanding is not None
