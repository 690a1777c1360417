//! Normalizer: performance indicator values ("≥95%", "每年≥20场", "0起", "≤编制数") and the
//! packed indicator cells of 绩效目标 registers ("1、1-产出指标；11-数量指标；会议活动保障次数；
//! 实施周期指标值:每年≥20场；年度指标值:每年≥20场。2、…"). Pure functions: the printed text is
//! never replaced, only read.

use regex::Regex;
use rust_decimal::Decimal;
use std::str::FromStr;
use std::sync::LazyLock;

/// An indicator value as printed and, where it has that shape, its parts:
/// [qualifier] [comparator] number [unit], or [comparator] words ("≤编制数").
#[derive(Debug, Clone, PartialEq, Default)]
pub struct IndicatorValue {
    /// The text as printed (trimmed).
    pub text: String,
    /// "≥" "≤" ">" "<" "=" when printed (">=", "不低于", "≧" … folded to these).
    pub comparator: Option<String>,
    pub value: Option<Decimal>,
    /// Unit word after the number as printed ("%", "场", "亿条", "万元", "个月").
    pub unit: Option<String>,
    /// The period of a "每年" / "每月" … prefix ("年", "月"): the value is per that period.
    pub per: Option<String>,
    /// Other words printed before the comparator ("全年", "不少于" is a comparator).
    pub qualifier: Option<String>,
    /// The words compared to when no number is printed ("≤编制数" → "编制数").
    pub reference: Option<String>,
}

/// Comparator words, longest first so that "大于等于" wins over "大于".
const COMPARATORS: &[(&str, &str)] = &[
    (">=", "≥"),
    ("<=", "≤"),
    ("≥", "≥"),
    ("≧", "≥"),
    ("≤", "≤"),
    ("≦", "≤"),
    ("大于等于", "≥"),
    ("大于或等于", "≥"),
    ("小于等于", "≤"),
    ("小于或等于", "≤"),
    ("不低于", "≥"),
    ("不少于", "≥"),
    ("不小于", "≥"),
    ("至少", "≥"),
    ("不高于", "≤"),
    ("不超过", "≤"),
    ("不多于", "≤"),
    ("不大于", "≤"),
    ("低于", "<"),
    ("少于", "<"),
    ("高于", ">"),
    ("超过", ">"),
    ("大于", ">"),
    ("小于", "<"),
    ("等于", "="),
    (">", ">"),
    ("<", "<"),
    ("=", "="),
];

/// number then a short unit of words or "%" (no digits, no sentence punctuation).
static NUM_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([+-]?\d[\d,]*(?:\.\d+)?)([^\d\s,.;:，。；：、()（）]{0,6})$").unwrap()
});
/// A qualifier before the comparator: a few words, no digits ("每年", "全年", "年均").
static QUALIFIER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[\p{Han}]{1,4}$").unwrap());

/// Read an indicator value. Texts of no known shape ("有效提升", "项目立项数量≥400个；项目终验
/// 数量≥400个。") keep only `text`.
pub fn parse_value(text: &str) -> IndicatorValue {
    let printed = text.trim();
    let mut out = IndicatorValue {
        text: printed.to_string(),
        ..Default::default()
    };
    let f: String = crate::normalize::nfkc(printed)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>();
    let f = f.trim_end_matches(['。', '.', ';', '；']).to_string();
    if f.is_empty() {
        return out;
    }
    // qualifier + comparator: the first comparator in the text, with only a few words before it
    let mut found: Option<(usize, usize, &'static str)> = None;
    for (i, _) in f.char_indices() {
        if let Some((w, c)) = COMPARATORS.iter().find(|(w, _)| f[i..].starts_with(w)) {
            found = Some((i, w.len(), *c));
            break;
        }
        if f[i..].starts_with(|c: char| c.is_ascii_digit()) {
            break;
        }
    }
    let (qual, cmp, rest) = match found {
        Some((i, n, c)) => (&f[..i], Some(c), &f[i + n..]),
        None => {
            // no comparator: a plain number with its unit, or a qualifier and number ("每年20场")
            let start = f.find(|c: char| c.is_ascii_digit()).unwrap_or(f.len());
            (&f[..start], None, &f[start..])
        }
    };
    if !qual.is_empty() && !QUALIFIER.is_match(qual) {
        return out;
    }
    let rest = rest.trim_start_matches(['=', ':']);
    if let Some(m) = NUM_UNIT.captures(rest) {
        let Ok(v) = Decimal::from_str(&m[1].replace(',', "")) else {
            return out;
        };
        out.value = Some(v.normalize());
        out.unit = (!m[2].is_empty()).then(|| m[2].to_string());
    } else if cmp.is_some() && !rest.is_empty() && !rest.contains(|c: char| c.is_ascii_digit()) {
        // "≤编制数": compared to a named quantity
        out.reference = Some(rest.to_string());
    } else {
        return out;
    }
    out.comparator = cmp.map(str::to_string);
    if !qual.is_empty() {
        if let Some(p) = qual.strip_prefix('每') {
            out.per = Some(p.to_string());
        } else {
            out.qualifier = Some(qual.to_string());
        }
    }
    out
}

/// One indicator of a packed cell: 一级 / 二级 / name and its "key:value" parts as printed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PackedIndicator {
    pub level1: String,
    pub level2: String,
    pub name: String,
    /// (key as printed, value as printed): ("实施周期指标值", "每年≥20场").
    pub values: Vec<(String, String)>,
}

