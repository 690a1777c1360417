//! Normalizer: name.
