//! Prose facts: amounts stated in the narrative ("2024年度收入总计9,316.63万元", "基本支出
//! 1,543.42万元，占比16.57%") and the table cells they name.
//!
//! The text lines of the document are joined run by run (a PDF wraps sentences mid-word); a
//! statement is `<clause><number><unit>` optionally followed by `，占(比)…<percent>%`, the
//! clause being the text back to the last "，。；：、". The clause's ending picks the catalog
//! entry (`[[fact]]`, longest alias, entries restricted to the current section heading first)
//! or, inside some sections, a row of a table by its name (`[[prose_rows]]`). Statements that
//! name nothing in the catalog are not facts. A fact whose table is absent keeps
//! `matched: None`.

use super::catalog::{FactRule, ProseRows, catalog};
use super::tolerance::{self, half_last_digit, percent_tolerance, printed_decimals};
use super::view::{
    Cell, find_column, fold, name_in, norm_name, resolve_sum, row_label, table_id, tables_with_id,
    total_row, value,
};
use super::{Recorder, where_};
use crate::model::{Block, Document};
use crate::record::{Check, Fact, Problem, Project, Report, Table};
use once_cell::sync::Lazy;
use regex::Regex;
use rust_decimal::Decimal;
use std::str::FromStr;

/// One line of text with the section heading it falls under.
#[derive(Clone)]
pub(super) struct Line {
    pub text: String,
    pub origin: String,
    pub section: String,
}

/// A run of consecutive text lines joined, with where each line starts.
pub(super) struct Run {
    pub text: String,
    starts: Vec<(usize, usize)>, // (byte offset, line index)
}

static HEADING: Lazy<Regex> = Lazy::new(|| Regex::new(r"^[一二三四五六七八九十]+[、.]").unwrap());
static ANY_ORDINAL: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十0-9]+\)|[0-9]{1,2}[、.])")
        .unwrap()
});
static PART: Lazy<Regex> = Lazy::new(|| Regex::new(r"^第[一二三四五六七八九十]+部分").unwrap());
static AMOUNT: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"([0-9０-９]{1,3}(?:[,，][0-9０-９]{3})+|[0-9０-９]+)(?:[.．]([0-9０-９]+))?\s*(万元|亿元|千元|元)",
    )
    .unwrap()
});
/// A number and what it is printed in: an amount unit, a percent or a score (分).
static STATEMENT: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"([0-9０-９]{1,3}(?:[,，][0-9０-９]{3})+|[0-9０-９]+)(?:[.．]([0-9０-９]+))?\s*(万元|亿元|千元|元|%|％|分)",
    )
    .unwrap()
});
static SHARE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^\s*[，,]?\s*(?:占比|占)[^0-9０-９%％，。；,;]{0,15}?([0-9０-９]+(?:[.．][0-9０-９]+)?)\s*[%％]")
        .unwrap()
});
const DELIMITERS: &[char] = &[
    '，', ',', '。', '；', ';', '：', ':', '、', '\n', '！', '？', '!', '?',
];
const FILLER: &[&str] = &["共计", "合计为", "为", "是", "达到", "达", "共", "约"];

pub(super) fn lines_of(doc: &Document) -> Vec<Vec<Line>> {
    let mut runs: Vec<Vec<Line>> = vec![Vec::new()];
    let mut section = String::new();
    for b in &doc.blocks {
        match b {
            Block::Text(t) => {
                let f = fold(&t.text);
                if PART.is_match(&f) {
                    section.clear();
                } else if HEADING.is_match(&f) && f.chars().count() <= 40 && !f.contains("万元") {
                    section = f.clone();
                }
                runs.last_mut().unwrap().push(Line {
                    text: t.text.clone(),
                    origin: t.origin.to_string(),
                    section: section.clone(),
                });
            }
            Block::Grid(_) => runs.push(Vec::new()),
        }
    }
    runs.retain(|r| !r.is_empty());
    runs
}

