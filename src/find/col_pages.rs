//! Tables printed in column strips. A sheet wider than the paper, printed at 100% (no
//! fit-to-width), overflows by columns: page 1 holds the left columns of every row, the next
//! pages the next columns of the same rows (with the name columns again when 'columns to repeat
//! at left' is set), and a title or header cell merged over a cut is printed in pieces, one per
//! page ("2026年度单位收入预算表" on one page, "位收入预算表" on the next). Before tables are
//! found, such pages are joined into one grid: the body rows lie at the same heights on every
//! page; header pieces that meet at a cut are one cell; title pieces at one height are one line.
//! A page that looks like such a strip but cannot be joined is reported, never read as a table
//! of its own silently.

use std::collections::HashMap;

use super::catalog::Catalog;
use super::title::match_title;
use crate::model::{Block, Cell, Grid, TextLine};
use crate::normalize::name::fold;
use crate::normalize::number::{CellValue, parse};
use crate::record::Problem;

/// Rules of one sheet printed on several pages lie within this many points of each other.
const TOL: f32 = 1.0;

/// The blocks with column strips joined.
pub struct Joined {
    pub blocks: Vec<Block>,
    /// Per index (into `blocks`) of a joined grid: the pages its strips came from.
    pub pages: HashMap<usize, Vec<u32>>,
    pub problems: Vec<Problem>,
}

/// Sorted values, those within `TOL` of the previous one merged.
fn cluster(mut v: Vec<f32>) -> Vec<f32> {
    v.sort_by(f32::total_cmp);
    let mut out: Vec<f32> = Vec::new();
    for x in v {
        if out.last().is_none_or(|l| x - l > TOL) {
            out.push(x);
        }
    }
    out
}

/// The row and column rules of a PDF grid (y top-down), when every cell has a box and the
/// rules are as many as the rows and columns.
fn rules(g: &Grid) -> Option<(Vec<f32>, Vec<f32>)> {
    let mut ys = Vec::new();
    let mut xs = Vec::new();
    for c in &g.cells {
        let b = c.origin.bbox?;
        ys.extend([b[1], b[3]]);
        xs.extend([b[0], b[2]]);
    }
    let (ys, xs) = (cluster(ys), cluster(xs));
    (ys.len() == g.rows as usize + 1 && xs.len() == g.cols as usize + 1).then_some((ys, xs))
}

/// Do two strips have the same body rows: the same rules from the bottom up, over every row
/// from the first row with an amount (`body`, the top of that row) down, two rows or more? Above
/// the body the rules may differ: a header cell merged over two rows on one page has no rule
/// where the other page's cells have one.
fn same_rows(a: &[f32], b: &[f32], body: Option<f32>) -> bool {
    let matched = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| (*x - *y).abs() <= TOL)
        .count();
    let top = a[a.len() - matched.max(1)];
    matched >= 3 && body.is_none_or(|y| top <= y + TOL)
}

/// The header words of a strip's columns from `drop` on (the cells above `body`), sorted.
fn header_texts(s: &Strip, drop: usize, body: f32) -> Vec<String> {
    let mut out: Vec<String> = s
        .grid
        .cells
        .iter()
        .filter(|c| c.col as usize >= drop)
        .filter(|c| c.origin.bbox.is_some_and(|b| b[3] <= body + TOL))
        .map(|c| fold(&c.text))
        .filter(|t| !t.is_empty())
        .collect();
    out.sort();
    out
}

/// Do two strips have the same columns (rules) and the same words in their top row, at the same
/// height: one table's header printed again over its next rows (a forced page break), not two
/// strips of it (those print the headers of other columns).
fn same_columns_same_top(a: &Strip, b: &Strip) -> bool {
    let near = |x: &[f32], y: &[f32]| {
        x.len() == y.len() && x.iter().zip(y).all(|(p, q)| (p - q).abs() <= TOL)
    };
    let top = |s: &Strip| -> Vec<String> {
        s.grid
            .cells
            .iter()
            .filter(|c| c.row == 0)
            .map(|c| fold(&c.text))
            .collect()
    };
    let (ta, tb) = (top(a), top(b));
    near(&a.xs, &b.xs)
        && (a.ys[0] - b.ys[0]).abs() <= TOL
        && ta == tb
        && ta.iter().any(|t| !t.is_empty())
}

