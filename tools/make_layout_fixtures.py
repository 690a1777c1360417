#!/usr/bin/env python3
"""Build the synthetic layout fixtures: xlsx/docx tables → PDF (LibreOffice) → PageContent
JSON (tools/pdf_fixture_dump.py), plus a few pages of the real PDFs in /work/shared/real/.
Development aid only; the JSON it writes under tests/fixtures/layout/ is committed.

usage: make_layout_fixtures.py WORKDIR OUTDIR
"""
import os
import subprocess
import sys

import docx
from docx.enum.section import WD_ORIENT
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

HERE = os.path.dirname(os.path.abspath(__file__))
THIN = Side(style="thin")
ALL = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOTTOM = Border(bottom=THIN)
TOPBOTTOM = Border(top=THIN, bottom=THIN)


def soffice(path, outdir):
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", outdir, path],
        check=True,
        capture_output=True,
    )
    return os.path.splitext(path)[0] + ".pdf"


def dump(pdf, pages, out):
    subprocess.run(
        [sys.executable, os.path.join(HERE, "pdf_fixture_dump.py"), pdf, pages, out], check=True
    )


def put(ws, r, c, v, border=ALL, wrap=False, h=None, v_al="center", bold=False, size=10):
    cell = ws.cell(row=r, column=c, value=v)
    cell.border = border
    cell.alignment = Alignment(wrap_text=wrap, horizontal=h, vertical=v_al)
    cell.font = Font(name="Noto Sans CJK SC", size=size, bold=bold)
    return cell


def two_sided(path):
    """Two-sided table with merged header cells, a wrapped name, a title and a unit line."""
    wb = Workbook()
    ws = wb.active
    ws.title = "s"
    for col, w in zip("ABCD", (18, 10, 22, 10)):
        ws.column_dimensions[col].width = w
    ws.merge_cells("A1:D1")
    put(ws, 1, 1, "收支总表", border=Border(), h="center", size=16)
    put(ws, 2, 1, "部门：示例单位", border=Border(), h="left")
    put(ws, 2, 4, "单位：万元", border=Border(), h="right")
    ws.merge_cells("A3:B3")
    put(ws, 3, 1, "收入", h="center")
    put(ws, 3, 2, None)
    ws.merge_cells("C3:D3")
    put(ws, 3, 3, "支出", h="center")
    put(ws, 3, 4, None)
    for c, t in enumerate(["项目", "金额", "项目", "金额"], 1):
        put(ws, 4, c, t, h="center")
    rows = [
        ("一、财政拨款", "100.00", "一、一般公共服务支出", "60.00"),
        ("二、事业收入", "20.50", "二、社会保障和就业支出", "40.50"),
        ("三、其他收入", "", "三、灾害防治及应急管理支出和其他很长的名称", "20.00"),
        ("本年收入合计", "120.50", "本年支出合计", "120.50"),
    ]
    for i, row in enumerate(rows, 5):
        for c, t in enumerate(row, 1):
            put(ws, i, c, t, wrap=(c == 3), h="right" if c % 2 == 0 else "left")
    ws.row_dimensions[7].height = 30
    wb.save(path)


