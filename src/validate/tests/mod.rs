//! Validator tests on the seeds' own numbers (`seeds.rs` holds verbatim excerpts of the seed
//! dumps; the helpers below turn them into the Tables the finder is meant to produce).

mod seeds;

use super::*;
use crate::model::{Block, Document, Origin, TextLine};
use crate::record::{Column, Location, Row, Side, Table};
use indexmap::IndexMap;
use rust_decimal::Decimal;
use std::str::FromStr;

// ------------------------------------------------------------------------------------------
// Builders

fn scale(unit: &str) -> Decimal {
    tolerance::scale(unit).unwrap()
}

/// A printed cell → 元 (None for blank / dashes).
fn amt(s: &str, unit: &str) -> Option<Decimal> {
    let s = s.trim();
    if s.is_empty() || s.starts_with('—') || s == "-" {
        return None;
    }
    // Header text left inside a seed grid (公开10's "项目 统计数") is not an amount.
    Decimal::from_str(&s.replace(',', ""))
        .ok()
        .map(|v| v * scale(unit))
}

fn mk_row(code: &str, name: &str, vals: Vec<(String, Option<Decimal>)>, origin: &str) -> Row {
    let code = (!code.is_empty()).then(|| code.to_string());
    let level = code.as_deref().and_then(|c| match c.len() {
        3 => Some("类".to_string()),
        5 => Some("款".to_string()),
        7 => Some("项".to_string()),
        _ => None,
    });
    let parent = code
        .as_deref()
        .filter(|c| c.len() > 3)
        .map(|c| c[..c.len() - 2].to_string());
    Row {
        code,
        name: name.to_string(),
        level,
        parent,
        line: None,
        values: vals.into_iter().collect::<IndexMap<_, _>>(),
        texts: IndexMap::new(),
        origin: origin.to_string(),
    }
}

fn mk_table(kind: &str, side: Option<Side>, unit: &str, cols: &[&str], rows: Vec<Row>) -> Table {
    Table {
        id: String::new(),
        kind: kind.to_string(),
        title: kind.to_string(),
        label: None,
        side,
        unit: Some(unit.to_string()),
        location: Location::Pages { pages: vec![1] },
        columns: cols
            .iter()
            .map(|k| Column {
                key: k.to_string(),
                header: k.to_string(),
                unit: "元".into(),
            })
            .collect(),
        rows,
        no_data: false,
    }
}

/// The compact literal form: (code, name, [(column, printed value)]).
type Lit<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);

fn table(kind: &str, unit: &str, cols: &[&str], rows: &[Lit<'_>]) -> Table {
    let rows = rows
        .iter()
        .map(|(code, name, vals)| {
            let vals = cols
                .iter()
                .map(|c| {
                    let v = vals
                        .iter()
                        .find(|(k, _)| k == c)
                        .and_then(|(_, v)| amt(v, unit));
                    (c.to_string(), v)
                })
                .collect();
            mk_row(code, name, vals, "page 1")
        })
        .collect();
    mk_table(kind, None, unit, cols, rows)
}

fn fields(line: &str) -> Vec<&str> {
    line.split('\t').collect()
}

fn get<'a>(f: &[&'a str], i: usize) -> &'a str {
    f.get(i).copied().unwrap_or("")
}

/// A coded grid: "code\tname\tv1\tv2…" (a 合计 line: "合计\t\tv1…").
fn coded(kind: &str, unit: &str, cols: &[&str], text: &str) -> Table {
    let rows = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            let f = fields(l);
            let (code, name) = if f[0].chars().all(|c| c.is_ascii_digit()) {
                (f[0], get(&f, 1))
            } else {
                ("", f[0])
            };
            let vals = cols
                .iter()
                .enumerate()
                .map(|(j, c)| (c.to_string(), amt(get(&f, 2 + j), unit)))
                .collect();
            mk_row(code, name, vals, &format!("page 1, row {}", i + 1))
        })
        .collect();
    mk_table(kind, None, unit, cols, rows)
}

/// A name-only grid: name, `skip` text cells, then the values.
fn named(kind: &str, unit: &str, cols: &[&str], text: &str, skip: usize) -> Table {
    let rows = text
        .lines()
        .map(|l| {
            let f = fields(l);
            let vals = cols
                .iter()
                .enumerate()
                .map(|(j, c)| (c.to_string(), amt(get(&f, 1 + skip + j), unit)))
                .collect();
            mk_row("", f[0].trim(), vals, "page 1")
        })
        .collect();
    mk_table(kind, None, unit, cols, rows)
}

/// A two-sided grid: the income side's name at `inc.0` and amount at `inc.1`; the expenditure
/// side's name at `exp.0` and its `exp_cols` from `exp.1`. Rows with no name are dropped.
fn two_sided(
    kind: &str,
    unit: &str,
    text: &str,
    inc: (usize, usize),
    exp: (usize, usize),
    exp_cols: &[&str],
) -> (Table, Table) {
    let mut income = Vec::new();
    let mut expenditure = Vec::new();
    for l in text.lines() {
        let f = fields(l);
        let n = get(&f, inc.0).trim();
        if !n.is_empty() {
            income.push(mk_row(
                "",
                n,
                vec![("amount".into(), amt(get(&f, inc.1), unit))],
                "page 1",
            ));
        }
        let n = get(&f, exp.0).trim();
        if !n.is_empty() {
            let vals = exp_cols
                .iter()
                .enumerate()
                .map(|(j, c)| (c.to_string(), amt(get(&f, exp.1 + j), unit)))
                .collect();
            expenditure.push(mk_row("", n, vals, "page 1"));
        }
    }
    (
        mk_table(kind, Some(Side::Income), unit, &["amount"], income),
        mk_table(kind, Some(Side::Expenditure), unit, exp_cols, expenditure),
    )
}

/// 公开06: four code/name/amount triples per line → one row per code (list by list), group
/// in texts; the last line holds 人员经费合计 and 公用经费合计.
fn basic_detail(text: &str) -> Table {
    let unit = "万元";
    let lines: Vec<Vec<&str>> = text.lines().map(fields).collect();
    let mut rows = Vec::new();
    for t in 0..4 {
        for f in &lines {
            let code = get(f, t * 3).trim();
            if code.is_empty() || !code.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            let mut r = mk_row(
                code,
                get(f, t * 3 + 1),
                vec![("amount".into(), amt(get(f, t * 3 + 2), unit))],
                "page 9",
            );
            r.texts.insert(
                "group".into(),
                if t == 0 {
                    "人员经费"
                } else {
                    "公用经费"
                }
                .into(),
            );
            rows.push(r);
        }
    }
    let last = lines.last().unwrap();
    let public = last.iter().rev().find(|s| !s.trim().is_empty()).unwrap();
    rows.push(mk_row(
        "",
        last[0],
        vec![("amount".into(), amt(last[2], unit))],
        "page 9",
    ));
    rows.push(mk_row(
        "",
        last[3],
        vec![("amount".into(), amt(public, unit))],
        "page 9",
    ));
    mk_table("final.general_budget_basic", None, unit, &["amount"], rows)
}

fn doc(text: &str, page: u32) -> Document {
    Document {
        blocks: text
            .lines()
            .map(|l| {
                Block::Text(TextLine {
                    text: l.to_string(),
                    size: None,
                    origin: Origin::page(page),
                })
            })
            .collect(),
        pages: None,
        warnings: vec![],
    }
}

fn report(kind: &str) -> Report {
    Report {
        kind: kind.into(),
        ..Default::default()
    }
}

/// Seed 000 (决算) as the finder should emit it.
fn final_tables() -> Vec<Table> {
    let u = "万元";
    let (f01i, f01e) = two_sided(
        "final.income_expenditure_summary",
        u,
        seeds::F01,
        (0, 2),
        (3, 5),
        &["amount"],
    );
    let (f04i, f04e) = two_sided(
        "final.fiscal_summary",
        u,
        seeds::F04,
        (0, 2),
        (3, 5),
        &["total", "general_budget", "gov_fund", "state_capital"],
    );
    let income_cols = [
        "total",
        "fiscal",
        "superior_subsidy",
        "operation_income",
        "business_income",
        "subsidiary_remit",
        "other_income",
    ];
    let exp_cols = [
        "total",
        "basic",
        "project",
        "remit_to_superior",
        "business_expenditure",
        "subsidiary_grants",
    ];
    let tp = [
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
        "final.reception",
    ];
    let mut three = named(
        "final.three_public",
        u,
        &tp,
        &format!("\t{}", seeds::F09),
        0,
    );
    three.rows[0].name = String::new();
    let mut gov_fund = table(
        "final.gov_fund",
        u,
        &[
            "carryover_start",
            "income_this_year",
            "total",
            "basic",
            "project",
            "carryover_end",
        ],
        &[("", "合计", &[])],
    );
    gov_fund.no_data = true;
    vec![
        f01i,
        f01e,
        coded("final.income", u, &income_cols, seeds::F02),
        coded("final.expenditure", u, &exp_cols, seeds::F03),
        f04i,
        f04e,
        coded(
            "final.general_budget_expenditure",
            u,
            &["total", "basic", "project"],
            seeds::F05,
        ),
        basic_detail(seeds::F06),
        gov_fund,
        three,
        named("final.related_info", u, &["amount"], seeds::F10, 1),
    ]
}

