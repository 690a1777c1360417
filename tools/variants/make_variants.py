#!/usr/bin/env python3
"""Layout-variation harness: render the standard tables we hold truth for (tests/real_truth/*.json,
samples/truth/*.json) in randomised but realistic office layouts, each file with a truth JSON in
the format of tests/real_truth (README there), so the same comparison scores it.

Every layout choice is drawn from a seeded RNG and recorded in the truth (`variant` of the file
and of each table), so a failure can be attributed to a dimension (scripts/variants_check.py).

usage: make_variants.py OUTDIR [--n N] [--seed S] [--formats pdf,xlsx,docx] [--col-overflow P]
--col-overflow P: a share P of the xlsx files is printed to PDF by LibreOffice at 100% (no
fit-to-width, portrait), as offices print wide sheets: the print overflows by columns (page 1
the left columns of every row, the next pages the next columns), with or without 'columns to
repeat at left' (the name columns) and 'rows to repeat at top'. Drawn from an RNG of its own, so
with P = 0 (default) every file is the same as before.
Needs reportlab, openpyxl, python-docx and a CJK TrueType font (fonts-wqy-zenhei; falls back to
the STSong-Light CID font).
"""
import argparse
import glob
import json
import os
import random
import re
from decimal import Decimal

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

# ------------------------------------------------------------------ source tables

LIST_KINDS = {
    "budget.income", "budget.expenditure", "budget.general_budget_expenditure",
    "budget.general_budget_basic", "budget.gov_fund_expenditure", "budget.state_capital",
    "final.income", "final.expenditure", "final.general_budget_expenditure",
    "final.general_budget_basic",
}
TWO_SIDED = {"budget.income_expenditure_summary", "budget.fiscal_summary",
             "final.income_expenditure_summary", "final.fiscal_summary"}
FACTOR = {"元": Decimal(1), "万元": Decimal(10000), "千元": Decimal(1000)}
TOTAL_WORDS = ("合计", "总计")


def to_yuan(text, unit):
    """A printed amount (real truth) → 元, None for a blank."""
    if text is None:
        return None
    t = str(text).replace(",", "").replace(" ", "")
    if t == "" or set(t) <= set("-—－"):
        return None
    return Decimal(t) * FACTOR[unit]


def load_sources():
    """List tables and two-sided pairs: {kind, title, columns, rows[{code,name,values 元}], ...}."""
    out = []
    files = sorted(glob.glob(os.path.join(ROOT, "tests/real_truth/*.json")))
    files += sorted(glob.glob(os.path.join(ROOT, "samples/truth/0*.json")))
    for f in files:
        d = json.load(open(f, encoding="utf-8"))
        real = "real_truth" in f
        rep = d.get("report", {})
        dept = rep.get("department") or "某某市某某局"
        year = rep.get("year") or 2026
        pending = {}
        for t in d["tables"]:
            rows = t.get("rows") or []
            if not rows or any(not r.get("name") for r in rows):
                continue
            unit = t.get("unit", "万元")
            conv = []
            for r in rows:
                vals = {}
                for c in t["columns"]:
                    v = r["values"].get(c)
                    vals[c] = to_yuan(v, unit) if real else (None if v is None else Decimal(v))
                conv.append({"code": r.get("code"), "name": r["name"].strip(), "values": vals})
            src = {"kind": t["kind"], "title": t["title"], "columns": list(t["columns"]),
                   "rows": conv, "origin": os.path.basename(f), "dept": dept, "year": year}
            if t["kind"] in LIST_KINDS and len(conv) >= 3:
                out.append(src)
            elif t["kind"] in TWO_SIDED and t.get("side"):
                pending.setdefault(t["kind"], {})[t["side"]] = src
        for kind, sides in pending.items():
            if "income" in sides and "expenditure" in sides:
                out.append({"kind": kind, "two_sided": True, "income": sides["income"],
                            "expenditure": sides["expenditure"], "title": sides["income"]["title"],
                            "origin": os.path.basename(f), "dept": dept, "year": year})
    return out


# ------------------------------------------------------------------ vocabulary
# Only words seen in published budgets of some province (catalog/columns.toml label aliases,
# catalog/tables.toml title parts); a combination need not have been seen.

