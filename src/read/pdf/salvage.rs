//! Reading what is left of a cut-short PDF.
//!
//! A download that stopped early keeps the file's first bytes: no cross-reference table, no
//! trailer, and often the page tree itself gone. lopdf rebuilds the cross-reference table by
//! scanning for `N G obj` headers when it cannot read one (its lenient load); from there the
//! pages are taken from the page tree when it survived, else from the page dictionaries found
//! (in object order), and a page whose content stream lies in the missing part is named as
//! lost instead of coming back as a silently empty page.

use lopdf::{Document, Object, ObjectId};

/// The file does not end with `%%EOF` (allowing trailing whitespace and a little junk):
/// every complete PDF revision ends with it, so the end of the file is missing.
pub fn is_cut_short(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    !tail.windows(5).any(|w| w == b"%%EOF")
}

/// Whether lopdf had to rebuild the cross-reference table by scanning the file.
pub fn xref_rebuilt(doc: &Document) -> bool {
    doc.xref_recovery == Some(lopdf::xref::XrefRecovery::Reconstructed)
}

/// Page dictionaries among the loaded objects, in object-number order: the pages of a file
/// whose page tree did not survive.
pub fn orphan_pages(doc: &Document) -> Vec<ObjectId> {
    doc.objects
        .iter()
        .filter(|(_, o)| {
            o.as_dict()
                .ok()
                .and_then(|d| d.get(b"Type").ok())
                .and_then(|t| t.as_name().ok())
                == Some(b"Page".as_slice())
        })
        .map(|(id, _)| *id)
        .collect()
}

/// Whether the page's content streams are all among the loaded objects (false when one lies
/// in the missing part of the file, or the page dictionary itself is gone).
pub fn content_present(doc: &Document, page_id: ObjectId) -> bool {
    let Ok(page) = doc.get_dictionary(page_id) else {
        return false;
    };
    let present = |o: &Object| match o {
        Object::Reference(id) => doc.objects.contains_key(id),
        _ => true,
    };
    match page.get(b"Contents") {
        Err(_) => true, // a page without content is blank by design
        Ok(Object::Reference(id)) => match doc.objects.get(id) {
            None => false,
            Some(Object::Array(parts)) => parts.iter().all(present),
            Some(_) => true,
        },
        Ok(Object::Array(parts)) => parts.iter().all(present),
        Ok(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn end_marker_decides_cut_short() {
        assert!(!is_cut_short(b"%PDF-1.4\n...\nstartxref\n123\n%%EOF\n"));
        assert!(!is_cut_short(b"%PDF-1.4\n...%%EOF\r\n\0\0"));
        assert!(is_cut_short(b"%PDF-1.4\n1 0 obj\n<< /Type /Page"));
    }
}
