//! PDF reader: text with positions from the content streams ([`page::PageContent`]), then
//! lines and grids from glyph positions and ruling segments.
//!
//! Extraction ([`extract`]) loads the file with lopdf (which decrypts files whose user
//! password is empty by itself), interprets every page's content stream ([`text`]) with the
//! fonts of [`font`] / [`cmap`], and hands the pages to [`layout`].

pub mod cmap;
pub mod content;
pub mod font;
pub mod layout;
pub mod page;
mod salvage;
pub mod text;

use super::ReadError;
use crate::model::{Document, Origin, ReadWarning};
use page::PageContent;

/// Pages beyond this are not processed (a warning says so).
pub const MAX_PAGES: usize = 5000;
/// Characters kept over a whole document (each page keeps at most 100,000).
pub const MAX_GLYPHS_PER_DOCUMENT: usize = 5_000_000;

/// The pages of a PDF plus the page-level trouble met on the way.
#[derive(Debug, Default)]
pub struct Extraction {
    pub pages: Vec<PageContent>,
    /// Total page count of the file (may exceed `pages.len()` when capped).
    pub page_count: u32,
    pub warnings: Vec<ReadWarning>,
}

fn load(bytes: &[u8]) -> Result<lopdf::Document, ReadError> {
    let loaded = std::panic::catch_unwind(|| lopdf::Document::load_mem(bytes));
    let doc = match loaded {
        Err(_) => {
            return Err(ReadError::damaged("the PDF parser failed on this file"));
        }
        Ok(Err(lopdf::Error::InvalidPassword)) | Ok(Err(lopdf::Error::Decryption(_))) => {
            return Err(ReadError::Encrypted);
        }
        Ok(Err(e)) => {
            // An encrypted file whose password we lack can fail in several ways.
            if is_encrypted_trailer(bytes) && matches!(e, lopdf::Error::Unimplemented(_)) {
                return Err(ReadError::Encrypted);
            }
            if salvage::is_cut_short(bytes) {
                return Err(ReadError::Corrupt(format!(
                    "the file is {} and what is left cannot be read ({e})",
                    truncation_phrase(true, bytes.len())
                )));
            }
            return Err(ReadError::damaged(e));
        }
        Ok(Ok(d)) => d,
    };
    // lopdf removes /Encrypt from the trailer after decrypting with the empty password; if it
    // is still there, the file needs a real password.
    if doc.trailer.has(b"Encrypt") {
        return Err(ReadError::Encrypted);
    }
    Ok(doc)
}

fn is_encrypted_trailer(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(64 * 1024)..];
    tail.windows(8).any(|w| w == b"/Encrypt")
}

/// Bytes → one [`PageContent`] per page (top-left origin, rotation applied).
pub fn extract(bytes: &[u8]) -> Result<Extraction, ReadError> {
    let doc = load(bytes)?;
    // A file cut short (or whose cross-reference table had to be rebuilt) is read for what
    // survives; each page's content is checked to be there before it counts as read.
    let cut = salvage::is_cut_short(bytes);
    let damaged = cut || salvage::xref_rebuilt(&doc);
    let mut page_ids: Vec<lopdf::ObjectId> = doc.page_iter().take(MAX_PAGES + 1).collect();
    let tree_lost = damaged && page_ids.is_empty();
    if tree_lost {
        page_ids = salvage::orphan_pages(&doc);
        page_ids.truncate(MAX_PAGES + 1);
    }
    if page_ids.is_empty() {
        return Err(ReadError::Corrupt(if cut {
            format!(
                "the file is truncated (it stops after {} bytes without its end-of-file \
                 marker) and none of its pages survive",
                bytes.len()
            )
        } else {
            "the file is damaged: no pages found".into()
        }));
    }
    let page_count = if page_ids.len() > MAX_PAGES {
        doc.get_pages().len() as u32
    } else {
        page_ids.len() as u32
    };
    let mut ex = Extraction {
        page_count,
        ..Default::default()
    };
    let mut extractor = text::Extractor::new(&doc);
    let mut truncated = Vec::new();
    let mut broken = Vec::new();
    let mut lost = Vec::new();
    // Operators of extractors replaced after a panic, and glyphs kept, over all pages.
    let mut ops_before = 0usize;
    let mut glyphs = 0usize;
    for (i, id) in page_ids.iter().take(MAX_PAGES).enumerate() {
        let number = i as u32 + 1;
        if let Some(e) = crate::read::budget::exceeded() {
            return Err(ReadError::from_budget(e));
        }
        if ops_before + extractor.ops_total > text::MAX_OPS_PER_DOCUMENT
            || glyphs > MAX_GLYPHS_PER_DOCUMENT
        {
            ex.warnings.push(warning(
                "document_truncated",
                format!(
                    "the document's content exceeds {} operators or {} characters (forms \
                     drawn over and over?); pages from {number} on were not read",
                    text::MAX_OPS_PER_DOCUMENT,
                    MAX_GLYPHS_PER_DOCUMENT
                ),
                &[number],
            ));
            break;
        }
        if damaged && !salvage::content_present(&doc, *id) {
            lost.push(number);
            ex.pages.push(PageContent {
                number,
                width: 595.0,
                height: 842.0,
                ..Default::default()
            });
            continue;
        }
        let r =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| extractor.page(number, *id)));
        match r {
            Ok((page, issues)) => {
                glyphs += page.glyphs.len();
                if issues.truncated {
                    truncated.push(number);
                }
                if issues.content_error.is_some() {
                    broken.push(number);
                }
                ex.pages.push(page);
            }
            Err(_) => {
                broken.push(number);
                // The extractor's caches may be inconsistent after a panic: start afresh.
                ops_before += extractor.ops_total;
                extractor = text::Extractor::new(&doc);
                ex.pages.push(PageContent {
                    number,
                    width: 595.0,
                    height: 842.0,
                    ..Default::default()
                });
            }
        }
    }
    if cut || !lost.is_empty() {
        let n = ex.pages.len() as u32;
        let read: Vec<u32> = (1..=n).filter(|p| !lost.contains(p)).collect();
        if read.is_empty() {
            return Err(ReadError::Corrupt(format!(
                "the file is {}; the content of {} lies in the missing part",
                truncation_phrase(cut, bytes.len()),
                if n == 1 {
                    "its only page".to_string()
                } else {
                    format!("all its {n} pages")
                }
            )));
        }
        let numbering = if tree_lost {
            " (its page tree is lost: pages are numbered in the order their objects were \
             found, which may not be the printed order)"
        } else {
            ""
        };
        let mut message = format!(
            "the file is {}{numbering}; {} of {n} {} read",
            truncation_phrase(cut, bytes.len()),
            pages_phrase(&read),
            if read.len() == 1 { "was" } else { "were" },
        );
        if !lost.is_empty() {
            message += &format!(
                ", {} lost (content in the missing part)",
                pages_phrase(&lost)
            );
        }
        ex.warnings.push(warning("file_truncated", message, &lost));
    }
    if page_ids.len() > MAX_PAGES {
        ex.warnings.push(warning(
            "too_many_pages",
            format!("only the first {MAX_PAGES} of {page_count} pages were read"),
            &[MAX_PAGES as u32 + 1],
        ));
    }
    if !truncated.is_empty() {
        ex.warnings.push(warning(
            "page_truncated",
            format!(
                "{} content exceeds {} operators; the rest of the page was not read",
                pages_phrase(&truncated),
                text::MAX_OPS_PER_PAGE
            ),
            &truncated,
        ));
    }
    if !broken.is_empty() {
        ex.warnings.push(warning(
            "unreadable_pages",
            format!(
                "{} could not be read (damaged content)",
                pages_phrase(&broken)
            ),
            &broken,
        ));
    }
    ex.warnings.extend(text_layer_warnings(&ex.pages));
    Ok(ex)
}

