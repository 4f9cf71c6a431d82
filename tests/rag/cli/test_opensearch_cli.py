"""``shopassist opensearch status|sync`` against an OpenSearch that is down, then back (osmem-server)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from rag.cli import app
from rag.settings import get_settings
from tests.contracts.opensearch_support import osmem_url, unique_alias  # noqa: F401 - fixture
from tests.fault_injection import FaultyProxy

runner = CliRunner()


@pytest.fixture
def proxy(osmem_url, monkeypatch, tmp_path, data_dir):  # noqa: F811
    with FaultyProxy(osmem_url) as proxy:
        monkeypatch.setenv("SHOPASSIST_CATALOG_PATH", str(data_dir / "products.json"))
        monkeypatch.setenv("SHOPASSIST_INDEX_DIR", str(tmp_path / "index"))
        monkeypatch.setenv("SHOPASSIST_EMBEDDING_MODEL", "fake")
        monkeypatch.setenv("SHOPASSIST_ENGINE", "opensearch")
        monkeypatch.setenv("SHOPASSIST_OPENSEARCH_URL", proxy.url)
        monkeypatch.setenv("SHOPASSIST_OPENSEARCH_INDEX", unique_alias("cli"))
        monkeypatch.setenv("SHOPASSIST_OPENSEARCH_REPLICAS", "0")
        monkeypatch.setenv("SHOPASSIST_OPENSEARCH_MAX_RETRIES", "0")
        get_settings.cache_clear()
        yield proxy
        get_settings.cache_clear()


def test_status_and_sync_after_an_outage_during_ingest(proxy, tiny_products) -> None:
    proxy.mode = "error"
    assert runner.invoke(app, ["ingest", "--quiet"]).exit_code == 0  # OpenSearch down: queued
    result = runner.invoke(app, ["opensearch", "status", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["serving"] == "embedded" and report["opensearch"]["ok"] is False
    assert report["embedded"]["products"] == len(tiny_products)
    assert report["outbox"]["pending"] == len(tiny_products)
    assert runner.invoke(app, ["opensearch", "sync"]).exit_code == 1  # still down: says so

    proxy.mode = "forward"
    result = runner.invoke(app, ["opensearch", "sync"])
    assert result.exit_code == 0, result.output
    assert f"replayed {len(tiny_products)} of {len(tiny_products)}; 0 still queued" in result.output
    report = json.loads(runner.invoke(app, ["opensearch", "status", "--json"]).output)
    assert report["opensearch"]["products"] == len(tiny_products) and report["outbox"]["pending"] == 0
    assert "serving: opensearch (breaker closed)" in runner.invoke(app, ["opensearch", "status"]).output


def test_status_with_the_embedded_engine_says_what_to_set(monkeypatch) -> None:
    monkeypatch.setenv("SHOPASSIST_ENGINE", "embedded")
    get_settings.cache_clear()
    result = runner.invoke(app, ["opensearch", "status"])
    get_settings.cache_clear()
    assert result.exit_code == 2 and "SHOPASSIST_ENGINE=opensearch" in result.output


def test_sync_backfill_fills_an_empty_cluster_from_the_embedded_index(proxy, tiny_products, osmem_url) -> None:  # noqa: F811
    import os

    from tests.contracts.opensearch_support import make_engine

    proxy.mode = "error"
    assert runner.invoke(app, ["ingest", "--quiet"]).exit_code == 0
    from rag.engines.outbox import OUTBOX_FILE

    (get_settings().index_dir / OUTBOX_FILE).unlink()  # the queue is lost too: only a backfill can help
    proxy.mode = "forward"
    result = runner.invoke(app, ["opensearch", "sync", "--backfill"])
    assert result.exit_code == 0, result.output
    assert f"backfill: {len(tiny_products)} written, 0 deleted" in result.output
    direct = make_engine(osmem_url, os.environ["SHOPASSIST_OPENSEARCH_INDEX"])
    assert direct.content_hashes() == {p.id: p.content_hash for p in tiny_products}
