//! Helpers for the finder tests: Documents built the way the readers build them.
#![allow(dead_code)]

use budget_extract::find::Found;
use budget_extract::model::{Block, Cell, Document, Grid, Origin, TextLine};
use budget_extract::record::{Row, Side, Table};
use rust_decimal::Decimal;

/// A seed text dump (tab = cell boundary) as a Document: runs of tab lines → one Grid each
/// (a blank line ends a run, as a page break does), other lines → Text. Each grid gets its
/// own page number so that continued tables show several pages.
pub fn seed_document(text: &str) -> Document {
    let mut blocks = Vec::new();
    let mut page = 1u32;
    let mut run: Vec<Vec<String>> = Vec::new();
    let flush = |run: &mut Vec<Vec<String>>, blocks: &mut Vec<Block>, page: &mut u32| {
        if run.is_empty() {
            return;
        }
        let cols = run.iter().map(|r| r.len()).max().unwrap_or(0) as u32;
        let mut cells = Vec::new();
        for (r, row) in run.iter().enumerate() {
            for (c, t) in row.iter().enumerate() {
                if !t.is_empty() {
                    cells.push(Cell::new(
                        r as u32,
                        c as u32,
                        t.clone(),
                        Origin::page(*page),
                    ));
                }
            }
        }
        blocks.push(Block::Grid(Grid {
            rows: run.len() as u32,
            cols,
            cells,
            origin: Origin::page(*page),
        }));
        *page += 1;
        run.clear();
    };
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.contains('\t') {
            run.push(line.split('\t').map(|s| s.trim().to_string()).collect());
            continue;
        }
        flush(&mut run, &mut blocks, &mut page);
        if line.trim().is_empty() {
            continue;
        }
        blocks.push(Block::Text(TextLine {
            text: line.to_string(),
            size: None,
            origin: Origin::page(page),
        }));
    }
    flush(&mut run, &mut blocks, &mut page);
    Document {
        blocks,
        pages: Some(page),
        warnings: Vec::new(),
    }
}

pub fn seed(name: &str) -> String {
    std::fs::read_to_string(format!("/work/shared/seeds/{name}"))
        .or_else(|_| {
            std::fs::read_to_string(format!(
                "{}/../../shared/seeds/{name}",
                env!("CARGO_MANIFEST_DIR")
            ))
        })
        .expect("seed file")
}

pub fn text(t: &str, origin: Origin) -> Block {
    Block::Text(TextLine {
        text: t.to_string(),
        size: None,
        origin,
    })
}

/// A grid from rows of cells (no merges); "" = no cell.
pub fn grid(rows: &[&[&str]], origin: Origin) -> Grid {
    let cols = rows.iter().map(|r| r.len()).max().unwrap_or(0) as u32;
    let mut cells = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        for (c, t) in row.iter().enumerate() {
            if !t.is_empty() {
                cells.push(Cell::new(r as u32, c as u32, *t, origin.clone()));
            }
        }
    }
    Grid {
        rows: rows.len() as u32,
        cols,
        cells,
        origin,
    }
}

pub fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

pub fn tables<'a>(f: &'a Found, kind: &str) -> Vec<&'a Table> {
    f.tables.iter().filter(|t| t.kind == kind).collect()
}

pub fn one<'a>(f: &'a Found, kind: &str) -> &'a Table {
    let t = tables(f, kind);
    assert_eq!(t.len(), 1, "expected one {kind}, found {}", t.len());
    t[0]
}

pub fn side<'a>(f: &'a Found, kind: &str, side: Side) -> &'a Table {
    let t: Vec<&Table> = tables(f, kind)
        .into_iter()
        .filter(|t| t.side == Some(side))
        .collect();
    assert_eq!(t.len(), 1, "expected one {kind} {side:?}");
    t[0]
}

pub fn by_code<'a>(t: &'a Table, code: &str) -> &'a Row {
    t.rows
        .iter()
        .find(|r| r.code.as_deref() == Some(code))
        .unwrap_or_else(|| panic!("{} has no row {code}", t.kind))
}

pub fn by_name<'a>(t: &'a Table, name: &str) -> &'a Row {
    t.rows
        .iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("{} has no row {name}", t.kind))
}

pub fn val(r: &Row, key: &str) -> Option<Decimal> {
    *r.values
        .get(key)
        .unwrap_or_else(|| panic!("row {} has no column {key}: {:?}", r.name, r.values.keys()))
}

pub fn keys(t: &Table) -> Vec<&str> {
    t.columns.iter().map(|c| c.key.as_str()).collect()
}
