"""Draft spec: 杭州市气象局 2026 部门预算 (原点财通)."""
import sys
sys.path.insert(0, __file__.rsplit("/", 1)[0])
from draft import *

FILE = "../shared/real-cn/hangzhou/气象局_2026年杭州市气象局部门预算公开.pdf.pdf"
SOURCE = FILE.replace("../shared/", "")
OUT = "hangzhou_qixiang_2026_budget.json"
REPORT = {"kind": "budget", "department": "杭州市气象局", "year": 2026}
C1 = ["预算数"]
C16 = ["总计"] + ["本年收入/" + c for c in ["小计", "一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金",
                                       "事业收入", "事业单位经营收入", "上级补助收入", "附属单位上缴收入", "其他收入"]] + \
      ["上年结转结余/" + c for c in ["小计", "一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金", "单位资金"]]
C17 = ["总计", "基本支出/人员支出", "基本支出/日常公用支出", "项目支出", "事业单位经营支出", "上缴上级支出", "对附属单位补助支出"]
C19 = ["合计", "基本支出/小计", "基本支出/人员经费", "基本支出/日常公用支出", "项目支出"]
C20 = ["本年一般公共预算基本支出/合计", "本年一般公共预算基本支出/人员经费", "本年一般公共预算基本支出/日常公用支出"]
C21 = ["“三公”经费合计", "因公出国(境)费用", "公务用车购置及运行费/小计", "公务用车购置及运行费/公务用车购置费",
       "公务用车购置及运行费/公务用车运行维护费", "公务接待费"]
C22 = ["本年政府性基金预算支出/合计", "本年政府性基金预算支出/基本支出", "本年政府性基金预算支出/项目支出"]
C23 = ["项目支出"]

def grid(ncols):
    return lambda raw, c: coded_rows(raw, None, 0, range(1, 1 + ncols), c, start_after="**")

VERIFIED = 'every cell of 表1-表9 compared with the page images rendered at 110 dpi (pages 15-23); blank grid rows (no name, no amount) are not rows'

TABLES = [
    dict(kind="budget.income_expenditure_summary", side="income", title="2026年市级部门收支预算总表", label="表1", unit="万元",
         pages=[15], columns=C1, rows=lambda raw, c: side_rows(raw, 0, [1], c, start_after="预算数")),
    dict(kind="budget.income_expenditure_summary", side="expenditure", title="2026年市级部门收支预算总表", label="表1", unit="万元",
         pages=[15], columns=C1, rows=lambda raw, c: side_rows(raw, 2, [3], c, start_after="预算数")),
    dict(kind="budget.income", title="2026年市级部门收入预算总表", label="表2", unit="万元", pages=[16], columns=C16, rows=grid(17)),
    dict(kind="budget.expenditure", title="2026年市级部门支出预算总表", label="表3", unit="万元", pages=[17], columns=C17, rows=grid(7)),
    dict(kind="budget.fiscal_summary", side="income", title="2026年市级部门财政拨款收支预算总表", label="表4", unit="万元",
         pages=[18], columns=C1, rows=lambda raw, c: side_rows(raw, 0, [1], c, start_after="预算数")),
    dict(kind="budget.fiscal_summary", side="expenditure", title="2026年市级部门财政拨款收支预算总表", label="表4", unit="万元",
         pages=[18], columns=C1, rows=lambda raw, c: side_rows(raw, 2, [3], c, start_after="预算数")),
    dict(kind="budget.general_budget_expenditure", title="2026年市级部门一般公共预算支出预算表", label="表5", unit="万元", pages=[19],
         columns=C19, rows=grid(5)),
    dict(kind="budget.general_budget_basic", title="2026年市级部门一般公共预算基本支出预算表", label="表6", unit="万元", pages=[20],
         columns=C20, rows=grid(3)),
    dict(kind="budget.three_public", title="2026年市级部门一般公共预算“三公”经费预算表", label="表7", unit="万元", pages=[21],
         columns=C21, rows=grid(6)),
    dict(kind="budget.gov_fund_expenditure", title="2026年市级部门政府性基金预算支出预算表", label="表8", unit="万元", pages=[22],
         columns=C22, rows=grid(3)),
    dict(kind="budget.state_capital", title="2026年市级部门国有资本经营预算支出预算表", label="表9", unit="万元", pages=[23],
         columns=C23, rows=grid(1)),
]

if __name__ == "__main__":
    import os
    dump(build(sys.modules[__name__]), os.path.join("tests/real_truth", OUT))
