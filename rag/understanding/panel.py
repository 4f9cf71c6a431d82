"""The filter panel's filters and the constraints typed in the message, together.

The panel is what the shopper set explicitly, so it wins field by field; where the two disagree the
answer says so (``combine_filters``), never resolving it silently.
"""

from __future__ import annotations

from dataclasses import replace

from rag.records import Filters, NumericRange


def merge_filters(parsed: Filters, explicit: Filters) -> Filters:
    """Explicit (UI) filters win field by field over parsed ones."""
    if explicit.is_empty:
        return parsed
    price = explicit.price if explicit.price.bounded else parsed.price
    return Filters(
        brands=explicit.brands or parsed.brands,
        categories=explicit.categories or parsed.categories,
        price=price if isinstance(price, NumericRange) else NumericRange(),
        numeric={**dict(parsed.numeric), **dict(explicit.numeric)},
        text={**dict(parsed.text), **dict(explicit.text)},
    )


def combine_filters(typed: Filters, panel: Filters) -> tuple[Filters, tuple[str, ...]]:
    """The typed constraints and the panel's filters together, and where they disagree.

    Prices intersect (panel at most $100 plus a typed "under $60" is at most
    $60). A typed brand or type the panel excludes is a conflict: the panel
    wins (the shopper set it explicitly) and the conflict is said, never
    resolved silently ("Philips headphones" with the panel on Sony)."""
    if panel.is_empty:
        return typed, ()
    conflicts: list[str] = []
    merged = merge_filters(typed, panel)
    lo = max((v for v in (typed.price.min, panel.price.min) if v is not None), default=None)
    hi = min((v for v in (typed.price.max, panel.price.max) if v is not None), default=None)
    if lo is not None and hi is not None and lo > hi:
        conflicts.append(
            f"the price you typed is outside the filter panel's range, so I used the panel's "
            f"{_price_words(panel.price)}"
        )
    else:
        merged = replace(merged, price=NumericRange(lo, hi))
    if typed.brands and panel.brands and not set(typed.brands) & set(panel.brands):
        conflicts.append(
            f"you asked for {' or '.join(typed.brands)}, but the filter panel is set to "
            f"{' or '.join(panel.brands)}, so these are {' or '.join(panel.brands)}"
        )
    if typed.categories and panel.categories and not set(typed.categories) & set(panel.categories):
        conflicts.append(
            f"you asked for {' or '.join(typed.categories)}, but the filter panel is set to {' or '.join(panel.categories)}"
        )
    return merged, tuple(conflicts)


def _price_words(price: NumericRange) -> str:
    if price.min is not None and price.max is not None:
        return f"${price.min:g}\u2013${price.max:g}"
    return f"at most ${price.max:g}" if price.max is not None else f"at least ${price.min:g}"


def constrains_product(stated: Filters) -> bool:
    """Whether filters set outside the words constrain the product itself (a price, a brand, a spec, a colour); a
    category set alone does not (it is the type, not a constraint on it)."""
    return bool(stated.brands or stated.price.bounded or stated.numeric or stated.text)
