//! The output record: one per input report. Field names and meanings are the public contract
//! (see `schema/record.schema.json` and `../shared/CONTRACT.md`); add fields, never rename.

use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub const SCHEMA_VERSION: &str = "1.1.0";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub schema_version: String,
    /// Version of budget-extract that made the record.
    pub tool_version: String,
    pub source: Source,
    pub report: Report,
    pub tables: Vec<Table>,
    /// Statements of amounts found in the prose ("收入总计9,316.63万元").
    #[serde(default)]
    pub facts: Vec<Fact>,
    /// Projects described in the prose (a 自评报告's "项目名称：…" list) with their statements.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub projects: Vec<Project>,
    /// Every arithmetic / cross-table / prose check that was run, passed or not.
    #[serde(default)]
    pub checks: Vec<Check>,
    #[serde(default)]
    pub summary: Summary,
    pub problems: Vec<Problem>,
}

impl Record {
    /// The input gave no data because of an error (unreadable, encrypted, not a report,
    /// too large, timed out...). Failed arithmetic checks do not count: they are findings
    /// about a document that was read.
    pub fn unreadable(&self) -> bool {
        self.tables.is_empty() && self.problems.iter().any(|p| p.severity == Severity::Error)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// The input path as given on the command line (for a zip member: "archive.zip!member").
    pub path: String,
    pub sha256: String,
    /// Format detected from the content ("pdf", "xlsx", "xls", "docx", "unknown"...).
    pub format: String,
    pub bytes: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// "final_accounts" | "budget" | "performance" | "unknown"
    pub kind: String,
    pub department: Option<String>,
    pub year: Option<i32>,
    pub title: Option<String>,
    /// Fields that were not found in the document and were taken from the file name instead.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub from_file_name: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Income,
    Expenditure,
}

/// Where a table is in its file. Serialized as `{"pages":[3,4]}`, `{"sheet":"公开01"}` or
/// `{"table_index":2}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Location {
    Pages { pages: Vec<u32> },
    Sheet { sheet: String },
    TableIndex { table_index: u32 },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// Id of the table within its record, used by `checks[].table` and problems: the kind,
    /// the side when there is one, and its ordinal among the tables of that kind and side in
    /// document order: "final.expenditure#1", "final.fiscal_summary/income#1", "unknown#3".
    /// Stable across runs of one build on the same input (see [`assign_table_ids`]).
    #[serde(default)]
    pub id: String,
    /// Stable id from `catalog/tables.toml`, or "unknown".
    pub kind: String,
    /// Title as printed.
    pub title: String,
    /// Label as printed ("公开01表", "表五", "预算公开表1"), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub side: Option<Side>,
    /// Unit as printed ("万元", "元"); amounts in `values` are always converted to 元.
    pub unit: Option<String>,
    pub location: Location,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// True when the document says the table has no data ("本表无数据").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub no_data: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    /// Stable id (see `catalog/columns.toml`), unique within the table.
    pub key: String,
    /// Header path as printed, segments joined with '/': "本年支出/基本支出".
    pub header: String,
    /// "元" for amounts (converted), otherwise the column's own unit: "%", "score", "count",
    /// "text".
    pub unit: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// Normalized subject code, digits only; in a list of units, the unit's code.
    pub code: Option<String>,
    pub name: String,
    /// "类" | "款" | "项" for functional codes of 3/5/7 digits (or the economic 3/5); "单位"
    /// when the code is a unit's code (a list of units, see `unit_codes_as_row_codes`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// Parent code (the code's prefix one level up), when the code has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// 行次 as printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// Column key → value: 元 for amount columns (exact), the column's unit otherwise; null for
    /// blank / "-" / "—" / errors.
    pub values: IndexMap<String, Option<Decimal>>,
    /// Column key → printed text, for cells whose text is not plainly its value (non-amount
    /// columns, "≥90%", errors, text in a value column).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub texts: IndexMap<String, String>,
    /// Where the row is in the file ("page 3", "sheet 公开02, row 12", "table 2, row 5").
    pub origin: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    pub severity: Severity,
    /// Stable machine code, e.g. "unreadable_file", "check_failed", "scanned_pages".
    pub code: String,
    pub message: String,
    #[serde(rename = "where")]
    pub location: String,
}