TITLE_GRAMMAR = {
    # kind → list of alternatives per slot; "" = slot left out
    "budget.income": [["部门", "单位", ""], ["收入"], ["预算", ""], ["总", "总体情况", ""]],
    "budget.expenditure": [["部门", "单位", ""], ["支出"], ["预算", ""], ["总", "总体情况", ""]],
    "budget.income_expenditure_summary": [["部门", ""], ["收支", "收入支出"], ["预算", ""],
                                          ["总", "总体情况"]],
    "budget.fiscal_summary": [["部门", ""], ["财政拨款"], ["收支", "收入支出"], ["预算", ""],
                              ["总", "总体情况"]],
    "budget.general_budget_expenditure": [["一般公共预算"], ["财政拨款", "拨款", ""], ["支出"],
                                          ["预算", ""], ["情况", "明细", ""]],
    "budget.general_budget_basic": [["一般公共预算"], ["财政拨款", ""], ["基本支出"], ["预算", ""],
                                    ["情况", "明细", ""]],
    "budget.gov_fund_expenditure": [["政府性基金预算"], ["财政拨款", ""], ["支出"], ["预算", ""],
                                    ["情况", ""]],
    "budget.state_capital": [["国有资本经营预算"], ["财政拨款", ""], ["支出"], ["预算", ""],
                             ["情况", ""]],
    "final.income": [["部门", ""], ["收入决算"]],
    "final.expenditure": [["部门", ""], ["支出决算"]],
    "final.income_expenditure_summary": [["部门", ""], ["收入支出决算总", "收支决算总"]],
    "final.fiscal_summary": [["财政拨款"], ["收入支出决算总", "收支决算总"]],
    "final.general_budget_expenditure": [["一般公共预算财政拨款支出决算"], ["明细", ""]],
    "final.general_budget_basic": [["一般公共预算财政拨款基本支出决算"], ["明细", ""]],
}
BREAKDOWN = {
    "functional": ["（按功能分类）", "（按功能分类科目）", "（功能科目）", "（按支出功能分类科目）"],
    "economic": ["（按经济分类）", "（经济科目）", "（按支出经济分类科目）", "（按部门预算支出经济分类科目）"],
}
LABELS = ["表{n}", "表{cn}", "预算{n:02d}表", "公开{n:02d}表", "附表{n}", "预算公开表{n}",
          "公开表{n}"]
CN = "零一二三四五六七八九十"
CODE_HEADERS = {
    "functional": ["科目编码", "功能分类科目编码", "科目代码", "支出功能分类科目编码", "功能科目编码"],
    "economic": ["科目编码", "经济分类科目编码", "部门经济分类科目编码", "科目代码"],
    "unit": ["单位编码", "单位代码"],
}
NAME_HEADERS = {
    "functional": ["科目名称", "功能分类科目名称", "项目", "功能科目名称", "支出功能分类科目名称"],
    "economic": ["科目名称", "经济分类科目名称", "部门经济分类科目名称", "项目"],
    "unit": ["单位名称"],
    "none": ["项目", "科目名称", "功能分类科目"],
}
# a header over both code and name (two header rows)
GROUP_HEADERS = {
    "functional": ["功能分类科目", "支出功能分类科目", "项目", "科目"],
    "economic": ["部门预算支出经济分类科目", "经济分类科目", "项目"],
}
# leaf synonyms of amount headers (printed in some province for the same column)
LEAF_SYNONYMS = {
    "合计": ["合计", "总计"],
    "人员支出": ["人员支出", "人员经费"],
    "日常公用支出": ["日常公用支出", "公用经费"],
    "人员经费": ["人员经费", "人员支出"],
    "公用经费": ["公用经费", "日常公用支出"],
}
BANNERS = ["预算数", "{year}年预算数", "本年预算"]
TEXT_COLUMNS = ["部门名称", "单位名称", "单位编码"]
TOTAL_NAMES = ["合计", "合 计", "合计：", "总计"]
BLANKS = ["", "-", "0.00", "——"]


def code_family(src):
    codes = [r["code"] for r in src["rows"] if r["code"]]
    if not codes:
        return "none"
    if all(c[0] == "2" and len(c) in (3, 5, 7) for c in codes):
        return "functional"
    if all(c[0] in "35" and len(c) in (3, 5, 7) for c in codes):
        return "economic"
    return "unit"


def is_total(row):
    return not row["code"] and re.sub(r"\s", "", row["name"]) in TOTAL_WORDS


# ------------------------------------------------------------------ the layout model

class Table:
    """A table as printed: title block, header matrix with merges, body cells, truth."""

    def __init__(self):
        self.title_lines = []  # (text, align)  align: center | left | right | split
        self.head = []  # rows of cell texts (None = covered by a merge)
        self.merges = []  # (r0, c0, r1, c1) inclusive, in header coordinates
        self.body = []  # rows of cell texts
        self.col_roles = []  # code | name | text | amount | lei | kuan | xiang | line
        self.truth = None
        self.variant = {}


def fmt_amount(v, unit, sep, decimals, blank):
    if v is None:
        return blank
    x = v / FACTOR[unit]
    q = Decimal(1).scaleb(-decimals)
    x = x.quantize(q)
    s = f"{x:,.{decimals}f}" if sep else f"{x:.{decimals}f}"
    return s


def exact_in(src_vals, unit, decimals):
    q = Decimal(1).scaleb(-decimals)
    return all(v is None or (v / FACTOR[unit]).quantize(q) == v / FACTOR[unit] for v in src_vals)


def header_matrix(paths):
    """Header paths (lists of segments) → matrix + merges: segments shared by neighbours merge
    across, a path shorter than the depth has its last segment merged down."""
    depth = max(len(p) for p in paths)
    n = len(paths)
    m = [[None] * n for _ in range(depth)]
    merges = []
    for c, p in enumerate(paths):
        for r, seg in enumerate(p[:-1]):
            m[r][c] = seg
        m[len(p) - 1][c] = p[-1]
        if len(p) < depth:
            merges.append((len(p) - 1, c, depth - 1, c))
    # merge equal parent segments of adjacent columns with the same prefix
    for r in range(depth):
        c = 0
        while c < n:
            p = paths[c]
            if r >= len(p) - 1:
                c += 1
                continue
            e = c
            while e + 1 < n and len(paths[e + 1]) - 1 > r and paths[e + 1][: r + 1] == p[: r + 1]:
                e += 1
            for k in range(c + 1, e + 1):
                m[r][k] = None
            if e > c:
                merges.append((r, c, r, e))
            c = e + 1
    return m, merges


