//! A read-only view of a grid: printed text per position, with merged regions honoured, and
//! where each row is in the file.

use crate::model::{Cell, Grid, Origin};
use crate::normalize::name::printed;

pub struct View<'g> {
    pub grid: &'g Grid,
    /// Anchor index per position (merged regions repeat their anchor).
    ids: Vec<Vec<Option<usize>>>,
    /// Printed text per anchor cell.
    texts: Vec<String>,
}

impl<'g> View<'g> {
    pub fn new(grid: &'g Grid) -> View<'g> {
        View {
            grid,
            ids: grid.dense(),
            texts: grid.cells.iter().map(|c| printed(&c.text)).collect(),
        }
    }

    pub fn rows(&self) -> usize {
        self.ids.len()
    }

    pub fn cols(&self) -> usize {
        self.grid.cols as usize
    }

    /// Anchor id covering (r, c).
    pub fn id(&self, r: usize, c: usize) -> Option<usize> {
        self.ids
            .get(r)
            .and_then(|row| row.get(c))
            .copied()
            .flatten()
    }

    pub fn cell(&self, id: usize) -> &Cell {
        &self.grid.cells[id]
    }

    /// Text of the cell covering (r, c) (merged regions repeat their text).
    pub fn text(&self, r: usize, c: usize) -> &str {
        self.id(r, c).map(|i| self.texts[i].as_str()).unwrap_or("")
    }

    /// Text only where (r, c) is the anchor's own column (a value merged over two columns
    /// is read once), any row of a vertical merge.
    pub fn anchor_text(&self, r: usize, c: usize) -> &str {
        match self.id(r, c) {
            Some(i) if self.grid.cells[i].col as usize == c => &self.texts[i],
            _ => "",
        }
    }

    /// Distinct non-empty texts of a row, left to right, with their first column.
    pub fn row_texts(&self, r: usize) -> Vec<(usize, &str)> {
        let mut seen: Vec<usize> = Vec::new();
        let mut out = Vec::new();
        for c in 0..self.cols() {
            if let Some(i) = self.id(r, c) {
                if seen.contains(&i) {
                    continue;
                }
                seen.push(i);
                if !self.texts[i].is_empty() {
                    out.push((c, self.texts[i].as_str()));
                }
            }
        }
        out
    }

    pub fn row_is_empty(&self, r: usize) -> bool {
        self.row_texts(r).is_empty()
    }

    /// The origin of the first cell of row r (or the grid's).
    pub fn row_origin(&self, r: usize) -> Origin {
        for c in 0..self.cols() {
            if let Some(i) = self.id(r, c)
                && self.grid.cells[i].row as usize == r
            {
                return self.grid.cells[i].origin.clone();
            }
        }
        self.grid.origin.clone()
    }

    /// "sheet 公开02, row 12", "page 3", "table 2, row 5".
    pub fn row_where(&self, r: usize) -> String {
        where_of(&self.row_origin(r), &self.grid.origin, r)
    }
}

/// A readable location of grid row `r` (0-based) from a cell origin.
pub fn where_of(o: &Origin, grid: &Origin, r: usize) -> String {
    let sheet = o.sheet.as_ref().or(grid.sheet.as_ref());
    let page = o.page.or(grid.page);
    let table = o.table_index.or(grid.table_index);
    let cell_row = o.cell.as_deref().and_then(cell_ref_row);
    if let Some(s) = sheet {
        let row = cell_row.unwrap_or(r as u32 + 1);
        return format!("sheet {s}, row {row}");
    }
    if let Some(t) = table {
        let row = cell_row.unwrap_or(r as u32 + 1);
        let base = format!("table {t}, row {row}");
        return match page {
            Some(p) => format!("page {p}, {base}"),
            None => base,
        };
    }
    if let Some(p) = page {
        return format!("page {p}");
    }
    format!("row {}", r + 1)
}

/// Row number of a cell reference: "B12" → 12, "r5c2" → 5.
fn cell_ref_row(cell: &str) -> Option<u32> {
    let lower = cell.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix('r')
        && let Some(pos) = rest.find('c')
    {
        return rest[..pos].parse().ok();
    }
    let digits: String = cell
        .chars()
        .skip_while(|c| c.is_ascii_alphabetic())
        .collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_refs() {
        assert_eq!(cell_ref_row("B12"), Some(12));
        assert_eq!(cell_ref_row("r5c2"), Some(5));
        assert_eq!(cell_ref_row("AA3"), Some(3));
        let o = Origin::sheet("公开02").with_cell("C12");
        assert_eq!(
            where_of(&o, &Origin::sheet("公开02"), 0),
            "sheet 公开02, row 12"
        );
        assert_eq!(where_of(&Origin::page(3), &Origin::page(3), 4), "page 3");
        let t = Origin::table(2).with_cell("r5c1");
        assert_eq!(where_of(&t, &Origin::table(2), 0), "table 2, row 5");
    }
}
