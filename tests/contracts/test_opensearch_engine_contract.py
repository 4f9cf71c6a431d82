"""The OpenSearch engine passes the engine contract.

* ``TestOpenSearchOnOsmem`` runs here, against osmem-server (an in-memory
  OpenSearch API started as a subprocess): every lexical, bulk, delete,
  filter, fetch, hash and health test. Tests that need the k-NN query are
  skipped with the reason (osmem has no k-NN).
* ``TestOpenSearchReal`` runs the whole contract, vector leg included,
  against a real OpenSearch when ``OPENSEARCH_URL`` is set, and is skipped
  otherwise.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .engine_contract import EngineContract
from .opensearch_support import (
    NO_REAL_OPENSEARCH,
    OSMEM_HAS_NO_KNN,
    drop_indices,
    make_engine,
    osmem_url,  # noqa: F401 - fixture
    real_opensearch_url,
)

# Contract tests that query the vector leg (by name, or by their ``leg`` parameter).
NEEDS_KNN = {
    "test_vector_finds_a_product_by_its_own_vector",
    "test_filter_matching_nothing_gives_empty_lists",
    "test_k_larger_than_catalog_and_zero",
    "test_upsert_replaces_a_product_visible_to_both_legs",
    "test_delete_removes_from_both_legs",
    "test_multi_chunk_products_are_deduplicated",
}


class TestOpenSearchOnOsmem(EngineContract):
    @pytest.fixture(autouse=True)
    def _skip_knn(self, request: pytest.FixtureRequest) -> None:
        callspec = getattr(request.node, "callspec", None)
        leg = callspec.params.get("leg") if callspec else None
        if request.node.originalname in NEEDS_KNN or leg == "vector":
            pytest.skip(OSMEM_HAS_NO_KNN)

    @pytest.fixture
    def engine(self, osmem_url):  # noqa: F811
        return make_engine(osmem_url)


REAL = real_opensearch_url()


@pytest.mark.skipif(REAL is None, reason=NO_REAL_OPENSEARCH)
class TestOpenSearchReal(EngineContract):
    @pytest.fixture(autouse=True)
    def _no_network(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Overrides the suite's loopback-only guard: this class may reach OPENSEARCH_URL's host only."""
        import socket

        allowed = {"127.0.0.1", "localhost", "::1", urlsplit(REAL or "").hostname}
        real_connect = socket.socket.connect

        def guarded(sock, address):
            host = address[0] if isinstance(address, tuple) else address
            if isinstance(host, str) and host not in allowed and not host.startswith("/"):
                raise RuntimeError(f"tests must not use the network beyond OPENSEARCH_URL (tried {address!r})")
            return real_connect(sock, address)

        monkeypatch.setattr(socket.socket, "connect", guarded)

    @pytest.fixture
    def engine(self):
        engine = make_engine(REAL)
        yield engine
        drop_indices(engine)
