//! Tables stacked in one grid: offices often put several tables on one worksheet, one below
//! the other, each with its own title, unit line and header. The grid is cut at each title
//! row that follows a body, so every table is found on its own instead of the next table's
//! title, header and amounts becoming rows of the one above.

use super::catalog::Catalog;
use super::title;
use crate::model::{Cell, Grid};
use crate::normalize::number::{CellValue, parse};

/// The grid's stacked tables, top to bottom; `None` when it holds one table.
pub fn split(cat: &Catalog, grid: &Grid) -> Option<Vec<Grid>> {
    let starts = table_starts(cat, grid);
    if starts.is_empty() {
        return None;
    }
    let mut bounds = vec![0];
    bounds.extend(starts);
    bounds.push(grid.rows);
    Some(bounds.windows(2).map(|w| slice(grid, w[0], w[1])).collect())
}

/// Rows where a new table starts: a row holding only a table title (or a label line just
/// above such a row), below rows that hold amounts.
fn table_starts(cat: &Catalog, grid: &Grid) -> Vec<u32> {
    let mut rows: Vec<Vec<&Cell>> = vec![Vec::new(); grid.rows as usize];
    for c in grid.cells.iter().filter(|c| !c.text.trim().is_empty()) {
        if let Some(r) = rows.get_mut(c.row as usize) {
            r.push(c);
        }
    }
    let mut starts = Vec::new();
    let mut body_since_start = false;
    for (r, cells) in rows.iter().enumerate() {
        let only = match cells.as_slice() {
            [c] => Some(c.text.as_str()),
            _ => None,
        };
        if let Some(t) = only
            && body_since_start
            && title::looks_like_title(t)
            && title::match_title(cat, t).is_some()
        {
            // a label alone on the row above ("表2") belongs to this table
            let label_above = r > 0
                && matches!(rows[r - 1].as_slice(), [c] if title::label_of(&c.text).is_some());
            starts.push(r as u32 - u32::from(label_above));
            body_since_start = false;
            continue;
        }
        if cells
            .iter()
            .any(|c| matches!(parse(&c.text), CellValue::Amount(_)))
            && cells.len() >= 2
        {
            body_since_start = true;
        }
    }
    starts
}

/// Rows `from..to` of the grid as a grid of their own (cells merged across the cut are cut).
fn slice(grid: &Grid, from: u32, to: u32) -> Grid {
    let cells = grid
        .cells
        .iter()
        .filter(|c| c.row >= from && c.row < to)
        .map(|c| Cell {
            row: c.row - from,
            row_span: c.row_span.min(to - c.row),
            ..c.clone()
        })
        .collect();
    Grid {
        rows: to - from,
        cols: grid.cols,
        cells,
        origin: grid.origin.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::find::catalog::catalog;
    use crate::model::Origin;

    fn grid(rows: &[&[&str]]) -> Grid {
        let mut cells = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                if !text.is_empty() {
                    cells.push(Cell {
                        row: r as u32,
                        col: c as u32,
                        row_span: 1,
                        col_span: 1,
                        text: text.to_string(),
                        flag: None,
                        origin: Origin::sheet("Sheet1"),
                    });
                }
            }
        }
        Grid {
            rows: rows.len() as u32,
            cols: 4,
            cells,
            origin: Origin::sheet("Sheet1"),
        }
    }

    #[test]
    fn a_title_row_below_a_body_starts_a_new_table() {
        let g = grid(&[
            &["2025年收入总表"],
            &["单位：万元"],
            &["科目编码", "科目名称", "合计", "一般公共预算"],
            &["208", "社会保障和就业支出", "150.50", "140.50"],
            &[],
            &["表2"],
            &["2025年支出总表"],
            &["科目编码", "科目名称", "合计", "基本支出"],
            &["208", "社会保障和就业支出", "150.50", "120.50"],
        ]);
        let parts = split(catalog(), &g).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!((parts[0].rows, parts[1].rows), (5, 4));
        let first = parts[1]
            .cells
            .iter()
            .min_by_key(|c| (c.row, c.col))
            .unwrap();
        assert_eq!((first.row, first.text.as_str()), (0, "表2"));
    }

    #[test]
    fn titles_above_the_first_body_do_not_cut() {
        let g = grid(&[
            &["某某县民政局2025年部门预算"],
            &["2025年收入总表"],
            &["科目编码", "科目名称", "合计", "一般公共预算"],
            &["208", "社会保障和就业支出", "150.50", "140.50"],
        ]);
        assert!(split(catalog(), &g).is_none());
    }
}
