#!/usr/bin/env python3
"""Print a truth file's tables as aligned text, to check against the page image.

usage: show.py TRUTH.json [TABLE_INDEX]
"""
import json
import sys
import unicodedata


def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def pad(s, w):
    return s + " " * max(0, w - width(s))


doc = json.load(open(sys.argv[1], encoding="utf-8"))
only = int(sys.argv[2]) if len(sys.argv) > 2 else None
for i, t in enumerate(doc["tables"]):
    if only is not None and i != only:
        continue
    print(f"[{i}] {t['kind']} {t.get('side') or ''} 《{t['title']}》 {t.get('label') or ''} "
          f"unit={t['unit']} pages={t['pages']}")
    cols = t["columns"]
    for j, c in enumerate(cols):
        print(f"    c{j}: {c}")
    for r in t["rows"]:
        cells = [pad(r["code"] or "", 8), pad(r["name"], 34)]
        cells += [pad(r["values"].get(c, "?"), 16) for c in cols]
        print("  " + "|".join(cells))
