"""Typed attributes and normalized shopping attributes for one catalog row.

Icecat rows carry ~31 of 5,366 attribute keys, prefixed by type:
``attr_t_x`` (text), ``attr_n_x`` (number) and ``attr_b_x`` (flag). They become
``{"x": str | float | bool}``. On top of those, five normalized attributes
with fixed names and units let filters ask the same question of every
product type (``rag.records.Filters.numeric`` / ``.text`` use these names):

``memory_gb`` — RAM / internal memory in GB.
    Source: ``attr_n_ram_capacity`` (phones, watches), then
    ``attr_n_internal_memory`` (notebooks, PCs, memory modules, printers).
    Units are mixed in the source: a notebook with 4 GB has 4.0, a "Kingston
    16GB Kit" memory module has 16384.0 (MB), a printer's 32.0 is MB, and
    "HP 256 MB DDR2 DIMM" stores 0.25 (GB). So the title decides first:
    the value as a GB number in the title ("4 GB", "16GB") → GB; value×1024
    (or ×1000) as an MB number → GB; value/1024 (or /1000) as a GB number
    → MB; the value as an MB number → MB. Without title evidence, values
    from 512 up are MB (binary sizes such as 768 or 16384 divide by 1024,
    decimal ones such as 1000 or 1500 by 1000); smaller values are GB only
    when ``attr_t_internal_memory_type`` names RAM (DDR…, DRAM), and are
    dropped otherwise because their unit is unknowable (printers store 32 or
    64 meaning MB, smartwatches 16 meaning MB). Measured on the catalog's
    1,135 ``internal_memory`` rows: 586 read as GB because the title states
    the number, 97 as MB because the title states it divided by 1024, 53 as
    MB by the ≥ 512 rule, 27 as GB by a RAM type, 7 are storage, and 365 are
    dropped (278 of them printers).
    ``internal_memory`` with a storage type (Flash, HDD) is storage, below.

``storage_gb`` — storage capacity in GB.
    Sources, first present: ``attr_n_total_storage_capacity``,
    ``attr_n_internal_storage_capacity``, else SSD + HDD capacity
    (``attr_n_total_ssds_capacity`` or ``attr_n_ssd_capacity`` plus
    ``attr_n_total_hdds_capacity`` or ``attr_n_hdd_capacity``); then
    ``internal_memory`` of type Flash/HDD (memory cards; MB/GB decided as for
    memory); then ``attr_n_capacity`` for memory cards and USB sticks, only
    when the title says "<value> GB" or "<value> TB" (the same key holds
    litres, watts and staple counts elsewhere). The storage keys are in GB in
    this catalog — every "1TB" drive stores 1000 (or 1024), and the small
    values (0.5–16) are MP3 players and thin clients in GB. A value that the
    title gives in TB ("2TB" with value 2) is still converted, defensively;
    no row of this catalog needs it.

``screen_in`` — screen diagonal in inches.
    ``attr_n_display_diagonal`` is in inches (it agrees with the title's
    ``cm (X")`` on all 613 rows that have both); else the title's
    ``43.2 cm (17")`` / ``2.16 m (85")``; else ``attr_n_display_diagonal__metric_``
    (cm) / 2.54; else ``attr_n_maximum_screen_size_compatibility`` (inches). Privacy filters, cases,
    bags, backpacks and mounts carry the size of the screen they fit (a backpack's laptop
    compartment: "fits up to 15.6 inches" is its only size).

``weight_kg`` — ``attr_n_weight`` in grams / 1000. Grams verified three ways:
    the median ratio to ``attr_n_weight__imperial_`` (lb) is 453.8 g/lb over
    265 rows; a 15.6" notebook weighs 2400, a phone ~180, a 75" TV 30390.

``colour`` — ``attr_t_product_colour`` lower-cased, "Black,Silver" → "black, silver".

Implausible values are dropped, not kept: memory ≤ 0 or > 4096 GB, storage
≤ 0 or > 10^6 GB, screens ≤ 0.3" or > 300", weights ≤ 0 or > 2000 kg.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

AttributeValue = str | float | bool

NORMALIZED_KEYS: tuple[str, ...] = ("memory_gb", "storage_gb", "screen_in", "weight_kg", "colour")

_PREFIXES = {"attr_n_": "n", "attr_t_": "t", "attr_b_": "b"}
# When two typed keys strip to the same name (``attr_b_height_adjustment`` and
# ``attr_n_height_adjustment``), the number keeps the bare name, then text.
_PRECEDENCE = {"n": 0, "t": 1, "b": 2}


@dataclass(frozen=True, slots=True)
class TypedAttributes:
    """The ``attr_*`` fields of one row, typed; ``dropped`` names the unusable ones."""

    values: Mapping[str, AttributeValue]
    dropped: tuple[str, ...] = ()


def _as_float(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _as_bool(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        return {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}.get(
            value.strip().lower()
        )
    return None


def _as_text(value: object) -> str | None:
    if isinstance(value, str):
        text = " ".join(value.split())
        return text or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


_CONVERTERS = {"n": _as_float, "t": _as_text, "b": _as_bool}


def typed_attributes(row: Mapping[str, object]) -> TypedAttributes:
    """``attr_t_x`` → ``"x": str``, ``attr_n_x`` → ``float``, ``attr_b_x`` → ``bool``.

    Values of the wrong type are coerced when unambiguous ("4.5" → 4.5,
    "true" → True) and dropped otherwise (listed in ``dropped``). A key that
    collides with a normalized name or with another type's key keeps its
    type letter (``attr_b_colour`` → ``"b_colour"``: colour printing yes/no,
    not the product colour).
    """
    parsed: list[tuple[str, str, AttributeValue]] = []
    dropped: list[str] = []
    for key, raw in row.items():
        kind = _PREFIXES.get(key[:7])
        if kind is None or len(key) <= 7:
            continue
        value = _CONVERTERS[kind](raw)
        if value is None:
            if raw is not None and raw != "":
                dropped.append(key)
            continue
        parsed.append((key[7:], kind, value))
    values: dict[str, AttributeValue] = {}
    parsed.sort(key=lambda item: _PRECEDENCE[item[1]])
    for name, kind, value in parsed:
        if name in values or name in NORMALIZED_KEYS:
            name = f"{kind}_{name}"
        values[name] = value
    return TypedAttributes(MappingProxyType(values), tuple(dropped))


@dataclass(frozen=True, slots=True)
class TitleQuantities:
    """Numbers the title states with a unit, for deciding the attributes' units."""

    gb: frozenset[float] = field(default_factory=frozenset)
    mb: frozenset[float] = field(default_factory=frozenset)
    tb: frozenset[float] = field(default_factory=frozenset)
    screen_in: float | None = None


