#!/usr/bin/env python3
"""Sanity checks of the built samples against their truth files.

    python3 tools/samples/check_samples.py

1. Arithmetic inside each truth table (合计 = Σ 类, 类 = Σ 款, 款 = Σ 项), so a slip in
   the seed parsing shows up.
2. Every non-null amount of every truth table listed for a sample occurs among the
   numbers that sample prints (pdftotext for PDFs, cell values for xlsx, text for docx),
   counted as a multiset per table kind: the document really prints the truth.
Needs pdftotext (poppler-utils; poppler-data for the STSong-Light PDFs), openpyxl,
python-docx.
"""
import json
import re
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
S = REPO / "samples"
NUM = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


def printed(yuan, unit):
    d = Decimal(yuan)
    return format(d / 10000, ".2f") if unit == "万元" else str(d.quantize(Decimal(1)))


def numbers_in_text(text):
    out = Counter()
    for m in NUM.finditer(text):
        tok = m.group(0).replace(",", "")
        try:
            d = Decimal(tok)
        except Exception:
            continue
        out[format(d, ".2f")] += 1
        out[str(d)] += 1
    return out


def numbers_xlsx(path):
    from openpyxl import load_workbook
    wb = load_workbook(path)
    out = Counter()
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for v in row:
                if isinstance(v, (int, float)):
                    d = Decimal(str(v))
                    out[format(d, ".2f")] += 1
                    out[str(d.quantize(Decimal(1))) if d == d.to_integral_value() else str(d)] += 1
                elif isinstance(v, str):
                    out.update(numbers_in_text(v))
    return out


def numbers_docx(path):
    import docx
    d = docx.Document(path)
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        seen = set()
        for row in t.rows:
            for c in row.cells:
                if c._tc in seen:  # a merged cell is returned once per grid column
                    continue
                seen.add(c._tc)
                parts.append(c.text)
    return numbers_in_text("\n".join(parts))


def numbers_pdf(path):
    t = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                       text=True).stdout
    return numbers_in_text(t)


def check_arith(tt, errs, name):
    rows = [r for r in tt.get("rows", []) if r.get("code")]
    by = {r["code"]: r for r in rows}
    tot = next((r for r in tt.get("rows", []) if r.get("name") == "合计" and not r.get("code")),
               None)
    for col in tt.get("columns", []):
        def v(r):
            x = r["values"].get(col)
            return Decimal(x) if x else Decimal(0)
        # 尾差: figures rounded to 0.01 万元 may be off by 100 元 per summed line
        tol = Decimal(100)  # also for 元 tables converted from 万元 figures
        lei = [r for r in rows if len(r["code"]) == 3]
        if tot and lei and tt["kind"] != "final.general_budget_basic":
            if abs(sum(map(v, lei)) - v(tot)) > tol * len(lei):
                errs.append(f"{name}: {tt['title']} {col}: 合计 != Σ类")
        for r in rows:
            kids = [k for k in rows if len(k["code"]) == len(r["code"]) + 2
                    and k["code"].startswith(r["code"])]
            if kids and abs(sum(map(v, kids)) - v(r)) > tol * len(kids):
                errs.append(f"{name}: {tt['title']} {col}: {r['code']} != Σ children")
            elif kids and sum(map(v, kids)) != v(r):
                print(f"note {name}: {tt['title']} {col}: {r['code']} differs from Σ children "
                      f"by {v(r) - sum(map(v, kids))} 元 (rounding in the source)")


def main():
    idx = json.loads((S / "truth" / "index.json").read_text("utf-8"))
    errs = []
    for tf in sorted((S / "truth").glob("*.json")):
        if tf.name == "index.json":
            continue
        for tt in json.loads(tf.read_text("utf-8"))["tables"]:
            check_arith(tt, errs, tf.name)
    for sample, ent in idx.items():
        p = S / sample
        truth = json.loads((S / "truth" / ent["truth"]).read_text("utf-8"))
        tabs = [t for t in truth["tables"] if "rows" in t]
        if ent["tables"] != "all":
            tabs = [t for t in tabs if t["location"].get("sheet") in ent["tables"]]
        if not tabs:
            continue
        if p.suffix == ".pdf":
            have = numbers_pdf(p)
        elif p.suffix == ".xlsx":
            have = numbers_xlsx(p)
        elif p.suffix == ".docx":
            have = numbers_docx(p)
        else:
            continue
        need = Counter()
        for t in tabs:
            for r in t["rows"]:
                for k, y in r["values"].items():
                    if y is None:
                        continue
                    need[y if r.get("value_unit") else printed(y, t["unit"])] += 1
        # the same number may be printed once per table and be needed by two sides of
        # one grid, so compare presence, and multiplicity only as a warning
        missing = [k for k in need if have[k] == 0]
        if missing:
            errs.append(f"{sample}: {len(missing)} amounts not printed, e.g. {missing[:5]}")
        else:
            print(f"ok  {sample}: {sum(need.values())} amounts found")
    for e in errs:
        print("ERR", e)
    sys.exit(1 if errs else 0)


if __name__ == "__main__":
    main()
