//! Within-table arithmetic, for every amount column (`Column.unit == "元"`):
//!
//! - column identities from the catalog (`total = basic + project …`, `total = Σ sources`,
//!   三公 `total = abroad + vehicles + reception`, …), in every row;
//! - coded tables: 合计 = Σ top-level codes (类), 类 = Σ its 款, 款 = Σ its 项 (a child hangs
//!   under its nearest ancestor present in the table); 公开06's 人员经费合计 / 公用经费合计 =
//!   Σ the 类 of their group;
//! - name-only tables: 类 names (catalog `class_names`) head the rows below them;
//! - two-sided tables: 本年收入合计 = Σ numbered lines above it, 总计 = 本年收入合计 + the
//!   结转/结余 lines between them, each of which = Σ its unnumbered breakdown lines;
//! - named rows (row-oriented 三公, 政府采购).
//!
//! A standard table with amounts but not a single check gets an "unverified_table" warning
//! (tables of kind "unknown" do not).

use super::catalog::catalog;
use super::tolerance::{self, sum_tolerance};
use super::view::{
    amount_keys, find_row, fold, has_code, is_top_numbered, name_in, norm_name, ordinal_depth,
    pairing, row_label, table_id, total_row, value,
};
use super::{Identity, Recorder};
use crate::record::{Problem, Row, Side, Table};
use indexmap::IndexMap;
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};

pub fn check_table(t: &Table, rec: &mut Recorder) {
    if t.no_data {
        return;
    }
    let keys = amount_keys(t);
    if keys.is_empty() {
        return;
    }
    let step = tolerance::step(t);
    let cat = catalog();
    let ids = column_rules(t, &keys, step, rec);
    if t.side.is_some() && cat.names.two_sided_kinds.contains(&t.kind) {
        let lists = parallel_lists(t);
        if lists.is_empty() {
            two_sided(t, &keys, step, rec);
        }
        for (text_key, list_keys) in lists {
            two_sided(&list_view(t, text_key), &list_keys, step, rec);
        }
    } else if t.rows.iter().any(has_code) {
        let tree = code_hierarchy(t, &keys, step, rec);
        localize(t, step, rec, &ids, &tree);
    } else {
        positional(t, &keys, step, rec);
    }
    row_rules(t, &keys, step, rec);
}

/// An "unverified_table" warning for a standard table with amounts on which `checks_made` is
/// false (no arithmetic or form check could be made). Unrecognised grids (a table of contents)
/// are not expected to add up.
pub fn flag_unverified(t: &Table, checks_made: bool, rec: &mut Recorder) {
    if checks_made || t.no_data || t.kind == "unknown" {
        return;
    }
    let keys = amount_keys(t);
    let has_amounts = t
        .rows
        .iter()
        .any(|r| keys.iter().any(|k| value(r, k).is_some()));
    if has_amounts {
        let tid = table_id(t);
        rec.problems.push(Problem::warning(
            "unverified_table",
            format!(
                "{tid} (\"{}\") has amounts but no total row, subject codes or column totals to \
                 check them against; its numbers are not verified",
                t.title
            ),
            format!("table {tid}"),
        ));
    }
}

/// A "words_in_amount_cells" warning for a table whose amount columns hold words ("十三、交通运输
/// 支出", "184.84184.84"): the record keeps them in `texts` and reads the cell as blank, so a sum
/// over the column may still pass; words there mean the page was read into the wrong columns
/// (not one such cell in the 56 real-cn reports).
pub fn flag_words_in_amounts(t: &Table, rec: &mut Recorder) {
    use crate::normalize::number::{CellValue, parse};
    let amount_cols: Vec<&str> = t
        .columns
        .iter()
        .filter(|c| c.unit == "元")
        .map(|c| c.key.as_str())
        .collect();
    let words: Vec<(&Row, &str, &String)> = t
        .rows
        .iter()
        .flat_map(|r| {
            amount_cols.iter().filter_map(move |k| {
                let text = r.texts.get(*k)?;
                (value(r, k).is_none() && matches!(parse(text), CellValue::Text(_)))
                    .then_some((r, *k, text))
            })
        })
        .collect();
    let Some((r, k, text)) = words.first() else {
        return;
    };
    let tid = table_id(t);
    rec.problems.push(Problem::warning(
        "words_in_amount_cells",
        format!(
            "{tid} (\"{}\"): {} cell(s) of amount columns hold words, read as blank (first: \
             \"{text}\" in row \"{}\", column {k}); the page may have been read into the wrong \
             columns",
            t.title,
            words.len(),
            r.name
        ),
        format!("table {tid}"),
    ));
}

/// An "amount_in_name" warning for a table whose rows carry an amount at the end of their name
/// ("总计 35583500.00", "一般公共服务支出 27317900.00") while every amount cell of the row is
/// blank: the amount was read into the name column, and the row's sums cannot see it.
pub fn flag_amounts_in_names(t: &Table, rec: &mut Recorder) {
    static TRAILING_AMOUNT: once_cell::sync::Lazy<regex::Regex> =
        once_cell::sync::Lazy::new(|| {
            regex::Regex::new(r"[^\d,.\s]\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d{2})\s*$").unwrap()
        });
    if super::forms::is_form(t) || t.kind == "unknown" {
        return;
    }
    let keys = amount_keys(t);
    if keys.is_empty() {
        return;
    }
    let hits: Vec<&Row> = t
        .rows
        .iter()
        .filter(|r| {
            TRAILING_AMOUNT.is_match(r.name.trim()) && keys.iter().all(|k| value(r, k).is_none())
        })
        .collect();
    let Some(first) = hits.first() else {
        return;
    };
    let tid = table_id(t);
    rec.problems.push(Problem::warning(
        "amount_in_name",
        format!(
            "{tid} (\"{}\"): {} row(s) end their name with an amount while their amount cells are \
             blank (first: \"{}\"); the page may have been read into the wrong columns",
            t.title,
            hits.len(),
            first.name.trim()
        ),
        format!("table {tid}"),
    ));
}

