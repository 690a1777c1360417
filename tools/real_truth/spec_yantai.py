"""Draft spec: 烟台市审计局 2026 部门预算 (WPS 文字)."""
import sys
sys.path.insert(0, __file__.rsplit("/", 1)[0])
from draft import *

FILE = "../shared/real-cn/yantai/2026年烟台市审计局部门预算.pdf"
SOURCE = FILE.replace("../shared/", "")
OUT = "yantai_shenji_2026_budget.json"
REPORT = {"kind": "budget", "department": "烟台市审计局", "year": 2026}
C1 = ["预算数"]
C2 = ["合计", "财政拨款收入/小计", "财政拨款收入/一般公共预算收入", "财政拨款收入/政府性基金预算收入",
      "财政拨款收入/国有资本经营预算收入", "财政专户管理资金收入", "事业收入（不含教育收费）", "事业单位经营收入",
      "其他收入", "上级补助收入", "附属单位上缴收入", "使用非财政拨款结余", "上年结转"]
C3 = ["合计", "基本支出", "项目支出", "结转下年"]
C4E = ["预算数/总计", "预算数/一般公共预算", "预算数/政府性基金预算", "预算数/国有资本经营预算"]
C5 = ["合计", "基本支出/小计", "基本支出/人员支出", "基本支出/日常公用支出", "项目支出"]
C6 = ["基本支出预算/小计", "基本支出预算/人员支出", "基本支出预算/日常公用支出"]
C7 = [y + "/" + c for y in ("2025年预算数", "2026年预算数") for c in (
    "合计", "因公出国（境）经费", "公务用车购置及运行维护费/小计", "公务用车购置及运行维护费/公务用车购置经费",
    "公务用车购置及运行维护费/公务用车运行维护费", "公务接待费")]


def layered(raw, c, nvals, first_val, name_i=3, levels=(0, 1, 2), texts=None):
    """Rows whose code is printed as 类 | 款 | 项 parts: the row's code is the full code."""
    out, parts = [], ["", "", ""]
    started = False
    for r in raw:
        if not started:
            started = r[0] == "类"
            continue
        if r[0] in ("类", "科目编码") or not any(r):
            continue
        got = [r[i] for i in levels]
        code = None
        if any(got):
            lvl = max(k for k, v in enumerate(got) if v)
            parts[lvl] = got[lvl]
            for k in range(lvl + 1, 3):
                parts[k] = ""
            code = "".join(parts[: lvl + 1])
        t = {k: r[i] for k, i in (texts or {}).items()}
        out.append(row(code, r[name_i], c, r[first_val:first_val + nvals], t or None))
    return out


def econ(raw, c):
    # 部门预算支出经济分类 code in columns 0,1 (类 款) and name in 2; the 政府预算 code and name are texts
    out = []
    started = False
    for r in raw:
        if not started:
            started = r[0] == "类"
            continue
        if r[0] in ("类", "科目编码") or not any(r):
            continue
        code = (r[0] + r[1]) or None
        out.append(row(code, r[2], c, r[6:9], {"政府预算支出经济分类科目": (r[3] + r[4] + " " + r[5]).strip()}))
    return out


def three(raw, c):
    r = [x for x in raw if any(re.search(r"\d\.\d", y) for y in x)][0]
    return [row(None, "", c, r[:12])]


VERIFIED = 'every cell of 公开表1-公开表9 compared with the page images rendered at 100 dpi (pages 8-21); codes printed as 类/款/项 parts are given as the full code (08 under 201 → 20108); in 公开表6 the row code is the 部门预算支出经济分类 code, the 政府预算 code and name are kept in texts; 公开表8 and 公开表9 print an empty grid (no rows)'

TABLES = [
    dict(kind="budget.income_expenditure_summary", side="income", title="收支总体情况表", label="公开表1", unit="万元",
         pages=[8], columns=C1, rows=lambda raw, c: side_rows(raw, 0, [1], c, start_after="预算数")),
    dict(kind="budget.income_expenditure_summary", side="expenditure", title="收支总体情况表", label="公开表1", unit="万元",
         pages=[8], columns=C1, rows=lambda raw, c: side_rows(raw, 2, [3], c, start_after="预算数")),
    dict(kind="budget.income", title="收入总体情况表", label="公开表2", unit="万元", pages=[9, 10], columns=C2,
         rows=lambda raw, c: layered(raw, c, 13, 4)),
    dict(kind="budget.expenditure", title="支出总体情况表", label="公开表3", unit="万元", pages=[11, 12], columns=C3,
         rows=lambda raw, c: layered(raw, c, 4, 4)),
    dict(kind="budget.fiscal_summary", side="income", title="财政拨款收支总体情况表", label="公开表4", unit="万元",
         pages=[13, 14], columns=C1, rows=lambda raw, c: side_rows(raw, 0, [1], c, start_after="国有资本经营预算")),
    dict(kind="budget.fiscal_summary", side="expenditure", title="财政拨款收支总体情况表", label="公开表4", unit="万元",
         pages=[13, 14], columns=C4E, rows=lambda raw, c: side_rows(raw, 2, [3, 4, 5, 6], c, start_after="国有资本经营预算")),
    dict(kind="budget.general_budget_expenditure", title="一般公共预算支出情况表", label="公开表5", unit="万元",
         pages=[15, 16], columns=C5, rows=lambda raw, c: layered(raw, c, 5, 4)),
    dict(kind="budget.general_budget_basic", title="一般公共预算基本支出情况表", label="公开表6", unit="万元",
         pages=[17, 18], columns=C6, rows=econ),
    dict(kind="budget.three_public", title="一般公共预算“三公”经费支出情况表", label="公开表7", unit="万元",
         pages=[19], columns=C7, rows=three),
    dict(kind="budget.gov_fund_expenditure", title="政府性基金预算支出情况表", label="公开表8", unit="万元",
         pages=[20], columns=C5, rows=lambda raw, c: layered(raw, c, 5, 4)),
    dict(kind="budget.state_capital", title="国有资本经营预算支出情况表", label="公开表9", unit="万元",
         pages=[21], columns=C5, rows=lambda raw, c: layered(raw, c, 5, 4)),
]

if __name__ == "__main__":
    import os
    dump(build(sys.modules[__name__]), os.path.join("tests/real_truth", OUT))
