"""Automatic fallback: OpenSearch closed, erroring, hanging, failing mid-ingest, recovering.

The primary is the real OpenSearch engine talking HTTP: to a closed port, to
a small local server answering 500 or never answering, or through a proxy to
osmem-server. The fallback is the real embedded engine.
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import replace
from pathlib import Path

import pytest

from rag.embeddings.fake import FakeEmbedder
from rag.engines import LanceDBEngine
from rag.engines.fallback import (
    BreakerConfig,
    BreakerState,
    FallbackEngine,
    FallbackReason,
    capture_fallbacks,
)
from rag.engines.outbox import OUTBOX_FILE, Outbox
from rag.indexing import DocumentBuilder, ingest
from rag.records import Filters, NumericRange
from tests.contracts.engine_contract import make_docs
from tests.contracts.opensearch_support import (
    FaultyProxy,
    closed_port,
    make_engine,
    osmem_url,  # noqa: F401 - fixture
    unique_alias,
)

# Reads that must reach OpenSearch get a budget no loaded test machine exceeds.
SLOW_MACHINE = BreakerConfig(latency_budget_ms=10_000)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def embedded(tmp_path, tiny_products, fake_embedder) -> LanceDBEngine:
    engine = LanceDBEngine(tmp_path / "embedded")
    engine.upsert(make_docs(tiny_products, fake_embedder))
    engine.finalize()
    return engine


def ids(hits) -> list[str]:
    return [h.product_id for h in hits]


def fallback_for(url: str, embedded, tmp_path: Path, *, threshold: int = 2, budget_ms: float = 2000, clock=None, **engine_kw):
    primary = make_engine(url, timeout_s=engine_kw.pop("timeout_s", 5.0), max_retries=0, **engine_kw)
    primary.warm_up()  # the client (and its import) is built outside the latency budget
    return FallbackEngine(
        primary,
        embedded,
        outbox=Outbox(tmp_path / "embedded" / OUTBOX_FILE),
        breaker=BreakerConfig(failure_threshold=threshold, reset_after_s=30, latency_budget_ms=budget_ms),
        **({"clock": clock} if clock else {}),
    )


# -- reads ----------------------------------------------------------------------
def test_closed_port_serves_every_call_from_the_embedded_engine(embedded, tmp_path, fake_embedder) -> None:
    engine = fallback_for(f"http://127.0.0.1:{closed_port()}", embedded, tmp_path, threshold=2)
    with capture_fallbacks() as events:
        first = engine.lexical("notebook", 5)
        second = engine.vector(fake_embedder.embed_query("notebook"), 5)
        third = engine.lexical("notebook", 5, Filters(brands=("HP",)))
    assert ids(first) == ids(embedded.lexical("notebook", 5)) and first
    assert ids(second) == ids(embedded.vector(fake_embedder.embed_query("notebook"), 5))
    assert ids(third) == ids(embedded.lexical("notebook", 5, Filters(brands=("HP",))))
    assert all(h.engine == "embedded" for h in [*first, *second, *third])
    assert [e.reason for e in events] == [FallbackReason.ERROR, FallbackReason.ERROR, FallbackReason.CIRCUIT_OPEN]
    assert "Connection" in events[0].detail and events[0].served_by == "embedded"
    assert events[2].waited_ms == 0.0  # the open circuit does not try the primary
    stats = engine.stats()
    assert stats.state is BreakerState.OPEN and stats.primary_failures == 2 and stats.breaker_opens == 1
    assert stats.served_by_fallback == {"error": 2, "circuit_open": 1}
    assert engine.last_event == events[-1]
    metrics = engine.metrics_text()
    assert 'shopassist_engine_fallback_total{primary="opensearch",reason="error"} 2' in metrics
    assert 'shopassist_engine_breaker_open{primary="opensearch"} 1' in metrics


def test_server_answering_500_falls_back_with_the_reason(embedded, tmp_path) -> None:
    with FaultyProxy(mode="error") as server:
        engine = fallback_for(server.url, embedded, tmp_path, threshold=5)
        with capture_fallbacks() as events:
            hits = engine.lexical("speaker", 5)
        assert ids(hits) == ids(embedded.lexical("speaker", 5)) and hits
        assert [e.reason for e in events] == [FallbackReason.ERROR]
        assert "500" in events[0].detail and server.requests == 1
        # Records too: fetch falls back to the embedded copy.
        with capture_fallbacks() as events:
            records = engine.fetch([hits[0].product_id])
        assert records == embedded.fetch([hits[0].product_id]) and events[0].op == "fetch"


def test_hanging_server_is_cut_off_at_the_latency_budget(embedded, tmp_path, fake_embedder) -> None:
    with FaultyProxy(mode="hang") as server:
        # The client would wait 20 s; the breaker's budget is 150 ms (the other tests use 2 s, so a
        # loaded machine never turns their errors into timeouts).
        engine = fallback_for(server.url, embedded, tmp_path, threshold=1, budget_ms=150, timeout_s=20.0)
        vec = fake_embedder.embed_query("wireless mouse")
        with capture_fallbacks() as events:
            t0 = time.perf_counter()
            hits = engine.vector(vec, 5)
            elapsed = time.perf_counter() - t0
            again = engine.vector(vec, 5)
        assert ids(hits) == ids(again) == ids(embedded.vector(vec, 5))
        assert elapsed < 5.0, "the request waited for the hanging server instead of the budget"
        assert [e.reason for e in events] == [FallbackReason.TIMEOUT, FallbackReason.CIRCUIT_OPEN]
        assert events[0].waited_ms >= 150
        assert engine.stats().primary_timeouts == 1
        engine.close()


def test_breaker_probes_and_recovers(osmem_url, embedded, tmp_path, tiny_products, fake_embedder) -> None:  # noqa: F811
    clock = FakeClock()
    with FaultyProxy(osmem_url) as proxy:
        engine = fallback_for(proxy.url, embedded, tmp_path, threshold=2, clock=clock)
        engine.upsert(make_docs(tiny_products, fake_embedder))  # both engines now hold the catalog
        assert engine.primary.count() == len(tiny_products)
        assert all(h.engine == "opensearch" for h in engine.lexical("notebook", 5))
        proxy.mode = "error"
        for _ in range(3):
            engine.lexical("notebook", 5)
        assert engine.breaker.state is BreakerState.OPEN
        proxy.mode = "forward"
        clock.now += 10  # not yet: still open, the primary is not asked
        before = proxy.requests
        assert all(h.engine == "embedded" for h in engine.lexical("notebook", 5))
        assert proxy.requests == before
        clock.now += 30  # past reset_after_s: one probe goes through, succeeds, closes the circuit
        with capture_fallbacks() as events:
            hits = engine.lexical("notebook", 5)
        assert events == [] and hits and all(h.engine == "opensearch" for h in hits)
        assert engine.breaker.state is BreakerState.CLOSED
        assert engine.stats().breaker_closes == 1


def test_failed_probe_reopens_the_circuit(embedded, tmp_path) -> None:
    clock = FakeClock()
    with FaultyProxy(mode="error") as server:
        engine = fallback_for(server.url, embedded, tmp_path, threshold=1, clock=clock)
        engine.lexical("notebook", 5)
        assert engine.breaker.state is BreakerState.OPEN
        clock.now += 31
        assert engine.breaker.state is BreakerState.HALF_OPEN
        with capture_fallbacks() as events:
            engine.lexical("notebook", 5)  # the probe fails
            engine.lexical("notebook", 5)  # open again: not tried
        assert [e.reason for e in events] == [FallbackReason.ERROR, FallbackReason.CIRCUIT_OPEN]
        assert engine.breaker.state is BreakerState.OPEN


def test_bad_input_is_not_hidden_by_the_fallback(embedded, tmp_path) -> None:
    engine = fallback_for(f"http://127.0.0.1:{closed_port()}", embedded, tmp_path)
    with pytest.raises(ValueError, match="unknown numeric filter"):
        engine.lexical("notebook", 5, Filters(numeric={"ram": NumericRange(1, 2)}))


# -- writes and the outbox --------------------------------------------------------------
class CountingEmbedder(FakeEmbedder):
    def __init__(self) -> None:
        super().__init__(dimension=32)
        self.texts = 0

    def embed_documents(self, texts):
        self.texts += len(texts)
        return super().embed_documents(texts)


def _ingest(catalog: Path, index: Path, url: str, alias: str, embedder=None, **kw):
    embedder = embedder or FakeEmbedder(dimension=32)

    def factory(path: Path) -> FallbackEngine:
        primary = make_engine(url, alias, timeout_s=5.0, max_retries=0)
        return FallbackEngine(primary, LanceDBEngine(path), outbox=Outbox(path / OUTBOX_FILE), breaker=SLOW_MACHINE)

    return ingest(catalog, index, factory, embedder, DocumentBuilder(), max_tokens=128, max_chunks=1,
                  progress=False, batch_size=8, **kw), factory


@pytest.fixture
def catalog(tmp_path: Path, data_dir: Path) -> Path:
    path = tmp_path / "catalog.json"
    shutil.copy(data_dir / "products.json", path)
    return path


def _assert_primary_matches(primary, products) -> None:
    want = {p.id: p for p in products}
    assert primary.count() == len(want)
    assert primary.content_hashes() == {pid: p.content_hash for pid, p in want.items()}
    assert primary.fetch(list(want)) == want


def test_opensearch_failing_mid_ingest_loses_nothing(osmem_url, catalog, tmp_path, tiny_products) -> None:  # noqa: F811
    from rag.catalog import load_catalog

    alias = unique_alias("midingest")
    index = tmp_path / "index"
    with FaultyProxy(osmem_url, fail_after_bulk=2) as proxy:
        result, factory = _ingest(catalog, index, proxy.url, alias)
        assert proxy.mode == "error", "the proxy never failed: the test did not test a mid-ingest failure"
        assert result.added == len(tiny_products)
        engine = factory(index)
        assert engine.fallback.health().products == len(tiny_products)  # the embedded copy is complete
        direct = make_engine(osmem_url, alias)
        assert 0 < direct.count() < len(tiny_products)
        pending = engine.outbox.stats().pending
        assert pending == len(tiny_products) - direct.count()

        # While OpenSearch still owes writes, reads are served by the embedded engine.
        proxy.mode = "forward"
        with capture_fallbacks() as events:
            assert all(h.engine == "embedded" for h in engine.lexical("notebook", 5))
        assert events[0].reason is FallbackReason.STALE

        # Recovery: the queue drains, OpenSearch matches the source exactly.
        assert engine.drain()
        assert engine.outbox.stats().pending == 0 and engine.stats().writes_replayed == pending
        _assert_primary_matches(direct, tiny_products)
        assert all(h.engine == "opensearch" for h in engine.lexical("notebook", 5))

        # Changes made while OpenSearch is down (2 products gone, 1 changed) arrive too.
        rows = json.loads(catalog.read_text())
        rows = rows[2:]
        rows[0]["title"] = "Zanzibar quokka edition " + rows[0]["title"]
        catalog.write_text(json.dumps(rows))
        proxy.mode = "error"
        result, _ = _ingest(catalog, index, proxy.url, alias)
        assert (result.added, result.updated, result.deleted) == (0, 1, 2)
        assert engine.outbox.stats().pending == 3
        proxy.mode = "forward"
        assert engine.drain()
        expected = load_catalog(catalog).products
        _assert_primary_matches(direct, expected)
        assert ids(direct.lexical("zanzibar quokka", 5)) == [str(rows[0]["id"])]

        # A rerun with both engines in sync embeds nothing.
        result, _ = _ingest(catalog, index, proxy.url, alias)
        assert result.unchanged == len(expected) and result.added == result.updated == 0


def test_a_wiped_or_altered_cluster_is_refilled_by_the_next_ingest_without_re_embedding(osmem_url, catalog, tmp_path, tiny_products) -> None:  # noqa: F811
    alias = unique_alias("wiped")
    index = tmp_path / "index"
    _ingest(catalog, index, osmem_url, alias)
    direct = make_engine(osmem_url, alias)
    direct.client.indices.delete(index=f"{alias}-v*")
    assert direct.count() == 0
    embedder = CountingEmbedder()
    result, _ = _ingest(catalog, index, osmem_url, alias, embedder=embedder)
    assert result.unchanged == len(tiny_products) and embedder.texts == 0  # copied from the embedded index
    _assert_primary_matches(make_engine(osmem_url, alias), tiny_products)

    # A document changed behind our back, and one that only OpenSearch has.
    victim = tiny_products[0].id
    direct.client.update(index=alias, id=victim, body={"doc": {"content_hash": "tampered", "title": "tampered"}}, refresh=True)
    direct.upsert(make_docs([replace(tiny_products[1], id="stray-product")], FakeEmbedder(dimension=32)))
    result, _ = _ingest(catalog, index, osmem_url, alias, embedder=embedder)
    assert result.unchanged == len(tiny_products) and embedder.texts == 0
    _assert_primary_matches(make_engine(osmem_url, alias), tiny_products)


def test_rebuild_keeps_the_old_index_serving_until_the_alias_swap(osmem_url, catalog, tmp_path, tiny_products) -> None:  # noqa: F811
    alias = unique_alias("rebuild")
    index = tmp_path / "index"
    _ingest(catalog, index, osmem_url, alias)
    direct = make_engine(osmem_url, alias)
    (old,) = direct.client.indices.get_alias(name=alias)
    seen_during: list[int] = []

    class Watching(FakeEmbedder):
        def embed_documents(self, texts):
            seen_during.append(direct.count())  # what a reader of the live alias sees mid-rebuild
            return super().embed_documents(texts)

    def factory(path: Path) -> FallbackEngine:
        return FallbackEngine(make_engine(osmem_url, alias), LanceDBEngine(path), outbox=Outbox(path / OUTBOX_FILE), breaker=SLOW_MACHINE)

    ingest(catalog, index, factory, Watching(dimension=32), DocumentBuilder(), max_tokens=128, max_chunks=1,
           progress=False, batch_size=8, rebuild=True)
    assert seen_during and set(seen_during) == {len(tiny_products)}
    (new,) = direct.client.indices.get_alias(name=alias)
    assert new != old and not direct.client.indices.exists(index=old)
    assert not direct.client.indices.exists_alias(name=f"{alias}-staging")
    _assert_primary_matches(direct, tiny_products)


def test_rebuild_while_opensearch_is_down_publishes_after_recovery(osmem_url, catalog, tmp_path, tiny_products) -> None:  # noqa: F811
    alias = unique_alias("rebuilddown")
    index = tmp_path / "index"
    with FaultyProxy(osmem_url) as proxy:
        _ingest(catalog, index, proxy.url, alias)
        direct = make_engine(osmem_url, alias)
        (old,) = direct.client.indices.get_alias(name=alias)
        proxy.mode = "error"
        _ingest(catalog, index, proxy.url, alias, rebuild=True)
        engine = FallbackEngine(make_engine(proxy.url, alias), LanceDBEngine(index), outbox=Outbox(index / OUTBOX_FILE), breaker=SLOW_MACHINE)
        # reset + every product + publish are queued; the old index still serves.
        assert engine.outbox.stats().pending == len(tiny_products) + 2
        assert list(direct.client.indices.get_alias(name=alias)) == [old]
        proxy.mode = "forward"
        assert engine.drain()
        (new,) = direct.client.indices.get_alias(name=alias)
        assert new != old
        _assert_primary_matches(direct, tiny_products)


def test_a_rejected_document_is_queued_alone_and_given_up_after_max_attempts(osmem_url, embedded, tmp_path, tiny_products, fake_embedder) -> None:  # noqa: F811
    from dataclasses import replace

    engine = FallbackEngine(make_engine(osmem_url), embedded, outbox=Outbox(tmp_path / "q.sqlite", max_attempts=2), breaker=SLOW_MACHINE)
    products = [*tiny_products[:3], replace(tiny_products[3], id="x" * 600)]  # OpenSearch ids stop at 512 bytes
    # max_attempts counts replays: the first write's failure queues it with 0 attempts.
    with capture_fallbacks() as events:
        engine.upsert(make_docs(products, fake_embedder))
    assert engine.primary.count() == 3 and embedded.fetch(["x" * 600])  # the embedded copy took all four
    assert [e.reason for e in events] == [FallbackReason.WRITE_QUEUED]
    assert engine.outbox.pending_ids(engine.primary.write_alias) == {"x" * 600}
    assert not engine.drain()  # attempt 1: still queued, tried once per drain
    assert (engine.outbox.stats().pending, engine.outbox.stats().dead) == (1, 0)
    assert engine.drain()  # attempt 2 of 2: given up, kept as a dead letter; nothing live is left
    assert engine.outbox.stats().pending == 0 and engine.outbox.stats().dead == 1
    ((_, pid, error),) = engine.outbox.dead_letters()
    assert pid == "x" * 600 and "512-byte" in error
    assert engine.breaker.state is BreakerState.CLOSED  # one bad document does not open the circuit
    assert all(h.engine == "opensearch" for h in engine.lexical("notebook", 5))  # dead letters do not make it stale


def test_a_request_records_the_fallbacks_of_both_legs(embedded, tmp_path, fake_embedder) -> None:
    from rag.retrieval.hybrid import HybridRetriever

    engine = fallback_for(f"http://127.0.0.1:{closed_port()}", embedded, tmp_path, threshold=5)
    retriever = HybridRetriever(engine, fake_embedder)
    with capture_fallbacks() as events:
        result = retriever.retrieve("notebook", k=5)
    # The lexical leg runs in a worker thread; its fallback is recorded all the same.
    assert sorted(e.op for e in events) == ["lexical", "vector"]
    assert result.hits and {h.engine for leg in result.legs.values() for h in leg} == {"embedded"}
    with capture_fallbacks() as other:
        pass
    assert other == []  # events belong to the block that made them


def test_outbox_keeps_the_latest_write_per_product_and_survives_reopening(tmp_path, tiny_products, fake_embedder) -> None:
    from rag.engines.outbox import OpKind

    path = tmp_path / "q.sqlite"
    box = Outbox(path)
    docs = make_docs(tiny_products[:3], fake_embedder)
    box.put_upserts("live", docs)
    box.put_deletes("live", [docs[0].product.id])  # replaces the upsert of the same product
    box.put_control("staging", OpKind.PUBLISH)
    reopened = Outbox(path)
    ops = reopened.peek(10)
    assert [(op.kind, op.product_id) for op in ops] == [
        (OpKind.UPSERT, docs[1].product.id),
        (OpKind.UPSERT, docs[2].product.id),
        (OpKind.DELETE, docs[0].product.id),
        (OpKind.PUBLISH, "__control__publish"),
    ]
    restored = ops[0].document()
    assert restored.product == docs[1].product and (restored.vectors == docs[1].vectors).all()
    # A newer write of a product during replay is not lost when the older row is marked done.
    box.put_upserts("live", [docs[1]])
    reopened.done(ops[:1])
    assert docs[1].product.id in reopened.pending_ids("live")
    reopened.done(reopened.peek(10))
    assert reopened.stats().pending == 0 and not reopened.has_pending()
    with pytest.raises(ValueError, match="not a control operation"):
        box.put_control("live", OpKind.UPSERT)


def test_bad_input_during_a_probe_does_not_wedge_the_breaker(embedded, tmp_path) -> None:
    clock = FakeClock()
    engine = fallback_for(f"http://127.0.0.1:{closed_port()}", embedded, tmp_path, threshold=1, clock=clock)
    engine.lexical("notebook", 5)
    clock.now += 31  # half-open: the next call is the probe
    with pytest.raises(ValueError, match="unknown numeric filter"):
        engine.lexical("notebook", 5, Filters(numeric={"ram": NumericRange(1, 2)}))
    with capture_fallbacks() as events:
        engine.lexical("notebook", 5)  # probes again instead of waiting for a probe that never ends
    assert [e.reason for e in events] == [FallbackReason.ERROR]


def test_a_cluster_wiped_under_a_running_process_gets_its_index_back_from_the_template(osmem_url, embedded, tmp_path, tiny_products, fake_embedder) -> None:  # noqa: F811
    engine = FallbackEngine(make_engine(osmem_url), embedded, outbox=Outbox(tmp_path / "q.sqlite"), breaker=SLOW_MACHINE)
    docs = make_docs(tiny_products, fake_embedder)
    engine.upsert(docs[:5])
    alias = engine.primary.config.index
    engine.primary.client.indices.delete(index=f"{alias}-v*")
    engine.upsert(docs[5:10])  # same process, same engine object
    (concrete,) = engine.primary.client.indices.get_alias(name=alias)
    assert concrete.startswith(f"{alias}-v")  # not an index auto-created under the alias's name
    mapping = engine.primary.client.indices.get_mapping(index=concrete)[concrete]["mappings"]
    assert mapping["properties"]["chunks"]["properties"]["vector"]["type"] == "knn_vector"
    assert engine.primary.count() == 5


def test_a_write_never_waits_for_a_replay_in_progress(osmem_url, embedded, tmp_path, tiny_products, fake_embedder) -> None:  # noqa: F811
    engine = FallbackEngine(make_engine(osmem_url), embedded, outbox=Outbox(tmp_path / "q.sqlite"), breaker=SLOW_MACHINE)
    docs = make_docs(tiny_products, fake_embedder)
    engine.outbox.put_upserts(engine.primary.write_alias, docs[:3])  # earlier writes still owed
    with engine._draining:  # what a background replay holds while it runs
        with capture_fallbacks() as events:
            engine.upsert(docs[3:6])
        assert [e.detail for e in events] == ["3 queued: earlier writes are still queued"]
        assert not engine.drain(wait=False)
    assert engine.drain()
    assert engine.primary.count() == 6 and engine.outbox.stats().pending == 0
