//! Truth comparison shared by tests/real_truth.rs and tests/variants.rs: a folder of documents,
//! each with a truth JSON (format in tests/real_truth/README.md), and a known_gaps.toml listing
//! the truth tables the extractor does not read exactly yet.
#![allow(dead_code)]

use budget_extract::discover::{Input, InputSource};
use budget_extract::pipeline;
use budget_extract::record::{Location, Record, Side, Table};
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::str::FromStr;
use unicode_normalization::UnicodeNormalization;

/// A folder of documents with truth.
pub struct Suite {
    /// Folder relative to the crate root; holds the documents, their truth and known_gaps.toml.
    pub dir: &'static str,
    /// Test target name (for the regeneration hint in known_gaps.toml).
    pub test: &'static str,
    /// Environment variable that rewrites known_gaps.toml from the current run.
    pub update_env: &'static str,
    /// Environment variable that prints every difference.
    pub details_env: &'static str,
    pub min_files: usize,
}

impl Suite {
    pub fn dir(&self) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(self.dir)
    }
}

/// NFKC (full-width → half-width), no white space: "合 计" = "合计", "（" = "(".
pub fn fold(s: &str) -> String {
    s.nfkc().filter(|c| !c.is_whitespace()).collect()
}

pub fn side_str(t: &Table) -> Option<&'static str> {
    t.side.map(|s| match s {
        Side::Income => "income",
        Side::Expenditure => "expenditure",
    })
}

/// 元 per printed unit.
pub fn unit_factor(unit: &str) -> Decimal {
    match fold(unit).as_str() {
        "元" => Decimal::ONE,
        "千元" => Decimal::from(1000),
        "万元" => Decimal::from(10000),
        "亿元" => Decimal::from(100_000_000),
        other => panic!("truth unit {other:?} not known to the test"),
    }
}

/// A printed amount ("1,234.56", "", "-") → 元.
pub fn amount(text: &str, factor: Decimal) -> Option<Decimal> {
    let t: String = fold(text).chars().filter(|&c| c != ',').collect();
    if t.is_empty() || t.chars().all(|c| matches!(c, '-' | '—' | '－')) {
        return None;
    }
    let d = Decimal::from_str(&t).unwrap_or_else(|_| panic!("truth amount {text:?}"));
    Some((d * factor).normalize())
}

/// Result of comparing one truth table with one extracted table.
#[derive(Default)]
pub struct Outcome {
    /// Cells of the truth table: one per row (code and name) plus one per amount.
    pub cells: usize,
    /// Cells wrong or missing.
    pub wrong: usize,
    /// Other differences: kind, title, unit, header, rows the truth does not have.
    pub meta: usize,
    pub lines: Vec<String>,
}

