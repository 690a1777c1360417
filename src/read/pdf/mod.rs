//! PDF reader: text with positions from the content streams ([`page::PageContent`]), then
//! lines and grids from glyph positions and ruling segments.

pub mod layout;
pub mod page;

use super::ReadError;
use crate::model::Document;

/// Read a PDF: per page, text lines outside tables as `Block::Text` and tables as
/// `Block::Grid`, in reading order.
pub fn read(_bytes: &[u8]) -> Result<Document, ReadError> {
    Err(ReadError::Unsupported("PDF reader not built yet".into()))
}