/// Whether the rows of `t` add up across their columns (合计 = 小计 + 上年结转, 小计 = its
/// parts …, the column identities of the catalog); None when no identity applies. The reader
/// asks it of a row before and after joining pieces cut by a page break.
pub fn columns_add_up(t: &Table) -> Option<bool> {
    let keys = amount_keys(t);
    let mut rec = Recorder::default();
    column_rules(t, &keys, tolerance::step(t), &mut rec);
    (!rec.checks.is_empty()).then(|| rec.checks.iter().all(|c| c.passed))
}

/// Rows that are header residue, never data: the 栏次 row.
fn skippable(r: &Row) -> bool {
    let n = norm_name(&r.name);
    n.starts_with("栏次") || n.starts_with("行次")
}

/// One sum identity: `total` at (row, col) against Σ sign × part. Skipped when nothing is
/// printed, or when `skip_null_total` and the total cell is blank.
#[allow(clippy::too_many_arguments)]
fn check_sum(
    rec: &mut Recorder,
    rule: &str,
    t: &Table,
    row: &Row,
    col: &str,
    parts: &[(bool, Option<Decimal>)],
    terms: Vec<String>,
    step: Decimal,
    sum_of: impl FnOnce() -> String,
    skip_null_total: bool,
) -> Option<bool> {
    let total = value(row, col);
    if total.is_none() && (skip_null_total || parts.iter().all(|(_, v)| v.is_none())) {
        return None;
    }
    let n = parts.iter().filter(|(_, v)| v.is_some()).count();
    let expected: Decimal = parts
        .iter()
        .map(|(neg, v)| {
            let v = v.unwrap_or_default();
            if *neg { -v } else { v }
        })
        .sum();
    Some(rec.identity(Identity {
        rule,
        table: t,
        row,
        column: col,
        expected,
        actual: total.unwrap_or_default(),
        tolerance: sum_tolerance(step, n),
        sum_of: sum_of(),
        terms,
    }))
}

/// Labels (code or name) of the summed rows, for [`crate::record::Check::terms`].
fn row_labels(t: &Table, idx: &[usize]) -> Vec<String> {
    idx.iter().map(|&i| row_label(&t.rows[i])).collect()
}

fn list_rows(t: &Table, idx: &[usize]) -> String {
    const MAX: usize = 6;
    let mut s: Vec<String> = idx
        .iter()
        .take(MAX)
        .map(|&i| row_label(&t.rows[i]))
        .collect();
    if idx.len() > MAX {
        s.push(format!("… ({} rows)", idx.len()));
    }
    s.join(" + ")
}

fn row_parts(t: &Table, idx: &[usize], col: &str) -> Vec<(bool, Option<Decimal>)> {
    idx.iter()
        .map(|&i| (false, value(&t.rows[i], col)))
        .collect()
}

// ------------------------------------------------------------------------------------------
// Column identities

/// A column identity as checked in one row.
struct RowIdentity {
    row: usize,
    total: String,
    parts: Vec<(bool, String)>,
    tolerance: Decimal,
    passed: bool,
}

fn column_rules(t: &Table, keys: &[&str], step: Decimal, rec: &mut Recorder) -> Vec<RowIdentity> {
    let mut out = Vec::new();
    // Keys sharing a prefix ("budget.total", "budget.abroad") form one group.
    let mut groups: IndexMap<&str, Vec<(&str, &str)>> = IndexMap::new();
    for k in keys {
        let (prefix, base) = k.rsplit_once('.').unwrap_or(("", k));
        groups.entry(prefix).or_default().push((base, k));
    }
    // A header grouped the other way round (深圳 三公: 总计 | 因公出国(境)费 | … each over
    // 一般公共预算 | 政府性基金预算 | 国有资本经营预算) gives "abroad.general_budget": the keys
    // sharing a suffix form a group too, named by their prefixes.
    let mut by_suffix: IndexMap<&str, Vec<(&str, &str)>> = IndexMap::new();
    for k in keys {
        if let Some((prefix, base)) = k.rsplit_once('.')
            && !prefix.contains('.')
        {
            by_suffix.entry(base).or_default().push((prefix, k));
        }
    }
    let mut suffix_groups: HashSet<&str> = HashSet::new();
    for (base, cols) in by_suffix {
        if cols.len() > 1 && !groups.contains_key(base) {
            groups.insert(base, cols);
            suffix_groups.insert(base);
        }
    }
    let mut seen: HashSet<String> = HashSet::new();
    for (prefix, cols) in &groups {
        // a group's subtotal column is keyed by the group itself ("income_this_year" beside
        // "income_this_year.general_budget"): it is the group's total
        let own = keys
            .iter()
            .copied()
            .find(|k| !prefix.is_empty() && !suffix_groups.contains(prefix) && k == prefix);
        let has = |b: &str| {
            cols.iter()
                .find(|(base, _)| *base == b)
                .map(|(_, k)| *k)
                .or(if b == "total" { own } else { None })
        };
        for rule in &catalog().columns {
            let Some(total_key) = has(&rule.total) else {
                continue;
            };
            if prefix.is_empty() && unknown_amount_after(t, total_key) {
                continue;
            }
            if rule.unless.iter().any(|u| has(u).is_some()) {
                continue;
            }
            let mut parts: Vec<(bool, &str)> = rule
                .parts
                .iter()
                .map(|p| match p.strip_prefix('-') {
                    Some(b) => (true, b),
                    None => (false, p.as_str()),
                })
                .collect();
            for ex in &rule.exclusive {
                if ex.len() > 1 && has(&ex[0]).is_some() {
                    parts.retain(|(_, b)| !ex[1..].iter().any(|e| e == b));
                }
            }
            let present: Vec<(bool, &str)> = parts
                .iter()
                .filter_map(|(neg, b)| has(b).map(|k| (*neg, k)))
                .collect();
            if present.is_empty() || (rule.require_all && present.len() != parts.len()) {
                continue;
            }
            // one identity once: a rule whose columns an earlier rule already covered adds
            // nothing (合计 = 人员经费 + 公用经费 is both the basic and the expenditure rule)
            let mut sig: Vec<&str> = present.iter().map(|(_, k)| *k).collect();
            sig.sort();
            sig.push(total_key);
            if !seen.insert(sig.join("+")) {
                continue;
            }
            let describe = || {
                let mut s = String::from("columns ");
                for (i, (neg, k)) in present.iter().enumerate() {
                    if i > 0 || *neg {
                        s.push_str(if *neg { " − " } else { " + " });
                    }
                    s.push_str(k);
                }
                s
            };
            for (i, row) in t.rows.iter().enumerate().filter(|(_, r)| !skippable(r)) {
                let vals: Vec<(bool, Option<Decimal>)> = present
                    .iter()
                    .map(|(neg, k)| (*neg, value(row, k)))
                    .collect();
                if let Some(passed) = check_sum(
                    rec,
                    &rule.id,
                    t,
                    row,
                    total_key,
                    &vals,
                    present.iter().map(|(_, k)| k.to_string()).collect(),
                    step,
                    describe,
                    false,
                ) {
                    out.push(RowIdentity {
                        row: i,
                        total: total_key.to_string(),
                        parts: present.iter().map(|(n, k)| (*n, k.to_string())).collect(),
                        tolerance: sum_tolerance(
                            step,
                            vals.iter().filter(|(_, v)| v.is_some()).count(),
                        ),
                        passed,
                    });
                }
            }
        }
    }
    out
}

