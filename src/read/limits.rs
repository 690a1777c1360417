//! Sane bounds on what a file may make the readers build. Every size, count or position read
//! from a file is checked against these (or against the file's own size) before anything is
//! allocated from it: an aborting allocation cannot be caught, so a lying count must never
//! reach `Vec::with_capacity`.

use crate::model::{Block, Document, Grid, Origin, ReadWarning};

/// Widest grid kept (Excel's own limit is 16384 columns; reports use a few dozen).
pub const MAX_GRID_COLS: u32 = 1024;
/// Largest grid area (rows × columns) kept: consumers may lay a grid out densely.
pub const MAX_GRID_AREA: u64 = 2_000_000;
/// Most cells one document may hold in all its grids.
pub const MAX_DOCUMENT_CELLS: usize = 2_000_000;
/// Work units (content-stream tokens, XML events, cells) one file may use. A 500-page report
/// uses a few million; the cap only stops files built to make the readers spin.
pub const MAX_WORK_PER_FILE: u64 = 400_000_000;

/// Clip a grid to [`MAX_GRID_COLS`] columns and [`MAX_GRID_AREA`] cells, dropping cells that
/// start outside and shortening spans that run past the edge. Returns a warning when clipped.
pub fn clip_grid(g: &mut Grid) -> Option<ReadWarning> {
    // Spans never run past the grid, whatever a reader computed.
    for c in &mut g.cells {
        c.row_span = c.row_span.clamp(1, g.rows.saturating_sub(c.row).max(1));
        c.col_span = c.col_span.clamp(1, g.cols.saturating_sub(c.col).max(1));
    }
    let cols = g.cols.min(MAX_GRID_COLS);
    let rows = (g.rows as u64).min(MAX_GRID_AREA / cols.max(1) as u64) as u32;
    if (rows, cols) == (g.rows, g.cols) {
        return None;
    }
    let (old_rows, old_cols) = (g.rows, g.cols);
    g.cells.retain(|c| c.row < rows && c.col < cols);
    for c in &mut g.cells {
        c.row_span = c.row_span.min(rows - c.row);
        c.col_span = c.col_span.min(cols - c.col);
    }
    g.rows = rows;
    g.cols = cols;
    Some(ReadWarning {
        code: "grid_clipped".into(),
        message: format!(
            "a grid of {old_rows} rows × {old_cols} columns exceeds the safety limit; \
             only its first {rows} rows × {cols} columns were kept"
        ),
        origin: g.origin.clone(),
    })
}

/// Apply [`clip_grid`] to every grid of a document.
pub fn clip_document(doc: &mut Document) {
    let mut warnings = Vec::new();
    for b in &mut doc.blocks {
        if let Block::Grid(g) = b {
            warnings.extend(clip_grid(g));
        }
    }
    doc.warnings.extend(warnings);
}

/// A warning that the document's cells were cut at [`MAX_DOCUMENT_CELLS`].
pub fn too_many_cells(origin: Origin) -> ReadWarning {
    ReadWarning {
        code: "too_many_cells".into(),
        message: format!(
            "the file holds more than {MAX_DOCUMENT_CELLS} cells; the rest were not read"
        ),
        origin,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Cell;

    #[test]
    fn far_corner_cell_is_clipped_and_spans_fit() {
        let o = Origin::sheet("S");
        let mut g = Grid {
            rows: 1_048_576,
            cols: 16_384,
            cells: vec![
                Cell::new(0, 0, "a", o.clone()),
                Cell::new(1_048_575, 16_383, "z", o.clone()),
            ],
            origin: o.clone(),
        };
        g.cells[0].col_span = 16_384;
        g.cells[0].row_span = 1_048_576;
        let w = clip_grid(&mut g).expect("clipped");
        assert_eq!(w.code, "grid_clipped");
        assert_eq!(g.cols, MAX_GRID_COLS);
        assert!(g.rows as u64 * g.cols as u64 <= MAX_GRID_AREA);
        assert_eq!(g.cells.len(), 1);
        assert_eq!((g.cells[0].row_span, g.cells[0].col_span), (g.rows, g.cols));
    }

    #[test]
    fn small_grid_untouched() {
        let o = Origin::table(0);
        let mut g = Grid {
            rows: 2,
            cols: 2,
            cells: vec![Cell::new(1, 1, "x", o.clone())],
            origin: o,
        };
        let before = g.clone();
        assert!(clip_grid(&mut g).is_none());
        assert_eq!(g, before);
    }
}
