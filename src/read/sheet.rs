//! xlsx / xls reader (calamine): one grid per sheet, merged regions as spans.
//!
//! What a grid holds:
//! - One [`Block::Grid`] per worksheet that has at least one non-empty cell, in workbook
//!   order. Empty sheets, chart sheets, dialog/macro sheets are skipped;
//!   [`Document::pages`] is the number of sheets the workbook lists (all of them).
//! - The grid is the sheet's used range: the bounding box of the non-empty cells, widened to
//!   cover every merged region that touches it. Grid row/col 0 is the top-left corner of that
//!   box (not necessarily A1); each cell's `origin.cell` gives its real A1 reference, and the
//!   grid's origin is the sheet name. Title, unit and footnote rows are inside the grid: the
//!   finder decides what they are.
//! - Only non-empty cells are stored, plus the anchor of every merged region (even when the
//!   anchor is blank, so header geometry survives). Values hidden under a merged region
//!   (non-anchor cells) are dropped, as Excel does not print them.
//! - Text cells keep their text as stored (leading spaces kept: indentation can carry the
//!   hierarchy); "\r\n" becomes "\n".
//! - Numbers get `CellFlag::Number` and an exact decimal rendering of what Excel shows in
//!   "General" format: at most 15 significant digits (Excel's precision) and at most 10
//!   decimals, trailing zeros trimmed. So formula noise 9316.630000000001 → "9316.63", a code
//!   stored as a number 2240101.0 → "2240101", 0.1+0.2 → "0.3". The cell's number format is
//!   not applied (a cell shown as "95.24%" reads "0.9523809524", a thousands separator is not
//!   added).
//! - Error values → their Excel spelling ("#DIV/0!") with `CellFlag::Error`.
//! - A formula with no cached value (files written by libraries that do not compute) →
//!   empty text, `CellFlag::FormulaWithoutValue` and a `formula_without_value` warning naming
//!   sheet and cell (xlsx and xls).
//! - Dates → ISO text ("2024-01-31", "2024-01-31T12:30:00"); booleans → "TRUE"/"FALSE".
//! - Hidden sheets are kept (never drop data) with a `hidden_sheet` warning, so a consumer can
//!   tell a printed table from a hidden helper/copy sheet.
//! - A sheet whose XML is damaged inside an otherwise readable workbook is skipped with a
//!   `sheet_unreadable` warning; a workbook that cannot be opened (truncated zip, broken OLE
//!   container) is [`ReadError::Corrupt`] with calamine's message; a password-protected .xls
//!   is [`ReadError::Encrypted`].

use super::limits::MAX_DOCUMENT_CELLS;
use super::{Format, ReadError, budget, cfb, xlsx_refs};
use crate::model::{Block, Cell, CellFlag, Document, Grid, Origin, ReadWarning};
use calamine::{Data, Dimensions, Reader, SheetType, SheetVisible, Xls, XlsError, Xlsx, XlsxError};
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::HashMap;
use std::io::Cursor;

/// Read a workbook: one `Block::Grid` per non-empty sheet, in workbook order.
pub fn read(bytes: &[u8], format: Format) -> Result<Document, ReadError> {
    match format {
        Format::Xlsx => read_xlsx(bytes),
        Format::Xls => read_xls(bytes),
        other => Err(ReadError::Unsupported(format!(
            "the spreadsheet reader was given a {other} file"
        ))),
    }
}

/// One non-empty source cell, absolute 0-based position.
struct RawCell {
    row: u32,
    col: u32,
    text: String,
    flag: Option<CellFlag>,
}

/// Everything read from one sheet before it becomes a grid.
struct RawSheet {
    name: String,
    visible: SheetVisible,
    cells: Vec<RawCell>,
    merges: Vec<Dimensions>,
    /// Positions and formula text of formulas without a cached value.
    formulas_without_value: Vec<(u32, u32, String)>,
    /// Reading stopped at [`MAX_DOCUMENT_CELLS`] cells.
    cut: bool,
}

/// Largest total of uncompressed XML in an xlsx package (a zip bomb guard).
pub const MAX_XLSX_XML: u64 = 256 * 1024 * 1024;
/// A sharedStrings `uniqueCount` above this is not passed on (calamine reserves that many).
const MAX_SHARED_STRINGS_HINT: u64 = 100_000;

