//! The catalog of standard tables and column words, loaded from `catalog/*.toml` (data, not
//! code): table kinds with their title aliases and header words, column keys with aliases.
//! Finding tables: standard tables located by title and confirmed by header words, turned into
//! normalized [`Table`]s; plus the report's metadata (kind, department, year, title).
//!
//! Input is the common document model only; nothing here knows which file format it came from.
//!
//! One job per file: [`title`] (title matching), [`header`] (header rows → paths, roles,
//! keys), [`grid_rows`] (body rows → rows), [`sides`] (two-sided grids, side-by-side lists),
//! [`continuation`] (multi-page tables), [`form`] (performance forms), [`meta`] (context
//! lines, report metadata), [`view`] (grid access).

pub mod catalog;
pub mod continuation;
pub mod form;
pub mod grid_rows;
pub mod header;
pub mod meta;
pub mod sides;
pub mod title;
pub mod view;

use catalog::{Catalog, Layout, catalog};
use grid_rows::{ListCols, RowCtx, read_rows};
use header::Header;
use view::View;

use crate::model::{Block, Document, Grid, Origin};
use crate::normalize::name::fold;
use crate::normalize::unit::{Unit, parse_unit_line};
use crate::record::{Column, Location, Problem, Report, Row, Side, Table};

/// What the finder extracts from one document.
#[derive(Debug, Default)]
pub struct Found {
    pub report: Report,
    pub tables: Vec<Table>,
    pub problems: Vec<Problem>,
}

/// One list of a grid: its columns and the table its rows go to.
struct ListPlan {
    cols: ListCols,
    /// Index into `Group::tables`.
    table: usize,
    /// Side-by-side group label (人员经费 / 公用经费), kept in row texts under "group".
    group: Option<String>,
    /// Order of the list within its table (side-by-side lists are concatenated in order).
    order: usize,
}

/// The tables made from one grid (and the grids that continue it).
struct Group {
    tables: Vec<Table>,
    /// Per table: the list order of each row (for side-by-side lists).
    row_order: Vec<Vec<usize>>,
    lists: Vec<ListPlan>,
    form: bool,
    /// What a performance form remembers for its continuation on the next page.
    form_state: Option<form::FormState>,
    toc: bool,
    /// The grid comes from a PDF page (names may wrap over two grid rows).
    pdf: bool,
    grid_cols: u32,
    header_words: Vec<String>,
    kind: String,
    unit: Option<Unit>,
    count_sections: Vec<String>,
}

struct Finder<'c> {
    cat: &'c Catalog,
    /// How often each (folded) text line occurs in the document: watermarks and running
    /// headers occur on every page.
    line_counts: std::collections::HashMap<String, usize>,
    groups: Vec<Group>,
    problems: Vec<Problem>,
}

/// Find every table in `doc`. `file_name` is used only as a fallback for report metadata
/// (and such fields are listed in `Report::from_file_name`).
pub fn find(doc: &Document, file_name: &str) -> Found {
    let cat = catalog();
    let mut line_counts = std::collections::HashMap::new();
    for t in doc.text_lines() {
        *line_counts.entry(fold(&t.text)).or_insert(0usize) += 1;
    }
    let mut f = Finder {
        cat,
        line_counts,
        groups: Vec::new(),
        problems: Vec::new(),
    };
    let mut pending: Vec<&str> = Vec::new();
    let mut grid_no = 0u32;
    for block in &doc.blocks {
        match block {
            Block::Text(t) => {
                if !t.text.trim().is_empty() {
                    pending.push(t.text.as_str());
                }
            }
            Block::Grid(g) => {
                f.trailing_lines(&pending);
                f.grid(g, &pending, grid_no);
                pending.clear();
                grid_no += 1;
            }
        }
    }
    f.trailing_lines(&pending);
    let mut tables = Vec::new();
    for g in f.groups {
        for (mut t, order) in g.tables.into_iter().zip(g.row_order) {
            if order.iter().any(|&o| o > 0) {
                let mut paired: Vec<(usize, Row)> = order.into_iter().zip(t.rows).collect();
                paired.sort_by_key(|(o, _)| *o);
                t.rows = paired.into_iter().map(|(_, r)| r).collect();
            }
            if t.no_data {
                t.rows.retain(|r| r.values.values().any(Option::is_some));
            }
            tables.push(t);
        }
    }
    let mut report = meta::report_meta(cat, doc, &tables, file_name);
    if report.department.is_none() || report.from_file_name.iter().any(|f| f == "department") {
        // a form's 单位名称 / 项目单位 / 主管部门 / 填报单位 field, when filled
        if let Some(d) = form::department(&tables) {
            report.department = Some(d);
            report.from_file_name.retain(|f| f != "department");
        }
    }
    Found {
        report,
        tables,
        problems: f.problems,
    }
}

