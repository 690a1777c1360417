//! How far two printed amounts may differ and still agree.
//!
//! A table printed in 万元 rounds every amount to 0.01 万元 = 100 元, so a sum of n printed
//! lines may be off from the printed total by up to 100 元 × n ("本套报表金额单位转换时可能存在
//! 尾数误差"); 千元 / 亿元 tables scale likewise. A table printed in 元 gets zero tolerance.
//! A percentage is good to half a unit of its last printed digit plus the rounding carried in
//! from its inputs.

use super::view::{amount_keys, value};
use crate::record::Table;
use rust_decimal::Decimal;

/// 元 per printed unit: 元 → 1, 千元 → 1000, 万元 → 10000, 百万元 → 10⁶, 亿元 → 10⁸.
/// `None` when the unit is not an amount unit we know.
pub fn scale(unit: &str) -> Option<Decimal> {
    let u = super::view::fold(unit);
    let v: i64 = if u.contains('亿') {
        100_000_000
    } else if u.contains("百万") {
        1_000_000
    } else if u.contains('万') {
        10_000
    } else if u.contains('千') {
        1_000
    } else if u.contains('元') {
        1
    } else {
        return None;
    };
    Some(Decimal::from(v))
}

/// The printed unit's scale, assuming 万元 (by far the most common) when the table does not
/// say.
pub fn table_scale(t: &Table) -> Decimal {
    t.unit
        .as_deref()
        .and_then(scale)
        .unwrap_or(Decimal::from(10_000))
}

/// The rounding step of one printed amount of `t`, in 元: 0 for 元 tables; otherwise 0.01 of
/// the unit, or one whole unit when the table evidently prints whole numbers (at least five
/// non-zero amounts, all whole units).
pub fn step(t: &Table) -> Decimal {
    let scale = table_scale(t);
    if scale <= Decimal::ONE {
        return Decimal::ZERO;
    }
    let keys = amount_keys(t);
    let vals: Vec<Decimal> = t
        .rows
        .iter()
        // count lines (车辆数) are not amounts
        .filter(|r| r.texts.get("value_unit").is_none_or(|u| u != "count"))
        .flat_map(|r| keys.iter().filter_map(move |k| value(r, k)))
        .filter(|v| !v.is_zero())
        .collect();
    if vals.len() >= 5 && vals.iter().all(|v| (*v % scale).is_zero()) {
        return scale;
    }
    // printed with more than 2 decimals (北京: 1,357.118400 万元): one unit of the last printed
    // decimal
    let decimals = vals
        .iter()
        .map(|v| (*v / scale).normalize().scale())
        .max()
        .unwrap_or(0)
        .min(6);
    if decimals > 2 {
        scale / Decimal::from(10i64.pow(decimals))
    } else {
        scale / Decimal::from(100)
    }
}

/// Tolerance for a printed total against the sum of `terms` printed lines.
pub fn sum_tolerance(step: Decimal, terms: usize) -> Decimal {
    step * Decimal::from(terms.max(1))
}

/// Number of digits after the decimal point in a printed number ("16.57" → 2).
pub fn printed_decimals(text: &str) -> u32 {
    text.split_once('.')
        .map(|(_, f)| f.chars().take_while(|c| c.is_ascii_digit()).count() as u32)
        .unwrap_or(0)
}

/// Half a unit of the last digit of a number printed with `decimals` decimals.
pub fn half_last_digit(decimals: u32) -> Decimal {
    Decimal::new(5, decimals + 1)
}

/// Tolerance of a printed percentage `part / whole × 100` with `decimals` decimals, where part
/// and whole each carry rounding up to `part_err` / `whole_err` (元).
pub fn percent_tolerance(
    decimals: u32,
    part: Decimal,
    whole: Decimal,
    part_err: Decimal,
    whole_err: Decimal,
) -> Decimal {
    let mut tol = half_last_digit(decimals);
    if !whole.is_zero() {
        let w = whole.abs();
        let hundred = Decimal::from(100);
        tol += hundred * part_err / w + hundred * part.abs() * whole_err / (w * w);
    }
    tol.round_dp(6)
}

/// An amount in 元 shown in the table's printed unit: "9,316.63万元".
pub fn show(v: Decimal, unit: Option<&str>) -> String {
    let (scale, name) = match unit.and_then(|u| scale(u).map(|s| (s, u))) {
        Some((s, u)) => (s, super::view::fold(u)),
        None => (Decimal::ONE, "元".to_string()),
    };
    let x = (v / scale).normalize();
    let s = if scale > Decimal::ONE {
        format!("{:.2}", x)
    } else {
        x.to_string()
    };
    format!("{s}{name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_and_percent() {
        assert_eq!(scale("万元"), Some(Decimal::from(10_000)));
        assert_eq!(scale("元"), Some(Decimal::ONE));
        assert_eq!(scale("千元"), Some(Decimal::from(1000)));
        assert_eq!(scale("亿元"), Some(Decimal::from(100_000_000)));
        assert_eq!(printed_decimals("16.57"), 2);
        assert_eq!(half_last_digit(2), Decimal::new(5, 3));
        // 1543.42 / 9316.63 = 16.566 %, printed 16.57: tolerance ≥ 0.005.
        let t = percent_tolerance(
            2,
            Decimal::from(15_434_200),
            Decimal::from(93_166_300),
            Decimal::from(50),
            Decimal::from(50),
        );
        assert!(t > Decimal::new(5, 3) && t < Decimal::new(6, 3), "{t}");
        assert_eq!(show(Decimal::from(93_166_300), Some("万元")), "9316.63万元");
        assert_eq!(show(Decimal::from(960_700), Some("元")), "960700元");
    }
}
