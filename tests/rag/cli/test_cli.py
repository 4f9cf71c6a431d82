"""The ``shopassist`` commands end to end on the tiny catalog with the fake embedder."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rag.cli import app
from rag.settings import get_settings

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SHOPASSIST_CATALOG_PATH", str(data_dir / "products.json"))
    monkeypatch.setenv("SHOPASSIST_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("SHOPASSIST_EMBEDDING_MODEL", "fake")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_ingest_then_search_json_and_explain(env: Path, tiny_products) -> None:
    result = runner.invoke(app, ["ingest", "--quiet"])
    assert result.exit_code == 0, result.output
    assert f"{len(tiny_products)} added" in result.output
    assert (env / "index" / "ingest_report.json").exists()

    notebook = next(p for p in tiny_products if p.category == "notebook")
    result = runner.invoke(app, ["search", notebook.title, "--json", "-k", "3"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    first = payload["results"][0]
    assert first["product_id"] == notebook.id
    assert {"product_id", "title", "brand", "price", "score", "legs"} <= set(first)
    assert set(first["legs"]) <= {"bm25", "dense"} and first["legs"]
    assert payload["understood"]["raw"] == notebook.title

    result = runner.invoke(app, ["search", "notebook under $1", "--json"])
    understood = json.loads(result.output)["understood"]
    assert understood["relaxed"] == [{"kind": "price", "text": "under $1"}]
    assert json.loads(result.output)["results"]

    result = runner.invoke(app, ["search", notebook.title, "--explain", "-k", "2"])
    assert result.exit_code == 0 and "bm25 #" in result.output and "timings" in result.output


def test_search_filters_and_bad_input(env: Path, tiny_products) -> None:
    assert runner.invoke(app, ["ingest", "--quiet"]).exit_code == 0
    brand = tiny_products[0].brand
    result = runner.invoke(app, ["search", "black", "--brand", brand, "--json", "-k", "50"])
    payload = json.loads(result.output)
    assert payload["results"] and all(r["brand"] == brand for r in payload["results"])
    cap = 50.0
    result = runner.invoke(app, ["search", "black", "--max-price", str(cap), "--json", "-k", "50"])
    assert all(r["price"] is not None and r["price"] <= cap for r in json.loads(result.output)["results"])
    assert runner.invoke(app, ["search", "x", "--mode", "borda"]).exit_code != 0
    bad = runner.invoke(app, ["search", "x", "--min-price", "50", "--max-price", "10"])
    assert bad.exit_code != 0
    empty = runner.invoke(app, ["search", "   "])
    assert empty.exit_code == 0 and "No products found" in empty.output


def test_search_builds_a_missing_index_first(env: Path) -> None:
    result = runner.invoke(app, ["search", "notebook", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output[result.output.index("{"):])["results"]


def test_eval_on_an_external_catalog_writes_the_documented_json(env: Path, tiny_products, data_dir) -> None:
    notebook = next(p for p in tiny_products if p.category == "notebook")
    judgments = env / "judged.csv"
    lines = ["query,docid,rating", f"{notebook.title},{notebook.id},3"]
    lines += [f"{notebook.title},{p.id},0" for p in tiny_products[:5] if p.id != notebook.id]
    judgments.write_text("\n".join(lines) + "\n")
    out = env / "eval.json"
    args = ["eval", "--judgments", str(judgments), "--catalog", str(data_dir / "products.json"), "--json", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    assert report["queries"] == 1
    assert set(report["modes"]) == {
        "bm25", "dense", "hybrid-rrf", "hybrid-linear", "hybrid+qu", "hybrid+qu+ltr", "hybrid+qu+type-boost",
        "hybrid+qu+type-filter", "hybrid+qu+rerank", "hybrid+qu+rerank-auto",
    }
    for metrics in report["modes"].values():
        assert set(metrics) == {"ndcg@10", "ndcg@10_condensed", "mrr", "hit@5", "recall@100", "judged@10", "p50_ms", "p99_ms"}
    assert report["modes"]["bm25"]["ndcg@10"] == 1.0
    cache = [p for p in (env / "eval-cache").iterdir() if p.is_dir()]
    assert len(cache) == 1  # indexed apart from the app's index, keyed by content
    again = runner.invoke(app, args)
    assert "0 added, 0 updated, 0 deleted" in again.output


def test_eval_stacks_judgment_files_and_judge_pool_lists_the_unjudged(env: Path, tiny_products) -> None:
    assert runner.invoke(app, ["ingest", "--quiet"]).exit_code == 0
    notebook = next(p for p in tiny_products if p.category == "notebook")
    original = env / "original.csv"
    original.write_text(f"query,docid,rating\n{notebook.title},{notebook.id},3\n")
    modes = ["--mode", "bm25", "--mode", "dense"]
    pool = env / "pool.csv"
    result = runner.invoke(app, ["judge-pool", "--judgments", str(original), "--out", str(pool), *modes])
    assert result.exit_code == 0, result.output
    with pool.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and all(r["query"] == notebook.title and r["docid"] != notebook.id for r in rows)
    assert all(r["title"] and r["modes"] for r in rows)
    # Rate the pool, stack the ratings on the originals: the second view is complete.
    added = env / "added.csv"
    added.write_text("query,docid,rating\n" + "".join(f"{r['query']},{r['docid']},0\n" for r in rows))
    out = env / "eval.json"
    args = ["eval", "--judgments", str(original), "--judgments", str(added), "--json", str(out), *modes]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    views = json.loads(out.read_text())["views"]
    assert [v["judgment_count"] for v in views] == [1, 1 + len(rows)]
    assert all(v["modes"]["bm25"]["judged@10"] == 1.0 for v in views[1:])
    assert min(m["judged@10"] for m in views[0]["modes"].values()) < 1.0
    assert result.output.count("| mode |") == 2
    again = runner.invoke(app, ["judge-pool", "--judgments", str(original), "--judgments", str(added),
                                "--out", str(pool), *modes])
    assert again.exit_code == 0 and "0 unjudged pairs" in again.output
    assert runner.invoke(app, ["eval", "--judgments", str(original), "--mode", "borda"]).exit_code == 2


def test_eval_reports_a_bad_judgments_file(env: Path) -> None:
    bad = env / "bad.csv"
    bad.write_text("query,docid,rating\nlaptop,1,7\n")
    result = runner.invoke(app, ["eval", "--judgments", str(bad)])
    assert result.exit_code == 2 and "line 2" in result.output


def test_search_records_the_rerank_decision(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The auto policy with the shipped cross-encoder: multi-word queries are reranked, one-word ones are not."""
    monkeypatch.setenv("SHOPASSIST_RERANK_POLICY", "auto")
    get_settings.cache_clear()
    assert runner.invoke(app, ["ingest", "--quiet"]).exit_code == 0
    multi = runner.invoke(app, ["search", "wireless mouse", "--json", "-k", "3"])
    assert multi.exit_code == 0, multi.output
    payload = json.loads(multi.output[multi.output.index("{"):])
    assert payload["rerank"]["applied"] is True and payload["rerank"]["reason"].startswith("auto: 2 words")
    assert len(payload["results"]) == 3 and all("rerank" in r["legs"] for r in payload["results"])
    single = runner.invoke(app, ["search", "mouse", "--explain", "-k", "3"])
    assert single.exit_code == 0 and "rerank: skipped (auto: 1 word < 2" in single.output
    monkeypatch.setenv("SHOPASSIST_RERANK", "false")
    get_settings.cache_clear()
    clash = runner.invoke(app, ["search", "mouse"])
    assert clash.exit_code == 2 and "contradicts rerank_policy=auto" in clash.output
