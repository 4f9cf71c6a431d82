"""The embedded (LanceDB) engine passes the engine contract."""

from __future__ import annotations

import pytest

from rag.engines import LanceDBEngine

from .engine_contract import EngineContract


class TestLanceDBEngine(EngineContract):
    @pytest.fixture
    def engine(self, tmp_path):
        return LanceDBEngine(tmp_path / "index")


class TestLanceDBEngineBroadRangePostfilter(EngineContract):
    """The same contract with the large-catalog path (post-filter first) forced on."""

    @pytest.fixture
    def engine(self, tmp_path):
        return LanceDBEngine(tmp_path / "index", postfilter_min_rows=0, postfilter_min_share=0.0)


class TestLanceDBEngineLanceDense(EngineContract):
    """The same contract with the dense leg on Lance's own search (as between a write and the next finalize)
    instead of the FAISS index the engine builds at finalize."""

    @pytest.fixture
    def engine(self, tmp_path):
        return LanceDBEngine(tmp_path / "index", filtered_ann_min_rows=2**62)
