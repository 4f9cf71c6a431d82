"""Retrieval with the parsed constraints, never filtered down to nothing silently.

When the constrained search returns fewer than ``min_results`` products, the
least certain constraint is dropped and the search repeated; every relaxation
is recorded so the trace and the UI can say what was ignored. Filters the
shopper set explicitly (the UI's filter panel) are never relaxed.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Protocol

import numpy as np

from rag.catalog.categories import broader_category, sibling_categories, type_spans
from rag.catalog.features import has_connectivity
from rag.fusion import fuse
from rag.records import NO_FILTERS, Filters, NumericRange
from rag.retrieval import RetrievalMode, RetrievalResult, Retriever
from rag.settings import CategoryMode, FusionMode
from rag.understanding.brand_range import brand_only, interleave, range_categories
from rag.understanding.constraints import SOFT_WORDS, Constraint, ParsedQuery, QueryParser, filters_from
from rag.understanding.described import read_described
from rag.understanding.english import english_words
from rag.understanding.extremes import extreme_first
from rag.understanding.fits import exact_size_first
from rag.understanding.gifts import GIFT, gift_without_hint
from rag.understanding.head import asks_anew
from rag.understanding.kinds import KIND_MARGIN, KindReader, close_kinds
from rag.understanding.panel import combine_filters, constrains_product
from rag.understanding.understood import UnderstoodResult
from rag.understanding.widen import WIDENINGS, near_price_first, widened_price

logger = logging.getLogger(__name__)

# A type stated with what it serves or does ("keyboard for an ipad", "something to carry my laptop").
_SERVES = re.compile(r"\b(?:for|to\s+fit|fits?|compatible\s+with|carry|protect|charge|mount)\s+(?:an?\s+|the\s+|my\s+)?[a-z0-9]")
# Words of a sentence about the shopper's situation ("wifi is terrible in *my* bedroom", "*how* do *i* fix
# that"), which a product's name ("a sofa for the living room", "ipod touch") lacks.
_SITUATION = re.compile(r"\b(?:my|i|i'm|im|i've|ive|we|our|us|me|how|what|why|"
                        r"kids|can'?t|won'?t|doesn'?t|don'?t|keeps|always|never)\b")  # "kids cant even load youtube up there"
# A story long enough that a type word in it may be the shopper's, not the request (``_stray_type``),
# and what names the asked item itself (a brand, a size): then the type is the request's.
_STORY_WORDS = 12
_NAMED_KINDS = frozenset({"brand", "memory_gb", "storage_gb", "screen_in", "weight_kg", "connectivity"})
# The word a request asks for by name ("need a treadmill"), and words there that name no item.
_ASKED_ITEM = re.compile(r"\b(?:need|want|looking\s+for|buy|get|getting)\s+(?:an?|some)\s+(?:new\s+)?([a-z][a-z-]+)"
                         # asking what the shop has ("do you sell sewing machines", "got any treadmills")
                         r"|\b(?:sell|carry|stock|got\s+any|have\s+any)\s+(?:an?\s+|any\s+)?([a-z][a-z-]+)"
                         # a request that opens with the item and what it is for ("treadmill for my garage"), or with
                         # the items ("electric guitar and a small amp for my son") (not "searching for", "thanks for")
                         r"|^\s*(?:an?\s+|some\s+)?(?![a-z]+ing\b|thanks?\b|options?\b|recommendations?\b|suggestions?\b|tips\b)"
                         r"((?:[a-z][a-z-]+\s+){0,2}?[a-z][a-z-]+)\s+(?:for|and\s+(?:an?|some|the)\s)")
# A name first, then who or what it is for: "macbook air for my son going to college"
_NAMED_HEAD = re.compile(r"\s*(?:(?:i\s+)?(?:need|want|looking\s+for)\s+)?(?:an?\s+|the\s+)?([a-z][a-z0-9-]*)(?:\s+[a-z0-9-]+)?\s+"
                         r"for\s+(?:my|the|a|an|his|her|our)\b")
#: A gift's hint names a kind only this near one (MiniLM cosine; by hand, not tuned: "running" 0.34 reads
#: smartwatches, "paw patrol" 0.28 and "harry potter" 0.30 name franchises the titles hold, not kinds).
_HINT_FLOOR = 0.31
_NOT_ITEMS = frozenset({"something", "anything", "somewhere", "anywhere", "someone", "stuff", "thing", "things", "way",
                        "fix", "help", "advice", "idea", "ideas", "one", "ones", "more", "less", "extra", "better", "good",
                        "replacement", "solution", "gift", "present", "it", "them", "this", "that", "these", "those",
                        "to", "the", "my", "our", "rid"})
# Constraints that, stated beside a product type, make the type a filter (see ``type_filters``).
TYPED_CONSTRAINTS = frozenset({"price", "brand", "memory_gb", "storage_gb", "screen_in", "weight_kg", "colour", "connectivity"})


def _is_situation(message: str, min_words: int) -> bool:
    """A sentence of the shopper's situation: ``min_words`` words or more, with a word of their life."""
    low = message.lower()
    return len(re.findall(r"[a-z0-9]+", low)) >= min_words and bool(_SITUATION.search(low))


