"""What the Gradio app and the HTTP API both need, built once from settings.

:class:`AppServices` is a facade: it bundles the search services, the
assistant (with conversation memory per session), the interaction store and
the metrics, and offers one small method per thing a front end does — run or
stream a chat turn (and log its ranking), search, record feedback, read and
edit a profile, forget a shopper, export the feedback log, report health.
The work itself stays in the modules that own it (``rag.chain``,
``rag.understanding``, ``personalization.*``); nothing here ranks or scores.

Bad input raises ``ValueError`` naming the bad value; a missing product,
ranking or affinity raises :class:`NotFoundError`. Front ends map those to
messages (UI) or 4xx answers (API).
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from langchain_core.runnables import RunnableConfig

from rag.app_lookups import FeedbackLookups
from rag.chain import AnswerChunk, ShoppingAssistant, TurnRequest, TurnResult
from rag.engines.base import stored_vectors
from rag.identity import Forbidden, Identities
from rag.inputs import check_name, check_text
from rag.metrics import ServiceMetrics
from rag.records import NO_FILTERS, Filters, Product
from rag.retrieval import RetrievalMode
from rag.settings import RerankPolicy, Settings
from rag.wiring import SearchServices

if TYPE_CHECKING:
    from personalization.store import SessionFactory
    from personalization.writer import GroupCommitWriter


from rag.app_records import (
    ChatInput,
    FeedbackInput,
    FeedbackRecord,
    ForgetReport,
    NotFoundError,
    SearchOutcome,
    ServiceHealth,
)

# -- the facade --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AppServices:
    """Built once per process by :func:`build_app_services`; safe to share across threads."""

    settings: Settings
    search_services: SearchServices
    assistant: ShoppingAssistant
    store: SessionFactory  # LazyStore or sessionmaker: ``store()`` → Session, ``store.begin()`` → transaction
    metrics: ServiceMetrics = field(default_factory=ServiceMetrics)

    # -- chat ------------------------------------------------------------------------------------
    @property
    def generator(self) -> str:
        """Who writes answers now: the model's name or "extractive"."""
        return self.assistant.steps.answerer.name

    def turn_request(self, chat: ChatInput) -> TurnRequest:
        """Validate ``chat`` into the chain's request; a missing session id gets a fresh one."""
        from personalization.repository import validate_user_id
        from rag.conversation.memory import validate_session_id

        message = chat.message if isinstance(chat.message, str) else ""
        check_text("message", message, self.settings.max_message_chars)
        if chat.owner is None:
            session_id = validate_session_id(chat.session_id) if chat.session_id else uuid.uuid4().hex
            request_id = uuid.uuid4().hex
        else:
            if chat.session_id and not self.identities.owns("session", chat.owner, chat.session_id):
                raise Forbidden("that conversation was not started by you; leave session_id out to start one")
            session_id = chat.session_id or self.new_session_id(chat.owner)
            request_id = self.identities.bound_id("request", chat.owner)
        user_id = validate_user_id(chat.user_id) if chat.user_id else None
        if chat.owner is not None and user_id is not None:
            user_id = self.identities.authorize(chat.owner, user_id, self.demo_personas())
        return TurnRequest(message, session_id=session_id, user_id=user_id, filters=chat.filters,
                           request_id=request_id)

    # -- identity ----------------------------------------------------------------------------------
    @cached_property
    def identities(self) -> Identities:
        """Shopper identities and owner-bound ids (the secret is read on first use)."""
        return Identities(self.settings)

    def new_session_id(self, owner: str) -> str:
        """A conversation id only ``owner`` can continue."""
        return self.identities.bound_id("session", owner)

    def demo_personas(self) -> frozenset[str]:
        """Ids of the demo personas (the personas file and the store's demo users); empty outside demo mode."""
        from rag.demo_mode import demo_persona_ids

        return demo_persona_ids(self.settings, self.demo_users)

    def authorize(self, owner: str | None, user_id: str | None) -> str:
        """The shopper ``owner`` may act on when it names ``user_id`` (None: itself); else :class:`Forbidden`."""
        return self.identities.authorize(owner, user_id, self.demo_personas() if user_id not in (None, owner) else ())

    def stream_turn(self, chat: ChatInput) -> Iterator[AnswerChunk]:
        """The answer as it is written; the last chunk carries the :class:`TurnResult`.

        ``chat`` is validated now (``ValueError`` before anything streams); the
        turn runs as the iterator is consumed. Its ranking is logged (and metrics
        observed) *before* the last chunk is handed out, so feedback sent on
        receiving it finds the ranking.
        """
        return self._stream(self.turn_request(chat))

    def stream_request(self, request: TurnRequest, config: RunnableConfig | None = None) -> Iterator[AnswerChunk]:
        """Like :meth:`stream_turn` for a request already validated by :meth:`turn_request`
        (its request and session ids can be shown before the answer starts). ``config``
        (LangChain callbacks, tags) reaches every step of the chain."""
        return self._stream(request, config)

    def _stream(self, request: TurnRequest, config: RunnableConfig | None = None) -> Iterator[AnswerChunk]:
        for chunk in self.assistant.stream(request, config):
            if chunk.result is not None:
                self._after_turn(chunk.result)
            yield chunk

    def run_turn(self, chat: ChatInput) -> TurnResult:
        result = None
        for chunk in self.stream_turn(chat):
            result = chunk.result or result
        if result is None:  # the chain always ends with a result; this is a programmer error
            raise RuntimeError("the chain finished without a result")
        return result

    def _after_turn(self, result: TurnResult) -> None:
        logged = True
        if self.settings.personalization:
            from personalization.turnlog import log_turn

            logged = log_turn(self.store, result, writer=self.writer)
        self.metrics.observe_turn(result, logged=logged)

    # -- search ----------------------------------------------------------------------------------
    def search(
        self,
        query: str,
        *,
        filters: Filters = NO_FILTERS,
        k: int = 10,
        mode: RetrievalMode | str | None = None,
        understand: bool = True,
    ) -> SearchOutcome:
        """The ranked products for ``query``, as ``shopassist search`` ranks them
        (query understanding, then the rerank policy from settings)."""
        check_text("query", query, self.settings.max_message_chars)
        if not 1 <= k <= 100:
            raise ValueError(f"k must be between 1 and 100, got {k}")
        chosen = RetrievalMode.from_str(mode) if isinstance(mode, str) else mode
        services, settings = self.search_services, self.settings
        steps = self.assistant.steps
        reranking = settings.rerank_policy is not RerankPolicy.NEVER and steps.reranker is not None
        depth = max(k, settings.rerank_top_n) if reranking else k
        understood = None
        if understand and settings.understand_queries:
            understood = steps.understanding.retrieve(query, k=depth, filters=filters, mode=chosen)
            result = understood.result
        else:
            result = services.retriever.retrieve(query, k=depth, filters=filters, mode=chosen)
        decision = None
        if reranking:
            from rag.rerank.stage import rerank_with_policy

            outcome = rerank_with_policy(steps.rerank_trigger, steps.reranker, services.engine, query, result,
                                         settings.rerank_top_n)
            decision = outcome.decision.as_dict()
            result = outcome.result
        result = replace(result, hits=result.hits[:k])
        products = services.engine.fetch([h.product_id for h in result.hits])
        self.metrics.observe_stages("search", result.timings_ms)
        return SearchOutcome(result, understood, products, decision)

    def similar(self, product_id: str, *, k: int = 5, filters: Filters = NO_FILTERS) -> list[Product]:
        """"More like this": the ``k`` products nearest to ``product_id`` (itself left out), in its
        category unless ``filters`` name categories, with ``filters``' brands and price kept.

        Seeded by the product's stored vector (a document-to-document neighbour search); an
        engine that keeps no vectors gets the product's title as a query instead.
        """
        if not 1 <= k <= 50:
            raise ValueError(f"k must be between 1 and 50, got {k}")
        engine = self.search_services.engine
        seed = engine.fetch([product_id]).get(product_id)
        if seed is None:
            raise NotFoundError(f"no product {product_id!r} in the index")
        scoped = Filters(brands=filters.brands, categories=filters.categories or ((seed.category,) if seed.category else ()),
                         price=filters.price, numeric=filters.numeric, text=filters.text)
        vector = stored_vectors(engine, [product_id]).get(product_id)
        if vector is not None:
            ids = [h.product_id for h in engine.vector(vector, k + 1, scoped)]
        else:
            ids = [h.product_id for h in self.search_services.retriever.retrieve(seed.title, k=k + 1, filters=scoped).hits]
        ids = [pid for pid in ids if pid != product_id][:k]
        found = engine.fetch(ids)
        return [found[pid] for pid in ids if pid in found]

    # -- feedback --------------------------------------------------------------------------------
    @cached_property
    def writer(self) -> GroupCommitWriter:
        """The process's single store writer: feedback and turn logs are committed in groups."""
        from personalization.writer import GroupCommitWriter

        return GroupCommitWriter(self.store)

    @cached_property
    def feedback_lookups(self) -> FeedbackLookups:
        """The product records and turns feedback reads, kept per process (:mod:`rag.app_lookups`)."""
        from personalization.repository import shown_ids
        from personalization.store import read_only

        def shown(request_id: str) -> list[str]:
            with self.store() as session:
                read_only(session)
                return shown_ids(session, request_id)

        return FeedbackLookups(self.search_services.engine, shown)

    def feedback_held(self, feedback: FeedbackInput) -> bool:
        """Whether checking ``feedback`` reads nothing (its product and turn were read lately):
        :meth:`submit_feedback` then never blocks, and a server may call it on its event loop."""
        return self.feedback_lookups.held(feedback.product_id, feedback.request_id)

    def record_feedback(self, feedback: FeedbackInput) -> FeedbackRecord:
        """Store one interaction and fold it into the shopper's profile; returns once committed.

        The write goes through :attr:`writer` (group commit): the profile update runs
        there, at the end of the batch, in the same transaction as the row.
        """
        from personalization.writer import WAIT_S

        return self.submit_feedback(feedback).result(timeout=WAIT_S)

    def submit_feedback(self, feedback: FeedbackInput) -> Future[FeedbackRecord]:
        """Check ``feedback`` and queue its write; the future resolves once it is committed.

        A bad event, a turn that is not the caller's or an unknown product raises here, before
        anything is queued. The check may read the engine (a product's record, the first time
        it is asked for); waiting for the commit holds no thread, so a server can await the
        future on its event loop (:func:`asyncio.wrap_future`) instead of parking a worker
        thread per pending write.
        """
        from personalization.events import EventKind, Interaction
        from personalization.repository import ranking_user, record_interaction, validate_user_id
        from personalization.writer import AfterFlush

        kind = EventKind.from_str(feedback.kind)
        if feedback.reason is not None:
            check_name("reason", feedback.reason, 64)
        if feedback.comment is not None:
            check_text("comment", feedback.comment, self.settings.max_message_chars)
        product = vector = None
        peers: tuple[Product, ...] = ()
        if feedback.product_id:
            product, vector = self.feedback_lookups.product(feedback.product_id)
            if feedback.request_id:
                peers = self.feedback_lookups.peers(feedback.request_id)
        user_id = validate_user_id(feedback.user_id) if feedback.user_id else None
        if feedback.owner is not None:
            if feedback.request_id and not self.identities.owns("request", feedback.owner, feedback.request_id):
                raise Forbidden("that answer was not shown to you: feedback goes on your own turns")
            if user_id is not None:
                user_id = self.authorize(feedback.owner, user_id)
            elif not feedback.request_id:
                user_id = feedback.owner
        half_life = self.settings.personalization_half_life_days

        def write(session, batch) -> FeedbackRecord:
            shopper = user_id
            if feedback.request_id:
                logged, owner = ranking_user(session, feedback.request_id, remembered=not batch.isolated)
                if not logged:
                    raise NotFoundError(f"no turn was logged with request id {feedback.request_id!r}")
                shopper = shopper or owner
            event = Interaction(shopper, kind, feedback.request_id, feedback.product_id, feedback.reason,
                                feedback.comment, feedback.value, client_key=feedback.client_key)
            row = record_interaction(session, event, product=product, vector=vector, half_life_days=half_life,
                                     defer=batch.defer, peers=peers, optimistic=not batch.isolated)
            return AfterFlush(lambda: FeedbackRecord(row.id, row.kind, row.user_id, row.request_id, row.product_id,
                                                     row.reason))

        return self.writer.submit_nowait(write, user_id=user_id)

    def annotate_feedback(self, record_id: int, *, reason: str | None = None, comment: str | None = None) -> FeedbackRecord:
        """Attach the optional reason (and comment) a shopper gives after a thumbs.

        The thumbs is stored the moment it is clicked (so it counts even when no
        reason follows); the reason updates that same row instead of adding a
        second event, so the profile is not moved twice.
        """
        from personalization.repository import annotate_interaction

        if reason is not None:
            reason = check_name("reason", reason, 64)
        if comment is not None:
            comment = check_text("comment", comment, self.settings.max_message_chars)
        with self.store.begin() as session:
            row = annotate_interaction(session, int(record_id), reason=reason, comment=comment)
            if row is None:
                raise NotFoundError(f"no feedback with id {record_id}")
            return FeedbackRecord(row.id, row.kind, row.user_id, row.request_id, row.product_id, row.reason)

    # -- conversation memory -----------------------------------------------------------------------
    def rewind_conversation(self, session_id: str, turns: int = 1) -> int:
        """Forget the last ``turns`` turns of a session's memory (the UI's undo and retry);
        returns how many turns remain. Follow-ups then resolve against the earlier turns."""
        from rag.conversation.memory import validate_session_id

        if turns < 0:
            raise ValueError(f"turns must not be negative, got {turns}")
        store = self.assistant.steps.conversations
        conversation = store.load(validate_session_id(session_id))
        kept = conversation.turns[: max(0, len(conversation.turns) - turns)]
        store.save(replace(conversation, turns=kept))
        return len(kept)

    def catalog_facets(self) -> tuple[list[str], list[str]]:
        """(brands, categories) the filters panel offers: brands by catalog frequency, categories sorted."""
        vocabulary = self.assistant.steps.understanding.parser.vocabulary
        categories = {c for c in vocabulary.price_bands if c != "*"}
        for sold in vocabulary.brand_categories.values():
            categories.update(sold)
        return list(vocabulary.brands), sorted(categories)

    # -- profile -----------------------------------------------------------------------------------
    def profile(self, user_id: str):
        """The shopper's profile decayed to now (empty for an unknown shopper)."""
        from personalization.repository import load_profile, validate_user_id
        from personalization.store import read_only

        with self.store() as session:
            read_only(session)
            return load_profile(session, validate_user_id(user_id),
                                half_life_days=self.settings.personalization_half_life_days)

    def set_affinity(self, user_id: str, kind: str, key: str, weight: float) -> None:
        """Pin one affinity (the shopper's edit); new events no longer move it."""
        from personalization.repository import set_affinity, validate_user_id

        key = check_name("key", key)
        with self.store.begin() as session:
            set_affinity(session, validate_user_id(user_id), kind, key, weight)

    def remove_affinity(self, user_id: str, kind: str, key: str) -> None:
        from personalization.profile import AFFINITY_KINDS
        from personalization.repository import remove_affinity, validate_user_id

        if kind not in AFFINITY_KINDS:
            raise ValueError(f"unknown affinity kind {kind!r}; choose one of: {', '.join(AFFINITY_KINDS)}")
        with self.store.begin() as session:
            found = remove_affinity(session, validate_user_id(user_id), kind, key)
        if not found:
            raise NotFoundError(f"{user_id} has no {kind} affinity {key!r}")

    def forget(self, user_id: str) -> ForgetReport:
        """Forget me: every stored row of the shopper, and their conversations' memory."""
        from personalization.privacy import erase_on_delete, flush_erased
        from personalization.repository import chat_session_ids, forget_user, validate_user_id
        from personalization.store import count_rows_for_user

        user_id = validate_user_id(user_id)
        with self.store.begin() as session:
            erase_on_delete(session)  # the deleted bytes are overwritten, not just unlinked
            session_ids = chat_session_ids(session, user_id)
            removed = forget_user(session, user_id)
            erase_on_delete(session, on=False)
        conversations = self.assistant.steps.conversations
        for session_id in session_ids:  # the store's rows went with forget_user; other memories go here
            conversations.delete(session_id)
        with self.store() as session:
            flush_erased(session)
            left = count_rows_for_user(session, user_id)
        # Proof by the sessions' ids, which forget_user has just removed from chat_sessions.
        left = {**left, "conversation_turns": sum(len(conversations.load(s).turns) for s in session_ids)}
        return ForgetReport(removed, left, len(session_ids))

    # -- export ------------------------------------------------------------------------------------
    def feedback_frame(self, *, since: datetime | None = None, until: datetime | None = None,
                       include_demo: bool = True) -> pd.DataFrame:
        """The feedback log (one row per answered turn), as ``shopassist export feedback`` reads it."""
        from personalization.feedback import feedback_frame
        from personalization.profile import as_utc

        # A naive time is UTC (as the store reads it); comparing it with a zoned one raw is a TypeError.
        if since and until and as_utc(since) >= as_utc(until):
            raise ValueError("since must be before until")
        with self.store() as session:
            return feedback_frame(session, since=since, until=until, include_demo=include_demo)

    def export_feedback(self, path: Path, fmt: str = "csv", **window: Any) -> tuple[Path, int]:
        """Write the feedback log to ``path`` in ``fmt`` (csv, parquet, jsonl); returns (path, rows)."""
        from personalization.feedback import ExportFormat, write_frame

        kind = ExportFormat.from_str(fmt)
        frame = self.feedback_frame(**window)
        return write_frame(frame, Path(path), kind), len(frame)

    def export_feedback_bytes(self, fmt: str = "csv", **window: Any) -> tuple[bytes, int]:
        """The same export as bytes (for a download), written through the same code."""
        from personalization.feedback import ExportFormat

        kind = ExportFormat.from_str(fmt)
        with tempfile.TemporaryDirectory(prefix="shopassist-export-") as folder:
            path, rows = self.export_feedback(Path(folder) / f"feedback.{kind.value}", kind.value, **window)
            return path.read_bytes(), rows

    def demo_users(self) -> list[str]:
        """The demo personas loaded in the store (``shopassist personas load``)."""
        from personalization.repository import demo_users
        from personalization.store import read_only

        with self.store() as session:
            read_only(session)
            return sorted(demo_users(session))

    # -- health ------------------------------------------------------------------------------------
    def health(self) -> ServiceHealth:
        engine = self.search_services.engine.health()
        store_ok, detail = True, ""
        if self.settings.personalization:
            from personalization.store import check_store

            store_ok, detail = check_store(self.store)
        return ServiceHealth(engine, self.generator, store_ok, detail)


def build_app_services(
    settings: Settings,
    *,
    search: SearchServices | None = None,
    assistant: ShoppingAssistant | None = None,
    store: SessionFactory | None = None,
    conversations: Any = None,
) -> AppServices:
    """Everything the app and the API serve from, built once.

    Defaults come from settings: the index in ``settings.index_dir``, the
    configured answer model, and the interaction store at ``settings.store_url``
    (opened on first use), which also keeps each session's conversation memory
    (so replicas share it and it survives restarts). Tests pass their own pieces.
    """
    from personalization.store import LazyStore
    from rag.wiring import build_assistant, build_search_services

    search = search or build_search_services(settings)
    if assistant is None:
        assistant = build_assistant(settings, search=search, conversations=conversations)
    return AppServices(
        settings=settings,
        search_services=search,
        assistant=assistant,
        store=store if store is not None else LazyStore(settings.store_url),
        metrics=ServiceMetrics(search.engine),
    )
