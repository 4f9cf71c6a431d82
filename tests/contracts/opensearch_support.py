"""Test support for the OpenSearch engine: an osmem-server subprocess, or a real cluster.

``osmem-server`` (PyPI, dev extra) is an in-memory server speaking the
OpenSearch REST API: index templates, aliases, bulk, BM25 full-text
queries, filters, mget, scroll. It has no k-NN query and no search
pipelines (both answer 400), so the vector leg and server-side hybrid only
run against a real OpenSearch, selected with ``OPENSEARCH_URL``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from rag.engines.opensearch_dsl import IndexLayout
from rag.engines.opensearch_engine import OpenSearchConfig, OpenSearchEngine
from tests.fault_injection import FaultyProxy, closed_port

OSMEM_HAS_NO_KNN = (
    "osmem-server has no k-NN query (it answers 400 unsupported_operation_exception); "
    "runs against a real OpenSearch: set OPENSEARCH_URL (docs/opensearch.md)"
)
__all__ = ["FaultyProxy", "closed_port", "make_engine", "osmem_url", "real_opensearch_url", "unique_alias"]

NO_REAL_OPENSEARCH = "OPENSEARCH_URL is not set: no real OpenSearch to run against (docs/opensearch.md)"


def real_opensearch_url() -> str | None:
    return os.environ.get("OPENSEARCH_URL") or None


def unique_alias(prefix: str = "contract") -> str:
    return f"shopassist-test-{prefix}-{uuid.uuid4().hex[:10]}"


def make_engine(url: str, alias: str | None = None, **overrides) -> OpenSearchEngine:
    """An engine on its own alias (tests never share an index). Credentials for a
    real cluster come from OPENSEARCH_USERNAME / OPENSEARCH_PASSWORD."""
    auth: dict[str, object] = {}
    if os.environ.get("OPENSEARCH_USERNAME"):
        auth = {"username": os.environ["OPENSEARCH_USERNAME"], "password": os.environ.get("OPENSEARCH_PASSWORD", "")}
    options: dict[str, object] = {
        "hosts": (url,),
        "index": alias or unique_alias(),
        "layout": IndexLayout(shards=1, replicas=0),
        "verify_certs": os.environ.get("OPENSEARCH_VERIFY_CERTS", "true").lower() != "false",
        "timeout_s": 10.0,
        "write_retries": 0,
    }
    return OpenSearchEngine(OpenSearchConfig(**(options | auth | overrides)))


def drop_indices(engine: OpenSearchEngine) -> None:
    """Delete every index a test created (a real cluster outlives the test)."""
    alias = engine.config.index
    try:
        engine.client.indices.delete(index=f"{alias}-v*")
        engine.client.indices.delete_index_template(name=f"{alias}-template")
    except Exception:  # best-effort cleanup; the cluster may be gone
        pass


@pytest.fixture(scope="session")
def osmem_url() -> Iterator[str]:
    """One osmem-server subprocess per test session, on a free loopback port."""
    from osmem_server import OsmemServer

    server = OsmemServer.start(japanese=False, addr="127.0.0.1:0")
    try:
        yield server.url
    finally:
        server.close()
