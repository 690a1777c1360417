//! The finder on the seed dumps: every standard table of a 决算 (000) and a 预算 (004).

mod find_support;

use budget_extract::find::find;
use budget_extract::record::{Location, Side};
use find_support::*;

fn seed000() -> budget_extract::find::Found {
    find(&seed_document(&seed("000_b622fd7d35646cf3.txt")), "000.pdf")
}

fn seed004() -> budget_extract::find::Found {
    find(&seed_document(&seed("004_37dee814c4c9a300.txt")), "004.pdf")
}

#[test]
fn final_accounts_all_ten_tables() {
    let f = seed000();
    for kind in [
        "final.income",
        "final.expenditure",
        "final.general_budget_expenditure",
        "final.general_budget_basic",
        "final.gov_fund",
        "final.state_capital",
        "final.three_public",
        "final.related_info",
    ] {
        one(&f, kind);
    }
    for kind in ["final.income_expenditure_summary", "final.fiscal_summary"] {
        side(&f, kind, Side::Income);
        side(&f, kind, Side::Expenditure);
        assert_eq!(
            tables(&f, kind).len(),
            2,
            "{kind}: the table of contents is not a table"
        );
    }
    assert_eq!(f.report.kind, "final_accounts");
    assert_eq!(f.report.department.as_deref(), Some("阳城县应急管理局"));
    assert_eq!(f.report.year, Some(2024));
    assert!(f.report.from_file_name.is_empty());
}

#[test]
fn final_expenditure_values_in_yuan() {
    let f = seed000();
    let t = one(&f, "final.expenditure");
    assert_eq!(t.unit.as_deref(), Some("万元"));
    assert_eq!(
        keys(t),
        [
            "total",
            "basic",
            "project",
            "remit_to_superior",
            "business_expenditure",
            "subsidiary_grants"
        ]
    );
    let r = by_code(t, "2240101");
    assert_eq!(r.name, "行政运行");
    assert_eq!(r.level.as_deref(), Some("项"));
    assert_eq!(r.parent.as_deref(), Some("22401"));
    assert_eq!(val(r, "total"), Some(d("960700")));
    assert_eq!(val(r, "basic"), Some(d("960700")));
    assert_eq!(val(r, "project"), None);
    let total = by_name(t, "合计");
    assert_eq!(total.code, None);
    assert_eq!(val(total, "total"), Some(d("93166300")));
    assert_eq!(val(total, "project"), Some(d("77732100")));
    // every code row of 224 adds up to its 类
    let kuan: rust_decimal::Decimal = t
        .rows
        .iter()
        .filter(|r| r.parent.as_deref() == Some("224"))
        .map(|r| val(r, "total").unwrap())
        .sum();
    assert_eq!(Some(kuan), val(by_code(t, "224"), "total"));
    // no header, 栏次 or footnote rows
    assert!(
        t.rows
            .iter()
            .all(|r| !r.name.contains("栏次") && !r.name.starts_with("注"))
    );
    assert_eq!(t.rows.len(), 1 + 28);
}

#[test]
fn final_income_columns() {
    let f = seed000();
    let t = one(&f, "final.income");
    assert_eq!(
        keys(t),
        [
            "total",
            "fiscal",
            "superior_subsidy",
            "operation_income",
            "business_income",
            "subsidiary_remit",
            "other_income"
        ]
    );
    assert_eq!(t.label.as_deref(), Some("公开02表"));
    assert_eq!(val(by_code(t, "2101102"), "fiscal"), Some(d("8800")));
}

#[test]
fn two_sided_summary() {
    let f = seed000();
    let inc = side(&f, "final.income_expenditure_summary", Side::Income);
    let exp = side(&f, "final.income_expenditure_summary", Side::Expenditure);
    assert_eq!(inc.title, "收入支出决算总表");
    assert_eq!(exp.title, inc.title);
    assert_eq!(keys(inc), ["amount"]);
    assert_eq!(keys(exp), ["amount"]);
    let r = by_name(inc, "一、一般公共预算财政拨款收入");
    assert_eq!(r.line, Some(1));
    assert_eq!(val(r, "amount"), Some(d("93166300")));
    assert_eq!(
        val(by_name(exp, "本年支出合计"), "amount"),
        Some(d("93166300"))
    );
    assert_eq!(
        val(by_name(exp, "二十二、灾害防治及应急管理支出"), "amount"),
        Some(d("89211200"))
    );
    assert_eq!(
        val(by_name(inc, "总计"), "amount"),
        val(by_name(exp, "总计"), "amount")
    );
    // rows after the page break are in the same table
    by_name(exp, "二十四、债务还本支出");
    assert!(matches!(&exp.location, Location::Pages { pages } if pages.len() == 2));

    let inc = side(&f, "final.fiscal_summary", Side::Income);
    let exp = side(&f, "final.fiscal_summary", Side::Expenditure);
    assert_eq!(keys(inc), ["amount"]);
    assert_eq!(
        keys(exp),
        ["total", "general_budget", "gov_fund", "state_capital"]
    );
    assert_eq!(
        val(by_name(exp, "总计"), "general_budget"),
        Some(d("93166300"))
    );
}