fn read_xlsx(bytes: &[u8]) -> Result<Document, ReadError> {
    let pre = xlsx_preflight(bytes)?;
    let bytes = pre.patched.as_deref().unwrap_or(bytes);
    let mut wb: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| ReadError::damaged(format!("xlsx: {e}")))?;
    // A worksheet holding a reference past Excel's grid is skipped with the reason, never
    // handed to calamine; one that cannot be matched to its sheet name condemns the file.
    let mut damaged: HashMap<String, String> = HashMap::new();
    for (part, why) in pre.bad_parts {
        match pre.sheet_parts.get(&part.to_ascii_lowercase()) {
            Some(name) => {
                damaged.entry(name.clone()).or_insert(why);
            }
            None => return Err(ReadError::damaged(format!("xlsx: {part}: {why}"))),
        }
    }
    read_worksheets(&mut wb, |wb, name, visible| match damaged.get(name) {
        Some(why) => Err(why.clone()),
        None => read_xlsx_sheet(wb, name, visible).map_err(|e| e.to_string()),
    })
}

/// What [`xlsx_preflight`] found.
#[derive(Default)]
struct Preflight {
    /// A rebuilt package to read instead of the file's own bytes.
    patched: Option<Vec<u8>>,
    /// Worksheet parts (zip names) holding a cell reference past Excel's grid, and which.
    bad_parts: Vec<(String, String)>,
    /// Lower-cased worksheet part path → sheet name (filled only when `bad_parts` is not empty).
    sheet_parts: HashMap<String, String>,
}

/// Workbook and relationship parts are kept whole for the sheet-name map up to this size.
const MAX_WORKBOOK_XML: usize = 16 * 1024 * 1024;

/// Bound what calamine will be asked to hold before it opens the package: the XML parts
/// must inflate to at most [`MAX_XLSX_XML`] in all (counted while inflating, not from the
/// headers, which may lie); worksheet parts are scanned for cell references past Excel's grid
/// ([`xlsx_refs`]); and a sharedStrings `uniqueCount` too large to be true, which
/// calamine would reserve room for up front (1e11 strings: an abort), is replaced by zeros of
/// the same width in a rebuilt copy of the package (it is only a capacity hint). A package
/// the zip reader cannot open is left for calamine to report.
fn xlsx_preflight(bytes: &[u8]) -> Result<Preflight, ReadError> {
    let mut pre = Preflight::default();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(pre);
    };
    let (mut workbook, mut rels) = (Vec::new(), Vec::new());
    let mut total = 0u64;
    let mut patch: Option<(usize, Vec<u8>)> = None;
    for i in 0..zip.len() {
        let Ok(mut member) = zip.by_index(i) else {
            continue;
        };
        let name = String::from_utf8_lossy(member.name_raw()).to_ascii_lowercase();
        if !name.ends_with(".xml") && !name.ends_with(".rels") {
            continue;
        }
        let shared = name.ends_with("sharedstrings.xml");
        let mut refs = name
            .starts_with("xl/worksheets/")
            .then(xlsx_refs::RefScan::default);
        let mut keep = match name.as_str() {
            "xl/workbook.xml" => Some(&mut workbook),
            "xl/_rels/workbook.xml.rels" => Some(&mut rels),
            _ => None,
        };
        let mut head = Vec::new();
        let mut sink = [0u8; 64 * 1024];
        let mut broken = None;
        loop {
            budget::charge(1).map_err(ReadError::from_budget)?;
            let n = match std::io::Read::read(&mut member, &mut sink) {
                Ok(0) => break,
                Err(e) => {
                    // A worksheet whose deflate data or CRC is bad is damaged as a whole:
                    // calamine would parse the part of it inflated before the error (a
                    // prefix this scan, reading in larger pieces, may not have seen: the
                    // xlsx fuzz target found a backwards merge range there).
                    broken = Some(format!("its compressed data is damaged ({e})"));
                    break;
                }
                Ok(n) => n,
            };
            total += n as u64;
            if total > MAX_XLSX_XML {
                return Err(ReadError::TooLarge(format!(
                    "xlsx: its XML parts inflate to more than {} MB",
                    MAX_XLSX_XML / (1024 * 1024)
                )));
            }
            if shared && head.len() < 4096 {
                head.extend_from_slice(&sink[..n.min(4096 - head.len())]);
            }
            if let Some(r) = refs.as_mut() {
                r.feed(&sink[..n]);
            }
            if let Some(k) = keep.as_deref_mut().filter(|k| k.len() < MAX_WORKBOOK_XML) {
                k.extend_from_slice(&sink[..n]);
            }
        }
        if let Some(why) = refs
            .and_then(xlsx_refs::RefScan::finish)
            .or(broken.filter(|_| name.starts_with("xl/worksheets/")))
        {
            pre.bad_parts
                .push((String::from_utf8_lossy(member.name_raw()).into_owned(), why));
        }
        if shared && patch.is_none() {
            if let Some(range) = oversized_unique_count(&head) {
                let mut whole = Vec::new();
                drop(member);
                if let Ok(m) = zip.by_index(i) {
                    let _ = std::io::Read::read_to_end(
                        &mut std::io::Read::take(m, MAX_XLSX_XML),
                        &mut whole,
                    );
                }
                whole[range].fill(b'0');
                patch = Some((i, whole));
            }
        }
    }
    if !pre.bad_parts.is_empty() {
        pre.sheet_parts = xlsx_refs::sheet_parts(&workbook, &rels)
            .into_iter()
            .map(|(part, name)| (part.to_ascii_lowercase(), name))
            .collect();
    }
    let Some((index, content)) = patch else {
        return Ok(pre);
    };
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let rebuild_err = |e: zip::result::ZipError| ReadError::damaged(format!("xlsx: {e}"));
    for i in 0..zip.len() {
        if i == index {
            let name = zip
                .by_index_raw(i)
                .map_err(rebuild_err)?
                .name()
                .map_err(rebuild_err)?
                .to_string();
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            out.start_file(name, opts).map_err(rebuild_err)?;
            std::io::Write::write_all(&mut out, &content)
                .map_err(|e| ReadError::damaged(format!("xlsx: {e}")))?;
        } else {
            let m = zip.by_index_raw(i).map_err(rebuild_err)?;
            out.raw_copy_file(m).map_err(rebuild_err)?;
        }
    }
    pre.patched = Some(out.finish().map_err(rebuild_err)?.into_inner());
    Ok(pre)
}

