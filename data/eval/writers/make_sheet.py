"""The catalog sheet the held-out writers search (`catalog.tsv`, `categories.tsv`), from the loaded catalog:

    python data/eval/writers/make_sheet.py FOLDER

One product per line: id, category, brand, price (USD), title, memory_gb, storage_gb, screen_in, colour, connectivity
("wired", "wireless" or both, as `rag.catalog.features` reads it), wireless, bluetooth; empty where the record does not say."""
import csv
import sys
from collections import Counter
from pathlib import Path

from rag.catalog.features import connectivity
from rag.catalog.loader import load_catalog
from rag.settings import Settings

out = Path(sys.argv[1]); out.mkdir(parents=True, exist_ok=True)
ps = load_catalog(Settings().catalog_path).products
def v(x):
    return "" if x in (None, "") else str(x)
with open(out / "catalog.tsv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, delimiter="\t")
    w.writerow(["id", "category", "brand", "price", "title", "memory_gb", "storage_gb", "screen_in", "colour",
                "connectivity", "wireless", "bluetooth"])
    for p in ps:
        a = p.attributes
        conn = connectivity(p)
        w.writerow([p.id, p.category, p.brand, v(p.price), p.title.replace("\t", " "), v(a.get("memory_gb")),
                    v(a.get("storage_gb")), v(a.get("screen_in")), v(a.get("colour") or a.get("product_colour")),
                    "+".join(sorted(conn)), v("wireless" in conn if conn else ""), v(a.get("bluetooth"))])
c = Counter(p.category for p in ps)
with open(out / "categories.tsv", "w", encoding="utf-8") as f:
    f.write("category\tcount\n")
    for k, n in sorted(c.items(), key=lambda kv: -kv[1]):
        f.write(f"{k}\t{n}\n")
print(len(ps), "products", len(c), "categories")
