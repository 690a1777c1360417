//! Normalizers for cell text: numbers, units, subject codes, names and
//! performance indicator values. Pure functions, no I/O.

pub mod code;
pub mod indicator;
pub mod name;
pub mod number;
pub mod unit;
