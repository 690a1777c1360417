//! Radical code points → the ideographs they stand for.
//!
//! Some PDF producers give a glyph the ToUnicode value of a Kangxi radical (U+2F00–U+2FD5) or
//! of a CJK radical supplement form (U+2E80–U+2EF3) instead of the ideograph it shows: the page
//! reads 收入支出, the text says 收⼊⽀出. A reprint by poppler/cairo does it to every glyph
//! shared with a radical, and the same text then comes from Word and Excel copies of such PDFs.
//! No reader of a budget means the radical: each becomes its unified ideograph (NFKC for the
//! Kangxi block; a table for the supplement, whose simplified forms NFKC leaves alone).

use unicode_normalization::char::decompose_compatible;

/// Radical supplement forms that are whole characters in simplified Chinese text, with the
/// ideograph each stands for. Components that are never a character alone (⺅, ⺡, ⻌ …) stay.
const SUPPLEMENT: &[(char, char)] = &[
    ('\u{2E9F}', '母'),
    ('\u{2EA0}', '民'),
    ('\u{2EC4}', '西'),
    ('\u{2EC5}', '见'),
    ('\u{2EC6}', '角'),
    ('\u{2EC7}', '角'),
    ('\u{2EC9}', '贝'),
    ('\u{2ECB}', '车'),
    ('\u{2ED3}', '长'),
    ('\u{2ED4}', '门'),
    ('\u{2ED8}', '青'),
    ('\u{2EDA}', '页'),
    ('\u{2EDB}', '风'),
    ('\u{2EDC}', '飞'),
    ('\u{2EDD}', '食'),
    ('\u{2EE2}', '马'),
    ('\u{2EE3}', '骨'),
    ('\u{2EE4}', '鬼'),
    ('\u{2EE5}', '鱼'),
    ('\u{2EE6}', '鸟'),
    ('\u{2EE7}', '卤'),
    ('\u{2EE8}', '麦'),
    ('\u{2EE9}', '黄'),
    ('\u{2EEA}', '黾'),
    ('\u{2EEC}', '齐'),
    ('\u{2EEE}', '齿'),
    ('\u{2EF0}', '龙'),
    ('\u{2EF3}', '龟'),
];

fn is_radical(c: char) -> bool {
    ('\u{2E80}'..='\u{2FDF}').contains(&c)
}

/// The ideograph a radical code point stands for; other characters unchanged.
pub fn ideograph(c: char) -> char {
    if !is_radical(c) {
        return c;
    }
    if let Ok(i) = SUPPLEMENT.binary_search_by(|(r, _)| r.cmp(&c)) {
        return SUPPLEMENT[i].1;
    }
    let mut out = c;
    let mut n = 0;
    decompose_compatible(c, |d| {
        out = d;
        n += 1;
    });
    if n == 1 { out } else { c }
}

/// Replace radicals in `s` by their ideographs, in place; no allocation when there are none.
pub fn unify(s: &mut String) {
    if s.chars().any(is_radical) {
        *s = s.chars().map(ideograph).collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radicals_become_ideographs() {
        let mut s = "收⼊⽀出决算总表 ⼀般公共预算 ⻔诊 ⻓期".to_string();
        unify(&mut s);
        assert_eq!(s, "收入支出决算总表 一般公共预算 门诊 长期");
        // components that are no character alone, and ordinary text, stay
        assert_eq!(ideograph('\u{2E85}'), '\u{2E85}');
        assert_eq!(ideograph('支'), '支');
        assert!(SUPPLEMENT.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
