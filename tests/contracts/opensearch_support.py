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

OSMEM_HAS_NO_KNN = (
    "osmem-server has no k-NN query (it answers 400 unsupported_operation_exception); "
    "runs against a real OpenSearch: set OPENSEARCH_URL (README, 'Running with OpenSearch')"
)
NO_REAL_OPENSEARCH = "OPENSEARCH_URL is not set: no real OpenSearch to run against (README, 'Running with OpenSearch')"


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


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class FaultyProxy:
    """A loopback HTTP server in front of an upstream cluster that can misbehave.

    ``mode``: ``"forward"`` (pass every request through), ``"error"`` (answer
    500 to everything) or ``"hang"`` (accept, read the request, never
    answer). ``fail_after_bulk=N`` forwards N ``_bulk`` requests, then
    switches to ``"error"`` by itself: OpenSearch failing mid-ingest.
    """

    def __init__(self, upstream: str | None = None, mode: str = "forward", fail_after_bulk: int | None = None) -> None:
        import http.server
        import threading
        from urllib.parse import urlsplit

        self.mode = mode
        self.fail_after_bulk = fail_after_bulk
        self.bulk_forwarded = 0
        self.requests = 0
        self._release = threading.Event()
        self._lock = threading.Lock()
        up = urlsplit(upstream) if upstream else None
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                with proxy._lock:
                    proxy.requests += 1
                    if proxy.fail_after_bulk is not None and "_bulk" in self.path:
                        if proxy.bulk_forwarded >= proxy.fail_after_bulk:
                            proxy.mode = "error"
                            proxy.fail_after_bulk = None  # fail once; the test decides when it recovers
                        else:
                            proxy.bulk_forwarded += 1
                    mode = proxy.mode
                if mode == "hang":
                    proxy._release.wait(60)
                    self.close_connection = True
                    return
                if mode == "error" or up is None:
                    payload = b'{"error":{"type":"internal_server_error","reason":"injected by FaultyProxy"},"status":500}'
                    self.send_response(500)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    if self.command != "HEAD":
                        self.wfile.write(payload)
                    return
                import http.client

                conn = http.client.HTTPConnection(up.hostname, up.port, timeout=30)
                headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")}
                conn.request(self.command, self.path, body=body, headers=headers)
                resp = conn.getresponse()
                data = resp.read()
                conn.close()
                self.send_response(resp.status)
                self.send_header("Content-Type", resp.getheader("Content-Type") or "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def close(self) -> None:
        self._release.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FaultyProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
