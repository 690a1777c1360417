//! Title matching: a text line (or a title cell) → the standard table it names.
//!
//! A title is recognised by its words: year prefixes, labels ("公开02表", "表五",
//! "预算公开表1"), quotes, brackets, punctuation and spaces are ignored, and the longest
//! catalog title contained in what remains wins. Table-of-contents lines (dot leaders, a page
//! number at the end) and sentences are never titles.

use once_cell::sync::Lazy;
use regex::Regex;

use super::catalog::{Catalog, Layout, PartKind, title_key};
use crate::normalize::name::fold;

/// A line recognised as the title of a standard table.
#[derive(Debug, Clone, PartialEq)]
pub struct TitleHit {
    /// Index into `Catalog::tables`.
    pub table: usize,
    /// The title as printed (label and surrounding spaces removed).
    pub printed: String,
    /// Length of the matched catalog title (chars); longer = more specific.
    pub strength: usize,
}

/// Dot leaders of a table of contents.
const LEADER: &str = r"(\.{3,}|…+|·{3,}|-{4,}|_{4,}|．{3,}|。{3,})";
static TOC_LEADER: Lazy<Regex> = Lazy::new(|| Regex::new(LEADER).unwrap());
static TOC_LEADER_END: Lazy<Regex> =
    Lazy::new(|| Regex::new(&format!(r"{LEADER}\s*\d{{0,3}}$")).unwrap());
static TOC_PAGE: Lazy<Regex> = Lazy::new(|| Regex::new(r"[\t ]\s*\d{1,3}$").unwrap());
/// A label's number in Chinese, well formed (六, 十二, 二十三; not 六一): "表六一般…" is 表六 and
/// 一般….
const CN_NUM: &str = "(?:[二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九])";
static LABEL: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        &r"(?:(?:部门|预算|决算|单位)?公开表\s*(?:\d{1,2}|{CN_NUM})|公开\s*\d{1,2}\s*表?|^(?:预算|决算)\s*\d{1,2}\s*表(?:\s*[-－]\s*\d{1,2})?|^(?:预算|决算)表\s*\d{1,2}|附表\s*\d{1,2}(?:-\d{1,2})?|^表\s*{CN_NUM}|^表\s*\d{1,2}(?:-\d{1,2})?|^[一二三四五六七八九十]{1,3}[、.]|^\d{1,2}[、.])".replace("{CN_NUM}", CN_NUM),
    )
    .unwrap()
});
static YEAR: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"\(?\d{4}\s*\)?\s*年度?|\d{4}-\d{4}年?").unwrap());
static LABEL_ONLY: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        &r"^(?:(?:部门|预算|决算|单位)?公开表(?:\d{1,2}|{CN_NUM})|公开\d{1,2}表?|(?:预算|决算)\d{1,2}表(?:[-－]\d{1,2})?|(?:预算|决算)表\d{1,2}|附表\d{1,2}(?:-\d{1,2})?|表{CN_NUM}|表\d{1,2}(?:-\d{1,2})?|表)$".replace("{CN_NUM}", CN_NUM),
    )
    .unwrap()
});
static LABEL_NUM: Lazy<Regex> = Lazy::new(|| Regex::new(r"公开\s*(\d{1,2})\s*表?").unwrap());

/// Does the line start with a table label ("表1：…", "公开03表 …", "附表2 …")?
pub fn has_label(text: &str) -> bool {
    LABEL.is_match(fold(text).trim_start())
}

/// A table-of-contents line: dot leaders, or a title followed by a page number.
pub fn is_toc_line(text: &str) -> bool {
    let t = text.trim_end();
    TOC_LEADER.is_match(t) || (TOC_PAGE.is_match(t) && t.chars().count() > 4)
}

/// A cell of a table of contents printed as a grid: its text ends in dot leaders, with or
/// without the page number ("第一部分 概况……", "收支总表 ....... 3"). Dashes inside a name
/// ("11000024T000002832889-学生资助----研究生国家助学金") are not leaders.
pub fn ends_in_leader(text: &str) -> bool {
    TOC_LEADER_END.is_match(text.trim_end())
}

/// The heading of a table of contents ("目 录", "报表目录"): it and the lines above it name no
/// table.
pub fn is_contents_heading(text: &str) -> bool {
    let f = crate::normalize::name::strip_numbering(text);
    f.ends_with("目录") && f.chars().count() <= 6
}

/// A sentence rather than a title.
pub fn is_sentence(folded: &str) -> bool {
    folded.contains(['。', '；', ';', '，']) || folded.matches(',').count() > 1
}

