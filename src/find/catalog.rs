//! The catalog of standard tables and column words, loaded from `catalog/*.toml` (data, not
//! code): table kinds with their title aliases and header words, column keys with aliases.
//!
//! The files are compiled into the binary (`include_str!`) and parsed once.

use once_cell::sync::Lazy;
use regex::Regex;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

use crate::normalize::name::{fold, loose_key};

const TABLES_TOML: &str = include_str!("../../catalog/tables.toml");
const COLUMNS_TOML: &str = include_str!("../../catalog/columns.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    #[default]
    List,
    TwoSided,
    SideBySide,
    Form,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TableSpec {
    pub id: String,
    pub report: String,
    pub title: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub headers: Vec<String>,
    #[serde(default)]
    pub layout: Layout,
    #[serde(default)]
    pub label: Option<u32>,
    #[serde(default)]
    pub count_sections: Vec<String>,
    /// Recognised by its structure (an introducing line and a list of names), never by a
    /// title line: the title and aliases are not matched.
    #[serde(default)]
    pub structure: Option<Structure>,
}

/// How a table without a title of its own is recognised (`structure` in
/// catalog/tables.toml): the text just above the grid names `subject` and says a list
/// follows (`intro`, any; none: naming the subject is enough), and the grid is a list of
/// names with no amounts, under a header naming its name column (`name_headers`, any) or,
/// when none are given, without a header at all.
#[derive(Debug, Clone, Deserialize)]
pub struct Structure {
    pub subject: Vec<String>,
    #[serde(default)]
    pub intro: Vec<String>,
    #[serde(default)]
    pub name_headers: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ColumnSpec {
    pub key: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub patterns: Vec<String>,
    #[serde(default)]
    pub takes_subtotal: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PrefixSpec {
    pub key: String,
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelRole {
    Code,
    Name,
    Name2,
    Line,
    Lei,
    Kuan,
    Xiang,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LabelSpec {
    pub role: LabelRole,
    pub aliases: Vec<String>,
    #[serde(default)]
    pub text_key: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct UnitRule {
    pub unit: String,
    pub words: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Words {
    pub totals: Vec<String>,
    pub notes: Vec<String>,
    pub no_data: Vec<String>,
    pub department: Vec<String>,
    pub column_number_row: Vec<String>,
}

/// The part vocabularies of titles (`[title_parts]` in catalog/tables.toml).
#[derive(Debug, Clone, Deserialize, Default)]
pub struct TitleParts {
    pub max_residue: usize,
    /// First-level indicator names: a grid holding them continues a performance form.
    #[serde(default)]
    pub indicator_words: Vec<String>,
    pub content_order: Vec<String>,
    pub scope_order: Vec<String>,
    pub filler: Vec<String>,
    pub scope: HashMap<String, Vec<String>>,
    pub content: HashMap<String, Vec<String>>,
    pub report: HashMap<String, Vec<String>>,
    pub breakdown: HashMap<String, Vec<String>>,
    pub qualifier: HashMap<String, Vec<String>>,
}

/// One combination of title parts → a table kind (`[[kind_rule]]`); an absent field matches
/// anything.
#[derive(Debug, Clone, Deserialize)]
pub struct KindRule {
    pub kind: String,
    #[serde(default)]
    pub report: Option<String>,
    #[serde(default)]
    pub content: Option<String>,
    #[serde(default)]
    pub scope: Option<Vec<String>>,
    #[serde(default)]
    pub breakdown: Option<Vec<String>>,
    #[serde(default)]
    pub qualifier: Option<Vec<String>>,
}

/// Kind of a title part word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    Scope,
    Content,
    Report,
    Breakdown,
    Qualifier,
    Filler,
}

#[derive(Debug, Deserialize)]
struct TablesFile {
    table: Vec<TableSpec>,
    #[serde(default)]
    title_parts: TitleParts,
    #[serde(default)]
    kind_rule: Vec<KindRule>,
}

#[derive(Debug, Deserialize)]
struct ColumnsFile {
    column: Vec<ColumnSpec>,
    prefix: Vec<PrefixSpec>,
    label: Vec<LabelSpec>,
    unit_rule: Vec<UnitRule>,
    words: Words,
}

/// The loaded catalog with its lookup indexes.
#[derive(Debug)]
pub struct Catalog {
    pub tables: Vec<TableSpec>,
    pub columns: Vec<ColumnSpec>,
    pub prefixes: Vec<PrefixSpec>,
    pub labels: Vec<LabelSpec>,
    pub unit_rules: Vec<UnitRule>,
    pub words: Words,
    pub title_parts: TitleParts,
    pub kind_rules: Vec<KindRule>,
    /// Every title part word (as a [`title_key`]) with its part and value, longest first.
    pub part_words: Vec<(String, PartKind, String)>,
    /// (title key, table index), longest key first.
    title_keys: Vec<(String, usize)>,
    /// `words.notes` and `words.no_data` folded once: folding them for every line of every
    /// page was a tenth of a run.
    notes_folded: Vec<String>,
    no_data_folded: Vec<String>,
    column_alias: HashMap<String, usize>,
    column_patterns: Vec<(Regex, usize)>,
    label_alias: HashMap<String, usize>,
    prefix_alias: HashMap<String, usize>,
}

/// Key under which titles are compared: folded, letters and digits only.
pub fn title_key(s: &str) -> String {
    loose_key(s)
}

/// Key under which header segments are compared: folded, spaces removed, unit suffix removed.
pub fn header_key(s: &str) -> String {
    let (h, _) = crate::normalize::unit::split_header_unit(s);
    fold(&h)
}

static EMPTY_RE: Lazy<Regex> = Lazy::new(|| Regex::new("^$").unwrap());

impl Catalog {
    fn load() -> Catalog {
        let t: TablesFile = toml::from_str(TABLES_TOML).expect("catalog/tables.toml is invalid");
        let c: ColumnsFile = toml::from_str(COLUMNS_TOML).expect("catalog/columns.toml is invalid");
        let mut title_keys = Vec::new();
        for (i, spec) in t.table.iter().enumerate() {
            if spec.structure.is_some() {
                continue;
            }
            for a in std::iter::once(&spec.title).chain(spec.aliases.iter()) {
                title_keys.push((title_key(a), i));
            }
        }
        title_keys.sort_by(|a, b| b.0.chars().count().cmp(&a.0.chars().count()));
        let tp = &t.title_parts;
        let mut part_words: Vec<(String, PartKind, String)> = Vec::new();
        for (kind, map) in [
            (PartKind::Scope, &tp.scope),
            (PartKind::Content, &tp.content),
            (PartKind::Report, &tp.report),
            (PartKind::Breakdown, &tp.breakdown),
            (PartKind::Qualifier, &tp.qualifier),
        ] {
            for (value, words) in map {
                for w in words {
                    part_words.push((title_key(w), kind, value.clone()));
                }
            }
        }
        for w in &tp.filler {
            part_words.push((title_key(w), PartKind::Filler, String::new()));
        }
        part_words.retain(|(w, _, _)| !w.is_empty());
        // longest first; ties in a fixed order so the reading does not depend on map order
        part_words.sort_by(|a, b| {
            b.0.chars()
                .count()
                .cmp(&a.0.chars().count())
                .then_with(|| a.0.cmp(&b.0))
        });
        for r in &t.kind_rule {
            assert!(
                t.table.iter().any(|s| s.id == r.kind),
                "kind_rule names unknown kind {}",
                r.kind
            );
        }
        let mut column_alias = HashMap::new();
        let mut column_patterns = Vec::new();
        for (i, col) in c.column.iter().enumerate() {
            for a in &col.aliases {
                column_alias.entry(header_key(a)).or_insert(i);
            }
            for p in &col.patterns {
                let re = Regex::new(p).unwrap_or_else(|_| EMPTY_RE.clone());
                column_patterns.push((re, i));
            }
        }
        let mut label_alias = HashMap::new();
        for (i, l) in c.label.iter().enumerate() {
            for a in &l.aliases {
                label_alias.entry(header_key(a)).or_insert(i);
            }
        }
        let mut prefix_alias = HashMap::new();
        for (i, p) in c.prefix.iter().enumerate() {
            for a in &p.aliases {
                prefix_alias.entry(header_key(a)).or_insert(i);
            }
        }
        let notes_folded = c.words.notes.iter().map(|w| fold(w)).collect();
        let no_data_folded = c.words.no_data.iter().map(|w| fold(w)).collect();
        Catalog {
            notes_folded,
            no_data_folded,
            title_parts: t.title_parts,
            kind_rules: t.kind_rule,
            part_words,
            tables: t.table,
            columns: c.column,
            prefixes: c.prefix,
            labels: c.label,
            unit_rules: c.unit_rule,
            words: c.words,
            title_keys,
            column_alias,
            column_patterns,
            label_alias,
            prefix_alias,
        }
    }

    pub fn table(&self, id: &str) -> Option<&TableSpec> {
        self.tables.iter().find(|t| t.id == id)
    }

    pub fn table_index(&self, id: &str) -> Option<usize> {
        self.tables.iter().position(|t| t.id == id)
    }

    /// Catalog titles and aliases that are the whole of `key` or its end (after a leading
    /// name): the table index, longest first.
    pub fn title_ending(&self, key: &str) -> Option<(usize, usize)> {
        self.title_keys
            .iter()
            .find(|(k, _)| !k.is_empty() && key.ends_with(k.as_str()))
            .map(|(k, i)| (*i, k.chars().count()))
    }

    /// Every table whose title or alias occurs in `key` (a [`title_key`]), longest alias
    /// first: (table index, matched alias length in chars).
    pub fn titles_in(&self, key: &str) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = Vec::new();
        for (k, i) in &self.title_keys {
            if !k.is_empty() && key.contains(k.as_str()) && !out.iter().any(|(j, _)| j == i) {
                out.push((*i, k.chars().count()));
            }
        }
        out
    }

    /// The column spec for one header segment (already [`header_key`]-ed).
    pub fn column_for(&self, seg: &str) -> Option<&ColumnSpec> {
        if let Some(&i) = self.column_alias.get(seg) {
            return Some(&self.columns[i]);
        }
        self.column_patterns
            .iter()
            .find(|(re, _)| re.is_match(seg))
            .map(|(_, i)| &self.columns[*i])
    }

    pub fn label_for(&self, seg: &str) -> Option<&LabelSpec> {
        self.label_alias.get(seg).map(|&i| &self.labels[i])
    }

    pub fn prefix_for(&self, seg: &str) -> Option<&str> {
        self.prefix_alias
            .get(seg)
            .map(|&i| self.prefixes[i].key.as_str())
    }

    /// Unit of a value column from its folded header path ("元" when no rule applies).
    pub fn column_unit(&self, folded_path: &str) -> &str {
        for r in &self.unit_rules {
            if r.words.iter().any(|w| folded_path.contains(&fold(w))) {
                return &r.unit;
            }
        }
        "元"
    }

    /// A totals line: "合计", "总计", "本年收入合计", "当年支出小计"…
    pub fn is_total_name(&self, name: &str) -> bool {
        let k = crate::normalize::name::match_key(name);
        self.words.totals.iter().any(|w| *w == k)
            || ["合计", "小计", "总计"].iter().any(|w| k.ends_with(w))
    }

    pub fn is_note(&self, text: &str) -> bool {
        let f = fold(text);
        self.notes_folded.iter().any(|w| f.starts_with(w.as_str()))
    }

    pub fn says_no_data(&self, text: &str) -> bool {
        let f = fold(text);
        self.no_data_folded.iter().any(|w| f.contains(w.as_str()))
    }
}

static CATALOG: OnceLock<Catalog> = OnceLock::new();

/// The catalog, parsed on first use.
pub fn catalog() -> &'static Catalog {
    CATALOG.get_or_init(Catalog::load)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_loads_and_covers_design_kinds() {
        let c = catalog();
        for id in [
            "final.income_expenditure_summary",
            "final.income",
            "final.expenditure",
            "final.fiscal_summary",
            "final.general_budget_expenditure",
            "final.general_budget_basic",
            "final.gov_fund",
            "final.state_capital",
            "final.three_public",
            "final.related_info",
            "budget.income_expenditure_summary",
            "budget.income",
            "budget.expenditure",
            "budget.fiscal_summary",
            "budget.general_budget_expenditure",
            "budget.general_budget_basic",
            "budget.gov_fund_income",
            "budget.gov_fund_expenditure",
            "budget.state_capital",
            "budget.three_public",
            "budget.office_operation",
            "budget.project_expenditure",
            "budget.project_carryover",
            "performance.project_self_eval",
            "performance.transfer_self_eval",
            "performance.overall_self_eval",
            "performance.project_target",
            "performance.overall_target",
        ] {
            assert!(c.table(id).is_some(), "{id} missing from catalog");
        }
        // ids are unique
        let mut ids: Vec<&str> = c.tables.iter().map(|t| t.id.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), c.tables.len());
    }

    #[test]
    fn longest_title_first() {
        let c = catalog();
        let m = c.titles_in(&title_key("财政拨款收入支出决算总表"));
        assert_eq!(c.tables[m[0].0].id, "final.fiscal_summary");
        assert!(
            m.iter()
                .any(|(i, _)| c.tables[*i].id == "final.income_expenditure_summary")
        );
    }

    #[test]
    fn column_words() {
        let c = catalog();
        assert_eq!(
            c.column_for(&header_key("本年支出合计")).unwrap().key,
            "total"
        );
        assert_eq!(
            c.column_for(&header_key("2026年合计")).unwrap().key,
            "total"
        );
        assert_eq!(c.column_for(&header_key("2026年")).unwrap().key, "amount");
        assert_eq!(
            c.column_for(&header_key("因公出国 (境) 费")).unwrap().key,
            "abroad"
        );
        assert_eq!(
            c.column_for(&header_key("公务接待 费")).unwrap().key,
            "reception"
        );
        assert_eq!(
            c.column_for(&header_key("上年结转金额(万元)")).unwrap().key,
            "carryover_start"
        );
        assert!(c.column_for(&header_key("某某收入")).is_none());
        assert_eq!(
            c.label_for(&header_key("科目编码")).unwrap().role,
            LabelRole::Code
        );
        assert_eq!(
            c.label_for(&header_key("项目")).unwrap().role,
            LabelRole::Name
        );
        assert_eq!(c.prefix_for(&header_key("决算数")), Some("final"));
        assert_eq!(c.column_unit("预算执行率"), "%");
        assert_eq!(c.column_unit("得分"), "score");
        assert_eq!(c.column_unit("基本支出"), "元");
        assert!(c.is_total_name("合 计"));
        assert!(c.is_note("注：本表反映"));
        assert!(c.says_no_data("说明：本表无数据"));
    }
}