def is_story(message: str) -> bool:
    """A long sentence of the shopper's situation (``_STORY_WORDS`` words or more, with a word of their
    life): its words are the shopper's, and only those where a name goes name a product."""
    return _is_situation(message, _STORY_WORDS)


class ResultRanker(Protocol):
    """Reorders a first pass (``rag.rerank.ltr.LearnedRanker``), given what understanding parsed."""

    model_id: str
    top_n: int  # the head it reorders: retrieval fetches at least this many

    def rank(self, result: RetrievalResult, *, product_type: str | None, brand: str | None) -> RetrievalResult: ...


def ranking_hints(parsed: ParsedQuery) -> tuple[str | None, str | None]:
    """The product type and brand the learned ranking reads from the parse (the last of each), the
    same when it serves and when it is trained (``rag.offline.ltr_study``)."""
    hints = {c.kind: str(c.value) for c in parsed.constraints if c.kind in ("category", "brand")}
    return hints.get("category"), hints.get("brand")


class UnderstandingRetriever:
    """Parse, then retrieve with the constraints.

    Price, brand and numeric constraints become filters. The product type is
    always parsed and recorded, and ``category_mode`` says how it is used:
    ``off`` (the default, see the README's ablation: on the dev judgments
    both other modes raise condensed NDCG@10 but lower NDCG@10), ``filter``
    (a hard filter, relaxed when it empties the result) or ``boost`` (each
    leg also runs restricted to the type and those legs join the fusion at
    ``category_boost`` times the open legs' weight, so products of the
    asked-for type rise while misfiled ones stay reachable).
    """

    def __init__(
        self,
        parser: QueryParser,
        retriever: Retriever,
        *,
        min_results: int = 1,
        category_mode: CategoryMode = CategoryMode.OFF,
        category_boost: float = 0.25,
        soft_type: bool = True,
        ranker: ResultRanker | None = None,
        need_min_similarity: float | None = None,
        need_min_words: int = 5,
        need_weak_below: float = 0.50,
        need_override_margin: float | None = None,
        kind_needs: Mapping[str, Sequence[str]] | None = None,
        kind_rows: int = 1,
        kind_margin: float = KIND_MARGIN,
        embed_many: Callable[[Sequence[str]], np.ndarray] | None = None,
        kind_descriptions: Mapping[str, Sequence[str]] | None = None,
        described_floor: float | None = None,
    ) -> None:
        self.parser = parser
        self.ranker = ranker
        self._warned: set[str] = set()
        self._kinds: KindReader | None = None  # the catalog kinds' vectors, for gifts and needs
        self.kind_needs = dict(kind_needs or {})  # kind -> sentences of the needs it answers (rag.understanding.kinds)
        self.kind_descriptions, self.described_floor = dict(kind_descriptions or {}), described_floor  # (rag.understanding.described)
        self._described: KindReader | None = None
        self._embed_many = embed_many
        self.kind_rows = kind_rows
        self.kind_margin = kind_margin
        self.need_min_similarity = need_min_similarity
        self.need_min_words = need_min_words
        self.need_weak_below = need_weak_below
        self.need_override_margin = need_override_margin
        self.retriever = retriever
        self.min_results = max(1, min_results)
        self.category_mode = category_mode
        self.category_boost = category_boost
        self.soft_type = soft_type
        self._carried = parser.vocabulary.kinds  # the kinds the catalog files products as (``carries``)

    def retrieve(
        self,
        message: str,
        *,
        k: int = 10,
        filters: Filters = NO_FILTERS,
        mode: RetrievalMode | None = None,
        let_go: tuple[str, ...] = (),
    ) -> UnderstoodResult:
        """``let_go``: brands the shopper let go of that ``message``, a refinement's search words, still names."""
        t0 = time.perf_counter()
        parsed = self.parser.parse(message)
        for c in [c for c in parsed.constraints if c.kind == "brand" and c.value in let_go]:
            parsed = parsed.without(c)  # "forget the Netgear, any brand is fine": no Netgear read from "... of netgear,"
        timings = {"understand": (time.perf_counter() - t0) * 1000}
        applied = parsed
        relaxed: list[Constraint] = []
        left_out: list[Constraint] = []
        text = parsed.text or " ".join(message.split())
        mode = mode or self.retriever.default_mode
        vector = None
        if text and mode is not RetrievalMode.BM25:
            t1 = time.perf_counter()
            vector = self.retriever.embed(text)  # once, reused by every relaxation
            timings["embed"] = (time.perf_counter() - t1) * 1000
        if (stray := self._stray_type(parsed, message, vector)) is not None:
            parsed = applied = stray  # "showing films on the white wall of the shed": no printing paper
        elif self._embed_many is not None and self.described_floor is not None and (described := read_described(
                parsed, message, self._described_reader, self._embed_many, self.described_floor)) is not None:
            parsed = applied = described  # "the little clicker you move around next to the keyboard": a mouse
        conflicts: tuple[str, ...] = ()
        widened = 0
        # The learned ranking always reads the head it was trained on (its top_n), whatever k is asked.
        depth = max(k, self.ranker.top_n) if self._ranks(mode) else k
        while True:
            combined, found = combine_filters(applied.filters, filters)
            conflicts = conflicts or found
            result = self._search(text, depth, combined, applied, mode, vector, filters)
            result = self._connectivity(result, applied)
            # Only constraints that filter can be relaxed (a boosted type never empties a result).
            filtering = [
                c for c in applied.constraints
                if c.kind != "served_brand" and (c.kind != "category" or self.type_filters(applied, filters))
            ]
            if len(result.hits) >= self.min_results or not filtering:
                break
            if (broader := self._broadened(applied, relaxed, filters)) is not None:
                # The type's head word before any constraint: "bluetooth speaker in black" looks at
                # every speaker, a "portable speaker" or not, before it drops "bluetooth".
                applied = broader
                continue
            # The head type goes last: "cheaper laptops" relaxes the RAM before it shows RAM modules; a spec no product of the
            # kind carries goes first ("charcoal HP docking station for my 14 inch elitebook" keeps the colour, set PV)
            weakest = next((c for c in filtering if c.kind == "screen_in" and self._sizeless(c, combined, text, mode, vector)), None) \
                or min(reversed(filtering), key=lambda c: (c.kind == "category", c.confidence))
            if (cheaper := widened_price(weakest)) is not None and widened < WIDENINGS:
                # "cheep moniter around 24 inch": "cheap" names no amount, so its cap doubles before anything is
                # dropped (the 25th percentile of monitors holds no 24-inch one); the trace shows the cap used
                widened += 1
                kept = tuple(cheaper if c is weakest else c for c in applied.constraints)
                applied = replace(applied, constraints=kept, filters=filters_from(kept))
                continue
            # a size no product of the kind carries is the shopper's own thing's: "a 14 inch EliteBook ... dock for it" (set PL)
            (left_out if self._sizeless(weakest, combined, text, mode, vector) else relaxed).append(weakest)
            applied = applied.without(weakest)
        result, ranking, failure = self._ranked(result, parsed, mode)
        result = extreme_first(result, message, self.retriever.engine.fetch)  # "the cheapest 27 inch": the cheapest first (set PW)
        result = exact_size_first(result, combined, self.retriever.engine.fetch)  # (the size said first, each side as ordered)
        if widened:  # a price said loosely, widened: the products nearest it first
            said = next((c for c in parsed.constraints if c.kind == "price" and c.loose), None)
            result = near_price_first(result, said, self.retriever.engine.fetch)
        need_kinds: tuple[str, ...] = ()
        if not relaxed and filters.is_empty and (brand := brand_only(parsed)) is not None:
            vocabulary = self.parser.vocabulary
            # the brand's kinds nearest the request first, read with the packaged embedder's kind reader
            near = (lambda kind: self._kind_reader().score(vector, kind)) \
                if vector is not None and self.need_min_similarity is not None else None
            kinds = range_categories(vocabulary.brand_categories.get(brand, ()),
                                     counts=vocabulary.brand_category_counts.get(brand), near=near)
            result = self._range(result, kinds, text, combined, mode, vector, k, "brand_range")
        elif parsed.gift_hint and filters.categories == () and mode is not RetrievalMode.BM25:
            t1 = time.perf_counter()
            kinds = self._gift_kinds(vector)  # the search text is the hint: its vector is already there
            result = self._range(result, kinds, text, combined, mode, vector, k,
                                 "gift_kinds", (time.perf_counter() - t1) * 1000)
        elif gift_without_hint(parsed.notes) and filters.categories == ():
            # A gift with no hint: the starting picks side by side (headphones, a smartwatch, a coffee
            # maker), not the one kind the picks' words score best on.
            kinds = tuple(dict.fromkeys(kind for _, _, kind in type_spans(parsed.text)))
            result = self._range(result, kinds, text, combined, mode, vector, k, "gift_starters")
        elif not relaxed and filters.categories == () and mode is not RetrievalMode.BM25:
            t1 = time.perf_counter()
            if need_kinds := self._need_kinds(parsed, message, result, vector, forced=stray is not None):
                result = self._range(result, need_kinds, text, combined, mode,
                                     vector, k, "need_kinds", (time.perf_counter() - t1) * 1000)
        if len(result.hits) > k:
            result = replace(result, hits=result.hits[:k])
        timings.update({k: v for k, v in result.timings_ms.items() if k != "embed"})
        return UnderstoodResult(parsed, applied, tuple(relaxed), replace(result, timings_ms=timings), timings, conflicts,
                                ranking, failure, need_kinds, tuple(left_out))

    def _sizeless(self, constraint: Constraint, filters: Filters, text: str, mode: RetrievalMode, vector) -> bool:
        """Whether no product of the kinds filtered to carries the spec ``constraint`` is of (docking stations: no screen)."""
        if constraint.kind not in ("screen_in", "memory_gb", "storage_gb") or not filters.categories:
            return False
        any_size = Filters(categories=filters.categories, numeric={constraint.kind: NumericRange(0.0, None)})
        return not self.retriever.retrieve(text, k=1, filters=any_size, mode=mode, query_vector=vector).hits

    def _ranks(self, mode: RetrievalMode) -> bool:
        return self.ranker is not None and mode is RetrievalMode.HYBRID_LINEAR

    def _ranked(
        self, result: RetrievalResult, parsed: ParsedQuery, mode: RetrievalMode
    ) -> tuple[RetrievalResult, str, str | None]:
        """The learned ranking of the first pass, on the fusion it was trained on (hybrid-linear):
        (the result, what ordered it, why the ranker failed or None).

        A ranker that fails (a missing or mismatched model file) keeps the first pass and says why;
        search never fails for it."""
        if not self._ranks(mode) or len(result.hits) < 2:
            return result, "first pass", None
        product_type, brand = ranking_hints(parsed)
        try:
            ranked = self.ranker.rank(result, product_type=product_type, brand=brand)
        except Exception as exc:  # the first pass is a complete answer on its own
            if (message := f"{type(exc).__name__}: {exc}") not in self._warned:
                self._warned.add(message)  # once per distinct failure, not once per query
                logger.warning("learned ranking failed, first pass kept: %s", message)
            return result, f"first pass (learned ranking failed: {message})", message
        return ranked, self.ranker.model_id, None

    def warm_up(self) -> None:
        """Embed the catalog kinds' names (and their needs and descriptions) now, not inside the first gift's, need's or described
        thing's turn, and run one search, which opens the index's tables and loads the learned ranker (1.4 s for each leg and
        1.1 s for the ranker on 2 cores: the first shopper's turn waited 2.9 s for them)."""
        if self.need_min_similarity is not None or self.parser.vocabulary.price_bands:
            self._kind_reader()
        if self.described_floor is not None and self._embed_many is not None:
            self._described_reader()
        self.retrieve("laptop under 500", k=10)

    def _kind_reader(self) -> KindReader:
        """The catalog kinds' names and needs, embedded on first use (``rag.understanding.kinds``)."""
        if self._kinds is None:
            vocabulary = self.parser.vocabulary
            names = sorted({c for c in vocabulary.price_bands if c != "*"}
                           | {c for sold in vocabulary.brand_categories.values() for c in sold})
            embed_many = self._embed_many or (lambda texts: [self.retriever.embed(t) for t in texts])
            self._kinds = KindReader.embed(names, embed_many, self.kind_needs, self.kind_rows)
        return self._kinds

    def _described_reader(self) -> KindReader:
        if self._described is None:  # (the kinds' names and descriptions, embedded on first use)
            self._described = KindReader.embed(sorted(self._carried or self.kind_descriptions), self._embed_many, self.kind_descriptions)
        return self._described

    def _gift_kinds(self, hint_vector) -> tuple[str, ...]:
        """The catalog kinds nearest a gift's hint, from the hint's vector: the nearest and those
        within ``kind_margin`` of it, as for a need ("started running, wants to track her steps":
        smartwatch 0.66, not also a UPS at 0.29). None when even the nearest is under ``_HINT_FLOOR``: the hint
        names no kind ("paw patrol": radio 0.28, toy 0.24), so the search for the hint itself stands (it finds
        the PAW Patrol toys by their titles). The floor is the packaged embedder's, so it holds where the need
        thresholds are set (``need_min_similarity``, from the settings); without them the nearest kinds stand."""
        near = self._kind_reader().nearest(hint_vector)
        floor = _HINT_FLOOR if self.need_min_similarity is not None else float("-inf")
        return close_kinds(near, self.kind_margin) if near and near[0][1] >= floor else ()

    def _stray_type(self, parsed: ParsedQuery, message: str, vector) -> ParsedQuery | None:
        """``parsed`` without its product type when the type is a word of the shopper's story, not the
        request: a long sentence of their situation that names one type and nothing of it (no brand,
        no size), whose need the kind reader reads as another kind by ``need_override_margin`` or
        more ("we want movie nights in the garden, showing films on the white wall of the shed":
        projector 0.75, printing paper far below). None otherwise, or with the margin unset."""
        if vector is None or self.need_override_margin is None or self.need_min_similarity is None or parsed.gift_hint:
            return None
        kinds = [c for c in parsed.constraints if c.kind == "category"]
        if len(kinds) != 1 or any(c.kind in _NAMED_KINDS for c in parsed.constraints):
            return None
        if not _is_situation(message, _STORY_WORDS) or (kinds[0].need and GIFT.search(message.lower())):
            return None  # a gift's type read from what the person is into is the request ("hes really into music")
        if re.search(rf"\b(?:new|another|(?:(?:i|we)'?d\s+like|(?:i|we)\s+(?:also\s+)?(?:want|need))\s+an?)\s+{re.escape(kinds[0].text.lower())}|\b(?:need|want|get|buy)\s+(?:a\s+new\s+|another\s+)?one\b(?!\s+of)|\breplace\s+the\s+whole\s+(?:thing|lot)", message.lower()):
            return None  # "... a new one, so... new projector", "phone ... dying too, I need one in black" (OM), "replace the whole thing" (OJ)
            # (and what a group needs: "We need a projector for the community hall. The last one's lamp blew", set QZ)
        if (spans := type_spans(message.lower())) and spans[0][2] == kinds[0].value and re.fullmatch(
                r"\s*(?:(?:next\s+(?:is|up)|(?:i|we)\s+(?:need|want)|looking\s+for|after)\s+)?(?:a|an|some)\s+", message[:spans[0][0]].lower()):
            return None  # the type asked for at the request's head: "next is a walkman for my daughter's birthday" (set QC)
        reader = self._kind_reader()
        top, best = (reader.nearest(vector, 1) or (("", -1.0),))[0]
        said = str(kinds[0].value)
        if top == said or not self.carries(said) or best < self.need_min_similarity or best - reader.score(vector, said) < self.need_override_margin:
            return None
        dropped = parsed.without(kinds[0])
        note = f"\u201c{kinds[0].text}\u201d read as part of the story: the need reads {top}"
        return replace(dropped, notes=(*dropped.notes, note))

    def _need_kinds(self, parsed: ParsedQuery, message: str, result: RetrievalResult, vector,
                    forced: bool = False) -> tuple[str, ...]:
        """The kinds a need said as a sentence reads as ("wifi is terrible in my upstairs bedroom":
        router), when the request names no type, brand or gift, the open search found nothing close
        (its best cosine under ``need_weak_below``) and a kind is: the nearest at ``need_min_similarity``
        or more, with the next ones within ``kind_margin`` of it (three at most). A short noun phrase ("ipod
        touch", "garden hose") is a named item, not a need: under ``need_min_words`` words, or with no
        word of the shopper's situation ("my", "i", "we", "how", "what": "a sofa for the living room"
        names a product the catalog lacks), none."""
        if vector is None or self.need_min_similarity is None or parsed.gift_hint is not None:
            return ()
        if any(c.kind in ("category", "brand") for c in parsed.constraints) or any(n.startswith("a gift") for n in parsed.notes):
            return ()
        if not _is_situation(message, self.need_min_words):
            return ()
        if not forced and max((h.score for h in result.legs.get("dense", ())), default=0.0) >= self.need_weak_below:
            return ()
        words = self.parser.vocabulary.words
        if words and any(item not in words and item.rstrip("s") not in words and item not in _NOT_ITEMS
                         for m in _ASKED_ITEM.finditer(message.lower()) for item in next(g for g in m.groups() if g).split()):
            return ()  # "need a treadmill for my apartment": an item the catalog lacks, named, not a need
        if (head := _NAMED_HEAD.match(message.lower())) and head.group(1) not in english_words() \
                and not type_spans(head.group(1), weak=True):
            return ()  # "macbook air for my son going to college": a product named first, for someone, not a need
        # a kind the shopper set aside is not read back ("e reader like a kindle ... not a tablet")
        set_aside = set(parsed.set_aside)
        named = [kind for *_, kind in type_spans(self.parser.normalize(message), weak=True)] if set_aside else []
        if len(named) >= 2 and set(named) <= set_aside:
            # the shopper asked for a kind by name and set it aside too ("an e reader like a kindle ... not a tablet"):
            # an item asked for, not a situation ("cant really use a smartphone" alone is the shopper's story)
            return ()
        near = [(kind, score) for kind, score in self._kind_reader().nearest(vector) if kind not in set_aside]
        if not near or near[0][1] < self.need_min_similarity:
            return ()
        return close_kinds(near, self.kind_margin)

    def _range(self, result: RetrievalResult, kinds: tuple[str, ...], text: str, filters: Filters,
               mode: RetrievalMode, vector, k: int, stage: str, spent_ms: float = 0.0) -> RetrievalResult:
        """The best products of each kind side by side (``rag.understanding.brand_range``), one
        filtered search per kind: a brand's range, or the kinds nearest a gift's hint or a need."""
        if not kinds:
            return result
        t0 = time.perf_counter()
        per = max(1, -(-k // len(kinds)))
        by_kind = {kind: self.retriever.retrieve(text, k=per, filters=replace(filters, categories=(kind,)),
                                                 mode=mode, query_vector=vector) for kind in kinds}
        ranged = interleave(result, by_kind, max(k, len(result.hits)))
        return replace(ranged, timings_ms={**result.timings_ms, stage: spent_ms + (time.perf_counter() - t0) * 1000})

    def _broadened(self, applied: ParsedQuery, relaxed: Sequence[Constraint] = (), stated: Filters = NO_FILTERS) -> ParsedQuery | None:
        """``applied`` with its filtering type widened to the category its head word names
        ("portable speaker" -> also "speakers"), or None when there is none, it is in already or it was
        relaxed before (added again, it would be relaxed again, and so on for ever)."""
        if not self.type_filters(applied, stated):
            return None
        types = [c for c in applied.constraints if c.kind == "category"]
        have = {str(c.value) for c in types} | {str(c.value) for c in relaxed if c.kind == "category"}
        wider = [Constraint("category", b, c.text, c.confidence) for c in types
                 if (b := broader_category(str(c.value))) is not None and b not in have]
        # A kind read from a need, not named: its siblings serve it as well ("back up 10 yrs of photos, 2tb at
        # least": an internal drive of 2 TB before an external one of less)
        wider += [Constraint("category", b, c.text, c.confidence, need=True) for c in types if c.need
                  for b in sibling_categories(str(c.value)) if b not in have]
        if not wider:
            return None
        constraints = (*applied.constraints, *wider)
        return replace(applied, constraints=constraints, filters=filters_from(constraints))

    def carries(self, kind: str) -> bool:
        """Whether the catalog files any product as ``kind`` (true for every kind when the index says nothing of its kinds)."""
        return not self._carried or kind in self._carried

    def type_filters(self, parsed: ParsedQuery, stated: Filters = NO_FILTERS) -> bool:
        """Whether the parsed product type filters this search.

        Always in ``filter`` mode. In the other modes the head type still
        filters when the request also states an attribute, a price, a brand,
        a colour or wired/wireless: those constrain the head product ("laptop,
        16GB RAM, under 800" means notebooks with 16 GB, never memory modules;
        "iphone case" a phone case), while a bare keyword query keeps the
        open search that scores best on the dev judgments. ``stated``: the filters
        set outside the words (the panel's, or a follow-up's "black to match the kettle"
        after toasters), which constrain the head product the same way."""
        if self.category_mode is CategoryMode.FILTER:
            return True
        if any(c.kind == "category" and c.need for c in parsed.constraints):
            return True  # a need in words names the type and nothing else ("my wifi doesn't reach the bedroom")
        kinds = {c.kind for c in parsed.constraints}
        if "category" not in kinds:
            return False
        if kinds & TYPED_CONSTRAINTS or constrains_product(stated):
            return True
        # A need in words ("monitor for office work", "laptop for a student") is a request for the
        # type, and so is the device it serves ("keyboard for an ipad": a keyboard, not an iPad sleeve).
        # ... and so is a type asked for by its one word after a story ("cracked my phone screen again, need a new
        # phone": phones, not the screen protectors the story's words score best on)
        raw = parsed.raw.lower()
        return self.soft_type and (any(w in SOFT_WORDS for w in re.findall(r"[a-z]+", raw)) or bool(_SERVES.search(raw))
                                   or asks_anew(raw))

    def _connectivity(self, result: RetrievalResult, applied: ParsedQuery) -> RetrievalResult:
        """Wired/wireless has no index column: the hits whose record says otherwise (or nothing) are dropped."""
        wanted = next((str(c.value) for c in applied.constraints if c.kind == "connectivity"), None)
        if wanted is None or not result.hits:
            return result
        records = self.retriever.engine.fetch([h.product_id for h in result.hits])
        kept = tuple(h for h in result.hits if h.product_id in records and has_connectivity(records[h.product_id], wanted))
        return replace(result, hits=kept)

    def _search(
        self,
        text: str,
        k: int,
        filters: Filters,
        applied: ParsedQuery,
        mode: RetrievalMode,
        vector,
        stated: Filters = NO_FILTERS,
    ) -> RetrievalResult:
        parsed_type = any(c.kind == "category" for c in applied.constraints)
        typed = self.type_filters(applied, stated)
        if parsed_type and not typed:
            # The parsed type is not a filter here (an explicit UI category is).
            parsed_categories = {str(c.value) for c in applied.constraints if c.kind == "category"}
            kept = tuple(c for c in filters.categories if c not in parsed_categories)
            typed_filters, filters = filters, replace(filters, categories=kept)
        soft = parsed_type and self.category_mode is CategoryMode.BOOST and not typed
        if not soft or mode in (RetrievalMode.BM25, RetrievalMode.DENSE):
            return self.retriever.retrieve(text, k=k, filters=filters, mode=mode, query_vector=vector)
        depth = max(self.retriever.candidates, k)
        base = self.retriever.retrieve(text, k=depth, filters=filters, mode=mode, query_vector=vector)
        typed = self.retriever.retrieve(text, k=depth, filters=typed_filters, mode=mode, query_vector=vector)
        legs = dict(base.legs) | {f"{leg}+category": hits for leg, hits in typed.legs.items()}
        weights = {leg: self.retriever.fusion.weights.get(leg, 1.0) for leg in base.legs}
        weights |= {f"{leg}+category": w * self.category_boost for leg, w in weights.items()}
        t0 = time.perf_counter()
        fused = fuse(
            legs,
            mode=FusionMode.RRF if mode is RetrievalMode.HYBRID_RRF else FusionMode.LINEAR,
            weights=weights,
            rrf_k=self.retriever.fusion.rrf_k,
            normalization=self.retriever.fusion.normalization,
        )
        timings = {
            name: base.timings_ms.get(name, 0.0) + typed.timings_ms.get(name, 0.0)
            for name in set(base.timings_ms) | set(typed.timings_ms)
        }
        timings["fusion"] = timings.get("fusion", 0.0) + (time.perf_counter() - t0) * 1000
        return RetrievalResult(text, filters, mode, tuple(fused[:k]), legs, timings)
