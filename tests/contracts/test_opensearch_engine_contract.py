"""The OpenSearch engine passes the engine contract.

* ``TestOpenSearchReal`` runs the whole contract, vector leg included,
  against a real OpenSearch: the node ``make test`` and CI start
  (deploy/opensearch-node/), or the cluster ``OPENSEARCH_URL`` names. Without
  one it skips saying why (under CI it fails instead).
* ``TestOpenSearchOnOsmem`` exists only when there is no real node: the
  lexical half of the contract against osmem-server (an in-memory OpenSearch
  API without k-NN), so a machine without Java still checks that much. With
  a real node it is not collected, so nothing is skipped for lack of k-NN.
"""

from __future__ import annotations

import pytest

from .engine_contract import EngineContract
from .opensearch_support import (
    OSMEM_HAS_NO_KNN,
    drop_indices,
    guard_network,
    make_engine,
    osmem_url,  # noqa: F401 - fixture
    real_opensearch_url,
    require_real_opensearch,
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


class TestOpenSearchReal(EngineContract):
    @pytest.fixture(autouse=True)
    def _no_network(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Overrides the suite's loopback-only guard: this class may reach OPENSEARCH_URL's host only."""
        guard_network(monkeypatch, real_opensearch_url())

    @pytest.fixture
    def engine(self):
        engine = make_engine(require_real_opensearch())
        yield engine
        drop_indices(engine)


if real_opensearch_url() is None:

    class TestOpenSearchOnOsmem(EngineContract):
        @pytest.fixture(autouse=True)
        def _skip_knn(self, request: pytest.FixtureRequest) -> None:
            callspec = getattr(request.node, "callspec", None)
            leg = callspec.params.get("leg") if callspec else None
            if request.node.originalname in NEEDS_KNN or leg == "vector":
                pytest.skip(OSMEM_HAS_NO_KNN)

        @pytest.fixture
        def engine(self, osmem_url):
            return make_engine(osmem_url)
