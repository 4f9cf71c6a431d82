"""A canonical shopping category and the ranks that break ties between categories.

The tables themselves are in :mod:`rag.catalog.taxonomy` (``devices``,
``supplies``, ``home``); the notes on how they were chosen follow.


Chosen by mining the Icecat catalog: the lower-case word n-grams that follow
the model code in titles ("toner cartridge", "networking cable", "notebook
case", "memory module", …) and the last words of descriptive names
("Patch Cable", "Toner Cartridge", "KVM Switch", …). See
``rag.catalog.categories`` for how phrases are matched and the coverage
measured on the catalog.

Phrases are matched case-insensitively on word boundaries; spaces and hyphens
are interchangeable and a plural "s"/"es" is accepted on words of three or
more letters. A phrase belongs to exactly one category (checked on first use).
"""

from __future__ import annotations

from dataclasses import dataclass

# How strongly a category claims a descriptive name that mentions several.
# "Backpack Notebook 15.6\"" is a backpack (an accessory outranks a device);
# "HERMA Labels A4 gold film glossy" is labels (a material word such as
# "paper" or "film" ranks lowest); "External Battery Installation Service"
# is a service.
GENERIC = 0
DEVICE = 1
ACCESSORY = 2
SERVICE = 3


@dataclass(frozen=True, slots=True)
class Category:
    """One canonical category.

    ``rank`` breaks ties between categories named in the same title clause
    (see the constants above). ``weak`` phrases are spec words ("DDR2",
    "HDD") that only name the category when nothing else does: a notebook
    title lists "4 GB DDR2-SDRAM 250 GB HDD" among its specs.
    """

    name: str
    phrases: tuple[str, ...]
    rank: int = DEVICE
    weak: tuple[str, ...] = ()


def device(name: str, *phrases: str, weak: tuple[str, ...] = (), rank: int = DEVICE) -> Category:
    """A category whose own name is its first phrase (a device unless ``rank`` says otherwise)."""
    return Category(name, (name, *phrases), rank=rank, weak=weak)


def accessory(name: str, *phrases: str, weak: tuple[str, ...] = ()) -> Category:
    """An accessory category: outranks a device named in the same title clause."""
    return Category(name, (name, *phrases), rank=ACCESSORY, weak=weak)