/// An amount column right of `total` at the top of the header whose header we could not
/// name ("财政拨款一般公共预算" run together by the reader): it may be one of the parts, so a
/// sum over the named parts alone proves nothing.
fn unknown_amount_after(t: &Table, total: &str) -> bool {
    let Some(pos) = t.columns.iter().position(|c| c.key == total) else {
        return false;
    };
    t.columns[pos + 1..].iter().any(|c| {
        c.unit == "元"
            && !c.header.contains('/')
            && crate::record::is_unnamed_column_key(&c.key)
            && t.rows
                .iter()
                .any(|r| value(r, &c.key).is_some_and(|v| !v.is_zero()))
    })
}

// ------------------------------------------------------------------------------------------
// Coded tables

/// The code one level up: 7 → 5 → 3 digits (functional), 5 → 3 (economic).
fn derive_parent(code: &str) -> Option<&str> {
    (code.len() > 3 && code.is_char_boundary(code.len() - 2)).then(|| &code[..code.len() - 2])
}

fn group_of(r: &Row) -> Option<bool> {
    // Some(true) = 人员经费, Some(false) = 公用经费.
    if let Some(g) = r.texts.get("group") {
        let g = fold(g);
        if g.contains("人员") {
            return Some(true);
        }
        if g.contains("公用") {
            return Some(false);
        }
    }
    let code = r.code.as_deref()?;
    Some(
        catalog()
            .names
            .personnel_prefixes
            .iter()
            .any(|p| code.starts_with(p.as_str())),
    )
}

/// A unit's subtotal inside one code: a row naming a unit (单位编码) with none of the table's
/// text columns filled (no 采购目录, 规格型号 or 实施采购时间: not a line of its own). 西安's
/// 政府采购预算表 prints under each 项 code its 全额 (经费形式 "1") row, then each unit
/// ("222001") with its purchase lines (no 单位编码) below it, all with the same code.
fn unit_head(t: &Table, r: &Row) -> bool {
    r.texts.contains_key("unit_code")
        && t.columns
            .iter()
            .filter(|c| c.unit == "text")
            .all(|c| r.texts.get(&c.key).is_none_or(|s| s.trim().is_empty()))
}

/// How deep a row sits in a table's unit levels: the length of its 单位编码 (经费形式 "1",
/// department "201", unit "201001"), lines without one deepest.
fn unit_rank(r: &Row) -> usize {
    r.texts
        .get("unit_code")
        .map_or(usize::MAX, |u| u.trim().chars().count())
}

/// A line with amounts and no code that is an item of its own: it prints a label besides its
/// unit (a project name, a category), not only the unit whose subtotal it is.
fn uncoded_item(r: &Row) -> bool {
    r.values.values().any(Option::is_some)
        && r.texts.iter().any(|(k, v)| {
            !matches!(
                k.as_str(),
                "unit_code" | "unit_name" | "group" | "section" | "value_unit"
            ) && !v.trim().is_empty()
        })
}

/// Parent links of a coded table: child row → parent row (top-level codes → the total row).
#[derive(Default)]
struct Tree {
    parent: HashMap<usize, usize>,
    kids: HashMap<usize, Vec<usize>>,
}

