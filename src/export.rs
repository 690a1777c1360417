//! `budget-extract export`: a folder of records → one long table, ready for pandas, DuckDB,
//! Polars or a spreadsheet. Three tables: `amounts` (one line per non-null cell value),
//! `checks` (every check run) and `problems`. Amounts are written exactly as in the records:
//! decimal text in CSV, decimal strings in JSON Lines (a JSON number would be read as a float).

use crate::emit::RESERVED;
use crate::record::{Record, Side};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  budget-extract export output/ -o amounts.csv
  budget-extract export output/ --table checks --format jsonl -o checks.jsonl
Loading:
  pandas:  pd.read_csv('amounts.csv', dtype={'code': str, 'amount': str}) then
           amount.map(decimal.Decimal) for exact sums (or float if cents are enough)
  DuckDB:  SELECT * FROM read_csv('amounts.csv', types={'code': 'VARCHAR',
           'amount': 'DECIMAL(38,10)'})
Amounts: one line per non-null value, in 元 for columns whose column_unit is 元, in the
column's own unit otherwise (%, score, count).")]
pub struct Args {
    /// Folder of records (the -o folder of a run); walked recursively.
    #[arg(value_name = "RECORDS_DIR")]
    pub dir: PathBuf,
    /// Which table: amounts (input, table, row, column → value), checks, problems.
    #[arg(long, value_enum, default_value = "amounts")]
    pub table: Which,
    #[arg(long, value_enum, default_value = "csv")]
    pub format: Format,
    /// File to write (atomically); standard output when absent or `-`.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq)]
pub enum Which {
    Amounts,
    Checks,
    Problems,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq)]
pub enum Format {
    Csv,
    Jsonl,
    /// Typed columns; amounts as DECIMAL(38, s), s the largest scale in the column.
    Parquet,
}

pub const AMOUNT_COLUMNS: &[&str] = &[
    "record",
    "input",
    "report_kind",
    "department",
    "year",
    "table_id",
    "kind",
    "side",
    "table_title",
    "table_unit",
    "location",
    "row",
    "code",
    "level",
    "name",
    "column",
    "header",
    "column_unit",
    "amount",
    "text",
    "origin",
];

pub const CHECK_COLUMNS: &[&str] = &[
    "record",
    "input",
    "rule",
    "table",
    "row",
    "column",
    "expected",
    "actual",
    "tolerance",
    "passed",
    "terms",
];

pub const PROBLEM_COLUMNS: &[&str] = &["record", "input", "severity", "code", "message", "where"];

/// A cell of an output line: text, or an exact decimal / number / bool written unquoted in
/// CSV (JSON Lines writes decimals as strings), or nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Decimal(String),
    Int(i64),
    Bool(bool),
    Null,
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn opt(s: Option<impl Into<String>>) -> Cell {
    s.map(|s| Cell::Text(s.into())).unwrap_or(Cell::Null)
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let records = load_dir(&args.dir)?;
    let (columns, lines) = lines(&records, args.table);
    let mut buf = Vec::new();
    write(&mut buf, args.format, columns, &lines)?;
    match args.output.as_deref() {
        None => std::io::stdout().write_all(&buf)?,
        Some(p) if p == Path::new("-") => std::io::stdout().write_all(&buf)?,
        Some(p) => {
            let dir = p.parent().filter(|d| !d.as_os_str().is_empty());
            let dir = dir.unwrap_or(Path::new("."));
            let name = p
                .file_name()
                .ok_or_else(|| anyhow::anyhow!("{} is not a file name", p.display()))?;
            crate::emit::write_inside(dir, Path::new(name), &buf)
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", p.display()))?;
        }
    }
    Ok(())
}

