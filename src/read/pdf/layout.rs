//! Layout: glyphs and ruling segments of all pages → text lines and grids, in reading order.
//!
//! Per page: ruling segments are cleaned and merged ([`lattice`]); connected groups of
//! horizontal + vertical rules become grids whose cells take the glyphs whose centre falls
//! inside them. Text left over is grouped into lines ([`text`]); runs of lines whose pieces
//! align in columns (tables ruled with horizontals only, or not at all) become grids too
//! ([`stream`]). Finally, lines repeated across pages in the margins (running headers,
//! footers, page numbers) and large repeated lines (watermarks) are dropped ([`noise`]).

mod lattice;
mod noise;
mod overflow;
mod stream;
mod text;

use super::page::{Glyph, PageContent};
use crate::model::{Block, Cell, Grid, Origin, TextLine};
use text::{center_x, center_y};

/// Turn every page into blocks: ruled (or aligned) tables become `Block::Grid` with
/// `Origin::page` provenance, other text becomes `Block::Text` lines. Watermarks, page numbers
/// and running headers/footers repeated across pages are dropped.
pub fn layout_document(pages: &[PageContent]) -> Vec<Block> {
    let watermark = noise::watermark_glyphs(pages);
    let mut carry: Option<stream::Columns> = None;
    let mut per_page: Vec<Vec<(f32, Block)>> = Vec::with_capacity(pages.len());
    for (p, wm) in pages.iter().zip(watermark.iter()) {
        let (blocks, next) = layout_page(p, wm, carry.as_ref());
        carry = next;
        per_page.push(blocks);
    }
    noise::drop_repeated_lines(pages, &mut per_page);
    per_page
        .into_iter()
        .flat_map(|v| v.into_iter().map(|(_, b)| b))
        .collect()
}

