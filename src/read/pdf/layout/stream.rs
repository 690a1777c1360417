//! Tables without vertical rules ("stream" mode): columns from the x-alignment of text
//! across consecutive lines, rows from baselines (wrapped cells kept together), horizontal
//! rules (when present) as region bounds and row separators.

use super::super::page::{Glyph, PageContent};
use super::lattice::Rule;
use super::text::{self, Line};
use crate::model::{Block, Cell, Grid, Origin};

/// A run of glyphs in one line separated from its neighbours by a wide gap.
#[derive(Debug, Clone)]
struct Chunk {
    glyphs: Vec<usize>,
    x0: f32,
    x1: f32,
    numeric: bool,
    /// a dash printed for a blank amount ("-", "——")
    blank: bool,
}

impl Chunk {
    /// Does the chunk hold a value: an amount, or a dash printed for a blank one?
    fn valued(&self) -> bool {
        self.numeric || self.blank
    }
}

struct SLine {
    line: Line,
    chunks: Vec<Chunk>,
    em: f32,
    /// texts moved to lines of their own by `split_off_baseline`: the line still counts them
    /// when telling whether it has a text in every column
    moved: usize,
}

impl SLine {
    /// Does the line hold a value: an amount, or a dash printed for a blank one?
    fn valued(&self) -> bool {
        self.chunks.iter().any(Chunk::valued)
    }
}

fn is_numeric(s: &str) -> bool {
    let mut digit = false;
    for c in s.chars() {
        if c.is_ascii_digit() {
            digit = true;
        } else if !matches!(
            c,
            ',' | '.' | '-' | '%' | '+' | ' ' | '(' | ')' | '（' | '）'
        ) {
            return false;
        }
    }
    digit
}

/// An amount ("5753.07", "93,166,300") or a blank dash ("——") followed by a CJK word, or a
/// number followed by another number or dash: in a table without vertical rules a
/// right-aligned amount can end close to the left-aligned name of the next column, or to the
/// next right-aligned amount (a wide 3,519,049,000 beside 78,412,600; 栏次 1 2), but no name
/// goes on after an amount and a gap, and no number goes on after a gap.
fn amount_then_word(all: &[Glyph], c: &Chunk, next: &Glyph) -> bool {
    let s = text::join_line(all, &c.glyphs);
    let ends_digit = s.ends_with(|ch: char| ch.is_ascii_digit());
    // "4." (an enumerator) is no amount; "17.89 万元" in justified prose goes on with its unit
    let amount = is_numeric(&s) && ends_digit && s.contains(['.', ',']);
    let dashes = dashes(&s);
    let Some(first) = next.text.chars().next() else {
        return false;
    };
    let word = text::is_cjk(first) && !"万亿千百元个人次".contains(first);
    let number = (first.is_ascii_digit() || is_dash(first))
        && (dashes || (is_numeric(&s) && ends_digit && !s.contains(' ')));
    ((amount || dashes) && word) || number
}

fn chunks(all: &[Glyph], l: &Line) -> (Vec<Chunk>, f32) {
    let mut ems: Vec<f32> = l.glyphs.iter().map(|&i| text::em(&all[i])).collect();
    let em = text::median(&mut ems).unwrap_or(10.0);
    let mut out: Vec<Chunk> = Vec::new();
    for &i in &l.glyphs {
        let g = &all[i];
        match out.last_mut() {
            Some(c)
                if g.x0 - c.x1 <= 1.0 * em
                    && !(g.x0 - c.x1 >= 0.4 * em && amount_then_word(all, c, g)) =>
            {
                c.glyphs.push(i);
                c.x1 = c.x1.max(g.x1);
            }
            _ => out.push(Chunk {
                glyphs: vec![i],
                x0: g.x0,
                x1: g.x1,
                numeric: false,
                blank: false,
            }),
        }
    }
    for c in &mut out {
        let s = text::join_line(all, &c.glyphs);
        c.numeric = is_numeric(&s);
        c.blank = dashes(&s);
    }
    (out, em)
}

/// Is line `j`, of one text piece, the text of an inner column of the run: it starts where a
/// text of the run starts (an amount: ends where an amount ends), right of the run's left
/// edge (and of `left`, its header's)? Notes,
/// titles and prose under a table start at its left edge, not inside it.
fn inner_column_line(slines: &[SLine], run: &[usize], left: f32, j: usize) -> bool {
    let l = &slines[j];
    let [c] = l.chunks.as_slice() else {
        return false;
    };
    let left = run
        .iter()
        .flat_map(|&k| slines[k].chunks.first())
        .map(|c| c.x0)
        .fold(left, f32::min);
    c.x0 > left + 2.0 * l.em
        && run.iter().flat_map(|&k| slines[k].chunks.iter()).any(|rc| {
            match (c.numeric, rc.numeric) {
                (false, false) => (rc.x0 - c.x0).abs() <= 0.5 * l.em,
                // an amount alone, right-aligned as the run's amounts (centred on a wrapped name)
                (true, true) => (rc.x1 - c.x1).abs() <= 0.5 * l.em,
                _ => false,
            }
        })
}

/// Is this text a dash printed for a blank amount ("-", "——")?
fn dashes(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_dash)
}

fn is_dash(ch: char) -> bool {
    matches!(ch, '-' | '—' | '－')
}

/// Does a text start with a list enumerator ("十五、", "（三）", "(3)", "4、")? Such a line starts
/// an item of its own: it is no wrapped tail of the line above.
fn starts_item(s: &str) -> bool {
    const NUMERALS: &str = "一二三四五六七八九十百";
    let s = s.trim_start();
    let numeral = |c: char| NUMERALS.contains(c) || c.is_ascii_digit();
    if let Some(rest) = s.strip_prefix(['（', '(']) {
        let n = rest.chars().take_while(|&c| numeral(c)).count();
        return n > 0 && rest.chars().nth(n).is_some_and(|c| matches!(c, '）' | ')'));
    }
    let n = s.chars().take_while(|&c| numeral(c)).count();
    // a number of three digits or more joined to a word by a dash is a numbered entry too
    // (31008-物资储备: a code printed in the name cell)
    let digits = s.chars().take_while(|c| c.is_ascii_digit()).count();
    (n > 0 && s.chars().nth(n) == Some('、'))
        || (digits >= 3
            && s.chars().nth(digits).is_some_and(is_dash)
            && s.chars()
                .nth(digits + 1)
                .is_some_and(|c| !c.is_ascii_digit()))
}

/// Cut the texts of a table's lines where a whole number ends at the right edge of an amount of
/// another line and a word follows after a gap ("0 二、外交支出": a blank printed 0 in the
/// income side, then the expenditure name). `amount_then_word` leaves whole numbers whole
/// ("2026 年" in prose); inside a table, an amount column's edge tells. When every amount of
/// the column is glued so (whole yuan, every income amount followed by an expenditure name),
/// the glued numbers of other lines tell instead: they end at one edge and their words start
/// at one edge; or the word starts where a column of the table that ended the page before
/// starts ("3519049000一、一般公共服务支出" on a continuation page).
fn split_integers(all: &[Glyph], slines: &mut [SLine], members: &[usize], carry: Option<&Columns>) {
    let edges: Vec<f32> = members
        .iter()
        .flat_map(|&k| slines[k].chunks.iter())
        .filter(|c| c.numeric)
        .map(|c| c.x1)
        .collect();
    // where a chunk could be cut: (line, chunk, digits, end of the digits, start of the word,
    // start of the digits)
    let mut cands: Vec<(usize, usize, usize, f32, f32, f32)> = Vec::new();
    for &k in members {
        let em = slines[k].em;
        for (ci, c) in slines[k].chunks.iter().enumerate() {
            let digits = c
                .glyphs
                .iter()
                .take_while(|&&i| all[i].text.chars().all(|ch| ch.is_ascii_digit()))
                .count();
            if digits == 0 || digits == c.glyphs.len() {
                continue;
            }
            let (a, b) = (&all[c.glyphs[digits - 1]], &all[c.glyphs[digits]]);
            if b.x0 - a.x1 >= 0.4 * em && b.text.chars().next().is_some_and(text::is_cjk) {
                cands.push((k, ci, digits, a.x1, b.x0, c.x0));
            }
        }
    }
    let starts: Vec<(usize, f32)> = members
        .iter()
        .flat_map(|&k| slines[k].chunks.iter().map(move |c| (k, c.x0)))
        .collect();
    let cut_at: Vec<(usize, usize, usize)> = cands
        .iter()
        .filter(|&&(k, _, _, end, word, x0)| {
            let em = slines[k].em;
            let near = |a: f32, b: f32| (a - b).abs() <= 0.5 * em;
            // an amount: it follows a text of its line, or numbers of other widths end there
            // too (a code before its name leads the line, and codes end together only when
            // as long)
            let follows = led(slines, members, k, x0 - 0.5 * em);
            // a word starting where a column of the table that ended the page before starts,
            // or, after a text of its line, where the words of an inner column start on two
            // other lines ("3519049000一、一般公共服务支出" over "二、外交支出")
            let carried_start =
                carry.is_some_and(|f| f.starts[1..].iter().flatten().any(|&v| near(v, word)));
            let column_start = follows
                && starts
                    .iter()
                    .filter(|&&(k2, w2)| k2 != k && w2 > x0 && near(w2, word))
                    .count()
                    >= 2;
            edges.iter().any(|&e| near(e, end))
                || carried_start
                || column_start
                || (cands.iter().any(|&(k2, _, _, e2, _, s2)| {
                    k2 != k && near(e2, end) && (follows || !near(s2, x0))
                }) && cands
                    .iter()
                    .map(|&(k2, _, _, _, w2, _)| (k2, w2))
                    .chain(starts.iter().copied())
                    .any(|(k2, w2)| k2 != k && near(w2, word)))
        })
        .map(|&(k, ci, d, _, _, _)| (k, ci, d))
        .collect();
    for &k in members {
        let mut out: Vec<Chunk> = Vec::new();
        for (ci, c) in std::mem::take(&mut slines[k].chunks)
            .into_iter()
            .enumerate()
        {
            let Some(&(_, _, digits)) = cut_at.iter().find(|&&(k2, c2, _)| k2 == k && c2 == ci)
            else {
                out.push(c);
                continue;
            };
            let (head, tail) = c.glyphs.split_at(digits);
            for (g, digits_only) in [(head, true), (tail, false)] {
                let mut piece = chunk_of(all, g.to_vec());
                piece.numeric |= digits_only;
                out.push(piece);
            }
        }
        slines[k].chunks = out;
    }
}