/// The byte range of the digits of `<sst uniqueCount="…">` when the count is above
/// [`MAX_SHARED_STRINGS_HINT`].
fn oversized_unique_count(head: &[u8]) -> Option<std::ops::Range<usize>> {
    let sst = head.windows(4).position(|w| w == b"<sst")?;
    let key = b"uniqueCount=";
    let k = sst + head[sst..].windows(key.len()).position(|w| w == key)? + key.len();
    let quote = *head.get(k)?;
    let start = k + 1;
    let len = head[start..].iter().position(|&b| b == quote)?;
    let digits = &head[start..start + len];
    let big = match std::str::from_utf8(digits).ok()?.trim().parse::<u64>() {
        Ok(n) => n > MAX_SHARED_STRINGS_HINT,
        Err(_) => true, // calamine would not use it; zeroing it is harmless
    };
    big.then_some(start..start + len)
}

fn read_xlsx_sheet(
    wb: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    visible: SheetVisible,
) -> Result<RawSheet, XlsxError> {
    let mut cells = Vec::new();
    let mut fwv = Vec::new();
    {
        let mut reader = wb.worksheet_cells_reader(name)?;
        while let Some(c) = reader.next_cell_with_formula()? {
            if budget::charge(1).is_err() || cells.len() + fwv.len() >= MAX_DOCUMENT_CELLS {
                break;
            }
            let (row, col) = c.pos;
            let data: Data = c.value.into();
            match render(&data) {
                Some((text, flag)) => cells.push(RawCell {
                    row,
                    col,
                    text,
                    flag,
                }),
                None => {
                    if let Some(f) = c.formula.filter(|f| !f.trim().is_empty()) {
                        fwv.push((row, col, f));
                    }
                }
            }
        }
    }
    let merges = wb.merge_cells_by_sheet_name(name)?;
    let cut = cells.len() + fwv.len() >= MAX_DOCUMENT_CELLS;
    Ok(RawSheet {
        name: name.to_string(),
        visible,
        cells,
        merges,
        formulas_without_value: fwv,
        cut,
    })
}