fn code_hierarchy(t: &Table, keys: &[&str], step: Decimal, rec: &mut Recorder) -> Tree {
    let present: HashSet<&str> = t.rows.iter().filter_map(|r| r.code.as_deref()).collect();
    // Parent row index → children, in order; roots in order. The parent is the nearest row
    // above with that code: a table listed per unit (预算单位 sections) repeats the code tree
    // under each unit. A parent printed only below its children: the first row with it.
    let mut first_with: IndexMap<&str, usize> = IndexMap::new();
    for (i, r) in t.rows.iter().enumerate() {
        if let Some(c) = r.code.as_deref() {
            first_with.entry(c).or_insert(i);
        }
    }
    let mut last_above: HashMap<&str, usize> = HashMap::new();
    let mut children: IndexMap<usize, Vec<usize>> = IndexMap::new();
    let mut roots: Vec<usize> = Vec::new();
    let deepest = present.iter().map(|c| c.len()).max().unwrap_or(0);
    let mut unit_heads: Vec<usize> = Vec::new();
    for (i, r) in t.rows.iter().enumerate() {
        let Some(code) = r.code.as_deref().filter(|c| !c.is_empty()) else {
            continue;
        };
        // the same line printed twice in a row (无锡: 款 21999 其他支出, then its only 项 printed
        // with the 款's code): one line, not two to add. Only where a deeper level exists for
        // the repeat to be: two equal 项 lines (北京 lists 2200509 气象服务 once per project) or
        // lines under different 政府经济分类 (西安 30204 手续费 under 50502 and 50201) are two.
        if i > 0
            && code.len() < deepest
            && t.rows[i - 1].code == r.code
            && t.rows[i - 1].values == r.values
            && pairing(&t.rows[i - 1]) == pairing(r)
        {
            continue;
        }
        // a unit's subtotal inside one code (see `unit_head`): its rows are the ones below it
        // with the same code at a deeper unit level, up to the next unit at its level.
        while let Some(&top) = unit_heads.last() {
            if t.rows[top].code == r.code && unit_rank(&t.rows[top]) < unit_rank(r) {
                break;
            }
            unit_heads.pop();
        }
        let head = unit_heads.last().copied();
        if unit_head(t, r) {
            unit_heads.push(i);
        }
        if let Some(h) = head {
            children.entry(h).or_default().push(i);
            continue;
        }
        let mut p = r
            .parent
            .as_deref()
            .filter(|p| code.starts_with(*p) && p.len() < code.len())
            .or_else(|| derive_parent(code));
        let mut anc = None;
        while let Some(pc) = p {
            if present.contains(pc) {
                anc = last_above.get(pc).or_else(|| first_with.get(pc)).copied();
                break;
            }
            p = derive_parent(pc);
        }
        last_above.insert(code, i);
        match anc {
            Some(a) if a != i => children.entry(a).or_default().push(i),
            _ => roots.push(i),
        }
    }
    let names = &catalog().names;
    let total_i = total_row(t);
    let mut tree = Tree::default();
    for (&p, kids) in &children {
        for &k in kids {
            tree.parent.insert(k, p);
        }
        tree.kids.insert(p, kids.clone());
    }
    if let Some(ti) = total_i.filter(|_| !roots.is_empty()) {
        for &k in &roots {
            tree.parent.insert(k, ti);
        }
        tree.kids.insert(ti, roots.clone());
    }
    let group_totals: Vec<(usize, bool)> = t
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| !has_code(r))
        .filter_map(|(i, r)| {
            if name_in(&r.name, &names.personnel_total) {
                Some((i, true))
            } else if name_in(&r.name, &names.public_total) {
                Some((i, false))
            } else {
                None
            }
        })
        .collect();
    // The total's terms: the top code rows, and the items printed without a code (西安 结转
    // "公安其他业务经费（内容涉密）": a secret project has no subject code), never a unit's or
    // the table's own subtotal line (a row labelled only by its unit).
    let mut top = roots.clone();
    top.extend(
        t.rows
            .iter()
            .enumerate()
            .filter(|&(i, r)| Some(i) != total_i && !has_code(r) && uncoded_item(r))
            .map(|(i, _)| i),
    );
    top.sort_unstable();
    for col in keys {
        for (&p, kids) in &children {
            let prow = &t.rows[p];
            let plen = prow.code.as_deref().map_or(0, str::len);
            let (rule, what) = match plen {
                3 => ("lei_eq_sum_of_kuan", "its 款 rows"),
                5 if kids
                    .iter()
                    .all(|&k| t.rows[k].code.as_deref().map(str::len) == Some(7)) =>
                {
                    ("kuan_eq_sum_of_xiang", "its 项 rows")
                }
                _ => ("code_eq_sum_of_children", "its child rows"),
            };
            check_sum(
                rec,
                rule,
                t,
                prow,
                col,
                &row_parts(t, kids, col),
                row_labels(t, kids),
                step,
                || format!("{what} {}", list_rows(t, kids)),
                false,
            );
        }
        if let Some(ti) = total_i.filter(|_| !roots.is_empty()) {
            check_sum(
                rec,
                "total_eq_sum_of_lei",
                t,
                &t.rows[ti],
                col,
                &row_parts(t, &top, col),
                row_labels(t, &top),
                step,
                || format!("the 类 rows {}", list_rows(t, &top)),
                false,
            );
        }
        for &(gi, personnel) in &group_totals {
            if Some(gi) == total_i {
                continue;
            }
            let members: Vec<usize> = roots
                .iter()
                .copied()
                .filter(|&i| group_of(&t.rows[i]) == Some(personnel))
                .collect();
            if members.is_empty() {
                continue;
            }
            let (rule, what) = if personnel {
                ("personnel_total_eq_sum_of_lei", "the 人员经费 类 rows")
            } else {
                ("public_total_eq_sum_of_lei", "the 公用经费 类 rows")
            };
            check_sum(
                rec,
                rule,
                t,
                &t.rows[gi],
                col,
                &row_parts(t, &members, col),
                row_labels(t, &members),
                step,
                || format!("{what} {}", list_rows(t, &members)),
                true,
            );
        }
    }
    tree
}

/// Pin a failure to one cell: when a row's column identity fails and one of its cells is
/// printed differently from what its parent row implies (parent − the other rows under it),
/// and that implied value makes the row add up, the cell is the one that is wrong.
fn localize(t: &Table, step: Decimal, rec: &mut Recorder, ids: &[RowIdentity], tree: &Tree) {
    for id in ids.iter().filter(|i| !i.passed) {
        let r = id.row;
        let Some(&p) = tree.parent.get(&r) else {
            continue;
        };
        let sibs = &tree.kids[&p];
        let row = &t.rows[r];
        let candidates =
            std::iter::once(id.total.as_str()).chain(id.parts.iter().map(|(_, k)| k.as_str()));
        for k in candidates {
            let pv = value(&t.rows[p], k);
            if pv.is_none() && sibs.iter().all(|&s| value(&t.rows[s], k).is_none()) {
                continue;
            }
            let others: Decimal = sibs
                .iter()
                .filter(|&&s| s != r)
                .filter_map(|&s| value(&t.rows[s], k))
                .sum();
            let implied = pv.unwrap_or_default() - others;
            let printed = value(row, k).unwrap_or_default();
            let tol = sum_tolerance(step, sibs.len());
            if (implied - printed).abs() <= tol {
                continue;
            }
            let v = |key: &str| {
                if key == k {
                    implied
                } else {
                    value(row, key).unwrap_or_default()
                }
            };
            let expected: Decimal = id
                .parts
                .iter()
                .map(|(neg, key)| if *neg { -v(key) } else { v(key) })
                .sum();
            if (v(&id.total) - expected).abs() > id.tolerance {
                continue;
            }
            rec.identity(Identity {
                rule: "cell_implied_by_row_and_parent",
                table: t,
                row,
                column: k,
                expected: implied,
                actual: printed,
                tolerance: tol,
                sum_of: format!(
                    "the other columns of its row and parent row {} less the other rows under it \
                     both",
                    row_label(&t.rows[p])
                ),
                terms: Vec::new(),
            });
            break;
        }
    }
}

