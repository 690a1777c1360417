//! Checks of performance forms (`performance.*`, rows with `texts.part`, see src/find/form.rs):
//! 得分 ≤ 分值 per indicator, Σ 得分 = the printed total score, 执行率 = 执行数 / 预算数 to the
//! printed precision, a form's 资金总额 line = Σ its source lines (财政拨款, 其他资金 …), and the
//! project register's 合计 / 资金使用单位 lines = Σ their projects.
//! Words are in catalog/validate.toml `[forms]`.

use super::catalog::catalog;
use super::tolerance::{half_last_digit, percent_tolerance, step, sum_tolerance};
use super::view::{name_in, norm_name, row_label, table_id, value};
use super::where_;
use super::{Identity, Recorder};
use crate::normalize::number::first_number;
use crate::record::{Check, Problem, Row, Table};
use rust_decimal::Decimal;

fn part(r: &Row) -> &str {
    r.texts.get("part").map_or("", String::as_str)
}

/// Whether the table is a performance form (checked by [`check_form`], not as a grid of sums).
pub fn is_form(t: &Table) -> bool {
    t.kind.starts_with("performance.")
}

pub fn check_form(t: &Table, rec: &mut Recorder) {
    if !is_form(t) {
        return;
    }
    score_le_weight(t, rec);
    total_score(t, rec);
    execution_rate(t, rec);
    fund_total(t, rec);
    register_lines(t, rec);
}

