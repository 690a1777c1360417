#!/usr/bin/env python3
"""Build the sample reports under samples/, their truth files under samples/truth/,
and the broken inputs under tests/fixtures/bad/, from the seed text dumps.

    python3 tools/samples/make_samples.py            # everything
    python3 tools/samples/make_samples.py --no-pdf   # skip LibreOffice steps

Needs: python3 + openpyxl, python-docx, reportlab, xlwt, Pillow; LibreOffice
(soffice), poppler-utils (pdftoppm).  See tools/samples/README.md.
"""
import argparse
import copy
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tables import Table, make_table, seed_lines, truth_tables, split_code, infer_merges  # noqa
import perf_forms  # noqa: E402

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SEEDS = Path(os.environ.get("SEEDS_DIR", HERE / "seeds"))
OUT = REPO / "samples"
TRUTH = OUT / "truth"
BAD = REPO / "tests" / "fixtures" / "bad"
ZIP_DT = (2025, 1, 1, 0, 0, 0)
FIXED_ISO = "2025-01-01T00:00:00Z"

SEED000 = "000_b622fd7d35646cf3.txt"
SEED001 = "001_a0b1eb271cefa8f5.txt"
SEED002 = "002_41833b6538cc89af.txt"
SEED003 = "003_5df4d7849c75da43.txt"
SEED004 = "004_37dee814c4c9a300.txt"

INDEX = {}  # sample file name → {truth, tables, notes}


def log(*a):
    print(*a, file=sys.stderr)


# ---------------------------------------------------------------- determinism

def normalize_zip(path):
    """Rewrite an OOXML zip with fixed entry timestamps and fixed core dates."""
    src = zipfile.ZipFile(path)
    items = [(i.filename, src.read(i.filename)) for i in src.infolist()]
    src.close()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms)",
                              rb"\g<1>" + FIXED_ISO.encode() + rb"\g<3>", data)
            zi = zipfile.ZipInfo(name, ZIP_DT)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, data)


def normalize_pdf(path):
    """Same-length replacement of dates and /ID so xref offsets stay valid."""
    b = path.read_bytes()
    b = re.sub(rb"D:\d{14}([+-]\d\d'\d\d'|Z)?",
               lambda m: b"D:20250101000000" + (b"Z" + b" " * (len(m.group(0)) - 17)
                                                 if m.group(1) else b""), b)
    b = re.sub(rb"<([0-9A-Fa-f]{32})>", lambda m: b"<" + b"0" * 32 + b">", b)
    b = re.sub(rb"/DocChecksum /[0-9A-F]{32}", b"/DocChecksum /" + b"0" * 32, b)
    b = re.sub(rb"<x:(CreateDate|ModifyDate|MetadataDate)>[^<]*<",
               lambda m: b"<x:" + m.group(1) + b">" + b"2025-01-01T00:00:00Z".ljust(
                   len(m.group(0)) - len(m.group(1)) - 5) + b"<", b)
    path.write_bytes(b)


# ---------------------------------------------------------------- seed 000

def tables_000():
    L = seed_lines(SEEDS / SEED000)
    start = next(i for i, l in enumerate(L) if l.strip() == "第二部分 2024年部门决算表")
    T = []

    def add(sid, kind, title, nh, lists, lanci=True, opts=None):
        T.append(make_table(L, sid, kind, title, nh, lists, lanci=lanci, start=start, opts=opts))

    add("公开01", "final.income_expenditure_summary", "收入支出决算总表", 2,
        [dict(side="income", name=0, line=1, vals=[2], drop_top=True),
         dict(side="expenditure", name=3, line=4, vals=[5], drop_top=True)],
        opts=dict(repeat_header=True, row_height=20, break_after=20,
                  widths=[34, 6, 14, 34, 6, 14]))
    add("公开02", "final.income", "收入决算表", 2,
        [dict(code=0, name=1, vals=list(range(2, 9)))], opts=dict(landscape=True))
    add("公开03", "final.expenditure", "支出决算表", 2,
        [dict(code=0, name=1, vals=list(range(2, 8)))],
        opts=dict(break_after=16))
    add("公开04", "final.fiscal_summary", "财政拨款收入支出决算总表", 2,
        [dict(side="income", name=0, line=1, vals=[2], drop_top=True),
         dict(side="expenditure", name=3, line=4, vals=[5, 6, 7, 8], drop_top=True)],
        opts=dict(landscape=True, widths=[26, 5, 11, 28, 5, 11, 13, 13, 13]))
    add("公开05", "final.general_budget_expenditure", "一般公共预算财政拨款支出决算表", 2,
        [dict(code=0, name=1, vals=[2, 3, 4])])
    add("公开06", "final.general_budget_basic", "一般公共预算财政拨款基本支出决算明细表", 2,
        [dict(code=0, name=1, vals=[2], drop_top=True, group="人员经费"),
         dict(code=3, name=4, vals=[5], drop_top=True, group="公用经费"),
         dict(code=6, name=7, vals=[8], drop_top=True, group="公用经费"),
         dict(code=9, name=10, vals=[11], drop_top=True, group="公用经费")],
        lanci=False,
        opts=dict(landscape=True, docx_size=7.5,
                  widths=[8, 22, 9, 8, 18, 9, 8, 20, 9, 8, 24, 9]))
    add("公开07", "final.gov_fund", "政府性基金预算财政拨款收入支出决算表", 2,
        [dict(code=0, name=1, vals=list(range(2, 8)))], opts=dict(landscape=True))
    add("公开08", "final.state_capital", "国有资本经营预算财政拨款支出决算表", 2,
        [dict(code=0, name=1, vals=[2, 3, 4])])
    add("公开09", "final.three_public", "财政拨款“三公”经费支出决算表", 3,
        [dict(vals=list(range(0, 12)))], opts=dict(landscape=True, widths=[9] * 12))
    add("公开10", "final.related_info", "部门决算公开相关信息统计表", 0,
        [dict(name=0, line=1, vals=[2], need_line=True, sections=True,
              headers={2: "统计数"},
              count_sections={"三、国有资产占用情况": "辆/台(套)"})],
        lanci=False, opts=dict(widths=[44, 8, 16]))
    # 公开06: 公用经费合计 is one merged cell from its name column to the last amount column
    t6 = T[5]
    last = len(t6.body) - 1
    t6.body_merges = [(last, 0, last, 1), (last, 3, last, 10)]
    # 公开10: section titles and sub-headers span the grid
    t10 = T[9]
    for i, r in enumerate(t10.body):
        if r[0] and not r[1] and not r[2]:
            t10.body_merges.append((i, 0, i, 2))
        if r[0] == "项目" and not r[1]:
            t10.body_merges.append((i, 0, i, 1))
    return T, L


