//! The nesting of an uncoded list, inferred from its sums.
//!
//! A register printed without codes, ordinals or indentation (西安 专项业务经费支出表: 合计,
//! 全额, a unit, 专用项目, 其他履职尽责专项业务费, then the projects) nests its rows by
//! amount only: each heading is the sum of the rows printed right under it, down to its last
//! descendant. Read in print order (a heading before its rows), the list has at most a few
//! nestings that make every heading the exact sum of its children and the total the sum of the
//! top rows, in every amount column at once; finding one verifies the list's arithmetic, and
//! finding none says it cannot be verified (not which cell is wrong). A nesting that adds up
//! in one column only is a coincidence, not the list's structure. No crate infers a tree from
//! sums; this is a small memoised search.

use rust_decimal::Decimal;
use std::collections::HashMap;
use std::rc::Rc;

/// One heading and the rows directly under it (indexes into the list given to [`infer`]).
pub type Group = (usize, Vec<usize>);

/// Past this many search states the list is left unverified rather than searched on.
const MAX_STATES: usize = 50_000;

/// Amounts of one row, one per column (blank = 0).
pub type Amounts = Vec<Decimal>;

/// A nesting of the rows `values` (in print order) whose top rows add up to `total` and in which
/// every heading is the exact sum of the rows under it, in every column: (top rows, groups).
/// Rows are leaves where that suffices (a flat list stays flat); an all-zero row is always a
/// leaf. None when no nesting adds up, when an amount is negative, or when the search grows
/// too big.
pub fn infer(values: &[Amounts], total: &Amounts) -> Option<(Vec<usize>, Vec<Group>)> {
    let negative = |a: &Amounts| a.iter().any(|x| x.is_sign_negative());
    if values.iter().any(|a| negative(a) || a.len() != total.len()) || negative(total) {
        return None;
    }
    let v = values;
    let mut s = Search {
        v,
        memo: HashMap::new(),
    };
    let n = v.len();
    if !s.ends(0, total.clone())?.contains(&n) {
        return None;
    }
    let mut groups = Vec::new();
    let top = s.build(0, total.clone(), n, &mut groups)?;
    Some((top, groups))
}

struct Search<'a> {
    v: &'a [Amounts],
    /// (first row, sum) → the ends `e` such that rows first..e are whole subtrees whose top
    /// rows add up to the sum.
    memo: HashMap<(usize, Amounts), Rc<Vec<usize>>>,
}

fn is_zero(a: &Amounts) -> bool {
    a.iter().all(|x| x.is_zero())
}

/// `sum - row`, or None when the row exceeds the sum in some column.
fn minus(sum: &Amounts, row: &Amounts) -> Option<Amounts> {
    sum.iter()
        .zip(row)
        .map(|(s, r)| (r <= s).then(|| s - r))
        .collect()
}

impl Search<'_> {
    fn ends(&mut self, i: usize, sum: Amounts) -> Option<Rc<Vec<usize>>> {
        if let Some(e) = self.memo.get(&(i, sum.clone())) {
            return Some(e.clone());
        }
        if self.memo.len() >= MAX_STATES {
            return None;
        }
        let mut out: Vec<usize> = Vec::new();
        if is_zero(&sum) {
            out.push(i);
        }
        if let Some(rest) = self.v.get(i).and_then(|row| minus(&sum, row)) {
            for s in self.subtree_ends(i)? {
                out.extend(self.ends(s, rest.clone())?.iter().copied());
            }
        }
        out.sort_unstable();
        out.dedup();
        let out = Rc::new(out);
        self.memo.insert((i, sum), out.clone());
        Some(out)
    }

    /// Where the subtree of row `i` may end: right after it (a leaf), or after rows that add up
    /// to its amount (a heading).
    fn subtree_ends(&mut self, i: usize) -> Option<Vec<usize>> {
        let mut out = vec![i + 1];
        if !is_zero(&self.v[i]) {
            out.extend(self.ends(i + 1, self.v[i].clone())?.iter().copied());
        }
        Some(out)
    }

    /// The top rows of a forest over rows i..end adding up to `sum` (known to exist), pushing
    /// the groups of its headings; a leaf is preferred to a heading.
    fn build(
        &mut self,
        i: usize,
        sum: Amounts,
        end: usize,
        groups: &mut Vec<Group>,
    ) -> Option<Vec<usize>> {
        if i == end {
            return Some(Vec::new());
        }
        let rest = minus(&sum, &self.v[i])?;
        for s in self.subtree_ends(i)? {
            if s > end || !self.ends(s, rest.clone())?.contains(&end) {
                continue;
            }
            if s > i + 1 {
                let kids = self.build(i + 1, self.v[i].clone(), s, groups)?;
                groups.push((i, kids));
            }
            let mut top = vec![i];
            top.extend(self.build(s, rest, end, groups)?);
            return Some(top);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    /// One column of amounts ("" = blank).
    fn d(xs: &[&str]) -> Vec<Amounts> {
        xs.iter()
            .map(|x| vec![Decimal::from_str(x).unwrap_or_default()])
            .collect()
    }

    fn t(x: i64) -> Amounts {
        vec![Decimal::from(x)]
    }

    #[test]
    fn a_flat_list_stays_flat() {
        let (top, groups) = infer(&d(&["3", "4", "5"]), &t(12)).unwrap();
        assert_eq!(top, vec![0, 1, 2]);
        assert!(groups.is_empty());
    }

    #[test]
    fn headings_over_their_rows_are_found() {
        // 全额 100 over unit A 60 (专用项目 60 over 20 + 40) and unit B 40 (15 + 25)
        let v = d(&["100", "60", "60", "20", "40", "40", "15", "25"]);
        let (top, groups) = infer(&v, &t(100)).unwrap();
        assert_eq!(top, vec![0]);
        assert!(groups.contains(&(0, vec![1, 5])));
        assert!(groups.contains(&(2, vec![3, 4])));
        assert!(groups.contains(&(5, vec![6, 7])));
    }

    #[test]
    fn blanks_are_zero_leaves() {
        let (top, _) = infer(&d(&["5", "", "7"]), &t(12)).unwrap();
        assert_eq!(top, vec![0, 1, 2]);
    }

    #[test]
    fn a_list_that_does_not_add_up_has_no_nesting() {
        assert!(infer(&d(&["100", "60", "20", "40", "15", "26"]), &t(100)).is_none());
        assert!(infer(&d(&["3", "4"]), &t(8)).is_none());
        assert!(infer(&d(&["-3", "11"]), &t(8)).is_none());
    }

    #[test]
    fn a_nesting_must_add_up_in_every_column() {
        // column 1 alone nests 10 over 4 + 6; column 2 says the three rows are flat
        let v: Vec<Amounts> = [(10, 1), (4, 2), (6, 3)]
            .iter()
            .map(|&(a, b)| vec![Decimal::from(a), Decimal::from(b)])
            .collect();
        let total = vec![Decimal::from(10), Decimal::from(1)];
        assert!(infer(&v, &total).is_none());
        let total = vec![Decimal::from(20), Decimal::from(6)];
        assert_eq!(infer(&v, &total).unwrap().0, vec![0, 1, 2]);
    }
}