fn r2(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

fn bbox(b: [f32; 4]) -> Option<[f32; 4]> {
    Some([r2(b[0]), r2(b[1]), r2(b[2]), r2(b[3])])
}

/// Lay out one page. `drop` marks glyphs already known to be noise (watermarks); `carry` is the
/// stream table that ended the page before. Blocks come with their top y, sorted, and the
/// stream table that ends this page.
fn layout_page(
    page: &PageContent,
    drop: &[bool],
    carry: Option<&stream::Columns>,
) -> (Vec<(f32, Block)>, Option<stream::Columns>) {
    let glyphs = &page.glyphs;
    let mut used: Vec<bool> = drop.to_vec();
    used.resize(glyphs.len(), false);
    for (i, g) in glyphs.iter().enumerate() {
        if g.text.trim().is_empty() || !(g.x0.is_finite() && g.y0.is_finite()) {
            used[i] = true;
        }
        // glyphs outside the page box are clipped away: not printed
        let (cx, cy) = (center_x(g), center_y(g));
        if page.width > 0.0
            && page.height > 0.0
            && (cx < 0.0 || cy < 0.0 || cx > page.width || cy > page.height)
        {
            used[i] = true;
        }
    }
    let mut blocks: Vec<(f32, Block)> = Vec::new();

    let (hs, vs) = lattice::page_rules(glyphs, &page.segments);
    let centres: Vec<(f32, f32)> = glyphs
        .iter()
        .enumerate()
        .filter(|(i, _)| !used[*i])
        .map(|(_, g)| (center_x(g), center_y(g)))
        .collect();
    let mut lattices: Vec<lattice::Lattice> = Vec::new();
    let mut h_only: Vec<Vec<lattice::Rule>> = Vec::new();
    for (hi, vi) in lattice::components(&hs, &vs) {
        let h: Vec<&lattice::Rule> = hi.iter().map(|&i| &hs[i]).collect();
        let v: Vec<&lattice::Rule> = vi.iter().map(|&i| &vs[i]).collect();
        if v.is_empty() {
            h_only.push(h.into_iter().copied().collect());
            continue;
        }
        if let Some(l) = lattice::build(&h, &v, &centres) {
            lattices.push(l);
        }
    }
    // a frame around other grids (page border, box around a table) is not itself a table
    let boxes: Vec<[f32; 4]> = lattices.iter().map(|l| l.bbox()).collect();
    let contains = |a: &[f32; 4], b: &[f32; 4]| {
        a[0] <= b[0] + 1.0 && a[1] <= b[1] + 1.0 && a[2] >= b[2] - 1.0 && a[3] >= b[3] - 1.0
    };
    let keep: Vec<bool> = (0..lattices.len())
        .map(|i| {
            !(0..lattices.len())
                .any(|j| j != i && contains(&boxes[i], &boxes[j]) && boxes[i] != boxes[j])
        })
        .collect();
    for (mut l, _) in lattices.into_iter().zip(keep).filter(|(_, k)| *k) {
        extend_outer_columns(page, &mut l, &used);
        let grid = fill_lattice(page, &l, &mut used);
        // a ruled region with no text (chart frame, legend boxes) is not a table
        if grid.cells.iter().all(|c| c.text.is_empty()) {
            continue;
        }
        blocks.push((l.ys[0], Block::Grid(grid)));
    }

    // remaining glyphs → lines → stream tables + text lines
    let rest: Vec<usize> = (0..glyphs.len()).filter(|&i| !used[i]).collect();
    let lines = text::group_lines(glyphs, &rest);
    let (grids, text_lines, last) = stream::find_tables(page, lines, &h_only, carry);
    // a ruled table below the stream table ends the page instead
    let last = last.filter(|l| {
        !blocks
            .iter()
            .any(|(top, b)| matches!(b, Block::Grid(_)) && *top > l.bottom)
    });
    blocks.extend(grids);
    for l in text_lines {
        if let Some(b) = text_block(page, &l) {
            blocks.push((l.y0, b));
        }
    }
    blocks.sort_by(|a, b| a.0.total_cmp(&b.0));
    (blocks, last)
}

fn text_block(page: &PageContent, l: &text::Line) -> Option<Block> {
    let glyphs = &page.glyphs;
    let s = text::join_line(glyphs, &l.glyphs);
    if s.is_empty() {
        return None;
    }
    let mut sizes: Vec<f32> = l.glyphs.iter().map(|&i| glyphs[i].size).collect();
    let size = text::median(&mut sizes).map(r2);
    Some(Block::Text(TextLine {
        text: s,
        size,
        origin: Origin {
            bbox: bbox([l.x0, l.y0, l.x1, l.y1]),
            ..Origin::page(page.number)
        },
    }))
}

/// A ruled region that misses its outer columns: text beside the grid, within its rows,
/// becomes extra unruled columns (one cell per row strip).
fn extend_outer_columns(page: &PageContent, l: &mut lattice::Lattice, used: &[bool]) {
    let [bx0, by0, bx1, by1] = l.bbox();
    let nr = l.ys.len() - 1;
    let mut left: Vec<usize> = Vec::new();
    let mut right: Vec<usize> = Vec::new();
    for (i, g) in page.glyphs.iter().enumerate() {
        if used[i] || !g.upright {
            continue;
        }
        let (cx, cy) = (center_x(g), center_y(g));
        if cy <= by0 || cy >= by1 {
            continue;
        }
        if g.x1 <= bx0 + 1.0 && bx0 - g.x1 < 200.0 {
            left.push(i);
        } else if g.x0 >= bx1 - 1.0 && g.x0 - bx1 < 200.0 && cx > bx1 {
            right.push(i);
        }
    }
    let row_of = |y: f32| {
        l.ys.partition_point(|&b| b < y)
            .saturating_sub(1)
            .min(nr - 1)
    };
    // column spans of the outside text; None when it is not a column of several rows
    let spans = |idx: &[usize]| -> Option<Vec<(f32, f32)>> {
        let mut rows: Vec<usize> = idx
            .iter()
            .map(|&i| row_of(center_y(&page.glyphs[i])))
            .collect();
        rows.sort_unstable();
        rows.dedup();
        if rows.len() < 2 {
            return None;
        }
        let mut iv: Vec<(f32, f32, f32)> = idx
            .iter()
            .map(|&i| {
                let g = &page.glyphs[i];
                (g.x0, g.x1, text::em(g))
            })
            .collect();
        iv.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut out: Vec<(f32, f32)> = Vec::new();
        for (a, b, e) in iv {
            match out.last_mut() {
                Some(s) if a <= s.1 + e => s.1 = s.1.max(b),
                _ => out.push((a, b)),
            }
        }
        Some(out)
    };
    let nl = spans(&left).map(|sp| {
        let mut xs: Vec<f32> = vec![sp[0].0 - 1.0];
        for w in sp.windows(2) {
            xs.push((w[0].1 + w[1].0) / 2.0);
        }
        let n = xs.len();
        l.xs.splice(0..0, xs);
        n
    });
    let nright = spans(&right).map(|sp| {
        let mut xs: Vec<f32> = Vec::new();
        for w in sp.windows(2) {
            xs.push((w[0].1 + w[1].0) / 2.0);
        }
        xs.push(sp[sp.len() - 1].1 + 1.0);
        let n = xs.len();
        l.xs.extend(xs);
        n
    });
    let nl = nl.unwrap_or(0);
    let nright = nright.unwrap_or(0);
    if nl == 0 && nright == 0 {
        return;
    }
    let old_nc = l.xs.len() - 1 - nl - nright;
    for c in &mut l.cells {
        c.1 += nl;
    }
    for r in 0..nr {
        for c in (0..nl).chain(nl + old_nc..nl + old_nc + nright) {
            l.cells.push((r, c, 1, 1));
        }
    }
    l.cells.sort_unstable();
}

/// Place the page's unused glyphs into a lattice and make the grid; marks them used.
fn fill_lattice(page: &PageContent, l: &lattice::Lattice, used: &mut [bool]) -> Grid {
    let glyphs = &page.glyphs;
    let nr = l.ys.len() - 1;
    let nc = l.xs.len() - 1;
    let mut at = vec![vec![usize::MAX; nc]; nr];
    for (ci, &(r, c, rs, cs)) in l.cells.iter().enumerate() {
        for row in at.iter_mut().skip(r).take(rs) {
            for a in row.iter_mut().skip(c).take(cs) {
                *a = ci;
            }
        }
    }
    let [bx0, by0, bx1, by1] = l.bbox();
    let mut content: Vec<Vec<usize>> = vec![Vec::new(); l.cells.len()];
    // text overflowing its cell goes to that cell, even the lines printed past the grid
    for (idx, ci) in overflow::overflowing(page, l, &at, used) {
        for i in idx {
            used[i] = true;
            content[ci].push(i);
        }
    }
    let mut sizes: Vec<f32> = Vec::new();
    let mut inside: Vec<usize> = Vec::new();
    for (i, g) in glyphs.iter().enumerate() {
        if used[i] {
            continue;
        }
        let (cx, cy) = (center_x(g), center_y(g));
        if cx > bx0 && cx < bx1 && cy > by0 && cy < by1 {
            used[i] = true;
            if g.upright {
                inside.push(i);
                sizes.push(g.size);
            }
        }
    }
    // glyphs far larger than the grid's text are an overlaid watermark
    let med = text::median(&mut sizes).unwrap_or(0.0);
    for i in inside {
        let g = &glyphs[i];
        if med > 0.0 && g.size > 2.2 * med {
            continue;
        }
        let r =
            l.ys.partition_point(|&y| y < center_y(g))
                .saturating_sub(1)
                .min(nr - 1);
        let c =
            l.xs.partition_point(|&x| x < center_x(g))
                .saturating_sub(1)
                .min(nc - 1);
        let ci = at[r][c];
        if ci != usize::MAX {
            content[ci].push(i);
        }
    }
    let cells = l
        .cells
        .iter()
        .zip(content)
        .map(|(&(r, c, rs, cs), idx)| Cell {
            row: r as u32,
            col: c as u32,
            row_span: rs as u32,
            col_span: cs as u32,
            text: text::block_text(glyphs, &idx),
            flag: None,
            origin: Origin {
                bbox: bbox([l.xs[c], l.ys[r], l.xs[c + cs], l.ys[r + rs]]),
                ..Origin::page(page.number)
            },
        })
        .collect();
    Grid {
        rows: nr as u32,
        cols: nc as u32,
        cells,
        origin: Origin {
            bbox: bbox(l.bbox()),
            ..Origin::page(page.number)
        },
    }
}

#[allow(dead_code)]
fn glyph_box(g: &Glyph) -> [f32; 4] {
    [g.x0, g.y0, g.x1, g.y1]
}

#[cfg(test)]
mod tests;