/// Does a strip print a word of the first strip's body again in the same row, outside the
/// repeated columns: one form or template filled in again on the next page (绩效目标表 per
/// project), not the next columns of its rows?
fn repeats_body_words(first: &Strip, s: &Strip, body: f32) -> bool {
    let words = |st: &Strip, from: usize| -> Vec<(i32, String)> {
        st.grid
            .cells
            .iter()
            .filter(|c| c.col as usize >= from)
            .filter_map(|c| {
                let b = c.origin.bbox?;
                let f = fold(&c.text);
                (b[1] >= body - TOL
                    && !f.is_empty()
                    && !is_amount(&c.text)
                    && f.chars().any(|ch| !ch.is_ascii())
                    && !f.chars().all(|ch| "—－–-".contains(ch)))
                .then(|| ((b[1] / 2.0).round() as i32, f))
            })
            .collect()
    };
    let a = words(first, 0);
    words(s, s.drop).iter().any(|w| a.contains(w))
}

/// The top of a grid's first row that holds an amount (or a dash for a blank one).
fn body_top(g: &Grid) -> Option<f32> {
    g.cells
        .iter()
        // a dash printed for a blank amount is a value too: a body of mostly blank amounts
        // has its first amounts far down, and the rows above them are no header
        .filter(|c| is_amount(&c.text) || matches!(parse(&c.text), CellValue::NotApplicable))
        .filter_map(|c| c.origin.bbox)
        .map(|b| b[1])
        .min_by(f32::total_cmp)
}

/// Two pieces of one printed text: one empty, equal, one holding the other, or the end of the
/// first overlapping the start of the second by two characters or more.
pub fn join_pieces(a: &str, b: &str) -> Option<String> {
    let (fa, fb) = (a.trim(), b.trim());
    if fa.is_empty() || fb.contains(fa) {
        return Some(fb.to_string());
    }
    if fb.is_empty() || fa.contains(fb) {
        return Some(fa.to_string());
    }
    let bc: Vec<char> = fb.chars().collect();
    let ac: Vec<char> = fa.chars().collect();
    (2..bc.len().min(ac.len()))
        .rev()
        .find(|&k| ac[ac.len() - k..] == bc[..k])
        .map(|k| format!("{fa}{}", bc[k..].iter().collect::<String>()))
}

fn is_amount(t: &str) -> bool {
    matches!(parse(t), CellValue::Amount(_))
}

/// A strip of the sheet: one page's grid with its page's text.
struct Strip<'a> {
    grid_block: usize,
    grid: &'a Grid,
    page: u32,
    ys: Vec<f32>,
    xs: Vec<f32>,
    /// Text blocks on the page before and after the grid.
    lines: Vec<usize>,
    /// Leading columns repeating the first strip's ('columns to repeat at left').
    drop: usize,
}

fn text_of(blocks: &[Block], i: usize) -> &TextLine {
    match &blocks[i] {
        Block::Text(t) => t,
        Block::Grid(_) => unreachable!("text block"),
    }
}

fn bbox(t: &TextLine) -> Option<[f32; 4]> {
    t.origin.bbox
}

/// The text at (row, col) of a grid, merged regions included.
fn dense_texts(g: &Grid) -> Vec<Vec<&str>> {
    g.dense()
        .into_iter()
        .map(|r| {
            r.into_iter()
                .map(|c| c.map_or("", |i| g.cells[i].text.as_str()))
                .collect()
        })
        .collect()
}

