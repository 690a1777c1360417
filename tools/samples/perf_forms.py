"""Project performance forms of the seed reports laid out as offices print them.

000 (阳城 2024 决算) carries 23 项目支出绩效自评表 after 公开10 (第五部分 附件); 004 (阳泉 2026
预算) carries 16 项目支出绩效目标表. The dump loses merged cells, so its cells drift left or right
from row to row; every form is rebuilt here on the grid of its template (shape), placing each
dump cell by what it is:

* fund lines: the 执行率 cell (a percent or #DIV/0!) anchors the amounts before it (right
  aligned: a line without 年初预算数 prints two amounts) and the 分值/得分 after it; the county
  template (目标申报数/预算编制数 …) prints its numbers in column order;
* indicator lines: 一级 / 二级 cells are told by their words (产出指标, 数量指标 …), the first
  other cell is the 三级指标 and the cells after it are in column order.

Every 自评表 of 000 is built (26: 24 项目支出 on the provincial and county templates, 2 转移支付),
and all 16 目标表 of 004: 14 on the plain layout (TARGETS_004), then the two of the packed layout
(TARGETS_004_PACKED, form_target_packed: "年度资金总额：50万元" in one cell, labels a row below).
Where placing cells by what they are is not enough, a per-form repair table (REPAIRS_000,
REPAIRS_004: seed line → the line as the form prints it, with the reason) moves the dump's cells
back to their columns first; a repair never fills a value the dump does not print.

Returns grids (cells, merges) plus the truth of each form (funds in 元 as exact decimal
strings, other cells as printed; indicators with their 一级/二级/三级 path).
"""
import re
from decimal import Decimal

from tables import to_yuan

LEVEL1 = ("产出指标", "效益指标", "满意度指标")
LEVEL2 = ("数量指标", "质量指标", "时效指标", "经济效益", "社会效益", "生态效益", "可持续影响",
          "服务对象满意度", "其他满意度")
# "1. 产出指标", "2. 效益指标": the 山西省… 目标表 numbers its 一级 cells
LEVEL_NUMBER = re.compile(r"^\d+\.\s*")
RATE_RE = re.compile(r"(-?[\d.]+%|#DIV/0!)")
NUM_RE = re.compile(r"-?[\d,]+(\.\d+)?")


def _cells(line):
    return [c.strip() for c in line.split("\t")]


def _nonempty(line):
    return [c for c in _cells(line) if c]


class Grid:
    """Rows of N cells with horizontal spans and vertical label runs."""

    def __init__(self, n):
        self.n = n
        self.cells = []
        self.merges = []
        self.kinds = []  # per row: "head" | "body"

    def row(self, parts, kind="body"):
        """parts: [(text, span)…] filling N columns."""
        assert sum(s for _, s in parts) == self.n, (parts, self.n)
        r = len(self.cells)
        row, c = [], 0
        for text, span in parts:
            row.append(text)
            row.extend([""] * (span - 1))
            if span > 1:
                self.merges.append((r, c, r, c + span - 1))
            c += span
        self.cells.append(row)
        self.kinds.append(kind)
        return r

    def vmerge(self, r0, r1, c):
        if r1 > r0:
            self.merges.append((r0, c, r1, c))

    def runs(self, r0, r1, col):
        """Merge each label in `col` down over the empty cells under it (rows r0..r1)."""
        r = r0
        while r <= r1:
            if self.cells[r][col]:
                e = r
                while e + 1 <= r1 and not self.cells[e + 1][col]:
                    e += 1
                self.vmerge(r, e, col)
                r = e + 1
            else:
                r += 1


def _level(cell, cost_level1):
    cell = LEVEL_NUMBER.sub("", cell)
    if cell.startswith(LEVEL1) or (cost_level1 and cell.startswith("成本指标")):
        return 1
    if cell.startswith(LEVEL2) or cell.startswith("成本指标") or cell.startswith("可持续"):
        return 2
    return 0


def _indicator(line, cost_level1, first_label):
    """(level1, level2, name, [values after the name]) of one indicator line of the dump."""
    cells = _cells(line)
    if cells and cells[0] == first_label:
        cells = cells[1:]
    l1 = l2 = None
    i = 0
    while i < len(cells):
        c = cells[i]
        lv = _level(c, cost_level1) if c else -1
        if lv == 1 and l1 is None and l2 is None:
            l1 = c
        elif lv == 2 and l2 is None:
            l2 = c
        elif lv == 0:
            break
        i += 1
    name = cells[i] if i < len(cells) else ""
    return l1, l2, name, cells[i + 1:]


def _fund_values(cells, name):
    after = cells[cells.index(name) + 1:]
    return after


def _section(L, i, stop):
    """Lines from i up to (not including) the first line starting with a word in stop."""
    out = []
    while i < len(L) and not any(L[i].strip().startswith(s) for s in stop):
        if L[i].strip():
            out.append(L[i])
        i += 1
    return out, i


def _indicator_rows(lines, cost_level1, first_label, ncols, path_cols):
    """Normalised indicator rows: [l1, l2, name] + ncols values, and their truth."""
    rows, truth = [], []
    path = ["", ""]
    for ln in lines:
        l1, l2, name, vals = _indicator(ln, cost_level1, first_label)
        if l1:
            path = [l1, ""]
        if l2:
            path[1] = l2
        if len(vals) > ncols:  # a reason printed one cell further right
            vals = vals[:ncols - 1] + ["".join(vals[ncols - 1:])]
        vals = (vals + [""] * ncols)[:ncols]
        rows.append([l1 or "", l2 or "", name] + vals)
        if name:
            truth.append({"path": [path[0], path[1], name],
                          "texts": dict(zip(path_cols, vals))})
    return rows, truth


def _find(L, title, start):
    return next(k for k in range(start, len(L)) if L[k].strip() == title)


def _fields(line):
    ne = _nonempty(line)
    return list(zip(ne[0::2], ne[1::2]))


