//! docx reader: document.xml in body order, paragraphs as text lines and tables as grids.
//!
//! Built on zip + quick-xml rather than docx-rs: docx-rs keeps `gridSpan` / `vMerge` behind
//! private fields (so merged header cells cannot be rebuilt) and measured about 9× slower
//! than this streaming reader on the same documents.
//!
//! What the document holds:
//! - Body order is kept: every paragraph (`w:p`) outside a table → one [`Block::Text`] (runs'
//!   `w:t` joined, `w:tab` → '\t', `w:br`/`w:cr` → '\n'); empty paragraphs are dropped.
//!   Deleted revisions (`w:del`, `w:delText`), field instructions and `mc:Fallback` copies are
//!   skipped; inserted revisions are read. Content controls (`w:sdt` → `w:sdtContent`) and
//!   `w:customXml`, `w:hyperlink`, `w:smartTag` wrappers are read through.
//! - Text boxes (`w:txbxContent`): their paragraphs become text lines right after the
//!   paragraph that anchors them (inside a table cell: extra lines of that cell).
//! - Every table (`w:tbl`) → one [`Block::Grid`] with `origin = Origin::table(i)`, `i` the
//!   0-based index of the table in document order (a nested table counts after its parent).
//!   Cells: `origin.cell = "r{row}c{col}"`, 1-based grid position. `w:gridSpan` → `col_span`;
//!   `w:vMerge` restart/continue → `row_span` on the restarting cell (the continuation cells
//!   are not stored); `w:gridBefore` shifts the row's first cell right, `w:gridAfter` leaves
//!   trailing positions empty. `cols` = max(tblGrid columns, widest row). Cell text = its
//!   paragraphs joined with '\n'. 1×1 cells with empty text are not stored (empty position);
//!   merged cells are stored even when empty.
//! - A nested table becomes its own grid, emitted right after the outermost table that holds
//!   it; it contributes nothing to the text of the outer cell.
//! - Bounds: document.xml larger than 200 MB uncompressed → [`ReadError::TooLarge`] (zip
//!   bomb); broken zip, missing document.xml, bad deflate data or malformed XML →
//!   [`ReadError::Corrupt`].

use super::limits::{MAX_DOCUMENT_CELLS, MAX_GRID_COLS};
use super::{ReadError, budget};
use crate::model::{Block, Cell, Document, Grid, Origin, TextLine};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::io::{Cursor, Read};

/// Largest document.xml accepted, uncompressed.
pub const MAX_DOCUMENT_XML: u64 = 200 * 1024 * 1024;

/// Read a Word document: paragraphs become `Block::Text`, tables `Block::Grid`, in body order.
pub fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    let xml = document_xml(bytes, MAX_DOCUMENT_XML)?;
    let text = match std::str::from_utf8(&xml) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(&xml),
    };
    parse_document(&text)
}

/// The uncompressed bytes of word/document.xml, refusing anything over `limit`.
fn document_xml(bytes: &[u8], limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ReadError::damaged(format!("docx: not a readable zip archive: {e}")))?;
    let mut entry = zip.by_name("word/document.xml").map_err(|e| {
        ReadError::damaged(format!("docx: word/document.xml cannot be opened: {e}"))
    })?;
    let too_large = || {
        ReadError::TooLarge(format!(
            "word/document.xml is larger than {} MB uncompressed",
            limit / (1024 * 1024)
        ))
    };
    if entry.size() > limit {
        return Err(too_large());
    }
    // The declared size may lie: never inflate more than limit + 1 bytes.
    let mut out = Vec::with_capacity(entry.size().min(limit) as usize);
    (&mut entry)
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| ReadError::damaged(format!("docx: word/document.xml: {e}")))?;
    if out.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(out)
}

/// One cell being read.
#[derive(Default)]
struct CellBuild {
    paras: Vec<String>,
    grid_span: u32,
    /// None: no vMerge; Some(true): restart; Some(false): continue.
    vmerge: Option<bool>,
}

/// One row being read.
#[derive(Default)]
struct RowBuild {
    grid_before: u32,
    cells: Vec<CellBuild>,
}

