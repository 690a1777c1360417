"""Seed text → table grids, and grids → truth records.

A seed dump prints one table as: title line, preamble lines (label, 部门名称, year,
unit), then one line per grid row with TAB between cells (blank lines at page
breaks), then 注：/说明： lines.  We keep every cell exactly as the seed prints it;
only the layout (merges, page setup) is ours.
"""
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

CODE_RE = re.compile(r"^\d{3}(\d{2}){0,2}$")
NULLS = ("", "-", "—", "——", "--")


@dataclass
class Table:
    sid: str                  # sheet name / short id (公开01, 表一)
    kind: str                 # DESIGN.md table kind
    title: str                # title as printed (without the 表N label)
    label: Optional[str]      # 公开01表 / 表五 / 预算公开表1 / None
    dept_line: Optional[str]  # 部门名称：…
    year_line: Optional[str]  # 2024年度
    unit_line: str            # 金额单位：万元
    unit: str                 # 万元 | 元
    header: list              # nh rows of cells
    lanci: Optional[list]     # 栏次 row or None
    body: list                # body rows
    notes: list               # 注：… / 说明：本表无数据
    lists: list               # value lists, see truth()
    ncols: int = 0
    opts: dict = field(default_factory=dict)
    merges: list = field(default_factory=list)       # header merges (r0,c0,r1,c1), header-relative
    body_merges: list = field(default_factory=list)  # body merges, body-relative

    def amount_cols(self):
        s = set()
        for l in self.lists:
            if not l.get("count_unit"):
                s.update(l["vals"])
        return s

    def line_cols(self):
        return {l["line"] for l in self.lists if l.get("line") is not None}


def seed_lines(path):
    return path.read_text("utf-8").split("\n")


def grab(lines, title, start=0):
    """Find the table whose title line is exactly `title`; return its parts."""
    i = next(k for k in range(start, len(lines)) if lines[k].strip() == title)
    label_before = None
    k = i - 1
    while k >= 0 and not lines[k].strip():
        k -= 1
    if k >= 0 and re.fullmatch(r"(预算公开表|部门公开表)\d+", lines[k].strip()):
        label_before = lines[k].strip()
    pre = []
    j = i + 1
    while j < len(lines) and "\t" not in lines[j]:
        if lines[j].strip():
            pre.append(lines[j].strip())
        j += 1
    rows = []
    while j < len(lines):
        l = lines[j]
        if "\t" in l:
            rows.append([c.strip() for c in l.split("\t")])
            j += 1
        elif not l.strip():
            j += 1
        else:
            break
    notes = []
    while j < len(lines) and (not lines[j].strip() or lines[j].startswith(("注", "说明"))):
        if lines[j].strip():
            notes.append(lines[j].strip())
        j += 1
    w = max(len(r) for r in rows)
    rows = [r + [""] * (w - len(r)) for r in rows]
    label = label_before
    dept = year = unit = None
    for p in pre:
        if p.startswith(("部门名称", "单位名称", "编制单位")):
            dept = p
        elif re.fullmatch(r"\d{4}年度", p):
            year = p
        elif "单位：" in p:
            unit = p
        elif re.match(r"公开\d+", p):
            label = p if p.endswith("表") else p + "表"
    return dict(label=label, dept=dept, year=year, unit=unit, rows=rows, notes=notes, end=j)


def make_table(lines, sid, kind, title, nh, lists, lanci=False, start=0, opts=None,
               header_clean=True):
    g = grab(lines, title, start)
    rows = g["rows"]
    header = rows[:nh]
    if header_clean:
        # wrapped header cells come out of the PDF with spaces: "因公出国 (境) 费"
        header = [[c.replace(" ", "") if re.search(r"[\u4e00-\u9fff]", c) else c for c in r]
                  for r in header]
    la = rows[nh] if lanci else None
    body = rows[nh + (1 if lanci else 0):]
    unit_line = g["unit"] or "单位：万元"
    unit = "元" if unit_line.endswith("：元") else "万元"
    t = Table(sid=sid, kind=kind, title=title, label=g["label"], dept_line=g["dept"],
              year_line=g["year"], unit_line=unit_line, unit=unit, header=header, lanci=la,
              body=body, notes=g["notes"], lists=lists, ncols=len(rows[0]), opts=opts or {})
    t.merges = infer_merges(t.header, t.ncols)
    nh = len(t.header)
    if la:
        # 栏次 spans the code + name columns (and the 行次 column in two-sided tables)
        for c in range(t.ncols - 1):
            if la[c] == "栏次" and not la[c + 1]:
                t.merges.append((nh, c, nh, c + 1))
    l0 = lists[0] if lists else {}
    if l0.get("code") == 0 and l0.get("name") == 1:
        # 合计 is one cell over 科目代码 + 科目名称
        for i, row in enumerate(t.body):
            if row[0] and not row[0].isdigit() and not row[1]:
                t.body_merges.append((i, 0, i, 1))
    return t


