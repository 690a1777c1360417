//! Normalizers for cell text: numbers, units, subject codes and names. Pure functions, no I/O.

pub mod code;
pub mod name;
pub mod number;
pub mod unit;
