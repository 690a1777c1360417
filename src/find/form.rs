//! Performance forms (绩效自评表, 绩效目标表): kept as generic rows — the first text of a row is
//! its name, every other cell goes to `texts` (and to `values` when it is a plain number or
//! a percentage) under the key `col<N>` (N = 1-based grid column).

use indexmap::IndexMap;
use rust_decimal::Decimal;

use super::view::View;
use crate::normalize::number::{CellValue, parse};
use crate::record::{Column, Problem, Row};

pub fn form_rows(
    view: &View,
    start: usize,
    table: &str,
    columns: &mut Vec<Column>,
    problems: &mut Vec<Problem>,
) -> Vec<Row> {
    let mut rows = Vec::new();
    for r in start..view.rows() {
        let texts = view.row_texts(r);
        let Some(&(_, name)) = texts.first() else {
            continue;
        };
        let mut values: IndexMap<String, Option<Decimal>> = IndexMap::new();
        let mut printed: IndexMap<String, String> = IndexMap::new();
        let where_ = view.row_where(r);
        for &(c, t) in &texts[1..] {
            let key = format!("col{}", c + 1);
            if !columns.iter().any(|k| k.key == key) {
                columns.push(Column {
                    key: key.clone(),
                    header: String::new(),
                    unit: "text".into(),
                });
            }
            let v = match parse(t) {
                CellValue::Amount(d) | CellValue::Percent(d) => Some(d.normalize()),
                CellValue::Error(e) => {
                    problems.push(Problem::warning(
                        "cell_error",
                        format!("{e} printed in table {table} row \"{name}\" column {key}: value set to null"),
                        where_.clone(),
                    ));
                    None
                }
                _ => None,
            };
            values.insert(key.clone(), v);
            printed.insert(key, t.to_string());
        }
        rows.push(Row {
            code: None,
            name: name.to_string(),
            level: None,
            parent: None,
            line: None,
            values,
            texts: printed,
            origin: where_,
        });
    }
    columns.sort_by_key(|c| c.key.trim_start_matches("col").parse::<u32>().unwrap_or(0));
    rows
}