/// The label printed on a line that holds only a label ("公开01表", "公开02", "表", "表五",
/// "预算公开表1", "部门公开表9").
pub fn label_of(text: &str) -> Option<String> {
    let f = fold(text);
    if LABEL_ONLY.is_match(&f) {
        return Some(f);
    }
    None
}

/// Whether the text opens with a table label or enumerator ("预算表12项目支出绩效目标表",
/// "公开05表 …", "表3 …", "一、…"): such a line titles a table or a section, not a report.
pub fn starts_with_label(text: &str) -> bool {
    LABEL.find(&fold(text)).is_some_and(|m| m.start() == 0)
}

/// The series number of a 决算 label ("公开05表" → 5).
pub fn final_label_number(label: &str) -> Option<u32> {
    LABEL_NUM
        .captures(&fold(label))
        .and_then(|c| c.get(1))
        .and_then(|m| m.as_str().parse().ok())
}

/// The text without its table labels. A label's number never takes the digits of a year
/// printed right after it ("附表2 2026年…", folded "附表22026年…": label 附表2, year 2026年).
fn without_labels(s: &str) -> String {
    let years: Vec<(usize, usize)> = YEAR.find_iter(s).map(|m| (m.start(), m.end())).collect();
    let mut out = String::new();
    let mut at = 0;
    for m in LABEL.find_iter(s) {
        let end = years
            .iter()
            .find(|y| y.0 > m.start() && y.0 < m.end() && y.1 > m.end())
            .map_or(m.end(), |y| y.0);
        // "表十一般公共预算…" (表十 一般…, spaces folded away): 一 before 般 is the title's
        // 一般, not the label number's last digit
        let end = if s[..end].ends_with('一') && s[end..].starts_with('般') {
            end - '一'.len_utf8()
        } else {
            end
        };
        out.push_str(&s[at..m.start()]);
        at = end;
    }
    out.push_str(&s[at..]);
    out
}

/// The title text with label, year and enumerator removed, folded, for display.
fn strip_decorations(folded: &str) -> String {
    let s = without_labels(folded);
    let s = YEAR.replace_all(&s, "");
    s.trim().to_string()
}

/// A title as compared across documents parts (a contents entry and the table it names):
/// label, year, punctuation and spaces removed.
pub fn comparable(text: &str) -> String {
    title_key(&strip_decorations(&fold(text)))
}

/// A title read as parts (`[title_parts]` in catalog/tables.toml).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TitleParts {
    pub scopes: Vec<String>,
    pub contents: Vec<String>,
    pub report: Option<String>,
    pub breakdown: Option<String>,
    pub qualifiers: Vec<String>,
    /// Characters from the first part word that is not filler to the end of the title.
    pub span: usize,
}