# "4 GB", "16GB", "1TB", "512MB*" — but not "90MB/s" (a speed). Only "." is a
# decimal point: Icecat titles write thousands as "1,000".
_SIZE = re.compile(r"(?<![\d.,])(\d+(?:\.\d+)?)\s?([GMT])B\b(?!/s|ps)", re.IGNORECASE)
# "43.2 cm (17")", "2.16 m (85")": Icecat writes the metric size, then inches.
_SCREEN = re.compile(r"\d+(?:\.\d+)?\s?c?m\s?\((\d+(?:\.\d+)?)\s?(?:\"|″|''|-inch|in\b)")


def title_quantities(title: str) -> TitleQuantities:
    found: dict[str, set[float]] = {"G": set(), "M": set(), "T": set()}
    for number, unit in _SIZE.findall(title):
        found[unit.upper()].add(float(number))
    screen = _SCREEN.search(title)
    return TitleQuantities(
        gb=frozenset(found["G"]),
        mb=frozenset(found["M"]),
        tb=frozenset(found["T"]),
        screen_in=float(screen.group(1)) if screen else None,
    )


def _stated(value: float, numbers: frozenset[float]) -> bool:
    return any(math.isclose(value, n, rel_tol=1e-6, abs_tol=1e-9) for n in numbers)


def _in_range(value: float | None, low: float, high: float) -> float | None:
    """``value`` if ``low < value <= high``, else ``None`` (implausible)."""
    if value is None or not low < value <= high:
        return None
    return value


def _mb_to_gb(megabytes: float) -> float:
    """Binary sizes (multiples of 128 MB: 512, 768, 16384) divide by 1024, others
    (750, 1000, 1500) by 1000, so that both read as the round number meant."""
    return megabytes / 1024 if megabytes % 128 == 0 else megabytes / 1000


def _memory_to_gb(value: float, title: TitleQuantities, *, ram_type: bool) -> float | None:
    """A memory amount of unknown unit (GB or MB) in GB, or ``None`` if unknowable."""
    if _stated(value, title.gb) or any(_stated(value * k, title.mb) for k in (1024, 1000)):
        return value
    if any(_stated(value / k, title.gb) for k in (1024, 1000)) or _stated(value, title.mb):
        return _mb_to_gb(value)
    if value >= 512:
        return _mb_to_gb(value)
    return value if ram_type else None


_RAM_TYPE = re.compile(r"ddr|dram|sdram|ram|pc\d", re.IGNORECASE)
_STORAGE_TYPE = re.compile(r"flash|hdd|emmc|ssd", re.IGNORECASE)


