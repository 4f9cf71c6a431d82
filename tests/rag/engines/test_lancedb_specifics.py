"""What only the embedded engine does: its SQL filters, the ANN path, schema checks."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from rag.engines import LanceDBEngine
from rag.engines.lancedb_engine import filters_to_sql
from rag.records import Filters, NumericRange
from tests.contracts.engine_contract import make_docs

#: Keeps the dense leg on Lance (never the FAISS index), for the tests of Lance's own paths: the engine still
#: answers from them between a write and the next finalize.
LANCE_DENSE = 2**62


def test_filters_to_sql_escapes_quotes_and_rejects_unknown_attributes() -> None:
    sql = filters_to_sql(Filters(brands=("O'Neill",), price=NumericRange(10, 20)))
    assert "'o''neill'" in sql and "price >= 10.0" in sql and "price <= 20.0" in sql
    assert filters_to_sql(Filters()) is None
    with pytest.raises(ValueError, match="allowed: memory_gb"):
        filters_to_sql(Filters(numeric={"ram": NumericRange(8)}))


def test_ann_index_path_returns_filtered_results(tmp_path, tiny_products, fake_embedder) -> None:
    engine = LanceDBEngine(tmp_path / "idx", ann_min_rows=10, filtered_ann_min_rows=LANCE_DENSE)
    engine.upsert(make_docs(tiny_products, fake_embedder))
    engine.finalize()
    assert any("vector" in ix.columns for ix in engine._table("chunks").list_indices())
    target = tiny_products[5]
    query = fake_embedder.embed_query(target.title)
    hits = engine.vector(query, 5)
    assert target.id in {h.product_id for h in hits}
    # scores are exact cosine similarities, not the index's quantized ones
    docs = {d.product.id: d.vectors[0] for d in make_docs(tiny_products, fake_embedder)}
    for hit in hits:
        assert hit.score == pytest.approx(float(docs[hit.product_id] @ query), abs=1e-5)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    brand = target.brand
    n = sum(1 for p in tiny_products if p.brand == brand)
    filtered = engine.vector(fake_embedder.embed_query("speaker"), 50, Filters(brands=(brand,)))
    assert len(filtered) == n


def test_hnsw_ef_setting_keeps_the_ann_results_complete(tmp_path, tiny_products, fake_embedder) -> None:
    writer = LanceDBEngine(tmp_path / "idx", ann_min_rows=10, filtered_ann_min_rows=LANCE_DENSE)
    writer.upsert(make_docs(tiny_products, fake_embedder))
    writer.finalize()
    query = fake_embedder.embed_query("wireless speaker")
    # ef below the fetch depth is raised to it; None keeps Lance's default
    results = [LanceDBEngine(tmp_path / "idx", ann_min_rows=10, ef=ef, filtered_ann_min_rows=LANCE_DENSE).vector(query, 20) for ef in (None, 1, 400)]
    assert all(len(hits) == 20 for hits in results)
    assert [h.product_id for h in results[1]] == [h.product_id for h in results[2]]


def test_vector_dimension_change_is_refused_with_advice(tmp_path, tiny_products, fake_embedder) -> None:
    engine = LanceDBEngine(tmp_path / "idx")
    engine.upsert(make_docs(tiny_products[:2], fake_embedder))
    bad = make_docs(tiny_products[2:3], fake_embedder)[0]
    from dataclasses import replace

    with pytest.raises(ValueError, match="--rebuild"):
        engine.upsert([replace(bad, vectors=np.ones((1, 8), dtype=np.float32))])


def test_a_second_handle_sees_commits_from_the_first(tmp_path, tiny_products, fake_embedder) -> None:
    writer = LanceDBEngine(tmp_path / "idx")
    writer.upsert(make_docs(tiny_products[:3], fake_embedder))
    reader = LanceDBEngine(tmp_path / "idx")
    assert reader.health().products == 3
    writer.upsert(make_docs(tiny_products[3:6], fake_embedder))
    import time

    time.sleep(2.1)  # read_consistency_interval
    assert reader.health().products == 6


@pytest.mark.parametrize("ann_min_rows", [10, 5_000])
def test_post_filtering_a_broad_range_gives_the_prefiltered_results(
    tmp_path, tiny_products, fake_embedder, ann_min_rows
) -> None:
    writer = LanceDBEngine(tmp_path / "idx", ann_min_rows=ann_min_rows, filtered_ann_min_rows=LANCE_DENSE)
    writer.upsert(make_docs(tiny_products, fake_embedder))
    writer.finalize()
    prefilter = LanceDBEngine(tmp_path / "idx", ann_min_rows=ann_min_rows, filtered_ann_min_rows=LANCE_DENSE)
    postfilter = LanceDBEngine(tmp_path / "idx", ann_min_rows=ann_min_rows, postfilter_min_rows=0, postfilter_min_share=0.25, filtered_ann_min_rows=LANCE_DENSE)
    prices = sorted(p.price for p in tiny_products if p.price)
    broad = Filters(price=NumericRange(max=prices[int(len(prices) * 0.8)]))
    narrow = Filters(price=NumericRange(max=prices[2]))
    assert postfilter._broad_share(broad) is not None  # the post-filter path is taken
    assert postfilter._broad_share(narrow) is None
    brand = Counter(p.brand for p in tiny_products).most_common(1)[0][0]
    share = sum(p.brand == brand for p in tiny_products) / len(tiny_products)
    by_brand = Filters(brands=(brand,))  # any broad filter, its share counted exactly
    assert postfilter._broad_share(by_brand) == (share if share >= 0.25 else None)
    query = fake_embedder.embed_query("usb cable")
    for filters in (broad, narrow, by_brand, Filters(brands=(brand,), price=broad.price)):
        for k in (3, 10):
            assert [h.product_id for h in postfilter.vector(query, k, filters)] == [
                h.product_id for h in prefilter.vector(query, k, filters)
            ]
            assert [h.product_id for h in postfilter.lexical("cable", k, filters)] == [
                h.product_id for h in prefilter.lexical("cable", k, filters)
            ]


def test_exported_documents_follow_writes(tmp_path, tiny_products, fake_embedder) -> None:
    """What the personalizer reads (stored vectors) is kept per table version: a write moves it on."""
    from dataclasses import replace

    from rag.engines.base import stored_vectors

    engine = LanceDBEngine(tmp_path / "idx")
    docs = make_docs(tiny_products, fake_embedder)
    engine.upsert(docs)
    engine.finalize()
    target, other = tiny_products[3], tiny_products[4]
    first = stored_vectors(engine, [other.id, target.id, "missing"])
    assert list(first) == [other.id, target.id]
    assert np.allclose(first[target.id], docs[3].vectors[0])
    moved = make_docs([replace(other, id=target.id, content_hash="moved")], fake_embedder)  # another text, same id
    engine.upsert(moved)
    again = stored_vectors(engine, [target.id])[target.id]
    assert np.allclose(again, moved[0].vectors[0]) and not np.allclose(again, first[target.id])
    assert engine.export_documents([target.id])[0].product.content_hash == "moved"
    engine.delete([target.id])
    assert stored_vectors(engine, [target.id]) == {}


def test_the_filtered_dense_leg_of_a_large_table_is_faiss_and_agrees_with_the_exact_scan(
    tmp_path, tiny_products, fake_embedder
) -> None:
    writer = LanceDBEngine(tmp_path / "idx", filtered_ann_min_rows=0)
    writer.upsert(make_docs(tiny_products, fake_embedder))
    writer.finalize()
    assert (tmp_path / "idx" / "dense_ivf" / "meta.json").exists()
    assert not writer.needs_finalize()
    reader = LanceDBEngine(tmp_path / "idx", filtered_ann_min_rows=0)
    exact = LanceDBEngine(tmp_path / "idx", filtered_ann_min_rows=LANCE_DENSE)  # no ANN this small: Lance scans exactly
    brand = Counter(p.brand for p in tiny_products).most_common(1)[0][0]
    prices = sorted(p.price for p in tiny_products if p.price)
    query = fake_embedder.embed_query("usb cable")
    for filters in (Filters(), Filters(brands=(brand,)), Filters(price=NumericRange(max=prices[len(prices) // 2]))):
        side = reader._filtered_search(query, 10, filters)
        assert side is not None  # this path, not Lance's prefilter
        expected = exact.vector(query, 10, filters)
        assert [h.product_id for h in side] == [h.product_id for h in expected]
        assert [h.score for h in side] == pytest.approx([h.score for h in expected], abs=2e-3)
    # a write not finalized yet: the FAISS index is stale, Lance answers (complete and exact)
    reader.upsert(make_docs(tiny_products[:1], fake_embedder))
    assert reader.needs_finalize()
    reader._version_seen = None
    assert reader._filtered_search(query, 10, Filters(brands=(brand,))) is None


def test_a_table_below_the_size_keeps_no_filtered_vector_index(tmp_path, tiny_products, fake_embedder) -> None:
    big = LanceDBEngine(tmp_path / "idx", filtered_ann_min_rows=0)
    big.upsert(make_docs(tiny_products, fake_embedder))
    big.finalize()
    assert (tmp_path / "idx" / "dense_ivf").exists()
    small = LanceDBEngine(tmp_path / "idx", filtered_ann_min_rows=len(tiny_products) + 1)
    assert not small.needs_finalize()  # too small to need one
    small.delete([tiny_products[0].id])
    small.finalize()
    assert not (tmp_path / "idx" / "dense_ivf").exists()  # no stale copy left on disk
    assert small._filtered_search(fake_embedder.embed_query("cable"), 5, Filters(brands=(tiny_products[1].brand,))) is None
