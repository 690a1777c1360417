//! Ruled tables: segments → merged rules → connected groups → row/column boundaries → cells.

use super::super::page::{Glyph, Segment};

/// Tolerance for "same line" and for touching rules, in points.
pub const TOL: f32 = 2.0;
/// Merged rules shorter than this are noise.
const MIN_RULE: f32 = 5.0;
/// Strips thinner than this with no text inside are collapsed (double rules).
const MIN_STRIP: f32 = 4.0;

/// A horizontal (`horiz`) or vertical rule: `pos` is y (resp. x), `a..b` the extent.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub pos: f32,
    pub a: f32,
    pub b: f32,
}

/// A ruled grid before text is placed: boundaries and the anchor cells with spans.
#[derive(Debug, Clone)]
pub struct Lattice {
    pub xs: Vec<f32>,
    pub ys: Vec<f32>,
    /// (row, col, row_span, col_span)
    pub cells: Vec<(usize, usize, usize, usize)>,
}

impl Lattice {
    pub fn bbox(&self) -> [f32; 4] {
        [
            self.xs[0],
            self.ys[0],
            *self.xs.last().unwrap(),
            *self.ys.last().unwrap(),
        ]
    }
}

/// A spatial hash of glyph boxes to drop segments drawn inside glyphs (outlined fake bold).
struct GlyphIndex<'a> {
    glyphs: &'a [Glyph],
    cell: f32,
    map: std::collections::HashMap<(i32, i32), Vec<usize>>,
}

impl<'a> GlyphIndex<'a> {
    fn new(glyphs: &'a [Glyph]) -> Self {
        let cell = 24.0;
        let mut map: std::collections::HashMap<(i32, i32), Vec<usize>> = Default::default();
        // Only upright glyphs of text size can hide fake-bold outlines; a big watermark glyph's
        // box covers whole cells, and real borders inside it must survive. A title in 13-22 pt
        // over a 6 pt table body is still text size (a re-distilled print outlines its bold
        // title), hence the floor of WATERMARK_MIN_SIZE.
        let mut sizes: Vec<f32> = glyphs
            .iter()
            .filter(|g| g.upright)
            .map(|g| g.size)
            .collect();
        sizes.sort_by(f32::total_cmp);
        let body = sizes.get(sizes.len() / 2).copied().unwrap_or(0.0);
        for (i, g) in glyphs.iter().enumerate() {
            if !(g.x1 - g.x0 < 200.0 && g.y1 - g.y0 < 200.0)
                || !g.upright
                || g.size > (body * 2.0).max(WATERMARK_MIN_SIZE)
            {
                continue;
            }
            for cx in (g.x0 / cell).floor() as i32..=(g.x1 / cell).floor() as i32 {
                for cy in (g.y0 / cell).floor() as i32..=(g.y1 / cell).floor() as i32 {
                    map.entry((cx, cy)).or_default().push(i);
                }
            }
        }
        GlyphIndex { glyphs, cell, map }
    }

    /// Whether the segment lies entirely inside one glyph box (with a little slack).
    fn inside_glyph(&self, s: &Segment) -> bool {
        let key = (
            ((s.x0 + s.x1) / 2.0 / self.cell).floor() as i32,
            ((s.y0 + s.y1) / 2.0 / self.cell).floor() as i32,
        );
        let Some(v) = self.map.get(&key) else {
            return false;
        };
        // A bucket holds a few glyphs on a real page; hundreds piled on one spot (a form drawn
        // over and over) must not make this quadratic.
        v.iter().take(MAX_GLYPHS_PER_BUCKET).any(|&i| {
            let g = &self.glyphs[i];
            let m = 0.5;
            s.x0 >= g.x0 - m && s.x1 <= g.x1 + m && s.y0 >= g.y0 - m && s.y1 <= g.y1 + m
        })
    }
}

/// Glyphs at least this big (points) may be watermarks whatever the body size.
const WATERMARK_MIN_SIZE: f32 = 36.0;

/// Glyphs of one index bucket looked at per segment (bounds piled-up hostile content).
const MAX_GLYPHS_PER_BUCKET: usize = 256;