/// How many leading columns of `s` repeat the first strip's: the same widths and the same text
/// in every row they share, some of it words in the body (rows from `body` down).
fn repeated_columns(first: &Strip, s: &Strip, body: f32) -> usize {
    let (a, b) = (dense_texts(first.grid), dense_texts(s.grid));
    let row_of = |ys: &[f32], y: f32| ys.iter().position(|v| (v - y).abs() <= TOL);
    let shared: Vec<(usize, usize)> = (0..s.grid.rows as usize)
        .filter_map(|r| Some((row_of(&first.ys, s.ys[r])?, r)))
        .collect();
    let max = (first.grid.cols.min(s.grid.cols) as usize).saturating_sub(1);
    (1..=max)
        .rev()
        .find(|&k| {
            (0..k).all(|c| {
                let wa = first.xs[c + 1] - first.xs[c];
                let wb = s.xs[c + 1] - s.xs[c];
                (wa - wb).abs() <= TOL
                    && shared.iter().all(|&(ra, rb)| a[ra][c] == b[rb][c])
                    && shared.iter().any(|&(ra, _)| {
                        first.ys[ra] >= body - TOL && !a[ra][c].is_empty() && !is_amount(a[ra][c])
                    })
            }) && s
                .grid
                .cells
                .iter()
                .all(|c| c.col as usize >= k || (c.col + c.col_span) as usize <= k)
        })
        .unwrap_or(0)
}

/// Title-zone lines of the strips so far (text, box, its grid's x extent).
type TitleLine<'a> = (&'a TextLine, [f32; 4], [f32; 2]);

/// A title line and a piece on the next page: pieces of one text, or cut at the page edge
/// exactly (the first runs past its grid's right edge, the second starts left of its grid).
fn title_pieces(a: &TitleLine, b: &TitleLine) -> Option<String> {
    if (a.1[1] - b.1[1]).abs() > 2.0 {
        return None;
    }
    join_pieces(&a.0.text, &b.0.text).or_else(|| {
        (a.1[2] > a.2[1] + TOL && b.1[0] < b.2[0] - TOL)
            .then(|| format!("{}{}", a.0.text.trim(), b.0.text.trim()))
    })
}

