//! The prose against the form of the same report (rule prose.form). The fixture
//! tests/fixtures/forms/prose_form (a 项目支出绩效自评报告 in Word and its LibreOffice print)
//! states the 全年预算数, 全年执行数, 执行率 and 自评得分 in its prose and prints the same in its
//! 项目支出绩效自评表. A number changed in the prose, or in the form's cell, must be caught by a
//! failed prose.form check at that form cell; the clean file passes.

use budget_extract::model::{Block, Document};
use budget_extract::{find, read, validate};
use regex::Regex;
use std::path::PathBuf;

const FILES: &[&str] = &["prose_form.docx", "prose_form.pdf"];

fn load(name: &str) -> Document {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/forms")
        .join(name);
    let bytes = std::fs::read(&path).expect("fixture");
    read::read(&bytes, read::sniff(&bytes)).expect("fixture reads")
}

/// The failed prose.form checks as (column, fact label).
fn failed(doc: &Document, name: &str) -> (usize, Vec<(String, String)>) {
    let found = find::find(doc, name);
    let v = validate::validate(&found.report, &found.tables, doc);
    let all = v.checks.iter().filter(|c| c.rule == "prose.form").count();
    let bad = v
        .checks
        .iter()
        .filter(|c| c.rule == "prose.form" && !c.passed)
        .map(|c| (c.column.clone(), c.terms.join(",")))
        .collect();
    (all, bad)
}

#[test]
fn the_clean_report_agrees_with_its_form() {
    for name in FILES {
        let (all, bad) = failed(&load(name), name);
        assert_eq!(
            all, 4,
            "{name}: 全年预算数, 全年执行数, 执行率 and 得分 compared"
        );
        assert!(bad.is_empty(), "{name}: {bad:?}");
    }
}

#[test]
fn a_number_planted_in_the_prose_is_caught_at_the_form_cell() {
    let number = Regex::new(r"([0-9]+)((?:\.[0-9]+)?\s*(?:万元|%|分))").unwrap();
    // statement label → the form column it is compared with
    let want = [
        ("全年预算数", "full_year_budget"),
        ("全年执行数", "executed"),
        ("预算执行率", "execution_rate"),
        ("绩效自评得分", "score"),
    ];
    for name in FILES {
        let doc = load(name);
        let mut caught = Vec::new();
        for (bi, block) in doc.blocks.iter().enumerate() {
            let Block::Text(t) = block else { continue };
            for m in number.captures_iter(&t.text) {
                let n: u64 = m[1].parse().unwrap();
                let mut planted = doc.clone();
                let Block::Text(pt) = &mut planted.blocks[bi] else {
                    unreachable!()
                };
                pt.text
                    .replace_range(m.get(1).unwrap().range(), &(n + 1).to_string());
                let (_, bad) = failed(&planted, name);
                caught.extend(bad);
            }
        }
        for (label, column) in want {
            assert!(
                caught.iter().any(|(c, l)| c == column && l == label),
                "{name}: +1 in the prose's {label} not caught at {column}: {caught:?}"
            );
        }
    }
}

#[test]
fn a_number_planted_in_the_form_is_caught_against_the_prose() {
    for name in FILES {
        let doc = load(name);
        for (cell_text, column) in [("118.25", "executed"), ("98", "score")] {
            let mut planted = doc.clone();
            // the first such cell of the form: 年度资金总额's 全年执行数, the 总分 line's score
            let mut done = false;
            for b in planted.blocks.iter_mut() {
                let Block::Grid(g) = b else { continue };
                let target = if column == "score" {
                    g.cells
                        .iter_mut()
                        .rev()
                        .find(|c| c.text.trim() == cell_text)
                } else {
                    g.cells.iter_mut().find(|c| c.text.trim() == cell_text)
                };
                if let Some(c) = target {
                    c.text = c.text.replacen(cell_text, &format!("1{cell_text}"), 1);
                    done = true;
                    break;
                }
            }
            assert!(done, "{name}: no cell {cell_text}");
            let (_, bad) = failed(&planted, name);
            assert!(
                bad.iter().any(|(c, _)| c == column),
                "{name}: {cell_text} changed in the form not caught: {bad:?}"
            );
        }
    }
}