def continued(path):
    """A long ruled table over two pages with the header row repeated (print titles)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "s"
    for col, w in zip("ABC", (14, 30, 14)):
        ws.column_dimensions[col].width = w
    ws.merge_cells("A1:C1")
    put(ws, 1, 1, "支出表", border=Border(), h="center", size=16)
    for c, t in enumerate(["科目编码", "科目名称", "金额"], 1):
        put(ws, 2, c, t, h="center")
    for i in range(60):
        r = 3 + i
        put(ws, r, 1, str(2010101 + i))
        put(ws, r, 2, f"科目{i + 1}")
        put(ws, r, 3, f"{(i + 1) * 1.25:.2f}", h="right")
    ws.print_title_rows = "2:2"
    wb.save(path)


def wide(path):
    """A wide landscape table: 4 code/name/amount triples side by side, 2-row header."""
    wb = Workbook()
    ws = wb.active
    ws.title = "s"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    for k in range(4):
        ws.merge_cells(start_row=1, start_column=3 * k + 1, end_row=1, end_column=3 * k + 3)
        put(ws, 1, 3 * k + 1, f"组{k + 1}", h="center")
        put(ws, 1, 3 * k + 2, None)
        put(ws, 1, 3 * k + 3, None)
        for j, t in enumerate(["编码", "名称", "金额"]):
            put(ws, 2, 3 * k + 1 + j, t, h="center")
        for i in range(5):
            put(ws, 3 + i, 3 * k + 1, str(301 + 10 * k + i))
            put(ws, 3 + i, 3 * k + 2, f"名称{k}{i}")
            put(ws, 3 + i, 3 * k + 3, f"{k * 10 + i}.00", h="right")
    wb.save(path)


def hrules(path):
    """A table ruled with horizontal lines only (top/bottom of header, bottom of table);
    a wrapped name with its amounts vertically centred."""
    wb = Workbook()
    ws = wb.active
    ws.title = "s"
    for col, w in zip("ABCD", (12, 16, 12, 12)):
        ws.column_dimensions[col].width = w
    put(ws, 1, 1, "横线表", border=Border(), size=14)
    for c, t in enumerate(["编码", "名称", "合计", "基本支出"], 1):
        put(ws, 2, c, t, border=TOPBOTTOM, h="center")
    data = [
        ("201", "一般公共服务", "10.00", "8.00"),
        ("20101", "人大事务和其他需要换行的事务", "6.00", "4.00"),
        ("2010101", "行政运行", "4.00", "4.00"),
        ("208", "社会保障", "3.00", ""),
    ]
    for i, row in enumerate(data, 3):
        last = i == 2 + len(data)
        for c, t in enumerate(row, 1):
            put(ws, i, c, t, border=BOTTOM if last else Border(), wrap=(c == 2),
                h="right" if c >= 3 else "left")
    ws.row_dimensions[4].height = 30
    put(ws, 8, 1, "注：本表为示例。", border=Border())
    wb.save(path)


def borderless(path):
    """A table with no rules at all."""
    wb = Workbook()
    ws = wb.active
    ws.title = "s"
    for col, w in zip("ABC", (20, 12, 12)):
        ws.column_dimensions[col].width = w
    for c, t in enumerate(["项目", "预算数", "决算数"], 1):
        put(ws, 1, c, t, border=Border(), h="center")
    for i, row in enumerate(
        [("因公出国费", "1.00", "0.50"), ("公务接待费", "2.00", "1.75"), ("合计", "3.00", "2.25")], 2
    ):
        for c, t in enumerate(row, 1):
            put(ws, i, c, t, border=Border(), h="right" if c > 1 else "left")
    wb.save(path)


def word_table(path):
    """A Word table with a vertically merged cell, a horizontally merged header and prose."""
    d = docx.Document()
    sec = d.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    p = d.add_paragraph("一、部门概况")
    p.runs[0].font.size = Pt(14)
    d.add_paragraph("本部门主要职责是示例文字，用于测试版面还原。")
    t = d.add_table(rows=4, cols=4)
    t.style = "Table Grid"
    a = t.cell(0, 0).merge(t.cell(1, 0))
    a.text = "一级指标"
    b = t.cell(0, 1).merge(t.cell(0, 3))
    b.text = "指标值"
    for c, s in enumerate(["年初", "全年", "得分"], 1):
        t.cell(1, c).text = s
    for r, row in enumerate([("产出", "100", "98", "9.5"), ("效益", "≥90%", "95%", "10")], 2):
        for c, s in enumerate(row):
            t.cell(r, c).text = s
    d.add_paragraph("注：示例。")
    d.save(path)


def main():
    work, out = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    os.makedirs(out, exist_ok=True)
    made = [
        ("two_sided.xlsx", two_sided, "1"),
        ("continued.xlsx", continued, "1-2"),
        ("wide.xlsx", wide, "1"),
        ("hrules.xlsx", hrules, "1"),
        ("borderless.xlsx", borderless, "1"),
        ("word_table.docx", word_table, "1"),
    ]
    for name, fn, pages in made:
        src = os.path.join(work, name)
        fn(src)
        pdf = soffice(src, work)
        dump(pdf, pages, os.path.join(out, os.path.splitext(name)[0] + ".json"))
    real = "/work/shared/real/"
    for src, pages, name in [
        ("江苏省人民检察院__2017年省检察院部门预算.pdf", "10", "real_jc2017_p10.json"),
        ("江苏省人民检察院__2018年省检察院部门预算公开.pdf", "13", "real_jc2018_p13.json"),
    ]:
        dump(real + src, pages, os.path.join(out, name))


if __name__ == "__main__":
    main()
