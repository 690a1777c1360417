//! Body rows of one list → [`Row`]s: code, name, level, parent, 行次, values in 元 (or the
//! column's own unit), printed texts, origin. Wrapped names are joined; footnotes, repeated
//! headers and empty template lines are not rows.

use indexmap::IndexMap;
use rust_decimal::Decimal;

use super::catalog::Catalog;
use super::header::{Role, ValueCol};
use super::view::View;
use crate::normalize::code::{
    complete_partial, in_classification, join_parts, level, normalize_code, parent, split_code_name,
};
use crate::normalize::name::{fold, has_numbering, join_wrapped, match_key};
use crate::normalize::number::{CellValue, first_number, parse};
use crate::normalize::unit::{Unit, to_yuan};
use crate::record::{Problem, Row};

/// The columns of one list in a grid.
#[derive(Debug, Clone, Default)]
pub struct ListCols {
    /// First grid column of the list (a merged label cell anchored left of it belongs to an
    /// earlier list).
    pub first_col: usize,
    pub code: Option<usize>,
    pub names: Vec<usize>,
    /// Further label columns kept in the row's texts (政府经济科目名称, 单位代码…).
    pub name2: Vec<(usize, String)>,
    pub line: Option<usize>,
    pub lei: Option<usize>,
    pub kuan: Option<usize>,
    pub xiang: Option<usize>,
    pub values: Vec<ValueCol>,
}

impl ListCols {
    pub fn from_roles(roles: &[Role], first_col: usize, values: Vec<ValueCol>) -> ListCols {
        let mut l = ListCols {
            first_col,
            values,
            ..Default::default()
        };
        for (i, r) in roles.iter().enumerate() {
            let c = first_col + i;
            match r {
                Role::Code if l.code.is_none() => l.code = Some(c),
                Role::Code | Role::Name => l.names.push(c),
                Role::Name2(k) => l.name2.push((c, k.clone())),
                Role::Line if l.line.is_none() => l.line = Some(c),
                // a second 类/款/项 group (政府预算经济分类 beside 部门预算经济分类, 烟台
                // 公开表6) is not the row's code: the first group is
                Role::Lei if l.lei.is_none() && l.kuan.is_none() => l.lei = Some(c),
                Role::Kuan if l.kuan.is_none() && l.xiang.is_none() => l.kuan = Some(c),
                Role::Xiang if l.xiang.is_none() => l.xiang = Some(c),
                _ => {}
            }
        }
        l
    }

    pub fn label_cols(&self) -> Vec<usize> {
        let mut v: Vec<usize> = self
            .code
            .into_iter()
            .chain(self.names.iter().copied())
            .collect();
        v.sort();
        v
    }
}

/// Row settings that come from the table, not the grid.
pub struct RowCtx<'a> {
    pub cat: &'a Catalog,
    /// The table's unit (None: amounts are taken as printed).
    pub unit: Option<&'a Unit>,
    /// Where problems are reported ("final.income" etc.).
    pub table: &'a str,
    /// Rows whose name holds one of these start a section of counts (not money).
    pub count_sections: &'a [String],
    /// Header words of the table (a row made only of these is a repeated header).
    pub header_words: &'a [String],
    /// Join names wrapped over two grid rows (PDF grids; a spreadsheet or Word cell holds
    /// its whole text).
    pub wrapped_names: bool,
}

/// In a list with 行次, a numbered name-only row without 行次 ("一、政府采购情况") is a
/// section heading: not a row; the rows under it carry it in `texts["section"]`.
fn sections(rows: &mut Vec<Draft>) {
    let mut section: Option<String> = None;
    let mut out = Vec::with_capacity(rows.len());
    for mut d in rows.drain(..) {
        let r = &d.row;
        if r.code.is_none()
            && r.line.is_none()
            && !d.has_values
            && r.texts.iter().all(|(k, _)| k == "value_unit")
            && has_numbering(&r.name)
        {
            section = Some(r.name.clone());
            continue;
        }
        if let Some(s) = &section {
            d.row.texts.insert("section".into(), s.clone());
        }
        out.push(d);
    }
    *rows = out;
}

