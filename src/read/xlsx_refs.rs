//! Cell references in an xlsx worksheet, checked before calamine parses them.
//!
//! calamine turns a reference such as `A1` or `A1:XFD1048576` (cell `r`, row `r`, dimension,
//! merge and formula `ref` attributes) into numbers by plain u32 arithmetic: a column of seven
//! or more letters, or a row of ten or more digits, overflows (a panic where overflow checks
//! are on, a silently wrong position where they are off). Excel's grid ends at column XFD
//! (16384) and row 1048576, so a reference past it is damage, never data: a worksheet part
//! holding one is found here while the package is inflated, and the sheet is skipped with the
//! reason instead of being read at a wrapped position.

use quick_xml::Reader;
use quick_xml::events::Event;
use std::collections::HashMap;

/// Excel's last column (XFD) and row.
pub const MAX_COL: u64 = 16_384;
pub const MAX_ROW: u64 = 1_048_576;

/// Streaming scan of one XML part for ` r="…"` and ` ref="…"` attribute values that lie
/// outside Excel's grid. Fed in chunks; remembers the first bad value.
#[derive(Default)]
pub struct RefScan {
    tail: [u8; 6],
    quote: Option<u8>,
    value: Vec<u8>,
    overlong: bool,
    bad: Option<String>,
}

/// Bytes of a value kept (longer values are judged by their start, which already overflows).
const KEEP: usize = 64;

impl RefScan {
    pub fn feed(&mut self, bytes: &[u8]) {
        if self.bad.is_some() {
            return;
        }
        for &b in bytes {
            if let Some(q) = self.quote {
                if b == q {
                    self.quote = None;
                    if let Some(why) = out_of_grid(&self.value) {
                        let mut shown = String::from_utf8_lossy(&self.value).into_owned();
                        if self.overlong {
                            shown.push('…');
                        }
                        self.bad = Some(format!("cell reference \"{shown}\" {why}"));
                        return;
                    }
                    self.value.clear();
                    self.overlong = false;
                } else if self.value.len() < KEEP {
                    self.value.push(b);
                } else {
                    self.overlong = true;
                }
                continue;
            }
            self.tail.rotate_left(1);
            self.tail[5] = b;
            if b == b'"' || b == b'\'' {
                let t = &self.tail;
                let ws = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r');
                if (ws(t[2]) && t[3] == b'r' && t[4] == b'=') || (ws(t[0]) && &t[1..5] == b"ref=") {
                    self.quote = Some(b);
                }
            }
        }
    }

    /// The first reference found outside the grid, as a sentence fragment.
    pub fn finish(self) -> Option<String> {
        self.bad
    }
}

