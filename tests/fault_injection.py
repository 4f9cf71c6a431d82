"""Fault injection for an OpenSearch cluster: a closed port, and a proxy that errors or hangs.

Test-only code, kept under ``tests/``: the tests and
``benchmarks/opensearch_fallback.py`` both need a cluster that misbehaves on
cue, and nothing here needs a real one: the proxy can stand alone (answering
500 or hanging) or sit in front of a real or in-memory cluster.
"""

from __future__ import annotations

import http.client
import http.server
import socket
import threading
from urllib.parse import urlsplit


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
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
        self.mode = mode
        self.fail_after_bulk = fail_after_bulk
        self.bulk_forwarded = 0
        self.requests = 0
        self.seen: list[tuple[str, str, bytes]] = []  # (method, path with query, body) of every request
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
                    proxy.seen.append((self.command, self.path, body or b""))
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