def form_provincial(L, i, title):
    """省级 template, 9 columns: 资金情况(万元) 年初/全年预算数/全年执行数/预算执行率/分值/得分/原因."""
    N = 9
    g = Grid(N)
    j = i + 1
    while not L[j].startswith("项目名称"):
        j += 1
    name_f = _fields(L[j])
    dept_f = _fields(L[j + 1])
    g.row([(name_f[0][0], 1), (name_f[0][1], N - 1)])
    g.row([(dept_f[0][0], 1), (dept_f[0][1], 3), (dept_f[1][0], 1), (dept_f[1][1], 4)])
    head = _nonempty(L[j + 2])
    label, cols = head[0], head[1:]
    assert len(cols) == 7, cols
    h0 = g.row([(label, 1), ("", 1)] + [(c, 1) for c in cols], "head")
    fund_lines, k = _section(L, j + 3, ("年度总体目标",))
    funds = []
    for ln in fund_lines:
        ne = _nonempty(ln)
        name = ne[0]
        rest = ne[1:]
        rate = next((x for x in rest if RATE_RE.fullmatch(x)), None)
        vals = [""] * 7
        if rate is not None:
            p = rest.index(rate)
            amounts = rest[:p]
            for q, a in enumerate(amounts):
                vals[3 - len(amounts) + q] = a
            vals[3] = rate
            for q, a in enumerate(rest[p + 1:]):
                vals[4 + q] = a
        g.row([("", 1), (name, 1)] + [(v, 1) for v in vals], "fund")
        tv = {}
        for h, v in zip(cols, vals):
            if h in ("年初预算数", "全年预算数", "全年执行数"):
                tv[h] = to_yuan(v, "万元") if v else None
            elif v:
                tv[h] = v
        funds.append({"name": name, "values": tv})
    g.vmerge(h0, len(g.cells) - 1, 0)
    # 年度总体目标: heading + the two texts
    goal_head = _nonempty(L[k])
    goal_text = _nonempty(L[k + 1])
    r = g.row([(goal_head[0], 1), (goal_head[1], 4), (goal_head[2], 4)], "head")
    g.row([("", 1), (goal_text[0], 4), (goal_text[1] if len(goal_text) > 1 else "", 4)])
    g.vmerge(r, r + 1, 0)
    k += 2
    ind_head = _nonempty(L[k])
    hcols = ind_head[4:]
    r_ind = g.row([(c, 1) for c in ind_head], "head")
    ind_lines, k = _section(L, k + 1, ("合计", "总分"))
    # 成本指标 is an 二级 of 产出指标: 产出指标(50分) = 数量20 + 质量10 + 时效10 + 成本10 on every
    # provincial form of the seed (the dump prints its cell in the 一级 column, 绩效01)
    rows, indicators = _indicator_rows(ind_lines, False, ind_head[0], 5, hcols)
    for row in rows:
        g.row([("", 1)] + [(v, 1) for v in row], "ind")
    last = len(g.cells) - 1
    g.vmerge(r_ind, last, 0)
    g.runs(r_ind + 1, last, 1)
    total = _nonempty(L[k])
    g.row([(total[0], 6), (total[1], 1), (total[2], 1), ("", 1)], "total")
    k += 1
    k = _analysis(g, L, k, N)
    t = {"title": title, "unit": "万元", "texts": {name_f[0][0]: name_f[0][1]},
         "funds": funds, "indicators": indicators,
         "total": {"weight": total[1], "score": total[2]}}
    return g, t, k


def _analysis(g, L, k, N):
    """项目绩效分析 lines (label | sub-labels | text) and the closing one-label lines. A block line
    prints its labels after as many blank cells as the labels above it (自评结果分析 | 产出情况 under
    项目绩效分析: 安监人员入井补助), the text spanning the rest of the row."""
    r0 = None
    while k < len(L) and L[k].strip():
        ne = _nonempty(L[k])
        lead = len(L[k]) - len(L[k].lstrip("\t"))
        if L[k].startswith("项目绩效分析") or (r0 is not None and lead and len(ne) >= 2):
            if r0 is None:
                r0 = len(g.cells)
            depth = min(lead, 2) if not L[k].startswith("项目绩效分析") else 0
            labels, text = ne[:-1], ne[-1] if len(ne) > 1 else ""
            if len(ne) == 1:
                labels = ne
            parts = [("", 1)] * depth + [(x, 1) for x in labels]
            g.row(parts + [(text, N - len(parts))])
        else:
            if r0 is not None:
                g.vmerge(r0, len(g.cells) - 1, 0)
                g.runs(r0, len(g.cells) - 1, 1)
                r0 = None
            g.row([(ne[0], 2), (ne[1] if len(ne) > 1 else "", N - 2)])
        k += 1
    if r0 is not None:
        g.vmerge(r0, len(g.cells) - 1, 0)
        g.runs(r0, len(g.cells) - 1, 1)
    return k


def form_transfer(L, i, title):
    """转移支付 template, 7 columns: 全年预算数(A) / 全年执行数(B) / 预算执行率, no scores."""
    N = 7
    g = Grid(N)
    j = i + 1
    while not L[j].startswith("转移支付"):
        j += 1
    f1 = _fields(L[j])
    f2 = _fields(L[j + 1])
    f3 = _fields(L[j + 2])
    g.row([(f1[0][0], 1), (f1[0][1], 6)])
    g.row([(f2[0][0], 1), (f2[0][1], 6)])
    g.row([(f3[0][0], 1), (f3[0][1], 2), (f3[1][0], 1), (f3[1][1], 3)])
    head = _nonempty(L[j + 3])
    label, cols = head[0], head[1:]
    h0 = g.row([(label, 1), ("", 2), (cols[0], 1), (cols[1], 1), (cols[2], 2)], "head")
    fund_lines, k = _section(L, j + 4, ("资金管理情况",))
    funds = []
    for ln in fund_lines:
        ne = _nonempty(ln)
        name, rest = ne[0], ne[1:]
        vals = ["", "", ""]
        rate = next((x for x in rest if RATE_RE.fullmatch(x)), None)
        if rate is not None:
            p = rest.index(rate)
            for q, a in enumerate(rest[:p]):
                vals[2 - p + q] = a
            vals[2] = rate
        g.row([("", 1), (name, 2), (vals[0], 1), (vals[1], 1), (vals[2], 2)], "fund")
        tv = {cols[0]: to_yuan(vals[0], "万元") if vals[0] else None,
              cols[1]: to_yuan(vals[1], "万元") if vals[1] else None}
        if vals[2]:
            tv[cols[2]] = vals[2]
        funds.append({"name": name, "values": tv})
    g.vmerge(h0, len(g.cells) - 1, 0)
    # 资金管理情况
    mh = _nonempty(L[k])
    r = g.row([(mh[0], 1), ("", 2), (mh[1], 3), (mh[2], 1)], "head")
    mlines, k = _section(L, k + 1, ("总体目标完成情况",))
    manage = {}
    for ln in mlines:
        ne = _nonempty(ln)
        g.row([("", 1), (ne[0], 2), (ne[1], 3), (ne[2] if len(ne) > 2 else "", 1)])
        manage[ne[0]] = ne[1]
    g.vmerge(r, len(g.cells) - 1, 0)
    gh = _nonempty(L[k])
    gt = _nonempty(L[k + 1])
    r = g.row([(gh[0], 1), (gh[1], 3), (gh[2], 3)], "head")
    g.row([("", 1), (gt[0], 3), (gt[1] if len(gt) > 1 else "", 3)])
    g.vmerge(r, r + 1, 0)
    k += 2
    ind_head = _nonempty(L[k])
    hcols = ind_head[4:]
    r_ind = g.row([(c, 1) for c in ind_head], "head")
    # the block ends at 说明 or, on forms without 说明 / 注 (自然灾害救灾资金), at the blank line
    ind_lines = []
    k += 1
    while k < len(L) and L[k].strip() and not L[k].startswith("说明"):
        ind_lines.append(L[k])
        k += 1
    rows, indicators = _indicator_rows(ind_lines, False, ind_head[0], 3, hcols)
    for row in rows:
        g.row([("", 1)] + [(v, 1) for v in row], "ind")
    last = len(g.cells) - 1
    g.vmerge(r_ind, last, 0)
    g.runs(r_ind + 1, last, 1)
    notes = []
    if k < len(L) and L[k].startswith("说明"):
        ne = _nonempty(L[k])
        g.row([(ne[0], 1), (ne[1], 6)])
        k += 1
    while k < len(L) and not L[k].strip():
        k += 1
    while k < len(L) and (L[k].startswith("- 注") or L[k].startswith(" ")):
        notes.append(L[k].strip().lstrip("- "))
        k += 1
    t = {"title": title, "unit": "万元", "texts": {f1[0][0]: f1[0][1]},
         "funds": funds, "indicators": indicators, "management": manage}
    return g, t, k, notes


