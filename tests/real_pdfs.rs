//! The real published PDFs in `../shared/real/` (Jiangsu provincial departments' 部门预算公开,
//! 2017–2019; Word, WPS and PScript5 + Distiller; A4 and A3). There is no gold for them: what is
//! asserted here was checked by looking at the rendered pages, and is stated as properties
//! (which standard tables exist, that the arithmetic reconciles, that names are text, that the
//! table of contents and the prose are not tables), not as numbers copied from the files.

use budget_extract::discover::discover;
use budget_extract::model::Block;
use budget_extract::pipeline::{Limits, process};
use budget_extract::read;
use budget_extract::record::{Location, Record};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// `../shared/real` beside the repository (as in CI); `REAL_PDFS_DIR` overrides it for a
/// checkout elsewhere (a git worktree).
fn real_dir() -> PathBuf {
    match std::env::var_os("REAL_PDFS_DIR") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/real"),
    }
}

/// The twelve 江苏 公开表 of one budget report give these standard kinds (and how many tables
/// of each: 财政拨款支出预算表 and 一般公共预算支出预算表 are both
/// `budget.general_budget_expenditure`, their 基本支出 (经济科目) tables both
/// `budget.general_budget_basic`; the two-sided summaries give one table per side). The
/// 政府采购预算表 is `budget.gov_procurement` (a kind of its own, no standard table: its rows
/// and columns are not checked here).
const JIANGSU_BUDGET: &[(&str, usize)] = &[
    ("budget.income_expenditure_summary", 2),
    ("budget.income", 1),
    ("budget.expenditure", 1),
    ("budget.fiscal_summary", 2),
    ("budget.general_budget_expenditure", 2),
    ("budget.general_budget_basic", 2),
    ("budget.three_public", 1),
    ("budget.gov_fund_expenditure", 1),
    ("budget.office_operation", 1),
    ("budget.gov_procurement", 1),
];

/// Per file (a part of the file name): the standard tables expected, and the checks that fail
/// because the published document is inconsistent (rule, table kind, column), each verified on
/// the page image.
struct Expect {
    name: &'static str,
    tables: &'static [(&'static str, usize)],
    document_errors: &'static [(&'static str, &'static str, &'static str)],
}

const FILES: &[Expect] = &[
    Expect {
        name: "江苏省人大办公厅2017年度预算公开",
        tables: JIANGSU_BUDGET,
        document_errors: &[],
    },
    Expect {
        // prose only: "2019年部门预算公开表附后"
        name: "江苏省人大常委会2019年度部门预算公开",
        tables: &[],
        document_errors: &[],
    },
    Expect {
        name: "江苏省人大常委会办公厅2019年部门预算公开表",
        tables: JIANGSU_BUDGET,
        document_errors: &[],
    },
    Expect {
        name: "省人大办公厅2018预算公开",
        tables: JIANGSU_BUDGET,
        document_errors: &[],
    },
    Expect {
        name: "2017年省检察院部门预算",
        tables: JIANGSU_BUDGET,
        document_errors: &[],
    },
    Expect {
        // page 25: "基本支出13,994.31万元，占63.75%" of 21,955.35万元 = 63.74% (the printed shares
        // were forced to add up to 100%)
        name: "2018年省检察院部门预算公开",
        tables: JIANGSU_BUDGET,
        document_errors: &[("prose.share", "budget.expenditure#1", "basic")],
    },
    Expect {
        // page 26: "基本支出15,844.04万元，占65.56%" of 24,169.74万元 = 65.55% (likewise)
        name: "2019年度部门预算公开",
        tables: JIANGSU_BUDGET,
        document_errors: &[("prose.share", "budget.expenditure#1", "basic")],
    },
    Expect {
        name: "江苏省高级人民法院2019年度部门预算公开",
        tables: JIANGSU_BUDGET,
        document_errors: &[],
    },
    Expect {
        name: "省法院2017年度部门预算公开",
        tables: JIANGSU_BUDGET,
        document_errors: &[],
    },
    Expect {
        name: "省法院2018年度部门预算公开",
        tables: JIANGSU_BUDGET,
        document_errors: &[],
    },
];

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Pages that hold a table of contents ("目录" line).
fn toc_pages(path: &Path) -> BTreeSet<u32> {
    let bytes = std::fs::read(path).unwrap();
    let doc = read::read(&bytes, read::sniff(&bytes)).unwrap();
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Text(t) if t.text.split_whitespace().collect::<String>() == "目录" => {
                t.origin.page
            }
            _ => None,
        })
        .collect()
}