/// Seed 004 (预算).
fn budget_tables() -> Vec<Table> {
    let u = "万元";
    let (b01i, b01e) = two_sided(
        "budget.income_expenditure_summary",
        u,
        seeds::B01,
        (0, 1),
        (2, 3),
        &["total", "current_arrangement", "prior_arrangement"],
    );
    let (b04i, b04e) = two_sided(
        "budget.fiscal_summary",
        u,
        seeds::B04,
        (0, 1),
        (2, 3),
        &["total", "general_budget", "gov_fund", "state_capital"],
    );
    let fund = ["total", "general_budget", "gov_fund", "state_capital"];
    vec![
        b01i,
        b01e,
        coded(
            "budget.income",
            u,
            &[
                "total",
                "general_budget",
                "gov_fund",
                "state_capital",
                "special_account",
                "unit_funds",
                "carryover_start",
            ],
            seeds::B02,
        ),
        coded(
            "budget.expenditure",
            u,
            &["total", "basic", "project"],
            seeds::B03,
        ),
        b04i,
        b04e,
        coded(
            "budget.general_budget_expenditure",
            u,
            &["total", "basic", "project"],
            seeds::B05,
        ),
        named(
            "budget.general_budget_basic",
            u,
            &["total", "personnel", "public_funds"],
            seeds::B06,
            1,
        ),
        named("budget.three_public", u, &fund, seeds::B10, 0),
        named("budget.office_operation", u, &fund, seeds::B11, 0),
    ]
}

fn run(kind: &str, tables: &[Table], text: &str) -> Validation {
    validate(&report(kind), tables, &doc(text, 19))
}

fn failures(v: &Validation) -> Vec<String> {
    v.checks
        .iter()
        .filter(|c| !c.passed)
        .map(|c| {
            format!(
                "{} {} {} {} expected {} actual {} tol {}",
                c.rule, c.table, c.row, c.column, c.expected, c.actual, c.tolerance
            )
        })
        .collect()
}

fn ran(v: &Validation, rule: &str, table: &str) -> bool {
    v.checks.iter().any(|c| c.rule == rule && c.table == table)
}

fn set(tables: &mut [Table], table: &str, row: &str, col: &str, printed: &str) {
    let t = tables
        .iter_mut()
        .find(|t| view::table_id(t) == table)
        .unwrap();
    let unit = t.unit.clone().unwrap();
    let r = t
        .rows
        .iter_mut()
        .find(|r| view::row_label(r) == row)
        .unwrap_or_else(|| panic!("no row {row} in {table}"));
    *r.values.get_mut(col).unwrap() = amt(printed, &unit);
}

