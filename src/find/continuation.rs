//! Tables continued over several pages: a grid with no title of its own, whose columns match
//! the previous table's, continues it (the header may or may not be repeated).

use once_cell::sync::Lazy;
use regex::Regex;

use super::catalog::Catalog;
use super::header::is_column_number_row;
use super::meta::is_context_line;
use super::title::match_title;
use super::view::View;
use crate::model::Block;
use crate::normalize::name::fold;
use crate::normalize::number::{CellValue, parse};

static PAGE_NO: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?:[-—–]?\d{1,4}[-—–]?|第\d{1,4}页(?:,?共\d{1,4}页)?|\d{1,4}/\d{1,4})$").unwrap()
});

/// A line holding only a page number ("12", "-3-", "第2页,共9页", "3/10"), folded.
pub fn is_page_number_line(folded: &str) -> bool {
    PAGE_NO.is_match(folded)
}

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
        is_page_number_line(&f)
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

/// Text lines that are a grid's cell text printed outside its rules, on the grid's page: a
/// wrapped cell cut by the page edge overflows the grid's top or bottom border (a line
/// straddling the border within the grid's width), and a column whose rules are missing on
/// a continued page leaves its text beside the grid (a line left or right of it, within its
/// height). Such a line is neither a title nor text between two tables. `keep` spares titles
/// and notes.
pub fn overflow_lines(blocks: &[Block], keep: &dyn Fn(&str) -> bool) -> Vec<bool> {
    let grid_box = |b: &Block| match b {
        Block::Grid(g) => g.origin.page.zip(g.origin.bbox),
        _ => None,
    };
    let mut out = vec![false; blocks.len()];
    for (i, b) in blocks.iter().enumerate() {
        let Block::Text(t) = b else { continue };
        let (Some(page), Some(l)) = (t.origin.page, t.origin.bbox) else {
            continue;
        };
        // the nearest grids before and after on the same page
        let near = blocks[..i]
            .iter()
            .rev()
            .take_while(|b| matches!(b, Block::Text(_)))
            .count();
        let prev = i.checked_sub(near + 1).and_then(|j| grid_box(&blocks[j]));
        let next = blocks[i + 1..].iter().find_map(|b| match b {
            Block::Grid(_) => grid_box(b),
            _ => None,
        });
        let hit = [prev, next]
            .into_iter()
            .flatten()
            .any(|(p, g)| p == page && is_overflow(l, g));
        if hit && fold(&t.text).chars().count() <= 40 && !keep(&t.text) {
            out[i] = true;
        }
    }
    out
}

/// Does a line box `l` sit on the border of the grid box `g` (straddling its top or bottom
/// edge within its width) or beside it (within its height, left or right of it)?
fn is_overflow(l: [f32; 4], g: [f32; 4]) -> bool {
    let within_x = l[0] >= g[0] - 1.0 && l[2] <= g[2] + 1.0;
    let straddles = |y: f32| l[1] < y - 0.5 && l[3] > y + 0.5;
    let cy = (l[1] + l[3]) / 2.0;
    let beside = cy > g[1]
        && cy < g[3]
        && ((l[2] <= g[0] + 1.0 && g[0] - l[2] < 120.0)
            || (l[0] >= g[2] - 1.0 && l[0] - g[2] < 120.0));
    (within_x && (straddles(g[1]) || straddles(g[3]))) || beside
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

    #[test]
    fn cell_text_cut_by_the_page_edge_or_beside_a_grid_is_overflow() {
        let g = [58.94, 76.94, 662.3, 530.42];
        // 北京 绩效目标表: a wrapped cell's last line across the bottom border
        assert!(is_overflow([299.06, 528.21, 345.26, 534.81], g));
        // ... and its first line on the next page across the top border
        assert!(is_overflow(
            [299.06, 72.21, 345.26, 78.81],
            [144.7, 76.94, 662.3, 514.34]
        ));
        // a project name in a column whose rules are missing, left of the grid
        assert!(is_overflow(
            [60.26, 267.93, 117.31, 274.53],
            [144.7, 76.94, 662.3, 522.02]
        ));
        // a title above the grid, a page number and a note below it are not
        assert!(!is_overflow([200.0, 50.0, 400.0, 64.0], g));
        assert!(!is_overflow([330.0, 560.0, 350.0, 570.0], g));
        assert!(!is_overflow([58.94, 536.0, 400.0, 546.0], g));
    }
}
