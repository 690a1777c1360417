//! Normalizers for cell text: numbers, units, subject codes, names and
//! performance indicator values. Pure functions, no I/O.

pub mod code;
pub mod indicator;
pub mod name;
pub mod number;
pub mod unit;

use std::borrow::Cow;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// `s` in NFKC (full-width digits, letters and punctuation folded to ASCII), borrowed when the
/// quick check says it already is: cell text is mostly ideographs and ASCII, and running the
/// full normalization on every fold was the largest single cost of a run.
pub fn nfkc(s: &str) -> Cow<'_, str> {
    if is_nfkc_quick(s.chars()) == IsNormalized::Yes {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.nfkc().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::nfkc;

    #[test]
    fn nfkc_folds_full_width_and_borrows_what_is_already_folded() {
        assert_eq!(nfkc("１２３，４５６．７８"), "123,456.78");
        assert_eq!(nfkc("（万元）"), "(万元)");
        assert!(matches!(
            nfkc("一般公共预算 2026"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