// ------------------------------------------------------------------------------------------
// Name-only tables

/// 1/2/3 for a name printed with a "(类)"/"(款)"/"(项)" suffix.
fn suffix_level(name: &str) -> Option<u8> {
    let f = fold(name);
    [("(类)", 1), ("(款)", 2), ("(项)", 3)]
        .into_iter()
        .find(|(s, _)| f.ends_with(s))
        .map(|(_, l)| l)
}

/// Name-only rows marked "(类)/(款)/(项)": each row adds up the rows one level down that
/// follow it (until a row at its level or above); the total adds up the 类.
fn suffix_tree(t: &Table, keys: &[&str], step: Decimal, rec: &mut Recorder) -> bool {
    let levels: Vec<Option<u8>> = t.rows.iter().map(|r| suffix_level(&r.name)).collect();
    if levels.iter().flatten().count() < 2 {
        return false;
    }
    let mut groups: Vec<(usize, Vec<usize>, &str)> = Vec::new();
    for (i, l) in levels.iter().enumerate() {
        let Some(l) = *l else { continue };
        let mut kids = Vec::new();
        for (j, lj) in levels.iter().enumerate().skip(i + 1) {
            match *lj {
                Some(x) if x <= l => break,
                Some(x) if x == l + 1 => kids.push(j),
                _ => {}
            }
        }
        if !kids.is_empty() {
            let rule = if l == 1 {
                "lei_eq_sum_of_kuan"
            } else {
                "kuan_eq_sum_of_xiang"
            };
            groups.push((i, kids, rule));
        }
    }
    let lei: Vec<usize> = (0..t.rows.len())
        .filter(|&i| levels[i] == Some(1))
        .collect();
    let total_i = total_row(t);
    for col in keys {
        for (p, kids, rule) in &groups {
            check_sum(
                rec,
                rule,
                t,
                &t.rows[*p],
                col,
                &row_parts(t, kids, col),
                row_labels(t, kids),
                step,
                || format!("the rows one level down {}", list_rows(t, kids)),
                false,
            );
        }
        if let Some(ti) = total_i.filter(|_| !lei.is_empty()) {
            check_sum(
                rec,
                "total_eq_sum_of_lei",
                t,
                &t.rows[ti],
                col,
                &row_parts(t, &lei, col),
                row_labels(t, &lei),
                step,
                || format!("the 类 rows {}", list_rows(t, &lei)),
                false,
            );
        }
    }
    true
}

fn positional(t: &Table, keys: &[&str], step: Decimal, rec: &mut Recorder) {
    if suffix_tree(t, keys, step, rec) {
        return;
    }
    let names = &catalog().names;
    let total_i = total_row(t);
    let is_total = |r: &Row| name_in(&r.name, &names.total);
    let heads: Vec<usize> = t
        .rows
        .iter()
        .enumerate()
        .filter(|(i, r)| Some(*i) != total_i && name_in(&r.name, &names.class_names))
        .map(|(i, _)| i)
        .collect();
    // Class names head the rows only when the list starts with one: in a list of functional
    // names (…其他支出 is both) or of units each with its classes, they head nothing.
    let first = (0..t.rows.len()).find(|&i| {
        Some(i) != total_i && !skippable(&t.rows[i]) && !norm_name(&t.rows[i].name).is_empty()
    });
    if !heads.is_empty() && heads.first() != first.as_ref() {
        return;
    }
    if !heads.is_empty() {
        let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
        for &h in &heads {
            let kids: Vec<usize> = (h + 1..t.rows.len())
                .take_while(|&i| !heads.contains(&i) && !is_total(&t.rows[i]))
                .filter(|&i| !skippable(&t.rows[i]) && !norm_name(&t.rows[i].name).is_empty())
                .collect();
            groups.push((h, kids));
        }
        for col in keys {
            for (h, kids) in &groups {
                if kids.is_empty() {
                    continue;
                }
                check_sum(
                    rec,
                    "class_eq_sum_of_items_by_position",
                    t,
                    &t.rows[*h],
                    col,
                    &row_parts(t, kids, col),
                    row_labels(t, kids),
                    step,
                    || format!("the rows below it ({})", list_rows(t, kids)),
                    false,
                );
            }
            if let Some(ti) = total_i {
                check_sum(
                    rec,
                    "total_eq_sum_of_classes_by_position",
                    t,
                    &t.rows[ti],
                    col,
                    &row_parts(t, &heads, col),
                    row_labels(t, &heads),
                    step,
                    || format!("the class rows {}", list_rows(t, &heads)),
                    false,
                );
            }
        }
    } else if let Some(ti) = total_i.filter(|_| !names.flat_total_kinds.contains(&t.kind)) {
        nested_by_sums(t, ti, keys, step, rec);
    } else if let Some(ti) = total_i {
        let others: Vec<usize> = (0..t.rows.len())
            .filter(|&i| i != ti && !is_total(&t.rows[i]) && !skippable(&t.rows[i]))
            .collect();
        if others.is_empty() {
            return;
        }
        for col in keys {
            check_sum(
                rec,
                "total_eq_sum_of_rows",
                t,
                &t.rows[ti],
                col,
                &row_parts(t, &others, col),
                row_labels(t, &others),
                step,
                || format!("the rows {}", list_rows(t, &others)),
                false,
            );
        }
    }
}