fn location_of(o: &Origin, grid_no: u32) -> Location {
    if let Some(p) = o.page {
        Location::Pages { pages: vec![p] }
    } else if let Some(s) = &o.sheet {
        Location::Sheet { sheet: s.clone() }
    } else if let Some(t) = o.table_index {
        Location::TableIndex { table_index: t }
    } else {
        Location::TableIndex {
            table_index: grid_no,
        }
    }
}

fn is_pdf(o: &Origin) -> bool {
    o.page.is_some() && o.sheet.is_none() && o.table_index.is_none()
}

fn extend_location(loc: &mut Location, o: &Origin) {
    if let (Location::Pages { pages }, Some(p)) = (loc, o.page)
        && !pages.contains(&p)
    {
        pages.push(p);
    }
}

/// Is the grid a table of contents (titles with dot leaders / page numbers)?
fn is_toc_grid(view: &View) -> bool {
    let mut n = 0;
    let mut toc = 0;
    for r in 0..view.rows() {
        let texts = view.row_texts(r);
        if texts.is_empty() {
            continue;
        }
        n += 1;
        let leader = texts
            .iter()
            .any(|(_, t)| title::is_toc_line(t) && !t.trim().ends_with(char::is_numeric))
            || texts
                .iter()
                .any(|(_, t)| title::is_toc_line(t) && t.contains(".."));
        let title_page = texts.len() == 2
            && fold(texts[1].1).parse::<u32>().is_ok_and(|p| p < 1000)
            && matches!(
                crate::normalize::number::parse(texts[0].1),
                crate::normalize::number::CellValue::Text(_)
            );
        if leader || title_page {
            toc += 1;
        }
    }
    n > 0 && toc * 2 >= n
}

impl<'c> Finder<'c> {
    /// Lines after a grid: "本表无数据" before the next title marks the last table empty.
    fn trailing_lines(&mut self, lines: &[&str]) {
        let Some(g) = self.groups.last_mut() else {
            return;
        };
        for l in lines {
            if title::match_title(self.cat, l).is_some() {
                break;
            }
            if self.cat.says_no_data(l) && fold(l).chars().count() <= 30 {
                for t in &mut g.tables {
                    t.no_data = true;
                }
            }
        }
    }

