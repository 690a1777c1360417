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

impl Header {
    /// The body rows of a grid of `rows` rows: those above the header, then all below it.
    pub fn body_rows(&self, rows: usize) -> Vec<usize> {
        self.pre_body
            .iter()
            .copied()
            .chain(self.body..rows)
            .collect()
    }
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
            // a narrow text in the first column is a title when a header row follows it;
            // over a row of amounts it is the tail of a name cut by the page break
            // ("险基金管理中心" over the next 采购 line)
            (span * 2 >= view.cols() || c > 0 || {
                let next = view.row_texts(r + 1);
                next.len() >= 2
                    && !next
                        .iter()
                        .any(|(_, t)| matches!(parse(t), CellValue::Amount(_)))
            }) && f.chars().count() >= 4
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
    // "甲 乙 1 2 …", "** 1 2 3 …" (杭州): markers of the label columns
    let letters = texts
        .iter()
        .filter(|(_, t)| {
            let f = fold(t);
            matches!(f.as_str(), "甲" | "乙" | "丙" | "丁")
                || (!f.is_empty() && f.chars().all(|c| c == '*' || c == '＊'))
        })
        .count();
    // one value column: "** 1" (杭州 表9, 项目支出 alone)
    (nums.len() >= 2 || (nums == [1] && letters >= 1))
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
    // "合计" alone in the first column, or alone under the header rows (in the 科目名称
    // column of an empty table), is a (blank) total row, not a header
    if (c0 == 0 || !first) && cat.is_total_name(t0) && texts.len() == 1 {
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
    // A column under a header we do not know is read by what it holds: subject codes make a
    // code column (部门经济科目编码…), never amounts.
    for (i, c) in cols.clone().enumerate() {
        let unknown = h.paths[c]
            .last()
            .is_some_and(|l| cat.column_for(&super::catalog::header_key(l)).is_none());
        if out[i] != Role::Value || !unknown {
            continue;
        }
        let s = stats(view, c, body.clone());
        if s.nonempty >= 2 && s.codes * 2 > s.nonempty && s.codes == s.numbers {
            out[i] = if out.contains(&Role::Code) {
                Role::Name2("code2".into())
            } else {
                Role::Code
            };
        }
    }
    // no name column at all: the first column of words under a header we do not know
    // ("支出项目类别（资金使用单位）") names the rows; beside a unit-name column only when it
    // prints more lines than the units (a unit over its rows 2025年 / 2026年 / 增减变化金额) or
    // the rows carry codes (subject rows with the unit repeated on each: the words beside the
    // code are the subject's name, the unit an attribute; a unit list without codes is named
    // by its units)
    let unit_lines = cols
        .clone()
        .zip(&out)
        .find(|(_, r)| **r == Role::Name2("unit_name".into()))
        .map(|(c, _)| stats(view, c, body.clone()).nonempty);
    let has_code = out.contains(&Role::Code);
    if !out.iter().any(|r| matches!(r, Role::Name)) {
        for (i, c) in cols.clone().enumerate() {
            if out[i] != Role::Value {
                continue;
            }
            let unknown = h.paths[c]
                .last()
                .is_some_and(|l| cat.column_for(&super::catalog::header_key(l)).is_none());
            let s = stats(view, c, body.clone());
            if unknown
                && s.nonempty >= 2
                && s.texts * 2 > s.nonempty
                && s.numbers * 4 <= s.nonempty
                && (has_code || unit_lines.is_none_or(|u| s.nonempty > u))
            {
                out[i] = Role::Name;
            }
            break;
        }
    }
    // a unit-name column (部门名称, 预算单位) names the rows when nothing else does (深汕 三公:
    // 预算单位 | 年度 … names its rows 2025年 / 2026年 by the 年度 words, the unit in texts)
    if !out.iter().any(|r| matches!(r, Role::Name | Role::Code)) {
        for r in out.iter_mut() {
            if *r == Role::Name2("unit_name".into()) {
                *r = Role::Name;
                break;
            }
        }
    }
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
    // columns that are the subtotal of a header group
    let mut subtotals: Vec<usize> = Vec::new();
    let value_cols: Vec<usize> = cols
        .clone()
        .enumerate()
        .filter(|(i, _)| roles[*i] == Role::Value)
        .map(|(_, c)| c)
        .collect();
    let value_paths = of_which_paths(
        value_cols
            .iter()
            .map(|&c| {
                h.paths[c]
                    .iter()
                    .map(|s| super::catalog::header_key(s))
                    .collect()
            })
            .collect(),
    );
    for (&c, segs) in value_cols.iter().zip(&value_paths) {
        let path = &h.paths[c];
        let segs = segs.clone();
        let mut own_unit = None;
        for s in path {
            if let (_, Some(u)) = split_header_unit(s) {
                own_unit = Some(u);
            }
        }
        let n = out.len() + 1;
        let key = column_key(cat, &segs).unwrap_or_else(|| format!("col{n}"));
        // a 合计/小计 under a group header is that group's subtotal, not the table's total
        let key = match (key.as_str(), subtotal_group(cat, &segs, &value_paths)) {
            ("total", Some(Group::Keyed(k))) => {
                subtotals.push(out.len());
                format!("{k}.total")
            }
            ("total", Some(Group::Unknown)) => {
                subtotals.push(out.len());
                format!("col{n}")
            }
            _ => key,
        };
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
            let differing: Vec<Option<usize>> = dups
                .iter()
                .map(|&j| {
                    let p = &keys_paths[j];
                    (0..p.len()).find(|&s| {
                        dups.iter()
                            .any(|&k| k != j && keys_paths[k].get(s) != p.get(s))
                    })
                })
                .collect();
            // periods side by side (2021年 | 2022年 | 增减变化情况): the latest year's columns
            // are the table's own, earlier years' are prior_year.…
            let years: Vec<Option<u32>> = dups
                .iter()
                .zip(&differing)
                .map(|(&j, d)| d.and_then(|s| year_of_segment(&keys_paths[j][s])))
                .collect();
            let latest = years.iter().flatten().max().copied();
            let mut new_keys = Vec::new();
            for (n, &j) in dups.iter().enumerate() {
                let p = &keys_paths[j];
                let prefix = differing[n].and_then(|s| {
                    let seg = &p[s];
                    if let Some(y) = years[n] {
                        return (Some(y) != latest).then(|| "prior_year".to_string());
                    }
                    cat.prefix_for(seg)
                        .map(|x| x.to_string())
                        .or_else(|| cat.column_for(seg).map(|x| x.key.clone()))
                });
                new_keys.push(match prefix {
                    Some(pre) if pre != base => format!("{pre}.{base}"),
                    _ => base.clone(),
                });
            }
            // still equal within one group (公务用车购置及运行维护费 over 小计 | 公务用车购置费 |
            // 公务用车运行维护费, each over 一般公共预算 …): the segment that tells the group's
            // columns apart names them; its 小计 keeps the group's key
            for n in 0..dups.len() {
                let same: Vec<usize> = (0..dups.len())
                    .filter(|&m| new_keys[m] == new_keys[n])
                    .collect();
                if same.len() < 2 || same[0] != n {
                    continue;
                }
                let paths: Vec<&Vec<String>> = same.iter().map(|&m| &keys_paths[dups[m]]).collect();
                let Some(d) = (0..paths[0].len())
                    .find(|&d| paths.iter().any(|p| p.get(d) != paths[0].get(d)))
                else {
                    continue;
                };
                let renamed: Vec<Option<String>> = paths
                    .iter()
                    .map(|p| {
                        let spec = cat.column_for(p.get(d)?)?;
                        Some(if spec.key == "total" {
                            new_keys[n].clone()
                        } else {
                            format!("{}.{base}", spec.key)
                        })
                    })
                    .collect();
                let distinct: std::collections::HashSet<&String> =
                    renamed.iter().flatten().collect();
                if renamed.iter().all(Option::is_some) && distinct.len() == same.len() {
                    for (&m, k) in same.iter().zip(renamed) {
                        new_keys[m] = k.unwrap();
                    }
                }
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
    // A prefix belongs to the header group, not to one column: when 本年收入/一般公共预算
    // became income_this_year.general_budget, 本年收入/事业收入 is income_this_year.operation_income
    // too, so that each group's columns are checked together.
    for i in 0..out.len() {
        let Some((group, base)) = out[i].key.split_once('.') else {
            continue;
        };
        if base == "total" {
            continue;
        }
        let group = group.to_string();
        let p = &keys_paths[i];
        let Some(d) = (0..p.len().saturating_sub(1)).find(|&d| {
            cat.prefix_for(&p[d]) == Some(group.as_str())
                || cat.column_for(&p[d]).is_some_and(|s| s.key == group)
        }) else {
            continue;
        };
        for j in 0..out.len() {
            if j != i
                && !out[j].key.contains('.')
                && !out[j].key.starts_with("col")
                && out[j].key != group
                && keys_paths[j].len() > d + 1
                && keys_paths[j][..=d] == p[..=d]
            {
                let k = format!("{group}.{}", out[j].key);
                if !out.iter().any(|o| o.key == k) {
                    out[j].key = k;
                }
            }
        }
    }
    // Columns under 其中 beside the parts themselves (北京 支出总表: 合计 | 基本支出 | 项目支出 |
    // 其中/事业单位经营支出 …) are "of which" amounts inside the parts, not more parts. When the
    // 其中 header holds all the parts (合计 | 其中：基本支出 | 项目支出) they are the parts.
    let of_which = |p: &Vec<String>| {
        p[..p.len().saturating_sub(1)]
            .iter()
            .any(|s| s.starts_with("其中"))
    };
    let parts_outside = out.iter().zip(&keys_paths).any(|(o, p)| {
        !of_which(p) && !matches!(o.key.as_str(), "total" | "amount") && !o.key.starts_with("col")
    });
    if parts_outside {
        for (o, p) in out.iter_mut().zip(&keys_paths) {
            if of_which(p) && !o.key.contains('.') && !o.key.starts_with("col") {
                o.key = format!("of_which.{}", o.key);
            }
        }
    }
    // A table without a total of its own: its first group subtotal whose members stand
    // unprefixed is its total (本年收入/合计 beside 上年结转; 本年支出/小计 beside 年初结转和结余).
    if !out
        .iter()
        .enumerate()
        .any(|(i, o)| !subtotals.contains(&i) && (o.key == "total" || o.key.ends_with(".total")))
        && let Some(&i) = subtotals.iter().find(|&&i| {
            let k = &out[i].key;
            let group = k.strip_suffix(".total").unwrap_or("");
            group.is_empty()
                || !out
                    .iter()
                    .any(|o| o.key.starts_with(&format!("{group}.")) && o.key != *k)
        })
    {
        out[i].key = "total".into();
    }
    // A group's subtotal ("基本支出/小计", "本年收入/小计") is the group's own column in the
    // table (basic, income_this_year): total = basic + project; the validator takes it as the
    // total of the group's members (basic = personnel + public_funds).
    for i in 0..out.len() {
        let Some(group) = out[i].key.strip_suffix(".total").map(str::to_string) else {
            continue;
        };
        if !cat.prefixes.iter().any(|x| x.key == group)
            && !group.contains('.')
            && group != "amount"
            && !out.iter().any(|o| o.key == group)
        {
            out[i].key = group;
        }
    }
    out
}

/// Folded header paths with a glued "其中：" read as the header it stands for. "小计 |
/// 其中：基本支出 | 项目支出" (广州 一般公共预算支出情况表) prints in one cell what others print as
/// a 其中 header over the columns that follow it: the first column becomes
/// [.., 其中, 基本支出] and so do the columns after it under the same parent, up to the
/// parent's end, so that the 其中 rules below see the same paths either way.
fn of_which_paths(mut paths: Vec<Vec<String>>) -> Vec<Vec<String>> {
    let mut i = 0;
    while i < paths.len() {
        let Some(rest) = paths[i].last().and_then(|l| {
            l.strip_prefix("其中")
                .map(|r| r.trim_start_matches([':', '：', ',', '，']))
                .filter(|r| !r.is_empty())
                .map(str::to_string)
        }) else {
            i += 1;
            continue;
        };
        let parent: Vec<String> = paths[i][..paths[i].len() - 1].to_vec();
        let n = paths[i].len();
        paths[i][n - 1] = rest;
        let mut j = i;
        while j < paths.len()
            && paths[j].len() == parent.len() + 1
            && paths[j][..parent.len()] == parent[..]
        {
            paths[j].insert(parent.len(), "其中".into());
            j += 1;
        }
        i = j.max(i + 1);
    }
    paths
}

/// The year a header segment names as a period ("2021年", "2022年度", "2026年预算数").
/// The period a header segment names: a year ("2021年", "2022年预算数"), or a year named
/// relative to the table's own (西安 公安 三公: "上年" | "当年" | 增减变化情况): 上年 as 1,
/// 当年 / 本年 as 2, so that the later period is the table's own either way.
fn year_of_segment(seg: &str) -> Option<u32> {
    static YEAR_SEG: once_cell::sync::Lazy<regex::Regex> = once_cell::sync::Lazy::new(|| {
        regex::Regex::new(r"^((?:19|20)\d{2}|上|当|本)年度?(?:预算数?|决算数?|执行数?)?$").unwrap()
    });
    YEAR_SEG.captures(seg).and_then(|c| match &c[1] {
        "上" => Some(1),
        "当" | "本" => Some(2),
        y => y.parse().ok(),
    })
}

/// The header group a 合计/小计 column sits in.
#[derive(Debug, PartialEq)]
enum Group {
    /// A header with a column key (基本支出, 财政拨款, 本年收入): its subtotal.
    Keyed(String),
    /// A header that names no amount we know and spans only part of the table
    /// (2026年政府采购项目/小计): a subtotal of something else, never the table's total.
    Unknown,
}

/// For a column whose last segment is 合计/小计/总计: the group header above it, when that
/// header is a real group. Headers that span every value column (预算数/合计, 2026年/合计),
/// period and prefix headers (预算数/决算数/2025年), label headers and context lines printed
/// above the header are no group: there the 合计 is the table's total.
fn subtotal_group(cat: &Catalog, segs: &[String], value_paths: &[Vec<String>]) -> Option<Group> {
    for d in (0..segs.len().saturating_sub(1)).rev() {
        let seg = &segs[d];
        if seg.is_empty() || cat.label_for(seg).is_some() || cat.prefix_for(seg).is_some() {
            continue;
        }
        if seg.contains(':') || seg.starts_with("其中") {
            continue;
        }
        let spans_all = value_paths
            .iter()
            .all(|p| p.len() > d && p[..=d] == segs[..=d]);
        if let Some(spec) = cat.column_for(seg) {
            if matches!(spec.key.as_str(), "total" | "amount") || spans_all {
                continue;
            }
            return Some(Group::Keyed(spec.key.clone()));
        }
        if spans_all {
            continue;
        }
        return Some(Group::Unknown);
    }
    None
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::find::catalog::catalog;
    use crate::model::{Cell, Grid, Origin};

    /// A grid from (row, col, row_span, col_span, text).
    pub(crate) fn grid(cells: &[(u32, u32, u32, u32, &str)]) -> Grid {
        let mut g = Grid {
            rows: 0,
            cols: 0,
            cells: Vec::new(),
            origin: Origin::page(1),
        };
        for &(r, c, rs, cs, t) in cells {
            g.rows = g.rows.max(r + rs);
            g.cols = g.cols.max(c + cs);
            let mut cell = Cell::new(r, c, t, Origin::page(1));
            cell.row_span = rs;
            cell.col_span = cs;
            g.cells.push(cell);
        }
        g.cells.sort_by_key(|c| (c.row, c.col));
        g
    }

    fn keys(g: &Grid) -> Vec<String> {
        let cat = catalog();
        let view = View::new(g);
        let h = detect(cat, &view, 0);
        let r = roles(cat, &view, &h, 0..view.cols());
        value_columns(cat, &h, &r, 0..view.cols())
            .into_iter()
            .map(|v| v.key)
            .collect()
    }

    #[test]
    fn columns_grouped_by_category_over_fund_types_are_keyed_by_both() {
        // 深圳 三公: 总计 | 因公出国(境)费 | 公务用车购置及运行维护费 (小计 | 公务用车购置费 |
        // 公务用车运行维护费), each over 一般公共预算 | 政府性基金预算
        let mut cells = vec![(0, 0, 3, 1, "项目")];
        let tops = [(1, 0, 3, "总计"), (3, 0, 3, "因公出国(境)费")];
        for (c, _, _, t) in tops {
            cells.push((0, c, 2, 2, t));
        }
        cells.push((0, 5, 1, 6, "公务用车购置及运行维护费"));
        cells.push((1, 5, 1, 2, "小计"));
        cells.push((1, 7, 1, 2, "公务用车购置费"));
        cells.push((1, 9, 1, 2, "公务用车运行维护费"));
        for c in (1..11).step_by(2) {
            cells.push((2, c, 1, 1, "一般公共预算"));
            cells.push((2, c + 1, 1, 1, "政府性基金预算"));
        }
        cells.push((3, 0, 1, 1, "2026年"));
        for c in 1..11 {
            cells.push((3, c, 1, 1, "1.00"));
        }
        let k = keys(&grid(&cells));
        assert_eq!(
            k,
            [
                "total.general_budget",
                "total.gov_fund",
                "abroad.general_budget",
                "abroad.gov_fund",
                "vehicles.general_budget",
                "vehicles.gov_fund",
                "vehicle_purchase.general_budget",
                "vehicle_purchase.gov_fund",
                "vehicle_operation.general_budget",
                "vehicle_operation.gov_fund",
            ]
        );
    }

    #[test]
    fn procurement_subtotal_is_not_the_total() {
        // 深圳 支出总表: 支出总计 is the total; 2026年政府采购项目/小计 is a subtotal of
        // something else and must not take the total's role.
        let g = grid(&[
            (0, 0, 2, 1, "科目编码"),
            (0, 1, 2, 1, "科目名称"),
            (0, 2, 2, 1, "支出总计"),
            (0, 3, 2, 1, "基本支出"),
            (0, 4, 2, 1, "项目支出"),
            (0, 5, 2, 1, "事业单位经营支出"),
            (0, 6, 1, 2, "2026年政府采购项目"),
            (1, 6, 1, 1, "小计"),
            (1, 7, 1, 1, "其中：预留给中小企业的项目资金规模"),
            (2, 0, 1, 1, "205"),
            (2, 1, 1, 1, "教育支出"),
            (2, 2, 1, 1, "13,184.10"),
            (2, 3, 1, 1, "10.00"),
            (2, 4, 1, 1, "13,174.10"),
            (2, 5, 1, 1, "0.00"),
            (2, 6, 1, 1, "341.82"),
            (2, 7, 1, 1, "0.00"),
        ]);
        let k = keys(&g);
        assert_eq!(
            k[..4],
            ["total", "basic", "project", "business_expenditure"]
        );
        let cat = catalog();
        assert!(is_column_number_row(
            cat,
            &[(0, "**"), (2, "1"), (3, "2"), (4, "3")]
        ));
        assert!(!is_column_number_row(
            cat,
            &[(0, "合计"), (2, "1"), (3, "2")]
        ));
        // one value column (杭州 表9 项目支出 alone), but a lone number is no marker row
        assert!(is_column_number_row(cat, &[(0, "**"), (1, "1")]));
        assert!(!is_column_number_row(cat, &[(0, "**"), (1, "2")]));
        assert!(!is_column_number_row(cat, &[(1, "1")]));
        assert_ne!(k[4], "total");
    }

    #[test]
    fn basic_subtotal_under_two_level_header() {
        // 合计 | 基本支出/小计 | 基本支出/人员经费 | 基本支出/公用经费 | 项目支出
        let g = grid(&[
            (0, 0, 2, 1, "科目编码"),
            (0, 1, 2, 1, "科目名称"),
            (0, 2, 2, 1, "合计"),
            (0, 3, 1, 3, "基本支出"),
            (1, 3, 1, 1, "小计"),
            (1, 4, 1, 1, "人员支出"),
            (1, 5, 1, 1, "日常公用支出"),
            (0, 6, 2, 1, "项目支出"),
            (2, 0, 1, 1, "205"),
            (2, 1, 1, 1, "教育支出"),
            (2, 2, 1, 1, "16.00"),
            (2, 3, 1, 1, "1.50"),
            (2, 4, 1, 1, "1.00"),
            (2, 5, 1, 1, "0.50"),
            (2, 6, 1, 1, "14.50"),
        ]);
        assert_eq!(
            keys(&g),
            ["total", "basic", "personnel", "public_funds", "project"]
        );
    }

    #[test]
    fn of_which_columns_beside_the_parts_are_not_parts() {
        // 北京 支出总表: 合计 | 基本支出 | 项目支出 | 其中/事业单位经营支出 | 其中/上缴上级支出
        let g = grid(&[
            (0, 0, 2, 1, "科目名称"),
            (0, 1, 2, 1, "合计"),
            (0, 2, 2, 1, "基本支出"),
            (0, 3, 2, 1, "项目支出"),
            (0, 4, 1, 2, "其中"),
            (1, 4, 1, 1, "事业单位经营支出"),
            (1, 5, 1, 1, "上缴上级支出"),
            (2, 0, 1, 1, "办公费"),
            (2, 1, 1, 1, "964.67"),
            (2, 2, 1, 1, "318.26"),
            (2, 3, 1, 1, "646.41"),
            (2, 4, 1, 1, "636.26"),
            (2, 5, 1, 1, ""),
        ]);
        assert_eq!(
            keys(&g),
            [
                "total",
                "basic",
                "project",
                "of_which.business_expenditure",
                "of_which.remit_to_superior"
            ]
        );
        // 合计 | 其中：基本支出 | 项目支出: here the 其中 columns are the parts
        let g = grid(&[
            (0, 0, 2, 1, "科目名称"),
            (0, 1, 2, 1, "合计"),
            (0, 2, 1, 2, "其中："),
            (1, 2, 1, 1, "基本支出"),
            (1, 3, 1, 1, "项目支出"),
            (2, 0, 1, 1, "办公费"),
            (2, 1, 1, 1, "3.00"),
            (2, 2, 1, 1, "1.00"),
            (2, 3, 1, 1, "2.00"),
        ]);
        assert_eq!(keys(&g), ["total", "basic", "project"]);
        // the same with 其中 glued to the first part (广州 一般公共预算支出情况表)
        let g = grid(&[
            (0, 0, 2, 1, "功能科目名称"),
            (0, 1, 1, 3, "一般公共预算支出"),
            (1, 1, 1, 1, "小计"),
            (1, 2, 1, 1, "其中：基本支出"),
            (1, 3, 1, 1, "项目支出"),
            (2, 0, 1, 1, "合计"),
            (2, 1, 1, 1, "3.00"),
            (2, 2, 1, 1, "1.00"),
            (2, 3, 1, 1, "2.00"),
        ]);
        assert_eq!(keys(&g), ["total", "basic", "project"]);
        // glued 其中 after the parts: still "of which" (合计 | 基本支出 | 项目支出 | 其中：经营支出)
        let g = grid(&[
            (0, 0, 1, 1, "科目名称"),
            (0, 1, 1, 1, "合计"),
            (0, 2, 1, 1, "基本支出"),
            (0, 3, 1, 1, "项目支出"),
            (0, 4, 1, 1, "其中：事业单位经营支出"),
            (1, 0, 1, 1, "合计"),
            (1, 1, 1, 1, "3.00"),
            (1, 2, 1, 1, "1.00"),
            (1, 3, 1, 1, "2.00"),
            (1, 4, 1, 1, "1.00"),
        ]);
        assert_eq!(
            keys(&g),
            ["total", "basic", "project", "of_which.business_expenditure"]
        );
    }

    #[test]
    fn total_under_a_header_spanning_every_column() {
        // 本年一般公共预算基本支出/合计 spans the whole table: it is the table's total
        let g = grid(&[
            (0, 0, 2, 1, "科目编码"),
            (0, 1, 2, 1, "科目名称"),
            (0, 2, 1, 3, "本年一般公共预算基本支出"),
            (1, 2, 1, 1, "合计"),
            (1, 3, 1, 1, "人员经费"),
            (1, 4, 1, 1, "公用经费"),
            (2, 0, 1, 1, "301"),
            (2, 1, 1, 1, "工资福利支出"),
            (2, 2, 1, 1, "10.00"),
            (2, 3, 1, 1, "10.00"),
            (2, 4, 1, 1, ""),
        ]);
        assert_eq!(keys(&g), ["total", "personnel", "public_funds"]);
    }
}
