"""Test support for the OpenSearch engine: a real node, or an osmem-server subprocess.

The real node is what ``OPENSEARCH_URL`` names: ``make test`` (and so CI)
starts a fresh one from Maven Central's jars around the test run
(``deploy/opensearch-node/node.sh run``); a developer may point it at their
own cluster. Without one the real-node tests skip and say why, except under
CI (``CI=true``), where they fail: CI must never pass by skipping them.

``osmem-server`` (PyPI, dev extra) is an in-memory server speaking the
OpenSearch REST API (templates, aliases, bulk, BM25, filters, mget, scroll)
with no k-NN and no search pipelines. It stays where a test drives a proxy
in front of the server to inject faults, which needs no k-NN.
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
    "the whole contract runs against a real node: `make test` starts one (docs/opensearch.md)"
)
__all__ = [
    "FaultyProxy", "closed_port", "guard_network", "make_engine", "osmem_url", "real_opensearch_url",
    "require_real_opensearch", "unique_alias",
]

NO_REAL_OPENSEARCH = (
    "OPENSEARCH_URL is not set: no real OpenSearch to run against. `make test` starts one "
    "(deploy/opensearch-node/node.sh run, needs a JDK 17+ and Maven), or set OPENSEARCH_URL "
    "to your own cluster (docs/opensearch.md)"
)


def real_opensearch_url() -> str | None:
    return os.environ.get("OPENSEARCH_URL") or None


def require_real_opensearch() -> str:
    """OPENSEARCH_URL, or skip saying why; under CI a missing node is a failure, never a skip."""
    url = real_opensearch_url()
    if url:
        return url
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("CI runs the OpenSearch tests against a real node, but OPENSEARCH_URL is not set: "
                    "run the tests through `make test` (it starts the node)")
    pytest.skip(NO_REAL_OPENSEARCH)


def guard_network(monkeypatch: pytest.MonkeyPatch, url: str | None) -> None:
    """The suite's loopback-only guard, widened to ``url``'s host (a developer's own cluster)."""
    import socket
    from urllib.parse import urlsplit

    allowed = {"127.0.0.1", "localhost", "::1", urlsplit(url or "").hostname}
    real_connect = socket.socket.connect

    def guarded(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host not in allowed and not host.startswith("/"):
            raise RuntimeError(f"tests must not use the network beyond OPENSEARCH_URL (tried {address!r})")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


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