/// Cut a text of a line holding amounts where one of its glyphs starts exactly where texts of
/// an inner column start on other lines: a name filling its column runs on into the text of
/// the next column with no gap to tell ("[224]灾害防治及应急管理支出阳城县应急管理局", a
/// 部门名称 column printed close after the name column). A name never reaches into the next
/// column, so the column's left edge, shared by several lines, is the cell boundary.
fn split_at_column_starts(all: &[Glyph], slines: &mut [SLine], members: &[usize]) {
    let starts: Vec<(usize, f32)> = members
        .iter()
        .flat_map(|&k| slines[k].chunks.iter().map(move |c| (k, c.x0)))
        .filter(|&(k, x0)| led(slines, members, k, x0))
        .collect();
    // a line holding amounts (or dashes printed for blank ones), or beside one (the first
    // line of a name wrapped around them)
    let rows_line: Vec<bool> = members
        .iter()
        .map(|&k| {
            let l = &slines[k].line;
            slines[k].valued()
                || members.iter().any(|&j| {
                    let o = &slines[j].line;
                    j != k && slines[j].valued() && o.y1.min(l.y1) - o.y0.max(l.y0) > 0.5
                })
        })
        .collect();
    for (&k, _) in members.iter().zip(&rows_line).filter(|&(_, &r)| r) {
        let em = slines[k].em;
        let edge = |x: f32| {
            let lines: std::collections::BTreeSet<usize> = starts
                .iter()
                .filter(|&&(k2, s)| k2 != k && (s - x).abs() <= 0.1 * em)
                .map(|&(k2, _)| k2)
                .collect();
            lines.len() >= 3
        };
        let mut out: Vec<Chunk> = Vec::new();
        for c in std::mem::take(&mut slines[k].chunks) {
            let mut piece: Vec<usize> = Vec::new();
            for (j, &gi) in c.glyphs.iter().enumerate() {
                let g = &all[gi];
                if j > 0 && !c.numeric && g.x0 >= all[c.glyphs[j - 1]].x1 - 0.1 && edge(g.x0) {
                    out.push(chunk_of(all, std::mem::take(&mut piece)));
                }
                piece.push(gi);
            }
            if piece.len() == c.glyphs.len() {
                out.push(c);
            } else {
                out.push(chunk_of(all, piece));
            }
        }
        slines[k].chunks = out;
    }
}

/// Take out of a line a text piece set off the baseline of the line's other texts and aligned,
/// one line pitch off, with a text of a neighbouring line: the other line of a cell wrapped
/// beside a one-line name, which the line grouping joined to the name's line because it
/// overlaps the amounts ("阳泉市应急管理 / 局" beside "一般公共服务支出 6.56": the 局 would glue
/// onto the name). The piece becomes a line of its own, which the rows join to its cell.
fn split_off_baseline(all: &[Glyph], slines: &mut Vec<SLine>) {
    let cy = |g: &[usize]| g.iter().map(|&i| text::center_y(&all[i])).sum::<f32>() / g.len() as f32;
    let mut moved: Vec<SLine> = Vec::new();
    for i in 0..slines.len() {
        let em = slines[i].em;
        let texts: Vec<(usize, f32)> = (slines[i].chunks.iter().enumerate())
            .filter(|(_, c)| !c.numeric)
            .map(|(ci, c)| (ci, cy(&c.glyphs)))
            .collect();
        let near = (i.saturating_sub(3)..(i + 4).min(slines.len())).filter(|&j| j != i);
        let aligned: Vec<(f32, f32)> = near
            .flat_map(|j| slines[j].chunks.iter())
            .filter(|e| !e.numeric)
            .map(|e| (e.x0, cy(&e.glyphs)))
            .collect();
        let off: Vec<usize> = texts
            .iter()
            .filter(|&&(ci, y)| {
                let x0 = slines[i].chunks[ci].x0;
                // another text of the line sits on a baseline off this one, on the far side
                // from the aligned text
                aligned.iter().any(|&(ex, ey)| {
                    let d = y - ey;
                    (ex - x0).abs() <= 0.2 * em
                        && (0.8 * em..=1.6 * em).contains(&d.abs())
                        && texts.iter().any(|&(cj, yj)| {
                            cj != ci && (y - yj).abs() > 0.3 * em && (y - yj).signum() == d.signum()
                        })
                })
            })
            .map(|&(ci, _)| ci)
            .collect();
        if off.is_empty() {
            continue;
        }
        let mut rest = Vec::new();
        for (ci, c) in std::mem::take(&mut slines[i].chunks)
            .into_iter()
            .enumerate()
        {
            if off.contains(&ci) {
                moved.push(sline_of(all, vec![c], em));
            } else {
                rest.push(c);
            }
        }
        slines[i] = SLine {
            moved: off.len(),
            ..sline_of(all, rest, em)
        };
    }
    if moved.is_empty() {
        return;
    }
    slines.extend(moved);
    slines.sort_by(|a, b| (a.line.y0.total_cmp(&b.line.y0)).then(a.line.x0.total_cmp(&b.line.x0)));
}

/// The box [x0, y0, x1, y1] around these glyphs.
fn glyph_box(all: &[Glyph], glyphs: &[usize]) -> [f32; 4] {
    glyphs
        .iter()
        .map(|&i| &all[i])
        .fold([f32::MAX, f32::MAX, f32::MIN, f32::MIN], |b, g| {
            [
                b[0].min(g.x0),
                b[1].min(g.y0),
                b[2].max(g.x1),
                b[3].max(g.y1),
            ]
        })
}

/// A line of these chunks.
fn sline_of(all: &[Glyph], chunks: Vec<Chunk>, em: f32) -> SLine {
    let glyphs: Vec<usize> = chunks
        .iter()
        .flat_map(|c| c.glyphs.iter().copied())
        .collect();
    let [x0, y0, x1, y1] = glyph_box(all, &glyphs);
    SLine {
        line: Line {
            x0,
            y0,
            x1,
            y1,
            glyphs,
        },
        chunks,
        em,
        moved: 0,
    }
}

/// Does a text of line `k`, or of a line of `members` beside it (overlapping in height: the
/// other line of a cell wrapped beside it), start left of `x`?
fn led(slines: &[SLine], members: &[usize], k: usize, x: f32) -> bool {
    let l = &slines[k].line;
    std::iter::once(k)
        .chain(members.iter().copied().filter(|&j| {
            let o = &slines[j].line;
            j != k && o.y1.min(l.y1) - o.y0.max(l.y0) > 0.5
        }))
        .any(|j| slines[j].chunks.first().is_some_and(|c| c.x0 < x))
}

/// A chunk of these glyphs: their extent, and whether their text is a number.
fn chunk_of(all: &[Glyph], glyphs: Vec<usize>) -> Chunk {
    let s = text::join_line(all, &glyphs);
    let [x0, _, x1, _] = glyph_box(all, &glyphs);
    Chunk {
        x0,
        x1,
        glyphs,
        numeric: is_numeric(&s),
        blank: dashes(&s),
    }
}

/// Stacks of horizontal rules with about the same extent: (top, bottom, x0, x1, rule ys).
fn bands(h_rules: &[Vec<Rule>]) -> Vec<(f32, f32, f32, f32, Vec<f32>)> {
    let mut rs: Vec<Rule> = h_rules.iter().flatten().copied().collect();
    rs.sort_by(|a, b| a.pos.total_cmp(&b.pos));
    let mut out: Vec<(f32, f32, f32, f32, Vec<f32>)> = Vec::new();
    let mut used = vec![false; rs.len()];
    for i in 0..rs.len() {
        if used[i] || rs[i].b - rs[i].a < 100.0 {
            continue;
        }
        let mut ys = vec![rs[i].pos];
        used[i] = true;
        for j in i + 1..rs.len() {
            if !used[j] && (rs[j].a - rs[i].a).abs() < 10.0 && (rs[j].b - rs[i].b).abs() < 10.0 {
                used[j] = true;
                ys.push(rs[j].pos);
            }
        }
        if ys.len() >= 2 {
            out.push((ys[0], *ys.last().unwrap(), rs[i].a, rs[i].b, ys));
        }
    }
    out
}

/// The columns of a stream table: its column bounds, where the texts of its body start in
/// each column (left-aligned words and codes, each indent level) and where its amounts end
/// (right-aligned), its text size and its bottom.
#[derive(Debug, Clone)]
pub struct Columns {
    xs: Vec<f32>,
    starts: Vec<Vec<f32>>,
    ends: Vec<Vec<f32>>,
    em: f32,
    pub bottom: f32,
}

impl Columns {
    /// The columns of the line's texts when every one sits in a column as the table's body
    /// texts do: a word or code starting where a text of that column starts, an amount ending
    /// where an amount of that column ends, and inside the column's bounds. Header words,
    /// centred, and titles, wider than a column, do not fit.
    fn fit(&self, l: &SLine) -> Option<Vec<usize>> {
        if (l.em - self.em).abs() > 0.2 * self.em {
            return None;
        }
        let near = |v: &[f32], x: f32| v.iter().any(|&a| (a - x).abs() <= 0.5 * self.em);
        l.chunks
            .iter()
            .map(|c| {
                (0..self.starts.len()).find(|&j| {
                    c.x0 >= self.xs[j] - self.em
                        && c.x1 <= self.xs[j + 1] + self.em
                        && (near(&self.starts[j], c.x0) || self.amount_at(c, j))
                })
            })
            .collect()
    }

