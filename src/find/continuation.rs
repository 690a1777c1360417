//! Tables continued over several pages: a grid with no title of its own, whose columns match
//! the previous table's, continues it (the header may or may not be repeated).

use once_cell::sync::Lazy;
use regex::Regex;

use super::catalog::Catalog;
use super::header::is_column_number_row;
use super::meta::is_context_line;
use super::title::match_title;
use super::view::View;
use crate::normalize::name::fold;
use crate::normalize::number::{CellValue, parse};

static PAGE_NO: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?:[-—–]?\d{1,4}[-—–]?|第\d{1,4}页(?:,?共\d{1,4}页)?|\d{1,4}/\d{1,4})$").unwrap()
});

/// Can the text between two grids sit inside one table? Page numbers, watermarks and running
/// headers (lines printed more than once in the document), unit / department / year lines:
/// yes. A title, a footnote, prose or any other line: no.
pub fn lines_allow_continuation(
    cat: &Catalog,
    lines: &[&str],
    repeated: &dyn Fn(&str) -> bool,
) -> bool {
    lines.iter().all(|l| {
        let f = fold(l);
        if f.is_empty() {
            return true;
        }
        if match_title(cat, l).is_some() || cat.is_note(l) || cat.says_no_data(l) {
            return false;
        }
        PAGE_NO.is_match(&f)
            || repeated(&f)
            || (is_context_line(cat, l) && !f.contains(['。', '，', '；']))
    })
}

/// Do the grid's top rows carry a title of their own (not just unit/department lines)? A lone
/// text away from the first column ("其他非税收入" under a merged name cell of the previous
/// page) is a body row, not a title.
pub fn has_own_title(cat: &Catalog, view: &View, ctx_rows: usize) -> bool {
    (0..ctx_rows).any(|r| {
        view.row_texts(r)
            .iter()
            .any(|(c, t)| match_title(cat, t).is_some() || (!is_context_line(cat, t) && *c == 0))
    })
}

/// How many of the grid's top `ctx_rows` rows are context (unit / department / year lines);
/// the rows after them are the continued body.
pub fn context_prefix(cat: &Catalog, view: &View, ctx_rows: usize) -> usize {
    (0..ctx_rows)
        .take_while(|&r| {
            view.row_texts(r)
                .iter()
                .all(|(_, t)| is_context_line(cat, t))
        })
        .count()
}

/// First row of a continuation grid that is body: repeated header rows (only header words),
/// column-number rows and context rows are skipped.
pub fn body_start(cat: &Catalog, view: &View, from: usize, header_words: &[String]) -> usize {
    let mut r = from;
    while r < view.rows() {
        let texts = view.row_texts(r);
        if texts.is_empty() || is_column_number_row(cat, &texts) {
            r += 1;
            continue;
        }
        let repeated = !header_words.is_empty()
            && texts.iter().all(|(_, t)| {
                header_words.contains(&fold(t)) && matches!(parse(t), CellValue::Text(_))
            });
        if repeated {
            r += 1;
            continue;
        }
        break;
    }
    r
}

/// What identifies a table across its pages: producers print the title, label, department
/// line and header again on every page of a long table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TableKey {
    pub kind: String,
    /// Folded title without a "（续）" / "续表" mark.
    pub title: String,
    pub label: Option<String>,
    /// Departments named by the context lines ("部门名称：…").
    pub departments: Vec<String>,
    /// Folded header path per grid column.
    pub header: Vec<String>,
    /// The last page the table is on (PDF).
    pub page: Option<u32>,
}

/// The title as compared across pages: folded, a continuation mark removed.
pub fn title_key(title: &str) -> String {
    let f = fold(title);
    let mut s = f.as_str();
    for mark in ["(续表)", "(续)", "续表", "(续"] {
        if let Some(x) = s.strip_suffix(mark) {
            s = x;
        }
        if let Some(x) = s.strip_prefix(mark) {
            s = x;
        }
    }
    s.to_string()
}

/// Does a grid keyed `next` continue the table keyed `prev`? The next page, the same title
/// (a title names the table: a grid under a new title is a new table), the same header column
/// for column, no other label and no other department (a per-unit series of tables repeats
/// title and header under another 单位名称).
pub fn repeats(prev: &TableKey, next: &TableKey) -> bool {
    let next_page = matches!((prev.page, next.page), (Some(a), Some(b)) if b == a + 1);
    next_page
        && prev.kind == next.kind
        && !next.title.is_empty()
        && prev.title == next.title
        && !next.header.iter().all(String::is_empty)
        && prev.header == next.header
        && (next.label.is_none() || prev.label == next.label)
        && (next.departments.is_empty() || prev.departments == next.departments)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(title: &str, page: u32) -> TableKey {
        TableKey {
            kind: "budget.expenditure".into(),
            title: title_key(title),
            label: Some("表3".into()),
            departments: vec!["深圳市人力资源和社会保障局".into()],
            header: vec!["预算单位".into(), "科目编码".into(), "支出总计".into()],
            page: Some(page),
        }
    }

    #[test]
    fn the_same_title_and_header_on_the_next_page_continue_a_table() {
        assert!(repeats(&key("支出总表", 65), &key("支出总表", 66)));
        assert!(repeats(&key("支出总表", 65), &key("支出总表（续）", 66)));
        assert!(repeats(&key("支出总表", 65), &key("续表 支出总表", 66)));
    }

    #[test]
    fn another_page_title_header_label_or_unit_starts_a_new_table() {
        let prev = key("支出总表", 65);
        assert!(!repeats(&prev, &key("支出总表", 67)));
        assert!(!repeats(&prev, &key("基本支出总表", 66)));
        let mut other = key("支出总表", 66);
        other.header[2] = "基本支出".into();
        assert!(!repeats(&prev, &other));
        let mut other = key("支出总表", 66);
        other.label = Some("表4".into());
        assert!(!repeats(&prev, &other));
        let mut other = key("支出总表", 66);
        other.departments = vec!["深圳技师学院".into()];
        assert!(!repeats(&prev, &other));
        // a page that prints no department line under the repeated title still continues
        let mut bare = key("支出总表", 66);
        bare.departments.clear();
        bare.label = None;
        assert!(repeats(&prev, &bare));
        assert!(!repeats(&key("", 65), &key("", 66)));
    }
}