/// A heading-like line: an ordinal ("一、", "（一）", "1、") and no amount, or "第三部分".
pub(super) fn heading_like(line: &str) -> bool {
    let f = fold(line);
    PART.is_match(&f)
        || (ANY_ORDINAL.is_match(&f) && f.chars().count() <= 40 && !AMOUNT.is_match(&f))
}

/// Join the lines of a run: wrapped lines directly, but with a break after a sentence end and
/// around headings, so a clause never reaches into the line above.
pub(super) fn join(lines: &[Line]) -> Run {
    let mut text = String::new();
    let mut starts = Vec::new();
    let mut prev_heading = false;
    for (i, l) in lines.iter().enumerate() {
        let t = l.text.trim();
        let heading = heading_like(t);
        let prev_digit = text.chars().last().is_some_and(|c| c.is_ascii_digit());
        let next_digit = t.chars().next().is_some_and(|c| c.is_ascii_digit());
        let sentence_end = text
            .chars()
            .last()
            .is_some_and(|c| "。；;：:！？!?".contains(c));
        if !text.is_empty() && (heading || prev_heading || sentence_end) {
            text.push('\n');
        } else if prev_digit && next_digit {
            text.push(' ');
        }
        prev_heading = heading;
        starts.push((text.len(), i));
        text.push_str(t);
    }
    Run { text, starts }
}

fn line_at(run: &Run, pos: usize) -> usize {
    run.starts
        .iter()
        .take_while(|(s, _)| *s <= pos)
        .last()
        .map_or(0, |(_, i)| *i)
}

fn ascii_digits(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '0'..='9' | '.' => Some(c),
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            '．' => Some('.'),
            _ => None,
        })
        .collect()
}

/// The clause before `pos`, folded, ordinals / "(类)" / trailing filler removed. A number right
/// after a colon is the value of the label before it ("总体绩效评价得分：97分"): the clause is
/// then that label, and the text starts at it.
fn clause_before(text: &str, pos: usize) -> (String, usize) {
    let head = &text[..pos];
    let delimiter = |end: usize| {
        head[..end]
            .char_indices()
            .rev()
            .find(|(_, c)| DELIMITERS.contains(c))
    };
    let mut start = delimiter(head.len()).map_or(0, |(i, c)| i + c.len_utf8());
    if head[start..].trim().is_empty()
        && let Some((i, ':' | '：')) = delimiter(head.len())
    {
        start = delimiter(i).map_or(0, |(j, c)| j + c.len_utf8());
        let c = norm_name(&head[start..i]);
        return (norm_name(&c), start);
    }
    let mut c = norm_name(&head[start..]);
    for f in FILLER {
        if let Some(s) = c.strip_suffix(f) {
            c = s.to_string();
            break;
        }
    }
    (norm_name(&c), start)
}

fn section_ok(section: &Option<String>, heading: &str) -> bool {
    match section {
        None => true,
        Some(s) => heading.contains(fold(s).as_str()),
    }
}

/// The best catalog entry for a clause: entries of this section first, then the longest alias.
fn best_entry<'a>(report: &str, unit: &str, clause: &str, heading: &str) -> Option<&'a FactRule> {
    catalog()
        .fact
        .iter()
        .filter(|f| f.report == report && f.unit == unit && section_ok(&f.section, heading))
        .filter_map(|f| {
            let len = f
                .aliases
                .iter()
                .map(|a| norm_name(a))
                .filter(|a| !a.is_empty() && clause.ends_with(a.as_str()))
                .filter(|a| {
                    let before = &clause[..clause.len() - a.len()];
                    !f.not_after
                        .iter()
                        .any(|w| before.ends_with(norm_name(w).as_str()))
                })
                .map(|a| a.chars().count())
                .max()?;
            Some((f.section.is_some(), len, f))
        })
        .max_by_key(|(s, len, _)| (*s, *len))
        .map(|(_, _, f)| f)
}

/// What a statement names.
enum Target<'a> {
    /// A catalog entry (its cells may be absent).
    Entry(&'a FactRule),
    /// A row of a table found by name inside a section (all rows with that name).
    Rows {
        spec: &'a ProseRows,
        table: &'a Table,
        rows: Vec<usize>,
        column: String,
        label: String,
    },
}

