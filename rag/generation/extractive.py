"""An answer written from the product records, without a language model.

Used when no LLM is configured or loadable, and as the fallback when a
generated answer fails validation. Every sentence cites the products it
describes and states only their recorded facts, so it passes the validator
by construction (the tests check that it does, on every kind of turn).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from rag.generation.context import ContextItem, format_price

NAME = "extractive"


def _describe(item: ContextItem, *, specs: int = 2) -> str:
    p = item.product
    parts = [format_price(p.price, p.currency)]
    parts.extend(item.spec_phrases(limit=specs))
    return f"{item.display_name} ({', '.join(parts)}) [{item.number}]"


def compose_results(
    query: str,
    items: Sequence[ContextItem],
    *,
    notes: Sequence[str] = (),
    question: str | None = None,
    max_listed: int = 3,
    closest: bool = False,
    missing: Sequence[str] = (),
) -> str:
    if not items:
        return compose_abstain(query)
    sentences = result_sentences(items, max_listed=max_listed, closest=closest, missing=missing)
    sentences.extend(notes)
    if question:
        sentences.append(question)
    return " ".join(sentences)


_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,23}(?: [a-z0-9][a-z0-9-]{0,23}){0,3}")


def result_sentences(items: Sequence[ContextItem], *, max_listed: int = 3, closest: bool = False,
                     missing: Sequence[str] = ()) -> list[str]:
    """The results answer as sentences: the first lists the best matches (the one-line lead
    shown before any model writes), the second names the lowest price when it helps. With
    ``closest`` (nothing matched exactly) the first sentence says so before it lists anything;
    ``missing`` names the items the catalog does not carry (``rag.understanding.named``)."""
    listed = items[:max_listed]
    # The shopper's text is never quoted back: a quote would carry whatever it holds (a fake discount
    # code, a price, markup, an instruction) into an answer that looks like the shop's own words.
    # A missing item's name is the exception, and only as lower-case words of letters and digits
    # (at most four), which can carry no markup, price or instruction.
    names = [n for n in missing if _NAME.fullmatch(n)]
    noun = "product" if len(listed) == 1 else "products"
    if closest and names:
        # No quote marks: after a model number ("s99”") one reads as an inch mark to the validator.
        opening = f"We don't carry the {' or '.join(names)} you asked for; the closest {noun} in the catalog: "
    elif closest:
        opening = f"I couldn't find an exact match for your request; the closest {noun} in the catalog: "
    else:
        opening = f"Here {'is the best match' if len(listed) == 1 else 'are the best matches'} for your request: "
    sentences = [opening + "; ".join(_describe(i) for i in listed) + "."]
    priced = [i for i in items if i.product.price is not None]
    if len(priced) > 1:
        cheapest = min(priced, key=lambda i: i.product.price or 0.0)
        sentences.append(
            f"The lowest price here is {format_price(cheapest.product.price, cheapest.product.currency)} "
            f"[{cheapest.number}]."
        )
    return sentences


def compose_comparison(items: Sequence[ContextItem]) -> str:
    if len(items) < 2:
        return compose_results("your selection", items)
    return " ".join(comparison_sentences(items))


def comparison_sentences(items: Sequence[ContextItem]) -> list[str]:
    """One sentence per compared product (up to three), then which is cheaper."""
    if len(items) < 2:
        return result_sentences(items)
    sentences = []
    for item in items[:3]:
        p = item.product
        facts = [format_price(p.price, p.currency), *item.spec_phrases(limit=4)]
        sentences.append(f"The {item.display_name} [{item.number}] has: {', '.join(facts)}.")
    priced = [i for i in items[:3] if i.product.price is not None]
    if len(priced) >= 2:
        a, b = sorted(priced, key=lambda i: i.product.price or 0.0)[:2]
        diff = (b.product.price or 0.0) - (a.product.price or 0.0)
        if diff > 0.005:
            sentences.append(f"The cheaper one is [{a.number}], at {format_price(a.product.price, a.product.currency)}.")
    return sentences


def compose_detail(item: ContextItem) -> str:
    p = item.product
    facts = [format_price(p.price, p.currency), *item.spec_phrases(limit=5)]
    text = f"The {item.display_name} [{item.number}] is a {p.category or 'product'} by {p.brand or 'an unlisted brand'}: {', '.join(facts)}."
    return text


def compose_abstain(query: str, suggestions: Sequence[str] = ()) -> str:
    tips = list(suggestions) or ["use a more general product name", "drop the brand or price limit"]
    return (
        "I couldn't find anything in the catalog that matches your request well. "
        f"Try to {' or '.join(tips)}."
    )


def stream_words(text: str) -> Iterator[str]:
    """The text in word-sized chunks, as a model would stream it."""
    start = 0
    for i, ch in enumerate(text):
        if ch == " ":
            yield text[start : i + 1]
            start = i + 1
    if start < len(text):
        yield text[start:]