    fn grid(&mut self, grid: &Grid, before: &[&str], grid_no: u32) {
        let cat = self.cat;
        let view = View::new(grid);
        if view.rows() == 0 || view.cols() == 0 {
            return;
        }
        let toc = is_toc_grid(&view);
        let ctx_rows = if toc {
            0
        } else {
            header::context_rows(cat, &view)
        };
        // context: the lines before the grid, then the grid's own title rows
        let mut context: Vec<String> = before.iter().map(|s| s.to_string()).collect();
        for r in 0..ctx_rows {
            for (_, t) in view.row_texts(r) {
                context.push(t.to_string());
            }
        }
        // the text of the first rows after the context, for confirming titles
        let mut head_text = String::new();
        for r in ctx_rows..(ctx_rows + 6).min(view.rows()) {
            for (_, t) in view.row_texts(r) {
                head_text.push_str(&fold(t));
                head_text.push('|');
            }
        }
        // title
        let mut best: Option<(i64, title::TitleHit)> = None;
        if !toc {
            let n = context.len();
            let mut candidates: Vec<&str> = context.iter().map(|s| s.as_str()).collect();
            if let Some(s) = &grid.origin.sheet {
                candidates.insert(0, s.as_str());
            }
            for (i, line) in candidates.iter().enumerate() {
                if let Some(hit) = title::match_title(cat, line) {
                    let hits = title::header_hits(cat, hit.table, &head_text) as i64;
                    let mut score = hit.strength as i64 * 2 + hits * 3;
                    if hits == 0 && !cat.tables[hit.table].headers.is_empty() {
                        score -= 6;
                    }
                    // nearer lines win ties
                    score = score * 100 + i as i64 - n as i64;
                    if best.as_ref().is_none_or(|(s, _)| score > *s) {
                        best = Some((score, hit));
                    }
                }
            }
        }
        let label = find_label(&context);
        let mut spec_idx = best.as_ref().map(|(_, h)| h.table);
        if spec_idx.is_none()
            && let Some(l) = &label
            && let Some(n) = title::final_label_number(l)
        {
            spec_idx = cat
                .tables
                .iter()
                .position(|t| t.report == "final_accounts" && t.label == Some(n));
        }

        // a performance form continued on the next page (its column layout may differ)
        if spec_idx.is_none()
            && !toc
            && let Some(prev) = self.groups.last()
            && form::continues_form(
                cat,
                prev.form,
                prev.tables.first().map(|t| &t.location),
                prev.grid_cols as usize,
                &grid.origin,
                before,
                &view,
                &|l| self.line_counts.get(l).is_some_and(|&n| n >= 2),
            )
        {
            self.continue_form(&view);
            return;
        }

        // continuation of the previous table
        if spec_idx.is_none()
            && let Some(prev) = self.groups.last()
            && prev.toc == toc
            && prev.grid_cols == grid.cols
            && continuation::lines_allow_continuation(cat, before, &|l| {
                self.line_counts.get(l).is_some_and(|&n| n >= 2)
            })
            && !continuation::has_own_title(cat, &view, ctx_rows)
        {
            self.continue_group(&view, ctx_rows);
            return;
        }

        let spec = spec_idx.map(|i| &cat.tables[i]);
        let kind = spec
            .map(|s| s.id.clone())
            .unwrap_or_else(|| "unknown".into());
        let title_text = match &best {
            Some((_, h)) => h.printed.clone(),
            None => {
                // nearest preceding line that is not department / unit / year
                context
                    .iter()
                    .rev()
                    .find(|l| {
                        meta::department_of_line(l).is_none()
                            && parse_unit_line(l).is_none()
                            && meta::year_of_line(l).is_none()
                            && title::label_of(l).is_none()
                            && !cat.is_note(l)
                            && !title::is_toc_line(l)
                            && !fold(l).contains(['。', '，', '；'])
                            && fold(l).chars().count() <= 60
                    })
                    .cloned()
                    .unwrap_or_default()
            }
        };
        let mut unit = context.iter().rev().find_map(|l| parse_unit_line(l));
        let layout = spec.map(|s| s.layout).unwrap_or_default();
        let location = location_of(&grid.origin, grid_no);
        let base = Table {
            kind: kind.clone(),
            title: title_text,
            label: label.clone(),
            side: None,
            unit: None,
            location,
            columns: Vec::new(),
            rows: Vec::new(),
            no_data: false,
        };

        if layout == Layout::Form {
            let mut t = base;
            let mut columns = Vec::new();
            let mut state = form::FormState::new(unit.clone());
            form::form_rows(
                cat,
                &view,
                ctx_rows,
                &kind,
                &mut state,
                &mut t.rows,
                &mut columns,
                &mut self.problems,
            );
            t.columns = columns;
            t.unit = unit
                .as_ref()
                .map(|u| u.name.clone())
                .or_else(|| state.seen_unit.clone());
            let n = t.rows.len();
            self.groups.push(Group {
                tables: vec![t],
                row_order: vec![vec![0; n]],
                lists: Vec::new(),
                form: true,
                form_state: Some(state),
                toc: false,
                pdf: is_pdf(&grid.origin),
                grid_cols: grid.cols,
                header_words: Vec::new(),
                kind,
                unit,
                count_sections: Vec::new(),
            });
            return;
        }

        let h: Header = header::detect(cat, &view, ctx_rows);
        if unit.is_none() {
            unit = h.unit.clone();
        }
        let roles = header::roles(cat, &view, &h, 0..view.cols());
        // the lists of the grid: (columns, side, list index within its table's sub-lists)
        let mut sides_: Vec<(std::ops::Range<usize>, Option<Side>)> = Vec::new();
        let numeric = |c: usize| {
            let st = header::stats(&view, c, h.body..view.rows());
            st.numbers > 0 && st.texts == 0
        };
        match layout {
            Layout::TwoSided => match sides::two_sided_split(&h, &roles, &numeric) {
                Some(s) => {
                    sides_.push((0..s, Some(sides::side_of(&h, 0, 0))));
                    sides_.push((s..view.cols(), Some(sides::side_of(&h, s, 1))));
                }
                None => sides_.push((0..view.cols(), None)),
            },
            _ => sides_.push((0..view.cols(), None)),
        }
        let mut tables: Vec<Table> = Vec::new();
        let mut lists = Vec::new();
        for (range, side) in sides_ {
            // side-by-side lists: the catalog says so, or a side holds several name lists
            let groups: Vec<std::ops::Range<usize>> =
                if layout == Layout::SideBySide || side.is_some() {
                    sides::side_by_side_groups(&roles[range.clone()])
                        .into_iter()
                        .map(|g| range.start + g.start..range.start + g.end)
                        .collect()
                } else {
                    vec![range.clone()]
                };
            let several = groups.len() > 1;
            let mut t = base.clone();
            t.side = side;
            t.unit = unit.as_ref().map(|u| u.name.clone());
            tables.push(t);
            let table_idx = tables.len() - 1;
            for (order, g) in groups.into_iter().enumerate() {
                let r = &roles[g.clone()];
                let mut values = header::value_columns(cat, &h, r, g.clone());
                // a value column that holds words, not numbers, is a text column
                for vc in &mut values {
                    if vc.unit == "元" {
                        let st = header::stats(&view, vc.col, h.body..view.rows());
                        if st.texts > st.numbers {
                            vc.unit = "text".into();
                        }
                    }
                }
                // the two halves of a two-sided grid: the side is in `side`, not in the header
                if side.is_some() {
                    let tops: Vec<Option<&String>> =
                        range.clone().map(|c| h.paths[c].first()).collect();
                    if tops[0].is_some() && tops.iter().all(|t| *t == tops[0]) {
                        let top = format!("{}/", tops[0].unwrap());
                        for vc in &mut values {
                            if let Some(rest) = vc.header.strip_prefix(&top) {
                                vc.header = rest.to_string();
                            }
                        }
                    }
                }
                let cols = ListCols::from_roles(r, g.start, values);
                // side-by-side lists share their columns: the distinct keys, header = last
                // segment
                for vc in &cols.values {
                    let t = &mut tables[table_idx];
                    if !t.columns.iter().any(|c| c.key == vc.key) {
                        let header = if several {
                            h.paths[vc.col].last().cloned().unwrap_or_default()
                        } else {
                            vc.header.clone()
                        };
                        t.columns.push(Column {
                            key: vc.key.clone(),
                            header,
                            unit: vc.unit.clone(),
                        });
                    }
                }
                let group = if several {
                    sides::group_label(cat, &h, g.start, usize::from(side.is_some()))
                } else {
                    None
                };
                lists.push(ListPlan {
                    cols,
                    table: table_idx,
                    group,
                    order,
                });
            }
        }
        // a table with amounts and no unit: say so
        if spec.is_some() && unit.is_none() {
            let has_amounts = lists.iter().any(|l| {
                l.cols
                    .values
                    .iter()
                    .any(|v| v.unit == "元" && v.own_unit.is_none())
            });
            if has_amounts {
                self.problems.push(Problem::warning(
                    "unit_missing",
                    format!("no unit printed for table {kind}; amounts taken as 元"),
                    view::where_of(&grid.origin, &grid.origin, 0),
                ));
            }
        }
        let n_tables = tables.len();
        let mut group = Group {
            tables,
            row_order: vec![Vec::new(); n_tables],
            lists,
            form: false,
            form_state: None,
            toc,
            pdf: is_pdf(&grid.origin),
            grid_cols: grid.cols,
            header_words: h.words.clone(),
            kind,
            unit,
            count_sections: spec.map(|s| s.count_sections.clone()).unwrap_or_default(),
        };
        let body: Vec<usize> = h
            .pre_body
            .iter()
            .copied()
            .chain(h.body..view.rows())
            .collect();
        self.read_body(&mut group, &view, body);
        self.groups.push(group);
    }

