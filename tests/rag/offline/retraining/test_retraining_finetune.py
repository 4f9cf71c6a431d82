"""The fine-tuning run: triplets in, candidate vs live, registry out (fakes, then tiny real models)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from personalization.retraining.gate import GateConfig
from personalization.retraining.registry import LiveModel, ModelRegistry, Target
from rag.evaluation.judgments import Judgments
from rag.offline.rerank_training import Pair
from rag.offline.retraining.data import CatalogPairs, Triplet, TripletSet, load_triplets
from rag.offline.retraining.evaluation import Comparison, compare_rerankers, subsets
from rag.offline.retraining.finetune import Steps, run_finetune
from rag.offline.retraining.training import Budget, Hyper, TrainResult
from rag.records import FusedHit
from rag.rerank.base import FakeReranker, Reranker
from tests.rag.offline.retraining.retraining_fixtures import build_tiny_models

TRIPLETS = TripletSet((Triplet("wireless mouse", "3484710", "2096357", "purchase/skip-above", "demo-gamer"),
                       Triplet("laptop bag", "4543412", "3610690", "click/skip-above", "ann")), "t.jsonl")
PAIRS = CatalogPairs((Pair("mouse", "2096357", 1.0, "type"), Pair("mouse", "727946", 0.0, "type")), {"pairs": 2})


def _metrics(ndcg: float) -> dict[str, float]:
    return {"ndcg@10": ndcg, "ndcg@10_condensed": 0.9, "mrr": 0.8, "hit@5": 0.9, "recall@100": 0.95, "judged@10": 0.6}


def _fake_steps(live: float, candidate: float, calls: list) -> Steps:
    def train(base: str, triplets: TripletSet, pairs: CatalogPairs, out: Path) -> TrainResult:
        calls.append(base)
        out.mkdir(parents=True)
        (out / "weights.txt").write_text(f"from {base}")
        return TrainResult(3, "steps", 0.1, 24, 48, 0.5, base, str(out), {"learning_rate": 2e-5})

    def compare(live_model: str, cand_model: str, seen: frozenset[str]) -> Comparison:
        assert seen == {"wireless mouse", "laptop bag"}
        return Comparison({"all": _metrics(live), "unseen": _metrics(live)},
                          {"all": _metrics(candidate), "unseen": _metrics(candidate - 0.01)}, {"all": 78, "unseen": 70})

    return Steps(lambda: TRIPLETS, lambda: PAIRS, train, compare)


def test_a_better_candidate_goes_live_and_the_next_run_starts_from_it(tmp_path: Path) -> None:
    reg = ModelRegistry(tmp_path)
    calls: list[str] = []
    report = run_finetune(reg, Target.RERANKER, LiveModel("models/reranker/v2", "default"),
                          _fake_steps(0.770, 0.790, calls), GateConfig(margin=0.005))
    assert report.promoted and report.decision.delta == pytest.approx(0.02)
    baseline, candidate = reg.versions(Target.RERANKER)
    assert baseline.model == "models/reranker/v2" and baseline.metrics["ndcg@10"] == 0.770
    assert reg.live(Target.RERANKER).version == candidate.version == "reranker-0002"
    assert candidate.parent == baseline.version and candidate.metrics["ndcg@10"] == 0.790
    assert candidate.training["feedback"]["triplets"] == 2 and candidate.training["dev_judgments_used"] is False
    assert candidate.gate["promote"] is True
    card = (Path(candidate.model) / "MODEL_CARD.md").read_text()
    assert "promoted: ndcg@10 0.7700 → 0.7900" in card and "| unseen | 70 | candidate |" in card
    saved = json.loads((Path(candidate.model) / "finetune_report.json").read_text())
    assert saved["promoted"] is True and saved["machine"]["cpus"] >= 1
    # the next candidate is trained from what is live now, and a worse one is refused
    live = LiveModel(candidate.model, "registry", candidate.version)
    again = run_finetune(reg, Target.RERANKER, live, _fake_steps(0.790, 0.780, calls), GateConfig())
    assert calls == ["models/reranker/v2", candidate.model]
    assert not again.promoted and reg.live(Target.RERANKER).version == candidate.version
    assert again.candidate.parent == candidate.version


def test_a_tie_is_refused_and_no_promote_never_goes_live(tmp_path: Path) -> None:
    reg = ModelRegistry(tmp_path)
    tie = run_finetune(reg, Target.RERANKER, LiveModel("base", "default"), _fake_steps(0.77, 0.772, []),
                       GateConfig(margin=0.005))
    assert not tie.promoted and "within the margin" in tie.decision.reason
    held = run_finetune(reg, Target.RERANKER, LiveModel("base", "default"), _fake_steps(0.77, 0.90, []),
                        GateConfig(), promote=False)
    assert not held.promoted and "would promote (--no-promote)" in held.decision.reason
    assert reg.live(Target.RERANKER).model == "base"


def test_no_triplets_is_a_clear_error(tmp_path: Path) -> None:
    steps = _fake_steps(0.7, 0.8, [])
    empty = Steps(lambda: TripletSet((), "empty.jsonl"), steps.catalog_pairs, steps.train, steps.compare)
    with pytest.raises(ValueError, match=r"empty\.jsonl holds no usable triplet"):
        run_finetune(ModelRegistry(tmp_path), Target.RERANKER, LiveModel("base", "default"), empty, GateConfig())


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_load_triplets_from_an_export(tmp_path: Path, catalog, suffix: str) -> None:
    rows = pd.DataFrame([
        {"query": "wireless mouse", "positive_id": "3484710", "positive_text": "", "negative_id": "2096357",
         "negative_text": "", "source": "purchase/skip-above", "request_id": "r1", "user_id": "demo-gamer"},
        {"query": "mouse", "positive_id": "gone-from-catalog", "positive_text": "", "negative_id": "2096357",
         "negative_text": "", "source": "click/skip-above", "request_id": "r2", "user_id": "ann"},
        {"query": " ", "positive_id": "3484710", "positive_text": "", "negative_id": "2096357",
         "negative_text": "", "source": "click/skip-above", "request_id": "r3", "user_id": "ann"},
    ])
    path = tmp_path / f"triplets{suffix}"
    {".jsonl": lambda: rows.to_json(path, orient="records", lines=True), ".csv": lambda: rows.to_csv(path, index=False),
     ".parquet": lambda: rows.to_parquet(path, index=False)}[suffix]()
    loaded = load_triplets(path, catalog)
    assert loaded.triplets == (Triplet("wireless mouse", "3484710", "2096357", "purchase/skip-above", "demo-gamer"),)
    summary = loaded.summary()
    assert summary["dropped_missing_product"] == 1 and summary["dropped_blank"] == 1
    assert summary["sources"] == {"purchase": 1} and summary["demo_users"] == 1


def test_load_triplets_rejects_bad_files(tmp_path: Path, catalog) -> None:
    with pytest.raises(FileNotFoundError, match="shopassist export triplets"):
        load_triplets(tmp_path / "nope.jsonl", catalog)
    (tmp_path / "t.txt").write_text("x")
    with pytest.raises(ValueError, match="unknown triplet file type"):
        load_triplets(tmp_path / "t.txt", catalog)
    pd.DataFrame([{"query": "q", "positive": "a"}]).to_csv(tmp_path / "t.csv", index=False)
    with pytest.raises(ValueError, match="missing column"):
        load_triplets(tmp_path / "t.csv", catalog)


class _Reverse(Reranker):
    """The fake reranker's order, upside down: a worse model."""

    def score_pairs(self, query, products):
        return [-s for s in FakeReranker().score_pairs(query, products)]


