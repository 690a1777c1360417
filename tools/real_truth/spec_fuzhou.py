"""Draft spec: 福州市医疗保障局 2026 部门预算 (Microsoft Word → Aspose.Words)."""
import sys
sys.path.insert(0, __file__.rsplit("/", 1)[0])
from draft import *

FILE = "../shared/real-cn/fuzhou/2026年福州市医疗保障局部门预算.pdf"
SOURCE = FILE.replace("../shared/", "")
OUT = "fuzhou_yibao_2026_budget.json"
REPORT = {"kind": "budget", "department": "福州市医疗保障局", "year": 2026}
C1 = ["预算数"]
C2 = ["合计", "一般公共预算拨款收入", "政府性基金预算拨款收入", "国有资本经营预算拨款收入", "财政专户管理资金收入",
      "事业收入", "事业单位经营收入", "上级补助收入", "附属单位上缴收入", "其他收入", "上年结转结余"]
C3 = ["合计", "基本支出", "项目支出", "事业单位经营支出", "上缴上级支出", "对附属单位补助支出"]
C5 = ["小计", "其中：/基本支出", "其中：/项目支出"]


def coded(n, start):
    return lambda raw, c: coded_rows(raw, 0, 1, range(2, 2 + n), c, start_after=start, skip=("科目编码",))


VERIFIED = 'every cell of tables 一 to 七, 九 and 十 compared with the page images rendered at 100 dpi (pages 10-16, 18-21); 八 (一般公共预算支出经济分类情况表, p17, no standard kind) not covered; the section heading (一、收支预算总表) is not the title, the centred title under it is'

TABLES = [
    dict(kind="budget.income_expenditure_summary", side="income", title="2026年度收支预算总表", unit="万元",
         pages=[10], columns=C1, rows=lambda raw, c: side_rows(raw, 0, [1], c, start_after="预算数")),
    dict(kind="budget.income_expenditure_summary", side="expenditure", title="2026年度收支预算总表", unit="万元",
         pages=[10], columns=C1, rows=lambda raw, c: side_rows(raw, 2, [3], c, start_after="预算数")),
    dict(kind="budget.income", title="2026年度收入预算总表", unit="万元", pages=[11], columns=C2,
         rows=lambda raw, c: coded_rows(raw, None, 0, range(1, 12), c, start_after="上年结转结余")),
    dict(kind="budget.expenditure", title="2026年度支出预算总表", unit="万元", pages=[12], columns=C3,
         rows=coded(6, "对附属单位补助支出")),
    dict(kind="budget.fiscal_summary", side="income", title="2026年度财政拨款收支预算总表", unit="万元",
         pages=[13], columns=C1, rows=lambda raw, c: side_rows(raw, 0, [1], c, start_after="预算数")),
    dict(kind="budget.fiscal_summary", side="expenditure", title="2026年度财政拨款收支预算总表", unit="万元",
         pages=[13], columns=C1, rows=lambda raw, c: side_rows(raw, 2, [3], c, start_after="预算数")),
    dict(kind="budget.general_budget_expenditure", title="2026年度一般公共预算拨款支出预算表", unit="万元", pages=[14],
         columns=C5, rows=coded(3, "项目支出")),
    dict(kind="budget.gov_fund_expenditure", title="2026年度政府性基金预算拨款支出预算表", unit="万元", pages=[15],
         columns=C5, rows=coded(3, "项目支出")),
    dict(kind="budget.state_capital", title="2026年度国有资本经营预算拨款支出预算表", unit="万元", pages=[16],
         columns=C5, rows=coded(3, "项目支出")),
    dict(kind="budget.general_budget_basic", title="2026年度一般公共预算基本支出经济分类情况表", unit="万元",
         pages=[18, 19, 20], columns=C1, rows=coded(1, "预算数")),
    dict(kind="budget.three_public", title="2026年度一般公共预算“三公”经费支出预算表", unit="万元", pages=[21],
         columns=C1, rows=lambda raw, c: coded_rows(raw, None, 0, [1], c, start_after="预算数")),
]

if __name__ == "__main__":
    import os
    dump(build(sys.modules[__name__]), os.path.join("tests/real_truth", OUT))
