"""A cable asked for with its connector said apart: "a cable to hook it up, hdmi" is an HDMI cable (set OK).

The taxonomy reads "hdmi cable" when the words stand together; shoppers often say the connector after a comma or at the
end ("a couple of leads for the monitors, displayport"). Only connector words narrow, so "a cable for the power cut" is no
power cable.
"""

from __future__ import annotations

import re

from rag.catalog.categories import broader_category, derive_category

_CONNECTOR = re.compile(r"\b(hdmi|usb(?:-c)?|vga|dvi|displayport|ethernet|lan|aux|optical|lightning)\b")


def with_connector(category: str | None, text: str) -> str | None:
    """``category`` narrowed to the kind of cable a connector said in ``text`` (lower-case) names."""
    if category != "cable":
        return category
    for m in _CONNECTOR.finditer(text):
        if (kind := derive_category(f"{m.group(1)} cable")) is not None and broader_category(kind) == category:
            return kind
    return category