def pick_unit(rng, values):
    choices = []
    if exact_in(values, "万元", 2):
        choices += [("万元", 2)] * 3
    if exact_in(values, "元", 2):
        choices += [("元", 2)]
    if exact_in(values, "元", 0):
        choices += [("元", 0)]
    return rng.choice(choices or [("元", 2)])


def title_text(rng, kind, src_title, fam, v):
    """Compose the title; v records the choices."""
    grammar = TITLE_GRAMMAR.get(kind)
    if grammar and rng.random() < 0.7:
        words = "".join(rng.choice(slot) for slot in grammar) + "表"
        v["title_source"] = "composed"
    else:
        words = re.sub(r"^\d{4}年度?", "", src_title)
        words = re.sub(r"（[^）]*）$|\([^)]*\)$", "", words)
        v["title_source"] = "source"
    prefix = rng.choice(["none", "year", "dept_year", "year_dept"])
    v["title_prefix"] = prefix
    return words, prefix


def make_label(rng, n):
    f = rng.choice(LABELS)
    return f.format(n=n, cn=(CN[n] if n <= 10 else "十" + CN[n - 10]))


def title_block(rng, t, kind, src, fam, unit, n, v):
    words, prefix = title_text(rng, kind, src["title"], fam, v)
    dept, year = src["dept"], src["year"]
    pre = {"none": "", "year": f"{year}年", "dept_year": f"{dept}{year}年",
           "year_dept": f"{year}年{dept}"}[prefix]
    if prefix == "year" and rng.random() < 0.3:
        pre = f"{year}年度"
    title = pre + words
    bd = None
    if fam in ("functional", "economic") and rng.random() < 0.5:
        bd = rng.choice(BREAKDOWN[fam])
    bd_pos = rng.choice(["inline", "own_line"]) if bd else "none"
    v["breakdown"] = bd_pos
    if bd_pos == "inline":
        title += bd
    label_pos = rng.choice(["none", "own_line", "inline", "own_line_right"])
    v["label"] = label_pos
    label = make_label(rng, n) if label_pos != "none" else None
    if label:
        v["label_form"] = re.sub(r"\d+|[一二三四五六七八九十]+", "N", label)
    lines = []
    if label_pos in ("own_line", "own_line_right"):
        lines.append((label, "left" if label_pos == "own_line" else "right"))
    lines.append(((label + ("  " if rng.random() < 0.5 else "：" if False else " ") + title)
                  if label_pos == "inline" else title, "center"))
    if bd_pos == "own_line":
        lines.append((bd, "center"))
    meta = rng.choice(["unit_right", "dept_unit", "unit_paren"])
    v["meta_line"] = meta
    unit_word = rng.choice(["单位", "金额单位"])
    if meta == "unit_right":
        lines.append((f"{unit_word}：{unit}", "right"))
    elif meta == "dept_unit":
        lines.append((f"{rng.choice(['部门', '单位名称', '编制单位'])}：{dept}", "split",
                      f"{unit_word}：{unit}"))
    else:
        lines.append((f"（{unit_word}：{unit}）", "right"))
    t.title_lines = lines
    return title, label


