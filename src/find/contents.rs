//! The report's own list of its tables (目录) against the tables found. A table the contents
//! names but the finder did not find becomes a `listed_table_missing` problem: a layout the
//! finder does not know, or a page the document lacks, is said in the record instead of passing
//! silently.
//!
//! An entry is a contents line ("表5 一般公共预算支出表 …… 12", "收支总表\t3") or a row of a
//! contents grid (a title cell and a page number, or a title ending in dot leaders), whose
//! text with its leader and page number removed reads as a table title of a known kind.

use once_cell::sync::Lazy;
use regex::Regex;

use super::catalog::Catalog;
use super::title;
use crate::model::{Block, Document, Grid, Origin};
use crate::normalize::name::fold;
use crate::record::{Problem, Table};

/// One table named by the contents.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    /// The entry as printed, without leader and page number.
    pub printed: String,
    pub kind: String,
    pub origin: Origin,
}

/// Leader dots and the page number ending a contents entry.
static ENTRY_END: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"[\s.…·．。_\-]*(?:第\s*)?\d{0,3}\s*(?:页)?\s*$").unwrap());

/// The title part of a contents entry.
fn entry_text(text: &str) -> &str {
    let t = text.trim_end();
    match ENTRY_END.find(t) {
        Some(m) => t[..m.start()].trim(),
        None => t.trim(),
    }
}

/// The table kind an entry names, if it reads as a table title.
fn entry_kind(cat: &Catalog, text: &str, report_kind: &str) -> Option<(String, String)> {
    let e = entry_text(text);
    // "（七）一般公共预算支出表（按功能分类）": the enumerator is not the title's bracket
    if !title::looks_like_title(&crate::normalize::name::strip_numbering(e)) {
        return None;
    }
    let hit = title::match_title_in(cat, e, report_kind)?;
    Some((e.to_string(), cat.tables[hit.table].id.clone()))
}

/// The tables a document's contents name, in order. Lines count as entries when they carry dot
/// leaders, or when they follow a contents heading ("目 录") before the first sentence or
/// grid (深圳 lists "（一）收支总表" without page numbers); a grid counts when its rows are
/// title + page number or end in leaders.
pub fn listed_tables(cat: &Catalog, doc: &Document, report_kind: &str) -> Vec<Listed> {
    let mut out = Vec::new();
    let mut in_contents = false;
    let push = |text: &str, origin: &Origin, out: &mut Vec<Listed>| {
        if let Some((printed, kind)) = entry_kind(cat, text, report_kind) {
            tracing::debug!("the contents ({origin}) lists {printed:?} ({kind})");
            out.push(Listed {
                printed,
                kind,
                origin: origin.clone(),
            });
        }
    };
    for block in &doc.blocks {
        match block {
            Block::Text(t) => {
                if title::is_contents_heading(&t.text) {
                    in_contents = true;
                    continue;
                }
                // prose ends the contents: its entries are short lines
                if title::is_sentence(&fold(&t.text)) || t.text.chars().count() > 60 {
                    in_contents = false;
                }
                if in_contents || title::ends_in_leader(&t.text) {
                    push(&t.text, &t.origin, &mut out);
                }
            }
            Block::Grid(g) => {
                let entries = grid_entries(g);
                if entries.is_empty() {
                    in_contents = false;
                }
                for (text, origin) in entries {
                    push(text, origin, &mut out);
                }
            }
        }
    }
    out
}

/// The entry cells of a contents grid: per row, the first text cell when the row ends in a
/// page number or the cell ends in dot leaders. A grid with amounts (a decimal anywhere) is no
/// contents.
fn grid_entries(g: &Grid) -> Vec<(&str, &Origin)> {
    let mut rows: std::collections::BTreeMap<u32, Vec<&crate::model::Cell>> = Default::default();
    for c in g.cells.iter().filter(|c| !c.text.trim().is_empty()) {
        rows.entry(c.row).or_default().push(c);
    }
    let mut out = Vec::new();
    for cells in rows.values() {
        let is_page = |t: &str| {
            fold(t)
                .trim()
                .parse::<u32>()
                .is_ok_and(|p| p > 0 && p < 1000)
        };
        if cells
            .iter()
            .any(|c| fold(&c.text).contains('.') && !title::ends_in_leader(&c.text))
        {
            let decimal = cells.iter().any(|c| {
                let f = fold(&c.text);
                let f = f.trim();
                f.contains('.')
                    && f.chars()
                        .all(|ch| ch.is_ascii_digit() || ch == '.' || ch == ',')
            });
            if decimal {
                return Vec::new();
            }
        }
        let Some(first) = cells.iter().find(|c| !is_page(&c.text)) else {
            continue;
        };
        let paged = cells.len() >= 2 && cells.last().is_some_and(|c| is_page(&c.text));
        if paged || title::ends_in_leader(&first.text) {
            out.push((first.text.as_str(), &first.origin));
        }
    }
    out
}