/// A fund table's 资金总额 = Σ the fund lines under it (其中：中央 / 省级 / 市级资金, 其他资金 …), in
/// every amount column: in each run of fund lines, a first line named as a total sums the lines
/// after it (up to the next total), else a last line named as a total (001 整体自评表: 上级资金 |
/// 本级资金 | 其他资金 | 合计) sums the lines before it (validate.toml [forms] fund_total; a
/// trailing colon and a side word as in "实施期资金总额:" are printed around the same name).
/// Columns where no source line prints an amount are not checked (a form printing only the
/// total).
fn fund_total(t: &Table, rec: &mut Recorder) {
    let Some(words) = catalog().forms.as_ref() else {
        return;
    };
    let keys: Vec<&str> = t
        .columns
        .iter()
        .filter(|c| c.unit == "元")
        .map(|c| c.key.as_str())
        .collect();
    let is_total = |r: &Row| {
        let n = norm_name(&r.name);
        let n = n.trim_end_matches(':');
        words.fund_total.iter().any(|w| norm_name(w) == n)
    };
    let st = step(t);
    let mut check = |total: &Row, parts: &[&Row]| {
        for k in &keys {
            let Some(actual) = value(total, k) else {
                continue;
            };
            let terms: Vec<&Row> = parts
                .iter()
                .copied()
                .filter(|r| value(r, k).is_some())
                .collect();
            if terms.is_empty() {
                continue;
            }
            rec.identity(Identity {
                rule: "form.fund_total",
                table: t,
                row: total,
                column: k,
                expected: terms.iter().filter_map(|r| value(r, k)).sum(),
                actual,
                tolerance: sum_tolerance(st, terms.len()),
                sum_of: format!("its {} source lines", terms.len()),
                terms: terms.iter().map(|r| row_label(r)).collect(),
            });
        }
    };
    let mut i = 0;
    while i < t.rows.len() {
        if part(&t.rows[i]) != "fund" {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < t.rows.len() && part(&t.rows[end]) == "fund" {
            end += 1;
        }
        let run: Vec<&Row> = t.rows[i..end].iter().collect();
        // a line followed by "其中：…" lines is their total, whatever its name ("年度金额")
        let of_which = |r: &Row| norm_name(&r.name).starts_with("其中");
        if run.len() >= 3 && !is_total(run[0]) && of_which(run[1]) {
            let same: Vec<&Row> = run[1..]
                .iter()
                .copied()
                .take_while(|r| {
                    r.texts.get("section") == run[0].texts.get("section") && !is_total(r)
                })
                .collect();
            check(run[0], &same);
        } else if is_total(run[0]) {
            let mut a = 0;
            while a < run.len() {
                let b = (a + 1..run.len())
                    .find(|&b| is_total(run[b]))
                    .unwrap_or(run.len());
                if is_total(run[a]) {
                    check(run[a], &run[a + 1..b]);
                }
                a = b;
            }
        } else if let Some((last, parts)) = run.split_last()
            && is_total(last)
            && !parts.iter().any(|r| is_total(r))
        {
            check(last, parts);
        }
        i = end;
    }
}

/// 得分 ≤ 分值 on every indicator and fund line that prints both.
fn score_le_weight(t: &Table, rec: &mut Recorder) {
    let tid = table_id(t);
    for r in t
        .rows
        .iter()
        .filter(|r| matches!(part(r), "indicator" | "fund"))
    {
        let (Some(score), Some(weight)) = (value(r, "score"), value(r, "weight")) else {
            continue;
        };
        let passed = score <= weight;
        let row = row_label(r);
        let failure = (!passed).then(|| {
            Problem::error(
                "check_failed",
                format!(
                    "{tid}: row {row}, column score is {score} but its 分值 (weight) is {weight}: \
                     a score above its weight (rule form.score_le_weight; {})",
                    r.origin
                ),
                where_(&tid, &row, "score"),
            )
        });
        rec.push(
            Check {
                rule: "form.score_le_weight".into(),
                table: tid.clone(),
                row,
                column: "score".into(),
                expected: weight,
                actual: score,
                tolerance: Decimal::ZERO,
                passed,
                terms: vec!["weight".into()],
            },
            failure,
        );
    }
}

/// Record a check on a score or a percentage (not an amount: shown as printed numbers).
#[allow(clippy::too_many_arguments)]
fn value_check(
    rec: &mut Recorder,
    rule: &str,
    t: &Table,
    r: &Row,
    column: &str,
    expected: Decimal,
    actual: Decimal,
    tolerance: Decimal,
    passed: bool,
    what: &str,
    terms: Vec<String>,
) {
    let tid = table_id(t);
    let row = row_label(r);
    let failure = (!passed).then(|| {
        Problem::error(
            "check_failed",
            format!(
                "{tid}: row {row}, column {column} is {actual} but {what} gives {}: off by {}, \
                 more than the {tolerance} rounding allowance (rule {rule}; {})",
                expected.round_dp(4).normalize(),
                (actual - expected).abs().round_dp(4).normalize(),
                r.origin
            ),
            where_(&tid, &row, column),
        )
    });
    rec.push(
        Check {
            rule: rule.into(),
            table: tid.clone(),
            row,
            column: column.into(),
            expected,
            actual,
            tolerance,
            passed,
            terms,
        },
        failure,
    );
}

/// The total score as printed on the form's 总分 line: its score column, else the last number
/// printed on the line.
fn printed_total(r: &Row) -> Option<Decimal> {
    printed_total_weight(r).1
}

/// The (total weight, total score) printed on a 总分 line: "总分 | 100 | 90.00分" → (100, 90).
fn printed_total_weight(r: &Row) -> (Option<Decimal>, Option<Decimal>) {
    if let Some(v) = value(r, "score") {
        return (value(r, "weight"), Some(v));
    }
    let nums: Vec<Decimal> = r
        .texts
        .iter()
        .filter(|(k, _)| k.as_str() == "value" || k.starts_with("col"))
        .filter_map(|(_, t)| first_number(t))
        .collect();
    match nums.as_slice() {
        [.., w, s] => (Some(*w), Some(*s)),
        [s] => (None, Some(*s)),
        [] => (None, None),
    }
}

/// The form's total score line (catalog [forms] total_score: 总分, 综合得分 …).
fn total_score_row(t: &Table) -> Option<&Row> {
    let words = catalog().forms.as_ref()?;
    t.rows.iter().find(|r| {
        let n = norm_name(&r.name);
        words
            .total_score
            .iter()
            .any(|w| n.starts_with(&norm_name(w)))
    })
}

/// Σ 得分 of the indicator and fund lines = the printed total score.
fn total_score(t: &Table, rec: &mut Recorder) {
    // the funds are scored once, on their first line (年度资金总额): a 其中 line may repeat it
    let fund = t
        .rows
        .iter()
        .find(|r| part(r) == "fund" && value(r, "score").is_some());
    let (total_weight, _) = total_score_row(t).map_or((None, None), printed_total_weight);
    // the total leaves the funds out where its printed weight is that of the indicators alone
    // (西安: 总分 | 90 | 90 under a fund line scored out of 10)
    let ind_weight: Decimal = t
        .rows
        .iter()
        .filter(|r| part(r) == "indicator")
        .filter_map(|r| value(r, "weight"))
        .sum();
    let fund_score = fund.and_then(|r| value(r, "score"));
    let fund = fund.filter(|_| total_weight != Some(ind_weight));
    let fund_counted = fund.is_some();
    // an 一级 line with no 三级 lines under it (晋中: 社会公众或服务对象满意度 | 5 | 5) is scored
    // on its own line
    let leaf_subtotal = |i: usize| {
        part(&t.rows[i]) == "subtotal"
            && !t.rows[i + 1..]
                .iter()
                .take_while(|r| part(r) != "subtotal")
                .any(|r| part(r) == "indicator")
    };
    let scored: Vec<&Row> = fund
        .into_iter()
        .chain(
            t.rows
                .iter()
                .enumerate()
                .filter(|&(i, r)| part(r) == "indicator" || leaf_subtotal(i))
                .map(|(_, r)| r)
                .filter(|r| value(r, "score").is_some()),
        )
        .collect();
    if !scored.iter().any(|r| part(r) == "indicator") {
        return;
    }
    let Some(total) = total_score_row(t) else {
        return;
    };
    let Some(actual) = printed_total(total) else {
        return;
    };
    let expected: Decimal = scored.iter().filter_map(|r| value(r, "score")).sum();
    // whole scores add up exactly; scores printed with decimals each carry half a last digit
    let decimals = scored
        .iter()
        .filter_map(|r| value(r, "score"))
        .chain([actual])
        .map(|d| d.normalize().scale())
        .max()
        .unwrap_or(0);
    let fractional = scored
        .iter()
        .filter(|r| value(r, "score").is_some_and(|d| d.normalize().scale() > 0))
        .count();
    let tolerance = if decimals == 0 {
        Decimal::ZERO
    } else {
        half_last_digit(decimals) * Decimal::from(fractional.max(1))
    };
    // the weights do not always tell (西安 总分 | 90 | 93 over a fund line scored 10): a total
    // that adds up the other way, with or without the fund line, is accepted too
    let other = fund_score.map(|f| {
        if fund_counted {
            expected - f
        } else {
            expected + f
        }
    });
    let expected = match other {
        Some(o) if (actual - expected).abs() > tolerance && (actual - o).abs() <= tolerance => o,
        _ => expected,
    };
    value_check(
        rec,
        "form.total_score",
        t,
        total,
        "score",
        expected,
        actual,
        tolerance,
        (actual - expected).abs() <= tolerance,
        &format!(
            "the sum of the scores of its {} indicator and fund lines",
            scored.len()
        ),
        scored.iter().map(|r| row_label(r)).collect(),
    );
}

/// 执行率 = 全年执行数 / 全年预算数 × 100 (else / 年初预算数), to the printed precision.
fn execution_rate(t: &Table, rec: &mut Recorder) {
    let Some(words) = catalog().forms.as_ref() else {
        return;
    };
    let half = step(t) / Decimal::from(2);
    for r in t.rows.iter().filter(|r| part(r) == "fund") {
        let (Some(rate), Some(executed)) = (value(r, "execution_rate"), value(r, "executed"))
        else {
            continue;
        };
        let Some((bkey, budget)) = words
            .rate_budget
            .iter()
            .find_map(|k| value(r, k).map(|v| (k.as_str(), v)))
        else {
            continue;
        };
        if budget.is_zero() {
            continue;
        }
        let expected = (executed / budget * Decimal::from(100)).round_dp(6);
        let decimals = r
            .texts
            .get("execution_rate")
            .map(|s| super::tolerance::printed_decimals(s))
            .unwrap_or_else(|| rate.normalize().scale());
        let tolerance = percent_tolerance(decimals, executed, budget, half, half);
        // printed rounded, or cut to the printed decimals (99.9994% printed 99.99%)
        let passed = (rate - expected).abs() <= tolerance
            || expected.trunc_with_scale(decimals) == rate.trunc_with_scale(decimals);
        value_check(
            rec,
            "form.execution_rate",
            t,
            r,
            "execution_rate",
            expected,
            rate,
            tolerance,
            passed,
            &format!("executed / {bkey} × 100"),
            vec!["executed".into(), bkey.into()],
        );
    }
}

/// A register's 合计 = Σ its 资金使用单位 lines (or Σ projects when none), and each 资金使用单位
/// line = Σ the projects under it, in every fund column.
fn register_lines(t: &Table, rec: &mut Recorder) {
    let keys: Vec<&str> = t
        .columns
        .iter()
        .filter(|c| c.unit == "元")
        .map(|c| c.key.as_str())
        .collect();
    let lines: Vec<&Row> = t
        .rows
        .iter()
        .filter(|r| matches!(part(r), "group" | "project"))
        .collect();
    if !lines.iter().any(|r| part(r) == "project") {
        return;
    }
    let totals = &catalog().names.total;
    let is_total = |r: &Row| part(r) == "group" && name_in(&r.name, totals);
    let groups: Vec<usize> = (0..lines.len())
        .filter(|&i| part(lines[i]) == "group" && !is_total(lines[i]))
        .collect();
    let st = step(t);
    let mut sum_check = |rule: &str, total: &Row, parts: &[&Row], what: &str| {
        for k in &keys {
            let Some(actual) = value(total, k) else {
                continue;
            };
            let vals: Vec<Decimal> = parts.iter().filter_map(|r| value(r, k)).collect();
            if vals.is_empty() {
                continue;
            }
            rec.identity(Identity {
                rule,
                table: t,
                row: total,
                column: k,
                expected: vals.iter().copied().sum(),
                actual,
                tolerance: sum_tolerance(st, vals.len()),
                sum_of: format!("its {} {what}", parts.len()),
                terms: parts.iter().map(|r| row_label(r)).collect(),
            });
        }
    };
    if let Some(total) = lines.iter().find(|r| is_total(r)) {
        let parts: Vec<&Row> = if groups.is_empty() {
            lines
                .iter()
                .copied()
                .filter(|r| part(r) == "project")
                .collect()
        } else {
            groups.iter().map(|&i| lines[i]).collect()
        };
        let what = if groups.is_empty() {
            "projects"
        } else {
            "unit lines"
        };
        sum_check("form.register_total", total, &parts, what);
    }
    for (n, &g) in groups.iter().enumerate() {
        let end = groups.get(n + 1).copied().unwrap_or(lines.len());
        let parts: Vec<&Row> = lines[g + 1..end]
            .iter()
            .copied()
            .filter(|r| part(r) == "project")
            .collect();
        if !parts.is_empty() {
            sum_check("form.register_group", lines[g], &parts, "projects");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Column, Location};
    use indexmap::IndexMap;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn row(name: &str, part: &str, vals: &[(&str, &str)], texts: &[(&str, &str)]) -> Row {
        let mut t = IndexMap::new();
        t.insert("part".to_string(), part.to_string());
        for (k, v) in texts {
            t.insert(k.to_string(), v.to_string());
        }
        Row {
            code: None,
            name: name.into(),
            level: None,
            parent: None,
            line: None,
            values: vals
                .iter()
                .map(|(k, v)| (k.to_string(), Some(d(v))))
                .collect(),
            texts: t,
            origin: "page 1".into(),
        }
    }

    fn table(kind: &str, columns: &[(&str, &str)], rows: Vec<Row>) -> Table {
        Table {
            id: String::new(),
            kind: kind.into(),
            title: String::new(),
            label: None,
            side: None,
            unit: Some("万元".into()),
            location: Location::Pages { pages: vec![1] },
            columns: columns
                .iter()
                .map(|(k, u)| Column {
                    key: k.to_string(),
                    header: k.to_string(),
                    unit: u.to_string(),
                })
                .collect(),
            rows,
            no_data: false,
        }
    }

    fn failed(rec: &Recorder, rule: &str) -> Vec<String> {
        rec.checks
            .iter()
            .filter(|c| c.rule == rule && !c.passed)
            .map(|c| format!("{}/{}", c.row, c.column))
            .collect()
    }

    #[test]
    fn scores_and_total() {
        // 宁德 部门整体绩效自评表 (cut down): fund score 7 + indicator scores = 总分
        let rows = vec![
            row("合计", "fund", &[("weight", "10"), ("score", "7")], &[]),
            row(
                "“三公”经费控制率",
                "indicator",
                &[("weight", "2"), ("score", "2")],
                &[],
            ),
            row(
                "市政府常务会议场次",
                "indicator",
                &[("weight", "2"), ("score", "1.33")],
                &[],
            ),
            row(
                "每日实现热线服务小时数",
                "indicator",
                &[("weight", "30"), ("score", "30")],
                &[],
            ),
            row(
                "物业考评合格率",
                "indicator",
                &[("weight", "5"), ("score", "52")],
                &[],
            ),
            row("总分值、评价总分(S)", "field", &[], &[("value", "45.33")]),
        ];
        let t = table("performance.overall_self_eval", &[("score", "score")], rows);
        let mut rec = Recorder::default();
        check_form(&t, &mut rec);
        // a score of 52 for a weight of 5 (planted) fails at its cell, and the total with it
        assert_eq!(
            failed(&rec, "form.score_le_weight"),
            ["物业考评合格率/score"]
        );
        assert_eq!(failed(&rec, "form.total_score").len(), 1);
        let mut t = t;
        t.rows[4].values.insert("score".into(), Some(d("5")));
        let mut rec = Recorder::default();
        check_form(&t, &mut rec);
        assert!(rec.checks.iter().all(|c| c.passed), "{:?}", rec.problems);
        assert_eq!(
            rec.checks
                .iter()
                .filter(|c| c.rule == "form.total_score")
                .count(),
            1
        );
        // "总分 | 100 | 90.00分": the last number on the line is the score
        let r = row(
            "总分",
            "other",
            &[],
            &[("col2", "100"), ("col3", "90.00分")],
        );
        assert_eq!(printed_total(&r), Some(d("90")));
        // 西安: 总分 | 90 | 90 is the indicators' total, the fund line scored apart
        let rows = vec![
            row(
                "年度资金总额",
                "fund",
                &[("weight", "10"), ("score", "9.98")],
                &[],
            ),
            row(
                "惠及中职学生",
                "indicator",
                &[("weight", "60"), ("score", "60")],
                &[],
            ),
            row(
                "受助家庭满意度",
                "indicator",
                &[("weight", "30"), ("score", "30")],
                &[],
            ),
            row("总分", "other", &[], &[("col8", "90"), ("col9", "90")]),
        ];
        let t = table("performance.project_self_eval", &[("score", "score")], rows);
        let mut rec = Recorder::default();
        check_form(&t, &mut rec);
        assert!(rec.checks.iter().all(|c| c.passed), "{:?}", rec.problems);
        assert_eq!(
            rec.checks
                .iter()
                .filter(|c| c.rule == "form.total_score")
                .count(),
            1
        );
    }

    #[test]
    fn execution_rate_to_printed_precision() {
        let rows = vec![
            row(
                "年度资金总额",
                "fund",
                &[
                    ("full_year_budget", "125000"),
                    ("executed", "100000"),
                    ("execution_rate", "80"),
                ],
                &[],
            ),
            row(
                "其中：当年财政拨款",
                "fund",
                &[
                    ("full_year_budget", "30000"),
                    ("executed", "10000"),
                    ("execution_rate", "33.33"),
                ],
                &[],
            ),
            row(
                "上年结转资金",
                "fund",
                &[
                    ("full_year_budget", "30000"),
                    ("executed", "10000"),
                    ("execution_rate", "35.33"),
                ],
                &[],
            ),
        ];
        let t = table(
            "performance.project_self_eval",
            &[
                ("full_year_budget", "元"),
                ("executed", "元"),
                ("execution_rate", "%"),
            ],
            rows,
        );
        let mut rec = Recorder::default();
        check_form(&t, &mut rec);
        assert_eq!(
            failed(&rec, "form.execution_rate"),
            ["上年结转资金/execution_rate"]
        );
        assert_eq!(
            rec.checks
                .iter()
                .filter(|c| c.rule == "form.execution_rate")
                .count(),
            3
        );
    }

    #[test]
    fn register_total_and_unit_lines() {
        let f = |n: &str, p: &str, v: &str| row(n, p, &[("fund_total", v)], &[]);
        let rows = vec![
            f("合计", "group", "862466400"),
            f("广州市政务服务和数据管理局", "group", "15305000"),
            f("穗智管运营服务项目", "project", "13914700"),
            f("政务信息化项目管理经费", "project", "1390400"),
            f("广州市政务服务中心", "group", "847161400"),
            f("市政务服务中心其他运行经费", "project", "847161300"),
        ];
        let t = table("performance.project_target", &[("fund_total", "元")], rows);
        let mut rec = Recorder::default();
        check_form(&t, &mut rec);
        // within 0.01 万元 per line of rounding
        assert!(rec.checks.iter().all(|c| c.passed), "{:?}", rec.problems);
        assert_eq!(rec.checks.len(), 3);
        let mut t = t;
        t.rows[3]
            .values
            .insert("fund_total".into(), Some(d("1490400")));
        let mut rec = Recorder::default();
        check_form(&t, &mut rec);
        assert_eq!(
            failed(&rec, "form.register_group"),
            ["广州市政务服务和数据管理局/fund_total"]
        );
    }

    #[test]
    fn fund_total_first_or_last() {
        let f = |n: &str, a: &str, b: &str| {
            row(
                n,
                "fund",
                &[("period_amount", a), ("annual_amount", b)],
                &[],
            )
        };
        // 阳泉 目标表: the total first, per side; 昌吉 整体自评表: 合计 printed last
        let rows = vec![
            f("资金总额", "50000", "50000"),
            f("其中:中央财政资金", "0", "0"),
            f("市县(区)财政资金", "50000", "50000"),
            row("工作任务", "other", &[], &[]),
            f("上级资金", "123456", "200000"),
            f("本级资金", "654321", "60000"),
            f("合计", "777777", "260000"),
        ];
        let cols = [("period_amount", "元"), ("annual_amount", "元")];
        let t = table("performance.project_target", &cols, rows);
        let mut rec = Recorder::default();
        check_form(&t, &mut rec);
        let fund: Vec<_> = rec
            .checks
            .iter()
            .filter(|c| c.rule == "form.fund_total")
            .collect();
        assert_eq!(fund.len(), 4);
        assert!(fund.iter().all(|c| c.passed), "{:?}", rec.problems);
        let mut t = t;
        t.rows[2]
            .values
            .insert("annual_amount".into(), Some(d("40000")));
        t.rows[6]
            .values
            .insert("period_amount".into(), Some(d("787777")));
        let mut rec = Recorder::default();
        check_form(&t, &mut rec);
        assert_eq!(
            failed(&rec, "form.fund_total"),
            ["资金总额/annual_amount", "合计/period_amount"]
        );
    }

    #[test]
    fn register_projects_match_the_project_table() {
        let reg = table(
            "performance.project_target",
            &[("fund_total", "元")],
            vec![
                row(
                    "云客服服务外包项目",
                    "project",
                    &[("fund_total", "2522800")],
                    &[],
                ),
                row("科研经费", "project", &[("fund_total", "200000")], &[]),
            ],
        );
        let pt = table(
            "budget.project_expenditure",
            &[("total", "元")],
            vec![
                row("合计", "", &[("total", "2787800")], &[]),
                row("云客服服务外包项目", "", &[("total", "2522800")], &[]),
                row("科研经费", "", &[("total", "200000")], &[]),
                row("科研经费", "", &[("total", "65000")], &[]),
            ],
        );
        let rule = "cross.register_project_total";
        let mut rec = Recorder::default();
        crate::validate::cross::check(&[reg.clone(), pt.clone()], &mut rec);
        // 科研经费 is printed twice in the project table: which one is meant is unknown
        let ours: Vec<_> = rec.checks.iter().filter(|c| c.rule == rule).collect();
        assert_eq!(ours.len(), 1);
        assert!(ours[0].passed);
        let mut reg = reg;
        reg.rows[0]
            .values
            .insert("fund_total".into(), Some(d("2523800")));
        let mut rec = Recorder::default();
        crate::validate::cross::check(&[reg, pt], &mut rec);
        assert_eq!(failed(&rec, rule).len(), 1);
    }
}

/// The prose against the forms of the same report (prose.form): where a statement and a form
/// say the same thing — the self-evaluation score, the 全年预算数, the 全年执行数, the 执行率 —
/// they must agree. A statement made under a project (fact `subject`) is compared with the form whose
/// 项目名称 is that project; a statement about the department as a whole with the report's
/// only 整体 form (or its only form). A disagreement is a failed check at the form's cell, and
/// the fact says whether it matched.
pub fn prose_against_forms(
    facts: &mut [crate::record::Fact],
    tables: &[Table],
    rec: &mut Recorder,
) {
    let Some(words) = catalog().forms.as_ref() else {
        return;
    };
    let forms: Vec<&Table> = tables
        .iter()
        .filter(|t| is_form(t) && t.rows.iter().any(|r| part(r) != "field"))
        .collect();
    if forms.is_empty() {
        return;
    }
    let project_of = |t: &Table| {
        t.rows
            .iter()
            .find(|r| part(r) == "field" && norm_name(&r.name) == "项目名称")
            .and_then(|r| r.texts.get("value"))
            .map(|v| norm_name(v))
    };
    let overall: Vec<&Table> = forms
        .iter()
        .copied()
        .filter(|t| t.kind.contains("overall"))
        .collect();
    let department_form = match (overall.as_slice(), forms.as_slice()) {
        ([t], _) => Some(*t),
        ([], [t]) => Some(*t),
        _ => None,
    };
    let total_fund = |t: &Table| -> Option<usize> {
        t.rows.iter().position(|r| {
            let n = norm_name(&r.name);
            part(r) == "fund"
                && words
                    .fund_total
                    .iter()
                    .any(|w| norm_name(w) == n.trim_end_matches(':'))
        })
    };
    for f in facts.iter_mut() {
        let t = match &f.subject {
            Some(s) => {
                let s = norm_name(s);
                forms
                    .iter()
                    .copied()
                    .find(|t| project_of(t).is_some_and(|p| p == s))
            }
            None => department_form,
        };
        let Some(t) = t else { continue };
        // (row, column, value) of the form saying the same as the fact
        let cell: Option<(&Row, &str, Decimal)> = match (f.unit.as_str(), f.label.as_str()) {
            ("score", _) => {
                total_score_row(t).and_then(|r| printed_total(r).map(|v| (r, "score", v)))
            }
            ("元", label) => {
                let key = match label {
                    "全年执行数" => "executed",
                    "全年预算数" => "full_year_budget",
                    "资金总额" => "full_year_budget",
                    _ => continue,
                };
                total_fund(t).and_then(|i| {
                    let r = &t.rows[i];
                    value(r, key).map(|v| (r, key, v))
                })
            }
            ("%", "预算执行率") => total_fund(t).and_then(|i| {
                let r = &t.rows[i];
                value(r, "execution_rate").map(|v| (r, "execution_rate", v))
            }),
            _ => None,
        };
        let Some((r, column, expected)) = cell else {
            continue;
        };
        // the statement's printed digits ("120.5万元": half of 0.1 万元) and the form's
        let decimals = printed_tail_decimals(&f.text);
        let unit_scale = if f.unit == "元" {
            if f.text.contains("万元") {
                Decimal::from(10_000)
            } else if f.text.contains("亿元") {
                Decimal::from(100_000_000)
            } else {
                Decimal::ONE
            }
        } else {
            Decimal::ONE
        };
        let form_err = match f.unit.as_str() {
            "元" => step(t) / Decimal::from(2),
            "%" => half_last_digit(expected.normalize().scale()),
            _ => Decimal::ZERO,
        };
        let tolerance = half_last_digit(decimals) * unit_scale + form_err;
        let passed = (f.value - expected).abs() <= tolerance;
        if f.matched.is_none() {
            f.matched = Some(passed);
        }
        value_check(
            rec,
            "prose.form",
            t,
            r,
            column,
            f.value,
            expected,
            tolerance,
            passed,
            &format!("the prose (\"{}\")", f.text),
            vec![f.label.clone()],
        );
    }
}

/// Decimals of the last number of a statement ("…全年执行数120.50万元" → 2).
fn printed_tail_decimals(text: &str) -> u32 {
    let digits: String = text
        .chars()
        .rev()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .collect();
    let number: String = digits.chars().rev().collect();
    super::tolerance::printed_decimals(&number)
}
