//! Normalizer: subject codes (功能分类 224 / 22401 / 2240101, 经济分类 301 / 30101).
//!
//! A code is digits only. Its level follows from its length (3 类, 5 款, 7 项) and its parent
//! is its prefix one level up.

const BRACKETS: &[char] = &['[', ']', '【', '】', '(', ')', '（', '）', '〔', '〕'];

fn valid_len(n: usize) -> bool {
    matches!(n, 3 | 5 | 7)
}

/// The code in a cell that holds only a code: "2240101", "224 01 01", "[2240101]",
/// full-width digits. None for anything else (names, amounts with decimals, years).
pub fn normalize_code(text: &str) -> Option<String> {
    let f: String = crate::normalize::nfkc(text).chars().collect();
    let t = f.trim().trim_matches(BRACKETS).trim();
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || c == ' ') {
        return None;
    }
    let groups: Vec<&str> = t.split_whitespace().collect();
    // "224 01 01": a 3-digit group followed by 2-digit groups
    if groups.len() > 1 && !(groups[0].len() == 3 && groups[1..].iter().all(|g| g.len() == 2)) {
        return None;
    }
    let digits: String = groups.concat();
    valid_len(digits.len()).then_some(digits)
}

/// Characters after which a leading digit run is a quantity, not a code ("100万元", "2024年").
const NOT_AFTER_CODE: &str = "年月日万千亿元个人次项辆台套批%.,、．-/:：)）";

/// Split a cell that holds a code and a name: "2240101 行政运行", "2240101行政运行",
/// "[2240101]行政运行", "224 01 01 行政运行". Returns (code, name); a cell without a leading
/// code gives (None, the text trimmed).
pub fn split_code_name(text: &str) -> (Option<String>, String) {
    let trimmed = text.trim();
    let f: String = crate::normalize::nfkc(trimmed).chars().collect();
    let mut digits_end = 0; // byte index in f
    let mut saw_digit = false;
    let mut bracket_open = false;
    for (i, c) in f.char_indices() {
        if c.is_ascii_digit() || (c == ' ' && saw_digit) {
            saw_digit |= c.is_ascii_digit();
            digits_end = i + c.len_utf8();
        } else if !saw_digit && (c == '[' || c == '【') {
            bracket_open = true;
            digits_end = i + c.len_utf8();
        } else if saw_digit && bracket_open && (c == ']' || c == '】') {
            digits_end = i + c.len_utf8();
            break;
        } else {
            break;
        }
    }
    if !saw_digit {
        return (None, trimmed.to_string());
    }
    let code_part = &f[..digits_end];
    let after = &f[digits_end..];
    let rest = after.trim_start();
    let Some(code) = normalize_code(code_part) else {
        return (None, trimmed.to_string());
    };
    let Some(first) = rest.chars().next() else {
        return (Some(code), String::new());
    };
    // "50101-工资奖金津补贴": a dash between the code and a name
    let (rest, dashed) = match rest.strip_prefix(['-', '－', '—', '_']) {
        Some(r)
            if r.chars()
                .next()
                .is_some_and(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) =>
        {
            (r, true)
        }
        _ => (rest, false),
    };
    let first = rest.chars().next().unwrap_or(first);
    // A name may open with a word that follows a count ("30310 个人农业生产补贴"): a
    // classification code set off by a space, dash or bracket, or of 款/项 length, is a code.
    let separated = dashed || bracket_open || after.starts_with(char::is_whitespace);
    let is_code = in_classification(&code)
        && matches!(code.len(), 3 | 5 | 7)
        && (separated || code.len() >= 5);
    if first.is_ascii_digit() || (NOT_AFTER_CODE.contains(first) && !is_code) {
        return (None, trimmed.to_string());
    }
    // the name must hold at least one CJK character
    if !rest.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
        return (None, trimmed.to_string());
    }
    (Some(code), rest.trim().to_string())
}

/// Does a code's 类 fall in one of the classifications the reports print: 收入分类 101–110,
/// 支出功能分类 201–239, 部门预算支出经济分类 301–399, 政府预算支出经济分类 501–599? Used
/// where digits before a name might be a code or part of the name ("12320卫生热线服务项目").
pub fn in_classification(code: &str) -> bool {
    let Some(lei) = code.get(..3).and_then(|l| l.parse::<u32>().ok()) else {
        return false;
    };
    matches!(lei, 101..=110 | 201..=239 | 301..=399 | 501..=599)
}

/// Join separate 类/款/项 cells ("224", "01", "01") into one code. The 款 and 项 parts may
/// also be printed in full ("22401", "2240101").
/// A row that prints only its own part of the code (类 "201", then 款 "40", then 项 "01"):
/// the full code from the last 类 / 款 above it. `part` is the printed digits, `depth` 1 for a
/// 款, 2 for a 项.
pub fn complete_partial(
    part: &str,
    depth: u8,
    lei: Option<&str>,
    kuan: Option<&str>,
) -> Option<String> {
    let p: String = crate::normalize::nfkc(part)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if p.len() != 2 || !p.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let parent = match depth {
        1 => lei.filter(|l| l.len() == 3),
        _ => kuan.filter(|k| k.len() == 5),
    }?;
    Some(format!("{parent}{p}"))
}