fn read_xls(bytes: &[u8]) -> Result<Document, ReadError> {
    // Looping sector chains and sheets too large to lay out are refused before calamine.
    cfb::check_xls(bytes)?;
    let mut wb: Xls<_> = Xls::new(Cursor::new(bytes)).map_err(|e| match e {
        XlsError::Password => ReadError::Encrypted,
        e => ReadError::damaged(format!("xls: {e}")),
    })?;
    read_worksheets(&mut wb, read_xls_sheet)
}

/// Every worksheet of a workbook, in workbook order, through the format's own sheet reader;
/// chart sheets are skipped and a sheet that fails becomes a warning, not a lost workbook.
fn read_worksheets<'a, W: Reader<Cursor<&'a [u8]>>, E: std::fmt::Display>(
    wb: &mut W,
    read_sheet: impl Fn(&mut W, &str, SheetVisible) -> Result<RawSheet, E>,
) -> Result<Document, ReadError> {
    let sheets = wb.sheets_metadata().to_vec();
    let mut doc = Document {
        pages: Some(sheets.len() as u32),
        ..Default::default()
    };
    for sheet in &sheets {
        if sheet.typ != SheetType::WorkSheet {
            continue;
        }
        match read_sheet(wb, &sheet.name, sheet.visible) {
            Ok(raw) => push_sheet(&mut doc, raw),
            Err(e) => doc.warnings.push(unreadable(&sheet.name, &e.to_string())),
        }
    }
    finish(doc, sheets.len())
}

fn read_xls_sheet(
    wb: &mut Xls<Cursor<&[u8]>>,
    name: &str,
    visible: SheetVisible,
) -> Result<RawSheet, XlsError> {
    let range = wb.worksheet_range(name)?;
    let formulas = wb.worksheet_formula(name)?;
    let merges = wb.merge_cells_by_sheet_name(name)?;
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut cells = Vec::new();
    for (r, c, data) in range.used_cells() {
        if let Some((text, flag)) = render(data) {
            cells.push(RawCell {
                row: r0 + r as u32,
                col: c0 + c as u32,
                text,
                flag,
            });
        }
    }
    let mut fwv = Vec::new();
    let (f0, g0) = formulas.start().unwrap_or((0, 0));
    for (r, c, f) in formulas.used_cells() {
        let pos = (f0 + r as u32, g0 + c as u32);
        let has_value = range.get_value(pos).is_some_and(|d| render(d).is_some());
        if !has_value && !f.trim().is_empty() {
            fwv.push((pos.0, pos.1, f.clone()));
        }
    }
    Ok(RawSheet {
        name: name.to_string(),
        visible,
        cells,
        merges,
        formulas_without_value: fwv,
        cut: false,
    })
}

fn unreadable(sheet: &str, msg: &str) -> ReadWarning {
    ReadWarning {
        code: "sheet_unreadable".into(),
        message: format!("sheet {sheet} could not be read and was skipped: {msg}"),
        origin: Origin::sheet(sheet),
    }
}

/// A workbook where every worksheet failed to parse is damaged, not empty.
fn finish(doc: Document, n_sheets: usize) -> Result<Document, ReadError> {
    let failed = doc
        .warnings
        .iter()
        .filter(|w| w.code == "sheet_unreadable")
        .count();
    if n_sheets > 0 && failed == n_sheets && doc.blocks.is_empty() {
        let first = &doc.warnings[0].message;
        return Err(ReadError::damaged(if n_sheets == 1 {
            first.clone()
        } else {
            format!("none of its {n_sheets} sheets can be read; {first}")
        }));
    }
    Ok(doc)
}

