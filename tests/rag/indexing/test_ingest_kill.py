"""kill -9 in the middle of an ingest leaves a queryable index; a rerun finishes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rag.embeddings.fake import FakeEmbedder
from rag.engines import LanceDBEngine
from rag.indexing import DocumentBuilder, ingest

CHILD = """
import sys, time
from pathlib import Path
from rag.embeddings.fake import FakeEmbedder
from rag.engines import LanceDBEngine
from rag.indexing import DocumentBuilder, ingest

class Slow(FakeEmbedder):
    def embed_documents(self, texts):
        time.sleep(0.4)
        return super().embed_documents(texts)

ingest(Path(sys.argv[1]), Path(sys.argv[2]), LanceDBEngine, Slow(32), DocumentBuilder(),
       max_tokens=128, max_chunks=1, progress=False, batch_size=4)
"""


@pytest.mark.slow
def test_sigkill_mid_ingest(tmp_path: Path, data_dir: Path, tiny_products) -> None:
    index = tmp_path / "idx"
    root = Path(__file__).resolve().parents[3]
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(data_dir / "products.json"), str(index)], cwd=root
    )
    try:
        deadline = time.monotonic() + 60
        written = 0
        while time.monotonic() < deadline and written < 8:
            time.sleep(0.2)
            if (index / "products.lance").exists():
                written = len(LanceDBEngine(index).content_hashes())
        assert written >= 8, "the child never committed two batches"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    engine = LanceDBEngine(index)
    hashes = engine.content_hashes()
    assert 8 <= len(hashes) < len(tiny_products)
    some = engine.fetch([next(iter(hashes))])
    assert engine.lexical(next(iter(some.values())).title, 3)  # still queryable
    result = ingest(
        data_dir / "products.json", index, LanceDBEngine, FakeEmbedder(32), DocumentBuilder(),
        max_tokens=128, max_chunks=1, progress=False,
    )
    assert result.added == len(tiny_products) - len(hashes)
    assert LanceDBEngine(index).health().products == len(tiny_products)