impl Problem {
    pub fn error(code: &str, message: impl Into<String>, location: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Error,
            code: code.to_string(),
            message: message.into(),
            location: location.into(),
        }
    }
    pub fn warning(code: &str, message: impl Into<String>, location: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Warning,
            code: code.to_string(),
            message: message.into(),
            location: location.into(),
        }
    }
}

/// A column key made up for a header the catalog does not name ("col3"), not a key that says
/// what the column holds.
pub fn is_unnamed_column_key(key: &str) -> bool {
    key.strip_prefix("col")
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// Give every table its id: kind, side and ordinal among the tables of that kind and side.
/// Ids depend only on the tables before it of the same kind and side, so a table found or
/// lost elsewhere in the document does not rename the others.
pub fn assign_table_ids(tables: &mut [Table]) {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for t in tables {
        let base = match t.side {
            Some(Side::Income) => format!("{}/income", t.kind),
            Some(Side::Expenditure) => format!("{}/expenditure", t.kind),
            None => t.kind.clone(),
        };
        let n = seen.entry(base.clone()).or_insert(0);
        *n += 1;
        t.id = format!("{base}#{n}");
    }
}

/// A list of units (收入总表 by 单位编码 / 单位名称) has no subject codes: its rows are named by
/// their unit, and the unit's code is the row's code (level "单位"), as a reader of the printed
/// table would key it. Run after validation: the checks' code trees are subject-code trees,
/// and a unit code such as 201001 must not be read as one. A table that mixes both (a unit's
/// line above its subject lines) or repeats one code on several rows keeps it in `texts` only.
pub fn unit_codes_as_row_codes(tables: &mut [Table]) {
    for t in tables {
        if t.rows.iter().any(|r| r.code.is_some()) {
            continue;
        }
        let codes: Vec<Option<String>> = t
            .rows
            .iter()
            .map(|r| {
                let u = r.texts.get("unit_code")?;
                let digits: String = crate::normalize::nfkc(u)
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())).then_some(digits)
            })
            .collect();
        // a code printed on every line of one unit (福州: 101001 beside each of its units)
        // names the department, not the row
        let mut seen = std::collections::HashSet::new();
        if !codes.iter().flatten().all(|c| seen.insert(c)) {
            continue;
        }
        for (r, code) in t.rows.iter_mut().zip(codes) {
            if code.is_some() {
                r.code = code;
                r.level = Some("单位".into());
            }
        }
    }
}

/// One verified (or failed) identity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Check {
    /// Rule id, e.g. "total_eq_sum_of_lei", "cross.final.income_total".
    pub rule: String,
    /// Id (`tables[].id`) of the table the checked value sits in; several ids joined with
    /// " + " when the checked value is a sum over tables.
    pub table: String,
    /// Row code or name of the checked value.
    pub row: String,
    /// Column key of the checked value.
    pub column: String,
    pub expected: Decimal,
    pub actual: Decimal,
    pub tolerance: Decimal,
    pub passed: bool,
    /// The summed terms: rows (code or name) for a sum over rows, column keys for a sum over
    /// the columns of one row. When such a check fails, the wrong cell is the checked cell or
    /// one of its terms (one identity alone cannot tell which).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub terms: Vec<String>,
}

impl Check {
    /// An equality check: passed when `actual` is within `tolerance` of `expected`.
    pub fn equality(
        rule: impl Into<String>,
        (table, row, column): (String, String, String),
        expected: Decimal,
        actual: Decimal,
        tolerance: Decimal,
    ) -> Check {
        Check {
            rule: rule.into(),
            table,
            row,
            column,
            expected,
            actual,
            tolerance,
            passed: (actual - expected).abs() <= tolerance,
            terms: Vec::new(),
        }
    }