def tables_004():
    L = seed_lines(SEEDS / SEED004)
    start = next(i for i, l in enumerate(L) if l.strip() == "第二部分 2026年部门预算报表")
    T = []

    def add(sid, kind, title, nh, lists, lanci=False, opts=None):
        T.append(make_table(L, sid, kind, title, nh, lists, lanci=lanci, start=start, opts=opts))

    add("表一", "budget.income_expenditure_summary", "2026年预算收支总表", 2,
        [dict(side="income", name=0, vals=[1], drop_top=True),
         dict(side="expenditure", name=2, vals=[3, 4, 5], drop_top=True)],
        opts=dict(widths=[24, 12, 30, 12, 12, 12]))
    add("表二", "budget.income", "2026年预算收入总表", 2,
        [dict(code=0, name=1, vals=list(range(2, 9)))],
        opts=dict(landscape=True, widths=[10, 12, 11, 11, 10, 10, 10, 10, 10]))  # narrow name
    add("表三", "budget.expenditure", "2026年预算支出总表", 2,
        [dict(code=0, name=1, vals=[2, 3, 4])], opts=dict(widths=[10, 30, 14, 14, 14]))
    add("表四", "budget.fiscal_summary", "2026年财政拨款收支总表", 3,
        [dict(side="income", name=0, vals=[1], drop_top=True),
         dict(side="expenditure", name=2, vals=[3, 4, 5, 6], drop_top=True)],
        opts=dict(landscape=True, widths=[22, 11, 30, 11, 11, 11, 11]))
    add("表五", "budget.general_budget_expenditure", "2026年一般公共预算支出预算表（不含上年结转）", 2,
        [dict(code=0, name=1, vals=[2, 3, 4])], opts=dict(label_in_title=True))
    add("表六", "budget.general_budget_basic",
        "2026年一般公共预算安排基本支出分经济科目表（不含上年结转）", 2,
        [dict(name=0, texts={1: "政府预算支出经济科目名称"}, vals=[2, 3, 4])],
        opts=dict(widths=[26, 22, 12, 12, 12]))
    add("表七", "budget.gov_fund_income", "2026年政府性基金预算收入表（不含上年结转）", 2,
        [dict(code=0, name=1, vals=[2])], opts=dict(widths=[16, 30, 20]))
    add("表八", "budget.gov_fund_expenditure", "2026年政府性基金预算支出表（不含上年结转）", 1,
        [dict(code=0, name=1, vals=[2, 3, 4])])
    add("表九", "budget.state_capital", "2026年国有资本经营预算收支预算表（不含上年结转）", 3,
        [dict(code=0, name=1, vals=[2, 5, 6, 7])],
        opts=dict(landscape=True, widths=[12, 16, 14, 10, 16, 10, 10, 10]))
    add("表十", "budget.three_public", "2026年财政拨款安排“三公”经费支出预算表", 2,
        [dict(name=0, vals=[1, 2, 3, 4])], opts=dict(widths=[26, 12, 12, 12, 12]))
    add("表十一", "budget.office_operation", "2026年财政拨款安排机关运行经费预算表", 2,
        [dict(name=0, vals=[1, 2, 3, 4])], opts=dict(widths=[26, 12, 12, 12, 12]))
    add("表十二", "budget.project_expenditure", "2026年项目支出预算表（本年预算）", 2,
        [dict(name=0, vals=[1, 2, 3, 4, 5, 6])], lanci=True,
        opts=dict(landscape=True, widths=[34, 11, 11, 11, 11, 11, 11]))
    add("表十三", "budget.project_carryover", "2026年项目支出预算表（上年结转）", 2,
        [dict(name=0, vals=[1, 2, 3, 4])], lanci=True, opts=dict(widths=[30, 12, 12, 12, 12]))

    # 表九: the PDF text dump shifted the top header cells; the form has 收入 over three
    # columns (项目 科目编码/科目名称 + 国有资本经营收入预算) and 支出 over five
    t9 = T[8]
    t9.header[0] = ["国有资本经营预算收入", "", "", "国有资本经营预算支出", "", "", "", ""]
    t9.merges = infer_merges(t9.header, t9.ncols)
    # 表十一 printed in 元. (Not 表三: the seed's 表三 carries a real 0.01 万元 尾差 — 20805 is
    # 722.99 against 722.98 of its 项 — within rounding in 万元, but a real inconsistency in a
    # table printed in exact 元.)
    t11 = T[10]
    for row in t11.body:
        for c in (1, 2, 3, 4):
            if row[c]:
                row[c] = str((Decimal(row[c]) * 10000).quantize(Decimal(1)))
    t11.unit_line, t11.unit = "单位：元", "元"
    # 表五: 类/款/项 in separate columns, label 表五 inside the title cell
    t5 = T[4]
    t5.label = "表五"
    t5.header = [["科目编码", "", "", "科目名称", "2026年预算数", "", ""],
                 ["类", "款", "项", "", "合计", "基本支出", "项目支出"]]
    nb = []
    for row in t5.body:
        if row[0].isdigit():
            nb.append(list(split_code(row[0])) + row[1:])
        else:
            nb.append(["", "", "", row[0]] + row[2:])
    t5.body, t5.ncols = nb, 7
    t5.merges = infer_merges(t5.header, 7)
    t5.lists = [dict(code=[0, 1, 2], name=3, vals=[4, 5, 6])]
    t5.opts["widths"] = [6, 5, 5, 30, 13, 13, 13]
    # 表十二: department / unit / project rows, indented like the real form
    units = [l.split(" ", 2)[-1] for l in L if l.startswith("- ") and "阳泉市" in l]
    t12 = T[11]
    ind = {}
    for i, row in enumerate(t12.body):
        ind[(i, 0)] = 0 if i == 0 else (1 if row[0] in units else 2)
    t12.opts["indent"] = ind
    return T, L


def report_004():
    return {"kind": "budget", "department": "阳泉市应急管理局", "year": 2026,
            "title": "阳泉市应急管理局2026年度部门预算公开"}


def report_000():
    return {"kind": "final_accounts", "department": "阳城县应急管理局", "year": 2024,
            "title": "阳城县应急管理局2024年度单位决算公开"}


# ---------------------------------------------------------------- xlsx

