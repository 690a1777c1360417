//! Normalizer: units of amounts ("金额单位：万元", "单位:元", "（万元）" header suffixes) and the
//! exact conversion to 元.

use once_cell::sync::Lazy;
use regex::Regex;
use rust_decimal::Decimal;

use super::name::fold;

/// A unit of amounts as printed, with its factor to 元.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// As printed (folded), e.g. "万元".
    pub name: String,
    /// 元 per unit: 10000 for 万元.
    pub multiplier: Decimal,
}

impl Unit {
    pub fn yuan() -> Unit {
        Unit {
            name: "元".into(),
            multiplier: Decimal::ONE,
        }
    }
}

/// Factor to 元 of a unit word.
pub fn multiplier(word: &str) -> Option<Decimal> {
    Some(match fold(word).as_str() {
        "元" => Decimal::ONE,
        "百元" => Decimal::from(100),
        "千元" => Decimal::from(1_000),
        "万元" => Decimal::from(10_000),
        "十万元" => Decimal::from(100_000),
        "百万元" => Decimal::from(1_000_000),
        "千万元" => Decimal::from(10_000_000),
        "亿元" => Decimal::from(100_000_000),
        _ => return None,
    })
}

const WORDS: &str = "(亿元|千万元|百万元|十万元|万元|千元|百元|元)";

static UNIT_LINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?:金额|货币|计量)?单位[:：]?(?:为|是)?(?:人民币)?{WORDS}"
    ))
    .unwrap()
});
static UNIT_ALONE: Lazy<Regex> =
    Lazy::new(|| Regex::new(&format!(r"^[(（\[【]?(?:人民币)?{WORDS}[)）\]】]?$")).unwrap());
static UNIT_SUFFIX: Lazy<Regex> =
    Lazy::new(|| Regex::new(&format!(r"[(（\[【]?(?:单位[:：])?{WORDS}[)）\]】]?$")).unwrap());

/// The unit named by a unit word ("万元"); None for a word that names no unit.
pub fn unit_of(word: &str) -> Option<Unit> {
    Some(Unit {
        name: word.to_string(),
        multiplier: multiplier(word)?,
    })
}

/// The unit stated by a line or cell such as "金额单位：万元", "单位:元", "（万元）", "万元".
/// Lines that merely mention money ("收入9,316.63万元") are not unit lines.
pub fn parse_unit_line(text: &str) -> Option<Unit> {
    let f = fold(text);
    if let Some(c) = UNIT_LINE.captures(&f) {
        return unit_of(c.get(1)?.as_str());
    }
    if let Some(c) = UNIT_ALONE.captures(&f) {
        return unit_of(c.get(1)?.as_str());
    }
    None
}

/// Split a header cell into its words and a parenthesised unit suffix:
/// "上年结转金额(万元)" → ("上年结转金额", Some(万元)). Only bracketed suffixes are taken
/// (a header "万元" alone is a unit, handled by [`parse_unit_line`]).
pub fn split_header_unit(text: &str) -> (String, Option<Unit>) {
    let f = fold(text);
    if let Some(m) = UNIT_SUFFIX.find(&f) {
        let s = m.as_str();
        let bracketed = s.starts_with(['(', '（', '[', '【']);
        if bracketed && m.start() > 0 {
            let c = UNIT_SUFFIX.captures(s).unwrap();
            return (
                f[..m.start()].to_string(),
                unit_of(c.get(1).unwrap().as_str()),
            );
        }
    }
    (f, None)
}

static PACKED: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"^(.*[^\d\s,.:：，．+-])\s*[:：]?\s*(-?\d[\d,，]*(?:[.．]\d+)?)\s*{WORDS}?$"
    ))
    .unwrap()
});

/// A label and its amount printed in one cell: "实施期资金总额：200,000" → ("实施期资金总额",
/// "200,000", None); "市县（区）财政50万元" → ("市县（区）财政", "50", Some(万元)). None when
/// the text does not end in a number (a label alone) or is a number alone.
pub fn split_packed_amount(text: &str) -> Option<(String, String, Option<Unit>)> {
    // on the printed text (\d takes full-width digits too): the label stays as printed
    let c = PACKED.captures(text.trim())?;
    let label = c
        .get(1)?
        .as_str()
        .trim()
        .trim_end_matches([':', '：'])
        .trim();
    let unit = c.get(3).and_then(|m| unit_of(m.as_str()));
    Some((label.to_string(), c.get(2)?.as_str().to_string(), unit))
}