/// Merge collinear overlapping rules (same `pos` within TOL, extents touching within TOL).
pub fn merge_rules(mut v: Vec<Rule>) -> Vec<Rule> {
    v.sort_by(|p, q| p.pos.total_cmp(&q.pos));
    // cluster by pos
    let mut out = Vec::new();
    let mut i = 0;
    while i < v.len() {
        let mut j = i + 1;
        while j < v.len() && v[j].pos - v[j - 1].pos <= TOL * 0.75 && v[j].pos - v[i].pos <= TOL {
            j += 1;
        }
        let mut grp: Vec<Rule> = v[i..j].to_vec();
        grp.sort_by(|p, q| p.a.total_cmp(&q.a));
        let mut cur: Option<(Rule, f32, f32)> = None; // rule, sum(pos*len), sum(len)
        for r in grp {
            let len = (r.b - r.a).max(0.01);
            match &mut cur {
                Some((c, sp, sl)) if r.a <= c.b + TOL => {
                    c.b = c.b.max(r.b);
                    *sp += r.pos * len;
                    *sl += len;
                }
                _ => {
                    if let Some((mut c, sp, sl)) = cur.take() {
                        c.pos = sp / sl;
                        out.push(c);
                    }
                    cur = Some((r, r.pos * len, len));
                }
            }
        }
        if let Some((mut c, sp, sl)) = cur.take() {
            c.pos = sp / sl;
            out.push(c);
        }
        i = j;
    }
    out
}

/// Clean, merged horizontal and vertical rules of a page.
pub fn page_rules(glyphs: &[Glyph], segments: &[Segment]) -> (Vec<Rule>, Vec<Rule>) {
    let index = GlyphIndex::new(glyphs);
    let mut hs = Vec::new();
    let mut vs = Vec::new();
    for s in segments {
        let (x0, x1) = (s.x0.min(s.x1), s.x0.max(s.x1));
        let (y0, y1) = (s.y0.min(s.y1), s.y0.max(s.y1));
        if !(x0.is_finite() && x1.is_finite() && y0.is_finite() && y1.is_finite()) {
            continue;
        }
        let s = Segment { x0, y0, x1, y1 };
        let (w, h) = (x1 - x0, y1 - y0);
        if w < 1.0 && h < 1.0 {
            continue;
        }
        if index.inside_glyph(&s) {
            continue;
        }
        if h <= 1.0 && w > h {
            hs.push(Rule {
                pos: (y0 + y1) / 2.0,
                a: x0,
                b: x1,
            });
        } else if w <= 1.0 && h > w {
            vs.push(Rule {
                pos: (x0 + x1) / 2.0,
                a: y0,
                b: y1,
            });
        }
    }
    let keep = |r: &Rule| r.b - r.a >= MIN_RULE;
    let hs: Vec<Rule> = merge_rules(hs).into_iter().filter(keep).collect();
    let vs: Vec<Rule> = merge_rules(vs).into_iter().filter(keep).collect();
    (hs, vs)
}

fn find(p: &mut [usize], mut i: usize) -> usize {
    while p[i] != i {
        p[i] = p[p[i]];
        i = p[i];
    }
    i
}

