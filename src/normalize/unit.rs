//! Normalizer: unit.
