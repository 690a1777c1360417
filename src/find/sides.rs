//! Grids that hold more than one list: two-sided grids (income left, expenditure right) and
//! side-by-side lists (公开06: four code/name/amount triples).

use std::ops::Range;

use super::catalog::Catalog;
use super::header::{Header, Role};
use crate::normalize::name::fold;
use crate::record::Side;

/// Where a two-sided grid splits: the first column of the expenditure side.
pub fn two_sided_split(
    h: &Header,
    roles: &[Role],
    numeric: &dyn Fn(usize) -> bool,
) -> Option<usize> {
    let cols = h.paths.len();
    // a top header segment that says 支出, after one that says 收入
    let top = |c: usize| h.paths[c].first().map(|s| fold(s)).unwrap_or_default();
    let first = top(0);
    for c in 1..cols {
        let t = top(c);
        if !t.is_empty() && t != first && t.contains("支出") && !first.contains("支出") {
            // a lossy merge may put the side's heading over a value column: move to the
            // label column just right of it
            if roles.get(c) == Some(&Role::Value)
                && numeric(c)
                && let Some(k) = (c + 1..(c + 3).min(cols))
                    .find(|&k| matches!(roles.get(k), Some(Role::Code | Role::Name)))
            {
                return Some(k);
            }
            return Some(c);
        }
    }
    // else the second name column
    let names: Vec<usize> = roles
        .iter()
        .enumerate()
        .filter(|(_, r)| matches!(r, Role::Name | Role::Code))
        .map(|(i, _)| i)
        .collect();
    // the second list starts where a label column follows a value column
    for w in names.windows(2) {
        if (w[0] + 1..w[1]).any(|i| matches!(roles[i], Role::Value | Role::Line)) {
            return Some(w[1]);
        }
    }
    None
}

/// Is a grid two-sided by its shape, whatever its title: a label column under a top header
/// that says 收入, and a later label column under one that says 支出 (not 收入), with a value
/// column between them (收入 项目/预算数 | 支出 项目/预算数).
pub fn looks_two_sided(h: &Header, roles: &[Role]) -> bool {
    let top = |c: usize| {
        h.paths
            .get(c)
            .and_then(|p| p.first())
            .map(|s| fold(s))
            .unwrap_or_default()
    };
    let label = |c: usize| matches!(roles.get(c), Some(Role::Name | Role::Code));
    let Some(first) = (0..roles.len()).find(|&c| label(c)) else {
        return false;
    };
    if !top(first).contains("收入") || top(first).contains("支出") {
        return false;
    }
    (first + 1..roles.len()).any(|c| {
        let t = top(c);
        label(c)
            && t.contains("支出")
            && !t.contains("收入")
            && (first + 1..c).any(|v| matches!(roles[v], Role::Value))
    })
}

/// Side of a list from its top header segment ("收入" / "支出"), else by position.
pub fn side_of(h: &Header, first_col: usize, index: usize) -> Side {
    let t = h.paths[first_col]
        .first()
        .map(|s| fold(s))
        .unwrap_or_default();
    if t.contains("支出") && !t.contains("收入") {
        Side::Expenditure
    } else if t.contains("收入") {
        Side::Income
    } else if index == 0 {
        Side::Income
    } else {
        Side::Expenditure
    }
}

/// The column ranges of side-by-side lists: each starts at a code column (or, without
/// codes, a name column) that follows a value column.
pub fn side_by_side_groups(roles: &[Role]) -> Vec<Range<usize>> {
    let is_code = |r: &Role| matches!(r, Role::Code);
    let starts_on: Box<dyn Fn(&Role) -> bool> = if roles.iter().filter(|r| is_code(r)).count() >= 2
    {
        Box::new(is_code)
    } else {
        Box::new(|r: &Role| matches!(r, Role::Name))
    };
    let mut starts: Vec<usize> = Vec::new();
    for (i, r) in roles.iter().enumerate() {
        if starts_on(r) {
            let after_value = i == 0
                || starts.is_empty()
                || (starts.last().copied().unwrap_or(0)..i).any(|j| roles[j] == Role::Value);
            if after_value {
                starts.push(i);
            }
        }
    }
    if starts.is_empty() {
        return vec![0..roles.len()];
    }
    let mut out = Vec::new();
    for (k, &s) in starts.iter().enumerate() {
        let start = if k == 0 { 0 } else { s };
        let end = starts.get(k + 1).copied().unwrap_or(roles.len());
        out.push(start..end);
    }
    out
}

/// The group label of a side-by-side list (人员经费 / 公用经费): the top header segment of
/// its first column, when the header has more than one level.
pub fn group_label(cat: &Catalog, h: &Header, first_col: usize, skip: usize) -> Option<String> {
    let p = &h.paths[first_col];
    if p.len() < 2 + skip {
        return None;
    }
    let top = &p[skip];
    let k = super::catalog::header_key(top);
    (cat.label_for(&k).is_none()).then(|| top.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(paths: &[&[&str]]) -> Header {
        Header {
            start: 0,
            body: 2,
            pre_body: Vec::new(),
            paths: paths
                .iter()
                .map(|p| p.iter().map(|s| s.to_string()).collect())
                .collect(),
            unit: None,
            words: Vec::new(),
        }
    }

    #[test]
    fn two_sided_by_shape() {
        use Role::*;
        // 烟台 财政拨款收支总体情况表: 收入 项目/预算数 | 支出 项目/预算数…
        let h = header(&[
            &["收入", "项目"],
            &["收入", "预算数"],
            &["支出", "项目"],
            &["支出", "预算数", "总计"],
            &["支出", "预算数", "一般公共预算"],
        ]);
        let roles = vec![Name, Value, Name, Value, Value];
        assert!(looks_two_sided(&h, &roles));
        assert_eq!(two_sided_split(&h, &roles, &|_| true), Some(2));
        // a list whose value columns say 收入 / 支出 is no two-sided grid
        let h = header(&[&["项目"], &["本年收入"], &["本年支出"]]);
        assert!(!looks_two_sided(&h, &[Name, Value, Value]));
        // nor a list of names and amounts under one heading
        let h = header(&[&["收入", "项目"], &["收入", "金额"], &["收入", "备注"]]);
        assert!(!looks_two_sided(&h, &[Name, Value, Name]));
    }

    #[test]
    fn groups_of_triples() {
        use Role::*;
        let roles = vec![Code, Name, Value, Code, Name, Value, Code, Name, Value];
        assert_eq!(side_by_side_groups(&roles), vec![0..3, 3..6, 6..9]);
        let roles = vec![Name, Name2("x".into()), Value, Value];
        assert_eq!(side_by_side_groups(&roles), vec![0..4]);
    }
}