/// Turn one sheet's raw cells into a grid (if it has any content) and its warnings.
fn push_sheet(doc: &mut Document, raw: RawSheet) {
    let RawSheet {
        name,
        visible,
        mut cells,
        merges,
        formulas_without_value,
        cut,
    } = raw;
    let sheet_origin = Origin::sheet(&name);
    if cut {
        doc.warnings
            .push(super::limits::too_many_cells(sheet_origin.clone()));
    }
    if merges.len() > MAX_MERGES {
        doc.warnings.push(ReadWarning {
            code: "too_many_merges".into(),
            message: format!(
                "sheet {name} has {} merged regions; only the first {MAX_MERGES} were applied",
                merges.len()
            ),
            origin: sheet_origin.clone(),
        });
    }
    for (row, col, formula) in formulas_without_value {
        let cell = a1(row, col);
        doc.warnings.push(ReadWarning {
            code: "formula_without_value".into(),
            message: format!(
                "sheet {name}, cell {cell}: formula ={formula} has no saved value \
                 (the file was not recalculated); the printed value is unknown"
            ),
            origin: sheet_origin.with_cell(cell),
        });
        cells.push(RawCell {
            row,
            col,
            text: String::new(),
            flag: Some(CellFlag::FormulaWithoutValue),
        });
    }
    if cells.is_empty() {
        return;
    }
    if visible != SheetVisible::Visible {
        doc.warnings.push(ReadWarning {
            code: "hidden_sheet".into(),
            message: format!("sheet {name} is hidden in the workbook; its cells are kept"),
            origin: sheet_origin.clone(),
        });
    }
    if let Some(grid) = build_grid(&sheet_origin, cells, &merges) {
        doc.blocks.push(Block::Grid(grid));
    }
}

/// Merged regions applied per sheet (each is checked against the others kept: quadratic).
const MAX_MERGES: usize = 10_000;

/// Lay the cells out on a grid anchored at the used range's top-left corner, merged regions
/// as spans on their anchors.
fn build_grid(sheet_origin: &Origin, cells: Vec<RawCell>, merges: &[Dimensions]) -> Option<Grid> {
    let mut r_min = cells.iter().map(|c| c.row).min()?;
    let mut r_max = cells.iter().map(|c| c.row).max()?;
    let mut c_min = cells.iter().map(|c| c.col).min()?;
    let mut c_max = cells.iter().map(|c| c.col).max()?;
    // Merged regions that touch the content box belong to the table; widen the box to cover
    // them whole. Regions far away (formatting left over) are ignored.
    let (cr0, cr1, cc0, cc1) = (r_min, r_max, c_min, c_max);
    let mut used_merges: Vec<Dimensions> = Vec::new();
    for m in merges.iter().take(MAX_MERGES) {
        let (s, e) = (m.start, m.end);
        if e.0 < s.0 || e.1 < s.1 {
            continue;
        }
        let touches = s.0 <= cr1 && e.0 >= cr0 && s.1 <= cc1 && e.1 >= cc0;
        if !touches || (s == e) {
            continue;
        }
        // Overlapping regions are invalid in Excel; keep the first.
        if used_merges
            .iter()
            .any(|u| s.0 <= u.end.0 && e.0 >= u.start.0 && s.1 <= u.end.1 && e.1 >= u.start.1)
        {
            continue;
        }
        r_min = r_min.min(s.0);
        r_max = r_max.max(e.0);
        c_min = c_min.min(s.1);
        c_max = c_max.max(e.1);
        used_merges.push(*m);
    }

    let mut by_pos: HashMap<(u32, u32), RawCell> =
        cells.into_iter().map(|c| ((c.row, c.col), c)).collect();
    let mut out: Vec<Cell> = Vec::with_capacity(by_pos.len());
    let make = |row: u32, col: u32, text: String, flag: Option<CellFlag>| Cell {
        row: row - r_min,
        col: col - c_min,
        row_span: 1,
        col_span: 1,
        text,
        flag,
        origin: sheet_origin.with_cell(a1(row, col)),
    };
    for m in &used_merges {
        let (s, e) = (m.start, m.end);
        let anchor = by_pos.remove(&s);
        // Anything under the region besides the anchor is not printed. Looked up cell by cell
        // for a small region, by scanning the cells for a large one (a region may cover a
        // whole sheet: 17 billion positions).
        let area = (e.0 - s.0 + 1) as u64 * (e.1 - s.1 + 1) as u64;
        if budget::charge(area.min(by_pos.len() as u64)).is_err() {
            break; // the reader reports the spent budget
        }
        if area <= by_pos.len() as u64 {
            for r in s.0..=e.0 {
                for c in s.1..=e.1 {
                    by_pos.remove(&(r, c));
                }
            }
        } else {
            by_pos.retain(|&(r, c), _| !(r >= s.0 && r <= e.0 && c >= s.1 && c <= e.1));
        }
        let mut cell = match anchor {
            Some(a) => make(s.0, s.1, a.text, a.flag),
            None => make(s.0, s.1, String::new(), None),
        };
        cell.row_span = e.0 - s.0 + 1;
        cell.col_span = e.1 - s.1 + 1;
        out.push(cell);
    }
    out.extend(
        by_pos
            .into_values()
            .map(|c| make(c.row, c.col, c.text, c.flag)),
    );
    out.sort_by_key(|c| (c.row, c.col));
    Some(Grid {
        rows: r_max - r_min + 1,
        cols: c_max - c_min + 1,
        cells: out,
        origin: sheet_origin.clone(),
    })
}

