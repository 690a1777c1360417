//! Cell text that overflows its cell. A spreadsheet prints a wrapped text taller than its row
//! (rows stop at 409 pt) over the rows around it: the lines run on, at their own pitch, over
//! the cells above and below, even past the grid. Placed by glyph centre, those lines would
//! land in the neighbouring cells and garble them (a form's indicator header read as
//! "区完成生产安全类应急预汛应急演二练级").
//!
//! A producer draws one cell's text as one run in the content stream, line after line; such
//! a run is a paragraph here. A paragraph that does not respect the grid (a line crossing a
//! vertical rule, straddling a horizontal one or printed over other text) and that is wrapped
//! at the width of one cell spanning it belongs wholly to that cell.

use super::super::page::{Glyph, PageContent};
use super::lattice::Lattice;
use super::text::{center_x, center_y, em};

/// A line as drawn: glyphs consecutive in the content stream on one baseline.
struct DrawnLine {
    glyphs: Vec<usize>,
    x0: f32,
    x1: f32,
    y0: f32,
    y1: f32,
    em: f32,
}

impl DrawnLine {
    fn cy(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }
}

fn drawn_lines(glyphs: &[Glyph], used: &[bool]) -> Vec<DrawnLine> {
    let mut out: Vec<DrawnLine> = Vec::new();
    for (i, g) in glyphs.iter().enumerate() {
        if used[i] || !g.upright {
            continue;
        }
        let e = em(g);
        let same = out.last().is_some_and(|l| {
            let p = &glyphs[*l.glyphs.last().unwrap()];
            (center_y(g) - center_y(p)).abs() < 0.3 * e
                && g.x0 >= p.x1 - 0.3 * e
                && g.x0 - p.x1 < 3.0 * e
                && (e - l.em).abs() < 0.1 * l.em
        });
        if same {
            let l = out.last_mut().unwrap();
            l.glyphs.push(i);
            l.x1 = l.x1.max(g.x1);
            l.y0 = l.y0.min(g.y0);
            l.y1 = l.y1.max(g.y1);
        } else {
            out.push(DrawnLine {
                glyphs: vec![i],
                x0: g.x0,
                x1: g.x1,
                y0: g.y0,
                y1: g.y1,
                em: e,
            });
        }
    }
    out
}

/// Two lines of one wrapped text: left-aligned, centred or right-aligned alike.
fn aligned(a: &DrawnLine, b: &DrawnLine) -> bool {
    let e = a.em;
    (a.x0 - b.x0).abs() < e || (a.x1 - b.x1).abs() < e || ((a.x0 + a.x1) - (b.x0 + b.x1)).abs() < e
}

/// Runs of drawn lines that read as one wrapped text: each line one steady pitch (0.9–2 em)
/// below the last, aligned with it, same size.
fn paragraphs(lines: &[DrawnLine]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut s = 0;
    while s < lines.len() {
        let mut e = s + 1;
        let mut pitch: Option<f32> = None;
        while e < lines.len() {
            let (a, b) = (&lines[e - 1], &lines[e]);
            let d = b.cy() - a.cy();
            let fits = (b.em - a.em).abs() < 0.1 * a.em
                && d > 0.9 * a.em
                && d < 2.0 * a.em
                && pitch.is_none_or(|p| (d - p).abs() < 0.15 * a.em)
                && aligned(a, b);
            if !fits {
                break;
            }
            pitch = Some(d);
            e += 1;
        }
        out.push(s..e);
        s = e;
    }
    out
}

/// Overflowing paragraphs of a lattice and the cell (index into `l.cells`) each belongs to.
/// `at[r][c]` is the cell covering grid position (r, c).
pub fn overflowing(
    page: &PageContent,
    l: &Lattice,
    at: &[Vec<usize>],
    used: &[bool],
) -> Vec<(Vec<usize>, usize)> {
    let glyphs = &page.glyphs;
    let [bx0, by0, bx1, by1] = l.bbox();
    let (nr, nc) = (l.ys.len() - 1, l.xs.len() - 1);
    let pos = |x: f32, y: f32| -> Option<usize> {
        if !(x > bx0 && x < bx1 && y > by0 && y < by1) {
            return None;
        }
        let r =
            l.ys.partition_point(|&v| v < y)
                .saturating_sub(1)
                .min(nr - 1);
        let c =
            l.xs.partition_point(|&v| v < x)
                .saturating_sub(1)
                .min(nc - 1);
        Some(at[r][c]).filter(|&ci| ci != usize::MAX)
    };
    let lines = drawn_lines(glyphs, used);
    let mut out = Vec::new();
    for p in paragraphs(&lines) {
        let ls = &lines[p];
        if ls.len() < 2 {
            continue;
        }
        let cell_of = |ln: &DrawnLine| -> Vec<usize> {
            let mut v: Vec<usize> = ln
                .glyphs
                .iter()
                .filter_map(|&i| pos(center_x(&glyphs[i]), center_y(&glyphs[i])))
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        let cells: Vec<Vec<usize>> = ls.iter().map(cell_of).collect();
        let mut all: Vec<usize> = cells.iter().flatten().copied().collect();
        all.sort_unstable();
        all.dedup();
        if all.len() < 2 {
            continue;
        }
        // the paragraph ignores the grid: a line across a vertical rule or over a horizontal
        let crosses = cells.iter().any(|c| c.len() > 1);
        let straddles = ls.iter().any(|ln| {
            let h = 0.25 * (ln.y1 - ln.y0);
            l.ys.iter()
                .any(|&y| y > ln.y0 + h && y < ln.y1 - h && ln.x0 < bx1 && ln.x1 > bx0)
        });
        // ... or prints over another cell's text ("其他说明 | 无" under a line running on)
        let mine: Vec<usize> = ls.iter().flat_map(|ln| ln.glyphs.clone()).collect();
        let collides = || {
            ls.iter().any(|ln| {
                let e = 0.3 * ln.em;
                glyphs.iter().enumerate().any(|(j, g)| {
                    !used[j]
                        && g.upright
                        && g.x0 < ln.x1 - e
                        && g.x1 > ln.x0 + e
                        && g.y0 < ln.y1 - e
                        && g.y1 > ln.y0 + e
                        && pos(center_x(g), center_y(g)).is_some()
                        && !mine.contains(&j)
                })
            })
        };
        if !(crosses || straddles || collides()) {
            continue;
        }
        let x0 = ls.iter().map(|ln| ln.x0).fold(f32::MAX, f32::min);
        let x1 = ls.iter().map(|ln| ln.x1).fold(f32::MIN, f32::max);
        let (top, bottom) = (ls[0].cy(), ls[ls.len() - 1].cy());
        let xc = (x0 + x1) / 2.0;
        // the owner: the cell at the paragraph's middle (text centred on its cell), else
        // at its first line (top-aligned) or last (bottom-aligned), spanning it across
        let owner = [(top + bottom) / 2.0, top, bottom]
            .into_iter()
            .filter_map(|y| pos(xc, y))
            .find(|&ci| {
                let (_, c, _, cs) = l.cells[ci];
                let (cx0, cx1) = (l.xs[c], l.xs[c + cs]);
                let wide = 0.6 * (cx1 - cx0);
                x0 >= cx0 - 1.0
                    && x1 <= cx1 + 1.0
                    && ls[..ls.len() - 1].iter().all(|ln| ln.x1 - ln.x0 >= wide)
            });
        if let Some(ci) = owner {
            out.push((mine, ci));
        }
    }
    out
}