/// Every record under `dir` (sorted by path), with its path relative to `dir`. Files that are
/// not records (the run files, anything else) are left out.
pub fn load_dir(dir: &Path) -> anyhow::Result<Vec<(String, Record)>> {
    if !dir.is_dir() {
        anyhow::bail!("{}: not a folder of records", dir.display());
    }
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy();
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        if !entry.file_type().is_file()
            || !name.ends_with(".json")
            || name.starts_with('.')
            || (rel.components().count() == 1 && RESERVED.contains(&name.as_ref()))
        {
            continue;
        }
        let text = std::fs::read_to_string(entry.path())?;
        match serde_json::from_str::<Record>(&text) {
            Ok(rec) => out.push((crate::manifest::rel_string(rel), rec)),
            Err(e) => tracing::warn!("{}: not a record, left out ({e})", entry.path().display()),
        }
    }
    Ok(out)
}

/// The lines of one table over all records.
pub fn lines(
    records: &[(String, Record)],
    which: Which,
) -> (&'static [&'static str], Vec<Vec<Cell>>) {
    let mut lines = Vec::new();
    for (rel, rec) in records {
        let head = |lines: &mut Vec<Vec<Cell>>, rest: Vec<Cell>| {
            let mut l = vec![text(rel.clone()), text(rec.source.path.clone())];
            l.extend(rest);
            lines.push(l);
        };
        match which {
            Which::Amounts => {
                for t in &rec.tables {
                    let location = serde_json::to_string(&t.location).unwrap_or_default();
                    let side = t.side.map(|s| match s {
                        Side::Income => "income",
                        Side::Expenditure => "expenditure",
                    });
                    for (ri, row) in t.rows.iter().enumerate() {
                        for (key, value) in &row.values {
                            let Some(v) = value else { continue };
                            let col = t.columns.iter().find(|c| &c.key == key);
                            head(
                                &mut lines,
                                vec![
                                    text(rec.report.kind.clone()),
                                    opt(rec.report.department.clone()),
                                    rec.report.year.map_or(Cell::Null, |y| Cell::Int(y.into())),
                                    text(t.id.clone()),
                                    text(t.kind.clone()),
                                    opt(side),
                                    text(t.title.clone()),
                                    opt(t.unit.clone()),
                                    text(location.clone()),
                                    Cell::Int(ri as i64),
                                    opt(row.code.clone()),
                                    opt(row.level.clone()),
                                    text(row.name.clone()),
                                    text(key.clone()),
                                    opt(col.map(|c| c.header.clone())),
                                    opt(col.map(|c| c.unit.clone())),
                                    Cell::Decimal(v.normalize().to_string()),
                                    opt(row.texts.get(key).cloned()),
                                    text(row.origin.clone()),
                                ],
                            );
                        }
                    }
                }
            }
            Which::Checks => {
                for c in &rec.checks {
                    head(
                        &mut lines,
                        vec![
                            text(c.rule.clone()),
                            text(c.table.clone()),
                            text(c.row.clone()),
                            text(c.column.clone()),
                            Cell::Decimal(c.expected.normalize().to_string()),
                            Cell::Decimal(c.actual.normalize().to_string()),
                            Cell::Decimal(c.tolerance.normalize().to_string()),
                            Cell::Bool(c.passed),
                            text(c.terms.join(" | ")),
                        ],
                    );
                }
            }
            Which::Problems => {
                for p in &rec.problems {
                    let sev = serde_json::to_value(p.severity)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default();
                    head(
                        &mut lines,
                        vec![
                            text(sev),
                            text(p.code.clone()),
                            text(p.message.clone()),
                            text(p.location.clone()),
                        ],
                    );
                }
            }
        }
    }
    let columns = match which {
        Which::Amounts => AMOUNT_COLUMNS,
        Which::Checks => CHECK_COLUMNS,
        Which::Problems => PROBLEM_COLUMNS,
    };
    (columns, lines)
}