/// Why a reference (one cell, a row number, or `A:B`) lies outside Excel's grid, judged the
/// way calamine reads it: a run of letters (the column), then a run of digits (the row). A
/// range `A10:B2` whose end lies above or left of its start is refused too: calamine
/// subtracts start from end (an overflow; a wrapped, four-billion-row size without checks),
/// and Excel always writes ranges top-left first.
fn out_of_grid(value: &[u8]) -> Option<String> {
    let mut corners: Vec<Option<(u64, u64)>> = Vec::new();
    for part in value.split(|&b| b == b':') {
        let letters = part.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        let digits = part[letters..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let col = part[..letters].iter().try_fold(0u64, |n, &c| {
            let n = n * 26 + (c.to_ascii_uppercase() - b'A') as u64 + 1;
            (n <= MAX_COL).then_some(n)
        });
        let Some(col) = col else {
            return Some("lies past Excel's last column (XFD)".into());
        };
        let row = part[letters..letters + digits]
            .iter()
            .try_fold(0u64, |n, &d| {
                let n = n * 10 + (d - b'0') as u64;
                (n <= MAX_ROW).then_some(n)
            });
        let Some(row) = row else {
            return Some("lies past Excel's last row (1048576)".into());
        };
        // Only a whole cell (letters then digits, nothing else) is a corner calamine reads.
        let whole = letters > 0 && digits > 0 && letters + digits == part.len();
        corners.push(whole.then_some((col, row)));
    }
    if let [Some(start), Some(end)] = corners[..]
        && (end.0 < start.0 || end.1 < start.1)
    {
        return Some("ends above or left of where it starts".into());
    }
    None
}

/// Worksheet part path (as stored in the zip, no leading '/') → sheet name, from
/// `xl/workbook.xml` and its relationships. Empty when either is missing or unreadable.
pub fn sheet_parts(workbook: &[u8], rels: &[u8]) -> HashMap<String, String> {
    let mut ids: HashMap<String, String> = HashMap::new(); // rId → name
    for_each_element(workbook, "sheet", |attrs| {
        let name = attrs.iter().find(|(k, _)| k == "name").map(|a| a.1.clone());
        let id = attrs
            .iter()
            .find(|(k, _)| k.ends_with(":id"))
            .map(|a| a.1.clone());
        if let (Some(name), Some(id)) = (name, id) {
            ids.insert(id, name);
        }
    });
    let mut out = HashMap::new();
    for_each_element(rels, "Relationship", |attrs| {
        let get = |want: &str| attrs.iter().find(|(k, _)| k == want).map(|a| a.1.clone());
        if let (Some(id), Some(target)) = (get("Id"), get("Target")) {
            if let Some(name) = ids.get(&id) {
                let path = match target.strip_prefix('/') {
                    Some(abs) => abs.to_string(),
                    None => format!("xl/{target}"),
                };
                out.insert(path, name.clone());
            }
        }
    });
    out
}

/// Call `f` with the (qualified name, unescaped value) attributes of every element whose
/// local name is `local`.
fn for_each_element(xml: &[u8], local: &str, mut f: impl FnMut(&[(String, String)])) {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.local_name().as_ref() == local => {
                let attrs: Vec<(String, String)> = e
                    .attributes()
                    .flatten()
                    .map(|a| {
                        let key = a.key.as_ref().to_string();
                        let raw = a.value.to_string();
                        let value = quick_xml::escape::unescape(&raw)
                            .map(|v| v.into_owned())
                            .unwrap_or(raw);
                        (key, value)
                    })
                    .collect();
                f(&attrs);
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(xml: &str) -> Option<String> {
        let mut s = RefScan::default();
        // In two pieces, split inside an attribute, as a chunked read would.
        let (a, b) = xml.split_at(xml.len() / 2);
        s.feed(a.as_bytes());
        s.feed(b.as_bytes());
        s.finish()
    }

    #[test]
    fn references_inside_the_grid_pass() {
        assert_eq!(
            scan(
                r#"<dimension ref="A1:XFD1048576"/><row r="3"><c r="B3" t="s"/></row><mergeCell ref="A1:C2"/>"#
            ),
            None
        );
        // Other attributes ending in r / ref are not references.
        assert_eq!(
            scan(r#"<x attr="AAAAAAAAAA1" xref="ZZZZZZZZ1" Target="r"/>"#),
            None
        );
        // Malformed but not overflowing: calamine reports those itself.
        assert_eq!(scan(r#"<c r="$A$1"/><c r="1A"/>"#), None);
    }

    #[test]
    fn references_past_the_grid_are_found() {
        let m = scan(r#"<dimension ref="A1:AtUpPrtlenain"/>"#).unwrap();
        assert!(
            m.contains("\"A1:AtUpPrtlenain\"") && m.contains("last column"),
            "{m}"
        );
        let m = scan(r#"<row r='99999999999'>"#).unwrap();
        assert!(m.contains("last row"), "{m}");
        assert!(scan(r#"<c r="XFE1"/>"#).unwrap().contains("last column"));
        assert!(scan(r#"<c r="A1048577"/>"#).unwrap().contains("last row"));
        let long = format!(r#"<c r="{}1"/>"#, "A".repeat(200));
        assert!(scan(&long).unwrap().contains('…'));
    }

    #[test]
    fn ranges_written_backwards_are_found() {
        // From the xlsx fuzz target: calamine subtracts the corners of a merge range.
        for r in ["A10640:B1040", "B1:A2", "C3:A1"] {
            let m = scan(&format!(r#"<mergeCell ref="{r}"/>"#)).unwrap();
            assert!(m.contains("ends above or left of where it starts"), "{m}");
        }
        // One cell, a proper range, and shapes calamine refuses by itself pass.
        for r in ["A1:A1", "A1:B2", "B2", "A:B", "1:3", "B2:A"] {
            assert_eq!(scan(&format!(r#"<mergeCell ref="{r}"/>"#)), None, "{r}");
        }
    }

    #[test]
    fn sheet_names_map_to_parts() {
        let wb = br#"<workbook xmlns:r="x"><sheets><sheet name="A &amp; B" sheetId="1" r:id="rId1"/><sheet name="S2" sheetId="2" r:id="rId2"/></sheets></workbook>"#;
        let rels = br#"<Relationships><Relationship Id="rId1" Type="t" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="t" Target="/xl/worksheets/other.xml"/></Relationships>"#;
        let m = sheet_parts(wb, rels);
        assert_eq!(m["xl/worksheets/sheet1.xml"], "A & B");
        assert_eq!(m["xl/worksheets/other.xml"], "S2");
    }
}
