//! The validation catalog (`catalog/validate.toml`): column, row, cross-table and prose
//! identities as data. Parsed once; a malformed catalog is a build-time bug caught by tests.

use once_cell::sync::Lazy;
use serde::Deserialize;

const SOURCE: &str = include_str!("../../catalog/validate.toml");

pub static CATALOG: Lazy<Catalog> =
    Lazy::new(|| toml::from_str(SOURCE).expect("catalog/validate.toml is malformed"));

pub fn catalog() -> &'static Catalog {
    &CATALOG
}

#[derive(Debug, Deserialize)]
pub struct Catalog {
    pub standard: Standard,
    pub names: Names,
    #[serde(default)]
    pub columns: Vec<ColumnRule>,
    #[serde(default)]
    pub rows: Vec<RowRule>,
    #[serde(default)]
    pub cross: Vec<CrossRule>,
    #[serde(default)]
    pub cross_lines: Vec<CrossLines>,
    #[serde(default)]
    pub fact: Vec<FactRule>,
    #[serde(default)]
    pub prose_rows: Vec<ProseRows>,
    #[serde(default)]
    pub prose: ProseWords,
    /// Identities among the amounts stated in the prose (prose.sum).
    #[serde(default)]
    pub prose_sum: Vec<ProseSum>,
    /// Rates stated in the prose against the amounts they are the ratio of (prose.rate).
    #[serde(default)]
    pub prose_rate: Vec<ProseRate>,
    /// The project list of a prose report (src/validate/prose_projects.rs).
    #[serde(default)]
    pub prose_projects: Option<ProseProjects>,
    /// Words of the performance-form checks (src/validate/forms.rs).
    #[serde(default)]
    pub forms: Option<FormChecks>,
}