    /// Is the chunk an amount ending where the amounts of column `j` end?
    fn amount_at(&self, c: &Chunk, j: usize) -> bool {
        c.numeric
            && self.ends[j]
                .iter()
                .any(|&a| (a - c.x1).abs() <= 0.5 * self.em)
    }

    /// Record where the texts of a body line start (codes and indented names too) and where
    /// its amounts end.
    fn learn(&mut self, l: &SLine) {
        let nc = self.starts.len();
        let add = |v: &mut Vec<f32>, x: f32| {
            if !v.iter().any(|&a| (a - x).abs() <= 0.1) {
                v.push(x);
            }
        };
        for c in &l.chunks {
            let a = self.xs[1..nc].partition_point(|&b| b < c.x0 + 0.1);
            let b = self.xs[1..nc].partition_point(|&b| b < c.x1 - 0.1);
            if a != b {
                continue;
            }
            add(&mut self.starts[a], c.x0);
            if c.numeric {
                add(&mut self.ends[a], c.x1);
            }
        }
    }
}

/// Find aligned tables among the page's leftover lines. Returns the grids (with their top y),
/// the lines that stay text, and the columns of a table that ends the page (nothing but a
/// page number under it). `carry` is the table that ended the page before: lines at the top
/// of this page that sit in its columns go on with it, in its columns, though they hold one
/// text each (a two-sided table whose expenditure side goes on alone, no header repeated).
pub fn find_tables(
    page: &PageContent,
    lines: Vec<Line>,
    h_rules: &[Vec<Rule>],
    carry: Option<&Columns>,
) -> (Vec<(f32, Block)>, Vec<Line>, Option<Columns>) {
    let all = &page.glyphs;
    let mut slines: Vec<SLine> = lines
        .into_iter()
        .map(|line| {
            let (chunks, em) = chunks(all, &line);
            SLine {
                line,
                chunks,
                em,
                moved: 0,
            }
        })
        .collect();
    split_off_baseline(all, &mut slines);
    let n = slines.len();
    let mut region_of: Vec<Option<usize>> = vec![None; n];
    let mut regions: Vec<(Vec<usize>, Vec<f32>)> = Vec::new();
    // 1. regions bounded by horizontal rules
    for (top, bottom, x0, x1, ys) in bands(h_rules) {
        let members: Vec<usize> = (0..n)
            .filter(|&i| {
                let l = &slines[i].line;
                let c = (l.y0 + l.y1) / 2.0;
                region_of[i].is_none() && c > top && c < bottom && l.x1 > x0 && l.x0 < x1
            })
            .collect();
        let multis = members
            .iter()
            .filter(|&&i| slines[i].chunks.len() >= 2)
            .count();
        if members.len() >= 2 && multis >= 2 {
            for &i in &members {
                region_of[i] = Some(regions.len());
            }
            regions.push((members, ys));
        }
    }
    // a band holding no amount is a header framed by rules (three-line tables: a rule above
    // and below the header, none between body rows); its body is the aligned run below it
    let header_band: Vec<bool> = regions
        .iter()
        .map(|(m, _)| {
            !m.iter()
                .any(|&k| slines[k].chunks.iter().any(|c| c.numeric))
        })
        .collect();
    // 2. free runs of multi-chunk lines. Lines overlapping in height side by side count as
    // one: a cell centred between the lines of a name wrapped beside it (单位名称 beside
    // 30212因公出国（境）费 / 用) leaves three one-chunk lines that are one row.
    let side_by_side = |a: usize, b: usize| {
        let (la, lb) = (&slines[a].line, &slines[b].line);
        la.y1.min(lb.y1) - la.y0.max(lb.y0) > 0.5
            && slines[a].chunks.iter().all(|ca| {
                slines[b]
                    .chunks
                    .iter()
                    .all(|cb| ca.x1 <= cb.x0 || cb.x1 <= ca.x0)
            })
    };
    let multi_like: Vec<bool> = (0..n)
        .map(|i| {
            slines[i].chunks.len() >= 2
                || (i > 0 && side_by_side(i - 1, i))
                || (i + 1 < n && side_by_side(i, i + 1))
        })
        .collect();
    let is_multi = |r: &[Option<usize>], i: usize| multi_like[i] && r[i].is_none();
    let mut i = 0;
    while i < n {
        if region_of[i].is_some() {
            i += 1;
            continue;
        }
        // the header band right above the run (nothing between them, close) heads it
        let head = (0..regions.len()).find(|&r| {
            header_band.get(r).copied().unwrap_or(false)
                && regions[r].0.last().is_some_and(|&last| {
                    let gap = slines[i].line.y0 - slines[last].line.y1;
                    last + 1 == i && gap < 3.0 * slines[i].em.max(slines[last].em)
                })
        });
        // the table's left edge: its header's, else its first line's
        let left = head
            .map(|r| regions[r].0.as_slice())
            .unwrap_or(std::slice::from_ref(&i))
            .iter()
            .flat_map(|&k| slines[k].chunks.first())
            .map(|c| c.x0)
            .fold(f32::MAX, f32::min);
        // under a header, a body may start with a row of one cell in an inner column
        let inner_start = head.is_some()
            && slines[i].chunks.iter().all(|c| !c.numeric)
            && inner_column_line(&slines, &[i], left, i);
        // a body may start with the head of a name wrapped around the first row's amounts:
        // one text right above a fuller line, starting where a text of that line starts
        let wrap_head = i + 1 < n
            && slines[i].chunks.len() == 1
            && !slines[i].chunks[0].numeric
            && is_multi(&region_of, i + 1)
            && slines[i + 1].line.y0 - slines[i].line.y1 <= 0.5 * slines[i].em
            && slines[i + 1]
                .chunks
                .iter()
                .any(|c| !c.numeric && (c.x0 - slines[i].chunks[0].x0).abs() <= 0.5 * slines[i].em);
        if !is_multi(&region_of, i) && !inner_start && !wrap_head {
            i += 1;
            continue;
        }
        let mut run = vec![i];
        let mut j = i + 1;
        let mut last = i;
        while j < n && region_of[j].is_none() {
            let gap = slines[j].line.y0 - slines[last].line.y1;
            if gap > 2.0 * slines[j].em.max(slines[last].em) {
                break;
            }
            if is_multi(&region_of, j) {
                run.push(j);
                last = j;
            } else if inner_column_line(&slines, &run, left, j) {
                // a row whose other cells are blank (the expenditure side of a two-sided
                // table going on after its income side ends)
                run.push(j);
                last = j;
            } else if j - last > 2 {
                break;
            } else {
                // a single-chunk line: kept only if a multi line follows soon (an amount
                // centred between the lines of a name wrapped over three lines is one more)
                let lone_amount = (j..(j + 2).min(n))
                    .any(|k| slines[k].chunks.len() == 1 && slines[k].chunks[0].numeric);
                let reach = if lone_amount { 4 } else { 3 };
                let next_multi = (j + 1..(j + reach).min(n)).any(|k| is_multi(&region_of, k));
                if !next_multi {
                    break;
                }
                run.push(j);
                last = j;
            }
            j += 1;
        }
        // the wrapped tail of the last row's name ends the table: one text right under the
        // run, starting where a text of its last lines starts that fills its column, and
        // no wider than that column (a note under the table runs wider or stands apart)
        if j == last + 1 && j < n && region_of[j].is_none() && slines[j].chunks.len() == 1 {
            let (l, c) = (&slines[j], &slines[j].chunks[0]);
            let em = l.em.max(slines[last].em);
            let near = |x: f32| (x - c.x0).abs() <= 0.5 * em;
            let right = run
                .iter()
                .flat_map(|&k| slines[k].chunks.iter())
                .filter(|d| !d.numeric && near(d.x0))
                .map(|d| d.x1)
                .fold(f32::MIN, f32::max);
            let fills = run.iter().rev().take(3).any(|&k| {
                slines[k]
                    .chunks
                    .iter()
                    .any(|d| !d.numeric && near(d.x0) && d.x1 >= right - 1.5 * em)
            });
            if !c.numeric
                && l.line.y0 - slines[last].line.y1 <= 0.5 * em
                && fills
                && c.x1 <= right + 0.5 * em
            {
                run.push(j);
                j += 1;
            }
        }
        let multis = run.iter().filter(|&&k| slines[k].chunks.len() >= 2).count();
        let numerics = run
            .iter()
            .flat_map(|&k| slines[k].chunks.iter())
            .filter(|c| c.numeric)
            .count();
        // under a header band, a body whose lines mostly hold one cell (the expenditure
        // side of a two-sided table on a page of its own) is the band's body too
        if (multis >= 3 && numerics >= 2) || (head.is_some() && run.len() >= 3) {
            match head {
                Some(r) => {
                    for &k in &run {
                        region_of[k] = Some(r);
                    }
                    regions[r].0.extend(run);
                }
                None => {
                    for &k in &run {
                        region_of[k] = Some(regions.len());
                    }
                    regions.push((run, Vec::new()));
                }
            }
        }
        i = j.max(i + 1);
    }
    for (members, _) in &regions {
        split_integers(all, &mut slines, members, carry);
    }
    // 2b. the lines at the top of the page in the columns of the table ending the page before
    // go on with it, in its columns: one text each (a two-sided table whose expenditure side
    // goes on alone), or body rows with amounts that the steps above took for a table of its
    // own, with no header (its columns drawn from this page alone would not be the table's)
    let mut carried = None;
    if let Some(cols) = carry {
        let mut run: Vec<usize> = Vec::new();
        let mut inner = false;
        let mut amounts = false;
        for k in 0..n {
            let close = run.last().is_none_or(|&p| {
                slines[k].line.y0 - slines[p].line.y1 <= 2.0 * slines[k].em.max(slines[p].em)
            });
            if !close {
                break;
            }
            let Some(at) = cols.fit(&slines[k]) else {
                break;
            };
            inner |= at.iter().any(|&j| j > 0);
            amounts |= slines[k]
                .chunks
                .iter()
                .zip(&at)
                .any(|(c, &j)| cols.amount_at(c, j));
            run.push(k);
        }
        let taken: Vec<usize> = (0..regions.len())
            .filter(|&r| run.iter().any(|&k| region_of[k] == Some(r)))
            .collect();
        // lines all at the left edge are prose or headings as well; one line is enough when
        // its amounts sit in the table's amount columns (the last row, alone on its page)
        let one_row = run.len() == 1 && amounts && slines[run[0]].chunks.len() >= 2;
        if (run.len() >= 2 && inner && (taken.is_empty() || amounts)) || one_row {
            // the rules of the lines' region still separate their rows
            let mut rules: Vec<f32> = Vec::new();
            for &r in &taken {
                rules.extend(&regions[r].1);
                regions[r].0.retain(|k| !run.contains(k));
            }
            for &k in &run {
                region_of[k] = Some(regions.len());
            }
            carried = Some(regions.len());
            regions.push((run, rules));
        }
    }
    if let Some(r) = carried {
        split_integers(all, &mut slines, &regions[r].0, carry);
    }
    for (members, _) in &regions {
        split_at_column_starts(all, &mut slines, members);
    }
    // 3. build grids
    let mut grids = Vec::new();
    let mut consumed = vec![false; n];
    let mut last: Option<Columns> = None;
    for (ri, (members, rules)) in regions.iter().enumerate() {
        let fixed = carry.filter(|_| carried == Some(ri));
        if let Some((g, cols)) = build_grid(page, &slines, members, rules, fixed, carry) {
            for &k in members {
                consumed[k] = true;
            }
            if last.as_ref().is_none_or(|l| l.bottom < cols.bottom) {
                last = Some(cols);
            }
            grids.push((g.origin.bbox.map(|b| b[1]).unwrap_or(0.0), Block::Grid(g)));
        }
    }
    // the lowest table ends the page when only short lines (a page number) are below it
    let last = last.filter(|l| {
        slines.iter().zip(&consumed).all(|(s, &c)| {
            c || s.line.y0 < l.bottom
                || text::join_line(all, &s.line.glyphs)
                    .chars()
                    .filter(|ch| !ch.is_whitespace())
                    .count()
                    <= 8
        })
    });
    let rest = slines
        .into_iter()
        .zip(consumed)
        .filter(|(_, c)| !*c)
        .map(|(s, _)| s.line)
        .collect();
    (grids, rest, last)
}

