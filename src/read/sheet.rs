//! xlsx / xls reader (calamine): one grid per sheet, merged regions as spans.

use super::{Format, ReadError};
use crate::model::Document;

/// Read a workbook: one `Block::Grid` per non-empty sheet, in workbook order.
pub fn read(_bytes: &[u8], _format: Format) -> Result<Document, ReadError> {
    Err(ReadError::Unsupported(
        "spreadsheet reader not built yet".into(),
    ))
}
