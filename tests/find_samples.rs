//! The finder on the sample files through the real readers, against the samples' truth
//! files (samples/truth/*.json). Skipped when the samples or a reader are not available
//! (a reader that answers "not supported" yet).

mod find_support;

use budget_extract::find::find;
use serde_json::Value;
use std::path::PathBuf;

fn samples_dir() -> Option<PathBuf> {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    [
        here.join("samples"),
        PathBuf::from("/work/wt/samples/samples"),
    ]
    .into_iter()
    .find(|p| p.join("truth/index.json").exists())
}

/// Compare one sample with its truth; returns the differences.
fn compare(file: &str, truth_file: &str, all_tables: bool) -> Option<Vec<String>> {
    let dir = samples_dir()?;
    let bytes = std::fs::read(dir.join(file)).ok()?;
    let doc = budget_extract::read::read(&bytes, budget_extract::read::sniff(&bytes)).ok()?;
    let f = find(&doc, file);
    let truth: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("truth").join(truth_file)).ok()?)
            .ok()?;
    let mut diffs = Vec::new();
    let r = &truth["report"];
    if r["kind"].as_str() != Some(f.report.kind.as_str()) {
        diffs.push(format!("report kind {} vs {}", r["kind"], f.report.kind));
    }
    if r["year"].as_i64().map(|y| y as i32) != f.report.year {
        diffs.push(format!("report year {} vs {:?}", r["year"], f.report.year));
    }
    if r["department"].as_str() != f.report.department.as_deref() {
        diffs.push(format!(
            "report department {} vs {:?}",
            r["department"], f.report.department
        ));
    }
    if !all_tables {
        return Some(diffs);
    }
    let mut used = vec![false; f.tables.len()];
    for tt in truth["tables"].as_array()? {
        let kind = tt["kind"].as_str()?;
        let side = tt["side"].as_str();
        let Some(i) = f.tables.iter().enumerate().position(|(i, t)| {
            !used[i]
                && t.kind == kind
                && side.is_none_or(|s| {
                    serde_json::to_value(t.side)
                        .ok()
                        .and_then(|v| v.as_str().map(|x| x == s))
                        == Some(true)
                })
        }) else {
            diffs.push(format!("missing table {kind} {side:?}"));
            continue;
        };
        used[i] = true;
        let t = &f.tables[i];
        if kind.starts_with("performance.") {
            continue;
        }
        let cols: Vec<&str> = tt["columns"]
            .as_array()?
            .iter()
            .filter_map(|c| c.as_str())
            .collect();
        let headers: Vec<&str> = t.columns.iter().map(|c| c.header.as_str()).collect();
        if cols != headers {
            diffs.push(format!("{kind} {side:?} columns {cols:?} vs {headers:?}"));
            continue;
        }
        // a table with no data: the truth may keep an empty 合计 row, the finder does not
        let rows: Vec<&Value> = tt["rows"]
            .as_array()?
            .iter()
            .filter(|r| {
                !(t.no_data
                    && r["values"]
                        .as_object()
                        .is_some_and(|m| m.values().all(Value::is_null)))
            })
            .collect();
        if rows.len() != t.rows.len() {
            diffs.push(format!(
                "{kind} {side:?} rows {} vs {}",
                rows.len(),
                t.rows.len()
            ));
        }
        for (k, (tr, m)) in rows.iter().zip(t.rows.iter()).enumerate() {
            let name = tr["name"].as_str().unwrap_or("");
            if tr["code"].as_str() != m.code.as_deref() || name != m.name {
                diffs.push(format!(
                    "{kind} {side:?} row {k}: {} {name} vs {:?} {}",
                    tr["code"], m.code, m.name
                ));
            }
            if tr["line"].as_u64().map(|x| x as u32) != m.line {
                diffs.push(format!(
                    "{kind} {side:?} row {k} line {} vs {:?}",
                    tr["line"], m.line
                ));
            }
            for (c, col) in cols.iter().zip(t.columns.iter()) {
                let want = tr["values"][*c].as_str().map(str::to_string);
                let got = m
                    .values
                    .get(&col.key)
                    .cloned()
                    .flatten()
                    .map(|d| d.to_string());
                if want != got {
                    diffs.push(format!(
                        "{kind} {side:?} row {k} {name} {c}: {want:?} vs {got:?}"
                    ));
                }
            }
        }
    }
    Some(diffs)
}

#[test]
fn samples_match_truth() {
    let Some(dir) = samples_dir() else {
        eprintln!("no samples: skipped");
        return;
    };
    let index: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("truth/index.json")).unwrap())
            .unwrap();
    let mut checked = 0;
    let mut all = Vec::new();
    for (file, entry) in index.as_object().unwrap() {
        let truth = entry["truth"].as_str().unwrap();
        let all_tables = entry["tables"].as_str() == Some("all");
        match compare(file, truth, all_tables) {
            Some(d) => {
                checked += 1;
                for x in d {
                    all.push(format!("{file}: {x}"));
                }
            }
            None => eprintln!("{file}: not readable here, skipped"),
        }
    }
    eprintln!("{checked} samples checked");
    assert!(
        all.is_empty(),
        "{} differences:\n{}",
        all.len(),
        all.join("\n")
    );
}
