"""Search the catalog sheet: python3 q.py --category notebook --brand Lenovo --max-price 800 --min memory_gb=16 --text "gaming" """
import argparse, csv, sys

p = argparse.ArgumentParser()
p.add_argument("--category", action="append", help="exact category (repeatable)")
p.add_argument("--brand")
p.add_argument("--max-price", type=float)
p.add_argument("--min-price", type=float)
p.add_argument("--min", action="append", default=[], help="memory_gb=16 / storage_gb=256 / screen_in=15")
p.add_argument("--max", action="append", default=[], help="screen_in=14")
p.add_argument("--colour")
p.add_argument("--text", help="words that must all appear in the title (case-insensitive)")
p.add_argument("--limit", type=int, default=40)
a = p.parse_args()
rows = list(csv.DictReader(open("catalog.tsv", encoding="utf-8"), delimiter="\t"))

def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None

out = []
for r in rows:
    if a.category and r["category"] not in a.category: continue
    if a.brand and r["brand"].lower() != a.brand.lower(): continue
    price = num(r["price"])
    if a.max_price is not None and (price is None or price > a.max_price): continue
    if a.min_price is not None and (price is None or price < a.min_price): continue
    ok = True
    for spec in a.min:
        k, v = spec.split("="); x = num(r.get(k))
        ok &= x is not None and x >= float(v)
    for spec in a.max:
        k, v = spec.split("="); x = num(r.get(k))
        ok &= x is not None and x <= float(v)
    if a.colour and a.colour.lower() not in (r["colour"] or "").lower(): ok = False
    if a.text and not all(w.lower() in r["title"].lower() for w in a.text.split()): ok = False
    if ok: out.append(r)
print(f"{len(out)} match", file=sys.stderr)
for r in out[: a.limit]:
    print("\t".join(r[k] for k in ("id", "category", "brand", "price", "memory_gb", "storage_gb", "screen_in", "colour", "title")))
