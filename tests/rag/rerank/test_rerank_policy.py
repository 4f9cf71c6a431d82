"""The rerank trigger policy: settings, decisions with reasons, the eval rows."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from rag.engines import LanceDBEngine
from rag.evaluation.judgments import Judgments
from rag.evaluation.runner import evaluate_mode, reranking_runner
from rag.indexing.documents import DocumentBuilder
from rag.indexing.ingest import sync_products
from rag.offline.policy_study import bootstrap_ci, spearman, threshold_table
from rag.rerank import FakeReranker
from rag.rerank.stage import RerankTrigger, first_pass_signals, rerank_with_policy
from rag.retrieval import HybridRetriever, RetrievalMode
from rag.settings import RerankPolicy, Settings
from rag.understanding import QueryParser, UnderstandingRetriever, Vocabulary


@pytest.fixture(scope="module")
def engine(tmp_path_factory, tiny_products, fake_embedder):
    engine = LanceDBEngine(tmp_path_factory.mktemp("policy") / "idx")
    sync_products(tiny_products, engine, fake_embedder, DocumentBuilder(), max_tokens=128, max_chunks=1, progress=False)
    return engine


@pytest.fixture(scope="module")
def retriever(engine, fake_embedder):
    return HybridRetriever(engine, fake_embedder)


def test_settings_policy_and_the_old_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().rerank_policy is RerankPolicy.NEVER
    assert Settings(rerank_policy="Auto").rerank_policy is RerankPolicy.AUTO
    assert Settings(rerank=True).rerank_policy is RerankPolicy.ALWAYS
    assert Settings(rerank=False).rerank_policy is RerankPolicy.NEVER
    monkeypatch.setenv("SHOPASSIST_RERANK", "true")
    assert Settings().rerank_policy is RerankPolicy.ALWAYS
    assert Settings(rerank_policy="always").rerank_policy is RerankPolicy.ALWAYS  # agreeing is fine
    with pytest.raises(ValidationError, match="contradicts rerank_policy=auto"):
        Settings(rerank_policy="auto")
    monkeypatch.setenv("SHOPASSIST_RERANK", "perhaps")
    with pytest.raises(ValidationError, match="rerank must be true or false"):
        Settings()
    monkeypatch.delenv("SHOPASSIST_RERANK")
    with pytest.raises(ValidationError, match="choose one of: never, always, auto"):
        Settings(rerank_policy="sometimes")
    with pytest.raises(ValidationError):
        Settings(rerank_auto_min_words=0)


def test_signals_on_a_real_result(retriever) -> None:
    result = retriever.retrieve("wireless mouse", k=20)
    signals = first_pass_signals(result)
    assert signals.words == 2 and signals.candidates == len(result.hits)
    assert signals.leg_overlap is not None and 0.0 <= signals.leg_overlap <= 1.0
    assert signals.fused_margin is not None and 0.0 <= signals.fused_margin <= 1.0
    bm25_only = first_pass_signals(retriever.retrieve("wireless mouse", k=5, mode=RetrievalMode.BM25))
    assert bm25_only.leg_overlap is None and bm25_only.fused_margin is None


@pytest.mark.parametrize(
    ("policy", "query", "applied", "reason"),
    [
        (RerankPolicy.NEVER, "wireless mouse", False, "policy never"),
        (RerankPolicy.ALWAYS, "mouse", True, "policy always"),
        (RerankPolicy.AUTO, "wireless mouse", True, "auto: 2 words >= 2"),
        (RerankPolicy.AUTO, "mouse", False, "auto: 1 word < 2"),
    ],
)
def test_decisions_and_reasons(retriever, engine, policy, query, applied, reason) -> None:
    result = retriever.retrieve(query, k=15)
    outcome = rerank_with_policy(RerankTrigger(policy), FakeReranker(), engine, query, result, top_n=10)
    assert outcome.decision.rerank is applied
    assert outcome.decision.reason.startswith(reason)
    assert ("rerank" in outcome.result.timings_ms) is applied
    assert (outcome.result is result) is not applied
    record = outcome.decision.as_dict()
    assert record["applied"] is applied and record["policy"] == policy.value and record["signals"]["words"] >= 1


def test_empty_results_and_bad_arguments(retriever, engine) -> None:
    empty = retriever.retrieve("   ")
    outcome = rerank_with_policy(RerankTrigger(RerankPolicy.ALWAYS), FakeReranker(), engine, "", empty, 10)
    assert not outcome.decision.rerank and outcome.decision.reason == "no candidates to rerank"
    result = retriever.retrieve("wireless mouse", k=5)
    assert rerank_with_policy(RerankTrigger(), None, engine, "q", result, 10).result is result
    with pytest.raises(ValueError, match="needs a reranker"):
        rerank_with_policy(RerankTrigger(RerankPolicy.AUTO), None, engine, "q", result, 10)
    with pytest.raises(TypeError, match="RerankPolicy"):
        RerankTrigger("auto")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="min_words"):
        RerankTrigger(RerankPolicy.AUTO, 0)
    assert RerankTrigger.from_settings(Settings(rerank_policy="auto", rerank_auto_min_words=3)) == RerankTrigger(
        RerankPolicy.AUTO, 3)


def test_eval_rows_count_where_the_gated_stage_ran(retriever, engine, tiny_products) -> None:
    understanding = UnderstandingRetriever(QueryParser(Vocabulary.from_products(tiny_products)), retriever)
    ids = [p.id for p in tiny_products]
    judgments = Judgments.from_mapping({"wireless mouse": {ids[0]: 3}, "mouse": {ids[1]: 2}, "usb cable": {ids[2]: 1}})
    auto = evaluate_mode("auto", reranking_runner(understanding, FakeReranker(), engine, retriever.default_mode, 10,
                                                  RerankTrigger(RerankPolicy.AUTO)), judgments, warmup=0)
    always = evaluate_mode("always", reranking_runner(understanding, FakeReranker(), engine, retriever.default_mode,
                                                      10), judgments, warmup=0)
    assert auto.queries_run == always.queries_run == 3
    assert always.stage_runs["rerank"] == 3 and always.gated_stages() == {}
    assert auto.stage_runs["rerank"] == 2 and auto.gated_stages() == {"rerank": 2}


def test_study_helpers() -> None:
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert spearman([1, 1, 1], [1, 2, 3]) == 0.0
    with pytest.raises(ValueError):
        spearman([1], [1, 2])
    rows = [{"words": 1, "d_ndcg": -0.2, "d_cond": 0.0}, {"words": 2, "d_ndcg": 0.1, "d_cond": 0.05}]
    table = threshold_table(rows, samples=500)
    low, high = table[0].pop("ndcg@10_gain_ci95")
    assert table[0] == {"threshold": 1, "fires": 2, "ndcg@10_gain": pytest.approx(-0.05),
                        "condensed_gain": pytest.approx(0.025), "helped": 1, "hurt": 1}
    assert -0.2 <= low <= -0.05 <= high <= 0.1
    assert table[1]["fires"] == 1 and table[1]["ndcg@10_gain"] == pytest.approx(0.05)
    assert bootstrap_ci([0.3, 0.3, 0.3], samples=100) == (pytest.approx(0.3), pytest.approx(0.3))
    with pytest.raises(ValueError):
        bootstrap_ci([])