#[test]
fn side_by_side_basic_expenditure() {
    let f = seed000();
    let t = one(&f, "final.general_budget_basic");
    assert_eq!(keys(t), ["amount"]);
    let r = by_code(t, "30101");
    assert_eq!(r.name, "基本工资");
    assert_eq!(val(r, "amount"), Some(d("4756000")));
    assert_eq!(r.texts.get("group").map(String::as_str), Some("人员经费"));
    assert_eq!(
        by_code(t, "30201").texts.get("group").map(String::as_str),
        Some("公用经费")
    );
    // continued after the page break
    assert_eq!(val(by_code(t, "30305"), "amount"), Some(d("14200")));
    assert_eq!(val(by_code(t, "31002"), "amount"), Some(d("37000")));
    assert_eq!(
        by_code(t, "309").texts.get("amount").map(String::as_str),
        Some("——")
    );
    let p = by_name(t, "人员经费合计");
    assert_eq!(p.code, None);
    assert_eq!(val(p, "amount"), Some(d("14443700")));
    let g = by_name(t, "公用经费合计");
    assert_eq!(val(g, "amount"), Some(d("990500")));
    // one row per code
    let mut codes: Vec<&str> = t.rows.iter().filter_map(|r| r.code.as_deref()).collect();
    let n = codes.len();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), n);
    assert!(n > 100);
}

#[test]
fn empty_tables_and_three_public() {
    let f = seed000();
    let t = one(&f, "final.gov_fund");
    assert!(t.no_data);
    assert!(t.rows.is_empty());
    assert_eq!(t.unit.as_deref(), Some("万元"));
    assert!(one(&f, "final.state_capital").no_data);

    let t = one(&f, "final.three_public");
    assert_eq!(
        keys(t),
        [
            "budget.total",
            "budget.abroad",
            "budget.vehicles",
            "budget.vehicle_purchase",
            "budget.vehicle_operation",
            "budget.reception",
            "final.total",
            "final.abroad",
            "final.vehicles",
            "final.vehicle_purchase",
            "final.vehicle_operation",
            "final.reception"
        ]
    );
    assert_eq!(t.rows.len(), 1);
    let r = &t.rows[0];
    assert_eq!(val(r, "final.total"), Some(d("35000")));
    assert_eq!(val(r, "final.vehicles"), Some(d("30800")));
    assert_eq!(val(r, "final.reception"), Some(d("4200")));
}

#[test]
fn related_info_counts_are_not_money() {
    let f = seed000();
    let t = one(&f, "final.related_info");
    assert_eq!(val(by_name(t, "货物"), "amount"), Some(d("37000")));
    assert_eq!(
        val(by_name(t, "(一) 行政单位"), "amount"),
        Some(d("990500"))
    );
    let cars = by_name(t, "(一) 车辆数合计(辆)");
    assert_eq!(val(cars, "amount"), Some(d("1")));
    assert_eq!(
        cars.texts.get("value_unit").map(String::as_str),
        Some("count")
    );
    assert_eq!(
        cars.texts.get("section").map(String::as_str),
        Some("三、国有资产占用情况")
    );
    // section headings are not rows
    assert_eq!(t.rows.len(), 16);
    assert!(t.rows.iter().all(|r| !r.name.contains("政府采购情况")));
}

#[test]
fn performance_forms_and_errors() {
    let f = seed000();
    let n = tables(&f, "performance.project_self_eval").len();
    assert!(n >= 20, "found {n} project self-evaluation forms");
    assert!(
        f.problems
            .iter()
            .any(|p| p.code == "cell_error" && p.message.contains("#DIV/0!"))
    );
}

