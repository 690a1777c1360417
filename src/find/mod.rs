//! The catalog of standard tables and column words, loaded from `catalog/*.toml` (data, not
//! code): table kinds with their title aliases and header words, column keys with aliases.
//! Finding tables: standard tables located by title and confirmed by header words, turned into
//! normalized [`Table`]s; plus the report's metadata (kind, department, year, title).
//!
//! Input is the common document model only; nothing here knows which file format it came from.
//!
//! One job per file: [`title`] (title matching), [`header`] (header rows → paths, roles,
//! keys), [`grid_rows`] (body rows → rows), [`sides`] (two-sided grids, side-by-side lists),
//! [`contents`] (the report's list of its tables against those found), [`stack`] (tables
//! stacked in one grid), [`continuation`] (multi-page tables), [`col_pages`] (a wide sheet
//! printed in column strips, one page per strip), [`form`] (performance forms), [`structure`] (lists
//! recognised by their shape, not a title), [`meta`] (context lines, report metadata),
//! [`view`] (grid access).

pub mod catalog;
pub mod col_pages;
pub mod contents;
pub mod continuation;
pub mod form;
pub mod grid_rows;
pub mod header;
pub mod meta;
pub mod sides;
pub mod stack;
pub mod structure;
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
    /// Title, header and page, for recognising the table continued on the next page.
    key: continuation::TableKey,
    /// The last row of each list on the page read last, with its printed amounts: the row a
    /// page break may have cut.
    page_end: Vec<PageEnd>,
}

/// The last row of one list at the end of a page.
#[derive(Debug, Clone)]
struct PageEnd {
    table: usize,
    order: usize,
    /// Index into the table's rows.
    row: usize,
    /// (column key, printed text) of its amount cells.
    printed: Vec<(String, String)>,
}

impl Group {
    /// A group of one table read whole, not as lists under a header: a performance form (with
    /// its state for the next page) or a list of names recognised by its structure.
    fn single(
        t: Table,
        grid: &Grid,
        kind: String,
        unit: Option<Unit>,
        form_state: Option<form::FormState>,
    ) -> Group {
        let n = t.rows.len();
        Group {
            tables: vec![t],
            row_order: vec![vec![0; n]],
            lists: Vec::new(),
            form: form_state.is_some(),
            form_state,
            toc: false,
            pdf: is_pdf(&grid.origin),
            grid_cols: grid.cols,
            header_words: Vec::new(),
            kind,
            unit,
            count_sections: Vec::new(),
            key: continuation::TableKey::default(),
            page_end: Vec::new(),
        }
    }
}

struct Finder<'c> {
    cat: &'c Catalog,
    /// How often each (folded) text line occurs in the document: watermarks and running
    /// headers occur on every page.
    line_counts: std::collections::HashMap<String, usize>,
    groups: Vec<Group>,
    problems: Vec<Problem>,
    /// The lines before the last grid and its page: a standard table whose grid on one page
    /// holds only its header is read again from the body grid on the next page.
    last_before: Vec<String>,
    last_page: Option<u32>,
    /// x extent of each column of the last PDF grid (from its one-column cells).
    last_col_x: Vec<Option<(f32, f32)>>,
    /// The pages of the grid being read when it was joined from column strips.
    strip_pages: Vec<u32>,
}

/// x extent of each column of a PDF grid, from the cells that span one column.
fn column_x(grid: &Grid) -> Vec<Option<(f32, f32)>> {
    let mut out = vec![None; grid.cols as usize];
    for c in &grid.cells {
        if c.col_span == 1
            && let Some(b) = c.origin.bbox
            && let Some(slot) = out.get_mut(c.col as usize)
            && slot.is_none()
        {
            *slot = Some((b[0], b[2]));
        }
    }
    out
}