pub fn write(
    w: &mut impl Write,
    format: Format,
    columns: &[&str],
    lines: &[Vec<Cell>],
) -> std::io::Result<()> {
    match format {
        Format::Csv => {
            writeln!(w, "{}", columns.join(","))?;
            for l in lines {
                let cells: Vec<String> = l.iter().map(csv_cell).collect();
                writeln!(w, "{}", cells.join(","))?;
            }
        }
        Format::Parquet => parquet_out::write(w, columns, lines).map_err(std::io::Error::other)?,
        Format::Jsonl => {
            for l in lines {
                let mut obj = serde_json::Map::new();
                for (k, c) in columns.iter().zip(l) {
                    let v = match c {
                        Cell::Text(s) | Cell::Decimal(s) => serde_json::Value::from(s.as_str()),
                        Cell::Int(i) => serde_json::Value::from(*i),
                        Cell::Bool(b) => serde_json::Value::from(*b),
                        Cell::Null => serde_json::Value::Null,
                    };
                    obj.insert((*k).to_string(), v);
                }
                writeln!(w, "{}", serde_json::Value::Object(obj))?;
            }
        }
    }
    Ok(())
}

/// Parquet through the crate's low-level writer (no Arrow: a fraction of the build time).
mod parquet_out {
    use super::Cell;
    use parquet::basic::{ConvertedType, DecimalType, LogicalType, Repetition, Type as Physical};
    use parquet::data_type::{BoolType, ByteArray, ByteArrayType, FixedLenByteArray};
    use parquet::data_type::{FixedLenByteArrayType, Int64Type};
    use parquet::file::properties::WriterProperties;
    use parquet::file::writer::SerializedFileWriter;
    use parquet::schema::types::Type;
    use rust_decimal::Decimal;
    use std::sync::Arc;

    #[derive(Clone, Copy, PartialEq)]
    enum Kind {
        Text,
        Int,
        Bool,
        /// DECIMAL(38, scale) in 16 big-endian bytes.
        Decimal(u32),
    }

    fn kind_of(lines: &[Vec<Cell>], i: usize) -> Kind {
        let mut kind = Kind::Text;
        let mut scale = None;
        for l in lines {
            match &l[i] {
                Cell::Int(_) => kind = Kind::Int,
                Cell::Bool(_) => kind = Kind::Bool,
                Cell::Decimal(s) => {
                    let d: Decimal = s.parse().unwrap_or_default();
                    scale = Some(scale.unwrap_or(0).max(d.scale()));
                }
                _ => {}
            }
        }
        scale.map(Kind::Decimal).unwrap_or(kind)
    }

