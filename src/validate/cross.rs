//! Cross-table identities (catalog `[[cross]]`): Σ left = Σ right, for whichever tables the
//! report has. A rule whose tables are absent is not run; a rule whose cells are all blank is
//! not run either. The check sits at the (first) left cell.

use super::catalog::catalog;
use super::tolerance::{self, sum_tolerance};
use super::view::{
    Cell, find_column, is_top_numbered, norm_name, resolve_sum, row_label, table_id,
    tables_with_id, value,
};
use super::{Recorder, severity, where_};
use crate::record::{Check, Problem, Row, Severity, Table};

/// Row text naming the unit a row of a 分单位 table belongs to (catalog/columns.toml).
const UNIT_NAME: &str = "unit_name";
use rust_decimal::Decimal;

fn describe(cells: &[Cell<'_>]) -> String {
    cells
        .iter()
        .map(|c| {
            format!(
                "{} row {} column {} ({})",
                table_id(c.table),
                c.row_label(),
                c.column,
                c.value
                    .map(|v| tolerance::show(v, c.table.unit.as_deref()))
                    .unwrap_or_else(|| "blank".into())
            )
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

fn joined<T: AsRef<str>>(items: impl Iterator<Item = T>) -> String {
    let mut v: Vec<String> = Vec::new();
    for s in items {
        let s = s.as_ref().to_string();
        if !v.contains(&s) {
            v.push(s);
        }
    }
    v.join(" + ")
}

pub fn check(tables: &[crate::record::Table], rec: &mut Recorder) {
    rules(tables, rec);
    lines(tables, rec);
    register_projects(tables, rec);
}

/// A 绩效目标 register's project (performance.project_target, part "project") against the
/// project table of the same report: its `fund_total` = the `total` of the one row of
/// budget.project_expenditure with the same name (广州/深圳 "重点项目绩效目标情况如下：" list
/// projects of 表9 部门预算项目支出及其他支出预算表). Names printed more than once there (科研经费
/// of several hospitals) are not checked.
fn register_projects(tables: &[Table], rec: &mut Recorder) {
    const RULE: &str = "cross.register_project_total";
    let Some(pt) = tables_with_id(tables, "budget.project_expenditure").find(|t| !t.no_data) else {
        return;
    };
    for reg in tables_with_id(tables, "performance.project_target") {
        let step = tolerance::step(reg).max(tolerance::step(pt));
        for p in reg
            .rows
            .iter()
            .filter(|r| r.texts.get("part").is_some_and(|x| x == "project"))
        {
            let Some(actual) = value(p, "fund_total") else {
                continue;
            };
            let n = norm_name(&p.name);
            let mut same = pt.rows.iter().filter(|r| norm_name(&r.name) == n);
            let (Some(row), None) = (same.next(), same.next()) else {
                continue;
            };
            let Some(expected) = value(row, "total") else {
                continue;
            };
            let tid = table_id(reg);
            let label = row_label(p);
            let unit = reg.unit.as_deref();
            let check = Check::equality(
                RULE,
                (tid.clone(), label.clone(), "fund_total".into()),
                expected,
                actual,
                step,
            );
            let failure = (!check.passed).then(|| {
                Problem::warning(
                    "cross_check_failed",
                    format!(
                        "{tid} project {label} fund_total is {} but {} row {label} column total is \
                         {}: off by {}, more than the {} rounding allowance (rule {RULE})",
                        tolerance::show(actual, unit),
                        table_id(pt),
                        tolerance::show(expected, pt.unit.as_deref()),
                        tolerance::show((actual - expected).abs(), unit),
                        tolerance::show(step, unit),
                    ),
                    where_(&tid, &label, "fund_total"),
                )
            });
            rec.push(check, failure);
        }
    }
}

/// `[[cross_lines]]`: a two-sided table's function lines against the 类 rows of a coded table.
fn lines(tables: &[Table], rec: &mut Recorder) {
    for rule in &catalog().cross_lines {
        let Some(lt) = tables_with_id(tables, &rule.lines).next() else {
            continue;
        };
        let Some(ct) = tables_with_id(tables, &rule.classes).find(|t| !t.no_data) else {
            continue;
        };
        let (Some(lc), Some(cc)) = (
            find_column(lt, &rule.lines_column),
            find_column(ct, &rule.classes_column),
        ) else {
            continue;
        };
        let step = tolerance::step(lt).max(tolerance::step(ct));
        for line in lt.rows.iter().filter(|r| is_top_numbered(&r.name)) {
            let n = norm_name(&line.name);
            let classes = class_rows(ct, &n, cc, step);
            let Some(&class) = classes.first() else {
                continue;
            };
            let lv = value(line, lc);
            let cvs: Vec<Decimal> = classes.iter().filter_map(|r| value(r, cc)).collect();
            if lv.is_none() && cvs.is_empty() {
                continue;
            }
            let (actual, expected) = (lv.unwrap_or_default(), cvs.iter().sum::<Decimal>());
            let tol = sum_tolerance(step, cvs.len().saturating_sub(1));
            let tid = table_id(lt);
            let row = row_label(line);
            let unit = lt.unit.as_deref();
            let check = Check::equality(
                rule.id.clone(),
                (tid.clone(), row.clone(), lc.to_string()),
                expected,
                actual,
                tol,
            );
            let failure = (!check.passed).then(|| {
                Problem::error(
                    "cross_check_failed",
                    format!(
                        "{tid} line {row} column {lc} is {} but {} row {} ({}) column {cc} is {}{}: \
                         off by {}, more than the {} rounding allowance (rule {})",
                        tolerance::show(actual, unit),
                        table_id(ct),
                        row_label(class),
                        class.name.trim(),
                        tolerance::show(expected, ct.unit.as_deref()),
                        if classes.len() > 1 {
                            format!(" summed over its {} unit sections", classes.len())
                        } else {
                            String::new()
                        },
                        tolerance::show((actual - expected).abs(), unit),
                        tolerance::show(tol, unit),
                        rule.id
                    ),
                    where_(&tid, &row, lc),
                )
            });
            rec.push(check, failure);
        }
    }
}

/// The 类 rows named `n` that make up the department's figure. A table listed per unit (a
/// 预算单位 row heading each unit's code tree) repeats the 类 under every unit: the department's
/// figure is their sum, unless the first unit row is the department's own (it adds up the unit
/// rows after it) and carries the 类 rows itself.
fn class_rows<'a>(ct: &'a Table, n: &str, col: &str, step: Decimal) -> Vec<&'a Row> {
    let is_class =
        |r: &Row| r.code.as_deref().is_some_and(|c| c.len() == 3) && norm_name(&r.name) == n;
    let matches: Vec<usize> = (0..ct.rows.len())
        .filter(|&i| is_class(&ct.rows[i]))
        .collect();
    let units: Vec<usize> = (0..ct.rows.len())
        .filter(|&i| ct.rows[i].code.is_none() && ct.rows[i].texts.contains_key(UNIT_NAME))
        .collect();
    let first_only = || matches.first().map(|&i| &ct.rows[i]).into_iter().collect();
    if matches.len() < 2 {
        return first_only();
    }
    // every match in a unit section of its own, else the repeats are not per unit
    let section = |i: usize| units.iter().rposition(|&u| u < i);
    let mut sections: Vec<Option<usize>> = matches.iter().map(|&i| section(i)).collect();
    sections.dedup();
    if sections.len() != matches.len() || sections.contains(&None) {
        return first_only();
    }
    let department_first = units.len() > 2 && {
        let others: Decimal = units[1..]
            .iter()
            .filter_map(|&u| value(&ct.rows[u], col))
            .sum();
        value(&ct.rows[units[0]], col)
            .is_some_and(|v| (v - others).abs() <= sum_tolerance(step, units.len() - 2))
    };
    if department_first && sections[0] == Some(0) {
        return first_only();
    }
    matches.iter().map(|&i| &ct.rows[i]).collect()
}

fn rules(tables: &[Table], rec: &mut Recorder) {
    for rule in &catalog().cross {
        if rule
            .unless
            .iter()
            .any(|id| tables_with_id(tables, id).any(|t| !t.no_data))
        {
            continue;
        }
        let Some(left) = resolve_sum(tables, &rule.left) else {
            continue;
        };
        let Some(right) = resolve_sum(tables, &rule.right) else {
            continue;
        };
        if left.iter().chain(right.iter()).all(|c| c.value.is_none()) {
            continue;
        }
        let sum = |cells: &[Cell<'_>]| -> Decimal { cells.iter().filter_map(|c| c.value).sum() };
        let actual = sum(&left);
        let expected = sum(&right);
        let step = left
            .iter()
            .chain(right.iter())
            .map(|c| tolerance::step(c.table))
            .max()
            .unwrap_or_default();
        let terms = left
            .iter()
            .chain(right.iter())
            .filter(|c| c.value.is_some())
            .count();
        let tol = sum_tolerance(step, terms.saturating_sub(1));
        let diff = (actual - expected).abs();
        let tid = joined(left.iter().map(|c| table_id(c.table)));
        let row = joined(left.iter().map(|c| c.row_label()));
        let column = joined(left.iter().map(|c| c.column.clone()));
        let unit = left[0].table.unit.as_deref();
        // Every printed cell on the checked side: any of them may be the wrong one.
        let terms = if left.len() > 1 {
            left.iter().map(|c| c.row_label()).collect()
        } else {
            Vec::new()
        };
        let check = Check::equality(
            rule.id.clone(),
            (tid.clone(), row.clone(), column.clone()),
            expected,
            actual,
            tol,
        )
        .with_terms(terms);
        let failure = (!check.passed).then(|| {
            let msg = format!(
                "{} = {} but {} = {}: off by {}, more than the {} rounding allowance (rule {})",
                describe(&left),
                tolerance::show(actual, unit),
                describe(&right),
                tolerance::show(expected, unit),
                tolerance::show(diff, unit),
                tolerance::show(tol, unit),
                rule.id
            );
            let w = where_(&tid, &row, &column);
            match severity(rule.severity.as_deref()) {
                Severity::Error => Problem::error("cross_check_failed", msg, w),
                Severity::Warning => Problem::warning("cross_check_failed", msg, w),
            }
        });
        rec.push(check, failure);
    }
}
