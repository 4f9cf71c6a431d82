"""The canonical shopping categories and the title phrases that signal them.

``TAXONOMY`` joins the tables (``devices``, ``supplies``, ``home``) in the
order the catalog's categories were mined; :class:`Category` and the ranks
are in :mod:`rag.catalog.taxonomy.model`. See ``rag.catalog.categories`` for
how phrases are matched and the coverage measured on the catalog.
"""

from __future__ import annotations

from rag.catalog.taxonomy.devices import DEVICES
from rag.catalog.taxonomy.home import HOME
from rag.catalog.taxonomy.model import ACCESSORY, DEVICE, GENERIC, SERVICE, Category
from rag.catalog.taxonomy.supplies import SUPPLIES

__all__ = ["ACCESSORY", "DEVICE", "GENERIC", "NICKNAMES", "SERVICE", "TAXONOMY", "Category"]

TAXONOMY: tuple[Category, ...] = (*DEVICES, *SUPPLIES, *HOME)

#: Words shoppers call a type by that no product title holds ("need a hoover", "a flatscreen for the den"): they name the
#: type, not an item the catalog lacks (``rag.generation.relevance.unknown_words``). Not a product's own name ("kindle"),
#: which the catalog may indeed lack.
NICKNAMES: frozenset[str] = frozenset(
    {"hoover", "hoovers", "flatscreen", "flatscreens", "lappy", "lappie", "robovac", "telly", "tellies", "landline", "landlines",
     "mobo", "mobos",  # ("need cpu mobo ram the whole lot", set OL)
     # names of another era (set QC): "I need a winchester for my PC", "a philishave", "a cellular phone"
     "winchester", "winchesters", "philishave", "cellular", "walkman", "walkmans", "hifi",
     "rig", "rigs"})  # a computer built for games ("DDR4 sticks for the new rig", set QA)