def render_list(rng, src, n, fmt):
    """A list table (rows of codes/names and amount columns) → Table with truth."""
    t = Table()
    v = t.variant
    fam = code_family(src)
    allv = [x for r in src["rows"] for x in r["values"].values()]
    unit, dec = pick_unit(rng, allv)
    v["unit"] = f"{unit}/{dec}"
    sep = rng.random() < 0.6
    v["thousands"] = sep
    blank = rng.choice(BLANKS)
    v["blank"] = blank or "empty"
    if blank == "0.00":
        blank = "0" if dec == 0 else "0." + "0" * dec
    title, label = title_block(rng, t, src["kind"], src, fam, unit, n, v)

    # code layout
    # a unit code is never printed inside the unit's name
    layouts = {"none": ["none"], "unit": ["two_columns"]}.get(fam, ["two_columns", "inline"])
    if fam == "functional":
        layouts.append("lei_kuan_xiang")
    code_layout = rng.choice(layouts)
    v["code_layout"] = code_layout
    inline_sep = rng.choice([" ", "-", "  ", "]"]) if code_layout == "inline" else None
    if inline_sep:
        v["inline_sep"] = {" ": "space", "  ": "spaces", "-": "dash", "]": "bracket"}[inline_sep]
    indent = rng.random() < 0.4 and fam in ("functional", "economic")
    v["indent"] = indent
    # a 款/项 row printing only its own part needs its parents printed above it
    codes = {r["code"] for r in src["rows"] if r["code"]}
    parents_printed = all(c[:3] in codes and (len(c) < 7 or c[:5] in codes) for c in codes)
    lkx_full = rng.random() < 0.5 or not parents_printed
    # label column headers
    label_paths, roles = [], []
    group = fam in GROUP_HEADERS and code_layout == "two_columns" and rng.random() < 0.4
    v["label_header"] = "group" if group else ("lkx" if code_layout == "lei_kuan_xiang" else "flat")
    name_h = rng.choice(NAME_HEADERS[fam if fam != "unit" or code_layout != "inline" else "unit"])
    if code_layout == "two_columns":
        ch = rng.choice(CODE_HEADERS[fam])
        v["code_header"] = ch
        if group:
            g = rng.choice(GROUP_HEADERS[fam])
            label_paths += [[g, rng.choice(["编码", "科目编码", "代码"])],
                            [g, rng.choice(["名称", "科目名称"])]]
        else:
            label_paths += [[ch], [name_h]]
        roles += ["code", "name"]
    elif code_layout == "lei_kuan_xiang":
        ch = rng.choice(CODE_HEADERS[fam])
        label_paths += [[ch, "类"], [ch, "款"], [ch, "项"], [name_h]]
        roles += ["lei", "kuan", "xiang", "name"]
    else:
        label_paths.append([name_h])
        roles.append("name")
    if not group:
        v["name_header"] = name_h
    # a list of units already prints their codes: no second unit-code column
    textcol = rng.choice(["none", "none"] + [c for c in TEXT_COLUMNS
                                             if fam != "unit" or c != "单位编码"])
    v["text_column"] = textcol
    if textcol != "none":
        label_paths.append([textcol])
        roles.append("text")
    # amount headers
    depth_mode = rng.choice(["as_is", "as_is", "banner", "flatten"])
    cols = src["columns"]
    paths = [c.split("/") for c in cols]
    if depth_mode == "flatten" and all(len(p) <= 2 for p in paths):
        leaves = [p[-1] for p in paths]
        flat = []
        for p in paths:
            if len(p) == 2 and p[-1] in ("小计", "合计"):
                flat.append([p[0] + ("合计" if p[-1] == "合计" else "小计")]
                            if rng.random() < 0.5 else [p[0]])
            elif len(p) == 2 and leaves.count(p[-1]) == 1:
                flat.append([p[-1]])
            else:
                flat.append(p)
        if len({"/".join(p) for p in flat}) == len(flat):
            paths = flat
        else:
            depth_mode = "as_is"
    elif depth_mode == "flatten":
        depth_mode = "as_is"
    syn = rng.random() < 0.5
    v["header_synonyms"] = syn
    if syn:
        paths = [p[:-1] + [rng.choice(LEAF_SYNONYMS.get(p[-1], [p[-1]]))] for p in paths]
        if len({"/".join(p) for p in paths}) != len(paths):
            paths = [c.split("/") for c in cols]
            v["header_synonyms"] = False
    if depth_mode == "banner" and max(len(p) for p in paths) < 3 and src["kind"].startswith(
            "budget"):
        b = rng.choice(BANNERS).format(year=src["year"])
        paths = [[b] + p for p in paths]
    elif depth_mode == "banner":
        depth_mode = "as_is"
    v["header_depth_mode"] = depth_mode
    all_paths = label_paths + paths
    roles += ["amount"] * len(paths)
    t.head, t.merges = header_matrix(all_paths)
    v["header_rows"] = len(t.head)
    t.col_roles = roles
    # 栏次 / column numbers
    lanci = rng.choice(["none", "none", "lanci", "numbers"])
    v["lanci"] = lanci
    # body
    rows = list(src["rows"])
    total_pos = "none"
    if rows and is_total(rows[0]):
        total_pos = rng.choice(["top", "top", "bottom"])
        if total_pos == "bottom":
            rows = rows[1:] + rows[:1]
    v["total_row"] = total_pos
    total_name = rng.choice(TOTAL_NAMES) if total_pos != "none" else None
    if total_name:
        v["total_name"] = total_name
    body, truth_rows = [], []
    dept = src["dept"]
    for r in rows:
        tot = is_total(r)
        code = r["code"]
        name = r["name"]
        if tot and total_name:
            name = total_name
        shown = name
        if indent and code and len(code) > 3 and code_layout != "inline":
            shown = "  " * ((len(code) - 3) // 2) + name
        cells = []
        for role in roles:
            if role == "code":
                cells.append(code or "")
            elif role == "name":
                if code_layout == "inline" and code:
                    if inline_sep == "]":
                        cells.append(f"[{code}]{name}")
                    else:
                        cells.append(f"{code}{inline_sep}{name}")
                else:
                    cells.append(shown)
            elif role in ("lei", "kuan", "xiang"):
                if not code:
                    cells.append("")
                    continue
                parts = {"lei": code[:3], "kuan": code[3:5], "xiang": code[5:7]}
                own = {"lei": 3, "kuan": 5, "xiang": 7}[role]
                if lkx_full or len(code) == own:
                    cells.append(parts[role])
                else:
                    cells.append("")
            elif role == "text":
                if tot:
                    cells.append("")
                else:
                    cells.append({"部门名称": dept, "单位名称": dept,
                                  "单位编码": rng.choice(["101001", "312001", "113"])}[textcol]
                                 if not v.get("_textval") else v["_textval"])
                    v["_textval"] = cells[-1]
        vals = {}
        for c, p in zip(cols, paths):
            s = fmt_amount(r["values"][c], unit, sep, dec, blank)
            cells.append(s)
            vals["/".join(p)] = s
        body.append(cells)
        tr = {"code": code, "name": name, "values": vals}
        if textcol != "none":
            tr["texts"] = {textcol: cells[roles.index("text")]}
        truth_rows.append(tr)
    v.pop("_textval", None)
    if lanci == "lanci":
        lr = []
        k = 1
        for role in roles:
            if role == "name":
                lr.append("栏次")
            elif role == "amount":
                lr.append(str(k))
                k += 1
            else:
                lr.append("")
        body.insert(0, lr)
    elif lanci == "numbers":
        body.insert(0, [str(i + 1) for i in range(len(roles))])
    t.lanci = lanci != "none"
    if code_layout == "lei_kuan_xiang":
        v["lkx_parts"] = "full" if lkx_full else "own_level"
    t.body = body
    t.truth = {"kind": src["kind"], "title": title, "label": label, "unit": unit,
               "columns": ["/".join(p) for p in paths], "rows": truth_rows,
               "source": f"{src['origin']}: {src['title']}"}
    return t


def render_two_sided(rng, src, n, fmt):
    t = Table()
    v = t.variant
    inc, exp = src["income"], src["expenditure"]
    allv = [x for s in (inc, exp) for r in s["rows"] for x in r["values"].values()]
    unit, dec = pick_unit(rng, allv)
    v["unit"] = f"{unit}/{dec}"
    sep = rng.random() < 0.6
    v["thousands"] = sep
    blank = rng.choice(BLANKS)
    v["blank"] = blank or "empty"
    if blank == "0.00":
        blank = "0" if dec == 0 else "0." + "0" * dec
    title, label = title_block(rng, t, src["kind"], src, "none", unit, n, v)
    v["code_layout"] = "none"
    item_h = rng.choice(["项目", "项 目"])
    amt_word = rng.choice(["预算数", "金额", f"{src['year']}年预算数"])
    ipaths = [["收入", item_h]] + [["收入"] + (c.split("/") if c != "预算数" else [amt_word])
                                  for c in inc["columns"]]
    epaths = [["支出", item_h]] + [["支出"] + (c.split("/") if c != "预算数" else [amt_word])
                                  for c in exp["columns"]]
    t.head, t.merges = header_matrix(ipaths + epaths)
    v["header_rows"] = len(t.head)
    t.col_roles = ["name"] + ["amount"] * len(inc["columns"]) + ["name"] + ["amount"] * len(
        exp["columns"])
    # align the two sides on their first total row (本年收入合计 / 本年支出合计)
    def first_total(rows):
        for i, r in enumerate(rows):
            if "合计" in r["name"] or "总计" in r["name"]:
                return i
        return len(rows)
    ir, er = list(inc["rows"]), list(exp["rows"])
    gi, ge = first_total(ir), first_total(er)
    pad = [None] * abs(gi - ge)
    if gi < ge:
        ir = ir[:gi] + pad + ir[gi:]
    else:
        er = er[:ge] + pad + er[ge:]
    nrows = max(len(ir), len(er))
    ir += [None] * (nrows - len(ir))
    er += [None] * (nrows - len(er))
    body = []
    truths = {"income": [], "expenditure": []}
    for a, b in zip(ir, er):
        cells = []
        for side, s, r in (("income", inc, a), ("expenditure", exp, b)):
            if r is None:
                cells += [""] * (1 + len(s["columns"]))
                continue
            cells.append(r["name"])
            vals = {}
            for c in s["columns"]:
                txt = fmt_amount(r["values"][c], unit, sep, dec, blank)
                cells.append(txt)
                vals[c if c != "预算数" else amt_word] = txt
            truths[side].append({"code": None, "name": r["name"], "values": vals})
        body.append(cells)
    v["total_row"] = "none"
    v["lanci"] = "none"
    v["text_column"] = "none"
    t.body = body
    t.lanci = False
    t.truth = []
    for side, s in (("income", inc), ("expenditure", exp)):
        t.truth.append({"kind": src["kind"], "side": side, "title": title, "label": label,
                        "unit": unit,
                        "columns": [c if c != "预算数" else amt_word for c in s["columns"]],
                        "rows": truths[side], "source": f"{src['origin']}: {src['title']}"})
    return t


# ------------------------------------------------------------------ PDF

FONT = "CJK"


def setup_font():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    global FONT
    for path in ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",):
        if os.path.exists(path):
            pdfmetrics.registerFont(TTFont("CJK", path, subfontIndex=0))
            return
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    FONT = "STSong-Light"


def text_w(s, size):
    from reportlab.pdfbase.pdfmetrics import stringWidth
    return stringWidth(s, FONT, size)


def wrap(s, width, size):
    """Break s into lines no wider than width (characters, CJK has no spaces)."""
    lines, cur = [], ""
    for ch in s:
        if cur and text_w(cur + ch, size) > width:
            lines.append(cur)
            cur = ch
        else:
            cur += ch
    return lines + [cur] if cur else lines or [""]


def pdf_doc(tables, path, rng, dv):
    from reportlab.lib.pagesizes import A3, A4, landscape
    from reportlab.pdfgen import canvas
    land = rng.random() < 0.4
    dv["landscape"] = land
    page0 = landscape(A4) if land else A4
    pw, ph = page0
    c = canvas.Canvas(path, pagesize=page0, invariant=1)
    c.setTitle("")
    page_no = [0]
    pn_style = rng.choice(["none", "dash", "di_ye", "plain"])
    dv["page_number"] = pn_style
    start_no = rng.randint(1, 20)

    def finish_page(pw):
        page_no[0] += 1
        n = start_no + page_no[0]
        txt = {"none": None, "dash": f"- {n} -", "di_ye": f"第 {n} 页", "plain": str(n)}[pn_style]
        if txt:
            c.setFont(FONT, 9)
            c.drawCentredString(pw / 2, 28, txt)
        c.showPage()

    for t in tables:
        v = t.variant
        size = rng.choice([8, 9, 9, 10])
        ruled = rng.choice(["full", "full", "horizontal", "none"])
        v["ruling"] = ruled
        shift = rng.choice([0, 0, 0.8, 1.6])
        v["amount_baseline_shift"] = shift
        ncol = len(t.col_roles)
        margin = 40
        pw, ph = page0
        avail = pw - 2 * margin
        # names may wrap: cap the name column
        wrap_names = rng.random() < 0.4
        v["wrap_names"] = wrap_names
        name_cap = rng.randint(7, 10)

        def widths_at(sz):
            want = []
            for j, role in enumerate(t.col_roles):
                texts = [r[j] for r in t.body if r[j]]
                w = max([text_w(x, sz) for x in texts] + [text_w("0000.00", sz)])
                if role in ("lei", "kuan", "xiang"):
                    w = max(w, text_w("类", sz))
                if role == "name" and wrap_names:
                    w = min(w, text_w("一" * name_cap, sz))
                if role == "text":
                    w = min(w, text_w("一" * 6, sz))
                if role == "amount":
                    w = max(w, text_w("一" * 4, sz))
                want.append(w + 8)
            return want

        # a table too wide for the page: smaller type, then an A3 landscape page (as printed)
        while sum(widths_at(size)) > avail and size > 7:
            size -= 0.5
        if sum(widths_at(size)) > avail:
            pw, ph = landscape(A3)
            avail = pw - 2 * margin
            v["page"] = "A3"
            while sum(widths_at(size)) > avail and size > 6:
                size -= 0.5
        c.setPageSize((pw, ph))
        want = widths_at(size)
        want = [w * min(avail / sum(want), 1.6) for w in want]
        widths = want
        x0 = margin + (avail - sum(widths)) / 2
        xs = [x0]
        for w in widths:
            xs.append(xs[-1] + w)
        lh = size * 1.25
        pad = 4
        # header cell heights: lines of each header cell
        nh = len(t.head)
        head_lines = {}
        for r in range(nh):
            for j in range(ncol):
                s = t.head[r][j]
                if s is None:
                    continue
                span = next(((m[3]) for m in t.merges if m[0] == r and m[1] == j), j)
                w = xs[span + 1] - xs[j] - 4
                head_lines[(r, j)] = wrap(s, w, size)
        row_h_head = []
        for r in range(nh):
            need = max([len(head_lines[(r, j)]) for j in range(ncol)
                        if (r, j) in head_lines and not any(
                            m[0] == r and m[1] == j and m[2] > r for m in t.merges)] + [1])
            row_h_head.append(need * lh + pad)
        split = rng.choice(["repeat_header", "no_header", "repeat_title", "repeat_header"])
        body_lines = []
        for row in t.body:
            cells = []
            for j, s in enumerate(row):
                if t.col_roles[j] in ("name", "text"):
                    cells.append(wrap(s, widths[j] - 6, size))
                else:
                    cells.append([s])
            body_lines.append(cells)
        row_hs = [max(len(x) for x in cells) * lh + pad for cells in body_lines]
        forced = rng.random() < 0.3
        v["forced_page_break"] = forced
        cap_rows = rng.randint(8, 20) if forced else 10**6

        def draw_title(y):
            for line in t.title_lines:
                text, align = line[0], line[1]
                if text is None:
                    continue
                if align == "center" and text is t.title_lines[0][0] or (
                        align == "center" and len(text) > 6 and not text.startswith("（")):
                    ts = size + 6  # a long title is set smaller, never off the page
                    while text_w(text, ts) > pw - 60 and ts > size:
                        ts -= 0.5
                    c.setFont(FONT, ts)
                    c.drawCentredString(pw / 2, y, text)
                    y -= size + 14
                    continue
                c.setFont(FONT, size)
                if align == "center":
                    c.drawCentredString(pw / 2, y, text)
                elif align == "left":
                    c.drawString(xs[0], y, text)
                elif align == "right":
                    c.drawRightString(xs[-1], y, text)
                else:
                    c.drawString(xs[0], y, text)
                    c.drawRightString(xs[-1], y, line[2])
                y -= size + 8
            return y

        def draw_header(y):
            top = y
            ys = [top]
            for h in row_h_head:
                ys.append(ys[-1] - h)
            for (r, j), lines in head_lines.items():
                m = next((m for m in t.merges if m[0] == r and m[1] == j), (r, j, r, j))
                xa, xb = xs[j], xs[m[3] + 1]
                ya, yb = ys[r], ys[m[2] + 1]
                mid = (ya + yb) / 2 + (len(lines) - 1) * lh / 2
                c.setFont(FONT, size)
                for k, ln in enumerate(lines):
                    c.drawCentredString((xa + xb) / 2, mid - k * lh - size * 0.35, ln)
                if ruled == "full":
                    c.rect(xa, yb, xb - xa, ya - yb)
            if ruled != "full":
                c.line(xs[0], top, xs[-1], top)
                c.line(xs[0], ys[-1], xs[-1], ys[-1])
            return ys[-1]

        pages = []
        y = ph - 50
        y = draw_title(y)
        y = draw_header(y - 4)
        pages.append(page_no[0] + 1)
        on_page = 0
        for i, cells in enumerate(body_lines):
            h = row_hs[i]
            if y - h < 50 or on_page >= cap_rows:
                if ruled != "none":
                    c.line(xs[0], y, xs[-1], y)
                finish_page(pw)
                pages.append(page_no[0] + 1)
                y = ph - 50
                if split == "repeat_title":
                    y = draw_title(y)
                if split in ("repeat_title", "repeat_header"):
                    y = draw_header(y - 4)
                elif ruled != "none":
                    c.line(xs[0], y, xs[-1], y)
                on_page = 0
            c.setFont(FONT, size)
            for j, lines in enumerate(cells):
                role = t.col_roles[j]
                mid = y - h / 2 + (len(lines) - 1) * lh / 2 - size * 0.35
                for k, ln in enumerate(lines):
                    yy = mid - k * lh
                    if role == "amount":
                        c.drawRightString(xs[j + 1] - 3, yy - shift, ln)
                    elif role in ("lei", "kuan", "xiang") or (t.lanci and i == 0):
                        c.drawCentredString((xs[j] + xs[j + 1]) / 2, yy, ln)
                    else:
                        c.drawString(xs[j] + 3, yy, ln)
                if ruled == "full":
                    c.rect(xs[j], y - h, xs[j + 1] - xs[j], h)
            if ruled == "horizontal":
                c.line(xs[0], y - h, xs[-1], y - h)
            y -= h
            on_page += 1
        if ruled == "none":
            c.line(xs[0], y, xs[-1], y)
        v["pages"] = len(pages)
        v["split"] = split if len(pages) > 1 else "single_page"
        for tr in (t.truth if isinstance(t.truth, list) else [t.truth]):
            tr["pages"] = pages
        finish_page(pw)
    c.save()


# ------------------------------------------------------------------ xlsx / docx

def xlsx_doc(tables, path, rng, dv):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Side
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wb = Workbook()
    wb.remove(wb.active)
    numeric = rng.random() < 0.6
    dv["xlsx_numeric_cells"] = numeric
    for i, t in enumerate(tables):
        ws = wb.create_sheet((t.truth[0] if isinstance(t.truth, list) else t.truth)["label"]
                             or f"表{i + 1}")
        ncol = len(t.col_roles)
        r = 1
        for line in t.title_lines:
            ws.cell(row=r, column=1, value=line[0])
            if line[1] == "split":
                ws.cell(row=r, column=ncol, value=line[2])
            elif line[1] == "center":
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncol)
                ws.cell(row=r, column=1).alignment = Alignment(horizontal="center")
            elif line[1] == "right":
                ws.cell(row=r, column=1, value=None)
                ws.cell(row=r, column=ncol, value=line[0])
            r += 1
        h0 = r
        for hr in t.head:
            for j, s in enumerate(hr):
                cell = ws.cell(row=r, column=j + 1, value=s)
                cell.border = box
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            r += 1
        for m in t.merges:
            ws.merge_cells(start_row=h0 + m[0], start_column=m[1] + 1, end_row=h0 + m[2],
                           end_column=m[3] + 1)
        for row in t.body:
            for j, s in enumerate(row):
                val = s
                if numeric and t.col_roles[j] == "amount" and re.fullmatch(r"[\d,]+(\.\d+)?", s):
                    val = float(s.replace(",", ""))
                cell = ws.cell(row=r, column=j + 1, value=val if val != "" else None)
                cell.border = box
                if isinstance(val, float):
                    dec = len(s.split(".")[1]) if "." in s else 0
                    cell.number_format = ("#,##0" if "," in s or val < 1000 else "0") + (
                        "." + "0" * dec if dec else "")
            r += 1
        for j in range(ncol):
            ws.column_dimensions[chr(65 + j) if j < 26 else "A" + chr(65 + j - 26)].width = (
                30 if t.col_roles[j] == "name" else 14)
    wb.save(path)


