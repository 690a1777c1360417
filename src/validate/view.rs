//! Read-only helpers over finished tables: name folding, total rows, main columns, cell
//! references. Nothing here changes a table.

use super::catalog::{CellRef, catalog};
use crate::record::{Row, Side, Table};
use once_cell::sync::Lazy;
use regex::Regex;
use rust_decimal::Decimal;

/// NFKC (full-width → half-width), whitespace and quotes removed.
pub fn fold(s: &str) -> String {
    crate::normalize::nfkc(s)
        .chars()
        .filter(|c| {
            !c.is_whitespace() && !matches!(c, '“' | '”' | '"' | '‘' | '’' | '\'' | '「' | '」')
        })
        .collect()
}

static ORDINAL: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?:[一二三四五六七八九十百]+[、.,]|\([一二三四五六七八九十0-9]+\)[、.]?|[0-9]{1,2}[、.])")
        .unwrap()
});
static TOP_ORDINAL: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^[一二三四五六七八九十百]+[、.,]").unwrap());
static LEVEL_SUFFIX: Lazy<Regex> = Lazy::new(|| Regex::new(r"\((?:类|款|项)\)$").unwrap());

/// A row or label name folded for matching: leading ordinal ("一、", "(一)", "①", "1.") and a
/// trailing "(类)/(款)/(项)" removed.
pub fn norm_name(s: &str) -> String {
    // Circled digits fold to plain digits under NFKC; drop them first.
    let s: String = s
        .trim()
        .trim_start_matches(|c: char| ('\u{2460}'..='\u{2473}').contains(&c))
        .to_string();
    let f = fold(&s);
    let f = ORDINAL.replace(&f, "").to_string();
    LEVEL_SUFFIX.replace(&f, "").to_string()
}

/// True when the printed name starts with a top-level ordinal ("一、").
pub fn is_top_numbered(name: &str) -> bool {
    TOP_ORDINAL.is_match(&fold(name))
}

static DEPTH_ORDINALS: Lazy<[Regex; 4]> = Lazy::new(|| {
    [
        Regex::new(r"^[一二三四五六七八九十百]+[、.,]").unwrap(),
        Regex::new(r"^\([一二三四五六七八九十]+\)").unwrap(),
        Regex::new(r"^[0-9]{1,2}(?:[、,]|\.[^0-9])").unwrap(),
        Regex::new(r"^\([0-9]{1,2}\)").unwrap(),
    ]
});

/// How deep the printed name's leading ordinal sits in the usual outline: 0 none, 1 "一、",
/// 2 "(一)", 3 "1." / "1、", 4 "(1)", 5 "①". A numbered row under an unnumbered (or less
/// deeply numbered) one is its part: "财政拨款" over "1.一般公共预算拨款".
pub fn ordinal_depth(name: &str) -> u8 {
    let t = name.trim_start();
    if t.starts_with(|c: char| ('\u{2460}'..='\u{2473}').contains(&c)) {
        return 5;
    }
    let f = fold(t);
    DEPTH_ORDINALS
        .iter()
        .position(|re| re.is_match(&f))
        .map_or(0, |i| i as u8 + 1)
}

/// Does `name` equal one of the `|`-separated alternatives (both folded)?
pub fn name_is(name: &str, alternatives: &str) -> bool {
    let n = norm_name(name);
    !n.is_empty() && alternatives.split('|').any(|a| norm_name(a) == n)
}

pub fn name_in(name: &str, list: &[String]) -> bool {
    let n = norm_name(name);
    !n.is_empty() && list.iter().any(|a| norm_name(a) == n)
}

/// The table's id in checks and problems ("final.income_expenditure_summary/income#1");
/// kind and side for a table not given one (unit tests).
pub fn table_id(t: &Table) -> String {
    if t.id.is_empty() {
        kind_side(t)
    } else {
        t.id.clone()
    }
}

/// "final.income_expenditure_summary/income" etc.: how the catalog refers to tables.
pub fn kind_side(t: &Table) -> String {
    match t.side {
        Some(Side::Income) => format!("{}/income", t.kind),
        Some(Side::Expenditure) => format!("{}/expenditure", t.kind),
        None => t.kind.clone(),
    }
}

/// Row code, else its printed name.
pub fn row_label(r: &Row) -> String {
    match &r.code {
        Some(c) if !c.is_empty() => c.clone(),
        _ => r.name.trim().to_string(),
    }
}

pub fn amount_keys(t: &Table) -> Vec<&str> {
    t.columns
        .iter()
        .filter(|c| c.unit == "元")
        .map(|c| c.key.as_str())
        .collect()
}

pub fn value(r: &Row, key: &str) -> Option<Decimal> {
    r.values.get(key).copied().flatten()
}

pub fn has_code(r: &Row) -> bool {
    r.code.as_deref().is_some_and(|c| !c.is_empty())
}

/// The table's total row: the first uncoded row named like a total; for a one-row table,
/// that row.
pub fn total_row(t: &Table) -> Option<usize> {
    let names = &catalog().names.total;
    t.rows
        .iter()
        .position(|r| !has_code(r) && name_in(&r.name, names))
        .or_else(|| (t.rows.len() == 1 && !has_code(&t.rows[0])).then_some(0))
}

/// The table's main amount column: total, else amount, else the first amount column.
pub fn main_column(t: &Table) -> Option<&str> {
    let keys = amount_keys(t);
    ["total", "amount"]
        .into_iter()
        .find(|k| keys.contains(k))
        .or_else(|| keys.first().copied())
}