fn row_target<'a>(
    report: &str,
    clause: &str,
    heading: &str,
    tables: &'a [Table],
) -> Option<Target<'a>> {
    for spec in &catalog().prose_rows {
        if spec.report != report || !heading.contains(fold(&spec.section).as_str()) {
            continue;
        }
        for t in tables_with_id(tables, &spec.table) {
            let Some(col) = find_column(t, &spec.column) else {
                continue;
            };
            let total_names = &catalog().names.total;
            let mut best: Option<(usize, String)> = None;
            for r in &t.rows {
                let n = norm_name(&r.name);
                if n.chars().count() < 3 || name_in(&r.name, total_names) {
                    continue;
                }
                if clause.ends_with(n.as_str())
                    && best.as_ref().is_none_or(|(l, _)| n.chars().count() > *l)
                {
                    best = Some((n.chars().count(), n));
                }
            }
            if let Some((_, name)) = best {
                let rows: Vec<usize> = t
                    .rows
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| norm_name(&r.name) == name)
                    .map(|(i, _)| i)
                    .collect();
                return Some(Target::Rows {
                    spec,
                    table: t,
                    rows,
                    column: col.to_string(),
                    label: name,
                });
            }
        }
    }
    None
}

fn cells_value(cells: &[Cell<'_>]) -> Decimal {
    cells.iter().filter_map(|c| c.value).sum()
}

fn cells_err(cells: &[Cell<'_>]) -> Decimal {
    cells
        .iter()
        .map(|c| tolerance::step(c.table) / Decimal::from(2))
        .sum()
}

/// What the prose of one report states: its facts and its project list.
pub struct Prose {
    pub facts: Vec<Fact>,
    pub projects: Vec<Project>,
}

/// A fact as found, with what the checks among facts need.
struct Found {
    fact: Fact,
    /// Rounding of the printed number, in the fact's unit.
    err: Decimal,
    /// Decimals printed (for a percentage's precision).
    decimals: u32,
    /// The catalog entry's largest value.
    max: Option<Decimal>,
    /// Where it is in its run (facts are listed in document order).
    pos: (usize, usize),
}

pub fn check(report: &Report, tables: &[Table], doc: &Document, rec: &mut Recorder) -> Prose {
    let mut found: Vec<Found> = Vec::new();
    let kind = report.kind.as_str();
    if !matches!(kind, "final_accounts" | "budget" | "performance") {
        return Prose {
            facts: Vec::new(),
            projects: Vec::new(),
        };
    }
    let runs = lines_of(doc);
    let spans = super::prose_projects::projects(&runs);
    let subject = |run: usize, line: usize| {
        spans
            .iter()
            .find(|s| s.run == run && (s.first..=s.last).contains(&line))
            .map(|s| s.project.name.clone())
    };
    for (ri, lines) in runs.iter().enumerate() {
        let run = join(lines);
        for m in STATEMENT.captures_iter(&run.text) {
            let whole_m = m.get(0).unwrap();
            let li = line_at(&run, whole_m.start());
            let line = &lines[li];
            let (clause, clause_start) = clause_before(&run.text, whole_m.start());
            if clause.is_empty() {
                continue;
            }
            let int = ascii_digits(&m[1]);
            let frac = m.get(2).map(|f| ascii_digits(f.as_str()));
            let number = match &frac {
                Some(f) => format!("{int}.{f}"),
                None => int.clone(),
            };
            let Ok(n) = Decimal::from_str(&number) else {
                continue;
            };
            let printed_unit = fold(&m[3]);
            let unit = match printed_unit.as_str() {
                "%" => "%",
                "分" => "score",
                _ => "元",
            };
            let scale = if unit == "元" {
                let Some(scale) = tolerance::scale(&printed_unit) else {
                    continue;
                };
                scale
            } else {
                Decimal::ONE
            };
            let decimals = tolerance::printed_decimals(&number);
            let Some(amount) = n.checked_mul(scale) else {
                continue;
            };
            let prose_err = half_last_digit(decimals) * scale;
            let heading = line.section.as_str();
            let target = best_entry(kind, unit, &clause, heading)
                .map(Target::Entry)
                .or_else(|| {
                    (unit == "元")
                        .then(|| row_target(kind, &clause, heading, tables))
                        .flatten()
                });
            let Some(target) = target else {
                continue;
            };
            let share = (unit == "元")
                .then(|| SHARE.captures(&run.text[whole_m.end()..]))
                .flatten();
            let frag_end = share
                .as_ref()
                .map_or(whole_m.end(), |s| whole_m.end() + s.get(0).unwrap().end());
            let text = run.text[clause_start..frag_end].trim().to_string();
            let subject = subject(ri, li);
            let max = match &target {
                Target::Entry(e) => e.max,
                Target::Rows { .. } => None,
            };
            let new_fact = |label: String, value: Decimal, unit: &str, matched| Fact {
                label,
                value,
                unit: unit.into(),
                subject: subject.clone(),
                text: text.clone(),
                location: line.origin.clone(),
                matched,
            };
            // (label, part cells, whole cells)
            let (label, part, whole): (String, Option<Vec<Cell<'_>>>, Option<Vec<Cell<'_>>>) =
                match &target {
                    Target::Entry(e) => (
                        e.label.clone(),
                        resolve_sum(tables, &e.target),
                        resolve_sum(tables, &e.whole),
                    ),
                    Target::Rows {
                        spec,
                        table,
                        rows,
                        column,
                        label,
                    } => {
                        // Several rows may carry the name (办公设备购置 under 309 and 310):
                        // the statement names the one whose value agrees, else the first.
                        let pick = rows
                            .iter()
                            .copied()
                            .find(|&i| {
                                let v = value(&table.rows[i], column).unwrap_or_default();
                                (v - amount).abs()
                                    <= prose_err + tolerance::step(table) / Decimal::from(2)
                            })
                            .or_else(|| rows.first().copied());
                        let cell = pick.map(|i| Cell {
                            table,
                            row: Some(&table.rows[i]),
                            column: column.clone(),
                            value: value(&table.rows[i], column),
                        });
                        let whole = if spec.whole_total {
                            total_row(table).map(|ti| {
                                vec![Cell {
                                    table,
                                    row: Some(&table.rows[ti]),
                                    column: column.clone(),
                                    value: value(&table.rows[ti], column),
                                }]
                            })
                        } else {
                            None
                        };
                        (label.clone(), cell.map(|c| vec![c]), whole)
                    }
                };
            // The amount.
            let matched = part.as_ref().map(|cells| {
                let table_v = cells_value(cells);
                let tol = prose_err + cells_err(cells);
                let passed = (table_v - amount).abs() <= tol;
                record(
                    rec,
                    "prose.amount",
                    &label,
                    &text,
                    line,
                    cells,
                    table_v,
                    amount,
                    tol,
                    passed,
                );
                passed
            });
            found.push(Found {
                fact: new_fact(label.clone(), amount, unit, matched),
                err: prose_err,
                decimals,
                max,
                pos: (ri, whole_m.start()),
            });
            // The share.
            if let Some(s) = share {
                let pct_text = ascii_digits(&s[1]);
                let Ok(pct) = Decimal::from_str(&pct_text) else {
                    continue;
                };
                let d = printed_decimals(&pct_text);
                let matched = match (&whole, &part) {
                    (Some(w), p) if !cells_value(w).is_zero() => {
                        let wv = cells_value(w);
                        let (pv, perr) = match p {
                            Some(p) => (cells_value(p), cells_err(p)),
                            None => (amount, prose_err),
                        };
                        let computed = (pv / wv * Decimal::from(100)).round_dp(4);
                        let tol = percent_tolerance(d, pv, wv, perr, cells_err(w));
                        let passed = (computed - pct).abs() <= tol;
                        let share_label = format!("{label}占比");
                        record(
                            rec,
                            "prose.share",
                            &share_label,
                            &text,
                            line,
                            p.as_deref().unwrap_or(w),
                            computed,
                            pct,
                            tol,
                            passed,
                        );
                        Some(passed)
                    }
                    _ => None,
                };
                found.push(Found {
                    fact: new_fact(format!("{label}占比"), pct, "%", matched),
                    err: half_last_digit(d),
                    decimals: d,
                    max: None,
                    pos: (ri, whole_m.start() + 1),
                });
            }
        }
        found.extend(
            stated_none(kind, &run, lines)
                .into_iter()
                .map(|(e, text, li, at)| Found {
                    fact: Fact {
                        label: e.label.clone(),
                        value: Decimal::ZERO,
                        unit: e.unit.clone(),
                        subject: subject(ri, li),
                        text,
                        location: lines[li].origin.clone(),
                        matched: None,
                    },
                    err: Decimal::ZERO,
                    decimals: 0,
                    max: e.max,
                    pos: (ri, at),
                }),
        );
    }
    found.sort_by_key(|f| f.pos);
    among_facts(kind, &found, rec);
    Prose {
        facts: found.into_iter().map(|f| f.fact).collect(),
        projects: spans.into_iter().map(|s| s.project).collect(),
    }
}

/// Statements of absence of an amount that `stated_none` entries name ("本年度无年末结转和结余"):
/// a none word directly followed by an alias that ends the clause. (entry, text, line index,
/// byte offset in the run)
fn stated_none<'a>(
    kind: &str,
    run: &Run,
    lines: &[Line],
) -> Vec<(&'a FactRule, String, usize, usize)> {
    let words = &catalog().prose.none_words;
    let mut out = Vec::new();
    if words.is_empty() {
        return out;
    }
    let mut start = 0;
    for (i, c) in run
        .text
        .char_indices()
        .chain(std::iter::once((run.text.len(), '\n')))
    {
        if !DELIMITERS.contains(&c) {
            continue;
        }
        let clause = &run.text[start..i];
        let clause_start = start;
        start = i + c.len_utf8();
        let folded = norm_name(clause);
        let hit = catalog()
            .fact
            .iter()
            .filter(|f| f.report == kind && f.stated_none)
            .find_map(|f| {
                f.aliases.iter().find_map(|a| {
                    let a = norm_name(a);
                    let before = folded.strip_suffix(a.as_str())?;
                    words
                        .iter()
                        .any(|w| before.ends_with(w.as_str()))
                        .then_some(f)
                })
            });
        if let Some(f) = hit {
            let li = line_at(run, clause_start);
            out.push((
                f,
                clause.trim().to_string(),
                li.min(lines.len() - 1),
                clause_start,
            ));
        }
    }
    out
}

/// Identities among the facts of one subject (catalog [[prose_sum]], [[prose_rate]]), a label
/// stated twice (prose.repeat) and a value above its largest (prose.score_max).
fn among_facts(kind: &str, found: &[Found], rec: &mut Recorder) {
    let mut subjects: Vec<Option<&str>> = Vec::new();
    for f in found {
        if !subjects.contains(&f.fact.subject.as_deref()) {
            subjects.push(f.fact.subject.as_deref());
        }
    }
    for subject in subjects {
        let of: Vec<&Found> = found
            .iter()
            .filter(|f| f.fact.subject.as_deref() == subject)
            .collect();
        let first = |label: &str| of.iter().copied().find(|f| f.fact.label == label);
        // a label stated again agrees with its first statement (in the reports where one label
        // names one amount: a 决算 narrative says 基本支出 of the whole and of one fund)
        let repeats = catalog().prose.repeat_reports.iter().any(|r| r == kind);
        for (k, f) in of.iter().enumerate() {
            if let Some(prev) = of[..k]
                .iter()
                .filter(|_| repeats)
                .find(|p| p.fact.label == f.fact.label && p.fact.unit == f.fact.unit)
            {
                // one value printed twice: equal at one precision, within the coarser
                // rounding at two
                let tol = prev.err.max(f.err);
                let passed = (prev.fact.value - f.fact.value).abs() <= tol;
                push_fact_check(
                    rec,
                    "prose.repeat",
                    f,
                    prev.fact.value,
                    tol,
                    passed,
                    Vec::new(),
                    format!(
                        "it says {} earlier (\"{}\")",
                        shown(&prev.fact, prev.fact.value),
                        prev.fact.text
                    ),
                );
            }
            if let Some(max) = f.max {
                let passed = f.fact.value <= max;
                push_fact_check(
                    rec,
                    "prose.score_max",
                    f,
                    max,
                    Decimal::ZERO,
                    passed,
                    Vec::new(),
                    format!("the most it can be is {max}"),
                );
            }
        }
        for rule in catalog().prose_sum.iter().filter(|r| r.report == kind) {
            let Some(total) = first(&rule.total) else {
                continue;
            };
            let parts: Vec<(bool, &Found)> = rule
                .parts
                .iter()
                .filter_map(|p| {
                    let (neg, l) = match p.strip_prefix('-') {
                        Some(l) => (true, l),
                        None => (false, p.as_str()),
                    };
                    first(l).map(|f| (neg, f))
                })
                .collect();
            if parts.len() < rule.min_parts.unwrap_or(2) {
                continue;
            }
            let sum: Decimal = parts
                .iter()
                .map(|(neg, f)| if *neg { -f.fact.value } else { f.fact.value })
                .sum();
            let parts_err = parts.iter().map(|(_, f)| f.err).sum::<Decimal>();
            let agrees = |t: &Found| (sum - t.fact.value).abs() <= t.err + parts_err;
            // the parts may be the split of another stated total (基本 / 项目 under "一般公共预算
            // …，其中"): the check is on the total they agree with, else on `total`
            let total = std::iter::once(total)
                .chain(rule.or_total.iter().filter_map(|l| first(l)))
                .find(|t| agrees(t))
                .unwrap_or(total);
            let tol = total.err + parts_err;
            let passed = agrees(total);
            let terms: Vec<String> = parts.iter().map(|(_, f)| f.fact.label.clone()).collect();
            let said = parts
                .iter()
                .map(|(neg, f)| {
                    format!(
                        "{}{} {}",
                        if *neg { "− " } else { "" },
                        f.fact.label,
                        shown(&f.fact, f.fact.value)
                    )
                })
                .collect::<Vec<_>>()
                .join(" + ");
            push_fact_check(
                rec,
                "prose.sum",
                total,
                sum,
                tol,
                passed,
                terms,
                format!(
                    "the amounts it is made of add up to {} ({said})",
                    shown(&total.fact, sum)
                ),
            );
        }
        for rule in catalog().prose_rate.iter().filter(|r| r.report == kind) {
            let Some(rate) = first(&rule.rate) else {
                continue;
            };
            let stated = |labels: &[String]| -> Option<Vec<&Found>> {
                let (req, opt) = labels.split_first()?;
                let mut v = vec![first(req)?];
                v.extend(opt.iter().filter_map(|l| first(l)));
                Some(v)
            };
            let Some((part, whole)) = rule
                .pairs
                .iter()
                .find_map(|p| Some((stated(&p.part)?, stated(&p.whole)?)))
            else {
                continue;
            };
            let pv: Decimal = part.iter().map(|f| f.fact.value).sum();
            let wv: Decimal = whole.iter().map(|f| f.fact.value).sum();
            if wv.is_zero() {
                continue;
            }
            let perr: Decimal = part.iter().map(|f| f.err).sum();
            let werr: Decimal = whole.iter().map(|f| f.err).sum();
            let computed = (pv / wv * Decimal::from(100)).round_dp(4);
            let tol = percent_tolerance(rate.decimals, pv, wv, perr, werr);
            let passed = (computed - rate.fact.value).abs() <= tol;
            let terms: Vec<String> = part
                .iter()
                .chain(whole.iter())
                .map(|f| f.fact.label.clone())
                .collect();
            let names = |v: &[&Found]| {
                v.iter()
                    .map(|f| format!("{} {}", f.fact.label, shown(&f.fact, f.fact.value)))
                    .collect::<Vec<_>>()
                    .join(" + ")
            };
            push_fact_check(
                rec,
                "prose.rate",
                rate,
                computed,
                tol,
                passed,
                terms,
                format!(
                    "{} / {} is {}%",
                    names(&part),
                    names(&whole),
                    computed.round_dp(2).normalize()
                ),
            );
        }
    }
}

/// A value as the prose prints it: "1311.56万元" for amounts, "97分", "100%".
fn shown(f: &Fact, v: Decimal) -> String {
    match f.unit.as_str() {
        "元" => tolerance::show(v, Some("万元")),
        "%" => format!("{}%", v.normalize()),
        _ => format!("{}分", v.normalize()),
    }
}

/// The row of a check among facts: the label, under its subject when it has one.
fn fact_row(f: &Fact) -> String {
    match &f.subject {
        Some(s) => format!("{s} / {}", f.label),
        None => f.label.clone(),
    }
}

/// Record a check whose checked value is the fact `f` (`actual`) against `expected`; a failure
/// is a `prose_inconsistent` warning naming the statement.
#[allow(clippy::too_many_arguments)]
fn push_fact_check(
    rec: &mut Recorder,
    rule: &str,
    f: &Found,
    expected: Decimal,
    tol: Decimal,
    passed: bool,
    terms: Vec<String>,
    but: String,
) {
    let row = fact_row(&f.fact);
    let failure = (!passed).then(|| {
        Problem::warning(
            "prose_inconsistent",
            format!(
                "the text says {row} is {} (\"{}\"{}) but {but} (rule {rule})",
                shown(&f.fact, f.fact.value),
                f.fact.text,
                if f.fact.location.is_empty() {
                    String::new()
                } else {
                    format!(", {}", f.fact.location)
                },
            ),
            where_(FACTS_TABLE, &row, "value"),
        )
    });
    rec.push(
        Check {
            rule: rule.to_string(),
            table: FACTS_TABLE.to_string(),
            row,
            column: "value".into(),
            expected,
            actual: f.fact.value,
            tolerance: tol,
            passed,
            terms,
        },
        failure,
    );
}

/// `checks[].table` of a check among the prose facts (no table holds them).
pub const FACTS_TABLE: &str = "facts";

#[allow(clippy::too_many_arguments)]
fn record(
    rec: &mut Recorder,
    rule: &str,
    label: &str,
    text: &str,
    line: &Line,
    cells: &[Cell<'_>],
    expected: Decimal,
    actual: Decimal,
    tol: Decimal,
    passed: bool,
) {
    let tid = joined(cells.iter().map(|c| table_id(c.table)));
    let row = joined(
        cells
            .iter()
            .map(|c| c.row.map(row_label).unwrap_or_default()),
    );
    let column = joined(cells.iter().map(|c| c.column.clone()));
    let failure = (!passed).then(|| {
        let (said, table_said) = if rule == "prose.share" {
            (format!("{actual}%"), format!("{}%", expected.round_dp(2)))
        } else {
            let unit = cells.first().and_then(|c| c.table.unit.as_deref());
            let blank = cells.iter().all(|c| c.value.is_none());
            (
                tolerance::show(actual, unit),
                if blank {
                    "nothing (the cell is blank)".to_string()
                } else {
                    tolerance::show(expected, unit)
                },
            )
        };
        Problem::warning(
            "prose_mismatch",
            format!(
                "the text says {label} is {said} (\"{text}\", {}) but the table gives {table_said}",
                line.origin
            ),
            where_(&tid, &row, &column),
        )
    });
    rec.push(
        Check {
            rule: rule.to_string(),
            table: tid,
            row,
            column,
            expected,
            actual,
            tolerance: tol,
            passed,
            terms: Vec::new(),
        },
        failure,
    );
}

fn joined(items: impl Iterator<Item = String>) -> String {
    let mut v: Vec<String> = Vec::new();
    for s in items {
        if !v.contains(&s) {
            v.push(s);
        }
    }
    v.join(" + ")
}
