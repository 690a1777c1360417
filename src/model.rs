//! The common document model: what every reader produces and everything downstream reads.
//!
//! A [`Document`] is an ordered sequence of [`Block`]s: lines of text and grids of cells.
//! Readers fill it from PDF pages, spreadsheet sheets or Word bodies; they know nothing about
//! budgets. The table finder reads only this model, never the original file.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Where a piece of content came from, precise enough for a user to find it in the file.
///
/// Every field is optional because each format fills a different subset: a spreadsheet gives
/// `sheet` + `cell`, a PDF gives `page` + `bbox`, a Word body gives `table_index` + `cell`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Origin {
    /// 1-based page number (PDF).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Sheet name (xlsx/xls).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// 0-based index of the table among the document's tables (docx).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table_index: Option<u32>,
    /// Cell reference: "B12" in a sheet, "r3c2" (1-based) in a Word table.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    /// Box on the page in PDF user space, [x0, y0, x1, y1], y growing downwards from the top.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f32; 4]>,
}

impl Origin {
    pub fn page(page: u32) -> Self {
        Origin {
            page: Some(page),
            ..Default::default()
        }
    }
    pub fn sheet(name: &str) -> Self {
        Origin {
            sheet: Some(name.to_string()),
            ..Default::default()
        }
    }
    pub fn table(index: u32) -> Self {
        Origin {
            table_index: Some(index),
            ..Default::default()
        }
    }
    /// The same origin narrowed to one cell reference.
    pub fn with_cell(&self, cell: impl Into<String>) -> Self {
        Origin {
            cell: Some(cell.into()),
            ..self.clone()
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if let Some(p) = self.page {
            parts.push(format!("page {p}"));
        }
        if let Some(s) = &self.sheet {
            parts.push(format!("sheet {s}"));
        }
        if let Some(t) = self.table_index {
            parts.push(format!("table {t}"));
        }
        if let Some(c) = &self.cell {
            parts.push(format!("cell {c}"));
        }
        write!(f, "{}", parts.join(", "))
    }
}

/// What a source cell held besides its text, when the reader knows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CellFlag {
    /// The source stored a number (the text is its exact decimal rendering).
    Number,
    /// The source stored an error value such as "#DIV/0!" (the text is that error).
    Error,
    /// A formula with no cached value: the printed value is unknown.
    FormulaWithoutValue,
}

/// One cell of a grid. Only anchor cells are stored: a merged region is one cell with spans.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// 0-based row of the top-left corner.
    pub row: u32,
    /// 0-based column of the top-left corner.
    pub col: u32,
    pub row_span: u32,
    pub col_span: u32,
    /// The text as printed, lines joined (wrapped text joined without a separator where the
    /// reader can tell a wrap from a line break; explicit breaks kept as '\n').
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flag: Option<CellFlag>,
    pub origin: Origin,
}

impl Cell {
    /// A plain 1×1 cell.
    pub fn new(row: u32, col: u32, text: impl Into<String>, origin: Origin) -> Self {
        Cell {
            row,
            col,
            row_span: 1,
            col_span: 1,
            text: text.into(),
            flag: None,
            origin,
        }
    }
}

/// A rectangular grid of cells: a sheet's used range, a Word table, or a ruled/aligned region
/// of a PDF page. Cells are sorted by (row, col); positions not covered by any cell are empty.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Grid {
    pub rows: u32,
    pub cols: u32,
    pub cells: Vec<Cell>,
    /// Where the grid as a whole is (page, sheet or table index).
    pub origin: Origin,
}

impl Grid {
    /// The anchor cell covering (row, col), if any (merged regions are honoured).
    pub fn covering(&self, row: u32, col: u32) -> Option<&Cell> {
        self.cells.iter().find(|c| {
            row >= c.row && row < c.row + c.row_span && col >= c.col && col < c.col + c.col_span
        })
    }

    /// Dense view: `rows × cols` texts where every position of a merged region repeats the
    /// anchor's index. `None` where no cell covers the position.
    pub fn dense(&self) -> Vec<Vec<Option<usize>>> {
        let mut out = vec![vec![None; self.cols as usize]; self.rows as usize];
        for (i, c) in self.cells.iter().enumerate() {
            for r in c.row..(c.row + c.row_span).min(self.rows) {
                for k in c.col..(c.col + c.col_span).min(self.cols) {
                    out[r as usize][k as usize] = Some(i);
                }
            }
        }
        out
    }
}

/// A line (or paragraph) of text outside any grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextLine {
    pub text: String,
    /// Font size in points where known (PDF), for telling titles from body text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<f32>,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Block {
    Text(TextLine),
    Grid(Grid),
}

/// Something a reader noticed that the user should know (unreadable page, formula without a
/// value...). Turned into a record problem by the pipeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadWarning {
    pub code: String,
    pub message: String,
    pub origin: Origin,
}

/// A whole input file, in reading order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub blocks: Vec<Block>,
    /// Page count (PDF) or sheet count (workbooks), where it applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<u32>,
    pub warnings: Vec<ReadWarning>,
}

impl Document {
    pub fn grids(&self) -> impl Iterator<Item = &Grid> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Grid(g) => Some(g),
            _ => None,
        })
    }
    pub fn text_lines(&self) -> impl Iterator<Item = &TextLine> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Text(t) => Some(t),
            _ => None,
        })
    }
}