/// "12 -质量指标" → "质量指标": the code before a level name.
fn strip_level_code(s: &str) -> String {
    static CODE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*\d+\s*[-－—]\s*").unwrap());
    CODE.replace(s.trim(), "").trim().to_string()
}

/// Split a packed indicator cell into its indicators. Items are numbered "1、", "2、" … in
/// sequence (a number out of sequence is part of the text); each item is
/// "一级；二级；名称；key:value；key:value". Returns None when the text is not of that shape.
pub fn parse_packed(text: &str) -> Option<Vec<PackedIndicator>> {
    let t: String = text.trim().to_string();
    // item starts: "N、" at the start or after 。；; or a line break, with N the next number
    let mut starts: Vec<(usize, usize)> = Vec::new(); // (byte start of number, byte start of body)
    let mut next = 1u32;
    let bytes: Vec<(usize, char)> = t.char_indices().collect();
    let mut i = 0;
    while i < bytes.len() {
        let (b, c) = bytes[i];
        let boundary = i == 0
            || matches!(bytes[i - 1].1, '。' | '；' | ';' | '\n' | ' ' | '.')
            || (starts.is_empty() && i == 0);
        if boundary && c.is_ascii_digit() {
            let mut j = i;
            while j < bytes.len() && bytes[j].1.is_ascii_digit() {
                j += 1;
            }
            let num: u32 = t[b..bytes.get(j).map_or(t.len(), |x| x.0)]
                .parse()
                .unwrap_or(0);
            if j < bytes.len() && bytes[j].1 == '、' && num == next {
                starts.push((b, bytes[j].0 + '、'.len_utf8()));
                next += 1;
                i = j + 1;
                continue;
            }
        }
        i += 1;
    }
    if starts.is_empty() || starts[0].0 != 0 {
        return None;
    }
    let mut out = Vec::new();
    for (k, &(_, body)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(t.len(), |s| s.0);
        let item = t[body..end]
            .trim()
            .trim_end_matches(['。', '；', ';'])
            .trim();
        let segs: Vec<&str> = item.split(['；', ';']).map(str::trim).collect();
        if segs.len() < 3 {
            return None;
        }
        let mut ind = PackedIndicator {
            level1: strip_level_code(segs[0]),
            level2: strip_level_code(segs[1]),
            name: segs[2].to_string(),
            values: Vec::new(),
        };
        for s in &segs[3..] {
            match s.find([':', '：']) {
                Some(p) => {
                    let sep = s[p..].chars().next().map_or(1, char::len_utf8);
                    ind.values
                        .push((s[..p].trim().to_string(), s[p + sep..].trim().to_string()));
                }
                // a name with a "；" of its own: keep it with the name
                None if ind.values.is_empty() => {
                    ind.name = format!("{}；{}", ind.name, s);
                }
                None => {
                    if let Some(last) = ind.values.last_mut() {
                        last.1 = format!("{}；{}", last.1, s);
                    }
                }
            }
        }
        out.push(ind);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn comparator_number_unit() {
        let v = parse_value("≥95%");
        assert_eq!(v.comparator.as_deref(), Some("≥"));
        assert_eq!(v.value, Some(d("95")));
        assert_eq!(v.unit.as_deref(), Some("%"));
        assert_eq!(v.text, "≥95%");
        let v = parse_value(">=155家");
        assert_eq!(
            (v.comparator.as_deref(), v.value, v.unit.as_deref()),
            (Some("≥"), Some(d("155")), Some("家"))
        );
        let v = parse_value("≤3843.67万元");
        assert_eq!(
            (v.comparator.as_deref(), v.value, v.unit.as_deref()),
            (Some("≤"), Some(d("3843.67")), Some("万元"))
        );
        let v = parse_value("≥99％");
        assert_eq!((v.value, v.unit.as_deref()), (Some(d("99")), Some("%")));
        let v = parse_value("=24小时");
        assert_eq!(v.comparator.as_deref(), Some("="));
        let v = parse_value("不低于90%");
        assert_eq!(v.comparator.as_deref(), Some("≥"));
        assert_eq!(v.value, Some(d("90")));
        let v = parse_value("≤1");
        assert_eq!((v.value, v.unit), (Some(d("1")), None));
    }

    #[test]
    fn period_and_qualifier() {
        let v = parse_value("每年≥20场");
        assert_eq!(v.per.as_deref(), Some("年"));
        assert_eq!(v.comparator.as_deref(), Some("≥"));
        assert_eq!(v.value, Some(d("20")));
        assert_eq!(v.unit.as_deref(), Some("场"));
        let v = parse_value("全年≥10000家次");
        assert_eq!(v.qualifier.as_deref(), Some("全年"));
        assert_eq!(v.per, None);
        assert_eq!(v.value, Some(d("10000")));
        assert_eq!(v.unit.as_deref(), Some("家次"));
    }

    #[test]
    fn plain_and_words() {
        let v = parse_value("0起");
        assert_eq!(
            (v.comparator, v.value, v.unit.as_deref()),
            (None, Some(d("0")), Some("起"))
        );
        let v = parse_value("100%");
        assert_eq!((v.value, v.unit.as_deref()), (Some(d("100")), Some("%")));
        let v = parse_value("1,340个");
        assert_eq!(v.value, Some(d("1340")));
        let v = parse_value("≤编制数");
        assert_eq!(v.comparator.as_deref(), Some("≤"));
        assert_eq!(v.reference.as_deref(), Some("编制数"));
        assert_eq!(v.value, None);
        // not one value: only the text
        for t in [
            "有效提升",
            "项目立项数量≥400个；项目终验数量≥400个。",
            "优（S≧90）",
            "2026年12月底前",
        ] {
            let v = parse_value(t);
            assert_eq!((v.comparator, v.value), (None, None), "{t}");
            assert_eq!(v.text, t);
        }
    }

    #[test]
    fn packed_cell() {
        let t = "1、1-产出指标；11-数量指标；会议活动保障次数；实施周期指标值:每年≥20场；年度指标值:\
                 每年≥20场。2、1-产出指标；12 -质量指标；保障场地正常运行；实施周期指标值:≥99.5%；\
                 年度指标值:≥99.5%。3、4-成本指标；41-经济成本指标；项目预算控制率=实际/概算*100%；\
                 实施周期指标值:≤100%；年度指标值:≤100%。";
        let p = parse_packed(t).unwrap();
        assert_eq!(p.len(), 3);
        assert_eq!(p[0].level1, "产出指标");
        assert_eq!(p[0].level2, "数量指标");
        assert_eq!(p[0].name, "会议活动保障次数");
        assert_eq!(
            p[0].values,
            vec![
                ("实施周期指标值".to_string(), "每年≥20场".to_string()),
                ("年度指标值".to_string(), "每年≥20场".to_string())
            ]
        );
        assert_eq!(p[1].level2, "质量指标");
        assert_eq!(p[2].name, "项目预算控制率=实际/概算*100%");
        assert_eq!(p[2].values[1].1, "≤100%");
        // numbers inside the text that are not the next item number do not split
        let p = parse_packed("1、1-产出指标；11-数量指标；培训2、3期；年度指标值:2期").unwrap();
        assert_eq!(p.len(), 1);
        assert!(parse_packed("通过项目的开展，实现多维度目标").is_none());
    }
}
