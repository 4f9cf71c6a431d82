"""HyDE: a hypothetical product description joins retrieval as another leg.

Adaptive: it runs only when the first pass looks weak (the relevance check
of :mod:`rag.generation.relevance` says ``weak`` or ``none``), or always, or
never, by setting. The LLM writes a short listing for the query; it is
embedded on the document side, searched with the same filters as the other
legs, and fused with them (weight ``hyde_weight``). Texts are cached by
normalized query. A missing LLM, an error or a run past the time budget
falls back to the first pass, and the reason goes into the trace.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from rag.caching import Cache, LRUCache
from rag.embeddings.base import Embedder
from rag.engines.base import SearchEngine
from rag.fusion import fuse
from rag.generation.llm.factory import ChatModelChoice
from rag.generation.prompts import hyde_messages
from rag.records import Filters, FusedHit, Hit
from rag.retrieval import RetrievalResult
from rag.settings import FusionMode, HydeMode

HYDE_NAMESPACE = "hyde-v1"


def normalize_query(query: str) -> str:
    return " ".join(re.findall(r"[a-z0-9$.]+", query.lower()))


@dataclass(frozen=True, slots=True)
class HydeText:
    text: str | None
    cached: bool = False
    error: str | None = None
    ms: float = 0.0


class HydeWriter:
    """Writes (or recalls) the hypothetical listing for a query."""

    def __init__(
        self,
        choice: ChatModelChoice,
        cache: Cache | None = None,
        *,
        max_tokens: int = 64,
        timeout_s: float = 8.0,
    ) -> None:
        self.choice = choice
        self.cache = cache if cache is not None else LRUCache(HYDE_NAMESPACE, 2048)
        self.max_tokens = max_tokens
        self.timeout_s = timeout_s

    @property
    def available(self) -> bool:
        return self.choice.model is not None

    def write(self, query: str, config: Mapping[str, Any] | None = None) -> HydeText:
        t0 = time.perf_counter()
        key = f"{self.choice.name}|{normalize_query(query)}"
        hit = self.cache.get_json(key)
        if isinstance(hit, str) and hit:
            return HydeText(hit, cached=True, ms=(time.perf_counter() - t0) * 1000)
        if self.choice.model is None:
            return HydeText(None, error=f"no LLM ({self.choice.reason or self.choice.name})")
        parts: list[str] = []
        try:
            model = self.choice.model.bind(max_tokens=self.max_tokens)
            for chunk in model.stream(hyde_messages(query), config=dict(config or {})):
                parts.append(str(chunk.content))
                if time.perf_counter() - t0 > self.timeout_s:
                    return HydeText(None, error=f"timed out after {self.timeout_s:g} s",
                                    ms=(time.perf_counter() - t0) * 1000)
        except Exception as exc:  # the LLM failed: the first pass stands
            return HydeText(None, error=f"{type(exc).__name__}: {exc}", ms=(time.perf_counter() - t0) * 1000)
        text = " ".join("".join(parts).split())
        if len(text.split()) < 3:
            return HydeText(None, error="the LLM wrote no usable text", ms=(time.perf_counter() - t0) * 1000)
        self.cache.set_json(key, text)
        return HydeText(text, ms=(time.perf_counter() - t0) * 1000)


@dataclass(frozen=True, slots=True)
class HydeOutcome:
    result: RetrievalResult
    fired: bool
    reason: str
    text: str | None = None
    fallback: str | None = None


class HydeExpander:
    """Decides, writes, searches and fuses the HyDE leg."""

    def __init__(
        self,
        writer: HydeWriter,
        engine: SearchEngine,
        embedder: Embedder,
        *,
        mode: HydeMode = HydeMode.AUTO,
        weight: float = 1.0,
        leg_weights: Mapping[str, float] | None = None,
        rrf_k: float = 60.0,
        depth: int = 100,
    ) -> None:
        self.writer = writer
        self.engine = engine
        self.embedder = embedder
        self.mode = mode
        self.weight = weight
        self.leg_weights = dict(leg_weights or {})
        self.rrf_k = rrf_k
        self.depth = depth

    def should_fire(self, tier: str) -> tuple[bool, str]:
        if self.mode is HydeMode.OFF:
            return False, "hyde off"
        if self.mode is HydeMode.ALWAYS:
            return True, "hyde always"
        if tier in ("weak", "none"):
            return True, f"first pass looks {tier}"
        return False, "first pass looks good"

    def expand(
        self,
        query: str,
        result: RetrievalResult,
        filters: Filters,
        tier: str,
        config: Mapping[str, Any] | None = None,
    ) -> HydeOutcome:
        fire, reason = self.should_fire(tier)
        if not fire or not query:
            return HydeOutcome(result, False, reason)
        written = self.writer.write(query, config)
        timings = dict(result.timings_ms) | {"hyde_llm": written.ms}
        if written.text is None:
            return HydeOutcome(replace(result, timings_ms=timings), False, reason,
                               fallback=f"hyde: {written.error}; first pass kept")
        t0 = time.perf_counter()
        vector = self.embedder.embed_documents([written.text])[0]
        hits = self.engine.vector(vector, self.depth, filters)
        hyde_leg = tuple(Hit(h.product_id, h.score, "hyde", h.rank, h.engine) for h in hits)
        timings["hyde_search"] = (time.perf_counter() - t0) * 1000
        legs = dict(result.legs) | {"hyde": hyde_leg}
        weights = {leg: self.leg_weights.get(leg, 1.0) for leg in result.legs} | {"hyde": self.weight}
        t1 = time.perf_counter()
        fused: list[FusedHit] = fuse(legs, mode=FusionMode.RRF, weights=weights, rrf_k=self.rrf_k)
        timings["hyde_fusion"] = (time.perf_counter() - t1) * 1000
        expanded = RetrievalResult(result.query, result.filters, result.mode, tuple(fused), legs, timings)
        note = " (cached)" if written.cached else ""
        return HydeOutcome(expanded, True, reason + note, written.text)