#[derive(Debug, Deserialize)]
pub struct FormChecks {
    /// Names of the line printing a form's total score (compared as prefixes).
    pub total_score: Vec<String>,
    /// The budget an 执行率 is a share of: column keys tried in order.
    pub rate_budget: Vec<String>,
    /// Names of a fund table's total line, the sum of the fund lines under it.
    pub fund_total: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Standard {
    pub final_accounts: Vec<String>,
    pub budget: Vec<String>,
}

impl Standard {
    pub fn for_report(&self, kind: &str) -> &[String] {
        match kind {
            "final_accounts" => &self.final_accounts,
            "budget" => &self.budget,
            _ => &[],
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct Names {
    pub total: Vec<String>,
    pub this_year_income: Vec<String>,
    pub this_year_expenditure: Vec<String>,
    pub grand_total: Vec<String>,
    pub adjustment_words: Vec<String>,
    pub personnel_total: Vec<String>,
    pub public_total: Vec<String>,
    pub personnel_prefixes: Vec<String>,
    pub class_names: Vec<String>,
    pub function_class_names: Vec<String>,
    pub flat_total_kinds: Vec<String>,
    pub two_sided_kinds: Vec<String>,
}

/// `total` = Σ `parts` across the columns of each row.
#[derive(Debug, Deserialize)]
pub struct ColumnRule {
    pub id: String,
    pub total: String,
    /// Column keys; a leading '-' subtracts.
    pub parts: Vec<String>,
    #[serde(default)]
    pub exclusive: Vec<Vec<String>>,
    #[serde(default)]
    pub unless: Vec<String>,
    #[serde(default)]
    pub require_all: bool,
}

/// The row named `total` = Σ the rows named in `parts`, in every amount column.
#[derive(Debug, Deserialize)]
pub struct RowRule {
    pub id: String,
    pub kinds: Vec<String>,
    pub total: String,
    pub parts: Vec<String>,
}

/// A reference to one cell: a table id and `[row, column]` pairs tried in order.
#[derive(Debug, Clone, Deserialize)]
pub struct CellRef {
    pub table: String,
    pub at: Vec<[String; 2]>,
    #[serde(default)]
    pub optional: bool,
}

#[derive(Debug, Deserialize)]
pub struct CrossRule {
    pub id: String,
    pub left: Vec<CellRef>,
    pub right: Vec<CellRef>,
    #[serde(default)]
    pub severity: Option<String>,
    /// Table ids: the rule is skipped when the report has one of them (with data), another
    /// rule of the same id then checking against it.
    #[serde(default)]
    pub unless: Vec<String>,
}

/// Each numbered line of `lines` = the 类 row of the same name in `classes`.
#[derive(Debug, Deserialize)]
pub struct CrossLines {
    pub id: String,
    pub lines: String,
    pub lines_column: String,
    pub classes: String,
    pub classes_column: String,
}

#[derive(Debug, Deserialize)]
pub struct FactRule {
    pub report: String,
    #[serde(default)]
    pub section: Option<String>,
    pub label: String,
    pub aliases: Vec<String>,
    #[serde(default)]
    pub target: Vec<CellRef>,
    #[serde(default)]
    pub whole: Vec<CellRef>,
    /// The entry does not match when the clause text right before the alias ends with one of
    /// these words ("公务接待费预算支出" is not the 支出预算 of the whole department).
    #[serde(default)]
    pub not_after: Vec<String>,
    /// What the statement's number is printed in: "元" (any amount unit), "%" or "score" (分).
    #[serde(default = "yuan")]
    pub unit: String,
    /// A statement of absence ("无年末结转和结余") is this fact with value 0.
    #[serde(default)]
    pub stated_none: bool,
    /// Largest value the fact can have (a score out of 100).
    #[serde(default)]
    pub max: Option<rust_decimal::Decimal>,
}

fn yuan() -> String {
    "元".into()
}

#[derive(Debug, Default, Deserialize)]
pub struct ProseWords {
    /// Words that state an amount is absent ("无", "没有").
    #[serde(default)]
    pub none_words: Vec<String>,
    /// Report kinds where a label stated twice must give the same value (prose.repeat).
    #[serde(default)]
    pub repeat_reports: Vec<String>,
}

/// `total` = Σ `parts` ("-label" subtracts), among the facts of one subject.
#[derive(Debug, Deserialize)]
pub struct ProseSum {
    pub report: String,
    pub total: String,
    /// Totals the parts may add up to instead (the parts stated as the split of one fund).
    #[serde(default)]
    pub or_total: Vec<String>,
    pub parts: Vec<String>,
    /// How many parts must be stated for the check to run (default 2).
    #[serde(default)]
    pub min_parts: Option<usize>,
}

#[derive(Debug, Deserialize)]
pub struct ProseRate {
    pub report: String,
    pub rate: String,
    pub pairs: Vec<RatePair>,
}

/// `rate` = Σ part / Σ whole × 100; the first label of each list is required, the others are
/// added when stated.
#[derive(Debug, Deserialize)]
pub struct RatePair {
    pub part: Vec<String>,
    pub whole: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct ProseProjects {
    /// The word before the colon that starts a project ("项目名称").
    pub name_words: Vec<String>,
    /// Words that end a name when a statement follows on the same line ("该项目").
    #[serde(default)]
    pub lead_words: Vec<String>,
    pub statement: Vec<StatementWords>,
}

#[derive(Debug, Deserialize)]
pub struct StatementWords {
    pub label: String,
    pub aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct ProseRows {
    pub report: String,
    pub section: String,
    pub table: String,
    pub column: String,
    #[serde(default)]
    pub whole_total: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_parses_and_ids_are_unique() {
        let c = catalog();
        assert_eq!(c.standard.final_accounts.len(), 10);
        assert_eq!(c.standard.budget.len(), 13);
        let mut ids: Vec<&str> = c
            .columns
            .iter()
            .map(|r| r.id.as_str())
            .chain(c.rows.iter().map(|r| r.id.as_str()))
            // a rule skipped `unless` a table is there shares its id with the rule checking
            // against that table: one identity, whichever tables the report prints
            .chain(
                c.cross
                    .iter()
                    .filter(|r| r.unless.is_empty())
                    .map(|r| r.id.as_str()),
            )
            .chain(c.cross_lines.iter().map(|r| r.id.as_str()))
            .collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate rule id in catalog/validate.toml");
        for f in &c.fact {
            assert!(!f.aliases.is_empty(), "fact {} has no alias", f.label);
            assert!(
                matches!(f.unit.as_str(), "元" | "%" | "score"),
                "fact {}: unit {}",
                f.label,
                f.unit
            );
        }
        // every label an identity names is a fact label of its report
        let known = |report: &str, l: &str| {
            c.fact
                .iter()
                .any(|f| f.report == report && f.label == l.trim_start_matches('-'))
        };
        for s in &c.prose_sum {
            for l in std::iter::once(&s.total).chain(&s.parts).chain(&s.or_total) {
                assert!(known(&s.report, l), "prose_sum: no fact {l}");
            }
        }
        for r in &c.prose_rate {
            assert!(known(&r.report, &r.rate), "prose_rate: no fact {}", r.rate);
            for p in &r.pairs {
                for l in p.part.iter().chain(&p.whole) {
                    assert!(known(&r.report, l), "prose_rate: no fact {l}");
                }
            }
        }
        for r in c.cross.iter() {
            if !r.unless.is_empty() {
                let partner = c.cross.iter().any(|o| {
                    o.unless.is_empty()
                        && o.id == r.id
                        && o.right.iter().any(|x| r.unless.contains(&x.table))
                });
                assert!(
                    partner,
                    "{}: no rule of the same id checks against its `unless`",
                    r.id
                );
            }
            for cell in r.left.iter().chain(r.right.iter()) {
                assert!(!cell.at.is_empty(), "{}: empty `at`", r.id);
            }
        }
    }
}
