//! End-to-end tests on the committed samples (built by tools/samples/make_samples.py).
//!
//! - truth: every table listed in samples/truth/<report>.json (derived from the seed text by
//!   the sample builder, not from this tool's output) is found with every row and amount exact;
//! - formats: the xlsx, docx and PDF forms of one report give the same tables and amounts;
//! - golden: the whole record of every sample equals tests/golden/<sample>.json
//!   (regenerate deliberately with `UPDATE_GOLDEN=1 cargo test --release --test samples`);
//! - schema: every record validates against schema/record.schema.json.

use budget_extract::discover::{Input, InputSource};
use budget_extract::pipeline;
use budget_extract::record::{Record, Table};
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// samples/truth/index.json: sample file name → { truth, tables, ... }.
fn index() -> BTreeMap<String, Value> {
    let text =
        std::fs::read_to_string(root().join("samples/truth/index.json")).expect("truth index");
    serde_json::from_str(&text).expect("truth index is JSON")
}

/// Records of all indexed samples, computed once (in parallel) for all tests of this file.
fn records() -> &'static BTreeMap<String, Record> {
    static RECORDS: OnceLock<BTreeMap<String, Record>> = OnceLock::new();
    RECORDS.get_or_init(|| {
        use rayon::prelude::*;
        let names: Vec<String> = index().into_keys().collect();
        names
            .par_iter()
            .map(|name| {
                let rel = format!("samples/{name}");
                let input = Input {
                    display: rel.clone(),
                    output_stem: PathBuf::from(name),
                    source: InputSource::File(root().join(&rel)),
                };
                let bytes =
                    std::fs::read(root().join(&rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
                (name.clone(), pipeline::process_bytes(&input, &bytes))
            })
            .collect()
    })
}

/// Fold for comparing printed text: NFKC (full-width → half-width) and no white space.
fn fold(s: &str) -> String {
    s.nfkc().filter(|c| !c.is_whitespace()).collect()
}

fn side_str(t: &Table) -> Option<&'static str> {
    t.side.map(|s| match s {
        budget_extract::record::Side::Income => "income",
        budget_extract::record::Side::Expenditure => "expenditure",
    })
}

/// Compare one truth table with the extracted one; push a line per difference.
fn compare_table(sample: &str, truth: &Value, got: &Table, diffs: &mut Vec<String>) {
    let id = format!("{sample} {} {}", got.kind, side_str(got).unwrap_or(""));
    let t_unit = truth["unit"].as_str().unwrap_or("");
    if got.unit.as_deref().map(fold) != Some(fold(t_unit)) {
        diffs.push(format!("{id}: unit {:?}, truth {t_unit:?}", got.unit));
    }
    // Truth header paths → extracted column keys.
    let mut keys: Vec<(String, Option<String>)> = Vec::new();
    for h in truth["columns"].as_array().into_iter().flatten() {
        let h = h.as_str().unwrap_or("");
        let key = got
            .columns
            .iter()
            .find(|c| fold(&c.header) == fold(h))
            .map(|c| c.key.clone());
        if key.is_none() {
            let have: Vec<&str> = got.columns.iter().map(|c| c.header.as_str()).collect();
            diffs.push(format!("{id}: no column {h:?} (have {have:?})"));
        }
        keys.push((h.to_string(), key));
    }
    let t_rows = truth["rows"].as_array().cloned().unwrap_or_default();
    if t_rows.len() != got.rows.len() {
        diffs.push(format!(
            "{id}: {} rows, truth {}",
            got.rows.len(),
            t_rows.len()
        ));
    }
    for (i, (t, g)) in t_rows.iter().zip(&got.rows).enumerate() {
        let t_code = t["code"].as_str();
        if g.code.as_deref() != t_code {
            diffs.push(format!("{id} row {i}: code {:?}, truth {t_code:?}", g.code));
        }
        let t_name = t["name"].as_str().unwrap_or("");
        if fold(&g.name) != fold(t_name) {
            diffs.push(format!("{id} row {i}: name {:?}, truth {t_name:?}", g.name));
        }
        for (h, key) in &keys {
            let Some(key) = key else { continue };
            let want = t["values"][h.as_str()]
                .as_str()
                .map(|s| Decimal::from_str(s).expect("truth decimal"));
            let have = g.values.get(key).cloned().flatten();
            if want.map(|d| d.normalize()) != have.map(|d| d.normalize()) {
                diffs.push(format!(
                    "{id} row {i} ({t_name}) {h}: {have:?}, truth {want:?}"
                ));
            }
        }
    }
}