fn yuan(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

// ------------------------------------------------------------------------------------------
// Within-table and cross-table

#[test]
fn seed_final_tables_add_up() {
    let tables = final_tables();
    let v = run("final_accounts", &tables, "");
    assert_eq!(failures(&v), Vec::<String>::new());
    for (rule, table) in [
        ("total_eq_sum_of_lei", "final.expenditure"),
        ("lei_eq_sum_of_kuan", "final.expenditure"),
        ("kuan_eq_sum_of_xiang", "final.expenditure"),
        ("col.expenditure_total", "final.expenditure"),
        ("col.income_total", "final.income"),
        ("total_eq_sum_of_lei", "final.income"),
        ("kuan_eq_sum_of_xiang", "final.general_budget_expenditure"),
        (
            "two_sided.this_year_eq_sum_of_lines",
            "final.income_expenditure_summary/income",
        ),
        (
            "two_sided.this_year_eq_sum_of_lines",
            "final.income_expenditure_summary/expenditure",
        ),
        (
            "two_sided.grand_total_eq_this_year_plus_carryover",
            "final.fiscal_summary/income",
        ),
        ("col.income_total", "final.fiscal_summary/expenditure"),
        (
            "personnel_total_eq_sum_of_lei",
            "final.general_budget_basic",
        ),
        ("public_total_eq_sum_of_lei", "final.general_budget_basic"),
        ("lei_eq_sum_of_kuan", "final.general_budget_basic"),
        ("col.three_public_total", "final.three_public"),
        ("col.vehicles_eq_purchase_operation", "final.three_public"),
        ("rows.procurement_total", "final.related_info"),
        ("cross.final.income_total", "final.income"),
        ("cross.final.expenditure_total", "final.expenditure"),
        (
            "cross.final.summary_balance",
            "final.income_expenditure_summary/income",
        ),
        ("cross.final.fiscal_balance", "final.fiscal_summary/income"),
        ("cross.final.income_fiscal", "final.income"),
        (
            "cross.final.general_budget_total",
            "final.general_budget_expenditure",
        ),
        (
            "cross.final.general_budget_basic",
            "final.general_budget_basic",
        ),
        (
            "cross.final.office_operation_eq_public_funds",
            "final.related_info",
        ),
    ] {
        assert!(ran(&v, rule, table), "{rule} on {table} did not run");
    }
    assert!(v.checks.len() > 150, "{}", v.checks.len());
    assert_eq!(v.summary.checks_failed, 0);
    assert_eq!(v.summary.standard_expected.len(), 10);
    // 公开08 is not in the test set.
    assert_eq!(
        v.summary.standard_missing,
        vec!["final.state_capital".to_string()]
    );
    assert!(
        v.problems.is_empty(),
        "{:?}",
        v.problems.iter().map(|p| &p.message).collect::<Vec<_>>()
    );
}

#[test]
fn seed_budget_tables_add_up() {
    let tables = budget_tables();
    let v = run("budget", &tables, "");
    assert_eq!(failures(&v), Vec::<String>::new());
    for (rule, table) in [
        ("total_eq_sum_of_lei", "budget.income"),
        ("col.income_total", "budget.income"),
        ("kuan_eq_sum_of_xiang", "budget.expenditure"),
        (
            "col.total_eq_current_prior",
            "budget.income_expenditure_summary/expenditure",
        ),
        (
            "two_sided.this_year_eq_sum_of_lines",
            "budget.income_expenditure_summary/expenditure",
        ),
        (
            "two_sided.grand_total_eq_this_year_plus_carryover",
            "budget.fiscal_summary/income",
        ),
        (
            "class_eq_sum_of_items_by_position",
            "budget.general_budget_basic",
        ),
        (
            "total_eq_sum_of_classes_by_position",
            "budget.general_budget_basic",
        ),
        (
            "col.total_eq_personnel_public",
            "budget.general_budget_basic",
        ),
        ("rows.three_public_total", "budget.three_public"),
        ("rows.vehicles_eq_purchase_operation", "budget.three_public"),
        ("total_eq_sum_of_rows", "budget.office_operation"),
        ("cross.budget.income_total", "budget.income"),
        ("cross.budget.expenditure_total", "budget.expenditure"),
        (
            "cross.budget.summary_balance",
            "budget.income_expenditure_summary/income",
        ),
        ("cross.budget.fiscal_income", "budget.fiscal_summary/income"),
        (
            "cross.budget.general_budget_total",
            "budget.general_budget_expenditure",
        ),
        (
            "cross.budget.general_budget_basic",
            "budget.general_budget_basic",
        ),
        ("cross.budget.vehicle_operation", "budget.three_public"),
        (
            "cross_lines.budget.summary_vs_expenditure",
            "budget.income_expenditure_summary/expenditure",
        ),
        (
            "cross_lines.budget.fiscal_vs_general_budget",
            "budget.fiscal_summary/expenditure",
        ),
    ] {
        assert!(ran(&v, rule, table), "{rule} on {table} did not run");
    }
    // 表六 prints 合计 3915.63 against 3530.82 + 384.80 = 3915.62: rounding, within 0.02 万元.
    let c = v
        .checks
        .iter()
        .find(|c| c.rule == "col.total_eq_personnel_public" && c.row == "合计")
        .unwrap();
    assert_eq!((c.expected, c.actual), (yuan("39156200"), yuan("39156300")));
    assert!(c.passed);
}

#[test]
fn basic_detail_rounding_passes_within_tolerance() {
    // 公开06: 公用经费合计 99.05 against 302 95.36 + 310 3.70 = 99.06.
    let v = run("final_accounts", &final_tables(), "");
    let c = v
        .checks
        .iter()
        .find(|c| c.rule == "public_total_eq_sum_of_lei" && c.column == "amount")
        .unwrap();
    assert_eq!(c.table, "final.general_budget_basic");
    assert_eq!(c.row, "公用经费合计");
    assert_eq!(c.expected, yuan("990600"));
    assert_eq!(c.actual, yuan("990500"));
    assert_eq!(c.tolerance, yuan("200"));
    assert!(c.passed);
}

/// Change one printed amount; some failing check must name exactly that table, row, column.
fn assert_pinned(tables: Vec<Table>, kind: &str, table: &str, row: &str, col: &str, to: &str) {
    assert_fails_at(tables, kind, table, row, col, to, row);
}

/// Change one printed amount at `changed`; a failing check must name table, `row`, column.
fn assert_fails_at(
    mut tables: Vec<Table>,
    kind: &str,
    table: &str,
    changed: &str,
    col: &str,
    to: &str,
    row: &str,
) {
    set(&mut tables, table, changed, col, to);
    let v = run(kind, &tables, "");
    assert!(v.summary.checks_failed > 0);
    let hit = v
        .checks
        .iter()
        .any(|c| !c.passed && c.table == table && c.row == row && c.column == col);
    assert!(
        hit,
        "changing {table} {row} {col} → {to}: no failing check names it; failures: {:#?}",
        failures(&v)
    );
    let wh = format!("table {table}, row {row}, column {col}");
    assert!(
        v.problems
            .iter()
            .any(|p| p.location == wh && p.severity == crate::record::Severity::Error),
        "no error problem at {wh}"
    );
    // The values are never changed by validation.
    assert!(v.summary.tables_found as usize == tables.len());
}

#[test]
fn one_changed_amount_is_pinned_to_its_cell() {
    let k = "final_accounts";
    // A 项 row's total.
    assert_pinned(
        final_tables(),
        k,
        "final.expenditure",
        "2240109",
        "total",
        "1065.71",
    );
    // A 项 row's basic-column cell.
    assert_pinned(
        final_tables(),
        k,
        "final.expenditure",
        "2240109",
        "basic",
        "36.40",
    );
    // A 款 row, a 类 row.
    assert_pinned(
        final_tables(),
        k,
        "final.expenditure",
        "22401",
        "project",
        "1639.43",
    );
    assert_pinned(
        final_tables(),
        k,
        "final.expenditure",
        "224",
        "total",
        "8921.21",
    );
    // The 合计 row (its total, its basic column).
    assert_pinned(
        final_tables(),
        k,
        "final.expenditure",
        "合计",
        "total",
        "9316.36",
    );
    assert_pinned(
        final_tables(),
        k,
        "final.expenditure",
        "合计",
        "basic",
        "1534.42",
    );
    // Other tables.
    assert_pinned(
        final_tables(),
        k,
        "final.income",
        "2101101",
        "total",
        "60.85",
    );
    assert_pinned(
        final_tables(),
        k,
        "final.general_budget_expenditure",
        "2240150",
        "basic",
        "1016.04",
    );
    // A single-column table has no row identity to tell a wrong 款 from a wrong parent: the
    // failure is named at the parent 类 row, in the right column.
    assert_fails_at(
        final_tables(),
        k,
        "final.general_budget_basic",
        "30107",
        "amount",
        "305.60",
        "301",
    );
    assert_pinned(
        final_tables(),
        k,
        "final.general_budget_basic",
        "人员经费合计",
        "amount",
        "1444.73",
    );
    assert_pinned(
        final_tables(),
        k,
        "final.income_expenditure_summary/expenditure",
        "本年支出合计",
        "amount",
        "9361.63",
    );
    assert_pinned(
        final_tables(),
        k,
        "final.income_expenditure_summary/expenditure",
        "八、社会保障和就业支出",
        "amount",
        "251.19",
    );
    assert_pinned(
        final_tables(),
        k,
        "final.three_public",
        "",
        "final.total",
        "3.55",
    );
    assert_pinned(
        final_tables(),
        k,
        "final.related_info",
        "合计",
        "amount",
        "241.07",
    );
    let b = "budget";
    assert_pinned(
        budget_tables(),
        b,
        "budget.expenditure",
        "2240501",
        "basic",
        "295.39",
    );
    assert_pinned(
        budget_tables(),
        b,
        "budget.general_budget_basic",
        "工资福利支出",
        "total",
        "3363.90",
    );
    assert_pinned(
        budget_tables(),
        b,
        "budget.three_public",
        "合计",
        "total",
        "46.08",
    );
    assert_pinned(
        budget_tables(),
        b,
        "budget.office_operation",
        "部门合计",
        "total",
        "145.95",
    );
    assert_pinned(
        budget_tables(),
        b,
        "budget.fiscal_summary/income",
        "收入总计",
        "amount",
        "4558.20",
    );
}

#[test]
fn cross_table_failure_names_both_tables() {
    let mut tables = final_tables();
    // 公开02 and 公开01 disagree on 本年收入合计 only (公开02 consistently raised by 1 万元).
    for (row, col) in [
        ("合计", "total"),
        ("合计", "fiscal"),
        ("208", "total"),
        ("208", "fiscal"),
    ] {
        let t = tables
            .iter_mut()
            .find(|t| t.kind == "final.income")
            .unwrap();
        let r = t
            .rows
            .iter_mut()
            .find(|r| view::row_label(r) == row)
            .unwrap();
        let v = r.values.get_mut(col).unwrap();
        *v = Some(v.unwrap() + Decimal::from(10_000));
    }
    let t = tables
        .iter_mut()
        .find(|t| t.kind == "final.income")
        .unwrap();
    let r = t
        .rows
        .iter_mut()
        .find(|r| view::row_label(r) == "20805")
        .unwrap();
    for col in ["total", "fiscal"] {
        let v = r.values.get_mut(col).unwrap();
        *v = Some(v.unwrap() + Decimal::from(10_000));
    }
    let r = t
        .rows
        .iter_mut()
        .find(|r| view::row_label(r) == "2080505")
        .unwrap();
    for col in ["total", "fiscal"] {
        let v = r.values.get_mut(col).unwrap();
        *v = Some(v.unwrap() + Decimal::from(10_000));
    }
    let v = run("final_accounts", &tables, "");
    let failed: Vec<&Check> = v.checks.iter().filter(|c| !c.passed).collect();
    let rules: Vec<&str> = failed.iter().map(|c| c.rule.as_str()).collect();
    assert!(rules.contains(&"cross.final.income_total"), "{rules:?}");
    assert!(rules.contains(&"cross.final.income_fiscal"), "{rules:?}");
    assert!(rules.iter().all(|r| r.starts_with("cross.")), "{rules:?}");
    let p = v
        .problems
        .iter()
        .find(|p| p.code == "cross_check_failed" && p.message.contains("cross.final.income_total"))
        .unwrap();
    assert_eq!(p.location, "table final.income, row 合计, column total");
    assert!(
        p.message.contains("9317.63万元") && p.message.contains("9316.63万元"),
        "{}",
        p.message
    );
}

#[test]
fn rounding_passes_in_wan_yuan_and_fails_in_yuan() {
    let rows: &[Lit<'_>] = &[
        ("", "合计", &[("total", "0.03")]),
        ("224", "灾害防治及应急管理支出", &[("total", "0.03")]),
        ("22401", "应急管理事务", &[("total", "0.03")]),
        ("2240101", "行政运行", &[("total", "0.01")]),
        ("2240102", "一般行政管理事务", &[("total", "0.01")]),
    ];
    let wan = table("final.expenditure", "万元", &["total"], rows);
    let v = run("final_accounts", &[wan], "");
    let c = v.checks.iter().find(|c| c.row == "22401").unwrap();
    assert_eq!(
        (c.expected, c.actual, c.tolerance),
        (yuan("200"), yuan("300"), yuan("200"))
    );
    assert!(c.passed && v.summary.checks_failed == 0);

    let yuan_t = table("final.expenditure", "元", &["total"], rows);
    let v = run("final_accounts", &[yuan_t], "");
    let c = v.checks.iter().find(|c| c.row == "22401").unwrap();
    assert_eq!(c.tolerance, Decimal::ZERO);
    assert!(!c.passed);
    assert_eq!(c.table, "final.expenditure");
    assert_eq!(c.column, "total");
    assert!(v.problems.iter().any(|p| p.code == "check_failed"
        && p.location == "table final.expenditure, row 22401, column total"));

    // Beyond the allowance in 万元: 0.05 against 0.01 + 0.01 (two terms → 0.02 万元).
    let mut off = table("final.expenditure", "万元", &["total"], rows);
    off.rows[2].values["total"] = amt("0.05", "万元");
    let v = run("final_accounts", &[off], "");
    assert!(v.checks.iter().any(|c| c.row == "22401" && !c.passed));
}

#[test]
fn unverifiable_table_gets_a_warning() {
    let t = table(
        "budget.project_expenditure",
        "万元",
        &["col1"],
        &[
            ("", "甲", &[("col1", "1.00")]),
            ("", "乙", &[("col1", "2.00")]),
        ],
    );
    let v = run("final_accounts", &[t], "");
    assert!(v.checks.is_empty());
    // Two rows, no total, no codes, one column: nothing to add up.
    assert!(v.problems.iter().any(|p| p.code == "unverified_table"
        && p.severity == crate::record::Severity::Warning));
}

#[test]
fn name_only_levels_by_suffix() {
    let rows: &[Lit<'_>] = &[
        ("", "合计", &[("total", "2787.25")]),
        ("", "灾害防治及应急管理支出(类)", &[("total", "2787.25")]),
        ("", "应急管理事务（款）", &[("total", "2787.25")]),
        ("", "行政运行（项）", &[("total", "96.07")]),
        ("", "一般行政管理事务（项）", &[("total", "1.63")]),
        ("", "灾害风险防治（项）", &[("total", "191.00")]),
        ("", "应急救援（项）", &[("total", "426.40")]),
        ("", "应急管理（项）", &[("total", "1055.71")]),
        ("", "事业运行（项）", &[("total", "1016.44")]),
    ];
    let t = table("final.expenditure", "万元", &["total"], rows);
    let v = run("final_accounts", std::slice::from_ref(&t), "");
    assert_eq!(failures(&v), Vec::<String>::new());
    assert!(ran(&v, "kuan_eq_sum_of_xiang", "final.expenditure"));
    assert!(ran(&v, "lei_eq_sum_of_kuan", "final.expenditure"));
    assert!(ran(&v, "total_eq_sum_of_lei", "final.expenditure"));
    let mut bad = t.clone();
    bad.rows[5].values["total"] = amt("119.00", "万元");
    let v = run("final_accounts", &[bad], "");
    assert!(v.checks.iter().any(|c| !c.passed
        && c.rule == "kuan_eq_sum_of_xiang"
        && c.row == "应急管理事务（款）"
        && c.column == "total"));
}

#[test]
fn unknown_grids_are_not_flagged_unverified() {
    let t = table(
        "unknown",
        "万元",
        &["col1"],
        &[
            ("", "目 录", &[("col1", "3")]),
            ("", "一、收入", &[("col1", "5")]),
        ],
    );
    let v = run("final_accounts", &[t], "");
    assert!(v.problems.is_empty());
}

#[test]
fn no_data_tables_are_quiet() {
    let mut t = table(
        "final.state_capital",
        "万元",
        &["total", "basic", "project"],
        &[("", "合计", &[])],
    );
    t.no_data = true;
    let v = run("final_accounts", &[t], "");
    assert!(v.checks.is_empty() && v.problems.is_empty());
}

// ------------------------------------------------------------------------------------------
// Prose

fn fact<'a>(v: &'a Validation, label: &str) -> &'a Fact {
    v.facts
        .iter()
        .find(|f| f.label == label)
        .unwrap_or_else(|| {
            panic!(
                "no fact {label}; facts: {:#?}",
                v.facts
                    .iter()
                    .map(|f| (&f.label, f.value))
                    .collect::<Vec<_>>()
            )
        })
}