def _number(typed: Mapping[str, AttributeValue], key: str) -> float | None:
    value = typed.get(key)
    return value if isinstance(value, float) and value > 0 else None


def memory_gb(typed: Mapping[str, AttributeValue], title: TitleQuantities) -> float | None:
    """RAM / internal memory in GB (rules in the module docstring)."""
    ram = _number(typed, "ram_capacity")
    if ram is not None:
        return _in_range(_memory_to_gb(ram, title, ram_type=False), 0, 4096)
    internal = _number(typed, "internal_memory")
    memory_type = typed.get("internal_memory_type")
    memory_type = memory_type if isinstance(memory_type, str) else ""
    if internal is None or _STORAGE_TYPE.search(memory_type):
        return None
    ram_type = bool(_RAM_TYPE.search(memory_type))
    return _in_range(_memory_to_gb(internal, title, ram_type=ram_type), 0, 4096)


def storage_gb(typed: Mapping[str, AttributeValue], title: TitleQuantities) -> float | None:
    """Storage capacity in GB (rules in the module docstring)."""
    value = _number(typed, "total_storage_capacity") or _number(typed, "internal_storage_capacity")
    if value is None:
        ssd = _number(typed, "total_ssds_capacity") or _number(typed, "ssd_capacity")
        hdd = _number(typed, "total_hdds_capacity") or _number(typed, "hdd_capacity")
        if ssd is not None or hdd is not None:
            value = (ssd or 0.0) + (hdd or 0.0)
    if value is not None:
        if _stated(value, title.tb) and not _stated(value, title.gb):
            value *= 1000
        return _in_range(value, 0, 1e6)
    memory_type = typed.get("internal_memory_type")
    internal = _number(typed, "internal_memory")
    if internal is not None and isinstance(memory_type, str) and _STORAGE_TYPE.search(memory_type):
        return _in_range(_memory_to_gb(internal, title, ram_type=False), 0, 1e6)
    capacity = _number(typed, "capacity")
    if capacity is not None:
        if _stated(capacity, title.gb):
            return _in_range(capacity, 0, 1e6)
        if _stated(capacity, title.tb):
            return _in_range(capacity * 1000, 0, 1e6)
    return None


def screen_in(typed: Mapping[str, AttributeValue], title: TitleQuantities) -> float | None:
    """Screen diagonal in inches (rules in the module docstring)."""
    inches = _number(typed, "display_diagonal") or title.screen_in
    if inches is None:
        metric = _number(typed, "display_diagonal__metric_")
        inches = metric / 2.54 if metric is not None else None
    if inches is None:
        inches = _number(typed, "maximum_screen_size_compatibility")
    return _in_range(inches, 0.3, 300)


def weight_kg(typed: Mapping[str, AttributeValue]) -> float | None:
    """``attr_n_weight`` (grams) in kilograms."""
    grams = _number(typed, "weight")
    return _in_range(grams / 1000 if grams is not None else None, 0, 2000)


def colour(typed: Mapping[str, AttributeValue]) -> str | None:
    """The product colour, lower-cased, comma-separated parts spaced evenly."""
    value = typed.get("product_colour")
    if not isinstance(value, str):
        return None
    parts = [p.strip() for p in value.lower().split(",")]
    return ", ".join(p for p in parts if p) or None


#: Supplies whose colour is the colour they print: a black ink cartridge says "printing colours: Black".
INK_KINDS = frozenset({"ink cartridge", "toner cartridge", "printer drum", "printer ribbon"})


def supply_colour(typed: Mapping[str, AttributeValue], category: str | None) -> str | None:
    """The colour an ink or toner prints, as its colour when the record gives none ("hp ink ... running out of
    black"); None for anything else (a printer's printing colours are no colour of the printer)."""
    value = typed.get("printing_colours")
    if category not in INK_KINDS or typed.get("product_colour") or not isinstance(value, str):
        return None
    return colour({"product_colour": value})


def normalized_attributes(
    typed: Mapping[str, AttributeValue], title: str
) -> dict[str, float | str]:
    """The shopping attributes with fixed names; absent ones are left out."""
    quantities = title_quantities(title)
    values: dict[str, float | str | None] = {
        "memory_gb": _rounded(memory_gb(typed, quantities), 4),
        "storage_gb": _rounded(storage_gb(typed, quantities), 3),
        "screen_in": _rounded(screen_in(typed, quantities), 2),
        "weight_kg": _rounded(weight_kg(typed), 6),
        "colour": colour(typed),
    }
    return {k: v for k, v in values.items() if v is not None}


def _rounded(value: float | None, digits: int) -> float | None:
    return round(value, digits) if value is not None else None