def test_compare_rerankers_scores_both_on_one_first_pass(catalog) -> None:
    judgments = Judgments.from_mapping({
        "wireless mouse": {"3484710": 3, "2096357": 3, "727946": 0},
        "portable speaker": {"77854049": 3, "3794547": 0},
    })
    pool = ["727946", "3794547", "2096357", "77854049", "3484710"]

    def first(query: str):
        return [FusedHit(pid, 1.0 / (i + 1)) for i, pid in enumerate(pool)]

    models = {"good": FakeReranker(), "bad": _Reverse()}
    out = compare_rerankers(first, lambda ids: {i: catalog[i] for i in ids}, models.__getitem__, "bad", "good",
                            judgments, frozenset({"Wireless Mouse"}), top_n=5)
    assert out.queries == {"all": 2, "unseen": 1}
    assert out.candidate["all"]["ndcg@10"] > out.live["all"]["ndcg@10"]
    assert set(subsets(judgments, frozenset({"wireless mouse"}))["unseen"].queries) == {"portable speaker"}


# -- tiny real models: a handful of training steps on a 1-layer, 32-wide BERT ------------------------------------


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory):
    return build_tiny_models(tmp_path_factory.mktemp("tiny-models"))


def test_tiny_reranker_training_run_saves_a_loadable_candidate(tmp_path: Path, tiny_models, catalog) -> None:
    from rag.offline.retraining.training import train_reranker
    from rag.rerank import CrossEncoderReranker

    ce, _ = tiny_models
    out = tmp_path / "candidate"
    result = train_reranker(str(ce), TRIPLETS.triplets, PAIRS.pairs, catalog, out,
                            budget=Budget(max_steps=3, max_seconds=60), hyper=Hyper(feedback_batch=2, catalog_batch=2,
                                                                                   max_length=32, learning_rate=1e-3),
                            progress=False)
    assert result.steps == 3 and result.stopped_by == "steps"
    assert result.feedback_examples_seen == 6 and result.catalog_examples_seen == 6
    scores = CrossEncoderReranker(out, max_length=32).score_pairs("mouse", [catalog["2096357"], catalog["727946"]])
    assert len(scores) == 2 and all(s == s for s in scores)
    # the time budget stops a run too
    timed = train_reranker(str(ce), TRIPLETS.triplets, PAIRS.pairs, catalog, tmp_path / "timed",
                           budget=Budget(max_steps=10_000, max_seconds=1e-9), hyper=Hyper(max_length=32),
                           progress=False)
    assert timed.stopped_by == "time" and timed.steps == 0