def form_county(L, i, title):
    """县级 template, 10 columns: 年初预算数 over 目标申报数/预算编制数, 全年预算数, 全年执行数,
    资金结(转)余, 执行率, 得分, 偏差原因; indicators with 调整后指标值; 总分 | score | grade."""
    N = 10
    g = Grid(N)
    j = i + 1
    while not L[j].startswith("项目名称"):
        j += 1
    name_f = _fields(L[j])
    dept_f = _fields(L[j + 1])
    g.row([(name_f[0][0], 2), (name_f[0][1], 8)])
    g.row([(dept_f[0][0], 2), (dept_f[0][1], 3), (dept_f[1][0], 1), (dept_f[1][1], 4)])
    head = [c for c in _nonempty(L[j + 2]) if c != "资金总额:"]
    sub = _nonempty(L[j + 3])
    label = head[0]
    top = head[1:]  # 年初预算数 全年预算数 全年执行数 资金结(转)余 执行率 得分 偏差原因…
    assert top[0] == "年初预算数" and len(top) == 7, top
    h0 = g.row([(label, 1), ("", 1), (top[0], 2)] + [(c, 1) for c in top[1:]], "head")
    g.row([("", 1), ("", 1), (sub[0], 1), (sub[1], 1)] + [("", 1)] * 6, "head")
    for c in range(4, 10):
        g.vmerge(h0, h0 + 1, c)
    g.vmerge(h0, h0 + 1, 1)
    cols = [f"年初预算数/{sub[0]}", f"年初预算数/{sub[1]}"] + top[1:]
    fund_lines, k = _section(L, j + 4, ("项目年度绩效目标", "年度目标"))
    funds = []
    for ln in fund_lines:
        ne = _nonempty(ln)
        if NUM_RE.fullmatch(ne[0]):
            ne = ["资金总额:"] + ne  # the dump printed the label in the header line
        name, rest = ne[0], ne[1:]
        nums = [x for x in rest if NUM_RE.fullmatch(x)]
        text = [x for x in rest if not NUM_RE.fullmatch(x)]
        if len(nums) == 7:
            vals = nums + [text[0] if text else ""]
        else:
            # a repaired line (REPAIRS_000) prints its eight cells in column order, blanks kept
            cells = _cells(ln)
            vals = (cells[cells.index(name) + 1:] + [""] * 8)[:8]
            assert ln in _REPAIRED, (title, ln)
        g.row([("", 1), (name, 1)] + [(v, 1) for v in vals], "fund")
        tv = {}
        for h, v in zip(cols, vals):
            if h.startswith("年初预算数") or h in ("全年预算数", "全年执行数", "资金结(转)余"):
                tv[h] = to_yuan(v, "万元") if v else None
            elif v:
                tv[h] = v
        funds.append({"name": name, "values": tv})
    g.vmerge(h0, len(g.cells) - 1, 0)
    # 项目年度绩效目标: 年度目标 | 实际完成情况 and the texts
    a, b = _nonempty(L[k]), _nonempty(L[k + 1])
    if a[0] == "年度目标":
        a = ["项目年度绩效目标"] + a
        b = b[1:] if b[0] == "项目年度绩效目标" else b
    else:
        b = b[1:] if b[0] == "项目年度绩效目标" else b
    r = g.row([(a[0], 2), (a[1], 4), (a[2], 4)], "head")
    g.row([("", 2), (b[0], 4), (b[1] if len(b) > 1 else "", 4)])
    g.vmerge(r, r + 1, 0)
    k += 2
    ind_head = _nonempty(L[k])
    if ind_head[0] != "绩效指标":
        ind_head = ["绩效指标"] + ind_head
    hcols = ind_head[4:]
    r_ind = g.row([(c, 1) for c in ind_head], "head")
    ind_lines, k = _section(L, k + 1, ("总分",))
    rows, indicators = _indicator_rows(ind_lines, False, ind_head[0], 6, hcols)
    for row in rows:
        g.row([("", 1)] + [(v, 1) for v in row], "ind")
    last = len(g.cells) - 1
    g.vmerge(r_ind, last, 0)
    g.runs(r_ind + 1, last, 1)
    g.runs(r_ind + 1, last, 2)
    total = _nonempty(L[k])
    g.row([(total[0], 8), (total[1], 1), (total[2], 1)], "total")
    k += 1
    k = _analysis(g, L, k, N)
    t = {"title": title, "unit": "万元", "texts": {name_f[0][0]: name_f[0][1]},
         "funds": funds, "indicators": indicators,
         "total": {"score": total[1], "grade": total[2]}}
    return g, t, k