fn build_grid(
    page: &PageContent,
    slines: &[SLine],
    members: &[usize],
    rules: &[f32],
    fixed: Option<&Columns>,
    prev: Option<&Columns>,
) -> Option<(Grid, Columns)> {
    let all = &page.glyphs;
    let maxc = members
        .iter()
        .map(|&k| slines[k].chunks.len() + slines[k].moved)
        .max()?;
    let need = ((maxc as f32) * 0.6).ceil().max(2.0) as usize;
    // the header: the lines above the first line holding an amount, or a dash printed for a
    // blank amount (结转下年 - above 支出总计 3558.35 on the last page of a summary)
    let mut first_body = members
        .iter()
        .position(|&k| slines[k].valued())
        .unwrap_or(members.len());
    if first_body < members.len() {
        let fy = slines[members[first_body]].line.center_y();
        // a rule under the header ends it (a name wrapped around its amount starts above it)
        let rule = rules
            .iter()
            .copied()
            .filter(|&y| y < fy)
            .fold(f32::MIN, f32::max);
        let above = members[..first_body]
            .iter()
            .filter(|&&k| slines[k].line.center_y() < rule)
            .count();
        if above > 0 {
            first_body = above;
        } else if first_body > 0 {
            // no rule: a line right above the first amount that starts where a text of that
            // line starts is the first line of a wrapped name
            let (p, l) = (
                &slines[members[first_body - 1]],
                &slines[members[first_body]],
            );
            if l.line.y0 - p.line.y0 <= 1.3 * l.em
                && p.chunks.iter().any(|pc| {
                    l.chunks
                        .iter()
                        .any(|lc| !lc.numeric && (lc.x0 - pc.x0).abs() <= 0.5 * l.em)
                })
            {
                first_body -= 1;
            }
        }
    }
    // a line overlapping the first body line in height is in its row (the first line of a
    // cell wrapped around a one-line name: a table going on from the previous page without
    // its header starts 北京市人民政府国有资 / 30228工会经费 … / 产监督管理委员会)
    while first_body > 0 && first_body < members.len() {
        let (p, l) = (
            &slines[members[first_body - 1]].line,
            &slines[members[first_body]].line,
        );
        if p.y1.min(l.y1) - p.y0.max(l.y0) > 0.5 {
            first_body -= 1;
        } else {
            break;
        }
    }
    // a table going on from the page before has no header on this page
    if fixed.is_some() {
        first_body = 0;
    }
    let (head, body) = members.split_at(first_body);
    let texts = |k: usize| slines[k].chunks.len() + slines[k].moved;
    let most = |ks: &[usize]| {
        ks.iter()
            .map(|&k| slines[k].chunks.len())
            .max()
            .unwrap_or(0)
    };
    // a body whose amounts are mostly blank (a two-sided summary with amounts in a few
    // expenditure rows) has no line as full as its header: its fullest lines, when several
    // and reaching the table's left edge as the header does, still tell where its texts are
    // (the header's words, centred, would cut its names). Lines of one side only (the
    // expenditure side going on alone) do not reach it.
    let fulls = |need: usize| body.iter().filter(move |&&k| texts(k) >= need);
    let left = |ks: &mut dyn Iterator<Item = &usize>| {
        ks.flat_map(|&k| slines[k].chunks.first())
            .map(|c| c.x0)
            .fold(f32::MAX, f32::min)
    };
    let need = match ((most(body) as f32) * 0.6).ceil().max(2.0) as usize {
        nb if !head.is_empty()
            && fulls(need).count() < 2
            && nb < need
            && fulls(nb).count() >= 3
            && left(&mut fulls(nb)) <= left(&mut head.iter()) + slines[head[0]].em =>
        {
            nb
        }
        _ => need,
    };
    let full = |k: usize| texts(k) >= need;
    // with a header over a body of aligned lines, the body alone says where the columns
    // are (header words glued across a narrow gap or centred over several columns would
    // join columns); a header word over no body column adds its own (a blank column). One
    // body line with more texts than any header line (a 栏次 row numbering every
    // column under a header whose lines overlap and glue) sees every column too, and so does
    // one numbering as many columns as the header's fullest line (the only full body line of
    // a table whose amounts are mostly blank).
    let numbering = body.iter().any(|&k| {
        slines[k].chunks.len() >= most(head) && slines[k].chunks.iter().all(|c| c.numeric)
    });
    let by_body = !head.is_empty()
        && (body.iter().filter(|&&k| full(k)).count() >= 2 || most(body) > most(head) || numbering);
    let union = |mut iv: Vec<(f32, f32)>| {
        iv.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut spans: Vec<(f32, f32)> = Vec::new();
        for (a, b) in iv {
            match spans.last_mut() {
                Some(s) if a <= s.1 + 0.5 => s.1 = s.1.max(b),
                _ => spans.push((a, b)),
            }
        }
        spans
    };
    let spans_of = |ks: &[usize], need: usize| -> Vec<(f32, f32)> {
        ks.iter()
            .filter(|&&k| slines[k].chunks.len() >= need)
            .flat_map(|&k| slines[k].chunks.iter().map(|c| (c.x0, c.x1)))
            .collect()
    };
    // the header's texts cut at visible gaps, one visual line at a time, and the columns
    // they stand in
    let pieces: Vec<Vec<HPiece>> = head
        .iter()
        .map(|&k| header_pieces(all, &slines[k]))
        .collect();
    // (a head line whose texts all start where texts of the body start is a body row without
    // amounts above the first amount, left-aligned as names are: no header words)
    let body_starts: Vec<f32> = body
        .iter()
        .flat_map(|&k| slines[k].chunks.iter().filter(|c| !c.numeric))
        .map(|c| c.x0)
        .collect();
    let body_like = |k: usize| {
        slines[k].chunks.iter().all(|c| {
            !c.numeric
                && body_starts
                    .iter()
                    .any(|&x| (x - c.x0).abs() <= 0.3 * slines[k].em)
        })
    };
    let head_cols = header_columns(
        &head
            .iter()
            .zip(&pieces)
            .filter(|&(&k, _)| !body_like(k))
            .flat_map(|(_, ps)| ps.iter().copied())
            .collect::<Vec<HPiece>>(),
    );
    // a header whose pieces stand in more columns than any of its lines has texts (staggered
    // lines of wrapped and single-line words, or words glued across narrow gaps) tells the
    // columns better than its fullest line: its columns and those of the body's fullest lines
    // (counted among the body's own) make the table's
    let header_led = !by_body && !body.is_empty() && head_cols.len() > most(head);
    let by_body = by_body || header_led;
    // column spans from the union of the chunks of the fullest lines
    let spans = if header_led {
        union(spans_of(
            body,
            ((most(body) as f32) * 0.6).ceil().max(2.0) as usize,
        ))
    } else if by_body {
        union(spans_of(body, need))
    } else {
        union(spans_of(members, need))
    };
    // a header column over no column yet is a column of its own (blank in the body, or its
    // header's line too short to count): the wrapped tail of a header word over a column is in
    // the word's column, and a word glued to its neighbour across a narrow gap is parted from it
    // On a page going on with the table that ended the page before (every body line sits in
    // its columns), a header column standing in a column of that table with body text here is
    // that text's column: a name left-aligned under a centred header (支出功能分类科目名称
    // over 合计, the one row of a repeated header's page) leaves a gap between them.
    let prev = prev.filter(|p| {
        fixed.is_none()
            && !head.is_empty()
            && !body.is_empty()
            && body.iter().all(|&k| p.fit(&slines[k]).is_some())
    });
    let prev_col = |x: f32| {
        let p = prev?;
        let nc = p.xs.len() - 1;
        (x > p.xs[0] && x < p.xs[nc]).then(|| p.xs[1..nc].partition_point(|&b| b < x))
    };
    let spans = {
        let over = |c: &(f32, f32)| spans.iter().any(|s| c.0 < s.1 && c.1 > s.0);
        let mut iv = spans.clone();
        for c in head_cols.iter().filter(|c| !over(c)) {
            let pc = prev_col((c.0 + c.1) / 2.0);
            match spans
                .iter()
                .find(|s| pc.is_some() && prev_col((s.0 + s.1) / 2.0) == pc)
            {
                Some(s) => iv.push((s.0.min(c.0), s.1.max(c.1))),
                None => iv.push(*c),
            }
        }
        union(iv)
    };
    // a text on a line of its own beside a full body line (a name wrapped over two lines and
    // centred on a row of one-line cells) in no column yet is a column of its own
    let overlap = |a: usize, b: usize| {
        let (la, lb) = (&slines[a].line, &slines[b].line);
        la.y1.min(lb.y1) - la.y0.max(lb.y0) > 0.5
    };
    let beside: Vec<(f32, f32)> = body
        .iter()
        .filter(|&&k| !full(k) && body.iter().any(|&f| f != k && full(f) && overlap(k, f)))
        .flat_map(|&k| slines[k].chunks.iter())
        .filter(|c| !c.numeric && !spans.iter().any(|s| c.x0 < s.1 && c.x1 > s.0))
        .map(|c| (c.x0, c.x1))
        .collect();
    let spans = if beside.is_empty() {
        spans
    } else {
        let mut iv = spans;
        iv.extend(beside);
        union(iv)
    };
    // adjacent spans never used together on one line are one column (centred headers over
    // right-aligned numbers)
    let span_of = |x: f32| {
        spans
            .iter()
            .enumerate()
            .min_by(|a, b| {
                let d = |s: &(f32, f32)| (x - x.clamp(s.0, s.1)).abs();
                d(a.1).total_cmp(&d(b.1))
            })
            .map(|(i, _)| i)
            .unwrap_or(0)
    };
    // (a header line by its pieces: words glued across a narrow gap use both their columns)
    let occ: Vec<Vec<usize>> = members
        .iter()
        .enumerate()
        .map(|(a, &k)| {
            let mut v: Vec<usize> = match pieces.get(a) {
                Some(ps) => ps.iter().map(|p| span_of((p.x0 + p.x1) / 2.0)).collect(),
                None => slines[k]
                    .chunks
                    .iter()
                    .map(|c| span_of((c.x0 + c.x1) / 2.0))
                    .collect(),
            };
            v.dedup();
            v
        })
        .collect();
    // a body line overlapping a full line in height is in its row: a name wrapped over two
    // lines and centred beside a one-line name (单位名称 next to 科目名称) uses its column
    // together with the name's, though on lines of its own. (Not the columns its own texts
    // stand over: the line below, holding the tail of a wrapped 单位名称 under its head, says
    // nothing of whether the head's columns are one.)
    let occ: Vec<Vec<usize>> = (0..members.len())
        .map(|a| {
            let mut v = occ[a].clone();
            if a >= first_body && !full(members[a]) {
                let under = |si: usize| {
                    let s = spans[si];
                    slines[members[a]]
                        .chunks
                        .iter()
                        .any(|c| c.x0 < s.1 && c.x1 > s.0)
                };
                for b in first_body..members.len() {
                    if b != a && full(members[b]) && overlap(members[a], members[b]) {
                        v.extend(occ[b].iter().filter(|&&si| !under(si)));
                    }
                }
            }
            v
        })
        .collect();
    // likewise in the header: a one-line header word centred beside a wrapped one (人员支出
    // between 日常公用支 / 出) is on a line of its own but in another column. A banner over
    // sub-headers (本年收入 over 一般公共预算 / 政府性基金预算…, on a line overlapping the
    // single-level words) is in no column of its own: it has a header text under it that is
    // no narrower wrapped tail of it.
    let banner = |a: usize, c: &Chunk| {
        let la = &slines[members[a]].line;
        (0..first_body).any(|b| {
            let lb = &slines[members[b]].line;
            lb.y0 >= la.y1 - 0.5
                && slines[members[b]].chunks.iter().any(|d| {
                    d.x0 < c.x1
                        && d.x1 > c.x0
                        && d.x1 - d.x0 > c.x1 - c.x0 + 0.5 * slines[members[a]].em
                })
        })
    };
    let mut occ = occ;
    let pieces = &pieces;
    for a in 0..first_body {
        for b in a + 1..first_body {
            if overlap(members[a], members[b]) {
                let v: Vec<usize> = [a, b]
                    .iter()
                    .flat_map(|&m| {
                        // each text by its pieces: words glued across a narrow gap
                        // (事业收入经营收入) stand in both their columns
                        slines[members[m]]
                            .chunks
                            .iter()
                            .filter(move |c| !banner(m, c))
                            .flat_map(move |c| {
                                let inside: Vec<usize> = pieces[m]
                                    .iter()
                                    .filter(|p| p.x0 >= c.x0 - 0.1 && p.x1 <= c.x1 + 0.1)
                                    .map(|p| span_of((p.x0 + p.x1) / 2.0))
                                    .collect();
                                if inside.is_empty() {
                                    vec![span_of((c.x0 + c.x1) / 2.0)]
                                } else {
                                    inside
                                }
                            })
                    })
                    .collect();
                occ.push(v);
            }
        }
    }
    let mut merged: Vec<(f32, f32)> = Vec::new();
    let mut group: Vec<usize> = Vec::new();
    for (si, sp) in spans.iter().enumerate() {
        let clash = !group.is_empty()
            && occ
                .iter()
                .any(|v| v.contains(&si) && v.iter().any(|x| group.contains(x)));
        if group.is_empty() || clash {
            merged.push(*sp);
            group = vec![si];
        } else {
            let m = merged.last_mut().unwrap();
            m.1 = m.1.max(sp.1);
            group.push(si);
        }
    }
    let spans = merged;
    if spans.len() < 2 && fixed.is_none() {
        return None;
    }
    let x_min = members
        .iter()
        .flat_map(|&k| slines[k].chunks.iter().map(|c| c.x0))
        .fold(spans.first().map_or(f32::MAX, |s| s.0), f32::min);
    let x_max = members
        .iter()
        .flat_map(|&k| slines[k].chunks.iter().map(|c| c.x1))
        .fold(spans.last().map_or(f32::MIN, |s| s.1), f32::max);
    let mut xs = vec![x_min];
    for w in spans.windows(2) {
        // the midpoint between two columns, unless a body text starts after the left column
        // ends and runs over it: a column told by centred header words alone (the body's
        // lines too sparse, one side of a two-sided summary going on alone) starts where its
        // left-aligned names start
        let mid = (w[0].1 + w[1].0) / 2.0;
        let start = body
            .iter()
            .flat_map(|&k| slines[k].chunks.iter())
            .filter(|c| c.x0 > w[0].1 && c.x0 < mid && c.x1 > mid)
            .map(|c| c.x0)
            .reduce(f32::min);
        let cut = start.map_or(mid, |x| ((w[0].1 + x) / 2.0).max(x - 1.0));
        // ...or a name of the left column runs over it, where the right column is blank (a
        // long expenditure name over a row without amounts): the boundary goes after the
        // longest such name when no body text starts before that
        let over = body
            .iter()
            .flat_map(|&k| slines[k].chunks.iter())
            .filter(|c| !c.numeric && c.x0 >= w[0].0 - 0.5 && c.x0 < w[0].1 && c.x1 > cut)
            .map(|c| c.x1)
            .reduce(f32::max);
        let right = body
            .iter()
            .flat_map(|&k| slines[k].chunks.iter())
            .filter(|c| c.x0 > cut)
            .map(|c| c.x0)
            .reduce(f32::min);
        xs.push(match (start, over, right) {
            (None, Some(o), Some(r)) if o < r - 0.5 => (o + r) / 2.0,
            _ => cut,
        });
    }
    xs.push(x_max);
    if let Some(f) = fixed {
        xs = f.xs.clone();
        xs[0] = xs[0].min(x_min);
        let nc = xs.len() - 1;
        xs[nc] = xs[nc].max(x_max);
    }
    let nc = xs.len() - 1;
    let col_of = |x: f32| xs[1..nc].partition_point(|&b| b < x);
    // right edge reached by text in each column (for telling wraps)
    // (the body's: a header word centred over a column, 支出 over a side, is no cell text)
    let mut col_right = vec![f32::MIN; nc];
    let mut col_left = vec![f32::MAX; nc];
    for &k in if body.is_empty() { members } else { body } {
        for c in &slines[k].chunks {
            let ci = col_of(c.x1 - 0.1);
            col_right[ci] = col_right[ci].max(c.x1);
            col_left[ci] = col_left[ci].min(c.x0);
        }
    }
    // x extent of the body's text in each column: a header word belongs to the column whose
    // body it stands over, which the midpoints between spans miss when amounts are
    // right-aligned under centred headers (the cell reaches left to the amounts before it)
    let mut body_ext: Vec<Option<(f32, f32)>> = vec![None; nc];
    for &k in body {
        for c in &slines[k].chunks {
            let (a, b) = (col_of(c.x0 + 0.1), col_of(c.x1 - 0.1));
            if a == b {
                let e = body_ext[a].get_or_insert((c.x0, c.x1));
                *e = (e.0.min(c.x0), e.1.max(c.x1));
            }
        }
    }
    let header = if by_body {
        // columns of right-aligned amounts: more numbers than words in the body (a blank
        // dash is neither)
        let mut tally = vec![0i32; nc];
        for &k in body {
            for c in &slines[k].chunks {
                tally[col_of(c.x1 - 0.1)] += match (c.numeric, c.blank) {
                    (true, _) => 1,
                    (false, true) => 0,
                    (false, false) => -1,
                };
            }
        }
        let amounts: Vec<bool> = tally.iter().map(|&t| t > 0).collect();
        header_cells(all, slines, head, &xs, &body_ext, &amounts)
    } else {
        None
    };
    let nh = header.as_ref().map_or(0, |h| h.tops.len());
    let body_members = if header.is_some() { body } else { members };
    // a line holding a value: an amount, or a dash printed for a blank amount (a table whose
    // amounts on a page are all blank has only dashes to tell its rows)
    let has_amount = |k: usize| slines[k].valued();
    // the pitch of lines that are surely rows of their own: both hold values, or the second
    // starts a list item (a table whose amounts are mostly blank, printed as nothing)
    let starts_row = |k: usize| {
        has_amount(k)
            || slines[k]
                .chunks
                .iter()
                .any(|c| !c.numeric && starts_item(&text::join_line(all, &c.glyphs)))
    };
    let mut pitches: Vec<f32> = body_members
        .windows(2)
        .filter(|w| (has_amount(w[0]) && has_amount(w[1])) || starts_row(w[1]))
        .map(|w| slines[w[1]].line.y0 - slines[w[0]].line.y0)
        .filter(|&d| d > 0.0)
        .collect();
    let row_pitch = text::median(&mut pitches);
    // rows
    let mut rows: Vec<Vec<usize>> = Vec::new();
    for (bi, &k) in body_members.iter().enumerate() {
        let l = &slines[k];
        let merge = rows.last().is_some_and(|row| {
            let p = &slines[*row.last().unwrap()];
            // a rule between them separates rows
            if rules
                .iter()
                .any(|&y| y > p.line.center_y() && y < l.line.center_y())
            {
                return false;
            }
            // partly overlapping lines: content centred between wrapped lines
            let ov = p.line.y1.min(l.line.y1) - p.line.y0.max(l.line.y0);
            if ov > 0.5 {
                return true;
            }
            let pitch = l.line.y0 - p.line.y0;
            if pitch > 1.8 * l.em.max(p.em) {
                return false;
            }
            // a row whose texts stand centred on its values, wrapped above them as far as
            // below, is whole: the next line starts a row (a name wrapped over three lines
            // under one wrapped over two, both centred on their amounts, is no tail of it)
            if let Some(v) = row
                .iter()
                .find(|&&r| has_amount(r))
                .map(|&r| &slines[r].line)
            {
                let (top, bottom) = extent(slines, row);
                let em = l.em.max(p.em);
                if v.y0 - top > 0.3 * em && ((top + bottom) - (v.y0 + v.y1)).abs() < 0.25 * em {
                    return false;
                }
            }
            // in a table whose rows are set further apart than the lines of a wrapped cell, a
            // line a whole row pitch down is a row of its own, not a wrap (a name exactly as
            // wide as its column over a row without amounts)
            if row_pitch.is_some_and(|rp| rp >= 1.5 * l.em && pitch >= 0.9 * rp) {
                return false;
            }
            let row_numeric = row
                .iter()
                .any(|&r| slines[r].chunks.iter().any(|c| c.numeric));
            if row.iter().any(|&r| has_amount(r)) && has_amount(k) {
                return false;
            }
            // under a row with amounts, a line overlapping the next line, which holds amounts,
            // starts that row: a cell wrapped around it (深圳市市场监督管 / [208]社会保障和就业支出
            // 194.20 … / 理局深汕监管局), not a tail of this row's cell
            if row_numeric
                && body_members.get(bi + 1).is_some_and(|&nx| {
                    let n = &slines[nx];
                    n.line.y1.min(l.line.y1) - n.line.y0.max(l.line.y0) > 0.5
                        && n.chunks.iter().any(|c| c.numeric)
                })
            {
                return false;
            }
            // a line starting a new item in any column is a row of its own
            if l.chunks
                .iter()
                .any(|lc| !lc.numeric && starts_item(&text::join_line(all, &lc.glyphs)))
            {
                return false;
            }
            // a wrap: the previous line fills a text column and this line continues it
            let fills = |pc: &Chunk| {
                let ci = col_of(pc.x1 - 0.1);
                !pc.numeric
                    && col_right[ci] - pc.x1 < 1.5 * p.em
                    && pc.x1 - pc.x0 >= 0.7 * (col_right[ci] - col_left[ci])
            };
            let wraps = p.chunks.iter().any(|pc| {
                let ci = col_of(pc.x1 - 0.1);
                fills(pc)
                    && l.chunks
                        .iter()
                        .any(|lc| !lc.numeric && col_of(lc.x0 + 0.1) == ci)
            });
            // ...and no text of this line sits under a text of the previous line that does
            // not fill its column (a row without amounts under a row whose text column is
            // full: 30106 伙食补助费 under 30103 奖金, both beside the same 单位名称)
            let fresh = l.chunks.iter().any(|lc| {
                let ci = col_of(lc.x0 + 0.1);
                !lc.numeric
                    && p.chunks
                        .iter()
                        .any(|pc| !pc.numeric && col_of(pc.x1 - 0.1) == ci && !fills(pc))
            });
            wraps && !fresh
        });
        if merge {
            rows.last_mut().unwrap().push(k);
        } else {
            rows.push(vec![k]);
        }
    }
    let nr = rows.len() + nh;
    if (nr < 2 && fixed.is_none()) || rows.is_empty() {
        return None;
    }
    let mut ys: Vec<f32> = Vec::with_capacity(nr + 1);
    let mut cells: Vec<Cell> = Vec::new();
    if let Some(h) = &header {
        ys.extend(&h.tops);
        for &(r, c, rs, cs, ref g) in &h.cells {
            let y1 = h.tops.get(r + rs).copied().unwrap_or(h.bottom);
            cells.push(Cell {
                row: r as u32,
                col: c as u32,
                row_span: rs as u32,
                col_span: cs as u32,
                text: text::block_text(all, g),
                flag: None,
                origin: Origin {
                    bbox: Some(r4([xs[c], h.tops[r], xs[c + cs], y1])),
                    ..Origin::page(page.number)
                },
            });
        }
    }
    let row_box: Vec<(f32, f32)> = rows.iter().map(|r| extent(slines, r)).collect();
    ys.push(row_box[0].0);
    for w in row_box.windows(2) {
        ys.push((w[0].1 + w[1].0) / 2.0);
    }
    ys.push(row_box[row_box.len() - 1].1);
    for (ri, row) in rows.iter().enumerate() {
        let ri = ri + nh;
        // (first col, last col, glyphs)
        let mut parts: Vec<(usize, usize, Vec<usize>)> = Vec::new();
        for &k in row {
            for c in &slines[k].chunks {
                let (a, b) = (col_of(c.x0 + 0.1), col_of(c.x1 - 0.1));
                parts.push((a, b.max(a), c.glyphs.clone()));
            }
        }
        // single-column pieces first, then spanning pieces where their columns are free
        let mut owner: Vec<Option<(usize, usize, Vec<usize>)>> = vec![None; nc];
        parts.sort_by_key(|p| p.1 - p.0);
        for (a, b, g) in parts {
            if a == b || (a..=b).any(|c| owner[c].is_some()) {
                let mid = if a == b {
                    a
                } else {
                    let cx =
                        g.iter().map(|&i| text::center_x(&all[i])).sum::<f32>() / g.len() as f32;
                    col_of(cx)
                };
                // a column covered by a spanning piece gives its text to that piece's cell (the
                // wrapped tail of a name straddling a column edge under its head, 出 under
                // 十四、资源勘探工业信息等支, is no text to drop)
                let mut at = mid;
                while at > 0 && matches!(owner[at], Some((usize::MAX, ..))) {
                    at -= 1;
                }
                match &mut owner[at] {
                    Some(o) => o.2.extend(g),
                    None => owner[at] = Some((at, at, g)),
                }
            } else {
                owner[a] = Some((a, b, g));
                for o in owner.iter_mut().take(b + 1).skip(a + 1) {
                    *o = Some((usize::MAX, usize::MAX, Vec::new()));
                }
            }
        }
        for (c, o) in owner.into_iter().enumerate() {
            let (a, b, g) = o.unwrap_or((c, c, Vec::new()));
            if a == usize::MAX {
                continue;
            }
            cells.push(Cell {
                row: ri as u32,
                col: a as u32,
                row_span: 1,
                col_span: (b - a + 1) as u32,
                text: text::block_text(all, &g),
                flag: None,
                origin: Origin {
                    bbox: Some(r4([xs[a], ys[ri], xs[b + 1], ys[ri + 1]])),
                    ..Origin::page(page.number)
                },
            });
        }
    }
    // a table has several rows with text in more than one cell
    let mut filled = vec![0usize; nr];
    for c in &cells {
        if !c.text.is_empty() && c.col_span < nc as u32 {
            filled[c.row as usize] += 1;
        }
    }
    if filled.iter().filter(|&&k| k >= 2).count() < 2 && fixed.is_none() {
        return None;
    }
    let em = {
        let mut ems: Vec<f32> = members.iter().map(|&k| slines[k].em).collect();
        text::median(&mut ems).unwrap_or(10.0)
    };
    // a table continued from the page before keeps its columns, and learns this page's body
    let mut cols = match fixed {
        Some(f) => Columns {
            bottom: ys[nr],
            ..f.clone()
        },
        None => Columns {
            xs: xs.clone(),
            starts: vec![Vec::new(); nc],
            ends: vec![Vec::new(); nc],
            em,
            bottom: ys[nr],
        },
    };
    for &k in body {
        cols.learn(&slines[k]);
    }
    let grid = Grid {
        rows: nr as u32,
        cols: nc as u32,
        cells,
        origin: Origin {
            bbox: Some(r4([xs[0], ys[0], xs[nc], ys[nr]])),
            ..Origin::page(page.number)
        },
    };
    Some((grid, cols))
}

