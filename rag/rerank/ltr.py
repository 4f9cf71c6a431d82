"""A learned ranking of the first pass: LightGBM lambdarank over cheap features.

The first pass (hybrid retrieval, fused) orders products by two scores. Many of
its mistakes are visible in facts it does not weigh together: a gaming mouse pad
above gaming mice shares the words but not the parsed product type; a product
the dense leg ranks 2nd and BM25 never found is not the same as one both legs
rank 2nd. :class:`LearnedRanker` reorders the first pass's top ``top_n`` with a
small gradient-boosted model over :data:`FEATURES` (each leg's rank and score,
the fused rank and score, whether the product's type and brand are the ones the
query understanding parsed, how much of the query the title, category and
description cover, price against the head, how much of the head shares the
product's category). No model weights: about 0.2 ms of CPU for 30 products.

The model is trained by ``python -m rag.offline.train_ltr`` on the dev queries'
completed judgments and chosen by cross-validation over queries
(``python -m rag.offline.ltr_study`` reports the out-of-fold figure); see
docs/reranking.md. It ships in ``models/ltr/``: ``model.txt`` (LightGBM's text
format) and ``features.json`` (the feature names it was trained on; a model
whose names differ from :data:`FEATURES` is refused, so a feature change cannot
silently feed a model the wrong columns).

The features must be computed the same way offline and when serving, so both
call :func:`feature_rows` on a :class:`RankContext` built by
:meth:`RankContext.from_result`.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from rag.catalog.vocabulary import terms
from rag.records import FusedHit, LegEvidence, Product

LTR_LEG = "ltr"

FEATURES = (
    "fp_rank", "fp_score_rel", "bm25_rank", "bm25_score_rel", "in_bm25", "dense_rank", "dense_cos",
    "dense_gap", "type_match", "type_parsed", "brand_match",
    "cover_title", "cover_category", "cover_description", "title_words", "log_price", "price_rel",
    "query_words", "category_share_head", "category_share_top10",
)
MISSING_RANK = 101.0  # a leg that did not return the product: ranked past its depth

@dataclass(frozen=True, slots=True)
class RankContext:
    """What the features read about the query: the searched text, what understanding
    parsed (product type, brand), and each leg's top score (to scale the others)."""

    text: str
    product_type: str | None
    brand: str | None
    top_bm25: float
    top_dense: float

    @classmethod
    def from_result(cls, result, product_type: str | None, brand: str | None) -> RankContext:
        """From a ``RetrievalResult`` (its searched text and legs) and the parsed type and brand."""
        bm25, dense = result.legs.get("bm25", ()), result.legs.get("dense", ())
        return cls(result.query, product_type, brand,
                   bm25[0].score if bm25 else 0.0, dense[0].score if dense else 0.0)