/// Join the column strips of `blocks`; None when no page is one.
pub fn join(cat: &Catalog, blocks: &[Block]) -> Option<Joined> {
    let page_of = |b: &Block| match b {
        Block::Text(t) => t.origin.page,
        Block::Grid(g) => g.origin.page,
    };
    let grids: Vec<usize> = (0..blocks.len())
        .filter(|&i| matches!(&blocks[i], Block::Grid(g) if g.origin.page.is_some() && g.origin.sheet.is_none() && g.origin.table_index.is_none()))
        .collect();
    if grids.len() < 2 {
        return None;
    }
    // the strip of a grid: its page's text lines before it (back to the previous grid) and
    // after it (up to the next grid)
    let strip = |gi: usize| -> Option<Strip> {
        let Block::Grid(g) = &blocks[gi] else {
            return None;
        };
        let page = g.origin.page?;
        let (ys, xs) = rules(g)?;
        let mut lines = Vec::new();
        let mut i = gi;
        while i > 0
            && matches!(blocks[i - 1], Block::Text(_))
            && page_of(&blocks[i - 1]) == Some(page)
        {
            i -= 1;
            lines.push(i);
        }
        lines.reverse();
        let mut i = gi + 1;
        while i < blocks.len()
            && matches!(blocks[i], Block::Text(_))
            && page_of(&blocks[i]) == Some(page)
        {
            lines.push(i);
            i += 1;
        }
        Some(Strip {
            grid_block: gi,
            grid: g,
            page,
            ys,
            xs,
            lines,
            drop: 0,
        })
    };
    let only_grid_on_page = |gi: usize, first: bool| {
        let page = page_of(&blocks[gi]);
        let mut others = if first {
            blocks[..gi].iter().rev().collect::<Vec<_>>()
        } else {
            blocks[gi + 1..].iter().collect()
        };
        others.retain(|b| matches!(b, Block::Grid(_)));
        others.first().is_none_or(|b| page_of(b) != page)
    };
    let mut chains: Vec<Vec<Strip>> = Vec::new();
    let mut k = 0;
    while k < grids.len() {
        let Some(first) = strip(grids[k]) else {
            k += 1;
            continue;
        };
        let mut chain = vec![first];
        // title-zone lines so far: (block, box, grid x extent)
        let mut tl: Vec<(usize, [f32; 4], [f32; 2])> = Vec::new();
        let zone = |s: &Strip| -> Vec<(usize, [f32; 4], [f32; 2])> {
            s.lines
                .iter()
                .filter_map(|&i| {
                    let b = bbox(text_of(blocks, i))?;
                    (b[3] <= s.ys[0] + TOL).then_some((i, b, [s.xs[0], s.xs[s.xs.len() - 1]]))
                })
                .collect()
        };
        tl.extend(zone(&chain[0]));
        while k + 1 < grids.len() {
            let last = chain.last().unwrap();
            let Some(mut next) = strip(grids[k + 1]) else {
                break;
            };
            if next.page != last.page + 1
                || !only_grid_on_page(last.grid_block, false)
                || !only_grid_on_page(next.grid_block, true)
                || !same_rows(
                    &last.ys,
                    &next.ys,
                    match (body_top(last.grid), body_top(next.grid)) {
                        (Some(x), Some(y)) => Some(x.min(y)),
                        (x, y) => x.or(y),
                    },
                )
            {
                break;
            }
            // a title of its own that is no piece of the titles so far starts another table
            let new_zone = zone(&next);
            let as_line = |(i, b, x): &(usize, [f32; 4], [f32; 2])| -> TitleLine {
                (text_of(blocks, *i), *b, *x)
            };
            let other_title = new_zone.iter().any(|n| {
                let nl = as_line(n);
                match_title(cat, &nl.0.text).is_some()
                    && tl
                        .iter()
                        .any(|c| match_title(cat, &text_of(blocks, c.0).text).is_some())
                    && !tl.iter().any(|c| title_pieces(&as_line(c), &nl).is_some())
            });
            if other_title {
                break;
            }
            // a strip prints the header of its own columns; a page repeating the header, or
            // printing none, continues the rows (a forced page break), not the columns
            let Some(body) = body_top(last.grid).or(body_top(next.grid)) else {
                break;
            };
            next.drop = repeated_columns(&chain[0], &next, body);
            let (ha, hb) = (
                header_texts(last, last.drop.max(next.drop), body),
                header_texts(&next, next.drop, body),
            );
            if hb.is_empty()
                || ha == hb
                || same_columns_same_top(last, &next)
                || repeats_body_words(&chain[0], &next, body)
            {
                break;
            }
            tl.extend(new_zone);
            chain.push(next);
            k += 1;
        }
        if chain.len() > 1 {
            chains.push(chain);
        }
        k += 1;
    }
    let mut problems = strip_problems(cat, blocks, &grids, &chains);
    if chains.is_empty() && problems.is_empty() {
        return None;
    }
    let mut out = Vec::with_capacity(blocks.len());
    let mut pages = HashMap::new();
    let mut next = 0;
    for chain in &chains {
        let first_line = chain[0]
            .lines
            .iter()
            .copied()
            .filter(|&i| i < chain[0].grid_block)
            .min()
            .unwrap_or(chain[0].grid_block);
        out.extend(blocks[next..first_line].iter().cloned());
        let (grid, before, after) = merge(blocks, chain);
        out.extend(before.into_iter().map(Block::Text));
        pages.insert(out.len(), chain.iter().map(|s| s.page).collect());
        out.push(Block::Grid(grid));
        out.extend(after.into_iter().map(Block::Text));
        let last = chain.last().unwrap();
        next = last
            .lines
            .iter()
            .copied()
            .filter(|&i| i > last.grid_block)
            .max()
            .unwrap_or(last.grid_block)
            + 1;
    }
    out.extend(blocks[next..].iter().cloned());
    problems.dedup();
    Some(Joined {
        blocks: out,
        pages,
        problems,
    })
}