# Hand repairs of the dump, per form: seed line number (1-based, in the seed text) → the line as
# the form prints it (cells separated by "|", "" lines dropped, several lines inserted), with a
# word of the dump line it replaces (checked) and why. The dump loses merged cells and spreads
# the others over the columns of the widest row; the seed is the document, so a repair only
# moves printed cells (or leaves a cell blank where the dump prints nothing), never invents a
# value the scores or sums would suggest.
REPAIRS_000 = {
    "2024年安全生产预防和应急救援能力建设补助资金预算项目支出绩效自评表": [
        (673, "4个", "| 产出指标 (50分) | 数量指标(20分) | 2024年安全生产预防和应急救援能力建设补助资金企业数 | "
              "4个 | 4个 | 10 | 10 |",
         "三级指标 is printed over two columns on this form (header 三级指标 | blank): the "
         "values start one cell right of the template's"),
        (674, "3个", "| | | 重点煤矿井下视频智能监控系统企业数 | 3个 | 3个 | 5 | 5 |", "same"),
        (675, "3个", "| | | 煤矿瓦斯、水、火、冲击地压、顶板等重大风险监控和联网企业 | 3个 | 3个 | 5 | 5 |",
         "same"),
        (676, "验收通过率", "| | 质量指标(10分) | 验收通过率 | 100% | 100% | 10 | 10 |",
         "cells spread over the two 三级 columns: 得分 10 printed under the reason column "
         "(合计 100 = Σ 得分)"),
        (677, "建设项目完成时间", "| | 时效指标(10分) | 建设项目完成时间 | 2024年12月 | 2024年12月 | 10 | 10 |",
         "same"),
        (678, "补助金额", "| | 成本指标(10分) | 2024年安全生产预防和应急救援能力建设补助金额 | 191万元 | 191万元 | "
              "10 | 10 |",
         "成本指标(10分) is an 二级 of 产出指标 (50分 = 数量20 + 质量10 + 时效10 + 成本10); the "
         "效益指标 (30分) cell printed on this line heads the next one"),
        (679, "经济效益指标", "| 效益指标 (30分) | 经济效益指标 | | | | | |", "the 效益指标 cell from above"),
        (680, "煤矿安全风险防控水平", "| | 社会效益指标 | 煤矿安全风险防控水平 | 提高 | 提高 | 15 | 15 |",
         "cells spread over the two 三级 columns"),
        (682, "煤矿安全监管监察效能", "| | 可持续发展指标 | 煤矿安全监管监察效能 | 提高 | 提高 | 15 | 15 |",
         "shifted one column left: an 二级 of 效益指标 (30分 = 社会15 + 可持续15)"),
        (683, "煤矿企业满意度", "| 满意度指标 (10分) | 服务对象满意度指标 | 煤矿企业满意度 | ≥90% | 90% | 10 | 10 |",
         "cells spread over the two 三级 columns"),
    ],
    "2024年煤矿安全改造专项中央基建投资预算项目支出绩效自评表": [
        (713, "4610万元", "| | 成本指标 (10分) | 2024年煤矿安全改造专项中央基建投资预算资金补助金额 | 4610万元 | "
              "4610万元 | 10 | 10 |",
         "成本指标 (10分) is an 二级 of 产出指标 (50分 = 20 + 10 + 10 + 10); the 效益指标 (30分) cell "
         "printed on this line heads the next one"),
        (714, "经济效益指标", "| 效益指标 (30分) | 经济效益指标 | | | | | |", "the 效益指标 cell from above"),
    ],
    "煤矿整治重大隐患特别行动工作专项经费项目支出绩效自评表": [
        (847, "192.994", "| 资金总额: | 202.788 | 202.788 | 192.994 | 192.994 | 0 | 100 | 10 |",
         "eight numbers for seven columns: the header prints 全年预算数 over two columns "
         "(全年预算数 | blank | 全年执行数) and 192.994 under both; one 全年预算数 column kept"),
        (848, "192.994", "市区区财政资金 | 202.788 | 202.788 | 192.994 | 192.994 | 0 | 100.00 | 10.00 |",
         "same"),
    ],
    "阳东一级消防站建设项目经费（二）项目支出绩效自评表": [
        (916, "一级消防站主体工程建设完成率",
         "| | 质量指标（10分） | 一级消防站主体工程建设完成率 | 100% | 100% | 10 | 10 |",
         "shifted one column right, 得分 10 printed under the reason column"),
        (917, "一级消防站主体工程建设完成时间",
         "| | 时效指标（10分） | 一级消防站主体工程建设完成时间 | 2024年12月 | 2024年12月 | | 10 |",
         "shifted two columns right; one score printed, in the 得分 column (Σ 得分 = 100 needs "
         "it); the 分值 cell is blank in the dump and stays blank"),
    ],
    "应急指挥中心运行经费项目支出绩效自评表": [
        (976, "应急指挥中心用水量", "绩效指标 | 产出指标 | 数量指标 | 应急指挥中心用水量 | =吨 | =250吨 | =250吨 | 7 | 7 |",
         "the 产出指标 cell (merged over the 数量 / 质量 / 成本 lines) is lost by the dump; 效益指标 "
         "and 满意度指标 head the lines below, so these are the 产出 lines"),
    ],
    "应急管理及安全生产教育经费项目支出绩效自评表": [
        (1266, "市区区财政资金", ["| 资金总额: | | | | | | | |",
                            "市区区财政资金 | 0 | 9 | 7.528 | 7.528 | 0 | 100.00 | |"],
         "the 资金总额 line's cells are not in the dump (its label is printed in the header "
         "line): kept blank, not copied from its source line; 市区区财政资金 prints six numbers, "
         "its 得分 is blank"),
    ],
    "2024年县级地震（地质）灾害应急演练及地震重点危险区应急准备工作预案（方案）项目资金项目支出绩效自评表": [
        (1420, "地震灾害应急演练成本", "| | | 地震灾害应急演练成本 | 28.89万元 | 28.89万元 | 5 | 5 |",
         "shifted one column left with a blank cell between 年初指标值 and 全年完成值"),
    ],
}
_REPAIRED = set()


def repaired(L, repairs):
    """The dump lines with a repair table applied (bottom-up, so line numbers stay the seed's)."""
    out = list(L)
    todo = sorted(((n, anchor, new) for reps in repairs.values()
                   for n, anchor, new, _why in reps), reverse=True)
    for n, anchor, new in todo:
        assert anchor in L[n - 1], (n, anchor, L[n - 1])
        new = [new] if isinstance(new, str) else new
        lines = ["\t".join(c.strip() for c in x.split("|")) for x in new]
        out[n - 1:n] = lines
        _REPAIRED.update(lines)
    return out


def _title_line(line):
    """(title, year) of a form's title line: "…自评表", or "…自评表 (2024年度)" in one line."""
    s = line.strip()
    if "\t" in line:
        return None
    m = re.fullmatch(r"(.+?自评表)\s*(\(\d{4}年度\))?", s)
    return (m.group(1), m.group(2)) if m else None


def forms_000(L):
    """[(title, year_line, grid, truth, notes)] of every 自评表 of 第五部分 附件, in seed order."""
    L = repaired(L, REPAIRS_000)
    start = next(k for k, l in enumerate(L) if l.strip() == "第五部分 附件")
    out = []
    for i in range(start, len(L)):
        tl = _title_line(L[i])
        if not tl:
            continue
        title, year = tl
        if year is None:
            year = next(L[k].strip() for k in range(i + 1, i + 4) if L[k].strip())
        notes = []
        if "转移支付" in title:
            g, t, _, notes = form_transfer(L, i, title)
            t["kind"] = "performance.transfer_self_eval"
        elif any(L[k].startswith("资金情况") for k in range(i, i + 8)):
            g, t, _ = form_provincial(L, i, title)
            t["kind"] = "performance.project_self_eval"
        else:
            g, t, _ = form_county(L, i, title)
            t["kind"] = "performance.project_self_eval"
        t["year_line"] = year
        out.append((title, year, g, t, notes))
    assert len(out) == 26, len(out)
    return out


