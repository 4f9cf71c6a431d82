"""Incremental ingest: only changed products are embedded; interruptions are safe."""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from rag.embeddings.fake import FakeEmbedder
from rag.engines import LanceDBEngine
from rag.indexing import DocumentBuilder, IndexRecipe, ingest
from rag.indexing.ingest import REPORT_FILE


class CountingEmbedder(FakeEmbedder):
    """The fake embedder, counting how many texts it was asked to embed."""

    def __init__(self, fail_after_calls: int | None = None, model_id: str | None = None) -> None:
        super().__init__(dimension=32)
        self.texts = 0
        self.calls = 0
        self._fail_after = fail_after_calls
        if model_id:
            self.model_id = model_id

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        if self._fail_after is not None and self.calls >= self._fail_after:
            raise KeyboardInterrupt  # what Ctrl-C raises mid-ingest
        self.calls += 1
        self.texts += len(texts)
        return super().embed_documents(texts)


def run(catalog: Path, index: Path, embedder, **kw):
    return ingest(
        catalog, index, LanceDBEngine, embedder, DocumentBuilder(),
        max_tokens=128, max_chunks=1, progress=False, batch_size=kw.pop("batch_size", 8), **kw,
    )


@pytest.fixture
def catalog(tmp_path: Path, data_dir: Path) -> Path:
    path = tmp_path / "catalog.json"
    shutil.copy(data_dir / "products.json", path)
    return path


def rows(path: Path) -> list[dict]:
    return json.loads(path.read_text())


def test_first_run_indexes_everything_and_writes_the_report(catalog, tmp_path, tiny_products) -> None:
    embedder = CountingEmbedder()
    result = run(catalog, tmp_path / "idx", embedder)
    assert result.added == len(tiny_products) and result.updated == result.deleted == 0
    assert embedder.texts == len(tiny_products)
    engine = LanceDBEngine(tmp_path / "idx")
    assert engine.health().products == len(tiny_products)
    report = json.loads((tmp_path / "idx" / REPORT_FILE).read_text())
    assert report["accepted"] == len(tiny_products)


def test_rerun_without_changes_embeds_nothing(catalog, tmp_path) -> None:
    run(catalog, tmp_path / "idx", CountingEmbedder())
    again = CountingEmbedder()
    result = run(catalog, tmp_path / "idx", again)
    assert again.texts == 0
    assert result.added == result.updated == result.deleted == 0
    assert result.unchanged > 0


def test_changed_and_removed_products_are_synced(catalog, tmp_path) -> None:
    run(catalog, tmp_path / "idx", CountingEmbedder())
    data = rows(catalog)
    changed_id, removed_id = str(data[0]["id"]), str(data[1]["id"])
    data[0]["title"] = "Quokka Zanzibar " + data[0]["title"]
    del data[1]
    catalog.write_text(json.dumps(data))
    embedder = CountingEmbedder()
    result = run(catalog, tmp_path / "idx", embedder)
    assert (result.added, result.updated, result.deleted) == (0, 1, 1)
    assert embedder.texts == 1
    engine = LanceDBEngine(tmp_path / "idx")
    assert [h.product_id for h in engine.lexical("quokka zanzibar", 5)] == [changed_id]
    assert removed_id not in engine.content_hashes()


def test_malformed_rows_are_skipped_and_reported(tmp_path, data_dir) -> None:
    result = run(data_dir / "malformed_catalog.json", tmp_path / "idx", CountingEmbedder())
    skipped = result.report.skipped
    assert sum(skipped.values()) >= 5
    assert {"missing_id", "missing_title", "malformed_price", "duplicate_id"} <= set(skipped)
    assert LanceDBEngine(tmp_path / "idx").health().products == result.report.accepted


