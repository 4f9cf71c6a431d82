"""Training examples for the bi-encoder: shopper-style queries written from the catalog's own fields.

A title is not a query ("HP ProBook 450 G7 Notebook 39.6 cm (15.6\") Full HD Intel Core i5 ..."), and
an embedder trained on titles learns to match titles. So each example starts from one product and
writes what a shopper looking for it would type, from its fields alone:

* ``type``: a short name of its derived category ("laptop", "toner", "bluetooth speaker"), from the
  taxonomy phrases and the shopper synonyms of :mod:`rag.offline.rerank_training`;
* ``brand``: brand + type ("hp laptop");
* ``spec``: type + one key attribute it has (screen inches, GB of RAM, storage, colour);
* ``price``: type + a price cap just above its price ("laptop under 600");
* ``series``: brand + the model-line word after the brand in its title (+ type) ("hp probook laptop");
* ``model``: brand + model code (+ type), as shoppers paste codes ("brother tn-2110 toner").

Each query carries its :class:`~rag.offline.rerank_training.Intent`, so relevance is computed from
what the query asks for, never from which product it was written from: every product of that type
with the named details is a positive. Training uses that twice: a hard negative is the first-pass
result ranked highest among the products the intent rates as another type (the mistakes the current
dense leg makes: a laptop bag for "laptop"), and the in-batch negatives skip products the intent
rates relevant or cannot rate (:func:`in_batch_ok`). No dev query or judgment is read.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rag.offline.rerank_training import (
    COLOURS,
    LOOSE,
    NEGATIVE,
    POSITIVE,
    Intent,
    Retrieve,
    category_phrases,
    code_key,
    literal_words,
    round_price,
    storage_words,
)
from rag.records import Product

#: How often each template is drawn, among those a product can fill: shoppers mostly type a type,
#: a brand and a type, or a type and one spec; codes and price caps less often.
LEVEL_WEIGHTS = {"type": 3.0, "brand": 3.0, "spec": 2.0, "price": 1.0, "series": 1.0, "model": 1.0}


@dataclass(frozen=True, slots=True)
class Example:
    """One (query, positive, hard negative) with the intent that labels any product for the query."""

    query: str
    intent: Intent
    positive_id: str
    negative_id: str


def _series_word(p: Product, names: Sequence[str]) -> str | None:
    words, brand = p.title.lower().split(), p.brand.lower().split()
    if not brand or words[: len(brand)] != brand or len(words) <= len(brand):
        return None
    word = words[len(brand)]
    return word if word.isalpha() and len(word) >= 3 and word not in " ".join(names) else None


def _candidates(p: Product, names: Sequence[str], rng: random.Random) -> list[tuple[str, Intent]]:
    """Every query template that ``p``'s fields can fill, with its intent."""
    cat, brand = p.category, p.brand
    name = rng.choice(names[:4])
    lit = literal_words(name)
    out = [(name, Intent(cat, literal=lit, level="type"))]
    if brand:
        out.append((f"{brand.lower()} {name}", Intent(cat, brand=brand, literal=lit, level="brand")))
    attrs = p.attributes
    spec: list[tuple[str, Intent]] = []
    screen = attrs.get("screen_in")
    if isinstance(screen, float) and 5 <= screen <= 100:
        inch = round(screen)
        spec.append((f"{name} {inch} inch", Intent(cat, screen_in=float(inch), level="spec")))
    memory = attrs.get("memory_gb")
    if isinstance(memory, float) and memory >= 1 and memory == int(memory):
        spec.append((f"{memory:g}gb ram {name}", Intent(cat, memory_gb=memory, level="spec")))
    storage = attrs.get("storage_gb")
    if isinstance(storage, float) and storage >= 1 and storage == int(storage):
        spec.append((f"{storage_words(storage)} {name}", Intent(cat, storage_gb=storage, level="spec")))
    colour = str(attrs.get("colour", "")).lower()
    if colour in COLOURS:
        spec.append((f"{colour} {name}", Intent(cat, colour=colour, level="spec")))
    out += spec
    if p.price:
        cap = round_price(p.price * 1.15)
        out.append((f"{name} under {cap:g}", Intent(cat, max_price=float(cap), level="price")))
    series = _series_word(p, names) if brand else None
    if series:
        tail = f" {rng.choice(names[:2])}" if rng.random() < 0.6 else ""
        out.append((f"{brand.lower()} {series}{tail}", Intent(cat, brand=brand, series=series, level="series")))
    code = p.model_code
    if brand and 4 <= len(code_key(code)) <= 16 and len(code.split()) <= 2 and code_key(code) in code_key(p.title):
        tail = f" {rng.choice(names[:2])}" if rng.random() < 0.6 else ""
        out.append((f"{brand.lower()} {p.model_code.lower()}{tail}",
                    Intent(cat, brand=brand, model_code=p.model_code, level="model")))
    return out


