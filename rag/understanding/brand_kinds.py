"""The brand's own kind of the type asked for: "samsung case" is a phone case, "samsung earbuds" a headset."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rag.catalog.categories import broader_category, type_spans

# Kinds a shopper names for one another: earbuds asked for by a brand that files its earbuds as headsets
# ("samsung earbuds": Samsung's Galaxy Buds are headsets in the catalog), speakers as portable speakers.
_SAME_USE = {"headphones": ("headset",), "headset": ("headphones",), "speakers": ("portable speaker",),
             "portable speaker": ("speakers",)}


def brand_kind(category: str, text: str, brands: Sequence[str], brand_categories: Mapping[str, Sequence[str]]) -> str:
    """``category`` as the brands sell it: "samsung case" is a phone case, because Samsung sells phone cases and no
    plain cases ("case" alone reads as a bag); "samsung earbuds" a headset. Unchanged when a brand sells the type, or
    sells no one category named by the same word or used the same way."""
    sells = [set(brand_categories.get(b, ())) for b in brands]
    if not all(sells) or any(category in s for s in sells):
        return category
    if len(same := sorted({c for s in sells for c in _SAME_USE.get(category, ()) if c in s})) == 1:
        return same[0]
    spans = [t for t in type_spans(text) if t[2] == category]
    if not spans:
        return category
    word = text[spans[0][0]:spans[0][1]].split()[-1].rstrip("s")
    kinds = sorted({c for s in sells for c in s if c.split()[-1].rstrip("s") == word or broader_category(c) == category})
    return kinds[0] if len(kinds) == 1 else category