fn check_file(path: &Path, rec: &Record, exp: &Expect) -> Vec<String> {
    let mut errs = Vec::new();
    let file = path.file_name().unwrap().to_string_lossy().to_string();
    let mut e = |m: String| errs.push(format!("{file}: {m}"));

    // standard tables
    let mut found: BTreeMap<&str, usize> = BTreeMap::new();
    for t in &rec.tables {
        if t.kind != "unknown" {
            *found.entry(t.kind.as_str()).or_default() += 1;
        }
    }
    let expected: BTreeMap<&str, usize> = exp.tables.iter().copied().collect();
    if found != expected {
        e(format!("standard tables {found:?}, expected {expected:?}"));
    }
    // no other grid: the last rows of a table on the next page, a header-only grid, a
    // "合计 0" grid are parts of standard tables
    let unknown = rec.tables.iter().filter(|t| t.kind == "unknown").count();
    if !exp.tables.is_empty() && unknown != 0 {
        e(format!("{unknown} unknown tables, expected 0"));
    }
    if exp.tables.is_empty() && !rec.tables.is_empty() {
        e(format!("prose-only file gave {} tables", rec.tables.len()));
    }
    if !exp.tables.is_empty() && rec.report.kind != "budget" {
        e(format!("report kind {}", rec.report.kind));
    }

    // arithmetic: only the documented inconsistencies of the published file fail
    let failed: Vec<(String, String, String)> = rec
        .checks
        .iter()
        .filter(|c| !c.passed)
        .map(|c| (c.rule.clone(), c.table.clone(), c.column.clone()))
        .collect();
    let documented: Vec<(String, String, String)> = exp
        .document_errors
        .iter()
        .map(|(r, t, c)| (r.to_string(), t.to_string(), c.to_string()))
        .collect();
    if failed != documented {
        e(format!("failed checks {failed:?}, expected {documented:?}"));
    }
    if !exp.tables.is_empty() && rec.summary.checks_passed < 25 {
        e(format!("only {} checks passed", rec.summary.checks_passed));
    }

    // names are text; standard tables have rows and every amount column a key
    let toc = toc_pages(path);
    for t in &rec.tables {
        if t.kind == "unknown" || t.kind == "budget.gov_procurement" {
            continue;
        }
        for r in &t.rows {
            // a one-row table without a name column (支出预算总表, 三公) has an empty name
            let unnamed_total = r.name.is_empty() && t.rows.len() == 1;
            if !unnamed_total && !has_cjk(&r.name) {
                e(format!("{} row {:?} has no CJK name", t.kind, r.name));
            }
            if r.name.contains('\u{fffd}') {
                e(format!("{} row {:?} is garbled", t.kind, r.name));
            }
        }
        if t.columns.iter().any(|c| c.key.starts_with("col")) && t.kind != "budget.office_operation"
        {
            e(format!(
                "{} has unmapped columns {:?}",
                t.kind,
                t.columns.iter().map(|c| &c.header).collect::<Vec<_>>()
            ));
        }
        if !has_cjk(&t.title) {
            e(format!("{} has title {:?}", t.kind, t.title));
        }
        if t.unit.as_deref() != Some("万元") {
            e(format!("{} has unit {:?}", t.kind, t.unit));
        }
        if let Location::Pages { pages } = &t.location
            && pages.iter().any(|p| toc.contains(p))
        {
            e(format!("{} located on a contents page {pages:?}", t.kind));
        }
    }
    errs
}

#[test]
fn real_jiangsu_budget_pdfs() {
    let dir = real_dir();
    // The corpus lives outside the repository: a fresh clone with nothing beside it runs every
    // other test, and this one only where the corpus is (CI has it beside the clone).
    if !dir.is_dir() {
        eprintln!(
            "skipped: the real PDFs are not in {} (shared/real beside the repository, or set \
             REAL_PDFS_DIR)",
            dir.display()
        );
        return;
    }
    let (inputs, _) = discover(&[dir.clone()]);
    let pdfs: Vec<_> = inputs
        .into_iter()
        .filter(|i| i.display.ends_with(".pdf"))
        .collect();
    assert_eq!(pdfs.len(), FILES.len(), "PDFs in {}", dir.display());
    let limits = Limits::default();
    let mut errs = Vec::new();
    for exp in FILES {
        let matching: Vec<_> = pdfs
            .iter()
            .filter(|i| {
                let n = i.file_name();
                n.split("__")
                    .nth(1)
                    .is_some_and(|rest| rest.starts_with(exp.name))
            })
            .collect();
        assert_eq!(
            matching.len(),
            1,
            "{} matches {} files",
            exp.name,
            matching.len()
        );
        let input = matching[0];
        let rec = process(input, &limits);
        let path = PathBuf::from(&input.display);
        errs.extend(check_file(&path, &rec, exp));
    }
    assert!(errs.is_empty(), "\n{}", errs.join("\n"));
}
