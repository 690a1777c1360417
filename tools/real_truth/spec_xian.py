"""Draft spec: 西安市行政审批服务局（汇总）2025 部门综合预算 (file 政务服务和数据管理局_2026年部门预算.pdf)."""
import sys
sys.path.insert(0, __file__.rsplit("/", 1)[0])
from draft import *

FILE = "../shared/real-cn/xian/政务服务和数据管理局_2026年部门预算.pdf"
SOURCE = FILE.replace("../shared/", "")
OUT = "xian_shenpi_2025_budget.json"
REPORT = {"kind": "budget", "department": "西安市行政审批服务局", "year": 2025}
P = "部门预算/"
C2 = [P + "合计", P + "一般公共预算拨款/小计", P + "一般公共预算拨款/其中：专项资金列入部门预算项目", P + "政府性基金拨款",
      P + "上级补助收入", P + "事业收入", P + "事业单位经营收入", P + "使用非财政拨款结余", P + "对附属单位上缴收入",
      P + "上年结转", P + "上年实户资金余额", P + "其他收入"]
C3 = [P + "合计", P + "公共预算拨款/小计", P + "公共预算拨款/其中：专项资金列入部门预算的项目", P + "政府性基金拨款",
      P + "事业收入", P + "事业单位经营收入", P + "对附属单位上缴收入", P + "上年实户资金余额", P + "其他收入", P + "上年结转"]
C5 = ["合计", "人员经费支出", "公用经费支出", "专项业务经费支出"]
C8 = ["合计", "人员经费支出", "公用经费支出"]
S = "一般公共预算拨款安排的“三公”经费预算/"
C13 = [b + "/" + c for b in ("上年", "当年", "增减变化情况") for c in (
    "合计", S + "小计", S + "因公出国（境）费用", S + "公务接待费", S + "公务用车购置及运行维护费/小计",
    S + "公务用车购置及运行维护费/公务用车购置费", S + "公务用车购置及运行维护费/公务用车运行维护费", "会议费", "培训费")]


def econ(raw, c):
    out, started = [], False
    for r in raw:
        if not started:
            started = r[0] == "部门经济科目编码"
            continue
        code = r[0] if r[0].isdigit() else None
        name = r[1] if code else r[0] + r[1]
        out.append(row(code, name, c, r[4:7], {"政府经济科目": (r[2] + " " + r[3]).strip()}))
    return out


VERIFIED = "every cell of 表2, 表3, 表5, 表8 and 表13 compared with the page images rendered at 100 dpi (pages 22, 23, 25, 29) and 160 dpi (page 35); not covered: 表1 and 表4 (收支总表 and 财政拨款收支总表 print the expenditure side as three parallel lists, by function, 部门 economic and 政府 economic class: the record's two-sided model has no place for the second and third list yet), 表6 and 表7 (no standard kind), 表9-表12 (project lists); 表3 支出总表 prints income headers, kept as printed; in 表8 the row code is the 部门经济科目编码, the 政府经济科目 code and name are kept in texts"

TABLES = [
    dict(kind="budget.income", title="部门综合预算收入总表", label="表2", unit="元", pages=[22], columns=C2,
         rows=lambda raw, c: coded_rows(raw, 0, 1, range(2, 14), c, start_after="其中：专项资金列入部门预算项目")),
    dict(kind="budget.expenditure", title="部门综合预算支出总表", label="表3", unit="元", pages=[23], columns=C3,
         rows=lambda raw, c: coded_rows(raw, 0, 1, range(2, 12), c, start_after="其中：专项资金列入部门预算的项目")),
    dict(kind="budget.general_budget_expenditure", title="部门综合预算一般公共预算支出明细表（按支出功能分类科目）",
         label="表5", unit="元", pages=[25], columns=C5,
         rows=lambda raw, c: coded_rows(raw, 0, 1, range(2, 6), c, start_after="备注")),
    dict(kind="budget.general_budget_basic", title="部门综合预算一般公共预算基本支出明细表（按支出经济分类科目）",
         label="表8", unit="元", pages=[29], columns=C8, rows=econ),
    dict(kind="budget.three_public",
         title="部门综合预算一般公共预算拨款“三公”经费及会议费、培训费支出预算表", label="表13", unit="元",
         pages=[35], columns=C13, rows=lambda raw, c: coded_rows(raw, 0, 1, range(2, 29), c, start_after="公务用车购置费")),
]

if __name__ == "__main__":
    import os
    dump(build(sys.modules[__name__]), os.path.join("tests/real_truth", OUT))