def build_xlsx(tables, path, style):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wb = Workbook()
    wb.remove(wb.active)
    for t in tables:
        ws = wb.create_sheet(t.sid)
        n = t.ncols
        base = Font(name="宋体", size=10)
        r = 1

        def merged(row, c0, c1, text, align="center", font=None, height=None):
            cell = ws.cell(row=row, column=c0 + 1, value=text)
            cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
            cell.font = font or base
            if c1 > c0:
                ws.merge_cells(start_row=row, start_column=c0 + 1, end_row=row, end_column=c1 + 1)
            if height:
                ws.row_dimensions[row].height = height

        title = t.title
        if style == "000":
            merged(r, 0, n - 1, title, font=Font(name="黑体", size=16, bold=True), height=30); r += 1
            merged(r, 0, n - 1, t.label, align="right"); r += 1
            merged(r, 0, n - 1, t.dept_line, align="left"); r += 1
            merged(r, 0, n - 1, t.year_line, align="center"); r += 1
            merged(r, 0, n - 1, t.unit_line, align="right"); r += 1
        else:
            if t.label and not t.opts.get("label_in_title"):
                merged(r, 0, 0, t.label, align="left"); r += 1
            if t.opts.get("label_in_title"):
                title = t.label + "  " + t.title
            merged(r, 0, n - 1, title, font=Font(name="方正小标宋简体", size=16, bold=True),
                   height=32); r += 1
            mid = max(2, n - 2)
            merged(r, 0, mid - 1, t.dept_line, align="left")
            merged(r, mid, n - 1, t.unit_line, align="right"); r += 1
        hdr_top = r
        hb = Font(name="宋体", size=10, bold=True)
        for hr in t.header:
            for c, v in enumerate(hr):
                cell = ws.cell(row=r, column=c + 1, value=v or None)
                cell.font = hb
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
                cell.border = box
            r += 1
        for (r0, c0, r1, c1) in t.merges:
            ws.merge_cells(start_row=hdr_top + r0, start_column=c0 + 1,
                           end_row=hdr_top + r1, end_column=c1 + 1)
        hdr_bottom = r - 1
        amounts = t.amount_cols()
        lines = t.line_cols()
        codecols = set()
        for l in t.lists:
            cc = l.get("code")
            if cc is not None:
                codecols.update(cc if isinstance(cc, list) else [cc])
        fmt = "#,##0.00" if t.unit == "万元" else "#,##0"
        if t.lanci:
            for c, v in enumerate(t.lanci):
                val = int(v) if v.isdigit() else (v or None)
                cell = ws.cell(row=r, column=c + 1, value=val)
                cell.font = base
                cell.alignment = Alignment(horizontal="center", vertical="center")
                cell.border = box
            r += 1
        body_top = r
        for br in t.body:
            for c, v in enumerate(br):
                cell = ws.cell(row=r, column=c + 1)
                cell.font = base
                cell.border = box
                if c in amounts and re.fullmatch(r"-?[\d,]+(\.\d+)?", v):
                    d = Decimal(v.replace(",", ""))
                    cell.value = int(d) if d == d.to_integral_value() and t.unit == "元" else float(d)
                    cell.number_format = fmt if "." in v or t.unit == "元" else "0"
                    cell.alignment = Alignment(horizontal="right", vertical="center")
                elif c in lines and v.isdigit():
                    cell.value = int(v)
                    cell.alignment = Alignment(horizontal="center", vertical="center")
                elif v.isdigit() and c not in codecols and t.kind == "final.related_info":
                    cell.value = int(v)
                    cell.number_format = "0"
                    cell.alignment = Alignment(horizontal="right", vertical="center")
                else:
                    cell.value = v or None
                    if c in codecols:
                        cell.number_format = "@"
                    cell.alignment = Alignment(
                        horizontal="center" if v in ("——", "-") else "left",
                        vertical="center", wrap_text=True,
                        indent=t.opts.get("indent", {}).get((r - body_top, c), 0))
            if t.opts.get("row_height"):
                ws.row_dimensions[r].height = t.opts["row_height"]
            r += 1
        if t.opts.get("break_after"):
            from openpyxl.worksheet.pagebreak import Break
            ws.row_breaks.append(Break(id=body_top + t.opts["break_after"]))
        for (r0, c0, r1, c1) in t.body_merges:
            ws.merge_cells(start_row=body_top + r0, start_column=c0 + 1,
                           end_row=body_top + r1, end_column=c1 + 1)
        for note in t.notes:
            merged(r, 0, n - 1, note, align="left",
                   height=15 * (1 + len(note) // (n * 9)))
            r += 1
        widths = t.opts.get("widths")
        colw = []
        for c in range(n):
            w = widths[c] if widths else (10 if c in codecols else 30 if c == 1 or
                                          (c == 0 and not codecols) else 13)
            colw.append(w)
            ws.column_dimensions[get_column_letter(c + 1)].width = w
        # explicit heights for wrapped cells (LibreOffice does not re-measure xlsx rows)
        spans = {}
        for (r0, c0, r1, c1) in t.merges:
            spans[(hdr_top + r0, c0)] = (r1 - r0 + 1, sum(colw[c0:c1 + 1]))
        for (r0, c0, r1, c1) in t.body_merges:
            spans[(body_top + r0, c0)] = (r1 - r0 + 1, sum(colw[c0:c1 + 1]))
        for rr in range(hdr_top, body_top + len(t.body)):
            if t.opts.get("row_height") and rr >= body_top:
                continue
            need = 1
            for c in range(n):
                v = ws.cell(row=rr, column=c + 1).value
                if not isinstance(v, str) or not v:
                    continue
                nrow, wdt = spans.get((rr, c), (1, colw[c]))
                units = sum(2 if ord(ch) > 0x2e80 else 1 for ch in v)
                need = max(need, -(-units // max(1, int(wdt - 1))) / nrow)
            if need > 1:
                ws.row_dimensions[rr].height = 13.5 * need + 2
        ps = ws.page_setup
        ps.paperSize = ws.PAPERSIZE_A4
        ps.orientation = "landscape" if t.opts.get("landscape") else "portrait"
        if t.opts.get("scale"):
            # no fit-to-page: the table runs onto a second page
            ps.scale = t.opts["scale"]
        else:
            ws.sheet_properties.pageSetUpPr.fitToPage = True
            ps.fitToWidth = 1
            ps.fitToHeight = 0
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top = ws.page_margins.bottom = 0.6
        if t.opts.get("repeat_header"):
            ws.print_title_rows = f"{hdr_top}:{hdr_bottom + (1 if t.lanci else 0)}"
        ws.oddFooter.center.text = "第 &P 页"
    wb.properties.creator = "budget-extract samples"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    normalize_zip(path)
    log("wrote", path)


# ---------------------------------------------------------------- docx

def table_grid(t, number_style="seed"):
    """Header + 栏次 + body of a Table as one grid: (cells, merges, nhead, kinds)."""
    cells = [list(r) for r in t.header]
    merges = list(t.merges)
    if t.lanci:
        cells.append(list(t.lanci))
    nhead = len(cells)
    amounts = t.amount_cols()
    for br in t.body:
        row = []
        for c, v in enumerate(br):
            if number_style == "thousands" and c in amounts and re.fullmatch(r"-?\d+(\.\d+)?", v):
                d = Decimal(v)
                v = f"{d:,.2f}" if "." in v else f"{d:,}"
            row.append(v)
        cells.append(row)
    merges += [(r0 + nhead, c0, r1 + nhead, c1) for (r0, c0, r1, c1) in t.body_merges]
    return cells, merges, nhead


def _set_cell_font(run, size, bold=False, name="宋体"):
    from docx.oxml.ns import qn
    from docx.shared import Pt
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = name
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), name)


def docx_grid(doc, cells, merges, nhead, widths_cm, size=9, repeat_header=False,
              right_cols=(), bold_head=True):
    from docx.enum.table import WD_TABLE_ALIGNMENT, WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm
    nrows, ncols = len(cells), len(cells[0])
    tb = doc.add_table(rows=nrows, cols=ncols)
    tb.style = "Table Grid"
    tb.alignment = WD_TABLE_ALIGNMENT.CENTER
    tb.autofit = False
    for gc, w in zip(tb._tbl.tblGrid.findall(qn("w:gridCol")), widths_cm):
        gc.set(qn("w:w"), str(int(Cm(w).twips)))
    for r in range(nrows):
        for c in range(ncols):
            tb.cell(r, c).width = Cm(widths_cm[c])
    covered = set()
    for (r0, c0, r1, c1) in merges:
        tb.cell(r0, c0).merge(tb.cell(r1, c1))
        for rr in range(r0, r1 + 1):
            for cc in range(c0, c1 + 1):
                if (rr, cc) != (r0, c0):
                    covered.add((rr, cc))
    for r in range(nrows):
        for c in range(ncols):
            if (r, c) in covered:
                continue
            cell = tb.cell(r, c)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            para = cell.paragraphs[0]
            v = cells[r][c]
            lines = v.split("\n") if v else [""]
            for k, ln in enumerate(lines):
                p = para if k == 0 else cell.add_paragraph()
                run = p.add_run(ln)
                _set_cell_font(run, size, bold=bold_head and r < nhead)
                if r < nhead:
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                elif c in right_cols:
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if repeat_header:
        for r in range(nhead):
            trpr = tb.rows[r]._tr.get_or_add_trPr()
            h = OxmlElement("w:tblHeader")
            h.set(qn("w:val"), "true")
            trpr.append(h)
    return tb


class DocxBuilder:
    def __init__(self):
        from docx import Document
        from docx.oxml.ns import qn
        from docx.shared import Cm, Pt
        self.doc = Document()
        st = self.doc.styles["Normal"]
        st.font.name = "宋体"
        st.font.size = Pt(11)
        st.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
        sec = self.doc.sections[0]
        sec.page_width, sec.page_height = Cm(21), Cm(29.7)
        sec.left_margin = sec.right_margin = Cm(2)
        sec.top_margin = sec.bottom_margin = Cm(2)
        self.landscape = False

    def para(self, text, size=11, bold=False, align="left", font="宋体", indent=True,
             page_break=False):
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt
        p = self.doc.add_paragraph()
        if page_break:
            p.paragraph_format.page_break_before = True
        p.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                       "right": WD_ALIGN_PARAGRAPH.RIGHT,
                       "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
        if indent and align in ("left", "justify"):
            p.paragraph_format.first_line_indent = Pt(size * 2)
        _set_cell_font(p.add_run(text), size, bold, font)
        return p

    def orientation(self, landscape):
        from docx.enum.section import WD_ORIENT, WD_SECTION
        from docx.shared import Cm
        if landscape == self.landscape:
            return
        sec = self.doc.add_section(WD_SECTION.NEW_PAGE)
        sec.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        w, h = (Cm(29.7), Cm(21)) if landscape else (Cm(21), Cm(29.7))
        sec.page_width, sec.page_height = w, h
        self.landscape = landscape

    def table(self, t, style, size=9, number_style="seed", page_break=True):
        """A standard table with its title block, as offices paste it into Word."""
        land = bool(t.opts.get("landscape") or t.opts.get("docx_landscape"))
        brk = page_break and land == self.landscape
        self.orientation(land)
        width = 25.5 if land else 17
        title = t.title
        if t.opts.get("label_in_title"):
            title = t.label + "  " + t.title
        self.para(title, 16, True, "center", font="黑体", page_break=brk)
        if style == "000":
            if t.label:
                self.para(t.label, 10, align="right")
            self.para(t.dept_line, 10, indent=False)
            if t.year_line:
                self.para(t.year_line, 10, align="center")
            self.para(t.unit_line, 10, align="right")
        else:
            if t.label and not t.opts.get("label_in_title"):
                self.para(t.label, 10, indent=False)
            self.para(t.dept_line + "\t\t\t" + t.unit_line, 10, indent=False)
        cells, merges, nhead = table_grid(t, number_style)
        n = t.ncols
        ws = t.opts.get("widths")
        if not ws:
            ws = [13 if (l.get("code") == c) else 26 if c == 1 else 11 for l in t.lists[:1]
                  for c in range(n)]
        tot = sum(ws)
        widths = [width * w / tot for w in ws]
        docx_grid(self.doc, cells, merges, nhead, widths, size=t.opts.get("docx_size", size),
                  repeat_header=t.opts.get("repeat_header", False),
                  right_cols=t.amount_cols())
        for note in t.notes:
            self.para(note, 9, indent=False)

    def save(self, path):
        from datetime import datetime
        cp = self.doc.core_properties
        cp.author = "budget-extract samples"
        cp.created = cp.modified = datetime(2025, 1, 1)
        cp.last_modified_by = ""
        cp.revision = 1
        self.doc.save(path)
        normalize_zip(path)
        log("wrote", path)


def section_lines(L, start_line, end_line):
    i = next(k for k, l in enumerate(L) if l.strip() == start_line and "\t" not in l)
    j = next(k for k in range(i + 1, len(L)) if L[k].strip() == end_line and "\t" not in L[k])
    return [l.strip() for l in L[i:j] if l.strip()]


HEADING_RE = re.compile(r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\) )")


def narrative(b, lines):
    for ln in lines:
        if ln.startswith("第") and "部分" in ln[:5]:
            b.para(ln, 16, True, "center", font="黑体", page_break=True)
        elif re.match(r"^[一二三四五六七八九十]+、", ln) and len(ln) < 40:
            b.para(ln, 12, True, indent=True, font="黑体")
        elif re.match(r"^（[一二三四五六七八九十]+）", ln) and len(ln) < 40:
            b.para(ln, 11, True)
        else:
            b.para(ln.lstrip("- "), 11, align="justify")


def build_docx_000(T, L, path, forms=()):
    b = DocxBuilder()
    b.para("", 11)
    b.para("阳城县应急管理局", 26, True, "center", font="黑体")
    b.para("2024年度单位决算公开", 22, True, "center", font="黑体")
    toc_i = next(k for k, l in enumerate(L) if l.strip() == "目 录")
    b.para("目 录", 16, True, "center", font="黑体", page_break=True)
    for ln in L[toc_i + 1:]:
        if not ln.strip():
            continue
        if "\t" not in ln:
            break
        b.para(ln, 11, indent=False)  # "一、收入支出决算总表.....<TAB>3"
    narrative(b, section_lines(L, "第一部分 概况", "第二部分 2024年部门决算表"))
    b.para("第二部分 2024年部门决算表", 16, True, "center", font="黑体", page_break=True)
    for k, t in enumerate(T):
        b.table(t, "000", page_break=k > 0)
    b.orientation(False)
    narrative(b, section_lines(L, "第三部分 情况说明", "第四部分 名词解释"))
    if forms:
        b.para("第五部分 附件", 16, True, "center", font="黑体", page_break=True)
        perf_forms.add_form_tables(b, forms, docx_grid)
        b.orientation(False)
    b.save(path)


def build_docx_004(T, L, path, forms=()):
    b = DocxBuilder()
    b.para("阳泉市应急管理局", 26, True, "center", font="黑体")
    b.para("2026年度部门预算公开", 22, True, "center", font="黑体")
    narrative(b, section_lines(L, "第一部分 概况", "第二部分 2026年部门预算报表"))
    b.para("第二部分 2026年部门预算报表", 16, True, "center", font="黑体", page_break=True)
    for k, t in enumerate(T):
        b.table(t, "004", page_break=k > 0)
    b.orientation(False)
    lines = section_lines(L, "第三部分 2026年度部门预算情况说明",
                          "市级预算部门（单位）整体支出绩效目标申报表")
    narrative(b, [l for l in lines if "\t" not in l and not l.endswith("图")])
    perf_forms.add_form_tables(b, forms, docx_grid)
    b.orientation(False)
    b.save(path)


# ---------------------------------------------------------------- performance (003, 001)

FACT_RE = re.compile(r"(财政拨款收入总计|收入总计|本年收入合计|支出总计|本年支出合计|收入合计|支出合计)"
                     r"([\d,]+(?:\.\d+)?)万元")


def prose_facts(lines):
    """First statement of each total in the narrative, in 元: the prose-vs-table check."""
    from tables import to_yuan
    out = {}
    for ln in lines:
        for m in FACT_RE.finditer(ln):
            out.setdefault(m.group(1), {"yuan": to_yuan(m.group(2), "万元"),
                                        "text": m.group(0)})
    return out


def money_fields(pairs, unit="万元"):
    from tables import to_yuan
    out = {}
    for label, v in pairs:
        m = re.match(r"(.+?)\((万元|元)\)$", label)
        if m:
            out[m.group(1)] = to_yuan(v, m.group(2))
    return out


def indicators_003(grid, span_bc):
    out, l1, l2 = [], "", ""
    for k, rw in enumerate(grid[2:], start=2):
        if rw[0] == "综合得分":
            break
        if k in span_bc:
            l1, l2 = rw[1], ""
            continue
        if rw[1]:
            l2 = rw[1]
        if rw[2]:
            out.append({"path": [l1, l2, rw[2]],
                        "texts": dict(zip(("参考分值", "设定分值", "计算分析情况", "评价得分"),
                                          rw[3:7]))})
    return out


def build_003():
    """晋中市 2020 部门整体支出绩效自评表: one sheet, merged cells like the real form."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
    L = seed_lines(SEEDS / SEED003)
    nz = [l for l in L if l.strip()]
    title, filler = nz[0].strip(), nz[1].strip()
    i = 2
    pairs_rows = []
    while "\t" in nz[i]:
        pairs_rows.append([c.strip() for c in nz[i].split("\t")])
        i += 1
    blocks = []
    while "\t" not in nz[i]:
        blocks.append((nz[i].strip(), nz[i + 1].strip()))
        i += 2
    grid = [[c.strip() for c in l.split("\t")] for l in nz[i:]]
    N = 7
    # The dump loses cells that are merged: the form has 7 columns (outer label, 二级指标,
    # 三级指标, 参考分值, 设定分值, 计算分析情况, 评价得分); 一级指标 rows (投入/过程/产出/效果)
    # print their name over 二级+三级.
    LEVEL1 = ("投入", "过程", "产出", "效果")
    norm, span_bc, span_ac = [], [], []
    for k, r in enumerate(grid):
        if len(r) == 6 and r[1] in LEVEL1:
            r = [r[0], r[1], ""] + r[2:]
            span_bc.append(k)
        elif len(r) == 6:
            r = [""] + r
        elif len(r) == 7 and r[1] in LEVEL1:
            r = [r[0], r[1], ""] + r[2:6]
            span_bc.append(k)
        elif len(r) == 7 and not r[1] and not r[6] and re.fullmatch(r"\d+", r[2] or "x"):
            r = [r[0], "", ""] + r[2:6]
            span_ac.append(k)
        norm.append(r + [""] * (N - len(r)))
    for k in span_bc:
        # "工作目标设定⇥投入⇥16…": the 二级 name of the rows below was dumped into the
        # 一级 row; put it where the form prints it
        if norm[k][0] and k + 1 < len(norm) and not norm[k + 1][1] and norm[k + 1][2]:
            norm[k + 1][1], norm[k][0] = norm[k][0], ""
    grid = norm
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    f = Font(name="宋体", size=10)
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    r = 1

    def put(row, col, v, span=1, vspan=1, bold=False, align="center", h=None):
        cell = ws.cell(row=row, column=col, value=v if v != "" else None)
        if isinstance(v, str) and re.fullmatch(r"-?\d+(\.\d+)?", v) and col > 1:
            cell.value = float(v) if "." in v else int(v)
            cell.number_format = "0.00" if "." in v else "0"
        cell.font = Font(name="宋体", size=10, bold=bold)
        cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
        for rr in range(row, row + vspan):
            for cc in range(col, col + span):
                ws.cell(row=rr, column=cc).border = box
        if span > 1 or vspan > 1:
            ws.merge_cells(start_row=row, start_column=col, end_row=row + vspan - 1,
                           end_column=col + span - 1)
        if h:
            ws.row_dimensions[row].height = h

    c = ws.cell(row=1, column=1, value=title)
    c.font = Font(name="黑体", size=16, bold=True)
    c.alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells("A1:G1")
    ws.row_dimensions[1].height = 30
    c = ws.cell(row=2, column=1, value=filler)
    c.font = f
    ws.merge_cells("A2:G2")
    r = 3
    for pr in pairs_rows:
        put(r, 1, pr[0])
        put(r, 2, pr[1].replace(",", "") if re.fullmatch(r"-?[\d,]+(\.\d+)?", pr[1]) else pr[1], span=2)
        if re.fullmatch(r"-?[\d,]+(\.\d+)?", pr[1]):
            ws.cell(row=r, column=2).number_format = "#,##0.00" if "." in pr[1] else "#,##0"
        put(r, 4, pr[2], span=2)
        put(r, 6, pr[3], span=2)
        if re.fullmatch(r"-?[\d,]+(\.\d+)?", pr[3]):
            ws.cell(row=r, column=6).number_format = "#,##0.00"
        r += 1
    for label, text in blocks:
        put(r, 1, label)
        put(r, 2, text, span=6, align="left",
            h=min(409, 14 * (1 + len(text) // 48)))
        r += 1
    # indicator block: 二级指标 / 三级指标 / 指标分值(参考分值, 设定分值) / 计算分析情况 / 评价得分
    top = r
    for k, row in enumerate(grid):
        for cidx, v in enumerate(row):
            cell = ws.cell(row=r, column=cidx + 1, value=None)
            cell.border = box
            cell.font = f
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            if v:
                if re.fullmatch(r"-?\d+(\.\d+)?", v):
                    cell.value = float(v) if "." in v else int(v)
                    cell.number_format = "0.00" if "." in v else "0"
                else:
                    cell.value = v
        lines = max(-(-sum(2 if ord(ch) > 0x2e80 else 1 for ch in row[5]) // 42), 1)
        if lines > 1:
            ws.row_dimensions[r].height = 13.5 * lines + 2
        r += 1
    # merges in the indicator block
    def mg(r0, c0, r1, c1):
        ws.merge_cells(start_row=top + r0, start_column=c0 + 1, end_row=top + r1,
                       end_column=c1 + 1)
    mg(0, 3, 0, 4)                                   # 指标分值 over 参考分值/设定分值
    for cidx in (0, 1, 2, 5, 6):
        mg(0, cidx, 1, cidx)
    for k in span_bc:
        mg(k, 1, k, 2)                               # 一级指标 rows: name over 二级+三级
    for k in span_ac:
        mg(k, 0, k, 2)
    nbody = next(k for k, rw in enumerate(grid) if rw[0] == "综合得分")
    for col in (0, 1):                               # labels run down over empty cells
        k = 2
        while k < nbody:
            if grid[k][col] and k not in span_ac and not (col == 1 and k in span_bc):
                e = k
                while (e + 1 < nbody and not grid[e + 1][col] and e + 1 not in span_ac
                       and not (col == 1 and e + 1 in span_bc)):
                    e += 1
                if e > k:
                    mg(k, col, e, col)
                k = e + 1
            else:
                k += 1
    ev = next(k for k, rw in enumerate(grid) if rw[0] == "评价人员")
    end_ev = ev
    while end_ev + 1 < len(grid) and not grid[end_ev + 1][0]:
        end_ev += 1
    mg(ev, 0, end_ev, 0)
    last = top + len(grid) - 1
    ws.merge_cells(start_row=last, start_column=1, end_row=last, end_column=7)
    ws.cell(row=last, column=1).alignment = Alignment(horizontal="left", vertical="center")
    for col, w in zip("ABCDEFG", (16, 16, 20, 10, 10, 44, 10)):
        ws.column_dimensions[col].width = w
    ps = ws.page_setup
    ps.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ps.fitToWidth, ps.fitToHeight = 1, 0
    path = OUT / "003_jinzhong_2020_performance.xlsx"
    wb.properties.creator = "budget-extract samples"
    wb.save(path)
    normalize_zip(path)
    log("wrote", path)
    # truth
    pairs = []
    for pr in pairs_rows:
        pairs += [(pr[0], pr[1]), (pr[2], pr[3])]
    texts = {a: b for a, b in pairs if not a.endswith("(万元)")}
    score = next(rw for rw in grid if rw[0] == "综合得分")
    grade = next(rw for rw in grid if rw[0].startswith("评价结果"))
    tt = {"kind": "performance.overall_self_eval", "title": title, "unit": "万元",
          "location": {"sheet": "Sheet1"},
          "funds": money_fields(pairs), "texts": texts,
          "blocks": {a: b for a, b in blocks},
          "indicators": indicators_003(grid, span_bc),
          "indicator_header": grid[:2],
          "indicator_rows": grid[2:],
          "total_score": score[2], "grade": grade[1]}
    doc = {"truth_version": 1, "seed": SEED003,
           "report": {"kind": "performance", "department": None, "year": 2020,
                      "title": title},
           # 填报单位(公章) is blank: the department appears only inside the prose.
           "report_note": "the form names no department in a field (填报单位(公章) is blank); "
                          "the department is only mentioned inside the 单位职能概况 prose",
           "amounts": "funds are 元 as exact decimal strings; indicator cells as printed",
           "tables": [tt]}
    (TRUTH / "003_jinzhong_2020_performance.json").write_text(
        json.dumps(doc, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return path


def word_tables_001(L, start, count):
    """Tables of the 001 dump: one cell per line (TAB-prefixed), rows separated by one
    blank line, tables by several."""
    tables = []
    i = start
    while len(tables) < count and i < len(L):
        while i < len(L) and not L[i].startswith("\t"):
            i += 1
        rows, cur, blanks = [], [], 0
        while i < len(L):
            l = L[i]
            if l.startswith("\t"):
                if blanks >= 2 and rows:
                    break
                cur.append(l[1:].strip())
                blanks = 0
            elif not l.strip():
                if cur:
                    rows.append(cur)
                    cur = []
                blanks += 1
            else:
                break
            i += 1
        if cur:
            rows.append(cur)
        tables.append(rows)
    return tables


def layout_word_table(rows):
    """Spread rows with fewer cells over the full width: first cell one column, the
    rest shared; empty label cells in the first three columns continue the cell above."""
    n = max(len(r) for r in rows)
    cells = [[""] * n for _ in rows]
    merges = []
    spans_by_row = []
    for r, row in enumerate(rows):
        k = len(row)
        if k == n:
            spans = [1] * n
        elif k == 1:
            spans = [n]
        else:
            rest = n - 1
            base, extra = divmod(rest, k - 1)
            spans = [1] + [base + (1 if j < extra else 0) for j in range(k - 1)]
        c = 0
        cols = []
        for v, sp in zip(row, spans):
            cells[r][c] = v
            cols.append((c, sp))
            if sp > 1:
                merges.append([r, c, r, c + sp - 1])
            c += sp
        spans_by_row.append(cols)
    # vertical continuation for label columns
    for r in range(1, len(rows)):
        for (c, sp) in spans_by_row[r]:
            if c > 2 or cells[r][c] or sp != 1:
                continue
            above = [m for m in merges if m[2] == r - 1 and m[1] == c and m[3] == c]
            if (c, 1) in spans_by_row[r - 1] and len(rows[r]) == len(rows[r - 1]) \
                    and any(cells[r][x] for x in range(c + 1, n)):
                if above:
                    above[0][2] = r
                else:
                    merges.append([r - 1, c, r, c])
    return cells, [tuple(m) for m in merges]


def perf_truth_001(rows, kind, title):
    """Funds (元) and indicator rows of one self-evaluation Word table."""
    from tables import to_yuan
    t = {"kind": kind, "title": title, "unit": "万元", "funds": [], "indicators": []}
    head = None
    ind_head = None
    path = ["", "", ""]
    for row in rows:
        if len(row) == 2 and row[0] in ("项目名称", "单位名称"):
            t["texts"] = {row[0]: row[1]}
        if "年初预算数" in row:
            head = row
            continue
        if head and len(row) == len(head) and re.fullmatch(r"[\d,]+\.\d\d", row[2]):
            vals = {}
            for h, v in zip(head[2:], row[2:]):
                if h in ("年初预算数", "全年预算数", "全年执行数"):
                    vals[h] = to_yuan(v, "万元")
                else:
                    vals[h] = v
            t["funds"].append({"name": row[1].strip(), "values": vals})
            continue
        if "一级指标" in row:
            ind_head = row
            head = None
            continue
        if ind_head and len(row) == len(ind_head):
            off = ind_head.index("一级指标")
            for j in range(3):
                if row[off + j]:
                    path[j] = row[off + j]
                    for jj in range(j + 1, 3):
                        if not row[off + jj]:
                            path[jj] = ""
            if not row[off + 2]:
                continue
            rec = {"path": list(path), "texts": dict(zip(ind_head[off + 3:], row[off + 3:]))}
            t["indicators"].append(rec)
    return t


def build_001():
    L = seed_lines(SEEDS / SEED001)
    first = next(i for i, l in enumerate(L) if l.strip() == "单位整体支出绩效自评表")
    wts = word_tables_001(L, first, 4)
    b = DocxBuilder()
    intro = [l.strip() for l in L[:first] if l.strip()]
    b.para(intro[0] + intro[1], 18, True, "center", font="黑体")
    for ln in intro[2:]:
        ln = ln.replace("[bookmark: _GoBack]", "")
        if re.match(r"^第[一二三四]部分", ln):
            b.para(ln, 14, True, "center", font="黑体")
        elif re.match(r"^[一二三四五六七八九十]+、", ln) and len(ln) < 30:
            b.para(ln, 12, True, font="黑体")
        else:
            b.para(ln, 11, align="justify")
    truth = []
    for k, rows in enumerate(wts):
        cells, merges = layout_word_table(rows)
        n = len(cells[0])
        b.orientation(n > 8)
        b.para("", 6, page_break=k == 0)
        widths = [2.2] + [(25.5 if n > 8 else 17) / n] * (n - 1)
        docx_grid(b.doc, cells, merges, 0, widths, size=8 if n > 8 else 9, bold_head=False)
        kind = ("performance.overall_self_eval" if k == 0 else "performance.project_self_eval")
        tt = perf_truth_001(rows, kind, rows[0][0])
        tt["location"] = {"table_index": k}
        tt["year_line"] = rows[1][0]
        truth.append(tt)
    b.orientation(False)
    tail = L[next(i for i, l in enumerate(L) if l.strip() == "第三部分 专业名词解释"):]
    for ln in tail:
        if ln.strip():
            b.para(ln.strip(), 11, align="justify" if "：" in ln else "left")
    path = OUT / "001_changji_2024_final_narrative.docx"
    b.save(path)
    doc = {"truth_version": 1, "seed": SEED001,
           "report": {"kind": "final_accounts", "department": "昌吉回族自治州应急管理局",
                      "year": 2024, "title": intro[0] + intro[1]},
           "amounts": "funds are 元 as exact decimal strings; other cells as printed",
           "prose_facts": prose_facts(intro),
           "tables": truth}
    (TRUTH / "001_changji_2024_final_narrative.json").write_text(
        json.dumps(doc, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return path


# ---------------------------------------------------------------- prose report (002)

# The truth builder's own reading of the seed's statements: printed phrase → fact label.
# Independent of the tool's catalog (catalog/validate.toml); a phrase is matched right before
# the number, the longest phrase first.
FACTS_002 = [
    ("一般公共预算财政拨款预算收入", "一般公共预算财政拨款收入", "money"),
    ("一般公共预算财政拨款预算支出", "一般公共预算财政拨款支出", "money"),
    ("政府性基金预算收入", "政府性基金预算财政拨款收入", "money"),
    ("政府性基金预算支出", "政府性基金预算财政拨款支出", "money"),
    ("财政拨款收入", "财政拨款收入", "money"),
    ("财政拨款支出", "财政拨款支出", "money"),
    ("基本支出收入", "基本支出收入", "money"),
    ("项目支出收入", "项目支出收入", "money"),
    ("基本支出", "基本支出", "money"),
    ("项目支出", "项目支出", "money"),
    ("中央资金", "中央资金", "money"),
    ("省级资金", "省级资金", "money"),
    ("执行进度", "预算执行率", "%"),
    ("整体绩效自评得分为", "绩效自评得分", "score"),
    ("总体绩效评价得分：", "绩效自评得分", "score"),
]
STATEMENTS_002 = ["年初目标", "完成情况", "自评情况"]
PROJECT_RE = re.compile(r"^(\d+)\.项目名称：(.*)$")
DOCNO_RE = re.compile(r"[\u4e00-\u9fff]+〔\d{4}〕\d+号")


def sentences(text):
    """Split a paragraph after 。；; the sentence keeps its end mark."""
    return [s for s in re.split(r"(?<=[。；])", text) if s.strip()]


def facts_002(paras, projects):
    from tables import to_yuan
    phrases = sorted(FACTS_002, key=lambda f: -len(f[0]))
    out = []
    subject_of = {}
    for pr in projects:
        for k in pr["paras"]:
            subject_of[k] = pr["name"]
    for k, para in enumerate(paras):
        for sent in sentences(para):
            for m in re.finditer(r"(\d+(?:\.\d+)?)(万元|%|分)", sent):
                before = sent[:m.start()]
                hit = next((f for f in phrases if before.endswith(f[0])), None)
                if not hit:
                    continue
                phrase, label, kind = hit
                unit = {"money": "元", "%": "%", "score": "score"}[kind]
                if kind == "money" and m.group(2) != "万元" or kind != "money" and (
                        m.group(2) != kind and not (kind == "score" and m.group(2) == "分")):
                    continue
                value = to_yuan(m.group(1), "万元") if kind == "money" else m.group(1)
                fact = {"label": label, "value": value, "unit": unit,
                        "text": phrase + m.group(0), "sentence": sent}
                if k in subject_of:
                    fact["subject"] = subject_of[k]
                out.append(fact)
            # "本年度无年末结转和结余。": stated as none, i.e. 0
            if re.search(r"无年末结转和结余", sent):
                out.append({"label": "年末结转和结余", "value": "0", "unit": "元",
                            "text": "无年末结转和结余", "sentence": sent})
    return out


def projects_002(paras):
    out = []
    for k, para in enumerate(paras):
        m = PROJECT_RE.match(para)
        if m:
            out.append({"number": int(m.group(1)), "head": m.group(2), "paras": [k]})
        elif out and out[-1]["paras"][-1] == k - 1 and para.startswith("该项目"):
            out[-1]["paras"].append(k)
    for pr in out:
        text = pr.pop("head") + "".join(paras[k] for k in pr["paras"][1:])
        cut = re.search("|".join(f"(?:该项目)?{w}：" for w in STATEMENTS_002), text)
        pr["name"] = text[:cut.start()].strip()
        d = DOCNO_RE.search(pr["name"])
        pr["document_number"] = d.group(0) if d else None
        parts = re.split("(" + "|".join(STATEMENTS_002) + ")：", text[cut.start():])
        pr["statements"] = {parts[i]: parts[i + 1].strip().rstrip("；;。").strip()
                            for i in range(1, len(parts), 2)}
    return out


def build_002():
    """峨边 部门整体支出预算绩效自评报告: a prose-only Word report (headings, body paragraphs,
    the project list as numbered paragraphs), as offices publish it."""
    L = seed_lines(SEEDS / SEED002)
    paras = [l.strip() for l in L if l.strip() and l.strip() != "[bookmark: _GoBack]"
             and not re.match(r"^- \d+ -$", l.strip())]
    b = DocxBuilder()
    for k, ln in enumerate(paras):
        if k == 0:                                           # 附件2
            b.para(ln, 12, indent=False, font="黑体")
        elif ln == "部门整体支出预算绩效自评报告":
            b.para(ln, 20, True, "center", font="方正小标宋简体")
        elif ln.startswith("（") and ln.endswith("）") and len(ln) < 30 and k < 4:
            b.para(ln, 14, False, "center", font="楷体")
        elif re.match(r"^([一二三四五六七八九十]+、|\d、 )", ln) and len(ln) < 30:
            b.para(ln, 12, True, font="黑体")
        elif re.match(r"^(（[一二三四五六七八九十\d]+）|（\d） )", ln) and len(ln) < 30:
            b.para(ln, 12, True, font="楷体")
        elif PROJECT_RE.match(ln):
            b.para(ln, 11, True)
        else:
            b.para(ln, 11, align="justify")
    path = OUT / "002_ebian_2024_performance_report.docx"
    b.save(path)
    projects = projects_002(paras)
    facts = facts_002(paras, projects)
    for pr in projects:
        del pr["paras"]
    doc = {"truth_version": 1, "seed": SEED002,
           "report": {"kind": "performance", "department": "峨边彝族自治县应急管理局",
                      "year": 2024, "title": "部门整体支出预算绩效自评报告"},
           "amounts": "fact values: 元 as exact decimal strings, % and score as printed; "
                      "text = the statement as printed (label phrase + number + unit), "
                      "sentence = the sentence it is in; subject = the project a fact is "
                      "stated under",
           "facts": facts, "projects": projects, "tables": []}
    TRUTH.mkdir(parents=True, exist_ok=True)
    (TRUTH / "002_ebian_2024_performance_report.json").write_text(
        json.dumps(doc, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return path


# ---------------------------------------------------------------- reportlab PDFs

def cid_pdf(tables, path, encrypt=None, ttf=False, watermark=None):
    """Tables drawn glyph by glyph with the predefined CMap UniGB-UCS2-H and no embedded
    font (STSong-Light), ruling lines drawn as paths, as some finance systems print."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    if ttf:
        # embedded subset of a TrueType font (reportlab's CID fonts do not survive its
        # encryption: the CIDSystemInfo strings come out unreadable)
        from reportlab.pdfbase.ttfonts import TTFont
        pdfmetrics.registerFont(TTFont("WQY", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
                                       subfontIndex=0))
        F = "WQY"
    else:
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        F = "STSong-Light"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1, encrypt=encrypt)
    c.setTitle("")
    c.setAuthor("")
    c.setCreator("budget-extract samples")
    c.setProducer("budget-extract samples")
    for t in tables:
        land = t.ncols > 6
        W, H = landscape(A4) if land else A4
        c.setPageSize((W, H))
        cells, merges, nhead = table_grid(t, "seed")
        ws = t.opts.get("widths") or [13 if c_ == 0 else 26 if c_ == 1 else 11
                                      for c_ in range(t.ncols)]
        avail = W - 80
        colw = [avail * w / sum(ws) for w in ws]
        x0 = 40
        y = H - 50
        c.setFont(F, 16)
        title = (t.label + "  " + t.title) if t.opts.get("label_in_title") else t.title
        c.drawCentredString(W / 2, y, title)
        y -= 22
        c.setFont(F, 9)
        if t.label and not t.opts.get("label_in_title"):
            c.drawRightString(W - 40, y, t.label)
            y -= 14
        c.drawString(x0, y, t.dept_line or "")
        if t.year_line:
            c.drawCentredString(W / 2, y, t.year_line)
        c.drawRightString(W - 40, y, t.unit_line)
        y -= 8
        rh = min(15.5, (y - 60) / len(cells))
        covered = {}
        for (r0, c0, r1, c1) in merges:
            for rr in range(r0, r1 + 1):
                for cc in range(c0, c1 + 1):
                    covered[(rr, cc)] = (r0, c0, r1, c1)
        amounts = t.amount_cols()
        top = y
        c.setLineWidth(0.6)
        for r in range(len(cells)):
            for cc in range(t.ncols):
                m = covered.get((r, cc))
                if m and (m[0], m[1]) != (r, cc):
                    continue
                r1, c1 = (m[2], m[3]) if m else (r, cc)
                cx = x0 + sum(colw[:cc])
                cw = sum(colw[cc:c1 + 1])
                cy = top - (r1 + 1) * rh
                ch = (r1 - r + 1) * rh
                p = c.beginPath()
                p.rect(cx, cy, cw, ch)
                c.drawPath(p, stroke=1, fill=0)
                v = cells[r][cc]
                if not v:
                    continue
                size = 8.5
                while pdfmetrics.stringWidth(v, F, size) > cw - 4 and size > 5:
                    size -= 0.5
                c.setFont(F, size)
                ty = cy + ch / 2 - size / 3
                if r < nhead or v in ("——", "-"):
                    c.drawCentredString(cx + cw / 2, ty, v)
                elif cc in amounts:
                    c.drawRightString(cx + cw - 3, ty, v)
                else:
                    c.drawString(cx + 3, ty, v)
        y = top - len(cells) * rh - 14
        c.setFont(F, 8.5)
        for note in t.notes:
            c.drawString(x0, y, note[:90])
            y -= 12
        if watermark:
            # drawn last, on top of the table, like the seed's "仅供内部审核"
            c.saveState()
            c.setFillGray(0.75)
            c.setFont(F, 40)
            for wx, wy in ((W * 0.3, H * 0.3), (W * 0.7, H * 0.7)):
                c.saveState()
                c.translate(wx, wy)
                c.rotate(35)
                c.drawCentredString(0, 0, watermark)
                c.restoreState()
            c.restoreState()
        c.setFont(F, 9)
        c.drawCentredString(W / 2, 20, f"第 {tables.index(t) + 1} 页")
        c.showPage()
    c.save()
    log("wrote", path)


