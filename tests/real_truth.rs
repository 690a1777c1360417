//! Real documents of other provinces against hand-verified truth (tests/real_truth/).
//!
//! Each tests/real_truth/<doc>.json holds, for the committed PDF of the same name, the standard
//! tables as printed (every cell checked on the page image, see tests/real_truth/README.md).
//! Every truth table is compared with the record's table of the same side whose title and kind
//! fit best: kind, title, unit, column headers, every row (code, name) and every amount (in 元).
//!
//! The extractor does not read all of these yet. tests/real_truth/known_gaps.toml lists the
//! tables that do not match today with their count of wrong/missing cells (`cells`) and of
//! other differences (`meta`: kind, title, unit, headers, extra rows). The test fails when a
//! listed table gets worse (more wrong cells, or as many and more other differences), when an
//! unlisted table differs at all, or when a listed table now matches (then remove it). `UPDATE_REAL_GAPS=1` rewrites the list from the
//! current run (review the diff: a count that grows is a regression).
//! Run with `-- --nocapture` to see the summary (cells compared / exact per document).

mod truth_support;

use budget_extract::record::Table;
use rust_decimal::Decimal;
use serde_json::Value;
use std::str::FromStr;
use truth_support::{Suite, align, amount, check};

#[test]
fn real_documents_match_their_truth() {
    check(&Suite {
        dir: "tests/real_truth",
        test: "real_truth",
        update_env: "UPDATE_REAL_GAPS",
        details_env: "REAL_TRUTH_DETAILS",
        min_files: 6,
    });
}

#[test]
fn printed_amounts_convert_to_yuan() {
    let wan = Decimal::from(10000);
    assert_eq!(amount("1,234.56", wan), Some(Decimal::from(12_345_600)));
    assert_eq!(
        amount("19,756.656053", wan),
        Decimal::from_str("197566560.53").ok()
    );
    assert_eq!(amount("0.00", wan), Some(Decimal::ZERO));
    assert_eq!(amount("", wan), None);
    assert_eq!(amount("—", wan), None);
    assert_eq!(
        amount("-430,400.00", Decimal::ONE),
        Decimal::from_str("-430400").ok()
    );
}

#[test]
fn rows_align_on_exact_rows_then_in_order() {
    let truth: Vec<Value> = ["合计", "一般公共服务支出", "行政运行", "事业运行"]
        .iter()
        .map(|n| serde_json::json!({"code": null, "name": n, "values": {}}))
        .collect();
    let rows: Vec<Value> = ["合计", "行政运", "事业运行"]
        .iter()
        .map(|n| serde_json::json!({"code": null, "name": n, "values": {}, "origin": "page 1"}))
        .collect();
    let got: Table = serde_json::from_value(serde_json::json!({
        "kind": "unknown", "title": "", "unit": null, "location": {"pages": [1]},
        "columns": [], "rows": rows
    }))
    .unwrap();
    // Two rows are read as one misread row: exact matches anchor the alignment, the rows
    // between two anchors pair in order and the rest of the truth rows are missing.
    let pairs = align(&truth, &got);
    assert_eq!(
        pairs,
        vec![(0, Some(0)), (1, Some(1)), (2, None), (3, Some(2))]
    );
}
