"""Helpers to draft a truth file from pdfplumber's tables (the draft is then checked cell by cell
on the page image and fixed by hand; the committed JSON, not this draft, is the truth).

A spec module defines FILE (path under ../shared/real-cn), OUT (truth JSON name) and TABLES: a
list of dicts with kind, side (optional), title, label (optional), unit, pages, columns (header
paths), and rows: a function (list of raw pdfplumber rows of the pages) -> list of row dicts.
"""
import json
import re
import sys
import pdfplumber

CODE_NAME = re.compile(r"^\s*(\d{3,})\s*[-－—]\s*(.*)$", re.S)
BRACKET_CODE_NAME = re.compile(r"^\s*\[(\d{3,})\]\s*(.*)$", re.S)


def clean(s):
    """Cell text as printed on one line: pdfplumber's line breaks inside a cell removed."""
    if s is None:
        return ""
    return re.sub(r"\s*\n\s*", "", s).strip()


def raw_rows(pdf, pages, settings=None):
    out = []
    for n in pages:
        for t in pdf.pages[n - 1].extract_tables(settings or {}):
            for r in t:
                out.append([clean(c) for c in r])
    return out


def split_code(cell):
    m = CODE_NAME.match(cell) or BRACKET_CODE_NAME.match(cell)
    if m:
        return m.group(1), clean(m.group(2))
    return None, cell


def row(code, name, columns, values, texts=None):
    r = {"code": code or None, "name": name, "values": dict(zip(columns, values))}
    if texts:
        r["texts"] = texts
    return r


def build(spec):
    tables = []
    with pdfplumber.open(spec.FILE) as pdf:
        for t in spec.TABLES:
            raw = raw_rows(pdf, t["pages"], t.get("settings"))
            rows = t["rows"](raw, t["columns"])
            out = {k: t[k] for k in ("kind", "side", "title", "label", "unit", "pages", "columns")
                   if k in t}
            if t.get("notes"):
                out["notes"] = t["notes"]
            out["rows"] = rows
            tables.append(out)
    doc = {
        "truth_version": 1,
        "file": spec.OUT.replace(".json", ".pdf"),
        "source": spec.SOURCE,
        "report": spec.REPORT,
        "values": "printed text of each cell ('' = blank); the unit of the table applies",
        "tables": tables,
        "verified": spec.VERIFIED,
    }
    return doc


def dump(doc, path):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")


HEADER_WORDS = ("项目", "项 目", "科目名称", "科目编码", "预算数", "收入", "支出", "收 入", "支 出",
                "金额单位", "单位：", "单位:")


def is_header(cells):
    text = "".join(cells)
    if not text:
        return True
    return any(cells[i] in HEADER_WORDS or cells[i].replace(" ", "") in ("项目", "收入", "支出")
               for i in range(len(cells)) if cells[i]) and not any(
        re.search(r"\d[\d,]*\.\d", c) for c in cells)


def side_rows(raw, name_i, val_is, columns, start_after=None, stop=None):
    """Rows of one side of a two-sided grid: name in column name_i, values in val_is."""
    out = []
    started = start_after is None
    for r in raw:
        if not started:
            started = any(start_after == c.replace(" ", "") for c in r)
            continue
        name = r[name_i] if name_i < len(r) else ""
        if not name or name.replace(" ", "") in ("项目", "收入", "支出"):
            continue
        out.append(row(None, name, columns, [r[i] if i < len(r) else "" for i in val_is]))
        if stop and name.replace(" ", "") == stop:
            break
    return out


def coded_rows(raw, code_i, name_i, val_is, columns, start_after, split=False, texts=None,
               skip=()):
    """Rows of a grid with code and name columns (or 'code-name' in one cell when split)."""
    out = []
    started = False
    for r in raw:
        if not started:
            started = any(start_after == c.replace(" ", "") for c in r)
            continue
        if not any(r) or r[name_i] in skip:
            continue
        if split:
            code, name = split_code(r[name_i])
        else:
            code, name = (r[code_i] or None) if code_i is not None else None, r[name_i]
            if code and not code.isdigit():  # "合计" printed in the code column
                code, name = None, (code + name)
        t = {k: r[i] for k, i in (texts or {}).items()}
        out.append(row(code, name, columns, [r[i] for i in val_is], t or None))
    return out