#[test]
fn final_prose_facts_match_the_tables() {
    let v = run("final_accounts", &final_tables(), seeds::F_TEXT);
    let f = fact(&v, "收入总计");
    assert_eq!(
        (f.value, f.unit.as_str(), f.matched),
        (yuan("93166300"), "元", Some(true))
    );
    assert_eq!(f.text, "2024年度收入总计9,316.63万元");
    assert_eq!(f.location, "page 19");
    assert_eq!(fact(&v, "支出总计").matched, Some(true));
    assert_eq!(fact(&v, "财政拨款收入总计").matched, Some(true));
    assert_eq!(fact(&v, "财政拨款支出总计").matched, Some(true));
    let f = fact(&v, "基本支出");
    assert_eq!((f.value, f.matched), (yuan("15434200"), Some(true)));
    let f = fact(&v, "基本支出占比");
    assert_eq!(
        (f.value, f.unit.as_str(), f.matched),
        (yuan("16.57"), "%", Some(true))
    );
    assert_eq!(fact(&v, "项目支出占比").matched, Some(true));
    assert_eq!(fact(&v, "财政拨款收入占比").matched, Some(true));
    assert_eq!(fact(&v, "一般公共预算财政拨款支出").matched, Some(true));
    assert_eq!(fact(&v, "一般公共预算财政拨款支出占比").matched, Some(true));
    // Function classes named in prose, found as rows of 公开05; their shares of its 合计.
    let f = fact(&v, "社会保障和就业支出");
    assert_eq!((f.value, f.matched), (yuan("2151900"), Some(true)));
    assert_eq!(fact(&v, "灾害防治及应急管理支出占比").matched, Some(true));
    assert_eq!(fact(&v, "一般公共预算财政拨款基本支出").matched, Some(true));
    assert_eq!(fact(&v, "人员经费").matched, Some(true));
    assert_eq!(fact(&v, "公用经费").matched, Some(true));
    // 公开06 rows named in section 六.
    let f = fact(&v, "基本工资");
    assert_eq!((f.value, f.matched), (yuan("4756000"), Some(true)));
    assert_eq!(fact(&v, "办公设备购置").matched, Some(true));
    // The seed's own slip: "咨询费1.25万元", but 公开06 prints 1.25 under 印刷费, 咨询费 blank.
    assert_eq!(fact(&v, "咨询费").matched, Some(false));
    assert!(v.problems.iter().any(|p| p.code == "prose_mismatch"
        && p.severity == crate::record::Severity::Warning
        && p.location == "table final.general_budget_basic, row 30203, column amount"));
    assert_eq!(fact(&v, "三公经费预算数").matched, Some(true));
    assert_eq!(fact(&v, "三公经费决算数").matched, Some(true));
    let f = fact(&v, "公务用车运行维护费");
    assert_eq!((f.value, f.matched), (yuan("30800"), Some(true)));
    assert_eq!(fact(&v, "因公出国(境)费").matched, Some(true));
    assert_eq!(fact(&v, "机关运行经费").matched, Some(true));
    assert_eq!(fact(&v, "政府采购支出总额").matched, Some(true));
    assert_eq!(fact(&v, "授予中小企业合同金额").matched, None);
    // Changes ("增加5,472.96万元") are not facts.
    assert!(v.facts.iter().all(|f| f.value != yuan("54729600")));
    // Only the 咨询费 slip fails.
    let bad: Vec<&Fact> = v
        .facts
        .iter()
        .filter(|f| f.matched == Some(false))
        .collect();
    assert_eq!(bad.len(), 1, "{bad:#?}");
    assert_eq!(v.summary.facts_unmatched, 1);
    assert!(v.summary.facts_matched >= 40, "{}", v.summary.facts_matched);
}

#[test]
fn prose_mismatch_when_table_differs() {
    let mut tables = final_tables();
    set(&mut tables, "final.expenditure", "合计", "basic", "1534.42");
    let v = run("final_accounts", &tables, seeds::F_TEXT);
    assert_eq!(fact(&v, "基本支出").matched, Some(false));
    assert_eq!(fact(&v, "基本支出占比").matched, Some(false));
    let p = v
        .problems
        .iter()
        .find(|p| p.code == "prose_mismatch" && p.message.contains("基本支出"))
        .unwrap();
    assert_eq!(
        p.location,
        "table final.expenditure, row 合计, column basic"
    );
    assert!(
        p.message.contains("1543.42万元") && p.message.contains("1534.42万元"),
        "{}",
        p.message
    );
}

#[test]
fn prose_without_tables_is_unmatched_none() {
    let v = run("final_accounts", &[], seeds::F_TEXT);
    let f = fact(&v, "收入总计");
    assert_eq!((f.value, f.matched), (yuan("93166300"), None));
    assert!(v.checks.is_empty());
    assert_eq!(v.summary.facts_matched + v.summary.facts_unmatched, 0);
}

#[test]
fn budget_prose_facts_match_the_tables() {
    let v = run("budget", &budget_tables(), seeds::B_TEXT);
    let bad: Vec<_> = v
        .facts
        .iter()
        .filter(|f| f.matched == Some(false))
        .map(|f| (&f.label, f.value, &f.text))
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
    for label in [
        "收入总计",
        "支出总计",
        "本年收入",
        "预算收入",
        "一般公共预算拨款收入",
        "一般公共预算拨款收入占比",
        "支出预算",
        "基本支出",
        "基本支出占比",
        "项目支出占比",
        "财政拨款收支总预算",
        "一般公共预算当年支出",
        "一般公共服务支出",
        "一般公共服务支出占比",
        "灾害防治及应急管理支出占比",
        "一般公共预算基本支出",
        "人员经费",
        "公用经费",
        "三公经费预算",
        "公务用车运行维护费",
        "机关运行经费",
    ] {
        assert_eq!(fact(&v, label).matched, Some(true), "{label}");
    }
    assert_eq!(fact(&v, "基本支出").value, yuan("39156300"));
    assert_eq!(fact(&v, "政府采购预算总额").matched, None);
}

#[test]
fn summary_counts_standard_tables() {
    let v = run("budget", &budget_tables(), "");
    assert_eq!(v.summary.standard_expected.len(), 13);
    assert_eq!(v.summary.tables_found, 10);
    assert_eq!(v.summary.standard_found.len(), 8);
    assert!(
        v.summary
            .standard_missing
            .contains(&"budget.project_expenditure".to_string())
    );
    assert_eq!(
        v.summary.checks_passed + v.summary.checks_failed,
        v.checks.len() as u32
    );
}