/// Text and flag of a cell value; `None` for an empty cell.
fn render(d: &Data) -> Option<(String, Option<CellFlag>)> {
    Some(match d {
        Data::Empty => return None,
        Data::String(s) => {
            if s.is_empty() {
                return None;
            }
            (s.replace("\r\n", "\n").replace('\r', "\n"), None)
        }
        Data::Int(i) => (i.to_string(), Some(CellFlag::Number)),
        Data::Float(f) => (format_number(*f), Some(CellFlag::Number)),
        Data::Bool(b) => ((if *b { "TRUE" } else { "FALSE" }).to_string(), None),
        Data::Error(e) => (e.to_string(), Some(CellFlag::Error)),
        Data::DateTime(dt) => {
            if dt.is_duration() {
                (format_duration(dt.as_f64()), None)
            } else {
                let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
                let time = (h, mi, s, ms) != (0, 0, 0, 0);
                let text = if dt.as_f64() < 1.0 && dt.as_f64() >= 0.0 && time {
                    format!("{h:02}:{mi:02}:{s:02}")
                } else if time {
                    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}")
                } else {
                    format!("{y:04}-{mo:02}-{d:02}")
                };
                (text, None)
            }
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => (s.clone(), None),
    })
}

fn format_duration(days: f64) -> String {
    let total = (days * 86_400.0).round() as i64;
    let sign = if total < 0 { "-" } else { "" };
    let t = total.abs();
    format!("{sign}{}:{:02}:{:02}", t / 3600, (t / 60) % 60, t % 60)
}

/// Exact decimal text of a stored double, as Excel's "General" format would show it at full
/// width: 15 significant digits at most, 10 decimals at most, no trailing zeros, no exponent.
pub(crate) fn format_number(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    let sci = format!("{f:.14e}");
    match Decimal::from_scientific(&sci) {
        Ok(d) => {
            let d = d
                .round_dp_with_strategy(10, RoundingStrategy::MidpointAwayFromZero)
                .normalize();
            if d.is_zero() {
                "0".to_string()
            } else {
                d.to_string()
            }
        }
        // Beyond Decimal's range (> 7.9e28): Rust's shortest round-trip text.
        Err(_) => format!("{f}"),
    }
}

