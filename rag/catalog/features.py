"""What a product record says about features shoppers ask and talk about.

One place reads wired/wireless, colour, battery, noise cancelling, water
resistance and comfort from a record, so that understanding (a filter on
the shown products), the answer validator (a claim must be supported) and
the evaluation (was the constraint honoured) ask the same question of the
same fields. Each reader returns ``True`` (the record says so), ``False``
(the record says otherwise) or ``None`` (the record does not say).

The fields are Icecat's, as the catalog stores them (``rag.catalog.attributes``):
``connectivity_technology`` ("Wired", "Wireless", "Wired & Wireless"),
``device_interface`` ("USB Type-A", "RF Wireless", "Bluetooth"), the
``bluetooth`` flag, ``battery_life__max_`` / ``battery_type`` /
``power_source_type``, ``noise_cancelling`` / ``active_noise_cancelling__anc_``,
``waterproof`` / ``water_resistant`` / ``ip_code``, and ``colour``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rag.records import Product

WIRELESS_WORDS = re.compile(r"\b(?:wireless|bluetooth|cordless|rf\s+wireless|wi-?fi)\b", re.I)
WIRED_WORDS = re.compile(r"\b(?:wired|corded|usb\s+type-a|ps/2)\b", re.I)


def _attr(product: Product, *keys: str) -> object | None:
    attrs: Mapping[str, object] = product.attributes
    for key in keys:
        value = attrs.get(key)
        if value not in (None, ""):
            return value
    return None


def connectivity(product: Product) -> frozenset[str]:
    """``{"wired"}``, ``{"wireless"}``, both, or empty when the record does not say."""
    out: set[str] = set()
    tech = str(_attr(product, "connectivity_technology") or "").lower()
    if "wireless" in tech:
        out.add("wireless")
    if "wired" in tech:
        out.add("wired")
    iface = str(_attr(product, "device_interface", "interface") or "").lower()
    if iface:
        if "wireless" in iface or "bluetooth" in iface:
            out.add("wireless")
        if re.search(r"usb|ps/2|3\.5", iface.replace("rf wireless+usb", "")) and "wireless" not in iface:
            out.add("wired")
    if _attr(product, "bluetooth") is True:
        out.add("wireless")
    if not out:
        if WIRELESS_WORDS.search(product.title):
            out.add("wireless")
        elif WIRED_WORDS.search(product.title):
            out.add("wired")
    return frozenset(out)


def has_connectivity(product: Product, wanted: str) -> bool | None:
    """Whether ``product`` is ``wanted`` ("wired" or "wireless"); ``None`` when unknown."""
    have = connectivity(product)
    if not have:
        return None
    return wanted in have


def colour_matches(product: Product, colour: str) -> bool | None:
    value = str(_attr(product, "colour", "product_colour") or "").lower()
    if not value:
        return None
    return colour.lower() in value


def _flag(product: Product, *keys: str) -> bool | None:
    value = _attr(product, *keys)
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        low = value.lower()
        # "no"/"false" deny it; "yes" or a described feature ("Active Noise Cancelling", "IPX4") state it.
        return low not in ("no", "false", "n")
    if isinstance(value, int | float):
        return value > 0
    return None


def _record_text(product: Product) -> str:
    return " ".join([product.title, product.description]).lower()


def supports_battery(product: Product) -> bool | None:
    """Runs on a battery (so "battery life" can be claimed at all)."""
    if has_connectivity(product, "wireless") is False:
        return False  # a wired-only device has no battery life to speak of
    value = _attr(product, "battery_life__max_", "battery_life", "battery_type", "battery_capacity",
                  "battery_technology", "continuous_video_playback_time", "runtime")
    if value not in (None, False):
        return True
    source = str(_attr(product, "power_source_type", "power_source") or "").lower()
    if "battery" in source:
        return True
    if "battery" in _record_text(product):
        return True
    return None


def supports_noise_cancelling(product: Product) -> bool | None:
    flag = _flag(product, "noise_cancelling", "active_noise_cancelling__anc_", "noise_reduction")
    if flag is not None:
        return flag
    text = _record_text(product)
    if re.search(r"noise[\s-]*(?:cancel|reduc|isolat)", text):
        return True
    return None


def supports_water_resistance(product: Product) -> bool | None:
    flag = _flag(product, "waterproof", "water_resistant", "water_resistance", "splash_proof", "ip_code")
    if flag is not None:
        return flag
    if re.search(r"water[\s-]*(?:proof|resist)|splash|\bipx?\d", _record_text(product)):
        return True
    return None


def supports_comfort(product: Product) -> bool | None:
    """"Comfortable" is a claim only the record can back (ergonomic, cushioned, padded...)."""
    text = _record_text(product) + " " + " ".join(
        str(v).lower() for k, v in product.attributes.items() if isinstance(v, str)
    )
    if re.search(r"comfort|ergonomic|cushion|padded|soft\s+ear|memory\s+foam|lightweight", text):
        return True
    flag = _flag(product, "ergonomic_design", "ergonomic_grip", "wrist_rest")
    return flag if flag else None
