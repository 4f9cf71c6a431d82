"""The reranker contract on the fake and on the cross-encoder wrapper (with a stub scorer)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import FrozenInstanceError

import pytest

from rag.records import FusedHit, LegEvidence, Product
from rag.rerank import CrossEncoderReranker, FakeReranker, Reranker, fuse_orders, product_text


def _product(pid: str, title: str, category: str | None = None, **attrs: object) -> Product:
    return Product(id=pid, title=title, brand=title.split()[0], category=category, price=10.0,
                   currency="USD", description="", attributes=attrs)


@pytest.fixture
def catalog() -> dict[str, Product]:
    items = [
        _product("toner", "HP 305A toner cartridge Black", "toner cartridge"),
        _product("bag", "Targus notebook bag 15 inch", "notebook bag"),
        _product("speaker", "JBL Flip bluetooth speaker", "portable speaker", colour="Blue"),
        _product("cable", "C2G HDMI cable 2m", "hdmi cable"),
        _product("laptop", "HP ProBook 450 notebook", "notebook", screen_in=15.6, memory_gb=8.0),
    ]
    return {p.id: p for p in items}


def _hits(ids: Sequence[str]) -> list[FusedHit]:
    return [FusedHit(pid, 1.0 / r, {"bm25": LegEvidence(r, 10.0 - r)}) for r, pid in enumerate(ids, start=1)]


class StubCrossEncoder(CrossEncoderReranker):
    """The real wrapper with canned model scores (no model file needed)."""

    def __init__(self, scores: dict[str, float], **kw: object) -> None:
        super().__init__("unused", **kw)
        self.scores = scores
        self.seen: list[int] = []

    def score_pairs(self, query: str, products: Sequence[Product]) -> list[float]:
        self.seen.append(len(products))
        return [self.scores[p.id] for p in products]


def test_fake_puts_word_overlap_first(catalog):
    out = FakeReranker().rerank("bluetooth speaker", _hits(["toner", "bag", "speaker"]), catalog, top_n=3)
    assert out[0].product_id == "speaker"
    scores = [h.score for h in out]
    assert scores == sorted(scores, reverse=True)


def test_rerank_evidence_and_first_pass_legs_are_kept(catalog):
    hits = _hits(["toner", "bag", "speaker"])
    out = FakeReranker().rerank("bluetooth speaker", hits, catalog, top_n=3)
    top = out[0]
    assert top.legs["rerank"].rank == 1
    assert top.legs["bm25"] == hits[2].legs["bm25"]
    assert {h.legs["rerank"].rank for h in out} == {1, 2, 3}


def test_inputs_are_not_mutated_and_outputs_are_frozen(catalog):
    hits = _hits(["toner", "bag", "speaker"])
    before = [(h.product_id, h.score, dict(h.legs)) for h in hits]
    out = FakeReranker().rerank("bluetooth speaker", hits, catalog, top_n=3)
    assert [(h.product_id, h.score, dict(h.legs)) for h in hits] == before
    assert "rerank" not in hits[2].legs
    with pytest.raises(FrozenInstanceError):
        out[0].score = 0.0  # type: ignore[misc]


def test_only_top_n_reranked_tail_keeps_order(catalog):
    hits = _hits(["toner", "bag", "cable", "laptop", "speaker"])
    stub = StubCrossEncoder({"toner": 0.1, "bag": 0.9, "cable": 0.5, "laptop": 5.0, "speaker": 9.0},
                            fuse_with_first_pass=False)
    out = stub.rerank("q", hits, catalog, top_n=3)
    assert stub.seen == [3]
    assert [h.product_id for h in out] == ["bag", "cable", "toner", "laptop", "speaker"]
    assert out[3] is hits[3] and "rerank" not in out[3].legs
    assert [h.score for h in out[:3]] == [0.9, 0.5, 0.1]


def test_rrf_fusion_blends_orders(catalog):
    hits = _hits(["toner", "bag", "cable", "laptop"])
    scores = {"toner": 0.0, "bag": 1.0, "cable": 2.0, "laptop": 3.0}  # the model fully reverses the order
    replaced = StubCrossEncoder(scores, fuse_with_first_pass=False).rerank("q", hits, catalog, top_n=4)
    fused = StubCrossEncoder(scores, fuse_with_first_pass=True, fusion_k=20).rerank("q", hits, catalog, top_n=4)
    assert [h.product_id for h in replaced] == ["laptop", "cable", "bag", "toner"]
    # a full reversal: ranks (1, 4) beat (2, 3) under RRF; ties keep the first-pass order
    assert [h.product_id for h in fused] == ["toner", "laptop", "bag", "cable"]
    assert fused[0].legs["rerank"].rank == 4 and fused[0].legs["rerank"].score == 0.0
    # with one model win at the top and agreement elsewhere, the fused order moves it up
    scores2 = {"toner": 1.0, "bag": 0.5, "cable": 3.0, "laptop": 0.1}
    fused2 = StubCrossEncoder(scores2, fuse_with_first_pass=True).rerank("q", hits, catalog, top_n=4)
    assert [h.product_id for h in fused2][:2] == ["toner", "cable"]


def test_fuse_orders_values():
    s = fuse_orders(["a", "b"], ["b", "a"], k=1)
    assert s == {"a": 1 / 2 + 1 / 3, "b": 1 / 3 + 1 / 2}
    with pytest.raises(ValueError, match="k must be > 0"):
        fuse_orders(["a"], ["a"], k=0)
    # a heavier first pass keeps its winner when the model disagrees
    w = fuse_orders(["a", "b"], ["b", "a"], k=1, first_weight=3.0)
    assert w["a"] > w["b"]


@pytest.mark.parametrize("reranker", [FakeReranker(), StubCrossEncoder({})])
def test_empty_candidates_and_zero_top_n(reranker: Reranker, catalog):
    assert reranker.rerank("q", [], catalog, top_n=30) == []
    hits = _hits(["toner", "bag"])
    assert reranker.rerank("q", hits, catalog, top_n=0) == hits


def test_top_n_larger_than_candidates(catalog):
    out = FakeReranker().rerank("hdmi cable", _hits(["toner", "cable"]), catalog, top_n=100)
    assert [h.product_id for h in out] == ["cable", "toner"]


def test_missing_product_record_is_a_caller_error(catalog):
    with pytest.raises(KeyError, match="nope"):
        FakeReranker().rerank("q", _hits(["toner", "nope"]), catalog, top_n=2)


def test_bad_settings_are_rejected():
    with pytest.raises(ValueError, match="top_n"):
        FakeReranker().rerank("q", [], {}, top_n=-1)
    with pytest.raises(ValueError, match="quantize"):
        CrossEncoderReranker("x", quantize="int4")
    with pytest.raises(ValueError, match="batch_size"):
        CrossEncoderReranker("x", batch_size=0)


def test_construction_loads_no_model():
    rr = CrossEncoderReranker("/no/such/model")
    assert "model" not in rr.__dict__


def test_product_text_is_short_and_has_type_and_specs(catalog):
    text = product_text(catalog["laptop"])
    assert "notebook" in text and "15.6 inch" in text and "8 GB RAM" in text
    assert len(product_text(catalog["laptop"], max_chars=20)) == 20
