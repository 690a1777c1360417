//! Noise that is not content: watermarks, page numbers, running headers and footers.
//! Everything here is positional or statistical; no word lists.

use super::super::page::PageContent;
use super::text;
use crate::model::Block;
use std::collections::{HashMap, HashSet};

/// Glyphs that belong to a watermark, per page: large glyphs that are rotated, or large
/// upright lines whose text repeats on most pages.
pub fn watermark_glyphs(pages: &[PageContent]) -> Vec<Vec<bool>> {
    let mut out: Vec<Vec<bool>> = pages.iter().map(|p| vec![false; p.glyphs.len()]).collect();
    // (page index, glyph indices, key) of large upright lines
    let mut big: Vec<(usize, Vec<usize>, String)> = Vec::new();
    for (pi, p) in pages.iter().enumerate() {
        let mut sizes: Vec<f32> = p
            .glyphs
            .iter()
            .filter(|g| g.upright && !g.text.trim().is_empty())
            .map(text::em)
            .collect();
        let Some(med) = text::median(&mut sizes) else {
            continue;
        };
        let mut upright_big: Vec<usize> = Vec::new();
        for (i, g) in p.glyphs.iter().enumerate() {
            let e = text::em(g);
            if !g.upright && e >= 1.5 * med {
                out[pi][i] = true;
            } else if g.upright && e >= 2.5 * med {
                upright_big.push(i);
            }
        }
        for l in text::group_lines(&p.glyphs, &upright_big) {
            let key: String = l
                .glyphs
                .iter()
                .map(|&i| p.glyphs[i].text.as_str())
                .collect();
            big.push((pi, l.glyphs, key));
        }
    }
    let mut pages_of: HashMap<&str, std::collections::BTreeSet<usize>> = HashMap::new();
    for (pi, _, k) in &big {
        pages_of.entry(k.as_str()).or_default().insert(*pi);
    }
    let need = (pages.len() as f32 * 0.5).ceil().max(2.0) as usize;
    let marked: Vec<(usize, Vec<usize>)> = big
        .iter()
        .filter(|(_, _, k)| pages_of[k.as_str()].len() >= need)
        .map(|(pi, g, _)| (*pi, g.clone()))
        .collect();
    for (pi, g) in marked {
        for i in g {
            out[pi][i] = true;
        }
    }
    out
}

/// A line that is only a page number: "3", "- 3 -", "— 3 —", "第3页", "第 3 页 共 9 页",
/// "3/9", "Page 3".
pub fn is_page_number(s: &str) -> bool {
    let t: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    let t = t.trim_matches(|c: char| {
        matches!(
            c,
            '-' | '–' | '—' | '－' | '·' | '•' | '〔' | '〕' | '[' | ']' | '(' | ')' | '（' | '）'
        )
    });
    if t.is_empty() {
        return false;
    }
    let digits = |x: &str| !x.is_empty() && x.len() <= 4 && x.chars().all(|c| c.is_ascii_digit());
    if digits(t) {
        return true;
    }
    if let Some((a, b)) = t.split_once('/') {
        return digits(a) && digits(b);
    }
    if let Some(rest) = t.strip_prefix("page") {
        return digits(rest.trim_start_matches(['.', ':']));
    }
    if let Some(rest) = t.strip_prefix('第') {
        // 第3页 / 第3页共9页 / 第3页，共9页
        if let Some((n, tail)) = rest.split_once('页') {
            let tail = tail.trim_start_matches([',', '，', '/']);
            let ok_tail = tail.is_empty()
                || tail
                    .strip_prefix('共')
                    .and_then(|x| x.strip_suffix('页'))
                    .is_some_and(digits);
            return digits(n) && ok_tail;
        }
    }
    false
}

fn blank() -> Block {
    Block::Text(crate::model::TextLine {
        text: String::new(),
        size: None,
        origin: Default::default(),
    })
}

fn digits_to_hash(s: &str) -> String {
    let mut out = String::new();
    let mut prev_digit = false;
    for c in s.chars() {
        if c.is_ascii_digit() {
            if !prev_digit {
                out.push('#');
            }
            prev_digit = true;
        } else {
            out.push(c);
            prev_digit = false;
        }
    }
    out
}