/// "A1"-style reference of a 0-based (row, col).
fn a1(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = col as u64 + 1;
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!(
        "{}{}",
        String::from_utf8(letters).unwrap_or_default(),
        row + 1
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::read::test_fixture as fixture;

    fn grids(doc: &Document) -> Vec<&Grid> {
        doc.grids().collect()
    }

    /// (row, col, row_span, col_span, text, cell ref) of every cell, for exact comparison.
    fn layout(g: &Grid) -> Vec<(u32, u32, u32, u32, String, String)> {
        g.cells
            .iter()
            .map(|c| {
                (
                    c.row,
                    c.col,
                    c.row_span,
                    c.col_span,
                    c.text.clone(),
                    c.origin.cell.clone().unwrap_or_default(),
                )
            })
            .collect()
    }

    fn at<'a>(g: &'a Grid, cell: &str) -> &'a Cell {
        g.cells
            .iter()
            .find(|c| c.origin.cell.as_deref() == Some(cell))
            .unwrap_or_else(|| panic!("no cell {cell}"))
    }

    #[test]
    fn number_rendering() {
        assert_eq!(format_number(9316.630000000001), "9316.63");
        assert_eq!(format_number(2240101.0), "2240101");
        assert_eq!(format_number(0.1 + 0.2), "0.3");
        assert_eq!(format_number(-31.46), "-31.46");
        assert_eq!(format_number(0.0), "0");
        assert_eq!(format_number(-0.0), "0");
        assert_eq!(format_number(1234567890123.45), "1234567890123.45");
        assert_eq!(format_number(0.9523809523809523), "0.9523809524");
        assert_eq!(format_number(1e-13), "0");
        assert_eq!(format_number(96.07 * 10000.0), "960700");
        assert_eq!(format_number(1e20), "100000000000000000000");
        assert_eq!(format_number(2.5e-7), "0.00000025");
    }

    #[test]
    fn a1_refs() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(11, 1), "B12");
        assert_eq!(a1(0, 25), "Z1");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(0, 701), "ZZ1");
        assert_eq!(a1(0, 702), "AAA1");
    }

    #[test]
    fn xlsx_cells_spans_and_origins() {
        let doc = read(&fixture("sheet_basic.xlsx"), Format::Xlsx).unwrap();
        assert_eq!(doc.pages, Some(4));
        let gs = grids(&doc);
        // "Empty" is skipped; the hidden sheet is kept.
        let names: Vec<_> = gs.iter().map(|g| g.origin.sheet.clone().unwrap()).collect();
        assert_eq!(names, ["Table1", "\u{4e2d}\u{6587}", "Hidden"]);
        let g = gs[0];
        assert_eq!(g.origin, Origin::sheet("Table1"));
        assert_eq!((g.rows, g.cols), (10, 5));
        let s = |x: &str| x.to_string();
        assert_eq!(
            layout(g),
            vec![
                (0, 0, 1, 5, s("Title of the table"), s("A1")),
                (1, 4, 1, 1, s("Unit: 10k"), s("E2")),
                (2, 0, 1, 2, s("Item"), s("A3")),
                (2, 2, 1, 2, s("This year"), s("C3")),
                (2, 4, 2, 1, s("Note"), s("E3")),
                (3, 0, 1, 1, s("Code"), s("A4")),
                (3, 1, 1, 1, s("Name"), s("B4")),
                (3, 2, 1, 1, s("Total"), s("C4")),
                (3, 3, 1, 1, s("Basic"), s("D4")),
                (4, 0, 1, 1, s("2240101"), s("A5")),
                (4, 1, 1, 1, s("Line one\nwrapped"), s("B5")),
                (4, 2, 1, 1, s("9316.63"), s("C5")),
                (4, 3, 1, 1, s("0"), s("D5")),
                (4, 4, 1, 1, s("2024-01-31"), s("E5")),
                (5, 0, 1, 1, s("2240102"), s("A6")),
                (5, 1, 1, 1, s("Line two"), s("B6")),
                (5, 2, 1, 1, s("0.3"), s("C6")),
                (5, 3, 1, 1, s("#DIV/0!"), s("D6")),
                (5, 4, 1, 1, s("-31.46"), s("E6")),
                (6, 0, 1, 1, s("2240199"), s("A7")),
                (6, 1, 1, 1, s("  indented"), s("B7")),
                (6, 2, 1, 1, s(""), s("C7")),
                (6, 3, 1, 1, s("1234567890123.45"), s("D7")),
                (6, 4, 1, 1, s("0.9523809524"), s("E7")),
                (8, 0, 2, 2, s(""), s("A9")),
                (9, 2, 1, 1, s("last"), s("C10")),
            ]
        );
        assert!(
            g.cells
                .iter()
                .all(|c| c.origin.sheet.as_deref() == Some("Table1"))
        );
        assert_eq!(at(g, "A5").flag, Some(CellFlag::Number));
        assert_eq!(at(g, "A6").flag, Some(CellFlag::Number));
        assert_eq!(at(g, "A7").flag, None, "a code stored as text stays text");
        assert_eq!(at(g, "C5").flag, Some(CellFlag::Number));
        assert_eq!(at(g, "D6").flag, Some(CellFlag::Error));
        assert_eq!(at(g, "C7").flag, Some(CellFlag::FormulaWithoutValue));
        assert_eq!(at(g, "B5").flag, None);
        // The merged header is found from any covered position.
        assert_eq!(g.covering(3, 4).map(|c| c.text.as_str()), Some("Note"));
        assert_eq!(
            g.covering(0, 3).map(|c| c.text.as_str()),
            Some("Title of the table")
        );

        let fwv: Vec<_> = doc
            .warnings
            .iter()
            .filter(|w| w.code == "formula_without_value")
            .collect();
        assert_eq!(fwv.len(), 1);
        assert_eq!(fwv[0].origin, Origin::sheet("Table1").with_cell("C7"));
        assert!(fwv[0].message.contains("SUM(C5:C6)"), "{}", fwv[0].message);
        let hidden: Vec<_> = doc
            .warnings
            .iter()
            .filter(|w| w.code == "hidden_sheet")
            .collect();
        assert_eq!(hidden.len(), 1);
        assert_eq!(hidden[0].origin, Origin::sheet("Hidden"));
        assert_eq!(doc.warnings.len(), 2);
    }

    #[test]
    fn xlsx_grid_starts_at_used_range() {
        let doc = read(&fixture("sheet_basic.xlsx"), Format::Xlsx).unwrap();
        let g = grids(&doc)[1];
        assert_eq!((g.rows, g.cols), (2, 3));
        let s = |x: &str| x.to_string();
        assert_eq!(
            layout(g),
            vec![
                (0, 0, 1, 1, s("offset start"), s("B2")),
                (1, 1, 1, 1, s("12.5"), s("C3")),
                (1, 2, 1, 1, s("TRUE"), s("D3")),
            ]
        );
    }

    #[test]
    fn xls_old_format_with_merges() {
        let doc = read(&fixture("sheet_old.xls"), Format::Xls).unwrap();
        assert_eq!(doc.pages, Some(2));
        let gs = grids(&doc);
        assert_eq!(gs.len(), 1, "the blank sheet is skipped");
        let g = gs[0];
        assert_eq!(g.origin, Origin::sheet("Old"));
        assert_eq!((g.rows, g.cols), (5, 4));
        let s = |x: &str| x.to_string();
        assert_eq!(
            layout(g),
            vec![
                (0, 0, 1, 4, s("Old title"), s("A1")),
                (1, 0, 2, 1, s("Code"), s("A2")),
                (1, 1, 1, 3, s("Amounts"), s("B2")),
                (2, 1, 1, 1, s("Total"), s("B3")),
                (2, 2, 1, 1, s("Basic"), s("C3")),
                (2, 3, 1, 1, s("Project"), s("D3")),
                (3, 0, 1, 1, s("2240101"), s("A4")),
                (3, 1, 1, 1, s("9316.63"), s("B4")),
                (3, 2, 1, 1, s("6702"), s("C4")),
                (3, 3, 1, 1, s("2614.63"), s("D4")),
                (4, 0, 1, 1, s("2240102"), s("A5")),
                (4, 1, 1, 1, s("-31.46"), s("B5")),
            ]
        );
        assert_eq!(at(g, "A4").flag, Some(CellFlag::Number));
        assert_eq!(at(g, "A5").flag, None);
        assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
    }

    #[test]
    fn xls_saved_by_libreoffice_matches_the_xlsx() {
        let xls = read(&fixture("sheet_lo.xls"), Format::Xls).unwrap();
        let xlsx = read(&fixture("sheet_basic.xlsx"), Format::Xlsx).unwrap();
        let (a, b) = (grids(&xls)[0], grids(&xlsx)[0]);
        assert_eq!((a.rows, a.cols), (b.rows, b.cols));
        // Same layout and texts, except cells LibreOffice computed or typed differently.
        for (ca, cb) in a.cells.iter().zip(&b.cells) {
            assert_eq!(
                (ca.row, ca.col, ca.row_span, ca.col_span),
                (cb.row, cb.col, cb.row_span, cb.col_span)
            );
            match cb.origin.cell.as_deref() {
                // LibreOffice recalculates on save: the formula gets a value.
                Some("C7") => assert_eq!(ca.text, "9316.93"),
                _ => assert_eq!(ca.text, cb.text, "{:?}", cb.origin),
            }
        }
        assert_eq!(a.cells.len(), b.cells.len());
    }

    #[test]
    fn truncated_workbooks_are_corrupt() {
        for (name, format) in [
            ("sheet_basic.xlsx", Format::Xlsx),
            ("sheet_old.xls", Format::Xls),
        ] {
            let bytes = fixture(name);
            let cut = &bytes[..bytes.len() / 2];
            match read(cut, format) {
                Err(ReadError::Corrupt(msg)) => assert!(!msg.is_empty()),
                other => panic!("{name}: expected Corrupt, got {other:?}"),
            }
        }
        assert!(matches!(
            read(b"not a workbook", Format::Xlsx),
            Err(ReadError::Corrupt(_))
        ));
    }
}