/// Top and bottom of a set of lines.
fn extent(slines: &[SLine], lines: &[usize]) -> (f32, f32) {
    lines.iter().fold((f32::MAX, f32::MIN), |(t, b), &k| {
        (t.min(slines[k].line.y0), b.max(slines[k].line.y1))
    })
}

/// A piece of a header line: one visual line of a text between visible gaps.
#[derive(Clone, Copy)]
struct HPiece {
    x0: f32,
    x1: f32,
    y0: f32,
    y1: f32,
    em: f32,
}

fn header_pieces(all: &[Glyph], l: &SLine) -> Vec<HPiece> {
    let ext = |g: &[usize]| {
        let [x0, y0, x1, y1] = glyph_box(all, g);
        HPiece {
            x0,
            x1,
            y0,
            y1,
            em: l.em,
        }
    };
    visual_lines(all, l)
        .iter()
        .flat_map(|v| gap_pieces(all, v, l.em))
        .map(|g| ext(&g))
        .collect()
}

/// The columns a header stands in (x extents): pieces overlapping in x on different lines are
/// one column (the lines of a wrapped cell, a word over its sub-header). A piece over two
/// pieces below it that do not overlap each other spans their columns (a banner), and so does
/// a piece of the top line with nothing under it over the gap between two pieces of a line
/// below (a banner centred over sub-headers narrower than their columns): neither is a column
/// of its own.
fn header_columns(pieces: &[HPiece]) -> Vec<(f32, f32)> {
    let xover = |a: &HPiece, b: &HPiece| a.x0 < b.x1 && b.x0 < a.x1;
    let top = pieces.iter().map(|p| p.y0).fold(f32::MAX, f32::min);
    let banner = |p: &HPiece| {
        let under: Vec<&HPiece> = pieces
            .iter()
            .filter(|q| q.y0 >= (p.y0 + p.y1) / 2.0 && xover(p, q))
            .collect();
        let spans_two = under
            .iter()
            .enumerate()
            .any(|(a, q)| under[a + 1..].iter().any(|r| !xover(q, r)));
        // on the header's top line, nothing under it, and a line below with pieces left and
        // right of it
        let same_line = |a: &HPiece, b: &HPiece| (a.y0 - b.y0).abs() <= 0.3 * a.em;
        let over_gap = p.y0 <= top + 0.3 * p.em
            && under.is_empty()
            && pieces.iter().any(|q| {
                q.y0 >= p.y1
                    && q.x1 <= p.x0
                    && pieces.iter().any(|r| same_line(q, r) && r.x0 >= p.x1)
            });
        spans_two || over_gap
    };
    let mut keep: Vec<&HPiece> = pieces.iter().filter(|p| !banner(p)).collect();
    keep.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    // connected pieces, by overlap in x
    let mut cols: Vec<(f32, f32)> = Vec::new();
    for p in keep {
        match cols.last_mut() {
            Some(c) if p.x0 < c.1 => c.1 = c.1.max(p.x1),
            _ => cols.push((p.x0, p.x1)),
        }
    }
    cols
}