    /// The same check naming the terms its `expected` (or `actual`) adds up.
    pub fn with_terms(self, terms: Vec<String>) -> Check {
        Check { terms, ..self }
    }
}

/// An amount, percentage or score stated in the prose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    /// What the statement is about, e.g. "收入总计" (a label of catalog/validate.toml).
    pub label: String,
    /// Value in 元 (amounts), in percent, or in points (scores).
    pub value: Decimal,
    /// "元", "%" or "score".
    pub unit: String,
    /// The project (`projects[].name`) the statement is made under; absent for the report's
    /// department as a whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The sentence fragment as printed.
    pub text: String,
    #[serde(rename = "where")]
    pub location: String,
    /// Some(true/false) when checked against a table, None when nothing to compare with.
    pub matched: Option<bool>,
}

/// A project as the prose describes it: "1.项目名称：…" followed by labelled statements
/// ("年初目标：…；完成情况：…；自评情况：…").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Project {
    /// The ordinal printed before the name ("1." → 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    /// Name as printed (a document number in it kept).
    pub name: String,
    /// The funding document named in the name ("乐市财政环〔2024〕49号").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_number: Option<String>,
    /// Labelled statements in printed order.
    pub statements: Vec<Statement>,
    #[serde(rename = "where")]
    pub location: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    /// Catalog label ("年初目标", "完成情况", "自评情况").
    pub label: String,
    /// The statement as printed, its label and end punctuation removed.
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub checks_passed: u32,
    pub checks_failed: u32,
    pub tables_found: u32,
    /// Standard table kinds expected for this report kind.
    pub standard_expected: Vec<String>,
    pub standard_found: Vec<String>,
    pub standard_missing: Vec<String>,
    pub facts_matched: u32,
    pub facts_unmatched: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: serde_json::Value) -> Table {
        serde_json::from_value(serde_json::json!({
            "kind": "budget.income", "title": "收入总表", "unit": "万元",
            "location": {"pages": [3]}, "columns": [], "rows": rows,
        }))
        .unwrap()
    }

    #[test]
    fn unit_list_rows_are_keyed_by_their_unit_code() {
        let mut t = vec![table(serde_json::json!([
            {"code": null, "name": "合计", "values": {}, "origin": "page 3"},
            {"code": null, "name": "无锡市信访局", "values": {}, "origin": "page 3",
             "texts": {"unit_code": "113"}},
            {"code": null, "name": "本级", "values": {}, "origin": "page 3",
             "texts": {"unit_code": "１１３ ００１"}},
        ]))];
        unit_codes_as_row_codes(&mut t);
        let codes: Vec<_> = t[0]
            .rows
            .iter()
            .map(|r| (r.code.clone(), r.level.clone()))
            .collect();
        assert_eq!(
            codes,
            vec![
                (None, None),
                (Some("113".into()), Some("单位".into())),
                (Some("113001".into()), Some("单位".into())),
            ]
        );
    }

    #[test]
    fn a_table_with_subject_codes_keeps_unit_codes_in_texts() {
        let mut t = vec![table(serde_json::json!([
            {"code": null, "name": "某局", "values": {}, "origin": "page 3",
             "texts": {"unit_code": "201001"}},
            {"code": "201", "name": "一般公共服务支出", "values": {}, "origin": "page 3"},
        ]))];
        unit_codes_as_row_codes(&mut t);
        assert_eq!(t[0].rows[0].code, None);
        assert_eq!(t[0].rows[0].texts["unit_code"], "201001");
    }

    #[test]
    fn a_code_repeated_on_several_rows_is_not_their_key() {
        let mut t = vec![table(serde_json::json!([
            {"code": null, "name": "基金中心", "values": {}, "origin": "page 3",
             "texts": {"unit_code": "101001"}},
            {"code": null, "name": "医疗保障局", "values": {}, "origin": "page 3",
             "texts": {"unit_code": "101001"}},
        ]))];
        unit_codes_as_row_codes(&mut t);
        assert!(t[0].rows.iter().all(|r| r.code.is_none()));
    }
}
