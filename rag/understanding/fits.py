"""What an accessory fits: a size said beside a bag, a case or a mount is the device's it must hold.

"sleeve for a 13 inch laptop" asks for a sleeve that takes a 13-inch laptop, not a 13-inch sleeve: the size
becomes a floor on the size the accessory fits, and a snug one (a bag, a case) takes little more than it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

from rag.records import Filters, NumericRange, Product
from rag.retrieval import RetrievalResult
from rag.understanding.parsed import Constraint

FITS_UP_TO = frozenset({"notebook bag", "backpack", "bag", "camera bag", "tablet case", "mobile phone case",
                         "monitor mount", "mounting bracket", "notebook stand", "stand", "phone holder"})
_SNUG = frozenset({"notebook bag", "backpack", "bag", "camera bag", "tablet case", "mobile phone case"})
# A whole size said ("14 inch") is read as a band around it: a 23.8" monitor is sold as a 24" one, and a 14.1" laptop
# as a 14" one. Within it the size said exactly comes first (``exact_size``): writers split on "14 inch" between
# 14.0 only and 13.9-14.1, and on "24 inch" between 24.0, 23.8-24 and 23.5-24.5; the exact size is in all of them.
_BAND_BELOW, _BAND_ABOVE = 0.5, 0.95


def size_band(size: float) -> NumericRange:
    """The screen sizes a whole size said ("27 inch") takes."""
    return NumericRange(size - _BAND_BELOW, size + _BAND_ABOVE)


def exact_size(band: NumericRange | None) -> float | None:
    """The size said, when ``band`` is a :func:`size_band`; None for any other range (a floor, a cap, "13 to 15")."""
    if band is None or band.min is None or band.max is None:
        return None
    size = band.min + _BAND_BELOW
    return size if size == int(size) and abs(band.max - (size + _BAND_ABOVE)) < 1e-9 else None


#: A screen held by an arm: "one of those arms that clamp onto the desk and hold the screen" (set OL)
_SCREEN_ARM = re.compile(r"\barms?\b[^.;!?]{0,60}?\b(?:screen|monitor|display)s?\b|\b(?:screen|monitor|display)s?\b[^.;!?]{0,25}?\barms?\b")


def holder_kind(category: str | None, text: str, sizes: Iterable[Constraint]) -> str | None:
    """The kind of a holder by what it holds: a bag that takes a laptop's screen ("has to take a 15.6\" screen", set OF)
    is a notebook bag, an arm that holds a screen a monitor mount; else ``category``."""
    if category == "bag" and any(c.kind == "screen_in" and (c.value.min or 0) >= 11 for c in sizes):  # type: ignore[union-attr]
        return "notebook bag"
    if category in ("stand", "mounting bracket") and _SCREEN_ARM.search(text):  # ("metal arms that clamp ... so the screen floats", set PI)
        return "monitor mount"
    return category


def as_floor(size: Constraint, category: str) -> Constraint:
    """A single stated screen size as a floor (a range, "between 13 and 15 inch", stays one); a bag or
    case fits snugly too, so it takes at most 0.4 inches more ("sleeve for a 13 inch laptop": a 13.3" one, no 15.6")."""
    m = re.match(r"(\d{1,2}(?:\.\d)?)", size.text)
    if m is None or re.search(r"\d\s*(?:and|to|-|–)\s*\d", size.text) or (size.value.min is None and size.value.max is not None):  # type: ignore[union-attr]
        return size  # (a cap stays one: "nothing bigger than 14 inches", set OK)
    if size.value.min is not None and size.value.max is None:  # type: ignore[union-attr]
        return size  # (and so does a floor: "a backpack that'll fit a 17.3-inch laptop or bigger", set ON)
    low = float(m.group(1))
    # a phone case is made for one size; a bag takes a little more ("bag for my 15.6 laptop": a 16" bag, no 17.3")
    over = {"mobile phone case": 0.15, "tablet case": 0.5}.get(category, 0.4)
    return Constraint("screen_in", NumericRange(low, low + over if category in _SNUG else None), size.text, size.confidence)


#: How many products of the exact size said make the band's other sizes unneeded (the three shown first).
ENOUGH_EXACT = 3


def exact_size_first(result: RetrievalResult, filters: Filters,
                     fetch: Callable[[Iterable[str]], Mapping[str, Product]]) -> RetrievalResult:
    """A whole size said ("14 inch laptop"): the products of exactly that size first, each side in its order (the
    band also takes a 14.1" one, after them: :func:`size_band`); so too a bag for a 15.6" laptop, the 15.6" bags
    before the 16" ones. Where :data:`ENOUGH_EXACT` or more are of the size said, only they are kept: the band is for a
    size the catalog lacks, not to show a 16" bag for a 15.6" laptop beside enough 15.6" ones (sets QV, RG, RH, RI).
    ``fetch``: the records by id."""
    band = filters.numeric.get("screen_in")
    size = exact_size(band)
    if size is None and band is not None and band.min is not None and band.max is not None and band.max - band.min <= 0.5:
        size = band.min  # a snug bag's or case's sizes (:func:`as_floor`): the one made for the size said first
    if size is None or not result.hits:
        return result
    records = fetch([h.product_id for h in result.hits])
    exact = {h.product_id for h in result.hits if h.product_id in records and records[h.product_id].attributes.get("screen_in") == size}
    if len(exact) >= ENOUGH_EXACT:
        return replace(result, hits=tuple(h for h in result.hits if h.product_id in exact))
    return replace(result, hits=tuple(sorted(result.hits, key=lambda h: h.product_id not in exact)))  # a stable sort
