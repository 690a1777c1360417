//! Plants one changed number at a time into the prose of the 002 samples (a 绩效自评报告 with no
//! table: every number is in a sentence) and asserts that the checks among the facts catch it
//! at the fact it changed: a failing check whose row is that fact's label, or that names it
//! among its terms. The change is +1 on the integer part ("1311.56万元" → "1312.56万元",
//! "97分" → "98分"), beyond the rounding of the printed digits.

use budget_extract::model::{Block, Document};
use budget_extract::record::Fact;
use budget_extract::{find, read, validate};
use regex::Regex;
use std::path::PathBuf;

const SAMPLES: &[&str] = &[
    "002_ebian_2024_performance_report.docx",
    "002_ebian_2024_performance_report.pdf",
];

fn facts(doc: &Document, name: &str) -> (Vec<Fact>, validate::Validation) {
    let found = find::find(doc, name);
    let v = validate::validate(&found.report, &found.tables, doc);
    (v.facts.clone(), v)
}

fn row_of(f: &Fact) -> String {
    match &f.subject {
        Some(s) => format!("{s} / {}", f.label),
        None => f.label.clone(),
    }
}

#[test]
fn every_planted_number_in_the_prose_is_caught_at_its_fact() {
    let number = Regex::new(r"([0-9]+)((?:\.[0-9]+)?\s*(?:万元|%|分))").unwrap();
    let mut missed = Vec::new();
    let mut caught = 0;
    let mut uncovered = Vec::new();
    for name in SAMPLES {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("samples")
            .join(name);
        let bytes = std::fs::read(&path).expect("sample");
        let doc = read::read(&bytes, read::sniff(&bytes)).expect("sample reads");
        let (clean, v) = facts(&doc, name);
        assert!(clean.len() >= 15, "{name}: only {} facts", clean.len());
        assert_eq!(v.summary.checks_failed, 0, "{name}: the clean sample fails");
        let mut planted_in: Vec<usize> = Vec::new();
        for (bi, block) in doc.blocks.iter().enumerate() {
            let Block::Text(t) = block else { continue };
            for m in number.captures_iter(&t.text) {
                let n: u64 = m[1].parse().unwrap();
                let mut planted = doc.clone();
                let Block::Text(pt) = &mut planted.blocks[bi] else {
                    unreachable!()
                };
                let r = m.get(1).unwrap().range();
                pt.text.replace_range(r, &(n + 1).to_string());
                let (after, result) = facts(&planted, name);
                if after.len() != clean.len() {
                    missed.push(format!(
                        "{name}: planting in {:?} changed the facts",
                        t.text
                    ));
                    continue;
                }
                // the fact the number was read into
                let Some((fi, fact)) = clean
                    .iter()
                    .zip(&after)
                    .enumerate()
                    .find(|(_, (a, b))| a.value != b.value)
                    .map(|(i, (a, _))| (i, a))
                else {
                    continue; // a number that is no fact (满意度大于95%)
                };
                planted_in.push(fi);
                let row = row_of(fact);
                let hit = result.checks.iter().any(|c| {
                    !c.passed
                        && c.table == "facts"
                        && (c.row == row || c.terms.contains(&fact.label))
                });
                if hit {
                    caught += 1;
                } else if fact.subject.is_some() {
                    // a fund source named inside one project: nothing states what it adds to
                    uncovered.push(format!("{name}: {row}"));
                } else {
                    missed.push(format!("{name}: {row} ({:?}) not caught", fact.text));
                }
            }
        }
        // every department-level number was planted (none is split over two lines)
        for (i, f) in clean.iter().enumerate() {
            if f.subject.is_none()
                && f.text.chars().any(|c| c.is_ascii_digit())
                && !planted_in.contains(&i)
            {
                missed.push(format!("{name}: {} ({:?}) never planted", f.label, f.text));
            }
        }
    }
    // 10 amounts, the 执行率 and the score stated twice, in each form
    assert!(caught >= 2 * 13, "only {caught} planted changes caught");
    assert!(
        missed.is_empty(),
        "{} planted changes not caught at their fact:\n{}",
        missed.len(),
        missed.join("\n")
    );
    // only the project-level fund amounts (four per form) are covered by no identity
    assert!(uncovered.len() <= 2 * 4, "{uncovered:?}");
}
