"""The reranker interface, the shared product text, RRF over two orders, and a fake.

A reranker works on ids and scores: it receives the first-pass ``FusedHit``
list and the ``Product`` records for (at least) its top ``top_n``, and
returns *new* ``FusedHit`` records. The rerank score becomes ``score`` and the
evidence is kept under ``legs["rerank"]`` next to the first-pass legs, so
``--explain`` can show both. Candidates beyond ``top_n`` keep their order
after the reranked ones (their records are unchanged).
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import replace

from rag.records import FusedHit, LegEvidence, Product

RERANK_LEG = "rerank"

#: RRF constant when the rerank order is fused with the first-pass order.
#: Smaller than fusion's 60: only 30 ranks take part, and a small k lets a
#: confident top-3 from either order stay near the top.
DEFAULT_FUSION_K = 20.0

#: Bump when :func:`product_text` changes: cached rerank scores depend on it.
PRODUCT_TEXT_VERSION = 1

_KEY_ATTRIBUTES = (("screen_in", "{:g} inch"), ("memory_gb", "{:g} GB RAM"), ("storage_gb", "{:g} GB storage"))
_WORD = re.compile(r"[a-z0-9]+")


def product_text(product: Product, *, max_chars: int = 300) -> str:
    """The document side of a (query, product) pair: short, most telling fields first.

    Title, derived category, brand and a few normalized specs. Descriptions
    are left out: the pair is cut to a few dozen tokens for latency, and the
    title already names the product.
    """
    parts = [product.title]
    if product.category:
        parts.append(f"category: {product.category}")
    if product.brand and product.brand.lower() not in product.title.lower():
        parts.append(f"brand: {product.brand}")
    specs = []
    for key, fmt in _KEY_ATTRIBUTES:
        value = product.attributes.get(key)
        if isinstance(value, float | int) and not isinstance(value, bool):
            specs.append(fmt.format(value))
    colour = product.attributes.get("colour")
    if isinstance(colour, str) and colour:
        specs.append(colour.lower())
    if specs:
        parts.append(", ".join(specs))
    return " | ".join(parts)[:max_chars]


def fuse_orders(
    first: Sequence[str], second: Sequence[str], *, k: float = DEFAULT_FUSION_K, first_weight: float = 1.0
) -> dict[str, float]:
    """Weighted RRF of two orders: ``first_weight/(k + rank_first) + 1/(k + rank_second)``.

    Returns ``{id: fused score}``; an id missing from one order gets nothing from it.
    """
    if k <= 0:
        raise ValueError(f"RRF k must be > 0, got {k}")
    if first_weight < 0:
        raise ValueError(f"first_weight must be >= 0, got {first_weight}")
    scores: dict[str, float] = {}
    for weight, order in ((first_weight, first), (1.0, second)):
        for rank, pid in enumerate(order, start=1):
            scores[pid] = scores.get(pid, 0.0) + weight / (k + rank)
    return scores


class Reranker(ABC):
    """Rescore the top ``top_n`` first-pass candidates.

    Subclasses implement :meth:`score_pairs` (one float per product, higher is
    better). :meth:`rerank` owns the shape: validation, empty input, the
    ``top_n`` cut, the optional RRF with the first-pass order, and the copying
    of records.
    """

    def __init__(
        self,
        *,
        fuse_with_first_pass: bool = False,
        fusion_k: float = DEFAULT_FUSION_K,
        first_pass_weight: float = 1.0,
    ) -> None:
        if fusion_k <= 0:
            raise ValueError(f"fusion_k must be > 0, got {fusion_k}")
        if first_pass_weight < 0:
            raise ValueError(f"first_pass_weight must be >= 0, got {first_pass_weight}")
        self.fuse_with_first_pass = fuse_with_first_pass
        self.fusion_k = fusion_k
        self.first_pass_weight = first_pass_weight

    @property
    def model_id(self) -> str:
        """Names what produces the scores (model, weights, input recipe): the
        rerank-score cache is keyed by it, so two scorers that can disagree must
        not share an id."""
        return f"{type(self).__name__}/text-v{PRODUCT_TEXT_VERSION}"

    def normalize_query(self, query: str) -> str:
        """The query as the scorer sees it: two queries with the same normal form
        get the same scores (whitespace never matters to a tokenizer)."""
        return " ".join(query.split())

    @abstractmethod
    def score_pairs(self, query: str, products: Sequence[Product]) -> list[float]:
        """One relevance score per product for ``query`` (same order as ``products``)."""

    def rerank(
        self,
        query: str,
        candidates: Sequence[FusedHit],
        products: Mapping[str, Product],
        top_n: int,
    ) -> list[FusedHit]:
        """Reranked copies of ``candidates``; the first ``top_n`` are rescored.

        With ``fuse_with_first_pass`` the returned ``score`` of the reranked head
        is the RRF of the rerank order and the first-pass order; the raw model
        score is always in ``legs["rerank"].score``. Raises ``KeyError`` naming
        the ids whose ``Product`` is missing (a caller bug: join before reranking).
        """
        if top_n < 0:
            raise ValueError(f"top_n must be >= 0, got {top_n}")
        head, tail = list(candidates[:top_n]), list(candidates[top_n:])
        if not head:
            return list(candidates)
        missing = [h.product_id for h in head if h.product_id not in products]
        if missing:
            raise KeyError(f"no Product record for candidates {missing[:5]}; pass every head candidate's record")
        scores = self.score_pairs(query, [products[h.product_id] for h in head])
        if len(scores) != len(head):
            raise RuntimeError(f"{type(self).__name__} returned {len(scores)} scores for {len(head)} products")
        # Stable: ties keep the first-pass order.
        by_model = sorted(range(len(head)), key=lambda i: -scores[i])
        rerank_rank = {head[i].product_id: r for r, i in enumerate(by_model, start=1)}
        if self.fuse_with_first_pass:
            fused = fuse_orders([h.product_id for h in head], [head[i].product_id for i in by_model],
                                k=self.fusion_k, first_weight=self.first_pass_weight)
            order = sorted(range(len(head)), key=lambda i: -fused[head[i].product_id])
            final = {head[i].product_id: fused[head[i].product_id] for i in order}
        else:
            order = by_model
            final = {head[i].product_id: float(scores[i]) for i in order}
        out = []
        for i in order:
            hit = head[i]
            legs = dict(hit.legs)
            legs[RERANK_LEG] = LegEvidence(rerank_rank[hit.product_id], float(scores[i]))
            out.append(replace(hit, score=final[hit.product_id], legs=legs))
        return out + tail


class FakeReranker(Reranker):
    """Deterministic word overlap between the query and :func:`product_text`.

    Score = shared distinct words / distinct query words, a tiny bonus for
    shorter texts to break ties the same way in every process. For tests and
    for wiring the stage without a model.
    """

    def normalize_query(self, query: str) -> str:
        return " ".join(query.lower().split())  # the scorer lower-cases anyway

    def score_pairs(self, query: str, products: Sequence[Product]) -> list[float]:
        q = set(_WORD.findall(query.lower()))
        out = []
        for p in products:
            words = set(_WORD.findall(product_text(p).lower()))
            overlap = len(q & words) / len(q) if q else 0.0
            out.append(overlap + 1.0 / (1000.0 + len(words)))
        return out
