"""The wiring: builds the long-lived components from settings, in one place.

This package is the only code outside the front ends that reads :class:`Settings`
to build components: engines (:mod:`rag.wiring.engines`), the retriever
(:mod:`rag.wiring.retrieval`), and here the embedder, understanding, reranker,
HyDE, personalizer, the chain and an experiment's router. Nothing here runs at
import time; callers (CLI, API, UI, benchmarks, tests) construct what they
need and inject it. Models load lazily on first use.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rag.conversation.refine_reader import RefineReader
from rag.embeddings import Embedder, build_embedder
from rag.engines import SearchEngine
from rag.engines.base import WarmUp
from rag.indexing import DocumentBuilder, IngestResult, ingest
from rag.retrieval import Retriever
from rag.settings import HydeMode, RerankPolicy, Settings
from rag.understanding import QueryParser, UnderstandingRetriever, Vocabulary
from rag.understanding.kinds import load_needs
from rag.understanding.typer import TypeReader

logger = logging.getLogger(__name__)


def live_model(settings: Settings, target: str) -> str:
    """The ``reranker`` or ``embedder`` to load: ``SHOPASSIST_RERANKER_MODEL`` /
    ``SHOPASSIST_EMBEDDING_MODEL`` when set (any Hugging Face name or path), else the
    live version in the model registry (``shopassist models list``), else the default."""
    from personalization.retraining.registry import Target, resolve_model

    return resolve_model(settings, Target.from_str(target)).model


def make_embedder(settings: Settings) -> Embedder:
    embedder = build_embedder(
        live_model(settings, "embedder"),
        tokenizer=settings.embedding_tokenizer,
        max_tokens=settings.embedding_max_tokens,
        batch_size=settings.embedding_batch_size,
        models_dir=settings.models_dir,
    )
    if settings.query_cache_size:
        from rag.caching import make_cache
        from rag.embeddings.cache import CachingEmbedder, query_embedding_namespace

        cache = make_cache(settings, query_embedding_namespace(embedder.model_id), settings.query_cache_size)
        return CachingEmbedder(embedder, settings.query_cache_size, cache=cache)
    return embedder


def engine_factory(settings: Settings):
    def factory(path: Path) -> SearchEngine:
        # The embedded index, or OpenSearch in front of it (settings.engine).
        from rag.wiring.engines import build_engine

        return build_engine(settings, path)

    return factory


def document_builder(settings: Settings) -> DocumentBuilder:
    """The index text recipe: what the lexical fields hold and what the dense leg embeds."""
    return DocumentBuilder(embed_category=settings.embed_category, embed_description=settings.embed_description,
                           embed_attributes=settings.embed_attributes)


def run_ingest(
    settings: Settings,
    *,
    embedder: Embedder | None = None,
    catalog_path: Path | None = None,
    index_dir: Path | None = None,
    rebuild: bool = False,
    progress: bool = True,
) -> IngestResult:
    return ingest(
        catalog_path or settings.catalog_path,
        index_dir or settings.index_dir,
        engine_factory(settings),
        embedder or make_embedder(settings),
        document_builder(settings),
        max_tokens=settings.embedding_max_tokens,
        max_chunks=settings.embedding_max_chunks,
        currency=settings.currency,
        rebuild=rebuild,
        progress=progress,
    )


def _to_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def ensure_index(settings: Settings, progress: bool = True, say: Callable[[str], None] = _to_stderr) -> None:
    """Build the index at ``settings.index_dir`` when it is missing (what ``make run``,
    ``shopassist search`` and the benchmarks do first); ``say`` reports what happens."""
    from rag.indexing.ingest import exclusive_ingest

    # An ingest in progress (another process) is waited for, not served half-built.
    # A read-only index folder (no lock file can be made) has no ingest to wait for.
    try:
        with exclusive_ingest(settings.index_dir, on_wait=lambda d: say(
                f"An ingest into {d} is running: waiting for it to finish …")):
            pass
    except OSError as exc:
        say(f"not checking for an ingest in progress ({type(exc).__name__}: {exc})")
    if not engine_factory(settings)(settings.index_dir).health().ok:
        say(f"No index at {settings.index_dir}: building it from {settings.catalog_path} …")
        result = run_ingest(settings, progress=progress)
        say(result.summary())


@dataclass(frozen=True)
class SearchServices:
    settings: Settings
    engine: SearchEngine
    embedder: Embedder
    retriever: Retriever
    understanding: UnderstandingRetriever | None = None


def build_search_services(
    settings: Settings,
    *,
    embedder: Embedder | None = None,
    index_dir: Path | None = None,
) -> SearchServices:
    embedder = embedder or make_embedder(settings)
    directory = index_dir or settings.index_dir
    engine = engine_factory(settings)(directory)
    if isinstance(engine, WarmUp):
        engine.warm_up()  # the OpenSearch client is built here, not inside a request's latency budget
    from rag.wiring.retrieval import make_retriever

    retriever = make_retriever(settings, engine, embedder)
    return SearchServices(
        settings=settings,
        engine=engine,
        embedder=embedder,
        retriever=retriever,
        understanding=make_understanding(settings, retriever, directory, embedder),
    )


def make_understanding(
    settings: Settings, retriever: Retriever, index_dir: Path, embedder: Embedder | None = None
) -> UnderstandingRetriever:
    """Query understanding over ``retriever``; the vocabulary comes from the index
    folder (written by ingest). Without one, brands and price bands are unknown
    but price, numeric and product-type rules still work."""
    return UnderstandingRetriever(
        QueryParser(Vocabulary.load(index_dir), typer=make_type_reader(settings)),
        retriever,
        category_mode=settings.category_mode,
        category_boost=settings.category_boost,
        ranker=make_learned_ranker(settings, retriever.engine),
        need_min_similarity=settings.need_reading_similarity,
        need_min_words=settings.need_reading_min_words,
        need_weak_below=settings.need_reading_open_below if settings.need_reading_open_below is not None
        else settings.relevance_weak_below,
        need_override_margin=settings.need_override_margin,
        kind_needs=load_needs(settings.kind_needs_file),
        kind_rows=settings.kind_score_rows,
        kind_margin=settings.kind_margin,
        embed_many=embedder.embed_queries if embedder is not None else None,
        kind_descriptions=load_needs(settings.kind_descriptions_file),
        described_floor=settings.described_similarity,
    )


def make_type_reader(settings: Settings) -> TypeReader | None:
    """The learned second reader of the product type (``SHOPASSIST_LEARNED_TYPES``, on by default), or
    None: then, or when its folder is missing or unreadable (logged), the rules read the type alone."""
    if not settings.learned_types:
        return None
    try:
        return TypeReader.load(settings.type_model)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        logger.warning("type model %s not loaded (%s): the rules read product types alone", settings.type_model, exc)
        return None


def make_refine_reader(settings: Settings, parser: QueryParser) -> RefineReader | None:
    """The learned reader of follow-ups (``SHOPASSIST_LEARNED_FOLLOWUPS``, on by default), reading messages as
    ``parser`` mends them, or None: then, or when its folder is missing or unreadable (logged), the rules alone
    decide whether a follow-up refines."""
    if not settings.learned_followups:
        return None
    try:
        return RefineReader.load(settings.followup_model, brands=parser.vocabulary.brands, normalize=parser.normalize)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        logger.warning("follow-up model %s not loaded (%s): the rules read follow-ups alone", settings.followup_model, exc)
        return None


def make_learned_ranker(settings: Settings, engine: SearchEngine):
    """The learned ranking of the first pass (``SHOPASSIST_LEARNED_RANKING``, on by default),
    or None; its model loads on first use."""
    if not settings.learned_ranking:
        return None
    from rag.rerank.ltr import LearnedRanker

    return LearnedRanker(settings.ltr_model, engine.fetch, top_n=settings.ltr_top_n)


def make_reranker(settings: Settings):
    """The configured cross-encoder (loaded lazily on first use), behind the
    rerank-score cache unless ``rerank_cache_size`` is 0."""
    from rag.rerank.cross_encoder import CrossEncoderReranker

    reranker = CrossEncoderReranker(
        live_model(settings, "reranker"),
        max_length=settings.rerank_max_length,
        fuse_with_first_pass=True,
        fusion_k=settings.rerank_fusion_k,
        first_pass_weight=settings.rerank_first_pass_weight,
        quantize=settings.rerank_quantize,
    )
    if not settings.rerank_cache_size:
        return reranker
    from rag.caching import make_cache
    from rag.rerank.cached import RERANK_NAMESPACE, CachingReranker

    cache = make_cache(settings, RERANK_NAMESPACE, settings.rerank_cache_size)
    return CachingReranker(reranker, cache)


def make_hyde(settings: Settings, choice, search: SearchServices):
    """The HyDE leg over ``search``'s engine and embedder, writing with ``choice``."""
    from rag.caching import make_cache
    from rag.understanding.hyde import HYDE_NAMESPACE, HydeExpander, HydeWriter

    writer = HydeWriter(
        choice,
        make_cache(settings, HYDE_NAMESPACE, 2048),
        max_tokens=settings.hyde_max_tokens,
        timeout_s=settings.hyde_timeout_s,
    )
    return HydeExpander(
        writer,
        search.engine,
        search.embedder,
        mode=settings.hyde_mode,
        weight=settings.hyde_weight,
        leg_weights=settings.leg_weights,
        rrf_k=settings.rrf_k,
        depth=settings.candidates_per_leg,
    )


