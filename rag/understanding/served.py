"""A brand named for the device an accessory serves is not the accessory's brand.

"case for my samsung galaxy, black, under 20" asks for any black case that fits a Samsung phone, not for a case
Samsung makes: filtered to Samsung's own cases, a colour and a price leave too few, and the search drops the colour.
Ink and toner are the exception: "ink for my hp deskjet" is bought from the printer's maker (writers ask for HP's).
"""

from __future__ import annotations

import re

from rag.catalog.attributes import INK_KINDS
from rag.catalog.categories import is_accessory

# (not what is looked for: "looking for a thule backpack that fits a 15.6 inch laptop")
_SERVED = re.compile(r"\b(?:(?<!looking\s)(?<!searching\s)(?<!shopping\s)(?<!asking\s)(?<!hunting\s)for|fits?|to\s+fit|compatible\s+with|works?\s+with)\s+(?:my|our|his|her|their|a|an|the)\s+"
                     r"(?:new\s+|old\s+|work\s+)?$")


def serves_only(text: str, brand_words: str, category: str | None) -> bool:
    """Whether every mention of ``brand_words`` in ``text`` names the device an accessory of ``category`` serves
    ("for my samsung galaxy"), so the brand is no filter on the accessory."""
    if category is None or not is_accessory(category) or category in INK_KINDS:
        return False
    starts = [m.start() for m in re.finditer(rf"\b{re.escape(brand_words)}\b", text)]
    return bool(starts) and all(_SERVED.search(text[:start]) for start in starts)
