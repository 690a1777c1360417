"""Draft spec: 深圳市市场监督管理局深汕监管局 2026 部门预算 (iText 5.5.13)."""
import sys
sys.path.insert(0, __file__.rsplit("/", 1)[0])
from draft import *

FILE = "../shared/real-cn/shenzhen/市场监督管理局_2026年深圳市市场监督管理局深汕监管局部门预算.pdf.pdf"
SOURCE = FILE.replace("../shared/", "")
OUT = "shenzhen_shenshan_2026_budget.json"
REPORT = {"kind": "budget", "department": "深圳市市场监督管理局深汕监管局", "year": 2026}
C1 = ["2026年预算数"]
C2 = ["收入总计"] + ["本年收入/" + c for c in [
    "财政拨款/一般公共预算拨款", "财政拨款/政府性基金预算拨款", "财政拨款/国有资本经营预算拨款", "财政专户管理资金",
    "单位资金/事业收入", "单位资金/事业单位经营收入", "单位资金/上级补助收入", "单位资金/附属单位上缴收入",
    "单位资金/其他收入"]] + ["上年结余、结转"]
G = "2026年政府采购项目/"
C3 = ["支出总计", "基本支出", "项目支出", "事业单位经营支出", "对附属单位补助支出", "上缴上级支出", G + "小计",
      G + "其中：2026年政府采购项目中预留给中小企业的项目资金规模",
      G + "其中：2026年政府采购项目中预留给小型、微型企业的项目资金规模"]
C7 = ["支出总计", "基本支出", "项目支出"]
F3 = ("一般公共预算", "政府性基金预算", "国有资本经营预算")
C9 = [g + "/" + f for g in ("总计", "因公出国(境)费", "公务接待费", "公务用车购置及运行维护费/小计",
                            "公务用车购置及运行维护费/公务用车购置费", "公务用车购置及运行维护费/公务用车运行维护费")
      for f in F3]


def unit_coded(n):
    """预算单位 | 科目编码 | 科目名称 | amounts…: the unit's total row is named by the unit."""
    def rows(raw, c):
        out = []
        for r in raw:
            if r[0] == "预算单位" or not any(r) or (not r[0] and not r[1] and not r[2]):
                continue
            name = r[2] if r[1] else r[0]
            out.append(row(r[1] or None, name, c, r[3:3 + n]))
        return out
    return rows


def three(raw, c):
    out = []
    for r in raw:
        if r[1] and r[1] != "年度":
            out.append(row(None, r[1], c, r[2:20], {"预算单位": r[0]} if r[0] else None))
    return out


VERIFIED = "every cell of 表1, 表2, 表3, 表6, 表7, 表9, 表10 and 表11 compared with the page images rendered at 100 dpi (pages 24-30, 34-37, 41-43); not covered: 表4 基本支出总表, 表5 项目支出总表 and 表8 一般公共预算支出表（按经济分类） (no standard kind yet); rows named by the 预算单位 column (the unit's total row) carry the unit name; in 表9 the rows are the 年度 column (2025年, 2026年, 增减变化金额), the unit name is kept in texts"

TABLES = [
    dict(kind="budget.income_expenditure_summary", side="income", title="收支总表", label="表1", unit="万元",
         pages=[24, 25, 26], columns=C1, rows=lambda raw, c: side_rows(raw, 0, [1], c, start_after="2026年预算数")),
    dict(kind="budget.income_expenditure_summary", side="expenditure", title="收支总表", label="表1", unit="万元",
         pages=[24, 25, 26], columns=C1, rows=lambda raw, c: side_rows(raw, 2, [3], c, start_after="2026年预算数")),
    dict(kind="budget.income", title="收入总表", label="表2", unit="万元", pages=[27], columns=C2,
         rows=lambda raw, c: coded_rows(raw, None, 0, range(1, 12), c, start_after="其他收入")),
    dict(kind="budget.expenditure", title="支出总表", label="表3", unit="万元", pages=[28, 29, 30], columns=C3,
         rows=unit_coded(9)),
    dict(kind="budget.fiscal_summary", side="income", title="财政拨款收支总表", label="表6", unit="万元",
         pages=[34, 35], columns=C1, rows=lambda raw, c: side_rows(raw, 0, [1], c, start_after="2026年预算数")),
    dict(kind="budget.fiscal_summary", side="expenditure", title="财政拨款收支总表", label="表6", unit="万元",
         pages=[34, 35], columns=C1, rows=lambda raw, c: side_rows(raw, 2, [3], c, start_after="2026年预算数")),
    dict(kind="budget.general_budget_expenditure", title="一般公共预算支出表（按功能分类）", label="表7", unit="万元",
         pages=[36, 37], columns=C7, rows=unit_coded(3)),
    dict(kind="budget.three_public", title="财政拨款“三公”经费支出表", label="表9", unit="万元", pages=[41],
         columns=C9, rows=three),
    dict(kind="budget.gov_fund_expenditure", title="政府性基金预算支出表", label="表10", unit="万元", pages=[42],
         columns=C7, rows=unit_coded(3)),
    dict(kind="budget.state_capital", title="国有资本经营预算支出表", label="表11", unit="万元", pages=[43],
         columns=C7, rows=unit_coded(3)),
]

if __name__ == "__main__":
    import os
    dump(build(sys.modules[__name__]), os.path.join("tests/real_truth", OUT))