/// The visual lines of a header line, top first, each left to right: a header line may hold
/// words of several staggered lines (cells centred vertically over one, two or three lines
/// overlap in height and were grouped as one line).
fn visual_lines(all: &[Glyph], l: &SLine) -> Vec<Vec<usize>> {
    let mut visual: Vec<Vec<usize>> = l
        .chunks
        .iter()
        .flat_map(|c| {
            let mut ys: Vec<(f32, Vec<usize>)> = Vec::new();
            for &gi in &c.glyphs {
                let cy = text::center_y(&all[gi]);
                match ys.iter_mut().find(|(y, _)| (y - cy).abs() <= 0.3 * l.em) {
                    Some((_, v)) => v.push(gi),
                    None => ys.push((cy, vec![gi])),
                }
            }
            ys.sort_by(|a, b| a.0.total_cmp(&b.0));
            ys.into_iter().map(|(_, v)| v)
        })
        .collect();
    visual.sort_by(|a, b| {
        let cy = |v: &Vec<usize>| text::center_y(&all[v[0]]);
        cy(a)
            .total_cmp(&cy(b))
            .then(all[a[0]].x0.total_cmp(&all[b[0]].x0))
    });
    visual
}

/// A visual header line cut at visible gaps: CJK header words are set solid (a letter-spaced
/// word has every gap), so a gap parts the words of neighbouring cells set close together.
fn gap_pieces(all: &[Glyph], glyphs: &[usize], em: f32) -> Vec<Vec<usize>> {
    let gap = |j: usize| all[glyphs[j]].x0 - all[glyphs[j - 1]].x1;
    let spaced = (1..glyphs.len()).all(|j| gap(j) >= 0.2 * em);
    let mut pieces: Vec<Vec<usize>> = vec![Vec::new()];
    for (j, &gi) in glyphs.iter().enumerate() {
        if j > 0 && !spaced && gap(j) >= 0.2 * em {
            pieces.push(Vec::new());
        }
        pieces.last_mut().unwrap().push(gi);
    }
    pieces
}