# ---------------------------------------------------------------- 004 target forms

def form_target(L, i, title):
    """阳泉 项目支出绩效目标表, 8 columns; funds in 元, 实施期 and 年度 side by side; indicators
    一级 | 实施期 二级/三级/指标值 | 年度 二级/三级/指标值."""
    N = 8
    g = Grid(N)
    j = i + 1
    while not L[j].startswith("项目名称"):
        j += 1
    f_name = _fields(L[j])
    f_dept = _fields(L[j + 1])
    f_attr = _fields(L[j + 2])
    g.row([(f_name[0][0], 1), (f_name[0][1], 7)])
    g.row([(f_dept[0][0], 1), (f_dept[0][1], 3), (f_dept[1][0], 1), (f_dept[1][1], 3)])
    g.row([(f_attr[0][0], 1), (f_attr[0][1], 3), (f_attr[1][0], 1), (f_attr[1][1], 3)])
    k = j + 3
    label = _cells(L[k])[0]
    unit = "元" if "元" in label and "万元" not in label else "万元"
    r0 = len(g.cells)
    funds = []
    while L[k].strip() and not L[k].startswith("项目概况"):
        # 实施期 name, amount | 年度 name, amount, placed by what they are: the dump shifts
        # them left or right, and prints a line's first name in the block label's column
        # (目标表03, 08, 09, 11: "其他资金 | | 其他资金")
        toks = _nonempty(L[k])
        if toks[0] == label:
            toks = toks[1:]
        names = [p for p, c in enumerate(toks) if not NUM_RE.fullmatch(c)]
        assert len(names) == 2, (title, L[k])
        n1, n2 = toks[names[0]], toks[names[1]]
        v1 = next(iter(toks[names[0] + 1:names[1]]), "")
        v2 = next(iter(toks[names[1] + 1:]), "")
        g.row([(label if len(g.cells) == r0 else "", 1), (n1, 1), (v1, 2), (n2, 2), (v2, 2)],
              "fund")
        # one line, two sides: named by its 实施期 label without the side word and colon
        # ("实施期资金总额:" → "资金总额"), amounts keyed by the side word of each label
        if not funds:
            side1, side2 = _side_word(n1), _side_word(n2)
            assert (side1, side2) == SIDE_WORDS, (n1, n2)
        funds.append({"name": _side_name(n1),
                      "values": {side1: to_yuan(v1, unit) if v1 else None,
                                 side2: to_yuan(v2, unit) if v2 else None}})
        k += 1
    g.vmerge(r0, len(g.cells) - 1, 0)
    texts = {f_name[0][0]: f_name[0][1]}
    while not L[k].startswith("实施期目标"):
        ne = _nonempty(L[k])
        g.row([(ne[0], 1), (ne[1] if len(ne) > 1 else "", 7)])
        k += 1
    a = _nonempty(L[k])
    b = _nonempty(L[k + 1])
    r = g.row([("总体目标", 1), (a[0], 4), (a[1], 3)], "head")
    g.row([("", 1), (b[1], 4), (b[2] if len(b) > 2 else "", 3)])
    g.vmerge(r, r + 1, 0)
    k += 2
    ind_head = _nonempty(L[k])
    r_ind = g.row([(c, 1) for c in ind_head], "head")
    # the tree prints 二级/三级/指标值 once per side, under the bands of the 总体目标 line
    band1, band2 = a[0], a[1]
    keys = [f"{band1}/{ind_head[4]}", f"{band2}/{ind_head[5]}", f"{band2}/{ind_head[6]}",
            f"{band2}/{ind_head[7]}"]
    k += 1
    indicators = []
    path = ""
    level2 = ""
    lines = []
    while not L[k].startswith("负责人"):
        if L[k].strip():
            lines.append(_target_line(L[k], title))
        k += 1
    for cells in lines:
        if cells[0]:
            path, level2 = cells[0], ""
        if cells[1]:
            level2 = cells[1]
        g.row([("", 1)] + [(v, 1) for v in cells], "ind")
        if cells[2]:
            indicators.append({"path": [path, level2, cells[2]],
                               "texts": dict(zip(keys, cells[3:7]))})
    last = len(g.cells) - 1
    g.vmerge(r_ind, last, 0)
    g.runs(r_ind + 1, last, 1)
    foot = [c for c in _cells(L[k]) if c]
    k += 1
    if len(foot) == 1:
        # 负责人 / 经办人 / 联系电话 / 填报日期 printed one per line under the grid (遗属补助)
        while k < len(L) and (not L[k].strip() or L[k].startswith(("经办人", "联系电话", "填报日期"))):
            if L[k].strip():
                foot.append(L[k].strip())
            k += 1
    g.row([(c, 1) for c in (foot + [""] * N)[:N]])
    t = {"kind": "performance.project_target", "title": title, "unit": unit,
         "texts": texts, "funds": funds, "indicators": indicators}
    return g, t, k


def _target_level2(cell):
    return _level(cell, False) == 2


def _same(a, b):
    """Two cells of the two sides naming the same thing (the 年度 side's cut narrower)."""
    return a == b or a.startswith(b) or b.startswith(a) or a[:4] == b[:4]


def _target_side(toks):
    """(二级, 三级, 指标值) of one side's cells: a side prints 3, 2 (no 二级, or no 指标值 after
    an 二级), 1 (an 二级 alone) or no cells."""
    if len(toks) == 3:
        return toks
    if len(toks) == 2:
        looks_value = any(ch.isdigit() or ch in "%％" for ch in toks[1])
        if _target_level2(toks[0]) and not looks_value:
            return [toks[0], toks[1], ""]
        return ["", toks[0], toks[1]]
    if len(toks) == 1 and _target_level2(toks[0]):
        return [toks[0], "", ""]
    assert not toks, toks
    return ["", "", ""]