/// Longest uncoded list whose nesting is inferred from its sums (the search recurses per row).
const MAX_NESTED_ROWS: usize = 400;

/// An uncoded list under a total with nothing else to nest it (a register: 合计, 全额, a unit,
/// 专用项目, its projects; 政府采购 A-货物 / B-工程 / C-服务 over 合计): the nesting under which
/// the total and every heading are exact sums of the rows under them in every amount column
/// ([`super::nesting::infer`]) is recorded as checks. A list with no such nesting stays
/// unverified: no sum says which cell is wrong.
fn nested_by_sums(t: &Table, ti: usize, keys: &[&str], step: Decimal, rec: &mut Recorder) {
    let rows: Vec<usize> = (0..t.rows.len())
        .filter(|&i| i != ti && !skippable(&t.rows[i]) && !norm_name(&t.rows[i].name).is_empty())
        .collect();
    // forms have checks of their own; a catalog row rule (合计 = 因公出国 + 接待 + 公务用车) already
    // names the parts
    let named_parts = catalog()
        .rows
        .iter()
        .any(|rule| rule.kinds.contains(&t.kind) && find_row(t, &rule.total).is_some());
    if rows.len() < 2 || rows.len() > MAX_NESTED_ROWS || super::forms::is_form(t) || named_parts {
        return;
    }
    let amounts = |i: usize| -> Vec<Decimal> {
        keys.iter()
            .map(|k| value(&t.rows[i], k).unwrap_or_default())
            .collect()
    };
    let values: Vec<Vec<Decimal>> = rows.iter().map(|&i| amounts(i)).collect();
    let Some((top, groups)) = super::nesting::infer(&values, &amounts(ti)) else {
        return;
    };
    let at = |idx: &[usize]| idx.iter().map(|&k| rows[k]).collect::<Vec<usize>>();
    let top = at(&top);
    let groups: Vec<(usize, Vec<usize>)> = groups
        .iter()
        .map(|(h, kids)| (rows[*h], at(kids)))
        .collect();
    for col in keys {
        check_sum(
            rec,
            "total_eq_sum_of_rows_by_nesting",
            t,
            &t.rows[ti],
            col,
            &row_parts(t, &top, col),
            row_labels(t, &top),
            step,
            || format!("the top rows {}", list_rows(t, &top)),
            false,
        );
        for (h, kids) in &groups {
            check_sum(
                rec,
                "group_eq_sum_of_rows_by_nesting",
                t,
                &t.rows[*h],
                col,
                &row_parts(t, kids, col),
                row_labels(t, kids),
                step,
                || format!("the rows printed under it {}", list_rows(t, kids)),
                false,
            );
        }
    }
}

// ------------------------------------------------------------------------------------------
// Two-sided tables (one side each)

/// Uncoded, unnumbered lines that list 类, 款 and 项 of the functional classification told
/// apart by indentation only (杭州 收支预算总表): a row below a 类 name (catalog
/// `function_class_names`), up to the next one, is that 类's 款 or 项, not a line of the total.
/// A 类 name repeated right under itself (229 其他支出 / 22999 其他支出) is its 款. Lines with
/// codes or ordinal numbers, or without a single 类 name, are kept as they are.
fn under_function_classes(t: &Table, lines: Vec<usize>) -> Vec<usize> {
    let classes = &catalog().names.function_class_names;
    let plain = |i: usize| t.rows[i].code.is_none() && ordinal_depth(&t.rows[i].name) == 0;
    if !lines.iter().all(|&i| plain(i)) || !lines.iter().any(|&i| name_in(&t.rows[i].name, classes))
    {
        return lines;
    }
    let mut kept = Vec::new();
    let mut last_class: Option<String> = None;
    for i in lines {
        let n = norm_name(&t.rows[i].name);
        if name_in(&t.rows[i].name, classes) {
            if last_class.as_deref() == Some(n.as_str()) && kept.last().is_some_and(|&k| k + 1 == i)
            {
                continue;
            }
            last_class = Some(n);
            kept.push(i);
        } else if last_class.is_none() {
            kept.push(i);
        }
    }
    kept
}

/// A line of a two-sided side that can be a term of its sums: named, not an "其中" part of the
/// line above, not the 栏次 / 行次 row.
fn side_line(r: &Row) -> bool {
    let n = norm_name(&r.name);
    !n.is_empty() && !n.starts_with("其中") && !skippable(r)
}

/// The lines of a two-sided side as printed in `col`: a numbered line left blank over numbered
/// sub-lines that carry the amounts (西安 人社 收支总表: 一、部门预算 and 1、财政拨款 blank over
/// (1)一般公共预算拨款收入 … and 2、上级补助收入 … 6、其他收入) stands for its sub-lines, the
/// rows below it (up to the next line, `end` for the last) numbered one level deeper, "其中"
/// rows left out.
fn printed_lines(t: &Table, lines: &[usize], end: usize, col: &str) -> Vec<usize> {
    let mut out = Vec::new();
    for (k, &li) in lines.iter().enumerate() {
        let r = &t.rows[li];
        let d = ordinal_depth(&r.name);
        let stop = lines.get(k + 1).copied().unwrap_or(end);
        let below: Vec<usize> = (li + 1..stop)
            .filter(|&i| {
                let x = &t.rows[i];
                side_line(x) && ordinal_depth(&x.name) > d
            })
            .collect();
        let sub = below.iter().map(|&i| ordinal_depth(&t.rows[i].name)).min();
        match sub {
            Some(sub) if d > 0 && value(r, col).is_none() => {
                let kids: Vec<usize> = below
                    .into_iter()
                    .filter(|&i| ordinal_depth(&t.rows[i].name) == sub)
                    .collect();
                out.extend(printed_lines(t, &kids, stop, col));
            }
            _ => out.push(li),
        }
    }
    out
}