/// Header cells of a stream table: (row, col, row span, col span, glyphs), the top y of each
/// header row and the header's bottom.
struct HeaderCells {
    cells: Vec<(usize, usize, usize, usize, Vec<usize>)>,
    tops: Vec<f32>,
    bottom: f32,
}

/// One header text: a piece of a line, or lines of one wrapped cell.
struct HText {
    glyphs: Vec<usize>,
    x0: f32,
    x1: f32,
    y0: f32,
    y1: f32,
    /// top and bottom of its last line, and that line's width (for telling a wrapped tail)
    last: (f32, f32, f32),
    em: f32,
    col: usize,
}

/// Lay out the header lines of a stream table over its columns (`xs`, from the body): words
/// glued across a column boundary are cut there; the lines of a wrapped cell are one cell; a
/// word with sub-headers below it spans the columns it is centred over (本年收入 over
/// 一般公共预算/政府性基金…) in a row of its own; a word with nothing below it spans down to
/// the body (a cell centred across a two-level header) and up to the word above it.
fn header_cells(
    all: &[Glyph],
    slines: &[SLine],
    head: &[usize],
    xs: &[f32],
    body_ext: &[Option<(f32, f32)>],
    amounts: &[bool],
) -> Option<HeaderCells> {
    let nc = xs.len() - 1;
    // the column of a header text spanning x0..x1: the one whose body text it overlaps most,
    // else the one whose body text is nearest (a header centred in its cell is nearer its own
    // amounts, right-aligned or centred, than the neighbour's); a column with no body text
    // (a blank column made by its header) is its whole width
    let ext = |c: usize| body_ext[c].unwrap_or((xs[c], xs[c + 1]));
    let col_of = |x0: f32, x1: f32| {
        let overlap = |c: usize| {
            let (a, b) = ext(c);
            x1.min(b) - x0.max(a)
        };
        (0..nc)
            .max_by(|&a, &b| overlap(a).total_cmp(&overlap(b)))
            .unwrap_or(0)
    };
    let mut texts: Vec<HText> = Vec::new();
    for &k in head {
        let l = &slines[k];
        // each visual line of a text is a text of its own, its wrapped tails joined below;
        // it is cut at visible gaps where the pieces centre in different columns
        for glyphs in &visual_lines(all, l) {
            let pieces = gap_pieces(all, glyphs, l.em);
            let centre_col = |g: &[usize]| {
                let [x0, _, x1, _] = glyph_box(all, g);
                col_of(x0, x1)
            };
            let mut merged: Vec<Vec<usize>> = Vec::new();
            for p in pieces {
                match merged.last_mut() {
                    Some(m) if centre_col(m) == centre_col(&p) => m.extend(p),
                    _ => merged.push(p),
                }
            }
            let pieces = merged;
            for g in pieces {
                let [x0, y0, x1, y1] = glyph_box(all, &g);
                // a wrapped tail: right under a line at least as wide, centred (or started)
                // with it, one line pitch down
                let prev = texts.iter().rposition(|t| {
                    let cy = (y0 + y1) / 2.0;
                    let pcy = (t.last.0 + t.last.1) / 2.0;
                    cy > pcy
                        && cy - pcy <= 1.5 * l.em
                        && x1 - x0 <= t.last.2 + 0.5 * l.em
                        && (((x0 + x1) - (t.x0 + t.x1)).abs() / 2.0 <= l.em
                            || (x0 - t.x0).abs() <= 0.5 * l.em)
                });
                match prev {
                    Some(p) => {
                        let t = &mut texts[p];
                        t.glyphs.extend(g);
                        t.x0 = t.x0.min(x0);
                        t.x1 = t.x1.max(x1);
                        t.y1 = t.y1.max(y1);
                        t.last = (y0, y1, x1 - x0);
                    }
                    None => texts.push(HText {
                        glyphs: g,
                        x0,
                        x1,
                        y0,
                        y1,
                        last: (y0, y1, x1 - x0),
                        em: l.em,
                        col: col_of(x0, x1),
                    }),
                }
            }
        }
    }
    if texts.is_empty() {
        return None;
    }
    for t in &mut texts {
        t.col = col_of(t.x0, t.x1);
    }
    let n = texts.len();
    let below = |i: usize, j: usize| {
        let (a, b) = (&texts[i], &texts[j]);
        j != i && b.y0 >= a.y1 - 0.3 * a.em
    };
    let mut in_col: Vec<Vec<usize>> = vec![Vec::new(); nc];
    for (j, t) in texts.iter().enumerate() {
        in_col[t.col].push(j);
    }
    let has_below: Vec<bool> = (0..n)
        .map(|i| in_col[texts[i].col].iter().any(|&j| below(i, j)))
        .collect();
    // a word with nothing below it centred on the whole header spans all its rows: no word
    // above it spans its column
    let (hy0, hy1) = texts
        .iter()
        .fold((f32::MAX, f32::MIN), |(a, b), t| (a.min(t.y0), b.max(t.y1)));
    let tall: Vec<bool> = (0..n)
        .map(|i| {
            let t = &texts[i];
            !has_below[i] && ((t.y0 + t.y1) / 2.0 - (hy0 + hy1) / 2.0).abs() <= 0.5 * t.em
        })
        .collect();
    // a word with nothing below it, under a banner but centred between the banner's top and
    // the header's bottom rather than between its bottom and the header's, spans down from
    // the banner's row (总计 beside 本年收入 over its sub-headers, under 预算数): no sub-header
    let beside = |i: usize, j: usize| {
        let (t, u) = (&texts[i], &texts[j]);
        let c = (u.y0 + u.y1) / 2.0;
        !has_below[j] && (c - (t.y0 + hy1) / 2.0).abs() < (c - (t.y1 + hy1) / 2.0).abs()
    };
    // columns each text spans: within the columns free for it, the widest run it is centred on
    let mut span: Vec<(usize, usize)> = Vec::with_capacity(n);
    for i in 0..n {
        let t = &texts[i];
        let free = |c: usize| {
            if c == t.col {
                return true;
            }
            let js = &in_col[c];
            if !has_below[i] {
                return js.is_empty();
            }
            !js.iter()
                .any(|&j| tall[j] || (texts[j].y0 < t.y1 && texts[j].y1 > t.y0) || beside(i, j))
                && js.iter().any(|&j| below(i, j))
        };
        let mut lo = t.col;
        while lo > 0 && free(lo - 1) {
            lo -= 1;
        }
        let mut hi = t.col;
        while hi + 1 < nc && free(hi + 1) {
            hi += 1;
        }
        let cx = (t.x0 + t.x1) / 2.0;
        let mut best = (t.col, t.col);
        // centred between the column bounds, or between the right edges of the body texts
        // left of the run and at its end (right-aligned amounts: the bounds, halfway between
        // texts, lean to the wide amounts)
        let right_mid = |a: usize, b: usize| match (a.checked_sub(1), body_ext[b]) {
            (Some(p), Some(e)) if amounts[p] && amounts[b] => {
                body_ext[p].map_or(f32::MAX, |p| (p.1 + e.1) / 2.0)
            }
            _ => f32::MAX,
        };
        // ...or a banner centred over the sub-headers under it, from the left edge of the
        // first column's to the right edge of the last's (narrow sub-headers centred in
        // columns whose bounds lean to wide amounts or centred 栏次 numbers)
        let under_mid = |a: usize, b: usize| {
            let l = in_col[a]
                .iter()
                .filter(|&&j| below(i, j))
                .map(|&j| texts[j].x0)
                .fold(f32::MAX, f32::min);
            let r = in_col[b]
                .iter()
                .filter(|&&j| below(i, j))
                .map(|&j| texts[j].x1)
                .fold(f32::MIN, f32::max);
            if has_below[i] && l < r {
                (l + r) / 2.0
            } else {
                f32::MAX
            }
        };
        let mut under = (t.col, t.col);
        for a in lo..=t.col {
            for b in t.col..=hi {
                let mid = (xs[a] + xs[b + 1]) / 2.0;
                let tol = (1.5 * t.em).max(0.05 * (xs[b + 1] - xs[a]));
                // (texts end at one edge only when right-aligned: no slack for width there)
                let centred = (mid - cx).abs() <= tol || (right_mid(a, b) - cx).abs() <= 1.5 * t.em;
                if centred && b - a > best.1 - best.0 {
                    best = (a, b);
                }
                if (under_mid(a, b) - cx).abs() <= t.em && b - a > under.1 - under.0 {
                    under = (a, b);
                }
            }
        }
        // the column bounds' slack can take in one neighbour too many (a wide banner over
        // many narrow columns): the sub-headers under it settle that one
        let settles = under.1 > under.0 && under.1 - under.0 + 1 >= best.1 - best.0;
        span.push(if settles { under } else { best });
    }
    // levels of the texts with sub-headers, by their vertical centre
    let mut banners: Vec<usize> = (0..n).filter(|&i| has_below[i]).collect();
    let cy = |i: usize| (texts[i].y0 + texts[i].y1) / 2.0;
    banners.sort_by(|&a, &b| cy(a).total_cmp(&cy(b)));
    let mut level = vec![usize::MAX; n];
    let mut centres: Vec<f32> = Vec::new();
    for &i in &banners {
        match centres.last() {
            Some(&c) if cy(i) - c <= 0.6 * texts[i].em => {}
            _ => centres.push(cy(i)),
        }
        level[i] = centres.len() - 1;
    }
    let nh = centres.len() + 1;
    // more than three levels: wrapped lines not recognised as such (left to the line rows)
    if nh > 3 {
        return None;
    }
    let mut cells: Vec<(usize, usize, usize, usize, Vec<usize>)> = Vec::new();
    let mut owner: Vec<Vec<Option<usize>>> = vec![vec![None; nc]; nh];
    let mut order: Vec<usize> = banners.clone();
    order.extend((0..n).filter(|&i| !has_below[i]));
    for i in order {
        let (a, b) = span[i];
        let (top, bottom) = if has_below[i] {
            (level[i], level[i])
        } else {
            // down to the body, up to the lowest word above it
            let above = (0..n)
                .filter(|&j| {
                    has_below[j] && span[j].0 <= b && span[j].1 >= a && cy(j) < texts[i].y0
                })
                .map(|j| level[j] + 1)
                .max()
                .unwrap_or(0);
            (above.min(nh - 1), nh - 1)
        };
        let fits =
            |a: usize, b: usize, top: usize, bottom: usize, owner: &Vec<Vec<Option<usize>>>| {
                (top..=bottom).all(|r| (a..=b).all(|c| owner[r][c].is_none()))
            };
        let c = texts[i].col;
        let place = if fits(a, b, top, bottom, &owner) {
            Some((a, b, top, bottom))
        } else if fits(c, c, top, bottom, &owner) {
            Some((c, c, top, bottom))
        } else {
            None
        };
        match place {
            Some((a, b, top, bottom)) => {
                for row in owner.iter_mut().take(bottom + 1).skip(top) {
                    for o in row.iter_mut().take(b + 1).skip(a) {
                        *o = Some(cells.len());
                    }
                }
                cells.push((top, a, bottom - top + 1, b - a + 1, texts[i].glyphs.clone()));
            }
            None => {
                let r = if has_below[i] { top } else { bottom };
                let k = owner[r][c].unwrap();
                cells[k].4.extend(texts[i].glyphs.iter().copied());
            }
        }
    }
    for (r, row) in owner.iter().enumerate() {
        for (c, o) in row.iter().enumerate() {
            if o.is_none() {
                cells.push((r, c, 1, 1, Vec::new()));
            }
        }
    }
    cells.sort_by_key(|c| (c.0, c.1));
    let y0 = texts.iter().map(|t| t.y0).fold(f32::MAX, f32::min);
    let y1 = texts.iter().map(|t| t.y1).fold(f32::MIN, f32::max);
    let mut tops = vec![y0];
    for w in centres.windows(2) {
        tops.push((w[0] + w[1]) / 2.0);
    }
    if let Some(&c) = centres.last() {
        tops.push(c + 0.6 * texts[0].em);
    }
    Some(HeaderCells {
        cells,
        tops,
        bottom: y1,
    })
}

