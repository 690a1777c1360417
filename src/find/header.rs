//! Header rows → header paths, column roles and column keys.
//!
//! A grid starts with context rows (title, label, 部门名称, year, unit: spreadsheets keep them
//! in the sheet), then one to four header rows (merged cells give paths such as
//! "本年支出/基本支出"), often a 栏次 / column-number row (dropped), then the body.

use std::ops::Range;

use super::catalog::{Catalog, LabelRole};
use super::meta::is_context_line;
use super::view::View;
use crate::normalize::code::{normalize_code, split_code_name};
use crate::normalize::name::{fold, has_numbering};
use crate::normalize::number::{CellValue, parse};
use crate::normalize::unit::{Unit, parse_unit_line, split_header_unit};

#[derive(Debug, Clone, Default)]
pub struct Header {
    /// First header row.
    pub start: usize,
    /// First body row.
    pub body: usize,
    /// Body rows above the header (a section heading such as "一、政府采购情况" printed
    /// before the first header row).
    pub pre_body: Vec<usize>,
    /// Header path segments per grid column (printed).
    pub paths: Vec<Vec<String>>,
    /// Unit printed in a header cell ("单位：万元" in a corner cell).
    pub unit: Option<Unit>,
    /// Folded texts of the header cells, for spotting a repeated header.
    pub words: Vec<String>,
}

/// Number of leading rows of a grid that are context (title, label, 部门名称, year, unit)
/// or empty, not header or body.
pub fn context_rows(cat: &Catalog, view: &View) -> usize {
    let mut r = 0;
    let mut seen_content = false;
    while r < view.rows() && r < 8 {
        let texts = view.row_texts(r);
        if texts.is_empty() {
            r += 1;
            continue;
        }
        let all_context = texts.iter().all(|(_, t)| is_context_line(cat, t));
        // an unknown title: the first row holding one text that spans the grid
        let lone_title = !seen_content && texts.len() == 1 && view.cols() >= 3 && {
            let (c, t) = texts[0];
            let id = view.id(r, c).unwrap();
            let span = view.cell(id).col_span as usize;
            let f = fold(t);
            (span * 2 >= view.cols() || c > 0 || view.row_texts(r + 1).len() >= 2)
                && f.chars().count() >= 4
                && cat.label_for(&super::catalog::header_key(t)).is_none()
                && cat.column_for(&super::catalog::header_key(t)).is_none()
                && matches!(parse(t), CellValue::Text(_))
                && !has_numbering(t)
        };
        if !(all_context || lone_title) {
            break;
        }
        seen_content = true;
        r += 1;
    }
    r
}

/// A 栏次 row or a row of column numbers ("1 2 3 …", "甲 乙 1 2").
pub fn is_column_number_row(cat: &Catalog, texts: &[(usize, &str)]) -> bool {
    if texts.is_empty() {
        return false;
    }
    if texts.iter().any(|(_, t)| {
        let f = fold(t);
        cat.words.column_number_row.iter().any(|w| f == fold(w))
    }) {
        return texts.iter().all(|(_, t)| {
            is_small_int(t) || matches!(fold(t).as_str(), "栏次" | "甲" | "乙" | "丙" | "丁")
        });
    }
    let nums: Vec<u32> = texts
        .iter()
        .filter_map(|(_, t)| fold(t).parse::<u32>().ok())
        .collect();
    let letters = texts
        .iter()
        .filter(|(_, t)| matches!(fold(t).as_str(), "甲" | "乙" | "丙" | "丁"))
        .count();
    nums.len() >= 2
        && nums.len() + letters == texts.len()
        && nums.windows(2).all(|w| w[1] > w[0])
        && nums.iter().all(|&n| n <= 60)
}

fn is_small_int(t: &str) -> bool {
    fold(t).parse::<u32>().is_ok_and(|n| n <= 60)
}

/// A row that can be a header row: words only, no amounts, no codes, no enumerated names.
fn is_header_like(cat: &Catalog, view: &View, r: usize, first: bool) -> bool {
    let texts = view.row_texts(r);
    if texts.is_empty() {
        return false;
    }
    for (_, t) in &texts {
        match parse(t) {
            CellValue::Amount(_) | CellValue::Percent(_) | CellValue::Error(_) => return false,
            _ => {}
        }
        if normalize_code(t).is_some() || split_code_name(t).0.is_some() || has_numbering(t) {
            return false;
        }
        if cat.is_note(t) || cat.says_no_data(t) {
            return false;
        }
    }
    let (c0, t0) = texts[0];
    // "合计" alone in the first column is a (blank) total row, not a header
    if c0 == 0 && cat.is_total_name(t0) && texts.len() == 1 {
        return false;
    }
    if !first && texts.len() == 1 && c0 == 0 {
        let k = super::catalog::header_key(t0);
        if cat.label_for(&k).is_none() {
            return false;
        }
    }
    true
}