/// A row plus what the joining of wrapped names needs to know.
#[derive(Debug, Clone)]
pub struct Draft {
    pub row: Row,
    pub grid_row: usize,
    pub has_values: bool,
}

/// Outcome of reading body rows.
#[derive(Debug, Default)]
pub struct BodyRows {
    pub rows: Vec<Draft>,
    pub no_data: bool,
    pub problems: Vec<Problem>,
}

/// Read rows `rows` of the grid as one list. `prev_code`: the last code of the same list on
/// the page before (a table continued over a page break), so that a first row printing only
/// its own part of the code (项 "99" under 款 21011 of the page before) gets its full code.
pub fn read_rows(
    ctx: &RowCtx,
    view: &View,
    cols: &ListCols,
    rows: &[usize],
    prev_code: Option<&str>,
) -> BodyRows {
    let mut out = BodyRows::default();
    let mut in_counts = false;
    let mut codes = CodeState::default();
    if let Some(k) = prev_code {
        codes.saw(k);
    }
    for &r in rows {
        let texts = view.row_texts(r);
        if texts.is_empty() {
            continue;
        }
        // footnotes, "本表无数据"
        let first = texts[0].1;
        if ctx.cat.is_note(first) {
            if texts.iter().any(|(_, t)| ctx.cat.says_no_data(t)) {
                out.no_data = true;
            }
            continue;
        }
        if texts
            .iter()
            .any(|(_, t)| ctx.cat.says_no_data(t) && fold(t).chars().count() <= 20)
        {
            out.no_data = true;
            continue;
        }
        // a repeated header row; "合计" alone in a label column is the total row of an
        // empty table, even when 合计 is also a header word
        let lone_label = texts.len() == 1 && cols.label_cols().contains(&texts[0].0);
        let lone_total = lone_label && ctx.cat.is_total_name(first);
        // a name alone in its label column that is the header word of another column is a row
        // of that name (income row 政府性基金预算财政拨款 under an expenditure column so
        // headed), not a header repeated: the grid's own header above does not print it
        // there
        let lone_name = lone_label
            && rows.first().is_some_and(|&b| {
                b > 0 && (0..b).all(|h| fold(view.text(h, texts[0].0)) != fold(first))
            });
        if !lone_total
            && !lone_name
            && !ctx.header_words.is_empty()
            && texts
                .iter()
                .all(|(_, t)| ctx.header_words.contains(&fold(t)))
            && texts
                .iter()
                .all(|(_, t)| matches!(parse(t), CellValue::Text(_)))
        {
            continue;
        }
        let Some(d) = read_row(
            ctx,
            view,
            cols,
            r,
            &mut in_counts,
            &mut codes,
            &mut out.problems,
        ) else {
            continue;
        };
        out.rows.push(d);
    }
    if ctx.wrapped_names {
        join_wrapped_names(ctx.cat, &mut out.rows);
    }
    if cols.line.is_some() {
        sections(&mut out.rows);
    }
    // empty template lines: no code, no name, nothing in them
    out.rows.retain(|d| {
        d.row.code.is_some() || !d.row.name.is_empty() || d.has_values || !d.row.texts.is_empty()
    });
    out
}

/// The last 类 and 款 read, for rows that print only their own part of the code.
#[derive(Default)]
struct CodeState {
    lei: Option<String>,
    kuan: Option<String>,
    last_len: usize,
}

impl CodeState {
    fn saw(&mut self, code: &str) {
        if !code.chars().all(|c| c.is_ascii_digit()) {
            return;
        }
        if code.len() >= 3 {
            self.lei = Some(code[..3].to_string());
        }
        self.kuan = (code.len() >= 5).then(|| code[..5].to_string());
        self.last_len = code.len();
    }

