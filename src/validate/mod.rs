//! Validation: within-table arithmetic, cross-table identities and prose facts.
//! Reads finished tables and the document's text; never changes a value.
//!
//! Every check that runs is recorded as a [`Check`] (passed or not); every failed check is also
//! a [`Problem`] that names the table, row and column. The identities themselves are data, in
//! `catalog/validate.toml` (see [`catalog`]).

pub mod arithmetic;
pub mod catalog;
pub mod cross;
pub mod forms;
mod nesting;
pub mod prose;
mod prose_projects;
pub mod tolerance;
pub mod view;

#[cfg(test)]
mod tests;

use crate::model::Document;
use crate::record::{Check, Fact, Problem, Project, Report, Row, Severity, Summary, Table};
use rust_decimal::Decimal;

#[derive(Debug, Default)]
pub struct Validation {
    pub checks: Vec<Check>,
    pub facts: Vec<Fact>,
    /// The project list of the prose (a 自评报告).
    pub projects: Vec<Project>,
    pub problems: Vec<Problem>,
    pub summary: Summary,
}

/// Check every table of one report. Failed checks also appear in `problems`.
pub fn validate(report: &Report, tables: &[Table], doc: &Document) -> Validation {
    let mut rec = Recorder::default();
    for t in tables {
        let before = rec.checks.len();
        arithmetic::check_table(t, &mut rec);
        forms::check_form(t, &mut rec);
        arithmetic::flag_unverified(t, rec.checks.len() > before, &mut rec);
        arithmetic::flag_words_in_amounts(t, &mut rec);
        arithmetic::flag_amounts_in_names(t, &mut rec);
    }
    cross::check(tables, &mut rec);
    let prose::Prose {
        mut facts,
        projects,
    } = prose::check(report, tables, doc, &mut rec);
    forms::prose_against_forms(&mut facts, tables, &mut rec);
    let summary = summarize(report, tables, &rec.checks, &facts);
    Validation {
        checks: rec.checks,
        facts,
        projects,
        problems: rec.problems,
        summary,
    }
}

fn summarize(report: &Report, tables: &[Table], checks: &[Check], facts: &[Fact]) -> Summary {
    let expected: Vec<String> = catalog::catalog()
        .standard
        .for_report(&report.kind)
        .to_vec();
    let found: Vec<String> = expected
        .iter()
        .filter(|k| tables.iter().any(|t| &t.kind == *k))
        .cloned()
        .collect();
    let missing: Vec<String> = expected
        .iter()
        .filter(|k| !found.contains(k))
        .cloned()
        .collect();
    Summary {
        checks_passed: checks.iter().filter(|c| c.passed).count() as u32,
        checks_failed: checks.iter().filter(|c| !c.passed).count() as u32,
        tables_found: tables.len() as u32,
        standard_expected: expected,
        standard_found: found,
        standard_missing: missing,
        facts_matched: facts.iter().filter(|f| f.matched == Some(true)).count() as u32,
        facts_unmatched: facts.iter().filter(|f| f.matched == Some(false)).count() as u32,
    }
}

/// Collects checks and the problems of the failed ones.
#[derive(Debug, Default)]
pub struct Recorder {
    pub checks: Vec<Check>,
    pub problems: Vec<Problem>,
}

/// One within-table identity: `actual` (the printed value at table/row/column) against
/// `expected` (what the other printed values add up to).
pub struct Identity<'a> {
    pub rule: &'a str,
    pub table: &'a Table,
    pub row: &'a Row,
    pub column: &'a str,
    pub expected: Decimal,
    pub actual: Decimal,
    pub tolerance: Decimal,
    /// What `expected` is the sum of, in words: "its 项 rows 2240101 + 2240102".
    pub sum_of: String,
    /// The summed terms: row labels for a sum of rows, column keys for a sum of columns.
    pub terms: Vec<String>,
}

pub fn where_(table: &str, row: &str, column: &str) -> String {
    format!("table {table}, row {row}, column {column}")
}

impl Recorder {
    pub fn push(&mut self, check: Check, failure: Option<Problem>) {
        if let Some(p) = failure.filter(|_| !check.passed) {
            self.problems.push(p);
        }
        self.checks.push(check);
    }

    /// Record a within-table identity; a failure is an error "check_failed".
    pub fn identity(&mut self, id: Identity<'_>) -> bool {
        let tid = view::table_id(id.table);
        let row = view::row_label(id.row);
        let diff = (id.actual - id.expected).abs();
        let check = Check::equality(
            id.rule,
            (tid.clone(), row.clone(), id.column.to_string()),
            id.expected,
            id.actual,
            id.tolerance,
        )
        .with_terms(id.terms);
        let unit = id.table.unit.as_deref();
        let failure = (!check.passed).then(|| {
            let name = if id.row.code.is_some() {
                format!(" ({})", id.row.name.trim())
            } else {
                String::new()
            };
            let origin = if id.row.origin.is_empty() {
                String::new()
            } else {
                format!("; {}", id.row.origin)
            };
            Problem::error(
                "check_failed",
                format!(
                    "{tid}: row {row}{name}, column {col} is {actual} but {sum} add up to {exp}: \
                     off by {diff}, more than the {tol} rounding allowance (rule {rule}{origin})",
                    col = id.column,
                    actual = tolerance::show(id.actual, unit),
                    sum = id.sum_of,
                    exp = tolerance::show(id.expected, unit),
                    diff = tolerance::show(diff, unit),
                    tol = tolerance::show(id.tolerance, unit),
                    rule = id.rule,
                ),
                where_(&tid, &row, id.column),
            )
        });
        let passed = check.passed;
        self.push(check, failure);
        passed
    }
}

/// Severity named in the catalog ("warning"), error otherwise.
pub fn severity(s: Option<&str>) -> Severity {
    match s {
        Some("warning") => Severity::Warning,
        _ => Severity::Error,
    }
}
