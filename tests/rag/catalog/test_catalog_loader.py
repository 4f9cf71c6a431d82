"""load_catalog on the real sample and on a deliberately broken catalog."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from rag.catalog import CatalogLoad, IngestReport, load_catalog
from rag.records import Product

DATA = Path(__file__).resolve().parents[2] / "data"
PRODUCTS = DATA / "products.json"
MALFORMED = DATA / "malformed_catalog.json"


@pytest.fixture(scope="module")
def sample() -> CatalogLoad:
    return load_catalog(PRODUCTS)


@pytest.fixture(scope="module")
def broken() -> CatalogLoad:
    return load_catalog(MALFORMED)


def _raw_rows(path: Path) -> list[object]:
    return json.loads(path.read_text(encoding="utf-8"))


def test_every_sample_row_becomes_a_product_with_a_category(sample: CatalogLoad) -> None:
    raw = _raw_rows(PRODUCTS)
    assert [p.id for p in sample.products] == [r["id"] for r in raw]
    assert all(p.category for p in sample.products), [p.title for p in sample.products if not p.category]
    assert sample.report.rows_seen == sample.report.accepted == len(raw)
    assert sample.report.category_coverage == 1.0
    assert dict(sample.report.skipped) == {}


def test_sample_fields_are_normalized_from_the_source_row(sample: CatalogLoad) -> None:
    by_id = {p.id: p for p in sample.products}
    xerox = by_id["3920564"]
    assert xerox.title == "Xerox 006R90321 toner cartridge Original Black 6 pc(s)"
    assert xerox.brand == "Xerox"
    assert xerox.model_code == "006R90321"
    assert xerox.price == 49.95  # 4995 cents
    assert xerox.currency == "USD"
    assert xerox.released is not None and xerox.released.isoformat() == "2009-12-10"
    assert xerox.description == "Toner (6 Per Box) for CopyCentre C65 Digital Copier"
    assert xerox.image_urls[0].endswith("img_3920564_medium_1472618727_1445_7091.jpg")  # 500x500 first
    assert len(xerox.image_urls) == len(set(xerox.image_urls)) == 4
    assert xerox.attributes["black_toner_page_yield"] == 23000.0
    assert xerox.attributes["type"] == "Original"
    # A row without short_description gets an empty description, not None.
    assert by_id["727946"].description == ""


def test_same_brand_spans_categories(sample: CatalogLoad) -> None:
    hp = {p.category for p in sample.products if p.brand == "HP"}
    assert {"notebook", "notebook bag", "mouse", "toner cartridge", "printer", "charger"} <= hp


def test_each_malformed_reason_is_counted_and_valid_rows_survive(broken: CatalogLoad) -> None:
    report = broken.report
    assert dict(report.skipped) == {
        "missing_id": 1,
        "missing_title": 1,
        "malformed_price": 2,  # -500 and "abc"
        "not_an_object": 2,  # a string and a list
        "duplicate_id": 1,
    }
    assert [p.id for p in broken.products] == ["1625640", "2096357", "514475", "3933732"]
    assert report.rows_seen == 11 == report.accepted + report.skipped_total
    # The first occurrence of a duplicated id wins.
    assert broken.products[0].title == "Integral 2GB SD Card memory card"


def test_null_price_is_kept_as_unknown(broken: CatalogLoad) -> None:
    player = next(p for p in broken.products if p.id == "514475")
    assert player.price is None
    assert player.price_label == "price unknown"
    assert broken.report.notes["price_unknown"] == 1


def test_report_examples_point_at_the_bad_rows(broken: CatalogLoad) -> None:
    examples = broken.report.examples
    negative = examples["malformed_price"][0]
    assert (negative.source, negative.row_number, negative.product_id) == (
        "malformed_catalog.json", 5, "78432612")
    assert "negative" in negative.message
    assert examples["not_an_object"][0].row_number == 6
    assert examples["duplicate_id"][0].product_id == "1625640"


def test_report_serializes(broken: CatalogLoad) -> None:
    as_dict = broken.report.to_dict()
    assert json.loads(json.dumps(as_dict)) == as_dict
    assert as_dict["skipped"]["missing_title"] == 1
    markdown = broken.report.to_markdown()
    for reason in ("missing_id", "missing_title", "malformed_price", "not_an_object", "duplicate_id",
                   "price_unknown"):
        assert reason in markdown


def test_content_hash_is_stable_across_loads(sample: CatalogLoad) -> None:
    again = load_catalog(PRODUCTS)
    assert [p.content_hash for p in again.products] == [p.content_hash for p in sample.products]
    hashes = [p.content_hash for p in sample.products]
    assert len(set(hashes)) == len(hashes) and all(len(h) == 64 for h in hashes)


def test_content_hash_changes_when_a_field_changes(tmp_path: Path) -> None:
    rows = _raw_rows(PRODUCTS)[:3]
    original = load_catalog(_write(tmp_path / "a.json", rows)).products
    changed_rows = json.loads(json.dumps(rows))
    changed_rows[0]["price"] += 100
    changed_rows[1]["attr_t_product_colour"] = "Purple"
    changed_rows[2]["ean"] = ["0000000000000"]  # not part of the record: hash must not move
    changed = load_catalog(_write(tmp_path / "b.json", changed_rows)).products
    assert changed[0].content_hash != original[0].content_hash
    assert changed[1].content_hash != original[1].content_hash
    assert changed[2].content_hash == original[2].content_hash


def test_records_are_immutable(sample: CatalogLoad) -> None:
    product = sample.products[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        product.price = 1.0  # type: ignore[misc]
    with pytest.raises(TypeError):
        product.attributes["memory_gb"] = 64.0  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        sample.report.accepted = 0  # type: ignore[misc]
    with pytest.raises(TypeError):
        sample.report.skipped["missing_id"] = 3  # type: ignore[index]
    assert isinstance(sample.products, tuple)
    assert isinstance(sample.report, IngestReport)


def test_ids_are_coerced_and_text_trimmed(tmp_path: Path) -> None:
    row = _raw_rows(PRODUCTS)[0]
    row = {**row, "id": 2101957, "title": "  " + row["title"] + "\n", "supplier": " HP "}
    (product,) = load_catalog(_write(tmp_path / "c.json", [row])).products
    assert product.id == "2101957"
    assert product.title == product.title.strip() and product.brand == "HP"


def test_zero_price_bad_date_and_missing_images_are_noted_not_skipped(tmp_path: Path) -> None:
    row = _raw_rows(PRODUCTS)[0]
    row = {**row, "price": 0, "date_released": "not a date", "img_thumb": "ftp://x/y.jpg"}
    load = load_catalog(_write(tmp_path / "d.json", [row]))
    (product,) = load.products
    assert product.price is None and product.released is None
    assert all(u.startswith("http") for u in product.image_urls)
    assert load.report.notes["price_unknown"] == 1
    assert load.report.notes["bad_date"] == 1
    assert load.report.notes["bad_image_url"] == 1


def test_bad_values_in_odd_types_never_stop_loading(tmp_path: Path) -> None:
    base = _raw_rows(PRODUCTS)[0]
    rows = [
        {**base, "id": "a", "price": True},
        {**base, "id": "b", "price": [1, 2]},
        {**base, "id": "c", "price": "1299"},
        {**base, "id": "d", "title": None},
        {**base, "id": "", "title": "x"},
        {**base, "id": "e", "attr_n_weight": "heavy", "attr_b_touchscreen": "maybe"},
        None,
    ]
    load = load_catalog(_write(tmp_path / "e.json", rows))
    assert [p.id for p in load.products] == ["c", "e"]
    assert load.products[0].price == 12.99
    assert "weight_kg" not in load.products[1].attributes
    assert dict(load.report.skipped) == {"malformed_price": 2, "missing_title": 1, "missing_id": 1,
                                         "not_an_object": 1}
    assert load.report.notes["bad_attribute"] == 1


def test_unreadable_file_is_reported_and_the_rest_loads(tmp_path: Path) -> None:
    _write(tmp_path / "1.json", _raw_rows(PRODUCTS)[:2])
    (tmp_path / "2.json").write_text("[{\"id\": ", encoding="utf-8")
    load = load_catalog(tmp_path)
    assert len(load.products) == 2
    assert load.report.skipped["unreadable_file"] == 1
    assert load.report.examples["unreadable_file"][0].source == "2.json"
    assert load.report.files == ("1.json", "2.json")


def test_configuration_mistakes_raise(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_catalog(tmp_path / "nope")
    with pytest.raises(ValueError, match="ISO 4217"):
        load_catalog(PRODUCTS, currency="dollars")


def test_currency_is_applied(tmp_path: Path) -> None:
    load = load_catalog(PRODUCTS, currency="EUR")
    assert {p.currency for p in load.products} == {"EUR"}
    assert load.products[0].price_label.startswith("€")


def _write(path: Path, rows: list[object]) -> Path:
    path.write_text(json.dumps(rows), encoding="utf-8")
    return path


def test_products_are_product_records(sample: CatalogLoad) -> None:
    assert all(isinstance(p, Product) for p in sample.products)


def test_examples_are_capped_but_counts_are_not(tmp_path: Path) -> None:
    base = _raw_rows(PRODUCTS)[0]
    rows = [{**base, "id": str(n), "price": "abc"} for n in range(25)]
    report = load_catalog(_write(tmp_path / "f.json", rows)).report
    assert report.skipped["malformed_price"] == 25
    assert len(report.examples["malformed_price"]) == 20


def test_jsonl_bad_line_counts_as_not_an_object(tmp_path: Path) -> None:
    rows = _raw_rows(PRODUCTS)[:2]
    (tmp_path / "a.jsonl").write_text(f"{json.dumps(rows[0])}\n{{oops\n{json.dumps(rows[1])}\n",
                                      encoding="utf-8")
    load = load_catalog(tmp_path / "a.jsonl")
    assert [p.id for p in load.products] == [rows[0]["id"], rows[1]["id"]]
    assert dict(load.report.skipped) == {"not_an_object": 1}
    assert load.report.examples["not_an_object"][0].row_number == 2
