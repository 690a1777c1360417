//! Plants one changed amount at a time into the tables extracted from each sample and asserts
//! that validation catches it with a failing check that names that table and the changed cell:
//! as the checked cell, or as one of the check's summed terms (a row among the summed rows in
//! the same column, or a column among the summed columns of the same row). One identity alone
//! cannot tell whether the total or one of its terms is the wrong cell; the check lists them.

use budget_extract::model::Document;
use budget_extract::read;
use budget_extract::record::{Side, Table};
use budget_extract::{find, validate};
use rust_decimal::Decimal;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn table_id(t: &Table) -> String {
    match t.side {
        Some(Side::Income) => format!("{}/income", t.kind),
        Some(Side::Expenditure) => format!("{}/expenditure", t.kind),
        None => t.kind.clone(),
    }
}

/// Sample reports whose every standard-table amount must be covered by some check.
const SAMPLES: &[&str] = &[
    "000_yangcheng_2024_final.xlsx",
    "004_yangquan_2026_budget.xlsx",
];

#[test]
fn every_planted_change_is_caught_where_it_was_planted() {
    let mut missed = Vec::new();
    let mut planted = 0;
    for name in SAMPLES {
        let path = root().join("samples").join(name);
        let Ok(bytes) = std::fs::read(&path) else {
            missed.push(format!("{name}: sample missing"));
            continue;
        };
        let doc: Document = read::read(&bytes, read::sniff(&bytes)).expect("sample reads");
        let found = find::find(&doc, name);
        let clean = validate::validate(&found.report, &found.tables, &doc);
        // the standard tables are clean; two performance forms of seed 000 print a 总分 that is
        // not the sum of their 得分 (tests/forms_planted.rs names them), planted changes here
        // are on the standard tables only
        let failed: Vec<_> = clean
            .checks
            .iter()
            .filter(|c| !c.passed && !c.table.starts_with("performance."))
            .collect();
        assert!(
            failed.is_empty(),
            "{name}: the clean sample already fails checks: {failed:?}"
        );
        for (ti, table) in found.tables.iter().enumerate() {
            if table.kind == "unknown" || table.kind.starts_with("performance.") {
                continue;
            }
            for (ri, row) in table.rows.iter().enumerate() {
                for col in table.columns.iter().filter(|c| c.unit == "元") {
                    let Some(Some(_)) = row.values.get(&col.key) else {
                        continue;
                    };
                    let mut tables = found.tables.clone();
                    let cell = tables[ti].rows[ri].values.get_mut(&col.key).unwrap();
                    *cell = cell.map(|v| v + Decimal::new(10000, 0)); // +1 万元
                    let result = validate::validate(&found.report, &tables, &doc);
                    planted += 1;
                    let row_id = row.code.clone().unwrap_or_else(|| row.name.clone());
                    let caught = result.checks.iter().any(|c| {
                        !c.passed
                            && c.table == table_id(table)
                            && ((c.column == col.key
                                && (c.row == row_id || c.terms.contains(&row_id)))
                                || (c.row == row_id && c.terms.contains(&col.key)))
                    });
                    if !caught {
                        missed.push(format!(
                            "{name}: {} row {row_id:?} column {}",
                            table_id(table),
                            col.key
                        ));
                    }
                }
            }
        }
    }
    assert!(planted > 100, "only {planted} amounts planted");
    assert!(
        missed.is_empty(),
        "{} of {planted} planted changes not caught at their cell:\n{}",
        missed.len(),
        missed.join("\n")
    );
}