def test_interrupted_ingest_stays_queryable_and_a_rerun_completes(catalog, tmp_path, tiny_products) -> None:
    index = tmp_path / "idx"
    with pytest.raises(KeyboardInterrupt):
        run(catalog, index, CountingEmbedder(fail_after_calls=2), batch_size=5)
    engine = LanceDBEngine(index)
    written = engine.content_hashes()
    assert len(written) == 10  # two committed batches of five
    some = engine.fetch([next(iter(written))])
    assert engine.lexical(next(iter(some.values())).title, 3)  # queryable
    embedder = CountingEmbedder()
    result = run(catalog, index, embedder, batch_size=5)
    assert result.added == len(tiny_products) - 10
    assert embedder.texts == len(tiny_products) - 10
    assert LanceDBEngine(index).health().products == len(tiny_products)


def test_recipe_change_rebuilds_beside_the_live_index(catalog, tmp_path, tiny_products) -> None:
    index = tmp_path / "idx"
    run(catalog, index, CountingEmbedder())
    # A rebuild that dies half-way leaves the old index serving.
    with pytest.raises(KeyboardInterrupt):
        run(catalog, index, CountingEmbedder(fail_after_calls=1, model_id="other-model"))
    assert IndexRecipe.read(index).embedding_model == "fake-bow-32"
    assert LanceDBEngine(index).health().products == len(tiny_products)
    embedder = CountingEmbedder(model_id="other-model")
    result = run(catalog, index, embedder)
    assert result.rebuilt
    assert embedder.texts == len(tiny_products) - 8  # resumes the staged rebuild
    assert IndexRecipe.read(index).embedding_model == "other-model"
    assert LanceDBEngine(index).health().products == len(tiny_products)
    assert not index.with_name("idx.building").exists()


class GatedEmbedder(CountingEmbedder):
    """Blocks its first batch until released: an ingest caught in the middle."""

    def __init__(self) -> None:
        super().__init__()
        import threading

        self.started, self.release = threading.Event(), threading.Event()

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        self.started.set()
        assert self.release.wait(30)
        return super().embed_documents(texts)


def test_a_second_ingest_waits_for_the_one_in_progress(catalog, tmp_path, tiny_products) -> None:
    """Two processes building one index never interleave: the second starts when
    the first is done, and then finds nothing left to embed."""
    import threading

    index = tmp_path / "idx"
    first = GatedEmbedder()
    results: dict[str, object] = {}
    t1 = threading.Thread(target=lambda: results.setdefault("first", run(catalog, index, first)))
    t1.start()
    assert first.started.wait(30)
    second = CountingEmbedder()
    t2 = threading.Thread(target=lambda: results.setdefault("second", run(catalog, index, second)))
    t2.start()
    t2.join(0.5)
    assert t2.is_alive() and "second" not in results  # waiting on the lock, not writing
    first.release.set()
    t1.join(30)
    t2.join(30)
    assert results["first"].added == len(tiny_products)
    assert results["second"].added == 0 and second.texts == 0
    assert LanceDBEngine(index).health().products == len(tiny_products)


def test_serving_waits_for_an_ingest_in_progress(catalog, tmp_path, tiny_products) -> None:
    """``rag.wiring.ensure_index`` (what ``serve``, ``ask`` and the personas run first) waits
    for another process's build instead of serving part of the catalog."""
    import threading

    from rag.settings import Settings
    from rag.wiring import ensure_index

    index = tmp_path / "idx"
    first = GatedEmbedder()
    t1 = threading.Thread(target=lambda: run(catalog, index, first))
    t1.start()
    assert first.started.wait(30)
    seen: list[int] = []
    settings = Settings(index_dir=index, catalog_path=catalog)
    t2 = threading.Thread(target=lambda: (ensure_index(settings, progress=False),
                                          seen.append(LanceDBEngine(index).health().products)))
    t2.start()
    t2.join(0.5)
    assert t2.is_alive() and not seen
    first.release.set()
    t1.join(30)
    t2.join(30)
    assert seen == [len(tiny_products)]
