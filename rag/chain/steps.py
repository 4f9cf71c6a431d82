"""Adapters between the turn state and each stage of the funnel.

Each method calls one stage's own unit (guardrails, conversation,
understanding, retrieval, rerank, personalization, generation), times it and
records what it did in the trace. No stage logic lives here.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from langchain_core.runnables import RunnableConfig

from rag.catalog.categories import broader_category
from rag.chain.ports import NoPersonalization, Personalizer
from rag.chain.state import AnswerChunk, TurnResult, TurnState
from rag.chain.trace import LegTrace
from rag.conversation import ConversationStore, Intent, Turn, resolve
from rag.conversation.refine_reader import EMPTY_NOTE, FollowupReader
from rag.engines.base import SearchEngine
from rag.engines.fallback import FallbackEvent, capture_fallbacks
from rag.generation import relevance
from rag.generation.answer import Answerer, AnswerOutcome, AnswerPlan
from rag.generation.clarify import clarifying_question
from rag.generation.context import build_context
from rag.generation.extractive import compose_abstain
from rag.generation.validate import Grounding
from rag.guardrails import REFUSALS, Scope, classify_scope, redact, scan_message
from rag.records import NO_FILTERS, Filters, Product
from rag.rerank.base import Reranker
from rag.rerank.stage import RerankTrigger, rerank_with_policy
from rag.settings import CategoryMode
from rag.understanding import UnderstandingRetriever
from rag.understanding.asides import without_asides
from rag.understanding.brand_range import brand_only
from rag.understanding.constraints import ParsedQuery
from rag.understanding.examples import without_examples
from rag.understanding.gifts import GIFT, gift_without_hint
from rag.understanding.hyde import HydeExpander
from rag.understanding.named import LINE_PHRASES, missing_items
from rag.understanding.panel import merge_filters
from rag.understanding.quoted import without_quoted
from rag.understanding.relax import is_story
from rag.understanding.understood import UnderstoodResult

_PLACEHOLDER = re.compile(r"\[(?:email|phone|card)\]")
INJECTION_ONLY = (
    "I can only help you find products in this catalog, and I can't change how I work. "
    "What would you like to buy? A budget, brand or key spec helps."
)


@dataclass
class Steps:
    engine: SearchEngine
    understanding: UnderstandingRetriever
    answerer: Answerer
    conversations: ConversationStore
    personalizer: Personalizer = field(default_factory=NoPersonalization)
    reranker: Reranker | None = None
    rerank_trigger: RerankTrigger = field(default_factory=RerankTrigger)
    hyde_expander: HydeExpander | None = None
    rerank_top_n: int = 30
    answer_products: int = 5
    candidates: int = 30
    brand_vocabulary: frozenset[str] = frozenset()
    catalog_words: frozenset[str] = frozenset()  # every word of the catalog (not-carried items)
    relevance_none_below: float = relevance.NONE_BELOW
    relevance_weak_below: float = relevance.WEAK_BELOW
    named_lookup_depth: int = 50  # products read per name when checking a named item is carried
    refine_reader: FollowupReader | None = None  # the learned reader of follow-ups (rag.conversation.refine_reader)

    # -- guard -------------------------------------------------------------
    def guard(self, state: TurnState) -> TurnState:
        t0 = time.perf_counter()
        raw = state.request.message or ""
        trace = state.trace.with_(message=redact(raw))
        scan = scan_message(raw)
        scope = classify_scope(scan.cleaned if scan.detected else raw)
        trace = trace.with_(scope=scope.scope.value, injection=scan.found)
        plan = None
        if scan.detected and scope.scope is Scope.EMPTY:
            plan = AnswerPlan("refuse", "", "", fixed_text=INJECTION_ONLY)
        elif scope.refuse or scope.scope in (Scope.GREETING, Scope.EMPTY):
            kind = "greet" if scope.scope in (Scope.GREETING, Scope.EMPTY) else "refuse"
            plan = AnswerPlan(kind, "", "", fixed_text=REFUSALS[scope.scope])
        if plan is not None:
            trace = trace.with_(plan=plan.kind)
        # Personal data is never searched for, logged or sent to a model.
        # (a passage quoted from a listing, a spec sheet or a review is where the shopper read, not what they ask: quoted.py;
        # nor is why the shopper stepped away, "sorry someone at the door.": asides.py)
        # (nor a maker said as an example of a kind, "Beats type headphones": examples.py)
        message = without_examples(without_asides(without_quoted(" ".join(_PLACEHOLDER.sub(" ", redact(scan.cleaned)).split()))),
                                   self.understanding.parser.is_brand)
        return state.with_(message=message, plan=plan, trace=trace.timed("guard", (time.perf_counter() - t0) * 1000))

    # -- understand: follow-ups and constraints ------------------------------
    def understand(self, state: TurnState) -> TurnState:
        if state.plan is not None:
            return state
        t0 = time.perf_counter()
        resolved, parsed = resolve(
            state.message, state.conversation, self.understanding.parser, lambda ids: list(self.engine.fetch(ids).values()),
            self.refine_reader,
        )
        grounding = Grounding.from_message(state.message, self.brand_vocabulary)
        trace = state.trace.with_(intent=resolved.intent.value, resolution=resolved.describe(), parsed=parsed.describe())
        state = state.with_(resolved=resolved, parsed=parsed, grounding=grounding)
        if resolved.intent in (Intent.COMPARE, Intent.DETAIL):
            products = self.engine.fetch(resolved.referenced)
            ordered = tuple(products[i] for i in resolved.referenced if i in products)
            items = build_context(ordered, self.answer_products)
            plan = AnswerPlan(resolved.intent.value, state.message, resolved.query or state.message, items)
            if not items:
                plan = AnswerPlan("abstain", state.message, state.message,
                                  fixed_text="I can't find the products you mean any more; could you search again?")
            state = state.with_(plan=plan, products=products)
            trace = trace.with_(plan=plan.kind, query=resolved.query)
        return state.with_(trace=trace.timed("resolve", (time.perf_counter() - t0) * 1000))

    # -- retrieve (legs + fusion, with relaxation) -------------------------
    def retrieve(self, state: TurnState) -> TurnState:
        if state.plan is not None or state.resolved is None:
            return state
        resolved = state.resolved
        explicit = state.request.filters
        if resolved.intent is Intent.REFINE:
            explicit = merge_filters(resolved.filters, explicit)
            message = resolved.query
        else:  # the message, the request in it without the shopper's reasons, or the words a switch searches
            message = resolved.search_text or (resolved.query if resolved.set_aside else state.message)
        understood, engine_events = self._search(message, explicit, resolved.let_go if resolved.intent is Intent.REFINE else ())
        if resolved.intent is Intent.REFINE and resolved.or_search and (
                not understood.result.hits or any(c.kind == "category" for c in understood.relaxed)):
            # a refinement the learned reader doubted found nothing, or nothing of its kind: the new search it would have
            # been, if that finds some ("great. I'll grab a mouse to use with it too - logitech, nothing over 30 bucks" after
            # 16 GB laptops: mice; "I'd like to add an extra internal drive as a backup, and it needs to be 2 TB or bigger"
            # after NAS boxes under $600, set OE)
            switched, events = self._search(resolved.or_search, state.request.filters)
            if switched.result.hits:
                resolved = replace(resolved, intent=Intent.SEARCH, query=resolved.or_search, filters=NO_FILTERS,
                                   note=EMPTY_NOTE, set_aside=(), search_text=resolved.or_search, or_search="")
                understood, explicit, engine_events = switched, state.request.filters, [*engine_events, *events]
                state = state.with_(resolved=resolved, parsed=self.understanding.parser.parse(resolved.search_text),
                                    trace=state.trace.with_(intent=resolved.intent.value, resolution=resolved.describe()))
        result = understood.result
        parsed_filters = understood.applied.filters
        if self.understanding.category_mode is not CategoryMode.FILTER:  # the parsed type only boosts, or is off
            parsed_filters = replace(parsed_filters, categories=())
        applied = merge_filters(parsed_filters, explicit)
        trace = state.trace.with_(
            query=understood.applied.text,
            filters=applied.describe(),
            relaxed=tuple(f"{c.kind}: {c.text}" for c in understood.relaxed),
            left_out=tuple(f"{c.kind}: {c.text}" for c in understood.left_out),
            legs=tuple(
                LegTrace(name, tuple(h.product_id for h in hits), tuple(round(h.score, 6) for h in hits))
                for name, hits in result.legs.items()
            ),
            fused=tuple((h.product_id, round(h.score, 6)) for h in result.hits),
            ranking=understood.ranking,
        )
        if resolved.intent is not Intent.REFINE:
            # what retrieval read of the message, with its notes (a type word read as part of the story)
            described = understood.parsed.describe()
            if understood.need_kinds:  # a need said as a sentence, read as the catalog kinds nearest it
                described = {**described, "need_kinds": list(understood.need_kinds)}
            trace = trace.with_(parsed=described)
        if understood.ranking_failure is not None:
            trace = trace.fallback("ltr", understood.ranking)
        for stage, ms in result.timings_ms.items():
            trace = trace.timed(stage, ms)
        for event in engine_events:
            trace = trace.fallback(
                "engine", f"{event.op} served by {event.served_by} ({event.primary} {event.reason.value}: {event.detail})"
            )
        return state.with_(
            understood=understood,
            result=result,
            hits=result.hits,
            search_filters=applied,
            trace=trace,
        )

    def _search(self, message: str, filters: Filters, let_go: tuple[str, ...] = ()) -> tuple[UnderstoodResult, list[FallbackEvent]]:
        with capture_fallbacks() as engine_events:  # an engine that failed over says so here
            understood = self.understanding.retrieve(message, k=max(self.candidates, self.answer_products), filters=filters,
                                                     let_go=let_go)
        return understood, list(engine_events)

    # -- HyDE (adaptive: only when the first pass looks weak) -----------------
    def hyde(self, state: TurnState, config: RunnableConfig | None = None) -> TurnState:
        if self.hyde_expander is None or state.result is None or state.plan is not None:
            return state
        result = state.result
        verdict = relevance.assess_first_pass(
            self.engine, result.query or state.message, result,
            none_below=self.relevance_none_below, weak_below=self.relevance_weak_below,
        )
        callbacks = {"callbacks": config.get("callbacks")} if config else None
        out = self.hyde_expander.expand(result.query, result, state.search_filters, verdict.tier, callbacks)
        trace = state.trace.with_(hyde_reason=out.reason + ("" if out.fired else " (not used)"), hyde_text=out.text)
        if out.fallback:
            trace = trace.fallback("hyde", out.fallback)
        if out.fired:
            trace = trace.with_(
                legs=tuple(
                    LegTrace(name, tuple(h.product_id for h in hits), tuple(round(h.score, 6) for h in hits))
                    for name, hits in out.result.legs.items()
                ),
                fused=tuple((h.product_id, round(h.score, 6)) for h in out.result.hits),
            )
        for stage in ("hyde_llm", "hyde_search", "hyde_fusion"):
            if stage in out.result.timings_ms:
                trace = trace.timed(stage, out.result.timings_ms[stage])
        return state.with_(result=out.result, hits=out.result.hits, trace=trace)

    # -- rerank (when the trigger policy says so) ------------------------------
    def rerank(self, state: TurnState) -> TurnState:
        if state.result is None or not state.hits:
            return state
        try:
            outcome = rerank_with_policy(
                self.rerank_trigger, self.reranker, self.engine, state.result.query, state.result, self.rerank_top_n
            )
        except Exception as exc:  # a reranker failure keeps the first-pass order
            return state.with_(trace=state.trace.fallback("rerank", f"{type(exc).__name__}: {exc}; first-pass order kept"))
        info = outcome.decision.as_dict()
        if outcome.decision.rerank:
            info["top_n"] = self.rerank_top_n
            info["scores"] = {
                h.product_id: round(h.legs["rerank"].score, 4) for h in outcome.result.hits if "rerank" in h.legs
            }
        trace = state.trace.with_(rerank=info)
        if "rerank" in outcome.result.timings_ms:
            trace = trace.timed("rerank", outcome.result.timings_ms["rerank"])
        return state.with_(result=outcome.result, hits=outcome.result.hits, trace=trace)

    # -- personalize ---------------------------------------------------------
    def personalize(self, state: TurnState) -> TurnState:
        if state.result is None or not state.hits:
            return state
        t0 = time.perf_counter()
        head = state.hits[: max(self.rerank_top_n, self.answer_products)]
        # The records are fetched once here for the personalizer, the plan and the answer:
        # timed on their own, so "personalize" is the stage's own cost.
        products = self.engine.fetch([h.product_id for h in head])
        t1 = time.perf_counter()
        out = self.personalizer.personalize(state.request.user_id, state.result.query, head, products)
        hits = (*out.hits, *state.hits[len(head):])
        trace = (
            state.trace.with_(boosts=out.boosts)
            .timed("fetch", (t1 - t0) * 1000)
            .timed("personalize", (time.perf_counter() - t1) * 1000)
        )
        return state.with_(hits=hits, products=products, trace=trace)

    # -- plan: abstain, clarify or answer -------------------------------------
    def plan(self, state: TurnState) -> TurnState:
        if state.plan is not None or state.result is None:
            return state
        t0 = time.perf_counter()
        query = state.result.query or state.message
        verdict = relevance.assess(
            query, replace(state.result, hits=state.hits), state.products,
            none_below=self.relevance_none_below, weak_below=self.relevance_weak_below,
            expansion=state.trace.hyde_text, catalog_words=self.catalog_words,
            # What the final search filtered on holds for every hit, whatever the titles say.
            enforced=[*(c.text for c in state.understood.applied.constraints if c.kind != "category"), *_stated_elsewhere(state)]
            if state.understood else (),
            typed=state.understood is not None and (
                (any(c.kind == "category" for c in state.understood.applied.constraints)
                 and self.understanding.type_filters(state.understood.applied, state.search_filters))
                or bool(state.understood.need_kinds)),  # a need read as kinds: its top products are of them
            of_type=_all_of_type(state),
            needed=state.understood is not None and (
                any(c.kind == "category" and c.need for c in state.understood.applied.constraints)
                # a new search in words the follow-up rules rewrote: a thing for what was shown, said with it named ("a
                # protective case or cover for it as well" after tablets, set OE), or a budget kept: its kind is the request,
                # the rest of the words the conversation's
                or (state.resolved is not None and bool(state.resolved.search_text) and state.resolved.search_text != state.message
                    and any(c.kind == "category" for c in state.understood.applied.constraints))
                or bool(state.understood.need_kinds)
                # a gift of a named kind ("my niece turns 7, shes obsessed with dolls"): the other words are the person's
                or (GIFT.search(state.message.lower()) is not None
                    and any(c.kind == "category" for c in state.understood.applied.constraints))),
            brand_only=state.understood is not None and not state.understood.relaxed
            and brand_only(state.understood.applied) is not None,
            # A gift: the hint's kinds, or the starting picks shown beside the question of who it is for.
            gift=state.understood is not None and (state.understood.parsed.gift_hint is not None
                                                   or gift_without_hint(state.understood.parsed.notes)),
            branded=state.understood is not None and any(c.kind == "brand" for c in state.understood.applied.constraints),
            story=state.understood is not None and is_story(state.message)
            and not any(c.kind in ("category", "brand") for c in state.understood.parsed.constraints),
        )
        # A named item the catalog does not carry makes a match "the closest", and the answer says which.
        missing = self._missing_items(state) if verdict.tier != "none" else ()
        if not missing and state.understood is not None and (state.understood.parsed.gift_hint is not None
                                                             or GIFT.search(state.message.lower()) is not None):
            # the item a gift's person wants, by name, when no product holds the word ("wants an electric guitar"):
            # a gift's unknown words are only those (relevance.assess)
            missing = verdict.unknown
        if missing:
            verdict = relevance.Relevance("weak", verdict.dense_top, verdict.coverage, "; ".join(
                [*([verdict.reason] if verdict.reason else []), f"named item(s) the catalog does not carry: {', '.join(missing)}"]))
        filtered = not state.search_filters.is_empty
        shown_query = state.message
        if state.resolved is not None and state.resolved.intent is Intent.REFINE:
            shown_query = f"{state.resolved.query} ({state.message.strip(' ?.!')})"
        if verdict.tier == "none":
            plan = AnswerPlan("abstain", state.message, shown_query,
                              fixed_text=compose_abstain(shown_query, relevance.abstain_suggestions(filtered)))
        else:
            ordered = tuple(state.products[h.product_id] for h in state.hits if h.product_id in state.products)
            items = build_context(ordered, self.answer_products)
            notes = [f"Nothing matched your {c.kind.replace('_', ' ')} constraint, so I left it out." for c in state.understood.relaxed] if state.understood else []
            if state.understood and state.understood.left_out:  # specs no product of the asked kind carries
                kinds = ", ".join(state.understood.applied.filters.categories) or "product"
                notes += [f"No {kinds} in the catalog has a {c.kind.replace('_in', ' size').replace('_gb', '')}, so I left out {c.text}."
                          for c in state.understood.left_out]
            # The panel and the typed words disagreed: the panel won, and the shopper is told so.
            notes[:0] = [f"Note: {c[0].upper()}{c[1:]}." for c in (state.understood.conflicts if state.understood else ())]
            # Only a good match is a broad request to narrow: "the closest products" to an item the catalog
            # lacks ("an electric guitar ... for my son") ask nothing about who it is for.
            question = clarifying_question(state.parsed, state.message) \
                if state.parsed and state.resolved and state.resolved.intent is Intent.SEARCH and verdict.tier == "good" else None
            plan = AnswerPlan("results", state.message, shown_query, items, tuple(notes), question,
                              closest=verdict.tier == "weak", missing=missing)
        conflicts = state.understood.conflicts if state.understood else ()
        trace = state.trace.with_(plan=plan.kind, relevance=verdict.to_dict(), conflicts=tuple(conflicts))
        return state.with_(plan=plan, trace=trace.timed("plan", (time.perf_counter() - t0) * 1000))

    def _missing_items(self, state: TurnState) -> tuple[str, ...]:
        """Named items of the searched request that the catalog does not carry ("iphone 15 pro"
        where only iPhone cases hold the name), looked up in the titles of a lexical search."""
        if state.understood is None or self.named_lookup_depth <= 0:  # 0 turns the check off
            return ()
        parsed = state.understood.parsed
        # A kind the shop knows but files no product as ("looking for a record player for my vinyl collection"), nor a
        # broader kind the search widens it to ("a samsung tablet for drawing" reads a graphics tablet: tablets serve it)
        if absent := tuple(str(c.value) for c in parsed.constraints if c.kind == "category" and not any(
                self.understanding.carries(k) for k in (str(c.value), broader_category(str(c.value))) if k)):
            return absent
        if state.understood.need_kinds or any(c.kind == "category" and c.need for c in parsed.constraints):
            return ()  # a need said as a sentence ("wifi dies upstairs", "letting my long thick hair air dry takes
            # hours") names the shopper's life, not a product

        def holders(text: str) -> list[Product]:
            hits = self.engine.lexical(text, self.named_lookup_depth)
            return list(self.engine.fetch([h.product_id for h in hits]).values())

        missing = missing_items(parsed, holders, parsed.focus or self.understanding.parser.normalize(parsed.raw))  # (a long message: its story set aside)
        if describes_a_person(parsed):
            # A gift's words describe the person ("lives in his garden shed listening to football
            # commentary"): only what is asked for by name there is an item the catalog lacks.
            missing = tuple(m for m in missing if any(ch.isdigit() for ch in m) or relevance.asked_for(m.split()[0], parsed.raw))
        return missing

    # -- answer + validate (streams) -----------------------------------------
    def answer(self, states: Iterator[TurnState], config: RunnableConfig | None = None) -> Iterator[AnswerChunk]:
        for state in states:
            yield from self._answer_one(state, config)

    def _answer_one(self, state: TurnState, config: Mapping[str, Any] | None) -> Iterator[AnswerChunk]:
        assert state.plan is not None
        t0 = time.perf_counter()
        outcome: AnswerOutcome | None = None
        first_token_ms: float | None = None
        for piece in self.answerer.stream(state.plan, state.grounding, config):
            if isinstance(piece, AnswerOutcome):
                outcome = piece
            else:
                if first_token_ms is None and state.started:
                    first_token_ms = (time.perf_counter() - state.started) * 1000
                yield AnswerChunk(piece)
        assert outcome is not None
        yield AnswerChunk("", self._finish(state, outcome, (time.perf_counter() - t0) * 1000, first_token_ms))

    def _finish(self, state: TurnState, outcome: AnswerOutcome, ms: float, first_token_ms: float | None) -> TurnResult:
        plan = state.plan
        assert plan is not None
        shown: tuple[Product, ...] = tuple(i.product for i in plan.items) if plan.kind not in ("abstain", "refuse", "greet") else ()
        trace = state.trace.with_(
            shown=tuple(p.id for p in shown),
            answer=redact(outcome.text),
            generator=outcome.generator,
            writers=outcome.writers,
            llm=dict(outcome.llm),
            citations=dict(outcome.citations),
            validation={**outcome.report.to_dict(), "dropped_sentences": list(outcome.dropped_sentences), "attempts": outcome.attempts},
        ).timed("answer", ms)
        if outcome.first_chunk_ms is not None:
            trace = trace.timed("first_chunk", outcome.first_chunk_ms)  # from the answer step's start
        if outcome.model_first_token_ms is not None:
            trace = trace.timed("llm_first_token", outcome.model_first_token_ms)  # raw, before validation
        if first_token_ms is not None:
            trace = trace.timed("first_token", first_token_ms)  # from the turn's start: what the shopper waits
        for reason in outcome.fallbacks:
            trace = trace.fallback("answer", reason)
        if state.request.session_id:
            turn = Turn(
                message=redact(state.request.message or ""),
                intent=trace.intent or plan.kind,
                query=self._query_kept(state, trace.query) if plan.kind == "results" else "",
                filters=state.search_filters,
                shown=trace.shown,
                answer=trace.answer,
                let_go=state.resolved.let_go if state.resolved is not None and state.resolved.intent is Intent.REFINE else (),
            )
            self.conversations.save(state.conversation.with_turn(turn))
        return TurnResult(outcome.text, outcome.generator, dict(outcome.citations), shown, trace, plan.question)

    def _query_kept(self, state: TurnState, query: str) -> str:
        """The words a refinement searches again: the search's own, or the kinds it searched where those words read
        another ("and a dining table", the last words of a long first message whose type, TVs, was read from the whole)."""
        # (or, where a need said as a sentence was read, the one kind shown: "I need something pen-like to write on the screen
        # with" showed styluses, and its words read office supplies, set OK)
        if state.understood is None or not (kinds := state.understood.applied.filters.categories or (_shown_kind(state) if state.understood.need_kinds else ())) \
                or set(self.understanding.parser.parse(query).filters.categories) == set(kinds):
            return query
        said = [c.text for c in state.understood.applied.constraints if c.kind == "connectivity"]  # (checked on the records)
        return " ".join([*kinds, *said])


def _shown_kind(state: TurnState, top: int = 3) -> tuple[str, ...]:
    """The one kind of the top products shown, or () when they are of several (or none)."""
    kinds = {p.category for h in state.hits[:top] if (p := state.products.get(h.product_id)) is not None}
    return (kinds.pop(),) if len(kinds) == 1 and None not in kinds else ()


def _stated_elsewhere(state: TurnState) -> list[str]:
    """The constraints the search held that its words did not say (a follow-up's held price and memory after "desktop
    computer for our reception", the panel's brand), one word each: they hold for every hit as the words' own do."""
    stated = state.request.filters
    if state.resolved is not None and state.resolved.intent is Intent.REFINE:
        stated = merge_filters(state.resolved.filters, stated)
    said = {c.kind for c in state.understood.applied.constraints} if state.understood else set()
    words = [b.lower() for b in stated.brands] if "brand" not in said else []
    words += ["price"] if stated.price.bounded and "price" not in said else []
    words += [key.split("_")[0] for key in stated.numeric if key not in said]
    return words + [str(v) for key, v in stated.text.items() if key not in said]


def _all_of_type(state: TurnState, top: int = 3) -> bool:
    """A bare type the open search ran on ("need a new phone, nothing fancy": not filtered, see
    ``type_filters``) whose top products are all of it: as good as the filtered search, so the
    shopper's other words ("fancy") are theirs, not an item the catalog lacks."""
    applied = state.understood.applied if state.understood else None
    if applied is None or any(c.kind != "category" for c in applied.constraints):
        return False
    kinds = {str(c.value) for c in applied.constraints if c.kind == "category"}
    tops = [state.products.get(h.product_id) for h in state.hits[:top]]
    return bool(kinds) and len(tops) == top and all(p is not None and p.category in kinds for p in tops)


def describes_a_person(parsed: ParsedQuery) -> bool:
    """Whether a request's words describe a gift's person rather than name what is asked for: a gift with a
    hint, or one whose type came from the person ("my niece turns 7 ... loves little animal figures": a kid's
    toy), not from a type the shopper named ("vr headset for my son": the headset is asked for by name)."""
    raw = parsed.raw.lower()
    kinds = [c for c in parsed.constraints if c.kind == "category"]
    # (no kind at all is no person's either: "macbook air for my daughter, she starts uni" names the item)
    from_person = bool(kinds) and not any(c.text.lower() in raw for c in kinds)
    # ... nor is a maker's line asked for by name ("do you have the nintendo switch? my son wants one for xmas")
    from_person = from_person and not any(re.search(rf"\b{line}\b", raw) for line in LINE_PHRASES)
    return parsed.gift_hint is not None or (GIFT.search(raw) is not None and from_person)
