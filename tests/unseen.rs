//! A workbook laid out unlike any sample (tests/fixtures/unseen/make_unseen.py): one header
//! row "功能科目 | 合计 | 基本支出 | 项目支出", code and name in one indented cell, amounts in 元
//! with fen. It must come out as budget.expenditure with exact amounts and pass its checks with
//! zero tolerance; one fen changed must fail.

use budget_extract::model::Block;
use budget_extract::{find, read, validate};
use rust_decimal::Decimal;
use std::str::FromStr;

fn document() -> budget_extract::model::Document {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/unseen/minzheng_2025_expenditure.xlsx"
    );
    let bytes = std::fs::read(path).unwrap();
    read::read(&bytes, read::sniff(&bytes)).unwrap()
}

#[test]
fn unseen_layout_gives_exact_yuan_amounts_and_clean_checks() {
    let doc = document();
    let found = find::find(&doc, "minzheng_2025_expenditure.xlsx");
    assert_eq!(found.report.department.as_deref(), Some("某某县民政局"));
    assert_eq!(found.report.year, Some(2025));
    let t = &found.tables[0];
    assert_eq!(t.kind, "budget.expenditure");
    assert_eq!(t.unit.as_deref(), Some("元"));
    let codes: Vec<Option<&str>> = t.rows.iter().map(|r| r.code.as_deref()).collect();
    assert_eq!(
        codes,
        vec![
            None,
            Some("208"),
            Some("20802"),
            Some("2080201"),
            Some("2080299")
        ]
    );
    assert_eq!(t.rows[4].name, "其他民政管理事务支出");
    assert_eq!(
        t.rows[4].values["total"],
        Some(Decimal::from_str("234567.89").unwrap())
    );
    let v = validate::validate(&found.report, &found.tables, &doc);
    assert!(v.summary.checks_passed >= 10);
    assert_eq!(v.summary.checks_failed, 0, "{:?}", v.problems);
    assert!(
        v.checks.iter().all(|c| c.tolerance.is_zero()),
        "元 tables get no rounding allowance"
    );
}

#[test]
fn one_fen_off_in_a_yuan_table_is_caught() {
    let mut doc = document();
    for b in &mut doc.blocks {
        if let Block::Grid(g) = b {
            for c in &mut g.cells {
                if c.origin.cell.as_deref() == Some("B7") {
                    c.text = "1000000.01".into(); // 2080201 行政运行, total
                }
            }
        }
    }
    let found = find::find(&doc, "x.xlsx");
    let v = validate::validate(&found.report, &found.tables, &doc);
    assert!(
        v.checks
            .iter()
            .any(|c| !c.passed && (c.row == "2080201" || c.terms.iter().any(|t| t == "2080201"))),
        "{:?}",
        v.problems
    );
}

/// Two tables stacked on one sheet (label, merged title, unit, two-row merged header each):
/// two tables with their own columns, not the second table's header and amounts as rows of
/// the first.
#[test]
fn tables_stacked_on_one_sheet_are_found_apart() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/unseen/minzheng_2025_stacked.xlsx"
    );
    let bytes = std::fs::read(path).unwrap();
    let doc = read::read(&bytes, read::sniff(&bytes)).unwrap();
    let found = find::find(&doc, "minzheng_2025_stacked.xlsx");
    let kinds: Vec<&str> = found.tables.iter().map(|t| t.kind.as_str()).collect();
    assert_eq!(kinds, ["budget.income", "budget.expenditure"]);
    let exp = &found.tables[1];
    assert_eq!(exp.label.as_deref(), Some("表3"));
    let keys: Vec<&str> = exp.columns.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, ["total", "basic", "project"]);
    let names: Vec<&str> = exp.rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "合计",
            "社会保障和就业支出",
            "民政管理事务",
            "行政运行",
            "一般行政管理事务"
        ]
    );
    assert_eq!(
        exp.rows[4].values["project"],
        Some(Decimal::from_str("300000").unwrap())
    );
    assert_eq!(exp.rows[4].origin, "sheet 部门预算公开表, row 20");
    assert_eq!(found.tables[0].rows.len(), 4);
    let v = validate::validate(&found.report, &found.tables, &doc);
    assert_eq!(v.summary.checks_failed, 0, "{:?}", v.problems);
}

/// A Word report with its 部门名称 / 单位 in a small layout table between the title paragraph
/// and the data table, the data table split in two (the second part without a header): one
/// table with the title above the layout table, its unit (万元 → 元) and all five rows.
#[test]
fn a_layout_table_between_title_and_data_table_is_context() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/unseen/jiaoyu_2025_layout_table.docx"
    );
    let bytes = std::fs::read(path).unwrap();
    let doc = read::read(&bytes, read::sniff(&bytes)).unwrap();
    let found = find::find(&doc, "jiaoyu_2025_layout_table.docx");
    assert_eq!(found.tables.len(), 1, "{:?}", found.tables);
    let t = &found.tables[0];
    assert_eq!(t.kind, "budget.expenditure");
    assert_eq!(t.title, "2025年某某县教育局部门支出总表");
    assert_eq!(t.unit.as_deref(), Some("万元"));
    assert_eq!(t.rows.len(), 5);
    assert_eq!(
        t.rows[4].values["project"],
        Some(Decimal::from_str("400000").unwrap())
    );
    assert_eq!(found.report.department.as_deref(), Some("某某县教育局"));
    let v = validate::validate(&found.report, &found.tables, &doc);
    assert_eq!(v.summary.checks_failed, 0, "{:?}", v.problems);
    assert!(v.summary.checks_passed > 0);
}