/// Connected groups of rules: (horizontal indices, vertical indices). Horizontals that touch
/// no vertical come back as groups with no verticals.
pub fn components(hs: &[Rule], vs: &[Rule]) -> Vec<(Vec<usize>, Vec<usize>)> {
    let n = hs.len() + vs.len();
    let mut parent: Vec<usize> = (0..n).collect();
    // verticals sorted by x for a range query per horizontal
    let mut vord: Vec<usize> = (0..vs.len()).collect();
    vord.sort_by(|&a, &b| vs[a].pos.total_cmp(&vs[b].pos));
    let vx: Vec<f32> = vord.iter().map(|&i| vs[i].pos).collect();
    for (hi, h) in hs.iter().enumerate() {
        let lo = vx.partition_point(|&x| x < h.a - TOL);
        let hi_end = vx.partition_point(|&x| x <= h.b + TOL);
        for &vi in &vord[lo..hi_end] {
            let v = &vs[vi];
            if h.pos >= v.a - TOL && h.pos <= v.b + TOL {
                let (a, b) = (find(&mut parent, hi), find(&mut parent, hs.len() + vi));
                if a != b {
                    parent[a] = b;
                }
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<usize>, Vec<usize>)> =
        Default::default();
    for i in 0..n {
        let r = find(&mut parent, i);
        let e = groups.entry(r).or_default();
        if i < hs.len() {
            e.0.push(i);
        } else {
            e.1.push(i - hs.len());
        }
    }
    groups.into_values().collect()
}

/// Cluster sorted positions within TOL into boundaries.
fn cluster(mut v: Vec<f32>) -> Vec<f32> {
    v.sort_by(|a, b| a.total_cmp(b));
    let mut out: Vec<f32> = Vec::new();
    let mut cnt = 0.0f32;
    for x in v {
        match out.last_mut() {
            Some(last) if x - *last <= TOL => {
                // running mean
                *last = (*last * cnt + x) / (cnt + 1.0);
                cnt += 1.0;
            }
            _ => {
                out.push(x);
                cnt = 1.0;
            }
        }
    }
    out
}

/// Whether rules at `pos` cover the span [a, b] (most of it, around its middle).
fn covered(rules: &[&Rule], pos: f32, a: f32, b: f32) -> bool {
    let len = b - a;
    let m = (a + b) / 2.0;
    let need0 = m - 0.3 * len;
    let need1 = m + 0.3 * len;
    rules
        .iter()
        .any(|r| (r.pos - pos).abs() <= TOL && r.a <= need0 && r.b >= need1)
}

/// Build the lattice of one group of rules. `glyph_centres` is used to keep strips that hold
/// text when collapsing thin strips. Returns None when the group is not a table.
pub fn build(hs: &[&Rule], vs: &[&Rule], glyph_centres: &[(f32, f32)]) -> Option<Lattice> {
    if hs.is_empty() || vs.is_empty() {
        return None;
    }
    let mut ys = cluster(hs.iter().map(|r| r.pos).collect());
    let mut xs = cluster(vs.iter().map(|r| r.pos).collect());
    // open sides: rules extending past the outermost perpendicular rules
    let hmin = hs.iter().map(|r| r.a).fold(f32::MAX, f32::min);
    let hmax = hs.iter().map(|r| r.b).fold(f32::MIN, f32::max);
    let vmin = vs.iter().map(|r| r.a).fold(f32::MAX, f32::min);
    let vmax = vs.iter().map(|r| r.b).fold(f32::MIN, f32::max);
    if hmin < xs[0] - 3.0 * TOL {
        xs.insert(0, hmin);
    }
    if hmax > xs[xs.len() - 1] + 3.0 * TOL {
        xs.push(hmax);
    }
    if vmin < ys[0] - 3.0 * TOL {
        ys.insert(0, vmin);
    }
    if vmax > ys[ys.len() - 1] + 3.0 * TOL {
        ys.push(vmax);
    }
    collapse(&mut ys, |a, b| {
        glyph_centres.iter().any(|&(_, y)| y > a && y < b)
    });
    collapse(&mut xs, |a, b| {
        glyph_centres.iter().any(|&(x, _)| x > a && x < b)
    });
    let nr = ys.len().checked_sub(1)?;
    let nc = xs.len().checked_sub(1)?;
    if nr == 0 || nc == 0 || nr * nc < 2 {
        return None;
    }
    // borders: vb[r][k] vertical border at xs[k] in row r (k = 1..nc-1);
    // hb[k][c] horizontal border at ys[k] in column c (k = 1..nr-1)
    let mut vb = vec![vec![false; nc + 1]; nr];
    for (r, row) in vb.iter_mut().enumerate() {
        for (k, b) in row.iter_mut().enumerate() {
            *b = covered(vs, xs[k], ys[r], ys[r + 1]);
        }
    }
    let mut hb = vec![vec![false; nc]; nr + 1];
    for (k, row) in hb.iter_mut().enumerate() {
        for (c, b) in row.iter_mut().enumerate() {
            *b = covered(hs, ys[k], xs[c], xs[c + 1]);
        }
    }
    let mut taken = vec![vec![false; nc]; nr];
    let mut cells = Vec::new();
    for r in 0..nr {
        for c in 0..nc {
            if taken[r][c] {
                continue;
            }
            let mut cs = 1;
            while c + cs < nc && !vb[r][c + cs] && !taken[r][c + cs] {
                cs += 1;
            }
            let mut rs = 1;
            while r + rs < nr
                && (c..c + cs).all(|k| !hb[r + rs][k] && !taken[r + rs][k])
                // the region below must not be split by a vertical border inside the span
                && (c + 1..c + cs).all(|k| !vb[r + rs][k])
            {
                rs += 1;
            }
            for row in taken.iter_mut().skip(r).take(rs) {
                for t in row.iter_mut().skip(c).take(cs) {
                    *t = true;
                }
            }
            cells.push((r, c, rs, cs));
        }
    }
    Some(Lattice { xs, ys, cells })
}

/// Remove boundaries that make strips thinner than MIN_STRIP with no text inside.
fn collapse(b: &mut Vec<f32>, has_text: impl Fn(f32, f32) -> bool) {
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i + 1] - b[i] < MIN_STRIP && !has_text(b[i], b[i + 1]) && b.len() > 2 {
            if i + 2 == b.len() {
                b.remove(i);
            } else {
                b.remove(i + 1);
            }
        } else {
            i += 1;
        }
    }
}
