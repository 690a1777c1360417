//! Normalizer: code.