def docx_doc(tables, path, rng, dv):
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    d = docx.Document()
    for i, t in enumerate(tables):
        if i:
            d.add_page_break()
        for line in t.title_lines:
            p = d.add_paragraph(line[0] if line[1] != "split" else f"{line[0]}    {line[2]}")
            p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT
                           }.get(line[1], WD_ALIGN_PARAGRAPH.LEFT)
        ncol = len(t.col_roles)
        tab = d.add_table(rows=len(t.head) + len(t.body), cols=ncol)
        tab.style = "Table Grid"
        for r, hr in enumerate(t.head):
            for j, s in enumerate(hr):
                if s is not None:
                    tab.cell(r, j).text = s
        for m in t.merges:
            tab.cell(m[0], m[1]).merge(tab.cell(m[2], m[3]))
        for r, row in enumerate(t.body):
            for j, s in enumerate(row):
                cell = tab.cell(len(t.head) + r, j)
                cell.text = s
                if t.col_roles[j] == "amount":
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    d.save(path)


# ------------------------------------------------------------------ driver

def col_overflow_pdf(tables, xlsx_path, orng, dv):
    """The workbook printed to PDF as it stands (100%, portrait, no fit-to-page) by LibreOffice:
    a sheet wider than the page overflows by columns. Returns the PDF path."""
    import subprocess
    import tempfile
    from openpyxl import load_workbook
    wb = load_workbook(xlsx_path)
    rep_cols = orng.random() < 0.5
    rep_rows = orng.random() < 0.5
    dv["col_overflow"] = True
    dv["print_title_cols"] = rep_cols
    dv["print_title_rows"] = rep_rows
    for ws, t in zip(wb.worksheets, tables):
        ws.sheet_properties.pageSetUpPr.fitToPage = False
        ws.page_setup.orientation = "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        lead = next((j for j, r in enumerate(t.col_roles) if r == "amount"), 0)
        # columns to repeat narrower than half the page, as an office would set them (wider
        # ones leave no room for the amounts and LibreOffice prints them cut)
        if sum(30 if r == "name" else 14 for r in t.col_roles[:lead]) > 40:
            lead = 0
        if rep_cols and lead:
            last = chr(64 + lead)
            ws.print_title_cols = f"A:{last}"
        if rep_rows:
            first = len(t.title_lines) + 1
            ws.print_title_rows = f"{first}:{first + len(t.head) - 1}"
        t.variant["col_overflow"] = True
        t.variant["print_title_cols"] = rep_cols and lead > 0
        t.variant["print_title_rows"] = rep_rows
    wb.save(xlsx_path)
    outdir = os.path.dirname(xlsx_path)
    with tempfile.TemporaryDirectory() as prof:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{prof}", "--headless",
                        "--convert-to", "pdf", "--outdir", outdir, xlsx_path],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.remove(xlsx_path)
    pdf = xlsx_path[:-len(".xlsx")] + ".pdf"
    dv["pdf_pages"] = len(re.findall(rb"/Type\s*/Page[^s]", open(pdf, "rb").read()))
    return pdf


