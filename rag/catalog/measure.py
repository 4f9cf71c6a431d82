"""Measure the category taxonomy on a catalog: ``python -m rag.catalog.measure data/icecat``.

Prints category coverage, the top categories, and how often the title rules
alone agree with Icecat's own ``product_type`` on the rows that have one
(the category derived with ``product_type`` removed from the attributes).
The numbers in ``rag.catalog.categories``' docstring come from this command.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from rag.catalog.categories import derive_category
from rag.catalog.loader import load_catalog


def measure(path: str | Path, *, top: int = 15) -> str:
    load = load_catalog(path)
    counts = Counter(p.category for p in load.products if p.category)
    agree = compared = 0
    for product in load.products:
        if "product_type" not in product.attributes or product.category is None:
            continue
        without = {k: v for k, v in product.attributes.items() if k != "product_type"}
        compared += 1
        agree += derive_category(product.title, without, model_code=product.model_code,
                                 brand=product.brand) == product.category
    lines = [
        f"products: {len(load.products):,}; categories used: {len(counts)}; "
        f"coverage: {load.report.category_coverage:.1%}; load: {load.report.duration_s:.1f} s",
        f"title rules agree with product_type on {agree:,} of {compared:,} rows "
        f"({agree / compared:.1%})" if compared else "no product_type rows",
        f"top {top}: " + ", ".join(f"{name} {n:,}" for name, n in counts.most_common(top)),
    ]
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - a measuring tool
    print(measure(sys.argv[1] if len(sys.argv) > 1 else "data/icecat"))