def infer_merges(header, ncols):
    """Merged header cells: text sits in the top-left cell of the merged area.
    A cell spans right over empty cells that have text below them, and down over
    rows where its whole span is empty."""
    nh = len(header)
    covered = set()
    merges = []
    for r in range(nh):
        for c in range(ncols):
            if not header[r][c] or (r, c) in covered:
                continue
            c2 = c
            while (c2 + 1 < ncols and not header[r][c2 + 1] and (r, c2 + 1) not in covered
                   and any(header[rr][c2 + 1] for rr in range(r + 1, nh))):
                c2 += 1
            r2 = r
            while r2 + 1 < nh and all(not header[r2 + 1][cc] for cc in range(c, c2 + 1)):
                r2 += 1
            for rr in range(r, r2 + 1):
                for cc in range(c, c2 + 1):
                    covered.add((rr, cc))
            if r2 > r or c2 > c:
                merges.append((r, c, r2, c2))
    return merges


def anchor_of(merges, r, c):
    for (r0, c0, r1, c1) in merges:
        if r0 <= r <= r1 and c0 <= c <= c1:
            return (r0, c0)
    return (r, c)


def col_path(t, c, drop_top=False):
    segs = []
    seen = set()
    for r in range(len(t.header)):
        a = anchor_of(t.merges, r, c)
        if a in seen:
            continue
        seen.add(a)
        txt = t.header[a[0]][a[1]]
        if txt:
            segs.append(txt)
    if drop_top and segs:
        segs = segs[1:]
    return "/".join(segs)


def to_yuan(s, unit):
    s = s.strip().replace(",", "")
    if s in NULLS:
        return None
    d = Decimal(s) * (Decimal(10000) if unit == "万元" else Decimal(1))
    if d == d.to_integral_value():
        return str(d.quantize(Decimal(1)))
    return format(d.normalize(), "f")


def split_code(code):
    """'2013299' → ('201','32','99')"""
    return code[:3], code[3:5], code[5:7]


def truth_tables(t):
    """One or more truth tables (two-sided grids give two)."""
    out = []
    sided = [l for l in t.lists if l.get("side")]
    if sided:
        groups = [[l] for l in t.lists]
    else:
        groups = [t.lists]  # side-by-side lists (公开06) → one table
    for grp in groups:
        rows = []
        for l in grp:
            paths = {c: l.get("headers", {}).get(c) or col_path(t, c, l.get("drop_top", False))
                     for c in l["vals"]}
            section = None
            for br, row in enumerate(t.body):
                if l.get("name") is not None and row[l["name"]] in ("项目", "栏次"):
                    continue
                if l.get("sections") and row[l["name"]] and not row[l["line"]]:
                    section = row[l["name"]]
                    continue
                code = None
                if l.get("code") is not None:
                    cc = l["code"] if isinstance(l["code"], list) else [l["code"]]
                    code = "".join(re.sub(r"\D", "", row[x]) for x in cc) or None
                name = row[l["name"]] if l.get("name") is not None else None
                if not name and not code and l.get("code") is not None:
                    # 合计 printed in the code column (merged over code + name)
                    first = row[cc[0]]
                    if first and not first.isdigit():
                        name = first
                if l.get("name") is not None and not name and not code:
                    continue
                if l.get("need_line") and not row[l["line"]]:
                    continue
                vals = {}
                for c in l["vals"]:
                    cell = row[c]
                    if t.kind == "final.general_budget_basic" and name and name.endswith("合计"):
                        # 公用经费合计 prints its amount in the last column of the grid
                        cell = cell or next((x for x in reversed(row[c:]) if x), "")
                    if l.get("count_unit") or (section and l.get("count_sections")
                                               and section in l["count_sections"]):
                        vals[paths[c]] = None if cell in NULLS else cell.replace(",", "")
                    else:
                        vals[paths[c]] = to_yuan(cell, t.unit)
                r = {"code": code, "name": name, "values": vals}
                if l.get("line") is not None and row[l["line"]]:
                    r["line"] = int(row[l["line"]])
                texts = {}
                if l.get("group"):
                    texts["group"] = l["group"]
                for tc, hdr in l.get("texts", {}).items():
                    texts[hdr] = row[tc]
                if section:
                    texts["section"] = section
                    if l.get("count_sections") and section in l["count_sections"]:
                        r["value_unit"] = l["count_sections"][section]
                if texts:
                    r["texts"] = texts
                rows.append(r)
        tt = {"kind": t.kind, "title": t.title}
        if t.label:
            tt["label"] = t.label
        if grp[0].get("side"):
            tt["side"] = grp[0]["side"]
        tt["unit"] = t.unit
        tt["location"] = {"sheet": t.sid}
        tt["columns"] = list(dict.fromkeys(
            (l.get("headers", {}).get(c) or col_path(t, c, l.get("drop_top", False)))
            for l in grp for c in l["vals"]))
        # "本表无数据": the table is present with zero rows (its empty 合计 line is not data).
        if any("本表无数据" in n for n in t.notes):
            rows = []
            tt["no_data"] = True
        tt["rows"] = rows
        out.append(tt)
    return out