#[test]
fn three_public_shares_are_of_the_three_public_total() {
    let text = "九、财政拨款“三公”经费支出决算情况说明\n\
                公务接待费支出0.42万元，占12.00%；公务用车运行维护费支出3.08万元，占88.00%。\n\
                因公出国（境）费支出0万元，占1.00%。";
    let v = run("final_accounts", &final_tables(), text);
    let shares: Vec<(&str, Option<bool>)> = v
        .facts
        .iter()
        .filter(|f| f.unit == "%")
        .map(|f| (f.label.as_str(), f.matched))
        .collect();
    assert_eq!(
        shares,
        vec![
            ("公务接待费占比", Some(true)),
            ("公务用车运行维护费占比", Some(true)),
            ("因公出国(境)费占比", Some(false)),
        ]
    );
    let c = v
        .checks
        .iter()
        .find(|c| c.rule == "prose.share" && !c.passed)
        .unwrap();
    assert_eq!((c.expected, c.actual), (Decimal::ZERO, yuan("1.00")));
    assert_eq!(c.table, "final.three_public");
    assert_eq!(c.column, "final.abroad");
}

#[test]
fn a_code_tree_repeated_per_unit_is_checked_per_unit() {
    // 深圳 支出总表 listed per 预算单位: each unit prints its own 类/款/项 rows
    let text = "局（本级）\t\t15.00\n\
                205\t教育支出\t10.00\n\
                20508\t进修及培训\t10.00\n\
                2050803\t培训支出\t10.00\n\
                208\t社会保障和就业支出\t5.00\n\
                20805\t行政事业单位养老支出\t5.00\n\
                2080505\t机关事业单位基本养老保险缴费支出\t5.00\n\
                技师学院\t\t7.00\n\
                205\t教育支出\t7.00\n\
                20508\t进修及培训\t7.00\n\
                2050803\t培训支出\t3.00\n\
                2050899\t其他进修及培训\t4.00";
    let t = coded("budget.expenditure", "万元", &["total"], text);
    let v = run("budget", &[t], "");
    let fails: Vec<String> = failures(&v)
        .into_iter()
        .filter(|f| f.contains("sum_of"))
        .collect();
    assert_eq!(fails, Vec::<String>::new());
    assert!(ran(&v, "lei_eq_sum_of_kuan", "budget.expenditure"));
    assert!(ran(&v, "kuan_eq_sum_of_xiang", "budget.expenditure"));
    // a wrong 项 in the second unit is still found
    let bad = text.replace(
        "2050899\t其他进修及培训\t4.00",
        "2050899\t其他进修及培训\t9.00",
    );
    let t = coded("budget.expenditure", "万元", &["total"], &bad);
    let v = run("budget", &[t], "");
    assert!(
        failures(&v)
            .iter()
            .any(|f| f.starts_with("kuan_eq_sum_of_xiang"))
    );
}

#[test]
fn rounding_follows_the_printed_decimals() {
    // 北京 prints 万元 with 6 decimals: sums are exact to the last digit, so a difference of
    // 0.0005 万元 (5 元) is a slip, not rounding.
    let rows: &[Lit<'_>] = &[
        ("", "合计", &[("total", "1357.118500")]),
        ("205", "教育支出", &[("total", "1357.118500")]),
        ("20501", "教育管理事务", &[("total", "1357.118500")]),
        ("2050101", "行政运行", &[("total", "1000.000000")]),
        ("2050102", "一般行政管理事务", &[("total", "357.118000")]),
    ];
    let v = run(
        "budget",
        &[table("budget.expenditure", "万元", &["total"], rows)],
        "",
    );
    let c = v.checks.iter().find(|c| c.row == "20501").unwrap();
    // the finest amount printed has 4 decimals (0.0001 万元 = 1 元): 1 元 per term
    assert_eq!(c.tolerance, yuan("2"));
    assert!(!c.passed);
    // the same table printed with 2 decimals keeps 0.01 万元 per term
    let rows2: &[Lit<'_>] = &[
        ("", "合计", &[("total", "1357.12")]),
        ("205", "教育支出", &[("total", "1357.12")]),
        ("20501", "教育管理事务", &[("total", "1357.12")]),
        ("2050101", "行政运行", &[("total", "1000.00")]),
        ("2050102", "一般行政管理事务", &[("total", "357.11")]),
    ];
    let v = run(
        "budget",
        &[table("budget.expenditure", "万元", &["total"], rows2)],
        "",
    );
    let c = v.checks.iter().find(|c| c.row == "20501").unwrap();
    assert_eq!(c.tolerance, yuan("200"));
    assert!(c.passed);
}

#[test]
fn lines_under_the_this_year_total_add_to_the_grand_total() {
    // 烟台 公开表1: 上级补助收入 printed between 本年收入合计 and 收入总计, before the carry-over
    let text = "一、财政拨款收入\t45,832.29\n\
                五、其他收入\t75.00\n\
                本年收入合计\t45,907.29\n\
                上级补助收入\t60.00\n\
                附属单位上缴收入\t\n\
                上年结转\t\n\
                收入总计\t45,967.29";
    let (income, _) = two_sided(
        "budget.income_expenditure_summary",
        "万元",
        text,
        (0, 1),
        (5, 6),
        &["amount"],
    );
    let v = run("budget", &[income.clone()], "");
    assert_eq!(failures(&v), Vec::<String>::new());
    assert!(v.checks.iter().any(|c| {
        c.rule == "two_sided.grand_total_eq_this_year_plus_carryover"
            && c.passed
            && c.terms.iter().any(|t| t.contains("上级补助收入"))
    }));
    // a wrong grand total still fails
    let mut bad = income;
    let g = bad.rows.len() - 1;
    bad.rows[g]
        .values
        .insert("amount".into(), Some(Decimal::from(459_072_900)));
    let v = run("budget", &[bad], "");
    assert!(
        failures(&v)
            .iter()
            .any(|f| f.starts_with("two_sided.grand_total_eq_this_year_plus_carryover"))
    );
}

#[test]
fn numbered_rows_under_a_line_are_its_parts_on_a_two_sided_table() {
    // 深圳 财政拨款收支总表, income side: "财政拨款" over "1.…3." and "上年结余、结转" over
    // "1.…3.…结余、结转": the numbered rows are breakdowns, not lines or carry-overs of their own.
    let text = "财政拨款\t388,561.78\n\
                 1.一般公共预算拨款\t384,396.78\n\
                 2.政府性基金预算拨款\t4,165.00\n\
                 3.国有资本经营预算拨款\t0.00\n\
                本年收入合计\t388,561.78\n\
                上年结余、结转\t201.78\n\
                 1.一般公共预算拨款结余、结转\t201.78\n\
                 2.政府性基金预算拨款结余、结转\t0.00\n\
                 3.国有资本经营预算拨款结余、结转\t0.00\n\
                收入总计\t388,763.56";
    let (inc, _) = two_sided("budget.fiscal_summary", "万元", text, (0, 1), (9, 9), &[]);
    let v = run("budget", &[inc], "");
    assert_eq!(failures(&v), Vec::<String>::new());
    for rule in [
        "two_sided.this_year_eq_sum_of_lines",
        "two_sided.grand_total_eq_this_year_plus_carryover",
        "two_sided.carryover_eq_sum_of_parts",
    ] {
        assert!(ran(&v, rule, "budget.fiscal_summary/income"), "{rule}");
    }
    // a wrong breakdown row is still caught
    let bad = text.replace(
        "2.政府性基金预算拨款结余、结转\t0.00",
        "2.政府性基金预算拨款结余、结转\t5.00",
    );
    assert_ne!(bad, text);
    let (inc, _) = two_sided("budget.fiscal_summary", "万元", &bad, (0, 1), (9, 9), &[]);
    let v = run("budget", &[inc], "");
    assert!(
        failures(&v)
            .iter()
            .any(|f| f.starts_with("two_sided.carryover_eq_sum_of_parts")),
        "{:?}",
        failures(&v)
    );
}

#[test]
fn numbered_sections_under_a_grand_total_are_checked_without_a_this_year_total() {
    // 杭州 财政拨款收支预算总表, income side: 一、财政拨款 and 二、上年结转结余, each over its three
    // fund lines, then 收入总计; no 本年收入合计 line.
    let text = "一、财政拨款\t373,795.79\n\
                一般公共预算\t366,195.79\n\
                政府性基金预算\t7,600.00\n\
                国有资本经营预算\t\n\
                二、上年结转结余\t4,023.45\n\
                一般公共预算\t4,023.45\n\
                政府性基金预算\t\n\
                国有资本经营预算\t\n\
                收入总计\t377,819.24";
    let (inc, _) = two_sided("budget.fiscal_summary", "万元", text, (0, 1), (9, 9), &[]);
    let v = run("budget", &[inc], "");
    assert_eq!(failures(&v), Vec::<String>::new());
    for rule in [
        "two_sided.grand_total_eq_sum_of_sections",
        "two_sided.section_eq_sum_of_lines",
    ] {
        assert!(ran(&v, rule, "budget.fiscal_summary/income"), "{rule}");
    }
    // a line read wrong is caught by its section, a section read wrong by the grand total
    for (from, to, rule) in [
        (
            "政府性基金预算\t7,600.00",
            "政府性基金预算\t7,700.00",
            "two_sided.section_eq_sum_of_lines",
        ),
        (
            "收入总计\t377,819.24",
            "收入总计\t377,919.24",
            "two_sided.grand_total_eq_sum_of_sections",
        ),
    ] {
        let bad = text.replace(from, to);
        assert_ne!(bad, text);
        let (inc, _) = two_sided("budget.fiscal_summary", "万元", &bad, (0, 1), (9, 9), &[]);
        let v = run("budget", &[inc], "");
        assert!(
            failures(&v).iter().any(|f| f.starts_with(rule)),
            "{rule}: {:?}",
            failures(&v)
        );
    }
}

