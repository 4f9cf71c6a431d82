"""Incremental ingest: embed only new or changed products, delete vanished ones.

Safety: every engine write is an atomic commit (per batch), and a product's
content hash is written after its vectors, so a run killed at any point leaves
a queryable index and a rerun picks up exactly the products not yet written.
A change of embedding model or indexing recipe (recorded in
``index_meta.json``) rebuilds into a sibling folder and swaps it in at the
end, so the old index keeps serving until the new one is complete.

One ingest at a time per index: a run holds ``<index>.lock`` (``filelock``,
an OS-level lock released when the process dies, even by kill -9), and
:func:`ingest_lock` lets a process that is about to serve wait for a build
in progress instead of serving half a catalog.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from filelock import FileLock, Timeout
from tqdm.auto import tqdm

from rag.embeddings.base import Embedder
from rag.engines.base import SearchEngine
from rag.indexing.documents import DocumentBuilder, build_documents
from rag.records import Product

if TYPE_CHECKING:
    from rag.catalog import IngestReport

log = logging.getLogger(__name__)

META_FILE = "index_meta.json"
REPORT_FILE = "ingest_report.json"


@dataclass(frozen=True, slots=True)
class IndexRecipe:
    """Everything that decides what the vectors and text of an index are."""

    embedding_model: str
    builder: str
    max_tokens: int
    max_chunks: int

    @classmethod
    def read(cls, index_dir: Path) -> IndexRecipe | None:
        try:
            return cls(**json.loads((index_dir / META_FILE).read_text()))
        except (FileNotFoundError, TypeError, ValueError):
            return None

    def write(self, index_dir: Path) -> None:
        index_dir.mkdir(parents=True, exist_ok=True)
        _atomic_write(index_dir / META_FILE, json.dumps(asdict(self), indent=2))


@dataclass(frozen=True, slots=True)
class IngestResult:
    added: int
    updated: int
    deleted: int
    unchanged: int
    seconds: float
    rebuilt: bool
    report: IngestReport

    def summary(self) -> str:
        return (
            f"{self.added} added, {self.updated} updated, {self.deleted} deleted, "
            f"{self.unchanged} unchanged in {self.seconds:.1f}s"
            + (" (full rebuild)" if self.rebuilt else "")
        )


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def _batches(items: Sequence[Product], size: int) -> list[Sequence[Product]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def sync_products(
    products: Sequence[Product],
    engine: SearchEngine,
    embedder: Embedder,
    builder: DocumentBuilder,
    *,
    max_tokens: int,
    max_chunks: int,
    batch_size: int = 1024,
    progress: bool = True,
) -> tuple[int, int, int, int]:
    """Bring ``engine`` in line with ``products``: (added, updated, deleted, unchanged)."""
    existing = engine.content_hashes()
    wanted = {p.id for p in products}
    todo = [p for p in products if existing.get(p.id) != p.content_hash]
    added = sum(1 for p in todo if p.id not in existing)
    updated = len(todo) - added
    unchanged = len(products) - len(todo)
    # ~0.75 words per word-piece token for English product text.
    max_words = max(8, int(max_tokens * 0.75))
    # Shortest texts first: each batch then holds texts of about one length, so
    # the embedder's length buckets pad (and compute) almost nothing.
    todo.sort(key=lambda p: len(builder.embedded_text(p)))

    def embed(batch: Sequence[Product]) -> tuple[Sequence[Product], np.ndarray, list[int]]:
        texts: list[str] = []
        counts: list[int] = []
        for product in batch:
            windows = builder.chunks(product, max_words, max_chunks)
            texts.extend(windows)
            counts.append(len(windows))
        return batch, embedder.embed_documents(texts), counts

    def write(embedded: tuple[Sequence[Product], np.ndarray, list[int]]) -> None:
        batch, vectors, counts = embedded
        engine.upsert(build_documents(list(batch), vectors, counts, builder))
        bar.update(len(batch))

    # The next batch embeds (onnxruntime and torch release the GIL) while this one
    # is written, so the engine's write no longer leaves the cores idle. Batches
    # are still written one at a time, in order: an interruption loses at most
    # the batch being embedded.
    with (
        tqdm(total=len(todo), desc="embedding", unit="product", disable=not progress) as bar,
        ThreadPoolExecutor(1, thread_name_prefix="ingest-embed") as pool,
    ):
        pending: Future | None = None
        for batch in _batches(todo, batch_size):
            following = pool.submit(embed, batch)
            if pending is not None:
                write(pending.result())
            pending = following
        if pending is not None:
            write(pending.result())
    gone = [pid for pid in existing if pid not in wanted]
    deleted = engine.delete(gone) if gone else 0
    if todo or gone or engine.needs_finalize():
        engine.finalize()
    return added, updated, deleted, unchanged


def ingest_lock(index_dir: Path) -> FileLock:
    """The lock an ingest into ``index_dir`` holds for its whole run (beside the
    folder, so a rebuild's swap never moves it)."""
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    return FileLock(str(index_dir.with_name(index_dir.name + ".lock")))


@contextmanager
def exclusive_ingest(index_dir: Path, on_wait: Callable[[Path], None] | None = None) -> Iterator[None]:
    """Hold ``index_dir``'s ingest lock for the block; when another process holds it,
    ``on_wait`` is told (by default a log warning) and the block waits for it."""
    lock = ingest_lock(index_dir)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        (on_wait or _log_wait)(index_dir)
        lock.acquire()
    try:
        yield
    finally:
        lock.release()


def _log_wait(index_dir: Path) -> None:
    log.warning("another ingest is writing %s: waiting for it to finish", index_dir)


def ingest(
    catalog_path: Path,
    index_dir: Path,
    engine_factory: Callable[[Path], SearchEngine],
    embedder: Embedder,
    builder: DocumentBuilder,
    *,
    max_tokens: int,
    max_chunks: int,
    currency: str = "USD",
    rebuild: bool = False,
    batch_size: int = 1024,
    progress: bool = True,
) -> IngestResult:
    """Load the catalog, sync the index at ``index_dir``, write the ingest report.

    Waits while another process ingests into the same index (see :func:`ingest_lock`)."""
    from rag.catalog import load_catalog

    with exclusive_ingest(index_dir):
        started = time.perf_counter()
        load = load_catalog(catalog_path, currency=currency)
        recipe = IndexRecipe(embedder.model_id, builder.fingerprint, max_tokens, max_chunks)
        current = IndexRecipe.read(index_dir)
        has_index = index_dir.exists() and any(index_dir.iterdir())
        needs_rebuild = rebuild or (has_index and current != recipe)
        target = index_dir.with_name(index_dir.name + ".building") if needs_rebuild else index_dir
        if needs_rebuild:
            staged = IndexRecipe.read(target)
            if staged != recipe and target.exists():
                shutil.rmtree(target)  # a half-built index of another recipe: start over
            log.info("rebuilding the index in %s (recipe changed or --rebuild)", target)
        recipe.write(target)
        engine = engine_factory(target)
        if needs_rebuild:
            engine.begin_rebuild()  # a server engine starts a fresh index behind a staging alias
        added, updated, deleted, unchanged = sync_products(
            load.products,
            engine,
            embedder,
            builder,
            max_tokens=max_tokens,
            max_chunks=max_chunks,
            batch_size=batch_size,
            progress=progress,
        )
        # What query understanding knows of this catalog (brands, price bands).
        from rag.catalog.vocabulary import Vocabulary

        Vocabulary.from_products(load.products).save(target)
        if needs_rebuild:
            engine.publish_rebuild()  # e.g. OpenSearch moves its live alias, atomically
            _swap_in(target, index_dir)
        _atomic_write(index_dir / REPORT_FILE, json.dumps(load.report.to_dict(), indent=2))
        return IngestResult(
            added=added,
            updated=updated,
            deleted=deleted,
            unchanged=unchanged,
            seconds=time.perf_counter() - started,
            rebuilt=needs_rebuild,
            report=load.report,
        )


def _swap_in(built: Path, live: Path) -> None:
    old = live.with_name(live.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if live.exists():
        os.replace(live, old)
    os.replace(built, live)
    shutil.rmtree(old, ignore_errors=True)
