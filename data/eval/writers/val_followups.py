"""Check a follow-up set (60 conversations of 2 or 3 turns): python3 val.py FILE"""
import csv, json, sys
from collections import Counter

MIX = {"followup": 60}
rows = list(csv.DictReader(open("catalog.tsv", encoding="utf-8"), delimiter="\t"))
cats = {r["category"] for r in rows}
brands = {r["brand"] for r in rows}
def num(v):
    try: return float(v)
    except (TypeError, ValueError): return None
def meets(r, e):
    if r["category"] not in e.get("types", []): return False
    p = num(r["price"])
    if "max_price" in e and (p is None or p > e["max_price"]): return False
    if "min_price" in e and (p is None or p < e["min_price"]): return False
    if "brand" in e and r["brand"].lower() != e["brand"].lower(): return False
    for k, v in (e.get("min_spec") or {}).items():
        x = num(r.get(k))
        if x is None or x < v: return False
    for k, (lo, hi) in (e.get("spec_range") or {}).items():
        x = num(r.get(k))
        if x is None or not lo <= x <= hi: return False
    if "colour" in e and e["colour"].lower() not in (r["colour"] or "").lower(): return False
    return True
d = json.load(open(sys.argv[1], encoding="utf-8"))
errs = []
convs = d["conversations"]
if len(convs) != 60: errs.append(f"{len(convs)} conversations, want 60")
mix = Counter(c["category"] for c in convs)
for k, v in MIX.items():
    if mix[k] != v: errs.append(f"category {k}: {mix[k]}, want {v}")
ids = [c["id"] for c in convs]
if len(set(ids)) != len(ids): errs.append("duplicate ids")
for c in convs:
    if not 2 <= len(c["turns"]) <= 3: errs.append(f"{c['id']}: {len(c['turns'])} turns, want 2 or 3")
    for i, t in enumerate(c["turns"]):
        e = t["expect"]; where = f"{c['id']} turn {i + 1}"
        if e.get("outcome") not in ("results", "not_carried", "clarify", "refuse"): errs.append(f"{where}: bad outcome")
        for ty in e.get("types", []):
            if ty not in cats: errs.append(f"{where}: unknown category {ty!r}")
        if "brand" in e and e["brand"] not in brands: errs.append(f"{where}: brand {e['brand']!r} not spelled as in the catalog")
        if e.get("outcome") == "results":
            if not e.get("types"): errs.append(f"{where}: results without types")
            n = sum(meets(r, e) for r in rows)
            if n < 3: errs.append(f"{where}: only {n} products meet it")
print("\n".join(errs) or "ok")