fn r4(b: [f32; 4]) -> [f32; 4] {
    b.map(|v| (v * 100.0).round() / 100.0)
}

#[cfg(test)]
mod header_column_tests {
    use super::{HPiece, header_columns};

    fn p(x0: f32, x1: f32, y0: f32) -> HPiece {
        HPiece {
            x0,
            x1,
            y0,
            y1: y0 + 9.0,
            em: 9.0,
        }
    }

    #[test]
    fn wrapped_words_glued_across_narrow_gaps_are_columns_of_their_own() {
        // 收入 / 支出 over 项目 金额 | 项目 合计 …; 一般公共预算财 / 政拨款, 政府性基金预算 /
        // 财政拨款, 国有资本经营预 / 算财政拨款 set 0.5 em apart (one chunk of the line)
        let pieces = [
            p(167.4, 185.4, 96.9),
            p(548.4, 566.4, 96.9),
            p(601.8, 664.8, 112.1),
            p(669.2, 732.2, 112.1),
            p(736.7, 799.7, 112.1),
            p(132.4, 153.1, 117.7),
            p(270.1, 288.1, 117.7),
            p(412.1, 432.8, 117.7),
            p(556.8, 574.8, 117.7),
            p(619.8, 646.8, 123.4),
            p(682.7, 718.7, 123.4),
            p(745.7, 790.7, 123.4),
        ];
        let cols = header_columns(&pieces);
        // 收入, over the gap between 项目 and 金额, is a banner; 支出 stands over 合计
        assert_eq!(
            cols,
            vec![
                (132.4, 153.1),
                (270.1, 288.1),
                (412.1, 432.8),
                (548.4, 574.8),
                (601.8, 664.8),
                (669.2, 732.2),
                (736.7, 799.7),
            ]
        );
    }

    #[test]
    fn a_banner_over_two_sub_headers_is_no_column() {
        // 本年收入 over 一般公共预算 and 政府性基金预算, beside a word centred on both lines
        let pieces = [
            p(100.0, 136.0, 10.0),
            p(60.0, 114.0, 22.0),
            p(120.0, 183.0, 22.0),
            p(200.0, 236.0, 16.0),
        ];
        assert_eq!(
            header_columns(&pieces),
            vec![(60.0, 114.0), (120.0, 183.0), (200.0, 236.0)]
        );
    }
}

#[cfg(test)]
mod item_tests {
    use super::starts_item;

    #[test]
    fn a_list_enumerator_starts_an_item() {
        for s in [
            "十五、商业服务业等支出",
            "（三）国防支出",
            "(3)其他",
            "4、其他收入",
            "二十一、其他支出",
            "31008-物资储备",
            "2080505－机关事业单位基本养老保险缴费支出",
        ] {
            assert!(starts_item(s), "{s}");
        }
        // wrapped tails and plain names do not
        for s in [
            "险缴费支出",
            "出",
            "本年收入合计",
            "2026年预算数",
            "4.5万元",
            "十分",
            "2025-2026年",
            "12-3",
        ] {
            assert!(!starts_item(s), "{s}");
        }
    }
}
