"""Typed attributes and unit normalization, on real rows from tests/data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rag.catalog.attributes import (
    NORMALIZED_KEYS,
    normalized_attributes,
    title_quantities,
    typed_attributes,
)

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def raw() -> dict[str, dict[str, object]]:
    rows = json.loads((DATA / "products.json").read_text(encoding="utf-8"))
    return {row["id"]: row for row in rows}


def _normalized(row: dict[str, object]) -> dict[str, float | str]:
    return normalized_attributes(typed_attributes(row).values, str(row["title"]))


def test_typed_attributes_strip_prefix_and_keep_types(raw: dict[str, dict[str, object]]) -> None:
    typed = typed_attributes(raw["2101957"]).values  # HP Pavilion dv7-1211ea
    assert typed["product_type"] == "Notebook"
    assert typed["display_diagonal"] == 17.0 and isinstance(typed["display_diagonal"], float)
    assert typed["touchscreen"] is False
    assert not any(key.startswith("attr_") for key in typed)
    assert "title" not in typed and "price" not in typed


def test_notebook_memory_screen_weight(raw: dict[str, dict[str, object]]) -> None:
    row = raw["2101957"]
    assert row["attr_n_internal_memory"] == 4.0 and row["attr_n_weight"] == 3460.0
    assert _normalized(row) == {
        "memory_gb": 4.0,
        "storage_gb": 250.0,
        "screen_in": 17.0,
        "weight_kg": 3.46,
        "colour": "silver",
    }


def test_memory_module_stored_in_mb(raw: dict[str, dict[str, object]]) -> None:
    row = raw["1596426"]  # "Kingston … System Specific Memory 16GB Kit memory module"
    assert row["attr_n_internal_memory"] == 16384.0
    assert _normalized(row)["memory_gb"] == 16.0


def test_memory_card_and_usb_stick_storage(raw: dict[str, dict[str, object]]) -> None:
    assert _normalized(raw["78432612"])["storage_gb"] == 64.0  # Kingston Canvas Go! Plus 64 GB
    # Integral 2GB SD Card: only attr_n_capacity, trusted because the title says "2GB".
    assert raw["1625640"]["attr_n_capacity"] == 2.0
    assert _normalized(raw["1625640"])["storage_gb"] == 2.0
    assert _normalized(raw["79323404"])["storage_gb"] == 64.0  # Kingston DataTraveler 64 GB
    assert _normalized(raw["79129886"])["storage_gb"] == 500.0  # Kingston KC2500 SSD 500 GB


def test_phone_ram_storage_and_screen(raw: dict[str, dict[str, object]]) -> None:
    got = _normalized(raw["78710959"])  # Samsung Galaxy A41, "4 GB 64 GB"
    assert (got["memory_gb"], got["storage_gb"], got["screen_in"]) == (4.0, 64.0, 6.1)
    assert got["weight_kg"] == pytest.approx(0.152)


def test_screen_from_title_and_metric(raw: dict[str, dict[str, object]]) -> None:
    assert _normalized(raw["78466789"])["screen_in"] == 32.0  # LG TV
    assert title_quantities('Samsung Series 8 UN85TU8000 2.16 m (85") 4K Ultra HD Smart TV').screen_in == 85.0
    got = normalized_attributes({"display_diagonal__metric_": 107.0}, "Philips widescreen flat TV")
    assert got["screen_in"] == pytest.approx(42.13, abs=0.01)
    # a backpack's only size is the laptop it fits ("thule backpack for a 15 inch laptop", writers A and O)
    fits = normalized_attributes({"maximum_screen_size_compatibility": 15.6}, "Thule Construct CONBP-116 Black backpack Nylon")
    assert fits["screen_in"] == 15.6
    assert normalized_attributes({"display_diagonal": 14.0, "maximum_screen_size_compatibility": 15.6}, "x")["screen_in"] == 14.0


@pytest.mark.parametrize(
    ("typed", "title", "expected"),
    [
        # A printer's internal memory is in MB, and the title does not say: unknowable, dropped.
        ({"internal_memory": 32.0}, "HP LaserJet 1018 Printer 600 x 600 DPI A4", None),
        # "HP 256 MB DDR2 DIMM" stores 0.25 (GB): the title's MB number confirms it.
        ({"internal_memory": 0.25, "internal_memory_type": "DDR2"}, "HP 256 MB DDR2 144-pin DIMM", 0.25),
        # RAM type, no title evidence: small numbers are GB, large ones MB.
        ({"internal_memory": 4.0, "internal_memory_type": "DDR4-SDRAM"}, "Dell Wyse 5070", 4.0),
        # A smartwatch's RAM of 768 is MB.
        ({"ram_capacity": 768.0}, "Samsung Galaxy Watch Active2 smartwatch", 0.75),
        ({"ram_capacity": 16.0}, "Huawei WATCH GT 2e smartwatch", None),
        # Flash "internal memory" of a memory card is storage, not memory.
        ({"internal_memory": 8192.0, "internal_memory_type": "Flash"}, "Kingston 8GB CF Card", None),
    ],
)
def test_memory_units(typed: dict[str, object], title: str, expected: float | None) -> None:
    assert normalized_attributes(typed, title).get("memory_gb") == expected


def test_storage_units() -> None:
    card = {"internal_memory": 8192.0, "internal_memory_type": "Flash"}
    assert normalized_attributes(card, "Kingston Technology 8GB CF Card memory card")["storage_gb"] == 8.0
    assert normalized_attributes({"hdd_capacity": 1000.0}, "Fujitsu 1TB SATA 7200rpm")["storage_gb"] == 1000.0
    assert normalized_attributes({"hdd_capacity": 2.0}, "Example 2TB drive")["storage_gb"] == 2000.0
    both = {"total_ssds_capacity": 512.0, "total_hdds_capacity": 1000.0}
    assert normalized_attributes(both, "Notebook")["storage_gb"] == 1512.0
    # attr_n_capacity means litres or watts elsewhere: ignored unless the title says GB/TB.
    assert "storage_gb" not in normalized_attributes({"capacity": 16.0}, "Thule Lithos backpack")


def test_implausible_values_are_dropped() -> None:
    typed = {"weight": -5.0, "display_diagonal": 0.0, "internal_memory": -4.0, "hdd_capacity": 5e9}
    assert normalized_attributes(typed, "x 4 GB") == {}
    assert "weight_kg" not in normalized_attributes({"weight": 3_000_000_000.0}, "x")


def test_colour_is_lower_cased_and_spaced() -> None:
    assert normalized_attributes({"product_colour": "Black,Silver"}, "x")["colour"] == "black, silver"


def test_an_ink_or_toner_is_the_colour_it_prints() -> None:
    """Found on writer CD: "hp ink for my deskjet pls, running out of black" dropped the colour (no cartridge's
    record gives a product colour); a printer's printing colours are no colour of the printer."""
    from rag.catalog.attributes import supply_colour
    from rag.catalog.rows import build_product

    assert supply_colour({"printing_colours": "Black"}, "ink cartridge") == "black"
    assert supply_colour({"printing_colours": "Cyan, Magenta"}, "toner cartridge") == "cyan, magenta"
    assert supply_colour({"printing_colours": "Black"}, "printer") is None
    assert supply_colour({"printing_colours": "Black", "product_colour": "White"}, "ink cartridge") is None
    row = {"id": 1, "title": "HP 54 Black Original 1 pc(s) ink cartridge", "price": 36.95, "supplier": "HP",
           "attr_t_printing_colours": "Black"}
    product = build_product(row, currency="USD").product  # type: ignore[union-attr]
    assert product.category == "ink cartridge" and product.attributes["colour"] == "black"


def test_wrong_types_are_coerced_or_dropped() -> None:
    typed = typed_attributes({
        "attr_n_weight": "1200",
        "attr_n_width": "wide",
        "attr_b_wi_fi": "true",
        "attr_b_bluetooth": "sometimes",
        "attr_t_product_colour": "  Black  ",
        "attr_t_empty": "",
        "attr_n_nan": float("nan"),
        "attr_x_unknown": 1,
    })
    assert typed.values == {"weight": 1200.0, "wi_fi": True, "product_colour": "Black"}
    assert set(typed.dropped) == {"attr_n_width", "attr_b_bluetooth", "attr_n_nan"}


def test_colliding_keys_keep_their_type_letter() -> None:
    typed = typed_attributes({
        "attr_b_colour": True,  # colour printing: must not shadow the normalized "colour"
        "attr_b_height_adjustment": True,
        "attr_n_height_adjustment": 13.0,
    }).values
    assert typed == {"b_colour": True, "height_adjustment": 13.0, "b_height_adjustment": True}
    assert not set(typed) & set(NORMALIZED_KEYS)
