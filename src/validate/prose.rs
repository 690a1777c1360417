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
use crate::record::{Check, Fact, Problem, Report, Table};
use once_cell::sync::Lazy;
use regex::Regex;
use rust_decimal::Decimal;
use std::str::FromStr;

/// One line of text with the section heading it falls under.
struct Line {
    text: String,
    origin: String,
    section: String,
}

/// A run of consecutive text lines joined, with where each line starts.
struct Run {
    text: String,
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
static SHARE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^\s*[，,]?\s*(?:占比|占)[^0-9０-９%％，。；,;]{0,15}?([0-9０-９]+(?:[.．][0-9０-９]+)?)\s*[%％]")
        .unwrap()
});
const DELIMITERS: &[char] = &[
    '，', ',', '。', '；', ';', '：', ':', '、', '\n', '！', '？', '!', '?',
];
const FILLER: &[&str] = &["共计", "合计为", "为", "是", "达到", "达", "共", "约"];

fn lines_of(doc: &Document) -> Vec<Vec<Line>> {
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
fn heading_like(line: &str) -> bool {
    let f = fold(line);
    PART.is_match(&f)
        || (ANY_ORDINAL.is_match(&f) && f.chars().count() <= 40 && !AMOUNT.is_match(&f))
}

/// Join the lines of a run: wrapped lines directly, but with a break after a sentence end and
/// around headings, so a clause never reaches into the line above.
fn join(lines: &[Line]) -> Run {
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

/// The clause before `pos`, folded, ordinals / "(类)" / trailing filler removed.
fn clause_before(text: &str, pos: usize) -> (String, usize) {
    let head = &text[..pos];
    let start = head
        .char_indices()
        .rev()
        .find(|(_, c)| DELIMITERS.contains(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
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
fn best_entry<'a>(report: &str, clause: &str, heading: &str) -> Option<&'a FactRule> {
    catalog()
        .fact
        .iter()
        .filter(|f| f.report == report && section_ok(&f.section, heading))
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

pub fn check(report: &Report, tables: &[Table], doc: &Document, rec: &mut Recorder) -> Vec<Fact> {
    let mut facts = Vec::new();
    let kind = report.kind.as_str();
    if !matches!(kind, "final_accounts" | "budget") {
        return facts;
    }
    for lines in lines_of(doc) {
        let run = join(&lines);
        for m in AMOUNT.captures_iter(&run.text) {
            let whole_m = m.get(0).unwrap();
            let line = &lines[line_at(&run, whole_m.start())];
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
            let Some(scale) = tolerance::scale(&m[3]) else {
                continue;
            };
            let decimals = tolerance::printed_decimals(&number);
            let Some(amount) = n.checked_mul(scale) else {
                continue;
            };
            let prose_err = half_last_digit(decimals) * scale;
            let heading = line.section.as_str();
            let target = best_entry(kind, &clause, heading)
                .map(Target::Entry)
                .or_else(|| row_target(kind, &clause, heading, tables));
            let Some(target) = target else {
                continue;
            };
            let share = SHARE.captures(&run.text[whole_m.end()..]);
            let frag_end = share
                .as_ref()
                .map_or(whole_m.end(), |s| whole_m.end() + s.get(0).unwrap().end());
            let text = run.text[clause_start..frag_end].trim().to_string();
            let fact_amount = |label: String, matched| Fact {
                label,
                value: amount,
                unit: "元".into(),
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
            facts.push(fact_amount(label.clone(), matched));
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
                facts.push(Fact {
                    label: format!("{label}占比"),
                    value: pct,
                    unit: "%".into(),
                    text: text.clone(),
                    location: line.origin.clone(),
                    matched,
                });
            }
        }
    }
    facts
}

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