    /// A 2-digit part: a 项 right under a 款, otherwise a 款 of the last 类.
    fn complete(&self, part: &str) -> Option<String> {
        let depth = if self.last_len == 5 { 2 } else { 1 };
        complete_partial(part, depth, self.lei.as_deref(), self.kuan.as_deref())
    }
}

#[allow(clippy::too_many_arguments)]
fn read_row(
    ctx: &RowCtx,
    view: &View,
    cols: &ListCols,
    r: usize,
    in_counts: &mut bool,
    codes: &mut CodeState,
    problems: &mut Vec<Problem>,
) -> Option<Draft> {
    // code and name
    let mut code: Option<String> = None;
    let mut name = String::new();
    let mut seen_ids: Vec<usize> = Vec::new();
    // text of a label cell, unless the cell is anchored in an earlier list
    let label = |c: usize| -> &str {
        match view.id(r, c) {
            Some(i) if (view.cell(i).col as usize) >= cols.first_col => view.text(r, c),
            _ => "",
        }
    };
    if let Some(c) = cols.code {
        let t = label(c);
        if let Some(id) = view.id(r, c) {
            seen_ids.push(id);
        }
        if let Some(k) = normalize_code(t) {
            code = Some(k);
        } else if let Some(k) = codes.complete(t) {
            // "10" in the code column under 类 201: 款 20110
            code = Some(k);
        } else {
            let (k, n) = split_code_name(t);
            code = k;
            name = n;
        }
    }
    if cols.lei.is_some() || cols.kuan.is_some() || cols.xiang.is_some() {
        let g = |c: Option<usize>| c.map(|c| view.text(r, c)).unwrap_or("");
        let blank = |c: Option<usize>| g(c).trim().is_empty();
        if let Some(k) = join_parts(g(cols.lei), g(cols.kuan), g(cols.xiang)) {
            code = Some(k);
        } else if let Some(k) = (blank(cols.lei) && blank(cols.xiang))
            .then(|| complete_partial(g(cols.kuan), 1, codes.lei.as_deref(), None))
            .flatten()
            .or_else(|| {
                (blank(cols.lei) && blank(cols.kuan))
                    .then(|| complete_partial(g(cols.xiang), 2, None, codes.kuan.as_deref()))
                    .flatten()
            })
        {
            // 类 "201", then 款 "40" alone in its column, then 项 "01"
            code = Some(k);
        } else if name.is_empty() {
            // "合计" printed across the 类款项 columns
            let t = g(cols.lei);
            if normalize_code(t).is_none() {
                name = t.to_string();
            }
        }
        for c in [cols.lei, cols.kuan, cols.xiang].into_iter().flatten() {
            if let Some(id) = view.id(r, c) {
                seen_ids.push(id);
            }
        }
    }
    for &c in &cols.names {
        let Some(id) = view.id(r, c) else { continue };
        if seen_ids.contains(&id) {
            continue;
        }
        seen_ids.push(id);
        let t = label(c);
        if t.is_empty() {
            continue;
        }
        if code.is_none() {
            let (k, n) = split_code_name(t);
            // In a list with no code column, digits before a name are a code only when they
            // fall in a classification: "12320卫生热线服务项目" among project names is a name
            // (广州卫健 p88), not 款 12320 of a 类 123 that no classification has.
            let coded_list = cols.code.is_some() || cols.lei.is_some();
            if k.as_deref()
                .is_some_and(|k| coded_list || in_classification(k))
            {
                code = k;
                name = join_wrapped(&name, &n);
                continue;
            }
        }
        name = join_wrapped(&name, t);
    }
    // "10人力资源事务" in a coded table: the 款 digits printed before the name
    if code.is_none() && (cols.code.is_some() || cols.lei.is_some()) {
        let digits: String = name.chars().take_while(|c| c.is_ascii_digit()).collect();
        let after = name[digits.len()..].chars().next();
        if digits.len() == 2
            && after
                .is_some_and(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) && c != '年' && c != '月')
            && let Some(k) = codes.complete(&digits)
        {
            code = Some(k);
            name = name[digits.len()..].trim().to_string();
        }
    }
    if let Some(k) = &code {
        codes.saw(k);
    }
    let mut texts: IndexMap<String, String> = IndexMap::new();
    for (c, key) in &cols.name2 {
        let t = view.text(r, *c);
        if !t.is_empty() {
            texts.insert(key.clone(), t.to_string());
        }
    }
    let line = cols
        .line
        .and_then(|c| fold(view.anchor_text(r, c)).parse::<u32>().ok());

    if !ctx.count_sections.is_empty() {
        let k = match_key(&name);
        if ctx.count_sections.iter().any(|w| k.contains(w.as_str())) {
            *in_counts = true;
        }
    }

    // values
    let where_ = view.row_where(r);
    let mut values: IndexMap<String, Option<Decimal>> = IndexMap::new();
    let mut has_values = false;
    for vc in &cols.values {
        let t = view.anchor_text(r, vc.col);
        let v = parse(t);
        let unit = if *in_counts {
            "count"
        } else {
            vc.unit.as_str()
        };
        let value = match (&v, unit) {
            (CellValue::Empty, _) => None,
            (CellValue::NotApplicable, _) => {
                texts.insert(vc.key.clone(), t.to_string());
                None
            }
            (CellValue::Error(e), _) => {
                texts.insert(vc.key.clone(), e.clone());
                problems.push(Problem::warning(
                    "cell_error",
                    format!(
                        "{} printed in table {} row \"{}\" column {}: value set to null",
                        e,
                        ctx.table,
                        if name.is_empty() {
                            code.clone().unwrap_or_default()
                        } else {
                            name.clone()
                        },
                        vc.key
                    ),
                    where_.clone(),
                ));
                None
            }
            (CellValue::Amount(d), "元") => {
                let u = vc.own_unit.as_ref().or(ctx.unit);
                Some(match u {
                    Some(u) => to_yuan(*d, u),
                    None => d.normalize(),
                })
            }
            (CellValue::Percent(_), "元") | (CellValue::Text(_), "元") => {
                texts.insert(vc.key.clone(), t.to_string());
                None
            }
            (CellValue::Amount(d), _) | (CellValue::Percent(d), _) => {
                texts.insert(vc.key.clone(), t.to_string());
                Some(d.normalize())
            }
            // words in a column of words ("A4黑白打印机" under 采购品目名称): no number
            (CellValue::Text(_), "text") => {
                texts.insert(vc.key.clone(), t.to_string());
                None
            }
            (CellValue::Text(s), _) => {
                texts.insert(vc.key.clone(), t.to_string());
                // a short indicator text has a value ("≥90%", "=63套", "3人/天"); a number
                // inside a paragraph (a 绩效目标 text: "…（2024-2026年）…", "12320电话渠道")
                // is none, the paragraph stays in texts
                let cjk = s
                    .chars()
                    .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
                    .count();
                (cjk <= 24)
                    .then(|| first_number(s))
                    .flatten()
                    .map(|d| d.normalize())
            }
        };
        if value.is_some() {
            has_values = true;
        }
        values.insert(vc.key.clone(), value);
    }
    if *in_counts {
        texts.insert("value_unit".into(), "count".into());
    }
    if code.is_none() && name.is_empty() && !has_values && texts.is_empty() {
        return None;
    }
    let lvl = code.as_deref().and_then(level).map(str::to_string);
    let par = code.as_deref().and_then(parent);
    Some(Draft {
        row: Row {
            code,
            name,
            level: lvl,
            parent: par,
            line,
            values,
            texts,
            origin: where_,
        },
        grid_row: r,
        has_values,
    })
}