/// The label without its trailing 表 ("公开01表" → "公开01"), for matching the index's lists.
fn label_key(label: &str) -> String {
    fold(label).trim_end_matches('表').to_string()
}

/// Performance forms have no row list in the truth, only their fund amounts: each must appear
/// among the extracted table's values.
fn compare_funds(sample: &str, truth: &Value, got: &Table, diffs: &mut Vec<String>) {
    for (label, amount) in truth["funds"].as_object().into_iter().flatten() {
        let Some(want) = amount
            .as_str()
            .map(|s| Decimal::from_str(s).expect("truth decimal"))
        else {
            continue;
        };
        let present = got.rows.iter().any(|r| {
            r.values
                .values()
                .any(|v| v.map(|d| d.normalize()) == Some(want.normalize()))
        });
        if !present {
            diffs.push(format!(
                "{sample} {}: fund {label} = {want} not among the values",
                got.kind
            ));
        }
    }
}

#[test]
fn every_sample_matches_its_truth() {
    let mut diffs = Vec::new();
    for (name, entry) in index() {
        let truth_file = entry["truth"].as_str().expect("truth file name");
        let text = std::fs::read_to_string(root().join("samples/truth").join(truth_file))
            .expect("truth file");
        let truth: Value = serde_json::from_str(&text).expect("truth JSON");
        let rec = &records()[&name];
        if entry["scanned"].as_bool() == Some(true) {
            if !rec.problems.iter().any(|p| p.code == "scanned_pages") {
                diffs.push(format!("{name}: scanned, but no scanned_pages problem"));
            }
            if !rec.tables.is_empty() {
                diffs.push(format!(
                    "{name}: scanned, but {} tables came out",
                    rec.tables.len()
                ));
            }
            continue;
        }
        let report = &truth["report"];
        if rec.report.kind != report["kind"].as_str().unwrap_or("") {
            diffs.push(format!(
                "{name}: report kind {:?}, truth {}",
                rec.report.kind, report["kind"]
            ));
        }
        if rec.report.year.map(i64::from) != report["year"].as_i64() {
            diffs.push(format!(
                "{name}: year {:?}, truth {}",
                rec.report.year, report["year"]
            ));
        }
        if rec.report.department.as_deref() != report["department"].as_str() {
            diffs.push(format!(
                "{name}: department {:?}, truth {}",
                rec.report.department, report["department"]
            ));
        }
        // "all", or a list of labels ("公开01") / kinds to compare.
        let wanted: Option<Vec<String>> = entry["tables"]
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_str().map(label_key)).collect());
        let selected = |t: &Value| {
            let label = t["label"].as_str().map(label_key).unwrap_or_default();
            let kind = t["kind"].as_str().unwrap_or("").to_string();
            wanted
                .as_ref()
                .is_none_or(|w| w.contains(&label) || w.contains(&kind))
        };
        // The i-th truth table of a (kind, side) pairs with the i-th extracted one.
        let mut seen: BTreeMap<(String, Option<String>), usize> = BTreeMap::new();
        let chosen: Vec<&Value> = truth["tables"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|t| selected(t))
            .collect();
        if chosen.is_empty() && entry["tables"] != serde_json::json!([]) {
            diffs.push(format!("{name}: the index selects no truth table"));
        }
        for t in chosen {
            let kind = t["kind"].as_str().unwrap_or("").to_string();
            let side = t["side"].as_str().map(String::from);
            let n = seen.entry((kind.clone(), side.clone())).or_default();
            let found: Vec<&Table> = rec
                .tables
                .iter()
                .filter(|g| g.kind == kind && side_str(g) == side.as_deref())
                .collect();
            let Some(got) = found.get(*n) else {
                diffs.push(format!(
                    "{name}: table {kind} {side:?} #{} not found ({} found)",
                    *n + 1,
                    found.len()
                ));
                *n += 1;
                continue;
            };
            *n += 1;
            let label = t["label"].as_str().map(label_key).unwrap_or_default();
            let mut t = t.clone();
            let unit_override = entry["units"][label.as_str()]
                .as_str()
                .or(entry["units"][kind.as_str()].as_str());
            if let Some(unit) = unit_override {
                t["unit"] = Value::from(unit); // this form prints the table in another unit
            }
            if t["rows"].is_array() {
                compare_table(&name, &t, got, &mut diffs);
            } else {
                compare_funds(&name, &t, got, &mut diffs);
            }
        }
    }
    assert!(
        diffs.is_empty(),
        "{} differences from the truth:\n{}",
        diffs.len(),
        diffs.join("\n")
    );
}

