#!/usr/bin/env python3
"""Score budget-extract on a folder made by tools/variants/make_variants.py.

usage: variants_check.py DIR [--bin target/release/budget-extract] [--out OUTDIR] [--files]
       [--json SUMMARY.json] [--show FILE]

Runs the binary over DIR, then compares every truth table (<file>.json beside each file) with
the record as tests/real_truth.rs does: one cell per row (code and name) plus one per amount;
the record's table of the same side whose kind or title fits or that lies on the truth's pages,
with the fewest wrong cells. Reports per file and per variation value (dimension=value):
truth cells exact / wrong / missing, tables not found, tables found under a wrong kind.
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import unicodedata
from collections import defaultdict
from decimal import Decimal, InvalidOperation

FACTOR = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(10**8)}


def fold(s):
    return "".join(c for c in unicodedata.normalize("NFKC", s or "") if not c.isspace())


def amount(text, factor):
    t = fold(text).replace(",", "")
    if not t or set(t) <= set("-—－"):
        return None
    return (Decimal(t) * factor).normalize()


def lcs(a, b):
    n, m = len(a), len(b)
    dp = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            dp[i][j] = dp[i + 1][j + 1] + 1 if a[i] == b[j] else max(dp[i + 1][j], dp[i][j + 1])
    i = j = 0
    out = []
    while i < n and j < m:
        if a[i] == b[j]:
            out.append((i, j))
            i += 1
            j += 1
        elif dp[i + 1][j] >= dp[i][j + 1]:
            i += 1
        else:
            j += 1
    return out


def align(truth_rows, got_rows):
    key = lambda c, n: f"{c or ''}|{fold(n)}"
    a = [key(r.get("code"), r.get("name")) for r in truth_rows]
    b = [key(r.get("code"), r.get("name")) for r in got_rows]
    anchors = lcs(a, b) + [(len(a), len(b))]
    out, i, j = [], 0, 0
    for ai, bj in anchors:
        gap = min(ai - i, bj - j)
        for k in range(ai - i):
            out.append((i + k, j + k if k < gap else None))
        if ai < len(a):
            out.append((ai, bj))
        i, j = ai + 1, bj + 1
    return out


def compare(truth, got):
    """→ dict(cells, wrong, missing, meta, lines). missing: cells of truth rows with no row."""
    o = {"cells": 0, "wrong": 0, "missing": 0, "meta": 0, "lines": []}
    if got["kind"] != truth["kind"]:
        o["meta"] += 1
        o["lines"].append(f"kind {got['kind']}, truth {truth['kind']}")
    factor = FACTOR[fold(truth["unit"])]
    last = lambda h: fold(h.split("/")[-1])
    keys = []
    for h in truth["columns"]:
        exact = [c for c in got["columns"] if fold(c["header"]) == fold(h)]
        if exact:
            keys.append((h, exact[0]["key"]))
            continue
        o["meta"] += 1
        same = [c for c in got["columns"] if last(c["header"]) == last(h)]
        if len(same) == 1:
            keys.append((h, same[0]["key"]))
        else:
            o["lines"].append(f"no column {h!r} (have {[c['header'] for c in got['columns']]})")
            keys.append((h, None))
    pairs = align(truth["rows"], got["rows"])
    used = sum(1 for p in pairs if p[1] is not None)
    if len(got["rows"]) > used:
        o["meta"] += len(got["rows"]) - used
        o["lines"].append(f"{len(got['rows']) - used} rows not in the truth")
    for i, j in pairs:
        t = truth["rows"][i]
        o["cells"] += 1 + len(keys)
        if j is None:
            o["missing"] += 1 + len(keys)
            o["lines"].append(f"row {i} {t.get('code')} {t['name']!r}: missing")
            continue
        g = got["rows"][j]
        if g.get("code") != t.get("code") or fold(g.get("name")) != fold(t["name"]):
            o["wrong"] += 1
            o["lines"].append(f"row {i}: code/name {g.get('code')} {g.get('name')!r}, "
                              f"truth {t.get('code')} {t['name']!r}")
        for h, k in keys:
            want = amount(t["values"].get(h, ""), factor)
            have = g.get("values", {}).get(k) if k else None
            have = None if have is None else Decimal(str(have)).normalize()
            if k is None or want != have:
                o["wrong"] += 1
                o["lines"].append(f"row {i} {t['name']!r} / {h}: {have}, truth {want}")
    return o


def best_match(truth, rec):
    pages = set(truth.get("pages") or [])
    title = fold(truth["title"])
    best = None
    for g in rec.get("tables", []):
        if g.get("side") != truth.get("side"):
            continue
        gp = set((g.get("location") or {}).get("pages") or [])
        if not (g["kind"] == truth["kind"] or title in fold(g.get("title")) or gp & pages
                or not pages):
            continue
        o = compare(truth, g)
        key = (o["wrong"] + o["missing"], o["meta"])
        if best is None or key < best[0]:
            best = (key, o)
    return best[1] if best else None


def run(bin_, d, out):
    subprocess.run([bin_, "-q", "-j", "2", d, "-o", out], check=False)


def record_for(out, d, f):
    rel = os.path.relpath(f, os.path.dirname(os.path.abspath(d)) if False else "/")
    for cand in glob.glob(os.path.join(out, "**", os.path.basename(f) + ".json"), recursive=True):
        return json.load(open(cand, encoding="utf-8"))
    return {"tables": []}


def score(d, out):
    """→ list of (file, table truth, outcome or None)."""
    res = []
    for tf in sorted(glob.glob(os.path.join(d, "*.json"))):
        truth = json.load(open(tf, encoding="utf-8"))
        if "tables" not in truth:
            continue
        rec = record_for(out, d, os.path.join(d, truth["file"]))
        for t in truth["tables"]:
            res.append((truth, t, best_match(t, rec)))
    return res


def dims(truth, t):
    out = {f"{k}={v}" for k, v in truth.get("variant", {}).items() if k != "tables"}
    out |= {f"{k}={v}" for k, v in t.get("variant", {}).items() if k != "pages"}
    out.add(f"kind={t['kind']}")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--bin", default="target/release/budget-extract")
    ap.add_argument("--out")
    ap.add_argument("--no-run", action="store_true", help="score the records already in --out")
    ap.add_argument("--files", action="store_true", help="print one line per file")
    ap.add_argument("--show", help="print the differences of this file")
    ap.add_argument("--json", help="write the per-dimension summary here")
    ap.add_argument("--where", action="append", default=[],
                    help="only tables with this dimension=value (repeatable)")
    a = ap.parse_args()
    out = a.out or a.dir.rstrip("/") + "-out"
    if not a.no_run:
        run(a.bin, a.dir, out)
    res = score(a.dir, out)
    agg = defaultdict(lambda: defaultdict(int))
    per_file = defaultdict(lambda: defaultdict(int))
    for truth, t, o in res:
        if not all(w in dims(truth, t) for w in a.where):
            continue
        n_cells = len(t["rows"]) * (1 + len(t["columns"]))
        s = {"tables": 1, "cells": n_cells}
        if o is None:
            s.update(missing=n_cells, not_found=1)
        else:
            s.update(wrong=o["wrong"], missing=o["missing"],
                     wrong_kind=int(o["lines"][:1] != [] and o["lines"][0].startswith("kind")),
                     exact_tables=int(o["wrong"] == 0 and o["missing"] == 0))
        s["exact"] = n_cells - s.get("wrong", 0) - s.get("missing", 0)
        for k, v in s.items():
            per_file[truth["file"]][k] += v
            agg["ALL"][k] += v
            for dm in dims(truth, t):
                agg[dm][k] += v
        if a.show and truth["file"] == a.show:
            print(f"== {t['title']} [{t.get('side')}] {t['kind']}")
            for line in (o["lines"] if o else ["table not found"])[:40]:
                print("  ", line)
    cols = ["tables", "exact_tables", "not_found", "wrong_kind", "cells", "exact", "wrong",
            "missing"]
    if a.files:
        print("file", *cols, sep="\t")
        for f, s in sorted(per_file.items()):
            print(f, *[s.get(c, 0) for c in cols], sep="\t")
        print()
    print(f"{'dimension=value':48}", *[c[:9].rjust(9) for c in cols], "  exact%")
    for dm in sorted(agg, key=lambda x: (x != "ALL", x)):
        s = agg[dm]
        pct = 100.0 * s["exact"] / s["cells"] if s["cells"] else 100.0
        print(f"{dm[:48]:48}", *[str(s.get(c, 0)).rjust(9) for c in cols], f"  {pct:6.2f}")
    if a.json:
        json.dump({k: dict(v) for k, v in agg.items()}, open(a.json, "w"), ensure_ascii=False,
                  indent=1, sort_keys=True)


if __name__ == "__main__":
    sys.exit(main())
