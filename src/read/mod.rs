//! Readers: one per file format, each turning raw bytes into the common [`Document`] model.
//!
//! [`read`] sniffs the format from the content (never trusting the extension alone) and
//! dispatches. A reader knows nothing about budgets: it reports cells, text and positions.

pub mod budget;
mod cfb;
pub mod docx;
pub mod limits;
pub mod pdf;
pub mod radicals;
pub mod sheet;
mod xlsx_refs;

use crate::model::Document;
use std::fmt;

/// Input formats, detected from magic bytes (and the zip directory for OOXML).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Xlsx,
    Xls,
    Docx,
    /// Old binary Word (.doc): recognised, not readable.
    Doc,
    Zip,
    Unknown,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            Format::Pdf => "pdf",
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Docx => "docx",
            Format::Doc => "doc",
            Format::Zip => "zip",
            Format::Unknown => "unknown",
        };
        f.write_str(s)
    }
}

/// Why a file could not be read at all. Partial trouble (one bad page) is a
/// [`crate::model::ReadWarning`] inside the document instead.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("the file is encrypted and cannot be opened without a password")]
    Encrypted,
    /// The whole message, saying the cause once ("the file is truncated: …", "the file is
    /// damaged: xlsx: …"); build it with [`ReadError::damaged`] unless the detail names the cause.
    #[error("{0}")]
    Corrupt(String),
    #[error("the file format is not supported: {0}")]
    Unsupported(String),
    #[error("the file exceeds a safety limit: {0}")]
    TooLarge(String),
    #[error("reading the file took longer than its time limit and was stopped")]
    Timeout,
}

impl ReadError {
    /// A file that cannot be read because its content is broken; `detail` says where.
    pub fn damaged(detail: impl fmt::Display) -> Self {
        ReadError::Corrupt(format!("the file is damaged: {detail}"))
    }

    /// Stable problem code for the record.
    pub fn code(&self) -> &'static str {
        match self {
            ReadError::Encrypted => "encrypted",
            ReadError::Corrupt(_) => "corrupt_file",
            ReadError::Unsupported(_) => "unsupported_format",
            ReadError::TooLarge(_) => "too_large",
            ReadError::Timeout => "timeout",
        }
    }

    /// The error for a file whose work budget ran out.
    pub fn from_budget(e: budget::Exceeded) -> Self {
        match e {
            budget::Exceeded::Time => ReadError::Timeout,
            budget::Exceeded::Work => ReadError::TooLarge(format!(
                "the file needs more than {} units of work (content operators, cells, XML \
                 elements) to read",
                limits::MAX_WORK_PER_FILE
            )),
        }
    }
}

/// The signature of an OLE compound file (xls, doc, encrypted OOXML).
const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Detect the format from the first bytes (and, for zip containers, the member names).
pub fn sniff(bytes: &[u8]) -> Format {
    if bytes.len() >= 5 && find_pdf_header(bytes) {
        return Format::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return sniff_zip(bytes);
    }
    if bytes.starts_with(&CFB_MAGIC) {
        return sniff_cfb(bytes);
    }
    Format::Unknown
}

/// PDF files may carry junk before the header; the spec allows it within the first 1024 bytes.
fn find_pdf_header(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(5).any(|w| w == b"%PDF-")
}

fn sniff_zip(bytes: &[u8]) -> Format {
    let Ok(archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        // A truncated OOXML file has a broken central directory: look at the first member name.
        let name_len = bytes
            .get(26..28)
            .map(|b| u16::from_le_bytes([b[0], b[1]]) as usize);
        let first = name_len.and_then(|n| bytes.get(30..30 + n)).unwrap_or(&[]);
        // Member names also stand in each local header, all through the file.
        let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
        let first = String::from_utf8_lossy(first);
        if first.starts_with("word/") || has(b"word/document.xml") {
            return Format::Docx;
        }
        if first.starts_with("xl/") || has(b"xl/workbook.xml") || has(b"xl/worksheets/") {
            return Format::Xlsx;
        }
        return Format::Zip;
    };
    let names: Vec<String> = archive
        .file_names()
        .filter_map(|n| n.ok())
        .map(|n| n.to_string())
        .collect();
    if names.iter().any(|n| n == "word/document.xml") {
        Format::Docx
    } else if names.iter().any(|n| n == "xl/workbook.xml") {
        Format::Xlsx
    } else {
        Format::Zip
    }
}