#[test]
fn columns_keyed_category_then_fund_are_checked_per_fund() {
    // 深圳 三公: 总计 / 因公出国(境)费 / 公务接待费 / 公务用车… (小计, 购置费, 运行维护费), each
    // over 一般公共预算 and 政府性基金预算
    let cols = [
        "total.general_budget",
        "total.gov_fund",
        "abroad.general_budget",
        "abroad.gov_fund",
        "reception.general_budget",
        "reception.gov_fund",
        "vehicles.general_budget",
        "vehicles.gov_fund",
        "vehicle_purchase.general_budget",
        "vehicle_purchase.gov_fund",
        "vehicle_operation.general_budget",
        "vehicle_operation.gov_fund",
    ];
    let table = |line: &str| {
        let vals = cols
            .iter()
            .zip(line.split(' '))
            .map(|(c, v)| (c.to_string(), amt(v, "万元")))
            .collect();
        let row = mk_row("", "2026年", vals, "page 1");
        mk_table("budget.three_public", None, "万元", &cols, vec![row])
    };
    let good = "47.56 1.00 0.00 0.00 0.16 0.00 47.40 1.00 36.00 0.00 11.40 1.00";
    let v = run("budget", &[table(good)], "");
    assert_eq!(failures(&v), Vec::<String>::new());
    assert!(ran(&v, "col.three_public_total", "budget.three_public"));
    assert!(ran(
        &v,
        "col.vehicles_eq_purchase_operation",
        "budget.three_public"
    ));
    // a purchase amount read wrong is caught by its fund's 小计
    let bad = good.replace("36.00", "35.00");
    let v = run("budget", &[table(&bad)], "");
    assert!(
        failures(&v)
            .iter()
            .any(|f| f.starts_with("col.vehicles_eq_purchase_operation")),
        "{:?}",
        failures(&v)
    );
}

#[test]
fn words_in_an_amount_column_are_flagged() {
    let text = "一、财政拨款\t5,753.07\n一般公共预算\t5,753.07\n收入总计\t5,753.07";
    let (inc, _) = two_sided("budget.fiscal_summary", "万元", text, (0, 1), (9, 9), &[]);
    let v = run("budget", std::slice::from_ref(&inc), "");
    assert!(!v.problems.iter().any(|p| p.code == "words_in_amount_cells"));
    // an expenditure name read into the income amount column
    let mut misread = inc.clone();
    misread.rows[1]
        .texts
        .insert("amount".into(), "十三、交通运输支出".into());
    misread.rows[1].values.insert("amount".into(), None);
    let v = run("budget", &[misread], "");
    let p: Vec<_> = v
        .problems
        .iter()
        .filter(|p| p.code == "words_in_amount_cells")
        .collect();
    assert_eq!(p.len(), 1, "{:?}", v.problems);
    assert!(
        p[0].message.contains("十三、交通运输支出"),
        "{}",
        p[0].message
    );
}

/// Rows of a 分单位 coded table: a line without a code is a unit row (its name in texts).
fn per_unit(kind: &str, text: &str) -> Table {
    let mut t = coded(kind, "万元", &["total"], text);
    for r in &mut t.rows {
        if r.code.is_none() {
            r.texts
                .insert("unit_name".into(), std::mem::take(&mut r.name));
        }
    }
    t
}

#[test]
fn summary_lines_are_the_sum_of_the_units_classes() {
    // 深圳 人社 支出总表: the department row, then each unit with its own 类 rows; the 收支总表's
    // 一、教育支出 is the sum of the units' 205 rows.
    let summary = "一、教育支出\t17.31\n二、社会保障和就业支出\t5.27\n本年支出合计\t22.58";
    let (_, exp) = two_sided(
        "budget.income_expenditure_summary",
        "万元",
        summary,
        (9, 9),
        (0, 1),
        &["amount"],
    );
    let units = "深圳市某局\t\t22.58\n\
                 局（本级）\t\t15.39\n\
                 205\t教育支出\t10.12\n\
                 208\t社会保障和就业支出\t5.27\n\
                 技师学院\t\t7.19\n\
                 205\t教育支出\t7.19";
    let v = run(
        "budget",
        &[exp.clone(), per_unit("budget.expenditure", units)],
        "",
    );
    let lines: Vec<&Check> = v
        .checks
        .iter()
        .filter(|c| c.rule == "cross_lines.budget.summary_vs_expenditure")
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(lines.iter().all(|c| c.passed), "{:?}", failures(&v));
    // the department's own block first: its 类 rows are the figure, not added to the units'
    let dept = "深圳市某局\t\t22.58\n\
                205\t教育支出\t17.31\n\
                208\t社会保障和就业支出\t5.27\n\
                局（本级）\t\t15.39\n\
                205\t教育支出\t10.12\n\
                208\t社会保障和就业支出\t5.27\n\
                技师学院\t\t7.19\n\
                205\t教育支出\t7.19";
    let v = run(
        "budget",
        &[exp.clone(), per_unit("budget.expenditure", dept)],
        "",
    );
    assert!(
        v.checks
            .iter()
            .filter(|c| c.rule == "cross_lines.budget.summary_vs_expenditure")
            .all(|c| c.passed),
        "{:?}",
        failures(&v)
    );
    // one unit's class off: the line no longer matches
    let bad = units.replace(
        "技师学院\t\t7.19\n205\t教育支出\t7.19",
        "技师学院\t\t7.19\n205\t教育支出\t7.09",
    );
    assert_ne!(bad, units);
    let v = run("budget", &[exp, per_unit("budget.expenditure", &bad)], "");
    assert!(
        failures(&v)
            .iter()
            .any(|f| f.starts_with("cross_lines.budget.summary_vs_expenditure")),
        "{:?}",
        failures(&v)
    );
}

#[test]
fn the_income_table_total_is_the_summary_grand_total() {
    // 深圳 收入总表: its 合计 = the year's sources + 上年结余、结转 = the 收支总表's 收入总计 (the
    // summary prints the carry-over below 本年收入合计).
    let summary = "一、财政拨款\t388,561.78\n本年收入合计\t388,561.78\n上年结余、结转\t201.78\n收入总计\t388,763.56";
    let (inc, _) = two_sided(
        "budget.income_expenditure_summary",
        "万元",
        summary,
        (0, 1),
        (9, 9),
        &[],
    );
    let cols = ["total", "general_budget", "carryover_start"];
    let income = |total: &str| {
        table(
            "budget.income",
            "万元",
            &cols,
            &[(
                "",
                "合计",
                &[
                    ("total", total),
                    ("general_budget", "388,561.78"),
                    ("carryover_start", "201.78"),
                ],
            )],
        )
    };
    let v = run("budget", &[inc.clone(), income("388,763.56")], "");
    let c = v
        .checks
        .iter()
        .find(|c| c.rule == "cross.budget.income_total")
        .expect("ran");
    assert!(c.passed, "{:?}", failures(&v));
    // a 合计 that leaves the carry-over out (the year's income only) is caught
    let v = run("budget", &[inc, income("388,561.78")], "");
    assert!(
        failures(&v)
            .iter()
            .any(|f| f.starts_with("cross.budget.income_total")),
        "{:?}",
        failures(&v)
    );
}

#[test]
fn a_line_printed_twice_is_one_line_only_above_the_deepest_level() {
    // 无锡: 款 21999 其他支出, then its only 项 printed with the 款's code: one line
    let wuxi = "219\t援助其他地区支出\t502.00\n\
                21999\t其他支出\t502.00\n\
                21999\t其他支出\t502.00\n\
                221\t住房保障支出\t425.90\n\
                22102\t住房改革支出\t425.90\n\
                2210201\t住房公积金\t425.90\n\
                合计\t\t927.90";
    let v = run(
        "budget",
        &[coded("budget.expenditure", "万元", &["total"], wuxi)],
        "",
    );
    assert_eq!(failures(&v), Vec::<String>::new());
    assert!(ran(&v, "total_eq_sum_of_lei", "budget.expenditure"));
    // 北京 气象局: 项 2200509 气象服务 once per project, two projects of 64.00 each: two lines
    let beijing = "2200509\t气象服务\t64.000000\n\
                   2200509\t气象服务\t64.000000\n\
                   2200504\t气象事业机构\t2,010.968210\n\
                   合计\t\t2,138.968210";
    let v = run(
        "budget",
        &[coded(
            "budget.general_budget_expenditure",
            "万元",
            &["total"],
            beijing,
        )],
        "",
    );
    assert_eq!(failures(&v), Vec::<String>::new());
    assert!(ran(
        &v,
        "total_eq_sum_of_lei",
        "budget.general_budget_expenditure"
    ));
}

