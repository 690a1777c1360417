"""Draft spec: 北京市国资委 2026 部门预算报表 (附件2, Excel → Acrobat PDFMaker)."""
import sys
sys.path.insert(0, __file__.rsplit("/", 1)[0])
from draft import *

FILE = "../shared/real-cn/beijing/国有资产监督管理委员会_附件2：北京市人民政府国有资产监督管理委员会2026年度部门预算报表.pdf"
SOURCE = FILE.replace("../shared/", "")
OUT = "beijing_guoziwei_2026_budget.json"
REPORT = {"kind": "budget", "department": "北京市人民政府国有资产监督管理委员会", "year": 2026}
C1 = ["预算数"]
C05 = ["预算数/合计", "预算数/基本支出/小计", "预算数/基本支出/人员经费", "预算数/基本支出/公用经费",
       "预算数/项目支出/项目支出总数", "预算数/项目支出/扣除基建项目后预算数"]
C02 = ["合计"] + ["本年收入/" + c for c in ["小计", "一般公共预算资金", "政府性基金预算资金", "国有资本经营预算资金",
                                       "财政专户管理资金", "事业收入", "事业单位经营收入", "上级补助收入", "附属单位上缴收入", "其他收入"]] + \
      ["上年结转结余/" + c for c in ["小计", "一般公共预算资金", "政府性基金预算资金", "国有资本经营预算资金", "财政专户管理资金", "单位资金"]]
C06 = ["预算数/合计", "预算数/人员经费", "预算数/公用经费"]
C0708 = ["预算数/合计", "预算数/基本支出", "预算数/项目支出"]
C09 = ["“三公”经费财政拨款预算总额", "因公出国（境）费用", "公务接待费", "公务用车购置及运行维护费/小计",
       "公务用车购置及运行维护费/公务用车购置费", "公务用车购置及运行维护费/公务用车运行维护费"]

def only_data(raw, cols):
    r = [x for x in raw if any(re.search(r"\d\.\d", c) for c in x)][0]
    return [row(None, "", cols, r[1:1 + len(cols)])]

VERIFIED = 'every cell of the listed tables compared with the page image rendered at 100 dpi (pages 1-2, 3, 6-13); 预算03表 支出总表 not covered (three classification columns per row, no single row code)'

TABLES = [
    dict(kind="budget.income_expenditure_summary", side="income", title="收支总表", label="预算01表", unit="万元",
         pages=[1, 2], columns=C1, rows=lambda raw, c: side_rows(raw, 1, [2], c, start_after="预算数")),
    dict(kind="budget.income_expenditure_summary", side="expenditure", title="收支总表", label="预算01表", unit="万元",
         pages=[1, 2], columns=C1, rows=lambda raw, c: side_rows(raw, 3, [4], c, start_after="预算数")),
    dict(kind="budget.income", title="收入总表", label="预算02表", unit="万元", pages=[3], columns=C02, rows=only_data),
    dict(kind="budget.fiscal_summary", side="income", title="财政拨款收支总表", label="预算04表", unit="万元",
         pages=[6, 7], columns=C1, rows=lambda raw, c: side_rows(raw, 1, [2], c, start_after="预算数")),
    dict(kind="budget.fiscal_summary", side="expenditure", title="财政拨款收支总表", label="预算04表", unit="万元",
         pages=[6, 7], columns=C1, rows=lambda raw, c: side_rows(raw, 3, [4], c, start_after="预算数")),
    dict(kind="budget.general_budget_expenditure", title="一般公共预算支出表", label="预算05表", unit="万元", pages=[8],
         columns=C05, rows=lambda raw, c: coded_rows(raw, 1, 2, range(3, 9), c, start_after="扣除基建项目后预算数")),
    dict(kind="budget.general_budget_basic", title="一般公共预算基本支出表", label="预算06表", unit="万元", pages=[9, 10],
         columns=C06, rows=lambda raw, c: coded_rows(raw, None, 2, [3, 4, 5], c, start_after="公用经费", split=True,
                                                     texts={"政府支出经济分类科目": 1})),
    dict(kind="budget.gov_fund_expenditure", title="政府性基金预算支出表", label="预算07表", unit="万元", pages=[11],
         columns=C0708, rows=lambda raw, c: coded_rows(raw, 1, 2, [3, 4, 5], c, start_after="项目支出")),
    dict(kind="budget.state_capital", title="国有资本经营预算支出表", label="预算08表", unit="万元", pages=[12],
         columns=C0708, rows=lambda raw, c: coded_rows(raw, 1, 2, [3, 4, 5], c, start_after="项目支出")),
    dict(kind="budget.three_public", title="财政拨款“三公”经费支出表", label="预算09表", unit="万元", pages=[13],
         columns=C09, rows=only_data),
]

if __name__ == "__main__":
    import os
    doc = build(sys.modules[__name__])
    dump(doc, os.path.join("tests/real_truth", OUT))
