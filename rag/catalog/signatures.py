"""Attribute signatures: keys (and values) that betray a kind of product.

``rag.catalog.categories`` falls back on these when a title names no type
("HP 05X Original Black 1 pc(s)", "HP L1710 43.2 cm (17\") 1280 x 1024 pixels
LCD Silver"). Each signature was chosen from keys that, in the Icecat catalog,
occur almost only on one category (precision above 80% among titled rows).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Signature:
    """A category implied by attribute keys: any of ``any_of``, all of
    ``all_of``, none of ``none_of``, and optionally a screen size range or a
    substring of a text attribute."""

    category: str
    any_of: tuple[str, ...]
    all_of: tuple[str, ...] = ()
    none_of: tuple[str, ...] = ()
    screen_in: tuple[float, float] | None = None  # [low, high) display diagonal
    text: tuple[str, tuple[str, ...]] | None = None  # key, one of these substrings

    def matches(self, attributes: Mapping[str, object]) -> bool:
        if not any(key in attributes for key in self.any_of):
            return False
        if not all(key in attributes for key in self.all_of):
            return False
        if any(key in attributes for key in self.none_of):
            return False
        if self.screen_in is not None:
            diagonal = attributes.get("display_diagonal")
            low, high = self.screen_in
            if not isinstance(diagonal, float) or not low <= diagonal < high:
                return False
        if self.text is not None:
            key, needles = self.text
            value = attributes.get(key)
            if not isinstance(value, str) or not any(n in value.lower() for n in needles):
                return False
        return True


_PHONE = ("rear_camera_resolution__numeric_", "rear_camera_resolution", "sim_card_capability",
          "mms__multimedia_messaging_service_", "java_technology", "call_waiting",
          "phonebook_capacity")
_PRINTER = ("maximum_duty_cycle", "processor_frequency", "internal_memory",
            "maximum_input_capacity", "print_speed__black__normal_quality__a4_us_letter_")
_BATTERY_BACKED = ("battery_capacity__watt_hours_", "battery_technology", "number_of_battery_cells")

# Checked in order; the first that matches wins.
SIGNATURES: tuple[Signature, ...] = (
    Signature("toner cartridge", ("black_toner_page_yield", "colour_toner_page_yield")),
    Signature("ink cartridge", ("black_ink_volume", "colour_ink_volume", "black_ink_page_yield",
                                "colour_ink_page_yield", "ink_type",
                                "black_ink_cartridges_quantity",
                                "colour_ink_cartridges_quantity")),
    Signature("ink cartridge", ("printing_colours",), none_of=_PRINTER,
              text=("print_technology", ("ink",))),
    Signature("toner cartridge", ("printing_colours",), none_of=_PRINTER,
              text=("print_technology", ("laser", "led"))),
    Signature("data tape", ("compressed_capacity", "native_capacity")),
    Signature("blank media", ("cd_storage_capacity", "dvd_storage_capacity", "cd_write_speed",
                              "dvd_write_speed", "optical_disc_diameter", "coercive_force",
                              "tape_thickness", "disk_thickness")),
    Signature("label tape", ("label_colour",), all_of=("tape_width",)),
    Signature("tablet", _PHONE, screen_in=(7.0, 14.0)),
    Signature("smartphone", _PHONE,
              text=("operating_system_installed", ("android", "ios", "windows phone"))),
    Signature("smartphone", ("ram_capacity", "internal_storage_capacity"),
              all_of=("rear_camera_resolution__numeric_",)),
    Signature("mobile phone", _PHONE),
    Signature("thin client", ("operating_system_installed",),
              text=("operating_system_installed",
                    ("thinos", "windows ce", "embedded", "thinpro", "iot"))),
    Signature("notebook", _BATTERY_BACKED, all_of=("display_diagonal", "processor_frequency")),
    Signature("desktop pc", ("operating_system_installed",), all_of=("processor_frequency",)),
    Signature("monitor", ("display_brightness__typical_", "response_time",
                          "viewing_angle__horizontal"),
              all_of=("display_diagonal",), none_of=("processor_frequency",)),
    Signature("motherboard", ("motherboard_form_factor", "motherboard_chipset")),
    Signature("projector", ("projection_technology", "projector_brightness")),
    Signature("headphones", ("ear_coupling", "headphone_frequency")),
    Signature("smartwatch", ("band_material", "multisport_mode")),
    Signature("camera", ("optical_zoom", "megapixel", "image_sensor_type")),
    Signature("camera lens", ("magnification", "closest_focusing_distance",
                              "lens_structure__elements_groups_")),
    Signature("camera accessory", ("filter_size", "filter_type", "compatible_lens_diameter")),
    Signature("printer", ("maximum_duty_cycle", "buffer_size",
                          "maximum_printing_width__columns_")),
    Signature("toy", ("recommended_age__min_", "recommended_age__max_")),
    Signature("battery", ("battery_voltage",), none_of=("display_diagonal", "processor_frequency")),
)


def category_from_attributes(attributes: Mapping[str, object]) -> str | None:
    """The first signature's category that ``attributes`` match, or ``None``."""
    for signature in SIGNATURES:
        if signature.matches(attributes):
            return signature.category
    return None


CARTRIDGES = ("ink cartridge", "toner cartridge")
_CARTRIDGE_KIND: tuple[Signature, ...] = (
    *SIGNATURES[:2],  # page yields and ink volumes
    Signature("ink cartridge", ("print_technology",), text=("print_technology", ("ink",))),
    Signature("toner cartridge", ("print_technology",),
              text=("print_technology", ("laser", "led"))),
)


def cartridge_kind(attributes: Mapping[str, object]) -> str | None:
    """Ink or toner, from a cartridge's attributes, or ``None`` if they don't say."""
    for signature in _CARTRIDGE_KIND:
        if signature.matches(attributes):
            return signature.category
    return None