fn two_sided(t: &Table, keys: &[&str], step: Decimal, rec: &mut Recorder) {
    let names = &catalog().names;
    let this_names = match t.side {
        Some(Side::Income) => &names.this_year_income,
        Some(Side::Expenditure) => &names.this_year_expenditure,
        None => return,
    };
    let Some(ty) = t.rows.iter().position(|r| name_in(&r.name, this_names)) else {
        sections_without_this_year_total(t, keys, step, rec);
        return;
    };
    let before: Vec<usize> = (0..ty)
        .filter(|&i| {
            let r = &t.rows[i];
            side_line(r) && !fold(&r.name).starts_with('(') && !name_in(&r.name, &names.total)
        })
        .collect();
    let numbered: Vec<usize> = before
        .iter()
        .copied()
        .filter(|&i| is_top_numbered(&t.rows[i].name))
        .collect();
    // Without "一、" lines, a row numbered more deeply than a row above it is that row's part
    // ("财政拨款" over "1.一般公共预算拨款" …), not a line of its own.
    let lines = if numbered.is_empty() {
        let depth = |i: usize| ordinal_depth(&t.rows[i].name);
        before
            .iter()
            .enumerate()
            .filter(|&(k, &i)| before[..k].iter().all(|&j| depth(j) >= depth(i)))
            .map(|(_, &i)| i)
            .collect()
    } else {
        numbered
    };
    let lines = under_function_classes(t, lines);
    let grand = (ty + 1..t.rows.len()).find(|&i| name_in(&t.rows[i].name, &names.grand_total));
    let mut adjustments: Vec<(usize, Vec<usize>)> = Vec::new();
    if let Some(g) = grand {
        let mut carry = false;
        for i in ty + 1..g {
            let r = &t.rows[i];
            let n = norm_name(&r.name);
            if n.is_empty() || skippable(r) {
                continue;
            }
            // an "of which" line (其中：财政拨款资金结转) is a part of the adjustment above
            // it; "上年结余、结转" over "1.财政拨款结余、结转", "2.非财政拨款结余、结转": the
            // numbered rows are its breakdown though they name a carry-over too.
            let under_last = adjustments
                .last()
                .is_some_and(|(a, _)| ordinal_depth(&r.name) > ordinal_depth(&t.rows[*a].name));
            if !under_last
                && !n.starts_with("其中")
                && names
                    .adjustment_words
                    .iter()
                    .any(|w| n.contains(w.as_str()))
            {
                carry = true;
                adjustments.push((i, Vec::new()));
            } else if carry && let Some(last) = adjustments.last_mut() {
                last.1.push(i);
            } else if !carry
                && !lines.is_empty()
                && !n.starts_with("其中")
                && !fold(&r.name).starts_with('(')
            {
                // a line of its own under a this-year total that closes the lines above it,
                // before any carry-over (烟台: 上级补助收入 / 附属单位上缴收入, 对附属单位的
                // 补助支出 / 上缴上级支出 printed between 本年收入合计 and 收入总计): it adds
                // to the grand total. (Under a total printed above its lines, 杭州 财政拨款
                // 支出表, the rows are its breakdown.)
                adjustments.push((i, Vec::new()));
            }
        }
    }
    let breakdowns = breakdowns(t, ty);
    let side_word = if t.side == Some(Side::Income) {
        "收入"
    } else {
        "支出"
    };
    for col in keys {
        if !lines.is_empty() {
            let lines = printed_lines(t, &lines, ty, col);
            check_sum(
                rec,
                "two_sided.this_year_eq_sum_of_lines",
                t,
                &t.rows[ty],
                col,
                &row_parts(t, &lines, col),
                row_labels(t, &lines),
                step,
                || format!("the {side_word} lines above it ({} lines)", lines.len()),
                false,
            );
        }
        for (parent, parts) in &breakdowns {
            if parts.iter().all(|&i| value(&t.rows[i], col).is_none()) {
                continue;
            }
            check_sum(
                rec,
                "two_sided.section_eq_sum_of_lines",
                t,
                &t.rows[*parent],
                col,
                &row_parts(t, parts, col),
                row_labels(t, parts),
                step,
                || format!("the lines under it {}", list_rows(t, parts)),
                true,
            );
        }
        if let Some(g) = grand {
            let mut idx = vec![ty];
            idx.extend(adjustments.iter().map(|(a, _)| *a));
            check_sum(
                rec,
                "two_sided.grand_total_eq_this_year_plus_carryover",
                t,
                &t.rows[g],
                col,
                &row_parts(t, &idx, col),
                row_labels(t, &idx),
                step,
                || list_rows(t, &idx),
                false,
            );
        }
        for (a, parts) in &adjustments {
            if parts.is_empty() {
                continue;
            }
            check_sum(
                rec,
                "two_sided.carryover_eq_sum_of_parts",
                t,
                &t.rows[*a],
                col,
                &row_parts(t, parts, col),
                row_labels(t, parts),
                step,
                || format!("its breakdown {}", list_rows(t, parts)),
                false,
            );
        }
    }
}