def make_one(rng, sources, idx, outdir, formats, col_overflow=0.0, seed=1):
    fmt = rng.choice(formats)
    k = rng.choice([1, 1, 2, 3])
    chosen = rng.sample(sources, min(k, len(sources)))
    dv = {"format": fmt, "tables": len(chosen)}
    tables = []
    start = rng.randint(1, 8)
    for i, src in enumerate(chosen):
        fn = render_two_sided if src.get("two_sided") else render_list
        tables.append(fn(rng, src, start + i, fmt))
    stem = f"v{idx:04d}"
    path = os.path.join(outdir, f"{stem}.{fmt}")
    if fmt == "pdf":
        pdf_doc(tables, path, rng, dv)
    elif fmt == "xlsx":
        xlsx_doc(tables, path, rng, dv)
        # an RNG of its own: the other files and choices stay as without --col-overflow
        orng = random.Random(seed * 7919 + idx)
        if col_overflow and orng.random() < col_overflow:
            path = col_overflow_pdf(tables, path, orng, dv)
            fmt = dv["format"] = "pdf"
    else:
        docx_doc(tables, path, rng, dv)
    truth_tables = []
    for t in tables:
        for tr in (t.truth if isinstance(t.truth, list) else [t.truth]):
            tr = dict(tr)
            tr.setdefault("pages", [])
            tr["variant"] = dict(t.variant)
            truth_tables.append(tr)
    truth = {"truth_version": 1, "file": os.path.basename(path), "source": "make_variants.py",
             "report": {"kind": "final_accounts" if chosen[0]["kind"].startswith("final")
                        else "budget", "department": chosen[0]["dept"], "year": chosen[0]["year"]},
             "values": "printed text of each cell ('' = blank); the unit of the table applies",
             "verified": "generated by tools/variants/make_variants.py from hand-checked truth",
             "variant": dv, "tables": truth_tables}
    with open(os.path.join(outdir, f"{stem}.{fmt}.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1)
    return path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--n", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--first", type=int, default=0, help="index of the first file")
    ap.add_argument("--formats", default="pdf,pdf,pdf,pdf,xlsx,docx")
    ap.add_argument("--col-overflow", type=float, default=0.0,
                    help="share of xlsx files printed to PDF by columns (LibreOffice, no fit)")
    ap.add_argument("--max-rows", type=int, default=0,
                    help="keep at most this many body rows per table (small fixtures)")
    a = ap.parse_args()
    os.makedirs(a.outdir, exist_ok=True)
    setup_font()
    sources = load_sources()
    formats = a.formats.split(",")
    for i in range(a.first, a.first + a.n):
        rng = random.Random(a.seed * 100003 + i)
        srcs = sources
        if a.max_rows:
            srcs = [trim(s, a.max_rows) for s in sources]
        make_one(rng, srcs, i, a.outdir, formats, a.col_overflow, a.seed)


def trim(src, n):
    """Keep the first n rows (a list) / n rows per side; the figures stay as printed, so a total
    no longer adds up: fixtures only test reading, not arithmetic."""
    if src.get("two_sided"):
        return src
    s = dict(src)
    s["rows"] = src["rows"][:n]
    return s


if __name__ == "__main__":
    main()