/// The words of `key` (a [`title_key`]) read longest first: (part, value, chars) per word,
/// `None` for a character that is no part.
fn part_words<'a>(cat: &'a Catalog, key: &str) -> Vec<Option<(PartKind, &'a str, usize)>> {
    let mut out = Vec::new();
    let mut rest = key;
    while let Some(c) = rest.chars().next() {
        match cat
            .part_words
            .iter()
            .find(|(w, _, _)| rest.starts_with(w.as_str()))
        {
            Some((w, k, v)) => {
                out.push(Some((*k, v.as_str(), w.chars().count())));
                rest = &rest[w.len()..];
            }
            None => {
                out.push(None);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

/// Read a title (folded, label and year removed) as parts: scope, content, report,
/// breakdown. Words in brackets give only the breakdown ("(按经济分类科目)"; "(不含上年结转)"
/// is no content). `None` unless the title ends with 表, names a content, and holds, after a
/// leading name (department, 市级), at most `max_residue` characters that are no part.
pub fn read_parts(cat: &Catalog, folded: &str) -> Option<TitleParts> {
    let mut main = String::new();
    let mut bracket = String::new();
    let mut depth = 0usize;
    for c in folded.chars() {
        match c {
            '(' | '[' | '【' | '〔' => depth += 1,
            ')' | ']' | '】' | '〕' => depth = depth.saturating_sub(1),
            _ if depth > 0 => bracket.push(c),
            _ => main.push(c),
        }
    }
    let key = title_key(&main);
    if !key.ends_with('表') || key.chars().count() > 60 {
        return None;
    }
    let words = part_words(cat, &key);
    // The leading name (department, 市级) may itself hold part words ("国有资产监督管理委员会":
    // 资产): the parts start at the first part word after which the rest reads as a title.
    let mut out = (0..words.len())
        .filter(|&i| {
            matches!(words[i], Some((k, _, _)) if k != PartKind::Filler)
                && (i == 0 || !matches!(words[i - 1], Some((k, _, _)) if k != PartKind::Filler))
        })
        .find_map(|i| parts_from(cat, &words, i))?;
    if out.breakdown.is_none() {
        out.breakdown = bracket_breakdown(cat, &bracket);
    }
    Some(out)
}

/// The breakdown a bracket's text names ("按支出功能分类科目" → functional), if any.
fn bracket_breakdown(cat: &Catalog, bracket: &str) -> Option<String> {
    part_words(cat, &title_key(bracket))
        .into_iter()
        .flatten()
        .find(|(k, _, _)| *k == PartKind::Breakdown)
        .map(|(_, v, _)| v.to_string())
}

/// The folded title without a trailing bracket that names its breakdown: that bracket is
/// part of the title's structure, not text around it.
fn without_breakdown_bracket(cat: &Catalog, folded: &str) -> String {
    if let Some(open) = folded.rfind('(')
        && folded.trim_end().ends_with(')')
        && bracket_breakdown(cat, &folded[open..]).is_some()
    {
        return folded[..open].to_string();
    }
    folded.to_string()
}

/// The parts of a title whose words are `words`, read from word `first` on (the words before
/// it are the leading name). `None` if no content is named, more than `max_residue` characters
/// are no part, or the leading name is longer than 40 characters.
fn parts_from(
    cat: &Catalog,
    words: &[Option<(PartKind, &str, usize)>],
    first: usize,
) -> Option<TitleParts> {
    let lead: usize = words[..first]
        .iter()
        .map(|w| w.map_or(1, |(_, _, n)| n))
        .sum();
    let mut out = TitleParts::default();
    let mut residue = 0usize;
    for w in &words[first..] {
        match *w {
            None => residue += 1,
            Some((k, v, n)) => {
                out.span += n;
                let v = v.to_string();
                match k {
                    PartKind::Scope => out.scopes.push(v),
                    PartKind::Content => out.contents.push(v),
                    PartKind::Report => {
                        // 决算 wins: "…预算…决算表" is a final-accounts table
                        if out.report.as_deref() != Some("final_accounts") {
                            out.report = Some(v);
                        }
                    }
                    PartKind::Breakdown => out.breakdown = Some(v),
                    PartKind::Qualifier => out.qualifiers.push(v),
                    PartKind::Filler => {}
                }
            }
        }
    }
    (!out.contents.is_empty() && residue <= cat.title_parts.max_residue && lead <= 40)
        .then_some(out)
}

/// A line that only names a title's breakdown, in brackets, printed under the title
/// ("（按支出经济分类科目）"): context, not a header row.
pub fn is_breakdown_line(cat: &Catalog, text: &str) -> bool {
    let f = fold(text);
    let Some(inner) = f
        .strip_prefix(['(', '[', '【', '〔'])
        .and_then(|x| x.strip_suffix([')', ']', '】', '〕']))
    else {
        return false;
    };
    part_words(cat, &title_key(inner))
        .into_iter()
        .flatten()
        .any(|(k, _, _)| k == PartKind::Breakdown)
}

/// The table kind (index into `Catalog::tables`) that a title's parts name: the first
/// `[[kind_rule]]` matching its dominant content and scope, its report word (else
/// `report_hint`), breakdown and qualifiers.
pub fn kind_of_parts(cat: &Catalog, p: &TitleParts, report_hint: &str) -> Option<usize> {
    let tp = &cat.title_parts;
    let content = tp.content_order.iter().find(|c| p.contents.contains(c))?;
    let scope = tp
        .scope_order
        .iter()
        .find(|s| p.scopes.contains(s))
        .map_or("none", |s| s.as_str());
    let report = p.report.as_deref().unwrap_or(report_hint);
    let breakdown = p.breakdown.as_deref().unwrap_or("none");
    let rule = cat.kind_rules.iter().find(|r| {
        r.report.as_deref().is_none_or(|x| x == report)
            && r.content.as_ref().is_none_or(|x| x == content)
            && r.scope
                .as_ref()
                .is_none_or(|x| x.iter().any(|s| s == scope))
            && r.breakdown
                .as_ref()
                .is_none_or(|x| x.iter().any(|b| b == breakdown))
            && r.qualifier
                .as_ref()
                .is_none_or(|x| x.iter().any(|q| p.qualifiers.contains(q)))
    })?;
    cat.table_index(&rule.kind)
}

/// Match one line against the catalog (a title without 预算 / 决算 is taken as a budget's).
pub fn match_title(cat: &Catalog, text: &str) -> Option<TitleHit> {
    match_title_in(cat, text, "budget")
}

/// Match one line against the catalog; `report_hint` is the document's report kind
/// ("budget" / "final_accounts"), for titles that name neither 预算 nor 决算.
///
/// A catalog title or alias that the title ends with names it; else the title's parts do
/// (structure, [`read_parts`]); else the longest catalog title it contains.
pub fn match_title_in(cat: &Catalog, text: &str, report_hint: &str) -> Option<TitleHit> {
    let t = text.trim();
    if t.is_empty() || is_toc_line(t) || cat.is_note(t) {
        return None;
    }
    let folded = fold(t);
    if is_sentence(&folded) || folded.chars().count() > 80 {
        return None;
    }
    let stripped = strip_decorations(&folded);
    let key = title_key(&stripped);
    let by_parts = || {
        let p = read_parts(cat, &stripped)?;
        kind_of_parts(cat, &p, report_hint).map(|t| (t, p.span))
    };
    // a catalog title the line ends with names it, unless what precedes that title changes
    // its meaning ("基本支出总表" is no "支出总表")
    // (a part word before the catalog title, or one that runs into it: 基本|支出总表)
    let ending = cat.title_ending(&key).filter(|&(_, n)| {
        let boundary = key.chars().count() - n;
        let mut at = 0;
        !part_words(cat, &key).into_iter().any(|w| {
            let len = w.map_or(1, |(_, _, l)| l);
            let meaningful = w.is_some_and(|(k, _, _)| {
                matches!(k, PartKind::Scope | PartKind::Content | PartKind::Breakdown)
            });
            let hit = meaningful && at < boundary;
            at += len;
            hit
        })
    });
    let (table, strength) = ending
        .or_else(by_parts)
        .or_else(|| cat.titles_in(&key).first().copied())?;
    let extra = title_key(&without_breakdown_bracket(cat, &stripped))
        .chars()
        .count()
        .saturating_sub(strength);
    let limit = if cat.tables[table].layout == Layout::Form {
        60
    } else {
        24
    };
    if extra > limit {
        return None;
    }
    // narrative headings ("…决算表情况说明") are not titles
    if ["说明", "情况", "分析", "解释", "如下"]
        .iter()
        .any(|w| key.ends_with(w))
    {
        return None;
    }
    let printed = without_labels(t)
        .trim_matches(|c: char| c.is_whitespace() || "：:、.．-—".contains(c))
        .to_string();
    Some(TitleHit {
        table,
        printed: if printed.is_empty() {
            t.to_string()
        } else {
            printed
        },
        strength,
    })
}

/// Endings of a sentence that introduces the table printed under it, longest first.
const INTRO_ENDINGS: &[&str] = &["如下表所示", "详见下表", "如下表", "见下表", "如下"];

/// A sentence that introduces the table under it ("2026年，本部门重点项目绩效目标情况如下：",
/// "…情况见下表："): its last clause, as the title it stands for ("本部门重点项目绩效目标
/// 情况表"). None for any other line.
fn intro_clause(folded: &str) -> Option<String> {
    let s = folded.trim_end_matches([':', '.', '。']);
    let body = INTRO_ENDINGS.iter().find_map(|e| s.strip_suffix(e))?;
    let clause = body.rsplit([',', '。', ';', '；', ':']).next()?.trim();
    (clause.chars().count() >= 2).then(|| format!("{clause}表"))
}

/// The table a sentence introducing it names by its parts ("2026年，本部门重点项目绩效目标
/// 情况如下：" → performance.project_target), read as the title "<last clause>表" with the
/// same part rules as a title (no catalog alias of the sentence). A sentence is weaker
/// evidence than a title: the caller confirms it by the grid's header words.
pub fn match_intro_sentence(cat: &Catalog, text: &str, report_hint: &str) -> Option<TitleHit> {
    let t = text.trim();
    if t.is_empty() || is_toc_line(t) || cat.is_note(t) || t.chars().count() > 80 {
        return None;
    }
    let clause = intro_clause(&fold(t))?;
    let stripped = strip_decorations(&clause);
    let p = read_parts(cat, &stripped)?;
    let table = kind_of_parts(cat, &p, report_hint)?;
    let printed = t.trim_end_matches(|c: char| c.is_whitespace() || "：:。.".contains(c));
    Some(TitleHit {
        table,
        printed: printed.to_string(),
        strength: p.span,
    })
}

/// A line that reads like a table title, known or not: ends with 表 (a bracketed note after
/// it allowed), short, no sentence.
pub fn looks_like_title(text: &str) -> bool {
    let f = fold(text);
    let main = match f.find('(') {
        Some(i) if i > 0 && f.ends_with(')') => &f[..i],
        _ => f.as_str(),
    };
    main.ends_with('表') && main.chars().count() <= 60 && !is_sentence(&f) && !is_toc_line(text)
}

/// Character pairs of a text (letters and digits only), for comparing headers that a page
/// layout cut differently.
fn bigrams(s: &str) -> std::collections::HashSet<(char, char)> {
    let k: Vec<char> = title_key(s).chars().collect();
    k.windows(2).map(|w| (w[0], w[1])).collect()
}

/// Share of the character pairs of `a` found in `b` (0 … 1).
fn covered(a: &str, b: &str) -> f64 {
    let (x, y) = (bigrams(a), bigrams(b));
    if x.is_empty() {
        return 0.0;
    }
    x.intersection(&y).count() as f64 / x.len() as f64
}

/// Does a grid repeat a previous table's header (`header_words`) in its first rows, or in
/// the first lines before it (a header the page layout printed as lines)? Compared by
/// character pairs: the layout may cut the header's words differently on each page.
pub fn repeats_header(header_words: &[String], view: &super::view::View, before: &[&str]) -> bool {
    let prev: String = header_words.concat();
    if prev.chars().count() < 8 {
        return false;
    }
    let mut top = String::new();
    for r in 0..view.rows().min(2) {
        for (_, t) in view.row_texts(r) {
            top.push_str(t);
        }
    }
    covered(&prev, &top) >= 0.6
        || before
            .windows(4.min(before.len()).max(1))
            .any(|w| covered(&prev, &w.concat()) >= 0.6)
}

/// Does a grid start with a row of amounts (no header of its own: the body of a table
/// begun on an earlier page)?
pub fn starts_with_amounts(view: &super::view::View) -> bool {
    use crate::normalize::number::{CellValue, parse};
    (0..view.rows())
        .find(|&r| !view.row_is_empty(r))
        .is_some_and(|r| {
            view.row_texts(r)
                .iter()
                .filter(|(_, t)| matches!(parse(t), CellValue::Amount(_)))
                .count()
                >= 2
        })
}

/// Does a grid hold rows of a performance form's indicator tree (产出指标 / 效益指标 …,
/// `indicator_words` in catalog/tables.toml)?
pub fn holds_indicator_rows(cat: &Catalog, view: &super::view::View) -> bool {
    (0..view.rows()).any(|r| {
        view.row_texts(r).iter().any(|(_, t)| {
            let f = fold(t);
            cat.title_parts.indicator_words.iter().any(|w| f == fold(w))
        })
    })
}

/// How many of the table's confirming header words occur in `header_text` (folded).
pub fn header_hits(cat: &Catalog, table: usize, header_text: &str) -> usize {
    cat.tables[table]
        .headers
        .iter()
        .filter(|w| header_text.contains(&fold(w)))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::find::catalog::catalog;

    fn kind(text: &str) -> Option<String> {
        let c = catalog();
        match_title(c, text).map(|h| c.tables[h.table].id.clone())
    }

    #[test]
    fn titles_with_years_labels_and_punctuation() {
        assert_eq!(
            kind("收入支出决算总表").as_deref(),
            Some("final.income_expenditure_summary")
        );
        assert_eq!(
            kind("财政拨款收入支出决算总表").as_deref(),
            Some("final.fiscal_summary")
        );
        assert_eq!(
            kind("公开04表 财政拨款收入支出决算总表").as_deref(),
            Some("final.fiscal_summary")
        );
        assert_eq!(
            kind("一般公共预算财政拨款支出决算表").as_deref(),
            Some("final.general_budget_expenditure")
        );
        assert_eq!(
            kind("一般公共预算财政拨款基本支出决算明细表").as_deref(),
            Some("final.general_budget_basic")
        );
        assert_eq!(
            kind("一般公共预算财政拨款基本支出决算表").as_deref(),
            Some("final.general_budget_basic")
        );
        assert_eq!(
            kind("财政拨款“三公”经费支出决算表").as_deref(),
            Some("final.three_public")
        );
        assert_eq!(
            kind("财政拨款\"三公\"经费支出决算表").as_deref(),
            Some("final.three_public")
        );
        assert_eq!(
            kind("2026年预算收支总表").as_deref(),
            Some("budget.income_expenditure_summary")
        );
        assert_eq!(
            kind("表一 2026年预算收支总表").as_deref(),
            Some("budget.income_expenditure_summary")
        );
        assert_eq!(
            kind("2026年财政拨款收支总表").as_deref(),
            Some("budget.fiscal_summary")
        );
        assert_eq!(
            kind("2026年一般公共预算支出预算表（不含上年结转）").as_deref(),
            Some("budget.general_budget_expenditure")
        );
        assert_eq!(
            kind("一般公共预算支出功能分类预算表").as_deref(),
            Some("budget.general_budget_expenditure")
        );
        assert_eq!(
            kind("财政拨款支出预算表（功能科目）").as_deref(),
            Some("budget.general_budget_expenditure")
        );
        assert_eq!(
            kind("财务收支预算总表").as_deref(),
            Some("budget.income_expenditure_summary")
        );
        assert_eq!(
            kind("部门收支总表").as_deref(),
            Some("budget.income_expenditure_summary")
        );
        assert_eq!(kind("部门收入总表").as_deref(), Some("budget.income"));
        assert_eq!(kind("部门支出总表").as_deref(), Some("budget.expenditure"));
        assert_eq!(
            kind("2026年项目支出预算表（本年预算）").as_deref(),
            Some("budget.project_expenditure")
        );
        assert_eq!(
            kind("2026年项目支出预算表（上年结转）").as_deref(),
            Some("budget.project_carryover")
        );
        assert_eq!(
            kind("2026年财政拨款安排“三公”经费支出预算表").as_deref(),
            Some("budget.three_public")
        );
        assert_eq!(
            kind("2026年财政拨款安排机关运行经费预算表").as_deref(),
            Some("budget.office_operation")
        );
        assert_eq!(
            kind("2026年政府性基金预算收入表（不含上年结转）").as_deref(),
            Some("budget.gov_fund_income")
        );
        assert_eq!(
            kind("2026年政府性基金预算支出表（不含上年结转）").as_deref(),
            Some("budget.gov_fund_expenditure")
        );
        assert_eq!(
            kind("阳泉市应急管理局2026年部门预算收支总表").as_deref(),
            Some("budget.income_expenditure_summary")
        );
        assert_eq!(
            kind("晋中市部门整体支出绩效自评表 (2020年度)").as_deref(),
            Some("performance.overall_self_eval")
        );
        assert_eq!(
            kind("2024年安全生产预防和应急救援能力建设补助资金预算项目支出绩效自评表").as_deref(),
            Some("performance.project_self_eval")
        );
        assert_eq!(
            kind("市级预算部门（单位）整体支出绩效目标申报表").as_deref(),
            Some("performance.overall_target")
        );
    }

    #[test]
    fn toc_lines_notes_and_sentences_are_not_titles() {
        assert_eq!(kind("一、收入支出决算总表.....3"), None);
        assert_eq!(kind("表一2026年预算收支总表.....\t3"), None);
        assert_eq!(kind("二、收入决算表 5"), None);
        assert_eq!(
            kind("注：本表反映部门本年度的总收支和年末结转结余情况。"),
            None
        );
        assert_eq!(
            kind(
                "本单位本年度无政府性基金预算财政拨款收入、支出及结转和结余，政府性基金预算财政拨款收入支出决算表为空表。"
            ),
            None
        );
        assert_eq!(kind("七、政府性基金预算财政拨款收支决算情况说明"), None);
        assert_eq!(kind("部门名称：阳城县应急管理局"), None);
    }

    #[test]
    fn leaders_end_a_contents_cell() {
        assert!(ends_in_leader("第一部分 部门概况……"));
        assert!(ends_in_leader("收支总表 ........ 3"));
        assert!(!ends_in_leader(
            "11000024T000002832889-学生资助----研究生国家助学金"
        ));
    }

    #[test]
    fn labels() {
        assert!(starts_with_label("预算表12项目支出绩效目标表"));
        assert!(starts_with_label("预算12表 项目支出绩效目标表"));
        assert!(!starts_with_label("北京市气象局2026年度部门预算报表"));
        assert_eq!(label_of("公开01表").as_deref(), Some("公开01表"));
        assert_eq!(label_of("预算14表-2").as_deref(), Some("预算14表-2"));
        assert_eq!(label_of("公开02").as_deref(), Some("公开02"));
        assert_eq!(label_of("表").as_deref(), Some("表"));
        assert_eq!(label_of("表五").as_deref(), Some("表五"));
        assert_eq!(label_of("预算公开表1").as_deref(), Some("预算公开表1"));
        assert_eq!(label_of("部门公开表9").as_deref(), Some("部门公开表9"));
        assert_eq!(label_of("公开表十二").as_deref(), Some("公开表十二"));
        assert_eq!(label_of("表二十三").as_deref(), Some("表二十三"));
        // not a number: 六一
        assert_eq!(label_of("表六一"), None);
        assert_eq!(label_of("收入决算表"), None);
        assert_eq!(final_label_number("公开05表"), Some(5));
        assert_eq!(final_label_number("表五"), None);
    }
    #[test]
    fn titles_read_as_parts_from_several_provinces() {
        // 烟台, 广州, 福州, 西安, 北京, 深圳, 杭州, 苏州: titles no alias names
        for (title, want) in [
            ("收入总体情况表", "budget.income"),
            ("本年支出总体情况表", "budget.expenditure"),
            ("支出总体情况表", "budget.expenditure"),
            ("收支总体情况表", "budget.income_expenditure_summary"),
            ("财政拨款收支总体情况表", "budget.fiscal_summary"),
            ("政府性基金预算支出情况表", "budget.gov_fund_expenditure"),
            ("国有资本经营预算支出情况表", "budget.state_capital"),
            ("一般公共预算“三公”经费支出情况表", "budget.three_public"),
            (
                "2026年度一般公共预算拨款支出预算表",
                "budget.general_budget_expenditure",
            ),
            (
                "2026年度政府性基金预算拨款支出预算表",
                "budget.gov_fund_expenditure",
            ),
            (
                "2026年度一般公共预算支出经济分类情况表",
                "budget.general_budget_economic",
            ),
            (
                "2026年度一般公共预算基本支出经济分类情况表",
                "budget.general_budget_basic",
            ),
            (
                "一般公共预算支出表（按经济分类）",
                "budget.general_budget_economic",
            ),
            (
                "一般公共预算支出表（按功能分类）",
                "budget.general_budget_expenditure",
            ),
            (
                "2026年北京市人民政府国有资产监督管理委员会一般公共预算拨款支出预算明细表（按支出功能分类科目）",
                "budget.general_budget_expenditure",
            ),
            ("部门预算基本支出预算表", "budget.basic_expenditure"),
            ("基本支出总表", "budget.basic_expenditure"),
            (
                "部门预算项目支出及其他支出预算表",
                "budget.project_expenditure",
            ),
            (
                "一般公共预算项目支出情况表（按经济分类科目）",
                "budget.general_budget_project",
            ),
            (
                "2022年部门综合预算一般公共预算基本支出明细表（按功能科目分）",
                "budget.general_budget_basic_functional",
            ),
            (
                "部门综合预算一般公共预算基本支出明细表（按支出经济分类科目）",
                "budget.general_budget_basic",
            ),
            (
                "2022年部门综合预算专项业务经费支出表",
                "budget.project_expenditure",
            ),
            (
                "2022部门综合预算财政拨款结转资金支出表",
                "budget.project_carryover",
            ),
            (
                "2022年部门综合预算政府性基金收支表（不含上年结转）",
                "budget.gov_fund_summary",
            ),
            (
                "2022年部门综合预算政府采购（资产配置、购买服务）预算表（不含上年结转）",
                "budget.gov_procurement",
            ),
            (
                "部门综合预算一般公共预算拨款“三公”经费及会议费、培训费支出预算表",
                "budget.three_public",
            ),
            ("预算09表财政拨款“三公”经费支出表", "budget.three_public"),
            // a Chinese label number never takes the 一 of 一般
            (
                "表六 一般公共预算支出预算情况表",
                "budget.general_budget_expenditure",
            ),
            (
                "表十 一般公共预算支出预算情况表",
                "budget.general_budget_expenditure",
            ),
            ("财政拨款“三公”经费支出表", "budget.three_public"),
            ("预算10表政府采购预算明细表", "budget.gov_procurement"),
            (
                "预算11表财政拨款政府购买服务明细表",
                "budget.gov_purchase_services",
            ),
            ("政府采购支出表", "budget.gov_procurement"),
            ("会议费明细表", "budget.meeting_detail"),
            ("培训费明细表", "budget.training_detail"),
            (
                "表11：2026年市级部门项目支出绩效表",
                "performance.project_target",
            ),
            (
                "广州市生态环境局2026年部门整体预算绩效目标申报表",
                "performance.overall_target",
            ),
            // a 决算 title read the same way
            (
                "部门收入支出决算总体情况表",
                "final.income_expenditure_summary",
            ),
            (
                "一般公共预算财政拨款基本支出决算情况表",
                "final.general_budget_basic",
            ),
        ] {
            assert_eq!(kind(title).as_deref(), Some(want), "{title}");
        }
    }

    #[test]
    fn parts_and_report_hint() {
        let c = catalog();
        let p = read_parts(c, &fold("一般公共预算支出明细表(按经济分类科目)")).unwrap();
        assert_eq!(p.scopes, vec!["general".to_string()]);
        assert_eq!(p.contents, vec!["expenditure".to_string()]);
        assert_eq!(p.report, None);
        assert_eq!(p.breakdown.as_deref(), Some("economic"));
        // "(不含上年结转)" in brackets is no content
        let p = read_parts(c, &fold("政府性基金预算支出表(不含上年结转)")).unwrap();
        assert_eq!(p.contents, vec!["expenditure".to_string()]);
        // a title naming neither 预算 nor 决算 follows the document
        let hit = match_title_in(c, "收入总体情况表", "final_accounts").unwrap();
        assert_eq!(c.tables[hit.table].id, "final.income");
        // not titles: prose ending in 表, a sentence, no content word, a long unknown middle
        assert_eq!(
            kind("列入2026年单位预算编制范围的单位详细情况见下表:"),
            None
        );
        assert_eq!(
            kind("会议费明细表").as_deref(),
            Some("budget.meeting_detail")
        );
        // a sentence introducing a table names it by its parts, never as a title
        assert_eq!(kind("2026年，本部门重点项目绩效目标情况如下："), None);
        let intro =
            |s: &str| match_intro_sentence(c, s, "budget").map(|h| c.tables[h.table].id.clone());
        assert_eq!(
            intro("2026年，本部门重点项目绩效目标情况如下：").as_deref(),
            Some("performance.project_target")
        );
        assert_eq!(
            intro("2026年，本单位重点项目绩效目标情况如下：").as_deref(),
            Some("performance.project_target")
        );
        assert_eq!(
            intro("本部门整体支出绩效目标详见下表：").as_deref(),
            Some("performance.overall_target")
        );
        assert_eq!(
            intro("列入2026年单位预算编制范围的单位详细情况见下表:"),
            None
        );
        assert_eq!(intro("一般公共预算支出情况表"), None);
        assert_eq!(intro("2026年本部门绩效目标如下，请审阅。"), None);
        assert_eq!(kind("西安市发展和改革委员会内设机构信息表"), None);
        assert!(read_parts(c, &fold("一般公共预算支出情况说明")).is_none());
    }

    #[test]
    fn every_catalog_title_reads_as_its_own_kind() {
        // the part rules never contradict a title the catalog names (the aliases stay a
        // fallback, not a second opinion)
        let c = catalog();
        // (kinds recognised by their structure have no title that is matched)
        for t in c.tables.iter().filter(|t| t.structure.is_none()) {
            for a in std::iter::once(&t.title).chain(t.aliases.iter()) {
                let hit = match_title(c, a).unwrap_or_else(|| panic!("{a} not matched"));
                assert_eq!(c.tables[hit.table].id, t.id, "{a}");
            }
        }
    }

    #[test]
    fn a_label_number_leaves_the_year_after_it() {
        let c = catalog();
        for (line, printed) in [
            (
                "附表2 2026年部门财政拨款收支总表",
                "2026年部门财政拨款收支总表",
            ),
            (
                "附表22026年部门财政拨款收支总表",
                "2026年部门财政拨款收支总表",
            ),
            ("公开表12 2025年收入总表", "2025年收入总表"),
            // a sub-number after the label (北京: 预算14表-1, 预算14表-2)
            (
                "预算14表-1 教育改革发展专项转移支付绩效目标表",
                "教育改革发展专项转移支付绩效目标表",
            ),
            (
                "表3  2026年度一般公共预算支出表",
                "2026年度一般公共预算支出表",
            ),
        ] {
            let hit = match_title(c, line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(hit.printed, printed, "{line}");
        }
    }

    #[test]
    fn breakdown_lines_under_a_title() {
        let c = catalog();
        assert!(is_breakdown_line(c, "（按支出经济分类科目）"));
        assert!(is_breakdown_line(c, "(功能科目)"));
        assert!(!is_breakdown_line(c, "（不含上年结转）"));
        assert!(!is_breakdown_line(c, "经济分类科目"));
    }

    #[test]
    fn title_like_lines_and_headerless_grids() {
        assert!(looks_like_title(
            "2026年度部门预算基本支出预算表（按经济科目）"
        ));
        assert!(looks_like_title("会议费明细表"));
        assert!(is_contents_heading("目 录"));
        assert!(is_contents_heading("报表目录"));
        assert!(!is_contents_heading("政府采购品目目录说明表"));
        assert!(!looks_like_title("详细情况见下表，如下。"));
        assert!(!looks_like_title("支出项目类别"));
    }
}