    pub fn write(
        w: &mut impl std::io::Write,
        columns: &[&str],
        lines: &[Vec<Cell>],
    ) -> parquet::errors::Result<()> {
        let kinds: Vec<Kind> = (0..columns.len()).map(|i| kind_of(lines, i)).collect();
        let mut fields = Vec::new();
        for (name, kind) in columns.iter().zip(&kinds) {
            let b = match kind {
                Kind::Text => Type::primitive_type_builder(name, Physical::BYTE_ARRAY)
                    .with_logical_type(Some(LogicalType::String))
                    .with_converted_type(ConvertedType::UTF8),
                Kind::Int => Type::primitive_type_builder(name, Physical::INT64),
                Kind::Bool => Type::primitive_type_builder(name, Physical::BOOLEAN),
                Kind::Decimal(s) => {
                    Type::primitive_type_builder(name, Physical::FIXED_LEN_BYTE_ARRAY)
                        .with_length(16)
                        .with_logical_type(Some(LogicalType::Decimal(DecimalType {
                            scale: *s as i32,
                            precision: 38,
                        })))
                        .with_converted_type(ConvertedType::DECIMAL)
                        .with_precision(38)
                        .with_scale(*s as i32)
                }
            };
            fields.push(Arc::new(b.with_repetition(Repetition::OPTIONAL).build()?));
        }
        let schema = Arc::new(
            Type::group_type_builder("table")
                .with_fields(fields)
                .build()?,
        );
        let props = Arc::new(WriterProperties::builder().build());
        let mut buf = Vec::new();
        let mut file = SerializedFileWriter::new(&mut buf, schema, props)?;
        let mut group = file.next_row_group()?;
        let mut i = 0;
        while let Some(mut col) = group.next_column()? {
            let cells = lines.iter().map(|l| &l[i]);
            let def: Vec<i16> = cells.clone().map(|c| i16::from(*c != Cell::Null)).collect();
            match kinds[i] {
                Kind::Text => {
                    let v: Vec<ByteArray> = cells
                        .filter_map(|c| match c {
                            Cell::Text(s) | Cell::Decimal(s) => Some(ByteArray::from(s.as_str())),
                            Cell::Int(n) => Some(ByteArray::from(n.to_string().as_str())),
                            Cell::Bool(b) => Some(ByteArray::from(b.to_string().as_str())),
                            Cell::Null => None,
                        })
                        .collect();
                    col.typed::<ByteArrayType>()
                        .write_batch(&v, Some(&def), None)?;
                }
                Kind::Int => {
                    let v: Vec<i64> = cells
                        .filter_map(|c| match c {
                            Cell::Int(n) => Some(*n),
                            _ => None,
                        })
                        .collect();
                    col.typed::<Int64Type>().write_batch(&v, Some(&def), None)?;
                }
                Kind::Bool => {
                    let v: Vec<bool> = cells
                        .filter_map(|c| match c {
                            Cell::Bool(b) => Some(*b),
                            _ => None,
                        })
                        .collect();
                    col.typed::<BoolType>().write_batch(&v, Some(&def), None)?;
                }
                Kind::Decimal(scale) => {
                    let mut v: Vec<FixedLenByteArray> = Vec::new();
                    for c in cells {
                        if let Cell::Decimal(s) = c {
                            v.push(FixedLenByteArray::from(unscaled(s, scale)?.to_vec()));
                        }
                    }
                    col.typed::<FixedLenByteArrayType>()
                        .write_batch(&v, Some(&def), None)?;
                }
            }
            col.close()?;
            i += 1;
        }
        group.close()?;
        file.close()?;
        w.write_all(&buf)?;
        Ok(())
    }

    /// The value times 10^scale as 16 big-endian bytes: exact, or an error.
    fn unscaled(s: &str, scale: u32) -> parquet::errors::Result<[u8; 16]> {
        let err =
            || parquet::errors::ParquetError::General(format!("{s}: not a DECIMAL(38,{scale})"));
        let d: Decimal = s.parse().map_err(|_| err())?;
        let up = 10i128.checked_pow(scale - d.scale()).ok_or_else(err)?;
        let n = d.mantissa().checked_mul(up).ok_or_else(err)?;
        Ok(n.to_be_bytes())
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn unscaled_is_exact() {
            assert_eq!(
                i128::from_be_bytes(super::unscaled("960700.25", 4).unwrap()),
                9607002500
            );
            assert_eq!(i128::from_be_bytes(super::unscaled("-3", 2).unwrap()), -300);
        }
    }
}

/// RFC 4180: quoted when it holds a comma, quote or line break; empty for null.
fn csv_cell(c: &Cell) -> String {
    match c {
        Cell::Null => String::new(),
        Cell::Int(i) => i.to_string(),
        Cell::Bool(b) => b.to_string(),
        Cell::Decimal(s) => s.clone(),
        Cell::Text(s) if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') => {
            format!("\"{}\"", s.replace('"', "\"\""))
        }
        Cell::Text(s) => s.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_what_needs_it() {
        assert_eq!(csv_cell(&text("行政运行")), "行政运行");
        assert_eq!(csv_cell(&text("a,b")), "\"a,b\"");
        assert_eq!(csv_cell(&text("say \"x\"")), "\"say \"\"x\"\"\"");
        assert_eq!(csv_cell(&Cell::Null), "");
        assert_eq!(csv_cell(&Cell::Decimal("960700.25".into())), "960700.25");
    }
}
