"""What the vocabulary keeps of the catalog: the kinds each brand sells, most products first."""

from __future__ import annotations

from rag.catalog.vocabulary import Vocabulary
from rag.records import Product


def _product(pid: str, title: str, category: str | None, brand: str = "Acme") -> Product:
    return Product(id=pid, title=title, brand=brand, category=category, price=10.0, currency="USD", description="")


def test_a_brands_kinds_are_kept_most_products_first_and_survive_a_save(tmp_path) -> None:
    products = [_product("1", "Acme steam iron", "iron"), _product("2", "Acme optical mouse", "mouse"),
                _product("3", "Acme steam iron pro", "iron"), _product("4", "Other optical mouse", "mouse", "Other"),
                _product("5", "Acme travel kettle", "kettle"), _product("6", "Acme garment iron", "iron"),
                _product("7", "Acme wireless mouse", "mouse")]
    vocabulary = Vocabulary.from_products(products)
    assert vocabulary.brand_categories["Acme"] == ("iron", "mouse", "kettle")  # 3 irons, 2 mice, 1 kettle
    vocabulary.save(tmp_path)
    loaded = Vocabulary.load(tmp_path)
    assert loaded is not None and loaded.brand_categories == vocabulary.brand_categories
    assert loaded.brand_category_counts["Acme"] == {"iron": 3, "mouse": 2, "kettle": 1}  # what a brand's range leaves out
    assert loaded.line_brands == vocabulary.line_brands


def test_a_toy_makers_products_are_toys_whatever_their_titles_other_words() -> None:
    """Found on writers BT and AK: Sylvanian Families' "Baby Crib" was personal care, its "Red Roof Country Home" a rack
    accessory, and L.O.L. Surprise! furniture furniture (Icecat's own type)."""
    from rag.catalog.categories import derive_category

    assert derive_category("Sylvanian Families Baby Crib", brand="Sylvanian Families") == "toy"
    assert derive_category("L.O.L. Surprise! Furniture- Road Trip", {"product_type": "Furniture"}, brand="MGA Entertainment") == "toy"
    assert derive_category("Baby Annabell Sweetie for babies", brand="Zapf") == "doll"  # a toy kind stays
    assert derive_category("Philips Baby Monitor", brand="Philips") != "toy"  # not a toy maker