/// One table being read.
struct TableBuild {
    index: u32,
    grid_cols: u32,
    rows: Vec<RowBuild>,
}

/// One paragraph being read; `after` holds the paragraphs of text boxes anchored in it.
#[derive(Default)]
struct ParaBuild {
    text: String,
    after: Vec<String>,
}

/// What the parser is inside of, innermost last.
enum Frame {
    Table(TableBuild),
    Row(RowBuild),
    Cell(CellBuild),
    Para(ParaBuild),
    /// A text box inside a paragraph: its paragraphs go after the anchoring paragraph.
    TextBox,
}

struct Parser {
    frames: Vec<Frame>,
    blocks: Vec<Block>,
    /// Grids of nested tables, waiting for their outermost table to be emitted.
    pending: Vec<Grid>,
    next_table: u32,
    /// Depth (in elements) of a subtree being skipped, 0 when not skipping.
    skip_depth: u32,
    /// Whether the parser is inside a run (`w:r`), where `w:tab` is a tab character.
    in_run: u32,
    /// Inside `w:t`.
    in_text: bool,
    /// Cells kept so far in all tables; past [`MAX_DOCUMENT_CELLS`] cells are dropped.
    cells_kept: usize,
}

fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

fn prefix(name: &str) -> &str {
    match name.rfind(':') {
        Some(i) => &name[..i],
        None => "",
    }
}

/// `w:val` (or any `*:val`) attribute of an element.
fn val(e: &BytesStart) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| local(a.key.as_ref()) == "val")
        .map(|a| a.value.to_string())
}

fn parse_u32(v: Option<String>, default: u32) -> u32 {
    v.and_then(|s| s.trim().parse().ok()).unwrap_or(default)
}

/// Elements whose whole subtree holds no printed text.
fn skipped(name: &str) -> bool {
    matches!(
        name,
        "w:del"
            | "w:delText"
            | "w:instrText"
            | "w:delInstrText"
            | "mc:Fallback"
            | "w:rPr"
            | "w:pPr"
            | "w:sdtPr"
            | "w:tblPr"
            | "w:moveFrom"
    ) || (prefix(name) == "w" && matches!(local(name), "footnoteReference" | "commentReference"))
}

impl Parser {
    fn new() -> Self {
        Parser {
            frames: Vec::new(),
            blocks: Vec::new(),
            pending: Vec::new(),
            next_table: 0,
            skip_depth: 0,
            in_run: 0,
            in_text: false,
            cells_kept: 0,
        }
    }