/// Problems for the listed tables the finder did not find: a listed kind with no table, or
/// more distinct titles of a kind listed than found (江苏 lists a 财政拨款 and a 一般公共预算
/// version of one kind).
pub fn missing(listed: &[Listed], tables: &[Table]) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut kinds: Vec<&str> = Vec::new();
    for l in listed {
        if !kinds.contains(&l.kind.as_str()) {
            kinds.push(&l.kind);
        }
    }
    for kind in kinds {
        let found: Vec<String> = distinct(
            tables
                .iter()
                .filter(|t| t.kind == kind)
                .map(|t| title::comparable(&t.title)),
        );
        let entries: Vec<&Listed> = listed.iter().filter(|l| l.kind == kind).collect();
        let listed_titles = distinct(entries.iter().map(|l| title::comparable(&l.printed)));
        if found.len() >= listed_titles.len() {
            continue;
        }
        // the entries whose title no found table of the kind carries (all of them when none
        // was found); one problem per distinct title
        let mut said: Vec<String> = Vec::new();
        for l in entries {
            let key = title::comparable(&l.printed);
            if said.contains(&key)
                || (!found.is_empty() && found.iter().any(|f| f.contains(&key) || key.contains(f)))
            {
                continue;
            }
            said.push(key);
            out.push(Problem::warning(
                "listed_table_missing",
                format!(
                    "the contents ({}) lists \"{}\" ({kind}) but no such table was found: its \
                     layout was not recognised, or the document lacks it",
                    l.origin, l.printed
                ),
                l.origin.to_string(),
            ));
        }
    }
    out
}

fn distinct(keys: impl Iterator<Item = String>) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for k in keys {
        if !v.contains(&k) {
            v.push(k);
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::find::catalog::catalog;
    use crate::model::TextLine;

    fn line(text: &str, page: u32) -> Block {
        Block::Text(TextLine {
            text: text.into(),
            size: None,
            origin: Origin::page(page),
        })
    }

    fn table(kind: &str, title: &str) -> Table {
        Table {
            id: String::new(),
            kind: kind.into(),
            title: title.into(),
            label: None,
            side: None,
            unit: None,
            location: crate::record::Location::Pages { pages: vec![5] },
            columns: Vec::new(),
            rows: Vec::new(),
            no_data: false,
        }
    }

    #[test]
    fn entry_loses_leader_and_page_number() {
        assert_eq!(
            entry_text("表5 一般公共预算支出表……………… 12"),
            "表5 一般公共预算支出表"
        );
        assert_eq!(entry_text("收支总表\t3"), "收支总表");
        assert_eq!(
            entry_text("2026年部门收入总表 .......... 第 4 页"),
            "2026年部门收入总表"
        );
    }

    #[test]
    fn contents_entries_name_kinds_and_missing_ones_are_said() {
        let doc = Document {
            blocks: vec![
                line("目  录", 2),
                line("第一部分 部门概况 ………… 3", 2),
                line("一、2026年部门收支总表 ………… 5", 2),
                line("二、2026年部门收入总表 ………… 6", 2),
                line("三、2026年部门支出总表\t7", 2),
                line("本部门2026年收入预算如下表，支出预算见表三。", 6),
                line("2026年部门收入总表", 6),
            ],
            ..Default::default()
        };
        let listed = listed_tables(catalog(), &doc, "budget");
        let kinds: Vec<&str> = listed.iter().map(|l| l.kind.as_str()).collect();
        assert_eq!(
            kinds,
            [
                "budget.income_expenditure_summary",
                "budget.income",
                "budget.expenditure"
            ]
        );
        let found = vec![
            table("budget.income_expenditure_summary", "2026年部门收支总表"),
            table("budget.income", "2026年部门收入总表"),
        ];
        let p = missing(&listed, &found);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].code, "listed_table_missing");
        assert!(p[0].message.contains("支出总表"), "{}", p[0].message);
        assert!(
            missing(
                &listed,
                &[found, vec![table("budget.expenditure", "支出总表")]].concat()
            )
            .is_empty()
        );
    }

    #[test]
    fn contents_without_page_numbers_end_at_the_first_sentence() {
        let doc = Document {
            blocks: vec![
                line("目   录", 2),
                line("二、表格部分", 2),
                line("（一）收支总表", 2),
                line("（七）一般公共预算支出表（按功能分类）", 2),
                line(
                    "（一）贯彻执行国家、省、市有关法律，以自身名义开展工作。",
                    3,
                ),
                line("（三）支出总表", 9),
            ],
            ..Default::default()
        };
        let listed = listed_tables(catalog(), &doc, "budget");
        let kinds: Vec<&str> = listed.iter().map(|l| l.kind.as_str()).collect();
        assert_eq!(
            kinds,
            [
                "budget.income_expenditure_summary",
                "budget.general_budget_expenditure"
            ]
        );
    }

    #[test]
    fn page_numbered_lines_outside_contents_are_no_entries() {
        let doc = Document {
            blocks: vec![line("2026年部门支出总表 3", 9)],
            ..Default::default()
        };
        assert!(listed_tables(catalog(), &doc, "budget").is_empty());
    }
}