/// One grid from the strips of a chain, with the text lines to print before it (title pieces
/// joined) and after it.
fn merge(blocks: &[Block], chain: &[Strip]) -> (Grid, Vec<TextLine>, Vec<TextLine>) {
    let ys = cluster(chain.iter().flat_map(|s| s.ys.iter().copied()).collect());
    let row_at = |y: f32| ys.iter().position(|v| (v - y).abs() <= TOL);
    let mut cells: Vec<Cell> = Vec::new();
    let mut offsets = Vec::new();
    let mut cols = 0u32;
    for s in chain {
        offsets.push(cols);
        for c in &s.grid.cells {
            if (c.col as usize) < s.drop {
                continue;
            }
            let b = c.origin.bbox.expect("rules() saw every box");
            let (Some(r0), Some(r1)) = (row_at(b[1]), row_at(b[3])) else {
                continue;
            };
            let mut n = c.clone();
            n.row = r0 as u32;
            n.row_span = (r1.max(r0 + 1) - r0) as u32;
            n.col = cols + c.col - s.drop as u32;
            cells.push(n);
        }
        cols += s.grid.cols - s.drop as u32;
    }
    let rows = ys.len() as u32 - 1;
    // the header: the rows above the first amount
    let body = cells
        .iter()
        .filter(|c| is_amount(&c.text))
        .map(|c| c.row)
        .min()
        .unwrap_or(0);
    let mut occ = vec![vec![None::<usize>; cols as usize]; rows as usize];
    let fill = |occ: &mut Vec<Vec<Option<usize>>>, cells: &[Cell], i: usize| {
        let c = &cells[i];
        for r in c.row..(c.row + c.row_span).min(rows) {
            for k in c.col..(c.col + c.col_span).min(cols) {
                occ[r as usize][k as usize] = Some(i);
            }
        }
    };
    for i in 0..cells.len() {
        fill(&mut occ, &cells, i);
    }
    // header text printed without rules (over a merged cell cut by the page, or beside the
    // grid: the part of a cut cell's text past the cut) goes into its header cell
    let mut before_lines: Vec<(usize, TextLine, [f32; 2])> = Vec::new();
    let mut after = Vec::new();
    for (j, s) in chain.iter().enumerate() {
        let (x0, x1) = (s.xs[0], s.xs[s.xs.len() - 1]);
        let c0 = offsets[j];
        let ncol = s.grid.cols - s.drop as u32;
        for &i in &s.lines {
            let t = text_of(blocks, i);
            let Some(b) = t.origin.bbox else {
                after.push(t.clone());
                continue;
            };
            let cy = (b[1] + b[3]) / 2.0;
            if b[3] <= ys[0] + TOL {
                before_lines.push((j, t.clone(), [x0, x1]));
                continue;
            }
            let r = ys.iter().rposition(|y| *y <= cy).unwrap_or(0);
            if r >= body as usize || cy >= ys[ys.len() - 1] {
                after.push(t.clone());
                continue;
            }
            let cx = (b[0] + b[2]) / 2.0;
            let left = b[2] <= x0 + TOL;
            let right = b[0] >= x1 - TOL;
            let k = if left {
                s.drop
            } else if right {
                s.grid.cols as usize - 1
            } else {
                (s.xs.iter().rposition(|x| *x <= cx).unwrap_or(0))
                    .clamp(s.drop, s.grid.cols as usize - 1)
            };
            let col = (c0 as usize + k - s.drop) as usize;
            let row_free = (c0..c0 + ncol).all(|c| occ[r][c as usize].is_none());
            match occ[r][col] {
                Some(ci) if cells[ci].text.trim().is_empty() => {
                    cells[ci].text = t.text.trim().to_string()
                }
                Some(ci) if left => cells[ci].text = format!("{}{}", t.text.trim(), cells[ci].text),
                Some(ci) if right => {
                    cells[ci].text = format!("{}{}", cells[ci].text, t.text.trim())
                }
                Some(_) => before_lines.push((j, t.clone(), [x0, x1])),
                None => {
                    // the run of free columns around it (the whole strip when the row has no
                    // rules on this page)
                    let (mut a, mut z) = (col, col);
                    if row_free {
                        a = c0 as usize;
                        z = (c0 + ncol) as usize - 1;
                    } else {
                        while a > c0 as usize && occ[r][a - 1].is_none() {
                            a -= 1;
                        }
                        while z + 1 < (c0 + ncol) as usize && occ[r][z + 1].is_none() {
                            z += 1;
                        }
                    }
                    let mut n = Cell::new(r as u32, a as u32, t.text.trim(), t.origin.clone());
                    n.col_span = (z - a + 1) as u32;
                    cells.push(n);
                    fill(&mut occ, &cells, cells.len() - 1);
                }
            }
        }
    }
    // header cells cut by the page: the pieces meeting at a cut, with as many rows and header
    // rows under them, are one cell
    let mut gone = vec![false; cells.len()];
    for &seam in offsets.iter().skip(1) {
        let s = seam as usize;
        for r in 0..body as usize {
            let (Some(l), Some(rt)) = (occ[r][s - 1], occ[r][s]) else {
                continue;
            };
            if l == rt || cells[l].row as usize != r || cells[rt].row as usize != r {
                continue;
            }
            let (a, b) = (&cells[l], &cells[rt]);
            if a.row_span != b.row_span || a.row + a.row_span >= body || a.col + a.col_span != seam
            {
                continue;
            }
            let Some(text) = join_pieces(&a.text, &b.text) else {
                continue;
            };
            let end = b.col + b.col_span;
            cells[l].text = text;
            cells[l].col_span = end - cells[l].col;
            gone[rt] = true;
            fill(&mut occ, &cells, l);
        }
    }
    let mut cells: Vec<Cell> = cells
        .into_iter()
        .zip(gone)
        .filter(|(_, g)| !g)
        .map(|(c, _)| c)
        .collect();
    cells.sort_by_key(|c| (c.row, c.col));
    let grid = Grid {
        rows,
        cols,
        cells,
        origin: chain[0].grid.origin.clone(),
    };
    // title lines: pieces at one height are one line, in page order
    let mut before: Vec<(TextLine, [f32; 4], [f32; 2])> = Vec::new();
    for (_, t, x) in before_lines {
        let Some(b) = t.origin.bbox else {
            before.push((t, [0.0; 4], x));
            continue;
        };
        let hit = before
            .iter_mut()
            .rev()
            .find_map(|p| title_pieces(&(&p.0, p.1, p.2), &(&t, b, x)).map(|j| (p, j)));
        match hit {
            Some((p, j)) => {
                p.0.text = j;
                p.1[2] = b[2];
                p.2 = x;
            }
            None => before.push((t, b, x)),
        }
    }
    before.sort_by(|a, b| a.1[1].total_cmp(&b.1[1]));
    (grid, before.into_iter().map(|(t, _, _)| t).collect(), after)
}