def _target_line(line, title):
    """One indicator line of a 目标表: [一级, 二级, 三级, 指标值] of the 实施期 side then [二级,
    三级, 指标值] of the 年度 side. The dump keeps the cells' order but not their columns (a
    line shifted one column left prints its 二级 in the 一级 column: 目标表04 "时效指标 |
    常态化监管时间 | 2026年", 目标表05, 目标表09, 目标表11), so the cells are placed by what
    they are: an 一级 word first, then the cells split into the two sides where the 年度 side
    starts over with the 实施期 side's first cell (its 二级 or its 三级, cut narrower), else in
    halves."""
    if line in _REPAIRED:
        # a repaired line (REPAIRS_004) prints its cells in the template's columns
        return (_cells(line)[1:8] + [""] * 7)[:7]
    toks = _nonempty(line)
    if toks and toks[0] in ("绩效指标", "绩效目标"):
        toks = toks[1:]
    l1 = ""
    if toks and (_level(toks[0], False) == 1
                 or len(toks) % 2 and len(toks) > 1 and toks[0] == toks[1]):
        # 一级 words, or an 一级 repeating its 二级 (目标表09 "成本指标 | 成本指标 | …")
        l1 = toks.pop(0)
    n = len(toks)
    p = next((q for q in [n // 2] + list(range(1, n)) if q < n and q > 0
              and _same(toks[0], toks[q]) and abs(n - 2 * q) <= 1), None)
    if p is None and n == 5 and _target_level2(toks[0]):
        # the 年度 side prints no 二级 (应急救援综合保障经费: 数量指标 | 三级 | 值 | 三级 | 值)
        p = 3
    if p is None:
        assert n % 2 == 0, (title, line)
        p = n // 2
    return [l1] + _target_side(toks[:p]) + _target_side(toks[p:])


SIDE_WORDS = ("实施期", "年度")


def _side_word(label):
    """The side word a label starts with (实施期资金总额: → 实施期), or None."""
    return next((w for w in SIDE_WORDS if label.startswith(w)), None)


def _side_name(label):
    name = label.rstrip(":：")
    for w in SIDE_WORDS:
        if name.startswith(w) and len(name) > len(w):
            return name[len(w):]
    return name


# The 16 项目支出绩效目标表 of seed 004 by 项目名称, in seed order: the ones built, with what the
# dump does to each and how the form is rebuilt (the printed form is the template's grid; the
# dump only moves its cells, so placing them by what they are restores the print), and the ones
# not built, with the reason (their repair would need content the dump does not hold).
TARGETS_004 = {
    "安全生产举报奖励经费": "clean.",
    "国土空间专项规划经费": "the 社会效益 line prints no 实施期 指标值 (its 三级 cell runs into it: "
                  "\"预防和抵御突发公共事件的持续提升\" | blank); kept as printed.",
    "航空应急救援专项经费": "fund lines shifted one column left, 其他资金 printed in the block "
                  "label's column; the last line (群众对应急救援效果满意度) starts in the 绩效指标 "
                  "column: fund labels / amounts and indicator cells placed by what they are.",
    "矿山安全监管专员履职保障经费": "the 时效 / 成本 / 可持续影响 / 满意度 lines are shifted one "
                        "column left (二级 words in the 一级 column): placed by what they are.",
    "矿山督查专项经费": "fund lines shifted one column left, the 满意度指标 line starts in the 绩效指标 "
                "column: placed by what they are.",
    "临时聘用人员劳务费": "fund lines shifted one column left; the 可持续影响 line's 年度 指标值 is "
                 "not printed (kept blank).",
    "特种作业人员安全技术考试考核经费": "其他资金 in the block label's column; 成本指标 printed as 一级 "
                          "and 二级 (\"成本指标 | 成本指标\", the 2021 template's 一级): kept as "
                          "printed; the 满意度指标 lines start in the 绩效指标 column.",
    "应急指挥部建设专项经费": "其他资金 in the block label's column; 可持续影响 line shifted left: "
                   "placed by what they are.",
    "应急保障综合经费": "clean but for lines shifted one column: placed by what they are.",
}
TARGETS_004.update({
    "聘用安全生产专家经费": "the 时效指标 line is repaired (REPAIRS_004); the two sides list the 数量 "
                  "indicators in different orders (kept as printed, line by line).",
    "市级森林防灭火指挥部专项经费": "the 成本指标 block is repaired (REPAIRS_004); the sides list the "
                        "数量 / 质量 / 成本 indicators in different orders (kept as printed).",
    "物业管理项目经费": "the 实施期目标 / 年度目标 band line is repaired (REPAIRS_004); 总体目标 prints "
                "one text, under 实施期目标.",
    "综合应急管理工作经费": "the indicator header line is restored (REPAIRS_004); 总体目标 prints one "
                  "text.",
    "遗属补助": "ten dump columns for the eight of the template (two blank); the band line is "
            "repaired (REPAIRS_004); 负责人 / 经办人 / 联系电话 / 填报日期 printed one per line "
            "under the grid.",
})
# The two of another layout, built by form_target_packed after the 14 (目标表15, 目标表16).
TARGETS_004_PACKED = {
    "地震监测震防应急等综合运转经费": "title 山西省阳泉市…; amounts packed into the labels "
                       "(\"实施期资金总额：200,000\"); the label column printed one row below its "
                       "values down to the fund block (kept so); the 一级 / 二级 of the tree's first "
                       "line printed on its second (moved up: merged cells); indicator lines "
                       "repeated (提高防震减灾意识… four times, kept).",
    "应急救援综合保障经费": "amounts packed into the labels (\"年度资金总额：50万元\" on the 实施期 "
                  "side, the label 实施单位 on the 年度 side: the amount is the 年度 one its label "
                  "says); the tree header restored; 成本指标 printed in the 一级 column (an 二级: "
                  "placed by what it is); the 年度 side lists other indicators and prints no 二级; "
                  "the 效益 / 满意度 lines print their level words over every column (no 三级: "
                  "not indicators).",
}

# Hand repairs of the 目标表 dump (see REPAIRS_000). A repaired indicator line is read by column:
# 绩效指标 | 一级 | 实施期 二级 / 三级 / 指标值 | 年度 二级 / 三级 / 指标值.
REPAIRS_004 = {
    "聘用安全生产专家经费": [
        (799, "聘请专家时间", "| | 时效指标 | 聘请专家时间 | 2026年 | 时效指标 | |",
         "the dump keeps the cells' order (时效指标, 聘请专家时间, 2026年, then 时效指标): the "
         "实施期 side's three cells and the 年度 side's 二级; the 年度 三级 / 指标值 are not "
         "printed (blank)"),
    ],
    "市级森林防灭火指挥部专项经费": [
        (838, "培训成本", "| | 成本指标 | 培训成本 | 1000元/人 | 成本指标 | 封山禁火通告 | 3.3元/张",
         "the 成本指标 cells (merged over the three 成本 lines) are printed on the block's "
         "second line, its first line starts in the 绩效指标 column: the 二级 cells move up "
         "to the block's first line, the indicators stay in printed order"),
        (839, "成本指标", "| | | 封山禁火通告 | 3.3元/张 | | 培训成本 | 1000元/人", "same"),
    ],
    "物业管理项目经费": [
        (902, "实施期目标", "实施期目标 | | | | 年度目标 | | |",
         "the band line is printed as two lines (实施期目标, then 年度目标)"),
        (903, "年度目标", [], "same"),
    ],
    "综合应急管理工作经费": [
        (972, "召开安全生产", ["绩效指标 | 一级指标 | 二级指标 | 三级指标 | 指标值 | 二级指标 | 三级指标 | 指标值",
                          "| 产出指标 | 数量指标 | 召开安全生产、应急管理、防 | 20次 | 数量指标 | "
                          "召开安全生产、应 | 20次"],
         "the indicator header line is not in the dump (its 绩效指标 cell is printed on the "
         "first indicator line): the header every other 目标表 of the seed prints"),
    ],
    "遗属补助": [
        (1104, "实施期目标", "实施期目标 | | | | 年度目标 | | | | |",
         "the band line starts two cells right"),
    ],
}

PACKED_RE = re.compile(r"(.*?)\s*(-?\d[\d,]*(?:\.\d+)?)\s*(万元|元)?")


def _packed(cell, unit):
    """(label, amount in 元 or None) of a packed fund cell ("实施期资金总额：200,000",
    "市县（区）财政 50万元", "其他资金"), or None when the cell names no fund."""
    m = PACKED_RE.fullmatch(cell)
    if m and m.group(1):
        return m.group(1), to_yuan(m.group(2), m.group(3) or unit)
    if cell.endswith("资金") or cell.endswith("资金总额："):
        return cell, None
    return None


def form_target_packed(L, i, title):
    """The two 目标表 of seed 004 on another layout, 8 columns as form_target: fund labels and
    amounts packed in one cell per side ("实施期资金总额：200,000", "年度资金总额：50万元"), one
    cell per side (columns 1–4, 5–7). 地震监测…: the label column is printed one row below its
    values from the form's first row (the project name, no label beside it) down to the fund
    block, whose label 项目资金（元） is on the block's second line; the grid prints it so.
    应急救援综合保障经费: the first fund line prints 年度资金总额：50万元 on the 实施期 side and
    the label 实施单位 on the 年度 side (a fund keyed by its label's side word); the indicator
    tree's 年度 side prints no 二级; the 效益 / 满意度 lines print their level words over every
    column (no 三级: not indicators)."""
    N = 8
    g = Grid(N)
    j = i + 1
    year = next(L[x].strip().split("\t")[0] for x in range(i + 1, i + 4) if L[x].strip())
    while not L[j].strip() or L[j].strip() == year:
        j += 1
    rows = []  # the top block: label/value rows up to 项目概况
    while not L[j].startswith("项目概况"):
        rows.append(_cells(L[j]))
        j += 1
    texts = {}
    unit = "元"
    funds = []
    # the project name printed alone on the first line, its label 项目名称 on the next
    shifted = len([c for c in rows[0] if c]) == 1
    side_lines = []
    for n, cells in enumerate(rows):
        ne = [c for c in cells if c]
        label = cells[0]
        vals = [c for c in cells[1:] if c]
        if shifted and n == 0:
            g.row([("", 1), (ne[0], 7)])
            continue
        sides = [_packed(v, unit) for v in vals]
        if len(vals) == 2 and (sides[0] is not None or not label) and any(sides):
            side_lines.append((label, vals))
            continue
        assert not side_lines, (title, cells)
        # label | value | label | value (a missing value printed blank)
        if len(ne) == 2:
            g.row([(ne[0], 1), (ne[1], 7)])
        else:
            a, b, c = (ne[1:] + ["", "", ""])[:3]
            g.row([(ne[0], 1), (a, 3), (b, 1), (c, 3)])
    # the field truth: a label names the value one row above where the label column is shifted
    lab = [r[0] for r in rows]
    left = [next((c for c in r[1:] if c), "") for r in rows]
    if shifted:
        left[0] = rows[0][0] or left[0]
    for n in range(len(rows)):
        name = lab[n + 1] if shifted and n + 1 < len(rows) else (lab[n] if not shifted else "")
        if name == "项目名称":
            texts[name] = left[n]
    r0 = len(g.cells)
    for n, (label, vals) in enumerate(side_lines):
        g.row([(label, 1), (vals[0], 4), (vals[1], 3)], "fund")
        p1 = _packed(vals[0], unit)
        p2 = _packed(vals[1], unit)
        values = {"实施期": None, "年度": None}
        name = _side_name(p1[0])
        w1 = _side_word(p1[0])
        if p2 is None:
            # 应急救援: "年度资金总额：50万元 | 实施单位": the amount is the side its label says
            values[w1 or "实施期"] = p1[1]
        else:
            values = {"实施期": p1[1], "年度": p2[1]}
        funds.append({"name": name, "values": values})
    if not shifted:
        g.vmerge(r0, len(g.cells) - 1, 0)
    k = j
    while not L[k].startswith("实施期目标"):
        ne = _nonempty(L[k])
        g.row([(ne[0], 1), (ne[1] if len(ne) > 1 else "", 7)])
        k += 1
    a = _nonempty(L[k])
    b = _nonempty(L[k + 1])
    r = g.row([("总体目标", 1), (a[0], 4), (a[1], 3)], "head")
    g.row([("", 1), (b[1], 4), (b[2] if len(b) > 2 else "", 3)])
    g.vmerge(r, r + 1, 0)
    k += 2
    # the tree's header as every other 目标表 prints it (this dump's 应急救援 header line has lost
    # its 一级指标 and second 指标值 cells); the left label as printed (绩效目标 on 地震监测)
    lines = []
    k += 1
    while "联系电话" not in L[k]:
        if L[k].strip():
            lines.append(L[k])
        k += 1
    foot = [c for c in _cells(L[k]) if c]
    left_label = next((x for x in (_cells(ln)[0] for ln in lines) if x in ("绩效指标", "绩效目标")),
                      "")
    head = [left_label, "一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"]
    r_ind = g.row([(c, 1) for c in head], "head")
    keys = [f"{a[0]}/指标值", f"{a[1]}/二级指标", f"{a[1]}/三级指标", f"{a[1]}/指标值"]
    body = []
    for ln in lines:
        toks = _nonempty(ln)
        if toks and toks[0] in ("绩效指标", "绩效目标"):
            toks = toks[1:]
        if len([t for t in toks if _level(t, False)]) >= 4:
            # level words over every column (no 三级): the 一级 if printed, then the 二级 word
            # in the five columns it fills
            l1 = toks[0] if _level(toks[0], False) == 1 else ""
            w = toks[1] if l1 else toks[0]
            body.append([l1, w, w, w, w, w, ""])
        else:
            body.append(_target_line(ln, title))
    if not body[0][0] and body[1][0]:
        # 地震监测: the 一级 / 二级 cells merged down from the tree's first line print their
        # text on its second (巡检次数 is the first 数量指标 of 1. 产出指标)
        body[0][:2], body[1][:2] = body[1][:2], ["", ""]
        if not body[0][4]:
            body[0][4], body[1][4] = body[1][4], ""
    indicators = []
    path, level2 = "", ""
    for cells in body:
        if cells[0]:
            path, level2 = cells[0], ""
        if cells[1]:
            level2 = cells[1]
        g.row([("", 1)] + [(v, 1) for v in cells], "ind")
        if cells[2] and not _level(cells[2], False):
            indicators.append({"path": [path, level2, cells[2]],
                               "texts": dict(zip(keys, cells[3:7]))})
    last = len(g.cells) - 1
    g.vmerge(r_ind, last, 0)
    g.runs(r_ind + 1, last, 1)
    if len(foot) == 1:
        g.row([(foot[0], N)])
    else:
        g.row([(c, 1) for c in (foot + [""] * N)[:N]])
    t = {"kind": "performance.project_target", "title": title, "unit": unit,
         "texts": texts, "funds": funds, "indicators": indicators}
    return g, t, k, year


def forms_004(L):
    """[(title, year_line, grid, truth, notes)] of the built 目标表 (TARGETS_004), seed order."""
    L = repaired(L, REPAIRS_004)
    out = []
    k = 0
    title = "阳泉市市级预算部门（单位）项目支出绩效目标表"
    while True:
        try:
            i = _find(L, title, k)
        except StopIteration:
            break
        year = next(L[x].strip() for x in range(i + 1, i + 4) if L[x].strip())
        project = _fields(next(L[x] for x in range(i, i + 8) if L[x].startswith("项目名称")))[0][1]
        if project not in TARGETS_004:
            assert project in TARGETS_004_PACKED, project
            k = i + 1
            continue
        g, t, k = form_target(L, i, title)
        t["year_line"] = year
        out.append((title, year, g, t, []))
    assert len(out) == len(TARGETS_004), [t["texts"] for *_, t, _ in out]
    # the two of the packed layout, after the 14 (so that those keep their sheet ids), in seed
    # order: 地震监测… (title 山西省阳泉市…) and 应急救援综合保障经费
    for i in range(len(L)):
        t_line = L[i].strip()
        if t_line not in (title, "山西省" + title):
            continue
        project = _fields(next(L[x] for x in range(i, i + 8) if L[x].startswith("项目名称")))[0][1]
        if t_line == title and project not in TARGETS_004_PACKED:
            continue
        g, t, _, year = form_target_packed(L, i, t_line)
        t["year_line"] = year
        out.append((t_line, year, g, t, []))
    assert len(out) == len(TARGETS_004) + len(TARGETS_004_PACKED), len(out)
    return out


# ---------------------------------------------------------------- writers

AMOUNT_RE = re.compile(r"-?[\d,]+(\.\d+)?")


def _xlsx_value(v, kind, col):
    """What an office types into the cell: numbers on fund / score / total lines (#DIV/0! as
    the error the formula gave, a percent as typed text), text elsewhere."""
    if kind == "fund" and col > 1:
        if v == "#DIV/0!":
            return v, None
        if v.endswith("%"):
            # typed as text: the tool's xlsx reader does not apply a 0.00% number format
            # (a fraction 1 formatted 100.00% would read as 1)
            return v, None
    if kind in ("fund", "ind", "total") and col > (1 if kind == "fund" else 0) \
            and AMOUNT_RE.fullmatch(v) and not (kind == "ind" and col <= 3):
        d = Decimal(v.replace(",", ""))
        dec = len(v.split(".")[1]) if "." in v else 0
        fmt = ("#,##0" if "," in v else "0") + ("." + "0" * dec if dec else "")
        return (int(d) if dec == 0 else float(d)), fmt
    return (v or None), None


def add_form_sheets(path, forms, prefix, normalize):
    """Append one sheet per form to the workbook at path: title and year rows above the grid."""
    from openpyxl import load_workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wb = load_workbook(path)
    for n, (title, year, g, t, notes) in enumerate(forms, 1):
        sid = f"{prefix}{n:02d}"
        t["location"] = {"sheet": sid}
        ws = wb.create_sheet(sid)
        N = g.n
        for r, text, font in ((1, title, Font(name="黑体", size=14, bold=True)),
                              (2, year, Font(name="宋体", size=10))):
            c = ws.cell(row=r, column=1, value=text)
            c.font = font
            c.alignment = Alignment(horizontal="center", vertical="center")
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=N)
        ws.row_dimensions[1].height = 26
        top = 3
        widths = [14, 16] + [11] * (N - 2)
        for ri, (row, kind) in enumerate(zip(g.cells, g.kinds)):
            rr = top + ri
            need = 1
            for ci, v in enumerate(row):
                cell = ws.cell(row=rr, column=ci + 1)
                cell.border = box
                val, fmt = _xlsx_value(v, kind, ci)
                cell.value = val
                if isinstance(val, str) and val.startswith("="):
                    cell.data_type = "s"  # "=63套" is typed text, not a formula
                if fmt:
                    cell.number_format = fmt
                cell.font = Font(name="宋体", size=9, bold=kind == "head")
                cell.alignment = Alignment(
                    horizontal="right" if fmt else "center" if kind == "head" or len(v) < 12
                    else "left", vertical="center", wrap_text=True)
            for (r0, c0, r1, c1) in g.merges:
                if r0 == ri and r1 == ri:
                    v = row[c0]
                    w = sum(widths[c0:c1 + 1])
                    units = sum(2 if ord(ch) > 0x2e80 else 1 for ch in v)
                    need = max(need, -(-units // max(1, int(w - 1))))
            for ci, v in enumerate(row):
                if v and not any(m[0] == ri and m[1] == ci for m in g.merges):
                    units = sum(2 if ord(ch) > 0x2e80 else 1 for ch in v)
                    need = max(need, -(-units // max(1, int(widths[ci] - 1))))
            if need > 1:
                ws.row_dimensions[rr].height = min(409, 12.5 * need + 2)
        for (r0, c0, r1, c1) in g.merges:
            ws.merge_cells(start_row=top + r0, start_column=c0 + 1, end_row=top + r1,
                           end_column=c1 + 1)
        r = top + len(g.cells)
        for note in notes:
            c = ws.cell(row=r, column=1, value=note)
            c.font = Font(name="宋体", size=9)
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=N)
            r += 1
        for ci, w in enumerate(widths):
            ws.column_dimensions[get_column_letter(ci + 1)].width = w
        ps = ws.page_setup
        ps.paperSize = ws.PAPERSIZE_A4
        ps.orientation = "landscape" if N > 8 else "portrait"
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ps.fitToWidth, ps.fitToHeight = 1, 0
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.oddFooter.center.text = "第 &P 页"
    wb.save(path)
    normalize(path)


def add_form_tables(b, forms, docx_grid):
    """Each form as a Word table under its title and year paragraphs (landscape when wide)."""
    for n, (title, year, g, t, notes) in enumerate(forms):
        land = g.n > 8
        brk = land == b.landscape
        b.orientation(land)
        b.para(title, 14, True, "center", font="黑体", page_break=brk)
        b.para(year, 10, align="center")
        width = 25.5 if land else 17
        ws = [14, 16] + [11] * (g.n - 2)
        widths = [width * w / sum(ws) for w in ws]
        heads = [i for i, k in enumerate(g.kinds) if k == "head"]
        docx_grid(b.doc, g.cells, g.merges, 0, widths, size=8, bold_head=False)
        for note in notes:
            b.para(note, 9, indent=False)