/// OLE compound files hold .xls, .doc and encrypted OOXML; tell them apart by stream names,
/// which are stored UTF-16 in the directory sectors.
fn sniff_cfb(bytes: &[u8]) -> Format {
    let has = |name: &str| {
        let utf16: Vec<u8> = name.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        bytes.windows(utf16.len()).any(|w| w == utf16.as_slice())
    };
    if has("EncryptedPackage") {
        // An OOXML file protected with a password is wrapped in an OLE container.
        return Format::Unknown;
    }
    if has("Workbook") || has("Book") {
        Format::Xls
    } else if has("WordDocument") {
        Format::Doc
    } else {
        Format::Unknown
    }
}

/// Whether the OLE container is a password-protected OOXML package.
pub fn is_encrypted_ooxml(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) && {
        let name: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        bytes.windows(name.len()).any(|w| w == name.as_slice())
    }
}

/// Say what an unrecognised file looks like, so the user knows what the portal really served.
fn describe_unknown(bytes: &[u8]) -> String {
    if bytes.is_empty() {
        return "the file is empty (0 bytes)".into();
    }
    if is_html(bytes) {
        return "the content is an HTML page (often a portal's error page), not a report".into();
    }
    "not a PDF, xlsx, xls or docx file (content does not match any of them)".into()
}

/// Whether the bytes are an HTML page (what portals serve in place of a missing file).
pub fn is_html(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<body")
}

/// Whether the bytes are an OLE compound file (.xls, .doc, and encrypted xlsx/docx), whole or not.
pub fn is_ole_container(bytes: &[u8]) -> bool {
    bytes.starts_with(&CFB_MAGIC)
}

/// Read one file's bytes into a document, its grids bounded by [`limits`] and its work by
/// the thread's [`budget`].
pub fn read(bytes: &[u8], format: Format) -> Result<Document, ReadError> {
    let mut doc = read_format(bytes, format)?;
    if let Some(e) = budget::exceeded() {
        return Err(ReadError::from_budget(e));
    }
    limits::clip_document(&mut doc);
    unify_radicals(&mut doc);
    Ok(doc)
}

/// Every text of the document with radical code points replaced by their ideographs.
fn unify_radicals(doc: &mut Document) {
    for b in &mut doc.blocks {
        match b {
            crate::model::Block::Text(t) => radicals::unify(&mut t.text),
            crate::model::Block::Grid(g) => {
                for c in &mut g.cells {
                    radicals::unify(&mut c.text);
                }
            }
        }
    }
}

fn read_format(bytes: &[u8], format: Format) -> Result<Document, ReadError> {
    match format {
        Format::Pdf => pdf::read(bytes),
        Format::Xlsx | Format::Xls => sheet::read(bytes, format),
        Format::Docx => docx::read(bytes),
        Format::Doc => Err(ReadError::Unsupported(
            "old binary Word (.doc); save it as .docx or PDF".into(),
        )),
        Format::Zip => Err(ReadError::Unsupported(
            "zip archive given where a report was expected".into(),
        )),
        Format::Unknown if is_encrypted_ooxml(bytes) => Err(ReadError::Encrypted),
        // the container's directory sits anywhere in the file, often at its end: a download
        // cut short keeps the signature but loses the stream names that tell xls from doc
        Format::Unknown if bytes.starts_with(&CFB_MAGIC) => Err(ReadError::damaged(
            "an OLE compound file (the container of .xls and .doc) that names no Workbook \
             or WordDocument stream: cut short or broken",
        )),
        Format::Unknown => Err(ReadError::Unsupported(describe_unknown(bytes))),
    }
}

/// Bytes of a reader test fixture under tests/fixtures/readers/.
#[cfg(test)]
pub(crate) fn test_fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/readers/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_pdf_even_after_leading_junk() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Format::Pdf);
        assert_eq!(sniff(b"\xEF\xBB\xBF%PDF-1.4"), Format::Pdf);
        assert_eq!(sniff(b"<html>not a pdf</html>"), Format::Unknown);
    }
}