def feature_rows(context: RankContext, head: Sequence[FusedHit], products: Mapping[str, Product]) -> list[list[float]]:
    """One row of :data:`FEATURES` per head candidate, in head order."""
    if not head:
        return []
    categories = [products[h.product_id].category for h in head]
    prices = sorted(p.price for p in (products[h.product_id] for h in head) if p.price)
    median_price = prices[len(prices) // 2] if prices else 1.0
    query_terms = terms(context.text)
    top_score = head[0].score or 1.0

    def cover(text: str) -> float:
        return len(query_terms & terms(text)) / len(query_terms) if query_terms else 0.0

    rows = []
    for rank, hit in enumerate(head, start=1):
        product = products[hit.product_id]
        bm25, dense = hit.legs.get("bm25"), hit.legs.get("dense")
        rows.append([
            float(rank), hit.score / top_score,
            float(bm25.rank) if bm25 else MISSING_RANK,
            (bm25.score / context.top_bm25) if bm25 and context.top_bm25 else 0.0,
            1.0 if bm25 else 0.0,
            float(dense.rank) if dense else MISSING_RANK, dense.score if dense else 0.0,
            (context.top_dense - dense.score) if dense else 1.0,
            1.0 if context.product_type and product.category == context.product_type else 0.0,
            1.0 if context.product_type else 0.0,
            1.0 if context.brand and product.brand == context.brand else 0.0,
            cover(product.title), cover(product.category or ""), cover(product.description or ""),
            float(len(product.title.split())), math.log1p(product.price) if product.price else 0.0,
            (product.price / median_price) if product.price else 0.0,
            float(len(query_terms)),
            categories.count(product.category) / len(categories) if product.category else 0.0,
            categories[:10].count(product.category) / 10 if product.category else 0.0,
        ])
    return rows


class LtrModelError(ValueError):
    """The model folder is missing a file or was trained on other features."""


class LearnedRanker:
    """Reorder a first pass's top ``top_n`` by a LightGBM model (loaded on first use).

    ``fetch`` returns the ``Product`` records for a list of ids (the engine's
    ``fetch``). The rest of the list keeps its first-pass order after the head.
    Each reordered hit keeps its first-pass legs and gains ``legs["ltr"]``
    (its learned rank and score); ``score`` becomes the model's score.
    """

    def __init__(self, model_dir: str | Path, fetch, *, top_n: int = 30) -> None:
        if top_n < 1:
            raise ValueError(f"top_n must be >= 1, got {top_n}")
        self.model_dir = Path(model_dir)
        self.fetch = fetch
        self.top_n = top_n
        self._booster = None
        self._error: LtrModelError | None = None  # a folder that failed to load is not read again per query
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        return f"ltr:{self.model_dir.name}"

    def booster(self):
        """The LightGBM booster, loaded once (raises :class:`LtrModelError` for a bad folder)."""
        if self._booster is None:
            with self._lock:
                if self._error is not None:
                    raise self._error
                if self._booster is None:
                    try:
                        self._booster = load_booster(self.model_dir)
                    except LtrModelError as exc:
                        self._error = exc
                        raise
        return self._booster

    def score(self, context: RankContext, head: Sequence[FusedHit], products: Mapping[str, Product]) -> list[float]:
        import numpy as np

        rows = feature_rows(context, head, products)
        if not rows:
            return []
        return [float(s) for s in self.booster().predict(np.asarray(rows, dtype=float), num_threads=1)]

    def rank(self, result, *, product_type: str | None = None, brand: str | None = None):
        """``result`` (a ``RetrievalResult``) with its head reordered, timed as ``"ltr"``."""
        if len(result.hits) < 2:
            return result
        t0 = time.perf_counter()
        head, tail = result.hits[: self.top_n], result.hits[self.top_n:]
        products = self.fetch([h.product_id for h in head])
        known = [h for h in head if h.product_id in products]
        scores = self.score(RankContext.from_result(result, product_type, brand), known, products)
        order = sorted(range(len(known)), key=lambda i: -scores[i])  # stable: ties keep the first pass
        reordered = []
        for rank, i in enumerate(order, start=1):
            hit = known[i]
            legs = dict(hit.legs) | {LTR_LEG: LegEvidence(rank, scores[i])}
            reordered.append(replace(hit, score=scores[i], legs=legs))
        unknown = [h for h in head if h.product_id not in products]  # a record gone since indexing: kept, after
        timings = dict(result.timings_ms) | {LTR_LEG: (time.perf_counter() - t0) * 1000}
        return replace(result, hits=(*reordered, *unknown, *tail), timings_ms=timings)


def load_booster(model_dir: Path):
    """Read ``model.txt`` and check ``features.json`` against :data:`FEATURES`."""
    import lightgbm as lgb

    model, names = model_dir / "model.txt", model_dir / "features.json"
    for path in (model, names):
        if not path.is_file():
            raise LtrModelError(f"learned ranker folder {model_dir} has no {path.name}; "
                                "train one with `python -m rag.offline.train_ltr --output DIR`")
    trained_on = json.loads(names.read_text())["features"]
    if list(trained_on) != list(FEATURES):
        raise LtrModelError(f"the model in {model_dir} was trained on other features ({len(trained_on)} named) "
                            f"than this code computes ({len(FEATURES)}); retrain it")
    return lgb.Booster(model_file=str(model))


def save_model(booster, model_dir: Path, card: Mapping[str, object]) -> None:
    """Write a trained booster and its feature names (and ``card``, the training facts) to ``model_dir``."""
    model_dir.mkdir(parents=True, exist_ok=True)
    booster.save_model(str(model_dir / "model.txt"))
    (model_dir / "features.json").write_text(json.dumps({"features": list(FEATURES), **card}, indent=2) + "\n")