/// The grid re-expressed in the columns of the previous page's grid (`prev_x`), when every
/// cell's left and right edges fall on that grid's column edges: the tail of a table whose
/// last rows merge some columns (江苏 收支预算总表: "结转下年资金" across the 功能分类 and
/// 支出用途 columns) so that the page's grid has fewer columns.
fn remap_columns(grid: &Grid, prev_x: &[Option<(f32, f32)>]) -> Option<Grid> {
    if prev_x.is_empty() || prev_x.iter().any(Option::is_none) || grid.cols as usize >= prev_x.len()
    {
        return None;
    }
    let xs: Vec<(f32, f32)> = prev_x.iter().map(|x| x.unwrap()).collect();
    let near = |a: f32, b: f32| (a - b).abs() <= 2.0;
    let mut cells = Vec::with_capacity(grid.cells.len());
    for c in &grid.cells {
        let b = c.origin.bbox?;
        let c0 = xs.iter().position(|x| near(x.0, b[0]))?;
        let c1 = xs.iter().position(|x| near(x.1, b[2]))?;
        if c1 < c0 {
            return None;
        }
        let mut n = c.clone();
        n.col = c0 as u32;
        n.col_span = (c1 - c0 + 1) as u32;
        cells.push(n);
    }
    Some(Grid {
        rows: grid.rows,
        cols: xs.len() as u32,
        cells,
        origin: grid.origin.clone(),
    })
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
        last_before: Vec::new(),
        last_page: None,
        last_col_x: Vec::new(),
        strip_pages: Vec::new(),
    };
    // a wide sheet printed in column strips is one grid
    let joined = col_pages::join(cat, &doc.blocks);
    let (blocks, strip_pages) = match &joined {
        Some(j) => {
            f.problems.extend(j.problems.iter().cloned());
            (j.blocks.as_slice(), Some(&j.pages))
        }
        None => (doc.blocks.as_slice(), None),
    };
    let mut pending: Vec<&str> = Vec::new();
    let mut grid_no = 0u32;
    let overflow = continuation::overflow_lines(blocks, &|l| {
        title::match_title(cat, l).is_some()
            || cat.is_note(l)
            || cat.says_no_data(l)
            || meta::is_context_line(cat, l)
    });
    for (i, block) in blocks.iter().enumerate() {
        match block {
            Block::Text(t) => {
                if !t.text.trim().is_empty() && !overflow[i] {
                    pending.push(t.text.as_str());
                }
            }
            Block::Grid(g) => {
                if let Some(lines) = meta::context_grid_lines(cat, g) {
                    pending.extend(lines);
                    continue;
                }
                f.trailing_lines(&pending);
                f.strip_pages = strip_pages
                    .and_then(|p| p.get(&i))
                    .cloned()
                    .unwrap_or_default();
                match stack::split(cat, g) {
                    None => f.grid(g, &pending, grid_no),
                    Some(parts) => {
                        for (k, part) in parts.iter().enumerate() {
                            f.grid(part, if k == 0 { &pending } else { &[] }, grid_no);
                        }
                    }
                }
                pending.clear();
                grid_no += 1;
            }
        }
    }
    f.trailing_lines(&pending);
    let mut tables = Vec::new();
    // a table of contents is no table
    for g in f.groups.into_iter().filter(|g| !g.toc) {
        for (mut t, order) in g.tables.into_iter().zip(g.row_order) {
            if order.iter().any(|&o| o > 0) {
                let mut paired: Vec<(usize, Row)> = order.into_iter().zip(t.rows).collect();
                paired.sort_by_key(|(o, _)| *o);
                t.rows = paired.into_iter().map(|(_, r)| r).collect();
            }
            // a unit's own line in a coded table (深汕 支出总表: 预算单位 printed, 科目编码 and
            // 科目名称 blank) is named after its unit; a line with a label of its own (a project
            // name) is not the unit's
            for r in &mut t.rows {
                if r.code.is_none()
                    && r.name.is_empty()
                    && r.texts.keys().all(|k| {
                        matches!(k.as_str(), "unit_code" | "unit_name" | "group" | "section")
                    })
                    && let Some(u) = r.texts.get("unit_name")
                {
                    r.name = u.clone();
                }
            }
            if t.no_data {
                t.rows.retain(|r| r.values.values().any(Option::is_some));
            }
            retype_word_columns(&mut t);
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
    let listed = contents::listed_tables(cat, doc, &report.kind);
    f.problems.extend(contents::missing(&listed, &tables));
    Found {
        report,
        tables,
        problems: f.problems,
    }
}

/// An amount column that holds more words than numbers over the whole table is a text column.
/// The same rule runs per grid when the columns are read, but a table whose first page holds
/// only its totals (政府采购 合计 | 一、货物 …) shows its words on the continuation pages only.
fn retype_word_columns(t: &mut Table) {
    use crate::normalize::number::{CellValue, parse};
    for c in t
        .columns
        .iter_mut()
        .filter(|c| c.unit == "元" && crate::record::is_unnamed_column_key(&c.key))
    {
        // counted as header::stats counts a grid's cells
        let (mut numbers, mut words) = (0, 0);
        for r in &t.rows {
            match (r.values.get(&c.key), r.texts.get(&c.key)) {
                (Some(Some(_)), _) => numbers += 1,
                (_, Some(text)) => match parse(text) {
                    CellValue::Text(_) => words += 1,
                    CellValue::Empty => {}
                    _ => numbers += 1,
                },
                _ => {}
            }
        }
        if words > numbers {
            c.unit = "text".into();
        }
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

/// Is the grid a table of contents: titles with dot leaders / page numbers, or a list of the
/// report's tables (rows naming a table, no amounts: 西安 目录 "表1 | 2022年部门综合预算收支
/// 总表 | 是否空表 | 公开空表理由")?
fn is_toc_grid(cat: &Catalog, view: &View) -> bool {
    let mut n = 0;
    let mut toc = 0;
    let mut titles = 0;
    let mut amounts = 0;
    let mut pages: Vec<u32> = Vec::new();
    for r in 0..view.rows() {
        let texts = view.row_texts(r);
        if texts.is_empty() {
            continue;
        }
        n += 1;
        let leader = texts.iter().any(|(_, t)| title::ends_in_leader(t));
        let page = (texts.len() == 2
            && matches!(
                crate::normalize::number::parse(texts[0].1),
                crate::normalize::number::CellValue::Text(_)
            ))
        .then(|| fold(texts[1].1).parse::<u32>().ok())
        .flatten()
        .filter(|p| *p > 0 && *p < 1000);
        if let Some(p) = page {
            pages.push(p);
        }
        if leader || page.is_some() {
            toc += 1;
        }
        if texts
            .iter()
            .any(|(_, t)| title::looks_like_title(t) || title::match_title(cat, t).is_some())
        {
            titles += 1;
        }
        amounts += texts
            .iter()
            .filter(|(_, t)| {
                matches!(
                    crate::normalize::number::parse(t),
                    crate::normalize::number::CellValue::Amount(d) if d.fract() != rust_decimal::Decimal::ZERO
                )
            })
            .count();
    }
    // a table of contents lists several entries (a header + "合计 0" is a table) and no
    // amounts (page numbers are whole)
    // The page numbers of a contents list run forward; one number repeated down a column
    // (单位编码 113 beside names whose amounts are blank) is a table's column.
    let pages_run_forward = pages.windows(2).all(|w| w[0] <= w[1])
        && (pages.len() < 3 || pages.first() != pages.last());
    n >= 3
        && amounts == 0
        && ((toc * 2 >= n && pages_run_forward) || (titles >= 3 && titles * 2 >= n))
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
        let prev_before = std::mem::replace(
            &mut self.last_before,
            before.iter().map(|s| s.to_string()).collect(),
        );
        let prev_page = std::mem::replace(&mut self.last_page, grid.origin.page);
        let prev_col_x = std::mem::replace(&mut self.last_col_x, column_x(grid));
        // a grid at the top of the next page with fewer columns than the previous table's
        // grid, whose cells fall on that grid's column edges, continues it (a form whose left
        // columns, merged over the page break, lost their rules too)
        if let (Some(pp), Some(page)) = (prev_page, grid.origin.page)
            && page == pp + 1
            && let Some(prev) = self.groups.last()
            && prev.pdf
            && prev.grid_cols > grid.cols
            && let Some(remapped) = remap_columns(grid, &prev_col_x)
        {
            let view = View::new(&remapped);
            let ctx_rows = header::context_rows(self.cat, &view);
            let own_title = before
                .iter()
                .any(|l| title::match_title(self.cat, l).is_some())
                || continuation::has_own_title(self.cat, &view, ctx_rows);
            if !own_title
                && continuation::lines_allow_continuation(self.cat, before, &|l| {
                    self.line_counts.get(l).is_some_and(|&n| n >= 2)
                })
            {
                self.last_col_x = prev_col_x;
                self.grid_in_context(&remapped, before, grid_no, prev_before, prev_page);
                return;
            }
        }
        self.grid_in_context(grid, before, grid_no, prev_before, prev_page);
    }

    fn grid_in_context(
        &mut self,
        grid: &Grid,
        before: &[&str],
        grid_no: u32,
        prev_before: Vec<String>,
        prev_page: Option<u32>,
    ) {
        let cat = self.cat;
        let view = View::new(grid);
        if view.rows() == 0 || view.cols() == 0 {
            return;
        }
        let toc = is_toc_grid(cat, &view);
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
            // Lines before the last sentence (prose, a table of contents followed by prose)
            // name other tables: the title sits between the prose and the grid. They are
            // used only when nothing after the prose names a table.
            let prose_end = candidates
                .iter()
                .rposition(|l| {
                    let f = fold(l);
                    f.contains(['。', '；', '，']) && f.chars().count() > 12
                })
                .map_or(0, |i| i + 1);
            // a title wrapped over two lines ("…支出预" + "算表"): the line joined with a short
            // next line, when that names a table more specifically
            let bracket = |f: &str| {
                f.chars().count() <= 20
                    && f.starts_with('(')
                    && f.ends_with(')')
                    && f.matches('(').count() == 1
            };
            let hit_at = |i: usize| -> Option<title::TitleHit> {
                let line = candidates[i];
                let own = title::match_title(cat, line);
                let joined = candidates.get(i + 1).and_then(|next| {
                    let nf = fold(next);
                    let n = nf.chars().count();
                    // or the rest of a title the line leaves unfinished ("…政府采购（资产配置、
                    // 购买服务）" + "预算表（不含上年结转）")
                    let rest = n <= 16
                        && title::looks_like_title(next)
                        && !title::looks_like_title(line)
                        && title::match_title(cat, next).is_none();
                    let short =
                        n > 0 && (n <= 4 || (n <= 8 && nf.ends_with('表')) || rest || bracket(&nf));
                    (short
                        && parse_unit_line(next).is_none()
                        && meta::year_of_line(next).is_none()
                        && title::label_of(next).is_none_or(|l| l == "表"))
                    .then(|| format!("{}{}", line.trim_end(), next.trim()))
                    .and_then(|j| title::match_title(cat, &j))
                });
                // or a bracketed line under it naming the breakdown ("（按经济分类科目分）"),
                // which reads as another kind only by that breakdown
                let under_bracket = candidates.get(i + 1).is_some_and(|n| bracket(&fold(n)));
                match (own, joined) {
                    (Some(o), Some(j))
                        if j.strength > o.strength || (under_bracket && j.table != o.table) =>
                    {
                        Some(j)
                    }
                    (None, Some(j)) => Some(j),
                    (o, _) => o,
                }
            };
            // else a title a few lines above a short note; never one from pages of prose or
            // a table of contents further up
            let start = if (prose_end..candidates.len()).any(|i| hit_at(i).is_some()) {
                prose_end
            } else {
                candidates.len().saturating_sub(6)
            };
            // a sentence introducing the grid ("…绩效目标情况如下：") names it by its parts
            // only where the grid's header holds the kind's header words
            let intro_at = |i: usize| -> Option<title::TitleHit> {
                title::match_intro_sentence(cat, candidates[i], "budget")
                    .filter(|h| title::header_hits(cat, h.table, &head_text) > 0)
            };
            // labelled titles above the last labelled title before the grid are a list of
            // contents ("表1.…收支预算总表", "表4.…财政拨款收支预算总表", then "表1：…收支预算
            // 总表" over the grid, 杭州): a label names the table right below it
            let last_labelled = (start..candidates.len())
                .rev()
                .find(|&i| title::has_label(candidates[i]) && hit_at(i).is_some());
            for i in start..candidates.len() {
                if last_labelled.is_some_and(|l| i < l && title::has_label(candidates[i])) {
                    continue;
                }
                if let Some(hit) = hit_at(i).or_else(|| intro_at(i)) {
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
        let mut label = find_label(&context);
        let mut spec_idx = best.as_ref().map(|(_, h)| h.table);
        // no title: a list recognised by the text introducing it and its shape
        let structural = if best.is_none() && !toc {
            let lines: Vec<&str> = context.iter().map(|s| s.as_str()).collect();
            structure::recognise(cat, &lines, &view, ctx_rows)
        } else {
            None
        };
        if let Some(s) = &structural {
            spec_idx = Some(s.table);
        }
        if spec_idx.is_none()
            && let Some(l) = &label
            && let Some(n) = title::final_label_number(l)
            // a 预算 table titled in words the catalog does not know is not a 决算 公开NN表
            && !context.iter().any(|l| {
                let f = fold(l);
                f.contains("预算表") && !f.contains("决算")
            })
        {
            spec_idx = cat
                .tables
                .iter()
                .position(|t| t.report == "final_accounts" && t.label == Some(n));
        }

        // the same title printed again over a grid of the same columns on the next page (a
        // running title, 烟台 / 深圳): the table goes on, its header repeated
        if let Some((_, hit)) = &best
            && !toc
            && let Some(prev) = self.groups.last()
            && !prev.form
            && !prev.toc
            && prev.kind == cat.tables[hit.table].id
            && prev.grid_cols == grid.cols
            && prev.tables.first().is_some_and(|t| t.title == hit.printed)
            && let (Some(pp), Some(page)) = (prev_page, grid.origin.page)
            && page == pp + 1
        {
            self.continue_group(&view, ctx_rows);
            return;
        }

        // the next form of a series printed one project a page under a title the reader
        // dropped as a running header: a form of its own under the series' title and label
        let mut inherited_title: Option<String> = None;
        if spec_idx.is_none()
            && !toc
            && let Some(prev) = self.groups.last()
            && prev.form
            && let Some(t) = prev.tables.first()
            && form::restarts_form(t.rows.first(), &view, ctx_rows)
            && !before.iter().any(|l| title::looks_like_title(l))
        {
            spec_idx = cat.table_index(&prev.kind);
            inherited_title = Some(t.title.clone());
            if label.is_none() {
                label = t.label.clone();
            }
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

        // the previous standard table's grid held only its header (a page break under the
        // header, 江苏 财政拨款收支预算总表): this untitled grid on the next page is its body
        // and carries its own column headers; read it with the previous grid's context.
        if spec_idx.is_none()
            && !toc
            && let Some(prev) = self.groups.last()
            && prev.kind != "unknown"
            && !prev.form
            && prev.tables.iter().all(|t| t.rows.is_empty() && !t.no_data)
            && prev_page.is_some()
            && grid.origin.page == prev_page.map(|p| p + 1)
            && before.iter().all(|l| fold(l).chars().count() <= 6)
            && !continuation::has_own_title(cat, &view, ctx_rows)
        {
            self.groups.pop();
            let ctx: Vec<&str> = prev_before.iter().map(|s| s.as_str()).collect();
            self.grid_in_context(grid, &ctx, grid_no, Vec::new(), None);
            if let (Some(g), Some(p)) = (self.groups.last_mut(), prev_page) {
                for t in &mut g.tables {
                    if let Location::Pages { pages } = &mut t.location
                        && !pages.contains(&p)
                    {
                        pages.insert(0, p);
                    }
                }
            }
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
            let body_from = continuation::context_prefix(cat, &view, ctx_rows);
            self.continue_group(&view, body_from);
            return;
        }

        // A grid with no title of its own on the page of the previous table or the next one,
        // with no title-like line before it, belongs to that table when it repeats its header
        // (columns lost or split by the page layout; cell text of the previous page printed as
        // lines in between) or, after a performance form, holds indicator rows.
        let mut inherited_header: Option<Vec<String>> = None;
        if spec_idx.is_none()
            && !toc
            && let Some(prev) = self.groups.last()
            && !prev.toc
            && prev.kind != "unknown"
            && let (Some(pp), Some(page)) = (prev_page, grid.origin.page)
            && (pp..=pp + 4).contains(&page)
            && !before.iter().any(|l| title::looks_like_title(l))
            && !(0..ctx_rows.min(2)).any(|r| {
                view.row_texts(r).iter().any(|(_, t)| {
                    title::looks_like_title(t) || title::match_title(cat, t).is_some()
                })
            })
        {
            if prev.form {
                if title::holds_indicator_rows(cat, &view) {
                    self.continue_form(&view);
                    return;
                }
            } else if title::repeats_header(&prev.header_words, &view, before)
                || title::starts_with_amounts(&view)
            {
                // a grid without a header of its own keeps the table's for the next page
                if title::starts_with_amounts(&view) {
                    inherited_header = Some(prev.header_words.clone());
                }
                if prev.grid_cols == grid.cols {
                    let body_from = continuation::context_prefix(cat, &view, ctx_rows);
                    self.continue_group(&view, body_from);
                    return;
                }
                spec_idx = cat.table_index(&prev.kind);
                inherited_title = prev.tables.first().map(|t| t.title.clone());
                // on the next page, a table split in two: say so, its rows are not the
                // previous table's (subtotals across the break fail, or the rows are lost)
                if page == pp + 1 {
                    let title = inherited_title.clone().unwrap_or_default();
                    self.problems.push(Problem::warning(
                        "continuation_not_joined",
                        format!(
                            "page {page}: a grid with no title of its own goes on with table \
                             {} '{title}' of page {pp}, but its {} columns do not match the \
                             table's {}: read as a table of its own",
                            prev.kind, grid.cols, prev.grid_cols
                        ),
                        view::where_of(&grid.origin, &grid.origin, 0),
                    ));
                }
            }
        }

        let spec = spec_idx.map(|i| &cat.tables[i]);
        let kind = spec
            .map(|s| s.id.clone())
            .unwrap_or_else(|| "unknown".into());
        let title_text = match &best {
            Some((_, h)) => h.printed.clone(),
            None if structural.is_some() => structural
                .as_ref()
                .map(|s| s.title.clone())
                .unwrap_or_default(),
            None if inherited_title.is_some() => inherited_title.clone().unwrap_or_default(),
            None => {
                // nearest preceding line that is not department / unit / year, below any
                // contents heading
                context
                    .iter()
                    .rev()
                    .take_while(|l| !title::is_contents_heading(l))
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
        let mut unit = unit_of_context(&context);
        let layout = spec.map(|s| s.layout).unwrap_or_default();
        let mut location = location_of(&grid.origin, grid_no);
        if let Location::Pages { pages } = &mut location {
            for p in &self.strip_pages {
                if !pages.contains(p) {
                    pages.push(*p);
                }
            }
        }
        let base = Table {
            id: String::new(),
            kind: kind.clone(),
            title: title_text.clone(),
            label: label.clone(),
            side: None,
            unit: None,
            location,
            columns: Vec::new(),
            rows: Vec::new(),
            no_data: false,
        };

        if let Some(s) = structural.as_ref().filter(|s| s.headerless) {
            let mut t = base;
            t.rows = structure::name_rows(&view, grid, ctx_rows);
            let kind = cat.tables[s.table].id.clone();
            self.groups.push(Group::single(t, grid, kind, None, None));
            return;
        }

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
            self.groups
                .push(Group::single(t, grid, kind, unit, Some(state)));
            return;
        }

        let h: Header = header::detect(cat, &view, ctx_rows);
        // the previous table continued under its repeated title and header
        let key = continuation::TableKey {
            kind: kind.clone(),
            title: continuation::title_key(&title_text),
            label: label.clone(),
            departments: context
                .iter()
                .filter_map(|l| meta::department_of_line(l))
                .collect(),
            header: h.paths.iter().map(|p| fold(&p.join("/"))).collect(),
            page: grid.origin.page,
        };
        if !toc
            && let Some(prev) = self.groups.last()
            && !prev.form
            && !prev.toc
            && continuation::repeats(&prev.key, &key)
        {
            self.continue_rows(&view, h.body_rows(view.rows()));
            return;
        }
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
        // a grid of no known kind shaped like a two-sided summary (收入 … | 支出 …) is split
        // like one (a known kind's layout is catalog data: 国有资本经营预算收支预算表 is a list)
        let two_sided =
            layout == Layout::TwoSided || (spec.is_none() && sides::looks_two_sided(&h, &roles));
        match layout {
            _ if two_sided => match sides::two_sided_split(&h, &roles, &numeric) {
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
                    // a list recognised by its structure holds no amounts
                    if structural.is_some() {
                        vc.unit = "text".into();
                    }
                    // (a column whose header names an amount keeps its type: words there are
                    // misread cells, flagged by validation, not a column of words)
                    if vc.unit == "元" && crate::record::is_unnamed_column_key(&vc.key) {
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
                    // a side word over some of the side's amounts (支出 centred over the side,
                    // read as a banner of the columns under it) says no more than `side`
                    for vc in &mut values {
                        if let Some((top, rest)) = vc.header.split_once('/')
                            && matches!(fold(top).as_str(), "收入" | "支出")
                        {
                            vc.header = rest.to_string();
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
            header_words: inherited_header.unwrap_or_else(|| h.words.clone()),
            kind,
            unit,
            count_sections: spec.map(|s| s.count_sections.clone()).unwrap_or_default(),
            key,
            page_end: Vec::new(),
        };
        self.read_body(&mut group, &view, h.body_rows(view.rows()));
        self.groups.push(group);
    }

    fn read_body(&mut self, group: &mut Group, view: &View, body_rows: Vec<usize>) {
        let moved = if group.pdf {
            names_to_label_columns(view.grid, &group.lists)
        } else {
            None
        };
        let moved_view = moved.as_ref().map(View::new);
        let view = moved_view.as_ref().unwrap_or(view);
        let first_row = body_rows.first().copied();
        let continued = group.tables.iter().any(|t| !t.rows.is_empty());
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
            // the last code of this list on the page before (a continued table)
            let prev_code = group.tables[list.table]
                .rows
                .iter()
                .zip(&group.row_order[list.table])
                .rev()
                .filter(|(_, o)| **o == list.order)
                .find_map(|(r, _)| r.code.clone());
            let body = read_rows(&ctx, view, &list.cols, &body_rows, prev_code.as_deref());
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
        let page_end = std::mem::take(&mut group.page_end);
        // (table, order) → (row index, grid row) of the last row read from this page
        let mut last: Vec<(usize, usize, usize, usize)> = Vec::new();
        for (t, order, d) in drafts {
            // a row cut by the page break, its name and amounts continued on this page
            if group.pdf
                && continued
                && Some(d.grid_row) == first_row
                && d.has_values
                && let Some(end) = page_end.iter().find(|e| e.table == t && e.order == order)
                && let Some(list) = group
                    .lists
                    .iter()
                    .find(|l| l.table == t && l.order == order)
                && let Some(row) = join_cut_row(
                    self.cat,
                    &group.tables[t],
                    end,
                    &d,
                    view,
                    &list.cols,
                    group.unit.as_ref(),
                )
            {
                group.tables[t].rows[end.row] = row;
                continue;
            }
            // a name wrapped over the page break: the short tail on the first row of the
            // continued grid ("业支出" under "八、社会保障和就" with its amount; "险基金管理中心"
            // in the 单位 column under "无锡市社会保"): joined to the same field of the row
            // above
            if group.pdf
                && continued
                && Some(d.grid_row) == first_row
                && d.row.code.is_none()
                && d.row.line.is_none()
                && !d.has_values
                && let Some((field, tail)) = lone_label(&d.row)
                && !crate::normalize::name::has_numbering(tail)
                && !grid_rows::is_known_line(self.cat, tail)
                && tail.chars().count() <= if field.is_none() { 4 } else { 12 }
                && let Some(j) = group.row_order[t].iter().rposition(|&o| o == order)
            {
                let (field, tail) = (field.map(str::to_string), tail.to_string());
                let prev = &mut group.tables[t].rows[j];
                let prev_has = prev.code.is_some() || prev.values.values().any(Option::is_some);
                let head = match &field {
                    None => Some(&mut prev.name),
                    Some(k) => prev.texts.get_mut(k),
                };
                if prev_has
                    && let Some(head) = head
                    && head.chars().count() >= 4
                    && !grid_rows::is_known_line(self.cat, head)
                {
                    *head = crate::normalize::name::join_wrapped(head, &tail);
                    continue;
                }
            }
            group.tables[t].rows.push(d.row);
            group.row_order[t].push(order);
            let row = group.tables[t].rows.len() - 1;
            match last.iter_mut().find(|l| l.0 == t && l.1 == order) {
                Some(l) => (l.2, l.3) = (row, d.grid_row),
                None => last.push((t, order, row, d.grid_row)),
            }
        }
        if group.pdf {
            group.page_end = last
                .into_iter()
                .filter_map(|(table, order, row, grid_row)| {
                    let list = group
                        .lists
                        .iter()
                        .find(|l| l.table == table && l.order == order)?;
                    let printed = list
                        .cols
                        .values
                        .iter()
                        .map(|vc| (vc.key.clone(), view.anchor_text(grid_row, vc.col)))
                        .filter(|(_, t)| !t.is_empty())
                        .map(|(k, t)| (k, t.to_string()))
                        .collect();
                    Some(PageEnd {
                        table,
                        order,
                        row,
                        printed,
                    })
                })
                .collect();
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
        if group.form {
            for t in &mut group.tables {
                extend_location(&mut t.location, &view.grid.origin);
            }
            self.groups.push(group);
            self.continue_form_from(view, start);
            return;
        }
        self.groups.push(group);
        self.continue_rows(view, (start..view.rows()).collect());
    }

    /// The rows `body` of a grid continue the last table.
    fn continue_rows(&mut self, view: &View, body: Vec<usize>) {
        let Some(mut group) = self.groups.pop() else {
            return;
        };
        for t in &mut group.tables {
            extend_location(&mut t.location, &view.grid.origin);
        }
        if view.grid.origin.page.is_some() {
            group.key.page = view.grid.origin.page;
        }
        self.read_body(&mut group, view, body);
        self.groups.push(group);
    }
}

/// The grid with every word cell that spans one label column and amount columns of the lists
/// moved into that label column; `None` when there is none. An unruled page whose left columns
/// are blank (the expenditure side of a two-sided table going on alone) prints its names left
/// of their header, and the page's columns give them a cell across the other side's amount
/// column: a name is never an amount.
fn names_to_label_columns(grid: &Grid, lists: &[ListPlan]) -> Option<Grid> {
    use crate::normalize::number::{CellValue, parse};
    let labels: Vec<usize> = lists.iter().flat_map(|l| l.cols.label_cols()).collect();
    let amounts: Vec<usize> = lists
        .iter()
        .flat_map(|l| l.cols.values.iter())
        .filter(|v| v.unit == "元")
        .map(|v| v.col)
        .collect();
    let mut out = grid.clone();
    let mut moved = false;
    for c in &mut out.cells {
        if c.col_span < 2 || !matches!(parse(&c.text), CellValue::Text(_)) {
            continue;
        }
        let span = c.col as usize..(c.col + c.col_span) as usize;
        let label: Vec<usize> = span.clone().filter(|k| labels.contains(k)).collect();
        if let [l] = label[..]
            && span.clone().all(|k| k == l || amounts.contains(&k))
        {
            c.col = l as u32;
            c.col_span = 1;
            moved = true;
        }
    }
    moved.then_some(out)
}

/// A row cut by the page break: the first row `d` of the page, with amounts but no code or
/// 行次, continues the row `end` of the page before, its name ("杭州市机动" / "车驾驶员考试服务中心")
/// and the digits of an amount cut in its cell ("12,437.3" / "6"). The pieces are joined only
/// when the row did not add up across its columns and the joined row does: a row that already
/// adds up, or columns with no identity to confirm the join, leave both rows as printed.
fn join_cut_row(
    cat: &Catalog,
    table: &Table,
    end: &PageEnd,
    d: &grid_rows::Draft,
    view: &View,
    cols: &ListCols,
    unit: Option<&Unit>,
) -> Option<Row> {
    use crate::normalize::number::{CellValue, parse};
    let tail = &d.row;
    if tail.code.is_some()
        || tail.line.is_some()
        || tail.texts.keys().any(|k| k != "group")
        || crate::normalize::name::has_numbering(&tail.name)
        || grid_rows::is_known_line(cat, &tail.name)
    {
        return None;
    }
    let prev = table.rows.get(end.row)?;
    let mut row = prev.clone();
    row.name = crate::normalize::name::join_wrapped(&prev.name, &tail.name);
    for vc in &cols.values {
        let Some(v) = tail.values.get(&vc.key).copied().flatten() else {
            continue;
        };
        if vc.unit != "元" {
            return None;
        }
        let value = match end.printed.iter().find(|(k, _)| *k == vc.key) {
            None => v,
            Some((_, head)) => {
                // the digits after the cut, nothing else
                let t = view.anchor_text(d.grid_row, vc.col);
                if !t
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
                {
                    return None;
                }
                let CellValue::Amount(a) = parse(&format!("{head}{t}")) else {
                    return None;
                };
                match vc.own_unit.as_ref().or(unit) {
                    Some(u) => crate::normalize::unit::to_yuan(a, u),
                    None => a.normalize(),
                }
            }
        };
        row.values.insert(vc.key.clone(), Some(value));
    }
    let adds_up = |r: &Row| {
        let probe = Table {
            rows: vec![r.clone()],
            ..table_meta(table)
        };
        crate::validate::arithmetic::columns_add_up(&probe)
    };
    (adds_up(prev) == Some(false) && adds_up(&row) == Some(true)).then_some(row)
}

/// A table's title, unit and columns without its rows.
fn table_meta(t: &Table) -> Table {
    Table {
        id: t.id.clone(),
        kind: t.kind.clone(),
        title: t.title.clone(),
        label: t.label.clone(),
        side: t.side,
        unit: t.unit.clone(),
        location: t.location.clone(),
        columns: t.columns.clone(),
        rows: Vec::new(),
        no_data: t.no_data,
    }
}

/// Side-by-side lists: a value printed in a later list's column of the same grid row, with
/// no code or name of its own (公用经费合计 … 99.05 across merged name cells), belongs to the
/// nearest earlier list's row of that grid row (same table) that has a name and no value.
/// The one label a row holds: its name (None) or one text column (Some(key)), besides the
/// list's group.
fn lone_label(row: &crate::record::Row) -> Option<(Option<&str>, &str)> {
    let mut texts = row.texts.iter().filter(|(k, _)| k.as_str() != "group");
    match (row.name.is_empty(), texts.next(), texts.next()) {
        (false, None, _) => Some((None, row.name.as_str())),
        (true, Some((k, v)), None) if !v.is_empty() => Some((Some(k.as_str()), v.as_str())),
        _ => None,
    }
}

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
/// The unit printed above a table: the last unit line of the context. A unit wrapped in a
/// narrow cell ("单位：万" with "元" on the next line) is joined first.
fn unit_of_context(context: &[String]) -> Option<Unit> {
    context.iter().enumerate().rev().find_map(|(i, l)| {
        parse_unit_line(l).or_else(|| {
            let f = fold(l);
            let next_ends_yuan = context
                .get(i + 1)
                .is_some_and(|n| n.trim_end().ends_with('元'));
            (f.contains("单位") && f.ends_with('万') && next_ends_yuan)
                .then(|| parse_unit_line(&format!("{}元", l.trim_end())))
                .flatten()
        })
    })
}

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

#[cfg(test)]
mod tests {
    use super::*;

    /// A 政府采购 table: the first page held only totals, the words come on the next pages.
    #[test]
    fn word_columns_over_the_whole_table_are_text() {
        let mut t: Table = serde_json::from_value(serde_json::json!({
            "kind": "budget.gov_procurement", "title": "政府采购预算表", "unit": "万元",
            "location": {"pages": [20, 21]},
            "columns": [
                {"key": "col2", "header": "采购物品名称", "unit": "元"},
                {"key": "col3", "header": "说明", "unit": "元"},
                {"key": "total", "header": "总计", "unit": "元"}],
            "rows": [
                {"code": null, "name": "合计", "values": {"col2": null, "col3": null, "total": 22478500},
                 "origin": "page 20"},
                {"code": null, "name": "", "values": {"col2": null, "col3": 5, "total": 100000},
                 "texts": {"col2": "台式计算机（20万以下）"}, "origin": "page 21"},
                {"code": null, "name": "", "values": {"col2": null, "col3": null, "total": 140000},
                 "texts": {"col2": "便携式计算机", "col3": "—"}, "origin": "page 21"}]
        }))
        .unwrap();
        retype_word_columns(&mut t);
        let units: Vec<&str> = t.columns.iter().map(|c| c.unit.as_str()).collect();
        // words only → text; a number and a dash → still an amount column; totals stay
        assert_eq!(units, ["text", "元", "元"]);
    }
}