def product_queries(products: Sequence[Product], *, per_category: int = 60, seed: int = 13) -> list[tuple[str, Intent, str]]:
    """(query, intent, source product id) for up to ``per_category`` products of every category.

    Sampling per category keeps the 1,762 toner cartridges from drowning the 40 smartwatches;
    the template is drawn at random among those the product can fill (its intent must rate it a
    positive, so a product never teaches a query it does not answer)."""
    rng = random.Random(seed)
    by_cat: dict[str, list[Product]] = defaultdict(list)
    for p in products:
        if p.category:
            by_cat[p.category].append(p)
    phrases = category_phrases(c for c, ps in by_cat.items() if len(ps) >= 3)
    out: list[tuple[str, Intent, str]] = []
    for cat in sorted(phrases):
        names = phrases[cat]
        members = sorted(by_cat[cat], key=lambda p: p.id)
        for p in rng.sample(members, min(per_category, len(members))):
            options = [(q, i) for q, i in _candidates(p, names, rng) if i.label(p) in (POSITIVE, LOOSE)]
            if options:
                query, intent = rng.choices(options, weights=[LEVEL_WEIGHTS[i.level] for _, i in options])[0]
                out.append((" ".join(query.split()), intent, p.id))
    return out


def in_batch_ok(intent: Intent, product: Product) -> bool:
    """May ``product`` serve as an in-batch negative for a query with ``intent``?

    Not when the intent rates it relevant (another laptop for "laptop"), nor when it cannot rate
    it (no derived category): a false negative teaches the model to push a right answer away."""
    return intent.label(product) not in (POSITIVE, LOOSE, None)


def mine_examples(queries: Iterable[tuple[str, Intent, str]], products: Sequence[Product], retrieve: Retrieve, *,
                  depth: int = 30, seed: int = 13, progress: bool = True) -> tuple[list[Example], dict[str, object]]:
    """One hard negative per query: the highest-ranked first-pass result of another type.

    ``retrieve(query, k)`` is the current first pass (hybrid retrieval over the default index);
    identical query strings are retrieved once. Queries whose first pass holds no product of
    another type take a random one (counted in the stats)."""
    rng = random.Random(seed)
    by_id = {p.id: p for p in products}
    cache: dict[str, list[str]] = {}
    examples: list[Example] = []
    random_neg = 0
    items: Iterable = list(queries)
    if progress:
        from tqdm import tqdm

        items = tqdm(items, desc="mining hard negatives", unit="query")
    for query, intent, pid in items:
        if query not in cache:
            cache[query] = [i for i in retrieve(query, depth) if i in by_id]
        neg = next((i for i in cache[query] if intent.label(by_id[i]) == NEGATIVE), None)
        if neg is None:
            random_neg += 1
            for _ in range(50):
                cand = products[rng.randrange(len(products))]
                if intent.label(cand) == NEGATIVE:
                    neg = cand.id
                    break
        if neg is not None:
            examples.append(Example(query, intent, pid, neg))
    stats = {
        "examples": len(examples),
        "distinct_queries": len(cache),
        "products": len({e.positive_id for e in examples}),
        "by_level": dict(Counter(e.intent.level for e in examples).most_common()),
        "random_negatives": random_neg,
        "mining_depth": depth,
    }
    return examples, stats
