//! Normalizer: numbers in cells.
//!
//! Exact decimals only (`rust_decimal`), never floating point. The parser tells apart an
//! amount, a percentage, a blank, a "not applicable" dash, a spreadsheet error and text.

use once_cell::sync::Lazy;
use regex::Regex;
use rust_decimal::Decimal;
use std::str::FromStr;

/// What a cell's text means as a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellValue {
    /// A plain number ("9,316.63", "-31.46", "(31.46)" → -31.46), scale as printed.
    Amount(Decimal),
    /// "100.00%" → 100.00 (the number in percent).
    Percent(Decimal),
    /// Nothing printed.
    Empty,
    /// "-", "—", "——", "－": not applicable.
    NotApplicable,
    /// A spreadsheet error printed as is ("#DIV/0!").
    Error(String),
    /// Anything else ("≥90%", "=63套", "1950元/套", "提高"), as printed (trimmed).
    Text(String),
}

impl CellValue {
    /// The number for amounts and percentages.
    pub fn number(&self) -> Option<Decimal> {
        match self {
            CellValue::Amount(d) | CellValue::Percent(d) => Some(*d),
            _ => None,
        }
    }
    pub fn is_empty(&self) -> bool {
        matches!(self, CellValue::Empty)
    }
}

static HTML_TAG: Lazy<Regex> = Lazy::new(|| Regex::new(r"</?[A-Za-z][^<>]*>").unwrap());
static NUM: Lazy<Regex> = Lazy::new(|| Regex::new(r"^[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)$").unwrap());
static ERR: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^#(?:DIV/0|VALUE|REF|NAME|NUM|N/A|NULL|SPILL|CALC|GETTING_DATA)[!?]?$").unwrap()
});
static FIRST_NUM: Lazy<Regex> = Lazy::new(|| Regex::new(r"[+-]?\d[\d,]*(?:\.\d+)?").unwrap());

const DASHES: &[char] = &[
    '-', '—', '–', '―', '－', '─', '━', '‐', '‑', '‒', '一', '/', '\\',
];

/// Remove stray HTML tags and entities.
fn strip_html(s: &str) -> String {
    let s = if s.contains('<') {
        HTML_TAG.replace_all(s, "").into_owned()
    } else {
        s.to_string()
    };
    if s.contains('&') {
        s.replace("&nbsp;", " ")
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
    } else {
        s
    }
}

/// Parse a plain decimal (commas as thousands separators allowed), already folded, no spaces.
fn plain_decimal(s: &str) -> Option<Decimal> {
    if !NUM.is_match(s) {
        return None;
    }
    // commas only between digits
    let b = s.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c == b','
            && !(i > 0 && b[i - 1].is_ascii_digit() && b.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            return None;
        }
    }
    let t: String = s.chars().filter(|&c| c != ',').collect();
    let t = t.strip_prefix('+').unwrap_or(&t);
    let t = t.strip_suffix('.').unwrap_or(t);
    Decimal::from_str(t).ok()
}

/// Interpret a cell's text.
pub fn parse(text: &str) -> CellValue {
    let raw = strip_html(text);
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return CellValue::Empty;
    }
    // NFKC: full-width digits, commas, periods, minus, percent become ASCII
    let folded: String = crate::normalize::nfkc(trimmed)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if folded.is_empty() {
        return CellValue::Empty;
    }
    if folded.chars().all(|c| DASHES.contains(&c)) {
        return CellValue::NotApplicable;
    }
    let upper = folded.to_ascii_uppercase();
    if ERR.is_match(&upper) {
        return CellValue::Error(folded);
    }
    if let Some(p) = folded.strip_suffix('%')
        && let Some(d) = plain_decimal(p)
    {
        return CellValue::Percent(d);
    }
    if let Some(inner) = folded.strip_prefix('(').and_then(|s| s.strip_suffix(')'))
        && let Some(d) = plain_decimal(inner)
        && !inner.starts_with(['-', '+'])
    {
        return CellValue::Amount(-d);
    }
    if let Some(d) = plain_decimal(&folded) {
        return CellValue::Amount(d);
    }
    CellValue::Text(trimmed.to_string())
}