    fn start(&mut self, e: &BytesStart, empty: bool) {
        let name_q = e.name();
        let name: &str = name_q.as_ref();
        if self.skip_depth > 0 {
            if !empty {
                self.skip_depth += 1;
            }
            return;
        }
        if skipped(name) {
            if !empty {
                self.skip_depth = 1;
            }
            return;
        }
        match name {
            "w:p" => {
                self.frames.push(Frame::Para(ParaBuild::default()));
                if empty {
                    self.end_para();
                }
            }
            "w:r" => {
                if !empty {
                    self.in_run += 1;
                }
            }
            "w:t" => self.in_text = !empty,
            "w:tab" if self.in_run > 0 => self.push_text("\t"),
            "w:br" | "w:cr" if self.in_run > 0 => self.push_text("\n"),
            "w:noBreakHyphen" if self.in_run > 0 => self.push_text("-"),
            "w:txbxContent" if !empty => self.frames.push(Frame::TextBox),
            "w:tbl" if !empty => {
                let index = self.next_table;
                self.next_table += 1;
                self.frames.push(Frame::Table(TableBuild {
                    index,
                    grid_cols: 0,
                    rows: Vec::new(),
                }));
            }
            "w:gridCol" => {
                if let Some(Frame::Table(t)) = self.frames.last_mut() {
                    t.grid_cols += 1;
                }
            }
            "w:tr" => {
                self.frames.push(Frame::Row(RowBuild::default()));
                if empty {
                    self.end_row();
                }
            }
            "w:gridBefore" => {
                if let Some(Frame::Row(r)) = self.frames.last_mut() {
                    // Bounded before use: a span of 4000000000 must not size a vector.
                    r.grid_before = parse_u32(val(e), 0).min(MAX_GRID_COLS);
                }
            }
            "w:tc" => {
                self.frames.push(Frame::Cell(CellBuild {
                    grid_span: 1,
                    ..Default::default()
                }));
                if empty {
                    self.end_cell();
                }
            }
            "w:gridSpan" => {
                if let Some(Frame::Cell(c)) = self.frames.last_mut() {
                    c.grid_span = parse_u32(val(e), 1).clamp(1, MAX_GRID_COLS);
                }
            }
            "w:vMerge" => {
                if let Some(Frame::Cell(c)) = self.frames.last_mut() {
                    c.vmerge = Some(val(e).as_deref() == Some("restart"));
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        if self.skip_depth > 0 {
            self.skip_depth -= 1;
            return;
        }
        match name {
            "w:p" => self.end_para(),
            "w:r" => self.in_run = self.in_run.saturating_sub(1),
            "w:t" => self.in_text = false,
            "w:txbxContent" => {
                if let Some(Frame::TextBox) = self.frames.last() {
                    self.frames.pop();
                }
            }
            "w:tc" => self.end_cell(),
            "w:tr" => self.end_row(),
            "w:tbl" => self.end_table(),
            _ => {}
        }
    }

    fn push_text(&mut self, s: &str) {
        if self.skip_depth > 0 {
            return;
        }
        if let Some(Frame::Para(p)) = self.frames.last_mut() {
            p.text.push_str(s);
        }
    }

    fn text(&mut self, s: &str) {
        if self.in_text {
            self.push_text(s);
        }
    }

    /// Deliver finished paragraph texts to whatever holds them.
    fn deliver(&mut self, texts: Vec<String>) {
        // The holder is the innermost frame that is not a text box, except that a text box
        // sends its paragraphs after the paragraph anchoring it.
        let mut through_box = false;
        for f in self.frames.iter_mut().rev() {
            match f {
                Frame::TextBox => through_box = true,
                Frame::Para(p) if through_box => {
                    p.after.extend(texts);
                    return;
                }
                Frame::Para(_) => {
                    // A paragraph directly inside a paragraph is malformed; join it after.
                    if let Frame::Para(p) = f {
                        p.after.extend(texts);
                    }
                    return;
                }
                Frame::Cell(c) => {
                    c.paras.extend(texts);
                    return;
                }
                // Paragraphs directly in a row or table (malformed) are dropped.
                Frame::Row(_) | Frame::Table(_) => return,
            }
        }
        for t in texts {
            self.blocks.push(Block::Text(TextLine {
                text: t,
                size: None,
                origin: Origin::default(),
            }));
        }
    }

    fn end_para(&mut self) {
        let Some(Frame::Para(p)) = self.frames.last() else {
            return;
        };
        let _ = p;
        let Some(Frame::Para(p)) = self.frames.pop() else {
            unreachable!()
        };
        let mut texts = Vec::with_capacity(1 + p.after.len());
        if !p.text.trim().is_empty() {
            texts.push(p.text);
        }
        texts.extend(p.after.into_iter().filter(|t| !t.trim().is_empty()));
        if !texts.is_empty() {
            self.deliver(texts);
        }
    }

    fn end_cell(&mut self) {
        // Close anything left open inside the cell (malformed input).
        while matches!(
            self.frames.last(),
            Some(Frame::Para(_)) | Some(Frame::TextBox)
        ) {
            if let Some(Frame::Para(_)) = self.frames.last() {
                self.end_para();
            } else {
                self.frames.pop();
            }
        }
        let Some(Frame::Cell(_)) = self.frames.last() else {
            return;
        };
        let Some(Frame::Cell(c)) = self.frames.pop() else {
            unreachable!()
        };
        if let Some(Frame::Row(r)) = self.frames.last_mut() {
            if self.cells_kept < MAX_DOCUMENT_CELLS {
                self.cells_kept += 1;
                r.cells.push(c);
            }
        }
    }

    fn end_row(&mut self) {
        if let Some(Frame::Cell(_)) = self.frames.last() {
            self.end_cell();
        }
        let Some(Frame::Row(_)) = self.frames.last() else {
            return;
        };
        let Some(Frame::Row(r)) = self.frames.pop() else {
            unreachable!()
        };
        if let Some(Frame::Table(t)) = self.frames.last_mut() {
            // Rows past the largest grid kept would be clipped away: do not hold them.
            if (t.rows.len() as u64) < super::limits::MAX_GRID_AREA {
                t.rows.push(r);
            }
        }
    }

    fn end_table(&mut self) {
        if let Some(Frame::Row(_)) = self.frames.last() {
            self.end_row();
        }
        let Some(Frame::Table(_)) = self.frames.last() else {
            return;
        };
        let Some(Frame::Table(t)) = self.frames.pop() else {
            unreachable!()
        };
        let grid = build_grid(t);
        let nested = self.frames.iter().any(|f| matches!(f, Frame::Table(_)));
        if nested {
            self.pending.push(grid);
        } else {
            self.blocks.push(Block::Grid(grid));
            let mut pending = std::mem::take(&mut self.pending);
            pending.sort_by_key(|g| g.origin.table_index);
            self.blocks.extend(pending.into_iter().map(Block::Grid));
        }
    }
}

/// Lay a table's rows out on its column grid.
fn build_grid(t: TableBuild) -> Grid {
    let origin = Origin::table(t.index);
    let mut cells: Vec<Cell> = Vec::new();
    let mut cols = t.grid_cols;
    let n_rows = t.rows.len() as u32;
    // For each grid column, the index in `cells` of the vertically mergeable cell that covers
    // it in the previous row.
    let mut above: Vec<Option<usize>> = Vec::new();
    for (r, row) in t.rows.into_iter().enumerate() {
        let r = r as u32;
        let mut col = row.grid_before;
        let mut this_row: Vec<Option<usize>> = Vec::new();
        for c in row.cells {
            // A row wider than any grid we keep: the rest of it is clipped away anyway.
            if col >= 2 * MAX_GRID_COLS {
                break;
            }
            let span = c.grid_span;
            let text = c.paras.join("\n");
            let continued = if c.vmerge == Some(false) {
                above
                    .get(col as usize)
                    .copied()
                    .flatten()
                    .filter(|&i| cells[i].col == col && cells[i].col_span == span)
            } else {
                None
            };
            let idx = match continued {
                Some(i) => {
                    cells[i].row_span = r - cells[i].row + 1;
                    Some(i)
                }
                None => {
                    cells.push(Cell {
                        row: r,
                        col,
                        row_span: 1,
                        col_span: span,
                        text,
                        flag: None,
                        origin: origin.with_cell(format!("r{}c{}", r + 1, col + 1)),
                    });
                    Some(cells.len() - 1)
                }
            };
            let end = (col + span) as usize;
            if this_row.len() < end {
                this_row.resize(end, None);
            }
            for k in col as usize..end {
                this_row[k] = idx;
            }
            col += span;
        }
        cols = cols.max(col);
        above = this_row;
    }
    cells.retain(|c| !(c.text.is_empty() && c.row_span == 1 && c.col_span == 1));
    cells.sort_by_key(|c| (c.row, c.col));
    Grid {
        rows: n_rows,
        cols,
        cells,
        origin,
    }
}

fn parse_document(xml: &str) -> Result<Document, ReadError> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().trim_text(false);
    let mut p = Parser::new();
    loop {
        budget::charge(1).map_err(ReadError::from_budget)?;
        let ev = reader.read_event().map_err(|e| {
            ReadError::damaged(format!(
                "docx: word/document.xml is not well-formed at byte {}: {e}",
                reader.buffer_position()
            ))
        })?;
        match ev {
            Event::Start(e) => p.start(&e, false),
            Event::Empty(e) => p.start(&e, true),
            Event::End(e) => p.end(e.name().as_ref()),
            Event::Text(t) => p.text(&t.xml10_content()),
            Event::CData(t) => p.text(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let s = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => match r.xml10_content().as_ref() {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        _ => String::new(),
                    },
                };
                p.text(&s);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // Close whatever a truncated-but-parsable body left open.
    while let Some(f) = p.frames.last() {
        match f {
            Frame::Para(_) => p.end_para(),
            Frame::Cell(_) => p.end_cell(),
            Frame::Row(_) => p.end_row(),
            Frame::Table(_) => p.end_table(),
            Frame::TextBox => {
                p.frames.pop();
            }
        }
    }
    Ok(Document {
        blocks: p.blocks,
        pages: None,
        warnings: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::read::test_fixture as fixture;

    /// (row, col, row_span, col_span, text, cell ref) of every cell.
    fn layout(g: &Grid) -> Vec<(u32, u32, u32, u32, &str, &str)> {
        g.cells
            .iter()
            .map(|c| {
                (
                    c.row,
                    c.col,
                    c.row_span,
                    c.col_span,
                    c.text.as_str(),
                    c.origin.cell.as_deref().unwrap_or(""),
                )
            })
            .collect()
    }

    fn body(inner: &str) -> String {
        format!(
            "<?xml version=\"1.0\"?><w:document xmlns:w=\"urn:w\"><w:body>{inner}</w:body></w:document>"
        )
    }

    /// A compact view of the block sequence: "T:text" or "G<index>:<rows>x<cols>".
    fn outline(doc: &Document) -> Vec<String> {
        doc.blocks
            .iter()
            .map(|b| match b {
                Block::Text(t) => format!("T:{}", t.text),
                Block::Grid(g) => {
                    format!("G{}:{}x{}", g.origin.table_index.unwrap(), g.rows, g.cols)
                }
            })
            .collect()
    }

    #[test]
    fn fixture_body_order_paragraphs_and_tables() {
        let doc = read(&fixture("word.docx")).unwrap();
        assert_eq!(
            outline(&doc),
            [
                "T:First paragraph",
                "T:a\tb\nc & <d>",
                "T:kept inserted",
                "G0:4x4",
                "G1:1x2",
                "T:Between tables",
                "G2:3x3",
                "T:In a control",
                "T:Anchor",
                "T:Boxed",
                "T:Last",
            ]
        );
        assert!(doc.warnings.is_empty());
        assert_eq!(doc.pages, None);
    }

    #[test]
    fn fixture_merged_cells_and_nested_table() {
        let doc = read(&fixture("word.docx")).unwrap();
        let gs: Vec<&Grid> = doc.grids().collect();
        assert_eq!(gs[0].origin, Origin::table(0));
        assert_eq!(
            layout(gs[0]),
            vec![
                (0, 0, 2, 1, "Item", "r1c1"),
                (0, 1, 1, 3, "This year", "r1c2"),
                (1, 1, 1, 1, "Total", "r2c2"),
                (1, 2, 1, 1, "Basic", "r2c3"),
                (1, 3, 1, 1, "Project", "r2c4"),
                (2, 0, 1, 1, "2240101", "r3c1"),
                (2, 1, 1, 1, "9,316.63", "r3c2"),
                (2, 2, 1, 1, "line1\nline2", "r3c3"),
                (3, 0, 1, 1, "Sum", "r4c1"),
                // The nested table's text does not leak into its cell.
                (3, 3, 1, 1, "outer", "r4c4"),
            ]
        );
        assert!(gs[0].cells.iter().all(|c| c.origin.table_index == Some(0)));
        assert_eq!(gs[0].covering(1, 0).map(|c| c.text.as_str()), Some("Item"));
        assert_eq!(gs[1].origin, Origin::table(1));
        assert_eq!(
            layout(gs[1]),
            vec![
                (0, 0, 1, 1, "inner A", "r1c1"),
                (0, 1, 1, 1, "inner B", "r1c2")
            ]
        );
        assert!(gs[1].cells.iter().all(|c| c.origin.table_index == Some(1)));
        // gridBefore shifts a row right; gridAfter leaves the end of a row empty.
        assert_eq!(
            layout(gs[2]),
            vec![
                (0, 0, 1, 1, "x1", "r1c1"),
                (0, 1, 1, 1, "x2", "r1c2"),
                (0, 2, 1, 1, "x3", "r1c3"),
                (1, 1, 1, 1, "y2", "r2c2"),
                (1, 2, 1, 1, "y3", "r2c3"),
                (2, 0, 1, 1, "z1", "r3c1"),
                (2, 1, 1, 1, "z2", "r3c2"),
            ]
        );
    }

    #[test]
    fn vmerge_chains_spans_and_tab_stops() {
        let xml = body(concat!(
            "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"100\"/></w:tabs></w:pPr>",
            "<w:r><w:t xml:space=\"preserve\"> x </w:t></w:r><w:r><w:t>&#x4E2D;</w:t></w:r></w:p>",
            "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>",
            "<w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/><w:vMerge w:val=\"restart\"/></w:tcPr>",
            "<w:p><w:r><w:t>AB</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>C1</w:t></w:r></w:p></w:tc></w:tr>",
            "<w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/><w:vMerge/></w:tcPr><w:p/></w:tc>",
            "<w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr><w:p/></w:tc></w:tr>",
            "<w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/><w:vMerge w:val=\"continue\"/></w:tcPr>",
            "<w:p><w:r><w:t>hidden</w:t></w:r></w:p></w:tc>",
            "<w:tc><w:tcPr><w:vMerge/></w:tcPr></w:tc></w:tr>",
            "<w:tr><w:tc><w:p><w:r><w:t>D</w:t></w:r></w:p></w:tc></w:tr>",
            "<w:tr><w:tc><w:p/></w:tc></w:tr>",
            "</w:tbl>"
        ));
        let doc = parse_document(&xml).unwrap();
        assert_eq!(outline(&doc), ["T: x \u{4e2d}", "G0:5x3"]);
        let g = doc.grids().next().unwrap();
        assert_eq!(
            layout(g),
            vec![
                (0, 0, 3, 2, "AB", "r1c1"),
                (0, 2, 1, 1, "C1", "r1c3"),
                // An empty restart cell is kept because it spans two rows.
                (1, 2, 2, 1, "", "r2c3"),
                (3, 0, 1, 1, "D", "r4c1"),
            ]
        );
    }

    #[test]
    fn table_inside_cell_of_nested_table_orders_by_start() {
        let cell = |t: &str| format!("<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>");
        let xml = body(&format!(
            "<w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc><w:tbl><w:tr>{}</w:tr></w:tbl></w:tc>{}</w:tr></w:tbl></w:tc>{}</w:tr></w:tbl><w:p><w:r><w:t>after</w:t></w:r></w:p>",
            cell("deep"),
            cell("mid"),
            cell("top")
        ));
        let doc = parse_document(&xml).unwrap();
        assert_eq!(outline(&doc), ["G0:1x2", "G1:1x2", "G2:1x1", "T:after"]);
        let texts: Vec<Vec<&str>> = doc
            .grids()
            .map(|g| g.cells.iter().map(|c| c.text.as_str()).collect())
            .collect();
        assert_eq!(texts, vec![vec!["top"], vec!["mid"], vec!["deep"]]);
    }

    #[test]
    fn too_large_and_corrupt() {
        let bytes = fixture("word.docx");
        match document_xml(&bytes, 1000) {
            Err(ReadError::TooLarge(msg)) => assert!(msg.contains("document.xml"), "{msg}"),
            other => panic!("expected TooLarge, got {:?}", other.map(|v| v.len())),
        }
        assert!(document_xml(&bytes, MAX_DOCUMENT_XML).is_ok());
        let cut = &bytes[..bytes.len() / 2];
        assert!(
            matches!(read(cut), Err(ReadError::Corrupt(_))),
            "{:?}",
            read(cut)
        );
        assert!(matches!(
            read(b"PK\x03\x04garbage"),
            Err(ReadError::Corrupt(_))
        ));
        assert!(matches!(
            parse_document("<w:document><w:body><w:p></w:body>"),
            Err(ReadError::Corrupt(_))
        ));
    }

    #[test]
    fn zip_without_document_xml_is_corrupt() {
        // An xlsx is a zip without word/document.xml.
        let xlsx = fixture("sheet_basic.xlsx");
        match read(&xlsx) {
            Err(ReadError::Corrupt(msg)) => assert!(msg.contains("document.xml"), "{msg}"),
            other => panic!("expected Corrupt, got {other:?}"),
        }
    }
}
