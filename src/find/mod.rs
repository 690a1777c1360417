//! Finding tables: standard tables located by title and confirmed by header words, turned into
//! normalized [`Table`]s; plus the report's metadata (kind, department, year, title).
//!
//! Input is the common document model only; nothing here knows which file format it came from.

pub mod catalog;

use crate::model::Document;
use crate::record::{Problem, Report, Table};

/// What the finder extracts from one document.
#[derive(Debug, Default)]
pub struct Found {
    pub report: Report,
    pub tables: Vec<Table>,
    pub problems: Vec<Problem>,
}

/// Find every table in `doc`. `file_name` is used only as a fallback for report metadata
/// (and such fields are listed in `Report::from_file_name`).
pub fn find(doc: &Document, file_name: &str) -> Found {
    let _ = (doc, file_name);
    Found {
        report: Report {
            kind: "unknown".into(),
            ..Default::default()
        },
        ..Default::default()
    }
}