/// Truth facts (label, value, unit, subject, the statement as printed and its sentence) each
/// equal one extracted fact, and no other fact is extracted; truth projects equal the extracted
/// project list (number, name, document number, statements in order). Prose reports (002).
#[test]
fn prose_facts_and_projects_match_the_truth() {
    let mut diffs = Vec::new();
    let mut compared = 0;
    for (name, entry) in index() {
        let truth_file = entry["truth"].as_str().expect("truth file name");
        let text = std::fs::read_to_string(root().join("samples/truth").join(truth_file))
            .expect("truth file");
        let truth: Value = serde_json::from_str(&text).expect("truth JSON");
        let Some(t_facts) = truth["facts"].as_array() else {
            continue;
        };
        compared += 1;
        let rec = &records()[&name];
        let mut used = vec![false; rec.facts.len()];
        for t in t_facts {
            let want = Decimal::from_str(t["value"].as_str().unwrap()).unwrap();
            let t_text = fold(t["text"].as_str().unwrap());
            let sentence = fold(t["sentence"].as_str().unwrap());
            let subject = t["subject"].as_str().map(fold);
            let hit = rec.facts.iter().enumerate().position(|(i, f)| {
                !used[i]
                    && f.label == t["label"].as_str().unwrap()
                    && f.unit == t["unit"].as_str().unwrap()
                    && f.value.normalize() == want.normalize()
                    && f.subject.as_deref().map(fold) == subject
                    && fold(&f.text).contains(&t_text)
                    && sentence.contains(&fold(&f.text))
            });
            match hit {
                Some(i) => used[i] = true,
                None => diffs.push(format!("{name}: no fact like {t}")),
            }
        }
        for (f, u) in rec.facts.iter().zip(&used) {
            if !u {
                diffs.push(format!("{name}: fact not in the truth: {f:?}"));
            }
        }
        let t_projects = truth["projects"].as_array().cloned().unwrap_or_default();
        if t_projects.len() != rec.projects.len() {
            diffs.push(format!(
                "{name}: {} projects, truth {}",
                rec.projects.len(),
                t_projects.len()
            ));
        }
        for (t, p) in t_projects.iter().zip(&rec.projects) {
            let id = format!("{name} project {}", t["number"]);
            if p.number.map(u64::from) != t["number"].as_u64() {
                diffs.push(format!("{id}: number {:?}", p.number));
            }
            if fold(&p.name) != fold(t["name"].as_str().unwrap()) {
                diffs.push(format!("{id}: name {:?}, truth {}", p.name, t["name"]));
            }
            if p.document_number.as_deref().map(fold) != t["document_number"].as_str().map(fold) {
                diffs.push(format!("{id}: document number {:?}", p.document_number));
            }
            let want: Vec<(String, String)> = t["statements"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), fold(v.as_str().unwrap())))
                .collect();
            let got: Vec<(String, String)> = p
                .statements
                .iter()
                .map(|s| (s.label.clone(), fold(&s.text)))
                .collect();
            if want != got {
                diffs.push(format!("{id}: statements {got:?}, truth {want:?}"));
            }
        }
        let failed: Vec<String> = rec
            .checks
            .iter()
            .filter(|c| !c.passed)
            .map(|c| format!("{} {}", c.rule, c.row))
            .collect();
        if !failed.is_empty() {
            diffs.push(format!(
                "{name}: failed checks on a correct report: {failed:?}"
            ));
        }
    }
    assert!(compared >= 2, "only {compared} samples with truth facts");
    assert!(
        diffs.is_empty(),
        "{} differences from the truth:\n{}",
        diffs.len(),
        diffs.join("\n")
    );
}