/// A grid on the page after another table's, with rows of amounts and no names, that was not
/// joined: the columns of a table printed in strips whose rows could not be matched.
fn strip_problems(
    cat: &Catalog,
    blocks: &[Block],
    grids: &[usize],
    chains: &[Vec<Strip>],
) -> Vec<Problem> {
    let joined: Vec<usize> = chains.iter().flatten().map(|s| s.grid_block).collect();
    let mut out = Vec::new();
    for w in grids.windows(2) {
        let (Block::Grid(a), Block::Grid(b)) = (&blocks[w[0]], &blocks[w[1]]) else {
            continue;
        };
        if joined.contains(&w[1]) {
            continue;
        }
        let (Some(pa), Some(pb)) = (a.origin.page, b.origin.page) else {
            continue;
        };
        if pb != pa + 1 {
            continue;
        }
        let texts = dense_texts(b);
        let Some(body) = texts.iter().position(|r| r.iter().any(|t| is_amount(t))) else {
            continue;
        };
        let rows = &texts[body..];
        let amounts = rows
            .iter()
            .filter(|r| r.iter().any(|t| is_amount(t)))
            .count();
        let words = rows.iter().flatten().any(|t| {
            let f = fold(t);
            !f.is_empty()
                && !is_amount(t)
                && f.chars().any(|c| !c.is_ascii() && !"—－–-".contains(c))
        });
        // a title above it names a table of its own, unless it is a piece of a title printed
        // before (the title of a strip's sheet cut by the page)
        let earlier: Vec<&str> = blocks[..w[1]]
            .iter()
            .filter_map(|x| match x {
                Block::Text(t) if t.origin.page.is_some_and(|p| p + 5 >= pb && p < pb) => {
                    Some(t.text.as_str())
                }
                _ => None,
            })
            .collect();
        let titled = blocks[w[0] + 1..w[1]].iter().any(|x| {
            matches!(x, Block::Text(t) if t.origin.page == Some(pb)
                && match_title(cat, &t.text).is_some()
                && !earlier.iter().any(|e| fold(e).contains(&fold(&t.text))))
        });
        // names beside it (a name column without rules) are no strip
        let beside = blocks[w[1] + 1..].iter().take_while(|x| matches!(x, Block::Text(_))).any(|x| matches!(x, Block::Text(t) if t.origin.page == Some(pb) && t.origin.bbox.zip(b.origin.bbox).is_some_and(|(l, g)| l[2] <= g[0] + TOL)));
        if amounts >= 2 && !words && !titled && !beside {
            out.push(Problem::warning(
                "table_split_by_columns",
                format!(
                    "page {pb} holds columns of amounts without row names, as a sheet printed in column strips (no fit-to-width) continues the table of page {pa} to the right, but its rows do not line up with that table's: the columns are not joined, and the table of page {pa} lacks them"
                ),
                format!("page {pb}"),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_of_one_text_join() {
        assert_eq!(
            join_pieces("2026年度单位收入预算表", "位收入预算表").unwrap(),
            "2026年度单位收入预算表"
        );
        assert_eq!(
            join_pieces(
                "附表9 2026年一般公共预算财政拨款支出预算情",
                "算财政拨款支出预算情况表"
            )
            .unwrap(),
            "附表9 2026年一般公共预算财政拨款支出预算情况表"
        );
        assert_eq!(join_pieces("", "本年收入").unwrap(), "本年收入");
        assert!(join_pieces("一般公共预算", "政府性基金预算").is_none());
        // one shared character is no evidence
        assert!(join_pieces("小计", "计划").is_none());
    }

    #[test]
    fn body_rows_match_from_the_bottom_up() {
        let a = [117.0, 132.0, 147.0, 162.0, 177.0, 192.0, 207.0, 222.0];
        let b = [147.0, 162.0, 177.0, 192.0, 207.0, 222.0];
        assert!(same_rows(&a, &b, Some(162.0)));
        assert!(!same_rows(
            &a,
            &[147.0, 162.0, 177.0, 192.0, 207.0],
            Some(162.0)
        ));
        // a header rule missing on one page (cells merged over two rows there) is no matter,
        // a body rule is
        let c = [102.0, 117.0, 147.0, 162.0, 177.0, 192.0, 207.0, 222.0];
        assert!(same_rows(&a, &c, Some(162.0)));
        assert!(!same_rows(&a, &c, Some(132.0)));
        assert!(!same_rows(
            &a,
            &[147.0, 162.0, 177.0, 190.0, 207.0, 222.0],
            Some(162.0)
        ));
    }
}