def scan_pdf(src_pdf, page, path, angle=0.35):
    """An image-only PDF: one printed page rendered to grey pixels, slightly skewed."""
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas
    with tempfile.TemporaryDirectory() as td:
        subprocess.run(["pdftoppm", "-r", "150", "-gray", "-png", "-f", str(page), "-l",
                        str(page), str(src_pdf), f"{td}/p"], check=True)
        png = sorted(Path(td).glob("p*.png"))[0]
        im = Image.open(png).convert("L")
        im = im.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
        im = im.point(lambda v: 235 if v > 235 else v)  # paper tone
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=70)
        buf.seek(0)
    W, H = A4 if im.width < im.height else (A4[1], A4[0])
    c = canvas.Canvas(str(path), pagesize=(W, H), invariant=1)
    c.setCreator("Scanner")
    c.setProducer("Scanner")
    c.drawImage(ImageReader(buf), 0, 0, W, H)
    c.showPage()
    c.save()
    log("wrote", path)


# ---------------------------------------------------------------- broken inputs

class GbkZipInfo(zipfile.ZipInfo):
    """Entry name stored in GBK without the UTF-8 flag, as Windows zip tools write it."""
    def _encodeFilenameFlags(self):
        return self.filename.encode("gbk"), self.flag_bits


HTML_ERROR = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>404 页面不存在</title></head>
<body><div class="error"><h1>404</h1><p>抱歉，您访问的页面不存在或已被删除！</p>
<p><a href="/">返回首页</a></p></div></body></html>
"""


def build_bad(T4):
    from reportlab.lib import pdfencrypt
    BAD.mkdir(parents=True, exist_ok=True)
    src_pdf = OUT / "004_yangquan_2026_budget_from_xlsx.pdf"
    b = src_pdf.read_bytes()
    (BAD / "truncated_half.pdf").write_bytes(b[: len(b) // 2])
    x = (OUT / "000_yangcheng_2024_final.xlsx").read_bytes()
    (BAD / "truncated_half.xlsx").write_bytes(x[: len(x) // 2])
    # a .xls download cut short: the OLE signature stays, the directory naming its streams
    # (at the end of LibreOffice's files) is gone
    xls = (OUT / "004_yangquan_2026_budget.xls").read_bytes()
    (BAD / "truncated_half.xls").write_bytes(xls[: len(xls) // 2])
    (BAD / "html_error_page.pdf").write_bytes(HTML_ERROR.encode("utf-8"))
    (BAD / "empty.pdf").write_bytes(b"")
    cid_pdf([T4[2]], BAD / "password_user.pdf",
            encrypt=pdfencrypt.StandardEncryption("secret", ownerPassword="owner-secret",
                                                  strength=128), ttf=True)
    cid_pdf([T4[2]], BAD / "encrypted_empty_user_password.pdf",
            encrypt=pdfencrypt.StandardEncryption("", ownerPassword="owner-secret",
                                                  canPrint=1, canCopy=0, canModify=0,
                                                  canAnnotate=0, strength=128), ttf=True)
    zp = BAD / "bundle_two_samples_one_broken.zip"
    with zipfile.ZipFile(zp, "w", zipfile.ZIP_DEFLATED) as z:
        for arc, data, gbk in (
                ("阳城县应急管理局2024年度决算公开.xlsx",
                 (OUT / "000_yangcheng_2024_final.xlsx").read_bytes(), True),
                ("004_yangquan_2026_budget_cidfont.pdf",
                 (OUT / "004_yangquan_2026_budget_cidfont.pdf").read_bytes(), False),
                ("附件3-损坏.pdf", b[: len(b) // 3], False)):
            zi = (GbkZipInfo if gbk else zipfile.ZipInfo)(arc, ZIP_DT)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, data)
    log("wrote broken inputs under", BAD)


# ---------------------------------------------------------------- LibreOffice

def lo_convert(src, fmt, dest):
    """Print/convert with LibreOffice in a private profile; fonts.conf maps 宋体 etc."""
    with tempfile.TemporaryDirectory() as td:
        env = dict(os.environ, FONTCONFIG_FILE=str(HERE / "fonts.conf"), TZ="UTC")
        cmd = ["soffice", f"-env:UserInstallation=file://{td}/profile", "--headless",
               "--convert-to", fmt, "--outdir", td, str(src)]
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=300)
        ext = fmt.split(":")[0]
        produced = Path(td) / (Path(src).stem + "." + ext)
        shutil.move(str(produced), dest)
    if str(dest).endswith(".pdf"):
        normalize_pdf(Path(dest))
    log("wrote", dest)


# ---------------------------------------------------------------- truth

def write_truth(stem, report, tables, seed, extra=None, forms=()):
    out = []
    for t in tables:
        out.extend(truth_tables(t))
    out.extend(f[3] for f in forms)
    doc = {"truth_version": 1, "seed": seed, "report": report,
           "amounts": "values are 元 as exact decimal strings; null = blank or ——",
           "tables": out}
    if extra:
        doc.update(extra)
    TRUTH.mkdir(parents=True, exist_ok=True)
    p = TRUTH / f"{stem}.json"
    p.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", "utf-8")
    log("wrote", p)


def index_add(sample, truth_stem, tables="all", **notes):
    INDEX[sample] = dict(truth=f"{truth_stem}.json", tables=tables, **notes)


def write_index():
    p = TRUTH / "index.json"
    old = json.loads(p.read_text("utf-8")) if p.exists() else {}
    old.update(INDEX)
    p.write_text(json.dumps(dict(sorted(old.items())), ensure_ascii=False, indent=1) + "\n",
                 "utf-8")


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-pdf", action="store_true")
    ap.add_argument("--only", default="")
    a = ap.parse_args()
    OUT.mkdir(exist_ok=True)
    if a.only in ("", "002"):
        p2 = build_002()
        index_add(p2.name, p2.stem, tables=[],
                  notes="prose-only Word report: facts and the project list, no table")
        if not a.no_pdf:
            lo_convert(p2, "pdf", OUT / f"{p2.stem}.pdf")
            index_add(f"{p2.stem}.pdf", p2.stem, tables=[],
                      notes="LibreOffice print of the docx: sentences wrap over lines and pages")
        if a.only:
            write_index()
            return
    T0, L0 = tables_000()
    stem0 = "000_yangcheng_2024_final"
    F0 = perf_forms.forms_000(L0)
    build_xlsx(T0, OUT / f"{stem0}.xlsx", "000")
    perf_forms.add_form_sheets(OUT / f"{stem0}.xlsx", F0, "绩效", normalize_zip)
    write_truth(stem0, report_000(), T0, SEED000, extra={"prose_facts": prose_facts(
        section_lines(L0, "第三部分 情况说明", "第四部分 名词解释"))}, forms=F0)
    index_add(f"{stem0}.xlsx", stem0)
    build_docx_000(T0, L0, OUT / f"{stem0}.docx", F0)
    index_add(f"{stem0}.docx", stem0)
    if not a.no_pdf:
        lo_convert(OUT / f"{stem0}.docx", "pdf", OUT / f"{stem0}_from_docx.pdf")
        index_add(f"{stem0}_from_docx.pdf", stem0)
        lo_convert(OUT / f"{stem0}.xlsx", "pdf", OUT / f"{stem0}_from_xlsx.pdf")
        index_add(f"{stem0}_from_xlsx.pdf", stem0,
                  notes="LibreOffice print of the xlsx; 公开01 continues on page 2 with its "
                        "header repeated, 公开03 and 公开04 continue without header")
    T4, L4 = tables_004()
    stem4 = "004_yangquan_2026_budget"
    F4 = perf_forms.forms_004(L4)
    build_xlsx(T4, OUT / f"{stem4}.xlsx", "004")
    perf_forms.add_form_sheets(OUT / f"{stem4}.xlsx", F4, "目标表", normalize_zip)
    write_truth(stem4, report_004(), T4, SEED004, extra={"prose_facts": prose_facts(
        section_lines(L4, "第三部分 2026年度部门预算情况说明", "第四部分 名词解释"))}, forms=F4)
    index_add(f"{stem4}.xlsx", stem4)
    build_docx_004(T4, L4, OUT / f"{stem4}.docx", F4)
    index_add(f"{stem4}.docx", stem4)
    if not a.no_pdf:
        lo_convert(OUT / f"{stem4}.xlsx", "pdf", OUT / f"{stem4}_from_xlsx.pdf")
        index_add(f"{stem4}_from_xlsx.pdf", stem4)
        lo_convert(OUT / f"{stem4}.docx", "pdf", OUT / f"{stem4}_from_docx.pdf")
        index_add(f"{stem4}_from_docx.pdf", stem4)
        lo_convert(OUT / f"{stem4}.xlsx", "xls", OUT / f"{stem4}.xls")
        index_add(f"{stem4}.xls", stem4, notes="BIFF8 .xls converted from the xlsx by LibreOffice")
    cid_pdf([T0[0], T0[1], T0[4]], OUT / f"{stem0}_cidfont.pdf", watermark="仅供内部审核")
    index_add(f"{stem0}_cidfont.pdf", stem0, tables=["公开01", "公开02", "公开05"],
              notes="STSong-Light, UniGB-UCS2-H predefined CMap, font not embedded, "
                    "no ToUnicode; ruling drawn as rectangle paths; rotated grey watermark "
                    "仅供内部审核 drawn over each table; page numbers")
    cid_pdf([T4[2]], OUT / f"{stem4}_cidfont.pdf")
    index_add(f"{stem4}_cidfont.pdf", stem4, tables=["budget.expenditure"],
              notes="表三; STSong-Light UniGB-UCS2-H, not embedded")
    if not a.no_pdf:
        scan_pdf(OUT / f"{stem0}_from_xlsx.pdf", 3, OUT / f"{stem0}_scan.pdf")
        index_add(f"{stem0}_scan.pdf", stem0, tables=[], scanned=True,
                  notes="image-only page (公开02 收入决算表 rendered at 150 dpi, skewed 0.35°); "
                        "no text layer: the record should say the pages are scanned; "
                        "an OCR reader would find 公开02")
    p3 = build_003()
    index_add(p3.name, p3.stem, notes="one sheet; performance truth: funds in 元, cells as printed")
    p1 = build_001()
    index_add(p1.name, p1.stem, notes="narrative + 整体 and 3 project self-eval Word tables "
                                      "(title rows inside the table)")
    if not a.no_pdf:
        lo_convert(p3, "pdf", OUT / f"{p3.stem}.pdf")
        index_add(f"{p3.stem}.pdf", p3.stem)
        lo_convert(p1, "pdf", OUT / f"{p1.stem}.pdf")
        index_add(f"{p1.stem}.pdf", p1.stem)
    if not a.no_pdf:
        build_bad(T4)
    write_index()


if __name__ == "__main__":
    main()