/// What must be equal between two forms of the same report.
fn comparable(rec: &Record) -> Vec<Value> {
    rec.tables
        .iter()
        // Standard tables; performance forms are compared through their funds in the truth test.
        .filter(|t| t.kind != "unknown" && !t.kind.starts_with("performance."))
        .map(|t| {
            let rows: Vec<Value> = t
                .rows
                .iter()
                .map(|r| {
                    let values: Vec<Value> = t
                        .columns
                        .iter()
                        .map(|c| {
                            serde_json::json!([
                                fold(&c.header),
                                r.values
                                    .get(&c.key)
                                    .cloned()
                                    .flatten()
                                    .map(|d| d.normalize().to_string())
                            ])
                        })
                        .collect();
                    serde_json::json!({"code": r.code, "name": fold(&r.name), "values": values})
                })
                .collect();
            serde_json::json!({"kind": t.kind, "side": side_str(t), "unit": t.unit, "rows": rows})
        })
        .collect()
}

#[test]
fn all_forms_of_a_report_give_the_same_tables() {
    let mut by_truth: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, entry) in index() {
        if entry["tables"].as_str() == Some("all")
            && entry["same_as_other_forms"].as_bool() != Some(false)
        {
            by_truth
                .entry(entry["truth"].as_str().unwrap_or("").to_string())
                .or_default()
                .push(name);
        }
    }
    let mut compared = 0;
    for (truth, names) in by_truth {
        let Some((first, rest)) = names.split_first() else {
            continue;
        };
        let want = comparable(&records()[first]);
        for other in rest {
            let got = comparable(&records()[other]);
            assert_eq!(
                want.len(),
                got.len(),
                "{truth}: {first} has {} tables, {other} has {}",
                want.len(),
                got.len()
            );
            for (w, g) in want.iter().zip(&got) {
                assert_eq!(w, g, "{truth}: {first} and {other} differ");
            }
            compared += 1;
        }
    }
    assert!(compared > 0, "no two forms of one report were compared");
}

#[test]
fn every_record_matches_the_json_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schema/record.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    for (name, rec) in records() {
        let json = serde_json::to_value(rec).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}: {}", errors.join("\n"));
    }
}

#[test]
fn whole_records_equal_the_golden_files() {
    let golden_dir = root().join("tests/golden");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut stale = Vec::new();
    for (name, rec) in records() {
        let path = golden_dir.join(format!("{name}.json"));
        let got = budget_extract::emit::to_json(rec);
        if update {
            std::fs::create_dir_all(&golden_dir).unwrap();
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(want) if want == got => {}
            Ok(want) => stale.push(format!(
                "{name}: differs from {}\n{}",
                path.display(),
                first_diff(&want, &got)
            )),
            Err(_) => stale.push(format!("{name}: no golden file {}", path.display())),
        }
    }
    assert!(
        stale.is_empty(),
        "{}\n(rerun with UPDATE_GOLDEN=1 after checking the change)",
        stale.join("\n")
    );
}

fn first_diff(want: &str, got: &str) -> String {
    for (i, (w, g)) in want.lines().zip(got.lines()).enumerate() {
        if w != g {
            return format!("line {}: golden {w:?}\n        now    {g:?}", i + 1);
        }
    }
    format!(
        "lengths differ: golden {} lines, now {}",
        want.lines().count(),
        got.lines().count()
    )
}