/// How a damaged file is damaged, for a message.
fn truncation_phrase(cut: bool, len: usize) -> String {
    if cut {
        format!("truncated (it stops after {len} bytes, without its end-of-file marker)")
    } else {
        "damaged (its cross-reference table had to be rebuilt by scanning for objects)".into()
    }
}

/// "page 3" / "pages 2, 5–7, 9".
pub fn pages_phrase(pages: &[u32]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < pages.len() {
        let mut j = i;
        while j + 1 < pages.len() && pages[j + 1] == pages[j] + 1 {
            j += 1;
        }
        parts.push(if j > i {
            format!("{}–{}", pages[i], pages[j])
        } else {
            pages[i].to_string()
        });
        i = j + 1;
    }
    if pages.len() == 1 {
        format!("page {}", parts.join(", "))
    } else {
        format!("pages {}", parts.join(", "))
    }
}

fn warning(code: &str, message: String, pages: &[u32]) -> ReadWarning {
    ReadWarning {
        code: code.into(),
        message,
        origin: pages.first().map(|p| Origin::page(*p)).unwrap_or_default(),
    }
}

/// Pages without a usable text layer: scans (images, no glyphs) and pages whose glyphs do
/// not decode to Unicode (no ToUnicode map and no known encoding). A page is named for
/// undecodable text when at least 20 of its glyphs, or a tenth of them, do not decode.
pub fn text_layer_warnings(pages: &[PageContent]) -> Vec<ReadWarning> {
    let scanned: Vec<u32> = pages
        .iter()
        .filter(|p| p.has_images && p.glyphs.is_empty() && p.undecodable_glyphs == 0)
        .map(|p| p.number)
        .collect();
    let undecodable: Vec<u32> = pages
        .iter()
        .filter(|p| {
            let u = p.undecodable_glyphs as usize;
            u > 0 && (u >= 20 || u * 10 >= u + p.glyphs.len())
        })
        .map(|p| p.number)
        .collect();
    let mut out = Vec::new();
    if !scanned.is_empty() {
        out.push(warning(
            "scanned_pages",
            format!(
                "{} of {} {} only images and no text layer (scanned); their content was not read",
                pages_phrase(&scanned),
                pages.len(),
                if scanned.len() == 1 { "has" } else { "have" }
            ),
            &scanned,
        ));
    }
    if !undecodable.is_empty() {
        let total: u32 = undecodable
            .iter()
            .filter_map(|n| pages.get(*n as usize - 1))
            .map(|p| p.undecodable_glyphs)
            .sum();
        out.push(warning(
            "undecodable_text",
            format!(
                "{}: {total} characters use fonts with no Unicode mapping and were left out",
                pages_phrase(&undecodable)
            ),
            &undecodable,
        ));
    }
    out
}

/// Read a PDF: per page, text lines outside tables as `Block::Text` and tables as
/// `Block::Grid`, in reading order.
pub fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    let ex = extract(bytes)?;
    if let Some(e) = crate::read::budget::exceeded() {
        return Err(ReadError::from_budget(e));
    }
    let blocks = layout::layout_document(&ex.pages);
    Ok(Document {
        blocks,
        pages: Some(ex.page_count),
        warnings: ex.warnings,
    })
}

#[cfg(test)]
mod tests;