#[test]
fn budget_all_tables() {
    let f = seed004();
    for kind in [
        "budget.income",
        "budget.expenditure",
        "budget.general_budget_expenditure",
        "budget.general_budget_basic",
        "budget.gov_fund_income",
        "budget.gov_fund_expenditure",
        "budget.three_public",
        "budget.office_operation",
        "budget.project_expenditure",
        "budget.project_carryover",
        "budget.state_capital",
    ] {
        one(&f, kind);
    }
    for kind in ["budget.income_expenditure_summary", "budget.fiscal_summary"] {
        side(&f, kind, Side::Income);
        side(&f, kind, Side::Expenditure);
    }
    assert_eq!(f.report.kind, "budget");
    assert_eq!(f.report.year, Some(2026));
    assert_eq!(f.report.department.as_deref(), Some("阳泉市应急管理局"));
    assert!(tables(&f, "performance.overall_target").len() == 1);
}

#[test]
fn budget_values() {
    let f = seed004();
    let t = one(&f, "budget.income");
    assert_eq!(
        keys(t),
        [
            "total",
            "general_budget",
            "gov_fund",
            "state_capital",
            "special_account",
            "unit_funds",
            "carryover_start"
        ]
    );
    // after the page break
    assert_eq!(val(by_code(t, "2240501"), "total"), Some(d("2593900")));
    assert_eq!(
        val(by_code(t, "22102"), "general_budget"),
        Some(d("2858600"))
    );
    assert_eq!(
        t.rows
            .iter()
            .filter(|r| r.code.as_deref() == Some("221"))
            .count(),
        1
    );

    let inc = side(&f, "budget.income_expenditure_summary", Side::Income);
    let exp = side(&f, "budget.income_expenditure_summary", Side::Expenditure);
    assert_eq!(keys(inc), ["amount"]);
    assert_eq!(
        keys(exp),
        ["total", "current_arrangement", "prior_arrangement"]
    );
    assert_eq!(inc.label.as_deref(), Some("预算公开表1"));
    assert_eq!(
        val(by_name(inc, "一、一般公共预算"), "amount"),
        Some(d("45580200"))
    );
    assert_eq!(
        val(by_name(exp, "支出总计"), "current_arrangement"),
        Some(d("45580200"))
    );

    let exp = side(&f, "budget.fiscal_summary", Side::Expenditure);
    assert_eq!(
        keys(exp),
        ["total", "general_budget", "gov_fund", "state_capital"]
    );

    let t = one(&f, "budget.general_budget_basic");
    assert_eq!(keys(t), ["total", "personnel", "public_funds"]);
    let r = &t.rows.iter().find(|r| r.name == "基本工资").unwrap();
    assert_eq!(
        r.texts.get("gov_economic_name").map(String::as_str),
        Some("工资奖金津补贴")
    );
    assert_eq!(val(r, "total"), Some(d("3317200")));

    let t = one(&f, "budget.three_public");
    assert_eq!(
        keys(t),
        ["total", "general_budget", "gov_fund", "state_capital"]
    );
    assert_eq!(
        val(by_name(t, "②公务用车运行维护费"), "total"),
        Some(d("468000"))
    );

    let t = one(&f, "budget.project_expenditure");
    assert_eq!(
        keys(t),
        [
            "total",
            "general_budget",
            "gov_fund",
            "state_capital",
            "special_account",
            "unit_funds"
        ]
    );
    assert_eq!(
        val(by_name(t, "航空应急救援专项经费"), "total"),
        Some(d("483000"))
    );
    assert!(one(&f, "budget.project_carryover").no_data);
    assert!(one(&f, "budget.gov_fund_income").no_data);
}

/// `cargo test --test find_seeds dump -- --ignored --nocapture` prints what was found.
#[test]
#[ignore]
fn dump() {
    for f in [seed000(), seed004()] {
        println!("REPORT {:?}", f.report);
        for t in &f.tables {
            println!(
                "== {} {:?} side={:?} unit={:?} label={:?} loc={:?} no_data={} cols={:?}",
                t.kind,
                t.title,
                t.side,
                t.unit,
                t.label,
                t.location,
                t.no_data,
                t.columns
                    .iter()
                    .map(|c| format!("{}={}[{}]", c.key, c.header, c.unit))
                    .collect::<Vec<_>>()
            );
            if t.kind.starts_with("performance") {
                continue;
            }
            for r in &t.rows {
                let v: Vec<String> = r
                    .values
                    .iter()
                    .filter_map(|(k, v)| v.map(|v| format!("{k}={v}")))
                    .collect();
                println!(
                    "   {:?} {} line={:?} {:?} {:?}",
                    r.code, r.name, r.line, v, r.texts
                );
            }
        }
        for p in &f.problems {
            println!("PROBLEM {} {} {}", p.code, p.message, p.location);
        }
    }
}