def test_tiny_embedder_training_run_moves_the_query_towards_its_positive(tmp_path: Path, tiny_models, catalog) -> None:
    import numpy as np

    from rag.embeddings.sentence_transformers import SentenceTransformerEmbedder
    from rag.indexing import DocumentBuilder
    from rag.offline.retraining.training import train_embedder

    _, bi = tiny_models
    text = DocumentBuilder().embedded_text
    pos, neg = catalog["3484710"], catalog["2096357"]

    def margin(model: str) -> float:
        e = SentenceTransformerEmbedder(model)
        q = e.embed_query("wireless mouse")
        d = e.embed_documents([text(pos), text(neg)])
        return float(np.dot(d[0], q) - np.dot(d[1], q))

    before = margin(str(bi))
    out = tmp_path / "candidate"
    one = (Triplet("wireless mouse", "3484710", "2096357"),)
    result = train_embedder(str(bi), one, (), catalog, out, budget=Budget(max_steps=8, max_seconds=60),
                            hyper=Hyper(feedback_batch=1, catalog_batch=0, max_length=32, learning_rate=5e-3),
                            document_text=text, progress=False)
    assert result.steps == 8 and result.feedback_examples_seen == 8
    assert margin(str(out)) > before


def test_masked_in_batch_negatives_leave_a_finite_loss(tmp_path: Path, tiny_models, catalog) -> None:
    """``negative_ok`` False masks every in-batch column but the row's own positive and hard negative."""
    from rag.indexing import DocumentBuilder
    from rag.offline.retraining.training import train_embedder

    _, bi = tiny_models
    rows = [Triplet("wireless mouse", "3484710", "2096357"), Triplet("mouse", "3484710", "2096357")]
    masked: list[tuple[str, str]] = []

    def negative_ok(query: str, product_id: str) -> bool:
        masked.append((query, product_id))
        return product_id != "3484710"  # the shared positive answers both queries

    result = train_embedder(str(bi), (), (), catalog, tmp_path / "c", budget=Budget(max_steps=2, max_seconds=60),
                            hyper=Hyper(feedback_batch=0, catalog_batch=2, max_length=32, learning_rate=1e-3),
                            document_text=DocumentBuilder().embedded_text, progress=False, catalog=rows,
                            negative_ok=negative_ok)
    assert result.steps == 2 and result.catalog_examples_seen == 4
    assert result.final_loss_ema is not None and result.final_loss_ema == result.final_loss_ema
    assert masked


def test_int8_onnx_export_runs_in_the_serving_loader(tmp_path: Path, tiny_models, catalog) -> None:
    """The exported folder loads through ``build_embedder(path)`` and agrees with the fp32 model."""
    import numpy as np

    pytest.importorskip("onnx", reason="the export needs the onnx package: pip install '.[export]'")
    from rag.embeddings import build_embedder
    from rag.embeddings.onnx import OnnxEmbedder
    from rag.embeddings.sentence_transformers import SentenceTransformerEmbedder
    from rag.indexing import DocumentBuilder
    from rag.offline.onnx_export import export_int8

    _, bi = tiny_models
    out = tmp_path / "int8"
    sizes = export_int8(bi, out)
    assert sizes["int8_bytes"] < sizes["fp32_bytes"]
    served = build_embedder(str(out))
    assert isinstance(served, OnnxEmbedder) and served.model_id == "int8"
    texts = [DocumentBuilder().embedded_text(p) for p in list(catalog.values())[:8]]
    got, want = served.embed_documents(texts), SentenceTransformerEmbedder(str(bi)).embed_documents(texts)
    assert got.shape == want.shape
    assert float(np.mean(np.sum(got * want, axis=1))) > 0.9