    fn read_body(&mut self, group: &mut Group, view: &View, body_rows: Vec<usize>) {
        let mut no_data = false;
        // (table, order, draft) of every list
        let mut drafts: Vec<(usize, usize, grid_rows::Draft)> = Vec::new();
        for list in &group.lists {
            let ctx = RowCtx {
                cat: self.cat,
                unit: group.unit.as_ref(),
                table: &group.kind,
                count_sections: &group.count_sections,
                header_words: &group.header_words,
                wrapped_names: group.pdf,
            };
            let body = read_rows(&ctx, view, &list.cols, &body_rows);
            no_data |= body.no_data;
            self.problems.extend(body.problems);
            for mut d in body.rows {
                if let Some(g) = &list.group {
                    d.row.texts.insert("group".into(), g.clone());
                }
                drafts.push((list.table, list.order, d));
            }
        }
        if group.lists.len() > group.tables.len() {
            attach_orphans(&mut drafts);
        }
        for (t, order, d) in drafts {
            group.tables[t].rows.push(d.row);
            group.row_order[t].push(order);
        }
        if no_data {
            for t in &mut group.tables {
                t.no_data = true;
            }
        }
    }

    /// A performance form continued on the next page: every row of the grid is body.
    fn continue_form(&mut self, view: &View) {
        if let Some(group) = self.groups.last_mut() {
            for t in &mut group.tables {
                extend_location(&mut t.location, &view.grid.origin);
            }
            group.grid_cols = view.grid.cols;
        }
        self.continue_form_from(view, 0);
    }