/// Exact conversion to 元, normalized (no trailing zeros): 96.07 万元 → 960700.
pub fn to_yuan(amount: Decimal, unit: &Unit) -> Decimal {
    (amount * unit.multiplier).normalize()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_label_and_amount() {
        let s = |t: &str| split_packed_amount(t).map(|(l, a, u)| (l, a, u.map(|u| u.name)));
        assert_eq!(
            s("实施期资金总额：200,000"),
            Some(("实施期资金总额".into(), "200,000".into(), None))
        );
        assert_eq!(
            s("其中：中央财政资金 0"),
            Some(("其中：中央财政资金".into(), "0".into(), None))
        );
        assert_eq!(
            s("市县（区）财政50万元"),
            Some(("市县（区）财政".into(), "50".into(), Some("万元".into())))
        );
        assert_eq!(s("其他资金"), None);
        assert_eq!(s("200,000"), None);
        assert_eq!(s("项目期 99年"), None);
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn unit_lines() {
        assert_eq!(
            parse_unit_line("金额单位：万元").unwrap().multiplier,
            d("10000")
        );
        assert_eq!(parse_unit_line("单位：万元").unwrap().name, "万元");
        assert_eq!(parse_unit_line("单位:元").unwrap().multiplier, d("1"));
        assert_eq!(parse_unit_line("（万元）").unwrap().multiplier, d("10000"));
        assert_eq!(parse_unit_line("单位：千元").unwrap().multiplier, d("1000"));
        assert_eq!(
            parse_unit_line("单位：亿元").unwrap().multiplier,
            d("100000000")
        );
        assert_eq!(parse_unit_line("金额单位 ： 万 元").unwrap().name, "万元");
        assert_eq!(
            parse_unit_line("部门名称：阳城县应急管理局    单位：万元")
                .unwrap()
                .name,
            "万元"
        );
        assert_eq!(parse_unit_line("单位名称：阳城县应急管理局"), None);
        assert_eq!(parse_unit_line("编制单位：某某局"), None);
        assert_eq!(parse_unit_line("2024年度收入总计9,316.63万元"), None);
        assert_eq!(parse_unit_line("2024年度"), None);
    }

    #[test]
    fn header_suffix() {
        let (h, u) = split_header_unit("上年结转金额(万元)");
        assert_eq!(h, "上年结转金额");
        assert_eq!(u.unwrap().name, "万元");
        let (h, u) = split_header_unit("项目资金（元）");
        assert_eq!(h, "项目资金");
        assert_eq!(u.unwrap().multiplier, d("1"));
        let (h, u) = split_header_unit("基本支出");
        assert_eq!(h, "基本支出");
        assert!(u.is_none());
        // a bare unit word is not a suffix of anything
        let (_, u) = split_header_unit("万元");
        assert!(u.is_none());
    }

    #[test]
    fn conversion_is_exact_and_normalized() {
        let wan = parse_unit_line("万元").unwrap();
        let v = to_yuan(d("96.07"), &wan);
        assert_eq!(v, d("960700"));
        assert_eq!(v.to_string(), "960700");
        assert_eq!(to_yuan(d("9316.63"), &wan).to_string(), "93166300");
        assert_eq!(to_yuan(d("0.01"), &wan).to_string(), "100");
        assert_eq!(to_yuan(d("0.00"), &wan).to_string(), "0");
        assert_eq!(to_yuan(d("-31.46"), &wan).to_string(), "-314600");
        assert_eq!(to_yuan(d("1.5"), &Unit::yuan()).to_string(), "1.5");
        let qian = parse_unit_line("单位：千元").unwrap();
        assert_eq!(to_yuan(d("0.123456"), &qian).to_string(), "123.456");
    }
}
