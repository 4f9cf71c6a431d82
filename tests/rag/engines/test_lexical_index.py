"""The embedded engine's bm25s lexical leg: persisted with the index, filters as masks,
Lance FTS between a write and its finalize, and the filtered dense leg's exact path."""

from __future__ import annotations

from dataclasses import replace

import lancedb
import pytest

from rag.engines import LanceDBEngine
from rag.engines.lancedb_engine import PRODUCTS, filters_to_sql
from rag.engines.lexical_index import DIRNAME, FieldedBM25, FilterColumns, Tokenizer
from rag.records import Filters, NumericRange
from tests.contracts.engine_contract import make_docs, most_common_brand


@pytest.fixture
def loaded(tmp_path, tiny_products, fake_embedder) -> LanceDBEngine:
    engine = LanceDBEngine(tmp_path / "idx")
    engine.upsert(make_docs(tiny_products, fake_embedder))
    engine.finalize()
    return engine


def _filter_cases(products) -> list[Filters]:
    brand = most_common_brand(products)
    category = products[0].category
    tagged = next(p for p in products if any(v for v in p.attributes.values()))
    name, value = next((k, v) for k, v in tagged.attributes.items() if v)
    return [
        Filters(brands=(brand,)),
        Filters(brands=(brand.upper(), "no such brand")),
        Filters(categories=(category,)),
        Filters(price=NumericRange(max=100.0)),
        Filters(price=NumericRange(min=50.0, max=500.0), brands=(brand,)),
        Filters(numeric={"memory_gb": NumericRange(min=4.0)}),
        Filters(text={name: str(value)}),
        Filters(text={"colour": "no such colour"}),
    ]


def test_mask_matches_the_lance_predicate(loaded, tmp_path, tiny_products) -> None:
    table = lancedb.connect(str(tmp_path / "idx")).open_table(PRODUCTS)
    rows = table.search().select(["id", *(f for f in table.schema.names if f not in ("id", "record", "content_hash"))])
    rows = rows.limit(len(tiny_products)).to_arrow()
    columns = FilterColumns.from_arrow(rows)
    ids = rows["id"].to_pylist()
    for filters in _filter_cases(tiny_products):
        mask = columns.mask(filters)
        expected = set(table.search().where(filters_to_sql(filters)).select(["id"]).limit(1000).to_arrow()["id"].to_pylist())
        assert {i for i, keep in zip(ids, mask, strict=True) if keep} == expected, filters
    assert columns.mask(Filters()) is None
    with pytest.raises(ValueError, match="allowed: memory_gb"):
        columns.mask(Filters(numeric={"ram": NumericRange(8)}))


def test_index_saved_beside_the_tables_and_read_by_a_new_engine(loaded, tmp_path, tiny_products) -> None:
    directory = tmp_path / "idx" / DIRNAME
    assert FieldedBM25.stored_version(directory) is not None
    assert not loaded.needs_finalize()
    fresh = LanceDBEngine(tmp_path / "idx")
    fts = LanceDBEngine(tmp_path / "idx", lexical_index=False)
    target = tiny_products[3]
    for engine in (fresh, fts):
        assert target.id in {h.product_id for h in engine.lexical(target.title, 5)}
    # the bm25s leg and Lance's FTS (both best field) agree on what matches a title
    assert {h.product_id for h in fresh.lexical(target.title, 3)} & {h.product_id for h in fts.lexical(target.title, 3)}


def test_write_without_finalize_is_searched_then_folded_in(loaded, tiny_products, fake_embedder) -> None:
    changed = replace(tiny_products[0], title="Quetzalcoatl edition " + tiny_products[0].title, content_hash="x")
    loaded.upsert(make_docs([changed], fake_embedder))
    assert loaded.needs_finalize()  # the saved index is of the previous version
    assert [h.product_id for h in loaded.lexical("quetzalcoatl", 5)] == [changed.id]
    loaded.finalize()
    assert not loaded.needs_finalize()
    assert [h.product_id for h in loaded.lexical("quetzalcoatl", 5)] == [changed.id]
    loaded.delete([changed.id])
    assert loaded.lexical("quetzalcoatl", 5) == []


def test_filters_inside_the_leg_fill_k(loaded, tiny_products) -> None:
    brand = most_common_brand(tiny_products)
    n = sum(1 for p in tiny_products if p.brand == brand)
    hits = loaded.lexical(brand, 50, Filters(brands=(brand,)))
    assert len(hits) == n
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_sum_combination_and_bad_mode(tmp_path, loaded, tiny_products) -> None:
    summed = LanceDBEngine(tmp_path / "idx", lexical_combine="sum")
    best = LanceDBEngine(tmp_path / "idx")
    query = tiny_products[2].title
    assert summed.lexical(query, 1)[0].score >= best.lexical(query, 1)[0].score
    with pytest.raises(ValueError, match="allowed: max, sum"):
        LanceDBEngine(tmp_path / "idx", lexical_combine="avg")


def test_tokenizer_folds_stems_and_drops_stop_words() -> None:
    assert Tokenizer()("The Café's Printers and SCANNERS") == ["cafe", "s", "printer", "scanner"]
    assert Tokenizer()("the and of") == []


def test_exact_path_for_selective_filters_equals_the_ann_path(tmp_path, tiny_products, fake_embedder) -> None:
    docs = make_docs(tiny_products, fake_embedder)
    exact = LanceDBEngine(tmp_path / "idx", ann_min_rows=10, exact_max_rows=10**9)
    exact.upsert(docs)
    exact.finalize()
    ann = LanceDBEngine(tmp_path / "idx", ann_min_rows=10, exact_max_rows=0)
    query = fake_embedder.embed_query("notebook")
    for filters in _filter_cases(tiny_products):
        a = [(h.product_id, round(h.score, 5)) for h in exact.vector(query, 50, filters)]
        b = [(h.product_id, round(h.score, 5)) for h in ann.vector(query, 50, filters)]
        assert a == b, filters