#[test]
fn a_line_under_two_paired_classifications_is_summed_across_them() {
    // 北京 基本支出表: 30231 公务用车运行维护费 under 50208 and again under 50502; the 三公
    // table's 公务用车运行维护费 is their sum.
    let mut basic = coded(
        "budget.general_budget_basic",
        "万元",
        &["total"],
        "30231\t公务用车运行维护费\t29.498700\n\
         30231\t公务用车运行维护费\t29.699452\n\
         合计\t\t59.198152",
    );
    basic.rows[0].texts.insert(
        "gov_economic_name".into(),
        "50208-公务用车运行维护费".into(),
    );
    basic.rows[1]
        .texts
        .insert("gov_economic_name".into(), "50502-商品和服务支出".into());
    let three = table(
        "budget.three_public",
        "万元",
        &["total", "vehicle_operation"],
        &[(
            "",
            "",
            &[("total", "59.198152"), ("vehicle_operation", "59.198152")],
        )],
    );
    let v = run("budget", &[three.clone(), basic.clone()], "");
    let c = v
        .checks
        .iter()
        .find(|c| c.rule == "cross.budget.vehicle_operation")
        .expect("ran");
    assert!(c.passed, "{:?}", failures(&v));
    // the same two lines without a pairing are one line repeated: not summed, so caught
    for r in &mut basic.rows {
        r.texts.clear();
    }
    let v = run("budget", &[three, basic], "");
    assert!(
        failures(&v)
            .iter()
            .any(|f| f.starts_with("cross.budget.vehicle_operation")),
        "{:?}",
        failures(&v)
    );
}

#[test]
fn a_fund_s_own_expenditure_is_not_the_department_s() {
    // 苏州/无锡: "…2026年国有资本经营预算支出0万元" speaks of the 国有资本经营预算支出表 (here
    // "本表无数据"), not of the department's 支出预算 that "预算支出" names elsewhere.
    let mut tables = budget_tables();
    let mut sc = table("budget.state_capital", "万元", &["total"], &[]);
    sc.no_data = true;
    tables.push(sc);
    let v = run(
        "budget",
        &tables,
        "十一、国有资本经营预算支出预算情况说明\n某局2026年国有资本经营预算支出0万元。",
    );
    let f = fact(&v, "国有资本经营预算支出");
    assert_eq!(f.matched, Some(true));
    assert!(v.facts.iter().all(|f| f.matched != Some(false)));
    // a figure the (empty) table does not hold is caught
    let v = run(
        "budget",
        &tables,
        "十一、国有资本经营预算支出预算情况说明\n某局2026年国有资本经营预算支出5万元。",
    );
    assert_eq!(fact(&v, "国有资本经营预算支出").matched, Some(false));
}

#[test]
fn indented_class_lines_add_only_their_classes_on_a_two_sided_table() {
    // 杭州 收支预算总表, expenditure side: 类, 款 and 项 told apart by indentation only, no
    // numbers, no codes; the 类 rows are the lines of 本年支出合计 (229 其他支出 over its 款
    // 其他支出 counts once).
    let text = "\t\t科学技术支出\t28.00\n\
                \t\t技术研究与开发\t28.00\n\
                \t\t科技成果转化与扩散\t28.00\n\
                \t\t自然资源海洋气象等支出\t5,371.48\n\
                \t\t气象事务\t5,371.48\n\
                \t\t行政运行\t2,617.19\n\
                \t\t气象服务\t2,754.29\n\
                \t\t其他支出\t10.00\n\
                \t\t其他支出\t10.00\n\
                \t\t本年支出合计\t5,409.48\n\
                \t\t年终结转结余\t\n\
                \t\t支出总计\t5,409.48";
    let (_, exp) = two_sided(
        "budget.income_expenditure_summary",
        "万元",
        text,
        (0, 1),
        (2, 3),
        &["amount"],
    );
    let v = run("budget", &[exp], "");
    assert_eq!(failures(&v), Vec::<String>::new());
    assert!(ran(
        &v,
        "two_sided.this_year_eq_sum_of_lines",
        "budget.income_expenditure_summary/expenditure"
    ));
    // a wrong 类 line is still caught
    let bad = text.replace("科学技术支出\t28.00", "科学技术支出\t38.00");
    assert_ne!(bad, text);
    let (_, exp) = two_sided(
        "budget.income_expenditure_summary",
        "万元",
        &bad,
        (0, 1),
        (2, 3),
        &["amount"],
    );
    let v = run("budget", &[exp], "");
    assert!(
        failures(&v)
            .iter()
            .any(|f| f.starts_with("two_sided.this_year_eq_sum_of_lines")),
        "{:?}",
        failures(&v)
    );
}

/// 西安公安 结转资金表: a secret project ("公安其他业务经费（内容涉密）") is printed without a
/// subject code; it adds to the 合计 beside the coded lines, while a line labelled only by its
/// unit (a unit's subtotal) does not.
#[test]
fn uncoded_items_add_to_the_total_unit_lines_do_not() {
    let mut t = table(
        "budget.project_carryover",
        "元",
        &["amount"],
        &[
            ("", "合计", &[("amount", "100")]),
            ("", "", &[("amount", "100")]),
            ("", "", &[("amount", "30")]),
            ("2040299", "其他公安支出", &[("amount", "70")]),
        ],
    );
    t.rows[1]
        .texts
        .insert("unit_name".into(), "西安市公安局".into());
    for (k, v) in [
        ("unit_name", "西安市公安局"),
        ("col1", "公安其他业务经费（内容涉密）"),
    ] {
        t.rows[2].texts.insert(k.into(), v.into());
    }
    let v = run("budget", std::slice::from_ref(&t), "");
    assert!(ran(&v, "total_eq_sum_of_lei", "budget.project_carryover"));
    assert!(failures(&v).is_empty(), "{:?}", failures(&v));
    // the secret line printed wrong: the total no longer adds up
    t.rows[2].values.insert("amount".into(), Some(yuan("31")));
    let v = run("budget", &[t], "");
    assert!(!failures(&v).is_empty());
}

// --- prose reports (绩效自评报告) ---

const SELF_EVAL: &str = "二、部门财政资金收支情况
（一）部门财政资金收入情况。
本年度我部门财政拨款收入1311.56万元。一般公共预算财政拨款预算收入1298.53万元，其中基本支出收入919.82万元、项目支出收入391.74万元；政府性基金预算收入13.03万元，均为项目支出收入。
（二）部门财政资金支出情况。
本年度我部门财政拨款支出1311.56万元。一般公共预算财政拨款预算支出1298.53万元，其中基本支出919.82万元、项目支出391.74万元；政府性基金预算支出13.03万元，均为项目支出。
（三）部门财政资金结转结余情况。
本年度无年末结转和结余。
（三）部门预算项目支出情况分析。
4.项目名称：2025年冬春临时生活困难救助（川财资环〔2024〕117号）
该项目年初目标：2024年中央和省级自然灾害救灾资金（中央资金66万元，省级资金2万元），专项用于冬春临时生活困难救助；完成情况：在2025年1月完成资金支付；自评情况：按照相关规定申请资金并支付。
（四）结果应用情况。
（2）自评质量。我单位严格按照预算管理和支付时效要求，执行进度100%，整体绩效自评得分为97分。
五、评价结论及建议
（一）评价结论。总体绩效评价得分：97分。";

fn facts_of(v: &Validation) -> Vec<(String, String, String, Option<String>)> {
    v.facts
        .iter()
        .map(|f| {
            (
                f.label.clone(),
                f.value.normalize().to_string(),
                f.unit.clone(),
                f.subject.clone(),
            )
        })
        .collect()
}

#[test]
fn self_eval_prose_gives_amounts_rates_scores_and_absences() {
    let v = run("performance", &[], SELF_EVAL);
    let got = facts_of(&v);
    let s = |l: &str, v: &str, u: &str| (l.to_string(), v.to_string(), u.to_string(), None);
    let project = Some("2025年冬春临时生活困难救助（川财资环〔2024〕117号）".to_string());
    let want = vec![
        s("财政拨款收入", "13115600", "元"),
        s("一般公共预算财政拨款收入", "12985300", "元"),
        s("基本支出收入", "9198200", "元"),
        s("项目支出收入", "3917400", "元"),
        s("政府性基金预算财政拨款收入", "130300", "元"),
        s("财政拨款支出", "13115600", "元"),
        s("一般公共预算财政拨款支出", "12985300", "元"),
        s("基本支出", "9198200", "元"),
        s("项目支出", "3917400", "元"),
        s("政府性基金预算财政拨款支出", "130300", "元"),
        s("年末结转和结余", "0", "元"),
        (
            "中央资金".into(),
            "660000".into(),
            "元".into(),
            project.clone(),
        ),
        ("省级资金".into(), "20000".into(), "元".into(), project),
        s("预算执行率", "100", "%"),
        s("绩效自评得分", "97", "score"),
        s("绩效自评得分", "97", "score"),
    ];
    assert_eq!(got, want);
    // the label before a colon is the clause, and the text starts at it
    assert_eq!(v.facts.last().unwrap().text, "总体绩效评价得分：97分");
    assert_eq!(v.facts[10].text, "本年度无年末结转和结余");
    assert_eq!(v.projects.len(), 1);
    assert_eq!(
        v.projects[0].document_number.as_deref(),
        Some("川财资环〔2024〕117号")
    );
    // every identity the prose allows ran and holds
    assert!(failures(&v).is_empty(), "{:?}", failures(&v));
    let rules: Vec<&str> = v.checks.iter().map(|c| c.rule.as_str()).collect();
    for r in ["prose.sum", "prose.rate", "prose.repeat", "prose.score_max"] {
        assert!(rules.contains(&r), "{r} did not run: {rules:?}");
    }
    assert_eq!(rules.iter().filter(|r| **r == "prose.sum").count(), 4);
    // no table: nothing is matched or unmatched
    assert_eq!(v.summary.facts_matched + v.summary.facts_unmatched, 0);
}