/// Longest common subsequence of two key lists: the matched index pairs.
pub fn lcs(a: &[String], b: &[String]) -> Vec<(usize, usize)> {
    let (n, m) = (a.len(), b.len());
    let mut dp = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            dp[i][j] = if a[i] == b[j] {
                dp[i + 1][j + 1] + 1
            } else {
                dp[i + 1][j].max(dp[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n && j < m {
        if a[i] == b[j] {
            out.push((i, j));
            i += 1;
            j += 1;
        } else if dp[i + 1][j] >= dp[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// Truth rows paired with extracted rows: exact (code, name) matches first, then, between two
/// matches, the remaining rows in order (a misread name still gets its amounts compared).
pub fn align(truth: &[Value], got: &Table) -> Vec<(usize, Option<usize>)> {
    let key = |code: Option<&str>, name: &str| format!("{}|{}", code.unwrap_or(""), fold(name));
    let a: Vec<String> = truth
        .iter()
        .map(|r| key(r["code"].as_str(), r["name"].as_str().unwrap_or("")))
        .collect();
    let b: Vec<String> = got
        .rows
        .iter()
        .map(|r| key(r.code.as_deref(), &r.name))
        .collect();
    let mut anchors = lcs(&a, &b);
    anchors.push((a.len(), b.len()));
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    for (ai, bj) in anchors {
        let gap = (ai - i).min(bj - j);
        for k in 0..(ai - i) {
            out.push((i + k, (k < gap).then_some(j + k)));
        }
        if ai < a.len() {
            out.push((ai, Some(bj)));
        }
        i = ai + 1;
        j = bj + 1;
    }
    out
}

pub fn compare(truth: &Value, got: &Table) -> Outcome {
    let mut o = Outcome::default();
    let t_kind = truth["kind"].as_str().unwrap_or("");
    if got.kind != t_kind {
        o.meta += 1;
        o.lines
            .push(format!("kind {:?}, truth {t_kind:?}", got.kind));
    }
    let t_title = truth["title"].as_str().unwrap_or("");
    if fold(&got.title) != fold(t_title) {
        o.meta += 1;
        o.lines
            .push(format!("title {:?}, truth {t_title:?}", got.title));
    }
    let t_unit = truth["unit"].as_str().unwrap_or("");
    if got.unit.as_deref().map(fold) != Some(fold(t_unit)) {
        o.meta += 1;
        o.lines
            .push(format!("unit {:?}, truth {t_unit:?}", got.unit));
    }
    let factor = unit_factor(t_unit);
    // Truth header path → extracted column key: the same path, else the only column whose
    // last segment is the truth's last segment (counted as a header difference).
    let last = |h: &str| fold(h.rsplit('/').next().unwrap_or(h));
    let mut keys: Vec<(String, Option<String>)> = Vec::new();
    for h in truth["columns"].as_array().into_iter().flatten() {
        let h = h.as_str().unwrap_or("");
        let exact = got.columns.iter().find(|c| fold(&c.header) == fold(h));
        let key = match exact {
            Some(c) => Some(c.key.clone()),
            None => {
                let same_last: Vec<_> = got
                    .columns
                    .iter()
                    .filter(|c| last(&c.header) == last(h))
                    .collect();
                o.meta += 1;
                if let [c] = same_last[..] {
                    o.lines
                        .push(format!("column {h:?} printed as {:?}", c.header));
                    Some(c.key.clone())
                } else {
                    let have: Vec<&str> = got.columns.iter().map(|c| c.header.as_str()).collect();
                    o.lines.push(format!("no column {h:?} (have {have:?})"));
                    None
                }
            }
        };
        keys.push((h.to_string(), key));
    }
    let rows = truth["rows"].as_array().cloned().unwrap_or_default();
    let pairs = align(&rows, got);
    let used: usize = pairs.iter().filter(|p| p.1.is_some()).count();
    if got.rows.len() > used {
        o.meta += got.rows.len() - used;
        let extra: Vec<&str> = (0..got.rows.len())
            .filter(|j| !pairs.iter().any(|p| p.1 == Some(*j)))
            .map(|j| got.rows[j].name.as_str())
            .collect();
        o.lines
            .push(format!("{} rows not in the truth: {extra:?}", extra.len()));
    }
    for (i, j) in pairs {
        let t = &rows[i];
        let t_name = t["name"].as_str().unwrap_or("");
        let t_code = t["code"].as_str();
        o.cells += 1 + keys.len();
        let Some(j) = j else {
            o.wrong += 1 + keys.len();
            o.lines
                .push(format!("row {i} {t_code:?} {t_name:?}: missing"));
            continue;
        };
        let g = &got.rows[j];
        if g.code.as_deref() != t_code || fold(&g.name) != fold(t_name) {
            o.wrong += 1;
            o.lines.push(format!(
                "row {i}: code/name {:?} {:?}, truth {t_code:?} {t_name:?}",
                g.code, g.name
            ));
        }
        for (h, key) in &keys {
            let want = amount(t["values"][h.as_str()].as_str().unwrap_or(""), factor);
            let have = key
                .as_ref()
                .and_then(|k| g.values.get(k).cloned().flatten())
                .map(|d| d.normalize());
            if key.is_none() || want != have {
                o.wrong += 1;
                o.lines.push(format!(
                    "row {i} {t_name:?} / {h}: {}, truth {}",
                    have.map_or("blank".into(), |d| d.to_string()),
                    want.map_or("blank".into(), |d| d.to_string())
                ));
            }
        }
    }
    o
}

/// Identity of a truth table in the gap list and the messages: "title [side]".
pub fn table_id(t: &Value) -> String {
    let title = t["title"].as_str().unwrap_or("");
    match t["side"].as_str() {
        Some(side) => format!("{title} [{side}]"),
        None => title.to_string(),
    }
}

/// The extracted table that best matches a truth table: among the tables of the same side whose
/// kind or title is the truth's or that lie on the truth's pages, the one with the fewest
/// differences (a table found under a wrong kind or title still has its cells compared).
pub fn best_match(truth: &Value, rec: &Record) -> Option<(usize, Outcome)> {
    let kind = truth["kind"].as_str().unwrap_or("");
    let title = fold(truth["title"].as_str().unwrap_or(""));
    let side = truth["side"].as_str();
    let pages: Vec<u64> = truth["pages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_u64)
        .collect();
    let on_pages = |g: &Table| match &g.location {
        Location::Pages { pages: p } => p.iter().any(|n| pages.contains(&u64::from(*n))),
        _ => false,
    };
    rec.tables
        .iter()
        .enumerate()
        .filter(|(_, g)| {
            side_str(g) == side
                && (g.kind == kind || fold(&g.title).contains(&title) || on_pages(g))
        })
        .map(|(i, g)| (i, compare(truth, g)))
        .min_by_key(|(_, o)| (o.wrong, o.meta))
}

pub fn process(s: &Suite, pdf: &str) -> Record {
    let path = s.dir().join(pdf);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let input = Input {
        display: format!("{}/{pdf}", s.dir),
        output_stem: PathBuf::from(pdf),
        source: InputSource::File(path),
    };
    pipeline::process_bytes(&input, &bytes)
}

#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Gap {
    pub cells: usize,
    pub meta: usize,
}

pub fn read_gaps(s: &Suite) -> BTreeMap<(String, String), Gap> {
    let text = std::fs::read_to_string(s.dir().join("known_gaps.toml")).unwrap_or_default();
    let doc: toml::Table = toml::from_str(&text).expect("known_gaps.toml");
    let mut out = BTreeMap::new();
    for g in doc
        .get("gap")
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
    {
        let s = |k: &str| g.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
        let n = |k: &str| g.get(k).and_then(|v| v.as_integer()).unwrap_or(0) as usize;
        out.insert(
            (s("file"), s("table")),
            Gap {
                cells: n("cells"),
                meta: n("meta"),
            },
        );
    }
    out
}

pub fn write_gaps(s: &Suite, gaps: &BTreeMap<(String, String), Gap>) {
    let mut text = format!(
        "# Truth tables of {} that the extractor does not read exactly yet.\n\
         # cells = truth cells (row code+name, amounts) wrong or missing; meta = other differences\n\
         # (kind, title, unit, header, extra rows). Only lower these numbers; remove a table once\n\
         # it matches. Regenerate with {}=1 cargo test --release --test {}.\n",
        s.dir, s.update_env, s.test
    );
    for ((file, table), g) in gaps {
        text.push_str(&format!(
            "\n[[gap]]\nfile = {file:?}\ntable = {table:?}\ncells = {}\nmeta = {}\n",
            g.cells, g.meta
        ));
    }
    std::fs::write(s.dir().join("known_gaps.toml"), text).unwrap();
}

/// Compare every truth file of the suite with the pipeline's record; fail on a table worse than
/// (or missing from) known_gaps.toml, or listed there but now exact.
pub fn check(s: &Suite) {
    let mut truths: Vec<(String, Value)> = std::fs::read_dir(s.dir())
        .unwrap()
        .filter_map(|e| {
            let p = e.ok()?.path();
            (p.extension()? == "json").then_some(p)
        })
        .map(|p| {
            let v: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (
                v["file"]
                    .as_str()
                    .expect("truth names its file")
                    .to_string(),
                v,
            )
        })
        .collect();
    truths.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(
        truths.len() >= s.min_files,
        "expected at least {} truth files in {}",
        s.min_files,
        s.dir
    );

    let records: Vec<Record> = {
        use rayon::prelude::*;
        truths.par_iter().map(|(f, _)| process(s, f)).collect()
    };

    let known = read_gaps(s);
    let mut now: BTreeMap<(String, String), Gap> = BTreeMap::new();
    let mut details: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    let mut summary = Vec::new();
    let (mut all_cells, mut all_exact) = (0, 0);
    for ((file, truth), rec) in truths.iter().zip(&records) {
        let (mut cells, mut exact, mut tables, mut tables_exact) = (0, 0, 0, 0);
        for t in truth["tables"].as_array().into_iter().flatten() {
            let id = table_id(t);
            let pages = &t["pages"];
            let o = match best_match(t, rec) {
                Some((_, o)) => o,
                None => {
                    let n_cols = t["columns"].as_array().map_or(0, |c| c.len());
                    let n = t["rows"].as_array().map_or(0, |r| r.len()) * (1 + n_cols);
                    Outcome {
                        cells: n,
                        wrong: n,
                        meta: 1,
                        lines: vec!["table not found".into()],
                    }
                }
            };
            tables += 1;
            cells += o.cells;
            exact += o.cells - o.wrong;
            if o.wrong == 0 && o.meta == 0 {
                tables_exact += 1;
            } else {
                let k = (file.clone(), id.clone());
                now.insert(
                    k.clone(),
                    Gap {
                        cells: o.wrong,
                        meta: o.meta,
                    },
                );
                details.insert(
                    k,
                    o.lines
                        .iter()
                        .map(|l| format!("{file} p{pages} {id}: {l}"))
                        .collect(),
                );
            }
        }
        all_cells += cells;
        all_exact += exact;
        summary.push(format!(
            "{file}: {tables_exact}/{tables} tables exact, {exact}/{cells} cells exact ({:.1}%)",
            100.0 * exact as f64 / cells.max(1) as f64
        ));
    }
    summary.push(format!(
        "TOTAL: {all_exact}/{all_cells} cells exact ({:.1}%)",
        100.0 * all_exact as f64 / all_cells.max(1) as f64
    ));
    println!("{}", summary.join("\n"));

    if std::env::var_os(s.update_env).is_some() {
        write_gaps(s, &now);
        return;
    }
    let mut failures = Vec::new();
    for (k, g) in &now {
        match known.get(k) {
            None => {
                failures.push(format!(
                    "{} / {}: {} cells wrong, {} other differences (not in known_gaps.toml)",
                    k.0, k.1, g.cells, g.meta
                ));
                failures.extend(details[k].iter().cloned());
            }
            // Worse: more wrong cells, or as many with more other differences (a table now
            // found under a wrong title has fewer wrong cells and more meta: better).
            Some(was) if (g.cells, g.meta) > (was.cells, was.meta) => {
                failures.push(format!(
                    "{} / {}: worse than known_gaps.toml: cells {} (was {}), meta {} (was {})",
                    k.0, k.1, g.cells, was.cells, g.meta, was.meta
                ));
                failures.extend(details[k].iter().cloned());
            }
            Some(was) if g != was => println!(
                "improved: {} / {}: cells {} (was {}), meta {} (was {}); lower known_gaps.toml",
                k.0, k.1, g.cells, was.cells, g.meta, was.meta
            ),
            Some(_) => {}
        }
    }
    for k in known.keys() {
        if !now.contains_key(k) {
            failures.push(format!(
                "{} / {}: now exact; remove it from known_gaps.toml",
                k.0, k.1
            ));
        }
    }
    if std::env::var_os(s.details_env).is_some() {
        for lines in details.values() {
            println!("{}", lines.join("\n"));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n{}",
        summary.join("\n"),
        failures.join("\n")
    );
}