/// A name-only row (no code, no 行次, no values) that continues the name of the row above.
fn is_fragment(cat: &Catalog, d: &Draft) -> bool {
    d.row.code.is_none()
        && d.row.line.is_none()
        && !d.has_values
        && d.row.texts.is_empty()
        && !d.row.name.is_empty()
        && !has_numbering(&d.row.name)
        && !is_known_line(cat, &d.row.name)
}

/// A name that stands on its own: a total, or a column / label word ("上年结转").
pub fn is_known_line(cat: &Catalog, name: &str) -> bool {
    let k = super::catalog::header_key(name);
    cat.is_total_name(name) || cat.column_for(&k).is_some() || cat.label_for(&k).is_some()
}

/// Join names wrapped over two grid rows.
pub fn join_wrapped_names(cat: &Catalog, rows: &mut Vec<Draft>) {
    let mut i = 1;
    while i < rows.len() {
        // two rows of one group (a merged group-name cell beside them, "其他资金" + "事业收入"
        // / "经营收入") start alike; a wrapped tail does not repeat its head's beginning
        let same_group = {
            let a: Vec<char> = rows[i - 1].row.name.chars().take(3).collect();
            let b: Vec<char> = rows[i].row.name.chars().take(3).collect();
            a.len() == 3 && a == b
        };
        let prev_ok = rows[i - 1].grid_row + 1 == rows[i].grid_row && !same_group;
        // the tail of a name, on the row below the one with the values
        if prev_ok
            && is_fragment(cat, &rows[i])
            && (rows[i - 1].row.code.is_some() || rows[i - 1].has_values)
            && !rows[i - 1].row.name.is_empty()
            && !is_known_line(cat, &rows[i - 1].row.name)
            && rows[i - 1].row.name.chars().count() >= 6
        {
            let tail = rows.remove(i);
            let joined = join_wrapped(&rows[i - 1].row.name, &tail.row.name);
            rows[i - 1].row.name = joined;
            continue;
        }
        // the head of a name with its code, the values on the row below
        if prev_ok
            && rows[i - 1].row.code.is_some()
            && !rows[i - 1].has_values
            && rows[i].row.code.is_none()
            && rows[i].row.line.is_none()
            && rows[i].has_values
            && !rows[i].row.name.is_empty()
            && !has_numbering(&rows[i].row.name)
            && !is_known_line(cat, &rows[i].row.name)
        {
            let tail = rows.remove(i);
            let p = &mut rows[i - 1];
            p.row.name = join_wrapped(&p.row.name, &tail.row.name);
            p.row.values = tail.row.values;
            for (k, v) in tail.row.texts {
                p.row.texts.insert(k, v);
            }
            p.has_values = true;
            continue;
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::find::catalog::catalog;
    use crate::find::header::{self, tests::grid};
    use crate::model::Grid;

    fn rows_of(g: &Grid) -> Vec<Row> {
        read_grid(g, false)
    }

    /// The body rows of a grid, skipping rows that repeat the header's words when asked.
    fn read_grid(g: &Grid, skip_header_words: bool) -> Vec<Row> {
        let cat = catalog();
        let view = View::new(g);
        let h = header::detect(cat, &view, 0);
        let roles = header::roles(cat, &view, &h, 0..view.cols());
        let values = header::value_columns(cat, &h, &roles, 0..view.cols());
        let cols = ListCols::from_roles(&roles, 0, values);
        let ctx = RowCtx {
            cat,
            unit: None,
            table: "t",
            count_sections: &[],
            header_words: if skip_header_words { &h.words } else { &[] },
            wrapped_names: false,
        };
        let body: Vec<usize> = (h.body..view.rows()).collect();
        read_rows(&ctx, &view, &cols, &body, None)
            .rows
            .into_iter()
            .map(|d| d.row)
            .collect()
    }

    #[test]
    fn a_lone_name_that_heads_another_column_is_a_row() {
        // 财政拨款收支总表: the income row 政府性基金预算财政拨款, blank, is named like an
        // expenditure column; a repeated 项目 alone in the name column is the header again
        let g = grid(&[
            (0, 0, 1, 1, "项目"),
            (0, 1, 1, 1, "一般公共预算财政拨款"),
            (0, 2, 1, 1, "政府性基金预算财政拨款"),
            (1, 0, 1, 1, "本年收入合计"),
            (1, 1, 1, 1, "5.00"),
            (1, 2, 1, 1, "1.00"),
            (2, 0, 1, 1, "政府性基金预算财政拨款"),
            (3, 0, 1, 1, "项目"),
            (4, 0, 1, 1, "总计"),
            (4, 1, 1, 1, "5.00"),
            (4, 2, 1, 1, "1.00"),
        ]);
        let names: Vec<String> = read_grid(&g, true).into_iter().map(|r| r.name).collect();
        assert_eq!(names, ["本年收入合计", "政府性基金预算财政拨款", "总计"]);
    }

    #[test]
    fn rows_printing_only_their_part_of_the_code() {
        // 烟台 公开表5: 科目编码 over 类 | 款 | 项; each row prints only its own digits
        let g = grid(&[
            (0, 0, 1, 3, "科目编码"),
            (1, 0, 1, 1, "类"),
            (1, 1, 1, 1, "款"),
            (1, 2, 1, 1, "项"),
            (0, 3, 2, 1, "科目名称"),
            (0, 4, 2, 1, "合计"),
            (2, 0, 1, 1, "201"),
            (2, 3, 1, 1, "一般公共服务支出"),
            (2, 4, 1, 1, "1,378.84"),
            (3, 1, 1, 1, "40"),
            (3, 3, 1, 1, "信访事务"),
            (3, 4, 1, 1, "1,378.84"),
            (4, 2, 1, 1, "01"),
            (4, 3, 1, 1, "行政运行"),
            (4, 4, 1, 1, "507.97"),
            (5, 2, 1, 1, "50"),
            (5, 3, 1, 1, "事业运行"),
            (5, 4, 1, 1, "346.87"),
            (6, 0, 1, 1, "205"),
            (6, 3, 1, 1, "教育支出"),
            (6, 4, 1, 1, "1.00"),
            (7, 1, 1, 1, "08"),
            (7, 3, 1, 1, "进修及培训"),
            (7, 4, 1, 1, "1.00"),
        ]);
        let codes: Vec<Option<String>> = rows_of(&g).into_iter().map(|r| r.code).collect();
        let want = ["201", "20140", "2014001", "2014050", "205", "20508"];
        assert_eq!(
            codes,
            want.iter().map(|c| Some(c.to_string())).collect::<Vec<_>>()
        );
    }

    #[test]
    fn kuan_digits_in_the_name_and_codes_with_a_dash() {
        // 西安: "10人力资源事务" between 201 and its 7-digit 项; 北京: "30101-基本工资"
        let g = grid(&[
            (0, 0, 1, 1, "科目编码"),
            (0, 1, 1, 1, "科目名称"),
            (0, 2, 1, 1, "合计"),
            (1, 0, 1, 1, "201"),
            (1, 1, 1, 1, "一般公共服务支出"),
            (1, 2, 1, 1, "56.52"),
            (2, 1, 1, 1, "10人力资源事务"),
            (2, 2, 1, 1, "56.52"),
            (3, 0, 1, 1, "2011007"),
            (3, 1, 1, 1, "博士后日常经费"),
            (3, 2, 1, 1, "7.00"),
            (4, 1, 1, 1, "30101-基本工资"),
            (4, 2, 1, 1, "1.00"),
        ]);
        let rows = rows_of(&g);
        assert_eq!(rows[1].code.as_deref(), Some("20110"));
        assert_eq!(rows[1].name, "人力资源事务");
        assert_eq!(rows[3].code.as_deref(), Some("30101"));
        assert_eq!(rows[3].name, "基本工资");
    }
}
