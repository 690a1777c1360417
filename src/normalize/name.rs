//! Normalizer: names and free text.
//!
//! Two different jobs: the *printed* name (trimmed, wrapped parts joined, numbering kept) and
//! the *matching key* (folded: full-width → half-width, whitespace removed, leading numbering
//! and punctuation stripped). Printed names are never replaced by their keys.

/// NFKC folding (full-width digits, letters, punctuation and the ideographic space become
/// their ASCII forms) with every whitespace character removed.
pub fn fold(s: &str) -> String {
    crate::normalize::nfkc(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// NFKC folding keeping single spaces between words (for display-like uses).
pub fn fold_keep_spaces(s: &str) -> String {
    let f: String = crate::normalize::nfkc(s).chars().collect();
    f.split_whitespace().collect::<Vec<_>>().join(" ")
}

const CN_DIGITS: &str = "一二三四五六七八九十百零〇";
const CIRCLED: &str = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";

/// Length in bytes of a leading enumerator in an already folded string ("一、", "(一)",
/// "1.", "1、", "①", "第一部分"), 0 if none.
fn numbering_len(f: &str) -> usize {
    let chars: Vec<(usize, char)> = f.char_indices().collect();
    if chars.is_empty() {
        return 0;
    }
    let end_at = |i: usize| -> usize { if i < chars.len() { chars[i].0 } else { f.len() } };
    let (_, c0) = chars[0];
    // ① … ⑳ (NFKC turns circled digits into plain digits, so check the raw char too)
    if CIRCLED.contains(c0) {
        return end_at(1);
    }
    // (一) / (1)
    if c0 == '(' || c0 == '（' {
        let mut i = 1;
        while i < chars.len() && (CN_DIGITS.contains(chars[i].1) || chars[i].1.is_ascii_digit()) {
            i += 1;
        }
        if i > 1 && i < chars.len() && (chars[i].1 == ')' || chars[i].1 == '）') {
            let mut j = i + 1;
            if j < chars.len() && matches!(chars[j].1, '、' | '.' | ',') {
                j += 1;
            }
            return end_at(j);
        }
        return 0;
    }
    // 一、 / 十二、 / 1. / 1、 / 1) (a digit run followed by a separator)
    let mut i = 0;
    let cn = CN_DIGITS.contains(c0);
    while i < chars.len()
        && ((cn && CN_DIGITS.contains(chars[i].1)) || (!cn && chars[i].1.is_ascii_digit()))
    {
        i += 1;
    }
    if i > 0 && i < chars.len() {
        let sep = chars[i].1;
        let ok = if cn {
            matches!(sep, '、' | '.' | ',' | ')' | '）')
        } else {
            // "1.5" is a number, not an enumerator
            (sep == '.' && !chars.get(i + 1).is_some_and(|c| c.1.is_ascii_digit()))
                || matches!(sep, '、' | ')' | '）' | ',')
        };
        if ok {
            return end_at(i + 1);
        }
    }
    0
}

/// The folded text without its leading enumerator.
pub fn strip_numbering(s: &str) -> String {
    let raw = s.trim_start();
    // circled digits first (before NFKC turns them into plain digits)
    if let Some(c) = raw.chars().next()
        && CIRCLED.contains(c)
    {
        return fold(&raw[c.len_utf8()..]);
    }
    let f = fold(raw);
    let n = numbering_len(&f);
    f[n..].to_string()
}

/// True when the text starts with an enumerator (一、 （一） 1. ①).
pub fn has_numbering(s: &str) -> bool {
    let raw = s.trim_start();
    if raw.chars().next().is_some_and(|c| CIRCLED.contains(c)) {
        return true;
    }
    numbering_len(&fold(raw)) > 0
}

/// Key for comparing names: folded, leading enumerator stripped, everything that is not a
/// letter or digit (quotes, brackets, punctuation) removed.
pub fn match_key(s: &str) -> String {
    strip_numbering(s)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Key that keeps the enumerator (for headers, where "（万元）" suffixes matter elsewhere).
pub fn loose_key(s: &str) -> String {
    fold(s).chars().filter(|c| c.is_alphanumeric()).collect()
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// Join two parts of a name wrapped over two lines or rows: no separator between CJK
/// characters, one space between Latin words.
pub fn join_wrapped(a: &str, b: &str) -> String {
    let a = a.trim();
    let b = b.trim();
    if a.is_empty() {
        return b.to_string();
    }
    if b.is_empty() {
        return a.to_string();
    }
    let last = a.chars().last().unwrap();
    let first = b.chars().next().unwrap();
    if is_cjk(last) || is_cjk(first) || last == '-' {
        format!("{a}{b}")
    } else {
        format!("{a} {b}")
    }
}

/// The printed form of a cell's text: trimmed, explicit line breaks joined as wrapped text,
/// runs of whitespace collapsed to one space (spaces themselves are kept as printed).
pub fn printed(s: &str) -> String {
    let mut out = String::new();
    for line in s.split(['\n', '\r']) {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            continue;
        }
        out = join_wrapped(&out, &line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_full_width_and_spaces() {
        assert_eq!(fold("９，３１６．６３"), "9,316.63");
        assert_eq!(fold("公务接待 费\n"), "公务接待费");
        assert_eq!(fold("因公出国（境）费"), "因公出国(境)费");
        assert_eq!(fold("\u{3000}合\u{3000}计"), "合计");
    }

    #[test]
    fn numbering_is_stripped_for_matching_only() {
        assert_eq!(strip_numbering("一、一般公共服务支出"), "一般公共服务支出");
        assert_eq!(
            strip_numbering("二十二、灾害防治及应急管理支出"),
            "灾害防治及应急管理支出"
        );
        assert_eq!(strip_numbering("（一）行政单位"), "行政单位");
        assert_eq!(
            strip_numbering("(二) 参照公务员法管理事业单位"),
            "参照公务员法管理事业单位"
        );
        assert_eq!(
            strip_numbering("1. 副部(省)级及以上领导用车"),
            "副部(省)级及以上领导用车"
        );
        assert_eq!(strip_numbering("3、机要通信用车"), "机要通信用车");
        assert_eq!(strip_numbering("①公务用车购置费"), "公务用车购置费");
        // not numbering
        assert_eq!(strip_numbering("1.5倍"), "1.5倍");
        assert_eq!(strip_numbering("一般公共预算"), "一般公共预算");
        assert_eq!(strip_numbering("十分满意"), "十分满意");
        assert!(has_numbering("八、其他收入"));
        assert!(!has_numbering("合计"));
    }

    #[test]
    fn match_key_drops_punctuation_and_quotes() {
        assert_eq!(
            match_key("财政拨款“三公”经费支出决算表"),
            "财政拨款三公经费支出决算表"
        );
        assert_eq!(
            match_key("财政拨款\"三公\"经费支出决算表"),
            "财政拨款三公经费支出决算表"
        );
        assert_eq!(match_key("一、收入支出决算总表"), "收入支出决算总表");
    }

    #[test]
    fn wrapped_parts_join() {
        assert_eq!(
            join_wrapped("机关事业单位基本养老保险", "缴费支出"),
            "机关事业单位基本养老保险缴费支出"
        );
        assert_eq!(join_wrapped("Total", "amount"), "Total amount");
        assert_eq!(join_wrapped("", "x"), "x");
        assert_eq!(printed(" 公务用车\n运行维护费 "), "公务用车运行维护费");
        assert_eq!(printed("公务接待  费"), "公务接待 费");
        assert_eq!(printed("(一)\u{3000}行政单位"), "(一) 行政单位");
        assert_eq!(printed("a  b"), "a b");
    }
}
