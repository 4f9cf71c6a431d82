"""The embedded (LanceDB) engine passes the engine contract."""

from __future__ import annotations

import pytest

from rag.engines import LanceDBEngine

from .engine_contract import EngineContract


class TestLanceDBEngine(EngineContract):
    @pytest.fixture
    def engine(self, tmp_path):
        return LanceDBEngine(tmp_path / "index")
