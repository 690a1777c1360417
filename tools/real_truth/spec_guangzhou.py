"""Draft spec: 广州市信访局 2026 部门预算 (producer not named)."""
import sys
sys.path.insert(0, __file__.rsplit("/", 1)[0])
from draft import *

FILE = "../shared/real-cn/guangzhou/信访局_2026年部门预算.pdf"
SOURCE = FILE.replace("../shared/", "")
OUT = "guangzhou_xinfang_2026_budget.json"
REPORT = {"kind": "budget", "department": "广州市信访局", "year": 2026}
C1 = ["预算"]
C2 = ["合计", "财政拨款收入/一般公共预算", "财政拨款收入/政府性基金预算", "财政拨款收入/国有资本经营预算",
      "财政专户拨款收入/教育收费", "财政专户拨款收入/其他专户收入拨款", "其他资金收入/事业收入",
      "其他资金收入/事业单位经营收入", "其他资金收入/其他收入", "上级补助收入", "附属单位上缴收入", "上年结转结余"]
C3 = ["合计", "基本支出", "项目支出", "事业单位经营支出", "对附属单位补助支出", "上缴上级支出"]
C5 = ["一般公共预算支出/小计", "一般公共预算支出/其中：基本支出", "一般公共预算支出/项目支出"]
C8 = ["合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]
C9 = ["政府性基金预算支出/小计", "政府性基金预算支出/其中：基本支出", "政府性基金预算支出/项目支出"]
C10 = ["国有资本经营预算支出/小计", "国有资本经营预算支出/其中：基本支出", "国有资本经营预算支出/项目支出"]

def split_rows(start, n):
    return lambda raw, c: coded_rows(raw, None, 0, range(1, 1 + n), c, start_after=start, split=True,
                                     skip=("部门预算支出经济科目", "功能科目名称"))

VERIFIED = "every cell of 表1-表6 and 表8-表10 compared with the page images rendered at 100 dpi (pages 5-13, 15-17); 表7 (一般公共预算项目支出情况表（按经济分类科目）) not covered (no standard kind); codes printed in brackets in the name cell ([201]一般公共服务支出) are the row's code"

TABLES = [
    dict(kind="budget.income_expenditure_summary", side="income", title="收支总体情况表", label="表1", unit="万元",
         pages=[5, 6], columns=C1, rows=lambda raw, c: side_rows(raw, 0, [1], c, start_after="预算")),
    dict(kind="budget.income_expenditure_summary", side="expenditure", title="收支总体情况表", label="表1", unit="万元",
         pages=[5, 6], columns=C1, rows=lambda raw, c: side_rows(raw, 2, [3], c, start_after="预算")),
    dict(kind="budget.income", title="收入总体情况表", label="表2", unit="万元", pages=[7], columns=C2,
         rows=lambda raw, c: coded_rows(raw, None, 0, range(1, 13), c, start_after="其他收入")),
    dict(kind="budget.expenditure", title="本年支出总体情况表", label="表3", unit="万元", pages=[8], columns=C3,
         rows=lambda raw, c: coded_rows(raw, 0, 1, range(2, 8), c, start_after="科目名称")),
    dict(kind="budget.fiscal_summary", side="income", title="财政拨款收支总体情况表", label="表4", unit="万元",
         pages=[9, 10], columns=C1, rows=lambda raw, c: side_rows(raw, 0, [1], c, start_after="预算")),
    dict(kind="budget.fiscal_summary", side="expenditure", title="财政拨款收支总体情况表", label="表4", unit="万元",
         pages=[9, 10], columns=C1, rows=lambda raw, c: side_rows(raw, 2, [3], c, start_after="预算")),
    dict(kind="budget.general_budget_expenditure", title="一般公共预算支出情况表（按功能分类科目）", label="表5", unit="万元",
         pages=[11], columns=C5, rows=split_rows("项目支出", 3)),
    dict(kind="budget.general_budget_basic", title="一般公共预算基本支出情况表（按经济分类科目）", label="表6", unit="万元",
         pages=[12, 13], columns=C1, rows=split_rows("预算", 1)),
    dict(kind="budget.three_public", title="财政拨款安排的行政经费及“三公”经费预算表", label="表8", unit="万元",
         pages=[15], columns=C8, rows=lambda raw, c: coded_rows(raw, None, 0, range(1, 5), c, start_after="国有资本经营预算")),
    dict(kind="budget.gov_fund_expenditure", title="政府性基金预算支出情况表", label="表9", unit="万元", pages=[16], columns=C9,
         rows=lambda raw, c: coded_rows(raw, 0, 1, range(2, 5), c, start_after="项目支出")),
    dict(kind="budget.state_capital", title="国有资本经营预算支出情况表", label="表10", unit="万元", pages=[17], columns=C10,
         rows=lambda raw, c: coded_rows(raw, 0, 1, range(2, 5), c, start_after="项目支出")),
]

if __name__ == "__main__":
    import os
    dump(build(sys.modules[__name__]), os.path.join("tests/real_truth", OUT))
