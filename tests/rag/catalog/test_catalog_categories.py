"""derive_category on real Icecat titles, and the taxonomy's invariants."""

from __future__ import annotations

import pytest

from rag.catalog import derive_category
from rag.catalog.categories import category_names, normalize_text
from rag.catalog.taxonomy import TAXONOMY

# (title, model code, brand, expected) — all real catalog titles.
REAL_TITLES = [
    ('HP Pavilion dv7-1211ea Notebook Silver 43.2 cm (17") 1440 x 900 pixels Intel® Core™2 Duo 4 GB '
     'DDR2-SDRAM 250 GB HDD NVIDIA® GeForce® 9200M GS Windows Vista Home Premium',
     "dv7-1211ea", "HP", "notebook"),
    ('HP VZ348AA notebook case 40.6 cm (16") Messenger case Brown', "VZ348AA", "HP", "notebook bag"),
    ("Kensington Simply Portable SP25 15.6” Laptop Backpack", "Simply Portable SP25 15.6” Laptop Backpack",
     "Kensington", "notebook bag"),
    ("Origin Storage 90W Universal BTI AC Adapter for most HP laptops",
     "90W Universal BTI AC Adapter for most HP laptops", "Origin Storage", "charger"),
    ("Kensington Auto/Air Laptop Power Adapter", "Auto/Air Laptop Power Adapter", "Kensington", "charger"),
    ("HP 90W Smart Combo AC Adapter power adapter/inverter", "90W Smart Combo AC Adapter", "HP", "charger"),
    ("Philips Wireless notebook mouse SPM7800/10", "Wireless notebook mouse SPM7800/10", "Philips", "mouse"),
    ("Macally Wireless Notebook mouse RF Wireless Laser 400 DPI", "Wireless Notebook Mouse", "Macally",
     "mouse"),
    ("Xerox 006R90321 toner cartridge Original Black 6 pc(s)", "006R90321", "Xerox", "toner cartridge"),
    ("Kingston Technology ValueRAM 4GB DDR3 240-pin DIMM Kit memory module 1333 MHz ECC",
     "KVR1333D3E9SK2/4G", "Kingston Technology", "memory module"),
    ("Philips SA1110 1GB* Flash audio player", "SA1110", "Philips", "mp3 player"),
    ("Kingston Technology Canvas Go! Plus memory card 64 GB MicroSD Class 10 UHS-I", "SDCG3/64GB",
     "Kingston Technology", "memory card"),
    ("Samsung EF-ZG980 mobile phone case 15.8 cm (6.2\") Folio Black", "EF-ZG980", "Samsung",
     "mobile phone case"),
    ("LG PK7W portable speaker 40 W Stereo portable speaker White", "PK7W", "LG", "portable speaker"),
    ("Philips SDV5119/27 not categorized", "TV antenna SDV5119/27", "Philips", "antenna"),
    ("HP FA828AA handheld mobile computer spare part Battery", "FA828AA", "HP", "battery"),
    ("C2G 5m Cat6 Booted Unshielded (UTP) Network Patch Cable - White",
     "5m Cat6 Booted Unshielded (UTP) Network Patch Cable - White", "C2G", "networking cable"),
    ("3M Black Privacy Filter for Notebooks PF15.0", "Black Privacy Filter for Notebooks PF15.0", "3M",
     "privacy filter"),
    ("HERMA Labels A4 210x297 mm gold film glossy 25 pcs.", "Labels A4 210x297 mm gold film glossy 25 pcs.",
     "HERMA", "labels"),
    ("Epson SIDM Colour Ribbon Cartridge for LQ-300/300+II (C13S015077)",
     "SIDM Colour Ribbon Cartridge for LQ-300/300+II (C13S015077)", "Epson", "printer ribbon"),
    ("StarTech.com Replacement 50mm Ball Bearing CPU Case Fan - TX3 Connector - System fan kit - 50 mm",
     "StarTech.com Replacement 50mm Ball Bearing CPU Case Fan - TX3 Connector - System fan kit - 50 mm",
     "StarTech.com", "computer cooling"),
]


@pytest.mark.parametrize(("title", "model_code", "brand", "expected"), REAL_TITLES)
def test_real_titles(title: str, model_code: str, brand: str, expected: str) -> None:
    assert derive_category(title, {}, model_code=model_code, brand=brand) == expected


def test_accessories_beat_the_device_they_serve() -> None:
    assert derive_category("Targus 16 inch notebook case") == "notebook bag"
    assert derive_category("Generic laptop charger 65W") == "charger"
    assert derive_category("Wireless Notebook Mouse") == "mouse"
    assert derive_category("Notebook") == "notebook"


def test_product_type_comes_first_and_junk_falls_through() -> None:
    title = "Philips In-Ear Headphones SHE2550/98"
    assert derive_category(title, {"product_type": "Headset"}) == "headset"
    assert derive_category(title, {"product_type": "1"}) == "headphones"


def test_attribute_signature_when_the_title_names_no_type() -> None:
    title = "HP 05X Original Black 1 pc(s)"
    assert derive_category(title, {}, model_code="05X", brand="HP") is None
    assert derive_category(title, {"black_toner_page_yield": 6500.0}, model_code="05X") == "toner cartridge"
    phone = {"rear_camera_resolution__numeric_": 48.0, "ram_capacity": 4.0, "display_diagonal": 6.1}
    assert derive_category("Samsung Galaxy A41 SM-A415F 15.5 cm (6.1\") 4 GB 64 GB", phone) == "smartphone"
    tablet = {**phone, "display_diagonal": 10.4}
    assert derive_category("Samsung Galaxy Tab S6 Lite SM-P610N", tablet) == "tablet"


def test_print_technology_settles_ink_versus_toner() -> None:
    title = "Lexmark No.29 Color Return Program Print Cartridge Original"
    assert derive_category(title, {"print_technology": "Inkjet printing"}) == "ink cartridge"
    assert derive_category(title, {"print_technology": "Laser printing"}) == "toner cartridge"


def test_pieces_are_not_pcs() -> None:
    assert normalize_text("Canon BCI-24CL Original Cyan 2 pc(s)").endswith("2 pieces")
    assert derive_category("Castorland Romantic Horses 300 pcs") != "desktop pc"


def test_nothing_to_go_on_gives_none() -> None:
    assert derive_category("") is None
    assert derive_category("Sony STP-GB1AM", {}, model_code="STP-GB1AM", brand="Sony") is None


def test_taxonomy_is_readable_and_consistent() -> None:
    names = category_names()
    assert len(names) == len(set(names)) == len(TAXONOMY)
    assert 80 <= len(names) <= 200
    for expected in ("notebook", "notebook bag", "tablet", "smartphone", "mobile phone case", "headphones",
                     "headset", "portable speaker", "memory card", "usb flash drive", "internal ssd",
                     "internal hard drive", "memory module", "toner cartridge", "ink cartridge", "printer",
                     "monitor", "tv", "projector", "mouse", "keyboard", "cable", "battery", "charger",
                     "processor", "motherboard", "graphics card", "camera", "camera bag",
                     "docking station", "usb hub", "coffee maker"):
        assert expected in names
    # Building the matcher checks that no phrase belongs to two categories.
    assert derive_category("usb hub") == "usb hub"


def test_signatures_name_real_categories() -> None:
    from rag.catalog.signatures import SIGNATURES

    names = set(category_names())
    assert {s.category for s in SIGNATURES} <= names
