//! Normalizer: number.
