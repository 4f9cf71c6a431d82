"""Synthetic catalogs derived from the real one, for the scale benchmark.

A synthetic product is a *variant* of a real source product, the way a large
catalog holds many near-relatives of one model: another brand from the same
category (weighted by how often each brand sells in it), a mutated model code,
neighbouring specs (RAM and storage doubled or halved, a screen size the
category really has, a jittered weight, another colour of the category) and a
jittered price. Titles are rewritten to match (brand, model code, "16 GB"), so
BM25 sees a vocabulary that grows with the catalog (new model codes) while the
term statistics and the filter selectivities (brand, category, price) stay
those of the real catalog. Description, images and other attributes are the
source's.

Vectors: a variant's vector is its source's real vector plus a *residual*
taken from a sample of variants that were embedded with the real model
(``residual = embed(variant text) - source vector``), renormalized. The
residuals are real directions of change (brand swap, new code), so the
synthetic vectors keep the spread of real ones around their source;
``VectorSynthesizer.agreement`` measures that on held-out sample variants.

Everything is deterministic in ``seed`` and the product number, so a catalog
of any size is streamed in batches and never held in memory.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from rag.catalog.rows import content_hash
from rag.records import Product

_MUTABLE_SPECS_GB = ("memory_gb", "storage_gb")


def _word_pattern(text: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(text)}(?!\w)", re.IGNORECASE)


_CODE_PART = re.compile(r"[A-Za-z]+|\d+|[^A-Za-z\d]+")


def _mutate_token(token: str, rng: random.Random) -> str:
    parts = _CODE_PART.findall(token)
    out = []
    for part in parts:
        if part.isdigit():
            part = "".join(str(rng.randrange(10)) if rng.random() < 0.5 else d for d in part)
        elif part.isascii() and part.isalpha() and len(part) <= 3 and rng.random() < 0.25:
            # short letter runs inside a code ("TL", "WN", "N"), never words ("sheet")
            i = rng.randrange(len(part))
            letter = chr(rng.randrange(26) + ord("A"))
            part = part[:i] + (letter if part[i].isupper() else letter.lower()) + part[i + 1 :]
        out.append(part)
    return "".join(out)


def mutate_code(code: str, rng: random.Random) -> str:
    """A plausible sibling model code: same shape, some digits and short letter runs changed.

    Only tokens that contain a digit are touched (``"TL-WN821N"`` may become
    ``"TL-WQ837N"``); when the code has none (Icecat sometimes stores a phrase
    as the code) or nothing changed, a short new code token is appended, so
    the result always differs from ``code``.
    """
    tokens = code.split(" ")
    out = " ".join(_mutate_token(t, rng) if any(c.isdigit() for c in t) else t for t in tokens)
    if out == code or rng.random() < 0.1:
        out = f"{out} {rng.choice('ABCDEFGHKLMNPRSTVWX')}{rng.randrange(10, 100)}"
    return out


def jitter_price(price: float | None, rng: random.Random, factor: float = 1.0) -> float | None:
    """Log-normal jitter (sigma 0.25) on a retail-looking price ending in .95."""
    if price is None or price <= 0:
        return price
    value = price * factor * float(np.exp(rng.gauss(0.0, 0.25)))
    return max(0.95, round(value) - 0.05)


@dataclass(frozen=True, slots=True)
class _CategoryStats:
    brands: tuple[str, ...]
    brand_weights: tuple[int, ...]
    screens: tuple[float, ...]
    colours: tuple[str, ...]


def _category_stats(products: Sequence[Product]) -> dict[str | None, _CategoryStats]:
    brands: dict[str | None, Counter[str]] = defaultdict(Counter)
    screens: dict[str | None, set[float]] = defaultdict(set)
    colours: dict[str | None, set[str]] = defaultdict(set)
    for p in products:
        brands[p.category][p.brand] += 1
        if isinstance(p.attributes.get("screen_in"), float):
            screens[p.category].add(p.attributes["screen_in"])
        if isinstance(p.attributes.get("colour"), str):
            colours[p.category].add(p.attributes["colour"])
    return {
        cat: _CategoryStats(
            tuple(counts), tuple(counts.values()), tuple(sorted(screens[cat])), tuple(sorted(colours[cat]))
        )
        for cat, counts in brands.items()
    }


class CatalogSynthesizer:
    """Streams ``n`` products: the real catalog first, then variants of it.

    ``product(i)`` depends only on ``seed`` and ``i``; ``source_of(i)`` is the
    index of the real product that ``i`` derives from (``i`` itself below the
    real catalog's size).
    """

    def __init__(self, products: Sequence[Product], *, seed: int = 13) -> None:
        if not products:
            raise ValueError("CatalogSynthesizer needs at least one real product")
        self._real = list(products)
        self._seed = seed
        self._stats = _category_stats(self._real)

    @property
    def real_size(self) -> int:
        return len(self._real)

    def _rng(self, i: int) -> random.Random:
        return random.Random(self._seed * 1_000_003 + i)

    def source_of(self, i: int) -> int:
        if i < len(self._real):
            return i
        return self._rng(i).randrange(len(self._real))

    def product(self, i: int) -> Product:
        if i < len(self._real):
            return self._real[i]
        rng = self._rng(i)
        src = self._real[rng.randrange(len(self._real))]
        stats = self._stats[src.category]
        title, description = src.title, src.description
        brand = src.brand
        if rng.random() < 0.5 and len(stats.brands) > 1:
            brand = rng.choices(stats.brands, weights=stats.brand_weights)[0]
            if brand != src.brand:
                pattern = _word_pattern(src.brand)
                title = pattern.sub(brand, title)
                description = pattern.sub(brand, description)
        code = mutate_code(src.model_code, rng) if src.model_code else ""
        if src.model_code:
            title = _word_pattern(src.model_code).sub(code, title)
        attributes = dict(src.attributes)
        price_factor = 1.0
        for key in _MUTABLE_SPECS_GB:
            old = attributes.get(key)
            if isinstance(old, float) and rng.random() < 0.5:
                step = rng.choice((0.5, 2.0))
                attributes[key] = old * step
                price_factor *= step**0.5
                title = _word_pattern(f"{old:g} GB").sub(f"{old * step:g} GB", title)
        screen = attributes.get("screen_in")
        if isinstance(screen, float) and stats.screens and rng.random() < 0.5:
            attributes["screen_in"] = rng.choice(stats.screens)
            title = title.replace(f'{screen:g}"', f'{attributes["screen_in"]:g}"')
        weight = attributes.get("weight_kg")
        if isinstance(weight, float):
            attributes["weight_kg"] = round(weight * rng.uniform(0.85, 1.15), 3)
        if isinstance(attributes.get("colour"), str) and stats.colours and rng.random() < 0.3:
            attributes["colour"] = rng.choice(stats.colours)
        variant = replace(
            src,
            id=f"syn-{i:07d}",
            title=title,
            brand=brand,
            description=description,
            price=jitter_price(src.price, rng, price_factor),
            attributes=attributes,
            model_code=code,
            content_hash="",
        )
        return replace(variant, content_hash=content_hash(variant))

    def batches(self, n: int, size: int, start: int = 0) -> Iterator[range]:
        """Product numbers ``start..n-1`` in consecutive ranges of ``size``."""
        for lo in range(start, n, size):
            yield range(lo, min(lo + size, n))


class VectorSynthesizer:
    """Vectors for product numbers: real ones where measured, synthesized elsewhere.

    Real products (numbers below ``len(source_vectors)``) get their own vector;
    variants in ``embedded`` (number -> vector from the real model) get that;
    every other variant gets its source's vector plus a borrowed ``residual``
    (``embed(variant) - source vector`` of an embedded variant), renormalized.
    """

    def __init__(
        self,
        source_vectors: np.ndarray,
        residuals: np.ndarray,
        *,
        embedded: Mapping[int, np.ndarray] | None = None,
        seed: int = 13,
    ) -> None:
        if source_vectors.ndim != 2 or residuals.ndim != 2 or residuals.shape[1] != source_vectors.shape[1]:
            raise ValueError(
                f"need 2-d arrays of one dimension, got {source_vectors.shape} and {residuals.shape}"
            )
        if len(residuals) == 0:
            raise ValueError("need at least one measured residual")
        self._sources = np.asarray(source_vectors, dtype=np.float32)
        self._residuals = np.asarray(residuals, dtype=np.float32)
        self._embedded = dict(embedded or {})
        self._seed = seed

    @staticmethod
    def residuals(embedded: np.ndarray, sources: np.ndarray) -> np.ndarray:
        return (np.asarray(embedded, dtype=np.float32) - np.asarray(sources, dtype=np.float32)).astype(np.float32)

    def synthesize(self, numbers: Sequence[int], source_indices: Sequence[int]) -> np.ndarray:
        """Source vector + a residual picked from the product number, renormalized."""
        picks = [random.Random(self._seed * 7_919 + i).randrange(len(self._residuals)) for i in numbers]
        out = self._sources[np.asarray(source_indices, dtype=np.int64)] + self._residuals[picks]
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return (out / norms).astype(np.float32)

    def vectors(self, numbers: Sequence[int], source_indices: Sequence[int]) -> np.ndarray:
        out = self.synthesize(numbers, source_indices)
        for row, i in enumerate(numbers):
            if i < len(self._sources):
                out[row] = self._sources[i]
            elif i in self._embedded:
                out[row] = self._embedded[i]
        return out

    @staticmethod
    def agreement(real: np.ndarray, synthetic: np.ndarray, sources: np.ndarray) -> dict[str, float]:
        """How close real and synthetic variant vectors sit to their sources (cosine quantiles)."""
        real_cos = np.sum(real * sources, axis=1)
        syn_cos = np.sum(synthetic * sources, axis=1)
        out: dict[str, float] = {}
        for q in (10, 50, 90):
            out[f"real_cos_p{q}"] = float(np.percentile(real_cos, q))
            out[f"synthetic_cos_p{q}"] = float(np.percentile(syn_cos, q))
        return out