    fn continue_form_from(&mut self, view: &View, start: usize) {
        let Some(group) = self.groups.last_mut() else {
            return;
        };
        let state = group.form_state.get_or_insert_with(Default::default);
        let t = &mut group.tables[0];
        let before = t.rows.len();
        form::form_rows(
            self.cat,
            view,
            start,
            &group.kind,
            state,
            &mut t.rows,
            &mut t.columns,
            &mut self.problems,
        );
        if t.unit.is_none() {
            t.unit = state.seen_unit.clone();
        }
        let added = t.rows.len() - before;
        group.row_order[0].extend(std::iter::repeat_n(0, added));
    }

    fn continue_group(&mut self, view: &View, ctx_rows: usize) {
        let Some(mut group) = self.groups.pop() else {
            return;
        };
        let start = continuation::body_start(self.cat, view, ctx_rows, &group.header_words);
        for t in &mut group.tables {
            extend_location(&mut t.location, &view.grid.origin);
        }
        if group.form {
            self.groups.push(group);
            self.continue_form_from(view, start);
            return;
        }
        self.read_body(&mut group, view, (start..view.rows()).collect());
        self.groups.push(group);
    }
}

/// Side-by-side lists: a value printed in a later list's column of the same grid row, with
/// no code or name of its own (公用经费合计 … 99.05 across merged name cells), belongs to the
/// nearest earlier list's row of that grid row (same table) that has a name and no value.
fn attach_orphans(drafts: &mut Vec<(usize, usize, grid_rows::Draft)>) {
    use std::collections::HashMap;
    let mut by_row: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    for (i, (t, _, d)) in drafts.iter().enumerate() {
        by_row.entry((*t, d.grid_row)).or_default().push(i);
    }
    let mut remove = vec![false; drafts.len()];
    for i in 0..drafts.len() {
        let (table, order, d) = &drafts[i];
        if !(d.row.code.is_none() && d.row.name.is_empty() && d.has_values) {
            continue;
        }
        let (table, order) = (*table, *order);
        let Some(same) = by_row.get(&(table, d.grid_row)) else {
            continue;
        };
        let target = same.iter().rev().copied().find(|&j| {
            let (_, o, p) = &drafts[j];
            !remove[j] && *o < order && !p.row.name.is_empty() && !p.has_values
        });
        if let Some(j) = target {
            let values: Vec<(String, Option<rust_decimal::Decimal>)> = drafts[i]
                .2
                .row
                .values
                .iter()
                .map(|(k, v)| (k.clone(), *v))
                .collect();
            let p = &mut drafts[j].2;
            for (k, v) in values {
                if v.is_some() {
                    p.row.values.insert(k, v);
                }
            }
            p.has_values = true;
            remove[i] = true;
        }
    }
    let mut k = 0;
    drafts.retain(|_| {
        k += 1;
        !remove[k - 1]
    });
}

/// The table's label: a label line ("公开01表", "预算公开表1"), joined with a following "表"
/// line ("公开02" / "表").
fn find_label(context: &[String]) -> Option<String> {
    let mut out: Option<String> = None;
    for (i, l) in context.iter().enumerate() {
        if let Some(lab) = title::label_of(l) {
            if lab == "表" {
                continue;
            }
            let mut lab = lab;
            if context.get(i + 1).is_some_and(|n| fold(n) == "表") {
                lab.push('表');
            }
            out = Some(lab);
        }
    }
    out
}