#[test]
fn self_eval_prose_inconsistencies_are_caught_at_the_fact() {
    // an amount off by 0.10 万元: both sums it takes part in fail, naming it
    let v = run(
        "performance",
        &[],
        &SELF_EVAL.replacen(
            "政府性基金预算收入13.03万元",
            "政府性基金预算收入13.13万元",
            1,
        ),
    );
    let f: Vec<&Check> = v.checks.iter().filter(|c| !c.passed).collect();
    assert_eq!(f.len(), 1, "{:?}", failures(&v));
    assert_eq!(
        (f[0].rule.as_str(), f[0].row.as_str()),
        ("prose.sum", "财政拨款收入")
    );
    assert!(
        f[0].terms
            .contains(&"政府性基金预算财政拨款收入".to_string())
    );
    let p = v
        .problems
        .iter()
        .find(|p| p.code == "prose_inconsistent")
        .unwrap();
    assert!(
        p.message.contains("1311.56万元") && p.message.contains("1311.66万元"),
        "{}",
        p.message
    );
    assert_eq!(p.location, "table facts, row 财政拨款收入, column value");
    // the score stated twice, once altered
    let v = run(
        "performance",
        &[],
        &SELF_EVAL.replace("得分：97分", "得分：96分"),
    );
    assert_eq!(failures(&v).len(), 1, "{:?}", failures(&v));
    assert!(failures(&v)[0].starts_with("prose.repeat facts 绩效自评得分"));
    // a score above 100
    let v = run("performance", &[], &SELF_EVAL.replace("97分", "107分"));
    assert_eq!(
        v.checks
            .iter()
            .filter(|c| !c.passed && c.rule == "prose.score_max")
            .count(),
        2
    );
    // 执行率 against 支出 / 收入
    let v = run(
        "performance",
        &[],
        &SELF_EVAL.replace("执行进度100%", "执行进度95%"),
    );
    assert_eq!(failures(&v).len(), 1, "{:?}", failures(&v));
    assert!(failures(&v)[0].starts_with("prose.rate facts 预算执行率"));
}

#[test]
fn statements_need_their_unit_and_a_catalog_label() {
    let v = run(
        "performance",
        &[],
        "满意度大于95%，检查不少于30家次，得分率90%。预算执行率为98.50%。本年度无年初结转和结余。\n其中：自评得分：8分",
    );
    let got = facts_of(&v);
    assert_eq!(
        got,
        vec![
            ("预算执行率".into(), "98.5".into(), "%".into(), None),
            ("年初结转和结余".into(), "0".into(), "元".into(), None),
            ("绩效自评得分".into(), "8".into(), "score".into(), None),
        ]
    );
    // an amount entry does not take a percentage, nor a score an amount
    let v = run("performance", &[], "财政拨款收入98%，自评得分97万元。");
    assert!(v.facts.is_empty(), "{:?}", v.facts);
    // a 决算 narrative keeps its own catalog: no performance facts, no checks among facts
    let v = run("final_accounts", &[], SELF_EVAL);
    assert!(
        v.facts
            .iter()
            .all(|f| f.unit != "score" && f.subject.is_none())
    );
    assert!(!v.checks.iter().any(|c| c.table == "facts"));
}

#[test]
fn a_split_stated_under_one_fund_is_checked_against_that_fund() {
    // 基本 + 项目 as the split of 一般公共预算 (378.71 without the 13.03 of 政府性基金)
    let v = run(
        "performance",
        &[],
        &SELF_EVAL.replace("、项目支出391.74万元；", "、项目支出378.71万元；"),
    );
    assert!(failures(&v).is_empty(), "{:?}", failures(&v));
    let c = v
        .checks
        .iter()
        .find(|c| c.rule == "prose.sum" && c.terms.contains(&"基本支出".to_string()))
        .unwrap();
    assert_eq!(c.row, "一般公共预算财政拨款支出");
    // a split that adds up to neither total fails on the whole
    let v = run(
        "performance",
        &[],
        &SELF_EVAL.replace("、项目支出391.74万元；", "、项目支出388.71万元；"),
    );
    assert_eq!(failures(&v).len(), 1, "{:?}", failures(&v));
    assert!(failures(&v)[0].starts_with("prose.sum facts 财政拨款支出 "));
}

#[test]
fn parallel_lists_on_one_side_are_each_checked() {
    // 西安 部门综合预算收支总表, expenditure side: three lists side by side (by function class,
    // by department economic class, by government economic class), each name column followed
    // by its 预算数, each closing on the same 本年支出合计 and 支出总计; rows have no name of
    // their own.
    let lines: [[(&str, &str); 3]; 6] = [
        [
            ("一、部门预算", "300"),
            ("一、部门预算", "300"),
            ("一、部门预算", "300"),
        ],
        [
            ("1、一般公共服务支出", "100"),
            ("1、人员经费和公用经费支出", "250"),
            ("1、机关工资福利支出", "120"),
        ],
        [
            ("2、公共安全支出", "200"),
            ("(1)工资福利支出", "250"),
            ("2、机关资本性支出", "180"),
        ],
        [("", ""), ("2、项目支出", "50"), ("", "")],
        [
            ("本年支出合计", "300"),
            ("本年支出合计", "300"),
            ("本年支出合计", "300"),
        ],
        [
            ("支出总计", "300"),
            ("支出总计", "300"),
            ("支出总计", "300"),
        ],
    ];
    let build = |lines: &[[(&str, &str); 3]]| {
        let keys = ["amount", "amount_2", "amount_3"];
        let rows = lines
            .iter()
            .map(|l| {
                let vals = keys
                    .iter()
                    .zip(l)
                    .map(|(k, (_, v))| (k.to_string(), amt(v, "元")))
                    .collect();
                let mut r = mk_row("", "", vals, "page 27");
                for (i, (name, _)) in l.iter().enumerate() {
                    r.texts
                        .insert(format!("col{}", 2 * i + 1), name.to_string());
                }
                r
            })
            .collect();
        let mut t = mk_table(
            "budget.income_expenditure_summary",
            Some(Side::Expenditure),
            "元",
            &[],
            rows,
        );
        for (i, k) in keys.iter().enumerate() {
            for (key, unit) in [(format!("col{}", 2 * i + 1), "text"), (k.to_string(), "元")] {
                t.columns.push(Column {
                    key: key.clone(),
                    header: key,
                    unit: unit.into(),
                });
            }
        }
        t
    };
    let v = run("budget", &[build(&lines)], "");
    assert_eq!(failures(&v), Vec::<String>::new());
    for col in ["amount", "amount_2", "amount_3"] {
        assert!(
            v.checks
                .iter()
                .any(|c| c.rule == "two_sided.this_year_eq_sum_of_lines"
                    && c.column == col
                    && c.row == "本年支出合计"),
            "{col}"
        );
    }
    // a wrong line of the third list is caught in that list's column
    let mut bad = lines;
    bad[2][2] = ("2、机关资本性支出", "190");
    let v = run("budget", &[build(&bad)], "");
    let f = failures(&v);
    assert!(
        f.iter()
            .any(|f| f.starts_with("two_sided.") && f.contains(" amount_3 ")),
        "{f:?}"
    );
    assert!(f.iter().all(|f| f.contains(" amount_3 ")), "{f:?}");
}

#[test]
fn an_amount_read_into_the_name_is_flagged() {
    let rows = |first: &str| {
        vec![
            mk_row("", first, vec![("total".into(), None)], "page 1"),
            mk_row(
                "201",
                "一般公共服务支出",
                vec![("total".into(), Some(yuan("5")))],
                "page 1",
            ),
        ]
    };
    let flagged = |name: &str| {
        let t = mk_table("budget.expenditure", None, "元", &["total"], rows(name));
        run("budget", &[t], "")
            .problems
            .iter()
            .any(|p| p.code == "amount_in_name")
    };
    assert!(flagged("总计 35583500.00"));
    assert!(flagged("一般公共服务支出 27,317,900"));
    assert!(!flagged("总计"));
    assert!(!flagged("2026年部门预算"));
    assert!(!flagged("其他支出 2"));
}
