//! budget-extract: Chinese government budget / final-accounts disclosures → one JSON record
//! per report.
//!
//! The pipeline flows one way, one module per stage:
//! [`discover`] inputs → [`read`] (one reader per format) → [`model`] (the common document
//! model) → [`find`] tables (title + header) → [`normalize`] (numbers, units, codes) →
//! [`validate`] (arithmetic, cross-table, prose) → [`emit`] (record files).
//! [`pipeline`] joins the stages for one input and for a batch.

pub mod discover;
pub mod emit;
pub mod export;
pub mod find;
pub mod manifest;
pub mod model;
pub mod normalize;
pub mod pipeline;
pub mod read;
pub mod record;
pub mod validate;
