//! Glyphs → lines → strings: baseline grouping and the joining rules shared by cells and text.

use super::super::page::Glyph;

/// A line of glyphs sharing a baseline, glyph indices sorted by x.
#[derive(Debug, Clone)]
pub struct Line {
    pub glyphs: Vec<usize>,
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Line {
    pub fn center_y(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }
    pub fn height(&self) -> f32 {
        (self.y1 - self.y0).max(0.1)
    }
}

pub fn center_x(g: &Glyph) -> f32 {
    (g.x0 + g.x1) / 2.0
}
pub fn center_y(g: &Glyph) -> f32 {
    (g.y0 + g.y1) / 2.0
}

/// Effective em of a glyph: its font size, or its box height when the size is unknown.
pub fn em(g: &Glyph) -> f32 {
    if g.size > 0.5 {
        g.size
    } else {
        (g.y1 - g.y0).max(1.0)
    }
}

pub fn median(v: &mut [f32]) -> Option<f32> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    Some(v[v.len() / 2])
}

/// Group glyphs (indices into `all`) into lines by vertical overlap; lines sorted top to
/// bottom, glyphs within a line by x. O(n log n).
pub fn group_lines(all: &[Glyph], idx: &[usize]) -> Vec<Line> {
    let mut order: Vec<usize> = idx.to_vec();
    order.sort_by(|&a, &b| center_y(&all[a]).total_cmp(&center_y(&all[b])));
    let mut lines: Vec<Line> = Vec::new();
    for &i in &order {
        let g = &all[i];
        let h = (g.y1 - g.y0).max(0.1);
        let c = center_y(g);
        // Only the most recent lines can still overlap (glyphs come in centre order).
        let mut best: Option<(usize, f32)> = None;
        for li in (lines.len().saturating_sub(4)..lines.len()).rev() {
            let l = &lines[li];
            let ov = g.y1.min(l.y1) - g.y0.max(l.y0);
            let ratio = ov / h.min(l.height());
            // the glyph centre must lie within the line band (guards against tall glyphs)
            if ratio >= 0.5
                && c >= l.y0 - 0.1 * l.height()
                && c <= l.y1 + 0.1 * l.height()
                && best.is_none_or(|(_, r)| ratio > r)
            {
                best = Some((li, ratio));
            }
        }
        match best {
            Some((li, _)) => {
                let l = &mut lines[li];
                l.glyphs.push(i);
                l.x0 = l.x0.min(g.x0);
                l.x1 = l.x1.max(g.x1);
                // keep the band of the first glyphs stable-ish: grow only moderately
                l.y0 = l.y0.min(g.y0);
                l.y1 = l.y1.max(g.y1);
            }
            None => lines.push(Line {
                glyphs: vec![i],
                x0: g.x0,
                y0: g.y0,
                x1: g.x1,
                y1: g.y1,
            }),
        }
    }
    for l in &mut lines {
        l.glyphs
            .sort_by(|&a, &b| all[a].x0.total_cmp(&all[b].x0).then(a.cmp(&b)));
        dedup_overprint(all, &mut l.glyphs);
    }
    lines.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0)));
    lines
}

/// Fake bold by overprinting: the same glyph drawn twice at (almost) the same place.
fn dedup_overprint(all: &[Glyph], v: &mut Vec<usize>) {
    let mut out: Vec<usize> = Vec::with_capacity(v.len());
    for &i in v.iter() {
        let g = &all[i];
        let dup = out.iter().rev().take(3).any(|&j| {
            let h = &all[j];
            h.text == g.text
                && (h.x0 - g.x0).abs() < 0.15 * em(g)
                && (h.y0 - g.y0).abs() < 0.15 * em(g)
        });
        if !dup {
            out.push(i);
        }
    }
    *v = out;
}

pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x31BF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF | 0x20000..=0x2FFFF)
}

fn latin(c: char) -> bool {
    !c.is_whitespace() && !is_cjk(c)
}

/// Join one line's glyphs (sorted by x). A space goes between two Latin/digit runs separated
/// by a visible gap, and between any glyphs separated by a very wide gap; CJK is joined.
pub fn join_line(all: &[Glyph], glyphs: &[usize]) -> String {
    let mut s = String::new();
    let mut prev: Option<&Glyph> = None;
    for &i in glyphs {
        let g = &all[i];
        if g.text.trim().is_empty() {
            continue;
        }
        if let Some(p) = prev {
            let gap = g.x0 - p.x1;
            let e = em(g).max(em(p));
            let a = s.chars().last().unwrap_or(' ');
            let b = g.text.chars().next().unwrap_or(' ');
            let want = if latin(a) && latin(b) {
                gap > 0.3 * e
            } else {
                gap > 2.0 * e
            };
            if want && !s.ends_with(' ') {
                s.push(' ');
            }
        }
        s.push_str(&g.text);
        prev = Some(g);
    }
    s.trim().to_string()
}

/// Join lines of one cell: wrapped text joined without a separator, except a space between
/// two Latin letters (an English word wrap).
pub fn join_lines(parts: &[String]) -> String {
    let mut s = String::new();
    for p in parts {
        if p.is_empty() {
            continue;
        }
        if let (Some(a), Some(b)) = (s.chars().last(), p.chars().next())
            && a.is_ascii_alphabetic()
            && b.is_ascii_alphabetic()
        {
            s.push(' ');
        }
        s.push_str(p);
    }
    s
}

/// Text of a set of glyphs laid out as lines (a cell).
pub fn block_text(all: &[Glyph], idx: &[usize]) -> String {
    let lines = group_lines(all, idx);
    let parts: Vec<String> = lines.iter().map(|l| join_line(all, &l.glyphs)).collect();
    join_lines(&parts)
}