/// Find the header rows starting at `start` and build each column's header path.
pub fn detect(cat: &Catalog, view: &View, start: usize) -> Header {
    let mut start = start;
    while start < view.rows() && view.row_is_empty(start) {
        start += 1;
    }
    // a numbered section heading above the header ("一、政府采购情况" / "项目 行次 统计数")
    let mut pre_body = Vec::new();
    {
        let texts = view.row_texts(start);
        if texts.len() == 1 && has_numbering(texts[0].1) {
            let mut n = start + 1;
            while n < view.rows() && view.row_is_empty(n) {
                n += 1;
            }
            if n < view.rows()
                && view.row_texts(n).len() >= 2
                && is_header_like(cat, view, n, true)
                && view
                    .row_texts(n)
                    .iter()
                    .any(|(_, t)| cat.label_for(&super::catalog::header_key(t)).is_some())
            {
                pre_body.push(start);
                start = n;
            }
        }
    }
    let mut rows: Vec<usize> = Vec::new();
    let mut r = start;
    let mut body = start;
    while r < view.rows() && rows.len() < 4 {
        let texts = view.row_texts(r);
        if texts.is_empty() {
            r += 1;
            continue;
        }
        if is_column_number_row(cat, &texts) {
            r += 1;
            body = r;
            break;
        }
        if !is_header_like(cat, view, r, rows.is_empty()) {
            break;
        }
        rows.push(r);
        r += 1;
        body = r;
    }
    // a column-number row right after the header
    if body < view.rows() && is_column_number_row(cat, &view.row_texts(body)) {
        body += 1;
    }
    let mut h = build(view, start, body, &rows);
    h.pre_body = pre_body;
    h
}

fn build(view: &View, start: usize, body: usize, rows: &[usize]) -> Header {
    let cols = view.cols();
    let mut unit = None;
    // header texts per (header row, col), with unit cells blanked
    let mut grid: Vec<Vec<(Option<usize>, String)>> = Vec::new();
    for &r in rows {
        let mut line = Vec::with_capacity(cols);
        for c in 0..cols {
            let id = view.id(r, c);
            let mut t = view.text(r, c).to_string();
            if !t.is_empty()
                && let Some(u) = parse_unit_line(&t)
                && (fold(&t).starts_with("单位")
                    || fold(&t).starts_with("金额单位")
                    || fold(&t).starts_with('('))
            {
                unit = Some(u);
                t.clear();
            }
            line.push((id, t));
        }
        grid.push(line);
    }
    // fill a blank header cell from its left neighbour when a lower header row has text
    // under it (a merged cell that the reader could not see as merged)
    let n = grid.len();
    for i in 0..n {
        for c in 1..cols {
            if grid[i][c].1.is_empty()
                && !grid[i][c - 1].1.is_empty()
                && (i + 1..n).any(|j| !grid[j][c].1.is_empty())
                && (i + 1..n)
                    .any(|j| !grid[j][c - 1].1.is_empty() || grid[j][c - 1].0 == grid[i][c - 1].0)
            {
                grid[i][c] = grid[i][c - 1].clone();
            }
        }
    }
    let mut paths = vec![Vec::new(); cols];
    let mut words = Vec::new();
    for (c, path) in paths.iter_mut().enumerate() {
        let mut last_id: Option<usize> = None;
        let mut last_text = String::new();
        for line in &grid {
            let (id, t) = &line[c];
            if t.is_empty() {
                continue;
            }
            if (id.is_some() && *id == last_id) || *t == last_text {
                continue;
            }
            last_id = *id;
            last_text = t.clone();
            path.push(t.clone());
            words.push(fold(t));
        }
    }
    Header {
        start,
        body,
        pre_body: Vec::new(),
        paths,
        unit,
        words,
    }
}

/// What a grid column is.
#[derive(Debug, Clone, PartialEq)]
pub enum Role {
    Code,
    Name,
    /// A second name column, kept in texts under this key.
    Name2(String),
    Line,
    Lei,
    Kuan,
    Xiang,
    Value,
    /// No header and nothing in it.
    Skip,
}

#[derive(Default)]
pub struct Stats {
    pub nonempty: usize,
    pub codes: usize,
    pub numbers: usize,
    pub texts: usize,
    pub small_ints: usize,
}

pub fn stats(view: &View, c: usize, rows: Range<usize>) -> Stats {
    let mut s = Stats::default();
    for r in rows {
        let t = view.anchor_text(r, c);
        if t.is_empty() {
            continue;
        }
        s.nonempty += 1;
        if normalize_code(t).is_some() {
            s.codes += 1;
        }
        match parse(t) {
            CellValue::Amount(d) => {
                s.numbers += 1;
                if d.fract().is_zero()
                    && d >= rust_decimal::Decimal::ZERO
                    && d <= rust_decimal::Decimal::from(200)
                    && !t.contains('.')
                {
                    s.small_ints += 1;
                }
            }
            CellValue::Percent(_) | CellValue::Error(_) | CellValue::NotApplicable => {
                s.numbers += 1
            }
            CellValue::Text(_) => s.texts += 1,
            CellValue::Empty => {}
        }
    }
    s
}