def make_personalizer(settings: Settings, engine: SearchEngine | None = None):
    """The store-backed personalizer (``SHOPASSIST_STORE_URL``), or None when
    ``SHOPASSIST_PERSONALIZATION=false``; the store opens on first use. With ``engine``, the
    products' stored vectors let the profile's centroid count ("similar to what you liked")."""
    from personalization.personalizer import personalizer_from_settings
    from rag.engines.base import stored_vectors

    vectors = (lambda ids: stored_vectors(engine, ids)) if engine is not None else None
    return personalizer_from_settings(settings, vectors=vectors)


def make_conversations(settings: Settings):
    """Conversation memory in the interaction store (``SHOPASSIST_STORE_URL``), opened on first
    use; JSON conversation files an older version left in ``sessions_dir`` move in then."""
    from personalization.store import ConversationMessageRow, LazyStore, read_only
    from rag.conversation import SqlConversationStore

    store = LazyStore(settings.store_url)
    return SqlConversationStore(store, ConversationMessageRow.__table__, reader=lambda: read_only(store()),
                                legacy_folder=settings.sessions_dir)


def build_assistant(
    settings: Settings,
    *,
    search: SearchServices | None = None,
    chat_model=None,
    conversations=None,
    personalizer=None,
    reranker=None,
):
    """The conversational assistant: the chain over the search services.

    ``chat_model`` is a :class:`rag.generation.llm.ChatModelChoice` (by default
    chosen from settings: OpenAI-compatible, local GGUF or extractive);
    ``conversations`` a store (by default in the interaction store: :func:`make_conversations`).
    With ``settings.experiment`` set, an :class:`ExperimentAssistant` that
    routes each turn to the assistant of its user's variant.
    """
    if settings.experiment is not None:
        # One assistant per variant over shared services; each turn goes to its user's variant.
        return build_experiment_assistant(settings, build_assistant, search=search, chat_model=chat_model,
                                          conversations=conversations, personalizer=personalizer, reranker=reranker)
    from rag.chain import ShoppingAssistant, Steps
    from rag.chain.ports import NoPersonalization
    from rag.generation.answer import Answerer
    from rag.generation.llm import answer_queue, build_chat_model

    search = search or build_search_services(settings)
    choice = chat_model if chat_model is not None else build_chat_model(settings)
    from rag.rerank.stage import RerankTrigger

    trigger = RerankTrigger.from_settings(settings)
    if reranker is None and trigger.policy is not RerankPolicy.NEVER:
        reranker = make_reranker(settings)
    understanding = search.understanding or make_understanding(settings, search.retriever, settings.index_dir, search.embedder)
    hyde = make_hyde(settings, choice, search) if settings.hyde_mode is not HydeMode.OFF else None
    steps = Steps(
        engine=search.engine,
        understanding=understanding,
        answerer=Answerer(choice, timeout_s=settings.llm_timeout_s, context_products=settings.llm_context_products,
                          lead=settings.llm_lead, queue=answer_queue(settings, choice)),
        conversations=conversations or make_conversations(settings),
        personalizer=personalizer or make_personalizer(settings, search.engine) or NoPersonalization(),
        reranker=reranker,
        rerank_trigger=trigger,
        hyde_expander=hyde,
        rerank_top_n=settings.rerank_top_n,
        answer_products=settings.answer_products,
        candidates=max(settings.rerank_top_n, 10),
        brand_vocabulary=frozenset(understanding.parser.vocabulary.brands),
        catalog_words=understanding.parser.vocabulary.words,
        relevance_none_below=settings.relevance_none_below,
        relevance_weak_below=settings.relevance_weak_below,
        refine_reader=make_refine_reader(settings, understanding.parser),
    )
    return ShoppingAssistant(steps)


