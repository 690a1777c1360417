//! docx reader: document.xml in body order, paragraphs as text lines and tables as grids.

use super::ReadError;
use crate::model::Document;

/// Read a Word document: paragraphs become `Block::Text`, tables `Block::Grid`, in body order.
pub fn read(_bytes: &[u8]) -> Result<Document, ReadError> {
    Err(ReadError::Unsupported("docx reader not built yet".into()))
}