/// Drop page numbers in the margins and running headers/footers repeated on most pages.
/// `per_page[i]` holds the blocks of `pages[i]` (sorted by top y).
pub fn drop_repeated_lines(pages: &[PageContent], per_page: &mut [Vec<(f32, Block)>]) {
    // (page, block index, key, is_top)
    let mut cands: Vec<(usize, usize, String, bool)> = Vec::new();
    // page numbers in the margins, dropped wherever they stand
    let mut page_numbers: HashSet<(usize, usize)> = HashSet::new();
    for (pi, blocks) in per_page.iter().enumerate() {
        let h = pages[pi].height.max(1.0);
        let mut sizes: Vec<f32> = blocks
            .iter()
            .filter_map(|(_, b)| match b {
                Block::Text(t) => t.size,
                _ => None,
            })
            .collect();
        let med = text::median(&mut sizes).unwrap_or(0.0);
        let n = blocks.len();
        let mut drop_now: Vec<usize> = Vec::new();
        for (bi, (_, b)) in blocks.iter().enumerate() {
            let Block::Text(t) = b else { continue };
            let Some([_, y0, _, y1]) = t.origin.bbox else {
                continue;
            };
            let top = y1 < 0.1 * h;
            let bottom = y0 > 0.88 * h;
            if (top || bottom) && is_page_number(&t.text) {
                drop_now.push(bi);
                continue;
            }
            // running headers/footers: outermost lines of the page, in the margin, not larger
            // than the page's text
            let outermost_top = bi == 0 || blocks[..bi].iter().all(|(_, o)| matches!(o, Block::Text(x) if x.origin.bbox.is_some_and(|bb| bb[3] <= y1 + 1.0)));
            let outermost_bottom = bi + 1 == n
                || blocks[bi + 1..].iter().all(|(_, o)| matches!(o, Block::Text(x) if x.origin.bbox.is_some_and(|bb| bb[1] >= y0 - 1.0)));
            let small = t.size.is_none_or(|s| med == 0.0 || s <= 1.2 * med);
            if small && top && outermost_top {
                cands.push((pi, bi, format!("T{}|{}", (y0 / 4.0).round(), t.text), true));
            } else if small && bottom && outermost_bottom {
                cands.push((
                    pi,
                    bi,
                    format!("B{}|{}", (y0 / 4.0).round(), digits_to_hash(&t.text)),
                    false,
                ));
            }
        }
        page_numbers.extend(drop_now.into_iter().map(|bi| (pi, bi)));
    }
    let mut repeated: HashSet<(usize, usize)> = HashSet::new();
    if pages.len() >= 3 {
        let mut count: HashMap<&str, std::collections::BTreeSet<usize>> = HashMap::new();
        for (pi, _, k, _) in &cands {
            count.entry(k.as_str()).or_default().insert(*pi);
        }
        let need = ((pages.len() as f32) * 0.5).ceil().max(3.0) as usize;
        repeated.extend(
            cands
                .iter()
                .filter(|(_, _, k, _)| count[k.as_str()].len() >= need)
                .map(|(pi, bi, _, _)| (*pi, *bi)),
        );
    }
    // A repeated line is a running header (footer) only when everything between it and the
    // page's top (bottom) edge goes too: a table's 单位：万元 line repeated under a large title on
    // every page is content, though it repeats like a header.
    for (pi, blocks) in per_page.iter_mut().enumerate() {
        let gone = |bi: usize| page_numbers.contains(&(pi, bi)) || repeated.contains(&(pi, bi));
        let n = blocks.len();
        let top = (0..n).take_while(|&bi| gone(bi)).count();
        let bottom = (0..n).rev().take_while(|&bi| gone(bi)).count();
        for bi in 0..n {
            let edge = bi < top || bi >= n - bottom;
            if page_numbers.contains(&(pi, bi)) || (edge && repeated.contains(&(pi, bi))) {
                blocks[bi].1 = blank();
            }
        }
    }
    for blocks in per_page.iter_mut() {
        blocks.retain(|(_, b)| !matches!(b, Block::Text(t) if t.text.is_empty()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn page_numbers() {
        for s in [
            "3",
            "- 3 -",
            "— 12 —",
            "第3页",
            "第 3 页 共 9 页",
            "3/9",
            "Page 3",
            "-3-",
        ] {
            assert!(is_page_number(s), "{s}");
        }
        for s in ["2024年", "合计", "3.5", "12345", "第三部分", ""] {
            assert!(!is_page_number(s), "{s}");
        }
    }
}