def build_experiment_assistant(settings, build_assistant, *, search=None, chat_model=None, conversations=None,
                               personalizer=None, reranker=None):
    """One assistant per variant of ``settings.experiment``, sharing what does not vary.

    ``build_assistant`` builds each variant's assistant (normally
    :func:`build_assistant`; tests pass their own). Search services, the chat
    model, the conversation store and the reranker are built once; each
    variant gets its own personalizer bounds (over one shared store) and
    rerank trigger.
    """
    from personalization.experiments import Experiment, ExperimentAssistant, variant_settings
    from personalization.personalizer import StorePersonalizer, personalizer_from_settings
    from personalization.reorder import ReorderConfig
    from rag.chain.ports import NoPersonalization
    from rag.generation.llm import build_chat_model

    experiment = Experiment.from_dict(settings.experiment)
    per_variant = {v.name: variant_settings(settings, v) for v in experiment.variants}
    search = search or build_search_services(settings)
    chat_model = chat_model if chat_model is not None else build_chat_model(settings)
    conversations = conversations or make_conversations(settings)
    if reranker is None and any(s.rerank_policy is not RerankPolicy.NEVER for s in per_variant.values()):
        reranker = make_reranker(settings)
    shared = personalizer if personalizer is not None else personalizer_from_settings(settings.with_overrides(personalization=True))
    assistants = {}
    for name, s in per_variant.items():
        if not s.personalization:
            mine = NoPersonalization()
        elif isinstance(shared, StorePersonalizer):
            config = ReorderConfig(s.personalization_weight, s.personalization_max_rise, s.personalization_mmr_lambda)
            mine = StorePersonalizer(shared.sessions, config, half_life_days=s.personalization_half_life_days,
                                     vectors=shared.vectors, clock=shared.clock)
        else:
            mine = shared
        assistants[name] = build_assistant(s, search=search, chat_model=chat_model, conversations=conversations,
                                           personalizer=mine, reranker=reranker)
    return ExperimentAssistant(experiment, assistants)