pub fn join_parts(lei: &str, kuan: &str, xiang: &str) -> Option<String> {
    let norm = |s: &str| -> String {
        crate::normalize::nfkc(s)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .trim_matches(BRACKETS)
            .to_string()
    };
    let (l, k, x) = (norm(lei), norm(kuan), norm(xiang));
    for p in [&l, &k, &x] {
        if !p.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
    }
    if l.len() != 3 {
        // a row carrying only 款 or 项 in full
        if l.is_empty() {
            if x.len() == 7 {
                return Some(x);
            }
            if k.len() == 5 && x.is_empty() {
                return Some(k);
            }
        }
        return None;
    }
    let mut code = l.clone();
    if k.is_empty() {
        return x.is_empty().then_some(code);
    }
    match k.len() {
        2 => code.push_str(&k),
        5 if k.starts_with(&l) => code = k.clone(),
        _ => return None,
    }
    match x.len() {
        0 => {}
        2 => code.push_str(&x),
        7 if x.starts_with(&code) => code = x.clone(),
        _ => return None,
    }
    Some(code)
}

/// "类" / "款" / "项" by length.
pub fn level(code: &str) -> Option<&'static str> {
    match code.len() {
        3 => Some("类"),
        5 => Some("款"),
        7 => Some("项"),
        _ => None,
    }
}

/// The parent code (one level up), if the code has one.
pub fn parent(code: &str) -> Option<String> {
    match code.len() {
        5 => Some(code[..3].to_string()),
        7 => Some(code[..5].to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_cell_codes() {
        assert_eq!(normalize_code("2240101").as_deref(), Some("2240101"));
        assert_eq!(normalize_code("224 01 01").as_deref(), Some("2240101"));
        assert_eq!(normalize_code("[2240101]").as_deref(), Some("2240101"));
        assert_eq!(normalize_code("２２４").as_deref(), Some("224"));
        assert_eq!(normalize_code("30101").as_deref(), Some("30101"));
        assert_eq!(normalize_code("2024"), None);
        assert_eq!(normalize_code("96.07"), None);
        assert_eq!(normalize_code("22 401"), None);
        assert_eq!(normalize_code("合计"), None);
        assert_eq!(normalize_code(""), None);
        assert_eq!(normalize_code("12"), None);
    }

    #[test]
    fn code_and_name_in_one_cell() {
        assert_eq!(
            split_code_name("2240101 行政运行"),
            (Some("2240101".into()), "行政运行".into())
        );
        assert_eq!(
            split_code_name("2240101行政运行"),
            (Some("2240101".into()), "行政运行".into())
        );
        assert_eq!(
            split_code_name("[2240101]行政运行"),
            (Some("2240101".into()), "行政运行".into())
        );
        assert_eq!(
            split_code_name("224 01 01 行政运行"),
            (Some("2240101".into()), "行政运行".into())
        );
        assert_eq!(
            split_code_name("301 工资福利支出").0.as_deref(),
            Some("301")
        );
        assert_eq!(
            split_code_name("2240101"),
            (Some("2240101".into()), String::new())
        );
        // quantities and years are not codes
        assert_eq!(split_code_name("2026年安全生产应急指挥专项经费").0, None);
        assert_eq!(split_code_name("100万元以上设备").0, None);
        // a name opening with a count word after a classification code
        for cell in [
            "30310 个人农业生产补贴",
            "30310-个人农业生产补贴",
            "30310个人农业生产补贴",
        ] {
            assert_eq!(
                split_code_name(cell),
                (Some("30310".into()), "个人农业生产补贴".into()),
                "{cell}"
            );
        }
        assert_eq!(split_code_name("210人次培训").0, None);
        assert_eq!(split_code_name("30个项目").0, None);
        assert_eq!(split_code_name("行政运行"), (None, "行政运行".into()));
        assert_eq!(split_code_name("1. 副部(省)级及以上领导用车").0, None);
    }

    #[test]
    fn separate_parts() {
        assert_eq!(join_parts("224", "01", "01").as_deref(), Some("2240101"));
        assert_eq!(join_parts("224", "01", "").as_deref(), Some("22401"));
        assert_eq!(join_parts("224", "", "").as_deref(), Some("224"));
        assert_eq!(
            join_parts("224", "22401", "2240101").as_deref(),
            Some("2240101")
        );
        assert_eq!(join_parts("", "", "2240101").as_deref(), Some("2240101"));
        assert_eq!(join_parts("224", "", "01"), None);
        assert_eq!(join_parts("合计", "", ""), None);
        assert_eq!(join_parts("", "", ""), None);
    }

    #[test]
    fn levels_and_parents() {
        assert_eq!(level("224"), Some("类"));
        assert!(in_classification("2240101") && in_classification("30231"));
        assert!(in_classification("50101") && in_classification("103"));
        assert!(!in_classification("12320") && !in_classification("12345"));
        assert!(!in_classification("999"));
        assert_eq!(level("22401"), Some("款"));
        assert_eq!(level("2240101"), Some("项"));
        assert_eq!(level("30101"), Some("款"));
        assert_eq!(level("2240"), None);
        assert_eq!(parent("2240101").as_deref(), Some("22401"));
        assert_eq!(parent("22401").as_deref(), Some("224"));
        assert_eq!(parent("224"), None);
    }
}

#[cfg(test)]
mod partial_code_tests {
    use super::*;

    #[test]
    fn partial_codes_and_dashed_names() {
        assert_eq!(
            complete_partial("40", 1, Some("201"), None).as_deref(),
            Some("20140")
        );
        assert_eq!(
            complete_partial("01", 2, None, Some("20140")).as_deref(),
            Some("2014001")
        );
        assert_eq!(complete_partial("401", 1, Some("201"), None), None);
        assert_eq!(complete_partial("40", 1, None, None), None);
        assert_eq!(
            split_code_name("50101-工资奖金津补贴"),
            (Some("50101".to_string()), "工资奖金津补贴".to_string())
        );
        // a quantity, not a code
        assert_eq!(split_code_name("100-200人").0, None);
    }
}