/// The lines above the this-year total (row `ty`) that are broken down by the lines printed
/// under them, numbered more deeply (一、部门预算 over 1、… over (1)…; 财政拨款 over 1.…3.):
/// (line, its parts), the parts being the shallowest of the deeper lines up to the next line
/// numbered as deeply or less; "其中" rows are no parts. The parts start on the next line, and an
/// unnumbered line has no "一、" lines as parts: unnumbered 项 lines printed between numbered
/// classes (深圳 收支总表: 一、一般公共服务支出, 培训支出, 二、社会保障和就业支出 …) are not
/// over the next class.
fn breakdowns(t: &Table, ty: usize) -> Vec<(usize, Vec<usize>)> {
    let names = &catalog().names;
    let depth = |i: usize| ordinal_depth(&t.rows[i].name);
    let mut out = Vec::new();
    for p in 0..ty {
        let r = &t.rows[p];
        if !side_line(r) || name_in(&r.name, &names.total) {
            continue;
        }
        let end = (p + 1..ty)
            .find(|&i| side_line(&t.rows[i]) && depth(i) <= depth(p))
            .unwrap_or(ty);
        let below: Vec<usize> = (p + 1..end).filter(|&i| side_line(&t.rows[i])).collect();
        let Some(top) = below.iter().map(|&i| depth(i)).min() else {
            continue;
        };
        if below[0] != p + 1 || (depth(p) == 0 && top < 2) {
            continue;
        }
        out.push((p, below.into_iter().filter(|&i| depth(i) == top).collect()));
    }
    out
}

/// A side printed as parallel lists, each a name column followed by its amount columns (西安
/// 部门综合预算收支总表: expenditure by function class | 预算数 | by department economic class |
/// 预算数 | by government economic class | 预算数, each list closing on the same 本年支出合计
/// and 支出总计): (name column key, its amount keys) per list, or none when the side has one
/// name column, as usual.
fn parallel_lists(t: &Table) -> Vec<(&str, Vec<&str>)> {
    let mut lists: Vec<(&str, Vec<&str>)> = Vec::new();
    for c in &t.columns {
        match c.unit.as_str() {
            "text" => lists.push((c.key.as_str(), Vec::new())),
            "元" => {
                if let Some((_, keys)) = lists.last_mut() {
                    keys.push(c.key.as_str());
                }
            }
            _ => {}
        }
    }
    lists.retain(|(_, keys)| !keys.is_empty());
    // the lists carry the names: rows have no name of their own but texts in each list
    let named_by_lists = t.rows.iter().all(|r| r.name.trim().is_empty())
        && lists.iter().all(|(k, _)| {
            t.rows
                .iter()
                .any(|r| r.texts.get(*k).is_some_and(|s| !s.trim().is_empty()))
        });
    if lists.len() < 2 || !named_by_lists {
        return Vec::new();
    }
    lists
}

/// The side as one of its parallel lists: each row named by that list's name column (rows keep
/// their place, origin and values, so a check points at the printed cell).
fn list_view(t: &Table, text_key: &str) -> Table {
    let mut view = t.clone();
    for r in &mut view.rows {
        r.name = r.texts.get(text_key).cloned().unwrap_or_default();
    }
    view
}

/// A side printed as numbered sections under its grand total, with no this-year total (杭州
/// 财政拨款收支预算总表: 一、财政拨款 over 一般公共预算 / 政府性基金预算 / 国有资本经营预算,
/// 二、上年结转结余 over the same three, 收入总计): the grand total is the sum of the sections,
/// and a section with an amount is the sum of the lines printed under it (unnumbered or numbered
/// more deeply; "其中" lines left out) when any of them carries one.
fn sections_without_this_year_total(t: &Table, keys: &[&str], step: Decimal, rec: &mut Recorder) {
    let names = &catalog().names;
    let Some(g) = t
        .rows
        .iter()
        .position(|r| name_in(&r.name, &names.grand_total))
    else {
        return;
    };
    let sections: Vec<usize> = (0..g)
        .filter(|&i| is_top_numbered(&t.rows[i].name) && !skippable(&t.rows[i]))
        .collect();
    if sections.len() < 2 {
        return;
    }
    for col in keys {
        let lines = printed_lines(t, &sections, g, col);
        check_sum(
            rec,
            "two_sided.grand_total_eq_sum_of_sections",
            t,
            &t.rows[g],
            col,
            &row_parts(t, &lines, col),
            row_labels(t, &lines),
            step,
            || list_rows(t, &lines),
            false,
        );
        for (k, &s) in sections.iter().enumerate() {
            if value(&t.rows[s], col).is_none() {
                continue;
            }
            let stop = sections.get(k + 1).copied().unwrap_or(g);
            let below: Vec<usize> = (s + 1..stop).filter(|&i| side_line(&t.rows[i])).collect();
            // the shallowest lines under the section are its parts (unnumbered lines count as
            // the shallowest: they are not a breakdown of a numbered line above them)
            let depth = |i: usize| ordinal_depth(&t.rows[i].name);
            let Some(top) = below.iter().map(|&i| depth(i)).min() else {
                continue;
            };
            let parts: Vec<usize> = below.into_iter().filter(|&i| depth(i) == top).collect();
            if parts.iter().all(|&i| value(&t.rows[i], col).is_none()) {
                continue;
            }
            check_sum(
                rec,
                "two_sided.section_eq_sum_of_lines",
                t,
                &t.rows[s],
                col,
                &row_parts(t, &parts, col),
                row_labels(t, &parts),
                step,
                || format!("the lines under it {}", list_rows(t, &parts)),
                false,
            );
        }
    }
}

// ------------------------------------------------------------------------------------------
// Named rows

fn row_rules(t: &Table, keys: &[&str], step: Decimal, rec: &mut Recorder) {
    for rule in &catalog().rows {
        if !rule.kinds.contains(&t.kind) {
            continue;
        }
        let Some(ti) = find_row(t, &rule.total) else {
            continue;
        };
        let parts: Vec<usize> = rule
            .parts
            .iter()
            .filter_map(|p| find_row(t, p))
            .filter(|&i| i != ti)
            .collect();
        if parts.len() < 2 {
            continue;
        }
        // Counts (vehicles, pieces of equipment) are exact: no rounding allowance.
        let counted = t.rows[ti]
            .texts
            .get("value_unit")
            .is_some_and(|u| u == "count");
        let step = if counted { Decimal::ZERO } else { step };
        for col in keys {
            check_sum(
                rec,
                &rule.id,
                t,
                &t.rows[ti],
                col,
                &row_parts(t, &parts, col),
                row_labels(t, &parts),
                step,
                || format!("the rows {}", list_rows(t, &parts)),
                false,
            );
        }
    }
}
