"""The relevance tiers behind abstaining, hedging and the HyDE trigger."""

from __future__ import annotations

from rag.generation.relevance import assess
from rag.records import NO_FILTERS, FusedHit, Hit, LegEvidence
from rag.retrieval import RetrievalMode, RetrievalResult


def result(products, dense_score: float) -> RetrievalResult:
    hits = tuple(FusedHit(p.id, 1.0 / (i + 1), {"dense": LegEvidence(i + 1, dense_score)}) for i, p in enumerate(products))
    dense = tuple(Hit(p.id, dense_score, "dense", i + 1) for i, p in enumerate(products))
    return RetrievalResult("q", NO_FILTERS, RetrievalMode.HYBRID_RRF, hits, {"dense": dense})


def test_tiers(tiny_products) -> None:
    notebooks = [p for p in tiny_products if p.category == "notebook"][:3]
    by_id = {p.id: p for p in tiny_products}
    assert assess("notebook", result(notebooks, 0.6), by_id).tier == "good"
    assert assess("gaming notebook", result(notebooks, 0.45), by_id).tier == "weak"
    assert assess("sofa", result(notebooks, 0.45), by_id).tier == "none"
    assert assess("notebook", result(notebooks, 0.2), by_id).tier == "none"  # too dissimilar, words or not
    assert assess("notebook", result([], 0.9), by_id).tier == "none"


def test_a_hyde_listing_can_only_lift_none_to_weak(tiny_products) -> None:
    notebooks = [p for p in tiny_products if p.category == "notebook"][:3]
    by_id = {p.id: p for p in tiny_products}
    first = result(notebooks, 0.45)
    assert assess("something for work trips", first, by_id).tier == "none"
    lifted = assess("something for work trips", first, by_id, expansion="HP notebook, 14 inch, light notebook for work")
    assert lifted.tier == "weak" and "HyDE" in lifted.reason
    unrelated = assess("sofa", first, by_id, expansion="Three-seat fabric sofa with cushions")
    assert unrelated.tier == "none"