/// Roles of the columns in `cols` (one list of the grid).
pub fn roles(cat: &Catalog, view: &View, h: &Header, cols: Range<usize>) -> Vec<Role> {
    let body = h.body..view.rows();
    let mut out: Vec<Role> = Vec::new();
    for c in cols.clone() {
        let path = &h.paths[c];
        let role = match path.last() {
            Some(last) => match cat.label_for(&super::catalog::header_key(last)) {
                Some(l) => match l.role {
                    LabelRole::Code => Role::Code,
                    LabelRole::Name => Role::Name,
                    LabelRole::Name2 => Role::Name2(l.text_key.clone().unwrap_or("name2".into())),
                    LabelRole::Line => Role::Line,
                    LabelRole::Lei => Role::Lei,
                    LabelRole::Kuan => Role::Kuan,
                    LabelRole::Xiang => Role::Xiang,
                },
                None => Role::Value,
            },
            None => {
                let s = stats(view, c, body.clone());
                if s.nonempty == 0 {
                    Role::Skip
                } else if s.codes * 2 > s.nonempty {
                    Role::Code
                } else if s.texts * 2 > s.nonempty && s.numbers == 0 {
                    Role::Name
                } else {
                    Role::Value
                }
            }
        };
        out.push(role);
    }
    // a "项目" column that holds codes is the code column; the name is to its right
    for i in 0..out.len() {
        if out[i] == Role::Name {
            let s = stats(view, cols.start + i, body.clone());
            if s.nonempty > 0 && s.codes * 2 > s.nonempty && !out.contains(&Role::Code) {
                out[i] = Role::Code;
                if let Some(next) = out.get_mut(i + 1)
                    && matches!(next, Role::Skip | Role::Value)
                    && h.paths[cols.start + i + 1]
                        .last()
                        .is_none_or(|l| cat.column_for(&super::catalog::header_key(l)).is_none())
                {
                    *next = Role::Name;
                }
            }
        }
    }
    // "行次" printed under a value header is still a line column when it holds 1, 2, 3…
    out
}

/// A value column of one list.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueCol {
    pub col: usize,
    pub key: String,
    /// Header path as printed, '/'-joined.
    pub header: String,
    /// "元" (amount, converted), "%", "score", "count", "text".
    pub unit: String,
    /// Unit printed in the header ("(万元)"), overriding the table's.
    pub own_unit: Option<Unit>,
}

/// The value columns of one list with their keys (unique within the list).
pub fn value_columns(
    cat: &Catalog,
    h: &Header,
    roles: &[Role],
    cols: Range<usize>,
) -> Vec<ValueCol> {
    let mut out: Vec<ValueCol> = Vec::new();
    let mut keys_paths: Vec<Vec<String>> = Vec::new();
    for (i, c) in cols.clone().enumerate() {
        if roles[i] != Role::Value {
            continue;
        }
        let path = &h.paths[c];
        let segs: Vec<String> = path.iter().map(|s| super::catalog::header_key(s)).collect();
        let mut own_unit = None;
        for s in path {
            if let (_, Some(u)) = split_header_unit(s) {
                own_unit = Some(u);
            }
        }
        let n = out.len() + 1;
        let key = column_key(cat, &segs).unwrap_or_else(|| format!("col{n}"));
        let folded_path = segs.join("/");
        let unit = cat.column_unit(&folded_path).to_string();
        out.push(ValueCol {
            col: c,
            key,
            header: path.join("/"),
            unit,
            own_unit,
        });
        keys_paths.push(segs);
    }
    // make keys unique: prefix with the first segment that differs
    let mut i = 0;
    while i < out.len() {
        let dups: Vec<usize> = (0..out.len())
            .filter(|&j| out[j].key == out[i].key)
            .collect();
        if dups.len() > 1 {
            let base = out[i].key.clone();
            let mut new_keys = Vec::new();
            for &j in &dups {
                let p = &keys_paths[j];
                let differs = (0..p.len()).find(|&s| {
                    dups.iter()
                        .any(|&k| k != j && keys_paths[k].get(s) != p.get(s))
                });
                let prefix = differs.and_then(|s| {
                    let seg = &p[s];
                    cat.prefix_for(seg)
                        .map(|x| x.to_string())
                        .or_else(|| cat.column_for(seg).map(|x| x.key.clone()))
                });
                new_keys.push(match prefix {
                    Some(pre) if pre != base => format!("{pre}.{base}"),
                    _ => base.clone(),
                });
            }
            // still equal: number them
            for (n, &j) in dups.iter().enumerate() {
                let k = new_keys[n].clone();
                let same = new_keys.iter().filter(|x| **x == k).count();
                out[j].key = if same > 1 && n > 0 {
                    format!("{k}_{}", n + 1)
                } else {
                    k
                };
            }
        }
        i += 1;
    }
    out
}

/// Key of a column from its folded header segments (last segment; 小计 under a header that
/// takes subtotals gets that header's key).
pub fn column_key(cat: &Catalog, segs: &[String]) -> Option<String> {
    let last = segs.last()?;
    let spec = cat.column_for(last);
    if spec.is_some_and(|s| s.key == "total") {
        for s in segs[..segs.len() - 1].iter().rev() {
            if let Some(p) = cat.column_for(s)
                && p.takes_subtotal
            {
                return Some(p.key.clone());
            }
        }
    }
    spec.map(|s| s.key.clone())
}