pub fn find_row(t: &Table, selector: &str) -> Option<usize> {
    match selector {
        "@total" => total_row(t),
        "@first" => (!t.rows.is_empty()).then_some(0),
        names => t
            .rows
            .iter()
            .position(|r| !has_code(r) && name_is(&r.name, names))
            .or_else(|| t.rows.iter().position(|r| name_is(&r.name, names))),
    }
}

pub fn find_column<'a>(t: &'a Table, selector: &'a str) -> Option<&'a str> {
    match selector {
        "@main" => main_column(t),
        key => amount_keys(t).into_iter().find(|k| *k == key),
    }
}

/// One resolved cell.
#[derive(Debug, Clone)]
pub struct Cell<'a> {
    pub table: &'a Table,
    pub row: Option<&'a Row>,
    pub column: String,
    pub value: Option<Decimal>,
}

impl Cell<'_> {
    pub fn row_label(&self) -> String {
        self.row.map(row_label).unwrap_or_else(|| "(none)".into())
    }
}

/// Tables with this id ("kind" or "kind/side").
pub fn tables_with_id<'a>(tables: &'a [Table], id: &str) -> impl Iterator<Item = &'a Table> {
    let id = id.to_string();
    tables.iter().filter(move |t| kind_side(t) == id)
}

/// Row texts naming a second classification a row is paired with (北京 基本支出表: 政府经济分类
/// "50208-公务用车运行维护费" beside 部门经济分类 30231): the same line under another pairing
/// is another part of it, not a repeat (catalog/columns.toml `text_key`s).
const PAIRED_CLASSIFICATION: [&str; 2] = ["gov_economic_code", "gov_economic_name"];

/// The row's texts for the second classification it is paired with (none: all None).
pub fn pairing(r: &Row) -> Vec<Option<&String>> {
    PAIRED_CLASSIFICATION
        .iter()
        .map(|k| r.texts.get(*k))
        .collect()
}

/// Resolve a reference: the first table with its id where one `[row, column]` pair exists.
/// A table marked "本表无数据" without the row resolves to an empty cell (value None). A named
/// line printed once per pairing of a second classification resolves to one cell per pairing.
pub fn resolve_parts<'a>(tables: &'a [Table], r: &CellRef) -> Option<Vec<Cell<'a>>> {
    for t in tables_with_id(tables, &r.table) {
        for [row_sel, col_sel] in &r.at {
            let Some(col) = find_column(t, col_sel) else {
                continue;
            };
            if let Some(i) = find_row(t, row_sel) {
                let row = &t.rows[i];
                let cell = |row: &'a Row| Cell {
                    table: t,
                    row: Some(row),
                    column: col.to_string(),
                    value: value(row, col),
                };
                let mut seen = vec![pairing(row)];
                let mut cells = vec![cell(row)];
                if !row_sel.starts_with('@') && seen[0].iter().any(Option::is_some) {
                    for other in &t.rows[i + 1..] {
                        if other.code == row.code
                            && norm_name(&other.name) == norm_name(&row.name)
                            && !seen.contains(&pairing(other))
                        {
                            seen.push(pairing(other));
                            cells.push(cell(other));
                        }
                    }
                }
                return Some(cells);
            }
        }
        if t.no_data {
            return Some(vec![Cell {
                table: t,
                row: None,
                column: r.at[0][1].clone(),
                value: None,
            }]);
        }
    }
    None
}

/// [`resolve_parts`] as one cell: the first part.
pub fn resolve<'a>(tables: &'a [Table], r: &CellRef) -> Option<Cell<'a>> {
    resolve_parts(tables, r).and_then(|c| c.into_iter().next())
}

/// Resolve a sum of references. None when a non-optional reference does not resolve or no
/// reference resolves at all.
pub fn resolve_sum<'a>(tables: &'a [Table], refs: &[CellRef]) -> Option<Vec<Cell<'a>>> {
    let mut out = Vec::new();
    for r in refs {
        match resolve_parts(tables, r) {
            Some(c) => out.extend(c),
            None if r.optional => {}
            None => return None,
        }
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_and_lose_ordinals() {
        assert_eq!(
            norm_name("一、一般公共预算财政拨款收入"),
            "一般公共预算财政拨款收入"
        );
        assert_eq!(norm_name("（一）行政单位"), "行政单位");
        assert_eq!(norm_name("①公务用车购置费"), "公务用车购置费");
        assert_eq!(norm_name("因公出国（境）费"), "因公出国(境)费");
        assert_eq!(norm_name("社会保障和就业支出(类)"), "社会保障和就业支出");
        assert_eq!(norm_name("合 计"), "合计");
        assert_eq!(
            norm_name("2026年安全生产应急指挥专项经费"),
            "2026年安全生产应急指挥专项经费"
        );
        assert!(is_top_numbered("二十二、灾害防治及应急管理支出"));
        assert!(!is_top_numbered("(一) 行政单位"));
        assert_eq!(ordinal_depth("财政拨款"), 0);
        assert_eq!(ordinal_depth("二十二、灾害防治"), 1);
        assert_eq!(ordinal_depth("（一）行政单位"), 2);
        assert_eq!(ordinal_depth(" 1.一般公共预算拨款"), 3);
        assert_eq!(ordinal_depth("2、政府性基金"), 3);
        assert_eq!(ordinal_depth("1.5万元"), 0);
        assert_eq!(ordinal_depth("（1）事业收入"), 4);
        assert_eq!(ordinal_depth("①房屋"), 5);
        assert!(name_is(
            "使用非财政拨款结余（含专用结余）",
            "使用非财政拨款结余(含专用结余)"
        ));
    }
}