/// The first number in a text ("≥90%" → 90, "=63套" → 63, "1950元/套" → 1950), for
/// indicator values that are not plain numbers.
pub fn first_number(text: &str) -> Option<Decimal> {
    let folded: String = crate::normalize::nfkc(text).chars().collect();
    let m = FIRST_NUM.find(&folded)?;
    plain_decimal(m.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros_free::d;

    mod rust_decimal_macros_free {
        pub fn d(s: &str) -> rust_decimal::Decimal {
            s.parse().unwrap()
        }
    }

    #[test]
    fn amounts() {
        assert_eq!(parse("9,316.63"), CellValue::Amount(d("9316.63")));
        assert_eq!(parse("9316.63"), CellValue::Amount(d("9316.63")));
        assert_eq!(parse("6,702"), CellValue::Amount(d("6702")));
        assert_eq!(parse("-31.46"), CellValue::Amount(d("-31.46")));
        assert_eq!(parse("0.00"), CellValue::Amount(d("0.00")));
        assert_eq!(parse(" 12 "), CellValue::Amount(d("12")));
        assert_eq!(parse("９，３１６．６３"), CellValue::Amount(d("9316.63")));
        assert_eq!(parse("－３１.４６"), CellValue::Amount(d("-31.46")));
        assert_eq!(parse("(31.46)"), CellValue::Amount(d("-31.46")));
        assert_eq!(parse("（31.46）"), CellValue::Amount(d("-31.46")));
        assert_eq!(parse("<p>12</p>"), CellValue::Amount(d("12")));
        assert_eq!(
            parse("<td>1,234.5</td>&nbsp;"),
            CellValue::Amount(d("1234.5"))
        );
        assert_eq!(parse(".5"), CellValue::Amount(d("0.5")));
        assert_eq!(parse("+3"), CellValue::Amount(d("3")));
    }

    #[test]
    fn scale_is_kept_exact() {
        match parse("96.07") {
            CellValue::Amount(v) => assert_eq!(v.to_string(), "96.07"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn blanks_and_dashes() {
        assert_eq!(parse(""), CellValue::Empty);
        assert_eq!(parse("   \n"), CellValue::Empty);
        assert_eq!(parse("<p></p>"), CellValue::Empty);
        for s in ["-", "—", "——", "－", "--", "–", " — "] {
            assert_eq!(parse(s), CellValue::NotApplicable, "{s}");
        }
    }

    #[test]
    fn errors() {
        assert_eq!(parse("#DIV/0!"), CellValue::Error("#DIV/0!".into()));
        assert_eq!(parse("#VALUE!"), CellValue::Error("#VALUE!".into()));
        assert_eq!(parse("#REF!"), CellValue::Error("#REF!".into()));
        assert_eq!(parse("#N/A"), CellValue::Error("#N/A".into()));
        assert_eq!(parse("＃DIV/0！"), CellValue::Error("#DIV/0!".into()));
    }

    #[test]
    fn percents_and_text() {
        assert_eq!(parse("100.00%"), CellValue::Percent(d("100.00")));
        assert_eq!(parse("８５％"), CellValue::Percent(d("85")));
        assert_eq!(parse("≥90%"), CellValue::Text("≥90%".into()));
        assert_eq!(parse("=63套"), CellValue::Text("=63套".into()));
        assert_eq!(parse("1950元/套"), CellValue::Text("1950元/套".into()));
        assert_eq!(parse("提高"), CellValue::Text("提高".into()));
        assert_eq!(parse("1,2,3"), CellValue::Amount(d("123")));
        assert_eq!(parse("1,,2"), CellValue::Text("1,,2".into()));
        assert_eq!(parse("12,"), CellValue::Text("12,".into()));
        assert_eq!(parse("2024年12月"), CellValue::Text("2024年12月".into()));
        assert_eq!(parse("1.2.3"), CellValue::Text("1.2.3".into()));
    }

    #[test]
    fn first_numbers() {
        assert_eq!(first_number("≥90%"), Some(d("90")));
        assert_eq!(first_number("=63套"), Some(d("63")));
        assert_eq!(first_number("1950元/套"), Some(d("1950")));
        assert_eq!(first_number("提高"), None);
    }
}
